/* The machinery shared by the ABIS services (see models/abis/abis_internal.h): searches hold one
 * of the searchers, which follow an always-open schedule with the ATS outage days closed;
 * adjudicated records then hold a reviewer, who follows review_hours. A search in progress
 * when an outage starts is finished; waiting searches start when it ends. */
#include "models/abis/abis_internal.h"

#include <stdlib.h>
#include <string.h>

#define JOB_BLOCK 256

/* Always open, except the days of every ATS outage (closed as holidays). */
static int build_contract(const scenario *s, sim_schedule *contract)
{
    if (sim_schedule_set_always_open(contract) != SIM_OK)
        return -1;
    for (size_t i = 0; i < s->abis.outage_count; i++) {
        const scenario_period *p = &s->abis.outages[i];
        for (int64_t d = p->from.days_since_epoch; d <= p->to.days_since_epoch; d++) {
            int y, mo, da;
            sim_civil_from_days(d, &y, &mo, &da);
            if (sim_schedule_add_holiday(contract, y, mo, da) != SIM_OK)
                return -1;
        }
    }
    return 0;
}

static int build_review_hours(const scenario_opening_hours *h, sim_schedule *hours)
{
    if (h->always_open)
        return sim_schedule_set_always_open(hours) == SIM_OK ? 0 : -1;
    for (int day = 0; day < 7; day++)
        if ((h->day_mask & (1u << day)) &&
            sim_schedule_add_interval(hours, (sim_weekday)day, h->open_s, h->close_s) != SIM_OK)
            return -1;
    return 0;
}

/* Jobs come from blocks so that a search allocates nothing once the pool has grown. */
abis__job *abis__desk_job(abis__desk *d, void *record)
{
    if (d->free_jobs == NULL) {
        char *block = malloc(JOB_BLOCK * d->job_size);
        void **grown = realloc(d->blocks, (d->block_count + 1) * sizeof *grown);
        if (grown != NULL)
            d->blocks = grown;
        if (block == NULL || grown == NULL) {
            free(block);
            return NULL;
        }
        d->blocks[d->block_count++] = block;
        for (int i = 0; i < JOB_BLOCK; i++) {
            abis__job *job = (abis__job *)(block + (size_t)i * d->job_size);
            job->next = d->free_jobs;
            d->free_jobs = job;
        }
    }
    abis__job *job = d->free_jobs;
    d->free_jobs = job->next;
    memset(job, 0, d->job_size);
    job->desk = d;
    job->record = record;
    return job;
}

static void job_put(abis__job *job)
{
    abis__desk *d = job->desk;
    job->next = d->free_jobs;
    d->free_jobs = job;
}

/* Searches and reviews hold a server through request() and end by their own event:
 * sim_resource_serve() is avoided because its job_done dispatches the next waiter before
 * calling on_done, which can hand the finished job's slot (and callback context) to the next
 * job. The hook runs after the release (as before this file existed), so the streams are
 * drawn in the same order when the release starts the next waiter. */
static void on_review_end(sim_calendar *cal, void *ctx)
{
    (void)cal;
    abis__job *job = ctx;
    abis__desk *d = job->desk;
    void *record = job->record;
    if (sim_resource_release(&d->reviewers) != SIM_OK)
        d->failed = 1;
    abis_outcome outcome = d->hooks->review_end(job);
    job_put(job);
    d->done(d->owner, record, outcome);
}

static void on_reviewer(sim_resource *r, void *ctx)
{
    (void)r;
    abis__job *job = ctx;
    abis__desk *d = job->desk;
    double review_s = sim_dist_sample(&d->config->review_time, d->review_rng);
    if (sim_calendar_schedule_in(d->cal, review_s, on_review_end, job, NULL) != SIM_OK)
        d->failed = 1;
}

static void on_search_end(sim_calendar *cal, void *ctx)
{
    (void)cal;
    abis__job *job = ctx;
    abis__desk *d = job->desk;
    if (sim_resource_release(&d->searchers) != SIM_OK)
        d->failed = 1;
    abis_outcome outcome = d->hooks->search_end(job);
    d->done(d->owner, job->record, outcome);
    if (outcome != ABIS_ADJUDICATE) {
        job_put(job);
        return;
    }
    if (sim_resource_request(&d->reviewers, job, on_reviewer) != SIM_OK)
        d->failed = 1;
}

static void on_searcher(sim_resource *r, void *ctx)
{
    (void)r;
    abis__job *job = ctx;
    abis__desk *d = job->desk;
    double search_s = d->hooks->search_start(job);
    if (sim_calendar_schedule_in(d->cal, search_s, on_search_end, job, NULL) != SIM_OK)
        d->failed = 1;
}

int abis__desk_search(abis__desk *d, abis__job *job)
{
    return sim_resource_request(&d->searchers, job, on_searcher) == SIM_OK ? 0 : -1;
}

double abis__desk_utilisation(const abis_service *self)
{
    return sim_resource_utilisation(&((const abis__desk *)self)->searchers);
}

size_t abis__desk_waiting(const abis_service *self)
{
    return sim_resource_waiting(&((const abis__desk *)self)->searchers);
}

void abis__desk_reset(abis_service *self)
{
    abis__desk *d = (abis__desk *)self;
    sim_resource_reset_stats(&d->searchers);
    sim_resource_reset_stats(&d->reviewers);
}

int abis__desk_error(const abis_service *self)
{
    const abis__desk *d = (const abis__desk *)self;
    return d->failed || sim_resource_error(&d->searchers) != SIM_OK ||
                   sim_resource_error(&d->reviewers) != SIM_OK ? -1 : 0;
}

int abis__desk_init(abis__desk *d, const abis_ops *ops, const abis__desk_hooks *hooks,
                    size_t job_size, const scenario *s, sim_calendar *cal,
                    sim_rng_streams *streams, abis_done_fn done, void *owner)
{
    d->base.ops = ops;
    d->hooks = hooks;
    d->config = &s->abis;
    d->cal = cal;
    d->done = done;
    d->owner = owner;
    d->job_size = job_size;
    d->review_rng = sim_rng_streams_get(streams, "abis.review");
    const scenario_date *day = &s->start_date;
    int concurrent = s->abis.servers < s->abis.licences ? s->abis.servers : s->abis.licences;
    int ok = d->review_rng &&
             sim_schedule_init(&d->contract, day->year, day->month, day->day) == SIM_OK &&
             sim_schedule_init(&d->review_hours, day->year, day->month, day->day) == SIM_OK &&
             build_contract(s, &d->contract) == 0 &&
             build_review_hours(&s->abis.review_hours, &d->review_hours) == 0 &&
             sim_resource_init(&d->searchers, cal, concurrent) == SIM_OK &&
             sim_resource_init(&d->reviewers, cal, s->abis.reviewers) == SIM_OK &&
             sim_resource_follow_schedule(&d->searchers, &d->contract) == SIM_OK &&
             sim_resource_follow_schedule(&d->reviewers, &d->review_hours) == SIM_OK;
    return ok ? 0 : -1;
}

void abis__desk_fini(abis__desk *d)
{
    sim_resource_fini(&d->searchers);
    sim_resource_fini(&d->reviewers);
    sim_schedule_fini(&d->contract);
    sim_schedule_fini(&d->review_hours);
    for (size_t i = 0; i < d->block_count; i++)
        free(d->blocks[i]);
    free(d->blocks);
}
