/* Shared between viz/view*.c (and the viewer tests): layout of the tiles, the UI state,
 * drawing one frame, colours and dates. Not a public interface. */
#ifndef VIZ_VIEW_INTERNAL_H
#define VIZ_VIEW_INTERNAL_H

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

#include "viz/view.h"

typedef struct viz__group {
    SDL_Rect box;
    char label[80]; /* "Province name (code)" */
} viz__group;

typedef struct viz__layout {
    int width, height;
    SDL_Rect header, panel, map;
    SDL_Rect *tiles; /* one per region, model order */
    size_t tile_count;
    viz__group *groups; /* provinces, in order of first appearance */
    size_t group_count;
} viz__layout;

typedef struct viz__ui {
    viz_metric_kind metric;
    long selected; /* region index, -1 for none */
    int paused, finished;
    double speed;  /* simulated seconds per real second */
} viz__ui;

typedef struct viz__fonts {
    TTF_Font *title, *text, *small;
    int ttf_started; /* TTF_Init succeeded: close calls TTF_Quit */
} viz__fonts;

/* Places provinces and tiles in a width x height frame (tiles shrink to fit). Returns
 * VIZ_OK or VIZ_ENOMEM; free with viz__layout_fini. */
int viz__layout_make(const viz_model *model, int width, int height, viz__layout *out);
void viz__layout_fini(viz__layout *layout);
/* The region under a point, or -1. */
long viz__layout_hit(const viz__layout *layout, int x, int y);

/* Starts SDL_ttf (reference-counted) and opens three sizes; close undoes both. */
int viz__fonts_open(viz__fonts *fonts, const char *path, char *why, size_t why_size);
void viz__fonts_close(viz__fonts *fonts);

/* Draws one frame of the model's current state. */
void viz__draw(SDL_Renderer *renderer, const viz__fonts *fonts, const viz_model *model,
               const viz__layout *layout, const viz__ui *ui);

/* Applies one input event to the UI state (keys and clicks as in view.h); sets *step_to
 * for a one-hour step. Returns 0 when the viewer should close. */
int viz__view_handle(const SDL_Event *e, const viz_model *model, const viz__layout *layout,
                     viz__ui *ui, double *step_to);

/* A tile's colour for a metric value (scale: the largest value among regions for queue and
 * stock). Red is bad, green good, grey unknown. */
SDL_Color viz__metric_colour(viz_metric_kind metric, double value, double scale);
/* The value of a metric in a region state. */
double viz__metric_value(viz_metric_kind metric, const viz_region_state *s);

/* "YYYY-MM-DD" plus whole days, into out[11]; copies the start on a malformed date. */
void viz__date_add(const char *start, long days, char out[11]);

/* The header's day label for time now_s of a run of horizon_s (both s from the start):
 * "day D of N" while day D (1-based) is under way, "end of day D of N" at the midnight that
 * ends it (so --at-day 20 reads "end of day 20", and 34 and 35 differ); a time past the
 * horizon reads as the horizon. N is the number of days begun by the horizon. */
void viz__day_label(double now_s, double horizon_s, char *out, size_t size);

#endif
