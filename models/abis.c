/* The modeled ABIS: searches hold a server of a resource of min(servers, licences)
 * servers whose capacity follows an always-open schedule with the ATS outage days closed;
 * adjudicated records go to a reviewers' resource that follows review_hours. A search in
 * progress when an outage starts is finished; waiting searches start when it ends. */
#include "models/abis.h"

#include <stddef.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/resource.h"
#include "sim/schedule.h"

typedef struct abis_model {
    abis_service base;
    const scenario_abis *config;
    sim_calendar *cal;
    sim_schedule contract, review_hours;
    sim_resource searchers, reviewers;
    gsl_rng *search_rng, *outcome_rng, *review_rng;
    abis_done_fn done;
    void *owner;
    int failed;
    struct abis_token *free_tokens;
    void **blocks;
    size_t block_count;
} abis_model;

/* A search or review in progress: the record and its model, from a pool (no allocation per
 * search once the pool has grown). Searches and reviews hold a server through request() and
 * end by their own event: sim_resource_serve() is avoided because its job_done dispatches the
 * next waiter before calling on_done, which can hand the finished job's slot (and callback
 * context) to the next job (reported to the engine's owner). */
typedef struct abis_token {
    struct abis_token *next;
    abis_model *model;
    void *record;
} abis_token;

#define TOKEN_BLOCK 256

static abis_token *token_get(abis_model *m, void *record)
{
    if (m->free_tokens == NULL) {
        abis_token *block = malloc(TOKEN_BLOCK * sizeof *block);
        void **grown = realloc(m->blocks, (m->block_count + 1) * sizeof *grown);
        if (block == NULL || grown == NULL) {
            free(block);
            if (grown != NULL)
                m->blocks = grown;
            return NULL;
        }
        m->blocks = grown;
        m->blocks[m->block_count++] = block;
        for (int i = 0; i < TOKEN_BLOCK; i++) {
            block[i].next = m->free_tokens;
            m->free_tokens = &block[i];
        }
    }
    abis_token *token = m->free_tokens;
    m->free_tokens = token->next;
    token->model = m;
    token->record = record;
    return token;
}

static void token_put(abis_token *token)
{
    abis_model *m = token->model;
    token->next = m->free_tokens;
    m->free_tokens = token;
}

static void on_review_end(sim_calendar *cal, void *ctx)
{
    (void)cal;
    abis_token *token = ctx;
    abis_model *m = token->model;
    void *record = token->record;
    token_put(token);
    if (sim_resource_release(&m->reviewers) != SIM_OK)
        m->failed = 1;
    int dup = gsl_rng_uniform(m->review_rng) < m->config->review_duplicate_share;
    m->done(m->owner, record, dup ? ABIS_DUPLICATE : ABIS_PRINT_READY);
}

static void on_reviewer(sim_resource *r, void *ctx)
{
    (void)r;
    abis_token *token = ctx;
    abis_model *m = token->model;
    double review_s = sim_dist_sample(&m->config->review_time, m->review_rng);
    if (sim_calendar_schedule_in(m->cal, review_s, on_review_end, token, NULL) != SIM_OK)
        m->failed = 1;
}

static void on_search_end(sim_calendar *cal, void *ctx)
{
    (void)cal;
    abis_token *token = ctx;
    abis_model *m = token->model;
    const scenario_abis *c = m->config;
    if (sim_resource_release(&m->searchers) != SIM_OK)
        m->failed = 1;
    double u = gsl_rng_uniform(m->outcome_rng);
    abis_outcome outcome = ABIS_PRINT_READY;
    if (u < c->duplicate_share)
        outcome = ABIS_DUPLICATE;
    else if (u < c->duplicate_share + c->adjudicate_share)
        outcome = ABIS_ADJUDICATE;
    else if (u < c->duplicate_share + c->adjudicate_share + c->enrol_failure_share)
        outcome = ABIS_ENROL_FAILURE;
    m->done(m->owner, token->record, outcome);
    if (outcome != ABIS_ADJUDICATE) {
        token_put(token);
        return;
    }
    if (sim_resource_request(&m->reviewers, token, on_reviewer) != SIM_OK)
        m->failed = 1;
}

static void on_searcher(sim_resource *r, void *ctx)
{
    (void)r;
    abis_token *token = ctx;
    abis_model *m = token->model;
    double search_s = gsl_ran_exponential(m->search_rng, 3600.0 / m->config->searches_per_hour);
    if (sim_calendar_schedule_in(m->cal, search_s, on_search_end, token, NULL) != SIM_OK)
        m->failed = 1;
}

static int model_submit(abis_service *self, void *record)
{
    abis_model *m = (abis_model *)self;
    abis_token *token = token_get(m, record);
    if (token == NULL)
        return -1;
    return sim_resource_request(&m->searchers, token, on_searcher) == SIM_OK ? 0 : -1;
}

static double model_utilisation(const abis_service *self)
{
    return sim_resource_utilisation(&((const abis_model *)self)->searchers);
}

static size_t model_waiting(const abis_service *self)
{
    return sim_resource_waiting(&((const abis_model *)self)->searchers);
}

static void model_reset(abis_service *self)
{
    abis_model *m = (abis_model *)self;
    sim_resource_reset_stats(&m->searchers);
    sim_resource_reset_stats(&m->reviewers);
}

static int model_error(const abis_service *self)
{
    const abis_model *m = (const abis_model *)self;
    return m->failed || sim_resource_error(&m->searchers) != SIM_OK ||
                   sim_resource_error(&m->reviewers) != SIM_OK ? -1 : 0;
}

static void model_destroy(abis_service *self)
{
    abis_model *m = (abis_model *)self;
    sim_resource_fini(&m->searchers);
    sim_resource_fini(&m->reviewers);
    sim_schedule_fini(&m->contract);
    sim_schedule_fini(&m->review_hours);
    for (size_t i = 0; i < m->block_count; i++)
        free(m->blocks[i]);
    free(m->blocks);
    free(m);
}

static const abis_ops model_ops = {model_submit, model_utilisation, model_waiting, model_reset,
                                   model_error, model_destroy};

/* Always open, except the days of every ATS outage (closed as holidays). */
int abis__build_contract(const scenario *s, sim_schedule *contract)
{
    if (sim_schedule_set_always_open(contract) != SIM_OK)
        return -1;
    for (size_t i = 0; i < s->abis.outage_count; i++) {
        const scenario_period *p = &s->abis.outages[i];
        for (int64_t d = p->from.days_since_epoch; d <= p->to.days_since_epoch; d++) {
            int y, mo, da;
            sim_civil_from_days(d, &y, &mo, &da);
            if (sim_schedule_add_holiday(contract, y, mo, da) != SIM_OK)
                return -1;
        }
    }
    return 0;
}

int abis__build_review_hours(const scenario_opening_hours *h, sim_schedule *hours)
{
    if (h->always_open)
        return sim_schedule_set_always_open(hours) == SIM_OK ? 0 : -1;
    for (int day = 0; day < 7; day++)
        if ((h->day_mask & (1u << day)) &&
            sim_schedule_add_interval(hours, (sim_weekday)day, h->open_s, h->close_s) != SIM_OK)
            return -1;
    return 0;
}

abis_service *abis_model_create(const scenario *s, sim_calendar *cal, sim_rng_streams *streams,
                                abis_done_fn done, void *owner)
{
    abis_model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->base.ops = &model_ops;
    m->config = &s->abis;
    m->cal = cal;
    m->done = done;
    m->owner = owner;
    m->search_rng = sim_rng_streams_get(streams, "abis.search");
    m->outcome_rng = sim_rng_streams_get(streams, "abis.outcome");
    m->review_rng = sim_rng_streams_get(streams, "abis.review");
    const scenario_date *d = &s->start_date;
    int concurrent = s->abis.servers < s->abis.licences ? s->abis.servers : s->abis.licences;
    int ok = m->search_rng && m->outcome_rng && m->review_rng &&
             sim_schedule_init(&m->contract, d->year, d->month, d->day) == SIM_OK &&
             sim_schedule_init(&m->review_hours, d->year, d->month, d->day) == SIM_OK &&
             abis__build_contract(s, &m->contract) == 0 &&
             abis__build_review_hours(&s->abis.review_hours, &m->review_hours) == 0 &&
             sim_resource_init(&m->searchers, cal, concurrent) == SIM_OK &&
             sim_resource_init(&m->reviewers, cal, s->abis.reviewers) == SIM_OK &&
             sim_resource_follow_schedule(&m->searchers, &m->contract) == SIM_OK &&
             sim_resource_follow_schedule(&m->reviewers, &m->review_hours) == SIM_OK;
    if (!ok) {
        model_destroy(&m->base);
        return NULL;
    }
    return &m->base;
}
