/* IKD's share of the end-of-run work: each region's inputs and what holds it back, from the
 * adoption metrics already reduced (rows of models/run/metrics.c, as are the regions at the
 * district targets). Only called when the scenario has an "ikd" key, so other scenarios'
 * results are unchanged. */
#include "models/run/run_slots.h"
#include "models/ikd/scenario_ikd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double mean_of(const summary_block *b, const char *name)
{
    const summary_metric *m = summary_block_find(b, name);
    return m != NULL ? m->mean : NAN;
}

/* What holds a region below the low target, first match wins: it never opened; the people
 * who can use IKD are fewer than the target (the scarcest of phones, coverage, literacy);
 * the link fails over a fifth of the visits; the office turns people away (over a tenth of
 * its visits) or keeps many pending (over half its active count); the rollout reached it less than a year before the end; otherwise diffusion is still slow. */
static void name_limit(const scenario *s, const scenario_region_ikd *in, summary_block *b,
                       int first_open_day)
{
    const char *limit = "slow uptake";
    double share = mean_of(b, "ikd_share_of_eligible");
    double visits = mean_of(b, "ikd_office_visits");
    double capable = in->phone_share * in->connectivity_share * in->literacy_share;
    if (share >= s->ikd->targets[0]) {
        limit = "on target";
    } else if (first_open_day < 0) {
        limit = "not opened";
    } else if (capable < s->ikd->targets[0]) {
        limit = "phones";
        if (in->connectivity_share < in->phone_share && in->connectivity_share <= in->literacy_share)
            limit = "coverage";
        else if (in->literacy_share < in->phone_share)
            limit = "literacy";
    } else if (mean_of(b, "ikd_link_failures") > 0.2 * visits) {
        limit = "office link";
    } else if (in->desks == 0 || mean_of(b, "ikd_turned_away") > 0.1 * visits ||
               mean_of(b, "ikd_pending_end") > 0.5 * mean_of(b, "ikd_active_end")) {
        limit = "office capacity";
    } else if (s->horizon_days - first_open_day < 365) {
        limit = "late rollout";
    }
    snprintf(b->ikd_limit, sizeof b->ikd_limit, "%s", limit);
}

int run__reduce_ikd(const scenario *s, const replication_slot *slots, summary *out)
{
    if (s->ikd == NULL)
        return 0;
    out->has_ikd = 1;
    out->ikd_targets[0] = s->ikd->targets[0];
    out->ikd_targets[1] = s->ikd->targets[1];
    for (size_t i = 0; i < s->region_count; i++) {
        summary_block *b = &out->regions[i];
        const scenario_region_ikd *in = &s->regions[i].ikd;
        b->ikd_phone = in->phone_share;
        b->ikd_connectivity = in->connectivity_share;
        b->ikd_literacy = in->literacy_share;
        b->ikd_first_open_day = (int)slots[0].totals[i].ikd.first_open_day;
        name_limit(s, in, b, b->ikd_first_open_day);
    }
    return 0;
}
