/* Shared by the ABIS implementations (abis.c, abis_embedded.c), not by their callers: the
 * "desk" both embed (searchers and reviewers, the ATS contract and review-hours schedules, the
 * pool of jobs, the search-then-review flow). A service only says how a search's duration and
 * outcome, and a review's outcome, are decided. Thread safety: one calendar's thread. */
#ifndef MODELS_ABIS_INTERNAL_H
#define MODELS_ABIS_INTERNAL_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "models/abis/abis.h"
#include "sim/resource.h"
#include "sim/schedule.h"

struct abis__desk;

/* A search or review in progress. A service whose jobs carry more puts this first in its own
 * job struct and gives that struct's size to abis__desk_init. */
typedef struct abis__job {
    struct abis__job *next; /* free list */
    struct abis__desk *desk;
    void *record;
} abis__job;

/* What differs between services; each is called on the calendar's thread. */
typedef struct abis__desk_hooks {
    double (*search_start)(abis__job *job);      /* a server is held: the search's seconds */
    abis_outcome (*search_end)(abis__job *job);  /* the server is released: the outcome */
    abis_outcome (*review_end)(abis__job *job);  /* ABIS_PRINT_READY or ABIS_DUPLICATE */
} abis__desk_hooks;

typedef struct abis__desk {
    abis_service base; /* first, so a service and its desk share one address */
    const abis__desk_hooks *hooks;
    const scenario_abis *config;
    sim_calendar *cal;
    sim_schedule contract, review_hours;
    sim_resource searchers, reviewers;
    gsl_rng *review_rng; /* stream "abis.review" */
    abis_done_fn done;
    void *owner;
    int failed; /* set by the desk or a hook after an error; reported by abis__desk_error */
    size_t job_size;
    abis__job *free_jobs;
    void **blocks;
    size_t block_count;
} abis__desk;

/* Sets up a zeroed desk: min(servers, licences) searchers closed on ATS outage days,
 * reviewers in review_hours. 0, or -1 (then call abis__desk_fini). */
int abis__desk_init(abis__desk *d, const abis_ops *ops, const abis__desk_hooks *hooks,
                    size_t job_size, const scenario *s, sim_calendar *cal,
                    sim_rng_streams *streams, abis_done_fn done, void *owner);
void abis__desk_fini(abis__desk *d);

/* A zeroed job of job_size bytes for record, from the pool; NULL when out of memory. */
abis__job *abis__desk_job(abis__desk *d, void *record);
/* Queues job for a searcher. 0 or -1. */
int abis__desk_search(abis__desk *d, abis__job *job);

/* abis_ops entries that only need the desk. */
double abis__desk_utilisation(const abis_service *self);
size_t abis__desk_waiting(const abis_service *self);
void abis__desk_reset(abis_service *self);
int abis__desk_error(const abis_service *self);

#endif
