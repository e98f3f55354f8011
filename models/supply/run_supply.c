/* The supply chain's share of the end-of-run work: the national blank balance (part of the
 * blanks_conserved invariant), the supply metrics and central.csv's rows. Only called when
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

static const char *const supply_metric_names[] = {
    "blanks_procured", "central_stock_end", "blanks_in_transit_end", "central_stockout_days",
    "next_contract_sign_by_day", "suket_waiting_over_6_months_end"};
#define SUPPLY_METRICS (sizeof supply_metric_names / sizeof supply_metric_names[0])

int run__reduce_supply(const scenario *s, const replication_slot *slots, int reps, summary *out)
{
    if (s->supply == NULL)
        return 0;
    size_t days = (size_t)s->horizon_days, row = days * SUPPLY_DAILY_COLUMNS;
    out->central_daily = malloc((size_t)reps * row * sizeof *out->central_daily);
    double *values = malloc((size_t)reps * SUPPLY_METRICS * sizeof *values);
    int status = out->central_daily && values ? 0 : -1;
    for (int r = 0; status == 0 && r < reps; r++) {
        const supply_result *x = &slots[r].supply;
        memcpy(out->central_daily + (size_t)r * row, x->daily, row * sizeof(double));
        values[0 * reps + r] = (double)x->procured;
        values[1 * reps + r] = (double)x->central_end;
        values[2 * reps + r] = (double)x->in_transit_end;
        values[3 * reps + r] = x->central_stockout_days;
        values[4 * reps + r] = x->sign_by_day;
        values[5 * reps + r] = x->waiting_over_6_months;
    }
    for (size_t m = 0; status == 0 && m < SUPPLY_METRICS; m++)
        if (summary_list_add(out->metrics, &out->metric_count, supply_metric_names[m],
                             values + (size_t)m * reps, (size_t)reps) == NULL)
            status = -1;
    /* Per region: blanks on their way to it at the horizon. */
    for (size_t i = 0; status == 0 && i < s->region_count; i++) {
        for (int r = 0; r < reps; r++)
            values[r] = slots[r].supply.region_in_transit[i];
        summary_block *b = &out->regions[i];
        if (summary_list_add(b->metrics, &b->metric_count, "blanks_in_transit_end", values,
                             (size_t)reps) == NULL)
            status = -1;
    }
    free(values);
    return status;
}
