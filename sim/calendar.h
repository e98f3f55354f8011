/* The event calendar: pending events ordered by (time, insertion sequence), so events at
 * the same time run in the order they were scheduled and every run is reproducible.
 * Structure (chosen by measurement, bench/engine_bench): a two-level bucket queue feeding a
 * small 4-ary heap (sim/calqueue.h) over a pool of event slots. Cancel is lazy (the entry
 * is skipped when it comes up, and everything is compacted when cancelled entries outnumber
 * live ones); slots, buckets and heap grow geometrically and are reused, so a steady-state
 * simulation allocates nothing per event.
 *
 * Time is seconds (double) since the scenario's start; it never goes backwards.
 * Thread safety: a calendar belongs to one thread (one replication); distinct calendars are
 * independent. Callbacks run on the thread that calls step/run. */
#ifndef SIM_CALENDAR_H
#define SIM_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "sim/calqueue.h"
#include "sim/status.h"

typedef struct sim_calendar sim_calendar;

/* An event's action: called once at the event's time with the context given at scheduling.
 * It may schedule, cancel and reschedule events and call sim_calendar_stop(); it must not
 * call step/run on its own calendar. */
typedef void (*sim_event_fn)(sim_calendar *cal, void *ctx);

/* Called before each event runs (for traces and live viewers). seq is the event's
 * insertion sequence number, unique within the calendar. */
typedef void (*sim_trace_fn)(void *trace_ctx, double time, uint64_t seq);

/* A handle to a scheduled event, for cancel/reschedule. Copyable; a handle of an event that
 * already ran or was cancelled is simply not found. The zero handle is never valid. */
typedef struct sim_event {
    uint64_t seq;
    uint32_t slot;
} sim_event;

/* Internal layout; callers use only the functions below (fields may change). */
typedef struct sim__cal_action {
    sim_event_fn fn; /* NULL when the slot is free or its event was cancelled */
    void *ctx;
    uint64_t seq;    /* the event's unique insertion number, for handles and traces */
} sim__cal_action;

/* Names the owner of an event for a stall message: writes e.g. "power cuts in Kota X" for
 * the event's context. Registered per event function with sim_calendar_describe. */
typedef void (*sim_describe_fn)(void *event_ctx, char *out, size_t size);

#define SIM__CAL_DESCRIBERS 32

struct sim_calendar {
    double now;
    sim__calq queue;            /* (time, slot, order) entries */
    sim__cal_action *action;    /* per slot */
    uint32_t *free_slots;       /* stack of free slot numbers */
    size_t slot_count;          /* slots ever handed out (high-water mark) */
    size_t free_count;
    size_t capacity;            /* of action and free_slots */
    size_t live;                /* pending events that are not cancelled */
    size_t cancelled;           /* cancelled entries still queued */
    uint64_t next_seq;
    uint32_t next_order;
    uint64_t events_run;
    int root_is_done;           /* the queue's top has run; a schedule may replace it */
    int stop_requested;
    sim_trace_fn trace;
    void *trace_ctx;
    double instant_time;        /* time of the last event run */
    uint64_t instant_events;    /* events run in a row at instant_time */
    uint64_t instant_limit;     /* sim_calendar_set_instant_limit */
    sim__cal_action stalled;    /* the event refused with SIM_ESTALL */
    int refused;                /* status of the first refused schedule, or SIM_OK */
    double refused_at, refused_now;
    struct {
        sim_event_fn fn;
        sim_describe_fn describe;
    } describers[SIM__CAL_DESCRIBERS];
    size_t describer_count;
};

/* Prepares an empty calendar at time 0. Allocates nothing until the first schedule.
 * Returns SIM_OK. */
int sim_calendar_init(sim_calendar *cal);

/* Frees the calendar's memory. Pending events are dropped without running; contexts are
 * the caller's and are not touched. Safe on a zeroed struct; the calendar may be
 * initialised again afterwards. */
void sim_calendar_fini(sim_calendar *cal);

/* Pre-sizes the calendar for n pending events so that no allocation happens below n.
 * Returns SIM_OK or SIM_ENOMEM. */
int sim_calendar_reserve(sim_calendar *cal, size_t n);

/* Current simulation time in seconds. */
static inline double sim_calendar_now(const sim_calendar *cal) { return cal->now; }

/* Schedules fn(cal, ctx) at absolute time `at` (seconds, >= now, not NaN; +inf is not
 * allowed). Events at equal times run in scheduling order. If handle is not NULL it
 * receives the event's handle. Returns SIM_OK, SIM_EINVAL (bad time or fn NULL) or
 * SIM_ENOMEM (the calendar is unchanged). The calendar does not own ctx. */
int sim_calendar_schedule(sim_calendar *cal, double at, sim_event_fn fn, void *ctx,
                          sim_event *handle);

/* As sim_calendar_schedule at now + delay_s (delay_s >= 0, else SIM_EINVAL). */
static inline int sim_calendar_schedule_in(sim_calendar *cal, double delay_s, sim_event_fn fn,
                                           void *ctx, sim_event *handle)
{
    if (!(delay_s >= 0))
        return SIM_EINVAL;
    return sim_calendar_schedule(cal, cal->now + delay_s, fn, ctx, handle);
}

/* Cancels a pending event: it will not run. Returns SIM_OK, or SIM_ENOTFOUND when the
 * event already ran, is running now, or was cancelled. O(1) amortised. */
int sim_calendar_cancel(sim_calendar *cal, sim_event handle);

/* Moves a pending event to absolute time `at` (>= now), keeping its fn and ctx. It gets a
 * new sequence number, so it runs after events already scheduled for that same time.
 * *handle is updated. Returns SIM_OK, SIM_ENOTFOUND, SIM_EINVAL or SIM_ENOMEM (then the
 * event is still pending at its old time). */
int sim_calendar_reschedule(sim_calendar *cal, sim_event *handle, double at);

/* Runs the earliest pending event: advances now to its time and calls it. Returns 1 when
 * an event ran, 0 when none is pending, SIM_ENOMEM when the queue could not reorganise
 * (nothing ran; the calendar is intact). For viewers and debuggers going event by event. */
int sim_calendar_step(sim_calendar *cal);

/* Runs events whose time is <= t_end (seconds), in order, then sets now to t_end unless
 * sim_calendar_stop() was called first (then now stays at the last event's time).
 * Returns SIM_OK, SIM_EINVAL when t_end < now or is NaN, or SIM_ENOMEM. */
int sim_calendar_run_until(sim_calendar *cal, double t_end);

/* Runs events until none is pending or sim_calendar_stop() is called. Returns SIM_OK or
 * SIM_ENOMEM. */
int sim_calendar_run(sim_calendar *cal);

/* Makes the current run/run_until return after the event now running. */
void sim_calendar_stop(sim_calendar *cal);

/* Time of the earliest pending event, or INFINITY when none is pending (or when the queue
 * could not reorganise for lack of memory; step then reports SIM_ENOMEM). */
double sim_calendar_next_time(sim_calendar *cal);

/* Number of pending (not cancelled) events. */
static inline size_t sim_calendar_pending(const sim_calendar *cal) { return cal->live; }

/* Number of events run so far. */
static inline uint64_t sim_calendar_events_run(const sim_calendar *cal)
{
    return cal->events_run;
}

/* Bytes the calendar has allocated (heap, slots, free list). */
size_t sim_calendar_memory_bytes(const sim_calendar *cal);

/* Installs (or, with fn NULL, removes) a hook called before each event runs. */
void sim_calendar_set_trace(sim_calendar *cal, sim_trace_fn fn, void *trace_ctx);

/* Stalls: a model whose events keep scheduling each other at the same instant (a mean of
 * 1e-300 s, a rate beyond what a double can advance) would run for ever at 100% CPU. When
 * more than the limit of events run in a row without time advancing (default
 * SIM_CALENDAR_INSTANT_LIMIT, far above any real model's simultaneous events), step, run and
 * run_until return SIM_ESTALL without running the next event; the calendar is intact.
 * limit 0 restores the default. */
#define SIM_CALENDAR_INSTANT_LIMIT 1000000u
void sim_calendar_set_instant_limit(sim_calendar *cal, uint64_t limit);

/* Registers how to name the owner of events run by fn (at most SIM__CAL_DESCRIBERS
 * functions per calendar; registering fn again replaces its describer). SIM_OK, SIM_EFULL. */
int sim_calendar_describe(sim_calendar *cal, sim_event_fn fn, sim_describe_fn describe);

/* After SIM_ESTALL: "1000001 events at 3600.000 s without time advancing, in <owner>"
 * (owner from the describer of the refused event's function, or "an undescribed event"). */
void sim_calendar_stall_message(const sim_calendar *cal, char *out, size_t size);

/* Why the first refused sim_calendar_schedule of this calendar failed, for a model that only
 * saw "not SIM_OK": "an event at inf s (now 3600.000 s): invalid argument: a time must be
 * finite and not before now" or "... out of memory"; "" when none was refused. */
void sim_calendar_refusal_message(const sim_calendar *cal, char *out, size_t size);

/* For tests only: sets the next 32-bit order number, to exercise renumbering near the wrap. */
void sim__calendar_set_next_order(sim_calendar *cal, uint32_t order);

#endif
