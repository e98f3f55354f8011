/* Popcount kernels for the gallery search, chosen at run time: AVX-512 VPOPCNTDQ, AVX2
 * (nibble-table popcount with vpshufb), scalar POPCNT, and a portable SWAR version. Each
 * function carries its own target attribute because the build has no -march flags. All
 * kernels produce the same integer counts; scoring happens afterwards in shared code. */
#include <immintrin.h>
#include <string.h>
#include "core/iris_internal.h"
#include "core/simd_internal.h"

#define EYE_WORDS CORE_IRIS_WORDS

static void count_generic(const core_template *rots, int rotations,
                          const core_template *record, uint16_t *counts)
{
    for (int e = 0; e < 2; e++)
        for (int r = 0; r < rotations; r++) {
            int d, n;
            core__iris_count(&rots[r].eye[e], &record->eye[e], &d, &n);
            counts[(e * rotations + r) * 2] = (uint16_t)d;
            counts[(e * rotations + r) * 2 + 1] = (uint16_t)n;
        }
}

static bool always(void) { return true; }

__attribute__((target("popcnt"))) static void count_popcnt(const core_template *rots,
                                                            int rotations,
                                                            const core_template *record,
                                                            uint16_t *counts)
{
    for (int e = 0; e < 2; e++) {
        const core_iris *g = &record->eye[e];
        for (int r = 0; r < rotations; r++) {
            const core_iris *p = &rots[r].eye[e];
            long long d = 0, n = 0;
            for (int w = 0; w < EYE_WORDS; w++) {
                uint64_t m = p->mask[w] & g->mask[w];
                d += _mm_popcnt_u64((p->code[w] ^ g->code[w]) & m);
                n += _mm_popcnt_u64(m);
            }
            counts[(e * rotations + r) * 2] = (uint16_t)d;
            counts[(e * rotations + r) * 2 + 1] = (uint16_t)n;
        }
    }
}

static bool has_popcnt(void) { return __builtin_cpu_supports("popcnt"); }

/* AVX2: bytes counted through a 16-entry nibble table (core__nibble_count), summed per 64-bit
 * lane by vpsadbw. */

__attribute__((target("avx2"))) static long long sum_lanes(__m256i v)
{
    __m128i s = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    return _mm_cvtsi128_si64(s) + _mm_extract_epi64(s, 1);
}

__attribute__((target("avx2"))) static void count_avx2(const core_template *rots,
                                                        int rotations,
                                                        const core_template *record,
                                                        uint16_t *counts)
{
    const __m256i zero = _mm256_setzero_si256();
    for (int e = 0; e < 2; e++) {
        const __m256i *gc = (const __m256i *)record->eye[e].code;
        const __m256i *gm = (const __m256i *)record->eye[e].mask;
        for (int r = 0; r < rotations; r++) {
            const __m256i *pc = (const __m256i *)rots[r].eye[e].code;
            const __m256i *pm = (const __m256i *)rots[r].eye[e].mask;
            /* 8 vectors per eye: byte counts stay <= 64, no overflow before vpsadbw. */
            __m256i bd = zero, bn = zero;
            for (int i = 0; i < EYE_WORDS / 4; i++) {
                __m256i m = _mm256_and_si256(_mm256_load_si256(pm + i), _mm256_load_si256(gm + i));
                __m256i x = _mm256_and_si256(
                    _mm256_xor_si256(_mm256_load_si256(pc + i), _mm256_load_si256(gc + i)), m);
                bd = _mm256_add_epi8(bd, core__nibble_count(x));
                bn = _mm256_add_epi8(bn, core__nibble_count(m));
            }
            counts[(e * rotations + r) * 2] = (uint16_t)sum_lanes(_mm256_sad_epu8(bd, zero));
            counts[(e * rotations + r) * 2 + 1] = (uint16_t)sum_lanes(_mm256_sad_epu8(bn, zero));
        }
    }
}

static bool has_avx2(void) { return __builtin_cpu_supports("avx2"); }

/* AVX-512: the record's both eyes stay in 16 zmm registers (named, not an array, so GCC
 * keeps them there) while every rotation is compared. Each 64-bit lane of a count is <= 256,
 * so d and n of both eyes pack into 16-bit fields of one vector and one horizontal sum per
 * rotation gives all four counts. */
#define AVX512_TARGET "avx512f,avx512vpopcntdq"

typedef struct eye512 {
    __m512i c0, c1, c2, c3, m0, m1, m2, m3;
} eye512;

__attribute__((target(AVX512_TARGET))) static inline eye512 load_eye512(const core_iris *e)
{
    eye512 v = {_mm512_load_si512(e->code), _mm512_load_si512(e->code + 8),
                _mm512_load_si512(e->code + 16), _mm512_load_si512(e->code + 24),
                _mm512_load_si512(e->mask), _mm512_load_si512(e->mask + 8),
                _mm512_load_si512(e->mask + 16), _mm512_load_si512(e->mask + 24)};
    return v;
}

/* d + (n << 16) per lane for one eye of one probe rotation against the record's eye. */
__attribute__((target(AVX512_TARGET))) static inline __m512i eye_counts512(const core_iris *p,
                                                                           const eye512 *g)
{
    __m512i m0 = _mm512_and_si512(_mm512_load_si512(p->mask), g->m0);
    __m512i m1 = _mm512_and_si512(_mm512_load_si512(p->mask + 8), g->m1);
    __m512i m2 = _mm512_and_si512(_mm512_load_si512(p->mask + 16), g->m2);
    __m512i m3 = _mm512_and_si512(_mm512_load_si512(p->mask + 24), g->m3);
    __m512i x0 = _mm512_and_si512(_mm512_xor_si512(_mm512_load_si512(p->code), g->c0), m0);
    __m512i x1 = _mm512_and_si512(_mm512_xor_si512(_mm512_load_si512(p->code + 8), g->c1), m1);
    __m512i x2 = _mm512_and_si512(_mm512_xor_si512(_mm512_load_si512(p->code + 16), g->c2), m2);
    __m512i x3 = _mm512_and_si512(_mm512_xor_si512(_mm512_load_si512(p->code + 24), g->c3), m3);
    __m512i d01 = _mm512_add_epi64(_mm512_popcnt_epi64(x0), _mm512_popcnt_epi64(x1));
    __m512i d23 = _mm512_add_epi64(_mm512_popcnt_epi64(x2), _mm512_popcnt_epi64(x3));
    __m512i n01 = _mm512_add_epi64(_mm512_popcnt_epi64(m0), _mm512_popcnt_epi64(m1));
    __m512i n23 = _mm512_add_epi64(_mm512_popcnt_epi64(m2), _mm512_popcnt_epi64(m3));
    __m512i d = _mm512_add_epi64(d01, d23), n = _mm512_add_epi64(n01, n23);
    return _mm512_add_epi64(d, _mm512_slli_epi64(n, 16));
}

__attribute__((target(AVX512_TARGET))) static void count_avx512(const core_template *rots,
                                                                 int rotations,
                                                                 const core_template *record,
                                                                 uint16_t *counts)
{
    eye512 g0 = load_eye512(&record->eye[0]), g1 = load_eye512(&record->eye[1]);
    for (int r = 0; r < rotations; r++) {
        __m512i left = eye_counts512(&rots[r].eye[0], &g0);
        __m512i right = eye_counts512(&rots[r].eye[1], &g1);
        __m512i packed = _mm512_add_epi64(left, _mm512_slli_epi64(right, 32));
        uint64_t sum = (uint64_t)_mm512_reduce_add_epi64(packed);
        counts[2 * r] = (uint16_t)sum;
        counts[2 * r + 1] = (uint16_t)(sum >> 16);
        counts[2 * (rotations + r)] = (uint16_t)(sum >> 32);
        counts[2 * (rotations + r) + 1] = (uint16_t)(sum >> 48);
    }
}

static bool has_avx512(void)
{
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
}

const core__kernel core__kernels[] = {
    {"avx512", count_avx512, has_avx512},
    {"avx2", count_avx2, has_avx2},
    {"popcnt", count_popcnt, has_popcnt},
    {"generic", count_generic, always},
};
const int core__kernel_count = (int)(sizeof core__kernels / sizeof core__kernels[0]);

const core__kernel *core__kernel_best(void)
{
    for (int i = 0; i < core__kernel_count; i++)
        if (core__kernels[i].supported())
            return &core__kernels[i];
    return &core__kernels[core__kernel_count - 1];
}

const core__kernel *core__kernel_find(const char *name)
{
    for (int i = 0; i < core__kernel_count; i++)
        if (name && strcmp(core__kernels[i].name, name) == 0)
            return &core__kernels[i];
    return NULL;
}
