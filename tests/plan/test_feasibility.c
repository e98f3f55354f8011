/* Checks plan/feasibility.c: the look schedule, exact Clopper-Pearson bounds in the cases
 * with a closed form, and, by simulating the whole sequential procedure many times on normal
 * data, that its two error probabilities stay below alpha. */
#include <check.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "plan/feasibility.h"
#include "tests/check_run.h"

START_TEST(look_schedule)
{
    ck_assert_int_eq(plan_feas_looks(10, 160), 5); /* 10 20 40 80 160 */
    ck_assert_int_eq(plan_feas_looks(10, 100), 5); /* 10 20 40 80 100 */
    ck_assert_int_eq(plan_feas_looks(10, 10), 1);
    ck_assert_int_eq(plan_feas_next_look(40, 100), 80);
    ck_assert_int_eq(plan_feas_next_look(80, 100), 100);
}
END_TEST

START_TEST(clopper_pearson_closed_forms)
{
    double low, high;
    plan_feas_clopper_pearson(0, 20, 0.05, &low, &high);
    ck_assert_double_eq(low, 0.0);
    ck_assert_double_eq_tol(high, 1.0 - pow(0.05, 1.0 / 20), 1e-9);
    plan_feas_clopper_pearson(20, 20, 0.05, &low, &high);
    ck_assert_double_eq_tol(low, pow(0.05, 1.0 / 20), 1e-9);
    ck_assert_double_eq(high, 1.0);
}
END_TEST

/* Runs the procedure (as plan_eval.c does) on normal data of the given mean and sd; returns
 * the verdict. */
static plan_verdict run_once(gsl_rng *rng, double mean, double sd, double q, double delta,
                             double alpha)
{
    double x[160];
    int n0 = 10, cap = 160, looks = plan_feas_looks(n0, cap), have = 0;
    for (int n = n0;; n = plan_feas_next_look(n, cap)) {
        for (; have < n; have++)
            x[have] = mean + gsl_ran_gaussian(rng, sd);
        double low, high;
        plan_feas_t_bounds(x, (size_t)n, alpha / looks, &low, &high);
        plan_verdict v = plan_feas_decide(low, high, q, delta, 1);
        if (v != PLAN_UNDECIDED || n >= cap)
            return v == PLAN_FEASIBLE ? PLAN_FEASIBLE : PLAN_INFEASIBLE;
    }
}

START_TEST(error_probabilities_below_alpha)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2005);
    int trials = 4000, false_feasible = 0, false_infeasible = 0, far_decided_early = 0;
    double q = 0.9, delta = 0.01, sd = 0.03, alpha = 0.05;
    for (int i = 0; i < trials; i++) {
        false_feasible += run_once(rng, q - 1e-9, sd, q, delta, alpha) == PLAN_FEASIBLE;
        false_infeasible += run_once(rng, q + delta, sd, q, delta, alpha) == PLAN_INFEASIBLE;
    }
    /* 4000 trials: a true rate of 0.05 would exceed 0.058 with probability < 1% */
    ck_assert_int_le(false_feasible, (int)(0.058 * trials));
    ck_assert_int_le(false_infeasible, (int)(0.058 * trials));
    /* ... and the procedure is not trivially conservative: it does say feasible */
    for (int i = 0; i < 200; i++)
        far_decided_early += run_once(rng, q + 0.1, sd, q, delta, alpha) == PLAN_FEASIBLE;
    ck_assert_int_eq(far_decided_early, 200);
    gsl_rng_free(rng);
}
END_TEST

START_TEST(decide_both_directions)
{
    ck_assert_int_eq(plan_feas_decide(0.91, 0.95, 0.9, 0.01, 1), PLAN_FEASIBLE);
    ck_assert_int_eq(plan_feas_decide(0.85, 0.905, 0.9, 0.01, 1), PLAN_INFEASIBLE);
    ck_assert_int_eq(plan_feas_decide(0.89, 0.93, 0.9, 0.01, 1), PLAN_UNDECIDED);
    ck_assert_int_eq(plan_feas_decide(3.0, 4.5, 5.0, 0.5, 0), PLAN_FEASIBLE);
    ck_assert_int_eq(plan_feas_decide(4.6, 6.0, 5.0, 0.5, 0), PLAN_INFEASIBLE);
    ck_assert_int_eq(plan_feas_decide(4.4, 5.5, 5.0, 0.5, 0), PLAN_UNDECIDED);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("feasibility");
    TCase *tc = tcase_create("sequential");
    tcase_add_test(tc, look_schedule);
    tcase_add_test(tc, clopper_pearson_closed_forms);
    tcase_add_test(tc, error_probabilities_below_alpha);
    tcase_add_test(tc, decide_both_directions);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
