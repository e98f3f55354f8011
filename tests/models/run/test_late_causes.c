/* Late causes on whole runs: scenarios built so that one cause alone makes cards late must
 * name that cause as the bottleneck and give it (nearly) all late hours; late people add up. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/run/run.h"
#include "models/scenario/scenario.h"
#include "models/run/summary.h"
#include "sim/status.h"
#include "tests/check_run.h"

#define LINK "{\"mode\": \"online\", \"bandwidth_kbps\": 100000}"
#define BLANKS "{\"initial\": 100000, \"reorder_point\": 0, \"batch\": 1, \"lead_time\": 86400}"
#define ABIS "\"servers\": 20"

/* One office with `per_day` arrivals, ample stations and printers, and the given opening
 * hours, link, blanks and ABIS servers; `extra` adds region keys (power cuts). */
static summary *run_office(int per_day, const char *hours, const char *link,
                           const char *blanks, const char *abis, const char *extra)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"name\": \"late\", \"seed\": 7, \"start_date\": \"2025-01-06\","
             " \"horizon_days\": 21, \"warmup_days\": 2, \"replications\": 3,"
             " \"regions\": [{\"code\": \"21.72\", \"name\": \"x\","
             " \"recording\": {\"arrivals\": {\"per_day\": %d}, \"stations\": 20,"
             " \"capture_time\": 300, \"opening_hours\": %s},"
             " \"network\": %s,"
             " \"printing\": {\"printers\": 10, \"print_time\": 60, \"misprint_share\": 0},"
             " \"blanks\": %s%s}],"
             " \"abis\": {%s, \"enrol_failure_share\": 0, \"adjudicate_share\": 0,"
             " \"duplicate_share\": 0, \"print_ready_share\": 1}}",
             per_day, hours, link, blanks, extra, abis);
    scenario *s = NULL;
    scenario_errors errors;
    scenario_errors_init(&errors);
    int status = scenario_load_buffer("late.json", text, strlen(text), &s, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    scenario_errors_fini(&errors);
    ck_assert_int_eq(status, SCENARIO_OK);
    run_options o = run_options_from(s);
    o.threads = 2;
    summary *out = calloc(1, sizeof *out);
    char why[256];
    ck_assert_int_eq(run_scenario(s, &o, out, why, sizeof why), 0);
    ck_assert(out->invariants_ok);
    scenario_destroy(s);
    return out;
}

/* The cause named is the bottleneck, holds at least `share` of the late hours, and late
 * people by main cause add up to the late people. */
static void expect_cause(summary *out, const char *cause, double share)
{
    const summary_block *b = &out->regions[0];
    fprintf(stderr, "%s: bottleneck %s, %.1f late people per replication\n", cause,
            b->bottleneck, b->late.people);
    ck_assert_str_eq(b->bottleneck, cause);
    ck_assert_str_eq(out->bottleneck, cause);
    ck_assert_double_gt(b->late.people, 10);
    double people = 0;
    for (int c = 0; c < LATE_CAUSE_COUNT; c++) {
        people += b->late.main[c];
        if (strcmp(late_cause_names[c], cause) == 0)
            ck_assert_double_ge(b->late.hours_share[c], share);
    }
    ck_assert_double_eq_tol(people, b->late.people, 1e-9);
    summary_fini(out);
    free(out);
}

START_TEST(a_daily_sync_is_the_link)
{
    expect_cause(run_office(40, "\"24/7\"", "{\"mode\": \"offline\", \"sync_every_days\": 1, "
                            "\"sync_at\": \"15:00\"}", BLANKS, ABIS, ""),
                 "link_or_sync", 0.95);
}
END_TEST

START_TEST(an_empty_blank_store_is_blanks_out)
{
    expect_cause(run_office(40, "\"24/7\"", LINK, "{\"initial\": 0, \"reorder_point\": 1, "
                            "\"batch\": 100, \"lead_time\": 8640000}", ABIS, ""),
                 "blanks_out", 0.95);
}
END_TEST

START_TEST(a_closed_printer_is_printer_closed)
{
    /* Open 08:00-16:00 on weekdays; people who join the line near closing are recorded in
     * overtime and their card waits for the next morning (or Monday). */
    expect_cause(run_office(200, "{\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], "
                            "\"open\": \"08:00\", \"close\": \"16:00\"}", LINK, BLANKS, ABIS,
                            ""),
                 "printer_closed", 0.9);
}
END_TEST

START_TEST(power_cuts_are_power_cut)
{
    expect_cause(run_office(40, "\"24/7\"", LINK, BLANKS, ABIS,
                            ", \"power\": {\"time_between_cuts\": 14400, \"cut_duration\": 10800}"),
                 "power_cut", 0.9);
}
END_TEST

START_TEST(slow_dedup_is_the_dedup_queue)
{
    /* One search server at 1.8 searches an hour for 40 people a day: a growing queue. */
    expect_cause(run_office(40, "\"24/7\"", LINK, BLANKS,
                            "\"servers\": 1, \"searches_per_hour\": 1.8", ""),
                 "dedup_queue", 0.95);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("models_late_causes");
    TCase *tc = tcase_create("late_causes");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_daily_sync_is_the_link);
    tcase_add_test(tc, an_empty_blank_store_is_blanks_out);
    tcase_add_test(tc, a_closed_printer_is_printer_closed);
    tcase_add_test(tc, power_cuts_are_power_cut);
    tcase_add_test(tc, slow_dedup_is_the_dedup_queue);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
