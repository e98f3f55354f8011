/* The blank-card supply chain of one replication (models/supply/supply.c): vendors deliver
 * contracted blanks to a central warehouse, which ships them to the regions' offices (pull,
 * push or hybrid; models/supply/scenario_supply.h) with a lead time per region. Exists only
 * when the scenario has a "supply" key; the offices' stocks stay in models/card/blanks.c.
 * Not thread-safe: one replication, one calendar. Internal to models/. */
#ifndef MODELS_SUPPLY_H
#define MODELS_SUPPLY_H

#include <stdint.h>

#include "sim/rng.h"

typedef struct pipeline pipeline;
typedef struct pipeline_region pipeline_region;
typedef struct supply_chain supply_chain;

/* central.csv columns after rep, day, date (docs/results.md). */
enum { SUPPLY_CENTRAL_STOCK, SUPPLY_IN_TRANSIT, SUPPLY_DELIVERED, SUPPLY_PROCURED,
       SUPPLY_DAILY_COLUMNS };

/* What a replication leaves behind: the national balance and the supply metrics. */
typedef struct supply_result {
    int64_t central_initial, offices_initial, procured, central_end, in_transit_end;
    int64_t arrived;               /* blanks that reached offices from the centre */
    double central_stockout_days;  /* measured days ending with an empty centre */
    double sign_by_day;            /* days from the start date; NAN when no demand */
    double waiting_over_6_months;  /* people waiting for a blank at the horizon for > 182.5 days */
    double *daily;                 /* horizon_days x SUPPLY_DAILY_COLUMNS; owned */
    double *region_in_transit;     /* per region, blanks on their way at the end; owned */
} supply_result;

/* Built after p->regions is allocated and before the offices' blank stores (they may ask the
 * centre at once). Returns NULL on failure (memory, streams, calendar). */
supply_chain *supply_create(pipeline *p, sim_rng_streams *streams);
void supply_destroy(supply_chain *c);
/* An office fell below its reorder point (pull and hybrid; ignored under push). */
void supply_request(supply_chain *c, pipeline_region *region);
/* End of day `day` (0-based): records the central.csv row. */
void supply_sample_day(supply_chain *c, int day);
/* After the run: moves the results (and the daily rows) into *out. */
int supply_finish(supply_chain *c, supply_result *out);
/* Blanks on their way to a region now. */
int64_t supply_in_transit(const supply_chain *c, size_t region);

#endif
