/* The central dedup stage (ABIS) behind a small interface, so that the real core
 * (core/dedup) can replace the modeled service later: a service takes records with
 * abis_submit() and reports each outcome through the abis_done_fn given at creation.
 * abis_model_create() builds the modeled service: servers with a search rate, licences
 * capping concurrent searches, support-contract (ATS) outage days during which searches
 * wait (a search in progress when an outage starts is finished), outcomes drawn in the
 * scenario's proportions, and manual review of adjudicated records by reviewers in their
 * hours (a review ends as print-ready or duplicate). Thread safety: one calendar's thread. */
#ifndef MODELS_ABIS_H
#define MODELS_ABIS_H

#include "models/scenario/scenario.h"
#include "sim/calendar.h"
#include "sim/rng.h"
#include "sim/schedule.h"

typedef enum abis_outcome {
    ABIS_PRINT_READY,   /* unique: the card can be printed */
    ABIS_DUPLICATE,     /* already enrolled: no new card */
    ABIS_ADJUDICATE,    /* sent to manual review (reported when the review starts) */
    ABIS_ENROL_FAILURE  /* poor capture: must be recorded again */
} abis_outcome;

/* Called for each record: first with the search outcome; for ABIS_ADJUDICATE later once
 * more with the review's outcome (ABIS_PRINT_READY or ABIS_DUPLICATE). */
typedef void (*abis_done_fn)(void *owner, void *record, abis_outcome outcome);

typedef struct abis_service abis_service;
typedef struct abis_ops {
    int (*submit)(abis_service *self, void *record);     /* 0 or -1 (out of memory) */
    double (*utilisation)(const abis_service *self);     /* busy / available, since reset */
    size_t (*waiting)(const abis_service *self);         /* searches queued now */
    void (*reset_stats)(abis_service *self);
    int (*error)(const abis_service *self);              /* 0, or -1 after a failure */
    void (*destroy)(abis_service *self);
} abis_ops;

struct abis_service {
    const abis_ops *ops;
};

static inline int abis_submit(abis_service *a, void *record) { return a->ops->submit(a, record); }
static inline void abis_destroy(abis_service *a) { if (a) a->ops->destroy(a); }

/* The modeled ABIS of a scenario (its "abis" object) on cal, with streams "abis.*".
 * Returns NULL on failure. */
abis_service *abis_model_create(const scenario *s, sim_calendar *cal, sim_rng_streams *streams,
                                abis_done_fn done, void *owner);

#endif
