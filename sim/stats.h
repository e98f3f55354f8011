/* Output statistics: tallies of observations, time-weighted levels, exact quantiles, and
 * confidence intervals across replications (Student t, via GSL).
 * All objects are plain structs the caller embeds; none allocates except sim_samples.
 * Thread safety: one object per thread; the functions keep no shared state. */
#ifndef SIM_STATS_H
#define SIM_STATS_H

#include <math.h>
#include <stddef.h>

#include "sim/status.h"

/* --- tally: count, mean, variance (Welford's update), min, max of observations ---------- */
typedef struct sim_tally {
    double count;
    double mean;
    double m2;   /* sum of squared deviations from the running mean */
    double min, max;
} sim_tally;

/* Empties the tally (also used to drop a warm-up period). */
static inline void sim_tally_reset(sim_tally *t)
{
    t->count = 0;
    t->mean = 0;
    t->m2 = 0;
    t->min = INFINITY;
    t->max = -INFINITY;
}

/* Adds one observation x (any unit; NaN is the caller's bug and poisons the tally). */
static inline void sim_tally_add(sim_tally *t, double x)
{
    t->count += 1;
    double delta = x - t->mean;
    t->mean += delta / t->count;
    t->m2 += delta * (x - t->mean);
    t->min = x < t->min ? x : t->min;
    t->max = x > t->max ? x : t->max;
}

/* Mean of the observations; NaN when there are none. */
static inline double sim_tally_mean(const sim_tally *t)
{
    return t->count > 0 ? t->mean : NAN;
}

/* Sample variance (divisor count - 1); NaN with fewer than two observations. */
static inline double sim_tally_variance(const sim_tally *t)
{
    return t->count > 1 ? t->m2 / (t->count - 1) : NAN;
}

/* Combines b into a (parallel Welford), as if b's observations had been added to a. */
void sim_tally_merge(sim_tally *a, const sim_tally *b);

/* --- time-weighted level (queue length, busy servers, stock on hand) -------------------- */
typedef struct sim_level {
    double start;   /* time the averaging began (s) */
    double last;    /* time of the last change (s) */
    double level;   /* current value */
    double area;    /* integral of level over [start, last] */
    double max;
} sim_level;

/* Starts averaging at time t (s) with the given current level. */
static inline void sim_level_init(sim_level *l, double t, double level)
{
    l->start = t;
    l->last = t;
    l->level = level;
    l->area = 0;
    l->max = level;
}

/* The level becomes `level` at time t (s, >= the last change). */
static inline void sim_level_set(sim_level *l, double t, double level)
{
    l->area += l->level * (t - l->last);
    l->last = t;
    l->level = level;
    l->max = level > l->max ? level : l->max;
}

/* The level changes by delta at time t. */
static inline void sim_level_add(sim_level *l, double t, double delta)
{
    sim_level_set(l, t, l->level + delta);
}

/* Restarts averaging at time t keeping the current level (end of a warm-up). */
static inline void sim_level_reset(sim_level *l, double t)
{
    sim_level_init(l, t, l->level);
}

/* Integral of the level over [start, t] (level x seconds), t >= the last change. */
static inline double sim_level_area(const sim_level *l, double t)
{
    return l->area + l->level * (t - l->last);
}

/* Time average over [start, t]; NaN when t == start. */
static inline double sim_level_mean(const sim_level *l, double t)
{
    return t > l->start ? sim_level_area(l, t) / (t - l->start) : NAN;
}

/* --- samples: every observation kept, for exact quantiles ------------------------------- */
typedef struct sim_samples {
    double *values; /* owned */
    size_t count, capacity;
    int sorted;
} sim_samples;

/* Prepares an empty set. Allocates nothing until the first add. */
void sim_samples_init(sim_samples *s);

/* Frees the values. Safe on a zeroed struct. */
void sim_samples_fini(sim_samples *s);

/* Drops all values, keeping the memory. */
void sim_samples_clear(sim_samples *s);

/* Adds x. Returns SIM_OK or SIM_ENOMEM (x not added). Amortised O(1). */
int sim_samples_add(sim_samples *s, double x);

/* The p-quantile (0 <= p <= 1) by linear interpolation between order statistics (GSL's
 * gsl_stats_quantile_from_sorted_data: index p*(n-1)); exact, no sketch. Sorts the values
 * in place the first time after an add (O(n log n)). Returns SIM_OK, or SIM_EINVAL when p
 * is out of range or there are no values (then *out is NaN). */
int sim_samples_quantile(sim_samples *s, double p, double *out);

/* --- across replications ---------------------------------------------------------------- */
typedef struct sim_ci {
    double mean;
    double half_width; /* t_{n-1, (1+level)/2} * sd / sqrt(n) */
    double lo, hi;     /* mean -/+ half_width */
    double sd;         /* sample standard deviation of the values */
    size_t n;
} sim_ci;

/* Student-t confidence interval for the mean of n values (one per replication) at the
 * given level (e.g. 0.95). Returns SIM_OK; SIM_EINVAL when n < 2, level is not in (0, 1)
 * or a value is not finite (out->mean is still filled when n >= 1); SIM_EGSL when GSL
 * fails. Call sim_init() first so that GSL reports instead of aborting. */
int sim_stats_ci(const double *values, size_t n, double level, sim_ci *out);

/* The Student-t interval of sim_stats_ci cut to the range [low, high] a value can take (a
 * share: [0, 1]; a count or a time: [0, INFINITY]). Cutting keeps the coverage: the true
 * mean lies in the range, so it lies in the cut interval whenever it lies in the uncut one.
 * out->half_width stays the uncut one. Same return codes as sim_stats_ci, and SIM_EINVAL
 * when low > high. */
int sim_stats_ci_within(const double *values, size_t n, double level, double low, double high,
                        sim_ci *out);

/* Wilson score interval for a proportion: `successes` of `trials` at the given level (e.g.
 * 0.95). It stays inside [0, 1], is not empty at 0 or `trials` successes (unlike the Wald
 * interval p +- z sqrt(p(1-p)/n)) and has near-nominal coverage for small n. Fills out->mean
 * (successes / trials), lo, hi and n (trials); sd and half_width are NaN. Returns SIM_OK;
 * SIM_EINVAL when trials == 0, successes > trials or level is not in (0, 1) (all NaN). */
int sim_stats_wilson(size_t successes, size_t trials, double level, sim_ci *out);

#endif
