/* The embedded ABIS: on the shared desk (abis_desk.c: min(servers, licences) searchers, closed
 * on ATS outage days); when a search starts the core synthesises the applicant's capture,
 * identifies it against the replication's gallery and decides; the search lasts comparisons
 * / comparisons_per_s simulated seconds. REVIEW goes to the reviewers, who know the truth.
 * With a registry file open, every search, review and printed card is also written there
 * (abis_embedded_registry.c); the decisions do not depend on it. */
#include "models/abis/abis_embedded.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_rng.h>

#include "core/dedup.h"
#include "core/gallery.h"
#include "core/iris.h"
#include "core/status.h"
#include "models/abis/abis_embedded_registry.h"
#include "models/abis/abis_internal.h"
#include "models/card/pipeline.h"

#define MAX_CANDIDATES 8

typedef struct embedded_token {
    abis__job job;         /* first: the desk's part */
    uint64_t identity;     /* the person's identity seed */
    uint64_t capture_seed; /* this capture */
    uint64_t true_person;  /* gallery id of the person if already enrolled, else 0 */
    core_outcome outcome;
    uint64_t card_id;      /* in the registry file, when one is written */
} embedded_token;

typedef struct abis_embedded {
    abis__desk desk; /* first: the service's address */
    gsl_rng *applicant_rng;
    core_gallery *gallery;
    core_dedup_config dedup;
    uint64_t *identity;            /* identity seed of gallery person id i + 1 */
    size_t people, people_capacity;
    uint64_t new_identity_base, captures;
    abis_embedded_stats stats;
    embedded_registry *registry; /* NULL unless abis_embedded_registry_open */
} abis_embedded;

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

/* Writes the search to the registry file, if any (the core must decide as the simulator did). */
static void record_search(abis_embedded *m, embedded_token *token, const core_template *probe,
                          const core_candidate *candidates, size_t found, uint64_t comparisons,
                          const core_decision *decision)
{
    if (m->registry == NULL || m->desk.failed)
        return;
    const pipeline_applicant *a = token->job.record;
    embedded_search q = {token->capture_seed, a->region->config->code, probe, candidates,
                         found, comparisons, decision->outcome, decision->person_id,
                         decision->outcome == CORE_OUTCOME_UNIQUE ? (uint64_t)m->people : 0};
    if (embedded_registry_search(m->registry, &q, &token->card_id) != 0)
        m->desk.failed = 1;
}

/* The core's part of a search: capture, identify, decide, enrol a UNIQUE. Returns the
 * comparisons made, and sets token->outcome; desk.failed on a core error. */
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
    core_search_stats work;
    /* The work the search really did (brute force or index), so simulated time follows it. */
    ok = ok && core_gallery_search(m->gallery, &probe, &opts, &m->dedup.search, candidates,
                                   &found, &work) == CORE_OK;
    comparisons = ok ? work.work : 0;
    m->stats.search_wall_s += wall_now() - search_start;
    core_dedup_evidence evidence = {usable_eyes(&probe), candidates, found, 0, NULL, 0};
    ok = ok && core_dedup_decide(&m->dedup, &evidence, &decision) == CORE_OK;
    if (ok && decision.outcome == CORE_OUTCOME_UNIQUE)
        ok = enrol(m, token->identity, token->capture_seed) == 0;
    if (!ok) {
        m->desk.failed = 1;
        decision.outcome = CORE_OUTCOME_ENROL_FAILURE;
    }
    record_search(m, token, &probe, candidates, found, comparisons, &decision);
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
static abis_outcome review_end(abis__job *job)
{
    embedded_token *token = (embedded_token *)job;
    abis_embedded *m = (abis_embedded *)job->desk;
    int duplicate = token->true_person != 0;
    if (!duplicate && enrol(m, token->identity, token->capture_seed) != 0)
        m->desk.failed = 1;
    if (m->registry != NULL && !m->desk.failed) {
        uint64_t enrolled = duplicate ? 0 : (uint64_t)m->people;
        if (embedded_registry_review(m->registry, token->card_id, token->true_person,
                                     enrolled) != 0 ||
            (!duplicate &&
             embedded_registry_print_ready(m->registry, job->record, token->card_id) != 0))
            m->desk.failed = 1;
    }
    return duplicate ? ABIS_DUPLICATE : ABIS_PRINT_READY;
}

/* The core decided when the search started; its outcome is reported when the search ends. */
static abis_outcome search_end(abis__job *job)
{
    embedded_token *token = (embedded_token *)job;
    abis_embedded *m = (abis_embedded *)job->desk;
    if (m->registry != NULL && token->outcome == CORE_OUTCOME_UNIQUE && !m->desk.failed &&
        embedded_registry_print_ready(m->registry, job->record, token->card_id) != 0)
        m->desk.failed = 1;
    switch (token->outcome) {
    case CORE_OUTCOME_DUPLICATE: return ABIS_DUPLICATE;
    case CORE_OUTCOME_REVIEW: return ABIS_ADJUDICATE;
    case CORE_OUTCOME_ENROL_FAILURE: return ABIS_ENROL_FAILURE;
    case CORE_OUTCOME_UNIQUE: break;
    }
    return ABIS_PRINT_READY;
}

static double search_start(abis__job *job)
{
    abis_embedded *m = (abis_embedded *)job->desk;
    uint64_t comparisons = core_search(m, (embedded_token *)job);
    return (double)comparisons / m->desk.config->core.comparisons_per_s;
}

/* Who the applicant is, drawn at submission (a re-submission after an enrol failure is a
 * new draw). */
static void draw_person(abis_embedded *m, embedded_token *token)
{
    double u = gsl_rng_uniform(m->applicant_rng);
    if (u < m->desk.config->core.duplicate_share && m->people > 0) {
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
    abis__job *job = abis__desk_job(&m->desk, record);
    if (job == NULL)
        return -1;
    draw_person(m, (embedded_token *)job);
    return abis__desk_search(&m->desk, job);
}

static void embedded_destroy(abis_service *self)
{
    abis_embedded *m = (abis_embedded *)self;
    abis__desk_fini(&m->desk);
    char why[8];
    embedded_registry_close(m->registry, NULL, 0, why, sizeof why); /* a failed run's file */
    core_gallery_destroy(m->gallery);
    free(m->identity);
    free(m);
}

static const abis_ops embedded_ops = {embedded_submit, abis__desk_utilisation,
                                      abis__desk_waiting, abis__desk_reset, abis__desk_error,
                                      embedded_destroy};
static const abis__desk_hooks embedded_hooks = {search_start, search_end, review_end};

/* The people enrolled before the run: identities from the replication's "people" stream. */
static int prefill(abis_embedded *m, gsl_rng *people_rng)
{
    double started = wall_now();
    uint64_t base = draw64(people_rng);
    m->new_identity_base = draw64(people_rng);
    for (int i = 0; i < m->desk.config->core.gallery_prefill; i++) {
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
    cfg->search.mode = e->search_index ? CORE_SEARCH_INDEX : CORE_SEARCH_BRUTE;
    cfg->search.radius = e->index_radius;
}

abis_service *abis_embedded_create(const scenario *s, sim_calendar *cal,
                                   sim_rng_streams *streams, abis_done_fn done, void *owner)
{
    abis_embedded *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    dedup_config(&s->abis.core, &m->dedup);
    m->applicant_rng = sim_rng_streams_get(streams, "abis.embedded.applicants");
    gsl_rng *people_rng = sim_rng_streams_get(streams, "abis.embedded.people");
    size_t hint = (size_t)s->abis.core.gallery_prefill + 1024;
    int ok = m->applicant_rng && people_rng &&
             abis__desk_init(&m->desk, &embedded_ops, &embedded_hooks, sizeof(embedded_token),
                             s, cal, streams, done, owner) == 0 &&
             core_dedup_config_check(&m->dedup, NULL, 0) == CORE_OK &&
             core_gallery_create(&m->gallery, hint) == CORE_OK && prefill(m, people_rng) == 0;
    if (!ok) {
        embedded_destroy(&m->desk.base);
        return NULL;
    }
    return &m->desk.base;
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

static abis_embedded *embedded_of(abis_service *a)
{
    return (a != NULL && a->ops == &embedded_ops) ? (abis_embedded *)a : NULL;
}

int abis_embedded_registry_open(abis_service *a, const scenario *s, const char *path, char *why,
                                size_t why_size)
{
    abis_embedded *m = embedded_of(a);
    if (m == NULL || m->registry != NULL) {
        snprintf(why, why_size, "registry: not an embedded ABIS, or a registry is open");
        return -1;
    }
    m->registry = embedded_registry_open(path, s, m->desk.cal, m->gallery, &m->dedup, why,
                                         why_size);
    return m->registry != NULL ? 0 : -1;
}

int abis_embedded_registry_close(abis_service *a, const char *final_path, int keep, char *why,
                                 size_t why_size)
{
    abis_embedded *m = embedded_of(a);
    if (m == NULL || m->registry == NULL)
        return 0;
    embedded_registry *w = m->registry;
    m->registry = NULL;
    int counted = embedded_registry_searches(w) == m->stats.searches;
    if (embedded_registry_close(w, final_path, keep && counted, why, why_size) != 0)
        return -1;
    if (keep && !counted) {
        snprintf(why, why_size, "registry: %llu searches written, %llu made",
                 (unsigned long long)embedded_registry_searches(w),
                 (unsigned long long)m->stats.searches);
        return -1;
    }
    return 0;
}

void abis_embedded_card_printed(abis_service *a, void *record)
{
    abis_embedded *m = embedded_of(a);
    if (m != NULL && m->registry != NULL && !m->desk.failed &&
        embedded_registry_printed(m->registry, record) != 0)
        m->desk.failed = 1;
}
