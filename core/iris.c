/* IrisCode matching for one pair of templates: rotation of a probe eye, Daugman's normalised
 * fractional Hamming distance, and the fusion of two eyes. The gallery's SIMD kernels
 * (core/gallery_kernels.c) count the same bits and score them with the same function here,
 * so a 1:N search and a 1:1 match give bit-identical scores. */
#include <math.h>
#include <stdbool.h>
#include "core/iris.h"
#include "core/iris_internal.h"
#include "core/status.h"

#define RING_WORDS 4 /* 256 bits per ring */

/* One ring rotated left by bits (0..255): out bit j = in bit (j - bits) mod 256. */
static void ring_rotate(const uint64_t *in, unsigned bits, uint64_t *out)
{
    unsigned q = bits / 64, r = bits % 64;
    for (unsigned w = 0; w < RING_WORDS; w++) {
        uint64_t hi = in[(w + RING_WORDS - q) % RING_WORDS];
        uint64_t lo = in[(w + 2 * RING_WORDS - q - 1) % RING_WORDS];
        out[w] = r ? (hi << r) | (lo >> (64 - r)) : hi;
    }
}

void core_iris_rotate(const core_iris *in, int steps, core_iris *out)
{
    int mod = (int)(2 * CORE_IRIS_ANGLES);
    unsigned bits = (unsigned)(((2 * steps) % mod + mod) % mod);
    for (int ring = 0; ring < CORE_IRIS_RINGS; ring++) {
        ring_rotate(in->code + ring * RING_WORDS, bits, out->code + ring * RING_WORDS);
        ring_rotate(in->mask + ring * RING_WORDS, bits, out->mask + ring * RING_WORDS);
    }
}

double core_iris_norm_score(int d, int n)
{
    if (n < CORE_IRIS_MIN_BITS)
        return 1.0;
    /* 0.5 - (0.5 - d/n) * sqrt(n/911), written with one rounding path shared by the
     * gallery's precomputed table (core__iris_norm_factor) so results are identical. */
    return 0.5 - (0.5 * n - d) * core__iris_norm_factor(n);
}

double core__iris_norm_factor(int n)
{
    return 1.0 / sqrt((double)CORE_IRIS_NORM_BITS * (double)n);
}

bool core__iris_rotations_ok(int rotations)
{
    return rotations >= 1 && rotations <= CORE_IRIS_MAX_ROTATIONS && rotations % 2 == 1;
}

void core__iris_count(const core_iris *probe, const core_iris *gallery, int *d, int *n)
{
    int dd = 0, nn = 0;
    for (int w = 0; w < CORE_IRIS_WORDS; w++) {
        uint64_t m = probe->mask[w] & gallery->mask[w];
        dd += core__popcount64((probe->code[w] ^ gallery->code[w]) & m);
        nn += core__popcount64(m);
    }
    *d = dd;
    *n = nn;
}

int core__popcount64(uint64_t x)
{
    /* Portable SWAR popcount: the build has no -mpopcnt, and this must not need it. */
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (int)((x * 0x0101010101010101ULL) >> 56);
}

void core__iris_pick(const uint16_t *counts, int rotations, core_iris_score *out)
{
    /* counts holds (d, n) per rotation; rotation r is a probe shift of r - rotations/2. */
    core_iris_score best = {1.0, 0.5, 0, 0};
    bool usable = false;
    for (int r = 0; r < rotations; r++) {
        int d = counts[2 * r], n = counts[2 * r + 1];
        if (n < CORE_IRIS_MIN_BITS)
            continue;
        double s = core_iris_norm_score(d, n);
        if (!usable || s < best.score) {
            best.score = s;
            best.raw = (double)d / n;
            best.bits = n;
            best.shift = r - rotations / 2;
            usable = true;
        }
    }
    *out = best;
}

int core_iris_match(const core_iris *probe, const core_iris *gallery, int rotations,
                    core_iris_score *out)
{
    if (rotations == 0)
        rotations = CORE_IRIS_DEFAULT_ROTATIONS;
    if (!probe || !gallery || !out || !core__iris_rotations_ok(rotations))
        return CORE_EINVAL;
    uint16_t counts[2 * CORE_IRIS_MAX_ROTATIONS];
    core_iris turned;
    for (int r = 0; r < rotations; r++) {
        int d, n;
        core_iris_rotate(probe, r - rotations / 2, &turned);
        core__iris_count(&turned, gallery, &d, &n);
        counts[2 * r] = (uint16_t)d;
        counts[2 * r + 1] = (uint16_t)n;
    }
    core__iris_pick(counts, rotations, out);
    return CORE_OK;
}

double core__iris_fuse(const core_iris_score eye[2])
{
    double sum = 0.0;
    int usable = 0;
    for (int e = 0; e < 2; e++) {
        if (eye[e].bits >= CORE_IRIS_MIN_BITS) {
            sum += eye[e].score;
            usable++;
        }
    }
    return usable ? sum / usable : 1.0;
}

int core_template_match(const core_template *probe, const core_template *gallery,
                        int rotations, double *fused, double eye_score[2])
{
    if (!probe || !gallery || !fused)
        return CORE_EINVAL;
    core_iris_score eye[2];
    for (int e = 0; e < 2; e++) {
        int rc = core_iris_match(&probe->eye[e], &gallery->eye[e], rotations, &eye[e]);
        if (rc != CORE_OK)
            return rc;
    }
    *fused = core__iris_fuse(eye);
    if (eye_score) {
        eye_score[0] = eye[0].score;
        eye_score[1] = eye[1].score;
    }
    return CORE_OK;
}
