/* `ktpsim compare A.json B.json`: runs both scenarios with the same replication seeds (common
 * random numbers) and reports the paired differences B - A with 95% Student-t intervals:
 * every metric nationally, the headline metrics per region (largest first), a verdict per
 * headline metric, and with --out DIR the same in compare.json and compare.csv. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli_args.h"
#include "app/ktpsim_cmds.h"
#include "app/ktpsim_compare.h"
#include "app/ktpsim_ranks.h"
#include "cluster/cluster.h"
#include "models/run/run.h"

static const char compare_help[] =
    "usage: ktpsim compare A.json B.json [--reps N] [--seed S] [--threads T] [--out DIR]\n"
    "                      [--top N] [--national-only]\n"
    "Runs both scenarios with the same replication seeds (common random numbers) and prints,\n"
    "for every metric, the mean of A, of B, and of the paired difference B - A with its 95%\n"
    "Student-t interval; then which scenario is better on each headline metric and whether\n"
    "the difference is significant (its interval excludes 0), the gap given as a positive\n"
    "amount with its interval; then per region the headline differences, largest first.\n"
    "Numbers are plain decimals with their unit (times in hours on the terminal).\n"
    "A and B must have the same regions (matched by code): otherwise the command refuses,\n"
    "unless --national-only compares the national figures alone.\n"
    "  --reps N         replications (default: A's \"replications\"), 2..100000\n"
    "  --seed S         seed of both (default: A's \"seed\")\n"
    "  --threads T      worker threads (default 1)\n"
    "  --out DIR        also write DIR/compare.json and DIR/compare.csv (all regions)\n"
    "  --top N          regions shown per headline metric on the terminal (default 20)\n"
    "  --national-only  compare A and B even when their regions differ (no region rows)\n"
    "  --set P=V, --region C   the same changes to both files (as for `ktpsim run`)\n"
    "exit status: 0 success, 1 a run failed, 2 bad usage, an invalid scenario or\n"
    "different regions.\n";

typedef struct compare_args {
    const char *files[2];
    const char *out_dir;
    long long reps, threads, top;
    unsigned long long seed;
    int has_seed, national_only;
} compare_args;

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

static int parse_args(int argc, char **argv, compare_args *a)
{
    const cli_option options[] = {CLI_WHOLE_OPT("--reps", &a->reps, 2, 100000),
                                  CLI_UNSIGNED_OPT("--seed", &a->seed),
                                  CLI_WHOLE_OPT("--threads", &a->threads, 1, 1024),
                                  CLI_TEXT_OPT("--out", &a->out_dir),
                                  CLI_WHOLE_OPT("--top", &a->top, 1, 100000),
                                  CLI_FLAG_OPT("--national-only", &a->national_only)};
    size_t nfiles = 0;
    if (cli_parse("ktpsim compare", argc, argv, options, sizeof options / sizeof *options,
                  a->files, 2, &nfiles) != 0)
        return -1;
    if (nfiles != 2) {
        fprintf(stderr, "ktpsim compare: two scenario files expected\n%s", compare_help);
        return -1;
    }
    a->has_seed = cli_given(argc, argv, "--seed");
    return 0;
}

/* Under mpirun: the same replications spread over the ranks; rank 0 gets them all.
 * Returns 0, or 1 with the reason printed (on rank 0). */
static int compare_on_ranks(compare_job *job, int threads)
{
    char why[512];
    run_options options = job->options;
    options.threads = threads;
    if (ktpsim_ranks_compare(job->s, &options, job->results, why, sizeof why) != 0) {
        if (ktpsim_ranks_root())
            fprintf(stderr, "ktpsim compare: %s\n", why);
        return 1;
    }
    for (int k = 0; ktpsim_ranks_root() && k < 2 * options.replications; k++)
        job->failed |= !job->results[k].invariants_ok;
    return 0;
}

static size_t index_of(const scenario *s, const char *code)
{
    for (size_t i = 0; i < s->region_count; i++)
        if (strcmp(s->regions[i].code, code) == 0)
            return i;
    return SIZE_MAX;
}

/* Lists up to 5 codes of `from` missing in `in`, returns how many are missing. */
static size_t missing_codes(const scenario *from, const scenario *in, char *out, size_t size)
{
    size_t missing = 0, used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < from->region_count; i++) {
        if (index_of(in, from->regions[i].code) != SIZE_MAX)
            continue;
        if (++missing <= 5 && used < size)
            used += (size_t)snprintf(out + used, size - used, "%s%s", missing > 1 ? ", " : "",
                                     from->regions[i].code);
    }
    if (missing > 5 && used < size)
        snprintf(out + used, size - used, " and %zu more", missing - 5);
    return missing;
}

/* b_region[i]: B's index of A's region i. Returns 0 when both have the same codes, else -1
 * with the difference printed (an error, or a warning with --national-only). */
static int match_regions(scenario *const s[2], const compare_args *a, size_t *b_region)
{
    char only_a[128], only_b[128];
    size_t na = missing_codes(s[0], s[1], only_a, sizeof only_a);
    size_t nb = missing_codes(s[1], s[0], only_b, sizeof only_b);
    if (na == 0 && nb == 0) {
        for (size_t i = 0; i < s[0]->region_count; i++)
            b_region[i] = index_of(s[1], s[0]->regions[i].code);
        return 0;
    }
    if (ktpsim_ranks_root()) /* under mpirun every rank finds the same */
        fprintf(stderr, "ktpsim compare: %s: A and B have different regions (%zu and %zu; only in "
            "A: %s; only in B: %s)%s\n", a->national_only ? "WARNING" : "error",
            s[0]->region_count, s[1]->region_count, na ? only_a : "none", nb ? only_b : "none",
            a->national_only ? ": comparing the national figures only, which cover different "
                               "places" : "; a paired comparison needs the same regions "
                               "(--national-only compares the national figures alone)");
    return -1;
}

static int compare_run(scenario *const s[2], const compare_args *a, int reps, uint64_t seed,
                       const size_t *b_region)
{
    compare_job job = {.s = {s[0], s[1]}, .options = {reps, seed, 1, NULL, NULL, NULL}};
    job.results = calloc(2 * (size_t)reps, sizeof *job.results);
    if (job.results == NULL || pthread_mutex_init(&job.lock, NULL) != 0) {
        fprintf(stderr, "ktpsim compare: out of memory\n");
        free(job.results);
        return 1;
    }
    int status = 0;
    if (cluster_launched()) {
        status = compare_on_ranks(&job, (int)a->threads);
    } else {
        pthread_t ids[64];
        int started = 0;
        while (started < a->threads && started < 64 &&
               pthread_create(&ids[started], NULL, compare_worker, &job) == 0)
            started++;
        if (started == 0)
            compare_worker(&job);
        for (int t = 0; t < started; t++)
            pthread_join(ids[t], NULL);
    }
    compare_result r = {.a_name = s[0]->name, .b_name = s[1]->name, .a_path = a->files[0],
                        .b_path = a->files[1], .seed = seed, .replications = reps};
    char why[4400];
    if (status != 0 || !ktpsim_ranks_root()) {
        /* the failure was reported; other ranks print nothing */
    } else if (job.failed) {
        fprintf(stderr, "ktpsim compare: a replication failed or broke an invariant\n");
        status = 1;
    } else if (compare_reduce(job.results, job.results + reps, reps, b_region, &r) != 0) {
        fprintf(stderr, "ktpsim compare: out of memory\n");
        status = 1;
    } else {
        compare_print(&r, (size_t)a->top);
        if (a->out_dir != NULL && ktpsim_make_directories(a->out_dir) != 0) {
            fprintf(stderr, "ktpsim compare: cannot create %s: %s\n", a->out_dir, strerror(errno));
            status = 1;
        } else if (a->out_dir != NULL && compare_write_files(&r, a->out_dir, why, sizeof why)) {
            fprintf(stderr, "ktpsim compare: %s\n", why);
            status = 1;
        } else if (a->out_dir != NULL) {
            printf("wrote %s/compare.json and %s/compare.csv\n", a->out_dir, a->out_dir);
        }
        compare_result_fini(&r);
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
    compare_args a = {.reps = -1, .threads = 1, .top = 20};
    ktpsim_changes changes;
    if (ktpsim_changes_take("ktpsim compare", &argc, argv, &changes) != 0 ||
        parse_args(argc, argv, &a) != 0)
        return 2;
    scenario *s[2] = {NULL, NULL};
    int bad = 0;
    for (int k = 0; k < 2; k++) /* the same changes to both files */
        bad |= ktpsim_changes_load(a.files[k], &changes, &s[k]) != SCENARIO_OK;
    int status = 2;
    size_t *b_region = bad ? NULL : calloc(s[0]->region_count + 1, sizeof *b_region);
    if (!ktpsim_ranks_all_ok(!bad && b_region != NULL)) {
        if (!bad && b_region == NULL) {
            fprintf(stderr, "ktpsim compare: out of memory\n");
            status = 1;
        } else if (!bad && ktpsim_ranks_root()) {
            fprintf(stderr, "ktpsim compare: a scenario cannot be loaded on another rank of the "
                    "MPI job (every rank needs the same files at the same paths)\n");
        }
    } else {
        int same = match_regions(s, &a, b_region) == 0;
        int n = a.reps > 0 ? (int)a.reps : s[0]->replications;
        if (n < 2) {
            if (ktpsim_ranks_root())
                fprintf(stderr, "ktpsim compare: at least 2 replications are needed\n");
        } else if (same || a.national_only) {
            status = compare_run(s, &a, n, a.has_seed ? (uint64_t)a.seed : s[0]->seed,
                                 same ? b_region : NULL);
        }
    }
    free(b_region);
    scenario_destroy(s[0]);
    scenario_destroy(s[1]);
    return status;
}
