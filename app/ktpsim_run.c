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
#include "models/run/run.h"
#include "sim/schedule.h"
#include "viz/progress.h"
#include "models/run/summary.h"
#include "sim/status.h"

static const char run_help[] =
    "usage: ktpsim run SCENARIO [--reps N] [--seed S] [--out DIR] [--threads T]\n"
    "                  [--set JSON_POINTER=VALUE]... [--region CODE]\n"
    "\n"
    "Simulates SCENARIO (a JSON file, see scenarios/README.md) and writes DIR/summary.json,\n"
    "regions.csv, daily.csv and time_to_card.csv (docs/results.md): per metric the mean over\n"
    "replications, its 95% confidence interval and percentiles; prints one line per region.\n"
    "With abis.mode \"embedded\" each replication N also leaves its registry (persons,\n"
    "decisions, cards; SQLite) in DIR/registry-repN.sqlite.\n"
    "\n"
    "  --reps N     replications (default: the scenario's \"replications\"), 1..100000\n"
    "  --seed S     seed (default: the scenario's \"seed\"), 0..18446744073709551615\n"
    "  --out DIR    output folder, created if missing (default: results/NAME where\n"
    "               NAME is the scenario file's name without .json)\n"
    "  --threads T  worker threads (default: the number of processors), 1..1024;\n"
    "               results are identical for any T\n"
    "  --set P=V    change the value at JSON Pointer P to V (JSON; text without quotes is\n"
    "               a string) before the file is checked, e.g.\n"
    "               --set /regions/0/recording/stations=5; repeatable; recorded in\n"
    "               summary.json as \"changes\"\n"
    "  --region C   run only the region with code C of a many-region file\n"
    "exit status: 0 success, 1 the run failed or an invariant broke, 2 bad usage or an\n"
    "invalid scenario.\n";

typedef struct run_args {
    ktpsim_changes changes;
    const char *scenario_path;
    const char *out_dir;
    long long reps, threads;
    unsigned long long seed;
    int has_reps, has_seed;
} run_args;

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
    const cli_option options[] = {CLI_WHOLE_OPT("--reps", &args->reps, 1, 100000),
                                  CLI_WHOLE_OPT("--threads", &args->threads, 1, 1024),
                                  CLI_UNSIGNED_OPT("--seed", &args->seed),
                                  CLI_TEXT_OPT("--out", &args->out_dir)};
    const char *scenarios[2] = {NULL, NULL};
    size_t given = 0;
    args->reps = -1;
    if (cli_parse("ktpsim run", argc, argv, options, sizeof options / sizeof *options, scenarios,
                  2, &given) != 0)
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

static double metric_mean(const summary_block *b, const char *name)
{
    const summary_metric *m = summary_block_find(b, name);
    return m ? m->mean : NAN;
}

static double metric_p(const summary_block *b, const char *name, int which)
{
    const summary_metric *m = summary_block_find(b, name);
    if (m == NULL)
        return NAN;
    return which == 50 ? m->p50 : m->p90;
}

/* One line per region: the headline numbers and the bottleneck, for people. */
/* With a supply chain: the procurement line (scenarios/README.md, next_contract_sign_by_day). */
static void print_procurement(const summary *s)
{
    const summary_metric *m = summary_find(s, "next_contract_sign_by_day");
    const summary_metric *dry = summary_find(s, "central_stockout_days");
    if (m == NULL || !isfinite(m->mean))
        return;
    int year, month, day;
    sim_civil_from_days(s->start_days + (int64_t)floor(m->mean), &year, &month, &day);
    printf("procurement: at the demand this run saw, sign the next contract by %04d-%02d-%02d "
           "(day %.0f) so the centre does not run dry; centre empty on %.1f measured days\n",
           year, month, day, floor(m->mean), dry != NULL ? dry->mean : NAN);
}

static void print_table(const summary *s, const char *path, int threads)
{
    printf("ktpsim run: %s\n", s->scenario_name);
    printf("  %s: seed %" PRIu64 ", replications: %d, days: %d (first %d warm-up), "
           "threads: %d\n", path, s->seed, s->replications, s->horizon_days, s->warmup_days,
           threads);
    printf("%-6s %-22s %9s %17s %10s %10s %10s %8s %8s  %s\n", "code", "region", "cards",
           "within_1h [ci95]", "ttc_p50_h", "ttc_p90_h", "hand_mean_h", "suket", "stockout",
           "bottleneck");
    for (size_t i = 0; i < s->region_count; i++) {
        const summary_block *b = &s->regions[i];
        const summary_metric *share = summary_block_find(b, "cards_within_1h_share");
        char ci[40] = "-";
        if (share != NULL && !isnan(share->ci_low))
            snprintf(ci, sizeof ci, "%.3f [%.3f,%.3f]", share->mean, share->ci_low,
                     share->ci_high);
        else if (share != NULL && !isnan(share->mean))
            snprintf(ci, sizeof ci, "%.3f", share->mean);
        printf("%-6s %-22.22s %9.1f %17s %10.2f %10.2f %10.2f %8.1f %8.1f  %s\n", b->code,
               b->name, metric_mean(b, "cards_printed"), ci,
               metric_p(b, "time_to_card_s", 50) / 3600, metric_p(b, "time_to_card_s", 90) / 3600,
               metric_mean(b, "time_to_card_in_hand_s") / 3600, metric_mean(b, "suket_issued"),
               metric_mean(b, "blank_stockout_days"), b->bottleneck);
    }
    printf("(per replication means; ttc = time from joining the recording line to card "
           "printed, hours)\n");
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

int ktpsim_run_command(int argc, char **argv)
{
    run_args args;
    int parsed = parse_args(argc, argv, &args);
    if (parsed != 0)
        return parsed > 0 ? 0 : 2;
    sim_init();
    scenario *s = NULL;
    if (ktpsim_changes_load(args.scenario_path, &args.changes, &s) != SCENARIO_OK)
        return 2;
    run_options options = run_options_from(s);
    if (args.has_reps)
        options.replications = (int)args.reps;
    if (args.has_seed)
        options.seed = args.seed;
    options.threads = (int)args.threads;
    viz_progress progress;
    int progress_ok = viz_progress_init(&progress, stderr, options.replications,
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
    } else if (ktpsim_outdir_prepare(out_dir, why, sizeof why) != 0) {
        fprintf(stderr, "ktpsim run: %s\n", why);
    } else if (s->abis.embedded && ktpsim_stop_cleanup_arm(out_dir, options.replications)) {
        fprintf(stderr, "ktpsim run: cannot prepare the removal of %s/registry-rep*.sqlite.tmp "
                "on a stop (out of memory or name too long)\n", out_dir);
    } else if (run_and_finish_progress(s, &options, result, why, sizeof why) != 0) {
        fprintf(stderr, "ktpsim run: %s: %s\n", args.scenario_path, why);
    } else if (ktpsim_changes_record(&args.changes, result) != 0) {
        fprintf(stderr, "ktpsim run: out of memory\n");
    } else {
        snprintf(summary_path, sizeof summary_path, "%s/summary.json", out_dir);
        if (summary_write_csv(result, out_dir, why, sizeof why) != 0 ||
            summary_write_json(result, summary_path, why, sizeof why) != 0) {
            fprintf(stderr, "ktpsim run: %s\n", why);
        } else {
            print_table(result, args.scenario_path, options.threads);
            if (result->core_comparisons > 0) /* machine-dependent: stderr, not summary.json */
                fprintf(stderr, "embedded core: %.3f s wall (%.3f s searching), %.0f comparisons, "
                        "%.3g comparisons/s searching\n", result->core_wall_s,
                        result->core_search_wall_s, result->core_comparisons,
                        result->core_search_wall_s > 0
                            ? result->core_comparisons / result->core_search_wall_s : 0.0);
            printf("wrote %s (and regions.csv, daily.csv, time_to_card.csv)\n", summary_path);
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
