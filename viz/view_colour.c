/* Metric values and colours of the viewer's tiles, fonts, and date arithmetic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/schedule.h"
#include "viz/status.h"
#include "viz/view_internal.h"

const char *viz_metric_name(viz_metric_kind metric)
{
    static const char *const names[VIZ_METRIC_COUNT] = {"queue", "stock", "within1h",
                                                        "connectivity"};
    return metric < VIZ_METRIC_COUNT ? names[metric] : "?";
}

int viz_metric_parse(const char *name)
{
    for (int k = 0; k < VIZ_METRIC_COUNT; k++)
        if (strcmp(name, viz_metric_name((viz_metric_kind)k)) == 0)
            return k;
    return -1;
}

double viz__metric_value(viz_metric_kind metric, const viz_region_state *s)
{
    switch (metric) {
    case VIZ_METRIC_QUEUE: return s->queue;
    case VIZ_METRIC_STOCK: return s->blank_stock;
    case VIZ_METRIC_WITHIN_1H: return s->within_1h_share;
    default: return s->connectivity;
    }
}

/* Red (bad) through yellow to green (good) for goodness g in 0..1. */
static SDL_Color ramp(double g)
{
    static const double stops[3][3] = {{215, 48, 39}, {254, 224, 139}, {26, 152, 80}};
    g = g < 0 ? 0 : g > 1 ? 1 : g;
    int k = g < 0.5 ? 0 : 1;
    double t = g < 0.5 ? g * 2 : (g - 0.5) * 2;
    SDL_Color c;
    c.r = (Uint8)lround(stops[k][0] + t * (stops[k + 1][0] - stops[k][0]));
    c.g = (Uint8)lround(stops[k][1] + t * (stops[k + 1][1] - stops[k][1]));
    c.b = (Uint8)lround(stops[k][2] + t * (stops[k + 1][2] - stops[k][2]));
    c.a = 255;
    return c;
}

SDL_Color viz__metric_colour(viz_metric_kind metric, double value, double scale)
{
    if (isnan(value))
        return (SDL_Color){185, 185, 185, 255};
    if (scale <= 0)
        scale = 1;
    switch (metric) {
    case VIZ_METRIC_QUEUE: return ramp(1 - value / scale);
    case VIZ_METRIC_STOCK:
        return value <= 0 ? (SDL_Color){140, 20, 20, 255} : ramp(value / scale);
    default: return ramp(value);
    }
}

int viz__fonts_open(viz__fonts *f, const char *path, char *why, size_t why_size)
{
    memset(f, 0, sizeof *f);
    if (TTF_Init() != 0) {
        snprintf(why, why_size, "SDL_ttf: %s", TTF_GetError());
        return VIZ_ESDL;
    }
    f->ttf_started = 1;
    f->title = TTF_OpenFont(path, 18);
    f->text = TTF_OpenFont(path, 14);
    f->small = TTF_OpenFont(path, 11);
    if (!f->title || !f->text || !f->small) {
        snprintf(why, why_size, "%s: cannot open font (%s); Debian ships it in "
                 "fonts-dejavu-core", path, TTF_GetError());
        viz__fonts_close(f);
        return VIZ_ESDL;
    }
    return VIZ_OK;
}

void viz__fonts_close(viz__fonts *f)
{
    if (f->title)
        TTF_CloseFont(f->title);
    if (f->text)
        TTF_CloseFont(f->text);
    if (f->small)
        TTF_CloseFont(f->small);
    if (f->ttf_started)
        TTF_Quit();
    memset(f, 0, sizeof *f);
}

void viz__date_add(const char *start, long days, char out[11])
{
    int y, m, d;
    if (!start || sscanf(start, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31) {
        snprintf(out, 11, "%.10s", start ? start : "");
        return;
    }
    int yy, mm, dd;
    sim_civil_from_days(sim_days_from_civil(y, m, d) + days, &yy, &mm, &dd);
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", yy, mm, dd);
    snprintf(out, 11, "%.10s", buf);
}

void viz__day_label(double now_s, double horizon_s, char *out, size_t size)
{
    double now = now_s < horizon_s ? now_s : horizon_s;
    now = now > 0 ? now : 0;
    long days = (long)ceil(horizon_s / 86400);
    double whole = floor(now / 86400);
    if (now > 0 && now == whole * 86400)
        snprintf(out, size, "end of day %ld of %ld", (long)whole, days);
    else
        snprintf(out, size, "day %ld of %ld", (long)whole + 1, days);
}
