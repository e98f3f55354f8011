/* Internal to models/run*.c (and the pipeline benchmark): what one replication leaves
 * behind, the invariant checks and the reduction of all replications to a summary. */
#ifndef MODELS_RUN_SLOTS_H
#define MODELS_RUN_SLOTS_H

#include "models/pipeline.h"
#include "models/recording.h"
#include "models/run.h"
#include "models/summary.h"

typedef struct replication_slot {
    size_t region_count;
    recording_result *recording;  /* per region */
    pipeline_totals *totals;      /* per region; owns its histograms */
    pipeline_balance *balance;    /* per region */
    double **daily;               /* per region: horizon_days x DAILY_COLUMNS; owned */
    double abis_utilisation;
    size_t pool_bytes;            /* applicant pool at the end (benchmark) */
    size_t peak_in_flight;        /* most applicants between recording and card at once */
    size_t calendar_bytes;        /* the event calendar's memory at the end */
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

#endif
