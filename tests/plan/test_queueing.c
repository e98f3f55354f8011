/* Checks plan/queueing.c: Erlang C against the M/M/4 example's published mean wait, the
 * sojourn-time formula against a numerical convolution, and the server counts it gives. */
#include <check.h>
#include <math.h>

#include "plan/queueing.h"
#include "tests/check_run.h"

START_TEST(erlang_c_gives_the_mm4_mean_wait)
{
    /* scenarios/examples/mmc-24x7.json: 19.2 an hour, 600 s, 4 stations: mean wait 447.3 s */
    double lambda = 19.2 / 3600.0, mu = 1.0 / 600.0;
    double wait = plan_erlang_c(4, lambda / mu) / (4 * mu - lambda);
    ck_assert_double_eq_tol(wait, 447.3, 0.05);
    ck_assert_double_eq(plan_erlang_c(2, 2.0), 1.0); /* unstable: everyone waits */
    ck_assert_double_eq_tol(plan_erlang_c(1, 0.5), 0.5, 1e-12); /* M/M/1: rho */
}
END_TEST

/* P(W + S <= t) by numerical convolution: no wait with probability 1 - C, else an
 * exponential wait of rate theta followed by the service. */
static double sojourn_numeric(int c, double lambda, double mean_s, double t)
{
    double mu = 1.0 / mean_s, a = lambda * mean_s, wait = plan_erlang_c(c, a);
    double theta = c * mu - lambda, integral = 0.0;
    int steps = 200000;
    double h = t / steps;
    for (int i = 0; i < steps; i++) {
        double w = (i + 0.5) * h;
        integral += theta * exp(-theta * w) * (1.0 - exp(-mu * (t - w))) * h;
    }
    return (1.0 - wait) * (1.0 - exp(-mu * t)) + wait * integral;
}

START_TEST(sojourn_matches_the_convolution)
{
    const double cases[][3] = {{3, 6.0, 1200}, {4, 10.0, 900}, {9, 30.0, 900}, {2, 1.5, 1200}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int c = (int)cases[i][0];
        double lambda = cases[i][1] / 3600.0, mean = cases[i][2];
        ck_assert_double_eq_tol(plan_mmc_sojourn_within(c, lambda, mean, 3600.0),
                                sojourn_numeric(c, lambda, mean, 3600.0), 1e-6);
    }
    /* theta = mu exactly (c mu - lambda = mu): the limit branch, continuous with its sides */
    double at = plan_mmc_sojourn_within(2, 1.0 / 1200.0, 1200.0, 3600.0);
    double near = plan_mmc_sojourn_within(2, 1.0 / 1200.0 * (1 + 1e-7), 1200.0, 3600.0);
    ck_assert_double_eq_tol(at, near, 1e-6);
    ck_assert_double_eq(plan_mmc_sojourn_within(2, 2.0 / 600.0, 600.0, 3600.0), 0.0);
}
END_TEST

START_TEST(server_counts)
{
    ck_assert_int_eq(plan_min_stable_servers(2.0), 3);
    ck_assert_int_eq(plan_min_stable_servers(2.5), 3);
    ck_assert_int_eq(plan_min_stable_servers(0.0), 1);
    int c = plan_mmc_min_servers(10.0 / 3600.0, 900.0, 3600.0, 0.9);
    ck_assert_double_lt(plan_mmc_sojourn_within(c - 1, 10.0 / 3600.0, 900.0, 3600.0), 0.9);
    ck_assert_double_ge(plan_mmc_sojourn_within(c, 10.0 / 3600.0, 900.0, 3600.0), 0.9);
    /* service alone misses the share: no count is enough */
    ck_assert_int_eq(plan_mmc_min_servers(1.0 / 3600.0, 3600.0, 3600.0, 0.7), -1);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("queueing");
    TCase *tc = tcase_create("mmc");
    tcase_add_test(tc, erlang_c_gives_the_mm4_mean_wait);
    tcase_add_test(tc, sojourn_matches_the_convolution);
    tcase_add_test(tc, server_counts);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
