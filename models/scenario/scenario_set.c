/* JSON Pointer changes on a scenario's tree (models/scenario/scenario_set.h). The changed tree is
 * printed and handed to scenario_load_buffer, so validation and messages are the loader's
 * own: there is no second checker to drift from the first. */
#include "models/scenario/scenario_set.h"
#include "models/scenario/scenario_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int scenario_change_parse(char *text, scenario_change *change, char *why, size_t why_size)
{
    char *equals = strchr(text, '=');
    if (equals == NULL) {
        snprintf(why, why_size, "\"%s\": expected JSON_POINTER=VALUE", text);
        return -1;
    }
    if (text[0] != '/') {
        snprintf(why, why_size, "\"%s\": a JSON Pointer starts with '/' "
                 "(e.g. /regions/0/recording/stations=4)", text);
        return -1;
    }
    *equals = '\0';
    change->pointer = text;
    change->value = equals + 1;
    return 0;
}

/* Copies the next segment of `pointer` (after its '/') into `segment`, unescaping ~1 and
 * ~0; returns the rest of the pointer, or NULL when the segment is too long. */
static const char *next_segment(const char *pointer, char *segment, size_t size)
{
    size_t used = 0;
    const char *p = pointer + 1;
    for (; *p != '\0' && *p != '/'; p++) {
        char c = *p;
        if (c == '~' && (p[1] == '0' || p[1] == '1'))
            c = *++p == '0' ? '~' : '/';
        if (used + 1 >= size)
            return NULL;
        segment[used++] = c;
    }
    segment[used] = '\0';
    return p;
}

/* An array index: decimal digits without a leading zero, below `size`; -1 otherwise. */
static long array_index(const char *segment, int size)
{
    if (segment[0] == '\0' || (segment[0] == '0' && segment[1] != '\0'))
        return -1;
    long index = 0;
    for (const char *c = segment; *c != '\0'; c++) {
        if (*c < '0' || *c > '9' || index > 1000000)
            return -1;
        index = index * 10 + (*c - '0');
    }
    return index < size ? index : -1;
}

static int no_location(const char *pointer, size_t prefix, const cJSON *parent, char *why,
                       size_t why_size)
{
    if (cJSON_IsArray(parent)) {
        int n = cJSON_GetArraySize(parent);
        snprintf(why, why_size, "no such location: %.*s (the array has %d item%s)",
                 (int)prefix, pointer, n, n == 1 ? "" : "s");
    } else if (cJSON_IsObject(parent)) {
        snprintf(why, why_size, "no such location: %.*s", (int)prefix, pointer);
    } else {
        snprintf(why, why_size, "no such location: %.*s (inside a value that is neither an "
                 "object nor an array)", (int)prefix, pointer);
    }
    return -1;
}

int scenario_set_apply(cJSON *root, const char *pointer, const cJSON *value, char *why,
                       size_t why_size)
{
    if (pointer[0] != '/') {
        snprintf(why, why_size, "\"%s\": a JSON Pointer starts with '/'", pointer);
        return -1;
    }
    char segment[SCENARIO__POINTER_MAX];
    cJSON *parent = root;
    const char *at = pointer;
    for (;;) {
        const char *rest = next_segment(at, segment, sizeof segment);
        if (rest == NULL) {
            snprintf(why, why_size, "pointer longer than %d characters", SCENARIO__POINTER_MAX);
            return -1;
        }
        size_t prefix = (size_t)(rest - pointer);
        int last = *rest == '\0';
        cJSON *child = NULL;
        long index = -1;
        if (cJSON_IsObject(parent)) {
            child = cJSON_GetObjectItemCaseSensitive(parent, segment);
        } else if (cJSON_IsArray(parent)) {
            index = array_index(segment, cJSON_GetArraySize(parent));
            child = index >= 0 ? cJSON_GetArrayItem(parent, (int)index) : NULL;
        }
        if (last) {
            int appends = cJSON_IsArray(parent) && strcmp(segment, "-") == 0;
            if (child == NULL && !appends && !cJSON_IsObject(parent))
                return no_location(pointer, prefix, parent, why, why_size);
            cJSON *copy = cJSON_Duplicate(value, 1);
            if (copy == NULL) {
                snprintf(why, why_size, "out of memory");
                return -1;
            }
            cJSON_bool ok;
            if (appends)
                ok = cJSON_AddItemToArray(parent, copy);
            else if (cJSON_IsArray(parent))
                ok = cJSON_ReplaceItemInArray(parent, (int)index, copy);
            else if (child != NULL)
                ok = cJSON_ReplaceItemInObjectCaseSensitive(parent, segment, copy);
            else
                ok = cJSON_AddItemToObject(parent, segment, copy);
            if (!ok) {
                cJSON_Delete(copy);
                snprintf(why, why_size, "out of memory");
                return -1;
            }
            return 0;
        }
        if (child == NULL)
            return no_location(pointer, prefix, parent, why, why_size);
        parent = child;
        at = rest;
    }
}

int scenario_set_keep_region(cJSON *root, const char *code, char *why, size_t why_size)
{
    cJSON *regions = cJSON_GetObjectItemCaseSensitive(root, "regions");
    if (!cJSON_IsArray(regions)) {
        snprintf(why, why_size, "no \"regions\" array to choose region %s from", code);
        return -1;
    }
    cJSON *keep = NULL;
    char codes[256] = "";
    size_t used = 0;
    cJSON *region;
    cJSON_ArrayForEach(region, regions) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(region, "code");
        if (!cJSON_IsString(c))
            continue;
        if (keep == NULL && strcmp(c->valuestring, code) == 0)
            keep = region;
        if (used + strlen(c->valuestring) + 8 < sizeof codes)
            used += (size_t)snprintf(codes + used, sizeof codes - used, "%s%s",
                                     used ? ", " : "", c->valuestring);
        else if (used + 5 < sizeof codes && strcmp(codes + used - 3, "...") != 0)
            used += (size_t)snprintf(codes + used, sizeof codes - used, ", ...");
    }
    if (keep == NULL) {
        snprintf(why, why_size, "no region with code \"%s\" (the file has: %s)", code,
                 used ? codes : "none");
        return -1;
    }
    cJSON_DetachItemViaPointer(regions, keep);
    while (cJSON_GetArraySize(regions) > 0)
        cJSON_DeleteItemFromArray(regions, 0);
    cJSON_AddItemToArray(regions, keep);
    return 0;
}

int scenario_tree_read(const char *path, cJSON **out, scenario_errors *errors)
{
    *out = NULL;
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        scenario__file_error(errors, path, "cannot read: %s", strerror(errno));
        return SCENARIO_EIO;
    }
    char *bytes = NULL;
    long length = -1;
    if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 &&
        length <= (long)SCENARIO__MAX_FILE_BYTES && fseek(file, 0, SEEK_SET) == 0)
        bytes = malloc((size_t)length + 1);
    int complete = bytes != NULL && fread(bytes, 1, (size_t)length, file) == (size_t)length;
    fclose(file);
    int status = SCENARIO_EINVALID;
    if (complete) {
        *out = scenario__parse_json(path, bytes, (size_t)length, errors);
        status = *out != NULL ? SCENARIO_OK : SCENARIO_EINVALID;
    } else if (length > (long)SCENARIO__MAX_FILE_BYTES) {
        scenario__file_error(errors, path, "file larger than 64 MiB; not a scenario");
    } else {
        scenario__file_error(errors, path, "cannot read: %s",
                             bytes == NULL && length >= 0 ? "out of memory" : "read failed");
        status = SCENARIO_EIO;
    }
    free(bytes);
    return status;
}

int scenario_load_tree(const char *display_name, const cJSON *root, scenario **out,
                       scenario_errors *errors)
{
    *out = NULL;
    char *text = cJSON_PrintUnformatted(root);
    if (text == NULL) {
        scenario__file_error(errors, display_name, "out of memory");
        return SCENARIO_ENOMEM;
    }
    int status = scenario_load_buffer(display_name, text, strlen(text), out, errors);
    cJSON_free(text);
    return status;
}

/* Applies the changes and the region choice, reporting each failure; returns 0 or -1. */
static int apply_all(cJSON *root, const char *path, const scenario_change *changes,
                     size_t change_count, const char *region, scenario_errors *errors)
{
    int status = 0;
    char why[SCENARIO__POINTER_MAX + 128];
    for (size_t i = 0; i < change_count; i++) {
        cJSON *value = cJSON_Parse(changes[i].value);
        if (value == NULL)
            value = cJSON_CreateString(changes[i].value);
        if (value == NULL || scenario_set_apply(root, changes[i].pointer, value, why,
                                                sizeof why) != 0) {
            scenario__file_error(errors, path, "--set %s: %s", changes[i].pointer,
                                 value == NULL ? "out of memory" : why);
            status = -1;
        }
        cJSON_Delete(value);
    }
    if (region != NULL && scenario_set_keep_region(root, region, why, sizeof why) != 0) {
        scenario__file_error(errors, path, "--region %s: %s", region, why);
        status = -1;
    }
    return status;
}

int scenario_load_file_with(const char *path, const scenario_change *changes,
                            size_t change_count, const char *region, scenario **out,
                            scenario_errors *errors)
{
    if (change_count == 0 && region == NULL) /* the file's own bytes: messages unchanged */
        return scenario_load_file(path, out, errors);
    *out = NULL;
    cJSON *root = NULL;
    int status = scenario_tree_read(path, &root, errors);
    if (status != SCENARIO_OK)
        return status;
    status = SCENARIO_EINVALID;
    if (apply_all(root, path, changes, change_count, region, errors) == 0)
        status = scenario_load_tree(path, root, out, errors);
    cJSON_Delete(root);
    return status;
}
