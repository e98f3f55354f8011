/* Server pools: the FIFO line, starting work when capacity allows, schedule-driven opening
 * and closing, breakdowns, and the statistics. The request path with a free server does no
 * allocation and no calendar work, which keeps M/M/1 through this API fast. */
#include "sim/resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline double now(const sim_resource *r)
{
    return sim_calendar_now(r->cal);
}

static void note_error(sim_resource *r, int rc)
{
    if (rc != SIM_OK && r->error == SIM_OK)
        r->error = rc;
}

static void set_allowed(sim_resource *r)
{
    r->allowed = r->open ? r->servers - r->down : 0;
    sim_level_set(&r->capacity_level, now(r), r->allowed);
}

static void job_done(sim_calendar *cal, void *ctx);
static void unit_event(sim_calendar *cal, void *ctx);

static void describe_breakdown(void *ctx, char *out, size_t size)
{
    const sim_resource *r = ((const sim__res_unit *)ctx)->r;
    snprintf(out, size, "breakdowns and repairs of %s", r->label ? r->label : "a resource");
}

static void describe_job(void *ctx, char *out, size_t size)
{
    const sim_resource *r = ((const sim__res_job *)ctx)->r;
    snprintf(out, size, "services of %s", r->label ? r->label : "a resource");
}

void sim_resource_set_label(sim_resource *r, const char *label)
{
    r->label = label;
}

int sim_resource_init(sim_resource *r, sim_calendar *cal, int servers)
{
    memset(r, 0, sizeof *r);
    if (cal == NULL || servers < 1)
        return SIM_EINVAL;
    r->cal = cal;
    r->servers = servers;
    r->open = 1;
    r->allowed = servers;
    r->line_limit = SIZE_MAX;
    r->jobs = calloc((size_t)servers, sizeof *r->jobs);
    r->free_jobs = malloc((size_t)servers * sizeof *r->free_jobs);
    if (r->jobs == NULL || r->free_jobs == NULL) {
        sim_resource_fini(r);
        return SIM_ENOMEM;
    }
    for (int i = 0; i < servers; i++) {
        r->jobs[i].r = r;
        r->free_jobs[i] = servers - 1 - i;
    }
    r->free_job_count = servers;
    sim_resource_reset_stats(r);
    /* so that a stall names the resource; a full table only loses the name */
    sim_calendar_describe(cal, job_done, describe_job);
    sim_calendar_describe(cal, unit_event, describe_breakdown);
    return SIM_OK;
}

void sim_resource_fini(sim_resource *r)
{
    if (r->cal != NULL) {
        for (int i = 0; r->jobs != NULL && i < r->servers; i++)
            if (r->jobs[i].active)
                sim_calendar_cancel(r->cal, r->jobs[i].event);
        for (int i = 0; r->units != NULL && i < r->servers; i++)
            sim_calendar_cancel(r->cal, r->units[i].event);
        sim_calendar_cancel(r->cal, r->schedule_event);
    }
    free(r->line);
    free(r->jobs);
    free(r->free_jobs);
    free(r->units);
    memset(r, 0, sizeof *r);
}

void sim_resource_set_line_limit(sim_resource *r, size_t limit)
{
    r->line_limit = limit;
}

void sim_resource_set_rule(sim_resource *r, sim_resource_rule rule)
{
    r->rule = rule;
}

void sim_resource_reset_stats(sim_resource *r)
{
    double t = now(r);
    sim_tally_reset(&r->wait);
    sim_level_init(&r->queue_level, t, (double)r->waiting);
    sim_level_init(&r->busy_level, t, r->busy);
    sim_level_init(&r->capacity_level, t, r->allowed);
    sim_level_init(&r->up_level, t, r->servers - r->down);
    sim_level_init(&r->open_level, t, r->open);
    r->requests = r->starts = r->releases = r->blocked = 0;
    r->interruptions = r->failures = 0;
}

/* --- the waiting line (ring buffer) ------------------------------------------------------ */

static int line_grow(sim_resource *r)
{
    size_t cap = r->line_capacity ? 2 * r->line_capacity : 16;
    sim__res_waiter *line = malloc(cap * sizeof *line);
    if (line == NULL)
        return SIM_ENOMEM;
    for (size_t i = 0; i < r->waiting; i++)
        line[i] = r->line[(r->head + i) % r->line_capacity];
    free(r->line);
    r->line = line;
    r->head = 0;
    r->line_capacity = cap;
    return SIM_OK;
}

static int line_push(sim_resource *r, sim__res_waiter w, int at_front)
{
    if (r->waiting == r->line_capacity && line_grow(r) != SIM_OK)
        return SIM_ENOMEM;
    if (at_front) {
        r->head = (r->head + r->line_capacity - 1) % r->line_capacity;
        r->line[r->head] = w;
    } else {
        r->line[(r->head + r->waiting) % r->line_capacity] = w;
    }
    r->waiting++;
    sim_level_set(&r->queue_level, now(r), (double)r->waiting);
    return SIM_OK;
}

static sim__res_waiter line_pop(sim_resource *r)
{
    sim__res_waiter w = r->line[r->head];
    r->head = (r->head + 1) % r->line_capacity;
    r->waiting--;
    sim_level_set(&r->queue_level, now(r), (double)r->waiting);
    return w;
}

/* --- starting and ending work ------------------------------------------------------------- */

static void job_done(sim_calendar *cal, void *ctx);
static void dispatch(sim_resource *r);

static inline void take_server(sim_resource *r)
{
    r->busy++;
    sim_level_set(&r->busy_level, now(r), r->busy);
}

static void start_job(sim_resource *r, void *ctx, double service_s, sim_resource_fn on_done)
{
    int index = r->free_jobs[--r->free_job_count];
    sim__res_job *job = &r->jobs[index];
    job->on_done = on_done;
    job->ctx = ctx;
    job->end = now(r) + service_s;
    job->active = 1;
    int rc = sim_calendar_schedule(r->cal, job->end, job_done, job, &job->event);
    if (rc != SIM_OK) {
        /* Cannot finish this job: the server stays busy; the model sees the error. */
        note_error(r, rc);
    }
}

static inline void start(sim_resource *r, sim__res_waiter w)
{
    take_server(r);
    if (!w.resumed) {
        sim_tally_add(&r->wait, now(r) - w.since);
        r->starts++;
    }
    if (w.serve)
        start_job(r, w.ctx, w.remaining, w.fn);
    else
        w.fn(r, w.ctx);
}

/* Starts waiters while capacity allows. Callbacks may release servers meanwhile; the flag
 * keeps nested releases from recursing, the loop picks their capacity up. */
static void dispatch(sim_resource *r)
{
    if (r->dispatching || r->waiting == 0)
        return;
    r->dispatching = 1;
    while (r->waiting > 0 && r->busy < r->allowed)
        start(r, line_pop(r));
    r->dispatching = 0;
}

static inline void give_back(sim_resource *r)
{
    r->busy--;
    r->releases++;
    sim_level_set(&r->busy_level, now(r), r->busy);
}

static void job_done(sim_calendar *cal, void *ctx)
{
    (void)cal;
    sim__res_job *job = ctx;
    sim_resource *r = job->r;
    /* Read the callback before freeing the slot: dispatch() may start the next waiter in it. */
    sim_resource_fn on_done = job->on_done;
    void *done_ctx = job->ctx;
    job->active = 0;
    r->free_jobs[r->free_job_count++] = (int)(job - r->jobs);
    give_back(r);
    dispatch(r);
    on_done(r, done_ctx);
}

static inline int enqueue(sim_resource *r, sim__res_waiter w)
{
    r->requests++;
    if (r->waiting == 0 && r->busy < r->allowed) {
        start(r, w);
        return SIM_OK;
    }
    if (r->waiting >= r->line_limit) {
        r->blocked++;
        return SIM_EFULL;
    }
    return line_push(r, w, 0);
}

int sim_resource_request(sim_resource *r, void *ctx, sim_resource_fn on_start)
{
    if (on_start == NULL)
        return SIM_EINVAL;
    sim__res_waiter w = {on_start, ctx, now(r), 0, 0, 0};
    return enqueue(r, w);
}

int sim_resource_serve(sim_resource *r, void *ctx, double service_s, sim_resource_fn on_done)
{
    if (on_done == NULL || !(service_s >= 0) || service_s == INFINITY)
        return SIM_EINVAL;
    sim__res_waiter w = {on_done, ctx, now(r), service_s, 1, 0};
    return enqueue(r, w);
}

int sim_resource_release(sim_resource *r)
{
    if (r->busy == 0)
        return SIM_ESTATE;
    give_back(r);
    dispatch(r);
    return SIM_OK;
}

/* --- capacity changes --------------------------------------------------------------------- */

/* Under SIM_RULE_INTERRUPT, suspends serve jobs (most remaining work first) until the busy
 * count fits the capacity; request holds cannot be taken back and run on. */
static void shed_work(sim_resource *r)
{
    if (r->rule != SIM_RULE_INTERRUPT)
        return;
    while (r->busy > r->allowed) {
        sim__res_job *victim = NULL;
        for (int i = 0; i < r->servers; i++) {
            sim__res_job *job = &r->jobs[i];
            if (job->active && (victim == NULL || job->end > victim->end))
                victim = job;
        }
        if (victim == NULL)
            return;
        sim__res_waiter w = {victim->on_done, victim->ctx, now(r), victim->end - now(r), 1, 1};
        if (line_push(r, w, 1) != SIM_OK) {
            note_error(r, SIM_ENOMEM);
            return; /* leave the job running rather than lose it */
        }
        sim_calendar_cancel(r->cal, victim->event);
        victim->active = 0;
        r->free_jobs[r->free_job_count++] = (int)(victim - r->jobs);
        give_back(r);
        r->releases--; /* suspended, not finished */
        r->interruptions++;
    }
}

static void capacity_changed(sim_resource *r)
{
    set_allowed(r);
    shed_work(r);
    dispatch(r);
}

static void schedule_change(sim_calendar *cal, void *ctx);

static void plan_schedule_change(sim_resource *r)
{
    double t = now(r);
    double next = r->open ? sim_schedule_next_close(r->schedule, t)
                          : sim_schedule_next_open(r->schedule, t);
    if (next == INFINITY)
        return;
    note_error(r, sim_calendar_schedule(r->cal, next, schedule_change, r, &r->schedule_event));
}

static void schedule_change(sim_calendar *cal, void *ctx)
{
    (void)cal;
    sim_resource *r = ctx;
    r->open = sim_schedule_is_open(r->schedule, now(r));
    sim_level_set(&r->open_level, now(r), r->open);
    capacity_changed(r);
    plan_schedule_change(r);
}

int sim_resource_follow_schedule(sim_resource *r, const sim_schedule *schedule)
{
    if (schedule == NULL || r->schedule != NULL)
        return SIM_EINVAL;
    r->schedule = schedule;
    r->open = sim_schedule_is_open(schedule, now(r));
    sim_level_set(&r->open_level, now(r), r->open);
    capacity_changed(r);
    int before = r->error;
    plan_schedule_change(r);
    return r->error != before ? r->error : SIM_OK;
}

/* --- breakdowns ---------------------------------------------------------------------------- */

static void unit_event(sim_calendar *cal, void *ctx)
{
    sim__res_unit *unit = ctx;
    sim_resource *r = unit->r;
    const sim_dist *next = unit->broken ? r->time_to_failure : r->repair_time;
    unit->broken = !unit->broken;
    r->down += unit->broken ? 1 : -1;
    if (unit->broken)
        r->failures++;
    sim_level_set(&r->up_level, now(r), r->servers - r->down);
    capacity_changed(r);
    note_error(r, sim_calendar_schedule_in(cal, sim_dist_sample(next, r->rng), unit_event, unit,
                                           &unit->event));
}

int sim_resource_set_breakdowns(sim_resource *r, const sim_dist *time_to_failure,
                                const sim_dist *repair_time, gsl_rng *rng)
{
    if (time_to_failure == NULL || repair_time == NULL || rng == NULL || r->units != NULL)
        return SIM_EINVAL;
    r->units = calloc((size_t)r->servers, sizeof *r->units);
    if (r->units == NULL)
        return SIM_ENOMEM;
    r->time_to_failure = time_to_failure;
    r->repair_time = repair_time;
    r->rng = rng;
    for (int i = 0; i < r->servers; i++) {
        r->units[i].r = r;
        int rc = sim_calendar_schedule_in(r->cal, sim_dist_sample(time_to_failure, rng),
                                          unit_event, &r->units[i], &r->units[i].event);
        if (rc != SIM_OK)
            return rc;
    }
    return SIM_OK;
}

/* --- statistics ---------------------------------------------------------------------------- */

double sim_resource_utilisation(const sim_resource *r)
{
    double capacity = sim_level_area(&r->capacity_level, now(r));
    return capacity > 0 ? sim_level_area(&r->busy_level, now(r)) / capacity : NAN;
}

double sim_resource_mean_queue(const sim_resource *r)
{
    return sim_level_mean(&r->queue_level, now(r));
}

double sim_resource_mean_busy(const sim_resource *r)
{
    return sim_level_mean(&r->busy_level, now(r));
}

double sim_resource_availability(const sim_resource *r)
{
    return sim_level_mean(&r->up_level, now(r)) / r->servers;
}

double sim_resource_open_seconds(const sim_resource *r)
{
    return sim_level_area(&r->open_level, now(r));
}
