/* The recording stage: each region's office is a queue. Applicants arrive as a Poisson
 * process while the office is open, wait in one FIFO line, and are captured at one of the
 * office's stations (servers) for a time drawn from capture_time.
 *
 * Rules at closing time: nobody arrives while the office is closed, and a capture in
 * progress is always finished. People still in line are, by the scenario's at_closing,
 * either captured in overtime until the line is empty (finish_line, the default), or keep
 * their place and are captured from the next opening (carry_over: a wait can then span
 * nights and weekends).
 *
 * A capture needs an operator and a working kit: with `operators` set, a person first gets
 * an operator, then a station (kits break and are repaired when kit_time_to_failure and
 * kit_repair_time are given; a capture in progress when its kit breaks is finished). */
#ifndef MODELS_RECORDING_H
#define MODELS_RECORDING_H

#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "sim/calendar.h"
#include "sim/rng.h"
#include "sim/schedule.h"

/* What one office saw in one replication. Counts are over the whole horizon (the
 * invariant arrived = finished + waiting_end + in_service_end holds for them); the
 * measured_ fields and the observations cover only arrivals at or after the warm-up. */
typedef struct recording_result {
    uint64_t arrived;
    uint64_t finished;         /* captures completed */
    uint64_t waiting_end;      /* still in the line at the horizon */
    uint64_t in_service_end;   /* being captured at the horizon */
    uint64_t measured_arrived; /* arrivals after the warm-up */
    uint64_t measured_due;     /* of those, arrived at least SCENARIO_CARD_TARGET_S before the
                                  horizon: their one-hour outcome is known at the end */
    uint64_t measured_started; /* of those, captures started before the horizon */
    uint64_t measured_finished; /* captures completed after the warm-up (any arrival time) */
    double wait_sum_s;         /* their waits (arrival to start of capture), seconds */
    double busy_station_s;     /* capture time inside [warm-up end, horizon], seconds */
    double open_station_s;     /* stations x open seconds inside that window */
    double busy_operator_s, open_operator_s; /* the same for operators (= stations when
                                                operators are not limited) */
    double *waits_s;           /* always NULL now: the pipeline keeps the waits' histogram */
    size_t wait_count, wait_capacity;
} recording_result;

/* One office in a running replication. Internal layout; use the functions below. */
typedef struct recording_office recording_office;

/* Creates region `region_index`'s office on calendar `cal` and schedules its first events.
 * Its random streams ("recording.arrivals/CODE" and "recording.capture/CODE") come from
 * `streams`, so offices never share or shift each other's draws. Returns NULL on
 * allocation failure. The office keeps pointers to s, cal and streams: they must outlive it. */
recording_office *recording_office_create(const scenario *s, size_t region_index,
                                          sim_calendar *cal, sim_rng_streams *streams);

/* Copies the office's state at the current time into *out (out->waits_s is NULL; free
 * with recording_result_fini). Returns 0 or -1 on allocation failure. */
int recording_office_result(const recording_office *office, recording_result *out);

/* Called when a capture completes, with the applicant's arrival time and the capture's
 * start and end times (seconds). The pipeline takes the applicant on from there. */
typedef void (*recording_hook_fn)(void *ctx, double arrival_s, double start_s, double end_s);
void recording_office_set_hook(recording_office *office, recording_hook_fn fn, void *ctx);

/* Records a person again (an enrol failure): they join the same line (an operator, then a
 * station) and, when captured, fn(ctx, tag, end_s) runs instead of the hook. They are not
 * counted in arrived/finished but are in the office (in_stage) until captured. */
typedef void (*recording_again_fn)(void *ctx, void *tag, double end_s);
void recording_office_set_again_hook(recording_office *office, recording_again_fn fn, void *ctx);
int recording_office_record_again(recording_office *office, void *tag);

/* Counts so far: arrivals, completed captures, and people in line or in capture now. */
void recording_office_progress(const recording_office *office, uint64_t *arrived,
                               uint64_t *recorded, uint64_t *in_stage);

/* Power cuts: captures pause during the timeline's outages (borrowed; NULL = none). */
struct outage_timeline;
void recording_office_set_power(recording_office *office, struct outage_timeline *power);

void recording_office_destroy(recording_office *office);

/* Initialises *hours as the office's week from the scenario's start date, holidays included
 * (a 24/7 office ignores holidays); the printers keep the same hours. Returns 0, or -1 when
 * the schedule cannot be built (the caller still calls sim_schedule_fini). */
int recording_build_hours(const scenario *s, const scenario_recording *config,
                          sim_schedule *hours);

void recording_result_fini(recording_result *result);

#endif
