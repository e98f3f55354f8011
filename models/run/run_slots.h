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

/* One slot reduced to a one-replication summary (models/run/run_one.c): what
 * run_one_replication and run_batch_reduce_one return. 0, or -1 with why. */
int run__reduce_one(const scenario *s, const run_options *options,
                    const replication_slot *slot, int replication, summary *out, char *why,
                    size_t why_size);
/* A slot as bytes and back (models/run/run_pack.c; see run_batch_pack). _pack: 0 with a
 * malloc'd *bytes the caller frees, or -1 out of memory. _unpack: 0 with *slot filled (the
 * caller finis it), or -1 with why and *slot empty. */
int run__pack_slot(const scenario *s, const replication_slot *slot, void **bytes, size_t *size);
int run__unpack_slot(const scenario *s, const void *bytes, size_t size, replication_slot *slot,
                     char *why, size_t why_size);

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
