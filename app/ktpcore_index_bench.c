/* `ktpcore bench --index`: brute force and the sketch index on the same gallery and probes in
 * one run. Prints JSON: the brute-force baseline, then per index radius the speed-up in work
 * and wall time, recall with its Wilson interval, FPIR, and how often the two searches decided
 * differently; plus index memory and insert time per person. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/ktpcore_bio.h"
#include "app/ktpcore_cmds.h"
#include "core/gallery.h"
#include "core/gallery_index.h"
#include "core/status.h"

#define MAX_RADII 16
#define MAX_CANDIDATES 10
#define MAX_THREADS 64

typedef struct index_cfg {
    long long gallery, mated, non_mated, threads, seed, brute_every;
    double threshold, genuine_mean, genuine_spread;
    long long radii[MAX_RADII];
    int n_radii;
} index_cfg;

/* One search mode over the probes q with q % stride == 0. */
typedef struct run_result {
    long long stride;
    double wall_s;
    uint64_t work, candidates;
    long long mated, non_mated;  /* probes searched */
    long long found, false_hits; /* mated: mate at or below threshold; non-mated: anyone */
    long long findable, found_findable; /* mated probes whose mate scores at or below the
                                           threshold (brute force finds them), and found */
    uint64_t *decision;          /* per probe: best person at or below threshold, or 0 */
    unsigned char *mate_found;   /* per probe: 1 if the mate was returned */
} run_result;

typedef struct synth_job {
    const core_synth_params *params;
    uint64_t seed;
    core_template *out;
    long long first, count;
    int failed;
} synth_job;

static void *synth_worker(void *arg)
{
    synth_job *j = arg;
    for (long long k = 0; k < j->count; k++)
        j->failed |= core_iris_synth(ktpcore_bio_seed(j->seed, (uint64_t)(j->first + k)), 0,
                                     j->params, &j->out[k]) != CORE_OK;
    return NULL;
}

/* Probes 0 .. mated-1 are new captures of enrolled people (mate[q] = person id); the rest
 * are people never enrolled (mate[q] = 0). */
static int make_probes(const index_cfg *c, const core_synth_params *sp, core_template *probes,
                       uint64_t *mate)
{
    for (long long q = 0; q < c->mated + c->non_mated; q++) {
        int rc;
        if (q < c->mated) {
            uint64_t person = ktpcore_bio_seed((uint64_t)c->seed ^ 0xabcdefULL, (uint64_t)q) %
                              (uint64_t)c->gallery;
            mate[q] = person + 1;
            rc = core_iris_synth(ktpcore_bio_seed((uint64_t)c->seed, person), 1 + (uint32_t)q,
                                 sp, &probes[q]);
        } else {
            mate[q] = 0;
            rc = core_iris_synth(ktpcore_bio_seed((uint64_t)c->seed,
                                                  (uint64_t)(c->gallery + q)), 0, sp, &probes[q]);
        }
        if (rc != CORE_OK)
            return rc;
    }
    return CORE_OK;
}

/* findable[q]: mated probe q's exact fused score against its mate is at or below the
 * threshold, so a search that compares the mate returns it. Judging the index on these
 * separates what it loses from what the matcher itself misses, over every mated probe. */
static int find_findable(const index_cfg *c, const core_gallery *g,
                         const core_template *probes, const uint64_t *mate,
                         unsigned char *findable)
{
    for (long long q = 0; q < c->mated; q++) {
        double score;
        int rc = core_template_match(&probes[q], core_gallery_find(g, mate[q]),
                                     CORE_IRIS_DEFAULT_ROTATIONS, &score, NULL);
        if (rc != CORE_OK)
            return rc;
        findable[q] = score <= c->threshold;
    }
    return CORE_OK;
}

static int run_mode(const index_cfg *c, const core_gallery *g, const core_template *probes,
                    const uint64_t *mate, const unsigned char *findable,
                    const core_search_plan *plan, run_result *r)
{
    core_search_opts o = {CORE_IRIS_DEFAULT_ROTATIONS, (int)c->threads, MAX_CANDIDATES,
                          c->threshold + 1e-12, NULL, 0};
    core_candidate cand[MAX_CANDIDATES];
    long long n_probes = c->mated + c->non_mated;
    double start = ktpcore_bio_now();
    for (long long q = 0; q < n_probes; q += r->stride) {
        size_t n;
        core_search_stats st;
        int rc = core_gallery_search(g, &probes[q], &o, plan, cand, &n, &st);
        if (rc != CORE_OK)
            return rc;
        r->work += st.work;
        r->candidates += st.candidates;
        r->decision[q] = n ? cand[0].person_id : 0;
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found |= cand[i].person_id == mate[q];
        r->mate_found[q] = found;
        if (mate[q])
            r->found += found, r->mated++, r->findable += findable[q],
                r->found_findable += findable[q] && found;
        else
            r->false_hits += n > 0, r->non_mated++;
    }
    r->wall_s = ktpcore_bio_now() - start;
    return CORE_OK;
}

/* Wilson score interval for k successes of n at 95%. */
static void wilson(long long k, long long n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0.0, *hi = 1.0;
        return;
    }
    double z = 1.959964, p = (double)k / (double)n, nn = (double)n;
    double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
    double half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
    *lo = centre - half > 0.0 ? centre - half : 0.0;
    *hi = centre + half < 1.0 ? centre + half : 1.0;
}

static double per(double x, long long n) { return n ? x / (double)n : 0.0; }

static void print_rates(const run_result *r)
{
    double lo, hi, flo, fhi;
    wilson(r->found, r->mated, &lo, &hi);
    wilson(r->false_hits, r->non_mated, &flo, &fhi);
    printf("\"mated_searched\": %lld, \"recall\": %.5f, \"recall_ci95\": [%.5f, %.5f], "
           "\"mates_found\": %lld, \"non_mated_searched\": %lld, \"fpir\": %.5f, "
           "\"fpir_ci95\": [%.5f, %.5f], \"false_hits\": %lld",
           r->mated, per((double)r->found, r->mated), lo, hi, r->found, r->non_mated,
           per((double)r->false_hits, r->non_mated), flo, fhi, r->false_hits);
    /* Recall of the mates brute force finds (exact score at or below the threshold). */
    wilson(r->found_findable, r->findable, &lo, &hi);
    printf(",\n   \"findable\": %lld, \"findable_found\": %lld, \"findable_recall\": %.5f, "
           "\"findable_recall_ci95\": [%.5f, %.5f]", r->findable, r->found_findable,
           per((double)r->found_findable, r->findable), lo, hi);
}

/* Compared on the probes both searched (every brute_every-th). */
static void print_index_run(const index_cfg *c, long long radius, const run_result *brute,
                            const run_result *r)
{
    long long n_probes = c->mated + c->non_mated, differ = 0, brute_found_missed = 0;
    for (long long q = 0; q < n_probes; q += brute->stride) {
        differ += r->decision[q] != brute->decision[q];
        brute_found_missed += brute->mate_found[q] && !r->mate_found[q];
    }
    long long searched = r->mated + r->non_mated, brute_searched = brute->mated + brute->non_mated;
    double ms = per(1e3 * r->wall_s, searched), brute_ms = per(1e3 * brute->wall_s, brute_searched);
    printf("  {\"radius\": %lld, \"ms_per_identify\": %.3f, \"speedup_wall\": %.2f, "
           "\"speedup_work\": %.2f, \"candidates_per_identify\": %.1f, ",
           radius, ms, brute_ms / ms,
           per((double)brute->work, brute_searched) / per((double)r->work, searched),
           per((double)r->candidates, searched));
    print_rates(r);
    printf(", \"decisions_differing_from_brute\": %lld, \"mates_missed_that_brute_found\": %lld}",
           differ, brute_found_missed);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double nearest_rank(const double *sorted, long long n, double q)
{
    long long k = (long long)ceil(q * (double)n) - 1;
    return sorted[k < 0 ? 0 : k >= n ? n - 1 : k];
}

/* The mated probes' exact fused scores and sketch distances to their mates: the genuine
 * distributions the run was judged on. */
static int print_genuine(const index_cfg *c, const core_gallery *g, const core_template *probes,
                         const uint64_t *mate)
{
    if (c->mated == 0)
        return CORE_OK;
    double *score = malloc((size_t)c->mated * sizeof *score);
    double *sketch = malloc((size_t)c->mated * sizeof *sketch);
    if (!score || !sketch) {
        free(score), free(sketch);
        return CORE_ENOMEM;
    }
    double sum = 0.0, sumsq = 0.0;
    long long above = 0;
    for (long long q = 0; q < c->mated; q++) {
        core_template_match(&probes[q], core_gallery_find(g, mate[q]),
                            CORE_IRIS_DEFAULT_ROTATIONS, &score[q], NULL);
        sketch[q] = core_gallery_index_distance(g, &probes[q], 0, mate[q]);
        sum += score[q], sumsq += score[q] * score[q], above += score[q] > c->threshold;
    }
    qsort(score, (size_t)c->mated, sizeof *score, cmp_double);
    qsort(sketch, (size_t)c->mated, sizeof *sketch, cmp_double);
    double n = (double)c->mated, mean = sum / n;
    printf(" \"genuine\": {\"score_mean\": %.4f, \"score_sd\": %.4f, \"score_p50\": %.4f, "
           "\"score_p99\": %.4f, \"score_max\": %.4f, \"above_threshold\": %lld, "
           "\"sketch_distance_p50\": %.0f, \"sketch_distance_p99\": %.0f, "
           "\"sketch_distance_p99_5\": %.0f, \"sketch_distance_max\": %.0f},\n",
           mean, n > 1 ? sqrt((sumsq - n * mean * mean) / (n - 1)) : 0.0,
           nearest_rank(score, c->mated, 0.5), nearest_rank(score, c->mated, 0.99),
           score[c->mated - 1], above, nearest_rank(sketch, c->mated, 0.5),
           nearest_rank(sketch, c->mated, 0.99), nearest_rank(sketch, c->mated, 0.995),
           sketch[c->mated - 1]);
    free(score), free(sketch);
    return CORE_OK;
}

static int index_usage(const char *why)
{
    return ktpcore_bio_usage("ktpcore bench --index", why,
                             "usage: ktpcore bench --index --gallery N [--mated M] "
                             "[--non-mated K] [--threads T] [--seed S] [--threshold H] "
                             "[--genuine-mean G] [--genuine-spread S] [--radius R]... [--brute-every E]");
}

typedef struct long_opt {
    const char *name;
    long long lo, hi, *dst;
} long_opt;

typedef struct double_opt {
    const char *name;
    double lo, hi, *dst;
} double_opt;

/* Parses one option through the tables; false (message printed) if it is unknown or bad. */
static bool parse_one(int argc, char **argv, int *i, const long_opt *longs, int n_longs,
                      const double_opt *doubles, int n_doubles, index_cfg *c)
{
    const char *a = argv[*i];
    for (int k = 0; k < n_longs; k++)
        if (strcmp(a, longs[k].name) == 0)
            return ktpcore_bio_long(argc, argv, i, longs[k].lo, longs[k].hi, longs[k].dst);
    for (int k = 0; k < n_doubles; k++)
        if (strcmp(a, doubles[k].name) == 0)
            return ktpcore_bio_double(argc, argv, i, doubles[k].lo, doubles[k].hi,
                                      doubles[k].dst);
    if (strcmp(a, "--radius") == 0 && c->n_radii < MAX_RADII)
        return ktpcore_bio_long(argc, argv, i, 1, CORE_INDEX_BITS, &c->radii[c->n_radii++]);
    fprintf(stderr, "ktpcore bench --index: unknown option, missing value or more than %d "
                    "--radius: '%s'\n", MAX_RADII, a);
    return false;
}

static int parse_index(int argc, char **argv, index_cfg *c, core_synth_params *sp)
{
    core_synth_params_default(sp);
    *c = (index_cfg){0, 2000, 500, 2, 1, 1, 0.33, sp->genuine_mean, -1.0, {0}, 0};
    const long_opt longs[] = {{"--gallery", 1, 100000000LL, &c->gallery},
                              {"--mated", 0, 10000000LL, &c->mated},
                              {"--non-mated", 0, 10000000LL, &c->non_mated},
                              {"--threads", 1, MAX_THREADS, &c->threads},
                              {"--seed", 0, INT64_MAX, &c->seed},
                              {"--brute-every", 1, 1000000, &c->brute_every}};
    const double_opt doubles[] = {{"--threshold", 0.0, 1.0, &c->threshold},
                                  {"--genuine-mean", 0.01, 0.44, &c->genuine_mean},
                                  {"--genuine-spread", 0.0, 2.0, &c->genuine_spread}};
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--index") != 0 &&
            !parse_one(argc, argv, &i, longs, 6, doubles, 3, c))
            return index_usage(NULL);
    if (!c->gallery)
        return index_usage("--gallery N is required");
    if (c->mated + c->non_mated == 0)
        return index_usage("--mated and --non-mated are both 0");
    if (c->n_radii == 0)
        c->radii[c->n_radii++] = CORE_INDEX_DEFAULT_RADIUS;
    /* A --genuine-mean alone asks for the cross-session data of core_synth_params_genuine;
     * with neither option the default data (0.11, no spread) is used. */
    if (c->genuine_mean != sp->genuine_mean)
        core_synth_params_genuine(sp, c->genuine_mean);
    if (c->genuine_spread >= 0.0)
        sp->genuine_spread = c->genuine_spread;
    c->genuine_spread = sp->genuine_spread;
    return 0;
}

/* Builds the gallery; *insert_s gets the time spent inserting (copy, id index and sketch),
 * apart from synthesis, which stands in for a real enrolment's capture and encoding. */
static int build(const index_cfg *c, const core_synth_params *sp, core_gallery *g,
                 double *insert_s)
{
    enum { CHUNK = 65536 };
    core_template *buf = aligned_alloc(64, CHUNK * sizeof *buf);
    int rc = buf ? CORE_OK : CORE_ENOMEM, t = (int)c->threads;
    *insert_s = 0.0;
    for (long long first = 0; first < c->gallery && rc == CORE_OK; first += CHUNK) {
        long long count = c->gallery - first < CHUNK ? c->gallery - first : CHUNK;
        synth_job jobs[MAX_THREADS];
        for (int i = 0; i < t; i++) {
            long long a = count * i / t, b = count * (i + 1) / t;
            jobs[i] = (synth_job){sp, (uint64_t)c->seed, buf + a, first + a, b - a, 0};
        }
        ktpcore_bio_parallel(jobs, sizeof *jobs, t, synth_worker);
        for (int i = 0; i < t; i++)
            rc = jobs[i].failed ? CORE_EINVAL : rc;
        double t0 = ktpcore_bio_now();
        for (long long k = 0; k < count && rc == CORE_OK; k++)
            rc = core_gallery_insert(g, (uint64_t)(first + k + 1), &buf[k]);
        *insert_s += ktpcore_bio_now() - t0;
    }
    free(buf);
    return rc;
}

static void print_head(const index_cfg *c, const core_gallery *g, double build_s,
                       double insert_s, const run_result *brute)
{
    double per_person = (double)core_gallery_count(g);
    printf("{\"gallery\": %lld, \"mated_probes\": %lld, \"non_mated_probes\": %lld, "
           "\"threads\": %lld, \"seed\": %lld, \"threshold\": %.3f,\n"
           " \"genuine_mean\": %.3f, \"genuine_spread\": %.3f, \"loadavg_1min\": %.2f,\n",
           c->gallery, c->mated, c->non_mated, c->threads, c->seed, c->threshold,
           c->genuine_mean, c->genuine_spread, ktpcore_bio_loadavg());
    printf(" \"build_s\": %.2f, \"insert_us_per_person\": %.3f, "
           "\"template_bytes_per_person\": %zu, \"index_bytes_per_person\": %.1f, "
           "\"index_memory_ratio\": %.4f,\n",
           build_s, 1e6 * insert_s / per_person, sizeof(core_template),
           (double)core_gallery_index_memory_bytes(g) / per_person,
           (double)core_gallery_index_memory_bytes(g) / per_person / sizeof(core_template));
    long long searched = brute->mated + brute->non_mated;
    printf(" \"brute\": {\"every\": %lld, \"ms_per_identify\": %.3f, "
           "\"work_per_identify\": %.0f, ", brute->stride, per(1e3 * brute->wall_s, searched),
           per((double)brute->work, searched));
    print_rates(brute);
    printf("},\n");
}

int ktpcore_cmd_bench_index(int argc, char **argv)
{
    index_cfg c;
    core_synth_params sp;
    int rc = parse_index(argc, argv, &c, &sp);
    if (rc)
        return rc;
    long long n_probes = c.mated + c.non_mated;
    core_gallery *g = NULL;
    core_template *probes = aligned_alloc(64, (size_t)n_probes * sizeof *probes);
    uint64_t *mate = calloc((size_t)n_probes, sizeof *mate);
    uint64_t *decisions = calloc((size_t)n_probes * 2, sizeof *decisions);
    unsigned char *found = calloc((size_t)n_probes * 2, 1);
    unsigned char *findable = calloc((size_t)n_probes, 1);
    if (!probes || !mate || !decisions || !found || !findable ||
        core_gallery_create(&g, (size_t)c.gallery) != CORE_OK) {
        fprintf(stderr, "ktpcore bench --index: not enough memory for %lld templates\n",
                c.gallery);
        free(probes), free(mate), free(decisions), free(found), free(findable);
        return 1;
    }
    double insert_s, t0 = ktpcore_bio_now();
    rc = build(&c, &sp, g, &insert_s);
    double build_s = ktpcore_bio_now() - t0;
    run_result brute = {.stride = c.brute_every, .decision = decisions, .mate_found = found};
    if (rc == CORE_OK)
        rc = make_probes(&c, &sp, probes, mate);
    if (rc == CORE_OK)
        rc = find_findable(&c, g, probes, mate, findable);
    if (rc == CORE_OK)
        rc = run_mode(&c, g, probes, mate, findable, NULL, &brute);
    if (rc == CORE_OK)
        print_head(&c, g, build_s, insert_s, &brute);
    if (rc == CORE_OK)
        rc = print_genuine(&c, g, probes, mate);
    if (rc == CORE_OK)
        printf(" \"index\": [\n");
    for (int k = 0; k < c.n_radii && rc == CORE_OK; k++) {
        core_search_plan plan = {CORE_SEARCH_INDEX, (int)c.radii[k]};
        run_result r = {.stride = 1, .decision = decisions + n_probes,
                        .mate_found = found + n_probes};
        rc = run_mode(&c, g, probes, mate, findable, &plan, &r);
        if (rc == CORE_OK)
            print_index_run(&c, c.radii[k], &brute, &r);
        printf(k + 1 < c.n_radii ? ",\n" : "\n ]}\n");
    }
    if (rc != CORE_OK)
        fprintf(stderr, "ktpcore bench --index: %s\n", core_strerror(rc));
    core_gallery_destroy(g);
    free(probes), free(mate), free(decisions), free(found), free(findable);
    return rc == CORE_OK ? 0 : 1;
}
