/* `ktpsim plan PLAN.json`: loads a plan (plan/plan.h), searches for the least-cost
 * configuration that meets its targets, prints it and writes the result files. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/ktpsim_cmds.h"
#include "app/ktpsim_ranks.h"
#include "cluster/cluster.h"
#include "cluster/cluster_plan.h"
#include "plan/plan.h"

static const char plan_help[] =
    "usage: ktpsim plan PLAN.json [--out DIR] [--threads T]\n"
    "\n"
    "Finds the least-cost configuration of the plan's scenario that meets its targets with\n"
    "the plan's confidence (docs/plan.md), and writes DIR/plan.json, plan.csv,\n"
    "cost_vs_target.csv and chosen-scenario.json (ready for `ktpsim run`).\n"
    "  --out DIR      output folder, created if missing (default: results/plan-NAME)\n"
    "  --threads T    replications simulated at once (default: the processors); the\n"
    "                 result does not depend on it\n"
    "Under `mpirun -np N` each candidate's replications are spread over the N ranks (T\n"
    "threads each); rank 0 prints and writes the same result as one process.\n"
    "exit status: 0 done (also when nothing meets the targets), 1 a run failed,\n"
    "2 bad usage or an invalid plan or scenario.\n";

typedef struct plan_args {
    const char *plan_path, *out_dir;
    int threads;
} plan_args;

static int parse_args(int argc, char **argv, plan_args *args)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    *args = (plan_args){NULL, NULL, cpus > 0 && cpus < 64 ? (int)cpus : 1};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(plan_help, stdout);
            return 1;
        }
        if ((strcmp(a, "--out") == 0 || strcmp(a, "--threads") == 0) && i + 1 >= argc) {
            fprintf(stderr, "ktpsim plan: %s needs a value\n", a);
            return -1;
        }
        if (strcmp(a, "--out") == 0) {
            args->out_dir = argv[++i];
        } else if (strcmp(a, "--threads") == 0) {
            char *end = NULL;
            long n = strtol(argv[++i], &end, 10);
            if (end == argv[i] || *end != '\0' || n < 1 || n > 64) {
                fprintf(stderr, "ktpsim plan: --threads expects a whole number from 1 to 64, "
                        "got \"%s\"\n", argv[i]);
                return -1;
            }
            args->threads = (int)n;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "ktpsim plan: unknown option \"%s\"; try `ktpsim plan --help`\n", a);
            return -1;
        } else if (args->plan_path != NULL) {
            fprintf(stderr, "ktpsim plan: one plan at a time (got \"%s\" and \"%s\")\n",
                    args->plan_path, a);
            return -1;
        } else {
            args->plan_path = a;
        }
    }
    if (args->plan_path == NULL) {
        fprintf(stderr, "ktpsim plan: no plan given; try `ktpsim plan --help`\n");
        return -1;
    }
    return 0;
}

/* "Rp 1,234,000" */
static void rupiah(double x, char *out, size_t size)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(x));
    size_t n = strlen(digits), used = (size_t)snprintf(out, size, "Rp %s", x < 0 ? "-" : "");
    for (size_t i = 0; i < n && used + 2 < size; i++) {
        out[used++] = digits[i];
        if ((n - i - 1) % 3 == 0 && i + 1 < n)
            out[used++] = ',';
    }
    out[used] = '\0';
}

static void on_progress(void *ctx, size_t candidates, long replications, double best_cost)
{
    (void)ctx;
    char best[64] = "none yet";
    if (isfinite(best_cost))
        rupiah(best_cost, best, sizeof best);
    fprintf(stderr, "\r  candidates %zu, replications %ld, last feasible cost %s      ",
            candidates, replications, best);
}

static void print_configuration(const plan *p, const size_t *levels)
{
    for (size_t v = 0; v < p->variable_count; v++) {
        char *value = cJSON_PrintUnformatted(p->variables[v].levels[levels[v]].value);
        printf("%s%s = %s", v ? ", " : "", p->variables[v].name, value ? value : "?");
        cJSON_free(value);
    }
    printf("\n");
}

static void print_chosen(const plan *p, const plan_result *res)
{
    const plan_candidate *c = &res->candidates[res->chosen];
    char cost[64];
    rupiah(c->cost_rp, cost, sizeof cost);
    printf("chosen: ");
    print_configuration(p, c->levels);
    printf("  cost %s over %g year%s\n", cost, p->cost_years, p->cost_years == 1 ? "" : "s");
    for (size_t t = 0; t < p->target_count; t++) {
        const plan_target *x = &p->targets[t];
        plan_estimate e;
        plan_candidate_estimate(p, c, t, &e);
        printf("  %s %s %s %g: ", x->metric,
               x->region < 0 ? "national" : p->base->regions[x->region].code,
               x->at_least ? ">=" : "<=", x->threshold);
        if (x->kind == PLAN_MEAN)
            printf("mean %.4f [%.4f, %.4f]", e.mean, e.low, e.high);
        else
            printf("met in a share %.4f [%.4f, %.4f] of replications (required %g; mean %.4g)",
                   e.share, e.low, e.high, x->probability, e.mean);
        printf(" over %d replications\n", e.replications);
    }
    if (res->decomposed)
        printf("  planned region by region; together the regions %s every target\n",
               res->joint_check_ok ? "meet" : "do NOT meet");
}

static void print_result(const plan *p, const plan_result *res)
{
    if (res->chosen >= 0)
        print_chosen(p, res);
    else
        printf("no configuration within the plan's levels%s meets the targets\n",
               isfinite(p->budget_rp) ? " and budget" : "");
    printf("evaluated %zu candidates with %ld replications; %ld configurations ruled out by "
           "queueing bounds, %ld by the monotone search\n",
           res->candidate_count, res->replications_spent, res->bounded_skipped,
           res->monotone_skipped);
    for (size_t k = 0; k < res->table_count; k++) {
        char cost[64] = "none within the levels";
        long c = res->table[k].chosen;
        if (c >= 0)
            rupiah(res->candidates[c].cost_rp, cost, sizeof cost);
        printf("  %s %g: %s\n", p->targets[0].metric, res->table[k].threshold, cost);
    }
}

int ktpsim_plan_command(int argc, char **argv)
{
    plan_args args;
    int parsed = parse_args(argc, argv, &args);
    if (parsed != 0)
        return parsed > 0 ? 0 : 2;
    scenario_errors errors;
    scenario_errors_init(&errors);
    plan *p = NULL;
    int status = plan_load(args.plan_path, &p, &errors);
    bool root = ktpsim_ranks_root();
    if (root)
        ktpsim_print_errors(&errors);
    scenario_errors_fini(&errors);
    if (!ktpsim_ranks_all_ok(status == SCENARIO_OK)) {
        if (status == SCENARIO_OK && root)
            fprintf(stderr, "ktpsim plan: %s cannot be loaded on another rank of the MPI job "
                    "(every rank needs the same files at the same paths)\n", args.plan_path);
        plan_destroy(p);
        return 2;
    }
    char out_dir[4096], why[512];
    snprintf(out_dir, sizeof out_dir, "%s", args.out_dir);
    if (args.out_dir == NULL) {
        const char *base = strrchr(args.plan_path, '/');
        base = base ? base + 1 : args.plan_path;
        size_t n = strlen(base);
        n = n > 5 && strcmp(base + n - 5, ".json") == 0 ? n - 5 : n;
        snprintf(out_dir, sizeof out_dir, "results/plan-%.*s", (int)n, base);
    }
    printf("ktpsim plan: %s\n  %s: scenario %s, seed %llu, confidence %g, tolerance %g, "
           "threads %d", p->name, args.plan_path, p->scenario_path,
           (unsigned long long)p->seed, p->confidence, p->tolerance, args.threads);
    if (cluster_launched())
        printf(" per rank, MPI ranks: %d", ktpsim_ranks_count());
    printf("\n");
    fflush(stdout);
    /* Under mpirun every rank searches; the replications are shared, the outputs are rank
     * 0's. The progress bar stays on a terminal's single process. */
    plan_share share;
    plan_options options = {.threads = args.threads,
                            .on_progress = isatty(2) && !cluster_launched() ? on_progress
                                                                           : NULL};
    if (cluster_launched()) {
        if (cluster_plan_share(&share) != CLUSTER_OK) {
            fprintf(stderr, "ktpsim plan: %s\n", cluster_strerror(CLUSTER_EMPI));
            plan_destroy(p);
            return 1;
        }
        options.share = &share;
    }
    plan_result res;
    int exit_status = 0;
    if (plan_search(p, &options, &res, why, sizeof why) != 0) {
        if (root) /* every rank has the same reason */
            fprintf(stderr, "\nktpsim plan: %s\n", why);
        exit_status = 1;
    } else if (!root) {
        /* rank 0 prints and writes */
    } else {
        if (options.on_progress != NULL)
            fprintf(stderr, "\n");
        print_result(p, &res);
        if (ktpsim_make_directories(out_dir) != 0) {
            fprintf(stderr, "ktpsim plan: cannot create %s: %s\n", out_dir, strerror(errno));
            exit_status = 1;
        } else if (plan_write(p, &res, out_dir, why, sizeof why) != 0) {
            fprintf(stderr, "ktpsim plan: %s\n", why);
            exit_status = 1;
        } else {
            printf("wrote %s/plan.json (and plan.csv, cost_vs_target.csv%s)\n", out_dir,
                   res.chosen >= 0 ? ", chosen-scenario.json" : "");
        }
    }
    plan_result_fini(&res);
    plan_destroy(p);
    return exit_status;
}
