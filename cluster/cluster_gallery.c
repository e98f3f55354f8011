/* The sharded search over MPI: a fixed-size request (options and probe) is broadcast, each
 * rank answers with a fixed-size reply (status, work, time, its best list), and rank 0 merges
 * the replies with core_shard_merge. Fixed sizes keep every exchange one collective. */
#include "cluster/cluster_gallery.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cluster/cluster.h"
#include "core/shard.h"
#include "core/status.h"

typedef struct request {
    int32_t stop;
    int32_t rotations;
    int32_t mode, radius; /* core_search_plan */
    uint64_t max_candidates;
    double report_below;
    core_template probe;
} request;

typedef struct reply {
    int32_t status; /* the shard's core status */
    uint32_t count;
    uint64_t comparisons, scanned; /* exact comparisons, sketches scanned */
    double search_s, cpu_s;
    core_candidate list[CLUSTER_GALLERY_MAX_CANDIDATES];
} reply;

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void answer(const core_gallery *shard, const request *rq, int threads, reply *out)
{
    core_search_opts o = {rq->rotations, threads, (size_t)rq->max_candidates,
                          rq->report_below, NULL, 0};
    core_search_plan plan = {(core_search_mode)rq->mode, rq->radius};
    core_search_stats st = {0};
    size_t n = 0;
    memset(out, 0, sizeof *out);
    double t0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    out->status = core_gallery_search(shard, &rq->probe, &o, &plan, out->list, &n, &st);
    out->comparisons = st.comparisons;
    out->scanned = st.scanned;
    out->search_s = seconds(CLOCK_MONOTONIC) - t0;
    out->cpu_s = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    out->count = (uint32_t)n;
}

int cluster_gallery_serve(const core_gallery *shard, int threads)
{
    int rank, ranks;
    if (cluster_world(&rank, &ranks) != CLUSTER_OK || rank == 0 || !shard)
        return CLUSTER_EINVAL;
    request *rq = malloc(sizeof *rq);
    reply *rp = malloc(sizeof *rp);
    int rc = rq && rp ? CLUSTER_OK : CLUSTER_ENOMEM;
    while (rc == CLUSTER_OK && (rc = cluster_broadcast(rq, sizeof *rq)) == CLUSTER_OK &&
           !rq->stop) {
        answer(shard, rq, threads, rp);
        rc = cluster_gather(rp, sizeof *rp, NULL);
    }
    free(rq);
    free(rp);
    return rc;
}

int cluster_gallery_stop(void)
{
    request *rq = malloc(sizeof *rq);
    if (!rq)
        return CLUSTER_ENOMEM;
    memset(rq, 0, sizeof *rq);
    rq->stop = 1;
    int rc = cluster_broadcast(rq, sizeof *rq);
    free(rq);
    return rc;
}

/* Merges the replies into out; fills the report. */
static int merge(const reply *all, int ranks, size_t k, core_candidate *out, size_t *n_out,
                 uint64_t *comparisons, cluster_search_report *report)
{
    const core_candidate *lists[CORE_SHARD_MAX];
    size_t counts[CORE_SHARD_MAX];
    uint64_t total = 0, scanned = 0;
    report->shard_status = CORE_OK;
    report->failed_rank = -1;
    for (int r = 0; r < ranks; r++) {
        if (all[r].status != CORE_OK && report->failed_rank < 0) {
            report->shard_status = all[r].status;
            report->failed_rank = r;
        }
        lists[r] = all[r].list;
        counts[r] = all[r].count;
        total += all[r].comparisons;
        scanned += all[r].scanned;
        if (report->search_s)
            report->search_s[r] = all[r].search_s;
        if (report->cpu_s)
            report->cpu_s[r] = all[r].cpu_s;
        if (report->comparisons)
            report->comparisons[r] = core_search_work(all[r].comparisons, all[r].scanned);
    }
    if (comparisons)
        *comparisons = core_search_work(total, scanned);
    if (report->failed_rank >= 0)
        return CLUSTER_ESHARD;
    double t0 = seconds(CLOCK_MONOTONIC);
    int rc = core_shard_merge(lists, counts, ranks, k, out, n_out);
    report->merge_s = seconds(CLOCK_MONOTONIC) - t0;
    if (rc != CORE_OK) {
        report->shard_status = rc;
        return CLUSTER_ESHARD;
    }
    return CLUSTER_OK;
}

int cluster_gallery_identify(const core_gallery *shard, const core_template *probe,
                             const core_search_opts *opts, core_candidate *out, size_t *n_out,
                             uint64_t *comparisons, cluster_search_report *report)
{
    return cluster_gallery_search(shard, probe, opts, NULL, out, n_out, comparisons, report);
}

int cluster_gallery_search(const core_gallery *shard, const core_template *probe,
                           const core_search_opts *opts, const core_search_plan *plan,
                           core_candidate *out, size_t *n_out, uint64_t *comparisons,
                           cluster_search_report *report)
{
    core_search_plan brute = {CORE_SEARCH_BRUTE, 0};
    if (!plan)
        plan = &brute;
    int rank, ranks;
    if (cluster_world(&rank, &ranks) != CLUSTER_OK || rank != 0 || !shard || !probe || !opts ||
        !n_out || opts->only || opts->only_count ||
        opts->max_candidates > CLUSTER_GALLERY_MAX_CANDIDATES || ranks > CORE_SHARD_MAX ||
        (opts->max_candidates && !out))
        return CLUSTER_EINVAL;
    *n_out = 0;
    cluster_search_report none = {0};
    if (!report)
        report = &none;
    request *rq = malloc(sizeof *rq);
    reply *all = malloc((size_t)ranks * sizeof *all);
    int rc = rq && all ? CLUSTER_OK : CLUSTER_ENOMEM;
    if (rc == CLUSTER_OK) {
        memset(rq, 0, sizeof *rq);
        *rq = (request){0, opts->rotations, (int32_t)plan->mode, plan->radius,
                        opts->max_candidates, opts->report_below, *probe};
        rc = cluster_broadcast(rq, sizeof *rq);
    }
    if (rc == CLUSTER_OK) {
        /* Rank 0's own answer goes straight into its slot of the gathered array. */
        reply mine;
        answer(shard, rq, opts->threads, &mine);
        rc = cluster_gather(&mine, sizeof mine, all);
    }
    if (rc == CLUSTER_OK)
        rc = merge(all, ranks, opts->max_candidates, out, n_out, comparisons, report);
    free(rq);
    free(all);
    return rc;
}
