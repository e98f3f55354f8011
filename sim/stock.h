/* A stock of countable items (blank cards, ribbons): an integer level with put and take.
 * Takers that find too few items wait in FIFO order (a large request at the head is not
 * overtaken by smaller later ones). Watchers are told when the level falls below a
 * threshold, which is how reorder rules are built.
 * Callbacks may run inside put/take or from them; they may call put/take again.
 * Thread safety: a stock belongs to its calendar's thread. */
#ifndef SIM_STOCK_H
#define SIM_STOCK_H

#include <stddef.h>
#include <stdint.h>

#include "sim/calendar.h"
#include "sim/stats.h"
#include "sim/status.h"

typedef struct sim_stock sim_stock;

/* on_taken: the items of a take are now the taker's. ctx is what the caller passed. */
typedef void (*sim_stock_fn)(sim_stock *s, void *ctx);

/* Watcher: the level has just gone from >= threshold to < threshold (level = new level). */
typedef void (*sim_stock_watch_fn)(sim_stock *s, void *ctx, int64_t level);

#define SIM_STOCK_MAX_WATCHERS 8

/* Internal layout; read through the functions below. */
typedef struct sim__stock_taker {
    int64_t amount;
    sim_stock_fn fn;
    void *ctx;
    double since;
} sim__stock_taker;

typedef struct sim__stock_watcher {
    int64_t threshold;
    sim_stock_watch_fn fn;
    void *ctx;
    int active;
} sim__stock_watcher;

struct sim_stock {
    sim_calendar *cal;
    int64_t level;
    sim__stock_taker *line; /* ring buffer */
    size_t head, waiting, line_capacity;
    int serving;
    sim__stock_watcher watchers[SIM_STOCK_MAX_WATCHERS];
    sim_level level_stat;   /* time-weighted level */
    sim_tally wait;         /* seconds from take to getting the items, every take */
    uint64_t puts, takes, waited_takes;
    int64_t units_in, units_out;
};

/* Prepares a stock holding `initial` (>= 0) items. The calendar is borrowed (used for the
 * time of statistics). Returns SIM_OK or SIM_EINVAL. */
int sim_stock_init(sim_stock *s, sim_calendar *cal, int64_t initial);

/* Frees the waiting line. Waiting takers' contexts are the caller's. Safe on zeroed. */
void sim_stock_fini(sim_stock *s);

/* Adds `amount` (>= 0) items and hands them to waiting takers in FIFO order while the head
 * taker's amount is available. Returns SIM_OK or SIM_EINVAL. */
int sim_stock_put(sim_stock *s, int64_t amount);

/* Takes `amount` (>= 1) items. When nobody waits and enough items are there, on_taken runs
 * before this returns; otherwise the take waits its turn. Returns SIM_OK, SIM_EINVAL or
 * SIM_ENOMEM. */
int sim_stock_take(sim_stock *s, int64_t amount, void *ctx, sim_stock_fn on_taken);

/* Takes `amount` (>= 1) items only if it can be done now without waiting (nobody ahead).
 * Returns 1 when taken, 0 when not (nothing changes), SIM_EINVAL for amount < 1. */
int sim_stock_try_take(sim_stock *s, int64_t amount);

/* Registers fn(s, ctx, level) to run whenever the level drops from >= threshold to below
 * it. *id receives a number for sim_stock_unwatch. Returns SIM_OK, SIM_EINVAL or SIM_EFULL
 * (more than SIM_STOCK_MAX_WATCHERS). */
int sim_stock_watch(sim_stock *s, int64_t threshold, sim_stock_watch_fn fn, void *ctx, int *id);

/* Removes a watcher. Returns SIM_OK or SIM_ENOTFOUND. */
int sim_stock_unwatch(sim_stock *s, int id);

/* Restarts the statistics at the current time (end of warm-up). */
void sim_stock_reset_stats(sim_stock *s);

static inline int64_t sim_stock_level(const sim_stock *s) { return s->level; }
static inline size_t sim_stock_waiting(const sim_stock *s) { return s->waiting; }

/* Time-average level since the last reset. */
double sim_stock_mean_level(const sim_stock *s);

/* Waits (s) of takes since the last reset, immediate ones counted as 0. */
static inline const sim_tally *sim_stock_waits(const sim_stock *s) { return &s->wait; }

#endif
