/* Checks plan files (plan/plan_file.c, plan_items.c): bad files are rejected with the exact
 * message at the JSON Pointer of the fault (unknown pointer, a level that makes the scenario
 * invalid, an unknown metric, a negative cost), and a good file's templates and scopes are
 * expanded over the scenario's regions. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/plan.h"
#include "tests/check_run.h"

static char dir[64], plan_path[128], scenario_path[4096];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/ktp-plan-file-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(plan_path, sizeof plan_path, "%s/p.json", dir);
    const char *root = getenv("KTP_SOURCE_DIR");
    snprintf(scenario_path, sizeof scenario_path, "%s/scenarios", root ? root : ".");
}

static void teardown(void)
{
    remove(plan_path);
    rmdir(dir);
}

/* Writes a plan on `scenario` (under scenarios/) with the variable and target given as JSON,
 * loads it, and returns the status with the first message (without the file name). */
static int load(const char *scenario, const char *variable, const char *target, plan **out,
                char *first, size_t size)
{
    FILE *f = fopen(plan_path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"name\": \"t\", \"scenario\": \"%s/%s\", \"variables\": [%s], "
            "\"targets\": [%s]}", scenario_path, scenario, variable, target);
    fclose(f);
    scenario_errors errors;
    scenario_errors_init(&errors);
    int status = plan_load(plan_path, out, &errors);
    first[0] = '\0';
    if (errors.count > 0)
        snprintf(first, size, "%s", errors.messages[0] + strlen(plan_path) + 2);
    scenario_errors_fini(&errors);
    return status;
}

static const char *stations = "{\"name\": \"stations\", \"pointer\": "
                              "\"/regions/0/recording/stations\", \"from\": 2, \"to\": 6, "
                              "\"cost\": {\"once_rp\": 60000000}}";
static const char *one_hour = "{\"metric\": \"cards_within_1h_share\", \"at_least\": 0.9}";

/* The plan is rejected and its first message, with scenario paths written SCEN, is `want`. */
static void expect_rejected(const char *variable, const char *target, const char *want)
{
    plan *p = NULL;
    char first[8192], expected[8192];
    ck_assert_int_eq(load("default.json", variable, target, &p, first, sizeof first),
                     SCENARIO_EINVALID);
    ck_assert_ptr_null(p);
    /* want has "SCEN" where the scenario's path goes */
    const char *at = strstr(want, "SCEN");
    if (at == NULL)
        snprintf(expected, sizeof expected, "%s", want);
    else
        snprintf(expected, sizeof expected, "%.*s%s/default.json%s", (int)(at - want), want,
                 scenario_path, at + 4);
    ck_assert_str_eq(first, expected);
}

START_TEST(unknown_pointer)
{
    expect_rejected("{\"name\": \"s\", \"pointer\": \"/regions/0/recordng/stations\", "
                    "\"from\": 2, \"to\": 3, \"cost\": {}}", one_hour,
                    "/variables/0/pointer: \"/regions/0/recordng/stations\" is not in SCEN: "
                    "no such location: /regions/0/recordng");
    expect_rejected("{\"name\": \"s\", \"pointer\": \"/regions/0/recording/stationz\", "
                    "\"from\": 2, \"to\": 3, \"cost\": {}}", one_hour,
                    "/variables/0/pointer: /regions/0/recording/stationz = 2 makes the scenario "
                    "invalid: SCEN: /regions/0/recording/stationz: unknown key; did you mean "
                    "\"stations\"?");
}
END_TEST

START_TEST(range_that_makes_the_scenario_invalid)
{
    expect_rejected("{\"name\": \"s\", \"pointer\": \"/regions/0/recording/stations\", "
                    "\"from\": 2, \"to\": 20000, \"cost\": {}}", one_hour,
                    "/variables/0/to: expected an integer from 2 to 1001, found 20000");
    expect_rejected("{\"name\": \"s\", \"pointer\": \"/regions/0/recording/stations\", "
                    "\"from\": 9990, \"to\": 10005, \"cost\": {}}", one_hour,
                    "/variables/0/to: /regions/0/recording/stations = 10005 makes the scenario "
                    "invalid: SCEN: /regions/0/recording/stations: expected an integer from 1 "
                    "to 10000, found 10005");
    expect_rejected("{\"name\": \"s\", \"pointer\": \"/regions/0/recording/stations\", "
                    "\"from\": 0, \"to\": 3, \"cost\": {}}", one_hour,
                    "/variables/0/pointer: /regions/0/recording/stations = 0 makes the scenario "
                    "invalid: SCEN: /regions/0/recording/stations: expected an integer from 1 "
                    "to 10000, found 0");
    expect_rejected("{\"name\": \"m\", \"pointer\": \"/regions/0/network/mode\", \"values\": "
                    "[\"offline\", \"satellite\"], \"costs\": [{}, {}]}", one_hour,
                    "/variables/0/values: /regions/0/network/mode = \"satellite\" makes the "
                    "scenario invalid: SCEN: /regions/0/network/mode: unknown mode; "
                    "expected one of \"online\", \"intermittent\", \"offline\"");
}
END_TEST

START_TEST(unknown_metric)
{
    expect_rejected(stations, "{\"metric\": \"cards_within_2h_share\", \"at_least\": 0.9}",
                    "/targets/0/metric: unknown metric \"cards_within_2h_share\" for a "
                    "national target (the metrics are listed in docs/results.md)");
}
END_TEST

START_TEST(negative_cost)
{
    expect_rejected("{\"name\": \"s\", \"pointer\": \"/regions/0/recording/stations\", "
                    "\"from\": 2, \"to\": 3, \"cost\": {\"once_rp\": -5}}", one_hour,
                    "/variables/0/cost/once_rp: expected a number from 0 to 1e+18, found -5");
}
END_TEST

START_TEST(target_shape)
{
    expect_rejected(stations, "{\"metric\": \"cards_within_1h_share\"}",
                    "/targets/0: give exactly one of \"at_least\" and \"at_most\"");
    expect_rejected(stations, "{\"metric\": \"cards_within_1h_share\", \"at_least\": 0.9, "
                    "\"kind\": \"probability\"}",
                    "/targets/0: missing required key \"probability\"");
    expect_rejected(stations, "{\"metric\": \"cards_within_1h_share\", \"at_least\": 0.9, "
                    "\"scope\": [\"21.01\"]}",
                    "/targets/0/scope/0: expected a region code of the scenario");
}
END_TEST

START_TEST(templates_expand_over_regions)
{
    plan *p = NULL;
    char first[2048];
    ck_assert_int_eq(load("province.json", "{\"name\": \"stations\", \"pointer\": "
                          "\"/regions/*/recording/stations\", \"from\": 1, \"to\": 30, "
                          "\"cost\": {\"once_rp\": 1}}",
                          "{\"metric\": \"cards_within_1h_share\", \"at_least\": 0.8, "
                          "\"scope\": \"every_region\"}", &p, first, sizeof first),
                     SCENARIO_OK);
    ck_assert_int_eq(p->variable_count, 7);
    ck_assert_int_eq(p->target_count, 7);
    ck_assert_str_eq(p->variables[1].name, "stations 21.02");
    ck_assert_str_eq(p->variables[1].pointer, "/regions/1/recording/stations");
    ck_assert_int_eq(p->variables[6].region, 6);
    ck_assert_int_eq(p->targets[3].region, 3);
    ck_assert_double_eq(p->variables[0].levels[3].once_rp, 4.0); /* 4 stations x Rp 1 */
    /* below the offered load a one-hour target is out of reach: those levels are skipped */
    const scenario_region *batam = &p->base->regions[5];
    double load = scenario_arrival_rate_per_s(&batam->recording) *
                  sim_dist_mean(&batam->recording.capture_time);
    ck_assert_double_le(p->variables[5].levels[p->variables[5].first_level].value->valuedouble,
                        load + 1.0);
    ck_assert_double_gt(p->variables[5].levels[p->variables[5].first_level].value->valuedouble,
                        load);
    plan_destroy(p);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("plan_file");
    TCase *tc = tcase_create("file");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, unknown_pointer);
    tcase_add_test(tc, range_that_makes_the_scenario_invalid);
    tcase_add_test(tc, unknown_metric);
    tcase_add_test(tc, negative_cost);
    tcase_add_test(tc, target_shape);
    tcase_add_test(tc, templates_expand_over_regions);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
