/* Draws one viewer frame: header (scenario, date and clock, speed, metric), province boxes
 * with region tiles coloured by the metric, and a side panel (stage counters, colour
 * legend, the selected region's details, the controls). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz/view_internal.h"
#include "sim/schedule.h"

static const SDL_Color ink = {30, 30, 30, 255}, faint = {110, 110, 110, 255},
                       paper = {250, 250, 247, 255}, white = {255, 255, 255, 255};

/* Draws text with its top-left at (x, y), cut at max_w pixels. */
static void text(SDL_Renderer *r, TTF_Font *font, const char *s, int x, int y, SDL_Color c,
                 int max_w)
{
    if (!s[0])
        return;
    SDL_Surface *surface = TTF_RenderUTF8_Blended(font, s, c);
    if (!surface)
        return;
    SDL_Texture *texture = SDL_CreateTextureFromSurface(r, surface);
    if (texture) {
        int w = surface->w < max_w ? surface->w : max_w;
        SDL_Rect src = {0, 0, w, surface->h}, dst = {x, y, w, surface->h};
        SDL_RenderCopy(r, texture, &src, &dst);
        SDL_DestroyTexture(texture);
    }
    SDL_FreeSurface(surface);
}

static void fill(SDL_Renderer *r, const SDL_Rect *rect, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, rect);
}

static void outline(SDL_Renderer *r, const SDL_Rect *rect, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderDrawRect(r, rect);
}

static void metric_label(viz_metric_kind metric, double v, char *buf, size_t size)
{
    if (isnan(v))
        snprintf(buf, size, "no data");
    else if (metric == VIZ_METRIC_QUEUE)
        snprintf(buf, size, "%.0f waiting", v);
    else if (metric == VIZ_METRIC_STOCK)
        snprintf(buf, size, v <= 0 ? "STOCKOUT" : "%.0f blanks", v);
    else if (metric == VIZ_METRIC_WITHIN_1H)
        snprintf(buf, size, "%.0f%% within 1 h", 100 * v);
    else
        snprintf(buf, size, "%.0f%% link up", 100 * v);
}

static const char *metric_title(viz_metric_kind metric)
{
    static const char *const titles[VIZ_METRIC_COUNT] = {
        "applicants waiting", "blank stock", "cards within one hour", "connectivity"};
    return metric < VIZ_METRIC_COUNT ? titles[metric] : "?";
}

static void header(SDL_Renderer *r, const viz__fonts *f, const viz_model *m,
                   const viz__layout *l, const viz__ui *ui)
{
    fill(r, &l->header, (SDL_Color){38, 70, 83, 255});
    double now = m->now(m->model), horizon = m->horizon(m->model);
    long day = (long)floor(now / SIM_DAY_S);
    int minute = (int)fmod(floor(now / 60), 1440.0);
    char date[11], line[256];
    viz__date_add(m->start_date(m->model), day, date);
    text(r, f->title, m->name(m->model), 12, 6, white, l->width / 2 - 20);
    /* at the horizon itself the clock reads 00:00 of the day after the last one */
    long days = (long)ceil(horizon / SIM_DAY_S), shown = day + 1 < days ? day + 1 : days;
    snprintf(line, sizeof line, "%s  %02d:%02d   day %ld of %ld", date, minute / 60,
             minute % 60, shown, days);
    text(r, f->text, line, 12, 33, white, l->width / 2);
    const char *state = ui->finished ? "finished" : ui->paused ? "paused" : "running";
    snprintf(line, sizeof line, "%s  x%.0f   colour: %s", state, ui->speed,
             metric_title(ui->metric));
    text(r, f->text, line, l->width / 2, 33, white, l->width / 2 - 12);
}

static double metric_scale(const viz_model *m, viz_metric_kind metric)
{
    double scale = 1;
    size_t n = m->region_count(m->model);
    for (size_t i = 0; i < n; i++) {
        viz_region_state s;
        m->region_state(m->model, i, &s);
        double v = viz__metric_value(metric, &s);
        if (!isnan(v) && v > scale)
            scale = v;
    }
    return scale;
}

static void tiles(SDL_Renderer *r, const viz__fonts *f, const viz_model *m,
                  const viz__layout *l, const viz__ui *ui)
{
    for (size_t g = 0; g < l->group_count; g++) {
        fill(r, &l->groups[g].box, (SDL_Color){232, 232, 226, 255});
        outline(r, &l->groups[g].box, (SDL_Color){190, 190, 180, 255});
        text(r, f->small, l->groups[g].label, l->groups[g].box.x + 6, l->groups[g].box.y + 3,
             ink, l->groups[g].box.w - 12);
    }
    double scale = metric_scale(m, ui->metric);
    for (size_t i = 0; i < l->tile_count; i++) {
        viz_region_state s;
        m->region_state(m->model, i, &s);
        double v = viz__metric_value(ui->metric, &s);
        const SDL_Rect *t = &l->tiles[i];
        SDL_Color c = viz__metric_colour(ui->metric, v, scale);
        /* Dark tiles (stockouts) get white text to stay readable. */
        SDL_Color label_ink = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b < 110 ? white : ink;
        fill(r, t, c);
        outline(r, t, (long)i == ui->selected ? (SDL_Color){0, 0, 0, 255}
                                               : (SDL_Color){120, 120, 110, 255});
        if ((long)i == ui->selected) {
            SDL_Rect inner = {t->x + 1, t->y + 1, t->w - 2, t->h - 2};
            outline(r, &inner, (SDL_Color){0, 0, 0, 255});
        }
        char label[64];
        metric_label(ui->metric, v, label, sizeof label);
        if (t->h >= 30) {
            text(r, f->small, s.name, t->x + 4, t->y + 3, label_ink, t->w - 8);
            text(r, f->small, label, t->x + 4, t->y + t->h / 2 + 2, label_ink, t->w - 8);
        }
    }
}

static void legend(SDL_Renderer *r, const viz__fonts *f, const viz__ui *ui, int x, int y)
{
    text(r, f->text, "Colour scale", x, y, ink, 280);
    for (int k = 0; k < 200; k++) {
        double t = k / 199.0;
        SDL_Color c = viz__metric_colour(VIZ_METRIC_WITHIN_1H, t, 1);
        SDL_SetRenderDrawColor(r, c.r, c.g, c.b, 255);
        SDL_RenderDrawLine(r, x + k, y + 22, x + k, y + 36);
    }
    const char *bad = ui->metric == VIZ_METRIC_QUEUE ? "longest queue" : "low";
    const char *good = ui->metric == VIZ_METRIC_QUEUE ? "no queue" : "high";
    text(r, f->small, bad, x, y + 40, faint, 100);
    text(r, f->small, good, x + 140, y + 40, faint, 100);
    if (ui->metric == VIZ_METRIC_STOCK) {
        SDL_Rect swatch = {x, y + 58, 14, 12};
        fill(r, &swatch, viz__metric_colour(VIZ_METRIC_STOCK, 0, 1));
        text(r, f->small, "stockout (no blank left)", x + 20, y + 57, faint, 240);
    } else if (ui->metric != VIZ_METRIC_QUEUE) {
        SDL_Rect swatch = {x, y + 58, 14, 12};
        fill(r, &swatch, viz__metric_colour(ui->metric, NAN, 1));
        text(r, f->small, "no data yet", x + 20, y + 57, faint, 240);
    }
}

static void panel(SDL_Renderer *r, const viz__fonts *f, const viz_model *m,
                  const viz__layout *l, const viz__ui *ui)
{
    fill(r, &l->panel, (SDL_Color){240, 240, 236, 255});
    int x = l->panel.x + 12, y = l->panel.y + 10, w = l->panel.w - 24;
    viz_stage_counters c;
    memset(&c, 0, sizeof c);
    m->counters(m->model, &c);
    char line[160];
    text(r, f->text, "Pipeline (cumulative)", x, y, ink, w);
    const char *names[] = {"arrived", "recorded", "uploaded", "deduplicated", "printed",
                           "collected", "suket backlog"};
    long values[] = {c.arrived, c.recorded, c.uploaded, c.deduplicated, c.printed,
                     c.collected, c.suket_backlog};
    for (int k = 0; k < 7; k++) {
        text(r, f->small, names[k], x, y + 22 + 16 * k, faint, w);
        snprintf(line, sizeof line, "%ld", values[k]);
        text(r, f->small, line, x + 130, y + 22 + 16 * k, ink, w - 130);
    }
    legend(r, f, ui, x, y + 145);
    y += 232;
    if (ui->selected >= 0 && (size_t)ui->selected < l->tile_count) {
        viz_region_state s;
        m->region_state(m->model, (size_t)ui->selected, &s);
        text(r, f->text, s.name, x, y, ink, w);
        const char *rows[9];
        char buf[9][160];
        snprintf(buf[0], 160, "code %s, %s", s.code, s.province_name);
        snprintf(buf[1], 160, "waiting: %.0f", s.queue);
        snprintf(buf[2], 160, "blank stock: %.0f", s.blank_stock);
        snprintf(buf[3], 160, "within one hour: %.1f%%", 100 * s.within_1h_share);
        snprintf(buf[4], 160, "connectivity: %.0f%%", 100 * s.connectivity);
        snprintf(buf[5], 160, "arrived: %ld", s.arrived);
        snprintf(buf[6], 160, "recorded: %ld", s.recorded);
        snprintf(buf[7], 160, "printed: %ld", s.printed);
        snprintf(buf[8], 160, "collected: %ld", s.collected);
        for (int k = 0; k < 9; k++) {
            rows[k] = buf[k];
            text(r, f->small, rows[k], x, y + 22 + 16 * k, ink, w);
        }
    } else {
        text(r, f->small, "Click a region for its details.", x, y, faint, w);
    }
    const char *help[] = {"space pause   right/s step 1 h", "+ / - faster / slower",
                          "m or 1-4 metric   q quit"};
    for (int k = 0; k < 3; k++)
        text(r, f->small, help[k], x, l->panel.y + l->panel.h - 58 + 16 * k, faint, w);
}

void viz__draw(SDL_Renderer *r, const viz__fonts *f, const viz_model *m,
               const viz__layout *l, const viz__ui *ui)
{
    SDL_SetRenderDrawColor(r, paper.r, paper.g, paper.b, 255);
    SDL_RenderClear(r);
    header(r, f, m, l, ui);
    tiles(r, f, m, l, ui);
    panel(r, f, m, l, ui);
}
