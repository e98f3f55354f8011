/* Mutation fuzzing of the scenario loader with fixed seeds: valid scenario bytes are flipped,
 * cut, extended and spliced thousands of times; every result must be either a scenario or a
 * non-empty error list in the documented format, never a crash or a leak (this suite runs
 * under ASan+UBSan in `make sanitize`). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario.h"
#include "tests/check_run.h"

#define ROUNDS 10000

static const char seed_text[] =
    "{\n"
    "  \"name\": \"fuzz\", \"description\": \"d\", \"source\": [\"a\", \"b\"],\n"
    "  \"seed\": 7, \"start_date\": \"2025-01-06\", \"horizon_days\": 14, \"warmup_days\": 2,\n"
    "  \"replications\": 3,\n"
    "  \"ikd\": {\"groups\": [{\"name\": \"asn\", \"share\": 0.25, \"innovation\": 0.5,\n"
    "    \"imitation\": 0.4}, {\"name\": \"public\", \"share\": 0.75, \"innovation\": 0.03,\n"
    "    \"imitation\": 0.3}], \"age_groups\": [{\"name\": \"young\", \"share\": 0.5,\n"
    "    \"phone_share\": 0.9, \"literacy_share\": 0.8}, {\"share\": 0.5, \"phone_share\": 0.5,\n"
    "    \"literacy_share\": 0.4}], \"phases\": [{\"name\": \"pilot\", \"from\": \"2025-01-06\",\n"
    "    \"groups\": [\"asn\"], \"regions\": [\"31.71\"]}, {\"from\": \"2025-01-13\",\n"
    "    \"groups\": [\"asn\", \"public\"]}], \"desks\": 2, \"visit_delay_days\": 3,\n"
    "    \"remote\": {\"from\": \"2025-01-10\", \"share\": 0.3}, \"targets\": [0.2, 0.3]},\n"
    "  \"regions\": [\n"
    "    {\"code\": \"21.72\", \"name\": \"Kota Tanjung Pinang\", \"recording\": {\n"
    "      \"arrivals\": {\"per_day\": 60}, \"stations\": 3,\n"
    "      \"capture_time\": {\"lognormal\": {\"mean\": 900, \"sd\": 450}},\n"
    "      \"opening_hours\": {\"days\": [\"mon\", \"fri\"], \"open\": \"08:00\", \"close\": \"16:00\"},\n"
    "      \"holidays\": [\"2025-01-27\"]}},\n"
    "    {\"code\": \"31.71\", \"name\": \"Jakarta\", \"recording\": {\n"
    "      \"arrivals\": {\"per_open_hour\": 12.5}, \"stations\": 2,\n"
    "      \"capture_time\": {\"empirical\": {\"values\": [300, 600], \"weights\": [1, 3]}},\n"
    "      \"opening_hours\": \"24/7\"},\n"
    "     \"ikd\": {\"eligible\": 5000, \"connectivity_share\": 0.9, \"desks\": 1}}\n"
    "  ]\n"
    "}\n";

/* splitmix64: a tiny deterministic generator local to the test. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static const char *const tokens[] = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "1e400", "-1", "0", "null", "true", "\"24/7\"",
    "{\"exp\": {\"mean\": 1}}", "[[[[[[[[", "\"recording\"", "NaN", "\xff", "\x00", "99999999999",
};

/* Applies 1-4 random edits to buffer (capacity cap), returns the new length. */
static size_t mutate(char *buffer, size_t length, size_t cap, uint64_t *state)
{
    int edits = 1 + (int)(next_random(state) % 4);
    for (int e = 0; e < edits; e++) {
        uint64_t r = next_random(state);
        size_t at = length ? (size_t)(r >> 8) % length : 0;
        switch (r % 5) {
        case 0: /* flip bits of one byte */
            if (length)
                buffer[at] ^= (char)(1u << ((r >> 40) % 8));
            break;
        case 1: { /* delete a run */
            size_t n = 1 + (size_t)(r >> 40) % 16;
            if (at + n > length)
                n = length - at;
            memmove(buffer + at, buffer + at + n, length - at - n);
            length -= n;
            break;
        }
        case 2: { /* insert a token */
            const char *t = tokens[(r >> 40) % (sizeof tokens / sizeof tokens[0])];
            size_t n = t[0] ? strlen(t) : 1;
            if (length + n <= cap) {
                memmove(buffer + at + n, buffer + at, length - at);
                memcpy(buffer + at, t, n);
                length += n;
            }
            break;
        }
        case 3: { /* splice: copy a run of the original text over this position */
            size_t from = (size_t)(r >> 40) % (sizeof seed_text - 1);
            size_t n = 1 + (size_t)(r >> 20) % 64;
            if (from + n > sizeof seed_text - 1)
                n = sizeof seed_text - 1 - from;
            if (at + n > cap)
                n = cap - at;
            memcpy(buffer + at, seed_text + from, n);
            if (at + n > length)
                length = at + n;
            break;
        }
        default: /* truncate */
            length = at;
            break;
        }
    }
    return length;
}

static void check_outcome(int status, const scenario *s, const scenario_errors *errors)
{
    if (status == SCENARIO_OK) {
        ck_assert_ptr_nonnull(s);
        ck_assert_uint_eq(errors->count, 0);
        return;
    }
    ck_assert_ptr_null(s);
    ck_assert_int_eq(status, SCENARIO_EINVALID);
    ck_assert(errors->count >= 1);
    for (size_t i = 0; i < errors->count; i++)
        ck_assert(strncmp(errors->messages[i], "fuzz.json: ", 11) == 0);
}

START_TEST(test_seed_is_valid)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    int status = scenario_load_buffer("fuzz.json", seed_text, sizeof seed_text - 1, &s, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    ck_assert_int_eq(status, SCENARIO_OK);
    scenario_destroy(s);
    scenario_errors_fini(&errors);
}
END_TEST

START_TEST(test_mutations_never_crash)
{
    size_t cap = 2 * sizeof seed_text + 256;
    char *buffer = malloc(cap);
    uint64_t state = 0x6b7470u + (uint64_t)_i; /* fixed seed per loop index */
    size_t accepted = 0, rejected = 0;
    for (int round = 0; round < ROUNDS; round++) {
        size_t length = sizeof seed_text - 1;
        memcpy(buffer, seed_text, length);
        length = mutate(buffer, length, cap, &state);
        scenario_errors errors;
        scenario_errors_init(&errors);
        scenario *s = NULL;
        int status = scenario_load_buffer("fuzz.json", buffer, length, &s, &errors);
        check_outcome(status, s, &errors);
        if (status == SCENARIO_OK)
            accepted++;
        else
            rejected++;
        scenario_destroy(s);
        scenario_errors_fini(&errors);
    }
    /* Both paths must have been exercised, else the mutations are too weak or too strong. */
    ck_assert(accepted > 0);
    ck_assert(rejected > accepted);
    free(buffer);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("scenario_fuzz");
    TCase *tc = tcase_create("mutations");
    tcase_add_test(tc, test_seed_is_valid);
    tcase_add_loop_test(tc, test_mutations_never_crash, 0, 4);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
