/* Shared between viz/report*.c: the plot list, gnuplot script helpers and region picking.
 * Not a public interface. */
#ifndef VIZ_REPORT_INTERNAL_H
#define VIZ_REPORT_INTERNAL_H

#include <stddef.h>

#include "viz/results.h"
#include "viz/series.h"
#include "viz/text.h"

#define VIZ__MAX_PLOTS 12
/* Plots that draw one line per region show at most this many (legends stay readable). */
#define VIZ__MAX_LINES 12
/* The stage bar charts show at most this many regions. */
#define VIZ__MAX_BARS 30

typedef struct viz__plot {
    char name[32];     /* file stem: plots/NAME.{gp,dat,png,svg} */
    char caption[512]; /* plain text, HTML-escaped by the page writer */
} viz__plot;

typedef struct viz__report {
    const viz_results *r;
    char dir[4096]; /* where scripts, data and images go */
    viz__plot plots[VIZ__MAX_PLOTS];
    size_t plot_count;
} viz__report;

/* Writes one plot's data and script into rep->dir and adds it to rep->plots. `dat` and
 * `gp` are consumed (finalised) whatever happens. */
int viz__plot_add(viz__report *rep, const char *name, const char *caption, viz_text *dat,
                  viz_text *gp, char *why, size_t why_size);

/* Script text: terminal set-up and PNG output; then the same plot again as SVG. */
void viz__gp_begin(viz_text *gp, const char *name, const char *title);
void viz__gp_end(viz_text *gp, const char *name);
/* Appends s as a gnuplot single-quoted string literal (quotes doubled, controls dropped). */
void viz__gp_string(viz_text *gp, const char *s);
/* Appends s as a double-quoted data-file field (quotes and backslashes replaced). */
void viz__dat_string(viz_text *dat, const char *s);
/* Appends " %g" or " NaN". */
void viz__dat_number(viz_text *dat, double v);
/* x axis label and range for the daily plots. */
void viz__gp_days(viz_text *gp, const viz_results *r);
/* "Name (code)" into buf. */
void viz__region_label(const viz_region *g, char *buf, size_t size);

/* Picks up to `max` region indices with the highest score (ties: scenario order) and
 * returns them in scenario order in idx; returns how many. */
size_t viz__pick_regions(const double *score, size_t n, size_t max, size_t *idx);

/* The daily.csv column summed over one region (region >= 0) or all (region < 0). */
int viz__daily_series(const viz_results *r, int column, long region, viz_series *s);
/* Share of cards within one hour for a region: regions.csv metric, else the CDF at 1 h.
 * Returns 1 when *stat was found (mean, maybe CI), else 0. */
int viz__within_1h(const viz_results *r, size_t region, viz_stat *stat);

/* The individual plots (report_plots.c, report_series.c). */
int viz__plot_time_to_card(viz__report *rep, char *why, size_t why_size);
int viz__plot_stage_time(viz__report *rep, char *why, size_t why_size);
int viz__plot_queues(viz__report *rep, char *why, size_t why_size);
int viz__plot_suket(viz__report *rep, char *why, size_t why_size);
int viz__plot_blank_stock(viz__report *rep, char *why, size_t why_size);
int viz__plot_central(viz__report *rep, char *why, size_t why_size);
int viz__plot_ikd(viz__report *rep, char *why, size_t why_size);
int viz__plot_observed(viz__report *rep, char *why, size_t why_size); /* report_observed.c */

/* Helpers of report.c shared with report_plan.c. */
struct viz_report_options;
/* The gnuplot program of the options (or on PATH) into out; VIZ_ENOGNUPLOT with why. */
int viz__find_gnuplot(const struct viz_report_options *options, char *out, size_t size,
                      char *why, size_t why_size);
/* Runs `gnuplot NAME.gp` in dir and checks NAME.png and NAME.svg were drawn. */
int viz__run_gnuplot(const char *gnuplot, const char *dir, const char *name, char *why,
                     size_t why_size);
/* Puts the finished temporary plots folder in place of DIR/plots. */
int viz__swap_in(const char *dir, const char *temp, char *why, size_t why_size);
/* Removes a folder holding only plain files. */
void viz__remove_tree(const char *dir);
/* The report of a folder `ktpsim plan` wrote: plots/cost_vs_target and report.html. */
int viz__plan_report(const char *dir, const char *gnuplot, char *why, size_t why_size);

/* The page (report_html.c): builds report.html's text. */
void viz__html_build(const viz_results *r, const viz__plot *plots, size_t plot_count,
                     viz_text *out);

/* Stage metrics of regions.csv in bar order, and their short names. */
#define VIZ__STAGES 7
extern const char *const viz__stage_metric[VIZ__STAGES];
extern const char *const viz__stage_name[VIZ__STAGES];

#endif
