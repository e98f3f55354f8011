/* The tables `ktpsim run` prints: one line per region with the headline numbers (the --top N
 * regions with the lowest one-hour share when there are more), and with blank stockouts a
 * supply table of the regions out of blanks longest: first run-out date, days without
 * blanks, suket issued and still open. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/ktpsim_cmds.h"
#include "models/run/summary.h"
#include "sim/schedule.h"

static double mean_of(const summary_block *b, const char *name)
{
    const summary_metric *m = summary_block_find(b, name);
    return m ? m->mean : NAN;
}

static double percentile_h(const summary_block *b, const char *name, int which)
{
    const summary_metric *m = summary_block_find(b, name);
    return m == NULL ? NAN : (which == 50 ? m->p50 : m->p90) / 3600;
}

/* Region indexes by key, ascending (descending when `largest_first`); NaN last; ties keep
 * scenario order (insertion sort: stable, and n is at most a few hundred). */
static void sort_by(const summary *s, const char *metric, int largest_first, size_t *order)
{
    for (size_t i = 0; i < s->region_count; i++) {
        double key = mean_of(&s->regions[i], metric);
        size_t at = i;
        while (at > 0) {
            double prev = mean_of(&s->regions[order[at - 1]], metric);
            int before = isnan(prev) ? !isnan(key)
                         : isnan(key) ? 0
                         : largest_first ? key > prev : key < prev;
            if (!before)
                break;
            order[at] = order[at - 1];
            at--;
        }
        order[at] = i;
    }
}

static void print_region_line(const summary_block *b)
{
    const summary_metric *share = summary_block_find(b, "cards_within_1h_share");
    char ci[40] = "-";
    if (share != NULL && !isnan(share->ci_low))
        snprintf(ci, sizeof ci, "%.3f [%.3f,%.3f]", share->mean, share->ci_low, share->ci_high);
    else if (share != NULL && !isnan(share->mean))
        snprintf(ci, sizeof ci, "%.3f [n/a]", share->mean);
    printf("%-6s %-22.22s %9.1f %17s %10.2f %10.2f %10.2f %8.1f %8.1f  %s\n", b->code, b->name,
           mean_of(b, "cards_printed"), ci, percentile_h(b, "time_to_card_s", 50),
           percentile_h(b, "time_to_card_s", 90), mean_of(b, "time_to_card_in_hand_s") / 3600,
           mean_of(b, "suket_issued"), mean_of(b, "blank_stockout_days"), b->bottleneck);
}

void ktpsim_print_regions(const summary *s, size_t top)
{
    size_t *order = malloc((s->region_count ? s->region_count : 1) * sizeof *order);
    if (order == NULL)
        return;
    int cut = s->region_count > top;
    if (cut)
        sort_by(s, "cards_within_1h_share", 0, order);
    else
        for (size_t i = 0; i < s->region_count; i++)
            order[i] = i;
    printf("%-6s %-22s %9s %17s %10s %10s %10s %8s %8s  %s\n", "code", "region", "cards",
           "within_1h [ci95]", "ttc_p50_h", "ttc_p90_h", "hand_mean_h", "suket", "stockout",
           "bottleneck");
    size_t shown = cut ? top : s->region_count;
    for (size_t k = 0; k < shown; k++)
        print_region_line(&s->regions[order[k]]);
    if (cut)
        printf("(%zu of %zu regions, lowest one-hour share first; all in regions.csv; "
               "--top N shows more)\n", shown, s->region_count);
    printf("(per replication means; ttc = time from joining the recording line to card "
           "printed, hours; n/a: one replication has no interval)\n");
    free(order);
}

/* "YYYY-MM-DD" of day index `day` (may be fractional: its floor), or "-" when NaN. */
static void date_of(const summary *s, double day, char out[16])
{
    if (!isfinite(day)) {
        snprintf(out, 16, "-");
        return;
    }
    int y, m, d;
    sim_civil_from_days(s->start_days + (int64_t)floor(day), &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m, d);
}

void ktpsim_print_supply(const summary *s, size_t top)
{
    size_t *order = malloc((s->region_count ? s->region_count : 1) * sizeof *order);
    if (order == NULL)
        return;
    sort_by(s, "blank_stockout_days", 1, order);
    size_t out = 0;
    while (out < s->region_count && mean_of(&s->regions[order[out]], "blank_stockout_days") > 0)
        out++;
    if (out > 0) {
        size_t shown = out < top ? out : top;
        printf("\nblanks: %zu of %zu regions ran out; longest without blanks first:\n", out,
               s->region_count);
        printf("%-6s %-22s %11s %10s %9s %9s %10s\n", "code", "region", "first_out", "out_in",
               "days_out", "suket", "suket_open");
        for (size_t k = 0; k < shown; k++) {
            const summary_block *b = &s->regions[order[k]];
            char first[16], share[16] = "-";
            const summary_metric *f = summary_block_find(b, "first_stockout_day");
            date_of(s, f ? f->mean : NAN, first);
            if (f != NULL && s->replications > 0)
                snprintf(share, sizeof share, "%.0f%%",
                         100.0 * (double)f->replications_used / s->replications);
            printf("%-6s %-22.22s %11s %10s %9.1f %9.1f %10.1f\n", b->code, b->name, first,
                   share, mean_of(b, "blank_stockout_days"), mean_of(b, "suket_issued"),
                   mean_of(b, "suket_backlog_end"));
        }
        if (out > shown)
            printf("(%zu of %zu regions that ran out; all in regions.csv)\n", shown, out);
        printf("(first_out: the mean first day without blanks over the replications where the "
               "office ran out; out_in: the share of replications where it did; suket_open: "
               "still waiting at the end)\n");
    }
    free(order);
}

/* Why cards were late, all regions together: the causes with late hours, most first. */
void ktpsim_print_late(const summary *s)
{
    const summary_late *l = &s->late;
    if (!(l->people > 0)) {
        printf("\nlate: nobody owed a card waited more than an hour\n");
        return;
    }
    int order[LATE_CAUSE_COUNT], n = 0;
    for (int c = 0; c < LATE_CAUSE_COUNT; c++) {
        if (!(l->hours[c] > 0))
            continue;
        int at = n++;
        while (at > 0 && l->hours[order[at - 1]] < l->hours[c]) {
            order[at] = order[at - 1];
            at--;
        }
        order[at] = c;
    }
    printf("\nwhy late: %.1f people per replication waited more than an hour for their card; "
           "their time beyond the hour, by cause:\n", l->people);
    printf("  %-20s %12s %11s %12s %11s\n", "cause", "late_hours", "hours_share", "late_people",
           "main_cause");
    for (int k = 0; k < n; k++) {
        int c = order[k];
        printf("  %-20s %12.1f %10.1f%% %12.1f %10.1f%%\n", late_cause_names[c], l->hours[c],
               100 * l->hours_share[c], l->main[c], 100 * l->people_share[c]);
    }
    printf("  (per replication; main_cause: the share of late people for whom it is the largest "
           "part; per region in late_causes.csv)\n");
}
