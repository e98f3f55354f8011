/* ktpsim: the simulator's command line. Dispatches to `check` (validate scenario files),
 * `run` (simulate and write results) and prints help and version. Exit codes: 0 success,
 * 1 a run failed (including a broken invariant), 2 bad usage or invalid scenario. */
#include <stdio.h>
#include <string.h>

#include "app/ktpsim_cmds.h"
#include "app/ktpsim_ranks.h"
#include "app/ktpsim_viz.h"
#include "models/scenario/scenario.h"

static const char main_help[] =
    "usage: ktpsim COMMAND [ARGS]\n"
    "\n"
    "A discrete-event simulator of Indonesia's e-KTP identity-card pipeline.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO [--reps N] [--seed S] [--out DIR] [--threads T]\n"
    "                 simulate a scenario and write its result files to DIR\n"
    "  compare A B [--reps N] [--seed S] [--threads T] [--out DIR] [--top N]\n"
    "                 paired comparison of two scenarios (common random numbers),\n"
    "                 nationally and per region; DIR/compare.json and compare.csv\n"
    "  plan PLAN [--out DIR] [--threads T]\n"
    "                 the least-cost configuration that meets a plan's targets\n"
    "  run, compare and check also take --set JSON_POINTER=VALUE (repeatable) and\n"
    "                 --region CODE: a variant of the file without editing it\n"
    "  check FILE...  validate scenario files; print every error found\n"
    "  report DIR [--gnuplot PROGRAM]\n"
    "                 draw plots and DIR/report.html from a run's result files\n"
    "  view (SCENARIO | --demo) [--metric M] [--screenshot FILE --at-day D]\n"
    "                 the live viewer (SDL2)\n"
    "  version        print the version\n"
    "  help           print this help (also --help, -h)\n"
    "\n"
    "`ktpsim COMMAND --help` describes a command. The scenario format is documented in\n"
    "scenarios/README.md.\n"
    "exit status: 0 success, 1 the run failed, 2 bad usage or an invalid scenario.\n";

static const char check_help[] =
    "usage: ktpsim check FILE... [--set JSON_POINTER=VALUE]... [--region CODE]\n"
    "\n"
    "Loads each scenario file and reports every problem found, one per line on stderr:\n"
    "  FILE: /json/pointer/of/the/value: what was expected, found what\n"
    "Prints \"FILE: ok\" on stdout for each valid file.\n"
    "--set and --region (as for `ktpsim run`) check each file with those changes.\n"
    "exit status: 0 when every file is valid, 2 otherwise.\n";

static int is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "help") == 0;
}

static int command_check(int argc, char **argv)
{
    ktpsim_changes changes;
    if (ktpsim_changes_take("ktpsim check", &argc, argv, &changes) != 0)
        return 2;
    if (argc < 1) {
        fprintf(stderr, "ktpsim check: no file given\n%s", check_help);
        return 2;
    }
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(check_help, stdout);
            return 0;
        }
    }
    int all_valid = 1;
    for (int i = 0; i < argc; i++) {
        scenario *s = NULL;
        if (ktpsim_changes_load(argv[i], &changes, &s) == SCENARIO_OK)
            printf("%s: ok\n", argv[i]);
        else
            all_valid = 0;
        scenario_destroy(s);
    }
    return all_valid ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_help, stderr);
        return 2;
    }
    const char *command = argv[1];
    if (is_help(command)) {
        fputs(main_help, stdout);
        return 0;
    }
    if (strcmp(command, "version") == 0 || strcmp(command, "--version") == 0) {
        printf("ktpsim %s\n", KTPSIM_VERSION);
        return 0;
    }
    if (strcmp(command, "check") == 0)
        return command_check(argc - 2, argv + 2);
    if (strcmp(command, "run") == 0 || strcmp(command, "compare") == 0 ||
        strcmp(command, "plan") == 0) {
        /* Under mpirun these three spread their replications over the ranks. */
        if (ktpsim_ranks_start() != 0)
            return 1;
        int status = command[0] == 'r'   ? ktpsim_run_command(argc - 2, argv + 2)
                     : command[0] == 'c' ? ktpsim_compare_command(argc - 2, argv + 2)
                                         : ktpsim_plan_command(argc - 2, argv + 2);
        ktpsim_ranks_finish();
        return status;
    }
    if (strcmp(command, "report") == 0)
        return ktpsim_cmd_report(argc - 2, argv + 2);
    if (strcmp(command, "view") == 0)
        return ktpsim_cmd_view(argc - 2, argv + 2);
    fprintf(stderr, "ktpsim: unknown command \"%s\"; try `ktpsim --help`\n", command);
    return 2;
}
