/* Check suite for the pipeline stages with exact cases: a record's upload is size /
 * bandwidth plus queueing on the link; an office without blanks issues a suket and prints
 * when blanks arrive; an ATS outage holds searches until it ends; printing takes exactly one
 * blank per card plus one per misprint. Applicants are injected through the recording hook
 * into an office whose own arrivals are negligible (1e-9 a day). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/abis/abis.h"
#include "models/card/pipeline_run.h"
#include "models/card/outage.h"
#include "models/run/run.h"
#include "models/run/run_slots.h"
#include "models/scenario/scenario.h"
#include "sim/status.h"
#include "tests/models/scenario_text.h"
#include "tests/check_run.h"

static scenario *load(const char *text)
{
    return scenario_from_text(text);
}

/* One region around the clock (no closing effects) with the given extra keys. */
static scenario *office(const char *region_keys, const char *top_keys)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"name\": \"t\", \"start_date\": \"2025-01-06\", \"horizon_days\": 10,"
             " \"replications\": 1%s, \"regions\": [{\"code\": \"21.72\", \"name\": \"x\","
             " \"recording\": {\"arrivals\": {\"per_day\": 1e-9}, \"stations\": 1,"
             " \"capture_time\": 600, \"opening_hours\": \"24/7\"}%s}]}",
             top_keys, region_keys);
    return load(text);
}

typedef struct world {
    scenario *s;
    sim_calendar cal;
    sim_rng_streams streams;
    pipeline *p;
} world;

static void world_start(world *w, scenario *s)
{
    w->s = s;
    sim_calendar_init(&w->cal);
    sim_rng_streams_init(&w->streams, NULL, 1, 0);
    w->p = pipeline_create(s, &w->cal, &w->streams);
    ck_assert_ptr_nonnull(w->p);
}

static void world_end(world *w)
{
    pipeline_destroy(w->p);
    sim_calendar_fini(&w->cal);
    sim_rng_streams_fini(&w->streams);
    scenario_destroy(w->s);
}

/* An applicant recorded (arrived, captured and done) at the event's time. */
static void inject(sim_calendar *cal, void *ctx)
{
    double now = sim_calendar_now(cal);
    pipeline_on_recorded(ctx, now, now, now);
}

static void inject_at(world *w, double t, int count)
{
    for (int i = 0; i < count; i++)
        ck_assert_int_eq(sim_calendar_schedule(&w->cal, t, inject, &w->p->regions[0], NULL),
                         SIM_OK);
}

START_TEST(test_upload_is_size_over_bandwidth_plus_queueing)
{
    /* 2 MB = 16 Mbit on 1 Mbit/s: 16 s each; the second waits for the first. */
    world w;
    world_start(&w, office(", \"network\": {\"mode\": \"online\", \"bandwidth_kbps\": 1000,"
                           " \"record_size_mb\": 2}", ""));
    inject_at(&w, 1000, 2);
    ck_assert_int_eq(sim_calendar_run_until(&w.cal, 5000), SIM_OK);
    const pipeline_totals *t = &w.p->regions[0].totals;
    ck_assert_double_eq(t->upload_count, 2);
    ck_assert_double_eq_tol(t->upload_sum, 16 + 32, 1e-9);
    world_end(&w);
}
END_TEST

START_TEST(test_no_blanks_gives_suket_then_card_on_delivery)
{
    /* No blanks, reorder below 1: an order leaves at time 0 and 5 blanks arrive after a day. */
    world w;
    world_start(&w, office(", \"blanks\": {\"initial\": 0, \"reorder_point\": 1, \"batch\": 5,"
                           " \"lead_time\": 86400}, \"printing\": {\"misprint_share\": 0,"
                           " \"print_time\": 60}", ""));
    inject_at(&w, 1000, 1);
    ck_assert_int_eq(sim_calendar_run_until(&w.cal, 80000), SIM_OK);
    pipeline_region *r = &w.p->regions[0];
    ck_assert_uint_eq(r->blanks.suket_issued_measured, 1); /* totals get it at the end */
    ck_assert_uint_eq(blank_store_backlog(&r->blanks), 1);
    ck_assert_uint_eq(r->printed, 0);
    ck_assert_int_eq(sim_calendar_run_until(&w.cal, 90000), SIM_OK);
    ck_assert_uint_eq(r->printed, 1);
    ck_assert_uint_eq(blank_store_backlog(&r->blanks), 0);
    /* Printed one print_time after the delivery at 86400 s. */
    ck_assert_double_eq_tol(r->totals.ttc_sum, SIM_DAY_S + 60 - 1000, 1e-6);
    ck_assert_int_eq(sim_stock_level(&r->blanks.stock), 4);
    world_end(&w);
}
END_TEST

START_TEST(test_suket_backlog_serves_first_time_holders_first)
{
    world w;
    world_start(&w, office(", \"blanks\": {\"initial\": 0, \"reorder_point\": 0, \"batch\": 1,"
                           " \"first_time_share\": 0.5}, \"printing\": {\"misprint_share\": 0}",
                           ", \"abis\": {\"print_ready_share\": 1, \"duplicate_share\": 0,"
                           " \"adjudicate_share\": 0, \"enrol_failure_share\": 0}"));
    inject_at(&w, 1000, 40);
    ck_assert_int_eq(sim_calendar_run_until(&w.cal, 5000), SIM_OK);
    blank_store *b = &w.p->regions[0].blanks;
    ck_assert_uint_eq(blank_store_backlog(b), 40);
    ck_assert_uint_gt(b->backlog_first.count, 0);
    ck_assert_uint_gt(b->backlog_other.count, 0);
    for (pipeline_applicant *a = b->backlog_first.head; a != NULL; a = a->next)
        ck_assert_int_eq(a->first_time, 1);
    for (pipeline_applicant *a = b->backlog_other.head; a != NULL; a = a->next)
        ck_assert_int_eq(a->first_time, 0);
    world_end(&w);
}
END_TEST

typedef struct outcome_log {
    sim_calendar *cal;
    double at[4];
    int count;
} outcome_log;

static void log_outcome(void *owner, void *record, abis_outcome outcome)
{
    (void)record;
    (void)outcome;
    outcome_log *log = owner;
    log->at[log->count++] = sim_calendar_now(log->cal);
}

typedef struct submission {
    abis_service *abis;
    int record;
} submission;

static void submit(sim_calendar *cal, void *ctx)
{
    (void)cal;
    submission *x = ctx;
    ck_assert_int_eq(abis_submit(x->abis, &x->record), 0);
}

START_TEST(test_ats_outage_holds_searches_until_it_ends)
{
    /* Outage on 2025-01-07 and 08 (days 1-2): a search submitted on day 1 at 10:00 starts
     * at the start of day 3 and takes ~3.6 ms (1e6 searches an hour). */
    scenario *s = office("", ", \"abis\": {\"searches_per_hour\": 1e6, \"print_ready_share\": 1,"
                             " \"duplicate_share\": 0, \"adjudicate_share\": 0,"
                             " \"enrol_failure_share\": 0, \"ats_outages\":"
                             " [{\"from\": \"2025-01-07\", \"to\": \"2025-01-08\"}]}");
    sim_calendar cal;
    sim_rng_streams streams;
    sim_calendar_init(&cal);
    sim_rng_streams_init(&streams, NULL, 1, 0);
    outcome_log log = {&cal, {0}, 0};
    abis_service *abis = abis_model_create(s, &cal, &streams, log_outcome, &log);
    ck_assert_ptr_nonnull(abis);
    submission before = {abis, 1}, during = {abis, 2};
    sim_calendar_schedule(&cal, 3600, submit, &before, NULL);
    sim_calendar_schedule(&cal, SIM_DAY_S + 36000, submit, &during, NULL);
    ck_assert_int_eq(sim_calendar_run_until(&cal, 10 * SIM_DAY_S), SIM_OK);
    ck_assert_int_eq(log.count, 2);
    ck_assert(log.at[0] >= 3600 && log.at[0] < 3601);
    ck_assert(log.at[1] >= 3 * SIM_DAY_S && log.at[1] < 3 * SIM_DAY_S + 1);
    abis_destroy(abis);
    sim_calendar_fini(&cal);
    sim_rng_streams_fini(&streams);
    scenario_destroy(s);
}
END_TEST

START_TEST(test_one_blank_per_card_plus_spoils)
{
    /* Half the attempts misprint; no reorders (reorder point 0), 10,000 blanks. */
    world w;
    world_start(&w, office(", \"blanks\": {\"initial\": 10000, \"reorder_point\": 0},"
                           " \"printing\": {\"misprint_share\": 0.5, \"print_time\": 30}", ""));
    inject_at(&w, 1000, 300);
    ck_assert_int_eq(sim_calendar_run_until(&w.cal, 9 * SIM_DAY_S), SIM_OK);
    pipeline_region *r = &w.p->regions[0];
    blank_store *b = &r->blanks;
    uint64_t cards = r->printed;
    ck_assert_uint_eq(cards + r->duplicates, 300);
    ck_assert_int_eq(b->printed, (int64_t)cards);
    ck_assert_int_gt(b->spoiled, 100);
    ck_assert_int_eq(b->in_printers, 0);
    ck_assert_int_eq(10000 - sim_stock_level(&b->stock), (int64_t)cards + b->spoiled);
    world_end(&w);
}
END_TEST

START_TEST(test_offline_link_waits_for_sync)
{
    /* Offline, sync at 15:00 daily: a record made at 09:00 on day 0 leaves at 15:00 and its
     * result comes back at the next sync, day 1 15:00. */
    world w;
    world_start(&w, office(", \"network\": {\"mode\": \"offline\", \"bandwidth_kbps\": 1000,"
                           " \"record_size_mb\": 2, \"sync_at\": \"15:00\"},"
                           " \"printing\": {\"misprint_share\": 0, \"print_time\": 60}",
                           ", \"abis\": {\"print_ready_share\": 1, \"duplicate_share\": 0,"
                           " \"adjudicate_share\": 0, \"enrol_failure_share\": 0}"));
    inject_at(&w, 9 * 3600.0, 1);
    ck_assert_int_eq(sim_calendar_run_until(&w.cal, 3 * SIM_DAY_S), SIM_OK);
    const pipeline_totals *t = &w.p->regions[0].totals;
    ck_assert_double_eq_tol(t->upload_sum, 6 * 3600.0 + 16, 1e-6);
    ck_assert_double_eq(t->cards_printed, 1);
    /* card: day 1 15:00 + 0.08 s download + 60 s print */
    ck_assert_double_eq_tol(t->ttc_sum, SIM_DAY_S + 15 * 3600.0 + 0.08 + 60 - 9 * 3600.0, 1e-6);
    /* 30 h: the last of the published bins (over 24 h), counted in the measured window */
    ck_assert_double_eq(t->printed_window, 1);
    ck_assert_double_eq(t->printed_bin[PIPELINE_TTC_BINS - 1], 1);
    world_end(&w);
}
END_TEST

START_TEST(test_reprint_skips_link_and_dedup)
{
    /* At the same offline office, reprints (nobody a first-time holder, reprint_share 1) are
     * printed at once, one after another: 60, 120 and 180 s, all in the first bin. With
     * everyone a first-time holder nobody is a reprint and the records wait for the sync. */
    for (int first_time = 0; first_time <= 1; first_time++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "{\"name\": \"t\", \"start_date\": \"2025-01-06\", \"horizon_days\": 3,"
                 " \"replications\": 1, \"regions\": [{\"code\": \"21.72\", \"name\": \"x\","
                 " \"recording\": {\"arrivals\": {\"per_day\": 1e-9}, \"stations\": 1,"
                 " \"capture_time\": 600, \"opening_hours\": \"24/7\", \"reprint_share\": 1},"
                 " \"network\": {\"mode\": \"offline\", \"sync_at\": \"15:00\"},"
                 " \"printing\": {\"misprint_share\": 0, \"print_time\": 60},"
                 " \"blanks\": {\"first_time_share\": %d}}]}", first_time);
        world w;
        world_start(&w, load(text));
        inject_at(&w, 9 * 3600.0, 3);
        ck_assert_int_eq(sim_calendar_run_until(&w.cal, 12 * 3600.0), SIM_OK);
        const pipeline_totals *t = &w.p->regions[0].totals;
        ck_assert_double_eq(t->cards_printed, first_time ? 0 : 3);
        ck_assert_double_eq(t->upload_count, 0);
        if (!first_time) {
            ck_assert_double_eq_tol(t->ttc_sum, 60 + 120 + 180, 1e-6);
            ck_assert_double_eq(t->printed_bin[0], 3);
        }
        world_end(&w);
    }
}
END_TEST

START_TEST(test_outreach_visits_bring_records_in_batches)
{
    /* 2 teams, 5 people each, every 7 days from 09:00 on day 0: days 0 and 7 in 10 days. */
    scenario *s = office(", \"outreach\": {\"teams\": 2, \"every_days\": 7,"
                         " \"people_per_visit\": 5, \"capture_time\": 600}",
                         ", \"abis\": {\"print_ready_share\": 1, \"duplicate_share\": 0,"
                         " \"adjudicate_share\": 0, \"enrol_failure_share\": 0}");
    summary *out = calloc(1, sizeof *out);
    run_options options = run_options_from(s);
    options.replications = 3;
    char why[256];
    ck_assert_int_eq(run_scenario(s, &options, out, why, sizeof why), 0);
    ck_assert_msg(out->invariants_ok, "%s", out->invariant_message);
    const summary_metric *arrived = summary_find(out, "applicants_arrived");
    ck_assert_double_eq(arrived->mean, 20);
    ck_assert_double_eq(arrived->ci_low, 20);
    /* five people per team one after another: the last is back 50 min after 09:00 */
    const summary_metric *stage = summary_find(out, "stage_recording_s");
    ck_assert_double_eq_tol(stage->mean, (600 + 1200 + 1800 + 2400 + 3000) / 5.0, 1e-6);
    summary_fini(out);
    free(out);
    scenario_destroy(s);
}
END_TEST

START_TEST(test_broken_invariant_is_named)
{
    /* A fabricated replication where one blank went missing and one person vanished. */
    scenario *s = office("", "");
    pipeline_balance balance;
    memset(&balance, 0, sizeof balance);
    balance.arrived = 10;
    balance.printed = 9;
    balance.blanks_delivered = 100;
    balance.blanks_printed = 9;
    balance.blanks_in_stock = 90;
    recording_result recording;
    memset(&recording, 0, sizeof recording);
    recording.arrived = recording.finished = 10;
    replication_slot slot;
    memset(&slot, 0, sizeof slot);
    slot.region_count = 1;
    slot.balance = &balance;
    slot.recording = &recording;
    summary out;
    memset(&out, 0, sizeof out);
    run_check_invariants(s, &slot, 1, &out);
    ck_assert_int_eq(out.invariants_ok, 0);
    ck_assert_uint_eq(out.invariant_count, 3);
    ck_assert_str_eq(out.invariants[0].name, "applicants_conserved");
    ck_assert_int_eq(out.invariants[0].ok, 0);
    ck_assert_str_eq(out.invariants[1].name, "blanks_conserved");
    ck_assert_int_eq(out.invariants[1].ok, 0);
    ck_assert_int_eq(out.invariants[2].ok, 1);
    ck_assert_str_eq(out.invariant_message,
                     "applicants_conserved: replication 0, region 21.72: arrived 10 != in "
                     "recording 0 + in stages 0 + duplicates 0 + printed 9");
    ck_assert_str_eq(out.invariants[1].detail,
                     "replication 0, region 21.72: delivered 100 != printed 9 + spoiled 0 + in "
                     "stock 90 + in printers 0");
    scenario_destroy(s);
}
END_TEST

START_TEST(test_power_cuts_pause_work)
{
    /* Up 100 s, down 50 s, repeating: outages [100, 150), [250, 300), [400, 450)... */
    sim_dist up, down;
    const char *why = NULL;
    double hundred = 100, fifty = 50;
    ck_assert_int_eq(sim_dist_init(&up, SIM_DIST_CONSTANT, &hundred, 1, &why), 0);
    ck_assert_int_eq(sim_dist_init(&down, SIM_DIST_CONSTANT, &fifty, 1, &why), 0);
    sim_rng_streams streams;
    sim_rng_streams_init(&streams, NULL, 1, 0);
    outage_timeline tl;
    ck_assert_int_eq(outage_timeline_init(&tl, &up, &down,
                                          sim_rng_streams_get(&streams, "power")), 0);
    ck_assert_double_eq(outage_advance(&tl, 0, 50), 50);
    ck_assert_double_eq(outage_advance(&tl, 0, 120), 170);      /* pauses over [100, 150) */
    ck_assert_double_eq(outage_advance(&tl, 140, 10), 160);     /* starts inside a cut */
    ck_assert_double_eq(outage_advance(&tl, 160, 1000), 1660);  /* 1000 s of up-time spans 10 cuts */
    ck_assert_int_eq(outage_is_down(&tl, 1700), 0);
    ck_assert_int_eq(outage_is_down(&tl, 1760), 1);
    outage_timeline_fini(&tl);
    sim_rng_streams_fini(&streams);
    sim_dist_fini(&up);
    sim_dist_fini(&down);
}
END_TEST

int main(void)
{
    sim_init();
    Suite *suite = suite_create("pipeline");
    TCase *tc = tcase_create("stages");
    tcase_add_test(tc, test_upload_is_size_over_bandwidth_plus_queueing);
    tcase_add_test(tc, test_no_blanks_gives_suket_then_card_on_delivery);
    tcase_add_test(tc, test_suket_backlog_serves_first_time_holders_first);
    tcase_add_test(tc, test_ats_outage_holds_searches_until_it_ends);
    tcase_add_test(tc, test_one_blank_per_card_plus_spoils);
    tcase_add_test(tc, test_offline_link_waits_for_sync);
    tcase_add_test(tc, test_reprint_skips_link_and_dedup);
    tcase_add_test(tc, test_outreach_visits_bring_records_in_batches);
    tcase_add_test(tc, test_broken_invariant_is_named);
    tcase_add_test(tc, test_power_cuts_pause_work);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
