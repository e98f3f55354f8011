/* Why people were late (late_causes.csv): one stacked bar per region, the hours beyond the
 * one-hour target split by cause, for the regions with the most late hours. The tallest
 * piece of a bar is that region's bottleneck. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/report_internal.h"
#include "viz/status.h"

#define MAX_CAUSES 16

/* Distinct causes in file order. */
static size_t cause_list(const viz_results *r, const char *causes[MAX_CAUSES])
{
    size_t n = 0;
    for (size_t i = 0; i < r->late_count; i++) {
        size_t k = 0;
        while (k < n && strcmp(causes[k], r->late[i].cause) != 0)
            k++;
        if (k == n && n < MAX_CAUSES)
            causes[n++] = r->late[i].cause;
    }
    return n;
}

static double late_hours(const viz_results *r, size_t region, const char *cause)
{
    double sum = 0;
    for (size_t i = 0; i < r->late_count; i++)
        if (r->late[i].region == region && (cause == NULL || strcmp(r->late[i].cause, cause) == 0))
            sum += r->late[i].hours;
    return sum;
}

int viz__plot_late_causes(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    const char *causes[MAX_CAUSES];
    size_t ncauses = cause_list(r, causes), n = r->region_count, idx[VIZ__MAX_BARS];
    double *score = calloc(n ? n : 1, sizeof *score);
    if (score == NULL)
        return VIZ_ENOMEM;
    for (size_t i = 0; i < n; i++)
        score[i] = late_hours(r, i, NULL);
    size_t shown = viz__pick_regions(score, n, VIZ__MAX_BARS, idx);
    free(score);
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    viz_text_append(&dat, "region");
    for (size_t k = 0; k < ncauses; k++)
        viz_text_printf(&dat, " %s", causes[k]);
    viz_text_append(&dat, "\n");
    for (size_t i = 0; i < shown; i++) {
        viz__dat_string(&dat, r->regions[idx[i]].name);
        for (size_t k = 0; k < ncauses; k++)
            viz__dat_number(&dat, late_hours(r, idx[i], causes[k]));
        viz_text_append(&dat, "\n");
    }
    char title[160];
    snprintf(title, sizeof title, "Why cards were late: hours beyond the one-hour target by "
             "cause%s", n > shown ? " (regions with the most late hours)" : "");
    viz__gp_begin(&gp, "late_causes", title);
    viz_text_printf(&gp, "set style data histograms\nset style histogram rowstacked\n"
                         "set style fill solid 0.85 border -1\nset boxwidth 0.7\n"
                         "set ylabel 'late hours per replication'\nset yrange [0:*]\n"
                         "set xtics rotate by -30\nset key below\n"
                         "plot for [i=2:%zu] 'late_causes.dat' using i:xtic(1) "
                         "title columnheader(i)\n", ncauses + 1);
    viz__gp_end(&gp, "late_causes");
    return viz__plot_add(rep, "late_causes",
                         "For each person whose card took longer than one hour, the time "
                         "beyond the hour is split over its causes (in proportion to the time "
                         "each cause held that person; what no cause explains is processing). "
                         "The tallest piece is the region's bottleneck.", &dat, &gp, why,
                         why_size);
}
