/* engine_bench: speed of the event calendar (hold model) and of the resource API (M/M/1),
 * each divided by a bare reference loop measured in the same run with the same flags.
 * Prints one JSON object per case, one per line, on stdout. */
#include "bench/bare_heap.h"
#include "sim/calendar.h"
#include "sim/resource.h"
#include "sim/rng.h"
#include "sim/stats.h"
#include "sim/status.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { REPEATS = 3 };

/* CPU time of this thread: the machine is shared, and time spent descheduled would
 * otherwise be charged to whichever loop happened to be running. */
static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Exp(1) as sim_dist samples it; engine and reference loops both use this. */
static inline double exp1(gsl_rng *rng)
{
    return -log(1.0 - gsl_rng_uniform(rng));
}

/* --- hold model ------------------------------------------------------------------------- */

typedef struct hold_state {
    gsl_rng *rng;
    uint64_t remaining;
} hold_state;

static void hold_event(sim_calendar *cal, void *ctx)
{
    hold_state *st = ctx;
    sim_calendar_schedule(cal, sim_calendar_now(cal) + exp1(st->rng), hold_event, ctx, NULL);
    if (--st->remaining == 0)
        sim_calendar_stop(cal);
}

/* Events per second of the engine; *bytes gets bytes per pending event. */
static double hold_engine(size_t pending, uint64_t events, double *bytes)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    hold_state st = {sim_rng_create(NULL, 1, "hold", 0), events};
    for (size_t i = 0; i < pending; i++)
        sim_calendar_schedule(&cal, exp1(st.rng), hold_event, &st, NULL);
    double t0 = seconds();
    sim_calendar_run(&cal);
    double rate = (double)events / (seconds() - t0);
    *bytes = (double)sim_calendar_memory_bytes(&cal) / (double)sim_calendar_pending(&cal);
    sim_calendar_fini(&cal);
    gsl_rng_free(st.rng);
    return rate;
}

static double hold_bare(size_t pending, uint64_t events, double *bytes)
{
    bare_heap h = {0};
    gsl_rng *rng = sim_rng_create(NULL, 1, "hold", 0);
    int payload = 0;
    for (size_t i = 0; i < pending; i++)
        bare_push(&h, exp1(rng), &payload);
    double t0 = seconds();
    for (uint64_t k = 0; k < events; k++) {
        bare_entry e = bare_pop(&h);
        bare_push(&h, e.time + exp1(rng), e.payload);
    }
    double rate = (double)events / (seconds() - t0);
    *bytes = (double)(h.cap * sizeof(bare_entry)) / (double)h.n;
    free(h.a);
    gsl_rng_free(rng);
    return rate;
}

static void bench_hold(size_t pending, uint64_t events)
{
    double best_engine = 0, best_bare = 0, bytes = 0, bare_bytes = 0;
    for (int r = 0; r < REPEATS; r++) {
        /* Alternate so that both see the same machine conditions. */
        double e = hold_engine(pending, events, &bytes);
        double b = hold_bare(pending, events, &bare_bytes);
        if (e > best_engine)
            best_engine = e;
        if (b > best_bare)
            best_bare = b;
    }
    printf("{\"case\": \"hold\", \"clock\": \"thread_cpu\", \"pending\": %zu, \"events\": %llu, \"events_per_s\": %.0f, "
           "\"bytes_per_pending_event\": %.1f, \"reference_events_per_s\": %.0f, "
           "\"reference_bytes_per_pending_event\": %.1f, \"ratio_to_reference\": %.3f}\n",
           pending, (unsigned long long)events, best_engine, bytes, best_bare, bare_bytes,
           best_engine / best_bare);
}

/* --- M/M/1 through the resource API -------------------------------------------------------- */

enum { MM1_CUSTOMERS = 1000000 };
static const double MM1_LAMBDA = 0.9, MM1_MU = 1.0;

typedef struct mm1_customer mm1_customer;
typedef struct mm1_model {
    sim_resource server;
    gsl_rng *arrivals_rng, *service_rng;
    mm1_customer *pool, *free_list;
    uint64_t arrived;
    sim_tally time_in_system;
} mm1_model;

struct mm1_customer {
    mm1_model *model;
    double arrived_at;
    mm1_customer *next_free;
};

static void mm1_depart(sim_calendar *cal, void *ctx)
{
    mm1_customer *c = ctx;
    mm1_model *m = c->model;
    sim_tally_add(&m->time_in_system, sim_calendar_now(cal) - c->arrived_at);
    c->next_free = m->free_list;
    m->free_list = c;
    sim_resource_release(&m->server);
}

static void mm1_start(sim_resource *r, void *ctx)
{
    mm1_customer *c = ctx;
    sim_calendar_schedule_in(r->cal, exp1(c->model->service_rng) / MM1_MU, mm1_depart, c, NULL);
}

static void mm1_arrive(sim_calendar *cal, void *ctx)
{
    mm1_model *m = ctx;
    mm1_customer *c = m->free_list;
    m->free_list = c->next_free;
    c->arrived_at = sim_calendar_now(cal);
    sim_resource_request(&m->server, c, mm1_start);
    if (++m->arrived < MM1_CUSTOMERS)
        sim_calendar_schedule_in(cal, exp1(m->arrivals_rng) / MM1_LAMBDA, mm1_arrive, m, NULL);
}

/* Customers per second; *mean_s gets the mean time in system. */
static double mm1_engine(double *mean_s)
{
    sim_calendar cal;
    sim_calendar_init(&cal);
    mm1_model m = {0};
    sim_resource_init(&m.server, &cal, 1);
    m.arrivals_rng = sim_rng_create(NULL, 1, "arrivals", 0);
    m.service_rng = sim_rng_create(NULL, 1, "service", 0);
    /* A pool as big as the run keeps this simple; customers are recycled anyway. */
    m.pool = malloc(4096 * sizeof *m.pool);
    for (int i = 0; i < 4096; i++) {
        m.pool[i].model = &m;
        m.pool[i].next_free = i + 1 < 4096 ? &m.pool[i + 1] : NULL;
    }
    m.free_list = m.pool;
    sim_tally_reset(&m.time_in_system);
    double t0 = seconds();
    sim_calendar_schedule(&cal, 0, mm1_arrive, &m, NULL);
    sim_calendar_run(&cal);
    double rate = MM1_CUSTOMERS / (seconds() - t0);
    *mean_s = sim_tally_mean(&m.time_in_system);
    sim_resource_fini(&m.server);
    sim_calendar_fini(&cal);
    free(m.pool);
    gsl_rng_free(m.arrivals_rng);
    gsl_rng_free(m.service_rng);
    return rate;
}

/* The same queue as a bare loop: the plain binary heap, a ring of arrival times, no
 * callbacks. payload NULL marks an arrival, anything else a departure. */
static double mm1_bare(double *mean_s)
{
    bare_heap h = {0};
    gsl_rng *arrivals_rng = sim_rng_create(NULL, 1, "arrivals", 0);
    gsl_rng *service_rng = sim_rng_create(NULL, 1, "service", 0);
    enum { RING = 1 << 16 };
    double *ring = malloc(RING * sizeof *ring);
    size_t head = 0, in_system = 0;
    uint64_t arrived = 0, departed = 0;
    double total = 0;
    int departure_mark = 0;
    double t0 = seconds();
    bare_push(&h, 0, NULL);
    while (h.n > 0) {
        bare_entry e = bare_pop(&h);
        if (e.payload == NULL) {
            ring[(head + in_system) % RING] = e.time;
            if (++in_system == 1)
                bare_push(&h, e.time + exp1(service_rng) / MM1_MU, &departure_mark);
            if (++arrived < MM1_CUSTOMERS)
                bare_push(&h, e.time + exp1(arrivals_rng) / MM1_LAMBDA, NULL);
        } else {
            total += e.time - ring[head];
            head = (head + 1) % RING;
            departed++;
            if (--in_system > 0)
                bare_push(&h, e.time + exp1(service_rng) / MM1_MU, &departure_mark);
        }
    }
    double rate = MM1_CUSTOMERS / (seconds() - t0);
    *mean_s = total / (double)departed;
    free(ring);
    free(h.a);
    gsl_rng_free(arrivals_rng);
    gsl_rng_free(service_rng);
    return rate;
}

static void bench_mm1(void)
{
    double best_engine = 0, best_bare = 0, mean_engine = 0, mean_bare = 0;
    for (int r = 0; r < REPEATS; r++) {
        double e = mm1_engine(&mean_engine);
        double b = mm1_bare(&mean_bare);
        if (e > best_engine)
            best_engine = e;
        if (b > best_bare)
            best_bare = b;
    }
    printf("{\"case\": \"mm1_resource\", \"clock\": \"thread_cpu\", \"customers\": %d, \"lambda\": %.1f, \"mu\": %.1f, "
           "\"customers_per_s\": %.0f, \"mean_time_in_system_s\": %.4f, "
           "\"expected_time_in_system_s\": %.4f, \"reference_customers_per_s\": %.0f, "
           "\"reference_mean_time_in_system_s\": %.4f, \"ratio_to_reference\": %.3f}\n",
           MM1_CUSTOMERS, MM1_LAMBDA, MM1_MU, best_engine, mean_engine,
           1 / (MM1_MU - MM1_LAMBDA), best_bare, mean_bare, best_engine / best_bare);
}

int main(void)
{
    sim_init();
    bench_hold(1000, 10000000);
    bench_hold(100000, 10000000);
    bench_hold(1000000, 10000000);
    bench_mm1();
    return 0;
}
