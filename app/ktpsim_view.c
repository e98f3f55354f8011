/* `ktpsim view`: the SDL2 viewer (viz/view.h) on a live replication of a scenario
 * (viz/live.h) or on the demo model, or a headless screenshot of either. Exit codes:
 * 0 done, 1 SDL, the simulation or writing failed, 2 bad usage or an invalid scenario. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli_args.h"
#include "app/ktpsim_viz.h"
#include "viz/live.h"
#include "models/scenario/scenario.h"
#include "viz/status.h"
#include "viz/view.h"

static const char view_help[] =
    "usage: ktpsim view (SCENARIO | --demo) [--metric M] [--seed S] [--speed S]\n"
    "                   [--size WxH] [--font TTF] [--days D]\n"
    "                   [--screenshot FILE.png --at-day D]\n"
    "\n"
    "Runs replication 0 of SCENARIO live (the same events as `ktpsim run` with the same\n"
    "--seed, default the scenario's seed) and shows its regions as tiles grouped by\n"
    "province, coloured by a metric: queue, stock, within1h or connectivity (--metric,\n"
    "default queue), with the date and clock and the pipeline's counters.\n"
    "Keys: space pause, right/s step one hour, + and - speed, m or 1-4 metric,\n"
    "click a region for details, q quit. --speed is simulated seconds per real second\n"
    "(default 3600). --demo runs a synthetic model of --days days (28).\n"
    "--screenshot draws one frame at --at-day D without a display and saves it as PNG\n"
    "(1280x720, or 1920x1200 for scenarios of more than 150 regions, unless --size).\n"
    "exit status: 0 done, 1 SDL, the simulation or writing failed, 2 bad usage or an\n"
    "invalid scenario.\n";

typedef struct view_args {
    const char *scenario, *screenshot;
    int demo, has_seed;
    unsigned long long seed;
    double at_day, days;
    viz_view_options options;
} view_args;

/* A number of days, a speed factor: finite, from 0 to a million (cli_args.h). */
static int parse_number(const char *s, double *out)
{
    return cli_real(s, 0, 1e6, out) == 0;
}

/* Returns -1 to continue, else an exit status. */
static int parse(int argc, char **argv, view_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int w, h;
        char tail;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(view_help, stdout);
            return 0;
        } else if (strcmp(arg, "--demo") == 0) {
            a->demo = 1;
            continue;
        } else if (arg[0] != '-' && !a->scenario) {
            a->scenario = arg;
            continue;
        } else if (!value) {
            fprintf(stderr, "ktpsim view: %s %s\n%s", arg,
                    arg[0] == '-' ? "needs a value" : "is an unexpected argument", view_help);
            return 2;
        }
        i++;
        int ok = 1;
        if (strcmp(arg, "--metric") == 0)
            ok = (int)(a->options.metric = (viz_metric_kind)viz_metric_parse(value)) >= 0;
        else if (strcmp(arg, "--speed") == 0)
            ok = parse_number(value, &a->options.speed) && a->options.speed > 0;
        else if (strcmp(arg, "--at-day") == 0)
            ok = parse_number(value, &a->at_day);
        else if (strcmp(arg, "--days") == 0)
            ok = parse_number(value, &a->days) && a->days > 0;
        else if (strcmp(arg, "--seed") == 0)
            ok = cli_unsigned(value, &a->seed) == 0 && (a->has_seed = 1);
        else if (strcmp(arg, "--screenshot") == 0)
            a->screenshot = value;
        else if (strcmp(arg, "--font") == 0)
            a->options.font_path = value;
        else if (strcmp(arg, "--size") == 0)
            ok = sscanf(value, "%dx%d%c", &w, &h, &tail) == 2 && w >= 320 && h >= 240 &&
                 w <= 8000 && h <= 8000 && (a->options.width = w, a->options.height = h);
        else
            ok = 0;
        if (!ok) {
            fprintf(stderr, "ktpsim view: bad option %s %s\n%s", arg, value, view_help);
            return 2;
        }
    }
    return -1;
}

#define BIG_SCENARIO_REGIONS 150

static void print_errors(const scenario_errors *errors)
{
    for (size_t i = 0; i < errors->count; i++)
        fprintf(stderr, "%s\n", errors->messages[i]);
    if (errors->dropped > 0)
        fprintf(stderr, "ktpsim view: %zu more errors not shown\n", errors->dropped);
}

/* Shows (or screenshots) model; returns the exit status. */
static int show(const viz_model *model, const view_args *a)
{
    char why[1024] = "";
    int status = a->screenshot ? viz_view_screenshot(model, &a->options, a->at_day,
                                                     a->screenshot, why, sizeof why)
                               : viz_view_run(model, &a->options, why, sizeof why);
    if (status != VIZ_OK) {
        fprintf(stderr, "ktpsim view: %s\n", why);
        return status == VIZ_EARG ? 2 : 1;
    }
    if (a->screenshot)
        printf("%s written (day %g)\n", a->screenshot, a->at_day);
    return 0;
}

static int view_demo(const view_args *a)
{
    viz_model *model = viz_demo_create(a->days);
    if (!model) {
        fprintf(stderr, "ktpsim view: out of memory\n");
        return 1;
    }
    int exit_status = show(model, a);
    viz_demo_destroy(model);
    return exit_status;
}

static int view_scenario(const view_args *a)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    int status = scenario_load_file(a->scenario, &s, &errors);
    print_errors(&errors);
    scenario_errors_fini(&errors);
    if (status != SCENARIO_OK)
        return status == SCENARIO_ENOMEM ? 1 : 2;
    live_run *run = live_run_create(s, a->has_seed ? (uint64_t)a->seed : s->seed, 0);
    int exit_status = 1;
    view_args shown = *a;
    /* At 1280 x 720 the viewer's layout cannot fit hundreds of regions (the national
     * scenario's 514 overflow the map), so a screenshot without --size gets room for them. */
    if (a->screenshot && a->options.width == 0 && s->region_count > BIG_SCENARIO_REGIONS) {
        shown.options.width = 1920;
        shown.options.height = 1200;
    }
    if (!run)
        fprintf(stderr, "ktpsim view: out of memory\n");
    else
        exit_status = show(live_run_model(run), &shown);
    live_run_destroy(run);
    scenario_destroy(s);
    return exit_status;
}

int ktpsim_cmd_view(int argc, char **argv)
{
    view_args a = {.days = 28};
    int exit_status = parse(argc, argv, &a);
    if (exit_status >= 0)
        return exit_status;
    if (a.demo)
        return view_demo(&a);
    if (!a.scenario) {
        fprintf(stderr, "ktpsim view: no scenario given (or --demo)\n%s", view_help);
        return 2;
    }
    return view_scenario(&a);
}
