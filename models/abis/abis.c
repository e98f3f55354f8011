/* The modeled ABIS: on the shared desk (abis_desk.c), a search lasts an exponential time at
 * searches_per_hour and its outcome is drawn in the scenario's proportions; a review ends as
 * a duplicate with probability review_duplicate_share. */
#include "models/abis/abis.h"

#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/abis/abis_internal.h"

typedef struct abis_model {
    abis__desk desk; /* first: the service's address */
    gsl_rng *search_rng, *outcome_rng;
} abis_model;

static double search_start(abis__job *job)
{
    abis_model *m = (abis_model *)job->desk;
    return gsl_ran_exponential(m->search_rng, 3600.0 / m->desk.config->searches_per_hour);
}

static abis_outcome search_end(abis__job *job)
{
    abis_model *m = (abis_model *)job->desk;
    const scenario_abis *c = m->desk.config;
    double u = gsl_rng_uniform(m->outcome_rng);
    if (u < c->duplicate_share)
        return ABIS_DUPLICATE;
    if (u < c->duplicate_share + c->adjudicate_share)
        return ABIS_ADJUDICATE;
    if (u < c->duplicate_share + c->adjudicate_share + c->enrol_failure_share)
        return ABIS_ENROL_FAILURE;
    return ABIS_PRINT_READY;
}

static abis_outcome review_end(abis__job *job)
{
    abis__desk *d = job->desk;
    int dup = gsl_rng_uniform(d->review_rng) < d->config->review_duplicate_share;
    return dup ? ABIS_DUPLICATE : ABIS_PRINT_READY;
}

static int model_submit(abis_service *self, void *record)
{
    abis__desk *d = (abis__desk *)self;
    abis__job *job = abis__desk_job(d, record);
    return job != NULL ? abis__desk_search(d, job) : -1;
}

static void model_destroy(abis_service *self)
{
    abis__desk_fini((abis__desk *)self);
    free(self);
}

static const abis_ops model_ops = {model_submit, abis__desk_utilisation, abis__desk_waiting,
                                   abis__desk_reset, abis__desk_error, model_destroy};
static const abis__desk_hooks model_hooks = {search_start, search_end, review_end};

abis_service *abis_model_create(const scenario *s, sim_calendar *cal, sim_rng_streams *streams,
                                abis_done_fn done, void *owner)
{
    abis_model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->search_rng = sim_rng_streams_get(streams, "abis.search");
    m->outcome_rng = sim_rng_streams_get(streams, "abis.outcome");
    int ok = m->search_rng && m->outcome_rng &&
             abis__desk_init(&m->desk, &model_ops, &model_hooks, sizeof(abis__job), s, cal,
                             streams, done, owner) == 0;
    if (!ok) {
        model_destroy(&m->desk.base);
        return NULL;
    }
    return &m->desk.base;
}
