/* Check suite for `ktpsim report` (viz/report.h, viz/results.h, viz/series.h): a sample
 * result folder (two regions, replications, a few days) becomes plots and an HTML page;
 * malformed inputs fail with the file and line and leave nothing half-written. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/ktpsim_viz.h"
#include "sample.h"
#include "viz/report.h"
#include "viz/results.h"
#include "viz/series.h"
#include "viz/status.h"
#include "viz/text.h"
#include "tests/check_run.h"

static const char *const all_plots[] = {"time_to_card", "observed", "stage_time",
                                        "stage_time_ci", "queues", "suket_backlog",
                                        "blank_stock", "central", "ikd"};

static char *make_sample(int reps, int central, int ikd)
{
    char *dir = sample_tempdir();
    ck_assert_ptr_nonnull(dir);
    /* The full sample (central and IKD) also names a published distribution. */
    sample_options o = {.replications = reps, .days = 6, .central = central, .ikd = ikd,
                        .observed = central && ikd, .second_name = SAMPLE_EVIL_NAME};
    ck_assert_int_eq(sample_write(dir, &o), 0);
    return dir;
}

static long file_size(const char *dir, const char *name)
{
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static char *slurp(const char *dir, const char *name)
{
    char path[8400], why[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text;
    size_t len;
    ck_assert_int_eq(viz_file_read(path, &text, &len, why, sizeof why), VIZ_OK);
    return text;
}

static void remove_sample(char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(dir);
}

static int run_report(const char *dir)
{
    char *argv[] = {(char *)dir, NULL};
    return ktpsim_cmd_report(1, argv);
}

START_TEST(report_writes_every_plot_and_page)
{
    char *dir = make_sample(2, 1, 1);
    ck_assert_int_eq(run_report(dir), 0);
    char *html = slurp(dir, "report.html");
    for (size_t k = 0; k < sizeof all_plots / sizeof *all_plots; k++) {
        const char *ext[] = {"png", "svg", "gp", "dat"};
        for (int e = 0; e < 4; e++) {
            char name[128];
            snprintf(name, sizeof name, "plots/%s.%s", all_plots[k], ext[e]);
            ck_assert_msg(file_size(dir, name) > 0, "%s missing or empty", name);
        }
        char ref[128];
        snprintf(ref, sizeof ref, "<img src=\"plots/%s.png\"", all_plots[k]);
        ck_assert_msg(strstr(html, ref) != NULL, "report.html lacks %s", ref);
    }
    char *png = slurp(dir, "plots/time_to_card.png");
    ck_assert_mem_eq(png, "\x89PNG\r\n\x1a\n", 8);
    free(png);
    ck_assert_int_eq(file_size(dir, "plots/time_to_card.log"), -1); /* logs removed */
    /* The calibration plot: each bin's model mean, interval and the published share (%). */
    char *dat = slurp(dir, "plots/observed.dat");
    ck_assert_ptr_nonnull(strstr(dat, "\"< 1 h\" 29.94 29.44 30.44 28.94\n"));
    ck_assert_ptr_nonnull(strstr(dat, "\"> 24 h\" 4.66 4.16 5.16 5.66\n"));
    free(dat);
    free(html);
    remove_sample(dir);
}
END_TEST

START_TEST(report_escapes_names)
{
    char *dir = make_sample(2, 1, 1);
    ck_assert_int_eq(run_report(dir), 0);
    char *html = slurp(dir, "report.html");
    ck_assert_ptr_null(strstr(html, "<script>alert"));
    ck_assert_ptr_nonnull(strstr(html, "Kota &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                                       "&amp; &quot;Co&quot;"));
    ck_assert_ptr_nonnull(strstr(html, "<h1>Kepulauan Riau &lt;b&gt;sample&lt;/b&gt;</h1>"));
    ck_assert_ptr_nonnull(strstr(html, "synthetic test data &amp; &lt;i&gt;not&lt;/i&gt; real"));
    ck_assert_ptr_nonnull(strstr(html, "Seed: 20180401"));
    free(html);
    remove_sample(dir);
}
END_TEST

START_TEST(report_one_replication_skips_what_is_absent)
{
    char *dir = make_sample(1, 0, 0);
    ck_assert_int_eq(run_report(dir), 0);
    ck_assert_int_gt(file_size(dir, "plots/blank_stock.png"), 0);
    ck_assert_int_eq(file_size(dir, "plots/central.png"), -1);
    ck_assert_int_eq(file_size(dir, "plots/ikd.png"), -1);
    ck_assert_int_eq(file_size(dir, "plots/observed.png"), -1);
    ck_assert_int_eq(file_size(dir, "plots/stage_time_ci.png"), -1);
    char *html = slurp(dir, "report.html");
    ck_assert_ptr_null(strstr(html, "plots/central.png"));
    ck_assert_ptr_nonnull(strstr(html, "data-images-total=\"5\""));
    free(html);
    /* A second report replaces the first cleanly. */
    ck_assert_int_eq(run_report(dir), 0);
    ck_assert_int_gt(file_size(dir, "plots/queues.svg"), 0);
    remove_sample(dir);
}
END_TEST

/* Replaces line `line` (1-based) of dir/name with `text`. */
static void edit_line(const char *dir, const char *name, int line, const char *text)
{
    char *old = slurp(dir, name);
    viz_text out;
    viz_text_init(&out);
    int at = 1;
    for (char *p = old; *p;) {
        char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (at == line)
            viz_text_printf(&out, "%s\n", text);
        else
            viz_text_printf(&out, "%.*s\n", (int)n, p);
        p += n + (end != NULL);
        at++;
    }
    char path[8400], why[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ck_assert_int_eq(viz_file_write(path, out.data, out.len, why, sizeof why), VIZ_OK);
    viz_text_fini(&out);
    free(old);
}

static void expect_input_error(const char *dir, const char *expected_suffix)
{
    char why[1024] = "";
    ck_assert_int_eq(viz_report_make(dir, NULL, why, sizeof why), VIZ_EINPUT);
    char expected[4200];
    snprintf(expected, sizeof expected, "%s/%s", dir, expected_suffix);
    ck_assert_str_eq(why, expected);
    ck_assert_int_eq(run_report(dir), 2);
    ck_assert_int_eq(file_size(dir, "report.html"), -1);
    ck_assert_int_eq(file_size(dir, "plots"), -1);
}

START_TEST(malformed_inputs_name_file_and_line)
{
    char *dir = make_sample(2, 1, 0);
    edit_line(dir, "daily.csv", 3, "0,0,2018-04-02,21.72,1,2,3");
    expect_input_error(dir, "daily.csv:3: expected 19 fields, found 7");
    remove_sample(dir);

    dir = make_sample(2, 1, 0);
    edit_line(dir, "daily.csv", 4, "0,1,2018-04-03,99.99,1,2,3,4,5,6,7,8,9,10,0,1,2,3,4");
    expect_input_error(dir, "daily.csv:4: region \"99.99\" is not in summary.json");
    remove_sample(dir);

    dir = make_sample(2, 1, 0);
    edit_line(dir, "central.csv", 2, "0,0,2018-04-02,lots,0,0,0");
    expect_input_error(dir, "central.csv:2: central_stock: expected a number, found \"lots\"");
    remove_sample(dir);

    dir = make_sample(2, 1, 0);
    edit_line(dir, "time_to_card.csv", 1, "region_code,upper_s");
    expect_input_error(dir, "time_to_card.csv:1: header must be "
                            "\"region_code,upper_s,share_le\"");
    remove_sample(dir);

    dir = make_sample(2, 1, 0);
    edit_line(dir, "daily.csv", 2, "7,0,2018-04-02,21.72,1,2,3,4,5,6,7,8,9,10,0,1,2,3,4");
    expect_input_error(dir, "daily.csv:2: rep 7 but summary.json has 2 replications");
    remove_sample(dir);

    dir = make_sample(2, 1, 1);
    char *text = slurp(dir, "summary.json");
    char *share = strstr(text, "\"printed_3_6h_share\":\t0.2805");
    ck_assert_ptr_nonnull(share);
    memcpy(share + strlen("\"printed_3_6h_share\":\t"), "\"lots\"", 6);
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    free(text);
    expect_input_error(dir, "summary.json:0: \"observed\".\"shares\" needs the six "
                            "printed_..._share values from 0 to 1");
    remove_sample(dir);

    dir = make_sample(2, 1, 0);
    edit_line(dir, "summary.json", 3, "\t\"source\": oops,");
    expect_input_error(dir, "summary.json:3: invalid JSON");
    remove_sample(dir);
}
END_TEST

START_TEST(missing_file_is_named)
{
    char *dir = make_sample(2, 1, 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/regions.csv", dir);
    ck_assert_int_eq(remove(path), 0);
    expect_input_error(dir, "regions.csv: cannot open: No such file or directory");
    remove_sample(dir);
}
END_TEST

START_TEST(missing_or_failing_gnuplot_writes_nothing)
{
    char *dir = make_sample(2, 1, 1);
    char why[1024];
    viz_report_options none = {.gnuplot = "ktp-no-such-gnuplot"};
    ck_assert_int_eq(viz_report_make(dir, &none, why, sizeof why), VIZ_ENOGNUPLOT);
    ck_assert_str_eq(why, "ktp-no-such-gnuplot: not found on PATH");
    char *argv[] = {dir, "--gnuplot", "/nonexistent/gnuplot", NULL};
    ck_assert_int_eq(ktpsim_cmd_report(3, argv), 2);
    viz_report_options failing = {.gnuplot = "/bin/false"};
    ck_assert_int_eq(viz_report_make(dir, &failing, why, sizeof why), VIZ_EGNUPLOT);
    ck_assert_ptr_nonnull(strstr(why, "gnuplot failed on plots/time_to_card.gp"));
    ck_assert_int_eq(file_size(dir, "report.html"), -1);
    ck_assert_int_eq(file_size(dir, "plots"), -1);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, ".plots.tmp.%ld", (long)getpid());
    ck_assert_int_eq(file_size(dir, tmp), -1);
    remove_sample(dir);
}
END_TEST

START_TEST(series_mean_and_t_interval)
{
    viz_series s;
    ck_assert_int_eq(viz_series_init(&s, 3, 5, 6), VIZ_OK);
    viz_series_add(&s, 0, 5, 1);
    viz_series_add(&s, 1, 5, 2);
    viz_series_add(&s, 2, 5, 3);
    viz_series_add(&s, 0, 6, 4); /* day 6: one replication */
    viz_series_add(&s, 9, 5, 100); /* out of range: ignored */
    viz_series_finish(&s);
    /* mean 2, s = 1, half-width t(0.975, 2) / sqrt(3) = 4.302653 / 1.732051 */
    ck_assert_double_eq_tol(s.mean[0], 2.0, 1e-12);
    ck_assert_double_eq_tol(s.hi[0] - 2.0, 4.30265273 / sqrt(3.0), 1e-6);
    ck_assert_double_eq_tol(s.lo[0], 2.0 - 4.30265273 / sqrt(3.0), 1e-6);
    ck_assert_int_eq(s.n[1], 1);
    ck_assert_double_eq(s.lo[1], 4.0);
    ck_assert_double_eq(s.hi[1], 4.0);
    viz_series_fini(&s);
}
END_TEST

START_TEST(results_load_reads_the_sample)
{
    char *dir = make_sample(2, 1, 1);
    viz_results r;
    char why[512];
    ck_assert_int_eq(viz_results_load(dir, &r, why, sizeof why), VIZ_OK);
    ck_assert_uint_eq(r.region_count, 2);
    ck_assert_str_eq(r.regions[1].name, SAMPLE_EVIL_NAME);
    ck_assert_str_eq(r.regions[0].bottleneck, "network");
    ck_assert_uint_eq(r.daily_count, 2 * 6 * 2);
    ck_assert_uint_eq(r.central_count, 2 * 6);
    ck_assert_int_eq(r.day_min, 0);
    ck_assert_int_eq(r.day_max, 5);
    const viz_stat *s = viz_region_metric(&r.regions[0], "cards_within_1h_share");
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->has, VIZ_HAS_MEAN | VIZ_HAS_CI); /* empty percentiles are absent */
    ck_assert_double_eq_tol(s->ci_hi, 0.22, 1e-12);
    const viz_stat *t = viz_results_metric(&r, "time_to_card_s");
    ck_assert_ptr_nonnull(t);
    ck_assert_double_eq(t->p99, 91000 * 2.5);
    viz_results_fini(&r);
    remove_sample(dir);
}
END_TEST

START_TEST(text_escapes_html)
{
    viz_text t;
    viz_text_init(&t);
    viz_text_append_html(&t, "<a href=\"x\">'&'</a>");
    ck_assert_str_eq(t.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    viz_text_fini(&t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("viz_report");
    TCase *tc = tcase_create("report");
    tcase_add_test(tc, report_writes_every_plot_and_page);
    tcase_add_test(tc, report_escapes_names);
    tcase_add_test(tc, report_one_replication_skips_what_is_absent);
    tcase_add_test(tc, malformed_inputs_name_file_and_line);
    tcase_add_test(tc, missing_file_is_named);
    tcase_add_test(tc, missing_or_failing_gnuplot_writes_nothing);
    tcase_add_test(tc, series_mean_and_t_interval);
    tcase_add_test(tc, results_load_reads_the_sample);
    tcase_add_test(tc, text_escapes_html);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
