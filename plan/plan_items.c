/* The plan file's variables and targets: read, expanded over regions, and checked against the
 * scenario (each variable's extreme levels must load; each metric must exist). */
#include "plan/plan_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/run/metrics.h"
#include "models/scenario/scenario_set.h"

#define TEMPLATE_PREFIX "/regions/*/"

static int read_cost(plan__ctx *ctx, const cJSON *cost, const char *at, plan_level *level)
{
    static const char *const keys[] = {"once_rp", "per_year_rp"};
    if (plan__check_keys(ctx, cost, at, keys, 2) != 0)
        return -1;
    int status = plan__number(ctx, cost, at, "once_rp", 0, 1e18, 0, 0, &level->once_rp);
    status |= plan__number(ctx, cost, at, "per_year_rp", 0, 1e18, 0, 0, &level->per_year_rp);
    return status ? -1 : 0;
}

/* The levels of variable object v (at pointer `at`) into *levels; returns the count or -1. */
static long read_levels(plan__ctx *ctx, const cJSON *v, const char *at, plan_level **levels)
{
    char where[PLAN_POINTER_MAX + 64];
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(v, "values");
    int has_range = cJSON_GetObjectItemCaseSensitive(v, "from") != NULL ||
                    cJSON_GetObjectItemCaseSensitive(v, "to") != NULL;
    if ((values != NULL) == has_range) {
        plan__error(ctx, at, "give either \"from\" and \"to\" (integers) or \"values\"");
        return -1;
    }
    if (has_range) {
        double from, to;
        plan_level unit = {0};
        snprintf(where, sizeof where, "%s/cost", at);
        const cJSON *cost = cJSON_GetObjectItemCaseSensitive(v, "cost");
        int bad = plan__number(ctx, v, at, "from", -1e9, 1e9, 1, NAN, &from);
        bad |= plan__number(ctx, v, at, "to", -1e9, 1e9, 1, NAN, &to);
        bad |= cost == NULL ? (plan__error(ctx, at, "missing required key \"cost\""), -1)
                            : read_cost(ctx, cost, where, &unit);
        if (bad)
            return -1;
        if (to < from || to - from >= PLAN_MAX_LEVELS) {
            snprintf(where, sizeof where, "%s/to", at);
            plan__error(ctx, where, "expected an integer from %.17g to %.17g, found %.17g",
                        from, from + PLAN_MAX_LEVELS - 1, to);
            return -1;
        }
        long n = (long)(to - from) + 1;
        *levels = calloc((size_t)n, sizeof **levels);
        for (long i = 0; *levels != NULL && i < n; i++) {
            double x = from + (double)i;
            (*levels)[i] = (plan_level){cJSON_CreateNumber(x), x * unit.once_rp,
                                        x * unit.per_year_rp};
        }
        return *levels != NULL ? n : (plan__error(ctx, at, "out of memory"), -1);
    }
    const cJSON *costs = cJSON_GetObjectItemCaseSensitive(v, "costs");
    long n = cJSON_IsArray(values) ? cJSON_GetArraySize(values) : 0;
    if (n < 1 || n > PLAN_MAX_LEVELS) {
        snprintf(where, sizeof where, "%s/values", at);
        plan__error(ctx, where, "expected an array of 1 to %d values, in increasing order of "
                    "resources", PLAN_MAX_LEVELS);
        return -1;
    }
    if (!cJSON_IsArray(costs) || cJSON_GetArraySize(costs) != n) {
        snprintf(where, sizeof where, "%s/costs", at);
        plan__error(ctx, where, "expected an array of %ld costs, one per value", n);
        return -1;
    }
    *levels = calloc((size_t)n, sizeof **levels);
    if (*levels == NULL)
        return plan__error(ctx, at, "out of memory"), -1;
    int bad = 0;
    for (long i = 0; i < n; i++) {
        snprintf(where, sizeof where, "%s/costs/%ld", at, i);
        bad |= read_cost(ctx, cJSON_GetArrayItem(costs, (int)i), where, &(*levels)[i]);
        (*levels)[i].value = cJSON_Duplicate(cJSON_GetArrayItem(values, (int)i), 1);
    }
    return bad ? -1 : n;
}

/* Appends one concrete variable (taking ownership of a copy of the levels). */
static int add_variable(plan *p, const char *name, const char *pointer, int region, int source,
                        const plan_level *levels, size_t n)
{
    plan_variable *grown = realloc(p->variables, (p->variable_count + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    p->variables = grown;
    plan_variable *v = &p->variables[p->variable_count];
    memset(v, 0, sizeof *v);
    v->levels = calloc(n, sizeof *v->levels);
    if (v->levels == NULL)
        return -1;
    p->variable_count++;
    snprintf(v->name, sizeof v->name, "%s", name);
    snprintf(v->pointer, sizeof v->pointer, "%s", pointer);
    v->region = region, v->source = source, v->level_count = n;
    for (size_t l = 0; l < n; l++) {
        v->levels[l] = levels[l];
        v->levels[l].value = cJSON_Duplicate(levels[l].value, 1);
        if (v->levels[l].value == NULL)
            return -1;
    }
    return 0;
}

/* Region index of a concrete pointer "/regions/N/...", or -1. */
static int region_of(const char *pointer)
{
    int index = -1, used = 0;
    if (sscanf(pointer, "/regions/%d/%n", &index, &used) == 1 && used > 0)
        return index;
    return -1;
}

static int read_variable(plan__ctx *ctx, const cJSON *v, size_t i, plan *p)
{
    static const char *const keys[] = {"name", "pointer", "from", "to", "cost", "values",
                                       "costs"};
    char at[64], name[PLAN_NAME_MAX], pointer[PLAN_POINTER_MAX];
    snprintf(at, sizeof at, "/variables/%zu", i);
    if (plan__check_keys(ctx, v, at, keys, sizeof keys / sizeof keys[0]) != 0)
        return -1;
    const char *base_name = plan__string(ctx, v, at, "name", 1);
    const char *ptr = plan__string(ctx, v, at, "pointer", 1);
    plan_level *levels = NULL;
    long n = read_levels(ctx, v, at, &levels);
    int status = base_name && ptr && n > 0 ? 0 : -1;
    if (status == 0 && (ptr[0] != '/' || strlen(ptr) >= PLAN_POINTER_MAX - 8)) {
        snprintf(name, sizeof name, "%s/pointer", at);
        plan__error(ctx, name, "expected a JSON Pointer starting with '/', found \"%.60s\"", ptr);
        status = -1;
    }
    if (status == 0 && strncmp(ptr, TEMPLATE_PREFIX, strlen(TEMPLATE_PREFIX)) == 0) {
        for (size_t r = 0; status == 0 && r < p->base->region_count; r++) {
            snprintf(name, sizeof name, "%.60s %s", base_name, p->base->regions[r].code);
            snprintf(pointer, sizeof pointer, "/regions/%zu/%s", r,
                     ptr + strlen(TEMPLATE_PREFIX));
            status = add_variable(p, name, pointer, (int)r, (int)i, levels, (size_t)n);
        }
    } else if (status == 0) {
        status = add_variable(p, base_name, ptr, region_of(ptr), (int)i, levels, (size_t)n);
    }
    for (long l = 0; l < n; l++)
        cJSON_Delete(levels[l].value);
    free(levels);
    if (status != 0 && !ctx->failed)
        plan__error(ctx, at, "out of memory");
    return status;
}

static int add_target(plan *p, const plan_target *t)
{
    plan_target *grown = realloc(p->targets, (p->target_count + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    p->targets = grown;
    p->targets[p->target_count++] = *t;
    return 0;
}

static int region_index(const scenario *s, const char *code)
{
    for (size_t r = 0; r < s->region_count; r++)
        if (strcmp(s->regions[r].code, code) == 0)
            return (int)r;
    return -1;
}

/* Expands the scope into concrete targets. Returns 0 or -1. */
static int read_scope(plan__ctx *ctx, const cJSON *t, const char *at, plan *p, plan_target *x)
{
    const cJSON *scope = cJSON_GetObjectItemCaseSensitive(t, "scope");
    char where[96];
    snprintf(where, sizeof where, "%s/scope", at);
    if (scope == NULL || (cJSON_IsString(scope) && strcmp(scope->valuestring, "national") == 0))
        return x->region = -1, add_target(p, x);
    if (cJSON_IsString(scope) && strcmp(scope->valuestring, "every_region") == 0) {
        for (size_t r = 0; r < p->base->region_count; r++) {
            x->region = (int)r;
            if (add_target(p, x) != 0)
                return -1;
        }
        return 0;
    }
    if (!cJSON_IsArray(scope) || cJSON_GetArraySize(scope) < 1) {
        plan__error(ctx, where, "expected \"national\", \"every_region\" or an array of "
                    "region codes");
        return -1;
    }
    int status = 0, k = 0;
    const cJSON *code;
    cJSON_ArrayForEach(code, scope) {
        snprintf(where, sizeof where, "%s/scope/%d", at, k++);
        x->region = cJSON_IsString(code) ? region_index(p->base, code->valuestring) : -1;
        if (x->region < 0) {
            plan__error(ctx, where, "expected a region code of the scenario");
            status = -1;
        } else if (add_target(p, x) != 0) {
            return -1;
        }
    }
    return status;
}

static int read_target(plan__ctx *ctx, const cJSON *t, size_t i, plan *p)
{
    static const char *const keys[] = {"metric", "scope", "at_least", "at_most", "kind",
                                       "probability"};
    char at[64], where[96];
    snprintf(at, sizeof at, "/targets/%zu", i);
    if (plan__check_keys(ctx, t, at, keys, sizeof keys / sizeof keys[0]) != 0)
        return -1;
    plan_target x = {.source = (int)i, .kind = PLAN_MEAN};
    const char *metric = plan__string(ctx, t, at, "metric", 1);
    int status = metric != NULL ? 0 : -1;
    if (metric != NULL)
        snprintf(x.metric, sizeof x.metric, "%s", metric);
    int least = cJSON_GetObjectItemCaseSensitive(t, "at_least") != NULL;
    int most = cJSON_GetObjectItemCaseSensitive(t, "at_most") != NULL;
    if (least == most) {
        plan__error(ctx, at, "give exactly one of \"at_least\" and \"at_most\"");
        status = -1;
    } else {
        x.at_least = least;
        status |= plan__number(ctx, t, at, least ? "at_least" : "at_most", -1e18, 1e18, 0, NAN,
                               &x.threshold);
    }
    const char *kind = plan__string(ctx, t, at, "kind", 0);
    snprintf(where, sizeof where, "%s/kind", at);
    if (kind != NULL && strcmp(kind, "probability") == 0) {
        x.kind = PLAN_PROBABILITY;
        status |= plan__number(ctx, t, at, "probability", 0.01, 0.999, 0, NAN, &x.probability);
    } else if (kind != NULL && strcmp(kind, "mean") != 0) {
        plan__error(ctx, where, "expected \"mean\" or \"probability\", found \"%.40s\"", kind);
        status = -1;
    } else if (cJSON_GetObjectItemCaseSensitive(t, "probability") != NULL) {
        snprintf(where, sizeof where, "%s/probability", at);
        plan__error(ctx, where, "only for \"kind\": \"probability\"");
        status = -1;
    }
    if (status == 0)
        status = read_scope(ctx, t, at, p, &x);
    return status;
}

typedef int (*item_reader)(plan__ctx *ctx, const cJSON *item, size_t i, plan *p);

/* Reads root[key], a non-empty array, item by item. Returns 0 or -1. */
static int read_list(plan__ctx *ctx, const cJSON *root, const char *key, item_reader read,
                     plan *p)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, key);
    char at[32];
    snprintf(at, sizeof at, "/%s", key);
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) < 1) {
        if (list == NULL)
            plan__error(ctx, "(root)", "missing required key \"%s\"", key);
        else
            plan__error(ctx, at, "expected a non-empty array");
        return -1;
    }
    int status = 0;
    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
        status |= read(ctx, item, i++, p);
    return status ? -1 : 0;
}

int plan__read_variables(plan__ctx *ctx, const cJSON *root, plan *p)
{
    return read_list(ctx, root, "variables", read_variable, p);
}

int plan__read_targets(plan__ctx *ctx, const cJSON *root, plan *p)
{
    return read_list(ctx, root, "targets", read_target, p);
}

/* Loads the scenario with variable v at level l (others as in the file); reports the first
 * loader message at `at`. */
static void check_level(plan__ctx *ctx, const plan *p, const plan_variable *v, size_t l,
                        const char *at)
{
    cJSON *tree = cJSON_Duplicate(p->scenario_tree, 1);
    char why[PLAN_POINTER_MAX + 128];
    char *value = cJSON_PrintUnformatted(v->levels[l].value);
    if (tree == NULL || value == NULL) {
        plan__error(ctx, at, "out of memory");
    } else if (scenario_set_apply(tree, v->pointer, v->levels[l].value, why, sizeof why) != 0) {
        plan__error(ctx, at, "\"%s\" is not in %s: %s", v->pointer, p->scenario_path, why);
    } else {
        scenario_errors errors;
        scenario_errors_init(&errors);
        scenario *s = NULL;
        if (scenario_load_tree(p->scenario_path, tree, &s, &errors) != SCENARIO_OK)
            plan__error(ctx, at, "%s = %s makes the scenario invalid: %s", v->pointer, value,
                        errors.count ? errors.messages[0] : "out of memory");
        scenario_destroy(s);
        scenario_errors_fini(&errors);
    }
    cJSON_free(value);
    cJSON_Delete(tree);
}

void plan__check_levels(plan__ctx *ctx, plan *p)
{
    char at[96];
    for (size_t i = 0; i < p->variable_count; i++) {
        const plan_variable *v = &p->variables[i];
        if (i > 0 && v->source == p->variables[i - 1].source && ctx->failed)
            continue; /* one message per file entry, not one per region */
        size_t before = ctx->errors->count;
        snprintf(at, sizeof at, "/variables/%d/pointer", v->source);
        check_level(ctx, p, v, 0, at);
        if (ctx->errors->count == before && v->level_count > 1) {
            snprintf(at, sizeof at, "/variables/%d/%s", v->source,
                     cJSON_IsNumber(v->levels[0].value) ? "to" : "values");
            check_level(ctx, p, v, v->level_count - 1, at);
        }
    }
}

/* Whether the scenario produces `name` for a national (region < 0) or regional target: the
 * metric table of models/run/metrics.h, with the groups the scenario has. */
static int metric_exists(const plan *p, const char *name, int region)
{
    size_t count;
    const run_metric *table = run_metrics(&count);
    for (size_t i = 0; i < count; i++) {
        const run_metric *m = &table[i];
        int group = m->group == RUN_METRIC_PIPELINE ||
                    (m->group == RUN_METRIC_SUPPLY && p->base->supply != NULL) ||
                    (m->group == RUN_METRIC_IKD && p->base->ikd != NULL);
        int scope = m->scope == RUN_SCOPE_BOTH ||
                    m->scope == (region < 0 ? RUN_SCOPE_NATIONAL : RUN_SCOPE_REGION);
        if (group && scope && strcmp(m->name, name) == 0)
            return 1;
    }
    return 0;
}

void plan__check_metrics(plan__ctx *ctx, plan *p)
{
    char at[96];
    for (size_t i = 0; i < p->target_count; i++) {
        const plan_target *t = &p->targets[i];
        if (i > 0 && t->source == p->targets[i - 1].source)
            continue;
        if (!metric_exists(p, t->metric, t->region)) {
            snprintf(at, sizeof at, "/targets/%d/metric", t->source);
            plan__error(ctx, at, "unknown metric \"%s\" for a %s target (the metrics are "
                        "listed in docs/results.md)", t->metric,
                        t->region < 0 ? "national" : "regional");
        }
    }
}
