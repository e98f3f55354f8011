/* Scenario loading: reads the file, applies defaults, checks the top level and regions
 * against their tables of keys, then the cross-field rules. Stages (recording, and later
 * network, abis, printing...) plug in as keys of the region table. */
#include "models/scenario/scenario_read.h"
#include "models/ikd/scenario_ikd_read.h"
#include "models/supply/scenario_supply_read.h"

#include "core/area.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_REGIONS 1000
#define MAX_SOURCES 100

static int read_source(scenario__ctx *, const cJSON *, const scenario__field *, void *);
static int read_regions(scenario__ctx *, const cJSON *, const scenario__field *, void *);
static int read_region_code(scenario__ctx *, const cJSON *, const scenario__field *, void *);

static const scenario__field scenario_fields[] = {
    {"name", scenario__read_string, offsetof(scenario, name), SCENARIO__REQUIRED, 1, 200},
    {"description", scenario__read_string, offsetof(scenario, description), 0, 0, 10000},
    {"source", read_source, 0, 0, 0, 0},
    {"seed", scenario__read_seed, offsetof(scenario, seed), 0, 0, 9007199254740991.0},
    {"start_date", scenario__read_date, offsetof(scenario, start_date), 0, 0, 0},
    {"horizon_days", scenario__read_int, offsetof(scenario, horizon_days), 0, 1, 3660},
    {"warmup_days", scenario__read_int, offsetof(scenario, warmup_days), 0, 0, 3659},
    {"replications", scenario__read_int, offsetof(scenario, replications), 0, 1, 10000},
    {"regions", read_regions, 0, SCENARIO__REQUIRED, 0, 0},
    {"abis", scenario__read_abis, offsetof(scenario, abis), 0, 0, 0},
    {"central_blanks", scenario__read_seed, offsetof(scenario, central_blanks), 0, 0, 1e15},
    {"supply", scenario__read_supply, offsetof(scenario, supply), 0, 0, 0},
    {"ikd", scenario__read_ikd, offsetof(scenario, ikd), 0, 0, 0},
    {"observed", scenario__read_observed, offsetof(scenario, observed), 0, 0, 0},
};

static const scenario__field region_fields[] = {
    {"code", read_region_code, offsetof(scenario_region, code), SCENARIO__REQUIRED, 0, 0},
    {"name", scenario__read_string, offsetof(scenario_region, name), SCENARIO__REQUIRED, 1, 200},
    {"recording", scenario__read_recording, offsetof(scenario_region, recording),
     SCENARIO__REQUIRED, 0, 0},
    {"network", scenario__read_network, offsetof(scenario_region, network), 0, 0, 0},
    {"printing", scenario__read_printing, offsetof(scenario_region, printing), 0, 0, 0},
    {"blanks", scenario__read_blanks, offsetof(scenario_region, blanks), 0, 0, 0},
    {"collection", scenario__read_collection, offsetof(scenario_region, collection), 0, 0, 0},
    {"outreach", scenario__read_outreach, offsetof(scenario_region, outreach), 0, 0, 0},
    {"power", scenario__read_power, offsetof(scenario_region, power), 0, 0, 0},
    {"ikd", scenario__read_region_ikd, offsetof(scenario_region, ikd), 0, 0, 0},
};

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))

static int scenario_defaults(scenario *s)
{
    s->description = calloc(1, 1);
    if (s->description == NULL)
        return -1;
    s->seed = 1;
    scenario__parse_date("2025-01-06", &s->start_date); /* a Monday */
    s->horizon_days = 28;
    s->warmup_days = 0;
    s->replications = 10;
    s->central_blanks = -1; /* unlimited */
    return scenario__abis_defaults(&s->abis);
}

static const scenario__field source_item = {"source", scenario__read_string, 0, 0, 1, 10000};

/* A citation string, or an array of them. */
static int read_source(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    (void)field;
    scenario *s = target;
    if (cJSON_IsString(value)) {
        s->source = calloc(1, sizeof *s->source);
        if (s->source == NULL)
            return ctx->out_of_memory = 1, -1;
        s->source_count = 1;
        return scenario__read_string(ctx, value, &source_item, &s->source[0]);
    }
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    if (size < 0 || size > MAX_SOURCES) {
        char found[96];
        if (size >= 0)
            snprintf(found, sizeof found, "%d entries", size);
        else
            scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected a string or an array of at most %d strings, found %s",
                        MAX_SOURCES, found);
        return -1;
    }
    if (size == 0)
        return 0;
    s->source = calloc((size_t)size, sizeof *s->source);
    if (s->source == NULL)
        return ctx->out_of_memory = 1, -1;
    s->source_count = (size_t)size;
    int bad = 0;
    size_t i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++) {
        size_t saved = scenario__push_index(ctx, i);
        bad |= scenario__read_string(ctx, item, &source_item, &s->source[i]) != 0;
        scenario__pop(ctx, saved);
    }
    return bad ? -1 : 0;
}

/* "PP.KK", and a regency that exists in core's area table (Kepmendagri 2025 codes). */
static int read_region_code(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                            void *target)
{
    (void)field;
    const char *t = cJSON_IsString(value) ? value->valuestring : "";
    int ok = strlen(t) == 5 && t[2] == '.';
    for (int i = 0; ok && i < 5; i++)
        ok = i == 2 || (t[i] >= '0' && t[i] <= '9');
    if (ok && (t[0] == '0' || (t[0] == '1' && t[1] == '0') || (t[3] == '0' && t[4] == '0')))
        ok = 0;
    if (!ok) {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected a regency code \"PP.KK\" such as \"21.72\", found %s",
                        found);
        return -1;
    }
    long code = ((t[0] - '0') * 10 + (t[1] - '0')) * 100 + (t[3] - '0') * 10 + (t[4] - '0');
    if (core_area_name(CORE_AREA_REGENCY, code) == NULL) {
        scenario__error(ctx, "unknown regency code \"%s\"; expected one of the %zu regencies "
                        "in data/idn-area/regencies.csv", t, core_area_count(CORE_AREA_REGENCY));
        return -1;
    }
    memcpy(target, t, 6);
    return 0;
}

static int read_regions(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                        void *target)
{
    (void)field;
    scenario *s = target;
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    if (size < 1 || size > MAX_REGIONS) {
        char found[96];
        if (size >= 0)
            snprintf(found, sizeof found, size == 0 ? "an empty array" : "%d entries", size);
        else
            scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an array of 1 to %d regions, found %s", MAX_REGIONS,
                        found);
        return -1;
    }
    s->regions = calloc((size_t)size, sizeof *s->regions);
    if (s->regions == NULL)
        return ctx->out_of_memory = 1, -1;
    s->region_count = (size_t)size;
    int bad = 0;
    size_t i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++) {
        scenario__recording_defaults(&s->regions[i].recording);
        scenario__pipeline_defaults(&s->regions[i]);
        scenario__region_ikd_defaults(&s->regions[i].ikd);
        size_t saved = scenario__push_index(ctx, i);
        bad |= scenario__read_object(ctx, item, region_fields, COUNT(region_fields),
                                     &s->regions[i]) != 0;
        scenario__pop(ctx, saved);
    }
    return bad ? -1 : 0;
}

/* Rules that involve more than one key. */
static void check_cross_fields(scenario__ctx *ctx, scenario *s, const cJSON *root)
{
    scenario_date last_day; /* dates print as YYYY-MM-DD: a run must end within year 9999 */
    scenario__parse_date("9999-12-31", &last_day);
    if (s->start_date.days_since_epoch + s->horizon_days - 1 > last_day.days_since_epoch) {
        size_t saved = scenario__push_key(ctx, "horizon_days");
        scenario__error(ctx, "expected the run to end by 9999-12-31 (start_date + horizon_days"
                        " - 1), found %d days from %04d-%02d-%02d", s->horizon_days,
                        s->start_date.year, s->start_date.month, s->start_date.day);
        scenario__pop(ctx, saved);
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "warmup_days") != NULL &&
        s->warmup_days >= s->horizon_days) {
        size_t saved = scenario__push_key(ctx, "warmup_days");
        scenario__error(ctx, "expected an integer < horizon_days (%d), found %d",
                        s->horizon_days, s->warmup_days);
        scenario__pop(ctx, saved);
    }
    for (size_t i = 0; i < s->region_count; i++) {
        for (size_t j = 0; j < i; j++) {
            if (s->regions[i].code[0] == '\0' || strcmp(s->regions[i].code, s->regions[j].code))
                continue;
            size_t saved = scenario__push_key(ctx, "regions");
            scenario__push_index(ctx, i);
            scenario__push_key(ctx, "code");
            scenario__error(ctx, "duplicate region code \"%s\" (also /regions/%zu/code)",
                            s->regions[i].code, j);
            scenario__pop(ctx, saved);
            break;
        }
    }
    scenario__ikd_check(ctx, s, root);
}

void scenario_destroy(scenario *s)
{
    if (s == NULL)
        return;
    free(s->path);
    free(s->name);
    free(s->description);
    for (size_t i = 0; i < s->source_count; i++)
        free(s->source[i]);
    free(s->source);
    for (size_t i = 0; i < s->region_count; i++) {
        free(s->regions[i].name);
        scenario__recording_fini(&s->regions[i].recording);
        scenario__pipeline_fini(&s->regions[i]);
    }
    scenario__abis_fini(&s->abis);
    scenario__supply_fini(s->supply);
    scenario__ikd_fini(s->ikd);
    scenario__observed_fini(s->observed);
    free(s->regions);
    free(s);
}

int scenario_load_buffer(const char *display_name, const char *bytes, size_t length,
                         scenario **out, scenario_errors *errors)
{
    *out = NULL;
    cJSON *root = scenario__parse_json(display_name, bytes, length, errors);
    if (root == NULL)
        return SCENARIO_EINVALID;
    scenario *s = calloc(1, sizeof *s);
    scenario__ctx *ctx = calloc(1, sizeof *ctx);
    if (s == NULL || ctx == NULL || scenario_defaults(s) != 0 ||
        (s->path = malloc(strlen(display_name) + 1)) == NULL) {
        free(ctx);
        scenario_destroy(s);
        cJSON_Delete(root);
        scenario__file_error(errors, display_name, "out of memory");
        return SCENARIO_ENOMEM;
    }
    strcpy(s->path, display_name);
    ctx->file = display_name;
    ctx->errors = errors;
    size_t before = scenario__error_count(ctx);
    scenario__read_object(ctx, root, scenario_fields, COUNT(scenario_fields), s);
    check_cross_fields(ctx, s, root);
    cJSON_Delete(root);
    int status = SCENARIO_OK;
    if (ctx->out_of_memory) {
        scenario__file_error(errors, display_name, "out of memory");
        status = SCENARIO_ENOMEM;
    } else if (scenario__error_count(ctx) != before) {
        status = SCENARIO_EINVALID;
    }
    free(ctx);
    if (status != SCENARIO_OK)
        scenario_destroy(s);
    else
        *out = s;
    return status;
}

/* Reads a whole file, refusing more than SCENARIO__MAX_FILE_BYTES. */
/* Opens path for reading only if it is a regular file: a FIFO, a terminal or a device would
 * block or never end (O_NONBLOCK keeps the open itself from waiting for a FIFO's writer). */
static FILE *open_regular(const char *path, scenario_errors *errors)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        scenario__file_error(errors, path, "cannot read: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        scenario__file_error(errors, path, "cannot read: not a regular file (%s)",
                             S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a FIFO"
                                                                                    : "a device");
        close(fd);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    FILE *file = flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 ? NULL
                                                                          : fdopen(fd, "rb");
    if (file == NULL) {
        scenario__file_error(errors, path, "cannot read: %s", strerror(errno));
        close(fd);
    }
    return file;
}

static char *read_file(const char *path, size_t *length, scenario_errors *errors)
{
    FILE *file = open_regular(path, errors);
    if (file == NULL)
        return NULL;
    size_t capacity = 0, used = 0;
    char *data = NULL;
    const char *problem = NULL;
    for (;;) {
        if (used == capacity) {
            if (capacity >= SCENARIO__MAX_FILE_BYTES) {
                problem = "file larger than 64 MiB; not a scenario";
                break;
            }
            size_t grown_capacity = capacity ? capacity * 2 : 65536;
            char *grown = realloc(data, grown_capacity);
            if (grown == NULL) {
                problem = "cannot read: out of memory";
                break;
            }
            data = grown;
            capacity = grown_capacity;
        }
        size_t got = fread(data + used, 1, capacity - used, file);
        used += got;
        if (got == 0)
            break;
    }
    int read_errno = ferror(file) ? errno : 0;
    fclose(file);
    if (problem == NULL && read_errno != 0)
        scenario__file_error(errors, path, "cannot read: %s", strerror(read_errno));
    else if (problem != NULL)
        scenario__file_error(errors, path, "%s", problem);
    if (problem != NULL || read_errno != 0) {
        free(data);
        return NULL;
    }
    *length = used;
    return data;
}

int scenario_load_file(const char *path, scenario **out, scenario_errors *errors)
{
    *out = NULL;
    size_t length = 0;
    char *data = read_file(path, &length, errors);
    if (data == NULL)
        return SCENARIO_EIO;
    int status = scenario_load_buffer(path, data, length, out, errors);
    free(data);
    return status;
}

int scenario_is_open_day(const scenario *s, const scenario_recording *recording,
                         int64_t day_index)
{
    const scenario_opening_hours *hours = &recording->opening_hours;
    if (hours->always_open)
        return 1;
    int64_t day = s->start_date.days_since_epoch + day_index;
    if (!(hours->day_mask & (1u << scenario_weekday(day))))
        return 0;
    for (size_t i = 0; i < recording->holiday_count; i++)
        if (recording->holidays[i].days_since_epoch == day)
            return 0;
    return 1;
}
