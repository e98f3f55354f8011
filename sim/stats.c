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

int sim_stats_ci_within(const double *values, size_t n, double level, double low, double high,
                        sim_ci *out)
{
    int status = sim_stats_ci(values, n, level, out);
    if (!(low <= high))
        return SIM_EINVAL;
    if (status != SIM_OK)
        return status;
    out->lo = out->lo < low ? low : out->lo > high ? high : out->lo;
    out->hi = out->hi > high ? high : out->hi < low ? low : out->hi;
    return SIM_OK;
}

int sim_stats_wilson(size_t successes, size_t trials, double level, sim_ci *out)
{
    out->n = trials;
    out->mean = out->lo = out->hi = out->sd = out->half_width = NAN;
    if (trials == 0 || successes > trials || !(level > 0 && level < 1))
        return SIM_EINVAL;
    double n = (double)trials, p = (double)successes / n;
    double z = gsl_cdf_ugaussian_Pinv((1 + level) / 2);
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * sqrt(p * (1 - p) / n + z2n / (4 * n));
    out->mean = p;
    /* At 0 or n successes the exact bound is 0 or 1; rounding must not leave it a hair off. */
    out->lo = successes == 0 ? 0.0 : fmax(0.0, centre - half);
    out->hi = successes == trials ? 1.0 : fmin(1.0, centre + half);
    return SIM_OK;
}
