/* Internal to models/run/, models/ikd/run_ikd.c, models/supply/run_supply.c (and the pipeline
 * benchmark): what one replication leaves behind, the invariant checks and the reduction of
 * all replications to a summary. */
#ifndef MODELS_RUN_SLOTS_H
#define MODELS_RUN_SLOTS_H

#include "models/abis/abis_embedded.h"
#include "models/card/pipeline_run.h"
#include "models/card/recording.h"
#include "models/run/run.h"
#include "models/run/summary.h"

typedef struct replication_slot {
    size_t region_count;
    recording_result *recording;  /* per region */
    pipeline_totals *totals;      /* per region; owns its histograms */
    pipeline_balance *balance;    /* per region */
    double **daily;               /* per region: horizon_days x DAILY_COLUMNS; owned */
    double abis_utilisation;
    abis_embedded_stats embedded; /* zero unless abis.mode is "embedded" */
    size_t pool_bytes;            /* applicant pool at the end (benchmark) */
    size_t peak_in_flight;        /* most applicants between recording and card at once */
    size_t calendar_bytes;        /* the event calendar's memory at the end */
    int has_supply;
    supply_result supply;         /* when has_supply; owns its daily rows */
    int status;                   /* 0, or -1 when the replication failed */
} replication_slot;

/* Runs replication `replication` into *slot (zeroed by the caller). Returns 0 or -1. */
int run_replication_into(const scenario *s, const run_options *options, int replication,
                         replication_slot *slot);
void replication_slot_fini(replication_slot *slot);

/* Fills out->invariants*, invariants_ok and invariant_message. */
void run_check_invariants(const scenario *s, const replication_slot *slots, int reps,
                          summary *out);
/* Fills the metrics, regions, daily rows and time-to-card CDFs. Returns 0 or -1 (memory). */
int run_reduce(const scenario *s, const replication_slot *slots, int reps, summary *out);
/* Supply chain (models/supply/run_supply.c): the national blank balance of one replication
 * (1 when it holds or there is no supply chain; else 0 with detail), and central.csv's rows
 * (0, or -1 out of memory). */
int run__supply_balance_ok(const scenario *s, const replication_slot *slot, int rep,
                           char *detail, size_t size);
int run__reduce_supply(const scenario *s, const replication_slot *slots, int reps, summary *out);
/* IKD (models/ikd/run_ikd.c), after the metrics: the targets, each region's inputs and
 * limit. Returns 0; nothing without an "ikd" key. */
int run__reduce_ikd(const scenario *s, const replication_slot *slots, summary *out);

#endif
