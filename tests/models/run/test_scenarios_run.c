/* Check suite for the shipped pipeline scenarios: default.json (the 2018 Tanjung Pinang
 * office: offline link, too few stations) against one-hour-ready.json (what the office asked
 * for): the one-hour share must rise, with the ready scenario's 95% interval lying wholly
 * above the default's by a wide margin; province.json runs with its invariants intact and
 * writes result files of the documented shape. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/run/run.h"
#include "models/scenario/scenario.h"
#include "models/run/summary.h"
#include "sim/status.h"
#include "tests/check_run.h"
#include "tests/models/scenario_text.h"
#include "sim/schedule.h"

static scenario *load_shipped(const char *name)
{
    char relative[512];
    snprintf(relative, sizeof relative, "scenarios/%s", name);
    return scenario_from_source_file(relative);
}

static summary *run(const scenario *s)
{
    summary *out = calloc(1, sizeof *out);
    run_options options = run_options_from(s);
    options.threads = 2;
    char why[256];
    ck_assert_int_eq(run_scenario(s, &options, out, why, sizeof why), 0);
    ck_assert_msg(out->invariants_ok, "invariant broken: %s", out->invariant_message);
    return out;
}

static void drop(summary *out, scenario *s)
{
    summary_fini(out);
    free(out);
    scenario_destroy(s);
}

START_TEST(test_one_hour_ready_beats_default)
{
    scenario *s_default = load_shipped("default.json");
    scenario *s_ready = load_shipped("one-hour-ready.json");
    summary *d = run(s_default), *r = run(s_ready);
    const summary_metric *share_d = summary_block_find(&d->regions[0], "cards_within_1h_share");
    const summary_metric *share_r = summary_block_find(&r->regions[0], "cards_within_1h_share");
    ck_assert_ptr_nonnull(share_d);
    ck_assert_ptr_nonnull(share_r);
    fprintf(stderr, "one-hour share: default %.3f [%.3f, %.3f], ready %.3f [%.3f, %.3f]\n",
            share_d->mean, share_d->ci_low, share_d->ci_high, share_r->mean, share_r->ci_low,
            share_r->ci_high);
    /* "rises sharply": the whole ready interval at least 0.5 above the default's. */
    ck_assert(share_r->ci_low > share_d->ci_high + 0.5);
    /* and the median time to card falls from more than a day to under an hour */
    const summary_metric *ttc_d = summary_block_find(&d->regions[0], "time_to_card_s");
    const summary_metric *ttc_r = summary_block_find(&r->regions[0], "time_to_card_s");
    ck_assert(ttc_d->p50 > SIM_DAY_S);
    ck_assert(ttc_r->p50 < 3600);
    /* the offline link is where the default loses most time before printing */
    const summary_metric *net = summary_block_find(&d->regions[0], "stage_network_s");
    const summary_metric *rec = summary_block_find(&d->regions[0], "stage_recording_s");
    ck_assert(net->mean > 10 * rec->mean);
    /* and is named as the bottleneck (collection, the largest stage, is the person's choice) */
    ck_assert_str_eq(d->regions[0].bottleneck, "network");
    ck_assert_str_ne(r->regions[0].bottleneck, "network");
    drop(d, s_default);
    drop(r, s_ready);
}
END_TEST

static size_t count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t lines = 0;
    int c;
    while ((c = fgetc(f)) != EOF)
        lines += c == '\n';
    fclose(f);
    return lines;
}

START_TEST(test_province_runs_and_writes_files)
{
    scenario *s = load_shipped("province.json");
    ck_assert_uint_eq(s->region_count, 7);
    summary *out = run(s);
    ck_assert_uint_eq(out->region_count, 7);
    ck_assert_str_eq(out->regions[5].code, "21.71");
    for (size_t i = 0; i < out->region_count; i++) {
        const summary_metric *share =
            summary_block_find(&out->regions[i], "cards_within_1h_share");
        ck_assert(share->mean >= 0 && share->mean <= 1);
        ck_assert(strlen(out->regions[i].bottleneck) > 0);
    }
    char dir[] = "/tmp/ktp-province-XXXXXX", path[256], why[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(summary_write_csv(out, dir, why, sizeof why), 0);
    snprintf(path, sizeof path, "%s/regions.csv", dir);
    ck_assert_uint_eq(count_lines(path), 1 + 7 * out->regions[0].metric_count);
    remove(path);
    snprintf(path, sizeof path, "%s/daily.csv", dir);
    ck_assert_uint_eq(count_lines(path),
                      1 + (size_t)out->replications * (size_t)out->horizon_days * 7);
    remove(path);
    snprintf(path, sizeof path, "%s/time_to_card.csv", dir);
    ck_assert_uint_eq(count_lines(path), 1 + 7 * out->ttc_bins);
    remove(path);
    rmdir(dir);
    /* CDFs rise to at most 1 */
    for (size_t i = 0; i < 7; i++) {
        const double *cdf = out->ttc_share_le + i * out->ttc_bins;
        for (size_t k = 1; k < out->ttc_bins; k++)
            ck_assert(cdf[k] >= cdf[k - 1] && cdf[k] <= 1);
    }
    drop(out, s);
}
END_TEST

int main(void)
{
    sim_init();
    Suite *suite = suite_create("scenarios_run");
    TCase *tc = tcase_create("shipped");
    tcase_add_test(tc, test_one_hour_ready_beats_default);
    tcase_add_test(tc, test_province_runs_and_writes_files);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
