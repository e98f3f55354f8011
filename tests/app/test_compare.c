/* app/ktpsim_units.c and app/ktpsim_compare_*.c: plain decimals with units, paired
 * differences per region against values computed by hand, regions sorted by the size of
 * their difference, and the compare.csv rows in that order. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/ktpsim_compare.h"
#include "app/ktpsim_units.h"
#include "tests/check_run.h"

START_TEST(plain_decimals_with_units)
{
    char out[40];
    ktpsim_format_value(out, sizeof out, ktpsim_unit_of("applicants_arrived"), 5305330.0, 1);
    ck_assert_str_eq(out, "5305330.0");
    ktpsim_format_value(out, sizeof out, ktpsim_unit_of("time_to_card_s"), 5400, 1);
    ck_assert_str_eq(out, "1.50"); /* hours on the terminal */
    ktpsim_format_value(out, sizeof out, ktpsim_unit_of("time_to_card_s"), 5400, 0);
    ck_assert_str_eq(out, "5400.000"); /* seconds in files */
    ktpsim_format_value(out, sizeof out, ktpsim_unit_of("cards_within_1h_share"), 0.93951, 1);
    ck_assert_str_eq(out, "0.9395");
    ktpsim_format_value(out, sizeof out, KTPSIM_UNIT_COUNT, -0.01, 1);
    ck_assert_str_eq(out, "0.0"); /* no "-0.0" */
    ktpsim_format_value(out, sizeof out, KTPSIM_UNIT_COUNT, NAN, 1);
    ck_assert_str_eq(out, "n/a");
    ktpsim_format_value(out, sizeof out, KTPSIM_UNIT_COUNT, NAN, 0);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(ktpsim_unit_of("printer_utilisation"), KTPSIM_UNIT_SHARE);
    ck_assert_int_eq(ktpsim_unit_of("blank_stockout_days"), KTPSIM_UNIT_DAYS);
    ck_assert_int_eq(ktpsim_unit_of("next_contract_sign_by_day"), KTPSIM_UNIT_DAY);
    ck_assert_str_eq(ktpsim_unit_name(KTPSIM_UNIT_SECONDS, 1), "h");
    ck_assert_str_eq(ktpsim_unit_name(KTPSIM_UNIT_SECONDS, 0), "s");
}
END_TEST

/* One replication's summary of three regions whose suket_issued is base[i] + step[i] * rep. */
static void fill(summary *s, int rep, const double *base, const double *step, const char *codes)
{
    memset(s, 0, sizeof *s);
    s->region_count = 3;
    s->regions = calloc(3, sizeof *s->regions);
    double total = 0;
    for (size_t i = 0; i < 3; i++) {
        summary_block *b = &s->regions[i];
        snprintf(b->code, sizeof b->code, "%.5s", codes + 6 * i);
        snprintf(b->name, sizeof b->name, "region %zu", i);
        double v = base[i] + step[i] * rep;
        total += v;
        summary_list_add(b->metrics, &b->metric_count, "suket_issued", &v, 1);
    }
    summary_list_add(s->metrics, &s->metric_count, "suket_issued", &total, 1);
}

START_TEST(paired_differences_per_region_sorted_by_size)
{
    /* A: 10, 20, 30 (+1 per rep); B's regions in another order, each differs from A's by a
     * known amount: 21.01 by +2 +- 0 (constant), 21.02 by -7 + rep, 21.03 by 0. */
    enum { REPS = 4 };
    summary a[REPS], b[REPS];
    const double a_base[3] = {10, 20, 30}, a_step[3] = {1, 1, 1};
    const double b_base[3] = {30, 12, 13}, b_step[3] = {1, 1, 2}; /* 21.03, 21.01, 21.02 */
    for (int r = 0; r < REPS; r++) {
        fill(&a[r], r, a_base, a_step, "21.01 21.02 21.03 ");
        fill(&b[r], r, b_base, b_step, "21.03 21.01 21.02 ");
    }
    const size_t b_region[3] = {1, 2, 0};
    compare_result res = {.a_name = "A", .b_name = "B", .a_path = "a.json", .b_path = "b.json",
                          .seed = 1, .replications = REPS};
    ck_assert_int_eq(compare_reduce(a, b, REPS, b_region, &res), 0);
    ck_assert_uint_eq(res.region_count, 3);
    int h = 2; /* suket_issued */
    ck_assert_str_eq(compare_headline_names[h], "suket_issued");
    ck_assert_double_eq_tol(res.regions[0].headline[h].diff, 2, 1e-12);
    ck_assert_double_eq_tol(res.regions[0].headline[h].lo, 2, 1e-12); /* no variance */
    /* 21.02: differences -7, -6, -5, -4: mean -5.5, sd sqrt(5/3), t(0.975, 3) = 3.182446. */
    const compare_stat *d = &res.regions[1].headline[h];
    ck_assert_double_eq_tol(d->diff, -5.5, 1e-12);
    ck_assert_double_eq_tol(d->hi - d->diff, 3.182446 * sqrt(5.0 / 3) / 2, 1e-5);
    ck_assert_double_eq_tol(d->a, 21.5, 1e-12);
    ck_assert_double_eq_tol(res.regions[2].headline[h].diff, 0, 1e-12);
    /* National: the sums differ by 2 - 7 + rep: -5, -4, -3, -2. */
    ck_assert_double_eq_tol(res.national[0].diff, -3.5, 1e-12);
    size_t order[3];
    compare_sort_regions(&res, h, order);
    ck_assert_uint_eq(order[0], 1); /* |-5.5| first */
    ck_assert_uint_eq(order[1], 0);
    ck_assert_uint_eq(order[2], 2);
    /* The metrics these summaries lack have no pairs and no interval. */
    ck_assert_uint_eq(res.regions[0].headline[0].n, 0);
    ck_assert(isnan(res.regions[0].headline[0].lo));

    char dir[] = "/tmp/ktpcompare-XXXXXX", path[64], line[512];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char why[256];
    ck_assert_int_eq(compare_write_files(&res, dir, why, sizeof why), 0);
    snprintf(path, sizeof path, "%s/compare.csv", dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    const char *want[] = {
        "region_code,region_name,metric,unit,a,b,b_minus_a,ci95_lo,ci95_hi,pairs,significant\n",
        "all,all regions,suket_issued,count,64.500,61.000,-3.500,-5.554,-1.446,4,1\n"};
    for (int k = 0; k < 2; k++) {
        ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
        ck_assert_str_eq(line, want[k]);
    }
    int suket_rows = 0;
    const char *suket_order[3] = {"21.02", "21.01", "21.03"};
    while (fgets(line, sizeof line, f))
        if (strstr(line, ",suket_issued,") != NULL)
            ck_assert(strncmp(line, suket_order[suket_rows++], 5) == 0);
    ck_assert_int_eq(suket_rows, 3);
    fclose(f);
    remove(path);
    snprintf(path, sizeof path, "%s/compare.json", dir);
    ck_assert_int_eq(access(path, R_OK), 0);
    remove(path);
    rmdir(dir);
    compare_result_fini(&res);
    for (int r = 0; r < REPS; r++) {
        summary_fini(&a[r]);
        summary_fini(&b[r]);
    }
}
END_TEST

START_TEST(share_differences_stay_within_plus_minus_one)
{
    /* One region, two replications: A 0 and 0, B 0.2 and 1.0: the differences 0.2 and 1.0 have
     * a Student-t interval up to 0.6 + 12.7 x 0.4 = 5.7, cut to 1; the bottom is left alone. */
    summary a[2], b[2];
    const double share_b[2] = {0.2, 1.0};
    for (int r = 0; r < 2; r++) {
        summary *x[2] = {&a[r], &b[r]};
        for (int k = 0; k < 2; k++) {
            memset(x[k], 0, sizeof *x[k]);
            x[k]->region_count = 1;
            x[k]->regions = calloc(1, sizeof *x[k]->regions);
            snprintf(x[k]->regions[0].code, sizeof x[k]->regions[0].code, "21.72");
            double v = k == 0 ? 0 : share_b[r];
            summary_block *g = &x[k]->regions[0];
            summary_list_add(g->metrics, &g->metric_count, "cards_within_1h_share", &v, 1);
            summary_list_add(x[k]->metrics, &x[k]->metric_count, "cards_within_1h_share", &v, 1);
        }
    }
    const size_t b_region[1] = {0};
    compare_result res = {.a_name = "A", .b_name = "B", .seed = 1, .replications = 2};
    ck_assert_int_eq(compare_reduce(a, b, 2, b_region, &res), 0);
    ck_assert_double_eq_tol(res.national[0].diff, 0.6, 1e-12);
    ck_assert_double_eq(res.national[0].hi, 1.0);
    ck_assert_double_eq(res.regions[0].headline[0].hi, 1.0);
    ck_assert_double_eq(res.regions[0].headline[0].lo, -1.0); /* 0.6 - 5.1 cut to -1 */
    compare_result_fini(&res);
    for (int r = 0; r < 2; r++) {
        summary_fini(&a[r]);
        summary_fini(&b[r]);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app_compare");
    TCase *tc = tcase_create("compare");
    tcase_add_test(tc, plain_decimals_with_units);
    tcase_add_test(tc, paired_differences_per_region_sorted_by_size);
    tcase_add_test(tc, share_differences_stay_within_plus_minus_one);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
