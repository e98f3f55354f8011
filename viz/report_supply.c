/* The national supply chain (central.csv: warehouse stock, in transit, deliveries) and IKD
 * adoption against the 25% (2023) and 30% (2024-25) targets. IKD share per replication is
 * active IKD accounts / cards recorded since the start of the run (docs/results.md has no
 * adult population column; see the report's caption). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/report_internal.h"
#include "viz/status.h"

enum { C_STOCK, C_TRANSIT, C_DELIVERED, C_COUNT };

static int central_series(const viz_results *r, viz_series s[C_COUNT])
{
    int status = VIZ_OK, k = 0;
    for (; k < C_COUNT && status == VIZ_OK; k++)
        status = viz_series_init(&s[k], r->replications, r->day_min, r->day_max);
    if (status != VIZ_OK) {
        for (int j = 0; j < k; j++)
            viz_series_fini(&s[j]);
        return status;
    }
    for (size_t i = 0; i < r->central_count; i++) {
        const viz_central_row *row = &r->central[i];
        viz_series_add(&s[C_STOCK], row->rep, row->day, row->central_stock);
        viz_series_add(&s[C_TRANSIT], row->rep, row->day, row->in_transit);
        viz_series_add(&s[C_DELIVERED], row->rep, row->day, row->delivered);
    }
    for (k = 0; k < C_COUNT; k++)
        viz_series_finish(&s[k]);
    return VIZ_OK;
}

int viz__plot_central(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    viz_series s[C_COUNT];
    int status = central_series(r, s);
    if (status != VIZ_OK)
        return status;
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    viz_text_append(&dat, "# day, mean lo hi of: central_stock in_transit delivered\n");
    for (int d = 0; d < s[0].days; d++) {
        viz_text_printf(&dat, "%d", r->day_min + d);
        for (int k = 0; k < C_COUNT; k++) {
            viz__dat_number(&dat, s[k].mean[d]);
            viz__dat_number(&dat, s[k].lo[d]);
            viz__dat_number(&dat, s[k].hi[d]);
        }
        viz_text_append(&dat, "\n");
    }
    for (int k = 0; k < C_COUNT; k++)
        viz_series_fini(&s[k]);
    viz__gp_begin(&gp, "central", "National supply: central warehouse, in transit, deliveries");
    viz__gp_days(&gp, r);
    viz_text_append(&gp, "set ylabel 'blank cards'\n"
                         "set y2label 'blanks delivered that day'\nset ytics nomirror\n"
                         "set y2tics\nset yrange [0:*]\nset y2range [0:*]\nset boxwidth 0.8\n"
                         "set style fill solid 0.5 noborder\n"
                         "plot 'central.dat' using 1:8 axes x1y2 with boxes lc 3 "
                         "title 'delivered (right axis)'");
    if (r->replications > 1)
        viz_text_append(&gp, ", \\\n     'central.dat' using 1:8:9:10 axes x1y2 with yerrorbars "
                             "lc 3 pt 0 notitle, \\\n     'central.dat' using 1:3:4 with "
                             "filledcurves fs transparent solid 0.2 noborder lc 1 notitle, \\\n"
                             "     'central.dat' using 1:6:7 with filledcurves fs transparent "
                             "solid 0.2 noborder lc 2 notitle");
    viz_text_append(&gp, ", \\\n     'central.dat' using 1:2 with lines lw 2 lc 1 "
                         "title 'central stock', \\\n     'central.dat' using 1:5 with lines "
                         "lw 2 lc 2 title 'in transit'\n");
    viz__gp_end(&gp, "central");
    return viz__plot_add(rep, "central",
                         "Central warehouse stock and blanks in transit (lines), and blanks "
                         "delivered to regions each day (bars, right axis).",
                         &dat, &gp, why, why_size);
}

/* share[rep][day] = ikd_active / ikd_eligible, into *out (finished). */
static int ikd_share(const viz_results *r, viz_series *out)
{
    viz_series active, eligible;
    int status = viz__daily_series(r, VIZ_D_IKD_ACTIVE, -1, &active);
    if (status != VIZ_OK)
        return status;
    status = viz__daily_series(r, VIZ_D_IKD_ELIGIBLE, -1, &eligible);
    if (status == VIZ_OK)
        status = viz_series_init(out, r->replications, r->day_min, r->day_max);
    if (status == VIZ_OK) {
        size_t cells = (size_t)out->reps * (size_t)out->days;
        for (size_t i = 0; i < cells; i++) {
            out->present[i] = active.present[i] && eligible.cell[i] > 0;
            out->cell[i] = out->present[i] ? active.cell[i] / eligible.cell[i] : 0;
        }
        viz_series_finish(out);
    }
    viz_series_fini(&active);
    viz_series_fini(&eligible);
    return status;
}

int viz__plot_ikd(viz__report *rep, char *why, size_t why_size)
{
    const viz_results *r = rep->r;
    viz_series s;
    int status = ikd_share(r, &s);
    if (status != VIZ_OK)
        return status;
    double ymax = 35; /* percent: the 30% target stays in view */
    viz_text dat, gp;
    viz_text_init(&dat);
    viz_text_init(&gp);
    viz_text_append(&dat, "# day ikd_share_percent(mean lo hi) = "
                          "100 * ikd_active / ikd_eligible (all regions)\n");
    for (int d = 0; d < s.days; d++) {
        viz_text_printf(&dat, "%d", r->day_min + d);
        viz__dat_number(&dat, 100 * s.mean[d]);
        viz__dat_number(&dat, 100 * s.lo[d]);
        viz__dat_number(&dat, 100 * s.hi[d]);
        viz_text_append(&dat, "\n");
        if (isfinite(s.hi[d]) && 110 * s.hi[d] > ymax)
            ymax = 110 * s.hi[d];
    }
    viz_series_fini(&s);
    viz__gp_begin(&gp, "ikd", "IKD adoption against the targets");
    viz__gp_days(&gp, r);
    viz_text_printf(&gp, "set ylabel 'IKD active / eligible adults'\n"
                         "set yrange [0:%g]\nset format y '%%g%%%%'\n"
                         "plot 25 with lines dt 2 lw 2 lc rgb '#cc6600' "
                         "title 'target 2023: 25%%', \\\n"
                         "     30 with lines dt 2 lw 2 lc rgb '#cc0000' "
                         "title 'target 2024-25: 30%%', \\\n     ",
                    ymax);
    if (r->replications > 1)
        viz_text_append(&gp, "'ikd.dat' using 1:3:4 with filledcurves fs transparent solid 0.2 "
                             "noborder lc 1 notitle, \\\n     ");
    viz_text_append(&gp, "'ikd.dat' using 1:2 with lines lw 2 lc 1 title 'IKD share'\n");
    viz__gp_end(&gp, "ikd");
    return viz__plot_add(rep, "ikd",
                         "IKD adoption: active IKD accounts divided by the eligible adults (recorded, "
                         "deduplicated, with a NIK), against the 25% and 30% district targets.",
                         &dat, &gp, why, why_size);
}
