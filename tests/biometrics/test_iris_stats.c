/* Statistical calibration of the synthetic IrisCodes: impostor scores (one relative rotation)
 * have mean 0.5 and ~249 degrees of freedom like Daugman's 9.1 M comparisons, and genuine
 * scores (best of 7 rotations) have the configured mean. Tolerances come from sample sizes. */
#include <check.h>
#include <math.h>
#include "core/iris.h"
#include "core/status.h"
#include "tests/check_run.h"

typedef struct tally {
    double n, sum, sumsq;
} tally;

static void tally_add(tally *t, double x)
{
    t->n += 1;
    t->sum += x;
    t->sumsq += x * x;
}

static double tally_mean(const tally *t) { return t->sum / t->n; }

static double tally_sd(const tally *t)
{
    double m = tally_mean(t);
    return sqrt((t->sumsq - t->n * m * m) / (t->n - 1));
}

/* Disjoint pairs of people, both eyes: every score is independent of the others. */
static tally impostors(int pairs, int rotations)
{
    tally t = {0, 0, 0};
    for (int k = 0; k < pairs; k++) {
        core_template a, b;
        ck_assert_int_eq(core_iris_synth(1000000 + 2 * (uint64_t)k, 0, NULL, &a), CORE_OK);
        ck_assert_int_eq(core_iris_synth(1000001 + 2 * (uint64_t)k, 0, NULL, &b), CORE_OK);
        for (int e = 0; e < 2; e++) {
            core_iris_score s;
            ck_assert_int_eq(core_iris_match(&a.eye[e], &b.eye[e], rotations, &s), CORE_OK);
            tally_add(&t, s.score);
        }
    }
    return t;
}

static tally genuines(int people, const core_synth_params *p)
{
    tally t = {0, 0, 0};
    for (int k = 0; k < people; k++) {
        core_template a, b;
        ck_assert_int_eq(core_iris_synth(5000000 + (uint64_t)k, 0, p, &a), CORE_OK);
        ck_assert_int_eq(core_iris_synth(5000000 + (uint64_t)k, 1, p, &b), CORE_OK);
        for (int e = 0; e < 2; e++) {
            core_iris_score s;
            ck_assert_int_eq(core_iris_match(&a.eye[e], &b.eye[e], 7, &s), CORE_OK);
            tally_add(&t, s.score);
        }
    }
    return t;
}

/* Fused over both eyes, as a search scores a person. */
static tally genuines_fused(int people, const core_synth_params *p)
{
    tally t = {0, 0, 0};
    for (int k = 0; k < people; k++) {
        core_template a, b;
        double fused;
        ck_assert_int_eq(core_iris_synth(6000000 + (uint64_t)k, 0, p, &a), CORE_OK);
        ck_assert_int_eq(core_iris_synth(6000000 + (uint64_t)k, 1, p, &b), CORE_OK);
        ck_assert_int_eq(core_template_match(&b, &a, 7, &fused, NULL), CORE_OK);
        tally_add(&t, fused);
    }
    return t;
}

START_TEST(impostor_scores_are_binomial_with_249_dof)
{
    tally t = impostors(3000, 1);
    double mean = tally_mean(&t), sd = tally_sd(&t);
    /* Mean within 5 standard errors of 0.5. */
    ck_assert_double_lt(fabs(mean - 0.5), 5 * sd / sqrt(t.n));
    /* Degrees of freedom p(1-p)/sd^2: the sample variance has relative error sqrt(2/n)
     * (1.8% at n = 6,000); the band 249 +- 10% allows that five times over plus the ~1%
     * calibration error of the smoothing widths. */
    double dof = mean * (1 - mean) / (sd * sd);
    ck_assert_double_gt(dof, 249 * 0.9);
    ck_assert_double_lt(dof, 249 * 1.1);
    ck_assert_double_gt(sd, 0.029);
    ck_assert_double_lt(sd, 0.035);
}
END_TEST

START_TEST(best_of_seven_shifts_impostors_down)
{
    tally one = impostors(500, 1), seven = impostors(500, 7);
    /* The minimum of 7 correlated scores is lower and narrower than a single score. */
    ck_assert_double_lt(tally_mean(&seven), tally_mean(&one) - 0.01);
    ck_assert_double_lt(tally_sd(&seven), tally_sd(&one));
}
END_TEST

START_TEST(genuine_mean_follows_the_parameter)
{
    double targets[] = {0.11, 0.2};
    for (int i = 0; i < 2; i++) {
        core_synth_params p;
        core_synth_params_default(&p);
        p.genuine_mean = targets[i];
        tally t = genuines(600, &p);
        /* The flip rate is derived from the expected number of bits compared, an
         * approximation: allow 0.01 besides 5 standard errors of the sample mean. */
        double tol = 0.01 + 5 * tally_sd(&t) / sqrt(t.n);
        ck_assert_double_lt(fabs(tally_mean(&t) - targets[i]), tol);
    }
}
END_TEST

START_TEST(cross_session_genuines_have_the_documented_spread)
{
    double targets[] = {0.20, 0.25};
    for (int i = 0; i < 2; i++) {
        core_synth_params p;
        ck_assert_int_eq(core_synth_params_genuine(&p, targets[i]), CORE_OK);
        tally t = genuines_fused(1000, &p);
        /* Documented in iris.h: fused sd about 0.18 of the mean (0.036, 0.039). With 1,000
         * people the sample sd has a relative error of ~2.5% (more with the heavy tail): +-20%. */
        double tol = 0.01 + 5 * tally_sd(&t) / sqrt(t.n);
        ck_assert_double_lt(fabs(tally_mean(&t) - targets[i]), tol);
        ck_assert_double_gt(tally_sd(&t), 0.18 * targets[i] * 0.8);
        ck_assert_double_lt(tally_sd(&t), 0.18 * targets[i] * 1.2);
    }
    core_synth_params p;
    ck_assert_int_eq(core_synth_params_genuine(&p, 0.5), CORE_EINVAL);
    ck_assert_int_eq(core_synth_params_genuine(NULL, 0.2), CORE_EINVAL);
}
END_TEST

START_TEST(genuine_and_impostor_are_far_apart)
{
    tally g = genuines(300, NULL), im = impostors(300, 7);
    /* Daugman's decidability d' = |mu1 - mu2| / sqrt((s1^2 + s2^2) / 2); his was ~7 to 11. */
    double d = (tally_mean(&im) - tally_mean(&g)) /
               sqrt((tally_sd(&g) * tally_sd(&g) + tally_sd(&im) * tally_sd(&im)) / 2);
    ck_assert_double_gt(d, 6.0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("iris_stats");
    TCase *tc = tcase_create("calibration");
    tcase_add_test(tc, impostor_scores_are_binomial_with_249_dof);
    tcase_add_test(tc, best_of_seven_shifts_impostors_down);
    tcase_add_test(tc, genuine_mean_follows_the_parameter);
    tcase_add_test(tc, cross_session_genuines_have_the_documented_spread);
    tcase_add_test(tc, genuine_and_impostor_are_far_apart);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
