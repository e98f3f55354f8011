/* The recording stage on the engine: the office's stations are a sim_resource, its hours a
 * sim_schedule. Arrivals are Poisson while open, drawn as exponential gaps of open time and
 * mapped to the clock (exact, because the exponential is memoryless). Applicants come from a
 * pool owned by the office. */
#include "models/card/recording.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "models/card/outage.h"
#include "sim/resource.h"
#include "sim/schedule.h"
#include "sim/stats.h"

#define POOL_BLOCK 256

typedef struct recording_applicant recording_applicant;
struct recording_applicant {
    recording_office *office;
    double arrival_s, start_s;
    recording_applicant *next_free;
    void *tag;                   /* recorded again: the pipeline's applicant */
};

typedef struct applicant_block {
    struct applicant_block *next;
    recording_applicant items[POOL_BLOCK];
} applicant_block;

struct recording_office {
    const scenario_recording *config;
    sim_calendar *cal;
    sim_schedule hours;
    sim_resource stations;
    gsl_rng *arrival_rng, *capture_rng;
    double mean_gap_open_s;      /* mean open seconds between arrivals */
    double measure_from_s, horizon_s;
    applicant_block *blocks;
    recording_applicant *free_list;
    recording_result result;
    int failed;                  /* an allocation or scheduling error inside an event */
    char label[64];              /* names the kits in engine errors (a stall) */
    recording_hook_fn hook;
    void *hook_ctx;
    recording_again_fn again;
    void *again_ctx;
    sim_resource operators;
    int has_operators;
    uint64_t in_office, in_capture;
    gsl_rng *kit_rng, *thinning_rng; /* thinning: only when some day's factor is not 1 */
    double max_factor;
    int64_t start_day;
    struct outage_timeline *power;
};

static recording_applicant *applicant_get(recording_office *o)
{
    if (o->free_list == NULL) {
        applicant_block *block = malloc(sizeof *block);
        if (block == NULL)
            return NULL;
        block->next = o->blocks;
        o->blocks = block;
        for (int i = 0; i < POOL_BLOCK; i++) {
            block->items[i].next_free = o->free_list;
            o->free_list = &block->items[i];
        }
    }
    recording_applicant *a = o->free_list;
    o->free_list = a->next_free;
    a->office = o;
    return a;
}

static void applicant_put(recording_office *o, recording_applicant *a)
{
    a->next_free = o->free_list;
    o->free_list = a;
}

/* The clock time at which `open_s` seconds of opening time have passed since t, or
 * INFINITY when that is at or beyond the horizon. */
static double advance_open_time(const recording_office *o, double t, double open_s)
{
    while (t < o->horizon_s) {
        t = sim_schedule_next_open(&o->hours, t);
        double close = sim_schedule_next_close(&o->hours, t);
        if (!isfinite(t))
            return INFINITY;
        if (open_s < close - t)
            return t + open_s;
        open_s -= close - t;
        t = close;
    }
    return INFINITY;
}

static void on_captured(sim_calendar *cal, void *ctx)
{
    recording_applicant *a = ctx;
    recording_office *o = a->office;
    double now = sim_calendar_now(cal);
    double arrival_s = a->arrival_s, start_s = a->start_s;
    void *tag = a->tag;
    applicant_put(o, a);
    o->in_office--;
    o->in_capture--;
    if (sim_resource_release(&o->stations) != SIM_OK ||
        (o->has_operators && sim_resource_release(&o->operators) != SIM_OK))
        o->failed = 1;
    if (tag != NULL) {
        if (o->again != NULL)
            o->again(o->again_ctx, tag, now);
        return;
    }
    o->result.finished++;
    if (now >= o->measure_from_s)
        o->result.measured_finished++;
    if (o->hook != NULL)
        o->hook(o->hook_ctx, arrival_s, start_s, now);
}

/* A station is free for this applicant: record the wait, draw the capture time. */
static void on_station(sim_resource *r, void *ctx)
{
    recording_applicant *a = ctx;
    recording_office *o = a->office;
    (void)r;
    double now = sim_calendar_now(o->cal);
    o->in_capture++;
    if (a->tag == NULL && a->arrival_s >= o->measure_from_s) {
        double wait_s = now - a->arrival_s;
        o->result.measured_started++;
        o->result.wait_sum_s += wait_s; /* the pipeline keeps their distribution */
    }
    a->start_s = now;
    double capture_s = sim_dist_sample(&o->config->capture_time, o->capture_rng);
    double end = o->power ? outage_advance(o->power, now, capture_s) : now + capture_s;
    if (!isfinite(end) || sim_calendar_schedule(o->cal, end, on_captured, a, NULL) != SIM_OK)
        o->failed = 1;
}

static void on_arrival(sim_calendar *cal, void *ctx);

static void on_operator(sim_resource *r, void *ctx)
{
    (void)r;
    recording_applicant *a = ctx;
    if (sim_resource_request(&a->office->stations, a, on_station) != SIM_OK)
        a->office->failed = 1;
}

/* Into the line: an operator first when operators are limited, then a station. */
static int seat(recording_office *o, recording_applicant *a)
{
    o->in_office++;
    if (o->has_operators)
        return sim_resource_request(&o->operators, a, on_operator) == SIM_OK ? 0 : -1;
    return sim_resource_request(&o->stations, a, on_station) == SIM_OK ? 0 : -1;
}

/* The next arrival: an exponential gap of open time after now. */
static void schedule_arrival(recording_office *o)
{
    double gap = gsl_ran_exponential(o->arrival_rng, o->mean_gap_open_s);
    double at = advance_open_time(o, sim_calendar_now(o->cal), gap);
    if (at < o->horizon_s && sim_calendar_schedule(o->cal, at, on_arrival, o, NULL) != SIM_OK)
        o->failed = 1;
}

/* Thinning: a candidate arrival is kept with probability factor(day, hour) / max_factor. */
static int keep_arrival(recording_office *o, double now)
{
    if (o->thinning_rng == NULL)
        return 1;
    double days = floor(now / SIM_DAY_S);
    int64_t day = o->start_day + (int64_t)days;
    int hour = (int)floor((now - days * SIM_DAY_S) / 3600.0);
    double factor = scenario_arrivals_factor(&o->config->arrivals, day, hour);
    return gsl_rng_uniform(o->thinning_rng) * o->max_factor < factor;
}

static void on_arrival(sim_calendar *cal, void *ctx)
{
    recording_office *o = ctx;
    double now = sim_calendar_now(cal);
    if (!keep_arrival(o, now)) {
        schedule_arrival(o);
        return;
    }
    recording_applicant *a = applicant_get(o);
    if (a == NULL) {
        o->failed = 1;
        return;
    }
    a->arrival_s = now;
    a->tag = NULL;
    o->result.arrived++;
    if (now >= o->measure_from_s) {
        o->result.measured_arrived++;
        o->result.measured_due += now <= o->horizon_s - SCENARIO_CARD_TARGET_S;
    }
    if (seat(o, a) != 0)
        o->failed = 1;
    schedule_arrival(o);
}

static void on_warmup_end(sim_calendar *cal, void *ctx)
{
    (void)cal;
    recording_office *o = ctx;
    sim_resource_reset_stats(&o->stations);
    if (o->has_operators)
        sim_resource_reset_stats(&o->operators);
}

int recording_build_hours(const scenario *s, const scenario_recording *config,
                          sim_schedule *hours)
{
    const scenario_date *start = &s->start_date;
    if (sim_schedule_init(hours, start->year, start->month, start->day) != SIM_OK)
        return -1;
    const scenario_opening_hours *opening = &config->opening_hours;
    if (opening->always_open)
        return sim_schedule_set_always_open(hours) == SIM_OK ? 0 : -1;
    for (int day = 0; day < 7; day++)
        if ((opening->day_mask & (1u << day)) &&
            sim_schedule_add_interval(hours, (sim_weekday)day, opening->open_s,
                                      opening->close_s) != SIM_OK)
            return -1;
    for (size_t i = 0; i < config->holiday_count; i++) {
        const scenario_date *h = &config->holidays[i];
        if (sim_schedule_add_holiday(hours, h->year, h->month, h->day) != SIM_OK)
            return -1;
    }
    return 0;
}

/* "recording.arrivals/21.72": one stream per purpose and region. */
static gsl_rng *stream(sim_rng_streams *streams, const char *purpose, const char *code)
{
    char name[64];
    snprintf(name, sizeof name, "recording.%s/%s", purpose, code);
    return sim_rng_streams_get(streams, name);
}

static int start_office(recording_office *o, const scenario *s)
{
    if (recording_build_hours(s, o->config, &o->hours) != 0 ||
        sim_resource_init(&o->stations, o->cal, o->config->stations) != SIM_OK)
        return -1;
    sim_resource_set_label(&o->stations, o->label);
    /* finish_line: nobody arrives while closed, so a resource that ignores the hours serves
     * exactly the people who queued while open, in overtime. carry_over: it follows them. */
    if (o->config->at_closing == SCENARIO_CARRY_OVER &&
        sim_resource_follow_schedule(&o->stations, &o->hours) != SIM_OK)
        return -1;
    o->has_operators = o->config->operators > 0;
    if (o->has_operators &&
        (sim_resource_init(&o->operators, o->cal, o->config->operators) != SIM_OK ||
         (o->config->at_closing == SCENARIO_CARRY_OVER &&
          sim_resource_follow_schedule(&o->operators, &o->hours) != SIM_OK)))
        return -1;
    if (o->config->has_kit_failures &&
        (o->kit_rng == NULL ||
         sim_resource_set_breakdowns(&o->stations, &o->config->kit_time_to_failure,
                                     &o->config->kit_repair_time, o->kit_rng) != SIM_OK))
        return -1;
    o->result.open_station_s =
        sim_schedule_open_seconds(&o->hours, o->measure_from_s, o->horizon_s) *
        o->config->stations;
    if (o->measure_from_s > 0 &&
        sim_calendar_schedule(o->cal, o->measure_from_s, on_warmup_end, o, NULL) != SIM_OK)
        return -1;
    schedule_arrival(o);
    return o->failed ? -1 : 0;
}

recording_office *recording_office_create(const scenario *s, size_t region_index,
                                          sim_calendar *cal, sim_rng_streams *streams)
{
    const scenario_region *region = &s->regions[region_index];
    recording_office *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    o->config = &region->recording;
    o->cal = cal;
    snprintf(o->label, sizeof o->label, "the recording kits of region %s", region->code);
    o->horizon_s = s->horizon_days * SIM_DAY_S;
    o->measure_from_s = s->warmup_days * SIM_DAY_S;
    o->start_day = s->start_date.days_since_epoch;
    o->max_factor = scenario_arrivals_max_factor(&o->config->arrivals);
    int thinning = 0;
    for (int day = 0; day < 7; day++)
        thinning |= o->config->arrivals.weekday_factor[day] != 1;
    for (int hour = 0; hour < 24; hour++)
        thinning |= o->config->arrivals.hour_factor[hour] != 1;
    thinning |= o->config->arrivals.campaign_count > 0;
    o->mean_gap_open_s = 1.0 / (scenario_arrival_rate_per_s(o->config) *
                                (thinning && o->max_factor > 0 ? o->max_factor : 1));
    if (thinning)
        o->thinning_rng = stream(streams, "thinning", region->code);
    o->arrival_rng = stream(streams, "arrivals", region->code);
    o->capture_rng = stream(streams, "capture", region->code);
    if (o->config->has_kit_failures)
        o->kit_rng = stream(streams, "kit", region->code);
    if (o->arrival_rng == NULL || o->capture_rng == NULL ||
        (o->max_factor != 1 && o->thinning_rng == NULL && thinning) || start_office(o, s) != 0) {
        recording_office_destroy(o);
        return NULL;
    }
    return o;
}

int recording_office_result(const recording_office *o, recording_result *out)
{
    *out = o->result;
    out->waiting_end = o->in_office - o->in_capture; /* people recorded again included */
    out->in_service_end = o->in_capture;
    out->busy_station_s = sim_resource_mean_busy(&o->stations) *
                          (sim_calendar_now(o->cal) - o->measure_from_s);
    out->busy_operator_s = out->busy_station_s;
    out->open_operator_s = out->open_station_s;
    if (o->has_operators) {
        out->busy_operator_s = sim_resource_mean_busy(&o->operators) *
                               (sim_calendar_now(o->cal) - o->measure_from_s);
        out->open_operator_s = out->open_station_s / o->config->stations * o->config->operators;
    }
    out->waits_s = NULL;
    out->wait_count = out->wait_capacity = 0; /* the pipeline keeps the distribution */
    if (o->failed || sim_resource_error(&o->stations) != SIM_OK ||
        (o->has_operators && sim_resource_error(&o->operators) != SIM_OK))
        return -1;
    return 0;
}

void recording_office_set_hook(recording_office *o, recording_hook_fn fn, void *ctx)
{
    o->hook = fn;
    o->hook_ctx = ctx;
}

void recording_office_set_power(recording_office *o, struct outage_timeline *power)
{
    o->power = power;
}

void recording_office_set_again_hook(recording_office *o, recording_again_fn fn, void *ctx)
{
    o->again = fn;
    o->again_ctx = ctx;
}

int recording_office_record_again(recording_office *o, void *tag)
{
    recording_applicant *a = applicant_get(o);
    if (a == NULL)
        return -1;
    a->arrival_s = sim_calendar_now(o->cal);
    a->tag = tag;
    return seat(o, a);
}

void recording_office_progress(const recording_office *o, uint64_t *arrived,
                               uint64_t *recorded, uint64_t *in_stage)
{
    *arrived = o->result.arrived;
    *recorded = o->result.finished;
    *in_stage = o->in_office;
}

void recording_office_destroy(recording_office *o)
{
    if (o == NULL)
        return;
    sim_resource_fini(&o->stations);
    sim_resource_fini(&o->operators);
    sim_schedule_fini(&o->hours);
    while (o->blocks != NULL) {
        applicant_block *next = o->blocks->next;
        free(o->blocks);
        o->blocks = next;
    }
    free(o);
}

void recording_result_fini(recording_result *result)
{
    free(result->waits_s);
    memset(result, 0, sizeof *result);
}
