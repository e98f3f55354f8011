/* Check suite for the scenario loader: values and defaults land in the structs, every
 * distribution kind is accepted, all errors of a file are collected, and the calendar
 * helpers (weekday, open days, arrival rate) follow the documented rules. */
#include <check.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario.h"
#include "tests/check_run.h"

static scenario *load_text(const char *text, scenario_errors *errors)
{
    scenario *s = NULL;
    scenario_errors_init(errors);
    scenario_load_buffer("t.json", text, strlen(text), &s, errors);
    return s;
}

static const char *path_in_source(const char *relative, char *path, size_t size)
{
    const char *root = getenv("KTP_SOURCE_DIR");
    snprintf(path, size, "%s/%s", root ? root : ".", relative);
    return path;
}

#define MINIMAL_REGION \
    "{\"code\": \"21.72\", \"name\": \"Kota Tanjung Pinang\", \"recording\": {" \
    "\"arrivals\": {\"per_open_hour\": 10}, \"stations\": 2, \"capture_time\": %s}}"

static scenario *load_with_capture(const char *capture, scenario_errors *errors)
{
    char text[2048];
    char region[1024];
    snprintf(region, sizeof region, MINIMAL_REGION, capture);
    snprintf(text, sizeof text, "{\"name\": \"t\", \"regions\": [%s]}", region);
    return load_text(text, errors);
}

START_TEST(test_default_scenario_loads)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    char path[4096];
    int status = scenario_load_file(path_in_source("scenarios/default.json", path, sizeof path),
                                    &s, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    ck_assert_int_eq(status, SCENARIO_OK);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->region_count, 1);
    ck_assert_str_eq(s->regions[0].code, "21.72");
    ck_assert_int_eq(s->regions[0].recording.stations, 3);
    ck_assert_int_eq(s->regions[0].recording.operators, 2);
    ck_assert_int_eq(s->regions[0].recording.has_kit_failures, 1);
    ck_assert_int_eq(s->regions[0].network.mode, SCENARIO_LINK_OFFLINE);
    ck_assert_int_eq(s->regions[0].network.sync_at_s, 15 * 3600);
    ck_assert_int_eq(s->regions[0].recording.capture_time.kind, SIM_DIST_LOGNORMAL);
    ck_assert(s->source_count >= 1);
    ck_assert_int_eq(s->warmup_days < s->horizon_days, 1);
    scenario_destroy(s);
    scenario_errors_fini(&errors);
}
END_TEST

START_TEST(test_defaults_applied)
{
    scenario_errors errors;
    scenario *s = load_with_capture("300", &errors);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(errors.count, 0);
    ck_assert_str_eq(s->description, "");
    ck_assert_uint_eq(s->source_count, 0);
    ck_assert_uint_eq(s->seed, 1);
    ck_assert_int_eq(s->start_date.year, 2025);
    ck_assert_int_eq(s->start_date.month, 1);
    ck_assert_int_eq(s->start_date.day, 6);
    ck_assert_int_eq(s->horizon_days, 28);
    ck_assert_int_eq(s->warmup_days, 0);
    ck_assert_int_eq(s->replications, 10);
    const scenario_recording *r = &s->regions[0].recording;
    ck_assert_int_eq(r->opening_hours.always_open, 0);
    ck_assert_uint_eq(r->opening_hours.day_mask, 0x1F);
    ck_assert_int_eq(r->opening_hours.open_s, 8 * 3600);
    ck_assert_int_eq(r->opening_hours.close_s, 16 * 3600);
    ck_assert_uint_eq(r->holiday_count, 0);
    /* A bare number is a constant distribution. */
    ck_assert_int_eq(r->capture_time.kind, SIM_DIST_CONSTANT);
    ck_assert_double_eq(sim_dist_mean(&r->capture_time), 300.0);
    scenario_destroy(s);
    scenario_errors_fini(&errors);
}
END_TEST

/* Every kind from sim/dist.h is accepted under its JSON name, with its mean. */
static const struct {
    const char *json;
    sim_dist_kind kind;
    double mean;
} kinds[] = {
    {"{\"constant\": {\"value\": 120}}", SIM_DIST_CONSTANT, 120},
    {"{\"exp\": {\"mean\": 300}}", SIM_DIST_EXP, 300},
    {"{\"gamma\": {\"mean\": 300, \"shape\": 2.5}}", SIM_DIST_GAMMA, 300},
    {"{\"erlang\": {\"mean\": 300, \"k\": 3}}", SIM_DIST_ERLANG, 300},
    {"{\"lognormal\": {\"mean\": 300, \"sd\": 100}}", SIM_DIST_LOGNORMAL, 300},
    {"{\"triangular\": {\"min\": 60, \"mode\": 120, \"max\": 600}}", SIM_DIST_TRIANGULAR, 260},
    {"{\"uniform\": {\"min\": 100, \"max\": 300}}", SIM_DIST_UNIFORM, 200},
    {"{\"empirical\": {\"values\": [100, 400], \"weights\": [3, 1]}}", SIM_DIST_EMPIRICAL, 175},
};

START_TEST(test_distribution_kinds)
{
    scenario_errors errors;
    scenario *s = load_with_capture(kinds[_i].json, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    ck_assert_ptr_nonnull(s);
    const sim_dist *d = &s->regions[0].recording.capture_time;
    ck_assert_int_eq(d->kind, kinds[_i].kind);
    ck_assert_double_eq_tol(sim_dist_mean(d), kinds[_i].mean, 1e-9);
    scenario_destroy(s);
    scenario_errors_fini(&errors);
}
END_TEST

START_TEST(test_all_errors_collected)
{
    const char *text =
        "{\"name\": \"\", \"seed\": -1, \"horizon_days\": 0, \"replications\": 1.5,"
        " \"regions\": [{\"code\": \"x\", \"name\": 3, \"recording\": {"
        " \"arrivals\": {\"per_day\": -1}, \"stations\": 0, \"capture_time\": {}}}],"
        " \"extra\": true}";
    scenario_errors errors;
    scenario *s = load_text(text, &errors);
    ck_assert_ptr_null(s);
    /* name, seed, horizon_days, replications, code, region name, per_day, stations,
     * capture_time, extra: ten independent errors, each reported. */
    ck_assert_uint_eq(errors.count, 10);
    ck_assert_str_eq(errors.messages[0],
                     "t.json: /name: expected a string of 1 to 200 characters, found 0");
    ck_assert_str_eq(errors.messages[9], "t.json: /extra: unknown key; expected one of "
                     "\"name\", \"description\", \"source\", \"seed\", \"start_date\", "
                     "\"horizon_days\", \"warmup_days\", \"replications\", \"regions\", "
                     "\"abis\", \"central_blanks\", \"supply\", \"ikd\", \"observed\"");
    scenario_errors_fini(&errors);
}
END_TEST

START_TEST(test_error_cap)
{
    /* 500 unknown keys: the list keeps SCENARIO_MAX_ERRORS and counts the rest. */
    size_t size = 64 + 500 * 16;
    char *text = malloc(size);
    size_t used = (size_t)snprintf(text, size, "{");
    for (int i = 0; i < 500; i++)
        used += (size_t)snprintf(text + used, size - used, "%s\"zz%d\": 1", i ? "," : "", i);
    snprintf(text + used, size - used, "}");
    scenario_errors errors;
    scenario *s = load_text(text, &errors);
    ck_assert_ptr_null(s);
    ck_assert_uint_eq(errors.count, SCENARIO_MAX_ERRORS);
    ck_assert_uint_eq(errors.count + errors.dropped, 502); /* + name, regions missing */
    scenario_errors_fini(&errors);
    free(text);
}
END_TEST

START_TEST(test_unreadable_file)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    ck_assert_int_eq(scenario_load_file("/nonexistent/x.json", &s, &errors), SCENARIO_EIO);
    ck_assert_uint_eq(errors.count, 1);
    ck_assert_str_eq(errors.messages[0], "/nonexistent/x.json: cannot read: No such file or directory");
    scenario_errors_fini(&errors);
    scenario_errors_init(&errors);
    ck_assert_int_eq(scenario_load_file("/", &s, &errors), SCENARIO_EIO);
    ck_assert_str_eq(errors.messages[0], "/: cannot read: not a regular file (a folder)");
    scenario_errors_fini(&errors);
    /* a FIFO used to block the loader for ever (issue 14); now refused at once */
    char fifo[] = "/tmp/ktpfifo-XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(fifo));
    snprintf(path, sizeof path, "%s/s.json", fifo);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    scenario_errors_init(&errors);
    ck_assert_int_eq(scenario_load_file(path, &s, &errors), SCENARIO_EIO);
    char want[128];
    snprintf(want, sizeof want, "%s: cannot read: not a regular file (a FIFO)", path);
    ck_assert_str_eq(errors.messages[0], want);
    scenario_errors_fini(&errors);
    unlink(path);
    rmdir(fifo);
}
END_TEST

START_TEST(test_calendar_helpers)
{
    ck_assert_int_eq(scenario_weekday(0), 3);       /* 1970-01-01 was a Thursday */
    scenario_errors errors;
    const char *text =
        "{\"name\": \"t\", \"start_date\": \"2025-01-24\", \"regions\": [{\"code\": \"21.72\","
        " \"name\": \"n\", \"recording\": {\"arrivals\": {\"per_day\": 80}, \"stations\": 1,"
        " \"capture_time\": 60, \"holidays\": [\"2025-01-27\"],"
        " \"opening_hours\": {\"days\": [\"mon\", \"tue\", \"sat\"], \"open\": \"07:30\","
        " \"close\": \"15:30\"}}}, {\"code\": \"31.71\", \"name\": \"m\", \"recording\": {"
        " \"arrivals\": {\"per_day\": 48}, \"stations\": 1, \"capture_time\": 60,"
        " \"opening_hours\": \"24/7\"}}]}";
    scenario *s = load_text(text, &errors);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(scenario_weekday(s->start_date.days_since_epoch), 4); /* a Friday */
    const scenario_recording *r = &s->regions[0].recording;
    ck_assert_int_eq(scenario_is_open_day(s, r, 0), 0); /* Fri 24 */
    ck_assert_int_eq(scenario_is_open_day(s, r, 1), 1); /* Sat 25 */
    ck_assert_int_eq(scenario_is_open_day(s, r, 2), 0); /* Sun 26 */
    ck_assert_int_eq(scenario_is_open_day(s, r, 3), 0); /* Mon 27, a holiday */
    ck_assert_int_eq(scenario_is_open_day(s, r, 4), 1); /* Tue 28 */
    ck_assert_int_eq(r->opening_hours.open_s, 7 * 3600 + 1800);
    ck_assert_double_eq_tol(scenario_arrival_rate_per_s(r), 80.0 / 8 / 3600, 1e-15);
    const scenario_recording *always = &s->regions[1].recording;
    ck_assert_int_eq(always->opening_hours.always_open, 1);
    ck_assert_int_eq(scenario_is_open_day(s, always, 2), 1);
    ck_assert_double_eq_tol(scenario_arrival_rate_per_s(always), 2.0 / 3600, 1e-15);
    scenario_destroy(s);
    scenario_errors_fini(&errors);
}
END_TEST

START_TEST(test_leap_day_and_bom)
{
    scenario_errors errors;
    const char *text = "\xEF\xBB\xBF{\"name\": \"t\", \"start_date\": \"2024-02-29\", \"regions\": ["
                       "{\"code\": \"94.01\", \"name\": \"n\", \"recording\": {\"arrivals\":"
                       " {\"per_open_hour\": 1}, \"stations\": 1, \"capture_time\": 1}}]}";
    scenario *s = load_text(text, &errors);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->start_date.days_since_epoch, 19782);
    scenario_destroy(s);
    scenario_errors_fini(&errors);
}
END_TEST

START_TEST(test_long_keys_cut_in_pointer)
{
    /* Regression (found by libFuzzer): keys longer than the pointer buffer, nested. */
    char key[1200];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    char text[4096];
    snprintf(text, sizeof text, "{\"name\": \"t\", \"regions\": [{\"%s\": {\"%s\": 1}}]}",
             key, key);
    scenario_errors errors;
    scenario *s = load_text(text, &errors);
    ck_assert_ptr_null(s);
    ck_assert(errors.count >= 1);
    const char *first = errors.messages[0];
    ck_assert(strncmp(first, "t.json: /regions/0/kkk", 22) == 0);
    ck_assert_ptr_nonnull(strstr(first, "...: unknown key; expected one of"));
    scenario_errors_fini(&errors);
}
END_TEST

static Suite *scenario_suite(void)
{
    Suite *suite = suite_create("scenario");
    TCase *tc = tcase_create("loader");
    tcase_add_test(tc, test_default_scenario_loads);
    tcase_add_test(tc, test_defaults_applied);
    tcase_add_loop_test(tc, test_distribution_kinds, 0, sizeof kinds / sizeof kinds[0]);
    tcase_add_test(tc, test_all_errors_collected);
    tcase_add_test(tc, test_error_cap);
    tcase_add_test(tc, test_unreadable_file);
    tcase_add_test(tc, test_calendar_helpers);
    tcase_add_test(tc, test_leap_day_and_bom);
    tcase_add_test(tc, test_long_keys_cut_in_pointer);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return ktp_check_run(scenario_suite());
}
