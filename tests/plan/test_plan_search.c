/* Checks the search (plan/plan_search.c, plan_eval.c) on offices that are exactly M/M/c
 * queues: open around the clock, Poisson arrivals, exponential captures, and everything after
 * recording immediate, so the share of cards within the hour is P(wait + service <= 3600 s).
 * For several arrival rates and capture times the plan must choose exactly the smallest
 * station count that the closed form (computed here) gives; and the result must not depend
 * on the thread count. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/plan.h"
#include "tests/check_run.h"

#define TARGET 0.9
#define TOLERANCE 0.01

static char dir[64], scenario_path[128], plan_path[128];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/ktp-plan-search-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(scenario_path, sizeof scenario_path, "%s/mmc.json", dir);
    snprintf(plan_path, sizeof plan_path, "%s/plan.json", dir);
}

static void teardown(void)
{
    remove(scenario_path);
    remove(plan_path);
    rmdir(dir);
}

/* P(W + S <= t) in M/M/c, written out from the textbook (Erlang C through Erlang B). */
static double within(int c, double lambda, double mean_s, double t)
{
    double mu = 1.0 / mean_s, a = lambda * mean_s;
    if (a >= c)
        return 0.0;
    double b = 1.0;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    double wait = b / (1.0 - a / c * (1.0 - b)), theta = c * mu - lambda;
    double tail = (theta * exp(-mu * t) - mu * exp(-theta * t)) / (theta - mu);
    return 1.0 - (1.0 - wait) * exp(-mu * t) - wait * tail;
}

static plan *write_and_load(double per_hour, double mean_s)
{
    FILE *f = fopen(scenario_path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f,
        "{\"name\": \"M/M/c\", \"seed\": 11, \"horizon_days\": 12, \"warmup_days\": 2,"
        " \"regions\": [{\"code\": \"21.72\", \"name\": \"M/M/c\","
        "  \"recording\": {\"arrivals\": {\"per_open_hour\": %g}, \"stations\": 1,"
        "   \"capture_time\": {\"exp\": {\"mean\": %g}}, \"opening_hours\": \"24/7\"},"
        "  \"network\": {\"mode\": \"online\", \"bandwidth_kbps\": 100000000,"
        "   \"record_size_mb\": {\"constant\": {\"value\": 1e-6}}, \"result_size_kb\": 1e-6},"
        "  \"printing\": {\"printers\": 1000, \"print_time\": {\"constant\": {\"value\": 0.001}},"
        "   \"misprint_share\": 0},"
        "  \"blanks\": {\"initial\": 1000000000, \"reorder_point\": 0, \"batch\": 1}}],"
        " \"abis\": {\"servers\": 1000, \"licences\": 1000, \"searches_per_hour\": 10000000,"
        "  \"print_ready_share\": 1, \"duplicate_share\": 0, \"adjudicate_share\": 0,"
        "  \"enrol_failure_share\": 0}}", per_hour, mean_s);
    fclose(f);
    f = fopen(plan_path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"name\": \"M/M/c stations\", \"scenario\": \"mmc.json\","
            " \"variables\": [{\"name\": \"stations\", \"pointer\": \"/regions/0/recording/stations\","
            "   \"from\": 1, \"to\": 14, \"cost\": {\"once_rp\": 1000}}],"
            " \"targets\": [{\"metric\": \"cards_within_1h_share\", \"at_least\": %g}],"
            " \"tolerance\": %g, \"replications\": {\"initial\": 10, \"max\": 80}}",
            TARGET, TOLERANCE);
    fclose(f);
    scenario_errors errors;
    scenario_errors_init(&errors);
    plan *p = NULL;
    plan_load(plan_path, &p, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    scenario_errors_fini(&errors);
    ck_assert_ptr_nonnull(p);
    return p;
}

static int chosen_stations(const plan *p, int threads, plan_result *res)
{
    plan_options options = {.threads = threads};
    char why[256];
    ck_assert_int_eq(plan_search(p, &options, res, why, sizeof why), 0);
    ck_assert_int_ge(res->chosen, 0);
    return (int)p->variables[0].levels[res->candidates[res->chosen].levels[0]].value->valuedouble;
}

START_TEST(smallest_station_count_of_the_closed_form)
{
    /* arrivals an hour, mean capture s */
    const double cases[][2] = {{4, 1200}, {10, 900}, {10, 1200}, {20, 900}, {30, 900}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double lambda = cases[i][0] / 3600.0, mean = cases[i][1];
        int c = 1;
        while (within(c, lambda, mean, 3600.0) < TARGET)
            c++;
        /* outside the tolerance zone on both sides, so the answer is decidable */
        ck_assert_double_ge(within(c, lambda, mean, 3600.0), TARGET + 2 * TOLERANCE);
        ck_assert_double_le(within(c - 1, lambda, mean, 3600.0), TARGET - 2 * TOLERANCE);
        plan *p = write_and_load(cases[i][0], mean);
        /* Erlang C seeds the search at the closed form's count (levels start at 1 station) */
        ck_assert_int_eq(p->variables[0].has_seed, 1);
        ck_assert_int_eq(p->variables[0].seed_level, (size_t)(c - 1));
        plan_result res;
        int got = chosen_stations(p, 2, &res);
        /* everything at its most, the seed and the count below it, no more (the bisection
         * alone needs 3 or 4 looks over these 14 levels) */
        ck_assert_int_le(res.candidate_count, 3);
        if (got != c)
            fprintf(stderr, "%g/h, %g s: plan chose %d, closed form %d\n", cases[i][0], mean,
                    got, c);
        ck_assert_int_eq(got, c);
        ck_assert_double_eq(res.candidates[res.chosen].cost_rp, 1000.0 * c);
        plan_result_fini(&res);
        plan_destroy(p);
    }
}
END_TEST

START_TEST(same_result_for_any_thread_count)
{
    plan *p = write_and_load(10, 1200);
    plan_result one, three;
    ck_assert_int_eq(chosen_stations(p, 1, &one), chosen_stations(p, 3, &three));
    ck_assert_int_eq(one.candidate_count, three.candidate_count);
    ck_assert_int_eq(one.replications_spent, three.replications_spent);
    for (size_t i = 0; i < one.candidate_count; i++) {
        const plan_candidate *a = &one.candidates[i], *b = &three.candidates[i];
        ck_assert_int_eq(a->levels[0], b->levels[0]);
        ck_assert_int_eq(a->replications, b->replications);
        ck_assert_int_eq(a->verdict, b->verdict);
        ck_assert_mem_eq(a->values, b->values, (size_t)a->replications * sizeof(double));
    }
    plan_result_fini(&one);
    plan_result_fini(&three);
    plan_destroy(p);
}
END_TEST

START_TEST(bounds_skip_unstable_counts)
{
    /* 20 an hour x 900 s = 5 Erlangs: 1 to 5 stations can never keep up */
    plan *p = write_and_load(20, 900);
    ck_assert_int_eq(p->variables[0].first_level, 5);
    plan_result res;
    chosen_stations(p, 2, &res);
    for (size_t i = 0; i < res.candidate_count; i++)
        ck_assert_int_ge(res.candidates[i].levels[0], 5); /* none simulated */
    ck_assert_int_eq(res.bounded_skipped, 5);
    plan_result_fini(&res);
    plan_destroy(p);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("plan_search");
    TCase *tc = tcase_create("mmc");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, smallest_station_count_of_the_closed_form);
    tcase_add_test(tc, same_result_for_any_thread_count);
    tcase_add_test(tc, bounds_skip_unstable_counts);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
