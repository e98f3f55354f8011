/* The supply chain (models/supply/supply.c): exact vendor deliveries, pull reorders at the reorder
 * point arriving after the region's lead time, push allocations equal to the forecast, the
 * national blank invariant, and no change without a "supply" key. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/card/pipeline.h"
#include "models/run/run.h"
#include "models/supply/scenario_supply.h"
#include "models/supply/supply.h"
#include "tests/models/scenario_text.h"
#include "tests/check_run.h"

/* One Java office (lead days 3) open Mon-Fri 08-16 with `per_day` arrivals. */
static const char *template =
    "{\"name\": \"t\", \"seed\": 3, \"start_date\": \"2023-01-02\", \"horizon_days\": %d,"
    " \"replications\": %d,"
    " \"supply\": {\"central_stock\": %d, \"policy\": \"%s\", \"push_every_days\": 10,"
    "   \"safety_days\": 5, \"lead_days_java\": 3,"
    "   \"contracts\": [{\"signed_on\": \"2023-01-02\", \"quantity\": 1000, \"rate_per_day\": 300}]},"
    " \"regions\": [{\"code\": \"31.71\", \"name\": \"Java\","
    "   \"recording\": {\"arrivals\": {\"per_day\": %d}, \"stations\": 4, \"capture_time\": 300,"
    "     \"opening_hours\": {\"days\": [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"],"
    "       \"open\": \"08:00\", \"close\": \"16:00\"}},"
    "   \"blanks\": {\"initial\": %d, \"reorder_point\": %d, \"batch\": 100, \"lead_time\": 0}}]}";

static scenario *load(int days, int reps, int central, const char *policy, int per_day,
                      int initial, int reorder_point, int with_supply)
{
    char text[4096];
    snprintf(text, sizeof text, template, days, reps, central, policy, per_day, initial,
             reorder_point);
    if (!with_supply) { /* cut the "supply" object out */
        char *from = strstr(text, " \"supply\""), *to = strstr(text, " \"regions\"");
        memmove(from, to, strlen(to) + 1);
    }
    return scenario_from_text(text);
}

static void run(const scenario *s, summary *out)
{
    run_options options = run_options_from(s);
    char why[256];
    ck_assert_int_eq(run_scenario(s, &options, out, why, sizeof why), 0);
    ck_assert_msg(out->invariants_ok, "%s", out->invariant_message);
}

static double central(const summary *out, int day, int column)
{
    return out->central_daily[(size_t)day * SUPPLY_DAILY_COLUMNS + column];
}

START_TEST(contract_delivers_q_in_ceil_q_over_r_days)
{
    /* The office never reorders (stock far above its use), so only the vendor moves stock. */
    scenario *s = load(10, 1, 0, "pull", 1, 100000, 0, 1);
    summary out;
    run(s, &out);
    double cumulative = 0;
    int last_day = -1;
    for (int day = 0; day < 10; day++) {
        double procured = central(&out, day, SUPPLY_PROCURED);
        cumulative += procured;
        if (procured > 0)
            last_day = day;
        ck_assert_double_eq(central(&out, day, SUPPLY_CENTRAL_STOCK), cumulative);
        ck_assert(procured <= 300);
    }
    ck_assert_double_eq(cumulative, 1000);
    ck_assert_int_eq(last_day + 1, (int)ceil(1000.0 / 300.0)); /* days 0..3: 4 days */
    ck_assert_double_eq(summary_find(&out, "blanks_procured")->mean, 1000);
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

START_TEST(pull_orders_at_reorder_point_and_arrive_after_lead_time)
{
    scenario *s = load(30, 1, 2000, "pull", 40, 200, 20, 1);
    summary out;
    run(s, &out);
    int sent = -1;
    for (int day = 0; day < 30 && sent < 0; day++)
        if (central(&out, day, SUPPLY_IN_TRANSIT) > 0)
            sent = day;
    ck_assert_int_ge(sent, 1);
    /* The order left on the day the office's stock fell below 20, and not before. */
    double before = out.daily[(size_t)(sent - 1) * SUMMARY_DAILY_COLUMNS + DAILY_BLANK_STOCK];
    double that_day = out.daily[(size_t)sent * SUMMARY_DAILY_COLUMNS + DAILY_BLANK_STOCK];
    ck_assert(before >= 20);
    ck_assert(that_day < 20);
    ck_assert_double_eq(central(&out, sent, SUPPLY_IN_TRANSIT), 100); /* one batch */
    /* Constant lead time of 3 days: arrives exactly 3 days later, not earlier. */
    for (int day = sent; day < sent + 3; day++)
        ck_assert_double_eq(central(&out, day, SUPPLY_DELIVERED), 0);
    ck_assert_double_eq(central(&out, sent + 3, SUPPLY_DELIVERED), 100);
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

START_TEST(push_sends_the_forecast)
{
    scenario *s = load(30, 1, 100000, "push", 40, 0, 0, 1);
    summary out;
    run(s, &out);
    /* Day 0's forecast is the office's arrivals per calendar day (40 on 5 days of 7), times
     * push_every_days + safety_days = 15. */
    double expected = ceil(40.0 * 5.0 / 7.0 * 15.0);
    ck_assert_double_eq(central(&out, 0, SUPPLY_IN_TRANSIT), expected);
    /* Sent at time 0, it arrives at 3 x 86400 s: the end of day 2, whose row counts events up
     * to and including that instant. The next push is at 10 x 86400 s (row 9); nothing moves
     * in between. */
    ck_assert_double_eq(central(&out, 2, SUPPLY_DELIVERED), expected);
    for (int day = 1; day < 9; day++)
        ck_assert_double_eq(central(&out, day, SUPPLY_IN_TRANSIT), day < 2 ? expected : 0);
    ck_assert(central(&out, 9, SUPPLY_IN_TRANSIT) > 0);
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

START_TEST(invariant_holds_under_shortage)
{
    /* A small centre, hybrid policy, several replications: blanks run out and come back. */
    scenario *s = load(60, 3, 150, "hybrid", 60, 50, 30, 1);
    summary out;
    run(s, &out);
    ck_assert_str_eq(out.invariants[1].name, "blanks_conserved");
    ck_assert(out.invariants[1].ok);
    ck_assert(summary_find(&out, "central_stockout_days")->mean > 0);
    ck_assert(summary_find(&out, "suket_issued")->mean > 0);
    const summary_metric *region = summary_block_find(&out.regions[0], "blanks_in_transit_end");
    ck_assert_ptr_nonnull(region);
    ck_assert_double_eq(region->mean, summary_find(&out, "blanks_in_transit_end")->mean);
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

/* Transport capacity: the day-0 push (429 blanks uncapped) leaves at most 100 a day, so the
 * first delivery is 100 and no day delivers more; the rest waits for the next push. */
START_TEST(transport_capacity_caps_daily_shipments)
{
    scenario *s = load(30, 1, 5000, "push", 40, 0, 0, 1);
    summary free_out, capped_out;
    run(s, &free_out);
    int first = -1;
    for (int day = 0; day < 30 && first < 0; day++)
        if (central(&free_out, day, SUPPLY_DELIVERED) > 0)
            first = day;
    ck_assert_int_ge(first, 0);
    ck_assert(central(&free_out, first, SUPPLY_DELIVERED) > 100); /* so the cap binds */
    s->supply->transport_per_day = 100;
    run(s, &capped_out);
    ck_assert_double_eq(central(&capped_out, first, SUPPLY_DELIVERED), 100);
    for (int day = 0; day < 30; day++)
        ck_assert(central(&capped_out, day, SUPPLY_DELIVERED) <= 100);
    summary_fini(&free_out);
    summary_fini(&capped_out);
    scenario_destroy(s);
}
END_TEST

START_TEST(no_supply_key_no_supply_results)
{
    scenario *s = load(20, 2, 0, "pull", 40, 60, 20, 0);
    ck_assert_ptr_null(s->supply);
    summary out;
    run(s, &out);
    ck_assert_ptr_null(out.central_daily);
    ck_assert_ptr_null(summary_find(&out, "blanks_procured"));
    ck_assert_ptr_null(summary_find(&out, "next_contract_sign_by_day"));
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

START_TEST(budget_caps_contracts_of_a_year)
{
    /* 1000 + 1000 signed in 2023 under a 1500 budget: the second gets 500; 2024's is not cut. */
    const char *text =
        "{\"name\": \"t\", \"start_date\": \"2023-12-20\", \"horizon_days\": 20,"
        " \"replications\": 1, \"supply\": {\"budget_per_year\": 1500, \"contracts\": ["
        "  {\"signed_on\": \"2023-12-20\", \"quantity\": 1000, \"rate_per_day\": 1000},"
        "  {\"signed_on\": \"2023-12-21\", \"quantity\": 1000, \"rate_per_day\": 1000},"
        "  {\"signed_on\": \"2024-01-02\", \"quantity\": 1000, \"rate_per_day\": 1000}]},"
        " \"regions\": [{\"code\": \"31.71\", \"name\": \"J\", \"recording\": {\"arrivals\":"
        "  {\"per_day\": 1}, \"stations\": 1, \"capture_time\": 60}, \"blanks\": {\"initial\": 1000, \"reorder_point\": 0}}]}";
    scenario *s = scenario_from_text(text);
    summary out;
    run(s, &out);
    ck_assert_double_eq(summary_find(&out, "blanks_procured")->mean, 2500);
    /* Deliveries at 0 s and 86400 s fall in row 0; 2024-01-02 (13 x 86400 s) in row 12. */
    ck_assert_double_eq(central(&out, 0, SUPPLY_PROCURED), 1500);
    ck_assert_double_eq(central(&out, 12, SUPPLY_PROCURED), 1000);
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

START_TEST(suket_older_than_6_months_counted)
{
    /* No blanks anywhere, ever: everyone waits. At 180 days nobody has waited 182.5 days; at
     * 200 days those who joined in the first 17.5 days have, and they are still waiting. */
    for (int days = 180; days <= 200; days += 20) {
        scenario *s = load(days, 1, 0, "pull", 20, 0, 0, 1);
        free(s->supply->contracts[0].vendor); /* drop the contract */
        s->supply->contract_count = 0;
        summary out;
        run(s, &out);
        double over = summary_find(&out, "suket_waiting_over_6_months_end")->mean;
        double waiting = summary_find(&out, "suket_backlog_end")->mean;
        if (days == 180)
            ck_assert_double_eq(over, 0);
        else
            ck_assert(over > 0 && over < waiting && over <= 20.0 * 18);
        summary_fini(&out);
        scenario_destroy(s);
    }
}
END_TEST

START_TEST(tender_delay_and_start_shift_deliveries)
{
    /* Signed on day 0, tender slips 5 days, deliveries start 2 days later: the first delivery
     * is at 7 x 86400 s (row 6), 250 a day for 4 days. */
    const char *text =
        "{\"name\": \"t\", \"start_date\": \"2023-01-02\", \"horizon_days\": 20,"
        " \"replications\": 1, \"supply\": {\"contracts\": [{\"signed_on\": \"2023-01-02\","
        "  \"quantity\": 1000, \"rate_per_day\": 250, \"delivery_start_days\": 2,"
        "  \"tender_delay_days\": {\"constant\": {\"value\": 5}}}]},"
        " \"regions\": [{\"code\": \"31.71\", \"name\": \"J\", \"recording\": {\"arrivals\":"
        "  {\"per_day\": 1}, \"stations\": 1, \"capture_time\": 60}, \"blanks\": {\"initial\": 1000, \"reorder_point\": 0}}]}";
    scenario *s = scenario_from_text(text);
    summary out;
    run(s, &out);
    for (int day = 0; day < 20; day++)
        ck_assert_double_eq(central(&out, day, SUPPLY_PROCURED), day >= 6 && day < 10 ? 250 : 0);
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

START_TEST(bad_policy_is_reported)
{
    const char *text = "{\"name\": \"t\", \"supply\": {\"policy\": \"fifo\"},"
                       " \"regions\": [{\"code\": \"31.71\", \"name\": \"J\"}]}";
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    ck_assert_int_eq(scenario_load_buffer("t.json", text, strlen(text), &s, &errors),
                     SCENARIO_EINVALID);
    ck_assert_uint_ge(errors.count, 1);
    ck_assert_str_eq(errors.messages[0],
                     "t.json: /supply/policy: expected \"pull\", \"push\" or \"hybrid\", found "
                     "a string \"fifo\"");
    scenario_errors_fini(&errors);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("supply");
    TCase *tc = tcase_create("supply");
    tcase_add_test(tc, contract_delivers_q_in_ceil_q_over_r_days);
    tcase_add_test(tc, pull_orders_at_reorder_point_and_arrive_after_lead_time);
    tcase_add_test(tc, push_sends_the_forecast);
    tcase_add_test(tc, invariant_holds_under_shortage);
    tcase_add_test(tc, transport_capacity_caps_daily_shipments);
    tcase_add_test(tc, no_supply_key_no_supply_results);
    tcase_add_test(tc, budget_caps_contracts_of_a_year);
    tcase_add_test(tc, suket_older_than_6_months_counted);
    tcase_add_test(tc, tender_delay_and_start_shift_deliveries);
    tcase_add_test(tc, bad_policy_is_reported);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
