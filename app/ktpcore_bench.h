/* Shared parts of `ktpcore bench` (app/ktpcore_bio_bench.c) and its sharded form over MPI
 * (app/ktpcore_shard_bench.c): the options, the synthetic people and probes, accuracy
 * counting, and the per-query candidate file that lets runs on any number of shards be
 * compared with `cmp`. */
#ifndef KTPCORE_BENCH_H
#define KTPCORE_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "core/gallery.h"
#include "core/gallery_index.h"

#define MAX_THRESHOLDS 8
#define MAX_CANDIDATES 10
#define MAX_THREADS 64

typedef struct bench_cfg {
    long long gallery, queries, threads, rotations, seed;
    double dup_share;
    double thresholds[MAX_THRESHOLDS];
    int n_thresholds;
    const char *calibrate, *kernel;
    const char *candidates; /* --candidates FILE: every query's list and decision, or NULL */
    bool json, sharded;
    core_search_plan search; /* --search brute|index, --radius R (docs/index.md) */
} bench_cfg;

typedef struct bench_result {
    double *latency_s;
    double total_s, cpu_s; /* wall time in searches; CPU time of all threads in them */
    uint64_t comparisons;
    long long mated, non_mated;
    long long misses[MAX_THRESHOLDS];      /* mated: mate not returned at or below t */
    long long false_hits[MAX_THRESHOLDS];  /* non-mated: someone returned at or below t */
    double scan_s, search_s;               /* medians over the bandwidth repeats */
    FILE *candidates;                      /* open --candidates file (temporary name) */
} bench_result;

/* Enrols people first_person .. first_person + count_people - 1 (0-based; person id = index
 * + 1) into g, synthesising on cfg->threads threads. CORE_OK, CORE_ENOMEM or CORE_EINVAL. */
int ktpcore_bench_build(const bench_cfg *cfg, core_gallery *g, long long first_person,
                        long long count_people);
/* Query q's probe and the id of its mate (0 for someone never enrolled). */
int ktpcore_bench_probe(const bench_cfg *cfg, long long q, uint64_t *mate, core_template *probe);
/* Counts misses and false hits of one query's candidates at every threshold. */
void ktpcore_bench_score(const bench_cfg *cfg, uint64_t mate, const core_candidate *c, size_t n,
                         bench_result *r);
core_search_opts ktpcore_bench_opts(const bench_cfg *cfg, int rotations);
/* `"search": "index", "radius": 44, ` (or brute) for the JSON heads. */
void ktpcore_bench_print_search(const bench_cfg *cfg);
int ktpcore_bench_cmp_double(const void *a, const void *b);
double ktpcore_bench_quantile(double *sorted, long long n, double q); /* nearest rank */
/* Prints the "thresholds" array (FNIR, FPIR) and closes the JSON object. */
void ktpcore_bench_print_rates(const bench_cfg *cfg, const bench_result *r);

/* The candidate file: opened under FILE.tmp, one line per query (query, mate, the dedup
 * decision of core_dedup_decide with default thresholds, the search's work, then every
 * candidate's id and score to 17 digits), renamed to FILE only when the run succeeded. _open returns CORE_OK with
 * r->candidates NULL when no file was asked for; _close removes the temporary file when !ok
 * and returns CORE_EIO if writing failed. */
int ktpcore_bench_candidates_open(const bench_cfg *cfg, bench_result *r);
void ktpcore_bench_candidates_line(const bench_cfg *cfg, bench_result *r, long long q,
                                   uint64_t mate, const core_template *probe,
                                   const core_candidate *c, size_t n, uint64_t comparisons);
int ktpcore_bench_candidates_close(const bench_cfg *cfg, bench_result *r, bool ok);

/* app/ktpcore_shard_bench.c: `ktpcore bench --sharded`, one shard per MPI rank. */
int ktpcore_bench_sharded(const bench_cfg *cfg);

#endif
