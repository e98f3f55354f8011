/* The live viewer: an SDL2 window (SDL2_ttf text) that shows a running simulation as
 * region tiles grouped by province, coloured by a chosen metric, with the clock and date,
 * stage counters and controls; and a headless screenshot mode that needs no display.
 *
 * The viewer knows nothing about the pipeline: it drives a model through viz_model, a
 * table of callbacks the app fills in (the live pipeline) or viz_demo_create() does (a
 * deterministic synthetic model for tests and `ktpsim view --demo`). Every callback is
 * called from the viewer's thread only. */
#ifndef VIZ_VIEW_H
#define VIZ_VIEW_H

#include <stddef.h>

/* One region's state at the model's current time. Strings are copied in (truncated to
 * fit, NUL-terminated). Unknown numbers: NaN for doubles, -1 for counts. */
typedef struct viz_region_state {
    char code[16];           /* e.g. "21.72" */
    char name[64];           /* e.g. "Kota Tanjungpinang" */
    char province_code[8];   /* tiles are grouped by this, in order of first appearance */
    char province_name[64];
    double queue;            /* applicants waiting, all stages together */
    double blank_stock;      /* blanks at the office */
    double within_1h_share;  /* 0..1: cards printed within one hour of recording, so far */
    double connectivity;     /* 0..1: share of time the office's link is up */
    long arrived, recorded, printed, collected; /* cumulative since the start */
} viz_region_state;

/* Whole-pipeline counters (cumulative since the start; backlog is a level). */
typedef struct viz_stage_counters {
    long arrived, recorded, uploaded, deduplicated, printed, collected;
    long suket_backlog;
} viz_stage_counters;

typedef struct viz_model {
    void *model;
    /* Runs the model up to until_s (seconds since the start date, never beyond the
     * horizon). Returns 0, 1 once the horizon is reached, or a negative error code. */
    int (*advance)(void *model, double until_s);
    double (*now)(void *model);      /* seconds since the start date */
    double (*horizon)(void *model);  /* seconds */
    const char *(*start_date)(void *model); /* "YYYY-MM-DD" */
    const char *(*name)(void *model);       /* the scenario's name */
    size_t (*region_count)(void *model);
    void (*region_state)(void *model, size_t i, viz_region_state *out);
    void (*counters)(void *model, viz_stage_counters *out);
} viz_model;

typedef enum viz_metric_kind {
    VIZ_METRIC_QUEUE,
    VIZ_METRIC_STOCK,
    VIZ_METRIC_WITHIN_1H,
    VIZ_METRIC_CONNECTIVITY,
    VIZ_METRIC_COUNT
} viz_metric_kind;

/* "queue", "stock", "within1h", "connectivity"; viz_metric_parse returns -1 if unknown. */
const char *viz_metric_name(viz_metric_kind metric);
int viz_metric_parse(const char *name);

typedef struct viz_view_options {
    int width, height;     /* pixels; 0: 1280 x 720 */
    const char *font_path; /* NULL: VIZ_VIEW_FONT */
    viz_metric_kind metric;
    double speed;          /* simulated seconds per real second; 0: 3600 */
    int max_frames;        /* viz_view_run returns after this many frames; 0: until closed */
} viz_view_options;

#define VIZ_VIEW_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

/* Opens a window and runs until closed. Keys: space pause/resume, right arrow or s step one
 * simulated hour, + / - faster / slower, m or 1-4 pick the metric, click a tile for its
 * details, q or Escape quit. Returns VIZ_OK, VIZ_ESDL (no display, no font; why says so)
 * or the model's negative error. Uses SDL's global state: one viewer per process. */
int viz_view_run(const viz_model *model, const viz_view_options *options, char *why,
                 size_t why_size);

/* Advances the model to at_day days and saves one frame as PNG to png_path, drawn with
 * SDL's software renderer into memory: no window and no video driver needed. Returns
 * VIZ_OK, VIZ_ESDL, VIZ_EIO, VIZ_EARG (at_day < 0) or the model's error. */
int viz_view_screenshot(const viz_model *model, const viz_view_options *options,
                        double at_day, const char *png_path, char *why, size_t why_size);

/* The day label the header shows at the model's current time ("day 21 of 91", "end of day
 * 20 of 91"; see viz__day_label), into out. */
void viz_view_day_label(const viz_model *model, char *out, size_t size);

/* The demo model: 6 provinces, 24 regions, numbers that follow fixed formulas of time, so
 * the same time gives the same picture. Returns NULL when out of memory. */
viz_model *viz_demo_create(double horizon_days);
void viz_demo_destroy(viz_model *demo);

#endif
