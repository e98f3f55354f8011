/* Check suite: the embedded run's review load is what the core's impostor scores predict.
 * The core itself gives s, the share of new people whose search of a gallery of G people
 * finds an impostor below review_below (FPIR at G): a separate synthetic gallery searched by
 * new people. A search of a gallery of N people then goes to review with
 * q = 1 - (1 - s)^(N/G); N of every search comes from the run's registry file (comparisons /
 * (rotations x 2 eyes)). The observed reviews must lie within 4 sd of sum(q) (binomial sd
 * plus the estimation error of s). s is measured per search, not per comparison: impostor
 * hits cluster on some probes, so 1 - (1 - p)^N from a per-comparison p overestimates.
 * review_below is raised to 0.40 so the load is large enough to test (at the default 0.33 it
 * is ~0: scores are ~N(0.5, 0.032) per comparison). The binomial model with independent
 * rotations underestimates p about 8 times (neighbouring rotations of the smoothed codes are
 * correlated), so p is measured from the core, not computed. */
#include <check.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gallery.h"
#include "core/iris.h"
#include "core/status.h"
#include "models/run/run.h"
#include "models/run/summary.h"
#include "tests/core/core_test_util.h"
#include "tests/models/scenario_text.h"
#include "tests/check_run.h"

#define REVIEW_BELOW 0.40
#define ROTATIONS 7
#define EST_GALLERY 2000
#define EST_PROBES 1500

static const char *const scenario_text =
    "{\"name\": \"review load\", \"seed\": 29, \"start_date\": \"2018-11-05\","
    " \"horizon_days\": 3, \"replications\": 1,"
    " \"regions\": [{\"code\": \"21.72\", \"name\": \"Kota Tanjung Pinang\","
    "  \"recording\": {\"arrivals\": {\"per_open_hour\": 6}, \"stations\": 3,"
    "   \"opening_hours\": \"24/7\", \"capture_time\": {\"exp\": {\"mean\": 600}}}}],"
    " \"abis\": {\"mode\": \"embedded\", \"reviewers\": 2, \"embedded\":"
    "  {\"gallery_prefill\": 2000, \"duplicate_share\": 0.1, \"review_below\": 0.40,"
    "   \"rotations\": 7}}}";

/* Share of new people whose search of a gallery of EST_GALLERY people finds an impostor
 * below REVIEW_BELOW (the core's FPIR at that threshold and size). */
static double review_share(void)
{
    core_gallery *g = NULL;
    ck_assert_int_eq(core_gallery_create(&g, EST_GALLERY), CORE_OK);
    core_template t;
    for (uint64_t i = 0; i < EST_GALLERY; i++) {
        ck_assert_int_eq(core_iris_synth(0xA11CE000u + i, 1, NULL, &t), CORE_OK);
        ck_assert_int_eq(core_gallery_insert(g, i + 1, &t), CORE_OK);
    }
    core_search_opts opts = {ROTATIONS, 1, 1, REVIEW_BELOW, NULL, 0};
    core_candidate found;
    double hit = 0;
    for (uint64_t k = 0; k < EST_PROBES; k++) {
        size_t n = 0;
        uint64_t comparisons = 0;
        ck_assert_int_eq(core_iris_synth(0xB0B00000u + k, 2, NULL, &t), CORE_OK);
        ck_assert_int_eq(core_gallery_identify(g, &t, &opts, &found, &n, &comparisons), CORE_OK);
        hit += n > 0;
    }
    core_gallery_destroy(g);
    return hit / EST_PROBES;
}

START_TEST(test_review_load_matches_impostor_rate)
{
    double share = review_share(); /* ~0.2: known within ~5% from EST_PROBES searches */
    ck_assert_double_gt(share, 0.05);
    scenario *s = scenario_from_text(scenario_text);
    char dir[256], path[512];
    scratch_dir(dir, sizeof dir);
    summary out;
    run_options options = run_options_from(s);
    options.registry_dir = dir;
    char why[256];
    ck_assert_msg(run_scenario(s, &options, &out, why, sizeof why) == 0, "%s", why);
    const summary_metric *reviews = summary_find(&out, "core_reviews");
    ck_assert_ptr_nonnull(reviews);
    snprintf(path, sizeof path, "%s/registry-rep0.sqlite", dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    /* searches of people not yet enrolled: only impostors can put them in the grey zone */
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT comparisons FROM decisions WHERE outcome"
                                            " IN (1, 3) AND reason NOT LIKE 'manual%'"
                                            " AND reason NOT LIKE 'imported:%'",
                                        -1, &stmt, NULL), SQLITE_OK);
    double expected = 0, variance = 0, searches = 0, slope = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        double size = sqlite3_column_double(stmt, 0) / (ROTATIONS * 2) / EST_GALLERY;
        double q = 1 - pow(1 - share, size); /* the share at this search's gallery size */
        expected += q;
        variance += q * (1 - q);
        slope += size * pow(1 - share, size - 1); /* d expected / d share */
        searches++;
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    variance += slope * slope * share * (1 - share) / EST_PROBES; /* the share's own error */
    double observed = reviews->mean, sd = sqrt(variance);
    fprintf(stderr, "review load: observed %.0f of %.0f searches, predicted %.1f (sd %.1f,"
            " %.3f of searches at %d people)\n", observed, searches, expected, sd, share,
            EST_GALLERY);
    ck_assert_double_ge(searches, 300);
    ck_assert_double_ge(expected, 20); /* the test can fail both ways */
    ck_assert_msg(fabs(observed - expected) <= 4 * sd, "observed %.0f, predicted %.1f +- %.1f",
                  observed, expected, 4 * sd);
    summary_fini(&out);
    scratch_remove(dir);
    scenario_destroy(s);
}
END_TEST

static Suite *review_suite(void)
{
    Suite *s = suite_create("review_load");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 0);
    tcase_add_test(tc, test_review_load_matches_impostor_rate);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ktp_check_run(review_suite());
}
