/* Out-of-line statistics: sample storage with exact quantiles, tally merging and Student-t
 * confidence intervals. GSL does the order statistics and the t quantile. */
#include "sim/stats.h"

#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

void sim_tally_merge(sim_tally *a, const sim_tally *b)
{
    if (b->count == 0)
        return;
    if (a->count == 0) {
        *a = *b;
        return;
    }
    double n = a->count + b->count;
    double delta = b->mean - a->mean;
    a->m2 += b->m2 + delta * delta * a->count * b->count / n;
    a->mean += delta * b->count / n;
    a->count = n;
    a->min = b->min < a->min ? b->min : a->min;
    a->max = b->max > a->max ? b->max : a->max;
}

void sim_samples_init(sim_samples *s)
{
    s->values = NULL;
    s->count = 0;
    s->capacity = 0;
    s->sorted = 1;
}

void sim_samples_fini(sim_samples *s)
{
    free(s->values);
    sim_samples_init(s);
}

void sim_samples_clear(sim_samples *s)
{
    s->count = 0;
    s->sorted = 1;
}

int sim_samples_add(sim_samples *s, double x)
{
    if (s->count == s->capacity) {
        size_t cap = s->capacity ? 2 * s->capacity : 256;
        double *grown = realloc(s->values, cap * sizeof *grown);
        if (grown == NULL)
            return SIM_ENOMEM;
        s->values = grown;
        s->capacity = cap;
    }
    s->values[s->count++] = x;
    s->sorted = 0;
    return SIM_OK;
}

int sim_samples_quantile(sim_samples *s, double p, double *out)
{
    *out = NAN;
    if (!(p >= 0 && p <= 1) || s->count == 0)
        return SIM_EINVAL;
    if (!s->sorted) {
        gsl_sort(s->values, 1, s->count);
        s->sorted = 1;
    }
    *out = gsl_stats_quantile_from_sorted_data(s->values, 1, s->count, p);
    return SIM_OK;
}

int sim_stats_ci(const double *values, size_t n, double level, sim_ci *out)
{
    out->n = n;
    out->mean = n > 0 ? gsl_stats_mean(values, 1, n) : NAN;
    out->sd = NAN;
    out->half_width = NAN;
    out->lo = NAN;
    out->hi = NAN;
    if (n < 2 || !(level > 0 && level < 1))
        return SIM_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(values[i]))
            return SIM_EINVAL;
    out->sd = gsl_stats_sd_m(values, 1, n, out->mean);
    double t = gsl_cdf_tdist_Pinv((1 + level) / 2, (double)(n - 1));
    if (!isfinite(t))
        return SIM_EGSL;
    out->half_width = t * out->sd / sqrt((double)n);
    out->lo = out->mean - out->half_width;
    out->hi = out->mean + out->half_width;
    return SIM_OK;
}
