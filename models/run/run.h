/* Runs a scenario's replications (in parallel on threads) and reduces them to a summary.
 * Replication r draws only from streams derived from (seed, component, r), and results are
 * reduced in replication order, so the summary is identical for any number of threads. */
#ifndef MODELS_RUN_H
#define MODELS_RUN_H

#include <stdint.h>

#include "models/scenario/scenario.h"
#include "models/run/summary.h"

typedef struct run_options {
    int replications; /* >= 1 */
    uint64_t seed;    /* the scenario seed, or an override */
    int threads;      /* >= 1; more threads than replications are not started */
    /* Optional: called after every simulated day of every replication (reps_finished 0,
     * days 1) and when a replication ends (reps_finished 1, days 0), from the replication
     * threads, so it must be thread-safe. It only observes: results do not depend on it. */
    void (*on_progress)(void *ctx, int reps_finished, double days);
    void *progress_ctx;
    /* Optional (NULL: nothing written): with abis.mode "embedded", replication r writes its
     * registry to registry_dir/registry-rep<r>.sqlite (models/abis/abis_embedded_registry.h),
     * under the temporary name registry-rep<r>.sqlite.tmp until the replication succeeds.
     * The directory must exist; the string must outlive the run. */
    const char *registry_dir;
} run_options;

/* Options taken from the scenario itself (its replications and seed, one thread). */
run_options run_options_from(const scenario *s);

/* Replications keep their results until all are reduced (daily.csv has a row per
 * replication); run_scenario refuses a run whose estimate exceeds this, naming the number of
 * replications that fit. */
#define RUN_MAX_RETAINED_BYTES (1024.0 * 1048576.0)

/* Simulates and fills *out (metrics listed in scenarios/README.md). Returns 0, or -1 with
 * `why` set when a replication could not run (out of memory, thread creation failed). A
 * broken invariant is not a -1: it sets out->invariants_ok = 0 and invariant_message.
 * Thread-safe for distinct outputs; s is only read. */
int run_scenario(const scenario *s, const run_options *options, summary *out, char *why,
                 size_t why_size);

/* Runs only replication `replication` (its streams are those of run_scenario's replication
 * of the same number) into *out, a one-replication summary (models/run/run_one.c); for paired
 * comparisons. Returns 0, or -1 with why. Thread-safe for distinct outputs. */
int run_one_replication(const scenario *s, const run_options *options, int replication,
                        summary *out, char *why, size_t why_size);

/* The temporary name under which replication `replication` of an embedded run writes its
 * registry in `dir` (renamed to registry-repN.sqlite when the replication ends), for a caller
 * that must remove it when the process is stopped. Returns 0, or -1 when it does not fit. */
int run_registry_temp_path(const char *dir, int replication, char *out, size_t size);

#endif
