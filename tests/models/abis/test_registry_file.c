/* Check suite for the registry file of an embedded run (run_options.registry_dir): it holds
 * exactly the run's searches, decisions, people and printed cards (equal to the summary's
 * totals), passes the core's own consistency check, is stamped with simulated time, is
 * byte-identical for a seed whatever the thread count, leaves no temporary files, changes no
 * result, and is not written for a modeled ABIS or when it cannot be created. */
#include <check.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/enrol.h"
#include "core/registry.h"
#include "core/status.h"
#include "models/run/run.h"
#include "models/run/summary.h"
#include "tests/core/core_test_util.h"
#include "tests/models/scenario_text.h"
#include "tests/check_run.h"
#include "sim/schedule.h"

/* 2018-11-05 00:00 WIB (UTC+7) in epoch seconds: simulated time 0 of the scenarios below. */
#define START_EPOCH_S (1541376000 - 7 * 3600)

/* One office open 24/7; %d days, %d replications, %s the "abis" object. */
static const char *const scenario_format =
    "{\"name\": \"registry test\", \"seed\": 7, \"start_date\": \"2018-11-05\","
    " \"horizon_days\": %d, \"replications\": %d,"
    " \"regions\": [{\"code\": \"21.72\", \"name\": \"Kota Tanjung Pinang\","
    "  \"recording\": {\"arrivals\": {\"per_open_hour\": 6}, \"stations\": 3,"
    "   \"opening_hours\": \"24/7\", \"capture_time\": {\"exp\": {\"mean\": 600}}}}],"
    " \"abis\": %s}";

static scenario *load(int days, int reps, const char *abis)
{
    char text[4096];
    snprintf(text, sizeof text, scenario_format, days, reps, abis);
    return scenario_from_text(text);
}

static summary *run_into(const scenario *s, int threads, const char *dir)
{
    summary *out = calloc(1, sizeof *out);
    ck_assert_ptr_nonnull(out);
    run_options options = run_options_from(s);
    options.threads = threads;
    options.registry_dir = dir;
    char why[256];
    ck_assert_msg(run_scenario(s, &options, out, why, sizeof why) == 0, "run failed: %s", why);
    ck_assert_msg(out->invariants_ok, "invariant broken: %s", out->invariant_message);
    return out;
}

static void drop(summary *out)
{
    summary_fini(out);
    free(out);
}

static double mean_of(const summary *out, const char *name)
{
    const summary_metric *m = summary_find(out, name);
    ck_assert_msg(m != NULL, "no metric %s", name);
    return m->mean;
}

/* One number from the registry file. */
static double query(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    double value = sqlite3_column_double(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

/* Names in dir other than the expected registry files (temporary, journal, -wal, -shm). */
static int stray_files(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int stray = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        size_t n = strlen(name);
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        int registry = strncmp(name, "registry-rep", 12) == 0 && n > 7 &&
                       strcmp(name + n - 7, ".sqlite") == 0;
        if (!registry) {
            fprintf(stderr, "stray file %s/%s\n", dir, name);
            stray++;
        }
    }
    closedir(d);
    return stray;
}

/* Decisions made by the dedup search (not a reviewer's, not an imported prefill person). */
#define AUTOMATIC "reason NOT LIKE 'manual decision%' AND reason NOT LIKE 'imported:%'"

START_TEST(test_registry_matches_run)
{
    /* review_below 0.40 puts ~1 in 5 searches in the grey zone, so reviews are written too */
    scenario *s = load(3, 1, "{\"mode\": \"embedded\", \"reviewers\": 2, \"embedded\":"
                             " {\"gallery_prefill\": 2000, \"duplicate_share\": 0.1,"
                             " \"review_below\": 0.40}}");
    char dir[256], path[512];
    scratch_dir(dir, sizeof dir);
    summary *out = run_into(s, 1, dir);
    snprintf(path, sizeof path, "%s/registry-rep0.sqlite", dir);
    ck_assert_int_eq(stray_files(dir), 0);
    core_registry *reg = NULL;
    char err[256];
    ck_assert_int_eq(core_registry_open(path, CORE_REGISTRY_READONLY | CORE_REGISTRY_NO_GALLERY,
                                        &reg, err, sizeof err), CORE_OK);
    ck_assert_msg(core_registry_check(reg, err, sizeof err) == CORE_OK, "%s", err);
    core_registry_close(reg);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    double searches = query(db, "SELECT count(*) FROM decisions WHERE " AUTOMATIC);
    double imported = query(db, "SELECT count(*) FROM decisions WHERE reason LIKE 'imported:%'");
    /* each search is one enrolment; its comparisons are the core's, summed exactly */
    ck_assert_double_eq(searches + imported, query(db, "SELECT count(*) FROM enrolments"));
    ck_assert_double_ge(searches, mean_of(out, "recorded") * 0.9);
    ck_assert_double_eq(query(db, "SELECT sum(comparisons) FROM decisions"),
                        mean_of(out, "core_comparisons"));
    ck_assert_double_eq(query(db, "SELECT count(*) FROM decisions WHERE outcome = 2 AND "
                                  AUTOMATIC),
                        mean_of(out, "core_duplicates_found") + mean_of(out, "false_matches"));
    double reviews = query(db, "SELECT count(*) FROM decisions WHERE outcome = 3 AND " AUTOMATIC);
    ck_assert_double_eq(reviews, mean_of(out, "core_reviews"));
    ck_assert_double_gt(reviews, 10);
    /* people: unique searches + reviews found unique + prefill people a decision named */
    double unique = query(db, "SELECT count(*) FROM decisions WHERE outcome = 1 AND " AUTOMATIC);
    double reviewed_unique = query(db, "SELECT count(*) FROM decisions WHERE outcome = 1 AND"
                                       " reason LIKE 'manual decision%'");
    ck_assert_double_gt(reviewed_unique, 0);
    ck_assert_double_eq(query(db, "SELECT count(*) FROM persons"),
                        unique + reviewed_unique + imported);
    ck_assert_double_gt(imported, 0);
    ck_assert_double_le(imported, 2000);
    /* cards: printed ones are the summary's (no warm-up); duplicates likewise */
    ck_assert_double_eq(query(db, "SELECT count(*) FROM cards WHERE status = 6"),
                        mean_of(out, "cards_printed"));
    ck_assert_double_eq(query(db, "SELECT count(DISTINCT blank_serial) FROM cards"),
                        mean_of(out, "cards_printed"));
    ck_assert_double_eq(query(db, "SELECT count(*) FROM cards WHERE status = 3"),
                        mean_of(out, "duplicates_found"));
    /* simulated time: the schema at time 0, everything inside the horizon */
    ck_assert_double_eq(query(db, "SELECT min(at) FROM audit"), START_EPOCH_S);
    ck_assert_double_le(query(db, "SELECT max(at) FROM audit"),
                        START_EPOCH_S + 3 * SIM_DAY_SECONDS);
    ck_assert_double_le(query(db, "SELECT max(created_at) FROM persons"),
                        START_EPOCH_S + 3 * SIM_DAY_SECONDS);
    sqlite3_close(db);
    drop(out);
    scratch_remove(dir);
    scenario_destroy(s);
}
END_TEST

static void assert_same_file(const char *a, const char *b)
{
    size_t size_a = 0, size_b = 0;
    unsigned char *bytes_a = slurp(a, &size_a), *bytes_b = slurp(b, &size_b);
    ck_assert_msg(bytes_a != NULL && bytes_b != NULL, "missing %s or %s", a, b);
    ck_assert_uint_gt(size_a, 0);
    ck_assert_msg(size_a == size_b && memcmp(bytes_a, bytes_b, size_a) == 0,
                  "%s and %s differ", a, b);
    free(bytes_a);
    free(bytes_b);
}

START_TEST(test_registry_identical_any_threads)
{
    scenario *s = load(2, 2, "{\"mode\": \"embedded\", \"embedded\": {\"gallery_prefill\": 300,"
                             " \"duplicate_share\": 0.1, \"comparisons_per_s\": 5000}}");
    char one[256], two[256], a[512], b[512];
    scratch_dir(one, sizeof one);
    scratch_dir(two, sizeof two);
    summary *first = run_into(s, 1, one), *second = run_into(s, 2, two);
    summary *without = run_into(s, 2, NULL);
    for (int rep = 0; rep < 2; rep++) {
        snprintf(a, sizeof a, "%s/registry-rep%d.sqlite", one, rep);
        snprintf(b, sizeof b, "%s/registry-rep%d.sqlite", two, rep);
        assert_same_file(a, b);
    }
    ck_assert_int_eq(stray_files(one) + stray_files(two), 0);
    /* writing the file changes no result */
    ck_assert_uint_eq(first->metric_count, without->metric_count);
    for (size_t i = 0; i < first->metric_count; i++)
        ck_assert_msg(memcmp(&first->metrics[i].mean, &without->metrics[i].mean,
                             sizeof(double)) == 0,
                      "%s differs with a registry file", first->metrics[i].name);
    drop(first);
    drop(second);
    drop(without);
    scratch_remove(one);
    scratch_remove(two);
    scenario_destroy(s);
}
END_TEST

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

START_TEST(test_no_registry_for_modeled)
{
    scenario *s = load(1, 1, "{\"servers\": 1}");
    char dir[256];
    scratch_dir(dir, sizeof dir);
    drop(run_into(s, 1, dir));
    ck_assert_int_eq(entries(dir), 0);
    scratch_remove(dir);
    scenario_destroy(s);
}
END_TEST

START_TEST(test_registry_failure_reported)
{
    scenario *s = load(1, 1, "{\"mode\": \"embedded\", \"embedded\": {\"gallery_prefill\": 10}}");
    char dir[256], missing[320];
    scratch_dir(dir, sizeof dir);
    snprintf(missing, sizeof missing, "%s/no-such-folder", dir);
    summary out;
    run_options options = run_options_from(s);
    options.registry_dir = missing;
    char why[256];
    ck_assert_int_eq(run_scenario(s, &options, &out, why, sizeof why), -1);
    ck_assert_msg(strstr(why, "replication 0 failed: registry ") == why, "why: %s", why);
    summary_fini(&out);
    ck_assert_int_eq(entries(dir), 0);
    scratch_remove(dir);
    scenario_destroy(s);
}
END_TEST

static Suite *registry_file_suite(void)
{
    Suite *s = suite_create("registry_file");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 0);
    tcase_add_test(tc, test_registry_matches_run);
    tcase_add_test(tc, test_registry_identical_any_threads);
    tcase_add_test(tc, test_no_registry_for_modeled);
    tcase_add_test(tc, test_registry_failure_reported);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ktp_check_run(registry_file_suite());
}
