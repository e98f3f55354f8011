/* The planner's result files (docs/plan.md, "Outputs"): plan.json, plan.csv,
 * cost_vs_target.csv and chosen-scenario.json, each written under a temporary name and
 * renamed, so a file is complete or absent. Numbers are rounded to 6 significant digits, so
 * the same plan and seed give byte-identical files. */
#include "plan/plan_search.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double round6(double x)
{
    if (!isfinite(x))
        return x;
    char text[32];
    snprintf(text, sizeof text, "%.6g", x);
    return strtod(text, NULL);
}

static cJSON *number_or_null(double x)
{
    return isfinite(x) ? cJSON_CreateNumber(round6(x)) : cJSON_CreateNull();
}

static const char *verdict_name(plan_verdict v)
{
    return v == PLAN_FEASIBLE ? "feasible" : v == PLAN_INFEASIBLE ? "infeasible" : "not judged";
}

static void scope_name(const plan *p, const plan_target *t, char *out, size_t size)
{
    snprintf(out, size, "%s", t->region < 0 ? "national" : p->base->regions[t->region].code);
}

/* {"stations 21.72": 4, ...}: a configuration by variable name. */
static cJSON *configuration(const plan *p, const size_t *levels)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t v = 0; o != NULL && v < p->variable_count; v++)
        cJSON_AddItemToObject(o, p->variables[v].name,
                              cJSON_Duplicate(p->variables[v].levels[levels[v]].value, 1));
    return o;
}

/* The targets' estimates for a candidate. */
static cJSON *estimates(const plan *p, const plan_candidate *c)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t t = 0; list != NULL && t < p->target_count; t++) {
        const plan_target *x = &p->targets[t];
        plan_estimate e;
        plan_candidate_estimate(p, c, t, &e);
        char scope[16];
        scope_name(p, x, scope, sizeof scope);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(list, o);
        cJSON_AddStringToObject(o, "metric", x->metric);
        cJSON_AddStringToObject(o, "scope", scope);
        cJSON_AddStringToObject(o, "kind", x->kind == PLAN_MEAN ? "mean" : "probability");
        cJSON_AddStringToObject(o, "comparison", x->at_least ? ">=" : "<=");
        cJSON_AddItemToObject(o, "threshold", number_or_null(x->threshold));
        cJSON_AddNumberToObject(o, "replications", e.replications);
        cJSON_AddItemToObject(o, "mean", number_or_null(e.mean));
        if (x->kind == PLAN_PROBABILITY) {
            cJSON_AddItemToObject(o, "probability_required", number_or_null(x->probability));
            cJSON_AddItemToObject(o, "share_met", number_or_null(e.share));
        }
        /* the one-sided bounds the verdict used: of the mean, or of share_met */
        cJSON_AddItemToObject(o, "bound_low", number_or_null(e.low));
        cJSON_AddItemToObject(o, "bound_high", number_or_null(e.high));
    }
    return list;
}

static cJSON *candidate_json(const plan *p, const plan_candidate *c)
{
    cJSON *o = cJSON_CreateObject();
    double once = 0, yearly = 0;
    for (size_t v = 0; v < p->variable_count; v++) {
        once += p->variables[v].levels[c->levels[v]].once_rp;
        yearly += p->variables[v].levels[c->levels[v]].per_year_rp;
    }
    cJSON_AddItemToObject(o, "configuration", configuration(p, c->levels));
    cJSON_AddItemToObject(o, "cost_rp", number_or_null(c->cost_rp));
    cJSON_AddItemToObject(o, "once_rp", number_or_null(once));
    cJSON_AddItemToObject(o, "per_year_rp", number_or_null(yearly));
    cJSON_AddNumberToObject(o, "replications", c->replications);
    cJSON_AddStringToObject(o, "verdict", c->load_failed ? "invalid scenario"
                                                         : verdict_name(c->verdict));
    cJSON_AddItemToObject(o, "targets", estimates(p, c));
    return o;
}

static cJSON *plan_json(const plan *p, const plan_result *res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "plan", p->name);
    cJSON_AddStringToObject(o, "scenario", p->scenario_path);
    cJSON_AddNumberToObject(o, "seed", (double)p->seed);
    cJSON_AddItemToObject(o, "confidence", number_or_null(p->confidence));
    cJSON_AddItemToObject(o, "tolerance", number_or_null(p->tolerance));
    cJSON_AddItemToObject(o, "cost_years", number_or_null(p->cost_years));
    cJSON_AddBoolToObject(o, "decomposed_by_region", res->decomposed);
    if (res->decomposed)
        cJSON_AddBoolToObject(o, "regions_together_meet_targets", res->joint_check_ok);
    cJSON_AddNumberToObject(o, "candidates_evaluated", (double)res->candidate_count);
    cJSON_AddNumberToObject(o, "replications_spent", (double)res->replications_spent);
    cJSON_AddNumberToObject(o, "ruled_out_by_bounds", (double)res->bounded_skipped);
    cJSON_AddNumberToObject(o, "ruled_out_by_monotone_search", (double)res->monotone_skipped);
    cJSON *bounds = cJSON_AddArrayToObject(o, "bounds");
    for (size_t v = 0; v < p->variable_count; v++) {
        const plan_variable *x = &p->variables[v];
        if (x->first_level == 0)
            continue;
        cJSON *b = cJSON_CreateObject();
        cJSON_AddItemToArray(bounds, b);
        cJSON_AddStringToObject(b, "variable", x->name);
        cJSON_AddItemToObject(b, "lowest_simulated",
                              x->first_level < x->level_count
                                  ? cJSON_Duplicate(x->levels[x->first_level].value, 1)
                                  : cJSON_CreateNull());
        cJSON_AddStringToObject(b, "why", x->bound_note);
    }
    cJSON_AddItemToObject(o, "chosen", res->chosen >= 0
                                           ? candidate_json(p, &res->candidates[res->chosen])
                                           : cJSON_CreateNull());
    cJSON *table = cJSON_AddArrayToObject(o, "cost_vs_target");
    for (size_t k = 0; k < res->table_count; k++) {
        cJSON *row = cJSON_CreateObject();
        cJSON_AddItemToArray(table, row);
        cJSON_AddItemToObject(row, "threshold", number_or_null(res->table[k].threshold));
        long c = res->table[k].chosen;
        cJSON_AddItemToObject(row, "cost_rp", c >= 0 ? number_or_null(res->candidates[c].cost_rp)
                                                     : cJSON_CreateNull());
        cJSON_AddItemToObject(row, "configuration", c >= 0
                                  ? configuration(p, res->candidates[c].levels)
                                  : cJSON_CreateNull());
    }
    cJSON *all = cJSON_AddArrayToObject(o, "candidates");
    for (size_t i = 0; i < res->candidate_count; i++)
        cJSON_AddItemToArray(all, candidate_json(p, &res->candidates[i]));
    return o;
}

static void put_number(FILE *out, double x)
{
    if (isfinite(x))
        fprintf(out, "%.6g", x);
}

static void put_value(FILE *out, const cJSON *value)
{
    if (cJSON_IsNumber(value))
        put_number(out, value->valuedouble);
    else if (cJSON_IsString(value))
        fprintf(out, "%s", value->valuestring);
    else
        fprintf(out, "json");
}

static void csv_header(FILE *out, const plan *p, const char *first)
{
    fprintf(out, "%s,cost_rp", first);
    for (size_t v = 0; v < p->variable_count; v++)
        fprintf(out, ",%s", p->variables[v].name);
}

static void csv_levels(FILE *out, const plan *p, const plan_candidate *c)
{
    fprintf(out, "%.0f", c->cost_rp);
    for (size_t v = 0; v < p->variable_count; v++) {
        fputc(',', out);
        put_value(out, p->variables[v].levels[c->levels[v]].value);
    }
}

static void write_candidates_csv(FILE *out, const plan *p, const plan_result *res)
{
    csv_header(out, p, "candidate");
    fprintf(out, ",replications,verdict");
    for (size_t t = 0; t < p->target_count; t++) {
        char scope[16];
        scope_name(p, &p->targets[t], scope, sizeof scope);
        fprintf(out, ",%s %s mean", p->targets[t].metric, scope);
    }
    fputc('\n', out);
    for (size_t i = 0; i < res->candidate_count; i++) {
        const plan_candidate *c = &res->candidates[i];
        fprintf(out, "%zu,", i);
        csv_levels(out, p, c);
        fprintf(out, ",%d,%s", c->replications, c->load_failed ? "invalid scenario"
                                                             : verdict_name(c->verdict));
        for (size_t t = 0; t < p->target_count; t++) {
            plan_estimate e;
            plan_candidate_estimate(p, c, t, &e);
            fputc(',', out);
            put_number(out, e.mean);
        }
        fputc('\n', out);
    }
}

static void write_table_csv(FILE *out, const plan *p, const plan_result *res)
{
    csv_header(out, p, "threshold");
    fprintf(out, ",metric\n");
    for (size_t k = 0; k < res->table_count; k++) {
        put_number(out, res->table[k].threshold);
        fputc(',', out);
        long c = res->table[k].chosen;
        if (c >= 0)
            csv_levels(out, p, &res->candidates[c]);
        else
            for (size_t v = 0; v < p->variable_count; v++)
                fputc(',', out);
        fprintf(out, ",%s\n", p->targets[0].metric);
    }
}

/* Writes `text` (or fn's output) to dir/name through dir/name.tmp. Returns 0 or -1. */
static int write_file(const char *dir, const char *name, const char *text,
                      void (*fn)(FILE *, const plan *, const plan_result *), const plan *p,
                      const plan_result *res, char *why, size_t why_size)
{
    char path[4200], temp[4210];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(temp, sizeof temp, "%s.tmp", path);
    FILE *out = fopen(temp, "w");
    if (out == NULL) {
        snprintf(why, why_size, "cannot write %s: %s", temp, strerror(errno));
        return -1;
    }
    if (text != NULL)
        fprintf(out, "%s\n", text);
    else
        fn(out, p, res);
    int failed = ferror(out) != 0;
    failed |= fclose(out) != 0;
    if (failed || rename(temp, path) != 0) {
        snprintf(why, why_size, "cannot write %s: %s", path, strerror(errno));
        remove(temp);
        return -1;
    }
    return 0;
}

int plan_write(const plan *p, const plan_result *res, const char *dir, char *why,
               size_t why_size)
{
    why[0] = '\0';
    cJSON *json = plan_json(p, res);
    char *text = json ? cJSON_Print(json) : NULL;
    cJSON_Delete(json);
    int status = text ? write_file(dir, "plan.json", text, NULL, p, res, why, why_size) : -1;
    cJSON_free(text);
    if (status == 0)
        status = write_file(dir, "plan.csv", NULL, write_candidates_csv, p, res, why, why_size);
    if (status == 0)
        status = write_file(dir, "cost_vs_target.csv", NULL, write_table_csv, p, res, why,
                            why_size);
    if (status == 0 && res->chosen >= 0) {
        cJSON *tree = plan_candidate_tree(p, res->candidates[res->chosen].levels);
        char *scenario_text = tree ? cJSON_Print(tree) : NULL;
        status = scenario_text ? write_file(dir, "chosen-scenario.json", scenario_text, NULL,
                                            p, res, why, why_size) : -1;
        cJSON_free(scenario_text);
        cJSON_Delete(tree);
    }
    if (status != 0 && why[0] == '\0')
        snprintf(why, why_size, "out of memory");
    return status;
}
