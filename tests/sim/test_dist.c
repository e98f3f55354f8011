/* Tests of sim/dist: sample moments against the analytic ones, parameter validation with
 * the exact sentences a scenario author sees, the empirical table and truncation. */
#include "sim/dist.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>
#include "tests/check_run.h"

enum { SAMPLES = 200000 };
/* Five standard errors: a correct sampler fails with probability below 1e-6. */
static const double Z = 5.0;

typedef struct moments {
    double mean, var, m4, min;
} moments;

static moments sample_moments(const sim_dist *d, unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    double *x = malloc(SAMPLES * sizeof *x);
    ck_assert_ptr_nonnull(x);
    moments m = {0, 0, 0, INFINITY};
    for (int i = 0; i < SAMPLES; i++) {
        x[i] = sim_dist_sample(d, rng);
        m.mean += x[i];
        if (x[i] < m.min)
            m.min = x[i];
    }
    m.mean /= SAMPLES;
    for (int i = 0; i < SAMPLES; i++) {
        double dev = x[i] - m.mean;
        m.var += dev * dev;
        m.m4 += dev * dev * dev * dev;
    }
    m.var /= SAMPLES - 1;
    m.m4 /= SAMPLES;
    free(x);
    gsl_rng_free(rng);
    return m;
}

/* Checks mean and variance within Z standard errors of the analytic values: the standard
 * error of the mean is sqrt(var/n), that of the variance sqrt((m4 - var^2)/n). */
static void check_moments(sim_dist_kind kind, const double *params, size_t n)
{
    sim_dist d;
    const char *why = NULL;
    ck_assert_int_eq(sim_dist_init(&d, kind, params, n, &why), 0);
    moments m = sample_moments(&d, 12345 + (unsigned long)kind);
    double mean = sim_dist_mean(&d), var = sim_dist_variance(&d);
    double se_mean = sqrt(var / SAMPLES) + 1e-12;
    double se_var = sqrt(fabs(m.m4 - m.var * m.var) / SAMPLES) + 1e-12;
    ck_assert_msg(fabs(m.mean - mean) < Z * se_mean, "%s mean %g, expected %g (se %g)",
                  sim_dist_kind_name(kind), m.mean, mean, se_mean);
    ck_assert_msg(fabs(m.var - var) < Z * se_var, "%s variance %g, expected %g (se %g)",
                  sim_dist_kind_name(kind), m.var, var, se_var);
    ck_assert_msg(m.min >= 0, "%s drew a negative value %g", sim_dist_kind_name(kind), m.min);
    sim_dist_fini(&d);
}

START_TEST(moments_match)
{
    check_moments(SIM_DIST_EXP, (double[]){300}, 1);
    check_moments(SIM_DIST_GAMMA, (double[]){120, 2.5}, 2);
    check_moments(SIM_DIST_GAMMA, (double[]){10, 0.5}, 2);
    check_moments(SIM_DIST_ERLANG, (double[]){60, 4}, 2);
    check_moments(SIM_DIST_LOGNORMAL, (double[]){200, 80}, 2);
    check_moments(SIM_DIST_NORMAL, (double[]){100, 15}, 2);
    check_moments(SIM_DIST_TRIANGULAR, (double[]){1, 2, 6}, 3);
    check_moments(SIM_DIST_TRIANGULAR, (double[]){0, 0, 5}, 3);
    check_moments(SIM_DIST_UNIFORM, (double[]){3, 9}, 2);
}
END_TEST

START_TEST(constant_is_constant)
{
    sim_dist d;
    ck_assert_int_eq(sim_dist_init(&d, SIM_DIST_CONSTANT, (double[]){42.5}, 1, NULL), 0);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < 100; i++)
        ck_assert_double_eq(sim_dist_sample(&d, rng), 42.5);
    ck_assert_double_eq(sim_dist_mean(&d), 42.5);
    ck_assert_double_eq(sim_dist_variance(&d), 0);
    gsl_rng_free(rng);
}
END_TEST

START_TEST(truncated_normal_never_negative)
{
    /* mean/sd = 0.5: about 31% of the untruncated mass lies below zero. */
    check_moments(SIM_DIST_NORMAL, (double[]){1, 2}, 2);
    sim_dist d;
    ck_assert_int_eq(sim_dist_init(&d, SIM_DIST_NORMAL, (double[]){1, 2}, 2, NULL), 0);
    /* Closed form for a = 0.5: 1 + 2 * phi(0.5) / Phi(0.5). */
    ck_assert_double_eq_tol(sim_dist_mean(&d), 1 + 2 * 0.3520653267642995 / 0.6914624612740131,
                            1e-9);
    ck_assert_double_gt(sim_dist_mean(&d), 1);
}
END_TEST

static void expect_error(sim_dist_kind kind, const double *params, size_t n, const char *text)
{
    sim_dist d;
    const char *why = NULL;
    ck_assert_int_eq(sim_dist_init(&d, kind, params, n, &why), -1);
    ck_assert_str_eq(why, text);
    sim_dist_fini(&d);
}

START_TEST(bad_parameters_rejected)
{
    expect_error(SIM_DIST_CONSTANT, (double[]){-1}, 1, "value must be at least 0");
    expect_error(SIM_DIST_EXP, (double[]){0}, 1, "mean must be greater than 0");
    expect_error(SIM_DIST_EXP, (double[]){-5}, 1, "mean must be greater than 0");
    expect_error(SIM_DIST_EXP, (double[]){NAN}, 1, "parameters must be finite numbers");
    expect_error(SIM_DIST_EXP, (double[]){INFINITY}, 1, "parameters must be finite numbers");
    expect_error(SIM_DIST_EXP, (double[]){1, 2}, 2, "wrong number of parameters");
    expect_error(SIM_DIST_GAMMA, (double[]){10, 0}, 2, "shape must be greater than 0");
    expect_error(SIM_DIST_GAMMA, (double[]){0, 1}, 2, "mean must be greater than 0");
    expect_error(SIM_DIST_ERLANG, (double[]){10, 2.5}, 2, "k must be a whole number of at least 1");
    expect_error(SIM_DIST_ERLANG, (double[]){10, 0}, 2, "k must be a whole number of at least 1");
    expect_error(SIM_DIST_LOGNORMAL, (double[]){10, 0}, 2, "sd must be greater than 0");
    expect_error(SIM_DIST_NORMAL, (double[]){10, -1}, 2, "sd must be at least 0");
    expect_error(SIM_DIST_NORMAL, (double[]){0, 1}, 2, "mean must be greater than 0");
    expect_error(SIM_DIST_TRIANGULAR, (double[]){-1, 0, 1}, 3, "min must be at least 0");
    expect_error(SIM_DIST_TRIANGULAR, (double[]){1, 5, 3}, 3, "mode must be between min and max");
    expect_error(SIM_DIST_TRIANGULAR, (double[]){2, 2, 2}, 3, "min must be less than max");
    expect_error(SIM_DIST_UNIFORM, (double[]){5, 5}, 2, "min must be less than max");
    expect_error(SIM_DIST_UNIFORM, (double[]){-1, 5}, 2, "min must be at least 0");
    expect_error(SIM_DIST_EMPIRICAL, (double[]){1}, 1, "empirical needs values and weights");
    expect_error(SIM_DIST_KIND_COUNT, (double[]){1}, 1, "unknown distribution");
    /* finite parameters whose derived constants overflow (the loader used to report these
     * as "out of memory") */
    expect_error(SIM_DIST_LOGNORMAL, (double[]){600, 1e300}, 2,
                 "parameters too extreme: a derived value overflows a double");
    expect_error(SIM_DIST_GAMMA, (double[]){1e300, 1e-300}, 2,
                 "parameters too extreme: a derived value overflows a double");
}
END_TEST

static void expect_table_error(const double *v, const double *w, size_t n, const char *text)
{
    sim_dist d;
    const char *why = NULL;
    ck_assert_int_eq(sim_dist_init_empirical(&d, v, w, n, &why), -1);
    ck_assert_str_eq(why, text);
    sim_dist_fini(&d);
}

START_TEST(bad_tables_rejected)
{
    expect_table_error((double[]){1}, (double[]){1}, 0, "empirical needs at least one value");
    expect_table_error((double[]){-1, 2}, (double[]){1, 1}, 2, "values must be at least 0");
    expect_table_error((double[]){1, 2}, (double[]){1, -1}, 2, "weights must be at least 0");
    expect_table_error((double[]){1, 2}, (double[]){0, 0}, 2, "weights must have a positive sum");
    expect_table_error((double[]){1, NAN}, (double[]){1, 1}, 2, "parameters must be finite numbers");
}
END_TEST

START_TEST(empirical_table)
{
    const double values[] = {1, 2, 5, 9};
    const double weights[] = {1, 0, 3, 4};
    sim_dist d, copy;
    ck_assert_int_eq(sim_dist_init_empirical(&d, values, weights, 4, NULL), 0);
    ck_assert_int_eq(sim_dist_copy(&copy, &d), 0);
    sim_dist_fini(&d); /* the copy must own its own arrays */
    ck_assert_double_eq_tol(sim_dist_mean(&copy), (1 + 15 + 36) / 8.0, 1e-12);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    long counts[4] = {0};
    for (int i = 0; i < SAMPLES; i++) {
        double x = sim_dist_sample(&copy, rng);
        int found = 0;
        for (int k = 0; k < 4; k++) {
            if (x == values[k]) {
                counts[k]++;
                found = 1;
            }
        }
        ck_assert_msg(found, "drew %g, not in the table", x);
    }
    ck_assert_int_eq(counts[1], 0); /* zero weight: never drawn */
    for (int k = 0; k < 4; k++) {
        double p = weights[k] / 8.0;
        double se = sqrt(p * (1 - p) / SAMPLES) + 1e-12;
        ck_assert_msg(fabs((double)counts[k] / SAMPLES - p) < Z * se, "bin %d: %ld", k,
                      counts[k]);
    }
    check_moments(SIM_DIST_EXP, (double[]){1}, 1);
    gsl_rng_free(rng);
    sim_dist_fini(&copy);
    sim_dist_fini(&copy); /* twice is safe */
}
END_TEST

START_TEST(names_round_trip)
{
    for (int k = 0; k < SIM_DIST_KIND_COUNT; k++) {
        sim_dist_kind back;
        ck_assert_int_eq(sim_dist_kind_from_name(sim_dist_kind_name((sim_dist_kind)k), &back), 0);
        ck_assert_int_eq(back, k);
    }
    sim_dist_kind unused;
    ck_assert_int_eq(sim_dist_kind_from_name("exponential", &unused), -1);
    size_t count;
    const char *const *names = sim_dist_param_names(SIM_DIST_TRIANGULAR, &count);
    ck_assert_uint_eq(count, 3);
    ck_assert_str_eq(names[1], "mode");
    sim_dist_param_names(SIM_DIST_EMPIRICAL, &count);
    ck_assert_uint_eq(count, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sim_dist");
    TCase *tc = tcase_create("dist");
    tcase_add_test(tc, moments_match);
    tcase_add_test(tc, constant_is_constant);
    tcase_add_test(tc, truncated_normal_never_negative);
    tcase_add_test(tc, bad_parameters_rejected);
    tcase_add_test(tc, bad_tables_rejected);
    tcase_add_test(tc, empirical_table);
    tcase_add_test(tc, names_round_trip);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
