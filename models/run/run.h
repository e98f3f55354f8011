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

/* ---- Replications in pieces, for spreading them over processes (the MPI layer, cluster/) --
 * A batch has a slot for every replication of a scenario. A process runs some of them
 * (run_batch_run), packs each result into bytes (run_batch_pack) and another process running
 * the same build on the same scenario and options unpacks them into its own batch
 * (run_batch_unpack). Once every replication is present, run_batch_reduce gives exactly the
 * summary run_scenario gives (run_scenario is built on these calls), whatever process ran
 * which replication. The bytes are the structs' memory: same binary only, checked by a
 * header of struct sizes. Not thread-safe on one batch; s must outlive it. */
typedef struct run_batch run_batch;

/* Room for options->replications replications of s (nothing run). 0, or -1 (memory, or
 * replications or threads below 1). The caller destroys *out. */
int run_batch_create(const scenario *s, const run_options *options, run_batch **out);
void run_batch_destroy(run_batch *b);
/* Runs the listed replications (each in range and not yet present) on options->threads
 * threads. Returns 0, or -1 with why naming the first listed replication that failed (the
 * others still ran; see run_batch_failure). */
int run_batch_run(run_batch *b, const int *replications, int count, char *why,
                  size_t why_size);
/* NULL when the replication's results are present; otherwise why not ("not run", or the
 * reason it failed). The text lives as long as the batch. */
const char *run_batch_failure(const run_batch *b, int replication);
/* A present replication's results as bytes: 0 with a malloc'd *bytes (the caller frees) and
 * its *size, or -1 (not present, out of memory). */
int run_batch_pack(const run_batch *b, int replication, void **bytes, size_t *size);
/* Takes a replication's results from run_batch_pack's bytes. 0, or -1 with why (another
 * build or scenario, truncated bytes, out of memory, already present). */
int run_batch_unpack(run_batch *b, int replication, const void *bytes, size_t size, char *why,
                     size_t why_size);
/* Every replication present: the run's summary, as run_scenario. 0, or -1 with why. */
int run_batch_reduce(const run_batch *b, summary *out, char *why, size_t why_size);
/* One present replication alone: the one-replication summary run_one_replication gives. */
int run_batch_reduce_one(const run_batch *b, int replication, summary *out, char *why,
                         size_t why_size);

/* The temporary name under which replication `replication` of an embedded run writes its
 * registry in `dir` (renamed to registry-repN.sqlite when the replication ends), for a caller
 * that must remove it when the process is stopped. Returns 0, or -1 when it does not fit. */
int run_registry_temp_path(const char *dir, int replication, char *out, size_t size);

#endif
