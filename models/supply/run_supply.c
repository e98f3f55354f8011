/* The supply chain's share of the end-of-run work: the national blank balance (part of the
 * blanks_conserved invariant) and central.csv's rows (its metrics are rows of
 * models/run/metrics.c). Only called when
 * the scenario has a "supply" key, so other scenarios' results are unchanged. */
#include "models/run/run_slots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int run__supply_balance_ok(const scenario *s, const replication_slot *slot, int rep,
                           char *detail, size_t size)
{
    if (!slot->has_supply)
        return 1;
    const supply_result *x = &slot->supply;
    int64_t offices = 0;
    for (size_t i = 0; i < s->region_count; i++)
        offices += slot->balance[i].blanks_delivered;
    /* offices' delivered counts their initial stock plus what arrived from the centre */
    int64_t bought = x->central_initial + x->offices_initial + x->procured;
    int64_t held = x->central_end + x->in_transit_end + offices;
    if (bought == held && offices - x->offices_initial == x->arrived)
        return 1;
    snprintf(detail, size, "replication %d: centre %lld + offices %lld + procured %lld != "
             "central %lld + in transit %lld + delivered to offices %lld", rep,
             (long long)x->central_initial, (long long)x->offices_initial,
             (long long)x->procured, (long long)x->central_end, (long long)x->in_transit_end,
             (long long)offices);
    return 0;
}

/* The supply metrics themselves are rows of models/run/metrics.c; this copies central.csv's
 * rows. */
int run__reduce_supply(const scenario *s, const replication_slot *slots, int reps, summary *out)
{
    if (s->supply == NULL)
        return 0;
    size_t days = (size_t)s->horizon_days, row = days * SUPPLY_DAILY_COLUMNS;
    out->central_daily = malloc((size_t)reps * row * sizeof *out->central_daily);
    if (out->central_daily == NULL)
        return -1;
    for (int r = 0; r < reps; r++)
        memcpy(out->central_daily + (size_t)r * row, slots[r].supply.daily, row * sizeof(double));
    return 0;
}
