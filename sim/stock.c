/* Stocks: level changes, FIFO takers, threshold notifications and level statistics. */
#include "sim/stock.h"

#include <stdlib.h>
#include <string.h>

static inline double now(const sim_stock *s)
{
    return sim_calendar_now(s->cal);
}

int sim_stock_init(sim_stock *s, sim_calendar *cal, int64_t initial)
{
    memset(s, 0, sizeof *s);
    if (cal == NULL || initial < 0)
        return SIM_EINVAL;
    s->cal = cal;
    s->level = initial;
    sim_stock_reset_stats(s);
    return SIM_OK;
}

void sim_stock_fini(sim_stock *s)
{
    free(s->line);
    memset(s, 0, sizeof *s);
}

void sim_stock_reset_stats(sim_stock *s)
{
    sim_level_init(&s->level_stat, now(s), (double)s->level);
    sim_tally_reset(&s->wait);
    s->puts = s->takes = s->waited_takes = 0;
    s->units_in = s->units_out = 0;
}

/* Applies a level change and tells the watchers whose threshold was crossed downwards. */
static void change_level(sim_stock *s, int64_t delta)
{
    int64_t before = s->level;
    s->level += delta;
    sim_level_set(&s->level_stat, now(s), (double)s->level);
    if (delta >= 0)
        return;
    for (int i = 0; i < SIM_STOCK_MAX_WATCHERS; i++) {
        sim__stock_watcher *w = &s->watchers[i];
        if (w->active && before >= w->threshold && s->level < w->threshold)
            w->fn(s, w->ctx, s->level);
    }
}

static void hand_over(sim_stock *s, int64_t amount, sim_stock_fn fn, void *ctx, double since)
{
    s->units_out += amount;
    sim_tally_add(&s->wait, now(s) - since);
    change_level(s, -amount);
    fn(s, ctx);
}

/* Serves the line head-first while the head's amount is there. The flag keeps a put made
 * from inside a callback from recursing; the loop serves what it added. */
static void serve_line(sim_stock *s)
{
    if (s->serving)
        return;
    s->serving = 1;
    while (s->waiting > 0 && s->line[s->head].amount <= s->level) {
        sim__stock_taker t = s->line[s->head];
        s->head = (s->head + 1) % s->line_capacity;
        s->waiting--;
        hand_over(s, t.amount, t.fn, t.ctx, t.since);
    }
    s->serving = 0;
}

int sim_stock_put(sim_stock *s, int64_t amount)
{
    if (amount < 0)
        return SIM_EINVAL;
    s->puts++;
    s->units_in += amount;
    change_level(s, amount);
    serve_line(s);
    return SIM_OK;
}

static int line_grow(sim_stock *s)
{
    size_t cap = s->line_capacity ? 2 * s->line_capacity : 16;
    sim__stock_taker *line = malloc(cap * sizeof *line);
    if (line == NULL)
        return SIM_ENOMEM;
    for (size_t i = 0; i < s->waiting; i++)
        line[i] = s->line[(s->head + i) % s->line_capacity];
    free(s->line);
    s->line = line;
    s->head = 0;
    s->line_capacity = cap;
    return SIM_OK;
}

int sim_stock_take(sim_stock *s, int64_t amount, void *ctx, sim_stock_fn on_taken)
{
    if (amount < 1 || on_taken == NULL)
        return SIM_EINVAL;
    if (s->waiting == 0 && s->level >= amount) {
        s->takes++;
        hand_over(s, amount, on_taken, ctx, now(s));
        return SIM_OK;
    }
    if (s->waiting == s->line_capacity && line_grow(s) != SIM_OK)
        return SIM_ENOMEM;
    s->takes++;
    s->waited_takes++;
    sim__stock_taker t = {amount, on_taken, ctx, now(s)};
    s->line[(s->head + s->waiting) % s->line_capacity] = t;
    s->waiting++;
    return SIM_OK;
}

int sim_stock_try_take(sim_stock *s, int64_t amount)
{
    if (amount < 1)
        return SIM_EINVAL;
    if (s->waiting > 0 || s->level < amount)
        return 0;
    s->takes++;
    s->units_out += amount;
    sim_tally_add(&s->wait, 0);
    change_level(s, -amount);
    return 1;
}

int sim_stock_watch(sim_stock *s, int64_t threshold, sim_stock_watch_fn fn, void *ctx, int *id)
{
    if (fn == NULL)
        return SIM_EINVAL;
    for (int i = 0; i < SIM_STOCK_MAX_WATCHERS; i++) {
        sim__stock_watcher *w = &s->watchers[i];
        if (!w->active) {
            w->threshold = threshold;
            w->fn = fn;
            w->ctx = ctx;
            w->active = 1;
            if (id != NULL)
                *id = i;
            return SIM_OK;
        }
    }
    return SIM_EFULL;
}

int sim_stock_unwatch(sim_stock *s, int id)
{
    if (id < 0 || id >= SIM_STOCK_MAX_WATCHERS || !s->watchers[id].active)
        return SIM_ENOTFOUND;
    s->watchers[id].active = 0;
    return SIM_OK;
}

double sim_stock_mean_level(const sim_stock *s)
{
    return sim_level_mean(&s->level_stat, now(s));
}
