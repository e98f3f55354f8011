/* A 1:N gallery sharded over the ranks of an MPI job: each rank holds one shard (a
 * core_gallery of its own people, e.g. from core_shard_span), rank 0 drives the searches and
 * the other ranks serve them. One search broadcasts the probe and the search options, every
 * rank searches its shard, and rank 0 gathers the best-first lists and merges them with
 * core_shard_merge: the result equals one core_gallery_identify over the whole gallery.
 *
 * Use: rank 0 calls cluster_gallery_identify once per probe and cluster_gallery_stop at the
 * end; every other rank calls cluster_gallery_serve, which returns after the stop. All ranks
 * must enter these calls, or the job waits. With one rank (no launcher) identify is a plain
 * local search. Not thread-safe (see cluster.h). */
#ifndef CLUSTER_GALLERY_H
#define CLUSTER_GALLERY_H

#include <stddef.h>
#include <stdint.h>
#include "core/gallery.h"
#include "core/gallery_index.h"

#define CLUSTER_GALLERY_MAX_CANDIDATES 64 /* per search, the size of each gathered list */

/* What one sharded search cost; arrays have one entry per rank, owned by the caller (NULL to
 * skip). Filled on rank 0 only. */
typedef struct cluster_search_report {
    double *search_s;      /* wall seconds of each rank's local search */
    double *cpu_s;         /* CPU seconds of each rank's process during its search */
    uint64_t *comparisons; /* work per rank, as core_search_stats.work counts it */
    int shard_status;      /* the first failing rank's core status, CORE_OK if none */
    int failed_rank;       /* that rank, or -1 */
    double merge_s;        /* rank 0's merge of the lists */
} cluster_search_report;

/* Rank 0: searches `probe` over every rank's shard with opts (only, only_count must be unset;
 * max_candidates <= CLUSTER_GALLERY_MAX_CANDIDATES; opts->threads is rank 0's own, each server
 * uses the threads given to _serve). Writes the merged candidates to out (room for
 * max_candidates), their number to *n_out and the total comparisons to *comparisons (may be
 * NULL). Returns CLUSTER_OK, CLUSTER_EINVAL (bad arguments, or not rank 0), CLUSTER_ESHARD (a
 * rank's search failed: report->failed_rank, ->shard_status), CLUSTER_ENOMEM or CLUSTER_EMPI. */
int cluster_gallery_identify(const core_gallery *shard, const core_template *probe,
                             const core_search_opts *opts, core_candidate *out, size_t *n_out,
                             uint64_t *comparisons, cluster_search_report *report);

/* The same in the search mode plan gives (NULL: brute force, as _identify): every shard
 * searches its own records in that mode (the index filters each record on its own sketch, so
 * the merged list is the one a single index search over the whole gallery returns), and
 * *comparisons is the total work as core_gallery_search reports it for the whole gallery. */
int cluster_gallery_search(const core_gallery *shard, const core_template *probe,
                           const core_search_opts *opts, const core_search_plan *plan,
                           core_candidate *out, size_t *n_out, uint64_t *comparisons,
                           cluster_search_report *report);

/* Other ranks: answers rank 0's searches against `shard` with `threads` threads each until
 * rank 0 calls cluster_gallery_stop. Returns CLUSTER_OK after the stop, CLUSTER_EMPI if the
 * job broke, CLUSTER_EINVAL on rank 0. A search that fails here is reported to rank 0. */
int cluster_gallery_serve(const core_gallery *shard, int threads);

/* Rank 0: releases the servers. CLUSTER_OK or CLUSTER_EMPI. */
int cluster_gallery_stop(void);

#endif
