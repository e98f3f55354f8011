/* The gallery's representation, shared by gallery.c (storage) and gallery_search.c. */
#ifndef CORE_GALLERY_INTERNAL_H
#define CORE_GALLERY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "core/gallery.h"
#include "core/gallery_index.h"
#include "core/iris_internal.h"

typedef struct core__slot {
    uint64_t id;
    size_t index_plus1; /* 0 = empty slot */
} core__slot;

struct core_gallery {
    core_template *records; /* 64-byte aligned, count used of capacity */
    uint64_t *ids;          /* ids[i] owns records[i] */
    size_t count, capacity;
    core__slot *slots;      /* id -> index, power-of-two size, at most half full */
    size_t slot_mask;
    const core__kernel *kernel;
    uint64_t *sketches;     /* CORE_INDEX_WORDS per record, parallel to records (index) */
};

/* The sketch of one template (gallery_index.c): CORE_INDEX_WORDS words. */
void core__index_sketch(const core_template *t, uint64_t *sketch);

/* The index's candidates for probe (already rotated into rots, as the search does): record
 * indices in ascending order in *indices (caller frees), their number in *n and the sketches
 * scanned in *scanned. CORE_OK, CORE_ENOMEM, or CORE_ENOTFOUND when no probe eye is usable
 * (the caller searches by brute force). */
int core__index_candidates(const core_gallery *g, const core_template *rots, int rotations,
                           int radius, int threads, size_t **indices, size_t *n,
                           uint64_t *scanned);

/* Index of person_id in records, or SIZE_MAX. */
size_t core__gallery_index(const core_gallery *g, uint64_t person_id);

#endif
