/* The time-series plots of the report: queues per stage, suket backlog, blank stock per
 * region with stockouts shaded, the central warehouse, IKD adoption against its targets.
 * Each line is the mean over replications; with replications, a shaded band is its
 * Student-t 95% confidence interval. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/report_internal.h"
#include "viz/status.h"

static void put_stat(viz_text *dat, const viz_series *s, int d)
{
    viz__dat_number(dat, s->mean[d]);
    viz__dat_number(dat, s->lo[d]);
    viz__dat_number(dat, s->hi[d]);
}

/* Appends the band (when reps > 1) and the mean line of the series whose mean is in column
 * `col` (lo, hi follow it). */
static void band_and_line(viz_text *gp, const char *file, int reps, int col, int color,
                          const char *title, int *first)
{
    if (reps > 1) {
        viz_text_printf(gp, "%s'%s' using 1:%d:%d with filledcurves fs transparent solid 0.2 "
                            "noborder lc %d notitle",
                        *first ? "" : ", \\\n     ", file, col + 1, col + 2, color);
        *first = 0;
    }
    viz_text_printf(gp, "%s'%s' using 1:%d with lines lw 2 lc %d title ",
                    *first ? "" : ", \\\n     ", file, col, color);
    viz__gp_string(gp, title);
    *first = 0;
}

int viz__plot_queues(viz__report *rep, char *why, size_t why_size)
{
    static const int cols[] = {VIZ_D_Q_RECORDING, VIZ_D_Q_UPLOAD, VIZ_D_Q_DEDUP,
                               VIZ_D_Q_REVIEW, VIZ_D_Q_PRINT};
    static const char *const names[] = {"recording", "upload", "dedup", "review", "print"};
    const viz_results *r = rep->r;
    viz_series s[5];
    int status = VIZ_OK, built = 0;
    for (; built < 5 && status == VIZ_OK; built++) {
        status = viz__daily_series(r, cols[built], -1, &s[built]);
        if (status == VIZ_OK)
            viz_series_finish(&s[built]);
    }
    if (status != VIZ_OK)
        built--;
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    if (status == VIZ_OK) {
        viz_text_append(&dat, "# day, then mean lo hi per queue: recording upload dedup review"
                              " print (all regions)\n");
        for (int d = 0; d < s[0].days; d++) {
            viz_text_printf(&dat, "%d", r->day_min + d);
            for (int k = 0; k < 5; k++)
                put_stat(&dat, &s[k], d);
            viz_text_append(&dat, "\n");
        }
        viz__gp_begin(&gp, "queues", "Applicants waiting per stage, end of day (all regions)");
        viz__gp_days(&gp, r);
        viz_text_append(&gp, "set ylabel 'applicants waiting'\nset yrange [0:*]\nplot ");
        int first = 1;
        for (int k = 0; k < 5; k++)
            band_and_line(&gp, "queues.dat", r->replications, 2 + 3 * k, k + 1, names[k],
                          &first);
        viz_text_append(&gp, "\n");
        viz__gp_end(&gp, "queues");
    }
    for (int k = 0; k < built; k++)
        viz_series_fini(&s[k]);
    if (status != VIZ_OK) {
        viz_text_fini(&dat);
        viz_text_fini(&gp);
        return status;
    }
    return viz__plot_add(rep, "queues", "Queues per stage over time, summed over regions.", &dat,
                         &gp, why, why_size);
}

int viz__plot_suket(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    viz_series s;
    int status = viz__daily_series(r, VIZ_D_SUKET_BACKLOG, -1, &s);
    if (status != VIZ_OK)
        return status;
    viz_series_finish(&s);
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    viz_text_append(&dat, "# day suket_backlog(mean lo hi), all regions\n");
    for (int d = 0; d < s.days; d++) {
        viz_text_printf(&dat, "%d", r->day_min + d);
        put_stat(&dat, &s, d);
        viz_text_append(&dat, "\n");
    }
    viz_series_fini(&s);
    viz__gp_begin(&gp, "suket_backlog",
                  "Suket backlog: temporary letters held until a card is printed");
    viz__gp_days(&gp, r);
    viz_text_append(&gp, "set ylabel 'suket holders without a card'\nset yrange [0:*]\nplot ");
    int first = 1;
    band_and_line(&gp, "suket_backlog.dat", r->replications, 2, 1, "suket backlog", &first);
    viz_text_append(&gp, "\n");
    viz__gp_end(&gp, "suket_backlog");
    return viz__plot_add(rep, "suket_backlog", "Suket backlog over time, summed over regions.",
                         &dat, &gp, why, why_size);
}

/* Per region: blank stock and the share of replications with a stockout that day. */
static int stock_data(const viz_results *r, const size_t *idx, size_t shown, viz_text *dat,
                      double *ymax)
{
    viz_series *stock = calloc(shown, sizeof *stock), *out = calloc(shown, sizeof *out);
    int status = stock && out ? VIZ_OK : VIZ_ENOMEM;
    size_t built = 0;
    for (; built < shown && status == VIZ_OK; built++) {
        status = viz__daily_series(r, VIZ_D_BLANK_STOCK, (long)idx[built], &stock[built]);
        if (status == VIZ_OK)
            status = viz__daily_series(r, VIZ_D_STOCKOUT, (long)idx[built], &out[built]);
        if (status != VIZ_OK)
            viz_series_fini(&stock[built]);
    }
    if (status != VIZ_OK && built)
        built--;
    *ymax = 1;
    for (size_t k = 0; k < built && status == VIZ_OK; k++) {
        viz_series_finish(&stock[k]);
        viz_series_finish(&out[k]);
        for (int d = 0; d < stock[k].days; d++)
            if (isfinite(stock[k].hi[d]) && stock[k].hi[d] > *ymax)
                *ymax = stock[k].hi[d];
    }
    *ymax *= 1.05;
    if (status == VIZ_OK) {
        viz_text_append(dat, "# day, then per region: stock mean lo hi, stockout bar height\n");
        for (int d = 0; shown && d < stock[0].days; d++) {
            viz_text_printf(dat, "%d", r->day_min + d);
            for (size_t k = 0; k < shown; k++) {
                put_stat(dat, &stock[k], d);
                double share = out[k].mean[d];
                viz__dat_number(dat, isfinite(share) && share > 0 ? share * *ymax : NAN);
            }
            viz_text_append(dat, "\n");
        }
    }
    for (size_t k = 0; k < built; k++) {
        viz_series_fini(&stock[k]);
        viz_series_fini(&out[k]);
    }
    free(stock);
    free(out);
    return status;
}

int viz__plot_blank_stock(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    size_t n = r->region_count, idx[VIZ__MAX_LINES];
    double *score = calloc(n, sizeof *score);
    if (!score)
        return VIZ_ENOMEM;
    for (size_t i = 0; i < r->daily_count; i++)
        score[r->daily[i].region] += r->daily[i].value[VIZ_D_STOCKOUT];
    size_t shown = viz__pick_regions(score, n, VIZ__MAX_LINES, idx);
    free(score);
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    double ymax;
    int status = stock_data(r, idx, shown, &dat, &ymax);
    if (status != VIZ_OK) {
        viz_text_fini(&dat);
        return status;
    }
    viz__gp_begin(&gp, "blank_stock", n > shown ? "Blank cards in stock (regions with the most "
                                                  "stockout days)" : "Blank cards in stock");
    viz__gp_days(&gp, r);
    viz_text_printf(&gp, "set ylabel 'blanks at the office, end of day'\nset yrange [0:%g]\n"
                         "set style fill transparent solid 0.18 noborder\nset boxwidth 1\nplot ",
                    ymax);
    int first = 1;
    for (size_t k = 0; k < shown; k++) {
        int col = 2 + 4 * (int)k;
        viz_text_printf(&gp, "%s'blank_stock.dat' using 1:%d with boxes lc %zu %s",
                        first ? "" : ", \\\n     ", col + 3, k + 1,
                        k == 0 ? "title 'stockout (height: share of replications)'"
                               : "notitle");
        first = 0;
        char label[300];
        viz__region_label(&r->regions[idx[k]], label, sizeof label);
        band_and_line(&gp, "blank_stock.dat", r->replications, col, (int)k + 1, label, &first);
    }
    viz_text_append(&gp, "\n");
    viz__gp_end(&gp, "blank_stock");
    return viz__plot_add(rep, "blank_stock",
                         "Blank stock per region over time; shaded bars mark days with a "
                         "stockout (bar height: share of replications with one).",
                         &dat, &gp, why, why_size);
}
