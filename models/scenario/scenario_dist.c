/* Reads a distribution ({"exp": {"mean": 300}}, a bare number for a constant, or an
 * empirical table) into a sim_dist. Kinds, parameter names and parameter checks all come
 * from sim/dist.h so that they live in one place. */
#include "models/scenario/scenario_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EMPIRICAL 100000

static void kind_names(const char **names)
{
    for (int k = 0; k < SIM_DIST_KIND_COUNT; k++)
        names[k] = sim_dist_kind_name((sim_dist_kind)k);
}

static int report_init_failure(scenario__ctx *ctx, sim_dist_kind kind, const char *why)
{
    scenario__error(ctx, "invalid %s distribution: %s", sim_dist_kind_name(kind),
                    why ? why : "out of memory");
    return -1;
}

/* Reads an array of finite numbers; returns a malloc'd copy or NULL after reporting. */
static double *read_number_array(scenario__ctx *ctx, const cJSON *array, size_t *count)
{
    char found[96];
    int size = cJSON_IsArray(array) ? cJSON_GetArraySize(array) : -1;
    if (size < 1 || size > MAX_EMPIRICAL) {
        scenario__describe(array, found, sizeof found);
        if (size >= 1)
            snprintf(found, sizeof found, "%d entries", size);
        scenario__error(ctx, "expected an array of 1 to %d numbers, found %s", MAX_EMPIRICAL,
                        size == 0 ? "an empty array" : found);
        return NULL;
    }
    double *values = malloc((size_t)size * sizeof *values);
    if (values == NULL) {
        ctx->out_of_memory = 1;
        return NULL;
    }
    size_t i = 0;
    int bad = 0;
    for (const cJSON *item = array->child; item != NULL; item = item->next, i++) {
        if (cJSON_IsNumber(item) && isfinite(item->valuedouble)) {
            values[i] = item->valuedouble;
            continue;
        }
        size_t saved = scenario__push_index(ctx, i);
        scenario__describe(item, found, sizeof found);
        scenario__error(ctx, "expected a number, found %s", found);
        scenario__pop(ctx, saved);
        bad = 1;
    }
    if (bad) {
        free(values);
        return NULL;
    }
    *count = (size_t)size;
    return values;
}

static int read_empirical(scenario__ctx *ctx, const cJSON *params, sim_dist *d)
{
    static const char *const keys[] = {"values", "weights"};
    const cJSON *parts[2] = {NULL, NULL};
    unsigned char *duplicate = scenario__duplicates(ctx, params);
    size_t i = 0;
    int bad = 0;
    for (const cJSON *m = params->child; m != NULL; m = m->next, i++) {
        if (duplicate != NULL && duplicate[i]) {
            bad = 1;
            continue;
        }
        int which = strcmp(m->string, "values") == 0 ? 0 : strcmp(m->string, "weights") == 0 ? 1 : -1;
        if (which >= 0) {
            parts[which] = m;
            continue;
        }
        size_t saved = scenario__push_key(ctx, m->string);
        scenario__unknown_key(ctx, m->string, keys, 2, "key");
        scenario__pop(ctx, saved);
        bad = 1;
    }
    free(duplicate);
    double *arrays[2] = {NULL, NULL};
    size_t counts[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        if (parts[k] == NULL) {
            scenario__error(ctx, "missing required key \"%s\"", keys[k]);
            bad = 1;
            continue;
        }
        size_t saved = scenario__push_key(ctx, keys[k]);
        arrays[k] = read_number_array(ctx, parts[k], &counts[k]);
        if (arrays[k] == NULL)
            bad = 1;
        else if (k == 1 && arrays[0] != NULL && counts[1] != counts[0]) {
            scenario__error(ctx, "expected %zu weights (one per value), found %zu", counts[0],
                            counts[1]);
            bad = 1;
        }
        scenario__pop(ctx, saved);
    }
    const char *why = NULL;
    if (!bad && sim_dist_init_empirical(d, arrays[0], arrays[1], counts[0], &why) != 0)
        bad = report_init_failure(ctx, SIM_DIST_EMPIRICAL, why);
    free(arrays[0]);
    free(arrays[1]);
    return bad ? -1 : 0;
}

static int read_parameters(scenario__ctx *ctx, sim_dist_kind kind, const cJSON *params,
                           sim_dist *d)
{
    size_t count = 0;
    const char *const *names = sim_dist_param_names(kind, &count);
    double values[SIM_DIST_MAX_PARAMS] = {0};
    int seen[SIM_DIST_MAX_PARAMS] = {0};
    unsigned char *duplicate = scenario__duplicates(ctx, params);
    int bad = 0;
    size_t i = 0;
    for (const cJSON *m = params->child; m != NULL; m = m->next, i++) {
        if (duplicate != NULL && duplicate[i]) {
            bad = 1;
            continue;
        }
        size_t saved = scenario__push_key(ctx, m->string);
        size_t p = 0;
        while (p < count && strcmp(names[p], m->string) != 0)
            p++;
        char found[96];
        if (p == count) {
            scenario__unknown_key(ctx, m->string, names, count, "parameter");
            bad = 1;
        } else if (!cJSON_IsNumber(m) || !isfinite(m->valuedouble)) {
            scenario__describe(m, found, sizeof found);
            scenario__error(ctx, "expected a number, found %s", found);
            bad = 1;
        } else {
            values[p] = m->valuedouble;
            seen[p] = 1;
        }
        scenario__pop(ctx, saved);
    }
    free(duplicate);
    for (size_t p = 0; p < count; p++) {
        if (!seen[p] && cJSON_GetObjectItemCaseSensitive(params, names[p]) == NULL) {
            scenario__error(ctx, "missing required parameter \"%s\"", names[p]);
            bad = 1;
        }
    }
    const char *why = NULL;
    if (!bad && sim_dist_init(d, kind, values, count, &why) != 0)
        bad = report_init_failure(ctx, kind, why);
    return bad ? -1 : 0;
}

static int read_kind(scenario__ctx *ctx, const cJSON *member, sim_dist *d)
{
    const char *names[SIM_DIST_KIND_COUNT];
    kind_names(names);
    sim_dist_kind kind;
    if (sim_dist_kind_from_name(member->string, &kind) != 0) {
        scenario__unknown_key(ctx, member->string, names, SIM_DIST_KIND_COUNT,
                              "distribution");
        return -1;
    }
    if (!cJSON_IsObject(member)) {
        char found[96];
        scenario__describe(member, found, sizeof found);
        scenario__error(ctx, "expected an object of %s parameters, found %s",
                        sim_dist_kind_name(kind), found);
        return -1;
    }
    if (kind == SIM_DIST_EMPIRICAL)
        return read_empirical(ctx, member, d);
    return read_parameters(ctx, kind, member, d);
}

/* A field's min is the floor of its distribution's mean (SCENARIO__DURATION_FLOOR_S and
 * SCENARIO__INTERVAL_FLOOR_S): below it, events would follow each other so closely that
 * simulated time stops advancing (t + 1e-300 == t) or memory fills. */
static int check_floor(scenario__ctx *ctx, const scenario__field *field, const sim_dist *d)
{
    double mean = sim_dist_mean(d);
    if (field == NULL || !(field->min > 0) || mean >= field->min)
        return 0;
    char found[64];
    scenario__format_number(mean, found, sizeof found);
    scenario__error(ctx, "expected a mean of at least %g s (the floor that keeps simulated time"
                    " advancing), found a mean of %s s", field->min, found);
    return -1;
}

int scenario__read_dist(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                        void *target)
{
    sim_dist *d = target;
    sim_dist_fini(d);
    char found[96];
    if (cJSON_IsNumber(value)) {
        const char *why = NULL;
        double constant = value->valuedouble;
        if (isfinite(constant) && sim_dist_init(d, SIM_DIST_CONSTANT, &constant, 1, &why) == 0)
            return check_floor(ctx, field, d);
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected a distribution or a number >= 0, found %s", found);
        return -1;
    }
    int members = cJSON_IsObject(value) ? cJSON_GetArraySize(value) : -1;
    if (members != 1) {
        if (members > 1)
            snprintf(found, sizeof found, "an object with %d keys", members);
        else if (members == 0)
            snprintf(found, sizeof found, "an empty object");
        else
            scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected a distribution: a number, or an object with one kind "
                        "such as {\"exp\": {\"mean\": 300}}, found %s", found);
        return -1;
    }
    size_t saved = scenario__push_key(ctx, value->child->string);
    int status = read_kind(ctx, value->child, d);
    scenario__pop(ctx, saved);
    if (status == 0)
        status = check_floor(ctx, field, d);
    if (status != 0)
        sim_dist_fini(d);
    return status;
}
