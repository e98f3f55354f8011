/* Checks --set and --region (models/scenario_set.c): a change reaches the loaded scenario,
 * a bad value is reported by the loader at its pointer, a pointer that does not resolve is
 * reported with the part that failed, and nothing else in the file changes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario_set.h"
#include "tests/check_run.h"

static char path_buffer[4096];

static const char *source_file(const char *relative)
{
    const char *root = getenv("KTP_SOURCE_DIR");
    snprintf(path_buffer, sizeof path_buffer, "%s/%s", root ? root : ".", relative);
    return path_buffer;
}

/* Loads `relative` with one change (or none when pointer is NULL) and the region choice;
 * returns the status, the scenario in *out and the first error line in first_error. */
static int load_with(const char *relative, const char *pointer, const char *value,
                     const char *region, scenario **out, char *first_error, size_t size)
{
    scenario_change change = {pointer, value};
    scenario_errors errors;
    scenario_errors_init(&errors);
    int status = scenario_load_file_with(source_file(relative), &change, pointer ? 1 : 0,
                                         region, out, &errors);
    first_error[0] = '\0';
    if (errors.count > 0) {
        const char *line = errors.messages[0];
        const char *after_file = strstr(line, ".json: ");
        snprintf(first_error, size, "%s", after_file ? after_file + 7 : line);
    }
    scenario_errors_fini(&errors);
    return status;
}

START_TEST(change_reaches_the_scenario)
{
    scenario *s = NULL;
    char error[512];
    ck_assert_int_eq(load_with("scenarios/default.json", "/regions/0/recording/stations", "7",
                               NULL, &s, error, sizeof error), SCENARIO_OK);
    ck_assert_int_eq(s->regions[0].recording.stations, 7);
    scenario_destroy(s);
    ck_assert_int_eq(load_with("scenarios/default.json", "/regions/0/network/mode", "online",
                               NULL, &s, error, sizeof error), SCENARIO_OK);
    ck_assert_int_eq(s->regions[0].network.mode, SCENARIO_LINK_ONLINE);
    scenario_destroy(s);
}
END_TEST

START_TEST(no_change_loads_the_same_scenario)
{
    scenario *plain = NULL, *through = NULL;
    scenario_errors errors;
    scenario_errors_init(&errors);
    ck_assert_int_eq(scenario_load_file(source_file("scenarios/province.json"), &plain,
                                        &errors), SCENARIO_OK);
    char error[512];
    ck_assert_int_eq(load_with("scenarios/province.json", NULL, NULL, NULL, &through, error,
                               sizeof error), SCENARIO_OK);
    ck_assert_int_eq(plain->region_count, through->region_count);
    ck_assert_uint_eq(plain->seed, through->seed);
    for (size_t i = 0; i < plain->region_count; i++) {
        ck_assert_str_eq(plain->regions[i].code, through->regions[i].code);
        ck_assert_int_eq(plain->regions[i].recording.stations,
                         through->regions[i].recording.stations);
        ck_assert_double_eq(plain->regions[i].recording.arrivals.rate,
                            through->regions[i].recording.arrivals.rate);
        ck_assert_int_eq((int)plain->regions[i].blanks.initial,
                         (int)through->regions[i].blanks.initial);
    }
    scenario_destroy(plain);
    scenario_destroy(through);
    scenario_errors_fini(&errors);
}
END_TEST

/* Loading with one change fails with `expected` as its first message (without the file). */
static void expect_error(const char *pointer, const char *value, const char *expected)
{
    scenario *s = NULL;
    char error[512];
    ck_assert_int_eq(load_with("scenarios/default.json", pointer, value, NULL, &s, error,
                               sizeof error), SCENARIO_EINVALID);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(error, expected);
}

START_TEST(bad_value_is_reported_at_its_pointer)
{
    expect_error("/regions/0/recording/stations", "-2",
                 "/regions/0/recording/stations: expected an integer from 1 to 10000, found -2");
    expect_error("/regions/0/recordng", "1",
                 "/regions/0/recordng: unknown key; did you mean \"recording\"?");
}
END_TEST

START_TEST(unresolved_pointer_names_what_failed)
{
    expect_error("/regions/3/recording/stations", "4", "--set /regions/3/recording/stations: "
                 "no such location: /regions/3 (the array has 1 item)");
    expect_error("/regions/0/recordng/stations", "4", "--set /regions/0/recordng/stations: "
                 "no such location: /regions/0/recordng");
    expect_error("/seed/x", "4", "--set /seed/x: no such location: /seed/x (inside a value "
                 "that is neither an object nor an array)");
}
END_TEST

START_TEST(region_choice)
{
    scenario *s = NULL;
    char error[512];
    ck_assert_int_eq(load_with("scenarios/province.json", NULL, NULL, "21.02", &s, error,
                               sizeof error), SCENARIO_OK);
    ck_assert_int_eq(s->region_count, 1);
    ck_assert_str_eq(s->regions[0].code, "21.02");
    scenario_destroy(s);
    ck_assert_int_eq(load_with("scenarios/province.json", "/regions/1/recording/stations",
                               "9", "21.02", &s, error, sizeof error), SCENARIO_OK);
    ck_assert_int_eq(s->regions[0].recording.stations, 9); /* changes come first */
    scenario_destroy(s);
    ck_assert_int_eq(load_with("scenarios/province.json", NULL, NULL, "21.99", &s, error,
                               sizeof error), SCENARIO_EINVALID);
    ck_assert_str_eq(error, "--region 21.99: no region with code \"21.99\" (the file has: "
                            "21.01, 21.02, 21.03, 21.04, 21.05, 21.71, 21.72)");
}
END_TEST

START_TEST(pointer_escapes_and_append)
{
    cJSON *root = cJSON_Parse("{\"a/b\": 1, \"m~n\": 2, \"list\": [1, 2]}");
    cJSON *three = cJSON_CreateNumber(3);
    char why[256];
    ck_assert_int_eq(scenario_set_apply(root, "/a~1b", three, why, sizeof why), 0);
    ck_assert_int_eq(scenario_set_apply(root, "/m~0n", three, why, sizeof why), 0);
    ck_assert_int_eq(scenario_set_apply(root, "/list/-", three, why, sizeof why), 0);
    ck_assert_int_eq(scenario_set_apply(root, "/list/0", three, why, sizeof why), 0);
    ck_assert_int_eq(scenario_set_apply(root, "/list/01", three, why, sizeof why), -1);
    ck_assert_str_eq(why, "no such location: /list/01 (the array has 3 items)");
    char *text = cJSON_PrintUnformatted(root);
    ck_assert_str_eq(text, "{\"a/b\":3,\"m~n\":3,\"list\":[3,2,3]}");
    cJSON_free(text);
    cJSON_Delete(three);
    cJSON_Delete(root);
}
END_TEST

START_TEST(change_parse)
{
    char good[] = "/regions/0/name=Kota Batam", bad[] = "stations=4", none[] = "/seed";
    scenario_change change;
    char why[256];
    ck_assert_int_eq(scenario_change_parse(good, &change, why, sizeof why), 0);
    ck_assert_str_eq(change.pointer, "/regions/0/name");
    ck_assert_str_eq(change.value, "Kota Batam");
    ck_assert_int_eq(scenario_change_parse(bad, &change, why, sizeof why), -1);
    ck_assert_str_eq(why, "\"stations=4\": a JSON Pointer starts with '/' "
                          "(e.g. /regions/0/recording/stations=4)");
    ck_assert_int_eq(scenario_change_parse(none, &change, why, sizeof why), -1);
    ck_assert_str_eq(why, "\"/seed\": expected JSON_POINTER=VALUE");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("scenario_set");
    TCase *tc = tcase_create("set");
    tcase_add_test(tc, change_reaches_the_scenario);
    tcase_add_test(tc, no_change_loads_the_same_scenario);
    tcase_add_test(tc, bad_value_is_reported_at_its_pointer);
    tcase_add_test(tc, unresolved_pointer_names_what_failed);
    tcase_add_test(tc, region_choice);
    tcase_add_test(tc, pointer_escapes_and_append);
    tcase_add_test(tc, change_parse);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
