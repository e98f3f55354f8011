/* The IKD lines of `ktpsim run` (only when the scenario has an "ikd" key): national adoption
 * against the district targets, what activation cost the offices, the blanks the double track
 * saved, and the regions furthest behind with their limit (docs/results.md, ikd.csv). */
#include "app/ktpsim_cmds.h"

#include <math.h>
#include <stdio.h>

#include "models/run/summary.h"

static const summary_metric *find(const summary *s, const char *name)
{
    return summary_find(s, name);
}

static double mean(const summary *s, const char *name)
{
    const summary_metric *m = find(s, name);
    return m != NULL ? m->mean : NAN;
}

static double share_of(const summary_block *b)
{
    const summary_metric *m = summary_block_find(b, "ikd_share_of_eligible");
    return m != NULL ? m->mean : NAN;
}

/* 6330000 as "6.33 M", smaller counts in full. */
static const char *count(double x, char *out, size_t size)
{
    if (fabs(x) >= 1e6)
        snprintf(out, size, "%.2f M", x / 1e6);
    else
        snprintf(out, size, "%.0f", x);
    return out;
}

void ktpsim_print_ikd(const summary *s)
{
    char a[32], lo[32], hi[32], e[32];
    if (!s->has_ikd)
        return;
    const summary_metric *active = find(s, "ikd_active_end");
    const summary_metric *share = find(s, "ikd_share_of_eligible");
    if (active == NULL || share == NULL)
        return;
    printf("IKD: %s active [%s, %s] of %s eligible = %.2f%% [%.2f, %.2f]; regions at "
           "%.0f%%: %.1f of %zu, at %.0f%%: %.1f\n",
           count(active->mean, a, sizeof a), count(active->ci_low, lo, sizeof lo),
           count(active->ci_high, hi, sizeof hi), count(mean(s, "ikd_eligible_end"), e, sizeof e),
           100 * share->mean, 100 * share->ci_low,
           100 * share->ci_high, 100 * s->ikd_targets[0], mean(s, "ikd_regions_at_low_target"),
           s->region_count, 100 * s->ikd_targets[1], mean(s, "ikd_regions_at_high_target"));
    printf("  activations %.0f (remote %.0f); office visits %.0f, turned away %.0f times, "
           "failed %.0f (link %.0f); desk hours %.0f, utilisation %.3f\n",
           mean(s, "ikd_activations"), mean(s, "ikd_remote_activations"),
           mean(s, "ikd_office_visits"), mean(s, "ikd_turned_away"),
           mean(s, "ikd_failed_attempts"), mean(s, "ikd_link_failures"),
           mean(s, "ikd_desk_hours"), mean(s, "ikd_desk_utilisation"));
    printf("  double track: %.0f blanks saved (IKD-only replacements), %.3f%% of blank demand\n",
           mean(s, "blanks_saved_by_ikd"), 100 * mean(s, "blank_demand_cut_share"));
    /* the five lowest shares, ties in scenario order */
    size_t shown[5];
    size_t n = 0;
    for (; n < 5 && n < s->region_count; n++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < s->region_count; i++) {
            int taken = 0;
            for (size_t k = 0; k < n; k++)
                taken |= shown[k] == i;
            if (taken || isnan(share_of(&s->regions[i])))
                continue;
            if (best == SIZE_MAX || share_of(&s->regions[i]) < share_of(&s->regions[best]))
                best = i;
        }
        if (best == SIZE_MAX)
            break;
        shown[n] = best;
    }
    printf("  furthest behind:");
    for (size_t k = 0; k < n; k++) {
        const summary_block *b = &s->regions[shown[k]];
        printf("%s %s %s %.1f%% (%s)", k ? "," : "", b->code, b->name, 100 * share_of(b),
               b->ikd_limit);
    }
    printf("\n  (all regions, ranked, in ikd.csv; by month in ikd_monthly.csv)\n");
}
