/* Tests of sim/calendar: order by (time, insertion), ties, cancel, reschedule, run_until,
 * step, stop, the heap/bucket switch at scale, compaction and order renumbering. */
#include "sim/calendar.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>
#include "tests/check_run.h"

typedef struct recorder {
    double times[64];
    int ids[64];
    int count;
} recorder;

typedef struct tagged {
    recorder *rec;
    int id;
} tagged;

static void record(sim_calendar *cal, void *ctx)
{
    tagged *t = ctx;
    t->rec->times[t->rec->count] = sim_calendar_now(cal);
    t->rec->ids[t->rec->count++] = t->id;
}

START_TEST(ties_run_in_insertion_order)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    recorder rec = {0};
    tagged tags[6];
    const double at[6] = {5, 1, 5, 1, 5, 0};
    for (int i = 0; i < 6; i++) {
        tags[i] = (tagged){&rec, i};
        ck_assert_int_eq(sim_calendar_schedule(&cal, at[i], record, &tags[i], NULL), SIM_OK);
    }
    ck_assert_uint_eq(sim_calendar_pending(&cal), 6);
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    const int expected[6] = {5, 1, 3, 0, 2, 4};
    ck_assert_int_eq(rec.count, 6);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(rec.ids[i], expected[i]);
    ck_assert_double_eq(sim_calendar_now(&cal), 5);
    ck_assert_uint_eq(sim_calendar_events_run(&cal), 6);
    sim_calendar_fini(&cal);
}
END_TEST

START_TEST(bad_times_rejected)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    recorder rec = {0};
    tagged t = {&rec, 0};
    ck_assert_int_eq(sim_calendar_schedule(&cal, NAN, record, &t, NULL), SIM_EINVAL);
    ck_assert_int_eq(sim_calendar_schedule(&cal, INFINITY, record, &t, NULL), SIM_EINVAL);
    ck_assert_int_eq(sim_calendar_schedule(&cal, 1, NULL, &t, NULL), SIM_EINVAL);
    ck_assert_int_eq(sim_calendar_schedule(&cal, 10, record, &t, NULL), SIM_OK);
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    ck_assert_int_eq(sim_calendar_schedule(&cal, 9.5, record, &t, NULL), SIM_EINVAL);
    ck_assert_int_eq(sim_calendar_schedule_in(&cal, -1, record, &t, NULL), SIM_EINVAL);
    ck_assert_int_eq(sim_calendar_run_until(&cal, 3), SIM_EINVAL);
    sim_calendar_fini(&cal);
}
END_TEST

START_TEST(cancel_and_reschedule)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    recorder rec = {0};
    tagged tags[4];
    sim_event handles[4];
    for (int i = 0; i < 4; i++) {
        tags[i] = (tagged){&rec, i};
        ck_assert_int_eq(sim_calendar_schedule(&cal, 10.0 * (i + 1), record, &tags[i],
                                               &handles[i]), SIM_OK);
    }
    ck_assert_int_eq(sim_calendar_cancel(&cal, handles[1]), SIM_OK);
    ck_assert_int_eq(sim_calendar_cancel(&cal, handles[1]), SIM_ENOTFOUND);
    /* Event 3 moves from 40 to 5, event 0 from 10 to 30, after event 2 (also at 30). */
    ck_assert_int_eq(sim_calendar_reschedule(&cal, &handles[3], 5), SIM_OK);
    ck_assert_int_eq(sim_calendar_reschedule(&cal, &handles[0], 30), SIM_OK);
    ck_assert_int_eq(sim_calendar_reschedule(&cal, &handles[1], 1), SIM_ENOTFOUND);
    ck_assert_uint_eq(sim_calendar_pending(&cal), 3);
    ck_assert_double_eq(sim_calendar_next_time(&cal), 5);
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    ck_assert_int_eq(rec.count, 3);
    ck_assert_int_eq(rec.ids[0], 3);
    ck_assert_int_eq(rec.ids[1], 2);
    ck_assert_int_eq(rec.ids[2], 0);
    ck_assert_double_eq(rec.times[2], 30);
    /* Handles of events that ran are not found; the zero handle never is. */
    ck_assert_int_eq(sim_calendar_cancel(&cal, handles[0]), SIM_ENOTFOUND);
    ck_assert_int_eq(sim_calendar_cancel(&cal, (sim_event){0, 0}), SIM_ENOTFOUND);
    ck_assert_double_eq(sim_calendar_next_time(&cal), INFINITY);
    sim_calendar_fini(&cal);
}
END_TEST

typedef struct chain {
    int remaining;
    int ran;
} chain;

static void chain_event(sim_calendar *cal, void *ctx)
{
    chain *c = ctx;
    c->ran++;
    if (--c->remaining > 0)
        sim_calendar_schedule_in(cal, 1.0, chain_event, c, NULL);
}

START_TEST(run_until_and_step)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    chain c = {10, 0};
    sim_calendar_schedule(&cal, 0.5, chain_event, &c, NULL);
    ck_assert_int_eq(sim_calendar_run_until(&cal, 3.5), SIM_OK);
    ck_assert_int_eq(c.ran, 4); /* 0.5, 1.5, 2.5, 3.5: the end time is inclusive */
    ck_assert_double_eq(sim_calendar_now(&cal), 3.5);
    ck_assert_int_eq(sim_calendar_run_until(&cal, 4.0), SIM_OK);
    ck_assert_double_eq(sim_calendar_now(&cal), 4.0);
    ck_assert_int_eq(sim_calendar_step(&cal), 1);
    ck_assert_double_eq(sim_calendar_now(&cal), 4.5);
    ck_assert_int_eq(c.ran, 5);
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    ck_assert_int_eq(c.ran, 10);
    ck_assert_int_eq(sim_calendar_step(&cal), 0);
    sim_calendar_fini(&cal);
}
END_TEST

static void stopper(sim_calendar *cal, void *ctx)
{
    (void)ctx;
    sim_calendar_stop(cal);
}

START_TEST(stop_ends_run)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    chain c = {100, 0};
    sim_calendar_schedule(&cal, 0, chain_event, &c, NULL);
    sim_calendar_schedule(&cal, 2.5, stopper, NULL, NULL);
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    ck_assert_int_eq(c.ran, 3);
    ck_assert_double_eq(sim_calendar_now(&cal), 2.5);
    sim_calendar_schedule(&cal, 7.25, stopper, NULL, NULL);
    ck_assert_int_eq(sim_calendar_run_until(&cal, 50), SIM_OK);
    ck_assert_double_eq(sim_calendar_now(&cal), 7.25); /* stopped: now is not moved to 50 */
    sim_calendar_fini(&cal);
}
END_TEST

/* Many events, some cancelled, some scheduled from inside events, ties included: every run
 * must come out sorted by (time, insertion number). Checked through the trace hook. */
typedef struct order_check {
    double last_time;
    uint64_t last_seq;
    long runs, violations;
} order_check;

static void check_order(void *ctx, double time, uint64_t seq)
{
    order_check *o = ctx;
    if (time < o->last_time || (time == o->last_time && seq < o->last_seq))
        o->violations++;
    o->last_time = time;
    o->last_seq = seq;
    o->runs++;
}

typedef struct spawner {
    gsl_rng *rng;
    long budget;
} spawner;

static void spawn(sim_calendar *cal, void *ctx)
{
    spawner *s = ctx;
    if (s->budget-- <= 0)
        return;
    /* Coarse times (multiples of 0.25) make ties frequent. */
    double delay = floor(gsl_rng_uniform(s->rng) * 40) * 0.25;
    sim_calendar_schedule_in(cal, delay, spawn, s, NULL);
}

static void noop(sim_calendar *cal, void *ctx)
{
    (void)cal;
    (void)ctx;
}

START_TEST(order_holds_at_scale)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    order_check o = {-1, 0, 0, 0};
    sim_calendar_set_trace(&cal, check_order, &o);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    spawner s = {rng, 400000};
    enum { N = 20000 };
    static sim_event handles[N];
    for (int i = 0; i < N; i++) {
        double at = floor(gsl_rng_uniform(rng) * 1000) * 0.5;
        ck_assert_int_eq(sim_calendar_schedule(&cal, at, i % 4 == 0 ? spawn : noop, &s,
                                               &handles[i]), SIM_OK);
    }
    /* Cancel most of the no-op events, more than stay live: this exercises lazy deletion
     * and compaction. */
    long cancelled = 0;
    for (int i = 0; i < N; i++)
        if (i % 4 != 0 && i % 10 != 1) {
            ck_assert_int_eq(sim_calendar_cancel(&cal, handles[i]), SIM_OK);
            cancelled++;
        }
    ck_assert_uint_eq(sim_calendar_pending(&cal), N - cancelled);
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    ck_assert_int_eq(o.violations, 0);
    ck_assert_int_eq(o.runs, N - cancelled + 400000);
    ck_assert_uint_eq(sim_calendar_pending(&cal), 0);
    gsl_rng_free(rng);
    sim_calendar_fini(&cal);
}
END_TEST

START_TEST(order_numbers_renumbered_before_wrap)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    recorder rec = {0};
    tagged tags[8];
    for (int i = 0; i < 4; i++) {
        tags[i] = (tagged){&rec, i};
        sim_calendar_schedule(&cal, 1, record, &tags[i], NULL);
    }
    /* Jump the 32-bit order counter to just below its wrap, then add more ties. */
    sim__calendar_set_next_order(&cal, UINT32_MAX - 2);
    for (int i = 4; i < 8; i++) {
        tags[i] = (tagged){&rec, i};
        ck_assert_int_eq(sim_calendar_schedule(&cal, 1, record, &tags[i], NULL), SIM_OK);
    }
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    ck_assert_int_eq(rec.count, 8);
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(rec.ids[i], i);
    sim_calendar_fini(&cal);
}
END_TEST

typedef struct self_cancel {
    sim_event other;
    int result;
} self_cancel;

static void cancel_other(sim_calendar *cal, void *ctx)
{
    self_cancel *s = ctx;
    s->result = sim_calendar_cancel(cal, s->other);
}

START_TEST(cancel_from_inside_an_event)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    recorder rec = {0};
    tagged t = {&rec, 1};
    self_cancel s;
    sim_calendar_schedule(&cal, 2, record, &t, &s.other);
    sim_calendar_schedule(&cal, 1, cancel_other, &s, NULL);
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    ck_assert_int_eq(s.result, SIM_OK);
    ck_assert_int_eq(rec.count, 0);
    sim_calendar_fini(&cal);
}
END_TEST

/* An event that schedules itself 1e-300 s later: at t = 3600 s that is the same double, so
 * time never advances (a loader let such means through; the run spun at 100% CPU for ever). */
static void spin(sim_calendar *cal, void *ctx)
{
    (void)ctx;
    sim_calendar_schedule_in(cal, 1e-300, spin, ctx, NULL);
}

static void name_spinner(void *ctx, char *out, size_t size)
{
    snprintf(out, size, "the spinner %s", (const char *)ctx);
}

static void count_event(sim_calendar *cal, void *ctx)
{
    (void)cal;
    ++*(int *)ctx;
}

START_TEST(stall_refused_with_its_owner)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_calendar_set_instant_limit(&cal, 1000);
    ck_assert_int_eq(sim_calendar_describe(&cal, spin, name_spinner), SIM_OK);
    ck_assert_int_eq(sim_calendar_schedule(&cal, 3600, spin, "in region 11", NULL), SIM_OK);
    ck_assert_int_eq(sim_calendar_run_until(&cal, 86400), SIM_ESTALL);
    char msg[200];
    sim_calendar_stall_message(&cal, msg, sizeof msg);
    ck_assert_str_eq(msg, "1000 events at 3600.000 s without time advancing, in the spinner in"
                          " region 11");
    ck_assert_uint_eq(sim_calendar_events_run(&cal), 1000);
    ck_assert_uint_eq(sim_calendar_pending(&cal), 1); /* the refused event is still there */
    ck_assert(sim_calendar_now(&cal) == 3600);
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_ESTALL);
    ck_assert_int_eq(sim_calendar_step(&cal), SIM_ESTALL);
    ck_assert_str_eq(sim_strerror(SIM_ESTALL), "simulated time stopped advancing");
    sim_calendar_fini(&cal);

    /* a refused schedule says why (models used to report every refusal as out of memory) */
    sim_calendar_init(&cal);
    sim_calendar_refusal_message(&cal, msg, sizeof msg);
    ck_assert_str_eq(msg, "");
    ck_assert_int_eq(sim_calendar_schedule(&cal, INFINITY, spin, NULL, NULL), SIM_EINVAL);
    ck_assert_int_eq(sim_calendar_schedule(&cal, -1, spin, NULL, NULL), SIM_EINVAL);
    sim_calendar_refusal_message(&cal, msg, sizeof msg); /* the first refusal is kept */
    ck_assert_str_eq(msg, "an event at inf s (now 0.000 s): invalid argument: a time must be"
                          " finite and not before now");
    sim_calendar_fini(&cal);

    /* as many simultaneous events as the limit allows run normally, and the count restarts
     * when time advances */
    sim_calendar_init(&cal);
    sim_calendar_set_instant_limit(&cal, 500);
    int ran = 0;
    for (int i = 0; i < 500; i++) {
        sim_calendar_schedule(&cal, 10, count_event, &ran, NULL);
        sim_calendar_schedule(&cal, 20, count_event, &ran, NULL);
    }
    ck_assert_int_eq(sim_calendar_run(&cal), SIM_OK);
    ck_assert_int_eq(ran, 1000);
    sim_calendar_fini(&cal);
}
END_TEST

START_TEST(status_sentences)
{
    ck_assert_str_eq(sim_strerror(SIM_OK), "success");
    ck_assert_str_eq(sim_strerror(SIM_EFULL), "waiting line is full");
    ck_assert_str_eq(sim_strerror(SIM_ENOTFOUND), "no such pending item");
    ck_assert_str_eq(sim_strerror(12345), "unknown error");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sim_calendar");
    TCase *tc = tcase_create("calendar");
    tcase_add_test(tc, ties_run_in_insertion_order);
    tcase_add_test(tc, bad_times_rejected);
    tcase_add_test(tc, cancel_and_reschedule);
    tcase_add_test(tc, run_until_and_step);
    tcase_add_test(tc, stop_ends_run);
    tcase_add_test(tc, order_holds_at_scale);
    tcase_add_test(tc, order_numbers_renumbered_before_wrap);
    tcase_add_test(tc, cancel_from_inside_an_event);
    tcase_add_test(tc, stall_refused_with_its_owner);
    tcase_add_test(tc, status_sentences);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
