/* Validation against queueing theory: M/M/c for c = MMC_SERVERS (1, 4 or 16, one program
 * each so ctest runs them in parallel) at utilisation 0.5, 0.8 and 0.95. The mean wait in
 * queue and P(wait > t) must lie inside the 99% Student-t interval of 20 replications
 * after a warm-up, and that interval must be narrower than 5% of the analytic value. */
#include "queue_model.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "tests/check_run.h"

#ifndef MMC_SERVERS
#define MMC_SERVERS 1
#endif

enum { REPLICATIONS = 20 };

/* Erlang C: probability that an arrival waits, for c servers and offered load a = lambda/mu
 * (a < c). Uses the Erlang B recursion B(k) = a B(k-1) / (k + a B(k-1)), then
 * C = c B / (c - a (1 - B)). */
static double erlang_c(int c, double a)
{
    double b = 1;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return c * b / (c - a * (1 - b));
}

/* Customers per replication after the warm-up, chosen so the 99% half-width is under 5%
 * for each case; heavier traffic and rarer waits need longer runs. */
static uint64_t customers_for(int c, double rho)
{
    if (rho >= 0.9)
        return c == 1 ? 600000 : c == 4 ? 650000 : 700000;
    if (rho >= 0.7)
        return c == 1 ? 60000 : c == 4 ? 80000 : 260000;
    return c == 1 ? 40000 : c == 4 ? 50000 : 1000000;
}

static void check_mmc(int c, double rho)
{
    const double mu = 1.0, lambda = rho * c * mu, a = lambda / mu;
    double theta = c * mu - lambda;
    double prob_wait = erlang_c(c, a);
    double mean_wait = prob_wait / theta;
    double threshold = 1 / theta;              /* P(W > t) = C exp(-theta t) */
    double p_over = prob_wait * exp(-theta * threshold);

    qm_params p = {0};
    p.servers = c;
    p.arrival_rate = lambda;
    double service_mean = 1 / mu;
    ck_assert_int_eq(sim_dist_init(&p.service, SIM_DIST_EXP, &service_mean, 1, NULL), 0);
    p.line_limit = SIZE_MAX;
    p.customers = customers_for(c, rho);
    p.warmup = p.customers / 20 > 20000 ? p.customers / 20 : 20000;
    p.wait_threshold_s = threshold;
    p.seed = 20260101u + (uint64_t)(c * 100 + rho * 100);

    double waits[REPLICATIONS], overs[REPLICATIONS];
    for (int r = 0; r < REPLICATIONS; r++) {
        qm_result res = qm_run(&p, (uint64_t)r);
        waits[r] = res.mean_wait_s;
        overs[r] = res.p_wait_over;
        /* The resource's own tally must agree with the per-customer records. */
        ck_assert_double_eq_tol(res.resource_mean_wait_s, res.reset_mean_wait_s,
                                1e-9 * (1 + res.mean_wait_s));
    }
    char what[64];
    snprintf(what, sizeof what, "M/M/%d rho %.2f mean wait", c, rho);
    qm_check_ci(what, waits, REPLICATIONS, mean_wait, 0.05);
    snprintf(what, sizeof what, "M/M/%d rho %.2f P(wait > %.3g)", c, rho, threshold);
    qm_check_ci(what, overs, REPLICATIONS, p_over, 0.05);
    if (getenv("KTP_VERBOSE") != NULL) {
        sim_ci w, o;
        sim_stats_ci(waits, REPLICATIONS, 0.99, &w);
        sim_stats_ci(overs, REPLICATIONS, 0.99, &o);
        fprintf(stderr, "c=%d rho=%.2f Wq %.5g [%.5g +- %.2f%%] P %.5g [%.5g +- %.2f%%]\n", c,
                rho, mean_wait, w.mean, 100 * w.half_width / mean_wait, p_over, o.mean,
                100 * o.half_width / p_over);
    }
    sim_dist_fini(&p.service);
}

START_TEST(erlang_c_formula)
{
    /* Known values: M/M/1 waits with probability rho; M/M/2 at a = 1: C = 1/3. */
    ck_assert_double_eq_tol(erlang_c(1, 0.8), 0.8, 1e-12);
    ck_assert_double_eq_tol(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);
}
END_TEST

START_TEST(mmc_rho_050) { check_mmc(MMC_SERVERS, 0.50); }
END_TEST
START_TEST(mmc_rho_080) { check_mmc(MMC_SERVERS, 0.80); }
END_TEST
START_TEST(mmc_rho_095) { check_mmc(MMC_SERVERS, 0.95); }
END_TEST

int main(void)
{
    sim_init();
    Suite *s = suite_create("sim_mmc");
    TCase *tc = tcase_create("erlang_c");
    tcase_add_test(tc, erlang_c_formula);
    tcase_add_test(tc, mmc_rho_050);
    tcase_add_test(tc, mmc_rho_080);
    tcase_add_test(tc, mmc_rho_095);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
