/* `ktpsim report DIR`: draws the result files of a run as gnuplot plots and an HTML page
 * (viz/report.h). Exit codes: 0 written, 1 gnuplot or writing failed, 2 bad usage, a
 * missing or malformed result file, or no gnuplot. */
#include <stdio.h>
#include <string.h>

#include "app/cli_args.h"
#include "app/ktpsim_viz.h"
#include "viz/report.h"
#include "viz/status.h"

static const char report_help[] =
    "usage: ktpsim report DIR [--gnuplot PROGRAM]\n"
    "\n"
    "Reads the files `ktpsim run --out DIR` wrote (summary.json, regions.csv, daily.csv,\n"
    "central.csv when present, time_to_card.csv; see docs/results.md) and writes\n"
    "DIR/plots/ (gnuplot scripts, data, PNG and SVG images) and DIR/report.html.\n"
    "Nothing is simulated again. gnuplot is run from PATH unless --gnuplot names it.\n"
    "exit status: 0 written, 1 gnuplot or writing failed, 2 bad usage, a missing or\n"
    "malformed result file, or gnuplot not installed.\n";

int ktpsim_cmd_report(int argc, char **argv)
{
    const char *dir = NULL;
    viz_report_options options = {0};
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(report_help, stdout);
            return 0;
        }
    const cli_option gnuplot = CLI_TEXT_OPT("--gnuplot", &options.gnuplot);
    if (cli_parse("ktpsim report", argc, argv, &gnuplot, 1, &dir, 1, NULL) != 0) {
        fputs(report_help, stderr);
        return 2;
    }
    if (!dir || !dir[0]) {
        fprintf(stderr, "ktpsim report: no result folder given\n%s", report_help);
        return 2;
    }
    char why[1024] = "";
    int status = viz_report_make(dir, &options, why, sizeof why);
    switch (status) {
    case VIZ_OK:
        printf("%s/report.html written, plots in %s/plots/\n", dir, dir);
        return 0;
    case VIZ_EINPUT:
        fprintf(stderr, "ktpsim report: %s\n", why);
        return 2;
    case VIZ_ENOGNUPLOT:
        fprintf(stderr, "ktpsim report: %s; install it with `apt-get install gnuplot-nox`\n",
                why);
        return 2;
    default:
        fprintf(stderr, "ktpsim report: %s: %s\n", viz_strerror(status), why);
        return 1;
    }
}
