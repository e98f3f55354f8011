/* IrisCode templates: layout, matching and synthesis of test people.
 * A template per eye has 2,048 code bits and 2,048 mask bits (1 = bit valid). Bits are laid
 * out ring by ring: bit index = ring * 256 + angle * 2 + phase, for 8 rings x 128 angles x
 * 2 phase bits, so each ring is four 64-bit words and one angular step is a 2-bit rotation
 * of the ring. Matching rotates the probe, never the gallery. */
#ifndef CORE_IRIS_H
#define CORE_IRIS_H

#include <stddef.h>
#include <stdint.h>

#define CORE_IRIS_RINGS 8
#define CORE_IRIS_ANGLES 128
#define CORE_IRIS_BITS 2048
#define CORE_IRIS_WORDS (CORE_IRIS_BITS / 64) /* 32 */
#define CORE_IRIS_DEFAULT_ROTATIONS 7          /* -3..+3 angular steps */

typedef struct core_iris {
    uint64_t code[CORE_IRIS_WORDS];
    uint64_t mask[CORE_IRIS_WORDS];
} core_iris; /* 512 bytes */

/* Both eyes of one capture: eye[0] left, eye[1] right. 1 KiB, 64-byte aligned in galleries. */
typedef struct core_template {
    core_iris eye[2];
} core_template;

/* ---- Matching one pair (added by the biometrics module; core/iris.c) ---------------------
 * Scores are Daugman's normalised fractional Hamming distance:
 *   raw  = |(codeA xor codeB) and maskA and maskB| / n,   n = |maskA and maskB|
 *   norm = 0.5 - (0.5 - raw) * sqrt(n / CORE_IRIS_NORM_BITS)
 * so a comparison over few bits is pulled towards 0.5 (it proves less). The best (lowest) norm
 * over the rotations is the eye's score. An eye pair with n < CORE_IRIS_MIN_BITS is unusable:
 * its score is 1.0. Two eyes fuse as the mean of the usable eyes' scores (1.0 if none is
 * usable). Scores can dip slightly below 0 for near-identical codes with many valid bits. */
#define CORE_IRIS_NORM_BITS 911 /* Daugman's typical number of bits compared */
#define CORE_IRIS_MIN_BITS 128  /* fewer bits compared than this: the eye proves nothing */
#define CORE_IRIS_MAX_ROTATIONS 63

typedef struct core_iris_score {
    double score;  /* normalised HD at the best rotation; 1.0 when unusable */
    double raw;    /* fractional HD at that rotation (0.5 when unusable) */
    int bits;      /* n, the bits valid in both masks at that rotation */
    int shift;     /* the probe rotation chosen, in angular steps (-r/2..+r/2) */
} core_iris_score;

/* Rotates an eye code and mask by steps angular steps (2 bits within each 256-bit ring;
 * positive moves angle a to a + steps). in and out may not overlap. Thread-safe. */
void core_iris_rotate(const core_iris *in, int steps, core_iris *out);

/* Matches probe against gallery over rotations (odd, 1..CORE_IRIS_MAX_ROTATIONS; 0 means
 * CORE_IRIS_DEFAULT_ROTATIONS), rotating the probe. Returns CORE_OK, or CORE_EINVAL for
 * NULL pointers or a bad rotation count. Thread-safe, allocates nothing. */
int core_iris_match(const core_iris *probe, const core_iris *gallery, int rotations,
                    core_iris_score *out);

/* Both eyes: *fused gets the fused score (mean of usable eyes, lower is better) and
 * eye_score[2] (may be NULL) each eye's score. Same return codes as core_iris_match. */
int core_template_match(const core_template *probe, const core_template *gallery,
                        int rotations, double *fused, double eye_score[2]);

/* The normalised score for d disagreeing bits out of n compared (1.0 if n < MIN_BITS). */
double core_iris_norm_score(int d, int n);

/* ---- Synthesis of test people (core/iris_synth.c) ----------------------------------------
 * A person's identity seed gives a stable code per eye: the signs of a smoothed Gaussian field
 * over rings x angles, one field per phase bit, so neighbouring bits are correlated like real
 * IrisCodes (impostor scores ~ binomial, mean 0.5, sd ~0.032, ~249 degrees of freedom). The
 * enrolled base has all mask bits valid; a capture flips bits at random, rotates the eye by a
 * few angular steps and masks eyelids, eyelashes and reflections. Everything is a pure
 * function of the seeds and params: no global state, thread-safe, bit-identical on all CPUs. */
typedef struct core_synth_params {
    double genuine_mean;   /* target mean matcher score of two captures of one eye: 0.11 */
    double genuine_spread; /* sd of log flip rate between captures; 0 (see iris_synth.c) */
    double smooth_angle;   /* field smoothing sd in angular steps (calibrated default) */
    double smooth_ring;    /* field smoothing sd in rings (calibrated default) */
    int max_rotation;      /* capture rotation uniform in -max..+max steps; 2 */
    double eyelid_share;   /* mean share of positions hidden by eyelids; 0.15 */
    double eyelash_share;  /* share of positions hidden by lashes and reflections; 0.04 */
} core_synth_params;

/* Fills p with the calibrated defaults above. */
void core_synth_params_default(core_synth_params *p);

/* Harder, cross-session-like genuine scores (docs/index.md): the defaults with genuine_mean
 * set and genuine_spread CORE_SYNTH_CROSS_SESSION_SPREAD, which keeps the sd of genuine scores
 * fused over both eyes at about 0.18 of the mean (0.036 at mean 0.20, 0.039 at 0.25; the
 * 0.11 +- 0.02 quoted for the default data has the same ratio; one eye's sd is ~1.4 times
 * larger) with a long upper tail, as flip rates vary between capture sessions.
 * CORE_OK, or CORE_EINVAL for NULL or a mean outside (0, 0.45). */
#define CORE_SYNTH_CROSS_SESSION_SPREAD 0.25
int core_synth_params_genuine(core_synth_params *p, double genuine_mean);

/* Writes the enrolled base (both eyes, all mask bits valid) of the person identity_seed.
 * params NULL means the defaults. CORE_OK, or CORE_EINVAL (NULL base, params out of range). */
int core_iris_synth_person(uint64_t identity_seed, const core_synth_params *params,
                           core_template *base);

/* Writes one capture of base: noise, rotation and masks drawn from capture_seed. Use a
 * different capture_seed per capture (e.g. mix the identity seed and a capture number).
 * params NULL means the defaults. CORE_OK or CORE_EINVAL. base and out may not overlap. */
int core_iris_synth_capture(const core_template *base, uint64_t capture_seed,
                            const core_synth_params *params, core_template *out);

/* Convenience: the base of identity_seed, then its capture number capture_no. */
int core_iris_synth(uint64_t identity_seed, uint32_t capture_no,
                    const core_synth_params *params, core_template *out);

#endif
