/* The stockout heat map: for scenarios with more regions than a line plot can show, one row
 * per region (the VIZ__MAX_HEAT_ROWS with the most stockout days, worst at the top) and one
 * column per week, coloured by the share of that week's days (over all replications) on
 * which the office had no blank. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/report_internal.h"
#include "viz/status.h"

/* Days out by region: score[i] = stockout days over all replications. */
static double *stockout_scores(const viz_results *r)
{
    double *score = calloc(r->region_count ? r->region_count : 1, sizeof *score);
    for (size_t i = 0; score != NULL && i < r->daily_count; i++)
        score[r->daily[i].region] += r->daily[i].value[VIZ_D_STOCKOUT];
    return score;
}

/* Order of the picked regions, most days out first (ties: scenario order). */
static void worst_first(const double *score, size_t *idx, size_t shown)
{
    for (size_t a = 1; a < shown; a++)
        for (size_t b = a; b > 0 && score[idx[b]] > score[idx[b - 1]]; b--) {
            size_t t = idx[b];
            idx[b] = idx[b - 1];
            idx[b - 1] = t;
        }
}

/* share[row * weeks + w]: stockout days / days observed in week w for row's region. */
static int weekly_shares(const viz_results *r, const size_t *idx, size_t shown, int weeks,
                         double *share)
{
    int *row_of = malloc((r->region_count ? r->region_count : 1) * sizeof *row_of);
    double *days = calloc(shown * (size_t)weeks, sizeof *days);
    if (row_of == NULL || days == NULL) {
        free(row_of);
        free(days);
        return VIZ_ENOMEM;
    }
    for (size_t i = 0; i < r->region_count; i++)
        row_of[i] = -1;
    for (size_t k = 0; k < shown; k++)
        row_of[idx[k]] = (int)k;
    for (size_t i = 0; i < r->daily_count; i++) {
        const viz_daily_row *d = &r->daily[i];
        int row = row_of[d->region], w = (d->day - r->day_min) / 7;
        if (row < 0)
            continue;
        share[(size_t)row * weeks + w] += d->value[VIZ_D_STOCKOUT];
        days[(size_t)row * weeks + w] += 1;
    }
    for (size_t k = 0; k < shown * (size_t)weeks; k++)
        share[k] = days[k] > 0 ? share[k] / days[k] : 0;
    free(row_of);
    free(days);
    return VIZ_OK;
}

static void heat_script(viz_text *gp, const viz_results *r, const size_t *idx, size_t shown)
{
    char title[160];
    snprintf(title, sizeof title, "Days without blanks, by week (%zu of %zu regions: those out "
             "longest, worst at the top)", shown, r->region_count);
    viz__gp_begin(gp, "stockout_heat", title);
    viz_text_printf(gp, "set xrange [%g:%g]\n", r->day_min - 0.5, r->day_max + 0.5);
    if (viz__date_tics(r->start_date, r->day_min, r->day_max, gp) > 0)
        viz_text_append(gp, "set xlabel 'date (each cell is one week)'\n");
    viz_text_printf(gp, "set yrange [-0.5:%g]\nset ytics scale 0 font ',8' (", shown - 0.5);
    for (size_t k = 0; k < shown; k++) {
        char label[300];
        viz__region_label(&r->regions[idx[k]], label, sizeof label);
        viz_text_append(gp, k ? ", " : "");
        viz__gp_string(gp, label);
        viz_text_printf(gp, " %zu", shown - 1 - k);
    }
    viz_text_append(gp, ")\nset cbrange [0:1]\nset cblabel 'share of days without blanks'\n"
                        "set palette defined (0 '#f7f7f7', 0.3 '#fdd49e', 0.7 '#ef6548', "
                        "1 '#7f0000')\nunset key\n"
                        "plot 'stockout_heat.dat' using 1:2:3:4:($2-0.5):($2+0.5):5 "
                        "with boxxyerror fs solid 1.0 noborder lc palette\n");
}

int viz__plot_stockout_heat(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    int weeks = (r->day_max - r->day_min) / 7 + 1;
    size_t idx[VIZ__MAX_HEAT_ROWS];
    double *score = stockout_scores(r);
    if (score == NULL)
        return VIZ_ENOMEM;
    size_t shown = viz__pick_regions(score, r->region_count, VIZ__MAX_HEAT_ROWS, idx);
    worst_first(score, idx, shown);
    while (shown > 0 && score[idx[shown - 1]] == 0)
        shown--;
    free(score);
    if (shown == 0)
        return VIZ_OK; /* no office ran out: nothing to draw */
    double *share = calloc(shown * (size_t)weeks, sizeof *share);
    int status = share ? weekly_shares(r, idx, shown, weeks, share) : VIZ_ENOMEM;
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    viz_text_append(&dat, "# week centre (day), row (0 = bottom), week start, week end, share "
                          "of days without blanks\n");
    for (size_t k = 0; status == VIZ_OK && k < shown; k++)
        for (int w = 0; w < weeks; w++) {
            double lo = r->day_min + 7.0 * w - 0.5, hi = lo + 7;
            hi = hi > r->day_max + 0.5 ? r->day_max + 0.5 : hi;
            viz_text_printf(&dat, "%g %zu %g %g %g\n", (lo + hi) / 2, shown - 1 - k, lo, hi,
                            share[k * (size_t)weeks + w]);
        }
    free(share);
    if (status != VIZ_OK) {
        viz_text_fini(&dat);
        viz_text_fini(&gp);
        return status;
    }
    heat_script(&gp, r, idx, shown);
    viz__gp_end(&gp, "stockout_heat");
    return viz__plot_add(rep, "stockout_heat",
                         "Where and when blanks ran out: one row per region (the regions out "
                         "of blanks longest, worst at the top), one cell per week, coloured by "
                         "the share of that week's days (over all replications) on which the "
                         "office had no blank.", &dat, &gp, why, why_size);
}
