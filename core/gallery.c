/* Gallery storage: templates in one 64-byte aligned array, ids alongside, and an open-
 * addressing hash (linear probing, backward-shift deletion) from person id to array index so
 * delete is O(1): the last record moves into the hole. Each record's index sketch sits in a
 * parallel array and moves with it. Searches live in gallery_search.c. */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE (Linux); everything else is C17 + POSIX */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "core/gallery_internal.h"
#include "core/status.h"

#define MIN_CAPACITY 16

static uint64_t hash_id(uint64_t id)
{
    id ^= id >> 33;
    id *= 0xff51afd7ed558ccdULL;
    id ^= id >> 33;
    id *= 0xc4ceb9fe1a85ec53ULL;
    return id ^ (id >> 33);
}

/* Slot of id, or of the empty slot where it would go. */
static size_t slot_of(const core_gallery *g, uint64_t id)
{
    size_t i = hash_id(id) & g->slot_mask;
    while (g->slots[i].index_plus1 && g->slots[i].id != id)
        i = (i + 1) & g->slot_mask;
    return i;
}

static int rehash(core_gallery *g, size_t n_slots)
{
    core__slot *slots = calloc(n_slots, sizeof *slots);
    if (!slots)
        return CORE_ENOMEM;
    free(g->slots);
    g->slots = slots;
    g->slot_mask = n_slots - 1;
    for (size_t k = 0; k < g->count; k++) {
        size_t i = slot_of(g, g->ids[k]);
        g->slots[i].id = g->ids[k];
        g->slots[i].index_plus1 = k + 1;
    }
    return CORE_OK;
}

#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_FROM (32 * HUGE_PAGE) /* below 64 MiB rounding up would waste too much */

/* Big record arrays go on 2 MiB boundaries and ask for transparent huge pages: a search
 * streams the whole array, and 4 KiB pages would cost a TLB miss every 4 records and a page
 * fault every 4 inserts (expensive under virtualisation). Small ones stay 64-byte aligned. */
static size_t records_bytes(size_t capacity)
{
    size_t bytes = capacity * sizeof(core_template);
    return bytes < HUGE_FROM ? bytes : (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

static core_template *alloc_records(size_t capacity)
{
    size_t bytes = records_bytes(capacity);
    if (bytes < HUGE_FROM)
        return aligned_alloc(64, bytes);
    core_template *records = aligned_alloc(HUGE_PAGE, bytes);
#ifdef MADV_HUGEPAGE
    if (records)
        madvise(records, bytes, MADV_HUGEPAGE); /* advice only: failure changes nothing */
#endif
    return records;
}

static int grow_records(core_gallery *g, size_t capacity)
{
    core_template *records = alloc_records(capacity);
    uint64_t *ids = malloc(capacity * sizeof *ids);
    uint64_t *sketches = malloc(capacity * CORE_INDEX_BYTES);
    if (!records || !ids || !sketches) {
        free(records);
        free(ids);
        free(sketches);
        return CORE_ENOMEM;
    }
    if (g->count) {
        memcpy(records, g->records, g->count * sizeof *records);
        memcpy(ids, g->ids, g->count * sizeof *ids);
        memcpy(sketches, g->sketches, g->count * CORE_INDEX_BYTES);
    }
    free(g->records);
    free(g->ids);
    free(g->sketches);
    g->records = records;
    g->ids = ids;
    g->sketches = sketches;
    g->capacity = capacity;
    return CORE_OK;
}

static size_t slots_for(size_t capacity)
{
    size_t n = 2 * MIN_CAPACITY;
    while (n < 2 * capacity)
        n *= 2;
    return n;
}

int core_gallery_create(core_gallery **out, size_t capacity_hint)
{
    if (!out)
        return CORE_EINVAL;
    *out = NULL;
    core_gallery *g = calloc(1, sizeof *g);
    if (!g)
        return CORE_ENOMEM;
    g->kernel = core__kernel_best();
    size_t capacity = capacity_hint > MIN_CAPACITY ? capacity_hint : MIN_CAPACITY;
    if (capacity > SIZE_MAX / (2 * sizeof(core_template)) || grow_records(g, capacity) ||
        rehash(g, slots_for(capacity))) {
        core_gallery_destroy(g);
        return CORE_ENOMEM;
    }
    *out = g;
    return CORE_OK;
}

void core_gallery_destroy(core_gallery *g)
{
    if (!g)
        return;
    free(g->records);
    free(g->ids);
    free(g->sketches);
    free(g->slots);
    free(g);
}

int core_gallery_insert(core_gallery *g, uint64_t person_id, const core_template *t)
{
    if (!g || !t)
        return CORE_EINVAL;
    if (g->slots[slot_of(g, person_id)].index_plus1)
        return CORE_EEXIST;
    if (g->count == g->capacity && grow_records(g, g->capacity + g->capacity / 2))
        return CORE_ENOMEM;
    if (2 * (g->count + 1) > g->slot_mask + 1 && rehash(g, 2 * (g->slot_mask + 1)))
        return CORE_ENOMEM;
    size_t i = slot_of(g, person_id);
    g->records[g->count] = *t;
    g->ids[g->count] = person_id;
    core__index_sketch(t, g->sketches + g->count * CORE_INDEX_WORDS);
    g->count++;
    g->slots[i].id = person_id;
    g->slots[i].index_plus1 = g->count;
    return CORE_OK;
}

/* Empties slot i and shifts later members of its probe run back (no tombstones). */
static void slot_remove(core_gallery *g, size_t i)
{
    size_t j = i;
    for (;;) {
        g->slots[i].index_plus1 = 0;
        for (;;) {
            j = (j + 1) & g->slot_mask;
            if (!g->slots[j].index_plus1)
                return;
            size_t home = hash_id(g->slots[j].id) & g->slot_mask;
            /* j's entry may move to i only if its home is not cyclically in (i, j]. */
            int home_in_range = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!home_in_range)
                break;
        }
        g->slots[i] = g->slots[j];
        i = j;
    }
}

int core_gallery_delete(core_gallery *g, uint64_t person_id)
{
    if (!g)
        return CORE_EINVAL;
    size_t i = slot_of(g, person_id);
    if (!g->slots[i].index_plus1)
        return CORE_ENOTFOUND;
    size_t hole = g->slots[i].index_plus1 - 1, last = g->count - 1;
    slot_remove(g, i);
    if (hole != last) {
        g->records[hole] = g->records[last];
        g->ids[hole] = g->ids[last];
        memcpy(g->sketches + hole * CORE_INDEX_WORDS, g->sketches + last * CORE_INDEX_WORDS,
               CORE_INDEX_BYTES);
        g->slots[slot_of(g, g->ids[hole])].index_plus1 = hole + 1;
    }
    g->count--;
    return CORE_OK;
}

size_t core_gallery_count(const core_gallery *g) { return g ? g->count : 0; }

size_t core_gallery_memory_bytes(const core_gallery *g)
{
    if (!g)
        return 0;
    return sizeof *g + records_bytes(g->capacity) + g->capacity * sizeof(uint64_t) +
           (g->slot_mask + 1) * sizeof(core__slot);
}

const core_template *core_gallery_find(const core_gallery *g, uint64_t person_id)
{
    if (!g)
        return NULL;
    size_t i = slot_of(g, person_id);
    return g->slots[i].index_plus1 ? &g->records[g->slots[i].index_plus1 - 1] : NULL;
}

const char *core_gallery_kernel(const core_gallery *g) { return g ? g->kernel->name : NULL; }

int core_gallery_set_kernel(core_gallery *g, const char *name)
{
    if (!g || !name)
        return CORE_EINVAL;
    const core__kernel *k = core__kernel_find(name);
    if (!k || !k->supported())
        return CORE_ENOTFOUND;
    g->kernel = k;
    return CORE_OK;
}

size_t core__gallery_index(const core_gallery *g, uint64_t person_id)
{
    size_t i = slot_of(g, person_id);
    return g->slots[i].index_plus1 ? g->slots[i].index_plus1 - 1 : SIZE_MAX;
}
