/* Status codes shared by every sim_ function: 0 is success, failures are negative.
 * sim_strerror() gives a fixed English sentence for each; callers add context.
 * sim_init() prepares GSL for library use and must be called once by the application. */
#ifndef SIM_STATUS_H
#define SIM_STATUS_H

typedef enum sim_status {
    SIM_OK = 0,
    SIM_EINVAL = -1,    /* an argument is out of range, NaN, or NULL where not allowed */
    SIM_ENOMEM = -2,    /* allocation failed; the object is unchanged */
    SIM_ENOTFOUND = -3, /* no such pending event, waiter or watcher (already ran/cancelled) */
    SIM_ESTATE = -4,    /* illegal in the current state (release with no server busy) */
    SIM_EFULL = -5,     /* the waiting line is full: the request was turned away */
    SIM_EGSL = -6,      /* a GSL function reported an error */
    SIM_ESTALL = -7     /* simulated time stopped advancing (too many events at one instant) */
} sim_status;

/* A static sentence for a status; never NULL, also for unknown values. Thread-safe. */
const char *sim_strerror(int status);

/* Turns GSL's abort-on-error handler off so that GSL reports errors by return code, which
 * sim_ functions check. Call once at program start, before any thread starts: it sets a
 * process-wide GSL setting. Idempotent. */
void sim_init(void);

#endif
