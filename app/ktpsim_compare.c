/* `ktpsim compare A.json B.json`: runs both scenarios with the same replication seeds (common
 * random numbers), and prints for every top-level metric the paired difference B - A with a
 * 95% Student-t interval, then a verdict per headline metric. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli_args.h"
#include "app/ktpsim_cmds.h"
#include "models/run/run.h"
#include "sim/stats.h"

static const char compare_help[] =
    "usage: ktpsim compare A.json B.json [--reps N] [--seed S] [--threads T]\n"
    "Runs both scenarios with the same replication seeds (common random numbers) and prints,\n"
    "for every metric, the mean of A, of B, and of the paired difference B - A with its 95%\n"
    "Student-t interval; then which scenario is better on each headline metric and whether\n"
    "the difference is significant (its interval excludes 0); there the gap is given as a\n"
    "positive amount with its interval.\n"
    "  --reps N     replications (default: A's \"replications\"), 2..100000\n"
    "  --seed S     seed of both (default: A's \"seed\")\n"
    "  --threads T  worker threads (default 1)\n"
    "  --set P=V, --region C   the same changes to both files (as for `ktpsim run`)\n";

typedef struct compare_job {
    const scenario *s[2];
    run_options options;
    summary *results;              /* 2 x reps */
    int next, failed;
    pthread_mutex_t lock;
} compare_job;

static void *compare_worker(void *arg)
{
    compare_job *job = arg;
    for (;;) {
        pthread_mutex_lock(&job->lock);
        int k = job->next++;
        pthread_mutex_unlock(&job->lock);
        if (k >= 2 * job->options.replications)
            return NULL;
        char why[256];
        int which = k % 2, rep = k / 2;
        summary *out = &job->results[(size_t)which * job->options.replications + rep];
        if (run_one_replication(job->s[which], &job->options, rep, out, why, sizeof why) != 0 ||
            !out->invariants_ok) {
            pthread_mutex_lock(&job->lock);
            job->failed = 1;
            pthread_mutex_unlock(&job->lock);
        }
    }
}

/* Headline metrics and whether more is better. */
static const struct { const char *name; int more_is_better; } headlines[] = {
    {"cards_within_1h_share", 1}, {"time_to_card_s", 0}, {"suket_issued", 0},
    {"blank_stockout_days", 0}};

static void print_verdicts(const summary *a, int reps, const summary *b)
{
    printf("\nheadline metrics (better = %s):\n", "higher share, lower times, suket and stockouts");
    for (size_t h = 0; h < sizeof headlines / sizeof headlines[0]; h++) {
        double *d = malloc((size_t)reps * sizeof *d);
        size_t n = 0;
        for (int r = 0; d != NULL && r < reps; r++) {
            const summary_metric *x = summary_find(&a[r], headlines[h].name);
            const summary_metric *y = summary_find(&b[r], headlines[h].name);
            if (x && y && isfinite(x->mean) && isfinite(y->mean))
                d[n++] = y->mean - x->mean;
        }
        sim_ci ci;
        int ok = n >= 2 && sim_stats_ci(d, n, 0.95, &ci) == SIM_OK;
        free(d);
        if (!ok) {
            printf("  %-24s no paired values\n", headlines[h].name);
            continue;
        }
        int significant = ci.lo > 0 || ci.hi < 0;
        const char *better = ci.mean == 0 ? "neither"
                             : (ci.mean > 0) == headlines[h].more_is_better ? "B" : "A";
        /* Say the gap as a positive amount; its interval is B-A's, flipped when A wins. */
        double lo = ci.mean < 0 ? -ci.hi : ci.lo, hi = ci.mean < 0 ? -ci.lo : ci.hi;
        printf("  %-24s %s better by %g [%g, %g]: %s\n", headlines[h].name, better,
               fabs(ci.mean), lo, hi, significant ? "significant at 95%" : "not significant");
    }
}

static void print_table(const summary *a, int reps, const summary *b)
{
    printf("%-32s %14s %14s %14s %14s %14s %s\n", "metric", "A", "B", "B-A", "ci95_lo",
           "ci95_hi", "sig");
    double *d = malloc((size_t)reps * sizeof *d);
    for (size_t m = 0; d != NULL && m < a[0].metric_count; m++) {
        const char *name = a[0].metrics[m].name;
        double sa = 0, sb = 0;
        size_t n = 0;
        for (int r = 0; r < reps; r++) {
            const summary_metric *x = summary_find(&a[r], name), *y = summary_find(&b[r], name);
            if (x && y && isfinite(x->mean) && isfinite(y->mean)) {
                sa += x->mean;
                sb += y->mean;
                d[n++] = y->mean - x->mean;
            }
        }
        sim_ci ci;
        if (n < 2 || sim_stats_ci(d, n, 0.95, &ci) != SIM_OK) {
            printf("%-32s %14s\n", name, "(no paired values)");
            continue;
        }
        printf("%-32s %14.6g %14.6g %14.6g %14.6g %14.6g %s\n", name, sa / n, sb / n, ci.mean,
               ci.lo, ci.hi, ci.lo > 0 || ci.hi < 0 ? "*" : "");
    }
    free(d);
}

static int parse_args(int argc, char **argv, const char **files, long long *reps,
                      unsigned long long *seed, long long *threads)
{
    const cli_option options[] = {CLI_WHOLE_OPT("--reps", reps, 1, 100000),
                                  CLI_UNSIGNED_OPT("--seed", seed),
                                  CLI_WHOLE_OPT("--threads", threads, 1, 1024)};
    size_t nfiles = 0;
    if (cli_parse("ktpsim compare", argc, argv, options, sizeof options / sizeof *options, files,
                  2, &nfiles) != 0)
        return -1;
    if (nfiles != 2) {
        fprintf(stderr, "ktpsim compare: two scenario files expected\n%s", compare_help);
        return -1;
    }
    return 0;
}

static int compare_run(scenario *const s[2], int reps, uint64_t seed, int threads)
{
    compare_job job = {.s = {s[0], s[1]}, .options = {reps, seed, 1, NULL, NULL}};
    job.results = calloc(2 * (size_t)reps, sizeof *job.results);
    if (job.results == NULL || pthread_mutex_init(&job.lock, NULL) != 0) {
        fprintf(stderr, "ktpsim compare: out of memory\n");
        free(job.results);
        return 1;
    }
    pthread_t ids[64];
    int started = 0;
    while (started < threads && started < 64 &&
           pthread_create(&ids[started], NULL, compare_worker, &job) == 0)
        started++;
    if (started == 0)
        compare_worker(&job);
    for (int t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
    int status = 0;
    if (job.failed) {
        fprintf(stderr, "ktpsim compare: a replication failed or broke an invariant\n");
        status = 1;
    } else {
        printf("A: %s\nB: %s\nseed %llu, %d paired replications (common random numbers)\n\n",
               s[0]->name, s[1]->name, (unsigned long long)seed, reps);
        print_table(job.results, reps, job.results + reps);
        print_verdicts(job.results, reps, job.results + reps);
    }
    for (size_t k = 0; k < 2 * (size_t)reps; k++)
        summary_fini(&job.results[k]);
    free(job.results);
    pthread_mutex_destroy(&job.lock);
    return status;
}

int ktpsim_compare_command(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(compare_help, stdout);
            return 0;
        }
    }
    const char *files[2] = {NULL, NULL};
    long long reps = -1, threads = 1;
    unsigned long long seed = 0;
    ktpsim_changes changes;
    if (ktpsim_changes_take("ktpsim compare", &argc, argv, &changes) != 0 ||
        parse_args(argc, argv, files, &reps, &seed, &threads) != 0)
        return 2;
    scenario *s[2] = {NULL, NULL};
    int bad = 0;
    for (int k = 0; k < 2; k++) /* the same changes to both files */
        bad |= ktpsim_changes_load(files[k], &changes, &s[k]) != SCENARIO_OK;
    int status = 2;
    if (!bad) {
        int n = reps > 0 ? (int)reps : s[0]->replications;
        if (n < 2)
            fprintf(stderr, "ktpsim compare: at least 2 replications are needed\n");
        else
            status = compare_run(s, n, cli_given(argc, argv, "--seed") ? (uint64_t)seed : s[0]->seed,
                                 (int)threads);
    }
    scenario_destroy(s[0]);
    scenario_destroy(s[1]);
    return status;
}
