/* Validation against queueing theory, beyond M/M/c: M/M/c/K blocking, M/D/1 mean wait
 * (Pollaczek-Khinchine) and Little's law. 20 replications each; the analytic value must lie
 * in the 99% Student-t interval, whose half-width must be under 5% of it. */
#include "queue_model.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include "tests/check_run.h"

enum { REPLICATIONS = 20 };

/* Blocking probability of M/M/c/K with offered load a = lambda/mu: p_K / sum p_n, where
 * p_n = a^n/n! for n <= c and a^n/(c! c^(n-c)) above. */
static double mmck_blocking(int c, int k, double a)
{
    double term = 1, sum = 1;
    for (int n = 1; n <= k; n++) {
        term *= a / (n <= c ? n : c);
        sum += term;
    }
    return term / sum;
}

START_TEST(mmck_blocking_probability)
{
    /* Check the formula itself on M/M/1/1 (Erlang B with one server: a/(1+a)). */
    ck_assert_double_eq_tol(mmck_blocking(1, 1, 0.5), 0.5 / 1.5, 1e-12);
    const int c = 2, k = 6;
    const double lambda = 2.4, mu = 1.0;
    qm_params p = {0};
    p.servers = c;
    p.arrival_rate = lambda;
    double mean = 1 / mu;
    ck_assert_int_eq(sim_dist_init(&p.service, SIM_DIST_EXP, &mean, 1, NULL), 0);
    p.line_limit = k - c;
    p.warmup = 2000;
    p.customers = 60000;
    p.wait_threshold_s = 1;
    p.seed = 77;
    double blocked[REPLICATIONS];
    for (int r = 0; r < REPLICATIONS; r++)
        blocked[r] = qm_run(&p, (uint64_t)r).blocked_fraction;
    qm_check_ci("M/M/2/6 blocking", blocked, REPLICATIONS, mmck_blocking(c, k, lambda / mu),
                0.05);
}
END_TEST

START_TEST(md1_mean_wait)
{
    /* Pollaczek-Khinchine: Wq = lambda E[S^2] / (2 (1 - rho)); constant S = 1, lambda 0.8. */
    const double lambda = 0.8, service = 1.0, rho = lambda * service;
    const double expected = lambda * service * service / (2 * (1 - rho));
    qm_params p = {0};
    p.servers = 1;
    p.arrival_rate = lambda;
    ck_assert_int_eq(sim_dist_init(&p.service, SIM_DIST_CONSTANT, &service, 1, NULL), 0);
    p.line_limit = SIZE_MAX;
    p.warmup = 5000;
    p.customers = 60000;
    p.wait_threshold_s = 1;
    p.seed = 78;
    double waits[REPLICATIONS];
    for (int r = 0; r < REPLICATIONS; r++)
        waits[r] = qm_run(&p, (uint64_t)r).mean_wait_s;
    qm_check_ci("M/D/1 mean wait", waits, REPLICATIONS, expected, 0.05);
}
END_TEST

START_TEST(littles_law)
{
    /* Time-average number in system = arrival rate x mean time in system. Little's law
     * holds for any service distribution, so an M/G/2 with lognormal service is used; the
     * time average comes from a sim_level, the sojourn times from per-customer records. */
    qm_params p = {0};
    p.servers = 2;
    p.arrival_rate = 1.5;
    ck_assert_int_eq(sim_dist_init(&p.service, SIM_DIST_LOGNORMAL, (double[]){1.0, 1.5}, 2,
                                   NULL), 0);
    p.line_limit = SIZE_MAX;
    p.warmup = 10000;
    p.customers = 200000;
    p.wait_threshold_s = 1;
    p.seed = 79;
    qm_result res = qm_run(&p, 0);
    double lw = res.measured_rate * res.mean_sojourn_s;
    ck_assert_msg(fabs(res.mean_in_system - lw) < 0.01 * res.mean_in_system,
                  "L = %g but lambda W = %g", res.mean_in_system, lw);
    ck_assert_double_gt(res.mean_in_system, 1.5); /* at least the servers' share: a = 1.5 */
}
END_TEST

int main(void)
{
    sim_init();
    Suite *s = suite_create("sim_queues");
    TCase *tc = tcase_create("queues");
    tcase_add_test(tc, mmck_blocking_probability);
    tcase_add_test(tc, md1_mean_wait);
    tcase_add_test(tc, littles_law);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
