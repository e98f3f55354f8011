/* Tests of sim/resource beyond the queueing formulas: FIFO hand-over, errors, a schedule
 * that stops service outside opening hours (both closing rules), breakdowns that cut
 * capacity by the availability MTTF/(MTTF+MTTR), and byte-identical traces for a seed. */
#include "sim/resource.h"
#include "sim/rng.h"

#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/check_run.h"

static const double H = 3600;

/* --- FIFO and errors ------------------------------------------------------------------- */

typedef struct order_log {
    int ids[16];
    int count;
} order_log;

typedef struct holder {
    order_log *log;
    int id;
} holder;

static void log_start(sim_resource *r, void *ctx)
{
    (void)r;
    holder *h = ctx;
    h->log->ids[h->log->count++] = h->id;
}

START_TEST(fifo_hand_over_and_errors)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_resource r;
    ck_assert_int_eq(sim_resource_init(&r, &cal, 0), SIM_EINVAL);
    ck_assert_int_eq(sim_resource_init(&r, &cal, 1), SIM_OK);
    sim_resource_set_line_limit(&r, 2);
    order_log log = {0};
    holder h[4] = {{&log, 0}, {&log, 1}, {&log, 2}, {&log, 3}};
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(sim_resource_request(&r, &h[i], log_start), SIM_OK);
    ck_assert_int_eq(sim_resource_request(&r, &h[3], log_start), SIM_EFULL);
    ck_assert_int_eq(sim_resource_request(&r, &h[3], NULL), SIM_EINVAL);
    ck_assert_int_eq(log.count, 1); /* the first started at once, inside request */
    ck_assert_uint_eq(sim_resource_waiting(&r), 2);
    ck_assert_int_eq(sim_resource_release(&r), SIM_OK);
    ck_assert_int_eq(sim_resource_release(&r), SIM_OK);
    ck_assert_int_eq(sim_resource_release(&r), SIM_OK);
    ck_assert_int_eq(sim_resource_release(&r), SIM_ESTATE);
    ck_assert_int_eq(log.count, 3);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(log.ids[i], i);
    ck_assert_int_eq(sim_resource_serve(&r, &h[0], -1, log_start), SIM_EINVAL);
    sim_resource_fini(&r);
    sim_calendar_fini(&cal);
}
END_TEST

/* --- serve(): each job's own callback, once, at its own end ---------------------------- */

typedef struct served {
    int id;
    int done_count;
    double done_at;
    int *finish_order;
    int *finished;
} served;

static void served_done(sim_resource *r, void *ctx)
{
    served *job = ctx;
    job->done_count++;
    job->done_at = sim_calendar_now(r->cal);
    job->finish_order[(*job->finished)++] = job->id;
}

/* Three jobs queued on one server: when the first ends, the second starts in the slot the
 * first just freed. Each callback must still run once, for its own job, at its own end
 * (a bug once ran the second job's callback instead of the first's). */
START_TEST(serve_runs_each_callback_once_at_its_end)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_resource r;
    ck_assert_int_eq(sim_resource_init(&r, &cal, 1), SIM_OK);
    int order[3] = {-1, -1, -1}, finished = 0;
    const double service[3] = {10, 20, 40};
    served jobs[3];
    for (int i = 0; i < 3; i++) {
        jobs[i] = (served){i, 0, -1, order, &finished};
        ck_assert_int_eq(sim_resource_serve(&r, &jobs[i], service[i], served_done), SIM_OK);
    }
    sim_calendar_run(&cal);
    ck_assert_int_eq(finished, 3);
    double end = 0;
    for (int i = 0; i < 3; i++) {
        end += service[i];
        ck_assert_int_eq(order[i], i);
        ck_assert_int_eq(jobs[i].done_count, 1);
        ck_assert_double_eq_tol(jobs[i].done_at, end, 1e-9);
    }
    sim_resource_fini(&r);
    sim_calendar_fini(&cal);
}
END_TEST

/* A request whose on_start releases at once: nested releases must not recurse or reorder. */
static void release_at_once(sim_resource *r, void *ctx)
{
    log_start(r, ctx);
    sim_resource_release(r);
}

START_TEST(zero_length_holds)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_resource r;
    sim_resource_init(&r, &cal, 1);
    order_log log = {0};
    holder first = {&log, 99};
    holder h[10];
    sim_resource_request(&r, &first, log_start); /* holds the server */
    for (int i = 0; i < 10; i++) {
        h[i] = (holder){&log, i};
        sim_resource_request(&r, &h[i], release_at_once);
    }
    sim_resource_release(&r);
    ck_assert_int_eq(log.count, 11);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(log.ids[i + 1], i);
    ck_assert_int_eq(sim_resource_busy(&r), 0);
    sim_resource_fini(&r);
    sim_calendar_fini(&cal);
}
END_TEST

/* --- opening hours ---------------------------------------------------------------------- */

typedef struct office_model {
    sim_calendar cal;
    sim_resource desk;
    sim_schedule hours;
    gsl_rng *rng;
    long arrivals, arrivals_closed, starts, bad_starts, done, bad_done;
    long busy_after_close;
    int use_serve;
} office_model;

/* Mon-Fri 08:00-16:00, holiday on Wednesday 2024-01-10, start Monday 2024-01-08. */
static int open_now(const office_model *m, double t)
{
    sim_date d = sim_schedule_date(&m->hours, t);
    int weekday = d.weekday <= SIM_FRIDAY;
    int holiday = d.year == 2024 && d.month == 1 && d.day == 10;
    return weekday && !holiday && d.second_of_day >= 8 * H && d.second_of_day <= 16 * H;
}

static void office_done(sim_resource *r, void *ctx)
{
    office_model *m = ctx;
    m->done++;
    /* Under the interrupt rule no work may end outside opening hours (16:00 inclusive). */
    m->bad_done += !open_now(m, sim_calendar_now(r->cal));
}

static void office_release(sim_calendar *cal, void *ctx)
{
    (void)cal;
    office_model *m = ctx;
    m->done++;
    sim_resource_release(&m->desk);
}

static void office_start(sim_resource *r, void *ctx)
{
    office_model *m = ctx;
    double t = sim_calendar_now(r->cal);
    m->starts++;
    sim_date d = sim_schedule_date(&m->hours, t);
    m->bad_starts += !open_now(m, t) || d.second_of_day >= 16 * H;
    sim_calendar_schedule_in(r->cal, -900 * log(1 - gsl_rng_uniform(m->rng)), office_release, m,
                             NULL);
}

static void office_arrive(sim_calendar *cal, void *ctx)
{
    office_model *m = ctx;
    double t = sim_calendar_now(cal);
    m->arrivals++;
    m->arrivals_closed += !open_now(m, t);
    double service = -1800 * log(1 - gsl_rng_uniform(m->rng));
    if (m->use_serve)
        sim_resource_serve(&m->desk, m, service, office_done);
    else
        sim_resource_request(&m->desk, m, office_start);
    sim_calendar_schedule_in(cal, -1200 * log(1 - gsl_rng_uniform(m->rng)), office_arrive, m,
                             NULL);
}

/* Just after each closing the desk must be idle under the interrupt rule. */
static void after_close(sim_calendar *cal, void *ctx)
{
    office_model *m = ctx;
    m->busy_after_close += sim_resource_busy(&m->desk);
    sim_calendar_schedule_in(cal, SIM_DAY_S, after_close, m, NULL);
}

static void run_office(office_model *m, sim_resource_rule rule, int use_serve)
{
    memset(m, 0, sizeof *m);
    m->use_serve = use_serve;
    sim_calendar_init(&m->cal);
    ck_assert_int_eq(sim_schedule_init(&m->hours, 2024, 1, 8), SIM_OK);
    sim_schedule_add_interval_days(&m->hours, SIM_MONDAY, SIM_FRIDAY, 8 * H, 16 * H);
    sim_schedule_add_holiday(&m->hours, 2024, 1, 10);
    ck_assert_int_eq(sim_resource_init(&m->desk, &m->cal, 2), SIM_OK);
    sim_resource_set_rule(&m->desk, rule);
    ck_assert_int_eq(sim_resource_follow_schedule(&m->desk, &m->hours), SIM_OK);
    m->rng = sim_rng_create(NULL, 5, "office", 0);
    sim_calendar_schedule(&m->cal, 0, office_arrive, m, NULL);
    sim_calendar_schedule(&m->cal, 16 * H + 1e-6, after_close, m, NULL);
    ck_assert_int_eq(sim_calendar_run_until(&m->cal, 28 * SIM_DAY_S), SIM_OK);
    ck_assert_int_eq(sim_resource_error(&m->desk), SIM_OK);
}

static void end_office(office_model *m)
{
    sim_resource_fini(&m->desk);
    sim_schedule_fini(&m->hours);
    sim_calendar_fini(&m->cal);
    gsl_rng_free(m->rng);
}

START_TEST(no_service_starts_outside_hours)
{
    office_model m;
    run_office(&m, SIM_RULE_FINISH, 0);
    /* Arrivals come around the clock, so a resource that ignored the schedule would start
     * most services while closed. */
    ck_assert_int_gt(m.arrivals_closed, 1000);
    ck_assert_int_gt(m.starts, 1000);
    ck_assert_int_eq(m.bad_starts, 0);
    /* Open: 19 weekdays (4 weeks minus the holiday) x 8 h. */
    ck_assert_double_eq_tol(sim_resource_open_seconds(&m.desk), 19 * 8 * H, 1e-6);
    double u = sim_resource_utilisation(&m.desk);
    ck_assert_msg(u > 0.5 && u < 1.1, "utilisation %g", u); /* overloaded while open */
    end_office(&m);
}
END_TEST

START_TEST(interrupt_rule_stops_work_at_closing)
{
    office_model m;
    run_office(&m, SIM_RULE_INTERRUPT, 1);
    ck_assert_int_gt(m.done, 500);
    ck_assert_int_eq(m.bad_done, 0);
    ck_assert_int_eq(m.busy_after_close, 0);
    ck_assert_uint_gt(m.desk.interruptions, 10);
    end_office(&m);

    /* The same under the finish rule: work runs over, so some ends after closing. */
    run_office(&m, SIM_RULE_FINISH, 1);
    ck_assert_int_gt(m.bad_done, 10);
    ck_assert_uint_eq(m.desk.interruptions, 0);
    end_office(&m);
}
END_TEST

/* --- breakdowns --------------------------------------------------------------------------- */

START_TEST(breakdowns_cut_capacity_by_availability)
{
    enum { REPS = 20 };
    const double mttf = 90, mttr = 10, expected = mttf / (mttf + mttr);
    sim_dist ttf, repair;
    ck_assert_int_eq(sim_dist_init(&ttf, SIM_DIST_EXP, &mttf, 1, NULL), 0);
    ck_assert_int_eq(sim_dist_init(&repair, SIM_DIST_EXP, &mttr, 1, NULL), 0);
    double availability[REPS];
    for (int rep = 0; rep < REPS; rep++) {
        sim_calendar cal;
        sim_calendar_init(&cal);
        sim_resource r;
        sim_resource_init(&r, &cal, 4);
        gsl_rng *rng = sim_rng_create(NULL, 11, "breakdowns", (uint64_t)rep);
        ck_assert_int_eq(sim_resource_set_breakdowns(&r, &ttf, &repair, rng), SIM_OK);
        ck_assert_int_eq(sim_resource_set_breakdowns(&r, &ttf, &repair, rng), SIM_EINVAL);
        sim_calendar_run_until(&cal, 1000);
        sim_resource_reset_stats(&r); /* warm-up: all servers start up */
        sim_calendar_run_until(&cal, 201000);
        availability[rep] = sim_resource_availability(&r);
        /* Capacity seen by customers is the servers up (always open here). */
        ck_assert_double_eq_tol(sim_level_mean(&r.capacity_level, sim_calendar_now(&cal)),
                                4 * availability[rep], 1e-9);
        sim_resource_fini(&r);
        sim_calendar_fini(&cal);
        gsl_rng_free(rng);
    }
    sim_ci ci;
    ck_assert_int_eq(sim_stats_ci(availability, REPS, 0.99, &ci), SIM_OK);
    ck_assert_msg(ci.lo <= expected && expected <= ci.hi, "availability CI [%g, %g]", ci.lo,
                  ci.hi);
    ck_assert_double_lt(ci.half_width, 0.01 * expected);
    sim_dist_fini(&ttf);
    sim_dist_fini(&repair);
}
END_TEST

/* --- work conservation ------------------------------------------------------------------ */

typedef struct work_model {
    sim_resource desk;
    gsl_rng *rng;
    double work_s;       /* service requested */
    long arrivals, done;
} work_model;

static void work_done(sim_resource *r, void *ctx)
{
    (void)r;
    work_model *m = ctx;
    m->done++;
}

static void work_arrive(sim_calendar *cal, void *ctx)
{
    work_model *m = ctx;
    double service = -1500 * log(1 - gsl_rng_uniform(m->rng));
    m->work_s += service;
    m->arrivals++;
    sim_resource_serve(&m->desk, m, service, work_done);
    if (m->arrivals < 3000)
        sim_calendar_schedule_in(cal, -600 * log(1 - gsl_rng_uniform(m->rng)), work_arrive, m,
                                 NULL);
}

START_TEST(interrupted_work_is_neither_lost_nor_duplicated)
{
    /* Closing times and breakdowns interrupt services again and again; when everything is
     * done, the busy server-seconds must equal the service requested, to rounding. */
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_schedule hours;
    sim_schedule_init(&hours, 2024, 1, 8);
    sim_schedule_add_interval_days(&hours, SIM_MONDAY, SIM_FRIDAY, 8 * H, 12 * H);
    sim_schedule_add_interval_days(&hours, SIM_MONDAY, SIM_FRIDAY, 13 * H, 17 * H);
    work_model m = {0};
    sim_resource_init(&m.desk, &cal, 3);
    sim_resource_set_rule(&m.desk, SIM_RULE_INTERRUPT);
    sim_resource_follow_schedule(&m.desk, &hours);
    sim_dist ttf, repair;
    sim_dist_init(&ttf, SIM_DIST_EXP, (double[]){2 * H}, 1, NULL);
    sim_dist_init(&repair, SIM_DIST_UNIFORM, (double[]){300, 900}, 2, NULL);
    gsl_rng *failures = sim_rng_create(NULL, 3, "failures", 0);
    ck_assert_int_eq(sim_resource_set_breakdowns(&m.desk, &ttf, &repair, failures), SIM_OK);
    m.rng = sim_rng_create(NULL, 3, "work", 0);
    sim_calendar_schedule(&cal, 0, work_arrive, &m, NULL);
    /* Breakdowns never stop, so run until the work is done rather than until empty. */
    while (m.done < 3000 && sim_calendar_step(&cal) == 1)
        ;
    ck_assert_int_eq(m.done, 3000);
    ck_assert_int_eq(sim_resource_busy(&m.desk), 0);
    ck_assert_uint_gt(m.desk.interruptions, 100);
    ck_assert_uint_gt(m.desk.failures, 100);
    double busy = sim_level_area(&m.desk.busy_level, sim_calendar_now(&cal));
    ck_assert_double_eq_tol(busy, m.work_s, 1e-9 * m.work_s);
    ck_assert_int_eq(sim_resource_error(&m.desk), SIM_OK);
    sim_resource_fini(&m.desk);
    sim_calendar_fini(&cal);
    sim_schedule_fini(&hours);
    sim_dist_fini(&ttf);
    sim_dist_fini(&repair);
    gsl_rng_free(failures);
    gsl_rng_free(m.rng);
}
END_TEST

/* --- reproducibility ---------------------------------------------------------------------- */

static void write_trace(void *ctx, double time, uint64_t seq)
{
    fprintf(ctx, "%a %" PRIu64 "\n", time, seq);
}

static void traced_done(sim_resource *r, void *ctx)
{
    (void)r;
    (void)ctx;
}

typedef struct traced {
    sim_resource desk;
    gsl_rng *arrivals, *services;
} traced;

static void traced_arrive(sim_calendar *cal, void *ctx)
{
    traced *t = ctx;
    sim_resource_serve(&t->desk, t, -600 * log(1 - gsl_rng_uniform(t->services)), traced_done);
    sim_calendar_schedule_in(cal, -300 * log(1 - gsl_rng_uniform(t->arrivals)), traced_arrive,
                             t, NULL);
}

/* Runs a week of a scheduled, breaking-down desk and returns its event trace (malloc'd). */
static char *trace_run(uint64_t seed, size_t *size)
{
    char *buffer = NULL;
    FILE *out = open_memstream(&buffer, size);
    ck_assert_ptr_nonnull(out);
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_calendar_set_trace(&cal, write_trace, out);
    sim_schedule hours;
    sim_schedule_init(&hours, 2024, 1, 8);
    sim_schedule_add_interval_days(&hours, SIM_MONDAY, SIM_SATURDAY, 7 * H, 15 * H);
    traced t;
    sim_resource_init(&t.desk, &cal, 3);
    sim_resource_set_rule(&t.desk, SIM_RULE_INTERRUPT);
    sim_resource_follow_schedule(&t.desk, &hours);
    sim_dist ttf, repair;
    sim_dist_init(&ttf, SIM_DIST_GAMMA, (double[]){4 * H, 2}, 2, NULL);
    sim_dist_init(&repair, SIM_DIST_TRIANGULAR, (double[]){600, 1200, 3600}, 3, NULL);
    gsl_rng *failures = sim_rng_create(NULL, seed, "failures", 0);
    sim_resource_set_breakdowns(&t.desk, &ttf, &repair, failures);
    t.arrivals = sim_rng_create(NULL, seed, "arrivals", 0);
    t.services = sim_rng_create(NULL, seed, "services", 0);
    sim_calendar_schedule(&cal, 0, traced_arrive, &t, NULL);
    sim_calendar_run_until(&cal, 7 * SIM_DAY_S);
    fprintf(out, "waits %a utilisation %a\n", sim_tally_mean(sim_resource_waits(&t.desk)),
            sim_resource_utilisation(&t.desk));
    fclose(out);
    sim_resource_fini(&t.desk);
    sim_calendar_fini(&cal);
    sim_schedule_fini(&hours);
    sim_dist_fini(&ttf);
    sim_dist_fini(&repair);
    gsl_rng_free(failures);
    gsl_rng_free(t.arrivals);
    gsl_rng_free(t.services);
    return buffer;
}

START_TEST(same_seed_same_trace)
{
    size_t size_a, size_b, size_c;
    char *a = trace_run(2024, &size_a);
    char *b = trace_run(2024, &size_b);
    char *c = trace_run(2025, &size_c);
    ck_assert_uint_gt(size_a, 10000); /* thousands of events were traced */
    ck_assert_uint_eq(size_a, size_b);
    ck_assert_int_eq(memcmp(a, b, size_a), 0);
    ck_assert(size_a != size_c || memcmp(a, c, size_a) != 0);
    free(a);
    free(b);
    free(c);
}
END_TEST

/* Breakdowns with a time to failure and repair of 0 s (a loader let 1e-300 through): the
 * engine refuses with SIM_ESTALL and names the resource, instead of spinning for ever. */
START_TEST(zero_breakdown_times_stall_named)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    sim_calendar_set_instant_limit(&cal, 10000);
    sim_resource r;
    ck_assert_int_eq(sim_resource_init(&r, &cal, 2), SIM_OK);
    sim_resource_set_label(&r, "recording kits at Kota Banda Aceh");
    sim_dist zero;
    ck_assert_int_eq(sim_dist_init(&zero, SIM_DIST_CONSTANT, (double[]){0}, 1, NULL), 0);
    gsl_rng *rng = sim_rng_create(NULL, 1, "breakdowns", 0);
    ck_assert_int_eq(sim_resource_set_breakdowns(&r, &zero, &zero, rng), SIM_OK);
    ck_assert_int_eq(sim_calendar_run_until(&cal, 86400), SIM_ESTALL);
    char msg[200];
    sim_calendar_stall_message(&cal, msg, sizeof msg);
    ck_assert_str_eq(msg, "10000 events at 0.000 s without time advancing, in breakdowns and"
                          " repairs of recording kits at Kota Banda Aceh");
    sim_resource_fini(&r);
    gsl_rng_free(rng);
    sim_calendar_fini(&cal);
}
END_TEST

int main(void)
{
    sim_init();
    Suite *s = suite_create("sim_resource");
    TCase *tc = tcase_create("resource");
    tcase_add_test(tc, fifo_hand_over_and_errors);
    tcase_add_test(tc, serve_runs_each_callback_once_at_its_end);
    tcase_add_test(tc, zero_length_holds);
    tcase_add_test(tc, no_service_starts_outside_hours);
    tcase_add_test(tc, interrupt_rule_stops_work_at_closing);
    tcase_add_test(tc, breakdowns_cut_capacity_by_availability);
    tcase_add_test(tc, interrupted_work_is_neither_lost_nor_duplicated);
    tcase_add_test(tc, same_seed_same_trace);
    tcase_add_test(tc, zero_breakdown_times_stall_named);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
