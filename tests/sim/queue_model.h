/* Shared by the validation tests: an M/G/c queue built on sim_resource, run for one
 * replication, with the observations the tests compare against queueing theory.
 * Header-only (static functions) so each test program compiles its own copy. */
#ifndef TESTS_SIM_QUEUE_MODEL_H
#define TESTS_SIM_QUEUE_MODEL_H

#include "sim/calendar.h"
#include "sim/dist.h"
#include "sim/resource.h"
#include "sim/rng.h"
#include "sim/stats.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct qm_params {
    int servers;
    double arrival_rate;     /* per second */
    sim_dist service;        /* initialised by the caller */
    size_t line_limit;       /* SIZE_MAX for none */
    uint64_t warmup;         /* customers arriving before statistics start */
    uint64_t customers;      /* customers arriving after the warm-up */
    double wait_threshold_s; /* for P(wait > t) */
    uint64_t seed;
} qm_params;

typedef struct qm_result {
    double mean_wait_s;          /* from the test's own per-customer records */
    double resource_mean_wait_s; /* from the resource's tally */
    double reset_mean_wait_s;    /* the test's records of the same starts */
    double p_wait_over;          /* fraction of measured customers with wait > threshold */
    double blocked_fraction;     /* of measured arrivals */
    double mean_in_system;       /* time average after the warm-up */
    double mean_sojourn_s;
    double measured_rate;        /* arrivals per second after the warm-up */
} qm_result;

typedef struct qm_customer {
    struct qm_model *model;
    double arrived_at;
    int measured;
    struct qm_customer *next_free;
} qm_customer;

typedef struct qm_model {
    const qm_params *p;
    sim_calendar cal;
    sim_resource server;
    gsl_rng *arrivals, *services;
    sim_dist interarrival;
    qm_customer *free_list;
    qm_customer **chunks;
    size_t chunk_count;
    uint64_t arrived, measured_arrivals, blocked, started;
    double wait_sum, sojourn_sum, start_time;
    double reset_wait_sum;   /* every start after the reset, as the resource counts them */
    uint64_t reset_started;
    int reset_done;
    uint64_t over, completed;
    uint64_t errors; /* failed engine calls; checked after the run (ck_assert is too slow
                        for the hot path: each one reports to Check's parent process) */
    sim_level in_system;
} qm_model;

static qm_customer *qm_customer_get(qm_model *m)
{
    if (m->free_list == NULL) {
        enum { CHUNK = 1024 };
        qm_customer *chunk = malloc(CHUNK * sizeof *chunk);
        m->chunks = realloc(m->chunks, (m->chunk_count + 1) * sizeof *m->chunks);
        if (chunk == NULL || m->chunks == NULL)
            abort(); /* a test machine out of memory: nothing sensible to report */
        m->chunks[m->chunk_count++] = chunk;
        for (int i = 0; i < CHUNK; i++) {
            chunk[i].model = m;
            chunk[i].next_free = m->free_list;
            m->free_list = &chunk[i];
        }
    }
    qm_customer *c = m->free_list;
    m->free_list = c->next_free;
    return c;
}

static void qm_depart(sim_calendar *cal, void *ctx)
{
    qm_customer *c = ctx;
    qm_model *m = c->model;
    if (c->measured) {
        m->sojourn_sum += sim_calendar_now(cal) - c->arrived_at;
        m->completed++;
    }
    sim_level_add(&m->in_system, sim_calendar_now(cal), -1);
    c->next_free = m->free_list;
    m->free_list = c;
    m->errors += sim_resource_release(&m->server) != SIM_OK;
}

static void qm_start(sim_resource *r, void *ctx)
{
    qm_customer *c = ctx;
    qm_model *m = c->model;
    double wait = sim_calendar_now(r->cal) - c->arrived_at;
    if (m->reset_done) {
        m->reset_wait_sum += wait;
        m->reset_started++;
    }
    if (c->measured) {
        m->wait_sum += wait;
        m->started++;
        m->over += wait > m->p->wait_threshold_s;
    }
    double service = sim_dist_sample(&m->p->service, m->services);
    m->errors += sim_calendar_schedule_in(r->cal, service, qm_depart, c, NULL) != SIM_OK;
}

static void qm_arrive(sim_calendar *cal, void *ctx)
{
    qm_model *m = ctx;
    double t = sim_calendar_now(cal);
    if (m->arrived == m->p->warmup) {
        /* Statistics start here; customers already inside are not measured. */
        sim_resource_reset_stats(&m->server);
        sim_level_reset(&m->in_system, t);
        m->start_time = t;
        m->reset_done = 1;
    }
    qm_customer *c = qm_customer_get(m);
    c->arrived_at = t;
    c->measured = m->arrived >= m->p->warmup;
    m->measured_arrivals += c->measured;
    m->arrived++;
    sim_level_add(&m->in_system, t, 1);
    int rc = sim_resource_request(&m->server, c, qm_start);
    if (rc == SIM_EFULL) {
        m->blocked += c->measured;
        sim_level_add(&m->in_system, t, -1);
        c->next_free = m->free_list;
        m->free_list = c;
    } else {
        m->errors += rc != SIM_OK;
    }
    if (m->arrived < m->p->warmup + m->p->customers)
        m->errors += sim_calendar_schedule_in(cal, sim_dist_sample(&m->interarrival, m->arrivals),
                                              qm_arrive, m, NULL) != SIM_OK;
    /* Otherwise arrivals end and the run drains: every measured customer is served. */
}

/* Runs replication `rep` of the model. */
static qm_result qm_run(const qm_params *p, uint64_t rep)
{
    qm_model m = {0};
    m.p = p;
    sim_calendar_init(&m.cal);
    ck_assert_int_eq(sim_resource_init(&m.server, &m.cal, p->servers), SIM_OK);
    sim_resource_set_line_limit(&m.server, p->line_limit);
    m.arrivals = sim_rng_create(NULL, p->seed, "arrivals", rep);
    m.services = sim_rng_create(NULL, p->seed, "service", rep);
    double mean = 1 / p->arrival_rate;
    ck_assert_int_eq(sim_dist_init(&m.interarrival, SIM_DIST_EXP, &mean, 1, NULL), 0);
    sim_level_init(&m.in_system, 0, 0);
    ck_assert_int_eq(sim_calendar_schedule(&m.cal, 0, qm_arrive, &m, NULL), SIM_OK);
    ck_assert_int_eq(sim_calendar_run(&m.cal), SIM_OK);
    double t = sim_calendar_now(&m.cal);
    qm_result out;
    out.mean_wait_s = m.wait_sum / (double)m.started;
    out.resource_mean_wait_s = sim_tally_mean(sim_resource_waits(&m.server));
    out.reset_mean_wait_s = m.reset_wait_sum / (double)m.reset_started;
    out.p_wait_over = (double)m.over / (double)m.started;
    out.blocked_fraction = (double)m.blocked / (double)m.measured_arrivals;
    out.mean_in_system = sim_level_mean(&m.in_system, t);
    out.mean_sojourn_s = m.sojourn_sum / (double)m.completed;
    out.measured_rate = (double)m.measured_arrivals / (t - m.start_time);
    ck_assert_uint_eq(m.completed + m.blocked, m.measured_arrivals);
    ck_assert_int_eq(sim_resource_error(&m.server), SIM_OK);
    ck_assert_uint_eq(m.errors, 0);
    sim_resource_fini(&m.server);
    sim_calendar_fini(&m.cal);
    gsl_rng_free(m.arrivals);
    gsl_rng_free(m.services);
    for (size_t i = 0; i < m.chunk_count; i++)
        free(m.chunks[i]);
    free(m.chunks);
    return out;
}

/* Asserts that `expected` lies in the 99% Student-t interval of the replication values and
 * that the interval's half-width is below max_relative of expected. */
static void qm_check_ci(const char *what, const double *values, size_t n, double expected,
                        double max_relative)
{
    sim_ci ci;
    ck_assert_int_eq(sim_stats_ci(values, n, 0.99, &ci), SIM_OK);
    ck_assert_msg(ci.lo <= expected && expected <= ci.hi,
                  "%s: analytic %.6g outside the 99%% CI [%.6g, %.6g]", what, expected, ci.lo,
                  ci.hi);
    ck_assert_msg(ci.half_width < max_relative * expected,
                  "%s: half-width %.3g is not under %.0f%% of %.6g", what, ci.half_width,
                  100 * max_relative, expected);
}

#endif
