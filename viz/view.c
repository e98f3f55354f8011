/* The viewer's two entry points: an interactive SDL2 window that advances the model in
 * real time, and a headless screenshot drawn by SDL's software renderer into memory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/png.h"
#include "viz/status.h"
#include "viz/view_internal.h"
#include "sim/schedule.h"

static void defaults(const viz_view_options *o, viz_view_options *out)
{
    viz_view_options d = {1280, 720, VIZ_VIEW_FONT, VIZ_METRIC_QUEUE, 3600, 0};
    if (o) {
        d.width = o->width > 0 ? o->width : d.width;
        d.height = o->height > 0 ? o->height : d.height;
        d.font_path = o->font_path ? o->font_path : d.font_path;
        d.metric = o->metric < VIZ_METRIC_COUNT ? o->metric : d.metric;
        d.speed = o->speed > 0 ? o->speed : d.speed;
        d.max_frames = o->max_frames > 0 ? o->max_frames : 0;
    }
    *out = d;
}

/* Saves the surface's pixels as PNG (converted to packed RGB first). */
static int save_png(SDL_Surface *surface, const char *path, char *why, size_t why_size)
{
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb) {
        snprintf(why, why_size, "SDL: %s", SDL_GetError());
        return VIZ_ESDL;
    }
    int status = viz_png_write(path, rgb->pixels, rgb->w, rgb->h, (size_t)rgb->pitch, why,
                               why_size);
    SDL_FreeSurface(rgb);
    return status;
}

static int advance_to(const viz_model *m, double until_s, char *why, size_t why_size)
{
    double horizon = m->horizon(m->model);
    int status = m->advance(m->model, until_s < horizon ? until_s : horizon);
    if (status < 0)
        snprintf(why, why_size, "the model failed (error %d)", status);
    return status;
}

int viz_view_screenshot(const viz_model *m, const viz_view_options *options, double at_day,
                        const char *png_path, char *why, size_t why_size)
{
    viz_view_options o;
    defaults(options, &o);
    if (!(at_day >= 0)) {
        snprintf(why, why_size, "--at-day must be >= 0");
        return VIZ_EARG;
    }
    int status = advance_to(m, at_day * SIM_DAY_S, why, why_size);
    if (status < 0)
        return status;
    viz__fonts fonts;
    status = viz__fonts_open(&fonts, o.font_path, why, why_size);
    if (status != VIZ_OK)
        return status;
    viz__layout layout;
    status = viz__layout_make(m, o.width, o.height, &layout);
    SDL_Surface *surface = NULL;
    SDL_Renderer *renderer = NULL;
    if (status == VIZ_OK) {
        surface = SDL_CreateRGBSurfaceWithFormat(0, o.width, o.height, 32,
                                                 SDL_PIXELFORMAT_ARGB8888);
        renderer = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
        if (!renderer) {
            snprintf(why, why_size, "SDL software renderer: %s", SDL_GetError());
            status = VIZ_ESDL;
        }
    }
    if (status == VIZ_OK) {
        viz__ui ui = {o.metric, -1, 1, 0, o.speed};
        ui.finished = m->now(m->model) >= m->horizon(m->model);
        viz__draw(renderer, &fonts, m, &layout, &ui);
        SDL_RenderPresent(renderer);
        status = save_png(surface, png_path, why, why_size);
    }
    if (renderer)
        SDL_DestroyRenderer(renderer);
    if (surface)
        SDL_FreeSurface(surface);
    viz__layout_fini(&layout);
    viz__fonts_close(&fonts);
    return status;
}

int viz__view_handle(const SDL_Event *e, const viz_model *m, const viz__layout *l,
                     viz__ui *ui, double *step_to)
{
    if (e->type == SDL_QUIT)
        return 0;
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        ui->selected = viz__layout_hit(l, e->button.x, e->button.y);
        return 1;
    }
    if (e->type != SDL_KEYDOWN)
        return 1;
    SDL_Keycode key = e->key.keysym.sym;
    if (key == SDLK_q || key == SDLK_ESCAPE)
        return 0;
    if (key == SDLK_SPACE)
        ui->paused = !ui->paused;
    else if (key == SDLK_RIGHT || key == SDLK_s) {
        ui->paused = 1;
        *step_to = m->now(m->model) + 3600;
    } else if (key == SDLK_PLUS || key == SDLK_EQUALS || key == SDLK_KP_PLUS)
        ui->speed = fmin(ui->speed * 2, SIM_DAY_S * 64);
    else if (key == SDLK_MINUS || key == SDLK_KP_MINUS)
        ui->speed = fmax(ui->speed / 2, 1);
    else if (key == SDLK_m || key == SDLK_TAB)
        ui->metric = (viz_metric_kind)((ui->metric + 1) % VIZ_METRIC_COUNT);
    else if (key >= SDLK_1 && key < SDLK_1 + VIZ_METRIC_COUNT)
        ui->metric = (viz_metric_kind)(key - SDLK_1);
    return 1;
}

static int loop(SDL_Renderer *renderer, const viz__fonts *fonts, const viz_model *m,
                const viz__layout *l, viz__ui *ui, int max_frames, char *why, size_t why_size)
{
    Uint64 last = SDL_GetTicks64();
    for (int frame = 0; max_frames == 0 || frame < max_frames; frame++) {
        SDL_Event e;
        double step_to = -1;
        while (SDL_PollEvent(&e))
            if (!viz__view_handle(&e, m, l, ui, &step_to))
                return VIZ_OK;
        Uint64 ticks = SDL_GetTicks64();
        double real_s = (double)(ticks - last) / 1000.0;
        last = ticks;
        double target = step_to >= 0 ? step_to
                        : ui->paused ? -1 : m->now(m->model) + ui->speed * real_s;
        if (target >= 0 && !ui->finished) {
            int status = advance_to(m, target, why, why_size);
            if (status < 0)
                return status;
            ui->finished = status == 1 || m->now(m->model) >= m->horizon(m->model);
        }
        viz__draw(renderer, fonts, m, l, ui);
        SDL_RenderPresent(renderer);
        SDL_Delay(30);
    }
    return VIZ_OK;
}

int viz_view_run(const viz_model *m, const viz_view_options *options, char *why,
                 size_t why_size)
{
    viz_view_options o;
    defaults(options, &o);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(why, why_size, "cannot open a display: %s (try --screenshot FILE)",
                 SDL_GetError());
        return VIZ_ESDL;
    }
    /* Without a display SDL falls back to a driver that shows nothing; say so instead of
     * running invisibly, unless the caller asked for that driver. */
    const char *driver = SDL_GetCurrentVideoDriver(), *wanted = getenv("SDL_VIDEODRIVER");
    if (driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) &&
        !(wanted && strcmp(wanted, driver) == 0)) {
        snprintf(why, why_size, "no display (SDL fell back to its '%s' video driver); "
                 "use --screenshot FILE for a picture", driver);
        SDL_Quit();
        return VIZ_ESDL;
    }
    viz__fonts fonts;
    int status = viz__fonts_open(&fonts, o.font_path, why, why_size);
    SDL_Window *window = NULL;
    SDL_Renderer *renderer = NULL;
    viz__layout layout = {0};
    if (status == VIZ_OK) {
        window = SDL_CreateWindow("ktpsim view", SDL_WINDOWPOS_CENTERED,
                                  SDL_WINDOWPOS_CENTERED, o.width, o.height, 0);
        renderer = window ? SDL_CreateRenderer(window, -1, 0) : NULL;
        if (!renderer) {
            snprintf(why, why_size, "SDL window: %s", SDL_GetError());
            status = VIZ_ESDL;
        }
    }
    if (status == VIZ_OK)
        status = viz__layout_make(m, o.width, o.height, &layout);
    if (status == VIZ_OK) {
        viz__ui ui = {o.metric, -1, 0, 0, o.speed};
        status = loop(renderer, &fonts, m, &layout, &ui, o.max_frames, why, why_size);
    }
    viz__layout_fini(&layout);
    if (renderer)
        SDL_DestroyRenderer(renderer);
    if (window)
        SDL_DestroyWindow(window);
    viz__fonts_close(&fonts);
    SDL_Quit();
    return status;
}
