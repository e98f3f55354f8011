/* The calendar's priority queue: far list -> equal-width buckets -> small 4-ary heap.
 * Chosen by measurement (bench/engine_bench): a 4-ary heap alone was 0.85-0.9 times a plain
 * binary heap on the hold model with 1e5 pending, because every pop walks a tree deeper
 * than the caches; here the heap holds one bucket (a few dozen entries, in L1). */
#include "sim/calqueue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/status.h"

/* Mean entries per bucket after a rebuild: small enough that the heap stays in L1, large
 * enough that empty buckets are rare. Measured: 16-64 are within a few percent. */
/* Heap-only below SMALL entries at a rebuild, back to buckets above LARGE (hysteresis so a
 * queue near the limit does not switch back and forth). */
enum { SMALL = 2048, LARGE = 4096 };
enum { TARGET = 32, ARITY = 4, LINE = 64, HEAP_OFFSET = ARITY - 1, MIN_CAPACITY = 64 };

/* Times are >= +0 (the calendar turns -0 into +0), and non-negative doubles order like
 * their bit patterns, so keys compare as integers: cheaper than floating compares, which
 * must also handle NaN. & and | instead of && and || let selection compile without
 * branches. */
static inline uint64_t time_bits(double t)
{
    uint64_t bits;
    memcpy(&bits, &t, sizeof bits);
    return bits;
}

static inline int before(const sim__cal_entry *a, const sim__cal_entry *b)
{
    uint64_t ta = time_bits(a->time), tb = time_bits(b->time);
    return (ta < tb) | ((ta == tb) & (a->order < b->order));
}

/* --- the 4-ary heap --------------------------------------------------------------------- */

static inline size_t min_child(const sim__cal_entry *h, size_t n, size_t i)
{
    size_t first = ARITY * i + 1;
    if (first + ARITY <= n) {
        size_t left = first + before(&h[first + 1], &h[first]);
        size_t right = first + 2 + before(&h[first + 3], &h[first + 2]);
        return before(&h[right], &h[left]) ? right : left;
    }
    size_t best = first;
    for (size_t c = first + 1; c < n; c++)
        if (before(&h[c], &h[best]))
            best = c;
    return best;
}

static inline void sift_up(sim__cal_entry *h, size_t i, sim__cal_entry x)
{
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (!before(&x, &h[parent]))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = x;
}

static void sift_down(sim__cal_entry *h, size_t n, size_t i, sim__cal_entry x)
{
    while (ARITY * i + 1 < n) {
        size_t best = min_child(h, n, i);
        if (!before(&h[best], &x))
            break;
        h[i] = h[best];
        i = best;
    }
    h[i] = x;
}

/* Floyd's variant for the root: the hole goes down along the earliest children without
 * comparing against x, then x rises; a replacement usually belongs near the leaves. */
static void sift_down_from_root(sim__cal_entry *h, size_t n, sim__cal_entry x)
{
    size_t i = 0;
    while (ARITY * i + 1 < n) {
        size_t best = min_child(h, n, i);
        h[i] = h[best];
        i = best;
    }
    sift_up(h, i, x);
}

static int heap_reserve(sim__calq *q, size_t want)
{
    if (want <= q->heap_capacity)
        return SIM_OK;
    size_t cap = q->heap_capacity ? q->heap_capacity : MIN_CAPACITY;
    while (cap < want)
        cap *= 2;
    size_t bytes = (cap + HEAP_OFFSET) * sizeof(sim__cal_entry);
    bytes = (bytes + LINE - 1) / LINE * LINE;
    void *block = aligned_alloc(LINE, bytes);
    if (block == NULL)
        return SIM_ENOMEM;
    /* Three entries of offset: children 4i+1..4i+4 then start on a cache-line boundary. */
    sim__cal_entry *heap = (sim__cal_entry *)block + HEAP_OFFSET;
    if (q->heap_count > 0)
        memcpy(heap, q->heap, q->heap_count * sizeof *heap);
    free(q->heap_block);
    q->heap_block = block;
    q->heap = heap;
    q->heap_capacity = cap;
    return SIM_OK;
}

/* --- buckets ---------------------------------------------------------------------------- */

static int bucket_push(sim__calq_bucket *b, sim__cal_entry e)
{
    if (b->count == b->capacity) {
        size_t cap = b->capacity ? 2 * b->capacity : 16;
        sim__cal_entry *items = realloc(b->items, cap * sizeof *items);
        if (items == NULL)
            return SIM_ENOMEM;
        b->items = items;
        b->capacity = cap;
    }
    b->items[b->count++] = e;
    return SIM_OK;
}

static inline size_t bucket_of(const sim__calq *q, double t)
{
    double x = (t - q->start) * q->inv_width;
    if (!(x > 0)) /* before start (possible right after a rebuild), or exactly at it */
        return 0;
    size_t k = (size_t)x; /* t <= far_limit keeps x <= bucket_count (plus rounding) */
    return k < q->bucket_count ? k : q->bucket_count - 1;
}

void sim__calq_init(sim__calq *q)
{
    memset(q, 0, sizeof *q);
    q->far_limit = -INFINITY;
    q->heap_only = 1;
}

void sim__calq_fini(sim__calq *q)
{
    free(q->heap_block);
    for (size_t i = 0; i < q->bucket_alloc; i++)
        free(q->buckets[i].items);
    free(q->buckets);
    free(q->far.items);
    sim__calq_init(q);
}

int sim__calq_in_heap_range(const sim__calq *q, double t)
{
    return q->heap_only || (t <= q->far_limit && bucket_of(q, t) < q->next_bucket);
}

static void gather(sim__calq *q, int (*keep)(void *, const sim__cal_entry *), void *ctx);

int sim__calq_push(sim__calq *q, sim__cal_entry e)
{
    int rc;
    if (q->heap_only) {
        if (q->heap_count >= LARGE) {
            gather(q, NULL, NULL); /* too big for the heap alone: rebuild into buckets */
            if (q->heap_count == 0)
                return sim__calq_push(q, e);
        }
        rc = heap_reserve(q, q->heap_count + 1);
        if (rc == SIM_OK) {
            sift_up(q->heap, q->heap_count++, e);
            q->count++;
        }
        return rc;
    }
    if (e.time > q->far_limit) {
        rc = bucket_push(&q->far, e);
    } else {
        size_t k = bucket_of(q, e.time);
        if (k < q->next_bucket) {
            rc = heap_reserve(q, q->heap_count + 1);
            if (rc == SIM_OK)
                sift_up(q->heap, q->heap_count++, e);
        } else {
            rc = bucket_push(&q->buckets[k], e);
        }
    }
    if (rc == SIM_OK)
        q->count++;
    return rc;
}

static int time_cmp(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Bucket width from the density of events near the front, estimated on a strided sample
 * of far: equal widths over [min, max] would put most events of a skewed (e.g. exponential)
 * future into the first buckets. Returns 0 when no useful width exists. */
static double front_width(const sim__calq_bucket *far, double lo)
{
    enum { SAMPLE = 256 };
    double sample[SAMPLE];
    size_t n = far->count, s = n < SAMPLE ? n : SAMPLE;
    for (size_t i = 0; i < s; i++)
        sample[i] = far->items[i * (n / s)].time;
    qsort(sample, s, sizeof *sample, time_cmp);
    size_t j = s / 16;
    double span = sample[j] - lo;
    double events = (double)n * ((double)j + 0.5) / (double)s;
    return span > 0 ? TARGET * span / events : 0;
}

/* Spreads the front of far over fresh buckets; later times stay in far. */
static int rebuild(sim__calq *q)
{
    size_t n = q->far.count;
    if (n <= SMALL) {
        if (heap_reserve(q, n) != SIM_OK)
            return SIM_ENOMEM;
        sim__calq_bucket small = q->far;
        q->far.count = 0;
        q->heap_only = 1;
        q->bucket_count = 0;
        q->next_bucket = 0;
        q->far_limit = -INFINITY;
        memcpy(q->heap, small.items, n * sizeof *small.items);
        q->heap_count = n;
        for (size_t i = n / ARITY + 1; i-- > 0;)
            if (i < n)
                sift_down(q->heap, n, i, q->heap[i]);
        return SIM_OK;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double t = q->far.items[i].time;
        lo = t < lo ? t : lo;
        hi = t > hi ? t : hi;
    }
    size_t cap = 2 * (n / TARGET) + 1, want = cap;
    double width = front_width(&q->far, lo);
    double limit = hi;
    if (width > 0 && (hi - lo) / width < (double)cap) {
        want = (size_t)((hi - lo) / width) + 1;
    } else if (width > 0) {
        limit = lo + (double)cap * width; /* beyond this, events wait in far */
    } else {
        width = (hi - lo) / (double)cap;
    }
    if (want > q->bucket_alloc) {
        sim__calq_bucket *grown = realloc(q->buckets, want * sizeof *grown);
        if (grown == NULL)
            return SIM_ENOMEM;
        memset(grown + q->bucket_alloc, 0, (want - q->bucket_alloc) * sizeof *grown);
        q->buckets = grown;
        q->bucket_alloc = want;
    }
    double inv_width = 1 / width;
    if (!(hi > lo) || !isfinite(inv_width)) {
        want = 1;
        inv_width = 0;
        limit = hi;
    }
    q->bucket_count = want;
    q->start = lo;
    q->inv_width = inv_width;
    q->far_limit = limit;
    q->next_bucket = 0;
    size_t stay = 0;
    for (size_t i = 0; i < n; i++) {
        sim__cal_entry e = q->far.items[i];
        if (e.time > limit) {
            q->far.items[stay++] = e;
        } else if (bucket_push(&q->buckets[bucket_of(q, e.time)], e) != SIM_OK) {
            /* Undo: far's unread tail and the buckets' copies are merged back. */
            for (size_t k = 0; k < want; k++) {
                sim__calq_bucket *b = &q->buckets[k];
                memcpy(q->far.items + stay, b->items, b->count * sizeof *b->items);
                stay += b->count;
                b->count = 0;
            }
            memmove(q->far.items + stay, q->far.items + i, (n - i) * sizeof *q->far.items);
            q->bucket_count = 0;
            q->far_limit = -INFINITY;
            return SIM_ENOMEM;
        }
    }
    q->far.count = stay;
    return SIM_OK;
}

/* Moves bucket k into the (empty) heap and orders it. */
static int load_bucket(sim__calq *q, size_t k)
{
    sim__calq_bucket *b = &q->buckets[k];
    if (heap_reserve(q, b->count) != SIM_OK)
        return SIM_ENOMEM;
    memcpy(q->heap, b->items, b->count * sizeof *b->items);
    q->heap_count = b->count;
    b->count = 0;
    q->loaded = 1;
    for (size_t i = q->heap_count / ARITY + 1; i-- > 0;)
        if (i < q->heap_count)
            sift_down(q->heap, q->heap_count, i, q->heap[i]);
    return SIM_OK;
}

int sim__calq_settle(sim__calq *q)
{
    while (q->heap_count == 0) {
        if (q->next_bucket < q->bucket_count) {
            size_t k = q->next_bucket;
            if (q->buckets[k].count > 0 && load_bucket(q, k) != SIM_OK)
                return SIM_ENOMEM;
            q->next_bucket = k + 1;
        } else if (q->far.count > 0) {
            if (rebuild(q) != SIM_OK)
                return SIM_ENOMEM;
        } else {
            return 0;
        }
    }
    return 1;
}

void sim__calq_pop(sim__calq *q)
{
    q->count--;
    q->heap_count--;
    if (q->heap_count > 0)
        sift_down_from_root(q->heap, q->heap_count, q->heap[q->heap_count]);
}

void sim__calq_replace_top(sim__calq *q, sim__cal_entry e)
{
    sift_down_from_root(q->heap, q->heap_count, e);
}

/* Moves heap and bucket entries into far (then filters them with keep, if given). far is
 * grown first; if that fails nothing moves and the structure stays as it was. */
static void gather(sim__calq *q, int (*keep)(void *, const sim__cal_entry *), void *ctx)
{
    size_t total = q->count;
    if (q->far.capacity < total) {
        sim__cal_entry *items = realloc(q->far.items, total * sizeof *items);
        if (items == NULL)
            return;
        q->far.items = items;
        q->far.capacity = total;
    }
    sim__calq_bucket *far = &q->far;
    for (size_t i = 0; i < q->heap_count; i++)
        far->items[far->count++] = q->heap[i];
    q->heap_count = 0;
    for (size_t k = q->next_bucket; k < q->bucket_count; k++) {
        sim__calq_bucket *b = &q->buckets[k];
        memcpy(far->items + far->count, b->items, b->count * sizeof *b->items);
        far->count += b->count;
        b->count = 0;
    }
    q->bucket_count = 0;
    q->next_bucket = 0;
    q->far_limit = -INFINITY;
    q->heap_only = 0;
    if (keep == NULL)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < far->count; i++)
        if (keep(ctx, &far->items[i]))
            far->items[kept++] = far->items[i];
    q->count = kept;
    far->count = kept;
}

void sim__calq_filter(sim__calq *q, int (*keep)(void *ctx, const sim__cal_entry *e),
                      void *ctx)
{
    gather(q, keep, ctx);
}

static int entry_cmp(const void *pa, const void *pb)
{
    const sim__cal_entry *a = pa, *b = pb;
    return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

uint32_t sim__calq_renumber(sim__calq *q)
{
    gather(q, NULL, NULL);
    if (q->far.count != q->count) {
        /* Could not gather (no memory): renumber the heap alone is not enough, so keep the
         * old numbers; the caller tries again at the next schedule. */
        return 0;
    }
    qsort(q->far.items, q->far.count, sizeof *q->far.items, entry_cmp);
    for (size_t i = 0; i < q->far.count; i++)
        q->far.items[i].order = (uint32_t)(i + 1);
    return (uint32_t)(q->far.count + 1);
}

size_t sim__calq_memory_bytes(const sim__calq *q)
{
    size_t bytes = q->heap_block ? (q->heap_capacity + HEAP_OFFSET) * sizeof(sim__cal_entry) : 0;
    bytes += q->bucket_alloc * sizeof(sim__calq_bucket);
    for (size_t i = 0; i < q->bucket_alloc; i++)
        bytes += q->buckets[i].capacity * sizeof(sim__cal_entry);
    bytes += q->far.capacity * sizeof(sim__cal_entry);
    return bytes;
}
