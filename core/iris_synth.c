/* Synthetic IrisCodes for test people. A person is the signs of a smoothed random field over
 * rings x angles (one field per phase bit and eye), so neighbouring bits are correlated as in
 * real codes; the smoothing widths are calibrated for ~249 degrees of freedom in normalised
 * impostor scores (sum of squared bit correlations = 911 / 249). Integer arithmetic and an
 * own PRNG keep the output bit-identical on every machine. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "core/iris.h"
#include "core/status.h"

#define MAX_HALO 12 /* ring taps on each side, also the field's extra rings */
#define MAX_TAPS 32 /* angle taps on each side */
#define UPPER_LID_ANGLE 32 /* 90 degrees: angle 0 is the 3 o'clock direction */
#define LOWER_LID_ANGLE 96
#define GABOR_SD_CYCLES 2.0 /* envelope sd x angular frequency: about one octave */
#define UPPER_LID_PART 0.7 /* of eyelid_share; the upper lid hides more */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng *r) /* xoshiro256** */
{
    uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

static double rng_unit(rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

static double rng_normal(rng *r) /* Box-Muller, one draw */
{
    double u = 1.0 - rng_unit(r), v = rng_unit(r);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

void core_synth_params_default(core_synth_params *p)
{
    p->genuine_mean = 0.11;
    p->genuine_spread = 0.0; /* > 0 mixes impostor dof: heavier tail */
    p->smooth_angle = 1.22; /* Gabor envelope; with smooth_ring 2.55: ~249 dof in impostors */
    p->smooth_ring = 2.55;
    p->max_rotation = 1;    /* two captures differ by <= 2 steps: 7 rotations recover it */
    p->eyelid_share = 0.15;
    p->eyelash_share = 0.04;
}

int core_synth_params_genuine(core_synth_params *p, double genuine_mean)
{
    if (!p || !(genuine_mean > 0.0 && genuine_mean < 0.45))
        return CORE_EINVAL;
    core_synth_params_default(p);
    p->genuine_mean = genuine_mean;
    p->genuine_spread = CORE_SYNTH_CROSS_SESSION_SPREAD;
    return CORE_OK;
}

static bool params_ok(const core_synth_params *p)
{
    return p->genuine_mean > 0.0 && p->genuine_mean < 0.45 && p->genuine_spread >= 0.0 &&
           p->genuine_spread <= 2.0 && p->smooth_angle >= 0.3 &&
           p->smooth_angle <= MAX_TAPS / 3.0 && p->smooth_ring >= 0.0 &&
           p->smooth_ring <= MAX_HALO / 3.0 && p->max_rotation >= 0 &&
           p->max_rotation <= 16 && p->eyelid_share >= 0.0 && p->eyelid_share <= 0.6 &&
           p->eyelash_share >= 0.0 && p->eyelash_share <= 0.5;
}

static const core_synth_params *params_or_default(const core_synth_params *p,
                                                  core_synth_params *store)
{
    if (p)
        return p;
    core_synth_params_default(store);
    return store;
}

/* Gaussian taps quantised to multiples of 2^-12 so every platform uses the same weights;
 * returns the half-width. taps[m] is the weight at offset m >= 0. */
static int make_taps(double sd, float *taps, int max_half)
{
    int half = sd > 0.0 ? (int)ceil(3.0 * sd) : 0;
    if (half > max_half)
        half = max_half;
    for (int m = 0; m <= half; m++)
        taps[m] = (float)(lround(4096.0 * exp(-(double)(m * m) / (2.0 * sd * sd))) / 4096.0);
    if (sd <= 0.0)
        taps[0] = 1.0f;
    return half;
}

/* A quadrature pair of Gabor-like angular filters, like the 2-D Gabor wavelets whose phase
 * IrisCode quantises: taps[phase][half + m] for offset m. Both are band-pass with no DC
 * response (the centre tap absorbs the quantised sum), so a code has as many ones as zeros
 * up to small fluctuations and impostor scores stay binomial far into the tail. */
static int make_gabor(double sd, float taps[2][2 * MAX_TAPS + 1])
{
    int half = (int)ceil(3.0 * sd);
    if (half > MAX_TAPS)
        half = MAX_TAPS;
    double omega = GABOR_SD_CYCLES / sd; /* radians per angular step */
    long sum = 0;
    for (int m = -half; m <= half; m++) {
        double env = exp(-(double)(m * m) / (2.0 * sd * sd));
        long even = lround(4096.0 * env * cos(omega * m));
        long odd = lround(4096.0 * env * sin(omega * m));
        taps[0][half + m] = (float)even;
        taps[1][half + m] = (float)odd;
        sum += even;
    }
    taps[0][half] -= (float)sum;
    return half;
}

/* Both phase bits of one eye from one noise field: angular Gabor pair (circular), then a
 * Gaussian across rings. Loops run over the angle innermost so they vectorise; each sum
 * keeps a fixed order, so results are identical with or without vector instructions. */
static void synth_eye(rng *r, const core_synth_params *p, core_iris *eye)
{
    enum { A = CORE_IRIS_ANGLES, PAD = CORE_IRIS_ANGLES + 2 * MAX_TAPS };
    float ta[2][2 * MAX_TAPS + 1], tr[MAX_HALO + 1];
    int ha = make_gabor(p->smooth_angle, ta);
    int hr = make_taps(p->smooth_ring, tr, MAX_HALO);
    int rows = CORE_IRIS_RINGS + 2 * hr;
    float noise[(CORE_IRIS_RINGS + 2 * MAX_HALO) * PAD];
    float along[(CORE_IRIS_RINGS + 2 * MAX_HALO) * A], field[A];
    for (int row = 0; row < rows; row++) {
        float *n = noise + row * PAD;
        for (int a = 0; a < A; a += 4) {
            uint64_t x = rng_next(r); /* four centred 16-bit uniforms */
            for (int k = 0; k < 4; k++)
                n[ha + a + k] = (float)((int32_t)((x >> (16 * k)) & 0xffff) - 32768);
        }
        for (int m = 0; m < ha; m++) { /* circular wrap */
            n[m] = n[A + m];
            n[ha + A + m] = n[ha + m];
        }
    }
    for (int phase = 0; phase < 2; phase++) {
        for (int row = 0; row < rows; row++) {
            const float *n = noise + row * PAD;
            float *out = along + row * A;
            for (int a = 0; a < A; a++)
                out[a] = 0.0f;
            for (int m = -ha; m <= ha; m++)
                for (int a = 0; a < A; a++)
                    out[a] += ta[phase][ha + m] * n[ha + a + m];
        }
        for (int ring = 0; ring < CORE_IRIS_RINGS; ring++) {
            const float *centre = along + (ring + hr) * A;
            for (int a = 0; a < A; a++)
                field[a] = tr[0] * centre[a];
            for (int m = 1; m <= hr; m++)
                for (int a = 0; a < A; a++)
                    field[a] += tr[m] * (centre[a + m * A] + centre[a - m * A]);
            for (int a = 0; a < A; a++) {
                int bit = ring * 256 + a * 2 + phase;
                if (field[a] > 0.0f)
                    eye->code[bit / 64] |= 1ULL << (bit % 64);
            }
        }
    }
}

int core_iris_synth_person(uint64_t identity_seed, const core_synth_params *params,
                           core_template *base)
{
    core_synth_params store;
    const core_synth_params *p = params_or_default(params, &store);
    if (!base || !params_ok(p))
        return CORE_EINVAL;
    memset(base, 0, sizeof *base);
    for (int e = 0; e < 2; e++) {
        rng r;
        rng_seed(&r, identity_seed, 1 + (uint64_t)e);
        synth_eye(&r, p, &base->eye[e]);
        memset(base->eye[e].mask, 0xff, sizeof base->eye[e].mask);
    }
    return CORE_OK;
}

/* Chance that a position at distance da from a lid's centre stays clear of it, when the
 * lid's half-width at the outer ring is uniform on [0, 2 * mean_width] and shrinks linearly
 * towards the pupil; inv = 1 / (2 * mean_width). */
static double lid_clear(int ring, int da, double inv)
{
    double x = 8.0 * da * inv / (ring + 1);
    return x < 1.0 ? x : 1.0;
}

static int circ_dist(int a, int b)
{
    int d = abs(a - b) % CORE_IRIS_ANGLES;
    return d < CORE_IRIS_ANGLES - d ? d : CORE_IRIS_ANGLES - d;
}

/* Mean outer-ring half-widths of the lids, in angular steps, for the requested share. */
static void lid_widths(const core_synth_params *p, double *upper, double *lower)
{
    /* A half-width W hides 2 W (ring+1)/8 angles per ring: on average W / 113.8 of all. */
    double per_width = 2.0 * (4.5 / 8.0) / CORE_IRIS_ANGLES;
    *upper = p->eyelid_share * UPPER_LID_PART / per_width;
    *lower = p->eyelid_share * (1.0 - UPPER_LID_PART) / per_width;
}

/* Expected bits valid in both masks of two captures, from the mask model above. The lids
 * sit opposite each other, so angles between them see one lid or the other. */
static double expected_common_bits(const core_synth_params *p)
{
    double up, low, sum = 0.0, clear = 1.0 - p->eyelash_share;
    lid_widths(p, &up, &low);
    double inv_up = up > 0.0 ? 0.5 / up : 0.0, inv_low = low > 0.0 ? 0.5 / low : 0.0;
    for (int ring = 0; ring < CORE_IRIS_RINGS; ring++)
        for (int a = 0; a < CORE_IRIS_ANGLES; a++) {
            int du = circ_dist(a, UPPER_LID_ANGLE), dl = circ_dist(a, LOWER_LID_ANGLE);
            double v = (inv_up > 0.0 ? lid_clear(ring, du, inv_up) : 1.0) *
                       (inv_low > 0.0 ? lid_clear(ring, dl, inv_low) : 1.0) * clear;
            sum += 2.0 * v * v;
        }
    return sum;
}

/* Mean flip rate per capture so that two captures score genuine_mean after normalisation:
 * raw disagreement 2q(1-q) = 0.5 - (0.5 - g) sqrt(911 / E[n]). */
static double flip_rate(const core_synth_params *p)
{
    double n = expected_common_bits(p);
    double raw = 0.5 - (0.5 - p->genuine_mean) * sqrt(CORE_IRIS_NORM_BITS / n);
    if (raw < 0.0)
        raw = 0.0;
    if (raw > 0.49)
        raw = 0.49;
    return 0.5 * (1.0 - sqrt(1.0 - 2.0 * raw));
}

/* Flips each code bit with probability q (16-bit resolution, four bits per draw). */
static void add_noise(core_iris *eye, rng *r, double q)
{
    uint64_t threshold = (uint64_t)(q * 65536.0);
    for (int w = 0; w < CORE_IRIS_WORDS; w++) {
        uint64_t flips = 0;
        for (int b = 0; b < 64; b += 4) {
            uint64_t x = rng_next(r);
            for (int k = 0; k < 4; k++)
                flips |= (uint64_t)(((x >> (16 * k)) & 0xffff) < threshold) << (b + k);
        }
        eye->code[w] ^= flips;
    }
}

/* Eyelids (fixed in the camera's frame, so applied after rotation), lashes and reflections.
 * Hidden positions lose both phase bits, and their code bits become noise. */
static void add_mask(core_iris *eye, rng *r, const core_synth_params *p)
{
    double up, low;
    lid_widths(p, &up, &low);
    double w_up = 2.0 * up * rng_unit(r), w_low = 2.0 * low * rng_unit(r);
    uint64_t lash_threshold = (uint64_t)(p->eyelash_share * 65536.0);
    for (int ring = 0; ring < CORE_IRIS_RINGS; ring++) {
        double reach_up = w_up * (ring + 1) / 8.0, reach_low = w_low * (ring + 1) / 8.0;
        for (int w = 0; w < 4; w++) {
            uint64_t valid = 0, x = 0;
            for (int k = 0; k < 32; k++) {
                if (k % 4 == 0)
                    x = rng_next(r);
                int a = w * 32 + k;
                int hidden = circ_dist(a, UPPER_LID_ANGLE) < reach_up ||
                             circ_dist(a, LOWER_LID_ANGLE) < reach_low ||
                             ((x >> (16 * (k % 4))) & 0xffff) < lash_threshold;
                valid |= (uint64_t)(hidden ? 0 : 3) << (2 * k);
            }
            int word = ring * 4 + w;
            eye->mask[word] = valid;
            eye->code[word] = (eye->code[word] & valid) | (rng_next(r) & ~valid);
        }
    }
}

static void capture_eye(const core_iris *base, rng *r, const core_synth_params *p,
                        double q_mean, core_iris *out)
{
    double spread = p->genuine_spread;
    double q = q_mean * exp(spread * rng_normal(r) - 0.5 * spread * spread);
    if (q > 0.45)
        q = 0.45;
    int span = 2 * p->max_rotation + 1;
    int steps = (int)(rng_next(r) % (uint64_t)span) - p->max_rotation;
    core_iris_rotate(base, steps, out);
    add_noise(out, r, q);
    add_mask(out, r, p);
}

int core_iris_synth_capture(const core_template *base, uint64_t capture_seed,
                            const core_synth_params *params, core_template *out)
{
    core_synth_params store;
    const core_synth_params *p = params_or_default(params, &store);
    if (!base || !out || base == out || !params_ok(p))
        return CORE_EINVAL;
    double q = flip_rate(p);
    for (int e = 0; e < 2; e++) {
        rng r;
        rng_seed(&r, capture_seed, 101 + (uint64_t)e);
        capture_eye(&base->eye[e], &r, p, q, &out->eye[e]);
    }
    return CORE_OK;
}

int core_iris_synth(uint64_t identity_seed, uint32_t capture_no,
                    const core_synth_params *params, core_template *out)
{
    core_template base;
    int rc = core_iris_synth_person(identity_seed, params, &base);
    if (rc != CORE_OK || !out)
        return rc != CORE_OK ? rc : CORE_EINVAL;
    uint64_t x = identity_seed ^ 0x5bd1e9955bd1e995ULL;
    uint64_t capture_seed = splitmix(&x) ^ ((uint64_t)capture_no * 0x9e3779b97f4a7c15ULL);
    return core_iris_synth_capture(&base, capture_seed, params, out);
}
