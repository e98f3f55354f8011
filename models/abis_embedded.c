/* The embedded ABIS: searches hold a server (as in abis.c: min(servers, licences), closed on
 * ATS outage days); when a search starts the core synthesises the applicant's capture,
 * identifies it against the replication's gallery and decides; the search lasts comparisons
 * / comparisons_per_s simulated seconds. REVIEW goes to the reviewers, who know the truth. */
#include "models/abis_embedded.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_rng.h>

#include "core/dedup.h"
#include "core/gallery.h"
#include "core/iris.h"
#include "core/status.h"
#include "sim/resource.h"
#include "sim/schedule.h"

#define MAX_CANDIDATES 8
#define TOKEN_BLOCK 256

typedef struct embedded_token {
    struct embedded_token *next;
    struct abis_embedded *model;
    void *record;
    uint64_t identity;     /* the person's identity seed */
    uint64_t capture_seed; /* this capture */
    uint64_t true_person;  /* gallery id of the person if already enrolled, else 0 */
    core_outcome outcome;
} embedded_token;

typedef struct abis_embedded {
    abis_service base;
    const scenario_abis *config;
    sim_calendar *cal;
    sim_schedule contract, review_hours;
    sim_resource searchers, reviewers;
    gsl_rng *applicant_rng, *review_rng;
    core_gallery *gallery;
    core_dedup_config dedup;
    uint64_t *identity;            /* identity seed of gallery person id i + 1 */
    size_t people, people_capacity;
    uint64_t new_identity_base, captures;
    abis_done_fn done;
    void *owner;
    int failed;
    abis_embedded_stats stats;
    embedded_token *free_tokens;
    void **blocks;
    size_t block_count;
} abis_embedded;

static const abis_ops embedded_ops;

/* splitmix64's finaliser: spreads seeds so neighbouring counters give unrelated people. */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

static uint64_t draw64(gsl_rng *rng)
{
    uint64_t hi = gsl_rng_get(rng) & 0xFFFFFFFFu;
    return (hi << 32) | (gsl_rng_get(rng) & 0xFFFFFFFFu);
}

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static embedded_token *token_get(abis_embedded *m, void *record)
{
    if (m->free_tokens == NULL) {
        embedded_token *block = malloc(TOKEN_BLOCK * sizeof *block);
        void **grown = realloc(m->blocks, (m->block_count + 1) * sizeof *grown);
        if (grown != NULL)
            m->blocks = grown;
        if (block == NULL || grown == NULL) {
            free(block);
            return NULL;
        }
        m->blocks[m->block_count++] = block;
        for (int i = 0; i < TOKEN_BLOCK; i++) {
            block[i].next = m->free_tokens;
            m->free_tokens = &block[i];
        }
    }
    embedded_token *token = m->free_tokens;
    m->free_tokens = token->next;
    memset(token, 0, sizeof *token);
    token->model = m;
    token->record = record;
    return token;
}

static void token_put(embedded_token *token)
{
    abis_embedded *m = token->model;
    token->next = m->free_tokens;
    m->free_tokens = token;
}

/* Adds a capture of `identity` to the gallery as the next person. 0 or -1. */
static int enrol(abis_embedded *m, uint64_t identity, uint64_t capture_seed)
{
    if (m->people == m->people_capacity) {
        size_t capacity = m->people_capacity ? 2 * m->people_capacity : 1024;
        uint64_t *grown = realloc(m->identity, capacity * sizeof *grown);
        if (grown == NULL)
            return -1;
        m->identity = grown;
        m->people_capacity = capacity;
    }
    core_template base, capture;
    if (core_iris_synth_person(identity, NULL, &base) != CORE_OK ||
        core_iris_synth_capture(&base, capture_seed, NULL, &capture) != CORE_OK ||
        core_gallery_insert(m->gallery, (uint64_t)m->people + 1, &capture) != CORE_OK)
        return -1;
    m->identity[m->people++] = identity;
    return 0;
}

static int usable_eyes(const core_template *t)
{
    int usable = 0;
    for (int eye = 0; eye < 2; eye++) {
        int bits = 0;
        for (int w = 0; w < CORE_IRIS_WORDS; w++)
            bits += __builtin_popcountll(t->eye[eye].mask[w]);
        usable += bits >= CORE_IRIS_MIN_BITS;
    }
    return usable;
}

/* The core's part of a search: capture, identify, decide, enrol a UNIQUE. Returns the
 * comparisons made, and sets token->outcome; m->failed on a core error. */
static uint64_t core_search(abis_embedded *m, embedded_token *token)
{
    double started = wall_now();
    core_template base, probe;
    core_candidate candidates[MAX_CANDIDATES];
    size_t found = 0;
    uint64_t comparisons = 0;
    core_search_opts opts = {m->dedup.rotations, 1, MAX_CANDIDATES, m->dedup.review_below,
                             NULL, 0};
    core_decision decision;
    memset(&decision, 0, sizeof decision);
    int ok = core_iris_synth_person(token->identity, NULL, &base) == CORE_OK &&
             core_iris_synth_capture(&base, token->capture_seed, NULL, &probe) == CORE_OK;
    double search_start = wall_now();
    ok = ok && core_gallery_identify(m->gallery, &probe, &opts, candidates, &found,
                                     &comparisons) == CORE_OK;
    m->stats.search_wall_s += wall_now() - search_start;
    core_dedup_evidence evidence = {usable_eyes(&probe), candidates, found, 0, NULL, 0};
    ok = ok && core_dedup_decide(&m->dedup, &evidence, &decision) == CORE_OK;
    if (ok && decision.outcome == CORE_OUTCOME_UNIQUE)
        ok = enrol(m, token->identity, token->capture_seed) == 0;
    if (!ok) {
        m->failed = 1;
        decision.outcome = CORE_OUTCOME_ENROL_FAILURE;
    }
    token->outcome = decision.outcome;
    abis_embedded_stats *st = &m->stats;
    st->searches++;
    st->comparisons += comparisons;
    st->duplicates_injected += token->true_person != 0;
    if (decision.outcome == CORE_OUTCOME_DUPLICATE) {
        if (decision.person_id == token->true_person)
            st->duplicates_found++;
        else
            st->false_matches++;
    }
    st->reviews += decision.outcome == CORE_OUTCOME_REVIEW;
    st->core_wall_s += wall_now() - started;
    return comparisons;
}

/* The reviewer knows the truth: a person already enrolled is a duplicate; anyone else is
 * enrolled now and printed. */
static void on_review_end(sim_calendar *cal, void *ctx)
{
    (void)cal;
    embedded_token *token = ctx;
    abis_embedded *m = token->model;
    void *record = token->record;
    int duplicate = token->true_person != 0;
    if (!duplicate && enrol(m, token->identity, token->capture_seed) != 0)
        m->failed = 1;
    token_put(token);
    if (sim_resource_release(&m->reviewers) != SIM_OK)
        m->failed = 1;
    m->done(m->owner, record, duplicate ? ABIS_DUPLICATE : ABIS_PRINT_READY);
}

static void on_reviewer(sim_resource *r, void *ctx)
{
    (void)r;
    embedded_token *token = ctx;
    abis_embedded *m = token->model;
    double review_s = sim_dist_sample(&m->config->review_time, m->review_rng);
    if (sim_calendar_schedule_in(m->cal, review_s, on_review_end, token, NULL) != SIM_OK)
        m->failed = 1;
}

static void on_search_end(sim_calendar *cal, void *ctx)
{
    (void)cal;
    embedded_token *token = ctx;
    abis_embedded *m = token->model;
    if (sim_resource_release(&m->searchers) != SIM_OK)
        m->failed = 1;
    abis_outcome outcome = ABIS_PRINT_READY;
    switch (token->outcome) {
    case CORE_OUTCOME_DUPLICATE: outcome = ABIS_DUPLICATE; break;
    case CORE_OUTCOME_REVIEW: outcome = ABIS_ADJUDICATE; break;
    case CORE_OUTCOME_ENROL_FAILURE: outcome = ABIS_ENROL_FAILURE; break;
    case CORE_OUTCOME_UNIQUE: break;
    }
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
    embedded_token *token = ctx;
    abis_embedded *m = token->model;
    uint64_t comparisons = core_search(m, token);
    double search_s = (double)comparisons / m->config->core.comparisons_per_s;
    if (sim_calendar_schedule_in(m->cal, search_s, on_search_end, token, NULL) != SIM_OK)
        m->failed = 1;
}

/* Who the applicant is, drawn at submission (a re-submission after an enrol failure is a
 * new draw). */
static void draw_person(abis_embedded *m, embedded_token *token)
{
    double u = gsl_rng_uniform(m->applicant_rng);
    if (u < m->config->core.duplicate_share && m->people > 0) {
        size_t index = (size_t)gsl_rng_uniform_int(m->applicant_rng, m->people);
        token->true_person = (uint64_t)index + 1;
        token->identity = m->identity[index];
    } else {
        token->identity = mix(m->new_identity_base + m->captures);
    }
    token->capture_seed = mix(token->identity ^ mix(++m->captures));
}

static int embedded_submit(abis_service *self, void *record)
{
    abis_embedded *m = (abis_embedded *)self;
    embedded_token *token = token_get(m, record);
    if (token == NULL)
        return -1;
    draw_person(m, token);
    return sim_resource_request(&m->searchers, token, on_searcher) == SIM_OK ? 0 : -1;
}

static double embedded_utilisation(const abis_service *self)
{
    return sim_resource_utilisation(&((const abis_embedded *)self)->searchers);
}

static size_t embedded_waiting(const abis_service *self)
{
    return sim_resource_waiting(&((const abis_embedded *)self)->searchers);
}

static void embedded_reset(abis_service *self)
{
    abis_embedded *m = (abis_embedded *)self;
    sim_resource_reset_stats(&m->searchers);
    sim_resource_reset_stats(&m->reviewers);
}

static int embedded_error(const abis_service *self)
{
    const abis_embedded *m = (const abis_embedded *)self;
    return m->failed || sim_resource_error(&m->searchers) != SIM_OK ||
                   sim_resource_error(&m->reviewers) != SIM_OK ? -1 : 0;
}

static void embedded_destroy(abis_service *self)
{
    abis_embedded *m = (abis_embedded *)self;
    sim_resource_fini(&m->searchers);
    sim_resource_fini(&m->reviewers);
    sim_schedule_fini(&m->contract);
    sim_schedule_fini(&m->review_hours);
    core_gallery_destroy(m->gallery);
    free(m->identity);
    for (size_t i = 0; i < m->block_count; i++)
        free(m->blocks[i]);
    free(m->blocks);
    free(m);
}

static const abis_ops embedded_ops = {embedded_submit, embedded_utilisation, embedded_waiting,
                                      embedded_reset, embedded_error, embedded_destroy};

/* The people enrolled before the run: identities from the replication's "people" stream. */
static int prefill(abis_embedded *m, gsl_rng *people_rng)
{
    double started = wall_now();
    uint64_t base = draw64(people_rng);
    m->new_identity_base = draw64(people_rng);
    for (int i = 0; i < m->config->core.gallery_prefill; i++) {
        uint64_t identity = mix(base + (uint64_t)i);
        if (enrol(m, identity, mix(identity ^ 0x5EEDu)) != 0)
            return -1;
    }
    m->stats.core_wall_s += wall_now() - started;
    return 0;
}

static void dedup_config(const scenario_abis_embedded *e, core_dedup_config *cfg)
{
    core_dedup_config_default(cfg);
    cfg->match_below = e->match_below;
    cfg->review_below = e->review_below;
    cfg->rotations = e->rotations;
    cfg->threads = 1;
    cfg->max_candidates = MAX_CANDIDATES;
}

abis_service *abis_embedded_create(const scenario *s, sim_calendar *cal,
                                   sim_rng_streams *streams, abis_done_fn done, void *owner)
{
    abis_embedded *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->base.ops = &embedded_ops;
    m->config = &s->abis;
    m->cal = cal;
    m->done = done;
    m->owner = owner;
    dedup_config(&s->abis.core, &m->dedup);
    m->applicant_rng = sim_rng_streams_get(streams, "abis.embedded.applicants");
    m->review_rng = sim_rng_streams_get(streams, "abis.review");
    gsl_rng *people_rng = sim_rng_streams_get(streams, "abis.embedded.people");
    const scenario_date *d = &s->start_date;
    int concurrent = s->abis.servers < s->abis.licences ? s->abis.servers : s->abis.licences;
    size_t hint = (size_t)s->abis.core.gallery_prefill + 1024;
    int ok = m->applicant_rng && m->review_rng && people_rng &&
             core_dedup_config_check(&m->dedup, NULL, 0) == CORE_OK &&
             core_gallery_create(&m->gallery, hint) == CORE_OK && prefill(m, people_rng) == 0 &&
             sim_schedule_init(&m->contract, d->year, d->month, d->day) == SIM_OK &&
             sim_schedule_init(&m->review_hours, d->year, d->month, d->day) == SIM_OK &&
             abis__build_contract(s, &m->contract) == 0 &&
             abis__build_review_hours(&s->abis.review_hours, &m->review_hours) == 0 &&
             sim_resource_init(&m->searchers, cal, concurrent) == SIM_OK &&
             sim_resource_init(&m->reviewers, cal, s->abis.reviewers) == SIM_OK &&
             sim_resource_follow_schedule(&m->searchers, &m->contract) == SIM_OK &&
             sim_resource_follow_schedule(&m->reviewers, &m->review_hours) == SIM_OK;
    if (!ok) {
        embedded_destroy(&m->base);
        return NULL;
    }
    return &m->base;
}

int abis_embedded_stats_of(const abis_service *a, abis_embedded_stats *out)
{
    memset(out, 0, sizeof *out);
    if (a == NULL || a->ops != &embedded_ops)
        return -1;
    const abis_embedded *m = (const abis_embedded *)a;
    *out = m->stats;
    out->enrolled = m->people;
    return 0;
}
