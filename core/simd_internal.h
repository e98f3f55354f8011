/* Internal to core/: AVX2 building blocks shared by the gallery's kernels
 * (gallery_kernels.c) and the sketch scan (gallery_index.c). Static inline with the avx2
 * target, so each inlines into its avx2 callers; call only after checking the CPU has AVX2. */
#ifndef CORE_SIMD_INTERNAL_H
#define CORE_SIMD_INTERNAL_H

#include <immintrin.h>

/* Each byte of v replaced by its number of set bits (0..8): a 16-entry nibble table. */
__attribute__((target("avx2"))) static inline __m256i core__nibble_count(__m256i v)
{
    const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                           0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    const __m256i low = _mm256_set1_epi8(0x0f);
    __m256i lo = _mm256_shuffle_epi8(table, _mm256_and_si256(v, low));
    __m256i hi = _mm256_shuffle_epi8(table, _mm256_and_si256(_mm256_srli_epi16(v, 4), low));
    return _mm256_add_epi8(lo, hi);
}

#endif
