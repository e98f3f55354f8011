/* The office link: one FIFO line of transfers (a sim_resource with one server, each
 * transfer holds it for size * 8000 / bandwidth_kbps seconds). Intermittent links go down
 * (uptime/downtime draws) and a transfer pauses during an outage and then resumes; offline links hold messages until the next sync
 * (every sync_every_days at sync_at), then send them all in order. */
#include "models/card/pipeline.h"

#include <math.h>
#include <stdio.h>

/* The clock time at which `work_s` seconds of link up-time have passed since t. Outages
 * are drawn lazily, in time order, into the link's current (down_start, down_end). */
static double advance_up_time(network_link *n, double t, double work_s)
{
    for (int guard = 0; guard < 10000000; guard++) {
        if (n->down_end <= t) {
            n->down_start = n->down_end + sim_dist_sample(&n->config->uptime, n->outage_rng);
            n->down_end = n->down_start + sim_dist_sample(&n->config->downtime, n->outage_rng);
            continue;
        }
        if (t < n->down_start) {
            if (t + work_s <= n->down_start)
                return t + work_s;
            work_s -= n->down_start - t;
        }
        t = n->down_end;
    }
    return INFINITY;
}

static void on_transferred(sim_calendar *cal, void *ctx)
{
    (void)cal;
    pipeline_applicant *a = ctx;
    if (sim_resource_release(&a->region->link.line) != SIM_OK)
        pipeline_fail(a->region);
    a->region->link.exit(a);
}

/* The link is ours: the transfer takes size / bandwidth seconds of up-time. */
static void on_link(sim_resource *r, void *ctx)
{
    (void)r;
    pipeline_applicant *a = ctx;
    network_link *n = &a->region->link;
    double size_kbit = a->upward ? sim_dist_sample(&n->config->record_size_mb, n->size_rng) * 8000
                                 : n->config->result_size_kb * 8;
    double seconds = size_kbit / n->config->bandwidth_kbps;
    sim_calendar *cal = a->region->owner->cal;
    double now = sim_calendar_now(cal), end = now + seconds;
    if (n->config->mode == SCENARIO_LINK_INTERMITTENT)
        end = advance_up_time(n, now, seconds);
    if (!isfinite(end) || sim_calendar_schedule(cal, end, on_transferred, a, NULL) != SIM_OK)
        pipeline_fail(a->region);
}

/* Transfers hold the link through request() and end by their own event, not serve(): see
 * models/abis/abis.c for the engine's serve() problem. */
static int start_transfer(network_link *n, pipeline_applicant *a)
{
    return sim_resource_request(&n->line, a, on_link) == SIM_OK ? 0 : -1;
}

/* A sync needs someone at the office: on a day it does not open (weekend, holiday) the sync
 * moves to the same time on the next day, and the period restarts from when it happened. */
static void on_sync(sim_calendar *cal, void *ctx)
{
    pipeline_region *region = ctx;
    network_link *n = &region->link;
    double now = sim_calendar_now(cal), day = floor(now / SIM_DAY_S) * SIM_DAY_S;
    int days = n->config->sync_every_days;
    if (sim_schedule_open_seconds(&region->hours, day, day + SIM_DAY_S) > 0) {
        pipeline_applicant *a;
        while ((a = pipeline_fifo_pop(&n->held)) != NULL)
            if (start_transfer(n, a) != 0)
                pipeline_fail(region);
    } else {
        days = 1;
    }
    double next = now + days * SIM_DAY_S;
    if (next < region->owner->horizon_s &&
        sim_calendar_schedule(cal, next, on_sync, region, NULL) != SIM_OK)
        pipeline_fail(region);
}

int network_link_init(network_link *n, pipeline_region *region, sim_rng_streams *streams,
                      pipeline_exit arrived)
{
    n->config = &region->config->network;
    n->exit = arrived;
    n->size_rng = pipeline_stream(streams, "network.size", region);
    sim_calendar *cal = region->owner->cal;
    if (n->size_rng == NULL || sim_resource_init(&n->line, cal, 1) != SIM_OK)
        return -1;
    if (n->config->mode == SCENARIO_LINK_INTERMITTENT) {
        n->outage_rng = pipeline_stream(streams, "network.outage", region);
        if (n->outage_rng == NULL)
            return -1;
        n->down_start = n->down_end = 0; /* the first draw happens on the first transfer */
    }
    if (n->config->mode == SCENARIO_LINK_OFFLINE) {
        double first = n->config->sync_at_s;
        if (first < region->owner->horizon_s &&
            sim_calendar_schedule(cal, first, on_sync, region, NULL) != SIM_OK)
            return -1;
    }
    return 0;
}

void network_link_fini(network_link *n)
{
    sim_resource_fini(&n->line);
}

int network_send(network_link *n, pipeline_applicant *a, int upward)
{
    a->upward = (uint8_t)upward;
    if (n->config->mode == SCENARIO_LINK_OFFLINE) {
        pipeline_fifo_push(&n->held, a);
        return 0;
    }
    return start_transfer(n, a);
}

int network_link_is_up(network_link *n, double t)
{
    if (n->config->mode == SCENARIO_LINK_OFFLINE)
        return 0;
    if (n->config->mode == SCENARIO_LINK_ONLINE)
        return 1;
    for (int guard = 0; n->down_end <= t && guard < 10000000; guard++) {
        n->down_start = n->down_end + sim_dist_sample(&n->config->uptime, n->outage_rng);
        n->down_end = n->down_start + sim_dist_sample(&n->config->downtime, n->outage_rng);
    }
    return !(t >= n->down_start && t < n->down_end);
}
