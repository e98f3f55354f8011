/* report.html: one page with the scenario's name, source and seed, the summary table, the
 * bottleneck per region and the plots (PNG beside the page, SVG linked). Every text that
 * comes from the result files is HTML-escaped. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz/report_internal.h"

static const char page_style[] =
    "body{font-family:'DejaVu Sans',sans-serif;margin:2em auto;max-width:1000px;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
    "td:first-child,th:first-child,.text{text-align:left}"
    "th{background:#eee}figure{margin:2em 0}img{max-width:100%;height:auto}"
    ".meta{color:#555}.bad{color:#b00;font-weight:bold}#missing{color:#b00}";

/* Counts the images that loaded, for readers (a warning) and for the browser test. */
static const char page_script[] =
    "<script>\nwindow.addEventListener('load', function () {\n"
    "  var images = document.images, loaded = 0;\n"
    "  for (var i = 0; i < images.length; i++)\n"
    "    if (images[i].complete && images[i].naturalWidth > 0) loaded++;\n"
    "  document.body.setAttribute('data-images-loaded', String(loaded));\n"
    "  if (loaded < images.length) {\n"
    "    var note = document.getElementById('missing');\n"
    "    note.hidden = false;\n"
    "    note.textContent = (images.length - loaded) + ' of ' + images.length +\n"
    "      ' plots did not load: keep report.html next to its plots folder.';\n"
    "  }\n});\n</script>\n";

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A value in the metric's unit: shares as percentages, seconds as s, min or h. */
static void put_value(viz_text *t, const char *metric, double v)
{
    if (!isfinite(v))
        viz_text_append(t, "");
    else if (ends_with(metric, "_share"))
        viz_text_printf(t, "%.1f%%", 100 * v);
    else if (ends_with(metric, "_s") && fabs(v) >= 3600)
        viz_text_printf(t, "%.1f h", v / 3600);
    else if (ends_with(metric, "_s") && fabs(v) >= 60)
        viz_text_printf(t, "%.1f min", v / 60);
    else if (ends_with(metric, "_s"))
        viz_text_printf(t, "%.1f s", v);
    else
        viz_text_printf(t, "%.6g", v);
}

static void stat_cells(viz_text *t, const char *metric, const viz_stat *s)
{
    viz_text_append(t, "<td>");
    if (s->has & VIZ_HAS_MEAN)
        put_value(t, metric, s->mean);
    viz_text_append(t, "</td><td>");
    if (s->has & VIZ_HAS_CI) {
        put_value(t, metric, s->ci_lo);
        viz_text_append(t, " &ndash; ");
        put_value(t, metric, s->ci_hi);
    }
    viz_text_append(t, "</td>");
    const double p[] = {s->p50, s->p90, s->p95, s->p99};
    const unsigned bit[] = {VIZ_HAS_P50, VIZ_HAS_P90, VIZ_HAS_P95, VIZ_HAS_P99};
    for (int k = 0; k < 4; k++) {
        viz_text_append(t, "<td>");
        if (s->has & bit[k])
            put_value(t, metric, p[k]);
        viz_text_append(t, "</td>");
    }
}

static void header(viz_text *t, const viz_results *r)
{
    viz_text_append(t, "<h1>");
    viz_text_append_html(t, r->scenario);
    viz_text_append(t, "</h1>\n<p class=\"meta\">Source: ");
    viz_text_append_html(t, r->source[0] ? r->source : "(not given)");
    viz_text_printf(t, "<br>Seed: %.0f &middot; replications: %d", r->seed, r->replications);
    if (r->horizon_days)
        viz_text_printf(t, " &middot; horizon: %d days (warm-up %d)", r->horizon_days,
                        r->warmup_days);
    if (r->start_date[0]) {
        viz_text_append(t, " &middot; start: ");
        viz_text_append_html(t, r->start_date);
    }
    if (r->invariants_ok == 0)
        viz_text_append(t, "<br><span class=\"bad\">Invariant check FAILED: "
                           "these results come from a broken run.</span>");
    else if (r->invariants_ok == 1)
        viz_text_append(t, " &middot; invariants: ok");
    viz_text_append(t, "</p>\n<p id=\"missing\" hidden></p>\n");
}

static void summary_table(viz_text *t, const viz_results *r)
{
    viz_text_append(t, "<h2>Summary</h2>\n");
    if (r->metric_count == 0) {
        viz_text_append(t, "<p>summary.json has no metrics.</p>\n");
        return;
    }
    viz_text_append(t, "<p class=\"meta\">Mean over replications, its Student-t 95% "
                       "confidence interval, and percentiles (docs/results.md says of what). "
                       "Times in seconds (s), minutes or hours (h).</p>\n");
    viz_text_append(t, "<table>\n<tr><th>metric</th><th>mean</th><th>95% CI</th><th>p50</th>"
                       "<th>p90</th><th>p95</th><th>p99</th></tr>\n");
    for (size_t i = 0; i < r->metric_count; i++) {
        viz_text_append(t, "<tr><td>");
        viz_text_append_html(t, r->metrics[i].name);
        viz_text_append(t, "</td>");
        stat_cells(t, r->metrics[i].name, &r->metrics[i].stat);
        viz_text_append(t, "</tr>\n");
    }
    viz_text_append(t, "</table>\n");
}

/* The summary's bottleneck, else the stage with the most mean time in regions.csv. */
static const char *bottleneck(const viz_region *g)
{
    if (g->bottleneck[0])
        return g->bottleneck;
    const char *worst = "";
    double most = 0;
    for (int k = 0; k < VIZ__STAGES; k++) {
        const viz_stat *s = viz_region_metric(g, viz__stage_metric[k]);
        if (s && (s->has & VIZ_HAS_MEAN) && s->mean > most) {
            most = s->mean;
            worst = viz__stage_name[k];
        }
    }
    return worst;
}

static void region_table(viz_text *t, const viz_results *r)
{
    viz_text_append(t, "<h2>Regions</h2>\n<table>\n<tr><th>code</th>"
                       "<th class=\"text\">region</th><th class=\"text\">bottleneck</th>"
                       "<th>cards within 1 h</th><th>95% CI</th><th>mean time to card</th>"
                       "</tr>\n");
    for (size_t i = 0; i < r->region_count; i++) {
        const viz_region *g = &r->regions[i];
        viz_text_append(t, "<tr><td>");
        viz_text_append_html(t, g->code);
        viz_text_append(t, "</td><td class=\"text\">");
        viz_text_append_html(t, g->name);
        viz_text_append(t, "</td><td class=\"text\">");
        viz_text_append_html(t, bottleneck(g));
        viz_text_append(t, "</td><td>");
        viz_stat s;
        if (viz__within_1h(r, i, &s))
            put_value(t, "_share", s.mean);
        viz_text_append(t, "</td><td>");
        if (viz__within_1h(r, i, &s) && (s.has & VIZ_HAS_CI)) {
            put_value(t, "_share", s.ci_lo);
            viz_text_append(t, " &ndash; ");
            put_value(t, "_share", s.ci_hi);
        }
        viz_text_append(t, "</td><td>");
        const viz_stat *ttc = viz_region_metric(g, "time_to_card_s");
        if (ttc && (ttc->has & VIZ_HAS_MEAN))
            put_value(t, "time_to_card_s", ttc->mean);
        viz_text_append(t, "</td></tr>\n");
    }
    viz_text_append(t, "</table>\n");
}

static void figures(viz_text *t, const viz__plot *plots, size_t n)
{
    viz_text_append(t, "<h2>Plots</h2>\n");
    for (size_t k = 0; k < n; k++) {
        viz_text_append(t, "<figure id=\"");
        viz_text_append_html(t, plots[k].name);
        viz_text_append(t, "\"><img src=\"plots/");
        viz_text_append_html(t, plots[k].name);
        viz_text_append(t, ".png\" width=\"960\" height=\"540\" alt=\"");
        viz_text_append_html(t, plots[k].caption);
        viz_text_append(t, "\"><figcaption>");
        viz_text_append_html(t, plots[k].caption);
        viz_text_append(t, " <a href=\"plots/");
        viz_text_append_html(t, plots[k].name);
        viz_text_append(t, ".svg\">SVG</a> &middot; <a href=\"plots/");
        viz_text_append_html(t, plots[k].name);
        viz_text_append(t, ".gp\">gnuplot script</a></figcaption></figure>\n");
    }
}

void viz__html_build(const viz_results *r, const viz__plot *plots, size_t plot_count,
                     viz_text *out)
{
    viz_text_append(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<title>");
    viz_text_append_html(out, r->scenario);
    viz_text_printf(out, " &ndash; ktpsim report</title>\n<style>%s</style>\n</head>\n"
                         "<body data-images-total=\"%zu\">\n",
                    page_style, plot_count);
    header(out, r);
    summary_table(out, r);
    viz__html_targets(out, r);
    region_table(out, r);
    figures(out, plots, plot_count);
    viz_text_append(out, "<p class=\"meta\">Made by <code>ktpsim report</code> from the result "
                         "files in this folder; the plots' data and gnuplot scripts are in "
                         "<code>plots/</code>.</p>\n");
    viz_text_append(out, page_script);
    viz_text_append(out, "</body>\n</html>\n");
}
