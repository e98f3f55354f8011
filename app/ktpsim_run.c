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

#include "app/ktpsim_cmds.h"
#include "models/run.h"
#include "sim/schedule.h"
#include "viz/progress.h"
#include "models/summary.h"
#include "sim/status.h"

static const char run_help[] =
    "usage: ktpsim run SCENARIO [--reps N] [--seed S] [--out DIR] [--threads T] [--top N]\n"
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
    "  --top N      regions listed on the terminal when there are more (default 20): the\n"
    "               lowest one-hour share first, and those out of blanks longest\n"
    "exit status: 0 success, 1 the run failed or an invariant broke, 2 bad usage or an\n"
    "invalid scenario.\n";

typedef struct run_args {
    const char *scenario_path;
    const char *out_dir;
    long long reps, threads, top;
    unsigned long long seed;
    int has_reps, has_seed;
} run_args;

static int parse_count(const char *option, const char *text, long long max, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 1 || value > max) {
        fprintf(stderr, "ktpsim run: %s expects a whole number from 1 to %lld, got \"%s\"\n",
                option, max, text);
        return -1;
    }
    *out = value;
    return 0;
}

static int parse_seed(const char *text, unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || text[0] == '+') {
        fprintf(stderr, "ktpsim run: --seed expects a whole number from 0 to %llu, got \"%s\"\n",
                (unsigned long long)UINT64_MAX, text);
        return -1;
    }
    *out = value;
    return 0;
}

/* Returns 0 with args filled, 1 when help was printed, -1 on bad usage (message printed). */
static int parse_args(int argc, char **argv, run_args *args)
{
    memset(args, 0, sizeof *args);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    args->threads = cpus > 0 ? cpus : 1;
    args->top = 20;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(run_help, stdout);
            return 1;
        }
        int takes_value = strcmp(a, "--reps") == 0 || strcmp(a, "--seed") == 0 ||
                          strcmp(a, "--out") == 0 || strcmp(a, "--threads") == 0 ||
                          strcmp(a, "--top") == 0;
        if (takes_value && i + 1 >= argc) {
            fprintf(stderr, "ktpsim run: %s needs a value\n", a);
            return -1;
        }
        int bad = 0;
        if (strcmp(a, "--reps") == 0) {
            bad = parse_count(a, argv[++i], 100000, &args->reps);
            args->has_reps = 1;
        } else if (strcmp(a, "--threads") == 0) {
            bad = parse_count(a, argv[++i], 1024, &args->threads);
        } else if (strcmp(a, "--top") == 0) {
            bad = parse_count(a, argv[++i], 100000, &args->top);
        } else if (strcmp(a, "--seed") == 0) {
            bad = parse_seed(argv[++i], &args->seed);
            args->has_seed = 1;
        } else if (strcmp(a, "--out") == 0) {
            args->out_dir = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "ktpsim run: unknown option \"%s\"; try `ktpsim run --help`\n", a);
            return -1;
        } else if (args->scenario_path != NULL) {
            fprintf(stderr, "ktpsim run: one scenario at a time (got \"%s\" and \"%s\")\n",
                    args->scenario_path, a);
            return -1;
        } else {
            args->scenario_path = a;
        }
        if (bad)
            return -1;
    }
    if (args->scenario_path == NULL) {
        fprintf(stderr, "ktpsim run: no scenario given; try `ktpsim run --help`\n");
        return -1;
    }
    return 0;
}

int ktpsim_make_directories(const char *path)
{
    char *copy = strdup(path);
    if (copy == NULL)
        return -1;
    for (char *p = copy + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(copy);
    struct stat info;
    if (stat(path, &info) != 0)
        return -1;
    if (!S_ISDIR(info.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
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
           "threads: %d\n", path, s->seed, s->replications, s->horizon_days, s->warmup_days,
           threads);
    ktpsim_print_regions(s, top);
    ktpsim_print_supply(s, top);
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

int ktpsim_run_command(int argc, char **argv)
{
    run_args args;
    int parsed = parse_args(argc, argv, &args);
    if (parsed != 0)
        return parsed > 0 ? 0 : 2;
    sim_init();
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    int status = scenario_load_file(args.scenario_path, &s, &errors);
    ktpsim_print_errors(&errors);
    scenario_errors_fini(&errors);
    if (status != SCENARIO_OK)
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
    } else if (ktpsim_make_directories(out_dir) != 0) {
        fprintf(stderr, "ktpsim run: cannot create %s: %s\n", out_dir, strerror(errno));
    } else if (s->abis.embedded && ktpsim_stop_cleanup_arm(out_dir, options.replications)) {
        fprintf(stderr, "ktpsim run: cannot prepare the removal of %s/registry-rep*.sqlite.tmp "
                "on a stop (out of memory or name too long)\n", out_dir);
    } else if (run_and_finish_progress(s, &options, result, why, sizeof why) != 0) {
        fprintf(stderr, "ktpsim run: %s: %s\n", args.scenario_path, why);
    } else {
        snprintf(summary_path, sizeof summary_path, "%s/summary.json", out_dir);
        if (summary_write_csv(result, out_dir, why, sizeof why) != 0 ||
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
