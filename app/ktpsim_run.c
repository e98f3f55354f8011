/* `ktpsim run`: loads a scenario, runs its replications on threads, writes the result files
 * and prints a short table of the headline metrics. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cli_args.h"
#include "app/ktpsim_cmds.h"
#include "app/ktpsim_target.h"
#include "app/ktpsim_ranks.h"
#include "cluster/cluster.h"
#include "models/run/run.h"
#include "sim/schedule.h"
#include "viz/progress.h"
#include "models/run/summary.h"
#include "sim/status.h"

static const char run_help[] =
    "usage: ktpsim run SCENARIO [--reps N] [--seed S] [--out DIR] [--threads T] [--top N]\n"
    "                  [--target METRIC>=VALUE]... [--set JSON_POINTER=VALUE]... [--region CODE]\n"
    "\n"
    "Simulates SCENARIO (a JSON file, see scenarios/README.md) and writes DIR/summary.json,\n"
    "regions.csv, daily.csv, time_to_card.csv, late_causes.csv and replications.csv\n"
    "(docs/results.md): per metric the mean over replications, its 95% confidence interval\n"
    "and percentiles, why cards were late, every replication's values; prints one line per\n"
    "region.\n"
    "With abis.mode \"embedded\" each replication N also leaves its registry (persons,\n"
    "decisions, cards; SQLite) in DIR/registry-repN.sqlite.\n"
    "\n"
    "  --reps N     replications (default: the scenario's \"replications\"), 1..100000\n"
    "  --seed S     seed (default: the scenario's \"seed\"), 0..18446744073709551615\n"
    "  --out DIR    output folder, created if missing (default: results/NAME where\n"
    "               NAME is the scenario file's name without .json)\n"
    "  --threads T  worker threads (default: the number of processors), 1..1024;\n"
    "               results are identical for any T\n"
    "  --top N      regions listed on the terminal when there are more (default 20): the\n"
    "               lowest one-hour share first, and those out of blanks longest\n"
    "  --target T   METRIC OP VALUE, e.g. cards_within_1h_share>=0.9 (OP: >= > <= < ==;\n"
    "               repeatable, up to 8): the share of replications meeting it with its\n"
    "               Wilson 95% interval, nationally and per region (terminal, summary.json)\n"
    "  --set P=V    change the value at JSON Pointer P to V (JSON; text without quotes is\n"
    "               a string) before the file is checked, e.g.\n"
    "               --set /regions/0/recording/stations=5; repeatable; recorded in\n"
    "               summary.json as \"changes\"\n"
    "  --region C   run only the region with code C of a many-region file\n"
    "exit status: 0 success, 1 the run failed or an invariant broke, 2 bad usage or an\n"
    "invalid scenario.\n";

#define RUN_MAX_TARGETS 8

typedef struct run_args {
    ktpsim_changes changes;
    const char *scenario_path;
    const char *out_dir;
    long long reps, threads, top;
    unsigned long long seed;
    int has_reps, has_seed;
    size_t target_count;
    ktpsim_target targets[RUN_MAX_TARGETS];
} run_args;

/* --target may be given several times (cli_parse keeps one value per option): takes every
 * "--target VALUE" out of argv into args, leaving the rest in rest[]. Returns the count of
 * the rest, or -1 after printing the problem. */
static int take_targets(int argc, char **argv, run_args *args, char **rest)
{
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--target") != 0) {
            rest[n++] = argv[i];
            continue;
        }
        char why[256];
        if (i + 1 >= argc) {
            fprintf(stderr, "ktpsim run: --target needs a value\n");
            return -1;
        }
        if (args->target_count == RUN_MAX_TARGETS) {
            fprintf(stderr, "ktpsim run: at most %d --target options\n", RUN_MAX_TARGETS);
            return -1;
        }
        if (ktpsim_target_parse(argv[++i], &args->targets[args->target_count++], why,
                                sizeof why) != 0) {
            fprintf(stderr, "ktpsim run: --target: %s\n", why);
            return -1;
        }
    }
    return n;
}

/* Returns 0 with args filled, 1 when help was printed, -1 on bad usage (message printed). */
static int parse_args(int argc, char **argv, run_args *args)
{
    memset(args, 0, sizeof *args);
    if (ktpsim_changes_take("ktpsim run", &argc, argv, &args->changes) != 0)
        return -1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    args->threads = cpus > 0 ? cpus : 1;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(run_help, stdout);
            return 1;
        }
    args->top = 20;
    const cli_option options[] = {CLI_WHOLE_OPT("--reps", &args->reps, 1, 100000),
                                  CLI_WHOLE_OPT("--threads", &args->threads, 1, 1024),
                                  CLI_UNSIGNED_OPT("--seed", &args->seed),
                                  CLI_TEXT_OPT("--out", &args->out_dir),
                                  CLI_WHOLE_OPT("--top", &args->top, 1, 100000)};
    const char *scenarios[2] = {NULL, NULL};
    size_t given = 0;
    args->reps = -1;
    char **rest = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *rest);
    int rest_count = rest != NULL ? take_targets(argc, argv, args, rest) : -1;
    int parsed = rest_count < 0 ? -1
                                : cli_parse("ktpsim run", rest_count, rest, options,
                                            sizeof options / sizeof *options, scenarios, 2,
                                            &given);
    free(rest);
    if (parsed != 0)
        return -1;
    if (given == 2) {
        fprintf(stderr, "ktpsim run: one scenario at a time (got \"%s\" and \"%s\")\n",
                scenarios[0], scenarios[1]);
        return -1;
    }
    if (given == 0) {
        fprintf(stderr, "ktpsim run: no scenario given; try `ktpsim run --help`\n");
        return -1;
    }
    args->scenario_path = scenarios[0];
    args->has_reps = args->reps != -1;
    args->has_seed = cli_given(argc, argv, "--seed"); /* --seed 0 is a seed too */
    return 0;
}

/* results/NAME for scenarios/NAME.json */
static void default_out_dir(const char *scenario_path, char *out, size_t size)
{
    const char *base = strrchr(scenario_path, '/');
    base = base ? base + 1 : scenario_path;
    size_t length = strlen(base);
    if (length > 5 && strcmp(base + length - 5, ".json") == 0)
        length -= 5;
    snprintf(out, size, "results/%.*s", (int)length, base);
}

/* With a supply chain: the procurement line (scenarios/README.md, next_contract_sign_by_day).
 * The run's last day is "today" for its reader, so a sign-by date before it is said to be
 * past, and by how much. */
static void print_procurement(const summary *s)
{
    const summary_metric *m = summary_find(s, "next_contract_sign_by_day");
    const summary_metric *dry = summary_find(s, "central_stockout_days");
    if (m == NULL || !isfinite(m->mean))
        return;
    int year, month, day, end_year, end_month, end_day;
    double sign_by = floor(m->mean);
    sim_civil_from_days(s->start_days + (int64_t)sign_by, &year, &month, &day);
    sim_civil_from_days(s->start_days + s->horizon_days - 1, &end_year, &end_month, &end_day);
    printf("procurement: at the demand this run saw, sign the next contract by %04d-%02d-%02d "
           "(day %.0f) so the centre does not run dry", year, month, day, sign_by);
    if (sign_by < s->horizon_days - 1)
        printf(": ALREADY PAST, %.0f days before the run's last day (%04d-%02d-%02d)%s",
               s->horizon_days - 1 - sign_by, end_year, end_month, end_day,
               sign_by < 0 ? ", even before its start" : "");
    printf("; centre empty on %.1f measured days\n", dry != NULL ? dry->mean : NAN);
}

static void print_table(const summary *s, const scenario *sc, const char *path, int threads,
                        size_t top)
{
    printf("ktpsim run: %s\n", s->scenario_name);
    printf("  %s: seed %" PRIu64 ", replications: %d, days: %d (first %d warm-up), "
           "threads: %d", path, s->seed, s->replications, s->horizon_days, s->warmup_days,
           threads);
    if (cluster_launched())
        printf(" per rank, MPI ranks: %d", ktpsim_ranks_count());
    printf("\n");
    ktpsim_print_regions(s, top);
    ktpsim_print_late(s);
    ktpsim_print_supply(s, top);
    ktpsim_targets_print(s, top);
    ktpsim_print_queue_check(sc, s);
    print_procurement(s);
    ktpsim_print_ikd(s);
    printf("invariants: %s\n", s->invariants_ok ? "ok" : s->invariant_message);
}

/* The progress bar (drawn only when stderr is a terminal) observes the replications. */
static void on_progress(void *ctx, int reps_finished, double days)
{
    viz_progress_add(ctx, reps_finished, days);
}

static int run_and_finish_progress(const scenario *s, const run_options *options,
                                   summary *result, char *why, size_t why_size)
{
    int status = run_scenario(s, options, result, why, why_size);
    if (options->on_progress)
        viz_progress_finish(options->progress_ctx);
    return status;
}

/* In this process, or spread over the ranks when started by mpirun. */
static int run_somewhere(const scenario *s, const run_options *options, summary *result,
                         char *why, size_t why_size)
{
    if (cluster_launched())
        return ktpsim_ranks_run(s, options, result, why, why_size);
    return run_and_finish_progress(s, options, result, why, why_size);
}

/* Rank 0 prepares the folder (it writes the outputs); all ranks learn whether it could. */
static bool prepare_out_dir(const scenario *s, const char *out_dir)
{
    char why[512];
    bool ok = true;
    if (ktpsim_ranks_root() && ktpsim_outdir_prepare(out_dir, why, sizeof why) != 0) {
        fprintf(stderr, "ktpsim run: %s\n", why);
        ok = false;
    }
    ok = ktpsim_ranks_all_ok(ok);
    if (ok && s->abis.embedded)
        ktpsim_ranks_out_dir(out_dir);
    return ok;
}

int ktpsim_run_command(int argc, char **argv)
{
    run_args args;
    int parsed = parse_args(argc, argv, &args);
    if (parsed != 0)
        return parsed > 0 ? 0 : 2;
    sim_init();
    scenario *s = NULL;
    int status = ktpsim_changes_load(args.scenario_path, &args.changes, &s);
    if (!ktpsim_ranks_all_ok(status == SCENARIO_OK)) {
        if (status == SCENARIO_OK && ktpsim_ranks_root())
            fprintf(stderr, "ktpsim run: %s cannot be loaded on another rank of the MPI job "
                    "(every rank needs the same file at the same path)\n", args.scenario_path);
        scenario_destroy(s);
        return 2;
    }
    char bad_target[512];
    if (ktpsim_targets_known(args.targets, args.target_count, bad_target, sizeof bad_target)) {
        fprintf(stderr, "ktpsim run: %s\n", bad_target);
        scenario_destroy(s);
        return 2;
    }
    run_options options = run_options_from(s);
    if (args.has_reps)
        options.replications = (int)args.reps;
    if (args.has_seed)
        options.seed = args.seed;
    options.threads = (int)args.threads;
    viz_progress progress;
    /* Under mpirun a rank sees only its own replications: no bar. */
    int progress_ok = !cluster_launched() &&
                      viz_progress_init(&progress, stderr, options.replications,
                                        (double)s->horizon_days) == 0;
    if (progress_ok) {
        options.on_progress = on_progress;
        options.progress_ctx = &progress;
    }
    char out_dir[4096], why[512], summary_path[4200];
    if (args.out_dir != NULL)
        snprintf(out_dir, sizeof out_dir, "%s", args.out_dir);
    else
        default_out_dir(args.scenario_path, out_dir, sizeof out_dir);
    options.registry_dir = out_dir; /* embedded runs leave registry-repN.sqlite there */
    summary *result = calloc(1, sizeof *result);
    int exit_status = 1;
    if (result == NULL) {
        fprintf(stderr, "ktpsim run: out of memory\n");
    } else if (!prepare_out_dir(s, out_dir)) {
        /* reported by rank 0 */
    } else if (s->abis.embedded && ktpsim_stop_cleanup_arm(out_dir, options.replications)) {
        fprintf(stderr, "ktpsim run: cannot prepare the removal of %s/registry-rep*.sqlite.tmp "
                "on a stop (out of memory or name too long)\n", out_dir);
    } else if (run_somewhere(s, &options, result, why, sizeof why) != 0) {
        if (ktpsim_ranks_root())
            fprintf(stderr, "ktpsim run: %s: %s\n", args.scenario_path, why);
    } else if (!ktpsim_ranks_root()) {
        exit_status = 0; /* rank 0 writes the outputs */
    } else if (ktpsim_changes_record(&args.changes, result) != 0) {
        fprintf(stderr, "ktpsim run: out of memory\n");
    } else {
        snprintf(summary_path, sizeof summary_path, "%s/summary.json", out_dir);
        if (ktpsim_targets_apply(result, args.targets, args.target_count, why, sizeof why)) {
            fprintf(stderr, "ktpsim run: %s\n", why);
            exit_status = 2;
        } else if (summary_write_csv(result, out_dir, why, sizeof why) != 0 ||
            summary_write_json(result, summary_path, why, sizeof why) != 0) {
            fprintf(stderr, "ktpsim run: %s\n", why);
        } else {
            print_table(result, s, args.scenario_path, options.threads, (size_t)args.top);
            if (result->core_comparisons > 0) /* machine-dependent: stderr, not summary.json */
                fprintf(stderr, "embedded core: %.3f s wall (%.3f s searching), %.0f comparisons, "
                        "%.3g comparisons/s searching\n", result->core_wall_s,
                        result->core_search_wall_s, result->core_comparisons,
                        result->core_search_wall_s > 0
                            ? result->core_comparisons / result->core_search_wall_s : 0.0);
            printf("wrote %s (and regions.csv, daily.csv, time_to_card.csv, late_causes.csv, "
                   "replications.csv)\n", summary_path);
            if (!result->invariants_ok)
                fprintf(stderr, "ktpsim run: INVARIANT BROKEN: %s\n", result->invariant_message);
            exit_status = result->invariants_ok ? 0 : 1;
        }
    }
    if (s->abis.embedded)
        ktpsim_stop_cleanup_disarm();
    if (progress_ok)
        viz_progress_fini(&progress);
    if (result != NULL)
        summary_fini(result);
    free(result);
    scenario_destroy(s);
    return exit_status;
}
