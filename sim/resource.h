/* A pool of identical servers with one FIFO waiting line: recording stations, operators,
 * printers. Capacity can follow a weekly schedule (sim/schedule.h) and servers can break
 * down and be repaired (times from sim/dist.h). Work is handed over through callbacks:
 *
 *   request/release: the caller holds a server from on_start until it calls release
 *                    (it decides the service time, e.g. by scheduling an event);
 *   serve:           the resource runs a service of given length itself and calls on_done;
 *                    only such services can be interrupted (see sim_resource_rule).
 *
 * Callbacks may run inside request/release/serve (when a server is free at once) or from
 * calendar events; they may call request/release/serve again. Times are seconds
 * of the calendar the resource was given.
 * Thread safety: a resource belongs to its calendar's thread. */
#ifndef SIM_RESOURCE_H
#define SIM_RESOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "sim/calendar.h"
#include "sim/dist.h"
#include "sim/schedule.h"
#include "sim/stats.h"
#include "sim/status.h"

typedef struct sim_resource sim_resource;

/* on_start (request) or on_done (serve): ctx is what the caller passed in. */
typedef void (*sim_resource_fn)(sim_resource *r, void *ctx);

/* What happens to service in progress when capacity drops below the busy count (closing
 * time, or a breakdown of a busy server):
 *   SIM_RULE_FINISH     it is finished (overtime after closing; after a breakdown the repair
 *                       starts at once and the job completes on borrowed time). Default.
 *   SIM_RULE_INTERRUPT  serve() jobs are suspended, most remaining work first, and put at
 *                       the head of the line with their remaining time; they resume when a
 *                       server is available. request() holds cannot be taken away and
 *                       finish as under SIM_RULE_FINISH. */
typedef enum sim_resource_rule { SIM_RULE_FINISH, SIM_RULE_INTERRUPT } sim_resource_rule;

/* Internal layout; read through the functions below. */
typedef struct sim__res_waiter {
    sim_resource_fn fn;
    void *ctx;
    double since;      /* time of the request (s) */
    double remaining;  /* serve: service still to do (s); request: unused */
    int serve;         /* 1 for serve(), 0 for request() */
    int resumed;       /* an interrupted serve job: its wait was already counted */
} sim__res_waiter;

typedef struct sim__res_job {
    sim_resource *r;
    sim_resource_fn on_done;
    void *ctx;
    double end;
    sim_event event;
    int active;
} sim__res_job;

typedef struct sim__res_unit {
    sim_resource *r;
    sim_event event;
    int broken;
} sim__res_unit;

struct sim_resource {
    sim_calendar *cal;
    int servers, busy, down, open, allowed; /* allowed = open ? servers - down : 0 */
    sim__res_waiter *line;                  /* ring buffer */
    size_t head, waiting, line_capacity, line_limit;
    int dispatching;
    int error;                              /* first error inside an event, or SIM_OK */
    sim_resource_rule rule;
    sim__res_job *jobs;                     /* servers of them */
    int *free_jobs, free_job_count;
    const sim_schedule *schedule;
    sim_event schedule_event;
    sim__res_unit *units;                   /* servers of them, when breakdowns are on */
    const sim_dist *time_to_failure, *repair_time;
    gsl_rng *rng;
    sim_tally wait;                         /* request to start, seconds */
    sim_level queue_level, busy_level, capacity_level, up_level, open_level;
    uint64_t requests, starts, releases, blocked, interruptions, failures;
    const char *label;                      /* sim_resource_set_label; borrowed */
};

/* Names the resource in engine errors (a stall: "breakdowns of LABEL"); label is borrowed
 * and must outlive the resource. Default "a resource". */
void sim_resource_set_label(sim_resource *r, const char *label);

/* Prepares a pool of `servers` (>= 1) servers, open, all up, nobody waiting, unlimited
 * line, rule SIM_RULE_FINISH, statistics starting at the calendar's current time.
 * The calendar is borrowed and must outlive the resource. Returns SIM_OK, SIM_EINVAL or
 * SIM_ENOMEM. */
int sim_resource_init(sim_resource *r, sim_calendar *cal, int servers);

/* Frees the resource's memory and cancels its pending events (service completions,
 * schedule changes, failures and repairs). Waiting and in-service contexts are the
 * caller's and are not touched. Safe on a zeroed struct. Call it while the calendar is
 * still initialised (or after sim_calendar_fini, which leaves nothing to cancel), never
 * after the calendar's memory is gone. */
void sim_resource_fini(sim_resource *r);

/* Limits the waiting line to `limit` entries (M/M/c/K has limit K - c); requests that find
 * it full are turned away with SIM_EFULL. SIZE_MAX means unlimited (the default). */
void sim_resource_set_line_limit(sim_resource *r, size_t limit);

/* Chooses what happens to service in progress when capacity drops. */
void sim_resource_set_rule(sim_resource *r, sim_resource_rule rule);

/* Makes capacity follow `schedule`: all servers when it is open, none when closed. No
 * service starts while closed. The schedule is borrowed and must outlive the resource.
 * Call once, before or during the run. Returns SIM_OK or SIM_ENOMEM. */
int sim_resource_follow_schedule(sim_resource *r, const sim_schedule *schedule);

/* Turns on breakdowns: each server independently works for a time drawn from
 * time_to_failure, then is down for a time drawn from repair_time, and so on. The failure
 * clock runs in calendar time, open or not, busy or idle. Availability is therefore
 * E[ttf] / (E[ttf] + E[repair]). Distributions and rng are borrowed. Call once.
 * Returns SIM_OK, SIM_EINVAL (already on, or NULL) or SIM_ENOMEM. */
int sim_resource_set_breakdowns(sim_resource *r, const sim_dist *time_to_failure,
                                const sim_dist *repair_time, gsl_rng *rng);

/* Asks for a server. When one is free and nobody waits, on_start(r, ctx) runs before this
 * returns; otherwise the request waits in FIFO order and on_start runs when a server is
 * given to it. The holder must later call sim_resource_release().
 * Returns SIM_OK, SIM_EFULL (line full: turned away, on_start never runs), SIM_EINVAL or
 * SIM_ENOMEM. */
int sim_resource_request(sim_resource *r, void *ctx, sim_resource_fn on_start);

/* Gives a held server back and starts the next waiter if capacity allows.
 * Returns SIM_OK or SIM_ESTATE when no server is held. */
int sim_resource_release(sim_resource *r);

/* Asks for a server for service_s seconds of work run by the resource itself; on_done(r,
 * ctx) runs when the work is complete (the server is already free by then). The work may
 * be interrupted and resumed under SIM_RULE_INTERRUPT. Returns as sim_resource_request. */
int sim_resource_serve(sim_resource *r, void *ctx, double service_s, sim_resource_fn on_done);

/* Restarts all statistics at the current time (end of warm-up). */
void sim_resource_reset_stats(sim_resource *r);

/* The first error that happened inside an event (e.g. SIM_ENOMEM while scheduling a
 * completion), or SIM_OK. A model checks it after the run. */
static inline int sim_resource_error(const sim_resource *r) { return r->error; }

/* Current state. */
static inline int sim_resource_busy(const sim_resource *r) { return r->busy; }
static inline size_t sim_resource_waiting(const sim_resource *r) { return r->waiting; }
static inline int sim_resource_is_open(const sim_resource *r) { return r->open; }
static inline int sim_resource_available(const sim_resource *r) { return r->allowed; }

/* Waits (s) of the requests that have started since the last reset. */
static inline const sim_tally *sim_resource_waits(const sim_resource *r) { return &r->wait; }

/* Busy server-seconds / available server-seconds (open and up) since the last reset;
 * overtime after closing counts as busy time, so this can exceed 1 slightly. NaN when no
 * capacity was available. */
double sim_resource_utilisation(const sim_resource *r);

/* Time-average length of the waiting line since the last reset. */
double sim_resource_mean_queue(const sim_resource *r);

/* Time-average number of busy servers since the last reset. */
double sim_resource_mean_busy(const sim_resource *r);

/* Time-average fraction of servers up (not broken) since the last reset. */
double sim_resource_availability(const sim_resource *r);

/* Seconds since the last reset during which the resource was open. */
double sim_resource_open_seconds(const sim_resource *r);

#endif
