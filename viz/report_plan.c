/* `ktpsim report` on the folder `ktpsim plan` wrote (docs/plan.md): the cost-versus-target
 * table (cost_vs_target.csv) as a plot of the cheapest feasible cost against the threshold,
 * and report.html with the plot and the table. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "viz/report_internal.h"
#include "viz/status.h"

/* Splits a CSV line (no quoting: the planner writes none) into at most max fields. */
static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        fields[n++] = p;
        p = strchr(p, ',');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    return n;
}

/* Reads the table into dat ("threshold cost_million_rp" rows with a feasible cost) and the
 * HTML rows into rows; the metric name into metric. */
static int read_table(const char *dir, viz_text *dat, viz_text *rows, char *metric,
                      size_t metric_size, char *why, size_t why_size)
{
    char path[4200], *text = NULL;
    size_t length;
    snprintf(path, sizeof path, "%s/cost_vs_target.csv", dir);
    int status = viz_file_read(path, &text, &length, why, why_size);
    if (status != VIZ_OK)
        return status;
    char *fields[64], *line = text, *next;
    for (size_t number = 1; status == VIZ_OK && line != NULL && *line; number++, line = next) {
        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        size_t n = split(line, fields, 64);
        char *end = NULL;
        double threshold = number > 1 ? strtod(fields[0], &end) : NAN;
        double cost = n > 1 && *fields[1] ? strtod(fields[1], NULL) : NAN;
        if (number == 1) {
            if (n < 3 || strcmp(fields[0], "threshold") != 0) {
                snprintf(why, why_size, "%s:1: expected the header of cost_vs_target.csv",
                         path);
                status = VIZ_EINPUT;
            }
            continue;
        }
        if (n < 3 || end == fields[0] || !isfinite(threshold)) {
            snprintf(why, why_size, "%s:%zu: expected a threshold and a cost", path, number);
            status = VIZ_EINPUT;
            break;
        }
        snprintf(metric, metric_size, "%s", fields[n - 1]);
        if (isfinite(cost))
            viz_text_printf(dat, "%g %g\n", threshold, cost / 1e6);
        viz_text_printf(rows, "<tr><td>%g</td><td>%s</td><td>", threshold,
                        isfinite(cost) ? "" : "none within the levels");
        if (isfinite(cost))
            viz_text_printf(rows, "Rp %.0f M", cost / 1e6);
        viz_text_append(rows, "</td><td>");
        for (size_t k = 2; k + 1 < n; k++) {
            viz_text_append_html(rows, fields[k]);
            viz_text_append(rows, k + 2 < n ? ", " : "");
        }
        viz_text_append(rows, "</td></tr>\n");
    }
    free(text);
    return status;
}

int viz__plan_report(const char *dir, const char *gnuplot, char *why, size_t why_size)
{
    viz_text dat, gp, rows, page;
    viz_text_init(&dat), viz_text_init(&gp), viz_text_init(&rows), viz_text_init(&page);
    char metric[128] = "the target";
    int status = read_table(dir, &dat, &rows, metric, sizeof metric, why, why_size);
    viz__report rep = {.r = NULL};
    snprintf(rep.dir, sizeof rep.dir, "%s/.plots.tmp.%ld", dir, (long)getpid());
    if (status == VIZ_OK && mkdir(rep.dir, 0755) != 0) {
        snprintf(why, why_size, "%s: %s", rep.dir, strerror(errno));
        status = VIZ_EIO;
    }
    if (status == VIZ_OK) {
        char title[256];
        snprintf(title, sizeof title, "Cheapest configuration meeting %s >= threshold", metric);
        viz__gp_begin(&gp, "cost_vs_target", title);
        viz_text_append(&gp, "set xlabel ");
        viz__gp_string(&gp, metric);
        viz_text_append(&gp, "\nset ylabel 'cost, million rupiah'\n"
                             "plot 'cost_vs_target.dat' using 1:2 with linespoints pt 7 "
                             "title 'cheapest feasible configuration'\n");
        viz__gp_end(&gp, "cost_vs_target");
        status = viz__plot_add(&rep, "cost_vs_target", "The cheapest configuration the planner "
                               "declared feasible for each threshold (thresholds with none "
                               "within the plan's levels are left out).", &dat, &gp, why,
                               why_size);
        if (status == VIZ_OK)
            status = viz__run_gnuplot(gnuplot, rep.dir, "cost_vs_target", why, why_size);
        if (status == VIZ_OK)
            status = viz__swap_in(dir, rep.dir, why, why_size);
        else
            viz__remove_tree(rep.dir);
    }
    if (status == VIZ_OK) {
        viz_text_append(&page, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                               "<title>ktpsim plan</title></head><body>\n"
                               "<h1>Cost versus target</h1>\n<p>");
        viz_text_append_html(&page, rep.plots[0].caption);
        viz_text_append(&page, "</p>\n<img src=\"plots/cost_vs_target.svg\" alt=\"cost versus "
                               "target\">\n<table border=\"1\"><tr><th>threshold</th><th>cost"
                               "</th><th>configuration</th></tr>\n");
        viz_text_append(&page, rows.data ? rows.data : "");
        viz_text_append(&page, "</table>\n<p>plan.json has every candidate the planner "
                               "evaluated; docs/plan.md explains the verdicts.</p>\n"
                               "</body></html>\n");
        char path[4200];
        snprintf(path, sizeof path, "%s/report.html", dir);
        status = page.failed || rows.failed ? VIZ_ENOMEM
                                            : viz_file_write(path, page.data, page.len, why,
                                                             why_size);
    }
    viz_text_fini(&dat), viz_text_fini(&gp), viz_text_fini(&rows), viz_text_fini(&page);
    return status;
}
