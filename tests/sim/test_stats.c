/* Tests of sim/stats: Welford tally against two-pass formulas, merging, time-weighted
 * levels, exact quantiles, and Student-t intervals against tabulated t values. */
#include "sim/stats.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include "tests/check_run.h"

START_TEST(tally_matches_two_pass)
{
    const double x[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}; /* large offset: Welford */
    sim_tally t;
    sim_tally_reset(&t);
    ck_assert(isnan(sim_tally_mean(&t)));
    for (int i = 0; i < 4; i++)
        sim_tally_add(&t, x[i]);
    ck_assert_double_eq_tol(sim_tally_mean(&t), 1e9 + 10, 1e-6);
    ck_assert_double_eq_tol(sim_tally_variance(&t), 30.0, 1e-6); /* (36+9+9+36)/3 */
    ck_assert_double_eq(t.min, 1e9 + 4);
    ck_assert_double_eq(t.max, 1e9 + 16);
    ck_assert_double_eq(t.count, 4);
}
END_TEST

START_TEST(tally_merge_equals_one_tally)
{
    sim_tally all, a, b;
    sim_tally_reset(&all);
    sim_tally_reset(&a);
    sim_tally_reset(&b);
    for (int i = 0; i < 100; i++) {
        double v = sin(i) * 10 + i * 0.1;
        sim_tally_add(&all, v);
        sim_tally_add(i < 37 ? &a : &b, v);
    }
    sim_tally_merge(&a, &b);
    ck_assert_double_eq_tol(a.mean, all.mean, 1e-12);
    ck_assert_double_eq_tol(sim_tally_variance(&a), sim_tally_variance(&all), 1e-9);
    ck_assert_double_eq(a.count, 100);
    ck_assert_double_eq(a.min, all.min);
    ck_assert_double_eq(a.max, all.max);
}
END_TEST

START_TEST(level_time_average)
{
    sim_level l;
    sim_level_init(&l, 10, 2);   /* 2 during [10, 14) */
    sim_level_set(&l, 14, 5);    /* 5 during [14, 15) */
    sim_level_add(&l, 15, -5);   /* 0 during [15, 20] */
    ck_assert_double_eq_tol(sim_level_area(&l, 20), 8 + 5, 1e-12);
    ck_assert_double_eq_tol(sim_level_mean(&l, 20), 13.0 / 10, 1e-12);
    ck_assert_double_eq(l.max, 5);
    sim_level_reset(&l, 20);
    sim_level_set(&l, 22, 1);
    ck_assert_double_eq_tol(sim_level_mean(&l, 24), 0.5, 1e-12);
    ck_assert(isnan(sim_level_mean(&l, 20)));
}
END_TEST

START_TEST(exact_quantiles)
{
    sim_samples s;
    sim_samples_init(&s);
    double q;
    ck_assert_int_eq(sim_samples_quantile(&s, 0.5, &q), SIM_EINVAL);
    ck_assert(isnan(q));
    for (int i = 100; i >= 1; i--) /* unsorted input */
        ck_assert_int_eq(sim_samples_add(&s, i), SIM_OK);
    ck_assert_int_eq(sim_samples_quantile(&s, 0.5, &q), SIM_OK);
    ck_assert_double_eq_tol(q, 50.5, 1e-12);
    sim_samples_quantile(&s, 0.0, &q);
    ck_assert_double_eq(q, 1);
    sim_samples_quantile(&s, 1.0, &q);
    ck_assert_double_eq(q, 100);
    sim_samples_quantile(&s, 0.9, &q);
    ck_assert_double_eq_tol(q, 90.1, 1e-9); /* index 0.9 * 99 = 89.1 -> 90 + 0.1 */
    ck_assert_int_eq(sim_samples_quantile(&s, 1.5, &q), SIM_EINVAL);
    sim_samples_add(&s, 1000); /* adding after sorting re-sorts */
    sim_samples_quantile(&s, 1.0, &q);
    ck_assert_double_eq(q, 1000);
    sim_samples_fini(&s);
}
END_TEST

START_TEST(student_t_intervals)
{
    /* Values 1..20: mean 10.5, sd sqrt(35); t(0.975, 19) = 2.093024, t(0.995, 19) = 2.860935. */
    double v[20];
    for (int i = 0; i < 20; i++)
        v[i] = i + 1;
    sim_ci ci;
    ck_assert_int_eq(sim_stats_ci(v, 20, 0.95, &ci), SIM_OK);
    ck_assert_double_eq_tol(ci.mean, 10.5, 1e-12);
    ck_assert_double_eq_tol(ci.sd, sqrt(35.0), 1e-12);
    ck_assert_double_eq_tol(ci.half_width, 2.093024 * sqrt(35.0) / sqrt(20.0), 1e-5);
    ck_assert_double_eq_tol(ci.lo, ci.mean - ci.half_width, 1e-12);
    ck_assert_int_eq(sim_stats_ci(v, 20, 0.99, &ci), SIM_OK);
    ck_assert_double_eq_tol(ci.half_width, 2.860935 * sqrt(35.0) / sqrt(20.0), 1e-5);
    /* Two values: t(0.975, 1) = 12.7062. */
    ck_assert_int_eq(sim_stats_ci(v, 2, 0.95, &ci), SIM_OK);
    ck_assert_double_eq_tol(ci.half_width, 12.7062 * sqrt(0.5) / sqrt(2.0), 1e-3);
    ck_assert_int_eq(sim_stats_ci(v, 1, 0.95, &ci), SIM_EINVAL);
    ck_assert_double_eq(ci.mean, 1);
    ck_assert_int_eq(sim_stats_ci(v, 5, 1.0, &ci), SIM_EINVAL);
    v[3] = NAN;
    ck_assert_int_eq(sim_stats_ci(v, 5, 0.95, &ci), SIM_EINVAL);
}
END_TEST

START_TEST(intervals_within_their_range)
{
    /* 0.9 and 1.0 over two replications: t(0.975, 1) = 12.7062, sd 0.0707: the uncut
     * interval runs to 1.535; cut to [0, 1] its top is 1 and its bottom is unchanged. */
    double share[2] = {0.9, 1.0};
    sim_ci ci;
    ck_assert_int_eq(sim_stats_ci_within(share, 2, 0.95, 0, 1, &ci), SIM_OK);
    ck_assert_double_eq(ci.hi, 1.0);
    ck_assert_double_eq_tol(ci.lo, 0.95 - 12.7062 * sqrt(0.005) / sqrt(2.0), 1e-3);
    ck_assert(ci.lo < 0.9); /* only the side outside the range is cut */
    /* A backlog that is 0 in most replications: the interval never goes below 0. */
    double backlog[5] = {0, 0, 0, 0, 300};
    ck_assert_int_eq(sim_stats_ci_within(backlog, 5, 0.95, 0, INFINITY, &ci), SIM_OK);
    ck_assert_double_eq(ci.lo, 0.0);
    ck_assert_double_eq_tol(ci.hi, 60 + 2.776445 * sqrt(18000.0) / sqrt(5.0), 1e-3);
    ck_assert_int_eq(sim_stats_ci_within(backlog, 1, 0.95, 0, 1, &ci), SIM_EINVAL);
    ck_assert(isnan(ci.lo) && isnan(ci.hi));
    ck_assert_int_eq(sim_stats_ci_within(backlog, 5, 0.95, 1, 0, &ci), SIM_EINVAL);
}
END_TEST

START_TEST(wilson_score_intervals)
{
    /* 8 of 10 at 95%: (0.4902, 0.9433), the textbook example (Newcombe 1998, method 3). */
    sim_ci ci;
    ck_assert_int_eq(sim_stats_wilson(8, 10, 0.95, &ci), SIM_OK);
    ck_assert_double_eq_tol(ci.mean, 0.8, 1e-15);
    ck_assert_double_eq_tol(ci.lo, 0.4902, 1e-4);
    ck_assert_double_eq_tol(ci.hi, 0.9433, 1e-4);
    /* 0 of n: [0, z^2 / (n + z^2)]; n of n: its mirror. z(0.975) = 1.959964. */
    double z2 = 1.959964 * 1.959964;
    ck_assert_int_eq(sim_stats_wilson(0, 10, 0.95, &ci), SIM_OK);
    ck_assert_double_eq(ci.lo, 0.0);
    ck_assert_double_eq_tol(ci.hi, z2 / (10 + z2), 1e-6);
    ck_assert_int_eq(sim_stats_wilson(10, 10, 0.95, &ci), SIM_OK);
    ck_assert_double_eq(ci.hi, 1.0);
    ck_assert_double_eq_tol(ci.lo, 10 / (10 + z2), 1e-6);
    /* The interval is symmetric around 1/2 when successes = trials / 2, and narrows as n
     * grows at the same share. */
    ck_assert_int_eq(sim_stats_wilson(50, 100, 0.95, &ci), SIM_OK);
    ck_assert_double_eq_tol(ci.lo + ci.hi, 1.0, 1e-12);
    double wide = ci.hi - ci.lo;
    ck_assert_int_eq(sim_stats_wilson(500, 1000, 0.95, &ci), SIM_OK);
    ck_assert(ci.hi - ci.lo < wide / 3);
    ck_assert_int_eq(sim_stats_wilson(0, 0, 0.95, &ci), SIM_EINVAL);
    ck_assert(isnan(ci.mean));
    ck_assert_int_eq(sim_stats_wilson(3, 2, 0.95, &ci), SIM_EINVAL);
    ck_assert_int_eq(sim_stats_wilson(1, 2, 1.5, &ci), SIM_EINVAL);
}
END_TEST

int main(void)
{
    sim_init();
    Suite *s = suite_create("sim_stats");
    TCase *tc = tcase_create("stats");
    tcase_add_test(tc, tally_matches_two_pass);
    tcase_add_test(tc, tally_merge_equals_one_tally);
    tcase_add_test(tc, level_time_average);
    tcase_add_test(tc, exact_quantiles);
    tcase_add_test(tc, student_t_intervals);
    tcase_add_test(tc, intervals_within_their_range);
    tcase_add_test(tc, wilson_score_intervals);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
