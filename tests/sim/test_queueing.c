/* sim/queueing: Erlang C against results known in closed form and published tables. */
#include <check.h>
#include <math.h>

#include "sim/queueing.h"
#include "sim/status.h"
#include "tests/check_run.h"

START_TEST(mm1_is_rho_over_mu_minus_lambda)
{
    /* M/M/1: P(wait) = rho, Wq = rho / (mu - lambda). */
    sim_mmc q;
    ck_assert_int_eq(sim_queueing_mmc(1, 0.5, 1.0, &q), SIM_OK);
    ck_assert_double_eq_tol(q.utilisation, 0.5, 1e-15);
    ck_assert_double_eq_tol(q.p_wait, 0.5, 1e-15);
    ck_assert_double_eq_tol(q.mean_wait_s, 1.0, 1e-15);
}
END_TEST

START_TEST(mm2_closed_form_and_mm4_example)
{
    /* M/M/2: P(wait) = 2 rho^2 / (1 + rho). At rho 0.75: 0.642857. */
    sim_mmc q;
    ck_assert_int_eq(sim_queueing_mmc(2, 1.5, 1.0, &q), SIM_OK);
    ck_assert_double_eq_tol(q.p_wait, 2 * 0.5625 / 1.75, 1e-12);
    ck_assert_double_eq_tol(q.mean_wait_s, q.p_wait / 0.5, 1e-12);
    /* scenarios/examples/mmc-24x7.json: 19.2 an hour, 600 s captures, 4 stations: 447.3 s. */
    ck_assert_int_eq(sim_queueing_mmc(4, 19.2 / 3600, 1 / 600.0, &q), SIM_OK);
    ck_assert_double_eq_tol(q.utilisation, 0.8, 1e-12);
    ck_assert_double_eq_tol(q.mean_wait_s, 447.3, 0.05);
}
END_TEST

START_TEST(unstable_or_bad_queues_are_refused)
{
    sim_mmc q;
    ck_assert_int_eq(sim_queueing_mmc(2, 2.0, 1.0, &q), SIM_EINVAL);
    ck_assert(isnan(q.mean_wait_s));
    ck_assert_int_eq(sim_queueing_mmc(0, 0.5, 1.0, &q), SIM_EINVAL);
    ck_assert_int_eq(sim_queueing_mmc(1, 0, 1.0, &q), SIM_EINVAL);
    ck_assert_int_eq(sim_queueing_mmc(1, 0.5, NAN, &q), SIM_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sim_queueing");
    TCase *tc = tcase_create("queueing");
    tcase_add_test(tc, mm1_is_rho_over_mu_minus_lambda);
    tcase_add_test(tc, mm2_closed_form_and_mm4_example);
    tcase_add_test(tc, unstable_or_bad_queues_are_refused);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
