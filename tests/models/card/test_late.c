/* models/card/late.c: the split of a late card's excess time over its causes, by hand. */
#include <check.h>
#include <string.h>

#include "models/card/late.h"
#include "tests/check_run.h"

static void delays(float *d, int c1, double s1, int c2, double s2)
{
    memset(d, 0, LATE_CAUSE_COUNT * sizeof *d);
    if (c1 >= 0)
        d[c1] = (float)s1;
    if (c2 >= 0)
        d[c2] = (float)s2;
}

START_TEST(excess_goes_to_causes_in_proportion)
{
    late_tally t;
    memset(&t, 0, sizeof t);
    float d[LATE_CAUSE_COUNT];
    /* 3 h to the card, 2 h of it waiting for the sync: the 2 h beyond the target are the
     * link's. */
    delays(d, LATE_LINK, 7200, -1, 0);
    late_tally_add(&t, d, 10800, 3600);
    ck_assert_double_eq_tol(t.excess_s[LATE_LINK], 7200, 1e-9);
    ck_assert_double_eq(t.main[LATE_LINK], 1);
    /* 5 h: 1 h of link and 3 h without blanks share 4 h beyond the target as 1 : 3. */
    delays(d, LATE_LINK, 3600, LATE_BLANKS, 10800);
    late_tally_add(&t, d, 18000, 3600);
    ck_assert_double_eq_tol(t.excess_s[LATE_LINK], 7200 + 3600, 1e-9);
    ck_assert_double_eq_tol(t.excess_s[LATE_BLANKS], 10800, 1e-9);
    ck_assert_double_eq(t.main[LATE_BLANKS], 1);
    /* 2 h with only 15 min of waiting: the rest of the hour beyond the target is processing. */
    delays(d, LATE_STATION, 900, -1, 0);
    late_tally_add(&t, d, 7200, 3600);
    ck_assert_double_eq_tol(t.excess_s[LATE_STATION], 900, 1e-9);
    ck_assert_double_eq_tol(t.excess_s[LATE_PROCESSING], 2700, 1e-9);
    ck_assert_double_eq(t.main[LATE_PROCESSING], 1);
    /* Waiting longer than the excess: scaled down, so the parts add up to the excess. */
    delays(d, LATE_PRINTER_CLOSED, 30000, LATE_DEDUP, 10000);
    late_tally_add(&t, d, 23600, 3600);
    ck_assert_double_eq_tol(t.excess_s[LATE_PRINTER_CLOSED], 15000, 1e-6);
    ck_assert_double_eq_tol(t.excess_s[LATE_DEDUP], 5000, 1e-6);
    ck_assert_double_eq(t.people, 4);
    /* On time: nothing counted. */
    delays(d, LATE_LINK, 3000, -1, 0);
    late_tally_add(&t, d, 3600, 3600);
    ck_assert_double_eq(t.people, 4);
    ck_assert_int_eq(late_tally_bottleneck(&t), LATE_PRINTER_CLOSED);
    double people = 0;
    for (int c = 0; c < LATE_CAUSE_COUNT; c++)
        people += t.main[c];
    ck_assert_double_eq(people, t.people);
}
END_TEST

START_TEST(nobody_late_has_no_bottleneck)
{
    late_tally t;
    memset(&t, 0, sizeof t);
    ck_assert_int_eq(late_tally_bottleneck(&t), -1);
    ck_assert_str_eq(late_cause_names[LATE_PRINTER_CLOSED], "printer_closed");
    ck_assert_str_eq(late_cause_names[LATE_PROCESSING], "processing");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("models_late");
    TCase *tc = tcase_create("late");
    tcase_add_test(tc, excess_goes_to_causes_in_proportion);
    tcase_add_test(tc, nobody_late_has_no_bottleneck);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
