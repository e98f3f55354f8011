/* `ktpcore bench`: the 1:N load test. Builds a synthetic gallery, runs identify queries (a
 * share of them new captures of enrolled people), and reports throughput, latency, FNIR and
 * FPIR, and the search's speed against a plain read of the same gallery bytes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/ktpcore_bio.h"
#include "app/ktpcore_bench.h"
#include "app/ktpcore_cmds.h"
#include "core/gallery.h"
#include "core/status.h"

#define BUILD_CHUNK 4096

typedef struct synth_job {
    const bench_cfg *cfg;
    core_template *out;
    long long first, count; /* people first .. first + count - 1 (0-based) */
    int failed;
} synth_job;

static void *synth_worker(void *arg)
{
    synth_job *j = arg;
    for (long long k = 0; k < j->count; k++)
        if (core_iris_synth(ktpcore_bio_seed((uint64_t)j->cfg->seed, (uint64_t)(j->first + k)),
                            0, NULL, &j->out[k]) != CORE_OK)
            j->failed = 1;
    return NULL;
}

/* Enrols people first .. first + count - 1 (person id = index + 1), synthesising in
 * parallel. */
int ktpcore_bench_build(const bench_cfg *cfg, core_gallery *g, long long first_person,
                        long long count_people)
{
    int t = (int)cfg->threads;
    core_template *buf = aligned_alloc(64, (size_t)t * BUILD_CHUNK * sizeof *buf);
    if (!buf)
        return CORE_ENOMEM;
    int rc = CORE_OK;
    long long end = first_person + count_people;
    for (long long first = first_person; first < end && rc == CORE_OK;
         first += (long long)t * BUILD_CHUNK) {
        synth_job jobs[MAX_THREADS];
        for (int i = 0; i < t; i++) {
            long long begin = first + (long long)i * BUILD_CHUNK;
            long long count = end - begin < BUILD_CHUNK ? end - begin : BUILD_CHUNK;
            jobs[i] = (synth_job){cfg, buf + (size_t)i * BUILD_CHUNK, begin,
                                  count > 0 ? count : 0, 0};
        }
        ktpcore_bio_parallel(jobs, sizeof *jobs, t, synth_worker);
        for (int i = 0; i < t; i++) {
            rc = jobs[i].failed ? CORE_EINVAL : rc;
            for (long long k = 0; k < jobs[i].count && rc == CORE_OK; k++)
                rc = core_gallery_insert(g, (uint64_t)(jobs[i].first + k + 1), &jobs[i].out[k]);
        }
    }
    free(buf);
    return rc;
}


/* Query q: mated (a new capture of an enrolled person) for the first dup_share of queries. */
int ktpcore_bench_probe(const bench_cfg *cfg, long long q, uint64_t *mate, core_template *probe)
{
    return ktpcore_bio_probe((uint64_t)cfg->seed, cfg->gallery, cfg->queries, cfg->dup_share, q,
                             mate, probe);
}

void ktpcore_bench_score(const bench_cfg *cfg, uint64_t mate, const core_candidate *c, size_t n,
                        bench_result *r)
{
    for (int t = 0; t < cfg->n_thresholds; t++) {
        double thr = cfg->thresholds[t];
        bool found = false, any = n > 0 && c[0].score <= thr;
        for (size_t i = 0; i < n; i++)
            found |= c[i].person_id == mate && c[i].score <= thr;
        if (mate)
            r->misses[t] += !found;
        else
            r->false_hits[t] += any;
    }
    if (mate)
        r->mated++;
    else
        r->non_mated++;
}

int ktpcore_bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double ktpcore_bench_quantile(double *sorted, long long n, double q)
{
    long long k = (long long)ceil(q * (double)n) - 1; /* nearest rank */
    return sorted[k < 0 ? 0 : k >= n ? n - 1 : k];
}

core_search_opts ktpcore_bench_opts(const bench_cfg *cfg, int rotations)
{
    double worst = 0.0;
    for (int t = 0; t < cfg->n_thresholds; t++)
        worst = cfg->thresholds[t] > worst ? cfg->thresholds[t] : worst;
    core_search_opts o = {rotations, (int)cfg->threads, MAX_CANDIDATES, worst + 1e-12, NULL, 0};
    return o;
}

void ktpcore_bench_print_search(const bench_cfg *cfg)
{
    bool index = cfg->search.mode == CORE_SEARCH_INDEX;
    printf("\"search\": \"%s\", \"radius\": %d, ", index ? "index" : "brute",
           index ? (cfg->search.radius ? cfg->search.radius : CORE_INDEX_DEFAULT_RADIUS) : 0);
}

/* One identify in the mode the options chose; *work as core_gallery_identify counts it. */
static int bench_search(const bench_cfg *cfg, const core_gallery *g, const core_template *probe,
                  const core_search_opts *o, core_candidate *c, size_t *n, uint64_t *work)
{
    core_search_stats st;
    int rc = core_gallery_search(g, probe, o, &cfg->search, c, n, &st);
    if (rc == CORE_OK && work)
        *work = st.work;
    return rc;
}

static int run_queries(const bench_cfg *cfg, const core_gallery *g, bench_result *r)
{
    core_search_opts o = ktpcore_bench_opts(cfg, (int)cfg->rotations);
    core_candidate c[MAX_CANDIDATES];
    size_t n;
    for (long long q = 0; q < cfg->queries; q++) {
        core_template probe;
        uint64_t mate, comparisons;
        int rc = ktpcore_bench_probe(cfg, q, &mate, &probe);
        double cpu = ktpcore_bio_cpu(), start = ktpcore_bio_now();
        if (rc == CORE_OK)
            rc = bench_search(cfg, g, &probe, &o, c, &n, &comparisons);
        if (rc != CORE_OK)
            return rc;
        r->latency_s[q] = ktpcore_bio_now() - start;
        r->cpu_s += ktpcore_bio_cpu() - cpu;
        r->total_s += r->latency_s[q];
        r->comparisons += comparisons;
        ktpcore_bench_score(cfg, mate, c, n, r);
        ktpcore_bench_candidates_line(cfg, r, q, mate, &probe, c, n, comparisons);
    }
    return CORE_OK;
}

/* Plain reads and searches alternate, so both see the same machine load; medians of 7. */
static int measure_bandwidth(const bench_cfg *cfg, const core_gallery *g, bench_result *r)
{
    enum { REPEATS = 7 };
    double scan[REPEATS], search[REPEATS];
    core_search_opts o = ktpcore_bench_opts(cfg, (int)cfg->rotations);
    core_candidate c[MAX_CANDIDATES];
    core_template probe;
    size_t n;
    uint64_t mate, sum;
    int rc = ktpcore_bench_probe(cfg, cfg->queries - 1, &mate, &probe);
    for (int k = 0; k < REPEATS && rc == CORE_OK; k++) {
        double t0 = ktpcore_bio_now();
        rc = core_gallery_scan(g, (int)cfg->threads, &sum);
        double t1 = ktpcore_bio_now();
        if (rc == CORE_OK)
            rc = bench_search(cfg, g, &probe, &o, c, &n, NULL);
        scan[k] = t1 - t0;
        search[k] = ktpcore_bio_now() - t1;
    }
    qsort(scan, REPEATS, sizeof *scan, ktpcore_bench_cmp_double);
    qsort(search, REPEATS, sizeof *search, ktpcore_bench_cmp_double);
    r->scan_s = scan[REPEATS / 2];
    r->search_s = search[REPEATS / 2];
    return rc;
}

void ktpcore_bench_print_rates(const bench_cfg *cfg, const bench_result *r)
{
    printf(" \"thresholds\": [");
    for (int t = 0; t < cfg->n_thresholds; t++) {
        /* Expected FPIR from the binomial model (249 dof, independent rotations, two eyes):
         * 1 - (1 - fmr)^N for a gallery of N. */
        double fmr = ktpcore_bio_fused_cdf(cfg->thresholds[t], 249, 0.5, (double)cfg->rotations);
        double model = -expm1((double)cfg->gallery * log1p(-fmr));
        printf("%s\n  {\"threshold\": %.3f, \"fnir\": %.6g, \"fnir_misses\": %lld, "
               "\"fpir\": %.6g, \"fpir_false_hits\": %lld, \"fpir_binomial_model\": %.3g}",
               t ? "," : "", cfg->thresholds[t],
               r->mated ? (double)r->misses[t] / (double)r->mated : 0.0, r->misses[t],
               r->non_mated ? (double)r->false_hits[t] / (double)r->non_mated : 0.0,
               r->false_hits[t], model);
    }
    printf("\n ]}\n");
}

static void print_result(const bench_cfg *cfg, const core_gallery *g, const bench_result *r,
                         double build_s, double load)
{
    double *sorted = r->latency_s;
    qsort(sorted, (size_t)cfg->queries, sizeof *sorted, ktpcore_bench_cmp_double);
    double bytes = (double)core_gallery_count(g) * sizeof(core_template);
    printf("{\"gallery\": %lld, \"queries\": %lld, \"mated_queries\": %lld, \"dup_share\": %.3f, "
           "\"threads\": %lld, \"rotations\": %lld, \"kernel\": \"%s\", \"seed\": %lld,\n",
           cfg->gallery, cfg->queries, r->mated, cfg->dup_share, cfg->threads, cfg->rotations,
           core_gallery_kernel(g), cfg->seed);
    printf(" ");
    ktpcore_bench_print_search(cfg);
    printf("\"loadavg_1min_at_start\": %.2f, \"build_s\": %.2f,\n", load, build_s);
    printf(" \"identifies_per_s\": %.2f, \"comparisons_per_s\": %.4g,\n",
           (double)cfg->queries / r->total_s, (double)r->comparisons / r->total_s);
    printf(" \"latency_ms\": {\"p50\": %.2f, \"p99\": %.2f, \"max\": %.2f},\n",
           1e3 * ktpcore_bench_quantile(sorted, cfg->queries, 0.5),
           1e3 * ktpcore_bench_quantile(sorted, cfg->queries, 0.99),
           1e3 * sorted[cfg->queries - 1]);
    /* CPU time is what the search costs whatever else runs; with the cores to itself a query
     * would take about cpu / threads (the search is split evenly). */
    printf(" \"cpu_ms_per_query\": %.2f,\n", 1e3 * r->cpu_s / (double)cfg->queries);
    printf(" \"bytes_per_template\": %.1f, \"template_bytes\": %zu, \"gallery_bytes\": %.0f,\n",
           (double)core_gallery_memory_bytes(g) / (double)core_gallery_count(g),
           sizeof(core_template), bytes);
    printf(" \"plain_read_gb_per_s\": %.2f, \"search_gb_per_s\": %.2f, "
           "\"bandwidth_ratio\": %.3f,\n", bytes / r->scan_s / 1e9, bytes / r->search_s / 1e9,
           r->scan_s / r->search_s);
    ktpcore_bench_print_rates(cfg, r);
}

static int write_calibration(const bench_cfg *cfg, const core_gallery *g, const bench_result *r,
                             double load)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", cfg->calibrate) >= (int)sizeof tmp)
        return CORE_EINVAL;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return CORE_EIO;
    fprintf(f, "{\"comparisons_per_s\": %.6g, \"identifies_per_s\": %.6g, \"threads\": %lld, "
               "\"rotations\": %lld, \"gallery\": %lld, \"kernel\": \"%s\", "
               "\"eyes\": 2, \"bytes_per_template\": %zu, \"cpu_ms_per_query\": %.3f, "
               "\"loadavg_1min_at_start\": %.2f}\n",
            (double)r->comparisons / r->total_s, (double)cfg->queries / r->total_s,
            cfg->threads, cfg->rotations, cfg->gallery, core_gallery_kernel(g),
            sizeof(core_template), 1e3 * r->cpu_s / (double)cfg->queries, load);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, cfg->calibrate) != 0) {
        remove(tmp);
        return CORE_EIO;
    }
    return CORE_OK;
}

static const char usage_line[] =
    "usage: ktpcore bench --gallery N --queries M [--dup-share R] [--threads T] "
    "[--rotations R] [--threshold H]... [--seed S] [--kernel NAME] [--calibrate FILE] "
    "[--candidates FILE] [--json] [--search brute|index] [--radius R]\n"
    "       mpirun -np S ktpcore bench --sharded --gallery N --queries M [same options]\n"
    "       ktpcore bench --index --gallery N ... (see docs/index.md)";

/* why: the message, or NULL when the problem was already reported. */
static int bench_usage(const char *why)
{
    return ktpcore_bio_usage("ktpcore bench", why, usage_line);
}

static int parse_bench(int argc, char **argv, bench_cfg *c)
{
    *c = (bench_cfg){0, 0, 0, CORE_IRIS_DEFAULT_ROTATIONS, 1, 0.5, {0}, 0, NULL, NULL, NULL,
                     false, false, {CORE_SEARCH_BRUTE, 0}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool ok = true;
        if (strcmp(a, "--gallery") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 100000000LL, &c->gallery);
        else if (strcmp(a, "--queries") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 100000000LL, &c->queries);
        else if (strcmp(a, "--threads") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, MAX_THREADS, &c->threads);
        else if (strcmp(a, "--rotations") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, CORE_IRIS_MAX_ROTATIONS, &c->rotations);
        else if (strcmp(a, "--seed") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 0, INT64_MAX, &c->seed);
        else if (strcmp(a, "--dup-share") == 0)
            ok = ktpcore_bio_double(argc, argv, &i, 0.0, 1.0, &c->dup_share);
        else if (strcmp(a, "--threshold") == 0 && c->n_thresholds < MAX_THRESHOLDS)
            ok = ktpcore_bio_double(argc, argv, &i, -1.0, 1.0, &c->thresholds[c->n_thresholds++]);
        else if ((strcmp(a, "--calibrate") == 0 || strcmp(a, "--kernel") == 0) && i + 1 < argc)
            *(a[2] == 'c' ? &c->calibrate : &c->kernel) = argv[++i];
        else if (strcmp(a, "--candidates") == 0 && i + 1 < argc)
            c->candidates = argv[++i];
        else if (strcmp(a, "--json") == 0)
            c->json = true;
        else if (strcmp(a, "--sharded") == 0)
            c->sharded = true;
        else if (strcmp(a, "--search") == 0 && i + 1 < argc &&
                 (strcmp(argv[i + 1], "brute") == 0 || strcmp(argv[i + 1], "index") == 0))
            c->search.mode = strcmp(argv[++i], "index") == 0 ? CORE_SEARCH_INDEX
                                                             : CORE_SEARCH_BRUTE;
        else if (strcmp(a, "--radius") == 0) {
            long long radius = 0;
            ok = ktpcore_bio_long(argc, argv, &i, 1, CORE_INDEX_BITS, &radius);
            c->search.radius = (int)radius;
        }
        else if (strcmp(a, "--help") == 0) {
            printf("%s\nBuilds a gallery of N synthetic people, runs M identify queries (share R "
                   "are new captures of enrolled people) and prints JSON: rates, latency, "
                   "FNIR/FPIR per threshold (default 0.30 0.33 0.35), and the search speed "
                   "against a plain read of the gallery. --candidates writes every query's "
                   "candidates and decision. --sharded splits the gallery over the MPI ranks "
                   "(threads default to 1 per rank) and reports per-shard memory, throughput, "
                   "latency percentiles and the merge cost (docs/mpi.md). --search index searches "
                   "through the sketch index (radius R of %d bits, default %d; docs/index.md), "
                   "on every shard when sharded.\n", usage_line, CORE_INDEX_BITS,
                   CORE_INDEX_DEFAULT_RADIUS);
            return -1; /* handled: exit 0 */
        } else {
            fprintf(stderr, "ktpcore bench: unknown option, missing value or more than %d "
                            "--threshold: '%s'\n", MAX_THRESHOLDS, a);
            return bench_usage(NULL);
        }
        if (!ok)
            return bench_usage(NULL);
    }
    if (!c->gallery || !c->queries)
        return bench_usage("--gallery N and --queries M are required");
    if (c->rotations % 2 == 0)
        return bench_usage("--rotations must be odd");
    if (c->search.radius && c->search.mode != CORE_SEARCH_INDEX)
        return bench_usage("--radius needs --search index");
    if (c->threads == 0) /* sharded: one rank per core is the usual layout */
        c->threads = c->sharded ? 1 : 2;
    if (c->n_thresholds == 0) { /* the dedup defaults (match 0.30, review 0.33) and 0.35 */
        c->thresholds[0] = 0.30, c->thresholds[1] = 0.33, c->thresholds[2] = 0.35;
        c->n_thresholds = 3;
    }
    return 0;
}

int ktpcore_cmd_bench(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--index") == 0)
            return ktpcore_cmd_bench_index(argc, argv);
    bench_cfg cfg;
    int rc = parse_bench(argc, argv, &cfg);
    if (rc)
        return rc < 0 ? 0 : rc;
    if (cfg.sharded)
        return ktpcore_bench_sharded(&cfg);
    core_gallery *g = NULL;
    bench_result r = {0};
    r.latency_s = calloc((size_t)cfg.queries, sizeof *r.latency_s);
    if (!r.latency_s || core_gallery_create(&g, (size_t)cfg.gallery) != CORE_OK) {
        fprintf(stderr, "ktpcore bench: not enough memory for %lld templates\n", cfg.gallery);
        free(r.latency_s);
        return 1;
    }
    if (cfg.kernel && core_gallery_set_kernel(g, cfg.kernel) != CORE_OK) {
        fprintf(stderr, "ktpcore bench: kernel '%s' unknown or not supported by this CPU\n",
                cfg.kernel);
        core_gallery_destroy(g);
        free(r.latency_s);
        return KTPCORE_USAGE;
    }
    double load = ktpcore_bio_loadavg(), t0 = ktpcore_bio_now();
    rc = ktpcore_bench_build(&cfg, g, 0, cfg.gallery);
    double build_s = ktpcore_bio_now() - t0;
    if (rc == CORE_OK)
        rc = measure_bandwidth(&cfg, g, &r); /* also warms caches and page tables */
    if (rc == CORE_OK && (rc = ktpcore_bench_candidates_open(&cfg, &r)) != CORE_OK)
        fprintf(stderr, "ktpcore bench: cannot write %s\n", cfg.candidates);
    if (rc == CORE_OK)
        rc = run_queries(&cfg, g, &r);
    if (r.candidates && ktpcore_bench_candidates_close(&cfg, &r, rc == CORE_OK) != CORE_OK &&
        rc == CORE_OK) {
        fprintf(stderr, "ktpcore bench: cannot write %s\n", cfg.candidates);
        rc = CORE_EIO;
    }
    if (rc == CORE_OK && cfg.calibrate && write_calibration(&cfg, g, &r, load) != CORE_OK) {
        fprintf(stderr, "ktpcore bench: cannot write %s\n", cfg.calibrate);
        rc = CORE_EIO;
    }
    if (rc == CORE_OK)
        print_result(&cfg, g, &r, build_s, load);
    else if (rc != CORE_EIO)
        fprintf(stderr, "ktpcore bench: %s\n", core_strerror(rc));
    core_gallery_destroy(g);
    free(r.latency_s);
    return rc == CORE_OK ? 0 : 1;
}
