/* Replications on worker threads: each thread takes the next replication number, builds
 * its own calendar, streams and offices, runs to the horizon and stores the result in that
 * replication's slot. The reduction then reads the slots in order. */
#include "models/run.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/recording.h"
#include "sim/calendar.h"
#include "sim/rng.h"

typedef struct replication_slot {
    recording_result *regions; /* one per region */
    int status;                /* 0, or -1 when the replication failed */
} replication_slot;

typedef struct run_job {
    const scenario *s;
    run_options options;
    replication_slot *slots;
    pthread_mutex_t lock;
    int next_replication;
} run_job;

run_options run_options_from(const scenario *s)
{
    run_options options = {s->replications, s->seed, 1};
    return options;
}

static int run_replication(const scenario *s, uint64_t seed, int replication,
                           replication_slot *slot)
{
    sim_calendar cal;
    sim_rng_streams streams;
    sim_calendar_init(&cal);
    sim_rng_streams_init(&streams, NULL, seed, (uint64_t)replication);
    recording_office **offices = calloc(s->region_count, sizeof *offices);
    slot->regions = calloc(s->region_count, sizeof *slot->regions);
    int status = offices != NULL && slot->regions != NULL ? 0 : -1;
    for (size_t i = 0; status == 0 && i < s->region_count; i++) {
        offices[i] = recording_office_create(s, i, &cal, &streams);
        if (offices[i] == NULL)
            status = -1;
    }
    if (status == 0 && sim_calendar_run_until(&cal, s->horizon_days * 86400.0) != SIM_OK)
        status = -1;
    for (size_t i = 0; status == 0 && i < s->region_count; i++)
        status = recording_office_result(offices[i], &slot->regions[i]);
    for (size_t i = 0; offices != NULL && i < s->region_count; i++)
        recording_office_destroy(offices[i]);
    free(offices);
    sim_calendar_fini(&cal);
    sim_rng_streams_fini(&streams);
    return status;
}

static void *worker(void *arg)
{
    run_job *job = arg;
    for (;;) {
        pthread_mutex_lock(&job->lock);
        int replication = job->next_replication++;
        pthread_mutex_unlock(&job->lock);
        if (replication >= job->options.replications)
            return NULL;
        replication_slot *slot = &job->slots[replication];
        slot->status = run_replication(job->s, job->options.seed, replication, slot);
    }
}

static int run_all(run_job *job, char *why, size_t why_size)
{
    int threads = job->options.threads;
    if (threads > job->options.replications)
        threads = job->options.replications;
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    if (ids == NULL) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    int started = 0;
    if (threads == 1) {
        worker(job); /* no thread needed: same code path, same results */
    } else {
        while (started < threads && pthread_create(&ids[started], NULL, worker, job) == 0)
            started++;
        if (started == 0)
            worker(job);
        for (int t = 0; t < started; t++)
            pthread_join(ids[t], NULL);
    }
    free(ids);
    for (int r = 0; r < job->options.replications; r++) {
        if (job->slots[r].status != 0) {
            snprintf(why, why_size, "replication %d failed: out of memory", r);
            return -1;
        }
    }
    return 0;
}

/* arrived = finished + waiting + in service, for every replication and region. */
static void check_invariants(const run_job *job, summary *out)
{
    out->invariants_ok = 1;
    out->invariant_message[0] = '\0';
    for (int r = 0; r < job->options.replications; r++) {
        for (size_t i = 0; i < job->s->region_count; i++) {
            const recording_result *x = &job->slots[r].regions[i];
            if (x->arrived == x->finished + x->waiting_end + x->in_service_end)
                continue;
            out->invariants_ok = 0;
            snprintf(out->invariant_message, sizeof out->invariant_message,
                     "replication %d, region %s: applicants arrived (%llu) != recorded (%llu) "
                     "+ waiting (%llu) + in capture (%llu)", r, job->s->regions[i].code,
                     (unsigned long long)x->arrived, (unsigned long long)x->finished,
                     (unsigned long long)x->waiting_end, (unsigned long long)x->in_service_end);
            return;
        }
    }
}

enum { M_ARRIVED, M_RECORDED, M_WAIT, M_UTILISATION, M_WAITING_END, M_COUNT };

/* Per-replication values of each metric (regions added up), and the pooled waits. */
static int reduce(const run_job *job, summary *out)
{
    int reps = job->options.replications;
    double *values = calloc((size_t)reps * M_COUNT, sizeof *values);
    size_t pooled_count = 0;
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < job->s->region_count; i++)
            pooled_count += job->slots[r].regions[i].wait_count;
    double *pooled = malloc((pooled_count ? pooled_count : 1) * sizeof *pooled);
    if (values == NULL || pooled == NULL) {
        free(values);
        free(pooled);
        return -1;
    }
    size_t used = 0;
    for (int r = 0; r < reps; r++) {
        double arrived = 0, recorded = 0, started = 0, wait_sum = 0, busy = 0, open = 0, end = 0;
        for (size_t i = 0; i < job->s->region_count; i++) {
            const recording_result *x = &job->slots[r].regions[i];
            arrived += (double)x->measured_arrived;
            recorded += (double)x->measured_finished;
            started += (double)x->measured_started;
            wait_sum += x->wait_sum_s;
            busy += x->busy_station_s;
            open += x->open_station_s;
            end += (double)x->waiting_end;
            if (x->wait_count > 0)
                memcpy(pooled + used, x->waits_s, x->wait_count * sizeof *pooled);
            used += x->wait_count;
        }
        values[M_ARRIVED * reps + r] = arrived;
        values[M_RECORDED * reps + r] = recorded;
        values[M_WAIT * reps + r] = started > 0 ? wait_sum / started : NAN;
        values[M_UTILISATION * reps + r] = open > 0 ? busy / open : NAN;
        values[M_WAITING_END * reps + r] = end;
    }
    static const char *const names[M_COUNT] = {"applicants_arrived", "recorded",
        "recording_wait_s", "recording_utilisation", "recording_waiting_end"};
    int status = 0;
    for (int m = 0; m < M_COUNT && status == 0; m++)
        status = summary_add_metric(out, names[m], values + (size_t)m * reps, (size_t)reps,
                                    m == M_WAIT ? pooled : NULL, m == M_WAIT ? used : 0);
    free(values);
    free(pooled);
    return status;
}

int run_scenario(const scenario *s, const run_options *options, summary *out, char *why,
                 size_t why_size)
{
    memset(out, 0, sizeof *out);
    snprintf(out->scenario_name, sizeof out->scenario_name, "%s", s->name);
    out->seed = options->seed;
    out->replications = options->replications;
    out->horizon_days = s->horizon_days;
    out->warmup_days = s->warmup_days;
    if (options->replications < 1 || options->threads < 1) {
        snprintf(why, why_size, "replications and threads must be at least 1");
        return -1;
    }
    run_job job = {.s = s, .options = *options, .next_replication = 0};
    job.slots = calloc((size_t)options->replications, sizeof *job.slots);
    if (job.slots == NULL || pthread_mutex_init(&job.lock, NULL) != 0) {
        free(job.slots);
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    int status = run_all(&job, why, why_size);
    if (status == 0) {
        check_invariants(&job, out);
        if (reduce(&job, out) != 0) {
            snprintf(why, why_size, "out of memory");
            status = -1;
        }
    }
    for (int r = 0; r < options->replications; r++) {
        for (size_t i = 0; job.slots[r].regions != NULL && i < s->region_count; i++)
            recording_result_fini(&job.slots[r].regions[i]);
        free(job.slots[r].regions);
    }
    free(job.slots);
    pthread_mutex_destroy(&job.lock);
    return status;
}
