/* app/ktpsim_target.c: parsing targets (every operator, exact error texts) and the share of
 * replications meeting one with its Wilson interval. */
#include <check.h>
#include <math.h>

#include "app/ktpsim_target.h"
#include "tests/check_run.h"

START_TEST(targets_parse_every_comparison)
{
    ktpsim_target t;
    char why[256];
    ck_assert_int_eq(ktpsim_target_parse("cards_within_1h_share>=0.9", &t, why, sizeof why), 0);
    ck_assert_str_eq(t.metric, "cards_within_1h_share");
    ck_assert_int_eq(t.op, KTPSIM_GE);
    ck_assert_double_eq(t.value, 0.9);
    ck_assert_int_eq(ktpsim_target_parse("suket_issued < 100", &t, why, sizeof why), 0);
    ck_assert_int_eq(t.op, KTPSIM_LT);
    ck_assert_double_eq(t.value, 100);
    ck_assert_int_eq(ktpsim_target_parse("time_to_card_s<=3.6e3", &t, why, sizeof why), 0);
    ck_assert_int_eq(t.op, KTPSIM_LE);
    ck_assert_int_eq(ktpsim_target_parse("blank_stockout_days==0", &t, why, sizeof why), 0);
    ck_assert_int_eq(t.op, KTPSIM_EQ);
    ck_assert_int_eq(ktpsim_target_parse("recorded>5", &t, why, sizeof why), 0);
    ck_assert_int_eq(t.op, KTPSIM_GT);
    ck_assert_int_eq(ktpsim_target_parse(">=0.9", &t, why, sizeof why), -1);
    ck_assert_str_eq(why, "expected METRIC OP VALUE (e.g. cards_within_1h_share>=0.9), got "
                          "\">=0.9\"");
    ck_assert_int_eq(ktpsim_target_parse("recorded~5", &t, why, sizeof why), -1);
    ck_assert_str_eq(why, "expected a comparison (>=, >, <=, <, ==) after \"recorded\", got "
                          "\"~5\"");
    ck_assert_int_eq(ktpsim_target_parse("recorded>=lots", &t, why, sizeof why), -1);
    ck_assert_str_eq(why, "expected a number after \"recorded>=\", got \"lots\"");
    ck_assert_int_eq(ktpsim_target_parse("recorded>=5x", &t, why, sizeof why), -1);
    ck_assert_int_eq(ktpsim_target_parse("recorded>=nan", &t, why, sizeof why), -1);
}
END_TEST

START_TEST(probability_of_meeting_a_target)
{
    ktpsim_target t;
    char why[64];
    ck_assert_int_eq(ktpsim_target_parse("x>=0.9", &t, why, sizeof why), 0);
    /* 8 of 10 meet it (a NaN replication is no trial): Wilson (0.4902, 0.9433). */
    const double v[11] = {0.95, 0.91, 0.9, 0.97, 0.92, 0.93, 0.99, 0.96, 0.89, 0.5, NAN};
    ktpsim_target_result r;
    ktpsim_target_evaluate(&t, v, 11, &r);
    ck_assert_uint_eq(r.met, 8);
    ck_assert_uint_eq(r.trials, 10);
    ck_assert_double_eq_tol(r.probability, 0.8, 1e-12);
    ck_assert_double_eq_tol(r.lo, 0.4902, 1e-4);
    ck_assert_double_eq_tol(r.hi, 0.9433, 1e-4);
    ck_assert(!ktpsim_target_met(&t, NAN));
    ktpsim_target_evaluate(&t, v + 10, 1, &r); /* only a NaN: no trial, no interval */
    ck_assert_uint_eq(r.trials, 0);
    ck_assert(isnan(r.lo) && isnan(r.probability));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app_target");
    TCase *tc = tcase_create("target");
    tcase_add_test(tc, targets_parse_every_comparison);
    tcase_add_test(tc, probability_of_meeting_a_target);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
