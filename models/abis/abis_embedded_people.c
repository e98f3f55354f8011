/* Synthetic demographics for the embedded run's registry: a name, sex, birth date, birth place
 * and mother's name drawn from a seed, and a district of the applicant's regency. Names carry
 * ~80 bits with the birth date, so two people never share the demographic key the core's
 * dedup compares (a shared key would raise a REVIEW the in-memory search cannot see). */
#include "models/abis/abis_embedded_registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/area.h"
#include "core/nik.h"
#include "core/registry.h"

static const char *const syllables[32] = {
    "a",   "ri",  "di",  "an",  "su",  "har", "to",  "wi",  "ja",  "ya",  "ni",
    "ma",  "sa",  "put", "ra",  "dew", "in",  "tri", "ok",  "ta",  "gus", "bu",
    "sri", "lan", "ti",  "yu",  "no",  "hen", "dra", "wan", "si",  "lah"};

/* splitmix64: a stream of well-mixed words from one seed. */
static uint64_t next_word(uint64_t *state)
{
    uint64_t x = (*state += 0x9E3779B97F4A7C15u);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

/* A capitalised word of 2-4 syllables (14-20 bits). */
static size_t add_word(uint64_t *state, char *out, size_t used, size_t size)
{
    uint64_t bits = next_word(state);
    int count = 2 + (int)(bits % 3);
    bits /= 3;
    if (used > 0 && used + 1 < size)
        out[used++] = ' ';
    for (int i = 0; i < count; i++, bits >>= 5) {
        const char *syllable = syllables[bits & 31];
        for (size_t k = 0; syllable[k] && used + 1 < size; k++) {
            char c = syllable[k];
            out[used++] = (i == 0 && k == 0) ? (char)(c - 'a' + 'A') : c;
        }
    }
    out[used] = '\0';
    return used;
}

static void draw_name(uint64_t *state, int words, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int w = 0; w < words; w++)
        used = add_word(state, out, used, size);
}

/* Index range [first, first + count) of the districts of regency PPKK (codes PPKKCC). */
static void regency_districts(long regency, size_t *first, size_t *count)
{
    size_t lo = 0, hi = core_area_count(CORE_AREA_DISTRICT);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (core_area_code_at(CORE_AREA_DISTRICT, mid) < regency * 100)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (core_area_code_at(CORE_AREA_DISTRICT, end) >= 0 &&
           core_area_code_at(CORE_AREA_DISTRICT, end) / 100 == regency)
        end++;
    *first = lo;
    *count = end - lo;
}

static long draw_district(uint64_t *state, const char *region_code)
{
    size_t first = 0, count = 0;
    int pp = 0, kk = 0;
    if (region_code && sscanf(region_code, "%d.%d", &pp, &kk) == 2)
        regency_districts((long)pp * 100 + kk, &first, &count);
    if (count == 0) {
        first = 0;
        count = core_area_count(CORE_AREA_DISTRICT);
    }
    return core_area_code_at(CORE_AREA_DISTRICT, first + next_word(state) % count);
}

void embedded_people_draw(uint64_t seed, const char *region_code, int year, core_person *out)
{
    uint64_t state = seed;
    memset(out, 0, sizeof *out);
    out->sex = (next_word(&state) & 1) ? CORE_SEX_FEMALE : CORE_SEX_MALE;
    out->birth_year = year - 17 - (int)(next_word(&state) % 63); /* e-KTP from age 17 */
    out->birth_month = 1 + (int)(next_word(&state) % 12);
    int days = core_nik_days_in_month(out->birth_month, out->birth_year % 100);
    if (out->birth_year % 100 == 0 && out->birth_year % 400 != 0 && out->birth_month == 2)
        days = 28; /* 1900: the NIK cannot tell, the calendar can */
    out->birth_day = 1 + (int)(next_word(&state) % (uint64_t)days);
    draw_name(&state, 3, out->name, sizeof out->name);
    draw_name(&state, 2, out->mother_name, sizeof out->mother_name);
    size_t regencies = core_area_count(CORE_AREA_REGENCY);
    long place = core_area_code_at(CORE_AREA_REGENCY, next_word(&state) % regencies);
    snprintf(out->birth_place, sizeof out->birth_place, "%s",
             core_area_name(CORE_AREA_REGENCY, place));
    out->district_code = draw_district(&state, region_code);
}
