/* Check suite for abis.mode "embedded": injected duplicates are found at the synthetic
 * core's FNIR (about 0), nobody is falsely matched at the default thresholds, results do not
 * depend on the number of threads, and a modeled ABIS given the same throughput (searches
 * per hour = comparisons_per_s x 3600 / comparisons per search) agrees on the one-hour
 * share. Galleries are small so the suite stays fast under the sanitizers. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/run/run.h"
#include "models/scenario/scenario.h"
#include "models/run/summary.h"
#include "tests/models/scenario_text.h"
#include "tests/check_run.h"

/* One office open 24/7 so the ABIS sees steady load; %s is the "abis" object. */
static const char *const scenario_format =
    "{\"name\": \"embedded test\", \"seed\": 11, \"horizon_days\": %d, \"replications\": %d,"
    " \"regions\": [{\"code\": \"21.72\", \"name\": \"Kota Tanjung Pinang\","
    "  \"recording\": {\"arrivals\": {\"per_open_hour\": 6}, \"stations\": 3,"
    "   \"opening_hours\": \"24/7\", \"capture_time\": {\"exp\": {\"mean\": 600}}}}],"
    " \"abis\": %s}";

static scenario *load(int days, int reps, const char *abis)
{
    char text[8192];
    snprintf(text, sizeof text, scenario_format, days, reps, abis);
    return scenario_from_text(text);
}

static summary *run(const scenario *s, int threads)
{
    summary *out = calloc(1, sizeof *out);
    ck_assert_ptr_nonnull(out);
    run_options options = run_options_from(s);
    options.threads = threads;
    char why[256];
    ck_assert_int_eq(run_scenario(s, &options, out, why, sizeof why), 0);
    ck_assert_msg(out->invariants_ok, "invariant broken: %s", out->invariant_message);
    return out;
}

static double mean_of(const summary *out, const char *name)
{
    const summary_metric *m = summary_find(out, name);
    ck_assert_msg(m != NULL, "no metric %s", name);
    return m->mean;
}

static void drop(summary *out)
{
    summary_fini(out);
    free(out);
}

START_TEST(test_duplicates_found_no_false_matches)
{
    scenario *s = load(3, 1, "{\"mode\": \"embedded\", \"embedded\": {\"gallery_prefill\": 2000,"
                             " \"duplicate_share\": 0.3}}");
    summary *out = run(s, 1);
    double injected = mean_of(out, "duplicates_injected");
    double found = mean_of(out, "core_duplicates_found");
    double recorded = mean_of(out, "recorded");
    /* ~430 applicants, 30% injected: enough for found/injected >= 0.99 to mean
     * something (at most one missed). */
    ck_assert_double_ge(injected, 100);
    double sd = sqrt(recorded * 0.3 * 0.7);
    ck_assert_double_le(fabs(injected - 0.3 * recorded), 4 * sd);
    ck_assert_double_ge(found / injected, 0.99);
    ck_assert_double_eq(mean_of(out, "false_matches"), 0);
    /* Impostor scores ~ N(0.5, 0.032): the grey zone below 0.33 is > 5 sd away, so FPIR x
     * gallery (~1e-7 x 14 comparisons x 2,500) predicts no reviews; allow a handful. */
    ck_assert_double_le(mean_of(out, "core_reviews"), 5);
    /* Every search costs gallery x rotations x 2 eyes comparisons: at least the prefill's. */
    ck_assert_double_ge(mean_of(out, "core_comparisons"), recorded * 2000 * 7 * 2);
    ck_assert_double_eq(mean_of(out, "duplicates_found"), found);
    drop(out);
    scenario_destroy(s);
}
END_TEST

/* "search": "index": the same duplicates found and nobody falsely matched, at less work
 * (exact comparisons of the candidates plus 0.7 per sketch scanned, not 14 per record), so
 * simulated search time falls with it. */
START_TEST(test_index_search_finds_the_same_duplicates)
{
    const char *form = "{\"mode\": \"embedded\", \"embedded\": {\"gallery_prefill\": 2000,"
                       " \"duplicate_share\": 0.3, \"search\": \"%s\"}}";
    char brute_text[256], index_text[256];
    snprintf(brute_text, sizeof brute_text, form, "brute");
    snprintf(index_text, sizeof index_text, form, "index");
    scenario *sb = load(2, 1, brute_text), *si = load(2, 1, index_text);
    ck_assert_int_eq(si->abis.core.search_index, 1);
    summary *brute = run(sb, 1), *index = run(si, 1);
    ck_assert_double_ge(mean_of(index, "duplicates_injected"), 50);
    ck_assert_double_eq(mean_of(index, "core_duplicates_found"),
                        mean_of(index, "duplicates_injected"));
    ck_assert_double_eq(mean_of(index, "false_matches"), 0);
    double per_search_brute = mean_of(brute, "core_comparisons") / mean_of(brute, "recorded");
    double per_search_index = mean_of(index, "core_comparisons") / mean_of(index, "recorded");
    ck_assert_double_lt(per_search_index, per_search_brute / 10);
    drop(brute);
    drop(index);
    scenario_destroy(sb);
    scenario_destroy(si);
}
END_TEST

START_TEST(test_same_summary_any_threads)
{
    scenario *s = load(2, 2, "{\"mode\": \"embedded\", \"embedded\": {\"gallery_prefill\": 300,"
                             " \"duplicate_share\": 0.1, \"comparisons_per_s\": 5000}}");
    summary *one = run(s, 1), *two = run(s, 2);
    ck_assert_uint_eq(one->metric_count, two->metric_count);
    for (size_t i = 0; i < one->metric_count; i++) {
        const summary_metric *a = &one->metrics[i], *b = &two->metrics[i];
        ck_assert_str_eq(a->name, b->name);
        ck_assert_msg(memcmp(&a->mean, &b->mean, sizeof a->mean) == 0 &&
                          memcmp(&a->ci_low, &b->ci_low, sizeof a->ci_low) == 0,
                      "%s differs with 2 threads", a->name);
    }
    ck_assert_double_gt(mean_of(one, "core_comparisons"), 0);
    drop(one);
    drop(two);
    scenario_destroy(s);
}
END_TEST

/* The modeled stage with the embedded run's throughput: comparisons per search measured by
 * the embedded run (deterministic), turned into searches per hour. */
START_TEST(test_embedded_agrees_with_modeled)
{
    const double rate = 70; /* comparisons per second: searches of ~2 min, ABIS ~20% busy */
    char abis[512];
    snprintf(abis, sizeof abis,
             "{\"mode\": \"embedded\", \"servers\": 1, \"licences\": 1, \"enrol_failure_share\": 0,"
             " \"print_ready_share\": 0.975, \"adjudicate_share\": 0.015, \"embedded\":"
             " {\"gallery_prefill\": 300, \"duplicate_share\": 0.01, \"comparisons_per_s\": %g}}",
             rate);
    scenario *se = load(2, 6, abis);
    summary *embedded = run(se, 2);
    double searches = mean_of(embedded, "recorded"); /* no enrol failures: one per person */
    double per_search = mean_of(embedded, "core_comparisons") / searches;
    snprintf(abis, sizeof abis,
             "{\"servers\": 1, \"licences\": 1, \"searches_per_hour\": %.6g,"
             " \"print_ready_share\": 0.99, \"duplicate_share\": 0.01,"
             " \"adjudicate_share\": 0, \"enrol_failure_share\": 0}",
             rate * 3600 / per_search);
    scenario *sm = load(2, 6, abis);
    summary *modeled = run(sm, 2);
    const summary_metric *e = summary_find(embedded, "cards_within_1h_share");
    const summary_metric *m = summary_find(modeled, "cards_within_1h_share");
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(m);
    ck_assert_msg(e->ci_low <= m->ci_high && m->ci_low <= e->ci_high,
                  "embedded %.3f [%.3f, %.3f] vs modeled %.3f [%.3f, %.3f]", e->mean, e->ci_low,
                  e->ci_high, m->mean, m->ci_low, m->ci_high);
    drop(embedded);
    drop(modeled);
    scenario_destroy(se);
    scenario_destroy(sm);
}
END_TEST

/* The calibration file's comparisons_per_s becomes the throughput (an absolute path here). */
START_TEST(test_calibration_file)
{
    const char *root = getenv("KTP_SOURCE_DIR");
    char abis[4300];
    snprintf(abis, sizeof abis,
             "{\"mode\": \"embedded\", \"embedded\": {\"calibration\":"
             " \"%s/tests/scenarios/invalid/bench.calibration\"}}", root ? root : ".");
    scenario *s = load(1, 1, abis);
    ck_assert_int_eq(s->abis.embedded, 1);
    ck_assert_double_eq(s->abis.core.comparisons_per_s, 1.86e8);
    ck_assert_int_eq(s->abis.core.gallery_prefill, 10000);
    scenario_destroy(s);
}
END_TEST

static Suite *embedded_suite(void)
{
    Suite *s = suite_create("embedded");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 0);
    tcase_add_test(tc, test_duplicates_found_no_false_matches);
    tcase_add_test(tc, test_index_search_finds_the_same_duplicates);
    tcase_add_test(tc, test_same_summary_any_threads);
    tcase_add_test(tc, test_embedded_agrees_with_modeled);
    tcase_add_test(tc, test_calibration_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ktp_check_run(embedded_suite());
}
