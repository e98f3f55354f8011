/* Check suite for `ktpsim run`'s engine room (models/run, recording, summary): an office
 * open around the clock with exponential arrivals and captures is M/M/c, so its mean wait
 * must match Erlang C (inside the 99% interval of 20 replications, whose 95% half-width is
 * under 10% of the value); arrivals follow the opening calendar; results do not depend on the
 * number of threads; the summary file is written whole. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#include "models/run/run.h"
#include "models/scenario/scenario.h"
#include "models/run/summary.h"
#include "sim/status.h"
#include "tests/models/scenario_text.h"
#include "tests/check_run.h"
#include "sim/schedule.h"

static scenario *load(const char *text)
{
    return scenario_from_text(text);
}

/* Erlang C: mean wait in queue of M/M/c with arrival rate lambda and service rate mu. */
static double erlang_c_wait(int c, double lambda, double mu)
{
    double a = lambda / mu, rho = a / c;
    double term = 1, sum = 1; /* a^k / k! for k = 0 */
    for (int k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double last = term * a / c / (1 - rho); /* a^c / c! / (1 - rho) */
    double p_wait = last / (sum + last);
    return p_wait / (c * mu - lambda);
}

/* Whether x lies in the 99% Student-t interval of a metric, widened from its 95% one (fixed
 * seeds make each check deterministic; 99% keeps it robust to a change of streams). */
static int in_ci99(const summary_metric *m, double x)
{
    double df = (double)m->replications_used - 1;
    double half95 = (m->ci_high - m->ci_low) / 2;
    double half99 = half95 * gsl_cdf_tdist_Pinv(0.995, df) / gsl_cdf_tdist_Pinv(0.975, df);
    return fabs(m->mean - x) <= half99;
}

static summary *run(const scenario *s, int threads)
{
    summary *out = malloc(sizeof *out);
    run_options options = run_options_from(s);
    options.threads = threads;
    char why[256];
    ck_assert_int_eq(run_scenario(s, &options, out, why, sizeof why), 0);
    ck_assert_msg(out->invariants_ok == 1, "invariant broken: %s", out->invariant_message);
    return out;
}

static void done(summary *out, scenario *s)
{
    summary_fini(out);
    free(out);
    scenario_destroy(s);
}

static const struct {
    int stations;
    double utilisation;
} mmc_cases[] = {{1, 0.5}, {4, 0.8}, {16, 0.8}};

START_TEST(test_mmc_matches_erlang_c)
{
    /* No enrol failures: people recorded again would add load to the stations. */
    int c = mmc_cases[_i].stations;
    double rho = mmc_cases[_i].utilisation, mean_service_s = 600;
    double lambda = rho * c / mean_service_s; /* per second */
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"mmc\", \"seed\": %d, \"horizon_days\": 60, \"warmup_days\": 4,"
             " \"replications\": 20, \"regions\": [{\"code\": \"21.72\", \"name\": \"x\","
             " \"recording\": {\"arrivals\": {\"per_open_hour\": %.17g}, \"stations\": %d,"
             " \"capture_time\": {\"exp\": {\"mean\": %.17g}}, \"opening_hours\": \"24/7\"}}],"
             " \"abis\": {\"print_ready_share\": 0.975, \"enrol_failure_share\": 0}}",
             11 + _i, lambda * 3600, c, mean_service_s);
    scenario *s = load(text);
    summary *out = run(s, 2);
    double expected = erlang_c_wait(c, lambda, 1 / mean_service_s);
    const summary_metric *wait = summary_find(out, "recording_wait_s");
    ck_assert_ptr_nonnull(wait);
    fprintf(stderr, "M/M/%d rho %.2f: Erlang C %.3f s, simulated %.3f [%.3f, %.3f]\n", c, rho,
            expected, wait->mean, wait->ci_low, wait->ci_high);
    ck_assert(in_ci99(wait, expected));
    ck_assert(wait->ci_high - wait->ci_low < 0.2 * expected); /* not a vague interval */
    const summary_metric *busy = summary_find(out, "recording_utilisation");
    ck_assert(in_ci99(busy, rho));
    done(out, s);
}
END_TEST

START_TEST(test_operators_limit_stations)
{
    /* 4 kits but 1 operator: the office is an M/M/1 queue (rho 0.5, mean wait = service). */
    double mean_service_s = 600, lambda = 0.5 / mean_service_s;
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"ops\", \"seed\": 21, \"horizon_days\": 60, \"warmup_days\": 4,"
             " \"replications\": 20, \"regions\": [{\"code\": \"21.72\", \"name\": \"x\","
             " \"recording\": {\"arrivals\": {\"per_open_hour\": %.17g}, \"stations\": 4,"
             " \"operators\": 1, \"capture_time\": {\"exp\": {\"mean\": %.17g}},"
             " \"opening_hours\": \"24/7\"}}],"
             " \"abis\": {\"print_ready_share\": 0.975, \"enrol_failure_share\": 0}}",
             lambda * 3600, mean_service_s);
    scenario *s = load(text);
    summary *out = run(s, 2);
    double expected = erlang_c_wait(1, lambda, 1 / mean_service_s);
    const summary_metric *wait = summary_find(out, "recording_wait_s");
    fprintf(stderr, "1 operator, 4 kits: M/M/1 %.1f s, simulated %.1f [%.1f, %.1f]\n", expected,
            wait->mean, wait->ci_low, wait->ci_high);
    ck_assert(in_ci99(wait, expected));
    done(out, s);
}
END_TEST

START_TEST(test_weekday_factors_and_campaign_days)
{
    /* 60 a day Monday-Friday with Monday doubled and a campaign tripling Wednesday
     * 2025-01-15: 4 weeks give 4 x (120 + 4 x 60) + 2 x 60 = 1560 arrivals on average. */
    const char *text =
        "{\"name\": \"demand\", \"seed\": 3, \"start_date\": \"2025-01-06\","
        " \"horizon_days\": 28, \"replications\": 40, \"regions\": [{\"code\": \"21.72\","
        " \"name\": \"x\", \"recording\": {\"arrivals\": {\"per_day\": 60,"
        " \"weekday_factors\": [2, 1, 1, 1, 1, 0, 0],"
        " \"campaign_days\": [{\"date\": \"2025-01-15\", \"factor\": 3}]},"
        " \"stations\": 6, \"capture_time\": 300}}]}";
    scenario *s = load(text);
    summary *out = run(s, 2);
    const summary_metric *arrived = summary_find(out, "applicants_arrived");
    fprintf(stderr, "weekday factors: expected 1560, simulated %.1f [%.1f, %.1f]\n",
            arrived->mean, arrived->ci_low, arrived->ci_high);
    ck_assert(in_ci99(arrived, 1560));
    done(out, s);
}
END_TEST

/* Mean arrivals over `reps` replications of `days` days at an office open Monday-Friday
 * 08:00-16:00, 60 a day, with the given 24 hour factors. */
static const summary_metric *arrivals_with_hour_factors(const char *factors, int days, int reps,
                                                        summary **out, scenario **s)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"hours\", \"seed\": 3, \"start_date\": \"2025-01-06\","
             " \"horizon_days\": %d, \"replications\": %d, \"regions\": [{\"code\": \"21.72\","
             " \"name\": \"x\", \"recording\": {\"arrivals\": {\"per_day\": 60,"
             " \"hour_factors\": [%s]}, \"stations\": 6, \"capture_time\": 300}}]}",
             days, reps, factors);
    *s = load(text);
    *out = run(*s, 2);
    return summary_find(*out, "applicants_arrived");
}

START_TEST(test_hour_factors)
{
    /* All of the day's 60 in the morning: factors 2 from 08:00 to 12:00 and 0 after keep the
     * day's total, 4 weeks = 1200 on average; factors that are 0 in every open hour leave
     * the office empty. */
    summary *out;
    scenario *s;
    const summary_metric *arrived = arrivals_with_hour_factors(
        "1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1", 28, 40, &out, &s);
    fprintf(stderr, "hour factors: expected 1200, simulated %.1f [%.1f, %.1f]\n",
            arrived->mean, arrived->ci_low, arrived->ci_high);
    ck_assert(in_ci99(arrived, 1200));
    done(out, s);
    arrived = arrivals_with_hour_factors(
        "0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0", 7, 2, &out, &s);
    ck_assert_double_eq(arrived->mean, 0);
    done(out, s);
}
END_TEST

START_TEST(test_shipped_mmc_example)
{
    /* scenarios/examples/mmc-24x7.json promises Erlang C's 447.3 s: hold it to that. */
    char path[4096];
    const char *root = getenv("KTP_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/scenarios/examples/mmc-24x7.json", root ? root : ".");
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    ck_assert_int_eq(scenario_load_file(path, &s, &errors), SCENARIO_OK);
    scenario_errors_fini(&errors);
    const scenario_recording *r = &s->regions[0].recording;
    ck_assert_int_eq(r->opening_hours.always_open, 1);
    ck_assert_int_eq(r->capture_time.kind, SIM_DIST_EXP);
    double lambda = scenario_arrival_rate_per_s(r), mu = 1 / sim_dist_mean(&r->capture_time);
    double expected = erlang_c_wait(r->stations, lambda, mu);
    ck_assert_double_eq_tol(expected, 447.3, 0.05);
    summary *out = run(s, 2);
    const summary_metric *wait = summary_find(out, "recording_wait_s");
    ck_assert(in_ci99(wait, expected));
    done(out, s);
}
END_TEST

/* 2025-01-06 is a Monday; 28 days with a warm-up of 7 leave weeks 2-4: 15 weekdays, one
 * of them (2025-01-27) a holiday, so 14 open days of 8 hours at 7.5 per open hour. */
static const char weekday_office[] =
    "{\"name\": \"weekdays\", \"seed\": 5, \"start_date\": \"2025-01-06\", \"horizon_days\": 28,"
    " \"warmup_days\": 7, \"replications\": 40, \"regions\": [{\"code\": \"21.72\","
    " \"name\": \"x\", \"recording\": {\"arrivals\": {\"per_day\": 60}, \"stations\": 3,"
    " \"capture_time\": {\"lognormal\": {\"mean\": 900, \"sd\": 450}},"
    " \"holidays\": [\"2025-01-27\"]}}]}";

START_TEST(test_arrivals_follow_opening_calendar)
{
    scenario *s = load(weekday_office);
    summary *out = run(s, 2);
    double expected_arrivals = 14 * 60;
    const summary_metric *arrived = summary_find(out, "applicants_arrived");
    ck_assert(in_ci99(arrived, expected_arrivals));
    /* Open station time is 14 days x 8 h x 3 stations; the offered load is 60 x 900 s a day. */
    double expected_utilisation = 60.0 * 900 / (8 * 3600.0 * 3);
    const summary_metric *busy = summary_find(out, "recording_utilisation");
    ck_assert(in_ci99(busy, expected_utilisation));
    /* finish_line: the line is empty at midnight of the last day. */
    ck_assert_double_eq(summary_find(out, "recording_waiting_end")->mean, 0);
    done(out, s);
}
END_TEST

START_TEST(test_overload_carry_over_keeps_invariant)
{
    /* Twice the capacity: the line grows across days and is still there at the end. */
    const char *text =
        "{\"name\": \"overload\", \"horizon_days\": 10, \"replications\": 4, \"regions\": ["
        "{\"code\": \"21.72\", \"name\": \"x\", \"recording\": {\"arrivals\": {\"per_day\": 64},"
        " \"stations\": 1, \"capture_time\": 900, \"at_closing\": \"carry_over\"}}]}";
    scenario *s = load(text);
    summary *out = run(s, 1);
    const summary_metric *end = summary_find(out, "recording_waiting_end");
    ck_assert(end->mean > 100);
    /* One station, 8 hours a day, 15-minute captures: at most 32 + 1 a day can finish. */
    const summary_metric *recorded = summary_find(out, "recorded");
    ck_assert(recorded->mean <= 33 * 8);
    ck_assert(isnan(recorded->p99)); /* a count per replication has no pooled percentiles */
    done(out, s);
}
END_TEST

START_TEST(test_one_hour_share_counts_people_still_waiting)
{
    /* 200 blanks and no reorder for ~720 people: the first 200 get fast cards, everyone after
     * waits with a suket to the end. The share must be over everyone owed a card, not over
     * the cards printed (which would stay near 1 however many are left waiting). */
    const char *text =
        "{\"name\": \"stockout\", \"seed\": 5, \"horizon_days\": 5, \"replications\": 4,"
        " \"regions\": [{\"code\": \"21.72\", \"name\": \"x\", \"recording\": {"
        "\"arrivals\": {\"per_open_hour\": 6}, \"stations\": 4, \"capture_time\": 300,"
        " \"opening_hours\": \"24/7\"}, \"network\": {\"mode\": \"online\"},"
        " \"blanks\": {\"initial\": 200, \"reorder_point\": 0}}],"
        " \"abis\": {\"print_ready_share\": 0.975, \"enrol_failure_share\": 0}}";
    scenario *s = load(text);
    summary *out = run(s, 1);
    double arrived = summary_find(out, "applicants_arrived")->mean;
    double printed = summary_find(out, "cards_printed")->mean;
    double dups = summary_find(out, "duplicates_found")->mean;
    double owed = summary_find(out, "cards_owed")->mean;
    double pending = summary_find(out, "applicants_pending_end")->mean;
    double share = summary_find(out, "cards_within_1h_share")->mean;
    fprintf(stderr, "stockout: arrived %.1f printed %.1f owed %.1f pending %.1f share %.3f\n",
            arrived, printed, owed, pending, share);
    ck_assert(printed <= 200);
    ck_assert(fabs(arrived - (printed + dups + pending)) < 1e-9); /* everyone accounted for */
    /* owed: arrivals before the last hour (about 6 of them are later), less duplicates */
    ck_assert(owed <= arrived - dups && owed >= arrived - dups - 20);
    ck_assert(share * owed <= printed + 1e-9);
    ck_assert(share * owed >= 0.8 * printed); /* the printed cards were fast... */
    ck_assert(share < 0.35);                  /* ...but most people never got one */
    done(out, s);
}
END_TEST

START_TEST(test_offline_sync_waits_for_an_open_day)
{
    /* Open Mondays only, a daily sync at 15:00: nobody is there to sync Tuesday to Sunday, so
     * a record goes up at the next Monday sync and its result comes back a week later. If
     * the sync ran on closed days the network stage would take about a day, not a week. */
    const char *text =
        "{\"name\": \"monday\", \"seed\": 3, \"start_date\": \"2025-01-06\","
        " \"horizon_days\": 56, \"warmup_days\": 7, \"replications\": 3, \"regions\": ["
        "{\"code\": \"21.72\", \"name\": \"x\", \"recording\": {\"arrivals\": {\"per_open_hour\": 4},"
        " \"stations\": 4, \"capture_time\": 300, \"opening_hours\": {\"days\": [\"mon\"],"
        " \"open\": \"08:00\", \"close\": \"16:00\"}}, \"network\": {\"mode\": \"offline\","
        " \"sync_every_days\": 1, \"sync_at\": \"15:00\"}}]}";
    scenario *s = load(text);
    summary *out = run(s, 1);
    const summary_metric *network = summary_find(out, "stage_network_s");
    fprintf(stderr, "Mondays only: network stage %.0f s\n", network->mean);
    /* up: the same Monday 15:00 or a week later; down: the next Monday's sync */
    ck_assert(network->mean > 7 * SIM_DAY_S && network->mean < 14 * SIM_DAY_S);
    done(out, s);
}
END_TEST

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *data = calloc(1, 1 << 20);
    size_t n = fread(data, 1, (1 << 20) - 1, f);
    data[n] = '\0';
    fclose(f);
    return data;
}

START_TEST(test_threads_give_identical_output)
{
    scenario *s = load(weekday_office);
    summary *one = run(s, 1), *three = run(s, 3);
    char dir[] = "/tmp/ktpsim_test_run_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path_one[128], path_three[128], why[256];
    snprintf(path_one, sizeof path_one, "%s/one.json", dir);
    snprintf(path_three, sizeof path_three, "%s/three.json", dir);
    ck_assert_int_eq(summary_write_json(one, path_one, why, sizeof why), 0);
    ck_assert_int_eq(summary_write_json(three, path_three, why, sizeof why), 0);
    char *a = read_all(path_one), *b = read_all(path_three);
    ck_assert_str_eq(a, b);
    ck_assert_ptr_nonnull(strstr(a, "\"recording_wait_s\": {\"mean\": "));
    ck_assert_ptr_nonnull(strstr(a, "\"invariants_ok\": true"));
    free(a);
    free(b);
    remove(path_one);
    remove(path_three);
    remove(dir);
    summary_fini(one);
    summary_fini(three);
    free(one);
    free(three);
    scenario_destroy(s);
}
END_TEST

START_TEST(test_summary_write_fails_cleanly)
{
    summary s;
    memset(&s, 0, sizeof s);
    char why[256];
    ck_assert_int_eq(summary_write_json(&s, "/nonexistent-dir/summary.json", why, sizeof why), -1);
    ck_assert(strncmp(why, "cannot create /nonexistent-dir/summary.json.tmp-", 48) == 0);
}
END_TEST

int main(void)
{
    sim_init();
    Suite *suite = suite_create("run");
    TCase *tc = tcase_create("recording");
    tcase_add_loop_test(tc, test_mmc_matches_erlang_c, 0, 3);
    tcase_add_test(tc, test_shipped_mmc_example);
    tcase_add_test(tc, test_operators_limit_stations);
    tcase_add_test(tc, test_weekday_factors_and_campaign_days);
    tcase_add_test(tc, test_hour_factors);
    tcase_add_test(tc, test_arrivals_follow_opening_calendar);
    tcase_add_test(tc, test_overload_carry_over_keeps_invariant);
    tcase_add_test(tc, test_one_hour_share_counts_people_still_waiting);
    tcase_add_test(tc, test_offline_sync_waits_for_an_open_day);
    tcase_add_test(tc, test_threads_give_identical_output);
    tcase_add_test(tc, test_summary_write_fails_cleanly);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
