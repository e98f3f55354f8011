/* The IKD adoption model: Bass diffusion against its closed form, the desks' daily capacity,
 * failures and the link, rollout phases, the double track with the blank invariant, and no
 * change to the card pipeline when nobody adopts. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/card/pipeline.h"
#include "models/run/run.h"
#include "models/ikd/scenario_ikd.h"
#include "tests/models/scenario_text.h"
#include "tests/check_run.h"

/* One office in Jakarta open Mon-Fri 08-16 from Monday 2023-01-02; `ikd` is the top-level
 * "ikd" object (or "" for none), `region_ikd` the region's, `extra` more region keys. */
static scenario *load(int days, int reps, double per_day, double first_time, const char *ikd,
                      const char *region_ikd, const char *extra)
{
    static const char *format =
        "{\"name\": \"t\", \"seed\": 5, \"start_date\": \"2023-01-02\", \"horizon_days\": %d,"
        " \"replications\": %d %s%s%s,"
        " \"regions\": [{\"code\": \"31.71\", \"name\": \"Jakarta\","
        "   \"recording\": {\"arrivals\": {\"per_day\": %g}, \"stations\": 4, \"capture_time\": 300,"
        "     \"opening_hours\": {\"days\": [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"],"
        "       \"open\": \"08:00\", \"close\": \"16:00\"}},"
        "   \"blanks\": {\"initial\": 100000, \"first_time_share\": %g} %s%s%s %s}]}";
    char text[8192];
    snprintf(text, sizeof text, format, days, reps, *ikd ? ", \"ikd\": " : "", ikd, "", per_day,
             first_time, *region_ikd ? ", \"ikd\": " : "", region_ikd, "", extra);
    return scenario_from_text(text);
}

static void run(const scenario *s, summary *out)
{
    run_options options = run_options_from(s);
    options.threads = 2;
    char why[256];
    memset(out, 0, sizeof *out);
    ck_assert_int_eq(run_scenario(s, &options, out, why, sizeof why), 0);
    ck_assert_msg(out->invariants_ok, "%s", out->invariant_message);
}

static double metric(const summary *out, const char *name)
{
    const summary_metric *m = summary_find(out, name);
    ck_assert_msg(m != NULL, "no metric %s", name);
    return m->mean;
}

/* Active IKD at the end of `day` in replication `rep` (one region). */
static double active(const summary *out, int rep, int day)
{
    return out->daily[((size_t)rep * out->horizon_days + day) * SUMMARY_DAILY_COLUMNS +
                      DAILY_IKD_ACTIVE];
}

/* Bass (1969): the adopted share at t years with innovation p and imitation q. */
static double bass(double p, double q, double t)
{
    double e = exp(-(p + q) * t);
    return (1 - e) / (1 + q / p * e);
}

START_TEST(bass_diffusion_matches_closed_form)
{
    /* Everyone can use IKD and activates remotely at once, so adoption is the diffusion
     * alone. The model steps once a day; the closed form is continuous: with p + q = 2.3
     * per year a daily step moves F by at most (p + q) / 365 / 4 ~ 0.0016, and the binomial
     * noise of 10^6 people is ~0.0005, so 0.004 separates a right model from a wrong one
     * (a daily rate used as yearly would be off by > 0.1). */
    scenario *s = load(365, 2, 0.001, 0,
                       "{\"groups\": [{\"name\": \"all\", \"share\": 1, \"innovation\": 0.3,"
                       " \"imitation\": 2}], \"phases\": [{\"from\": \"2023-01-02\","
                       " \"groups\": [\"all\"]}], \"eligible\": 1000000, \"phone_share\": 1,"
                       " \"connectivity_share\": 1, \"literacy_share\": 1,"
                       " \"remote\": {\"from\": \"2023-01-02\", \"share\": 1, \"failure_share\": 0}}",
                       "", "");
    summary out;
    run(s, &out);
    const int days[] = {30, 90, 180, 270, 364};
    for (int rep = 0; rep < 2; rep++) {
        for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
            double model = active(&out, rep, days[k]) / 1e6;
            double expect = bass(0.3, 2, (days[k] + 1) / 365.25);
            ck_assert_msg(fabs(model - expect) < 0.004, "day %d: %.4f vs Bass %.4f", days[k],
                          model, expect);
        }
    }
    ck_assert_double_eq(metric(&out, "ikd_office_visits"), 0);
    ck_assert_double_eq(metric(&out, "ikd_activations"), metric(&out, "ikd_remote_activations"));
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

/* Everyone decides within days and visits the same day: the desks are the limit. */
static const char *rush =
    "{\"groups\": [{\"name\": \"all\", \"share\": 1, \"innovation\": 200, \"imitation\": 0}],"
    " \"phases\": [{\"from\": \"2023-01-02\", \"groups\": [\"all\"]}], \"eligible\": 5000,"
    " \"phone_share\": 1, \"connectivity_share\": 1, \"literacy_share\": 1,"
    " \"visit_delay_days\": 0, \"activation_time\": 600, \"failure_share\": %g,"
    " \"retry_share\": %g, \"retry_after_days\": 1, \"desks\": %d}";

static void run_rush(int days, double failure, double retry, int desks, const char *extra,
                     summary *out)
{
    char ikd[1024];
    snprintf(ikd, sizeof ikd, rush, failure, retry, desks);
    scenario *s = load(days, 3, 0.001, 0, ikd, "", extra);
    run(s, out);
    scenario_destroy(s);
}

START_TEST(desks_never_serve_more_than_a_day_holds)
{
    /* 600 s per activation and 8 open hours: at most 48 a day per desk are admitted, and
     * a desk cannot do more than its open time, so 20 weekdays give <= 960 per desk. The
     * admitted arrive at random over the day, so the desk idles a little while its line is
     * empty (measured ~6%); admitting everyone instead would keep it busy all day. */
    summary one, two;
    run_rush(28, 0, 1, 1, "", &one);
    run_rush(28, 0, 1, 2, "", &two);
    double a1 = metric(&one, "ikd_activations"), a2 = metric(&two, "ikd_activations");
    ck_assert_msg(a1 <= 960 && a1 >= 0.9 * 960, "one desk: %g activations", a1);
    ck_assert_msg(a2 <= 1920 && a2 >= 0.9 * 1920, "two desks: %g activations", a2);
    ck_assert_double_ge(metric(&one, "ikd_desk_utilisation"), 0.9);
    ck_assert_double_le(metric(&one, "ikd_desk_utilisation"), 1.0);
    ck_assert(metric(&one, "ikd_turned_away") > 0);
    for (int day = 0; day < 28; day++) { /* nothing on weekends, <= 48 on a weekday */
        double today = active(&one, 0, day) - (day ? active(&one, 0, day - 1) : 0);
        int weekend = day % 7 >= 5;
        ck_assert_msg(weekend ? today == 0 : today <= 48, "day %d: %g", day, today);
    }
    /* Every capable person is active, pending or still undecided. */
    ck_assert_double_le(metric(&one, "ikd_active_end") + metric(&one, "ikd_pending_end"),
                        metric(&one, "ikd_capable_end"));
    ck_assert_double_eq(metric(&one, "ikd_gave_up"), 0);
    summary_fini(&one);
    summary_fini(&two);
}
END_TEST

START_TEST(failures_are_the_failure_share_of_visits)
{
    summary out;
    run_rush(56, 0.3, 1, 1, "", &out);
    double visits = 3 * metric(&out, "ikd_office_visits"); /* all replications */
    double failed = 3 * metric(&out, "ikd_failed_attempts");
    double sd = sqrt(0.3 * 0.7 / visits);
    ck_assert_msg(fabs(failed / visits - 0.3) < 4 * sd, "%.4f of %g visits failed",
                  failed / visits, visits);
    ck_assert_double_eq_tol(metric(&out, "ikd_activations"),
                            metric(&out, "ikd_office_visits") - metric(&out, "ikd_failed_attempts"),
                            1e-9);
    summary_fini(&out);
}
END_TEST

START_TEST(an_offline_office_activates_nobody)
{
    summary out;
    run_rush(14, 0, 0, 1,
             ", \"network\": {\"mode\": \"offline\", \"bandwidth_kbps\": 512, "
             "\"sync_every_days\": 1}", &out);
    ck_assert(metric(&out, "ikd_office_visits") > 0);
    ck_assert_double_eq(metric(&out, "ikd_activations"), 0);
    ck_assert_double_eq(metric(&out, "ikd_link_failures"), metric(&out, "ikd_office_visits"));
    ck_assert_double_eq(metric(&out, "ikd_gave_up"), metric(&out, "ikd_office_visits"));
    ck_assert_str_eq(out.regions[0].ikd_limit, "office link");
    summary_fini(&out);
}
END_TEST

START_TEST(phases_open_groups_by_date_and_region)
{
    /* Two offices: Jakarta is in the pilot from day 0, Bandung opens on day 30. */
    const char *text =
        "{\"name\": \"t\", \"seed\": 2, \"start_date\": \"2023-01-02\", \"horizon_days\": 60,"
        " \"replications\": 2,"
        " \"ikd\": {\"groups\": [{\"name\": \"a\", \"share\": 0.5, \"innovation\": 5,"
        "   \"imitation\": 0}, {\"name\": \"b\", \"share\": 0.5, \"innovation\": 5, \"imitation\": 0}],"
        "   \"phases\": [{\"from\": \"2023-02-01\", \"groups\": [\"a\", \"b\"]},"
        "     {\"from\": \"2023-01-02\", \"groups\": [\"a\"], \"regions\": [\"31.71\"]}],"
        "   \"eligible\": 2000, \"remote\": {\"from\": \"2023-01-02\", \"share\": 1}},"
        " \"regions\": [{\"code\": \"31.71\", \"name\": \"Jakarta\","
        "   \"recording\": {\"arrivals\": {\"per_day\": 1}, \"stations\": 1, \"capture_time\": 300}},"
        "  {\"code\": \"32.73\", \"name\": \"Bandung\","
        "   \"recording\": {\"arrivals\": {\"per_day\": 1}, \"stations\": 1, \"capture_time\": 300}}]}";
    scenario *s = scenario_from_text(text);
    ck_assert_int_eq(s->ikd->phases[0].from.day, 2); /* sorted by date */
    ck_assert(scenario_ikd_group_open(s->ikd, 0, "31.71", s->start_date.days_since_epoch));
    ck_assert(!scenario_ikd_group_open(s->ikd, 1, "31.71", s->start_date.days_since_epoch));
    ck_assert(!scenario_ikd_group_open(s->ikd, 0, "32.73", s->start_date.days_since_epoch + 29));
    ck_assert(scenario_ikd_group_open(s->ikd, 1, "32.73", s->start_date.days_since_epoch + 30));
    summary out;
    run(s, &out);
    for (int day = 0; day < 60; day++) {
        const double *row = out.daily + (size_t)day * 2 * SUMMARY_DAILY_COLUMNS;
        double jakarta = row[DAILY_IKD_ACTIVE], bandung = row[SUMMARY_DAILY_COLUMNS + DAILY_IKD_ACTIVE];
        if (day < 30)
            ck_assert_msg(bandung == 0, "day %d: Bandung has %g before its phase", day, bandung);
        if (day >= 5 && day < 29) /* only group a (half of the capable people) before day 30 */
            ck_assert_msg(jakarta > 0 && jakarta <= 1000, "day %d: Jakarta %g", day, jakarta);
    }
    ck_assert_int_eq(out.regions[0].ikd_first_open_day, 0);
    ck_assert_int_eq(out.regions[1].ikd_first_open_day, 30);
    ck_assert(out.daily[(size_t)59 * 2 * SUMMARY_DAILY_COLUMNS + SUMMARY_DAILY_COLUMNS +
                        DAILY_IKD_ACTIVE] > 0);
    summary_fini(&out);
    scenario_destroy(s);
}
END_TEST

/* Everyone adopts within days, remotely; replacements (first_time_share 0) then skip the
 * card unless they want it (physical_card_share). */
static void run_track(double physical, double first_time, summary *out)
{
    char ikd[1024];
    snprintf(ikd, sizeof ikd,
             "{\"groups\": [{\"name\": \"all\", \"share\": 1, \"innovation\": 300,"
             " \"imitation\": 0}], \"phases\": [{\"from\": \"2023-01-02\", \"groups\": [\"all\"]}],"
             " \"eligible\": 50000, \"phone_share\": 1, \"connectivity_share\": 1,"
             " \"literacy_share\": 1, \"remote\": {\"from\": \"2023-01-02\", \"share\": 1,"
             " \"failure_share\": 0}, \"physical_card_share\": %g}", physical);
    scenario *s = load(42, 3, 60, first_time, ikd, "", "");
    run(s, out); /* includes applicants_conserved and blanks_conserved */
    scenario_destroy(s);
}

START_TEST(the_double_track_saves_blanks_only_for_ikd_only_replacements)
{
    summary all_cards, most_skip, first_timers;
    run_track(1, 0, &all_cards);
    run_track(0.25, 0, &most_skip);
    run_track(0.25, 1, &first_timers);
    ck_assert_double_eq(metric(&all_cards, "blanks_saved_by_ikd"), 0);
    ck_assert_double_eq(metric(&first_timers, "blanks_saved_by_ikd"), 0);
    /* Nearly all eligible people hold IKD after the first week; 75% of them skip the card. */
    double cut = metric(&most_skip, "blank_demand_cut_share");
    ck_assert_msg(cut > 0.65 && cut < 0.76, "cut %.3f", cut);
    ck_assert_double_eq_tol(metric(&most_skip, "cards_printed") +
                                metric(&most_skip, "blanks_saved_by_ikd"),
                            metric(&all_cards, "cards_printed"),
                            0.02 * metric(&all_cards, "cards_printed"));
    /* First-time applicants found unique join the eligible. */
    ck_assert_double_gt(metric(&first_timers, "ikd_eligible_end"), 50000);
    ck_assert_double_eq(metric(&all_cards, "ikd_eligible_end"), 50000);
    summary_fini(&all_cards);
    summary_fini(&most_skip);
    summary_fini(&first_timers);
}
END_TEST

START_TEST(nobody_adopting_leaves_the_card_pipeline_unchanged)
{
    /* IKD draws from its own streams: with its only phase after the horizon, every card
     * metric is exactly that of the scenario without "ikd". */
    scenario *with = load(30, 3, 80, 0.4,
                          "{\"groups\": [{\"name\": \"all\", \"share\": 1, \"innovation\": 1,"
                          " \"imitation\": 1}], \"phases\": [{\"from\": \"2024-01-01\","
                          " \"groups\": [\"all\"]}], \"eligible\": 1000}", "", "");
    scenario *without = load(30, 3, 80, 0.4, "", "", "");
    summary a, b;
    run(with, &a);
    run(without, &b);
    ck_assert(a.has_ikd && !b.has_ikd);
    ck_assert_ptr_null(summary_find(&b, "ikd_active_end"));
    for (size_t m = 0; m < b.metric_count; m++) {
        const summary_metric *x = summary_find(&a, b.metrics[m].name);
        ck_assert_ptr_nonnull(x);
        ck_assert_msg(x->mean == b.metrics[m].mean || (isnan(x->mean) && isnan(b.metrics[m].mean)),
                      "%s: %g vs %g", x->name, x->mean, b.metrics[m].mean);
    }
    ck_assert_double_eq(metric(&a, "ikd_activations"), 0);
    ck_assert_str_eq(a.regions[0].ikd_limit, "not opened");
    summary_fini(&a);
    summary_fini(&b);
    scenario_destroy(with);
    scenario_destroy(without);
}
END_TEST

START_TEST(age_bands_give_phone_and_literacy_among_owners)
{
    scenario *s = load(7, 1, 1, 0,
                       "{\"groups\": [{\"name\": \"all\", \"share\": 1, \"innovation\": 1,"
                       " \"imitation\": 1}], \"phases\": [{\"from\": \"2023-01-02\","
                       " \"groups\": [\"all\"]}], \"age_groups\": ["
                       "{\"share\": 0.5, \"phone_share\": 0.8, \"literacy_share\": 0.5},"
                       "{\"share\": 0.5, \"phone_share\": 0.4, \"literacy_share\": 1}]}",
                       "{\"phone_share\": 0.3, \"eligible\": 10}", "");
    ck_assert_double_eq_tol(s->ikd->defaults.phone_share, 0.6, 1e-12);
    /* owners able to use it: (0.5 x 0.8 x 0.5 + 0.5 x 0.4 x 1) / 0.6 */
    ck_assert_double_eq_tol(s->ikd->defaults.literacy_share, 0.4 / 0.6, 1e-12);
    ck_assert_double_eq_tol(s->regions[0].ikd.phone_share, 0.3, 1e-12); /* region's own */
    ck_assert_double_eq_tol(s->regions[0].ikd.literacy_share, 0.4 / 0.6, 1e-12);
    ck_assert_double_eq(s->regions[0].ikd.eligible, 10);
    ck_assert_int_eq(s->regions[0].ikd.desks, 1);
    scenario_destroy(s);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("ikd_adoption");
    TCase *tc = tcase_create("ikd");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, bass_diffusion_matches_closed_form);
    tcase_add_test(tc, desks_never_serve_more_than_a_day_holds);
    tcase_add_test(tc, failures_are_the_failure_share_of_visits);
    tcase_add_test(tc, an_offline_office_activates_nobody);
    tcase_add_test(tc, phases_open_groups_by_date_and_region);
    tcase_add_test(tc, the_double_track_saves_blanks_only_for_ikd_only_replacements);
    tcase_add_test(tc, nobody_adopting_leaves_the_card_pipeline_unchanged);
    tcase_add_test(tc, age_bands_give_phone_and_literacy_among_owners);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
