/* Internals shared by the biometric files of core/ (iris.c, iris_synth.c, gallery*.c) and
 * their tests: bit counting, scoring and the popcount kernels. Not part of the public API. */
#ifndef CORE_IRIS_INTERNAL_H
#define CORE_IRIS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "core/iris.h"

int core__popcount64(uint64_t x);
double core__iris_norm_factor(int n); /* 1 / sqrt(911 n): norm = 0.5 - (n/2 - d) * this */
bool core__iris_rotations_ok(int rotations);
/* d = disagreeing bits valid in both masks, n = bits valid in both masks. */
void core__iris_count(const core_iris *probe, const core_iris *gallery, int *d, int *n);
/* Best rotation from (d, n) pairs, rotation r meaning a probe shift of r - rotations/2. */
void core__iris_pick(const uint16_t *counts, int rotations, core_iris_score *out);
double core__iris_fuse(const core_iris_score eye[2]);

/* A popcount kernel compares a record with every rotation of the probe while the record is
 * in cache. rots holds `rotations` templates (probe shifted by r - rotations/2), 64-byte
 * aligned. counts gets, for eye e and rotation r, d at [(e * rotations + r) * 2] and n at
 * [(e * rotations + r) * 2 + 1]. Kernels must agree bit for bit with the generic one. */
typedef void (*core__count_fn)(const core_template *rots, int rotations,
                               const core_template *record, uint16_t *counts);

typedef struct core__kernel {
    const char *name;      /* "avx512", "avx2", "popcnt", "generic" */
    core__count_fn count;
    bool (*supported)(void);
} core__kernel;

/* All kernels, best first; the last ("generic") runs everywhere. */
extern const core__kernel core__kernels[];
extern const int core__kernel_count;
const core__kernel *core__kernel_best(void);
const core__kernel *core__kernel_find(const char *name); /* NULL if unknown */

#endif
