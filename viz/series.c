/* Per-day mean and 95% confidence interval over replications (see series.h). */
#include "viz/series.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "viz/status.h"

int viz_series_init(viz_series *s, int reps, int day_min, int day_max)
{
    memset(s, 0, sizeof *s);
    if (reps < 1 || day_max < day_min)
        return VIZ_EARG;
    s->reps = reps;
    s->day_min = day_min;
    s->days = day_max - day_min + 1;
    size_t cells = (size_t)reps * (size_t)s->days;
    s->cell = calloc(cells, sizeof *s->cell);
    s->present = calloc(cells, 1);
    s->mean = calloc((size_t)s->days, sizeof *s->mean);
    s->lo = calloc((size_t)s->days, sizeof *s->lo);
    s->hi = calloc((size_t)s->days, sizeof *s->hi);
    s->n = calloc((size_t)s->days, sizeof *s->n);
    if (!s->cell || !s->present || !s->mean || !s->lo || !s->hi || !s->n) {
        viz_series_fini(s);
        return VIZ_ENOMEM;
    }
    return VIZ_OK;
}

void viz_series_fini(viz_series *s)
{
    free(s->cell);
    free(s->present);
    free(s->mean);
    free(s->lo);
    free(s->hi);
    free(s->n);
    memset(s, 0, sizeof *s);
}

void viz_series_add(viz_series *s, int rep, int day, double v)
{
    int d = day - s->day_min;
    if (rep < 0 || rep >= s->reps || d < 0 || d >= s->days)
        return;
    size_t i = (size_t)rep * (size_t)s->days + (size_t)d;
    s->cell[i] += v;
    s->present[i] = 1;
}

void viz_series_finish(viz_series *s)
{
    for (int d = 0; d < s->days; d++) {
        double sum = 0, sum_sq = 0;
        int n = 0;
        for (int r = 0; r < s->reps; r++) {
            size_t i = (size_t)r * (size_t)s->days + (size_t)d;
            if (!s->present[i] || !isfinite(s->cell[i]))
                continue;
            sum += s->cell[i];
            n++;
        }
        double mean = n ? sum / n : NAN;
        for (int r = 0; r < s->reps && n > 1; r++) {
            size_t i = (size_t)r * (size_t)s->days + (size_t)d;
            if (s->present[i] && isfinite(s->cell[i]))
                sum_sq += (s->cell[i] - mean) * (s->cell[i] - mean);
        }
        double half = 0;
        if (n > 1)
            half = gsl_cdf_tdist_Pinv(0.975, n - 1.0) * sqrt(sum_sq / (n - 1.0) / n);
        s->n[d] = n;
        s->mean[d] = mean;
        s->lo[d] = mean - half;
        s->hi[d] = mean + half;
    }
}
