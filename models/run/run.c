/* Replications on worker threads: each thread takes the next replication number, builds
 * its own calendar, streams and pipeline, runs to the horizon and stores the result in that
 * replication's slot. Checking invariants and reducing then read the slots in order
 * (models/run/run_reduce.c), so output does not depend on the number of threads. */
#include "models/run/run.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/run/run_slots.h"
#include "sim/calendar.h"
#include "sim/rng.h"

typedef struct run_job {
    const scenario *s;
    run_options options;
    replication_slot *slots;
    char (*why)[256]; /* per replication: why it failed */
    pthread_mutex_t lock;
    int next_replication;
} run_job;

run_options run_options_from(const scenario *s)
{
    run_options options = {s->replications, s->seed, 1, NULL, NULL, NULL};
    return options;
}

/* Moves a finished pipeline's results into the slot (histograms and daily rows change
 * owner, so destroying the pipeline leaves them alone). */
static int take_results(pipeline *p, replication_slot *slot)
{
    size_t n = p->region_count;
    slot->recording = calloc(n, sizeof *slot->recording);
    slot->totals = calloc(n, sizeof *slot->totals);
    slot->balance = calloc(n, sizeof *slot->balance);
    slot->daily = calloc(n, sizeof *slot->daily);
    if (!slot->recording || !slot->totals || !slot->balance || !slot->daily)
        return -1;
    slot->abis_utilisation = p->abis->ops->utilisation(p->abis);
    abis_embedded_stats_of(p->abis, &slot->embedded);
    slot->pool_bytes = pipeline_pool_bytes(p);
    slot->peak_in_flight = p->peak_live;
    slot->calendar_bytes = sim_calendar_memory_bytes(p->cal);
    int status = 0;
    for (size_t i = 0; i < n; i++) {
        pipeline_region *r = &p->regions[i];
        status |= recording_office_result(r->office, &slot->recording[i]);
        slot->totals[i] = r->totals;
        memset(&r->totals.ttc, 0, sizeof r->totals.ttc);
        memset(&r->totals.in_hand, 0, sizeof r->totals.in_hand);
        memset(&r->totals.rec_wait, 0, sizeof r->totals.rec_wait);
        slot->daily[i] = r->daily;
        r->daily = NULL;
        pipeline_balance_of(p, i, &slot->balance[i]);
    }
    if (p->supply != NULL) {
        slot->has_supply = 1;
        status |= supply_finish(p->supply, &slot->supply);
    }
    return status;
}

/* Runs day by day so progress can be reported; running to the horizon in one call gives
 * the same events in the same order. */
static int run_days(const scenario *s, const run_options *options, sim_calendar *cal,
                    char *why, size_t why_size)
{
    for (int day = 1; day <= s->horizon_days; day++) {
        int rc = sim_calendar_run_until(cal, day * SIM_DAY_S);
        if (rc != SIM_OK) {
            char detail[240];
            if (rc == SIM_ESTALL)
                sim_calendar_stall_message(cal, detail, sizeof detail);
            else
                snprintf(detail, sizeof detail, "day %d", day);
            snprintf(why, why_size, "%s: %s", sim_strerror(rc), detail);
            return -1;
        }
        if (options->on_progress)
            options->on_progress(options->progress_ctx, 0, 1.0);
    }
    return 0;
}

int run_registry_temp_path(const char *dir, int replication, char *out, size_t size)
{
    int n = snprintf(out, size, "%s/registry-rep%d.sqlite.tmp", dir, replication);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* DIR/registry-repN.sqlite, and the temporary name it is written under. */
static int registry_paths(const run_options *options, int replication, char *final,
                          char *temp, size_t size)
{
    int n = snprintf(final, size, "%s/registry-rep%d.sqlite", options->registry_dir,
                     replication);
    if (n < 0 || (size_t)n >= size)
        return -1;
    return run_registry_temp_path(options->registry_dir, replication, temp, size);
}

/* The embedded run's registry file, opened before the first event and kept only when the
 * whole replication succeeded (written under a temporary name, renamed at the end). */
static int registry_open(const scenario *s, const run_options *options, int replication,
                         pipeline *p, char *why, size_t why_size)
{
    char final[4200], temp[4200];
    if (options->registry_dir == NULL || !s->abis.embedded)
        return 0;
    if (registry_paths(options, replication, final, temp, sizeof final) != 0) {
        snprintf(why, why_size, "registry: the output folder's name is too long");
        return -1;
    }
    return abis_embedded_registry_open(p->abis, s, temp, why, why_size);
}

static int registry_close(const scenario *s, const run_options *options, int replication,
                          pipeline *p, int keep, char *why, size_t why_size)
{
    char final[4200], temp[4200];
    if (options->registry_dir == NULL || !s->abis.embedded || p == NULL ||
        registry_paths(options, replication, final, temp, sizeof final) != 0)
        return 0;
    return abis_embedded_registry_close(p->abis, final, keep, why, why_size);
}

static int replicate(const scenario *s, const run_options *options, int replication,
                     replication_slot *slot, char *why, size_t why_size)
{
    sim_calendar cal;
    sim_rng_streams streams;
    sim_calendar_init(&cal);
    sim_rng_streams_init(&streams, NULL, options->seed, (uint64_t)replication);
    slot->region_count = s->region_count;
    snprintf(why, why_size, "out of memory");
    pipeline *p = pipeline_create(s, &cal, &streams);
    int status = p != NULL ? 0 : -1;
    if (status == 0)
        status = registry_open(s, options, replication, p, why, why_size);
    if (status == 0)
        status = run_days(s, options, &cal, why, why_size);
    if (status == 0 && (status = pipeline_finish(p)) != 0)
        snprintf(why, why_size, "%.200s", p->failure[0] ? p->failure : "a step of the model failed");
    /* closed even after a failure: a registry write error is the reason to report */
    if (registry_close(s, options, replication, p, status == 0, why, why_size) != 0)
        status = -1;
    if (status == 0)
        status = take_results(p, slot);
    pipeline_destroy(p);
    sim_calendar_fini(&cal);
    sim_rng_streams_fini(&streams);
    return status;
}

int run_replication_into(const scenario *s, const run_options *options, int replication,
                         replication_slot *slot)
{
    char why[256];
    return replicate(s, options, replication, slot, why, sizeof why);
}

void replication_slot_fini(replication_slot *slot)
{
    for (size_t i = 0; i < slot->region_count; i++) {
        if (slot->recording)
            recording_result_fini(&slot->recording[i]);
        if (slot->totals) {
            pipeline_hist_fini(&slot->totals[i].ttc);
            pipeline_hist_fini(&slot->totals[i].in_hand);
            pipeline_hist_fini(&slot->totals[i].rec_wait);
        }
        if (slot->daily)
            free(slot->daily[i]);
    }
    free(slot->recording);
    free(slot->totals);
    free(slot->balance);
    free(slot->daily);
    free(slot->supply.daily);
    free(slot->supply.region_in_transit);
    memset(slot, 0, sizeof *slot);
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
        slot->status = replicate(job->s, &job->options, replication, slot, job->why[replication],
                                 sizeof job->why[replication]);
        if (job->options.on_progress)
            job->options.on_progress(job->options.progress_ctx, 1, 0.0);
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
            snprintf(why, why_size, "replication %d failed: %s", r, job->why[r]);
            return -1;
        }
    }
    return 0;
}

/* Bytes one replication keeps until all are reduced, per the structures it fills: three
 * histograms and the daily rows per region (the daily rows once more in the summary, since
 * daily.csv has a row per replication), the supply chain's daily rows, and the fixed parts.
 * Measured: the default scenario grows by 21 KB a replication; this estimate says 21.4 KB. */
static double retained_bytes(const scenario *s)
{
    double bins = 120 + 88 + (s->horizon_days > 1 ? s->horizon_days - 1 : 0) + 1;
    double per_region = 3 * bins * (sizeof(uint64_t) + sizeof(double)) +
                        (double)s->horizon_days * (DAILY_COLUMNS + SUMMARY_DAILY_COLUMNS) *
                            sizeof(double) +
                        sizeof(recording_result) + sizeof(pipeline_totals) +
                        sizeof(pipeline_balance) + 2 * sizeof(double *);
    double supply = s->supply != NULL
                        ? (double)s->horizon_days * SUPPLY_DAILY_COLUMNS * sizeof(double) +
                              (double)s->region_count * sizeof(double)
                        : 0;
    return (double)s->region_count * per_region + supply + sizeof(replication_slot) +
           sizeof(((run_job *)0)->why[0]);
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
    double per_replication = retained_bytes(s);
    if (per_replication * options->replications > RUN_MAX_RETAINED_BYTES) {
        snprintf(why, why_size, "%d replications would keep about %.0f MiB of results in memory"
                 " until they are reduced (at most %.0f MiB); use at most %.0f replications",
                 options->replications, per_replication * options->replications / 1048576.0,
                 RUN_MAX_RETAINED_BYTES / 1048576.0,
                 floor(RUN_MAX_RETAINED_BYTES / per_replication));
        return -1;
    }
    run_job job = {.s = s, .options = *options, .next_replication = 0};
    job.slots = calloc((size_t)options->replications, sizeof *job.slots);
    job.why = calloc((size_t)options->replications, sizeof *job.why);
    if (job.slots == NULL || job.why == NULL || pthread_mutex_init(&job.lock, NULL) != 0) {
        free(job.slots);
        free(job.why);
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    int status = run_all(&job, why, why_size);
    if (status == 0) {
        run_check_invariants(s, job.slots, options->replications, out);
        for (int r = 0; r < options->replications; r++) {
            out->core_wall_s += job.slots[r].embedded.core_wall_s;
            out->core_search_wall_s += job.slots[r].embedded.search_wall_s;
            out->core_comparisons += (double)job.slots[r].embedded.comparisons;
        }
        if (run_reduce(s, job.slots, options->replications, out) != 0) {
            snprintf(why, why_size, "out of memory");
            status = -1;
        }
    }
    for (int r = 0; r < options->replications; r++)
        replication_slot_fini(&job.slots[r]);
    free(job.slots);
    free(job.why);
    pthread_mutex_destroy(&job.lock);
    return status;
}
