/* Internal to sim/calendar.c: the priority queue behind the event calendar.
 * A two-level bucket queue (a simplified ladder queue): events beyond the bucketed range
 * wait unsorted in `far`; when the buckets run out, `far` is spread over about
 * far_count/TARGET buckets of equal width; the earliest non-empty bucket is moved into a
 * small 4-ary heap, which orders by (time, order). Equal times always share a bucket, so
 * ties meet in the heap and break by order. Each event is moved at most twice per cycle,
 * so push and pop cost O(1) amortised plus a heap operation on a few dozen entries.
 * Skewed times (one far outlier) degrade gracefully to a plain heap. Queues of up to a few
 * thousand entries live in the heap alone (it fits in cache and needs no reorganising);
 * they switch to buckets when they grow past that. Not thread-safe. */
#ifndef SIM_CALQUEUE_H
#define SIM_CALQUEUE_H

#include <stddef.h>
#include <stdint.h>

typedef struct sim__cal_entry {
    double time;
    uint32_t slot;
    uint32_t order; /* insertion order; equal times run in increasing order */
} sim__cal_entry;

typedef struct sim__calq_bucket {
    sim__cal_entry *items;
    size_t count, capacity;
} sim__calq_bucket;

typedef struct sim__calq {
    sim__cal_entry *heap;       /* heap[0] is the earliest */
    void *heap_block;           /* allocation holding heap, aligned so siblings share a line */
    size_t heap_count, heap_capacity;
    sim__calq_bucket *buckets;  /* the first bucket_count are in use */
    size_t bucket_count, bucket_alloc;
    size_t next_bucket;         /* buckets below this one are empty (moved to the heap) */
    double start, inv_width;    /* bucket of t: floor((t - start) * inv_width) */
    double far_limit;           /* times above this go to far */
    sim__calq_bucket far;
    size_t count;               /* entries in all parts */
    int heap_only;              /* small queues skip the buckets: everything is in the heap */
    int loaded;                 /* set when a bucket moved into the heap (cleared by caller) */
} sim__calq;

void sim__calq_init(sim__calq *q);
void sim__calq_fini(sim__calq *q);

/* Adds an entry. Returns 0 or SIM_ENOMEM (q unchanged). */
int sim__calq_push(sim__calq *q, sim__cal_entry e);

/* Makes the earliest entry heap[0]. Returns 1 when there is one, 0 when q is empty, or
 * SIM_ENOMEM when reorganising needed memory it could not get (q still consistent). */
int sim__calq_settle(sim__calq *q);

/* Removes heap[0]; only after sim__calq_settle() returned 1. */
void sim__calq_pop(sim__calq *q);

/* True when an entry at time t would go to the heap (not to a bucket or far). */
int sim__calq_in_heap_range(const sim__calq *q, double t);

/* Replaces heap[0] by e (cheaper than pop + push); only when in_heap_range(e.time). */
void sim__calq_replace_top(sim__calq *q, sim__cal_entry e);

/* Moves every entry into far, calling keep(ctx, entry) on each and dropping those for which
 * it returns 0; afterwards the parts are rebuilt on demand. O(count). */
void sim__calq_filter(sim__calq *q, int (*keep)(void *ctx, const sim__cal_entry *e),
                      void *ctx);

/* Gathers everything into far sorted by (time, order) and renumbers orders 1..count,
 * keeping every relative order. Returns the next free order number. */
uint32_t sim__calq_renumber(sim__calq *q);

size_t sim__calq_memory_bytes(const sim__calq *q);

#endif
