/* The reference for engine_bench: a plain binary min-heap of (time, payload) with no engine
 * features (no tie-breaking sequence, no cancel, no callbacks, no pools), as a hand-written
 * simulation loop would use. Header-only so it is compiled with the bench's own flags. */
#ifndef BENCH_BARE_HEAP_H
#define BENCH_BARE_HEAP_H

#include <stdlib.h>

typedef struct bare_entry {
    double time;
    void *payload;
} bare_entry;

typedef struct bare_heap {
    bare_entry *a;
    size_t n, cap;
} bare_heap;

/* Returns 0, or -1 when allocation fails. */
static inline int bare_push(bare_heap *h, double time, void *payload)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 64;
        bare_entry *a = realloc(h->a, cap * sizeof *a);
        if (a == NULL)
            return -1;
        h->a = a;
        h->cap = cap;
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (h->a[parent].time <= time)
            break;
        h->a[i] = h->a[parent];
        i = parent;
    }
    h->a[i].time = time;
    h->a[i].payload = payload;
    return 0;
}

/* Removes and returns the earliest entry; the heap must not be empty. */
static inline bare_entry bare_pop(bare_heap *h)
{
    bare_entry top = h->a[0];
    bare_entry last = h->a[--h->n];
    size_t i = 0, n = h->n;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && h->a[child + 1].time < h->a[child].time)
            child++;
        if (last.time <= h->a[child].time)
            break;
        h->a[i] = h->a[child];
        i = child;
    }
    if (n > 0)
        h->a[i] = last;
    return top;
}

#endif
