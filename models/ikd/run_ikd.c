/* IKD's share of the end-of-run work: per region and nationally, the adoption metrics (one
 * value per replication, so means with confidence intervals), the number of regions at the
 * district targets, and what holds each region back. Only called when the scenario has an
 * "ikd" key, so other scenarios' results are unchanged. */
#include "models/run/run_slots.h"
#include "models/ikd/scenario_ikd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    I_ELIGIBLE, I_CAPABLE, I_ACTIVE, I_SHARE, I_ACTIVATIONS, I_REMOTE, I_VISITS, I_FAILED,
    I_LINK, I_TURNED_AWAY, I_GAVE_UP, I_PENDING, I_DESK_HOURS, I_DESK_UTIL, I_SAVED, I_CUT,
    I_COUNT
};

static const char *const ikd_metric_names[I_COUNT] = {
    "ikd_eligible_end", "ikd_capable_end", "ikd_active_end", "ikd_share_of_eligible",
    "ikd_activations", "ikd_remote_activations", "ikd_office_visits", "ikd_failed_attempts",
    "ikd_link_failures", "ikd_turned_away", "ikd_gave_up", "ikd_pending_end", "ikd_desk_hours",
    "ikd_desk_utilisation", "blanks_saved_by_ikd", "blank_demand_cut_share"};

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* ikd_adoption_totals is all doubles, so sums are taken field by field as an array (copied out
 * and back, so no pointer crosses members). first_open_day is summed too and not used. */
#define IKD_DOUBLES (sizeof(ikd_adoption_totals) / sizeof(double))
_Static_assert(sizeof(ikd_adoption_totals) == IKD_DOUBLES * sizeof(double),
               "ikd_adoption_totals must hold only doubles");

/* One replication's values over regions [first, last). */
static void ikd_values(const replication_slot *slot, size_t first, size_t last, double *v)
{
    double total[IKD_DOUBLES] = {0}, one[IKD_DOUBLES];
    double printed = 0;
    for (size_t i = first; i < last; i++) {
        memcpy(one, &slot->totals[i].ikd, sizeof one);
        for (size_t k = 0; k < IKD_DOUBLES; k++)
            total[k] += one[k];
        printed += slot->totals[i].cards_printed;
    }
    ikd_adoption_totals sum;
    memcpy(&sum, total, sizeof sum);
    v[I_ELIGIBLE] = sum.eligible_end;
    v[I_CAPABLE] = sum.capable_end;
    v[I_ACTIVE] = sum.active_end;
    v[I_SHARE] = ratio(sum.active_end, sum.eligible_end);
    v[I_ACTIVATIONS] = sum.activations;
    v[I_REMOTE] = sum.remote_activations;
    v[I_VISITS] = sum.office_visits;
    v[I_FAILED] = sum.failed_attempts;
    v[I_LINK] = sum.link_failures;
    v[I_TURNED_AWAY] = sum.turned_away;
    v[I_GAVE_UP] = sum.gave_up;
    v[I_PENDING] = sum.pending_end;
    v[I_DESK_HOURS] = sum.desk_busy_s / 3600.0;
    v[I_DESK_UTIL] = ratio(sum.desk_busy_s, sum.desk_open_s);
    v[I_SAVED] = sum.blanks_saved;
    /* the blanks printing would have used without IKD, cut by this share */
    v[I_CUT] = ratio(sum.blanks_saved, printed + sum.blanks_saved);
}

static int add_block(const replication_slot *slots, int reps, size_t first, size_t last,
                     summary_metric *list, size_t *count, double *values)
{
    for (int r = 0; r < reps; r++) {
        double v[I_COUNT];
        ikd_values(&slots[r], first, last, v);
        for (int m = 0; m < I_COUNT; m++)
            values[(size_t)m * reps + r] = v[m];
    }
    for (int m = 0; m < I_COUNT; m++)
        if (summary_list_add(list, count, ikd_metric_names[m], values + (size_t)m * reps,
                             (size_t)reps) == NULL)
            return -1;
    return 0;
}

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

int run__reduce_ikd(const scenario *s, const replication_slot *slots, int reps, summary *out)
{
    if (s->ikd == NULL)
        return 0;
    out->has_ikd = 1;
    out->ikd_targets[0] = s->ikd->targets[0];
    out->ikd_targets[1] = s->ikd->targets[1];
    double *values = malloc((size_t)reps * I_COUNT * sizeof *values);
    if (values == NULL)
        return -1;
    int status = add_block(slots, reps, 0, s->region_count, out->metrics, &out->metric_count,
                           values);
    for (size_t i = 0; status == 0 && i < s->region_count; i++) {
        summary_block *b = &out->regions[i];
        const scenario_region_ikd *in = &s->regions[i].ikd;
        status = add_block(slots, reps, i, i + 1, b->metrics, &b->metric_count, values);
        b->ikd_phone = in->phone_share;
        b->ikd_connectivity = in->connectivity_share;
        b->ikd_literacy = in->literacy_share;
        b->ikd_first_open_day = (int)slots[0].totals[i].ikd.first_open_day;
        if (status == 0)
            name_limit(s, in, b, b->ikd_first_open_day);
    }
    /* Regions at the targets, per replication. */
    for (int t = 0; status == 0 && t < 2; t++) {
        for (int r = 0; r < reps; r++) {
            double at = 0;
            for (size_t i = 0; i < s->region_count; i++) {
                const ikd_adoption_totals *x = &slots[r].totals[i].ikd;
                at += x->eligible_end > 0 && x->active_end / x->eligible_end >= s->ikd->targets[t];
            }
            values[r] = at;
        }
        if (summary_list_add(out->metrics, &out->metric_count,
                             t == 0 ? "ikd_regions_at_low_target" : "ikd_regions_at_high_target",
                             values, (size_t)reps) == NULL)
            status = -1;
    }
    free(values);
    return status;
}
