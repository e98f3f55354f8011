/* The gallery's representation, shared by gallery.c (storage) and gallery_search.c. */
#ifndef CORE_GALLERY_INTERNAL_H
#define CORE_GALLERY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "core/gallery.h"
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
};

/* Index of person_id in records, or SIZE_MAX. */
size_t core__gallery_index(const core_gallery *g, uint64_t person_id);

#endif
