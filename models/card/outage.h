/* A timeline of outages (power cuts) drawn lazily: up for a time from `up`, down for a time
 * from `down`, and so on from time 0. Work that needs the power pauses during an outage:
 * outage_advance() says when `work_s` seconds of up-time after t are done. Queries must come
 * at non-decreasing t (the calendar's now); outages that ended before t are dropped. */
#ifndef MODELS_OUTAGE_H
#define MODELS_OUTAGE_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "sim/dist.h"

typedef struct outage_timeline {
    const sim_dist *up, *down;   /* borrowed */
    gsl_rng *rng;                /* borrowed */
    double *start, *end;         /* outages not yet over, in order; owned */
    size_t head, count, capacity;
    double next_start;           /* where the next drawn outage's up-time begins */
} outage_timeline;

/* Returns 0, or -1 on bad arguments (the mean up-time must be > 0). */
int outage_timeline_init(outage_timeline *tl, const sim_dist *up, const sim_dist *down,
                         gsl_rng *rng);
void outage_timeline_fini(outage_timeline *tl);

/* The time at which work_s seconds of up-time after t are done (t itself counts only if up),
 * or INFINITY when memory runs out. */
double outage_advance(outage_timeline *tl, double t, double work_s);

/* Whether t falls in an outage. */
int outage_is_down(outage_timeline *tl, double t);

#endif
