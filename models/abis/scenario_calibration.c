/* The scenario key abis.embedded.calibration: the path of a `ktpcore bench --calibrate` JSON
 * file (relative paths are relative to the scenario file's folder), whose comparisons_per_s
 * becomes the embedded ABIS's throughput per server. Only the scenario module reads JSON. */
#include "models/scenario/scenario_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CALIBRATION_MAX_BYTES (1u << 20)

/* dir of `file` + name, or name itself when absolute or file has no folder. */
static int resolve(const char *file, const char *name, char *out, size_t size)
{
    const char *slash = file != NULL ? strrchr(file, '/') : NULL;
    int n = name[0] == '/' || slash == NULL
                ? snprintf(out, size, "%s", name)
                : snprintf(out, size, "%.*s/%s", (int)(slash - file), file, name);
    return n >= 0 && (size_t)n < size ? 0 : -1;
}

/* Reads the whole file (up to CALIBRATION_MAX_BYTES) into a NUL-terminated buffer. */
static char *slurp(const char *path, const char **why)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return *why = strerror(errno), NULL;
    char *bytes = malloc(CALIBRATION_MAX_BYTES + 1);
    size_t length = bytes != NULL ? fread(bytes, 1, CALIBRATION_MAX_BYTES + 1, f) : 0;
    int bad = bytes == NULL || ferror(f) || length > CALIBRATION_MAX_BYTES;
    fclose(f);
    if (bad) {
        *why = bytes == NULL ? "out of memory" : "unreadable or larger than 1 MiB";
        free(bytes);
        return NULL;
    }
    bytes[length] = '\0';
    return bytes;
}

int scenario__read_calibration(scenario__ctx *ctx, const cJSON *value,
                               const scenario__field *field, void *target)
{
    (void)field;
    double *comparisons_per_s = target;
    char found[96], path[4096];
    if (!cJSON_IsString(value) || value->valuestring[0] == '\0') {
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected the path of a `ktpcore bench --calibrate` file, found %s",
                        found);
        return -1;
    }
    const char *why = "path too long";
    char *bytes = NULL;
    if (resolve(ctx->file, value->valuestring, path, sizeof path) == 0)
        bytes = slurp(path, &why);
    if (bytes == NULL) {
        scenario__error(ctx, "cannot read calibration file %s: %s", value->valuestring, why);
        return -1;
    }
    cJSON *root = cJSON_Parse(bytes);
    free(bytes);
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(root, "comparisons_per_s");
    int ok = cJSON_IsNumber(rate) && rate->valuedouble > 0 && rate->valuedouble <= 1e12;
    if (ok)
        *comparisons_per_s = rate->valuedouble;
    else
        scenario__error(ctx, "calibration file %s: expected a JSON object with "
                        "\"comparisons_per_s\" > 0", value->valuestring);
    cJSON_Delete(root);
    return ok ? 0 : -1;
}
