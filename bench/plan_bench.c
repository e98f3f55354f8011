/* plan_bench: runs a plan (default bench/plan-grid.json) twice, as the planner searches it and
 * as an exhaustive grid (every configuration, a fixed number of replications, one look), and
 * prints JSON: each one's choice, replications and wall time, and the ratios grid / plan.
 * Usage: plan_bench [PLAN] [GRID_REPLICATIONS (default 80)] [THREADS (default 2)] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plan/plan.h"

static double wall_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* Runs one search; prints its JSON object (without a trailing newline); returns 0 or -1. */
static int measure(const plan *p, const plan_options *options, const char *label,
                   long *replications, double *seconds, long *chosen_cost)
{
    plan_result res;
    char why[256];
    double start = wall_s();
    if (plan_search(p, options, &res, why, sizeof why) != 0) {
        fprintf(stderr, "plan_bench: %s\n", why);
        return -1;
    }
    *seconds = wall_s() - start;
    *replications = res.replications_spent;
    *chosen_cost = res.chosen >= 0 ? (long)res.candidates[res.chosen].cost_rp : -1;
    printf("  \"%s\": {\"candidates\": %zu, \"replications\": %ld, \"wall_s\": %.3f, "
           "\"chosen\": {", label, res.candidate_count, res.replications_spent, *seconds);
    for (size_t v = 0; res.chosen >= 0 && v < p->variable_count; v++) {
        char *value = cJSON_PrintUnformatted(
            p->variables[v].levels[res.candidates[res.chosen].levels[v]].value);
        printf("%s\"%s\": %s", v ? ", " : "", p->variables[v].name, value);
        cJSON_free(value);
    }
    printf("}, \"cost_rp\": %ld},\n", *chosen_cost);
    plan_result_fini(&res);
    return 0;
}

int main(int argc, char **argv)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", argc > 1 ? argv[1] : KTP_SOURCE_ROOT "/bench/plan-grid.json");
    int grid_reps = argc > 2 ? atoi(argv[2]) : 80, threads = argc > 3 ? atoi(argv[3]) : 2;
    scenario_errors errors;
    scenario_errors_init(&errors);
    plan *p = NULL;
    if (plan_load(path, &p, &errors) != SCENARIO_OK) {
        for (size_t i = 0; i < errors.count; i++)
            fprintf(stderr, "%s\n", errors.messages[i]);
        scenario_errors_fini(&errors);
        return 2;
    }
    scenario_errors_fini(&errors);
    if (grid_reps < p->initial_replications || grid_reps > p->max_replications) {
        fprintf(stderr, "plan_bench: grid replications must be from %d to %d\n",
                p->initial_replications, p->max_replications);
        plan_destroy(p);
        return 2;
    }
    plan_options search = {.threads = threads}, grid = {.threads = threads,
                                                        .exhaustive_replications = grid_reps};
    long plan_reps, grid_reps_spent, plan_cost, grid_cost;
    double plan_s, grid_s;
    printf("{\n  \"plan\": \"%s\", \"grid_replications_each\": %d, \"threads\": %d,\n", path,
           grid_reps, threads);
    int status = measure(p, &search, "search", &plan_reps, &plan_s, &plan_cost);
    if (status == 0)
        status = measure(p, &grid, "grid", &grid_reps_spent, &grid_s, &grid_cost);
    if (status == 0)
        printf("  \"same_choice\": %s, \"replications_ratio\": %.2f, \"wall_ratio\": %.2f\n}\n",
               plan_cost == grid_cost ? "true" : "false",
               (double)grid_reps_spent / (double)plan_reps, grid_s / plan_s);
    plan_destroy(p);
    return status == 0 ? 0 : 1;
}
