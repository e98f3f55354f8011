/* The viewer on a live replication (viz/live.c): stepping the live run to the horizon
 * in odd-sized steps gives the same cards per region as `ktpsim run`'s replication 0 with
 * the same seed, region states are consistent, and `ktpsim view SCENARIO --screenshot`
 * draws scenarios/province.json headless at day 20 with pictures that follow the metric. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ktpsim_viz.h"
#include "viz/live.h"
#include "models/run/run.h"
#include "models/run/run_slots.h"
#include "viz/status.h"
#include "viz/text.h"
#include "viz/view.h"
#include "viz/view_internal.h"
#include "png_read.h"
#include "sample.h"
#include "tests/check_run.h"

static char scenario_path[4096];

static scenario *load(const char *name)
{
    const char *root = getenv("KTP_SOURCE_DIR");
    snprintf(scenario_path, sizeof scenario_path, "%s/scenarios/%s", root ? root : ".", name);
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    int status = scenario_load_file(scenario_path, &s, &errors);
    ck_assert_msg(status == SCENARIO_OK, "%s", errors.count ? errors.messages[0] : "?");
    scenario_errors_fini(&errors);
    return s;
}

static scenario *load_province(void) { return load("province.json"); }

/* Replication 0 as `ktpsim run` computes it, against the live run stepped by 5000 s. */
static void check_same_cards(const scenario *s, uint64_t seed)
{
    run_options options = run_options_from(s);
    options.seed = seed;
    replication_slot slot;
    memset(&slot, 0, sizeof slot);
    ck_assert_int_eq(run_replication_into(s, &options, 0, &slot), 0);
    live_run *run = live_run_create(s, seed, 0);
    ck_assert_ptr_nonnull(run);
    const viz_model *m = live_run_model(run);
    double horizon = m->horizon(m->model);
    ck_assert_double_eq(horizon, s->horizon_days * SIM_DAY_S);
    int status = 0;
    for (double t = 5000; status == 0; t += 5000) {
        status = m->advance(m->model, t);
        ck_assert_int_ge(status, 0);
    }
    ck_assert_double_eq(m->now(m->model), horizon);
    ck_assert_int_eq(m->advance(m->model, horizon + 1e6), 1); /* never beyond the horizon */
    ck_assert_double_eq(m->now(m->model), horizon);
    uint64_t total = 0;
    for (size_t i = 0; i < s->region_count; i++) {
        ck_assert_uint_gt(slot.balance[i].printed, 0);
        ck_assert_uint_eq(live_run_printed(run, i), slot.balance[i].printed);
        viz_region_state st;
        m->region_state(m->model, i, &st);
        ck_assert_int_eq(st.printed, (long)slot.balance[i].printed);
        ck_assert_int_eq(st.arrived, (long)slot.balance[i].arrived);
        total += slot.balance[i].printed;
    }
    viz_stage_counters c;
    m->counters(m->model, &c);
    ck_assert_int_eq(c.printed, (long)total);
    live_run_destroy(run);
    replication_slot_fini(&slot);
}

START_TEST(live_run_matches_replication_zero)
{
    scenario *s = load_province();
    check_same_cards(s, s->seed);
    check_same_cards(s, 77); /* an overridden seed, as --seed gives */
    scenario_destroy(s);
}
END_TEST

START_TEST(region_states_are_consistent)
{
    scenario *s = load_province();
    live_run *run = live_run_create(s, s->seed, 0);
    ck_assert_ptr_nonnull(run);
    const viz_model *m = live_run_model(run);
    ck_assert_str_eq(m->name(m->model), s->name);
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-%02d", s->start_date.year, s->start_date.month,
             s->start_date.day);
    ck_assert_str_eq(m->start_date(m->model), date);
    ck_assert_uint_eq(m->region_count(m->model), s->region_count);
    ck_assert_int_eq(m->advance(m->model, 20 * SIM_DAY_S + 11 * 3600.0), 0);
    long printed = 0, arrived = 0;
    for (size_t i = 0; i < s->region_count; i++) {
        viz_region_state st;
        m->region_state(m->model, i, &st);
        const scenario_region *r = &s->regions[i];
        ck_assert_str_eq(st.code, r->code);
        ck_assert_str_eq(st.name, r->name);
        ck_assert_str_eq(st.province_code, "21");
        ck_assert_str_eq(st.province_name, "Kepulauan Riau");
        ck_assert(st.queue >= 0 && st.blank_stock >= 0);
        ck_assert(st.arrived >= st.recorded && st.recorded >= st.printed &&
                  st.printed >= st.collected && st.collected >= 0);
        ck_assert(isnan(st.within_1h_share) ||
                  (st.within_1h_share >= 0 && st.within_1h_share <= 1));
        if (r->network.mode == SCENARIO_LINK_ONLINE)
            ck_assert_double_eq(st.connectivity, 1.0);
        else if (r->network.mode == SCENARIO_LINK_OFFLINE)
            ck_assert_double_eq(st.connectivity, 0.1);
        else
            ck_assert(st.connectivity > 0 && st.connectivity < 1);
        printed += st.printed;
        arrived += st.arrived;
    }
    viz_stage_counters c;
    m->counters(m->model, &c);
    ck_assert_int_eq(c.printed, printed);
    ck_assert_int_eq(c.arrived, arrived);
    ck_assert(c.arrived >= c.recorded && c.recorded >= c.uploaded &&
              c.uploaded >= c.deduplicated && c.deduplicated >= c.printed &&
              c.printed >= c.collected && c.suket_backlog >= 0);
    ck_assert_ptr_null(live_province_name("99"));
    live_run_destroy(run);
    scenario_destroy(s);
}
END_TEST

static unsigned char *read_png(const char *path, int *w, int *h)
{
    const char *error = "";
    unsigned char *rgb = png_read_file(path, w, h, &error);
    ck_assert_msg(rgb != NULL, "%s: %s", path, error);
    return rgb;
}

START_TEST(screenshots_of_a_scenario_follow_the_metric)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    scenario_destroy(load_province()); /* sets scenario_path */
    char *dir = sample_tempdir();
    ck_assert_ptr_nonnull(dir);
    char queue[4200], stock[4200];
    snprintf(queue, sizeof queue, "%s/queue.png", dir);
    snprintf(stock, sizeof stock, "%s/stock.png", dir);
    char *a[] = {scenario_path, "--metric", "queue", "--screenshot", queue, "--at-day", "20",
                 NULL};
    char *b[] = {scenario_path, "--metric", "stock", "--screenshot", stock, "--at-day", "20",
                 "--seed", "2025", NULL};
    ck_assert_int_eq(ktpsim_cmd_view(7, a), 0);
    ck_assert_int_eq(ktpsim_cmd_view(9, b), 0);
    int w1, h1, w2, h2;
    unsigned char *one = read_png(queue, &w1, &h1), *two = read_png(stock, &w2, &h2);
    ck_assert_int_eq(w1, 1280);
    ck_assert_int_eq(h1, 720);
    ck_assert_int_eq(w2, 1280);
    ck_assert_int_eq(h2, 720);
    size_t differ = 0;
    for (size_t k = 0; k < (size_t)w1 * h1 * 3; k++)
        differ += one[k] != two[k];
    ck_assert_uint_gt(differ, 1000); /* tile colours, legend and title all change */
    free(one);
    free(two);
    char *bad_seed[] = {scenario_path, "--seed", "-3", NULL};
    ck_assert_int_eq(ktpsim_cmd_view(3, bad_seed), 2);
    char *missing[] = {"/nonexistent/scenario.json", "--screenshot", queue, NULL};
    ck_assert_int_eq(ktpsim_cmd_view(3, missing), 2);
    remove(queue);
    remove(stock);
    remove(dir);
    free(dir);
}
END_TEST

/* The window loop (dummy video driver) advances the live run. */
START_TEST(window_runs_the_live_model)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    scenario *s = load_province();
    live_run *run = live_run_create(s, s->seed, 0);
    ck_assert_ptr_nonnull(run);
    const viz_model *m = live_run_model(run);
    viz_view_options o = {.max_frames = 3, .speed = SIM_DAY_S * 30};
    char why[512] = "";
    ck_assert_msg(viz_view_run(m, &o, why, sizeof why) == VIZ_OK, "%s", why);
    ck_assert_double_gt(m->now(m->model), 0);
    viz_region_state st;
    m->region_state(m->model, 0, &st);
    ck_assert_int_eq(st.printed, (long)live_run_printed(run, 0));
    live_run_destroy(run);
    scenario_destroy(s);
}
END_TEST

/* All 514 regencies of the national scenario get their own tile inside the map, grouped
 * into the 38 provinces, at 1920 x 1200 and in a 1280 x 720 window, tiles not overlapping. */
START_TEST(national_scenario_lays_out_every_regency)
{
    scenario *s = load("national.json");
    live_run *run = live_run_create(s, s->seed, 0);
    ck_assert_ptr_nonnull(run);
    const viz_model *m = live_run_model(run);
    ck_assert_uint_eq(m->region_count(m->model), 514);
    const int sizes[2][2] = {{1920, 1200}, {1280, 720}};
    for (int k = 0; k < 2; k++) {
        viz__layout l;
        ck_assert_int_eq(viz__layout_make(m, sizes[k][0], sizes[k][1], &l), VIZ_OK);
        ck_assert_uint_eq(l.tile_count, 514);
        ck_assert_uint_eq(l.group_count, 38);
        for (size_t i = 0; i < l.tile_count; i++) {
            SDL_Rect inside;
            ck_assert_msg(SDL_IntersectRect(&l.tiles[i], &l.map, &inside) &&
                              SDL_RectEquals(&inside, &l.tiles[i]),
                          "%dx%d: tile %zu outside the map", sizes[k][0], sizes[k][1], i);
            ck_assert_int_ge(l.tiles[i].w, 16);
            if (i > 0) /* tiles of one province follow each other: no overlap with the last */
                ck_assert(!SDL_HasIntersection(&l.tiles[i], &l.tiles[i - 1]));
            viz_region_state st;
            m->region_state(m->model, i, &st);
            ck_assert_ptr_nonnull(live_province_name(st.province_code));
        }
        viz__layout_fini(&l);
    }
    live_run_destroy(run);
    scenario_destroy(s);
    /* Without --size, a screenshot of so many regions is drawn at 1920 x 1200. */
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    char *dir = sample_tempdir(), png[4200];
    ck_assert_ptr_nonnull(dir);
    snprintf(png, sizeof png, "%s/national.png", dir);
    char *args[] = {scenario_path, "--screenshot", png, "--at-day", "1", NULL};
    ck_assert_int_eq(ktpsim_cmd_view(5, args), 0);
    int w, h;
    free(read_png(png, &w, &h));
    ck_assert_int_eq(w, 1920);
    ck_assert_int_eq(h, 1200);
    remove(png);
    remove(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("viz_view_live");
    TCase *tc = tcase_create("live");
    tcase_add_test(tc, live_run_matches_replication_zero);
    tcase_add_test(tc, region_states_are_consistent);
    tcase_add_test(tc, screenshots_of_a_scenario_follow_the_metric);
    tcase_add_test(tc, window_runs_the_live_model);
    tcase_add_test(tc, national_scenario_lays_out_every_regency);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
