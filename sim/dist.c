/* Probability distributions: parameter checks, derived constants and sampling.
 * Parameters are validated once in sim_dist_init() so that sampling in hot loops needs no
 * checks; every sample is >= 0 because the values are durations, sizes or counts. */
#include "sim/dist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

static const char *const kind_names[SIM_DIST_KIND_COUNT] = {
    "constant", "exp", "gamma", "erlang", "lognormal", "normal", "triangular", "uniform",
    "empirical",
};

static const char *const names_constant[] = {"value"};
static const char *const names_exp[] = {"mean"};
static const char *const names_gamma[] = {"mean", "shape"};
static const char *const names_erlang[] = {"mean", "k"};
static const char *const names_lognormal[] = {"mean", "sd"};
static const char *const names_normal[] = {"mean", "sd"};
static const char *const names_triangular[] = {"min", "mode", "max"};
static const char *const names_uniform[] = {"min", "max"};

const char *sim_dist_kind_name(sim_dist_kind kind)
{
    if ((unsigned)kind >= SIM_DIST_KIND_COUNT)
        return "unknown";
    return kind_names[kind];
}

int sim_dist_kind_from_name(const char *name, sim_dist_kind *kind)
{
    if (name == NULL)
        return -1;
    for (int k = 0; k < SIM_DIST_KIND_COUNT; k++) {
        if (strcmp(name, kind_names[k]) == 0) {
            *kind = (sim_dist_kind)k;
            return 0;
        }
    }
    return -1;
}

const char *const *sim_dist_param_names(sim_dist_kind kind, size_t *count)
{
    const char *const *names = NULL;
    size_t n = 0;
    switch (kind) {
    case SIM_DIST_CONSTANT: names = names_constant; n = 1; break;
    case SIM_DIST_EXP: names = names_exp; n = 1; break;
    case SIM_DIST_GAMMA: names = names_gamma; n = 2; break;
    case SIM_DIST_ERLANG: names = names_erlang; n = 2; break;
    case SIM_DIST_LOGNORMAL: names = names_lognormal; n = 2; break;
    case SIM_DIST_NORMAL: names = names_normal; n = 2; break;
    case SIM_DIST_TRIANGULAR: names = names_triangular; n = 3; break;
    case SIM_DIST_UNIFORM: names = names_uniform; n = 2; break;
    default: break;
    }
    if (count != NULL)
        *count = n;
    return names;
}

/* Each checker returns NULL when the parameters are valid, else the sentence to report. */
static const char *check_params(sim_dist_kind kind, const double *p)
{
    switch (kind) {
    case SIM_DIST_CONSTANT:
        return p[0] >= 0 ? NULL : "value must be at least 0";
    case SIM_DIST_EXP:
        return p[0] > 0 ? NULL : "mean must be greater than 0";
    case SIM_DIST_GAMMA:
        if (!(p[0] > 0))
            return "mean must be greater than 0";
        return p[1] > 0 ? NULL : "shape must be greater than 0";
    case SIM_DIST_ERLANG:
        if (!(p[0] > 0))
            return "mean must be greater than 0";
        if (!(p[1] >= 1) || p[1] != floor(p[1]) || p[1] > 1e9)
            return "k must be a whole number of at least 1";
        return NULL;
    case SIM_DIST_LOGNORMAL:
        if (!(p[0] > 0))
            return "mean must be greater than 0";
        return p[1] > 0 ? NULL : "sd must be greater than 0";
    case SIM_DIST_NORMAL:
        if (!(p[0] > 0))
            return "mean must be greater than 0";
        return p[1] >= 0 ? NULL : "sd must be at least 0";
    case SIM_DIST_TRIANGULAR:
        if (!(p[0] >= 0))
            return "min must be at least 0";
        if (!(p[0] < p[2]))
            return "min must be less than max";
        if (!(p[1] >= p[0] && p[1] <= p[2]))
            return "mode must be between min and max";
        return NULL;
    case SIM_DIST_UNIFORM:
        if (!(p[0] >= 0))
            return "min must be at least 0";
        return p[0] < p[1] ? NULL : "min must be less than max";
    default:
        return "unknown distribution";
    }
}

/* Constants that sampling would otherwise recompute on every draw. */
static void derive(sim_dist *d)
{
    const double *p = d->param;
    switch (d->kind) {
    case SIM_DIST_GAMMA:
        d->derived[0] = p[0] / p[1]; /* scale */
        break;
    case SIM_DIST_ERLANG:
        d->derived[0] = p[0] / p[1];
        break;
    case SIM_DIST_LOGNORMAL: {
        /* The variable's own mean m and sd s give the log's sigma^2 = ln(1 + s^2/m^2) and
         * mu = ln(m) - sigma^2/2. */
        double var_log = log1p((p[1] * p[1]) / (p[0] * p[0]));
        d->derived[0] = log(p[0]) - var_log / 2;
        d->derived[1] = sqrt(var_log);
        break;
    }
    case SIM_DIST_TRIANGULAR:
        d->derived[0] = (p[1] - p[0]) / (p[2] - p[0]); /* CDF at the mode */
        break;
    default:
        break;
    }
}

int sim_dist_init(sim_dist *d, sim_dist_kind kind, const double *params, size_t n_params,
                  const char **why)
{
    const char *dummy;
    if (why == NULL)
        why = &dummy;
    memset(d, 0, sizeof *d);
    d->kind = SIM_DIST_CONSTANT;
    if ((unsigned)kind >= SIM_DIST_KIND_COUNT) {
        *why = "unknown distribution";
        return -1;
    }
    if (kind == SIM_DIST_EMPIRICAL) {
        *why = "empirical needs values and weights";
        return -1;
    }
    size_t expected;
    sim_dist_param_names(kind, &expected);
    if (n_params != expected || (expected > 0 && params == NULL)) {
        *why = "wrong number of parameters";
        return -1;
    }
    for (size_t i = 0; i < n_params; i++) {
        if (!isfinite(params[i])) {
            *why = "parameters must be finite numbers";
            return -1;
        }
    }
    const char *bad = check_params(kind, params);
    if (bad != NULL) {
        *why = bad;
        return -1;
    }
    d->kind = kind;
    for (size_t i = 0; i < n_params; i++)
        d->param[i] = params[i];
    derive(d);
    for (int i = 0; i < SIM_DIST_MAX_PARAMS; i++)
        if (!isfinite(d->derived[i])) { /* e.g. a lognormal's sd of 1e300: sd^2 overflows */
            memset(d, 0, sizeof *d);
            d->kind = SIM_DIST_CONSTANT;
            *why = "parameters too extreme: a derived value overflows a double";
            return -1;
        }
    return 0;
}

static const char *check_table(const double *values, const double *weights, size_t n)
{
    if (n == 0 || values == NULL || weights == NULL)
        return "empirical needs at least one value";
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]) || !isfinite(weights[i]))
            return "parameters must be finite numbers";
        if (values[i] < 0)
            return "values must be at least 0";
        if (weights[i] < 0)
            return "weights must be at least 0";
        sum += weights[i];
    }
    if (!(sum > 0) || !isfinite(sum))
        return "weights must have a positive sum";
    return NULL;
}

int sim_dist_init_empirical(sim_dist *d, const double *values, const double *weights, size_t n,
                            const char **why)
{
    const char *dummy;
    if (why == NULL)
        why = &dummy;
    memset(d, 0, sizeof *d);
    d->kind = SIM_DIST_CONSTANT;
    const char *bad = check_table(values, weights, n);
    if (bad != NULL) {
        *why = bad;
        return -1;
    }
    double *vals = malloc(n * sizeof *vals);
    double *cum = malloc(n * sizeof *cum);
    if (vals == NULL || cum == NULL) {
        free(vals);
        free(cum);
        *why = "out of memory";
        return -1;
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += weights[i];
    double run = 0;
    for (size_t i = 0; i < n; i++) {
        vals[i] = values[i];
        run += weights[i];
        cum[i] = run / sum;
    }
    cum[n - 1] = 1.0; /* rounding must not leave a gap above the last bin */
    d->kind = SIM_DIST_EMPIRICAL;
    d->n = n;
    d->values = vals;
    d->cumulative = cum;
    return 0;
}

void sim_dist_fini(sim_dist *d)
{
    if (d == NULL)
        return;
    free(d->values);
    free(d->cumulative);
    d->values = NULL;
    d->cumulative = NULL;
    d->n = 0;
}

int sim_dist_copy(sim_dist *dst, const sim_dist *src)
{
    *dst = *src;
    dst->values = NULL;
    dst->cumulative = NULL;
    if (src->kind != SIM_DIST_EMPIRICAL)
        return 0;
    dst->values = malloc(src->n * sizeof *dst->values);
    dst->cumulative = malloc(src->n * sizeof *dst->cumulative);
    if (dst->values == NULL || dst->cumulative == NULL) {
        sim_dist_fini(dst);
        dst->kind = SIM_DIST_CONSTANT;
        return -1;
    }
    memcpy(dst->values, src->values, src->n * sizeof *dst->values);
    memcpy(dst->cumulative, src->cumulative, src->n * sizeof *dst->cumulative);
    return 0;
}

/* Smallest index whose cumulative weight exceeds u; zero-weight bins are never chosen. */
static double sample_table(const sim_dist *d, double u)
{
    size_t lo = 0, hi = d->n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->cumulative[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return d->values[lo];
}

static double sample_triangular(const sim_dist *d, double u)
{
    double a = d->param[0], c = d->param[1], b = d->param[2];
    if (u < d->derived[0])
        return a + sqrt(u * (b - a) * (c - a));
    return b - sqrt((1 - u) * (b - a) * (b - c));
}

static double sample_normal(const sim_dist *d, gsl_rng *rng)
{
    /* mean > 0 makes acceptance at least one half, so rejection ends quickly. */
    if (d->param[1] == 0)
        return d->param[0];
    for (;;) {
        double x = d->param[0] + gsl_ran_gaussian_ziggurat(rng, d->param[1]);
        if (x >= 0)
            return x;
    }
}

double sim_dist_sample(const sim_dist *d, gsl_rng *rng)
{
    const double *p = d->param;
    switch (d->kind) {
    case SIM_DIST_CONSTANT:
        return p[0];
    case SIM_DIST_EXP:
        /* gsl_rng_uniform is in [0,1); 1-u is in (0,1], so the log is finite. log is
         * several times faster than log1p here and exact enough: 1-u is exact for the
         * multiples of 2^-53 that generators return. */
        return -p[0] * log(1.0 - gsl_rng_uniform(rng));
    case SIM_DIST_GAMMA:
    case SIM_DIST_ERLANG:
        return gsl_ran_gamma(rng, p[1], d->derived[0]);
    case SIM_DIST_LOGNORMAL:
        return gsl_ran_lognormal(rng, d->derived[0], d->derived[1]);
    case SIM_DIST_NORMAL:
        return sample_normal(d, rng);
    case SIM_DIST_TRIANGULAR:
        return sample_triangular(d, gsl_rng_uniform(rng));
    case SIM_DIST_UNIFORM:
        return p[0] + (p[1] - p[0]) * gsl_rng_uniform(rng);
    case SIM_DIST_EMPIRICAL:
        return sample_table(d, gsl_rng_uniform(rng));
    default:
        return 0;
    }
}

/* phi(a) / Phi(a): the shift of a normal truncated at zero, in units of sd, a = mean/sd. */
static double normal_hazard(double a)
{
    const double sqrt_2pi = 2.5066282746310002;
    return exp(-a * a / 2) / sqrt_2pi / gsl_cdf_ugaussian_P(a);
}

double sim_dist_mean(const sim_dist *d)
{
    const double *p = d->param;
    switch (d->kind) {
    case SIM_DIST_CONSTANT:
    case SIM_DIST_EXP:
    case SIM_DIST_GAMMA:
    case SIM_DIST_ERLANG:
    case SIM_DIST_LOGNORMAL:
        return p[0];
    case SIM_DIST_NORMAL: {
        /* Truncation at 0 with a = mean/sd: E = mean + sd * phi(a) / Phi(a). */
        if (p[1] == 0)
            return p[0];
        return p[0] + p[1] * normal_hazard(p[0] / p[1]);
    }
    case SIM_DIST_TRIANGULAR:
        return (p[0] + p[1] + p[2]) / 3;
    case SIM_DIST_UNIFORM:
        return (p[0] + p[1]) / 2;
    case SIM_DIST_EMPIRICAL: {
        double mean = 0, prev = 0;
        for (size_t i = 0; i < d->n; i++) {
            mean += d->values[i] * (d->cumulative[i] - prev);
            prev = d->cumulative[i];
        }
        return mean;
    }
    default:
        return 0;
    }
}

double sim_dist_variance(const sim_dist *d)
{
    const double *p = d->param;
    switch (d->kind) {
    case SIM_DIST_EXP:
        return p[0] * p[0];
    case SIM_DIST_GAMMA:
    case SIM_DIST_ERLANG:
        return p[0] * p[0] / p[1];
    case SIM_DIST_LOGNORMAL:
        return p[1] * p[1];
    case SIM_DIST_NORMAL: {
        /* Truncated below at 0: Var = sd^2 (1 - a h - h^2), h the hazard above. */
        if (p[1] == 0)
            return 0;
        double a = p[0] / p[1], h = normal_hazard(a);
        return p[1] * p[1] * (1 - a * h - h * h);
    }
    case SIM_DIST_TRIANGULAR: {
        double a = p[0], c = p[1], b = p[2];
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
    case SIM_DIST_UNIFORM:
        return (p[1] - p[0]) * (p[1] - p[0]) / 12;
    case SIM_DIST_EMPIRICAL: {
        double mean = sim_dist_mean(d), sum = 0, prev = 0;
        for (size_t i = 0; i < d->n; i++) {
            double dev = d->values[i] - mean;
            sum += dev * dev * (d->cumulative[i] - prev);
            prev = d->cumulative[i];
        }
        return sum;
    }
    default:
        return 0;
    }
}
