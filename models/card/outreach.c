/* Mobile outreach (jemput bola): each team visits a district every every_days days, records
 * people_per_visit people one after another, and brings the records back at the end of the
 * visit; they then enter the pipeline like office records (the wait until the team returns
 * counts as network time: store-and-forward). People met on a visit that is still going on at
 * the horizon are counted as in recording. */
#include "models/card/pipeline.h"

#include <stdio.h>
#include <stdlib.h>

static void on_return(sim_calendar *cal, void *ctx)
{
    (void)cal;
    pipeline_region *r = ctx;
    outreach_team *team = &r->outreach;
    int teams = r->config->outreach.teams;
    double arrival = team->visit_start_s, team_clock[64];
    for (int k = 0; k < teams; k++)
        team_clock[k] = arrival;
    for (int i = 0; i < team->pending; i++) {
        double start = team_clock[i % teams], end = start + team->capture_s[i];
        team_clock[i % teams] = end;
        team->recorded(r, arrival, start, end);
    }
    team->returned += (uint64_t)team->pending;
    team->pending = 0;
}

static void on_visit(sim_calendar *cal, void *ctx)
{
    pipeline_region *r = ctx;
    outreach_team *team = &r->outreach;
    const scenario_outreach *c = &r->config->outreach;
    double now = sim_calendar_now(cal), total = 0;
    double next = now + c->every_days * SIM_DAY_S;
    if (team->pending > 0) { /* still out on the last visit: this one is skipped */
        if (next < r->owner->horizon_s &&
            sim_calendar_schedule(cal, next, on_visit, r, NULL) != SIM_OK)
            pipeline_fail(r);
        return;
    }
    int people = c->people_per_visit * c->teams;
    /* teams work in parallel: people are dealt to teams in turn; a visit ends when the
     * busiest team is done. Captures are kept in order for on_return. */
    double team_end[64] = {0};
    int teams = c->teams; /* at most 64 (scenario range) */
    for (int i = 0; i < people; i++) {
        double capture = sim_dist_sample(&c->capture_time, team->rng);
        team->capture_s[i] = capture;
        team_end[i % teams] += capture;
    }
    for (int k = 0; k < teams; k++)
        total = team_end[k] > total ? team_end[k] : total;
    team->visit_start_s = now;
    team->pending = people;
    team->met += (uint64_t)people;
    if (now >= r->owner->measure_from_s) {
        team->measured_met += (uint64_t)people;
        if (now <= r->owner->horizon_s - SCENARIO_CARD_TARGET_S)
            team->measured_due_met += (uint64_t)people;
    }
    if (sim_calendar_schedule(cal, now + total, on_return, r, NULL) != SIM_OK)
        pipeline_fail(r);
    if (next < r->owner->horizon_s && sim_calendar_schedule(cal, next, on_visit, r, NULL) != SIM_OK)
        pipeline_fail(r);
}

int outreach_init(outreach_team *team, pipeline_region *region, sim_rng_streams *streams,
                  recording_hook_fn recorded)
{
    const scenario_outreach *c = &region->config->outreach;
    team->recorded = recorded;
    if (c->teams <= 0)
        return 0;
    team->rng = pipeline_stream(streams, "outreach.capture", region);
    team->capture_s = malloc((size_t)c->people_per_visit * (size_t)c->teams *
                             sizeof *team->capture_s);
    if (team->rng == NULL || team->capture_s == NULL)
        return -1;
    double first = c->start_at_s;
    if (first < region->owner->horizon_s &&
        sim_calendar_schedule(region->owner->cal, first, on_visit, region, NULL) != SIM_OK)
        return -1;
    return 0;
}

void outreach_fini(outreach_team *team)
{
    free(team->capture_s);
    team->capture_s = NULL;
}
