/* Tests of sim/schedule: civil dates and weekdays against known days, opening intervals,
 * holidays, next_open/next_close across nights, weekends and midnight, and time parsing. */
#include "sim/schedule.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include "tests/check_run.h"

static const double H = 3600;

START_TEST(known_weekdays)
{
    ck_assert_int_eq(sim_days_from_civil(1970, 1, 1), 0);
    ck_assert_int_eq(sim_weekday_of_days(sim_days_from_civil(1970, 1, 1)), SIM_THURSDAY);
    ck_assert_int_eq(sim_weekday_of_days(sim_days_from_civil(2000, 2, 29)), SIM_TUESDAY);
    ck_assert_int_eq(sim_weekday_of_days(sim_days_from_civil(2024, 1, 1)), SIM_MONDAY);
    ck_assert_int_eq(sim_weekday_of_days(sim_days_from_civil(2026, 11, 22)), SIM_SUNDAY);
    ck_assert_int_eq(sim_weekday_of_days(sim_days_from_civil(1945, 8, 17)), SIM_FRIDAY);
    ck_assert_int_eq(sim_weekday_of_days(sim_days_from_civil(1900, 3, 1)), SIM_THURSDAY);
    ck_assert_int_eq(sim_days_from_civil(2000, 3, 1) - sim_days_from_civil(2000, 2, 28), 2);
    ck_assert_int_eq(sim_days_from_civil(1900, 3, 1) - sim_days_from_civil(1900, 2, 28), 1);
}
END_TEST

START_TEST(days_round_trip)
{
    int64_t from = sim_days_from_civil(1600, 1, 1), to = sim_days_from_civil(2400, 12, 31);
    int prev_y = 1599, prev_m = 12, prev_d = 31;
    long bad = 0; /* counted, not asserted per day: a Check assertion costs a syscall */
    for (int64_t days = from; days <= to; days++) {
        int y, m, d;
        sim_civil_from_days(days, &y, &m, &d);
        bad += sim_days_from_civil(y, m, d) != days;
        /* Consecutive days: either the next day of the month or the 1st of the next. */
        int next_ok = (y == prev_y && m == prev_m && d == prev_d + 1) ||
                      (d == 1 && ((y == prev_y && m == prev_m + 1) ||
                                  (y == prev_y + 1 && m == 1 && prev_m == 12)));
        bad += !next_ok;
        prev_y = y;
        prev_m = m;
        prev_d = d;
    }
    ck_assert_int_eq(bad, 0);
    ck_assert_int_eq(prev_y, 2400);
}
END_TEST

START_TEST(bad_set_up_rejected)
{
    sim_schedule s;
    ck_assert_int_eq(sim_schedule_init(&s, 2023, 2, 29), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_init(&s, 2024, 13, 1), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_init(&s, 2024, 2, 29), SIM_OK);
    ck_assert_int_eq(sim_schedule_add_interval(&s, SIM_MONDAY, 9 * H, 8 * H), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_add_interval(&s, SIM_MONDAY, -1, 8 * H), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_add_interval(&s, SIM_MONDAY, 8 * H, 25 * H), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_add_interval(&s, SIM_MONDAY, 8 * H, 12 * H), SIM_OK);
    ck_assert_int_eq(sim_schedule_add_interval(&s, SIM_MONDAY, 11 * H, 13 * H), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_add_interval(&s, SIM_MONDAY, 12 * H, 13 * H), SIM_OK);
    ck_assert_int_eq(s.count[SIM_MONDAY], 1); /* merged into 08:00-13:00 */
    ck_assert_double_eq(s.close_s[SIM_MONDAY][0], 13 * H);
    ck_assert_int_eq(sim_schedule_add_holiday(&s, 2024, 2, 30), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_set_always_open(&s), SIM_EINVAL);
    sim_schedule_fini(&s);
}
END_TEST

START_TEST(parse_times)
{
    double t;
    ck_assert_int_eq(sim_schedule_parse_hhmm("08:00", &t), SIM_OK);
    ck_assert_double_eq(t, 8 * H);
    ck_assert_int_eq(sim_schedule_parse_hhmm("16:30:15", &t), SIM_OK);
    ck_assert_double_eq(t, 16 * H + 30 * 60 + 15);
    ck_assert_int_eq(sim_schedule_parse_hhmm("24:00", &t), SIM_OK);
    ck_assert_double_eq(t, 24 * H);
    ck_assert_int_eq(sim_schedule_parse_hhmm("24:01", &t), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_parse_hhmm("8:00", &t), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_parse_hhmm("08:60", &t), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_parse_hhmm("08:00x", &t), SIM_EINVAL);
    ck_assert_int_eq(sim_schedule_parse_hhmm(NULL, &t), SIM_EINVAL);
}
END_TEST

/* Starts Friday 2024-03-08; Mon-Fri 08:00-16:00; Monday 2024-03-11 is a holiday (Nyepi). */
static void office(sim_schedule *s)
{
    ck_assert_int_eq(sim_schedule_init(s, 2024, 3, 8), SIM_OK);
    ck_assert_int_eq(sim_schedule_add_interval_days(s, SIM_MONDAY, SIM_FRIDAY, 8 * H, 16 * H),
                     SIM_OK);
    ck_assert_int_eq(sim_schedule_add_holiday(s, 2024, 3, 11), SIM_OK);
    ck_assert_int_eq(sim_schedule_add_holiday(s, 2024, 3, 11), SIM_OK); /* duplicate */
    ck_assert_uint_eq(s->holiday_count, 1);
}

START_TEST(office_hours)
{
    sim_schedule s;
    office(&s);
    const double day = SIM_DAY_S;
    sim_date d = sim_schedule_date(&s, 0);
    ck_assert_int_eq(d.weekday, SIM_FRIDAY);
    ck_assert_int_eq(d.day, 8);
    ck_assert(!sim_schedule_is_open(&s, 7.99 * H));
    ck_assert(sim_schedule_is_open(&s, 8 * H));
    ck_assert(sim_schedule_is_open(&s, 15.99 * H));
    ck_assert(!sim_schedule_is_open(&s, 16 * H)); /* closing time is not open */
    ck_assert(!sim_schedule_is_open(&s, day + 10 * H));     /* Saturday */
    ck_assert(!sim_schedule_is_open(&s, 3 * day + 10 * H)); /* holiday Monday */
    ck_assert(sim_schedule_is_open(&s, 4 * day + 10 * H));  /* Tuesday */
    ck_assert_double_eq(sim_schedule_next_open(&s, 0), 8 * H);
    ck_assert_double_eq(sim_schedule_next_open(&s, 9 * H), 9 * H);
    /* Friday after closing: next opening skips the weekend and the holiday. */
    ck_assert_double_eq(sim_schedule_next_open(&s, 17 * H), 4 * day + 8 * H);
    ck_assert_double_eq(sim_schedule_next_close(&s, 9 * H), 16 * H);
    ck_assert_double_eq(sim_schedule_next_close(&s, 20 * H), 20 * H);
    /* Fri 8 00:00 to Fri 15 00:00: Fri, Tue, Wed, Thu (Mon is a holiday) = 4 x 8 h;
     * to Fri 15 12:00 adds 4 h. */
    ck_assert_double_eq(sim_schedule_open_seconds(&s, 0, 7 * day), 4 * 8 * H);
    ck_assert_double_eq(sim_schedule_open_seconds(&s, 0, 7 * day + 12 * H), 4 * 8 * H + 4 * H);
    double t;
    ck_assert_int_eq(sim_schedule_time_of(&s, 2024, 3, 12, 8 * H, &t), SIM_OK);
    ck_assert_double_eq(t, 4 * day + 8 * H);
    d = sim_schedule_date(&s, t + 30);
    ck_assert_int_eq(d.year, 2024);
    ck_assert_int_eq(d.month, 3);
    ck_assert_int_eq(d.day, 12);
    ck_assert_int_eq(d.weekday, SIM_TUESDAY);
    ck_assert_double_eq(d.second_of_day, 8 * H + 30);
    sim_schedule_fini(&s);
}
END_TEST

START_TEST(openings_across_midnight)
{
    sim_schedule s;
    ck_assert_int_eq(sim_schedule_init(&s, 2024, 3, 4), SIM_OK); /* a Monday */
    /* Night shift Monday 22:00 to Tuesday 06:00, written as two intervals. */
    sim_schedule_add_interval(&s, SIM_MONDAY, 22 * H, 24 * H);
    sim_schedule_add_interval(&s, SIM_TUESDAY, 0, 6 * H);
    ck_assert_double_eq(sim_schedule_next_close(&s, 23 * H), SIM_DAY_S + 6 * H);
    ck_assert(sim_schedule_is_open(&s, SIM_DAY_S));
    ck_assert_double_eq(sim_schedule_next_open(&s, SIM_DAY_S + 7 * H), 7 * SIM_DAY_S + 22 * H);
    sim_schedule_fini(&s);

    ck_assert_int_eq(sim_schedule_init(&s, 2024, 3, 4), SIM_OK);
    ck_assert_double_eq(sim_schedule_next_open(&s, 0), INFINITY); /* never opens */
    ck_assert_int_eq(sim_schedule_set_always_open(&s), SIM_OK);
    ck_assert_double_eq(sim_schedule_next_close(&s, 100), INFINITY); /* never closes */
    sim_schedule_add_holiday(&s, 2024, 4, 10);
    double t;
    sim_schedule_time_of(&s, 2024, 4, 10, 0, &t);
    ck_assert_double_eq(sim_schedule_next_close(&s, 100), t);
    ck_assert_double_eq(sim_schedule_next_open(&s, t), t + SIM_DAY_S);
    sim_schedule copy;
    ck_assert_int_eq(sim_schedule_copy(&copy, &s), SIM_OK);
    sim_schedule_fini(&s);
    ck_assert(!sim_schedule_is_open(&copy, t + 1));
    sim_schedule_fini(&copy);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sim_schedule");
    TCase *tc = tcase_create("schedule");
    tcase_add_test(tc, known_weekdays);
    tcase_add_test(tc, days_round_trip);
    tcase_add_test(tc, bad_set_up_rejected);
    tcase_add_test(tc, parse_times);
    tcase_add_test(tc, office_hours);
    tcase_add_test(tc, openings_across_midnight);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
