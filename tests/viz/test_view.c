/* Check suite for the viewer (viz/view.h) and the PNG writer (viz/png.h): PNG structure
 * and checksums against known values, screenshots of the demo model (size, determinism,
 * each tile's colour equal to the metric's colour of its value, colours that change with
 * the metric), the tile layout, dates, and the `ktpsim view` command line. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ktpsim_viz.h"
#include "png_read.h"
#include "sample.h"
#include "viz/png.h"
#include "viz/status.h"
#include "viz/text.h"
#include "viz/view.h"
#include "viz/view_internal.h"
#include "tests/check_run.h"
#include "sim/schedule.h"

START_TEST(checksums_match_known_values)
{
    /* Every PNG's IEND chunk ends with CRC AE 42 60 82; Adler-32 of "Wikipedia" is
     * 0x11E60398 (RFC 1950's worked example used on many pages). */
    ck_assert_uint_eq(viz_crc32(0, (const unsigned char *)"IEND", 4), 0xAE426082u);
    ck_assert_uint_eq(viz_crc32(0, (const unsigned char *)"123456789", 9), 0xCBF43926u);
    ck_assert_uint_eq(viz_adler32(1, (const unsigned char *)"Wikipedia", 9), 0x11E60398u);
    /* Continuing a checksum equals computing it in one go. */
    uint32_t part = viz_crc32(0, (const unsigned char *)"1234", 4);
    ck_assert_uint_eq(viz_crc32(part, (const unsigned char *)"56789", 5), 0xCBF43926u);
}
END_TEST

static void roundtrip(int w, int h)
{
    size_t stride = (size_t)w * 3 + 5; /* padded rows must be handled */
    unsigned char *pixels = malloc(stride * (size_t)h);
    ck_assert_ptr_nonnull(pixels);
    for (size_t i = 0; i < stride * (size_t)h; i++)
        pixels[i] = (unsigned char)(i * 7 + i / 13);
    unsigned char *png, *back;
    size_t len;
    ck_assert_int_eq(viz_png_encode(pixels, w, h, stride, &png, &len), VIZ_OK);
    int rw, rh;
    const char *error = NULL;
    ck_assert_msg(png_read_stored(png, len, &rw, &rh, &back, &error) == 0, "%s", error);
    ck_assert_int_eq(rw, w);
    ck_assert_int_eq(rh, h);
    for (int y = 0; y < h; y++)
        ck_assert_mem_eq(back + (size_t)y * w * 3, pixels + (size_t)y * stride, (size_t)w * 3);
    free(back);
    free(png);
    free(pixels);
}

START_TEST(png_roundtrips)
{
    roundtrip(3, 2);
    roundtrip(1, 1);
    roundtrip(200, 150); /* 90150 bytes of rows: two stored blocks */
    roundtrip(21845, 1); /* a row of exactly 65536 bytes with its filter byte */
    unsigned char *png;
    size_t len;
    ck_assert_int_eq(viz_png_encode((const unsigned char *)"", 0, 1, 0, &png, &len), VIZ_EARG);
}
END_TEST

static unsigned char *read_png(const char *path, int *w, int *h)
{
    const char *error = "";
    unsigned char *rgb = png_read_file(path, w, h, &error);
    ck_assert_msg(rgb != NULL, "%s: %s", path, error);
    return rgb;
}

static char *shot(viz_metric_kind metric, double day, int *w, int *h, unsigned char **rgb)
{
    char *dir = sample_tempdir();
    ck_assert_ptr_nonnull(dir);
    char *path = malloc(strlen(dir) + 16);
    sprintf(path, "%s/shot.png", dir);
    free(dir);
    viz_model *m = viz_demo_create(28);
    viz_view_options o = {.metric = metric};
    char why[512] = "";
    ck_assert_msg(viz_view_screenshot(m, &o, day, path, why, sizeof why) == VIZ_OK, "%s", why);
    viz_demo_destroy(m);
    *rgb = read_png(path, w, h);
    return path;
}

static void drop(char *path)
{
    remove(path);
    *strrchr(path, '/') = '\0';
    remove(path);
    free(path);
}

/* The pixel near a tile's lower right corner (inside the outline, below the text). */
static SDL_Color tile_pixel(const unsigned char *rgb, int w, const SDL_Rect *t)
{
    size_t at = ((size_t)(t->y + t->h - 3) * (size_t)w + (size_t)(t->x + t->w - 3)) * 3;
    return (SDL_Color){rgb[at], rgb[at + 1], rgb[at + 2], 255};
}

/* Checks every tile against the colour its value should have; returns the colours. */
static void check_tiles(viz_metric_kind metric, double day, const unsigned char *rgb, int w,
                        SDL_Color *colours)
{
    viz_model *m = viz_demo_create(28);
    m->advance(m->model, day * SIM_DAY_S);
    viz__layout l;
    ck_assert_int_eq(viz__layout_make(m, 1280, 720, &l), VIZ_OK);
    double scale = 1;
    size_t n = m->region_count(m->model);
    for (size_t i = 0; i < n; i++) {
        viz_region_state s;
        m->region_state(m->model, i, &s);
        double v = viz__metric_value(metric, &s);
        scale = v > scale ? v : scale;
    }
    for (size_t i = 0; i < n; i++) {
        viz_region_state s;
        m->region_state(m->model, i, &s);
        SDL_Color want = viz__metric_colour(metric, viz__metric_value(metric, &s), scale);
        SDL_Color got = tile_pixel(rgb, w, &l.tiles[i]);
        ck_assert_msg(got.r == want.r && got.g == want.g && got.b == want.b,
                      "%s tile %s: got %d,%d,%d want %d,%d,%d", viz_metric_name(metric), s.name,
                      got.r, got.g, got.b, want.r, want.g, want.b);
        colours[i] = got;
    }
    viz__layout_fini(&l);
    viz_demo_destroy(m);
}

START_TEST(screenshot_colours_follow_the_metric)
{
    int w, h, w2, h2;
    unsigned char *queue_rgb, *link_rgb;
    char *a = shot(VIZ_METRIC_QUEUE, 3.6, &w, &h, &queue_rgb);
    char *b = shot(VIZ_METRIC_CONNECTIVITY, 3.6, &w2, &h2, &link_rgb);
    ck_assert_int_eq(w, 1280);
    ck_assert_int_eq(h, 720);
    ck_assert_int_eq(w2, 1280);
    SDL_Color by_queue[64], by_link[64];
    check_tiles(VIZ_METRIC_QUEUE, 3.6, queue_rgb, w, by_queue);
    check_tiles(VIZ_METRIC_CONNECTIVITY, 3.6, link_rgb, w, by_link);
    int differ = 0;
    for (int i = 0; i < 24; i++)
        differ += memcmp(&by_queue[i], &by_link[i], 3) != 0;
    ck_assert_int_ge(differ, 12);
    free(queue_rgb);
    free(link_rgb);
    drop(a);
    drop(b);
}
END_TEST

START_TEST(screenshot_is_deterministic)
{
    int w, h;
    unsigned char *one, *two;
    char *a = shot(VIZ_METRIC_STOCK, 10, &w, &h, &one);
    char *b = shot(VIZ_METRIC_STOCK, 10, &w, &h, &two);
    ck_assert_mem_eq(one, two, (size_t)w * h * 3);
    free(one);
    free(two);
    drop(a);
    drop(b);
}
END_TEST

START_TEST(screenshot_errors)
{
    viz_model *m = viz_demo_create(28);
    char why[512] = "";
    ck_assert_int_eq(viz_view_screenshot(m, NULL, -1, "/tmp/x.png", why, sizeof why), VIZ_EARG);
    viz_view_options o = {.font_path = "/nonexistent/font.ttf"};
    ck_assert_int_eq(viz_view_screenshot(m, &o, 1, "/tmp/x.png", why, sizeof why), VIZ_ESDL);
    ck_assert_ptr_nonnull(strstr(why, "/nonexistent/font.ttf: cannot open font"));
    ck_assert_int_eq(viz_view_screenshot(m, NULL, 1, "/nonexistent/dir/x.png", why, sizeof why),
                     VIZ_EIO);
    viz_demo_destroy(m);
}
END_TEST

START_TEST(layout_groups_and_separates_tiles)
{
    viz_model *m = viz_demo_create(28);
    viz__layout l;
    ck_assert_int_eq(viz__layout_make(m, 1280, 720, &l), VIZ_OK);
    ck_assert_uint_eq(l.tile_count, 24);
    ck_assert_uint_eq(l.group_count, 6);
    for (size_t i = 0; i < l.tile_count; i++) {
        SDL_Rect inter;
        ck_assert(SDL_HasIntersection(&l.tiles[i], &l.map) &&
                  SDL_IntersectRect(&l.tiles[i], &l.map, &inter) &&
                  memcmp(&inter, &l.tiles[i], sizeof inter) == 0); /* inside the map */
        for (size_t j = 0; j < i; j++)
            ck_assert(!SDL_HasIntersection(&l.tiles[i], &l.tiles[j]));
        int in_group = 0;
        for (size_t g = 0; g < l.group_count; g++)
            in_group += SDL_IntersectRect(&l.tiles[i], &l.groups[g].box, &inter) &&
                        memcmp(&inter, &l.tiles[i], sizeof inter) == 0;
        ck_assert_int_eq(in_group, 1);
        SDL_Rect *t = &l.tiles[i];
        ck_assert_int_eq(viz__layout_hit(&l, t->x + t->w / 2, t->y + t->h / 2), (long)i);
    }
    ck_assert_int_eq(viz__layout_hit(&l, 1, 1), -1);
    ck_assert_ptr_nonnull(strstr(l.groups[0].label, "DKI Jakarta (31)"));
    viz__layout_fini(&l);
    /* A small window still fits every tile (they shrink). */
    ck_assert_int_eq(viz__layout_make(m, 640, 400, &l), VIZ_OK);
    for (size_t i = 0; i < l.tile_count; i++)
        ck_assert_int_le(l.tiles[i].y + l.tiles[i].h, l.map.y + l.map.h);
    viz__layout_fini(&l);
    viz_demo_destroy(m);
}
END_TEST

START_TEST(dates_and_metric_names)
{
    char out[11];
    viz__date_add("2018-04-02", 30, out);
    ck_assert_str_eq(out, "2018-05-02");
    viz__date_add("2020-02-28", 1, out);
    ck_assert_str_eq(out, "2020-02-29");
    viz__date_add("2019-12-31", 1, out);
    ck_assert_str_eq(out, "2020-01-01");
    viz__date_add("2100-02-28", 1, out);
    ck_assert_str_eq(out, "2100-03-01");
    for (int k = 0; k < VIZ_METRIC_COUNT; k++)
        ck_assert_int_eq(viz_metric_parse(viz_metric_name((viz_metric_kind)k)), k);
    ck_assert_int_eq(viz_metric_parse("queues"), -1);
}
END_TEST

static SDL_Event key(SDL_Keycode sym)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    return e;
}

START_TEST(events_drive_the_ui)
{
    viz_model *m = viz_demo_create(28);
    m->advance(m->model, 7200);
    viz__layout l;
    ck_assert_int_eq(viz__layout_make(m, 1280, 720, &l), VIZ_OK);
    viz__ui ui = {VIZ_METRIC_QUEUE, -1, 0, 0, 3600};
    double step_to = -1;
    SDL_Event e = key(SDLK_SPACE);
    ck_assert_int_eq(viz__view_handle(&e, m, &l, &ui, &step_to), 1);
    ck_assert_int_eq(ui.paused, 1);
    e = key(SDLK_PLUS);
    viz__view_handle(&e, m, &l, &ui, &step_to);
    ck_assert_double_eq(ui.speed, 7200);
    e = key(SDLK_MINUS);
    viz__view_handle(&e, m, &l, &ui, &step_to);
    viz__view_handle(&e, m, &l, &ui, &step_to);
    ck_assert_double_eq(ui.speed, 1800);
    e = key(SDLK_m);
    viz__view_handle(&e, m, &l, &ui, &step_to);
    ck_assert_int_eq(ui.metric, VIZ_METRIC_STOCK);
    e = key(SDLK_4);
    viz__view_handle(&e, m, &l, &ui, &step_to);
    ck_assert_int_eq(ui.metric, VIZ_METRIC_CONNECTIVITY);
    e = key(SDLK_RIGHT);
    viz__view_handle(&e, m, &l, &ui, &step_to);
    ck_assert_double_eq(step_to, 7200 + 3600);
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = l.tiles[5].x + 3;
    e.button.y = l.tiles[5].y + 3;
    viz__view_handle(&e, m, &l, &ui, &step_to);
    ck_assert_int_eq(ui.selected, 5);
    e.button.x = 2;
    e.button.y = 2; /* the header: deselects */
    viz__view_handle(&e, m, &l, &ui, &step_to);
    ck_assert_int_eq(ui.selected, -1);
    e = key(SDLK_q);
    ck_assert_int_eq(viz__view_handle(&e, m, &l, &ui, &step_to), 0);
    viz__layout_fini(&l);
    viz_demo_destroy(m);
}
END_TEST

/* The interactive loop for a few frames on SDL's dummy video driver (no display). */
START_TEST(window_loop_runs_headless)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    viz_model *m = viz_demo_create(28);
    viz_view_options o = {.max_frames = 3, .speed = SIM_DAY_S * 64};
    char why[512] = "";
    ck_assert_msg(viz_view_run(m, &o, why, sizeof why) == VIZ_OK, "%s", why);
    ck_assert_double_gt(m->now(m->model), 0); /* it ran, not paused */
    viz_demo_destroy(m);
}
END_TEST

START_TEST(view_command_line)
{
    char *dir = sample_tempdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/v.png", dir);
    char *ok[] = {"--demo", "--metric", "within1h", "--screenshot", path, "--at-day", "2",
                  "--size", "800x600", NULL};
    ck_assert_int_eq(ktpsim_cmd_view(9, ok), 0);
    int w, h;
    unsigned char *rgb = read_png(path, &w, &h);
    ck_assert_int_eq(w, 800);
    ck_assert_int_eq(h, 600);
    free(rgb);
    char *bad_metric[] = {"--demo", "--metric", "colour", NULL};
    ck_assert_int_eq(ktpsim_cmd_view(3, bad_metric), 2);
    char *scenario[] = {"/nonexistent/scenario.json", NULL}; /* a missing file is bad input */
    ck_assert_int_eq(ktpsim_cmd_view(1, scenario), 2);
    ck_assert_int_eq(ktpsim_cmd_view(0, NULL), 2);
    remove(path);
    remove(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("viz_view");
    TCase *tc = tcase_create("view");
    tcase_add_test(tc, checksums_match_known_values);
    tcase_add_test(tc, png_roundtrips);
    tcase_add_test(tc, screenshot_colours_follow_the_metric);
    tcase_add_test(tc, screenshot_is_deterministic);
    tcase_add_test(tc, screenshot_errors);
    tcase_add_test(tc, layout_groups_and_separates_tiles);
    tcase_add_test(tc, dates_and_metric_names);
    tcase_add_test(tc, events_drive_the_ui);
    tcase_add_test(tc, window_loop_runs_headless);
    tcase_add_test(tc, view_command_line);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
