/* Reading a plan file (plan/plan.h, docs/plan.md "The plan file"): strict keys, exact errors
 * at JSON Pointers, per-region templates expanded, and every variable's extreme levels and
 * every target's metric checked against the scenario before anything is searched. */
#include "plan/plan_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario_set.h"

void plan__error(plan__ctx *ctx, const char *pointer, const char *format, ...)
{
    char what[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    scenario_errors *e = ctx->errors;
    if (e->count == e->capacity) {
        size_t grown = e->capacity ? e->capacity * 2 : 16;
        char **messages = grown <= SCENARIO_MAX_ERRORS
                              ? realloc(e->messages, grown * sizeof *messages) : NULL;
        if (messages == NULL) {
            e->dropped++;
            ctx->failed = 1;
            return;
        }
        e->messages = messages;
        e->capacity = grown;
    }
    size_t size = strlen(ctx->file) + strlen(pointer) + strlen(what) + 8;
    char *line = malloc(size);
    if (line == NULL) {
        e->dropped++;
    } else {
        if (pointer[0] != '\0')
            snprintf(line, size, "%s: %s: %s", ctx->file, pointer, what);
        else
            snprintf(line, size, "%s: %s", ctx->file, what);
        e->messages[e->count++] = line;
    }
    ctx->failed = 1;
}

/* "a number -5", "a string \"x\"", "an object"... for "found ..." */
static void describe(const cJSON *v, char *out, size_t size)
{
    if (v == NULL)
        snprintf(out, size, "nothing");
    else if (cJSON_IsNumber(v))
        snprintf(out, size, "%.17g", v->valuedouble);
    else if (cJSON_IsString(v))
        snprintf(out, size, "a string \"%.60s\"", v->valuestring);
    else if (cJSON_IsBool(v))
        snprintf(out, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsArray(v))
        snprintf(out, size, "an array");
    else if (cJSON_IsObject(v))
        snprintf(out, size, "an object");
    else
        snprintf(out, size, "null");
}

int plan__check_keys(plan__ctx *ctx, const cJSON *object, const char *pointer,
                     const char *const *keys, size_t key_count)
{
    char found[96], at[PLAN_POINTER_MAX + 64];
    if (!cJSON_IsObject(object)) {
        describe(object, found, sizeof found);
        plan__error(ctx, pointer[0] ? pointer : "(root)", "expected an object, found %s",
                    found);
        return -1;
    }
    int status = 0;
    const cJSON *member;
    cJSON_ArrayForEach(member, object) {
        size_t k = 0;
        while (k < key_count && strcmp(keys[k], member->string) != 0)
            k++;
        snprintf(at, sizeof at, "%s/%s", pointer, member->string);
        if (k == key_count) {
            char list[512] = "";
            size_t used = 0;
            for (size_t j = 0; j < key_count && used < sizeof list; j++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s\"%s\"",
                                         j ? ", " : "", keys[j]);
            plan__error(ctx, at, "unknown key; expected one of %s", list);
            status = -1;
        }
        for (const cJSON *other = object->child; other != member; other = other->next)
            if (strcmp(other->string, member->string) == 0) {
                plan__error(ctx, at, "duplicate key");
                status = -1;
                break;
            }
    }
    return status;
}

int plan__number(plan__ctx *ctx, const cJSON *object, const char *pointer, const char *key,
                 double min, double max, int integer, double fallback, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    *out = fallback;
    if (v == NULL) {
        if (isnan(fallback)) {
            plan__error(ctx, pointer[0] ? pointer : "(root)", "missing required key \"%s\"",
                        key);
            return -1;
        }
        return 0;
    }
    char at[PLAN_POINTER_MAX + 64], found[96];
    snprintf(at, sizeof at, "%s/%s", pointer, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < min || v->valuedouble > max ||
        (integer && v->valuedouble != floor(v->valuedouble))) {
        describe(v, found, sizeof found);
        plan__error(ctx, at, "expected %s from %.17g to %.17g, found %s",
                    integer ? "an integer" : "a number", min, max, found);
        return -1;
    }
    *out = v->valuedouble;
    return 0;
}

const char *plan__string(plan__ctx *ctx, const cJSON *object, const char *pointer,
                         const char *key, int required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(object, key);
    if (v == NULL) {
        if (required)
            plan__error(ctx, pointer[0] ? pointer : "(root)", "missing required key \"%s\"",
                        key);
        return NULL;
    }
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0') {
        char at[PLAN_POINTER_MAX + 64], found[96];
        snprintf(at, sizeof at, "%s/%s", pointer, key);
        describe(v, found, sizeof found);
        plan__error(ctx, at, "expected a non-empty string, found %s", found);
        return NULL;
    }
    return v->valuestring;
}

static int read_options(plan__ctx *ctx, const cJSON *root, plan *p)
{
    static const char *const rep_keys[] = {"initial", "max"};
    double confidence, tolerance, years, budget, initial, max, bounds = 1;
    int status = 0;
    status |= plan__number(ctx, root, "", "confidence", 0.5, 0.9999, 0, 0.95, &confidence);
    status |= plan__number(ctx, root, "", "tolerance", 1e-9, 1e12, 0, 0.01, &tolerance);
    status |= plan__number(ctx, root, "", "cost_years", 0, 100, 0, 1, &years);
    status |= plan__number(ctx, root, "", "budget_rp", 0, 1e18, 0, INFINITY, &budget);
    const cJSON *reps = cJSON_GetObjectItemCaseSensitive(root, "replications");
    initial = 10, max = 160;
    if (reps != NULL && plan__check_keys(ctx, reps, "/replications", rep_keys, 2) == 0) {
        status |= plan__number(ctx, reps, "/replications", "initial", 2, 1000, 1, 10, &initial);
        status |= plan__number(ctx, reps, "/replications", "max", initial, 10000, 1, 160, &max);
    }
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(root, "bounds");
    if (b != NULL && !cJSON_IsBool(b))
        plan__error(ctx, "/bounds", "expected true or false"), status = -1;
    else if (b != NULL)
        bounds = cJSON_IsTrue(b);
    double seed;
    status |= plan__number(ctx, root, "", "seed", 0, 9007199254740991.0, 1, -1, &seed);
    p->seed = seed >= 0 ? (uint64_t)seed : p->base->seed;
    const cJSON *table = cJSON_GetObjectItemCaseSensitive(root, "table");
    if (table != NULL) {
        if (!cJSON_IsArray(table) || cJSON_GetArraySize(table) > 16) {
            plan__error(ctx, "/table", "expected an array of up to 16 thresholds");
            status = -1;
        } else {
            const cJSON *t;
            cJSON_ArrayForEach(t, table) {
                char at[32];
                snprintf(at, sizeof at, "/table/%zu", p->table_count);
                if (!cJSON_IsNumber(t))
                    plan__error(ctx, at, "expected a number"), status = -1;
                else
                    p->table_thresholds[p->table_count++] = t->valuedouble;
            }
        }
    }
    p->confidence = confidence, p->tolerance = tolerance, p->cost_years = years;
    p->budget_rp = budget, p->use_bounds = (int)bounds;
    p->initial_replications = (int)initial;
    p->max_replications = (int)max;
    return status ? -1 : 0;
}

/* The scenario path relative to the plan file's folder (absolute paths are kept). */
static char *resolve_path(const char *plan_path, const char *relative)
{
    const char *slash = strrchr(plan_path, '/');
    size_t dir = relative[0] == '/' || slash == NULL ? 0 : (size_t)(slash - plan_path) + 1;
    char *out = malloc(dir + strlen(relative) + 1);
    if (out != NULL) {
        memcpy(out, plan_path, dir);
        strcpy(out + dir, relative);
    }
    return out;
}

static int load_scenario(plan__ctx *ctx, const cJSON *root, plan *p)
{
    const char *relative = plan__string(ctx, root, "", "scenario", 1);
    if (relative == NULL)
        return -1;
    p->scenario_path = resolve_path(p->path, relative);
    if (p->scenario_path == NULL)
        return plan__error(ctx, "", "out of memory"), -1;
    scenario_errors errors;
    scenario_errors_init(&errors);
    int status = scenario_tree_read(p->scenario_path, &p->scenario_tree, &errors);
    if (status == SCENARIO_OK)
        status = scenario_load_tree(p->scenario_path, p->scenario_tree, &p->base, &errors);
    for (size_t i = 0; i < errors.count; i++)
        plan__error(ctx, "/scenario", "%s", errors.messages[i]);
    scenario_errors_fini(&errors);
    return status == SCENARIO_OK ? 0 : -1;
}

int plan_load(const char *path, plan **out, scenario_errors *errors)
{
    static const char *const keys[] = {
        "name", "description", "scenario", "variables", "targets", "confidence", "tolerance",
        "cost_years", "budget_rp", "replications", "seed", "table", "bounds"};
    *out = NULL;
    plan__ctx ctx = {path, errors, 0};
    cJSON *root = NULL;
    int status = scenario_tree_read(path, &root, errors);
    if (status != SCENARIO_OK)
        return status;
    plan *p = calloc(1, sizeof *p);
    if (p == NULL || (p->path = malloc(strlen(path) + 1)) == NULL) {
        free(p);
        cJSON_Delete(root);
        plan__error(&ctx, "", "out of memory");
        return SCENARIO_ENOMEM;
    }
    strcpy(p->path, path);
    if (plan__check_keys(&ctx, root, "", keys, sizeof keys / sizeof keys[0]) == 0) {
        const char *name = plan__string(&ctx, root, "", "name", 1);
        p->name = name ? strdup(name) : NULL;
        plan__string(&ctx, root, "", "description", 0);
        if (load_scenario(&ctx, root, p) == 0 && read_options(&ctx, root, p) == 0 &&
            plan__read_variables(&ctx, root, p) == 0 && plan__read_targets(&ctx, root, p) == 0) {
            plan__apply_bounds(p);
            plan__check_levels(&ctx, p);
            if (!ctx.failed)
                plan__check_metrics(&ctx, p);
        }
    }
    cJSON_Delete(root);
    if (ctx.failed) {
        plan_destroy(p);
        return SCENARIO_EINVALID;
    }
    *out = p;
    return SCENARIO_OK;
}

void plan_destroy(plan *p)
{
    if (p == NULL)
        return;
    for (size_t v = 0; v < p->variable_count; v++) {
        for (size_t l = 0; l < p->variables[v].level_count; l++)
            cJSON_Delete(p->variables[v].levels[l].value);
        free(p->variables[v].levels);
    }
    free(p->variables);
    free(p->targets);
    cJSON_Delete(p->scenario_tree);
    scenario_destroy(p->base);
    free(p->scenario_path);
    free(p->name);
    free(p->path);
    free(p);
}
