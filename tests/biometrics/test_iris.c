/* Tests of one-pair IrisCode matching (rotation, masks, normalisation, fusion, bad input) and
 * of the synthesis's determinism. Distribution checks live in test_iris_stats.c. */
#include <check.h>
#include <math.h>
#include <string.h>
#include "core/iris.h"
#include "core/status.h"
#include "tests/check_run.h"

static int get_bit(const uint64_t *w, int bit) { return (int)((w[bit / 64] >> (bit % 64)) & 1); }

static void person(uint64_t seed, uint32_t capture, core_template *t)
{
    ck_assert_int_eq(core_iris_synth(seed, capture, NULL, t), CORE_OK);
}

START_TEST(rotate_moves_each_bit_by_two_per_step)
{
    for (int steps = -5; steps <= 5; steps++) {
        for (int ring = 0; ring < CORE_IRIS_RINGS; ring += 3) {
            for (int angle = 0; angle < CORE_IRIS_ANGLES; angle += 31) {
                core_iris in, out;
                memset(&in, 0, sizeof in);
                int bit = ring * 256 + angle * 2 + 1;
                in.code[bit / 64] = 1ULL << (bit % 64);
                core_iris_rotate(&in, steps, &out);
                int moved = ring * 256 + ((angle + steps + 128) % 128) * 2 + 1;
                for (int b = 0; b < CORE_IRIS_BITS; b++)
                    ck_assert_int_eq(get_bit(out.code, b), b == moved);
            }
        }
    }
}
END_TEST

START_TEST(rotate_full_turn_is_identity)
{
    core_template t;
    core_iris a, b;
    person(7, 0, &t);
    core_iris_rotate(&t.eye[0], 128, &a);
    ck_assert_mem_eq(&a, &t.eye[0], sizeof a);
    core_iris_rotate(&t.eye[0], 5, &a);
    core_iris_rotate(&a, -5, &b);
    ck_assert_mem_eq(&b, &t.eye[0], sizeof b);
}
END_TEST

START_TEST(norm_score_follows_daugman)
{
    /* At n = 911 bits the normalisation is the identity. */
    ck_assert_double_eq_tol(core_iris_norm_score(300, 911), 300.0 / 911.0, 1e-15);
    double expect = 0.5 - (0.5 - 200.0 / 1600.0) * sqrt(1600.0 / 911.0);
    ck_assert_double_eq_tol(core_iris_norm_score(200, 1600), expect, 1e-15);
    ck_assert_double_eq(core_iris_norm_score(0, CORE_IRIS_MIN_BITS - 1), 1.0);
}
END_TEST

START_TEST(identical_eye_scores_zero_raw_at_shift_zero)
{
    core_template t;
    core_iris_score s;
    person(11, 0, &t);
    ck_assert_int_eq(core_iris_match(&t.eye[1], &t.eye[1], 7, &s), CORE_OK);
    ck_assert_int_eq(s.shift, 0);
    ck_assert_double_eq(s.raw, 0.0);
    int n = 0;
    for (int w = 0; w < CORE_IRIS_WORDS; w++)
        n += __builtin_popcountll(t.eye[1].mask[w]);
    ck_assert_int_eq(s.bits, n);
    ck_assert_double_eq_tol(s.score, 0.5 - 0.5 * sqrt(n / 911.0), 1e-12);
}
END_TEST

START_TEST(rotation_is_recovered)
{
    core_template t;
    person(12, 0, &t);
    for (int k = -3; k <= 3; k++) {
        core_iris turned;
        core_iris_score s;
        core_iris_rotate(&t.eye[0], k, &turned);
        ck_assert_int_eq(core_iris_match(&turned, &t.eye[0], 7, &s), CORE_OK);
        ck_assert_int_eq(s.shift, -k); /* the probe is turned back */
        ck_assert_double_eq(s.raw, 0.0);
    }
    /* Outside the searched range the same eye no longer matches exactly. */
    core_iris turned;
    core_iris_score s;
    core_iris_rotate(&t.eye[0], 4, &turned);
    ck_assert_int_eq(core_iris_match(&turned, &t.eye[0], 7, &s), CORE_OK);
    ck_assert_double_gt(s.raw, 0.1);
}
END_TEST

START_TEST(masked_bits_do_not_count)
{
    core_template a, b;
    person(21, 0, &a);
    person(21, 1, &b);
    core_iris_score before, after;
    ck_assert_int_eq(core_iris_match(&a.eye[0], &b.eye[0], 7, &before), CORE_OK);
    for (int w = 0; w < CORE_IRIS_WORDS; w++)
        b.eye[0].code[w] ^= ~b.eye[0].mask[w]; /* scramble only hidden bits */
    ck_assert_int_eq(core_iris_match(&a.eye[0], &b.eye[0], 7, &after), CORE_OK);
    ck_assert_double_eq(before.score, after.score);
    ck_assert_int_eq(before.bits, after.bits);
}
END_TEST

START_TEST(fusion_is_mean_of_usable_eyes)
{
    core_template a, b;
    double fused, eye[2];
    person(31, 0, &a);
    person(31, 1, &b);
    ck_assert_int_eq(core_template_match(&a, &b, 7, &fused, eye), CORE_OK);
    ck_assert_double_eq(fused, (eye[0] + eye[1]) / 2);
    memset(b.eye[1].mask, 0, sizeof b.eye[1].mask);
    ck_assert_int_eq(core_template_match(&a, &b, 7, &fused, eye), CORE_OK);
    ck_assert_double_eq(eye[1], 1.0);
    ck_assert_double_eq(fused, eye[0]);
    memset(b.eye[0].mask, 0, sizeof b.eye[0].mask);
    ck_assert_int_eq(core_template_match(&a, &b, 7, &fused, NULL), CORE_OK);
    ck_assert_double_eq(fused, 1.0);
}
END_TEST

START_TEST(bad_match_input_is_einval)
{
    core_template t;
    core_iris_score s;
    double fused;
    person(41, 0, &t);
    int bad[] = {-1, -7, 2, 6, 8, CORE_IRIS_MAX_ROTATIONS + 2};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(core_iris_match(&t.eye[0], &t.eye[0], bad[i], &s), CORE_EINVAL);
        ck_assert_int_eq(core_template_match(&t, &t, bad[i], &fused, NULL), CORE_EINVAL);
    }
    ck_assert_int_eq(core_iris_match(NULL, &t.eye[0], 7, &s), CORE_EINVAL);
    ck_assert_int_eq(core_iris_match(&t.eye[0], NULL, 7, &s), CORE_EINVAL);
    ck_assert_int_eq(core_iris_match(&t.eye[0], &t.eye[0], 7, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_template_match(&t, &t, 7, NULL, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_iris_match(&t.eye[0], &t.eye[0], 0, &s), CORE_OK); /* default 7 */
    ck_assert_int_eq(core_iris_match(&t.eye[0], &t.eye[0], 1, &s), CORE_OK);
}
END_TEST

START_TEST(synthesis_is_deterministic)
{
    core_template a, b, c;
    person(1234567, 0, &a);
    person(1234567, 0, &b);
    ck_assert_mem_eq(&a, &b, sizeof a);
    person(1234567, 1, &c);
    ck_assert(memcmp(&a, &c, sizeof a) != 0); /* another capture of the same person */
    core_template base1, base2, cap1, cap2;
    ck_assert_int_eq(core_iris_synth_person(99, NULL, &base1), CORE_OK);
    ck_assert_int_eq(core_iris_synth_person(99, NULL, &base2), CORE_OK);
    ck_assert_mem_eq(&base1, &base2, sizeof base1);
    ck_assert_int_eq(core_iris_synth_capture(&base1, 5, NULL, &cap1), CORE_OK);
    ck_assert_int_eq(core_iris_synth_capture(&base2, 5, NULL, &cap2), CORE_OK);
    ck_assert_mem_eq(&cap1, &cap2, sizeof cap1);
    ck_assert_int_eq(core_iris_synth_person(100, NULL, &base2), CORE_OK);
    ck_assert(memcmp(&base1, &base2, sizeof base1) != 0);
}
END_TEST

START_TEST(base_is_fully_valid_and_balanced)
{
    core_template base;
    ck_assert_int_eq(core_iris_synth_person(5, NULL, &base), CORE_OK);
    for (int e = 0; e < 2; e++) {
        int ones = 0;
        for (int w = 0; w < CORE_IRIS_WORDS; w++) {
            ck_assert_uint_eq(base.eye[e].mask[w], UINT64_MAX);
            ones += __builtin_popcountll(base.eye[e].code[w]);
        }
        /* The Gabor-like filters have no DC response, so ones and zeros stay balanced (a
         * low-pass field would let whole codes lean one way and fatten the impostor tail). */
        ck_assert_int_gt(ones, 1024 - 200);
        ck_assert_int_lt(ones, 1024 + 200);
    }
}
END_TEST

START_TEST(bad_synth_params_are_einval)
{
    core_synth_params p;
    core_template base, out;
    core_synth_params_default(&p);
    ck_assert_double_eq(p.genuine_mean, 0.11);
    p.genuine_mean = 0.6;
    ck_assert_int_eq(core_iris_synth_person(1, &p, &base), CORE_EINVAL);
    core_synth_params_default(&p);
    p.eyelid_share = -0.1;
    ck_assert_int_eq(core_iris_synth(1, 0, &p, &out), CORE_EINVAL);
    core_synth_params_default(&p);
    p.max_rotation = -1;
    ck_assert_int_eq(core_iris_synth(1, 0, &p, &out), CORE_EINVAL);
    ck_assert_int_eq(core_iris_synth_person(1, NULL, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_iris_synth_person(1, NULL, &base), CORE_OK);
    ck_assert_int_eq(core_iris_synth_capture(NULL, 1, NULL, &out), CORE_EINVAL);
    ck_assert_int_eq(core_iris_synth_capture(&base, 1, NULL, &base), CORE_EINVAL);
    ck_assert_int_eq(core_iris_synth(1, 0, NULL, NULL), CORE_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("iris");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, rotate_moves_each_bit_by_two_per_step);
    tcase_add_test(tc, rotate_full_turn_is_identity);
    tcase_add_test(tc, norm_score_follows_daugman);
    tcase_add_test(tc, identical_eye_scores_zero_raw_at_shift_zero);
    tcase_add_test(tc, rotation_is_recovered);
    tcase_add_test(tc, masked_bits_do_not_count);
    tcase_add_test(tc, fusion_is_mean_of_usable_eyes);
    tcase_add_test(tc, bad_match_input_is_einval);
    tcase_add_test(tc, synthesis_is_deterministic);
    tcase_add_test(tc, base_is_fully_valid_and_balanced);
    tcase_add_test(tc, bad_synth_params_are_einval);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
