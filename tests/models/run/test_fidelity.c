/* Check suite for the June 2020 calibration (docs/calibration.md): the scaled-down copy of
 * scenarios/national-2020-06.json (every 10th regency, the ABIS sized on their demand; see
 * data/national-2020-06-small.json and scenarios/tools/README.md) runs 5 replications, and
 * each of the six published bins of time to card must hold the model's whole 95% interval
 * within 5 percentage points of the published share. The published shares come from the
 * scenario's observed block, which must match data/domain-facts.md. */
#include <check.h>
#include <math.h>
#include <stdio.h>

#include "models/run/run.h"
#include "models/run/summary.h"
#include "models/scenario/scenario.h"
#include "tests/check_run.h"
#include "tests/models/scenario_text.h"

#define TOLERANCE 0.05

START_TEST(test_june_2020_bins_within_5_points)
{
    scenario *s = scenario_from_source_file("tests/models/run/data/national-2020-06-small.json");
    /* The published June 2020 figures (data/domain-facts.md, One hour and service times). */
    static const double published[SCENARIO_OBSERVED_BINS] = {0.2894, 0.1539, 0.1108,
                                                             0.2805, 0.1087, 0.0566};
    ck_assert_ptr_nonnull(s->observed);
    for (int k = 0; k < SCENARIO_OBSERVED_BINS; k++)
        ck_assert_double_eq_tol(s->observed->share[k], published[k], 1e-12);
    ck_assert_double_eq(s->observed->cards, 889521);

    summary out = {0};
    run_options options = run_options_from(s);
    options.replications = 5;
    options.threads = 2;
    char why[256];
    ck_assert_int_eq(run_scenario(s, &options, &out, why, sizeof why), 0);
    ck_assert_msg(out.invariants_ok, "invariant broken: %s", out.invariant_message);
    double total = 0;
    for (int k = 0; k < SCENARIO_OBSERVED_BINS; k++) {
        const char *name = scenario_observed_bins[k];
        const summary_metric *m = summary_find(&out, name);
        ck_assert_msg(m != NULL, "summary has no %s", name);
        fprintf(stderr, "%-24s model %.4f [%.4f, %.4f] published %.4f\n", name, m->mean,
                m->ci_low, m->ci_high, published[k]);
        ck_assert_msg(m->ci_low >= published[k] - TOLERANCE &&
                          m->ci_high <= published[k] + TOLERANCE,
                      "%s: model 95%% interval [%.4f, %.4f] is not within %.2f of the published "
                      "%.4f", name, m->ci_low, m->ci_high, TOLERANCE, published[k]);
        total += m->mean;
    }
    ck_assert_double_eq_tol(total, 1.0, 1e-9); /* every printed card is in one bin */
    ck_assert(out.has_observed);
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("fidelity");
    TCase *tc = tcase_create("june_2020");
    tcase_add_test(tc, test_june_2020_bins_within_5_points);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
