/* The result files of issue 16 on a real run (scenarios/province.json): replications.csv
 * holds every metric's replication values (their mean is the summary's mean), intervals stay
 * in their range and vanish with one replication, national stockout days are region-days,
 * the first run-out day is a day of the run, late_causes.csv has every cause. */
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

static summary *run_province(int reps, scenario **s)
{
    const char *root = getenv("KTP_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/province.json", root ? root : ".");
    scenario_errors errors;
    scenario_errors_init(&errors);
    ck_assert_int_eq(scenario_load_file(path, s, &errors), SCENARIO_OK);
    scenario_errors_fini(&errors);
    run_options o = run_options_from(*s);
    o.replications = reps;
    o.threads = 2;
    summary *out = calloc(1, sizeof *out);
    char why[256];
    ck_assert_int_eq(run_scenario(*s, &o, out, why, sizeof why), 0);
    return out;
}

static void done(summary *out, scenario *s)
{
    summary_fini(out);
    free(out);
    scenario_destroy(s);
}

static void check_ranges(const summary_metric *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const summary_metric *m = &list[i];
        if (isnan(m->ci_low))
            continue;
        size_t n = strlen(m->name);
        if (n > 6 && strcmp(m->name + n - 6, "_share") == 0)
            ck_assert_msg(m->ci_low >= 0 && m->ci_high <= 1, "%s: [%g, %g]", m->name,
                          m->ci_low, m->ci_high);
        else if (strcmp(m->name, "next_contract_sign_by_day") != 0)
            ck_assert_msg(m->ci_low >= 0, "%s: [%g, %g]", m->name, m->ci_low, m->ci_high);
        ck_assert(m->ci_low <= m->mean && m->mean <= m->ci_high);
    }
}

START_TEST(intervals_stay_in_range_and_vanish_with_one_replication)
{
    scenario *s;
    summary *out = run_province(3, &s);
    check_ranges(out->metrics, out->metric_count);
    int cut = 0;
    for (size_t i = 0; i < out->region_count; i++) {
        check_ranges(out->regions[i].metrics, out->regions[i].metric_count);
        const summary_metric *share = summary_block_find(&out->regions[i],
                                                         "cards_within_1h_share");
        cut += share->ci_high == 1.0 || share->ci_low == 0.0;
    }
    ck_assert_int_gt(cut, 0); /* the province has regions where cutting matters */
    /* the shared ABIS's core counts are national only, not repeated in each region */
    ck_assert_ptr_nonnull(summary_find(out, "core_comparisons"));
    for (size_t i = 0; i < out->region_count; i++)
        ck_assert_ptr_null(summary_block_find(&out->regions[i], "core_comparisons"));
    /* national stockout days are region-days; each region keeps its own days */
    ck_assert_ptr_null(summary_find(out, "blank_stockout_days"));
    double sum = 0;
    for (size_t i = 0; i < out->region_count; i++)
        sum += summary_block_find(&out->regions[i], "blank_stockout_days")->mean;
    ck_assert_double_eq_tol(summary_find(out, "region_stockout_days")->mean, sum, 1e-9);
    /* the first run-out day is a day of the run after the warm-up, for the regions that ran
     * out, and the national one is the earliest */
    double earliest = INFINITY;
    for (size_t i = 0; i < out->region_count; i++) {
        const summary_metric *f = summary_block_find(&out->regions[i], "first_stockout_day");
        double days = summary_block_find(&out->regions[i], "blank_stockout_days")->mean;
        ck_assert_int_eq(f->replications_used > 0, days > 0);
        if (f->replications_used > 0) {
            ck_assert(f->mean >= s->warmup_days && f->mean < s->horizon_days);
            for (size_t r = 0; r < f->replications; r++)
                earliest = fmin(earliest, isnan(f->values[r]) ? INFINITY : f->values[r]);
        }
    }
    const summary_metric *first = summary_find(out, "first_stockout_day");
    double national_earliest = INFINITY;
    for (size_t r = 0; r < first->replications; r++)
        national_earliest = fmin(national_earliest, first->values[r]);
    ck_assert_double_eq(national_earliest, earliest);
    done(out, s);
    out = run_province(1, &s);
    for (size_t i = 0; i < out->metric_count; i++)
        ck_assert(isnan(out->metrics[i].ci_low) && isnan(out->metrics[i].ci_high));
    char dir[] = "/tmp/ktpone-XXXXXX", path[64], why[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/summary.json", dir);
    ck_assert_int_eq(summary_write_json(out, path, why, sizeof why), 0);
    FILE *f = fopen(path, "r");
    char line[4096];
    int nulls = 0;
    while (fgets(line, sizeof line, f))
        nulls += strstr(line, "\"cards_within_1h_share\": {\"mean\": ") != NULL &&
                 strstr(line, "\"ci95\": null") != NULL;
    fclose(f);
    ck_assert_int_eq(nulls, 1 + (int)out->region_count);
    remove(path);
    rmdir(dir);
    done(out, s);
}
END_TEST

START_TEST(replications_csv_holds_every_value)
{
    scenario *s;
    summary *out = run_province(3, &s);
    char dir[] = "/tmp/ktpreps-XXXXXX", path[64], why[256], line[512];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(summary_write_csv(out, dir, why, sizeof why), 0);
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ck_assert_str_eq(line, "region_code,rep,metric,value\n");
    size_t rows = 0, expected = out->metric_count;
    for (size_t i = 0; i < out->region_count; i++)
        expected += out->regions[i].metric_count;
    expected *= 3;
    /* sums of each (region, metric) over replications, checked against the summary means */
    double sum_share_all = 0, sum_suket_natuna = 0;
    while (fgets(line, sizeof line, f)) {
        rows++;
        char code[16], metric[64];
        int rep;
        double value = NAN;
        int n = sscanf(line, "%15[^,],%d,%63[^,],%lf", code, &rep, metric, &value);
        ck_assert_int_ge(n, 3);
        ck_assert(rep >= 0 && rep < 3);
        if (strcmp(code, "all") == 0 && strcmp(metric, "cards_within_1h_share") == 0)
            sum_share_all += value;
        if (strcmp(code, "21.03") == 0 && strcmp(metric, "suket_issued") == 0)
            sum_suket_natuna += value;
    }
    fclose(f);
    ck_assert_uint_eq(rows, expected);
    ck_assert_double_eq_tol(sum_share_all / 3, summary_find(out, "cards_within_1h_share")->mean,
                            1e-12);
    ck_assert_double_eq_tol(sum_suket_natuna / 3,
                            summary_block_find(&out->regions[2], "suket_issued")->mean, 1e-9);
    /* late_causes.csv: 12 causes for "all" and for each of the 7 regions */
    snprintf(path, sizeof path, "%s/late_causes.csv", dir);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    rows = 0;
    while (fgets(line, sizeof line, f))
        rows++;
    fclose(f);
    ck_assert_uint_eq(rows, 1 + LATE_CAUSE_COUNT * (1 + out->region_count));
    const char *files[] = {"summary.json", "regions.csv", "daily.csv", "time_to_card.csv",
                           "late_causes.csv", "replications.csv"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[k]);
        remove(path);
    }
    rmdir(dir);
    done(out, s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("models_result_files");
    TCase *tc = tcase_create("result_files");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, intervals_stay_in_range_and_vanish_with_one_replication);
    tcase_add_test(tc, replications_csv_holds_every_value);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
