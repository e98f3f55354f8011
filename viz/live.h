/* A live, steppable run of ONE replication of a scenario, for the viewer: the same
 * calendar, streams and pipeline as run_replication_into builds (models/run/run.c), advanced
 * on demand, with each region's state readable at any time through viz_model
 * (viz/view.h). Running it to the horizon gives exactly replication `replication`'s events.
 * Not thread-safe: one thread drives and reads it. */
#ifndef VIZ_LIVE_H
#define VIZ_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "viz/view.h"

typedef struct live_run live_run;

/* Builds the replication on s (borrowed: it must outlive the run) with `seed` (the
 * scenario's own seed or an override) and replication number `replication` (>= 0).
 * Returns NULL when out of memory. */
live_run *live_run_create(const scenario *s, uint64_t seed, int replication);
void live_run_destroy(live_run *run);

/* The viewer's callback table; it points into the run and lives as long as it. */
const viz_model *live_run_model(live_run *run);

/* Cards printed in region i since the start (warm-up included), for checks against a
 * normal run. */
uint64_t live_run_printed(const live_run *run, size_t region);

/* Province name of a two-digit province code ("21" -> "Kepulauan Riau"); NULL if unknown. */
const char *live_province_name(const char *province_code);

#endif
