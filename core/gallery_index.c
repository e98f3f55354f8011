/* The sketch index (core/gallery_index.h): sketches cut from each template, and the scan that
 * turns a probe into the list of records worth an exact comparison. Workers scan contiguous
 * shares of the records and their lists are joined in order, so the list (ascending record
 * indices) is the same for any number of threads. */
#include <immintrin.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "core/gallery_internal.h"
#include "core/simd_internal.h"
#include "core/status.h"

#define MAX_THREADS 256
#define MIN_SKETCHES_PER_THREAD 65536 /* a thread costs ~50-100 us: ~300 us of scanning */
#define POOL_FIRST_RING 0 /* rings pooled into one super-bit: the inner ones, lids rarely */
#define POOL_RINGS 5       /* cover them, odd so a vote cannot tie when all bits are valid */
#define ANGLE_STEP (CORE_IRIS_ANGLES / (32 * CORE_INDEX_WORDS_PER_EYE)) /* angles sampled */

static int bit_of(const uint64_t *words, int i) { return (int)(words[i / 64] >> (i % 64)) & 1; }

/* One sketch bit: the majority over the pooled rings of the valid code bits at (angle, phase);
 * the noise of a capture flips bits independently while the iris texture is shared by
 * neighbouring rings, so the vote disagrees between two captures far less often than one bit.
 * A tie (or no valid bit) takes the middle ring's code bit. *valid gets 1 if any bit voted. */
static int pooled_bit(const core_iris *eye, int angle, int phase, int *valid)
{
    int vote = 0, voters = 0;
    for (int r = POOL_FIRST_RING; r < POOL_FIRST_RING + POOL_RINGS; r++) {
        int i = r * 2 * CORE_IRIS_ANGLES + angle * 2 + phase;
        if (bit_of(eye->mask, i)) {
            vote += bit_of(eye->code, i) ? 1 : -1;
            voters++;
        }
    }
    *valid = voters > 0;
    if (vote)
        return vote > 0;
    return bit_of(eye->code, (POOL_FIRST_RING + POOL_RINGS / 2) * 2 * CORE_IRIS_ANGLES +
                                 angle * 2 + phase);
}

/* Word w of an eye's sketch holds angles (k * words + w) * ANGLE_STEP (k = 0..31), both
 * phases: the words interleave so each spans the whole circle. */
static void sketch_eye(const core_iris *eye, uint64_t *out, int *valid_count)
{
    *valid_count = 0;
    for (int w = 0; w < CORE_INDEX_WORDS_PER_EYE; w++) {
        uint64_t word = 0;
        for (int k = 0; k < 32; k++)
            for (int phase = 0; phase < 2; phase++) {
                int valid, angle = (k * CORE_INDEX_WORDS_PER_EYE + w) * ANGLE_STEP;
                word |= (uint64_t)pooled_bit(eye, angle, phase, &valid) << (2 * k + phase);
                *valid_count += valid;
            }
        out[w] = word;
    }
}

void core__index_sketch(const core_template *t, uint64_t *sketch)
{
    int valid;
    for (int e = 0; e < 2; e++)
        sketch_eye(&t->eye[e], sketch + e * CORE_INDEX_WORDS_PER_EYE, &valid);
}

/* The probe side: its sketch at every rotation, and each eye's weight in the distance:
 * 1 for both usable eyes, 2 for the only usable one, 0 for an unusable one. */
typedef struct probe_sketch {
    uint64_t words[2][CORE_IRIS_MAX_ROTATIONS][CORE_INDEX_WORDS_PER_EYE];
    int rotations;
    int weight[2];
} probe_sketch;

static bool probe_sketch_init(const core_template *rots, int rotations, probe_sketch *p)
{
    bool usable[2];
    p->rotations = rotations;
    for (int e = 0; e < 2; e++) {
        int valid = 0;
        for (int r = 0; r < rotations; r++)
            sketch_eye(&rots[r].eye[e], p->words[e][r], r == rotations / 2 ? &valid : &(int){0});
        usable[e] = 2 * valid >= 64 * CORE_INDEX_WORDS_PER_EYE;
    }
    for (int e = 0; e < 2; e++)
        p->weight[e] = usable[e] ? (usable[1 - e] ? 1 : 2) : 0;
    return usable[0] || usable[1];
}

#define BLOCK 256 /* records whose distances one call computes */

/* Sketch distances of records [first, first + count) into dist. Written once for the portable
 * popcount and once for the POPCNT instruction (the build has no -march flags); the block
 * keeps the indirect call out of the per-record loop. */
#define BLOCK_DISTANCES_BODY(POPCOUNT)                                                       \
    for (size_t k = 0; k < count; k++) {                                                     \
        const uint64_t *sketch = sketches + (first + k) * CORE_INDEX_WORDS;                  \
        int total = 0;                                                                       \
        for (int e = 0; e < 2; e++) {                                                        \
            const uint64_t *mine = sketch + e * CORE_INDEX_WORDS_PER_EYE;                    \
            int best = 64 * CORE_INDEX_WORDS_PER_EYE;                                        \
            for (int r = 0; r < p->rotations; r++) {                                         \
                int d = 0;                                                                   \
                for (int w = 0; w < CORE_INDEX_WORDS_PER_EYE; w++)                           \
                    d += (int)POPCOUNT(mine[w] ^ p->words[e][r][w]);                         \
                best = d < best ? d : best;                                                  \
            }                                                                                \
            total += p->weight[e] * best;                                                    \
        }                                                                                    \
        dist[k] = total;                                                                     \
    }

typedef void (*block_fn)(const probe_sketch *p, const uint64_t *sketches, size_t first,
                         size_t count, int *dist);

static void block_generic(const probe_sketch *p, const uint64_t *sketches, size_t first,
                          size_t count, int *dist)
{
    BLOCK_DISTANCES_BODY(core__popcount64)
}

__attribute__((target("popcnt"))) static void block_popcnt(const probe_sketch *p,
                                                           const uint64_t *sketches,
                                                           size_t first, size_t count,
                                                           int *dist)
{
    BLOCK_DISTANCES_BODY(_mm_popcnt_u64)
}

#if CORE_INDEX_WORDS_PER_EYE == 1
/* Four records at a time with AVX2: the eye-0 and eye-1 words of four records in two
 * vectors, XOR with the probe word of each rotation (broadcast), popcount per 64-bit lane by
 * nibble lookup and byte sums (AVX2 has no vector popcount), running minimum per lane. */
__attribute__((target("avx2"))) static __m256i lane_popcount(__m256i v)
{
    return _mm256_sad_epu8(core__nibble_count(v), _mm256_setzero_si256());
}

__attribute__((target("avx2,popcnt"))) static void block_avx2(const probe_sketch *p,
                                                              const uint64_t *sketches,
                                                              size_t first, size_t count,
                                                              int *dist)
{
    __m256i probe[2][CORE_IRIS_MAX_ROTATIONS];
    for (int e = 0; e < 2; e++)
        for (int r = 0; r < p->rotations; r++)
            probe[e][r] = _mm256_set1_epi64x((long long)p->words[e][r][0]);
    const __m256i weight0 = _mm256_set1_epi32(p->weight[0]);
    const __m256i weight1 = _mm256_set1_epi32(p->weight[1]);
    size_t k = 0;
    for (; k + 4 <= count; k += 4) {
        const uint64_t *s = sketches + (first + k) * CORE_INDEX_WORDS;
        __m256i a = _mm256_loadu_si256((const __m256i *)s);       /* r0e0 r0e1 r1e0 r1e1 */
        __m256i b = _mm256_loadu_si256((const __m256i *)(s + 4)); /* r2e0 r2e1 r3e0 r3e1 */
        __m256i eye[2] = {_mm256_unpacklo_epi64(a, b),  /* r0 r2 r1 r3, eye 0 */
                          _mm256_unpackhi_epi64(a, b)}; /* the same records, eye 1 */
        __m256i best[2];
        for (int e = 0; e < 2; e++) {
            best[e] = lane_popcount(_mm256_xor_si256(eye[e], probe[e][0]));
            for (int r = 1; r < p->rotations; r++)
                best[e] = _mm256_min_epu32(best[e], lane_popcount(_mm256_xor_si256(
                                                        eye[e], probe[e][r])));
        }
        /* Counts sit in the low 32 bits of each 64-bit lane, the high halves are zero. */
        __m256i total = _mm256_add_epi32(_mm256_mullo_epi32(best[0], weight0),
                                         _mm256_mullo_epi32(best[1], weight1));
        uint64_t lanes[4];
        _mm256_storeu_si256((__m256i *)lanes, total);
        dist[k] = (int)lanes[0], dist[k + 2] = (int)lanes[1];
        dist[k + 1] = (int)lanes[2], dist[k + 3] = (int)lanes[3];
    }
    if (k < count)
        block_popcnt(p, sketches, first + k, count - k, dist + k);
}
#endif

static block_fn pick_block(const core_gallery *g)
{
    /* The gallery's kernel choice applies here too: "generic" means portable code only. */
    const char *name = g->kernel->name;
    if (strcmp(name, "generic") == 0 || !__builtin_cpu_supports("popcnt"))
        return block_generic;
#if CORE_INDEX_WORDS_PER_EYE == 1
    if ((strcmp(name, "avx2") == 0 || strcmp(name, "avx512") == 0) &&
        __builtin_cpu_supports("avx2"))
        return block_avx2;
#endif
    return block_popcnt;
}

typedef struct scan_job {
    const core_gallery *g;
    const probe_sketch *p;
    block_fn block;
    int radius;
    size_t begin, end;
    size_t *found, n_found, cap; /* grows by doubling (rarely: lists are short) */
    int failed;                  /* set when growing failed */
} scan_job;

static bool keep(scan_job *j, size_t index)
{
    if (j->n_found == j->cap) {
        size_t cap = j->cap ? 2 * j->cap : 256;
        size_t *found = realloc(j->found, cap * sizeof *found);
        if (!found)
            return false;
        j->found = found, j->cap = cap;
    }
    j->found[j->n_found++] = index;
    return true;
}

static void *scan_run(void *arg)
{
    scan_job *j = arg;
    int dist[BLOCK];
    for (size_t first = j->begin; first < j->end; first += BLOCK) {
        size_t count = j->end - first < BLOCK ? j->end - first : BLOCK;
        j->block(j->p, j->g->sketches, first, count, dist);
        for (size_t k = 0; k < count; k++)
            if (dist[k] <= j->radius && !keep(j, first + k)) {
                j->failed = 1;
                return NULL;
            }
    }
    return NULL;
}

/* Joins the workers' lists in record order; frees them. */
static int join_lists(scan_job *jobs, size_t t, size_t **indices, size_t *n)
{
    size_t total = 0;
    int failed = 0;
    for (size_t i = 0; i < t; i++)
        total += jobs[i].n_found, failed |= jobs[i].failed;
    size_t *all = failed ? NULL : malloc((total ? total : 1) * sizeof *all);
    for (size_t i = 0, at = 0; i < t; i++) {
        if (all && jobs[i].n_found)
            memcpy(all + at, jobs[i].found, jobs[i].n_found * sizeof *all);
        at += jobs[i].n_found;
        free(jobs[i].found);
    }
    if (!all)
        return CORE_ENOMEM;
    *indices = all;
    *n = total;
    return CORE_OK;
}

int core__index_candidates(const core_gallery *g, const core_template *rots, int rotations,
                           int radius, int threads, size_t **indices, size_t *n,
                           uint64_t *scanned)
{
    probe_sketch p;
    *indices = NULL, *n = 0, *scanned = 0;
    if (!probe_sketch_init(rots, rotations, &p))
        return CORE_ENOTFOUND;
    size_t count = g->count, by_size = count / MIN_SKETCHES_PER_THREAD + 1;
    size_t t = threads < 1 ? 1 : (size_t)(threads > MAX_THREADS ? MAX_THREADS : threads);
    t = t > by_size ? by_size : t;
    scan_job jobs[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS] = {0};
    block_fn block = pick_block(g);
    for (size_t i = 0; i < t; i++) {
        jobs[i] = (scan_job){g, &p, block, radius, count * i / t, count * (i + 1) / t,
                             NULL, 0, 0, 0};
        /* The calling thread takes the first share; a thread that cannot start runs here. */
        if (i > 0)
            started[i] = pthread_create(&tid[i], NULL, scan_run, &jobs[i]) == 0;
    }
    scan_run(&jobs[0]);
    for (size_t i = 1; i < t; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            scan_run(&jobs[i]);
    }
    *scanned = count;
    return join_lists(jobs, t, indices, n);
}

size_t core_gallery_index_memory_bytes(const core_gallery *g)
{
    return g ? g->capacity * CORE_INDEX_BYTES : 0;
}

int core_gallery_index_distance(const core_gallery *g, const core_template *probe,
                                int rotations, uint64_t person_id)
{
    rotations = rotations == 0 ? CORE_IRIS_DEFAULT_ROTATIONS : rotations;
    if (!g || !probe || !core__iris_rotations_ok(rotations))
        return -1;
    size_t index = core__gallery_index(g, person_id);
    if (index == SIZE_MAX)
        return -1;
    core_template *rots = aligned_alloc(64, (size_t)rotations * sizeof *rots);
    if (!rots)
        return -1;
    for (int r = 0; r < rotations; r++)
        for (int e = 0; e < 2; e++)
            core_iris_rotate(&probe->eye[e], r - rotations / 2, &rots[r].eye[e]);
    probe_sketch p;
    int d = -1;
    if (probe_sketch_init(rots, rotations, &p))
        block_generic(&p, g->sketches, index, 1, &d);
    free(rots);
    return d;
}
