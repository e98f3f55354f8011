/* `mpirun -np S ktpcore bench --sharded ...`: the 1:N load test on a gallery split over the
 * ranks of an MPI job. Each rank synthesises only its own block of people; rank 0 makes every
 * probe, cluster_gallery_search broadcasts it (with the search mode), every rank searches its shard and rank 0
 * merges the lists. Rank 0 prints JSON: end-to-end rate and latency percentiles, the merge
 * and communication cost, and per shard its memory, search rate and latency. */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "app/ktpcore_bench.h"
#include "app/ktpcore_bio.h"
#include "cluster/cluster.h"
#include "cluster/cluster_gallery.h"
#include "core/shard.h"
#include "core/status.h"

#define WARMUP_QUERIES 2

/* What each rank tells rank 0 about its shard after building it. */
typedef struct shard_info {
    int32_t status;
    int32_t rank;
    uint64_t first, records, memory_bytes, max_rss_bytes;
    double build_s;
} shard_info;

typedef struct shard_run {
    int ranks;
    shard_info *info;   /* [ranks] */
    double *search_s;   /* [queries x ranks] each rank's search time per query */
    double *cpu_s;      /* [ranks] CPU seconds in searches */
    uint64_t *work;     /* [ranks] comparisons */
    double *merge_s;    /* [queries] */
    double *overhead_s; /* [queries]: latency minus the slowest shard's search */
} shard_run;

static uint64_t max_rss_bytes(void)
{
    struct rusage u;
    return getrusage(RUSAGE_SELF, &u) == 0 ? (uint64_t)u.ru_maxrss * 1024u : 0;
}

/* Builds this rank's shard; returns its info (status CORE_OK or the failure). */
static shard_info build_shard(const bench_cfg *cfg, int rank, int ranks, core_gallery **g)
{
    shard_info me = {CORE_OK, rank, 0, 0, 0, 0, 0.0};
    double t0 = ktpcore_bio_now();
    me.status = core_shard_span((uint64_t)cfg->gallery, ranks, rank, &me.first, &me.records);
    if (me.status == CORE_OK)
        me.status = core_gallery_create(g, (size_t)me.records);
    if (me.status == CORE_OK && cfg->kernel)
        me.status = core_gallery_set_kernel(*g, cfg->kernel);
    if (me.status == CORE_OK)
        me.status = ktpcore_bench_build(cfg, *g, (long long)me.first, (long long)me.records);
    me.build_s = ktpcore_bio_now() - t0;
    me.memory_bytes = *g ? core_gallery_memory_bytes(*g) : 0;
    me.max_rss_bytes = max_rss_bytes();
    return me;
}

static double percentile_ms(const double *values, long long n, long long stride, double q)
{
    double *sorted = malloc((size_t)n * sizeof *sorted);
    if (!sorted)
        return -1.0;
    for (long long i = 0; i < n; i++)
        sorted[i] = values[i * stride];
    qsort(sorted, (size_t)n, sizeof *sorted, ktpcore_bench_cmp_double);
    double v = ktpcore_bench_quantile(sorted, n, q);
    free(sorted);
    return 1e3 * v;
}

/* Rank 0: the warm-up and the measured queries. */
static int drive(const bench_cfg *cfg, const core_gallery *g, shard_run *s, bench_result *r)
{
    core_search_opts o = ktpcore_bench_opts(cfg, (int)cfg->rotations);
    core_candidate c[MAX_CANDIDATES];
    size_t n;
    int rc = CLUSTER_OK;
    for (long long q = -WARMUP_QUERIES; q < cfg->queries && rc == CLUSTER_OK; q++) {
        long long k = q < 0 ? 0 : q; /* warm-up repeats query 0, not counted */
        core_template probe;
        uint64_t mate, comparisons;
        if (ktpcore_bench_probe(cfg, k, &mate, &probe) != CORE_OK)
            return CLUSTER_EINVAL;
        cluster_search_report rep = {s->search_s + k * s->ranks, NULL, NULL, 0, -1, 0.0};
        double cpu[CORE_SHARD_MAX];
        uint64_t work[CORE_SHARD_MAX];
        rep.cpu_s = cpu;
        rep.comparisons = work;
        double start = ktpcore_bio_now();
        rc = cluster_gallery_search(g, &probe, &o, &cfg->search, c, &n, &comparisons, &rep);
        double latency = ktpcore_bio_now() - start;
        if (rc == CLUSTER_ESHARD)
            fprintf(stderr, "ktpcore bench: the search on rank %d failed: %s\n",
                    rep.failed_rank, core_strerror(rep.shard_status));
        if (rc != CLUSTER_OK || q < 0)
            continue;
        double slowest = 0.0;
        for (int i = 0; i < s->ranks; i++) {
            slowest = rep.search_s[i] > slowest ? rep.search_s[i] : slowest;
            s->cpu_s[i] += cpu[i];
            s->work[i] += work[i];
        }
        r->latency_s[q] = latency;
        r->total_s += latency;
        r->comparisons += comparisons;
        s->merge_s[q] = rep.merge_s;
        s->overhead_s[q] = latency - slowest;
        ktpcore_bench_score(cfg, mate, c, n, r);
        ktpcore_bench_candidates_line(cfg, r, q, mate, &probe, c, n, comparisons);
    }
    int stop = cluster_gallery_stop();
    return rc != CLUSTER_OK ? rc : stop;
}

static void print_shard(const bench_cfg *cfg, const shard_run *s, int i)
{
    const shard_info *f = &s->info[i];
    double search = 0.0;
    for (long long q = 0; q < cfg->queries; q++)
        search += s->search_s[q * s->ranks + i];
    printf("%s\n  {\"shard\": %d, \"first_person\": %llu, \"records\": %llu, "
           "\"memory_bytes\": %llu, \"bytes_per_template\": %.1f, \"max_rss_bytes\": %llu, "
           "\"build_s\": %.2f,\n   \"searches_per_s\": %.2f, \"comparisons_per_s\": %.4g, "
           "\"search_ms\": {\"p50\": %.2f, \"p99\": %.2f}, \"cpu_ms_per_query\": %.2f}",
           i ? "," : "", i, (unsigned long long)f->first, (unsigned long long)f->records,
           (unsigned long long)f->memory_bytes,
           f->records ? (double)f->memory_bytes / (double)f->records : 0.0,
           (unsigned long long)f->max_rss_bytes, f->build_s, (double)cfg->queries / search,
           (double)s->work[i] / search,
           percentile_ms(s->search_s + i, cfg->queries, s->ranks, 0.5),
           percentile_ms(s->search_s + i, cfg->queries, s->ranks, 0.99),
           1e3 * s->cpu_s[i] / (double)cfg->queries);
}

static void print_sharded(const bench_cfg *cfg, const shard_run *s, const bench_result *r,
                          double load)
{
    double merge_total = 0.0;
    for (long long q = 0; q < cfg->queries; q++)
        merge_total += s->merge_s[q];
    printf("{\"sharded\": true, \"shards\": %d, \"gallery\": %lld, \"queries\": %lld, "
           "\"mated_queries\": %lld, \"dup_share\": %.3f, \"threads_per_shard\": %lld, "
           "\"rotations\": %lld, \"seed\": %lld,\n", s->ranks, cfg->gallery, cfg->queries,
           r->mated, cfg->dup_share, cfg->threads, cfg->rotations, cfg->seed);
    printf(" ");
    ktpcore_bench_print_search(cfg);
    printf("\"loadavg_1min_at_start\": %.2f,\n", load);
    printf(" \"identifies_per_s\": %.2f, \"comparisons_per_s\": %.4g,\n",
           (double)cfg->queries / r->total_s, (double)r->comparisons / r->total_s);
    printf(" \"latency_ms\": {\"p50\": %.2f, \"p90\": %.2f, \"p99\": %.2f, \"max\": %.2f},\n",
           percentile_ms(r->latency_s, cfg->queries, 1, 0.5),
           percentile_ms(r->latency_s, cfg->queries, 1, 0.9),
           percentile_ms(r->latency_s, cfg->queries, 1, 0.99),
           percentile_ms(r->latency_s, cfg->queries, 1, 1.0));
    /* The merge is rank 0's k-way join; the overhead is everything a query costs beyond its
     * slowest shard: broadcast, gather and merge. */
    printf(" \"merge_us\": {\"mean\": %.2f, \"p99\": %.2f},\n",
           1e6 * merge_total / (double)cfg->queries,
           1e3 * percentile_ms(s->merge_s, cfg->queries, 1, 0.99));
    printf(" \"overhead_ms\": {\"p50\": %.3f, \"p99\": %.3f},\n",
           percentile_ms(s->overhead_s, cfg->queries, 1, 0.5),
           percentile_ms(s->overhead_s, cfg->queries, 1, 0.99));
    printf(" \"per_shard\": [");
    for (int i = 0; i < s->ranks; i++)
        print_shard(cfg, s, i);
    printf("],\n");
    ktpcore_bench_print_rates(cfg, r);
}

static int alloc_run(const bench_cfg *cfg, int ranks, shard_run *s, bench_result *r)
{
    size_t q = (size_t)cfg->queries;
    s->ranks = ranks;
    s->search_s = calloc(q * (size_t)ranks, sizeof *s->search_s);
    s->cpu_s = calloc((size_t)ranks, sizeof *s->cpu_s);
    s->work = calloc((size_t)ranks, sizeof *s->work);
    s->merge_s = calloc(q, sizeof *s->merge_s);
    s->overhead_s = calloc(q, sizeof *s->overhead_s);
    r->latency_s = calloc(q, sizeof *r->latency_s);
    return s->search_s && s->cpu_s && s->work && s->merge_s && s->overhead_s &&
           r->latency_s ? CORE_OK : CORE_ENOMEM;
}

static void free_run(shard_run *s, bench_result *r)
{
    free(s->search_s), free(s->cpu_s), free(s->work);
    free(s->merge_s), free(s->overhead_s), free(r->latency_s);
}

/* Rank 0 after the shards are built: checks them, runs the queries, prints. 0, 1 or 2. */
static int lead(const bench_cfg *cfg, const core_gallery *g, shard_run *s, double load)
{
    bench_result r = {0};
    for (int i = 0; i < s->ranks; i++)
        if (s->info[i].status != CORE_OK) {
            fprintf(stderr, "ktpcore bench --sharded: rank %d could not build its shard: %s\n",
                    i, core_strerror(s->info[i].status));
            cluster_abort(1);
        }
    int rc = alloc_run(cfg, s->ranks, s, &r) == CORE_OK ? CLUSTER_OK : CLUSTER_ENOMEM;
    if (rc == CLUSTER_OK && ktpcore_bench_candidates_open(cfg, &r) != CORE_OK) {
        fprintf(stderr, "ktpcore bench: cannot write %s\n", cfg->candidates);
        cluster_abort(1);
    }
    if (rc == CLUSTER_OK)
        rc = drive(cfg, g, s, &r);
    if (ktpcore_bench_candidates_close(cfg, &r, rc == CLUSTER_OK) != CORE_OK) {
        fprintf(stderr, "ktpcore bench: cannot write %s\n", cfg->candidates);
        rc = CLUSTER_EINVAL;
    }
    if (rc == CLUSTER_OK)
        print_sharded(cfg, s, &r, load);
    else if (rc != CLUSTER_ESHARD)
        fprintf(stderr, "ktpcore bench --sharded: %s\n", cluster_strerror(rc));
    free_run(s, &r);
    return rc == CLUSTER_OK ? 0 : 1;
}

int ktpcore_bench_sharded(const bench_cfg *cfg)
{
    int rank, ranks;
    if (cluster_start(NULL, NULL, &rank, &ranks) != CLUSTER_OK) {
        fprintf(stderr, "ktpcore bench --sharded: cannot join the MPI job\n");
        return 1;
    }
    if (ranks > CORE_SHARD_MAX || ranks > cfg->gallery) {
        if (rank == 0)
            fprintf(stderr, "ktpcore bench --sharded: %d ranks for %lld people; use at most "
                    "one rank per person and %d ranks\n", ranks, cfg->gallery, CORE_SHARD_MAX);
        cluster_finish();
        return KTPCORE_USAGE;
    }
    double load = ktpcore_bio_loadavg();
    core_gallery *g = NULL;
    shard_info me = build_shard(cfg, rank, ranks, &g);
    shard_info *all = rank == 0 ? calloc((size_t)ranks, sizeof *all) : NULL;
    shard_run s = {.ranks = ranks, .info = all};
    int rc = rank == 0 && !all ? CLUSTER_ENOMEM : cluster_gather(&me, sizeof me, all);
    int code = 1;
    if (rc != CLUSTER_OK) {
        fprintf(stderr, "ktpcore bench --sharded: rank %d: %s\n", rank, cluster_strerror(rc));
        cluster_abort(1);
    }
    if (rank == 0) {
        code = lead(cfg, g, &s, load);
    } else {
        rc = me.status == CORE_OK ? cluster_gallery_serve(g, (int)cfg->threads) : CLUSTER_OK;
        code = rc == CLUSTER_OK ? 0 : 1;
    }
    free(all);
    core_gallery_destroy(g);
    cluster_finish();
    return code;
}
