/* The distribution plots of the report: time-to-card CDF per region with the one-hour
 * line, and where time goes (stacked mean time per stage per region, with a second chart
 * of the same means and their confidence intervals when there were replications). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/report_internal.h"
#include "viz/status.h"

static void cdf_block(viz_text *dat, const viz_results *r, size_t region)
{
    viz_text_printf(dat, "# region %s: hours share_le\n", r->regions[region].code);
    for (size_t i = 0; i < r->cdf_count; i++) {
        if (r->cdf[i].region != region || r->cdf[i].upper_s <= 0)
            continue;
        viz__dat_number(dat, r->cdf[i].upper_s / 3600.0);
        viz__dat_number(dat, r->cdf[i].share_le);
        viz_text_append(dat, "\n");
    }
    viz_text_append(dat, "\n\n");
}

static int region_has_cdf(const viz_results *r, size_t region)
{
    for (size_t i = 0; i < r->cdf_count; i++)
        if (r->cdf[i].region == region && r->cdf[i].upper_s > 0)
            return 1;
    return 0;
}

/* One line of the CDF plot's legend: "Name (code): 8.0% within 1 h [6.1, 9.9]". */
static void cdf_title(const viz_results *r, size_t region, char *buf, size_t size)
{
    char label[300];
    viz__region_label(&r->regions[region], label, sizeof label);
    viz_stat s;
    if (!viz__within_1h(r, region, &s))
        snprintf(buf, size, "%s", label);
    else if ((s.has & VIZ_HAS_CI) && r->replications > 1)
        snprintf(buf, size, "%s: %.1f%% within 1 h (95%% CI %.1f-%.1f)", label, 100 * s.mean,
                 100 * s.ci_lo, 100 * s.ci_hi);
    else
        snprintf(buf, size, "%s: %.1f%% within 1 h", label, 100 * s.mean);
}

int viz__plot_time_to_card(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    size_t n = r->region_count, idx[VIZ__MAX_LINES], shown;
    double *score = calloc(n ? n : 1, sizeof *score);
    if (!score)
        return VIZ_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        viz_stat s;
        score[i] = !region_has_cdf(r, i) ? -INFINITY
                   : viz__within_1h(r, i, &s) ? -s.mean : 0;
    }
    shown = viz__pick_regions(score, n, VIZ__MAX_LINES, idx);
    free(score);

    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    char title[256];
    snprintf(title, sizeof title, "Time to card: share of cards printed within t%s",
             n > shown ? " (regions with the lowest share within 1 h)" : "");
    viz__gp_begin(&gp, "time_to_card", title);
    viz_text_append(&gp, "set xlabel 'hours from start of recording to card printed (log)'\n"
                         "set ylabel 'share of cards printed'\nset logscale x\n"
                         "set yrange [0:1.02]\nset key outside bottom center maxrows 6\n"
                         "set arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lw 2 "
                         "lc rgb '#cc0000'\n"
                         "set label 'one hour' at 1, graph 0.97 offset 0.5,0 tc rgb '#cc0000'\n"
                         "plot ");
    int block = 0;
    viz_text ci;
    viz_text_init(&ci);
    for (size_t k = 0; k < shown; k++) {
        if (!region_has_cdf(r, idx[k]))
            continue;
        cdf_block(&dat, r, idx[k]);
        char line_title[512];
        cdf_title(r, idx[k], line_title, sizeof line_title);
        viz_text_printf(&gp, "%s'time_to_card.dat' index %d using 1:2 with steps lw 2 lc %d "
                             "title ", block ? ", \\\n     " : "", block, block + 1);
        viz__gp_string(&gp, line_title);
        viz_stat s;
        if (r->replications > 1 && viz__within_1h(r, idx[k], &s) && (s.has & VIZ_HAS_CI)) {
            viz_text_printf(&ci, "%d", block + 1);
            viz__dat_number(&ci, s.mean);
            viz__dat_number(&ci, s.ci_lo);
            viz__dat_number(&ci, s.ci_hi);
            viz_text_append(&ci, "\n");
        }
        block++;
    }
    if (block == 0)
        viz_text_append(&gp, "NaN notitle");
    if (ci.len) {
        /* The CI of the share within one hour, drawn at x = 1 h, nudged per region. */
        viz_text_append(&dat, "# 95% CI of the share within 1 h: line mean lo hi\n");
        viz_text_append(&dat, ci.data);
        viz_text_printf(&gp, ", \\\n     'time_to_card.dat' index %d using "
                             "(1*1.04**($1-%d/2.0)):2:3:4:1 with yerrorbars lc variable pt 7 "
                             "title '95%% CI of the share within 1 h'",
                        block, block);
    }
    viz_text_fini(&ci);
    viz_text_append(&gp, "\n");
    viz__gp_end(&gp, "time_to_card");
    return viz__plot_add(rep, "time_to_card",
                         "Time to card (CDF) per region; dashed red line: one hour. The legend "
                         "gives each region's share of cards printed within one hour.",
                         &dat, &gp, why, why_size);
}

static double stage_mean(const viz_region *g, int stage, viz_stat *out)
{
    const viz_stat *s = viz_region_metric(g, viz__stage_metric[stage]);
    memset(out, 0, sizeof *out);
    if (s && (s->has & VIZ_HAS_MEAN))
        *out = *s;
    return out->mean / 3600.0;
}

static void stage_rows(const viz_results *r, const size_t *idx, size_t shown, viz_text *dat,
                       int with_ci)
{
    viz_text_append(dat, "region");
    for (int k = 0; k < VIZ__STAGES; k++)
        viz_text_printf(dat, with_ci ? " %s lo hi" : " %s", viz__stage_name[k]);
    viz_text_append(dat, "\n");
    for (size_t i = 0; i < shown; i++) {
        const viz_region *g = &r->regions[idx[i]];
        viz__dat_string(dat, g->name);
        for (int k = 0; k < VIZ__STAGES; k++) {
            viz_stat s;
            double hours = stage_mean(g, k, &s);
            viz__dat_number(dat, hours);
            if (with_ci) {
                int ci = (s.has & VIZ_HAS_CI) != 0;
                viz__dat_number(dat, ci ? s.ci_lo / 3600.0 : hours);
                viz__dat_number(dat, ci ? s.ci_hi / 3600.0 : hours);
            }
        }
        viz_text_append(dat, "\n");
    }
}

static int stage_ci_plot(viz__report *rep, const size_t *idx, size_t shown, char *why,
                         size_t why_size)
{
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    stage_rows(rep->r, idx, shown, &dat, 1);
    viz__gp_begin(&gp, "stage_time_ci", "Mean hours per stage per region, with 95% CI");
    viz_text_append(&gp, "set style data histograms\n"
                         "set style histogram errorbars gap 2 lw 1\n"
                         "set style fill solid 0.8 border -1\nset ylabel 'hours per card'\n"
                         "set yrange [0:*]\nset xtics rotate by -30\n"
                         "plot for [i=0:6] 'stage_time_ci.dat' using (column(2+3*i)):"
                         "(column(3+3*i)):(column(4+3*i)):xtic(1) title columnheader(2+3*i)\n");
    viz__gp_end(&gp, "stage_time_ci");
    return viz__plot_add(rep, "stage_time_ci",
                         "Mean time per stage per region with Student-t 95% confidence "
                         "intervals over the replications.",
                         &dat, &gp, why, why_size);
}

int viz__plot_stage_time(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    size_t n = r->region_count, idx[VIZ__MAX_BARS], shown;
    double *score = calloc(n ? n : 1, sizeof *score);
    if (!score)
        return VIZ_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        score[i] = 0;
        for (int k = 0; k < VIZ__STAGES; k++) {
            viz_stat s;
            score[i] += stage_mean(&r->regions[i], k, &s);
        }
    }
    shown = viz__pick_regions(score, n, VIZ__MAX_BARS, idx);
    free(score);
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    stage_rows(r, idx, shown, &dat, 0);
    viz__gp_begin(&gp, "stage_time", n > shown ? "Where time goes (regions with the most time "
                                                 "per card)" : "Where time goes");
    viz_text_append(&gp, "set style data histograms\nset style histogram rowstacked\n"
                         "set style fill solid 0.85 border -1\nset boxwidth 0.7\n"
                         "set ylabel 'mean hours per card issued'\nset yrange [0:*]\n"
                         "set xtics rotate by -30\n"
                         "plot for [i=2:8] 'stage_time.dat' using i:xtic(1) "
                         "title columnheader(i)\n");
    viz__gp_end(&gp, "stage_time");
    int status = viz__plot_add(rep, "stage_time",
                               "Where time goes: mean hours per card issued spent in each stage "
                               "(waiting included), stacked per region.",
                               &dat, &gp, why, why_size);
    if (status == VIZ_OK && r->replications > 1)
        status = stage_ci_plot(rep, idx, shown, why, why_size);
    return status;
}
