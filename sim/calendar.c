/* The event calendar: slots that hold each event's action, over the queue of
 * (time, slot, order) entries in sim/calqueue.c. order is a 32-bit insertion counter kept
 * inside the entry so comparisons never leave the queue; before it wraps, pending entries
 * are renumbered in key order (once per 2^32 schedules). */
#include "sim/calendar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MIN_CAPACITY = 64 };

/* A hint only: start loading a line that will be read soon. */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

int sim_calendar_init(sim_calendar *cal)
{
    memset(cal, 0, sizeof *cal);
    sim__calq_init(&cal->queue);
    cal->next_seq = 1;
    cal->next_order = 1;
    return SIM_OK;
}

void sim_calendar_fini(sim_calendar *cal)
{
    sim__calq_fini(&cal->queue);
    free(cal->action);
    free(cal->free_slots);
    sim_calendar_init(cal);
}

static int grow_slots(sim_calendar *cal, size_t want)
{
    size_t cap = cal->capacity ? cal->capacity : MIN_CAPACITY;
    while (cap < want)
        cap *= 2;
    if (cap == cal->capacity)
        return SIM_OK;
    if (cap > UINT32_MAX)
        return SIM_ENOMEM;
    sim__cal_action *action = realloc(cal->action, cap * sizeof *action);
    if (action == NULL)
        return SIM_ENOMEM;
    cal->action = action;
    uint32_t *free_slots = realloc(cal->free_slots, cap * sizeof *free_slots);
    if (free_slots == NULL)
        return SIM_ENOMEM; /* action grew; harmless, capacity stays until both succeed */
    cal->free_slots = free_slots;
    cal->capacity = cap;
    return SIM_OK;
}

int sim_calendar_reserve(sim_calendar *cal, size_t n)
{
    return n > cal->capacity ? grow_slots(cal, n) : SIM_OK;
}

static void free_slot(sim_calendar *cal, uint32_t slot)
{
    cal->action[slot].fn = NULL;
    cal->free_slots[cal->free_count++] = slot;
}

static inline int take_slot(sim_calendar *cal, uint32_t *slot)
{
    if (cal->free_count > 0) {
        *slot = cal->free_slots[--cal->free_count];
        return SIM_OK;
    }
    if (cal->slot_count == cal->capacity) {
        int rc = grow_slots(cal, cal->capacity + 1);
        if (rc != SIM_OK)
            return rc;
    }
    *slot = (uint32_t)cal->slot_count++;
    return SIM_OK;
}

/* The top entry already ran but was left in place for a schedule to overwrite; drop it. */
static inline void settle_root(sim_calendar *cal)
{
    if (cal->root_is_done) {
        cal->root_is_done = 0;
        sim__calq_pop(&cal->queue);
    }
}

void sim__calendar_set_next_order(sim_calendar *cal, uint32_t order)
{
    if (order > cal->next_order)
        cal->next_order = order;
}

static int renumber(sim_calendar *cal)
{
    settle_root(cal);
    uint32_t next = sim__calq_renumber(&cal->queue);
    if (next == 0)
        return SIM_ENOMEM;
    cal->next_order = next;
    return SIM_OK;
}

/* Remembers why a schedule was refused, for sim_calendar_refusal_message. */
static int refuse(sim_calendar *cal, int status, double at)
{
    if (cal->refused == SIM_OK) {
        cal->refused = status;
        cal->refused_at = at;
        cal->refused_now = cal->now;
    }
    return status;
}

int sim_calendar_schedule(sim_calendar *cal, double at, sim_event_fn fn, void *ctx,
                          sim_event *handle)
{
    if (!(at >= cal->now) || at == INFINITY || fn == NULL)
        return refuse(cal, SIM_EINVAL, at);
    at += 0.0; /* -0 becomes +0: the queue compares times by their bit patterns */
    if (cal->next_order == UINT32_MAX && renumber(cal) != SIM_OK)
        return refuse(cal, SIM_ENOMEM, at);
    uint32_t slot;
    int rc = take_slot(cal, &slot);
    if (rc != SIM_OK)
        return refuse(cal, rc, at);
    sim__cal_entry entry = {at, slot, cal->next_order};
    if (cal->root_is_done && sim__calq_in_heap_range(&cal->queue, at)) {
        /* Replace the finished top: one sift instead of a removal plus an insert. */
        cal->root_is_done = 0;
        sim__calq_replace_top(&cal->queue, entry);
    } else {
        settle_root(cal);
        rc = sim__calq_push(&cal->queue, entry);
        if (rc != SIM_OK) {
            cal->free_slots[cal->free_count++] = slot;
            return refuse(cal, rc, at);
        }
    }
    uint64_t seq = cal->next_seq++;
    cal->next_order++;
    cal->action[slot].fn = fn;
    cal->action[slot].ctx = ctx;
    cal->action[slot].seq = seq;
    cal->live++;
    if (handle != NULL) {
        handle->seq = seq;
        handle->slot = slot;
    }
    return SIM_OK;
}

static int is_pending(const sim_calendar *cal, sim_event handle)
{
    return handle.seq != 0 && handle.slot < cal->slot_count &&
           cal->action[handle.slot].seq == handle.seq && cal->action[handle.slot].fn != NULL;
}

static int keep_live(void *ctx, const sim__cal_entry *e)
{
    sim_calendar *cal = ctx;
    if (cal->action[e->slot].fn != NULL)
        return 1;
    free_slot(cal, e->slot);
    return 0;
}

int sim_calendar_cancel(sim_calendar *cal, sim_event handle)
{
    if (!is_pending(cal, handle))
        return SIM_ENOTFOUND;
    cal->action[handle.slot].fn = NULL; /* the entry is skipped when it comes up */
    cal->live--;
    cal->cancelled++;
    if (cal->cancelled > 64 && cal->cancelled > cal->live) {
        settle_root(cal);
        size_t before = cal->queue.count;
        sim__calq_filter(&cal->queue, keep_live, cal);
        cal->cancelled -= before - cal->queue.count;
    }
    return SIM_OK;
}

int sim_calendar_reschedule(sim_calendar *cal, sim_event *handle, double at)
{
    if (!is_pending(cal, *handle))
        return SIM_ENOTFOUND;
    if (!(at >= cal->now) || at == INFINITY)
        return SIM_EINVAL;
    sim__cal_action act = cal->action[handle->slot];
    sim_event fresh;
    int rc = sim_calendar_schedule(cal, at, act.fn, act.ctx, &fresh);
    if (rc != SIM_OK)
        return rc;
    sim_calendar_cancel(cal, *handle);
    *handle = fresh;
    return SIM_OK;
}

/* Brings the earliest live entry to the top, dropping cancelled ones on the way.
 * Returns 1, 0 (empty) or SIM_ENOMEM. */
static inline int settle(sim_calendar *cal)
{
    settle_root(cal);
    for (;;) {
        int rc = sim__calq_settle(&cal->queue);
        if (rc != 1)
            return rc;
        if (cal->queue.loaded) {
            /* A bucket just became the heap: its events run next, and their actions lie
             * anywhere in the slot array, so fetch them all now rather than one miss per
             * event. */
            cal->queue.loaded = 0;
            for (size_t i = 0; i < cal->queue.heap_count; i++)
                PREFETCH(&cal->action[cal->queue.heap[i].slot]);
        }
        uint32_t slot = cal->queue.heap[0].slot;
        if (cal->action[slot].fn != NULL)
            return 1;
        sim__calq_pop(&cal->queue);
        free_slot(cal, slot);
        cal->cancelled--;
    }
}

int sim_calendar_step(sim_calendar *cal)
{
    int rc = settle(cal);
    if (rc != 1)
        return rc;
    sim__cal_entry top = cal->queue.heap[0];
    sim__cal_action act = cal->action[top.slot];
    if (top.time != cal->instant_time) {
        cal->instant_time = top.time;
        cal->instant_events = 0;
    }
    uint64_t limit = cal->instant_limit ? cal->instant_limit : SIM_CALENDAR_INSTANT_LIMIT;
    if (++cal->instant_events > limit) { /* refuse before running: the calendar stays intact */
        cal->instant_events--;
        cal->stalled = act;
        return SIM_ESTALL;
    }
    if (cal->trace != NULL)
        cal->trace(cal->trace_ctx, top.time, act.seq);
    cal->now = top.time;
    /* Free the slot first so the event's own follow-up reuses it while it is in cache; the
     * entry stays on top until a schedule replaces it or the event returns. */
    free_slot(cal, top.slot);
    cal->live--;
    cal->root_is_done = 1;
    act.fn(cal, act.ctx);
    settle_root(cal);
    cal->events_run++;
    return 1;
}

double sim_calendar_next_time(sim_calendar *cal)
{
    return settle(cal) == 1 ? cal->queue.heap[0].time : INFINITY;
}

int sim_calendar_run_until(sim_calendar *cal, double t_end)
{
    if (!(t_end >= cal->now))
        return SIM_EINVAL;
    cal->stop_requested = 0;
    int rc = SIM_OK;
    while (!cal->stop_requested) {
        rc = settle(cal);
        if (rc != 1 || cal->queue.heap[0].time > t_end)
            break;
        if ((rc = sim_calendar_step(cal)) < 0)
            break;
    }
    if (rc < 0)
        return rc;
    if (!cal->stop_requested)
        cal->now = t_end;
    cal->stop_requested = 0;
    return SIM_OK;
}

int sim_calendar_run(sim_calendar *cal)
{
    cal->stop_requested = 0;
    int rc = 1;
    while (!cal->stop_requested && (rc = sim_calendar_step(cal)) == 1)
        ;
    cal->stop_requested = 0;
    return rc < 0 ? rc : SIM_OK;
}

void sim_calendar_stop(sim_calendar *cal)
{
    cal->stop_requested = 1;
}

size_t sim_calendar_memory_bytes(const sim_calendar *cal)
{
    return cal->capacity * (sizeof(sim__cal_action) + sizeof(uint32_t)) +
           sim__calq_memory_bytes(&cal->queue);
}

void sim_calendar_set_trace(sim_calendar *cal, sim_trace_fn fn, void *trace_ctx)
{
    cal->trace = fn;
    cal->trace_ctx = trace_ctx;
}
