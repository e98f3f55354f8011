/* `ktpsim view`: the SDL2 viewer (viz/view.h) on the demo model, or a headless
 * screenshot of it. The live pipeline connects through viz_model once models/ offers a
 * step-wise run; until then a scenario file is refused with a message. Exit codes: 0 done,
 * 1 SDL or writing failed, 2 bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ktpsim_viz.h"
#include "viz/status.h"
#include "viz/view.h"

static const char view_help[] =
    "usage: ktpsim view (SCENARIO | --demo) [--metric M] [--speed S] [--size WxH]\n"
    "                   [--font TTF] [--days D] [--screenshot FILE.png --at-day D]\n"
    "\n"
    "Shows regions as tiles grouped by province, coloured by a metric: queue, stock,\n"
    "within1h or connectivity (--metric, default queue), with the date and clock and the\n"
    "pipeline's counters. Keys: space pause, right/s step one hour, + and - speed,\n"
    "m or 1-4 metric, click a region for details, q quit. --speed is simulated seconds\n"
    "per real second (default 3600). --demo runs a synthetic model of --days days (28).\n"
    "--screenshot draws one frame at --at-day D without a display and saves it as PNG.\n"
    "exit status: 0 done, 1 SDL or writing failed, 2 bad usage.\n";

typedef struct view_args {
    const char *scenario, *screenshot;
    int demo;
    double at_day, days;
    viz_view_options options;
} view_args;

static int parse_number(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return *s && !*end && *out >= 0;
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
            fprintf(stderr, "ktpsim view: unexpected argument '%s'\n%s", arg, view_help);
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

int ktpsim_cmd_view(int argc, char **argv)
{
    view_args a = {.days = 28};
    int exit_status = parse(argc, argv, &a);
    if (exit_status >= 0)
        return exit_status;
    if (!a.demo) {
        if (a.scenario)
            fputs("ktpsim view: the live view of a scenario is not connected to the "
                  "pipeline yet; try `ktpsim view --demo`\n", stderr);
        else
            fprintf(stderr, "ktpsim view: no scenario given (or --demo)\n%s", view_help);
        return 2;
    }
    viz_model *model = viz_demo_create(a.days);
    if (!model) {
        fprintf(stderr, "ktpsim view: out of memory\n");
        return 1;
    }
    char why[1024] = "";
    int status = a.screenshot ? viz_view_screenshot(model, &a.options, a.at_day, a.screenshot,
                                                    why, sizeof why)
                              : viz_view_run(model, &a.options, why, sizeof why);
    viz_demo_destroy(model);
    if (status != VIZ_OK) {
        fprintf(stderr, "ktpsim view: %s\n", why);
        return status == VIZ_EARG ? 2 : 1;
    }
    if (a.screenshot)
        printf("%s written (day %g)\n", a.screenshot, a.at_day);
    return 0;
}
