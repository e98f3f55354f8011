/* Tests of sim/rng: the seed rule separates streams by name, seed and replication; adding a
 * stream leaves every other stream's draws unchanged; the xoshiro256++ type is a usable
 * GSL generator (range, uniformity, gsl_ran_* functions). */
#include "sim/rng.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include "tests/check_run.h"

START_TEST(seeds_differ_by_name_seed_and_replication)
{
    uint64_t base = sim_rng_derive_seed(42, "arrivals", 0);
    ck_assert_uint_eq(base, sim_rng_derive_seed(42, "arrivals", 0));
    ck_assert_uint_ne(base, sim_rng_derive_seed(42, "arrivals", 1));
    ck_assert_uint_ne(base, sim_rng_derive_seed(43, "arrivals", 0));
    ck_assert_uint_ne(base, sim_rng_derive_seed(42, "arrival", 0));
    ck_assert_uint_ne(base, sim_rng_derive_seed(42, "Arrivals", 0));
    ck_assert_uint_ne(sim_rng_derive_seed(0, "", 0), sim_rng_derive_seed(0, "", 1));
    ck_assert_uint_eq(sim_rng_derive_seed(7, NULL, 3), sim_rng_derive_seed(7, "", 3));
}
END_TEST

START_TEST(adding_a_stream_keeps_other_draws)
{
    /* Scenario A has streams "arrivals" and "service"; scenario B adds "outreach" first and
     * draws from it between the others' draws. */
    sim_rng_streams a, b;
    sim_rng_streams_init(&a, NULL, 2026, 3);
    sim_rng_streams_init(&b, NULL, 2026, 3);
    gsl_rng *a_arr = sim_rng_streams_get(&a, "arrivals");
    gsl_rng *a_srv = sim_rng_streams_get(&a, "service");
    gsl_rng *b_out = sim_rng_streams_get(&b, "outreach");
    gsl_rng *b_srv = sim_rng_streams_get(&b, "service");
    gsl_rng *b_arr = sim_rng_streams_get(&b, "arrivals");
    ck_assert_ptr_nonnull(a_arr);
    ck_assert_ptr_eq(sim_rng_streams_get(&a, "arrivals"), a_arr);
    for (int i = 0; i < 1000; i++) {
        gsl_rng_uniform(b_out);
        ck_assert_double_eq(gsl_rng_uniform(a_arr), gsl_rng_uniform(b_arr));
        ck_assert_double_eq(gsl_rng_uniform(a_srv), gsl_rng_uniform(b_srv));
    }
    /* And two different names really give different sequences. */
    int same = 0;
    for (int i = 0; i < 100; i++)
        same += gsl_rng_get(a_arr) == gsl_rng_get(a_srv);
    ck_assert_int_lt(same, 3);
    ck_assert_ptr_null(sim_rng_streams_get(&a, NULL));
    sim_rng_streams_fini(&a);
    sim_rng_streams_fini(&b);
}
END_TEST

START_TEST(xoshiro_is_a_sound_gsl_generator)
{
    gsl_rng *r = sim_rng_create(NULL, 1, "test", 0);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(gsl_rng_name(r), "xoshiro256++");
    ck_assert_uint_eq(gsl_rng_max(r), 0xffffffffUL);
    enum { N = 1000000, BINS = 16 };
    long bins[BINS] = {0};
    double sum = 0;
    long outside = 0; /* counted, not asserted per draw: a Check assertion costs a syscall */
    for (int i = 0; i < N; i++) {
        double u = gsl_rng_uniform(r);
        if (!(u >= 0 && u < 1)) {
            outside++;
            continue;
        }
        sum += u;
        bins[(int)(u * BINS)]++;
    }
    ck_assert_int_eq(outside, 0);
    /* Mean within 5 standard errors (sd of U(0,1) is 1/sqrt(12)). */
    ck_assert_double_lt(fabs(sum / N - 0.5), 5 / sqrt(12.0 * N));
    /* Chi-square with 15 degrees of freedom: 40 has p ~ 5e-4. */
    double chi2 = 0, expected = (double)N / BINS;
    for (int k = 0; k < BINS; k++)
        chi2 += (bins[k] - expected) * (bins[k] - expected) / expected;
    ck_assert_double_lt(chi2, 40);
    /* gsl_ran_* functions work on it: Poisson(3) mean. */
    double psum = 0;
    for (int i = 0; i < 100000; i++)
        psum += gsl_ran_poisson(r, 3.0);
    ck_assert_double_lt(fabs(psum / 100000 - 3.0), 5 * sqrt(3.0 / 100000));
    /* Re-seeding reproduces the sequence. */
    gsl_rng_set(r, 99);
    unsigned long first = gsl_rng_get(r);
    gsl_rng_set(r, 99);
    ck_assert_uint_eq(gsl_rng_get(r), first);
    gsl_rng_free(r);
}
END_TEST

START_TEST(other_gsl_types_can_be_chosen)
{
    gsl_rng *r = sim_rng_create(gsl_rng_mt19937, 1, "x", 0);
    ck_assert_str_eq(gsl_rng_name(r), "mt19937");
    gsl_rng *again = sim_rng_create(gsl_rng_mt19937, 1, "x", 0);
    for (int i = 0; i < 10; i++)
        ck_assert_uint_eq(gsl_rng_get(r), gsl_rng_get(again));
    gsl_rng_free(r);
    gsl_rng_free(again);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sim_rng");
    TCase *tc = tcase_create("rng");
    tcase_add_test(tc, seeds_differ_by_name_seed_and_replication);
    tcase_add_test(tc, adding_a_stream_keeps_other_draws);
    tcase_add_test(tc, xoshiro_is_a_sound_gsl_generator);
    tcase_add_test(tc, other_gsl_types_can_be_chosen);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
