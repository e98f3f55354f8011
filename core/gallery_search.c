/* 1:N identification over the gallery: the probe is rotated once per search into an aligned
 * block, each worker streams its share of records through the popcount kernel (all rotations
 * per record while it is in cache) and keeps its own best-first list; lists merge at the end
 * ordered by (score, person id), so results do not depend on the number of threads. */
#include <math.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "core/gallery_internal.h"
#include "core/status.h"

#define MAX_THREADS 256
#define MIN_RECORDS_PER_THREAD 16384 /* below this a thread costs more than it saves */
#define MIN_LISTED_PER_THREAD 2048   /* the same for a list of records: each costs ~4x more */
#define PREFETCH_AHEAD 4             /* records of a list fetched ahead: ~memory latency */

typedef struct search_shared {
    const core_gallery *g;
    const core_template *rots; /* per probe, rotations templates shifted by r - rotations/2 */
    size_t probes;             /* probes searched in this pass */
    int rotations;
    const size_t *indices;     /* NULL: records [begin, end) directly */
    size_t max_candidates;
    double report_below;
    const double *norm_factor; /* [n] = core__iris_norm_factor(n), n = 0..CORE_IRIS_BITS */
} search_shared;

typedef struct worker {
    const search_shared *s;
    size_t begin, end;
    core_candidate *best; /* per probe, max_candidates entries sorted best first */
    size_t *n_best;       /* per probe */
} worker;

static int candidate_before(const core_candidate *a, const core_candidate *b)
{
    if (a->score != b->score)
        return a->score < b->score;
    return a->person_id < b->person_id;
}

static int candidate_cmp(const void *pa, const void *pb)
{
    const core_candidate *a = pa, *b = pb;
    return candidate_before(a, b) ? -1 : candidate_before(b, a) ? 1 : 0;
}

static void offer(worker *w, size_t probe, const core_candidate *c)
{
    size_t k = w->s->max_candidates, *n_best = &w->n_best[probe];
    core_candidate *best = w->best + probe * k;
    if (k == 0 || (*n_best == k && !candidate_before(c, &best[k - 1])))
        return;
    size_t i = *n_best < k ? (*n_best)++ : k - 1;
    while (i > 0 && candidate_before(c, &best[i - 1])) {
        best[i] = best[i - 1];
        i--;
    }
    best[i] = *c;
}

/* Same rule as core__iris_pick, with the normalisation factor from a table. */
static double eye_best(const uint16_t *counts, int rotations, const double *factor,
                       int *usable)
{
    double best = 1.0;
    *usable = 0;
    for (int r = 0; r < rotations; r++) {
        int d = counts[2 * r], n = counts[2 * r + 1];
        if (n < CORE_IRIS_MIN_BITS)
            continue;
        double score = 0.5 - (0.5 * n - d) * factor[n];
        if (!*usable || score < best)
            best = score;
        *usable = 1;
    }
    return best;
}

static void score_record(worker *w, size_t probe, size_t index, const uint16_t *counts)
{
    const search_shared *s = w->s;
    core_candidate c;
    int usable[2];
    for (int e = 0; e < 2; e++)
        c.eye_score[e] = eye_best(counts + 2 * e * s->rotations, s->rotations,
                                  s->norm_factor, &usable[e]);
    int n_usable = usable[0] + usable[1];
    c.score = n_usable == 2 ? (c.eye_score[0] + c.eye_score[1]) / 2
              : usable[0]   ? c.eye_score[0]
              : usable[1]   ? c.eye_score[1]
                            : 1.0;
    if (c.score < s->report_below) {
        c.person_id = s->g->ids[index];
        offer(w, probe, &c);
    }
}

static void *worker_run(void *arg)
{
    worker *w = arg;
    const search_shared *s = w->s;
    uint16_t counts[4 * CORE_IRIS_MAX_ROTATIONS];
    core__count_fn count = s->g->kernel->count;
    /* Every probe meets a record while it is in cache: one pass serves the whole batch. */
    for (size_t k = w->begin; k < w->end; k++) {
        size_t index = s->indices ? s->indices[k] : k;
        /* A list of records (index candidates, opts->only) jumps through memory, where the
         * hardware prefetcher cannot follow: ask for a record a few places ahead. */
        if (s->indices && k + PREFETCH_AHEAD < w->end) {
            const char *next = (const char *)&s->g->records[s->indices[k + PREFETCH_AHEAD]];
            for (size_t line = 0; line < sizeof(core_template); line += 64)
                __builtin_prefetch(next + line);
        }
        for (size_t p = 0; p < s->probes; p++) {
            count(s->rots + p * (size_t)s->rotations, s->rotations, &s->g->records[index],
                  counts);
            score_record(w, p, index, counts);
        }
    }
    return NULL;
}

static int index_cmp(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return a < b ? -1 : a > b;
}

/* Indices of the listed ids present in the gallery, ascending, without repeats. */
static int resolve_only(const core_gallery *g, const core_search_opts *o, size_t **out,
                        size_t *n_out)
{
    size_t *idx = malloc((o->only_count ? o->only_count : 1) * sizeof *idx), n = 0;
    if (!idx)
        return CORE_ENOMEM;
    for (size_t k = 0; k < o->only_count; k++) {
        size_t i = core__gallery_index(g, o->only[k]);
        if (i != SIZE_MAX)
            idx[n++] = i;
    }
    qsort(idx, n, sizeof *idx, index_cmp);
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        if (m == 0 || idx[k] != idx[m - 1])
            idx[m++] = idx[k];
    *out = idx;
    *n_out = m;
    return CORE_OK;
}

static int probe_usable_eyes(const core_template *probe)
{
    int usable = 0;
    for (int e = 0; e < 2; e++) {
        int bits = 0;
        for (int w = 0; w < CORE_IRIS_WORDS; w++)
            bits += core__popcount64(probe->eye[e].mask[w]);
        usable += bits >= CORE_IRIS_MIN_BITS;
    }
    return usable;
}

static int opts_ok(const core_gallery *g, const core_template *probe,
                   const core_search_opts *o, const core_candidate *out, const size_t *n_out)
{
    int rotations = o && o->rotations == 0 ? CORE_IRIS_DEFAULT_ROTATIONS : o ? o->rotations : 0;
    return g && probe && o && n_out && (out || o->max_candidates == 0) &&
           core__iris_rotations_ok(rotations) && o->threads >= 0 &&
           (o->only || o->only_count == 0) && !isnan(o->report_below);
}

/* Merges the workers' lists of probe p into out (best first, at most max_candidates). */
static void merge_probe(const worker *w, size_t t, size_t p, core_candidate *scratch,
                        core_candidate *out, size_t *n_out)
{
    size_t k = w[0].s->max_candidates, total = 0;
    for (size_t i = 0; i < t; i++) {
        memcpy(scratch + total, w[i].best + p * k, w[i].n_best[p] * sizeof *scratch);
        total += w[i].n_best[p];
    }
    qsort(scratch, total, sizeof *scratch, candidate_cmp);
    *n_out = total < k ? total : k;
    if (*n_out)
        memcpy(out, scratch, *n_out * sizeof *out);
}

/* Splits n items over up to `threads` workers, runs them, and merges their lists per probe:
 * out holds probes x out_stride candidates, n_out one count per probe. */
static int run_workers(search_shared *s, size_t n, int threads, core_candidate *out,
                       size_t out_stride, size_t *n_out)
{
    size_t by_size = n / (s->indices ? MIN_LISTED_PER_THREAD : MIN_RECORDS_PER_THREAD) + 1;
    size_t t = threads < 1 ? 1 : (size_t)(threads > MAX_THREADS ? MAX_THREADS : threads);
    if (t > by_size)
        t = by_size;
    size_t k = s->max_candidates, per_worker = s->probes * k;
    worker *w = calloc(t, sizeof *w);
    core_candidate *lists = malloc((t * per_worker + t * k + 1) * sizeof *lists);
    size_t *counts = calloc(t * s->probes, sizeof *counts);
    pthread_t *tid = malloc(t * sizeof *tid);
    int *started = calloc(t, sizeof *started);
    if (!w || !lists || !counts || !tid || !started) {
        free(w), free(lists), free(counts), free(tid), free(started);
        return CORE_ENOMEM;
    }
    for (size_t i = 0; i < t; i++) {
        w[i] = (worker){s, n * i / t, n * (i + 1) / t, lists + i * per_worker,
                        counts + i * s->probes};
        /* The calling thread takes the first share; a thread that cannot start runs here. */
        if (i > 0)
            started[i] = pthread_create(&tid[i], NULL, worker_run, &w[i]) == 0;
    }
    worker_run(&w[0]);
    for (size_t i = 1; i < t; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            worker_run(&w[i]);
    }
    for (size_t p = 0; p < s->probes; p++)
        merge_probe(w, t, p, lists + t * per_worker, out + p * out_stride, &n_out[p]);
    free(w), free(lists), free(counts), free(tid), free(started);
    return CORE_OK;
}

/* The records to compare exactly: opts->only, the index's candidates, or all (NULL). */
static int choose_records(const core_gallery *g, const core_search_opts *o,
                          const core_search_plan *plan, const core_template *rots,
                          int rotations, size_t **indices, size_t *n, core_search_stats *st)
{
    *indices = NULL, *n = g->count;
    if (o->only)
        return resolve_only(g, o, indices, n);
    if (plan->mode != CORE_SEARCH_INDEX)
        return CORE_OK;
    int radius = plan->radius ? plan->radius : CORE_INDEX_DEFAULT_RADIUS;
    int rc = core__index_candidates(g, rots, rotations, radius, o->threads, indices, n,
                                    &st->scanned);
    if (rc == CORE_ENOTFOUND) { /* no usable probe eye for the sketch: compare everyone */
        st->fell_back = 1;
        *n = g->count;
        return CORE_OK;
    }
    return rc;
}

static bool plan_ok(const core_search_plan *p)
{
    return (p->mode == CORE_SEARCH_BRUTE || p->mode == CORE_SEARCH_INDEX) && p->radius >= 0 &&
           p->radius <= CORE_INDEX_BITS;
}

/* Each probe's rotations into rots (probe p's at p * rotations) and the normalisation table
 * factor[n] = core__iris_norm_factor(n). */
static void prepare(const core_template *probes, size_t n_probes, int rotations,
                    core_template *rots, double *factor)
{
    for (size_t p = 0; p < n_probes; p++)
        for (int r = 0; r < rotations; r++)
            for (int e = 0; e < 2; e++)
                core_iris_rotate(&probes[p].eye[e], r - rotations / 2,
                                 &rots[p * (size_t)rotations + (size_t)r].eye[e]);
    factor[0] = 0.0;
    for (int bits = 1; bits <= CORE_IRIS_BITS; bits++)
        factor[bits] = core__iris_norm_factor(bits);
}

int core_gallery_search(const core_gallery *g, const core_template *probe,
                        const core_search_opts *opts, const core_search_plan *plan,
                        core_candidate *out, size_t *n_out, core_search_stats *stats)
{
    const core_search_plan brute = {CORE_SEARCH_BRUTE, 0};
    plan = plan ? plan : &brute;
    if (!opts_ok(g, probe, opts, out, n_out) || !plan_ok(plan))
        return CORE_EINVAL;
    *n_out = 0;
    core_search_stats st = {0};
    int rotations = opts->rotations ? opts->rotations : CORE_IRIS_DEFAULT_ROTATIONS;
    size_t *indices = NULL, n = 0;
    core_template *rots = aligned_alloc(64, (size_t)rotations * sizeof *rots);
    double *factor = malloc((CORE_IRIS_BITS + 1) * sizeof *factor);
    int rc = CORE_ENOMEM;
    if (rots && factor) {
        prepare(probe, 1, rotations, rots, factor);
        rc = choose_records(g, opts, plan, rots, rotations, &indices, &n, &st);
    }
    if (rc == CORE_OK) {
        /* No search returns more candidates than records; this also bounds the lists. */
        size_t k = opts->max_candidates < n ? opts->max_candidates : n;
        search_shared s = {g, rots, 1, rotations, indices, k, opts->report_below, factor};
        rc = run_workers(&s, n, opts->threads, out, opts->max_candidates, n_out);
    }
    if (rc == CORE_OK && stats) {
        st.candidates = n;
        st.comparisons = (uint64_t)n * (uint64_t)rotations * (uint64_t)probe_usable_eyes(probe);
        /* The scan is charged per sketch, rounded up, so a search never reports less work. */
        st.work = core_search_work(st.comparisons, st.scanned);
        *stats = st;
    }
    free(indices);
    free(rots);
    free(factor);
    return rc;
}

uint64_t core_search_work(uint64_t comparisons, uint64_t scanned)
{
    return comparisons + (scanned * CORE_INDEX_SCAN_WORK_PER_1000 + 999) / 1000;
}

int core_gallery_identify(const core_gallery *g, const core_template *probe,
                          const core_search_opts *opts, core_candidate *out, size_t *n_out,
                          uint64_t *comparisons)
{
    core_search_stats st;
    int rc = core_gallery_search(g, probe, opts, NULL, out, n_out, &st);
    if (rc == CORE_OK && comparisons)
        *comparisons = st.work;
    return rc;
}

/* Brute force (every record, or opts->only) for all probes in one pass. */
int core_gallery_identify_batch(const core_gallery *g, const core_template *probes,
                                size_t n_probes, const core_search_opts *opts,
                                core_candidate *out, size_t *n_out, uint64_t *comparisons)
{
    if (n_probes == 0 || n_probes > CORE_GALLERY_MAX_BATCH ||
        !opts_ok(g, probes, opts, out, n_out))
        return CORE_EINVAL;
    memset(n_out, 0, n_probes * sizeof *n_out);
    int rotations = opts->rotations ? opts->rotations : CORE_IRIS_DEFAULT_ROTATIONS;
    size_t *indices = NULL, n = g->count;
    if (opts->only && resolve_only(g, opts, &indices, &n) != CORE_OK)
        return CORE_ENOMEM;
    core_template *rots = aligned_alloc(64, n_probes * (size_t)rotations * sizeof *rots);
    double *factor = malloc((CORE_IRIS_BITS + 1) * sizeof *factor);
    int rc = CORE_ENOMEM;
    if (rots && factor) {
        prepare(probes, n_probes, rotations, rots, factor);
        size_t k = opts->max_candidates < n ? opts->max_candidates : n;
        search_shared s = {g, rots, n_probes, rotations, indices, k, opts->report_below, factor};
        rc = run_workers(&s, n, opts->threads, out, opts->max_candidates, n_out);
    }
    if (rc == CORE_OK && comparisons) {
        *comparisons = 0;
        for (size_t p = 0; p < n_probes; p++)
            *comparisons += (uint64_t)n * (uint64_t)rotations *
                            (uint64_t)probe_usable_eyes(&probes[p]);
    }
    free(indices);
    free(rots);
    free(factor);
    return rc;
}

/* ---- plain read of the gallery: the bandwidth bound ---- */

typedef struct scan_job {
    const uint64_t *words;
    size_t begin, end;
    uint64_t x;
} scan_job;

static void *scan_run(void *arg)
{
    scan_job *j = arg;
    uint64_t a = 0, b = 0, c = 0, d = 0;
    for (size_t i = j->begin; i < j->end; i += 4) {
        a ^= j->words[i];
        b ^= j->words[i + 1];
        c ^= j->words[i + 2];
        d ^= j->words[i + 3];
    }
    j->x = a ^ b ^ c ^ d;
    return NULL;
}

int core_gallery_scan(const core_gallery *g, int threads, uint64_t *checksum)
{
    if (!g || !checksum || threads < 0)
        return CORE_EINVAL;
    size_t t = threads < 1 ? 1 : (size_t)(threads > MAX_THREADS ? MAX_THREADS : threads);
    size_t per_record = sizeof(core_template) / sizeof(uint64_t), n = g->count;
    scan_job jobs[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    for (size_t i = 0; i < t; i++) {
        jobs[i] = (scan_job){(const uint64_t *)g->records, n * i / t * per_record,
                             n * (i + 1) / t * per_record, 0};
        if (i > 0)
            started[i] = pthread_create(&tid[i], NULL, scan_run, &jobs[i]) == 0;
    }
    scan_run(&jobs[0]);
    uint64_t x = jobs[0].x;
    for (size_t i = 1; i < t; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            scan_run(&jobs[i]);
        x ^= jobs[i].x;
    }
    *checksum = x;
    return CORE_OK;
}
