/* Writes an embedded run's registry through the core's API (see abis_embedded_registry.h):
 * applicants via core_enrol_searched with the in-memory search's candidates, prefill people
 * via core_enrol_import when a decision first names them, reviews and prints via
 * core_issuance_transition. Operations are batched (one commit per BATCH_OPS). */
#include "models/abis/abis_embedded_registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/enrol.h"
#include "core/issuance.h"
#include "core/status.h"
#include "sim/schedule.h"

#define BATCH_OPS 2048
#define WIB_OFFSET_S (7 * 3600)

typedef struct card_slot {
    const void *record; /* NULL: empty */
    uint64_t card_id;
} card_slot;

struct embedded_registry {
    core_registry *reg;
    char *path;                /* the file being written (a temporary name); owned */
    const core_gallery *gallery;
    core_dedup_config dedup;
    sim_calendar *cal;
    int64_t start_epoch_s;
    int year;
    uint64_t *person_of;       /* registry person id of model person i (0: not written) */
    size_t person_capacity;
    card_slot *cards;          /* print-ready records awaiting print: open addressing */
    size_t card_capacity, card_count;
    uint64_t ops, searches, blanks_used;
    int failed;
    char error[256];
};

static int64_t simulated_clock(void *ctx)
{
    embedded_registry *w = ctx;
    return w->start_epoch_s + (int64_t)sim_calendar_now(w->cal);
}

/* Keeps the first error; returns -1. */
static int fail(embedded_registry *w, const char *what, const char *detail)
{
    if (!w->failed)
        snprintf(w->error, sizeof w->error, "registry: %s: %s", what, detail);
    w->failed = 1;
    return -1;
}

/* Called after each operation: a batch commit every BATCH_OPS keeps memory bounded. */
static int count_op(embedded_registry *w)
{
    char err[200];
    if (++w->ops % BATCH_OPS != 0)
        return 0;
    if (core_registry_batch_end(w->reg, err, sizeof err) != CORE_OK ||
        core_registry_batch_begin(w->reg, err, sizeof err) != CORE_OK)
        return fail(w, "batch commit", err);
    return 0;
}

embedded_registry *embedded_registry_open(const char *path, const scenario *s, sim_calendar *cal,
                                          const core_gallery *gallery,
                                          const core_dedup_config *dedup, char *why,
                                          size_t why_size)
{
    embedded_registry *w = calloc(1, sizeof *w);
    if (w == NULL) {
        snprintf(why, why_size, "registry: out of memory");
        return NULL;
    }
    w->path = strdup(path);
    w->gallery = gallery;
    w->dedup = *dedup;
    w->cal = cal;
    w->start_epoch_s = s->start_date.days_since_epoch * SIM_DAY_SECONDS - WIB_OFFSET_S;
    w->year = s->start_date.year;
    core_registry_clock clock = {simulated_clock, w};
    char err[200];
    unlink(path); /* a leftover of a killed run would otherwise be appended to */
    int flags = CORE_REGISTRY_CREATE | CORE_REGISTRY_SCRATCH | CORE_REGISTRY_NO_GALLERY;
    int rc = w->path ? core_registry_open_with_clock(path, flags, &clock, &w->reg, err, sizeof err)
                     : CORE_ENOMEM;
    if (rc == CORE_OK)
        rc = core_registry_batch_begin(w->reg, err, sizeof err);
    if (rc != CORE_OK) {
        snprintf(why, why_size, "registry %s: %s", path, w->path ? err : "out of memory");
        core_registry_close(w->reg);
        unlink(path);
        free(w->path);
        free(w);
        return NULL;
    }
    return w;
}

static int map_set(embedded_registry *w, uint64_t model_id, uint64_t registry_id)
{
    if (model_id >= w->person_capacity) {
        size_t capacity = w->person_capacity ? w->person_capacity : 4096;
        while (capacity <= model_id)
            capacity *= 2;
        uint64_t *grown = realloc(w->person_of, capacity * sizeof *grown);
        if (grown == NULL)
            return fail(w, "person map", "out of memory");
        memset(grown + w->person_capacity, 0,
               (capacity - w->person_capacity) * sizeof *grown);
        w->person_of = grown;
        w->person_capacity = capacity;
    }
    w->person_of[model_id] = registry_id;
    return 0;
}

/* The registry id of model person model_id, importing a prefill person on first use. */
static uint64_t registry_person(embedded_registry *w, uint64_t model_id)
{
    if (model_id < w->person_capacity && w->person_of[model_id] != 0)
        return w->person_of[model_id];
    const core_template *t = core_gallery_find(w->gallery, model_id);
    if (t == NULL) {
        fail(w, "import", "a decision names a person missing from the gallery");
        return 0;
    }
    core_person who;
    embedded_people_draw(model_id * 0x9E3779B97F4A7C15u ^ 0x50EF111u, NULL, w->year, &who);
    core_decision d;
    char err[200];
    if (core_enrol_import(w->reg, &who, t, &d, err, sizeof err) != CORE_OK) {
        fail(w, "import", err);
        return 0;
    }
    if (map_set(w, model_id, d.person_id) != 0 || count_op(w) != 0)
        return 0;
    return d.person_id;
}

static int check_same(embedded_registry *w, const embedded_search *q, const core_decision *d)
{
    char detail[200];
    if (d->outcome != q->outcome) {
        snprintf(detail, sizeof detail, "the core decided %s where the simulator decided %s (%.120s)",
                 core_outcome_name(d->outcome), core_outcome_name(q->outcome), d->reason);
        return fail(w, "decision", detail);
    }
    if (q->outcome == CORE_OUTCOME_DUPLICATE &&
        d->person_id != registry_person(w, q->matched_person))
        return fail(w, "decision", "the core matched another person than the simulator");
    return 0;
}

int embedded_registry_search(embedded_registry *w, const embedded_search *q, uint64_t *card_id)
{
    core_candidate candidates[CORE_DEDUP_MAX_CANDIDATES];
    size_t n = q->candidate_count < CORE_DEDUP_MAX_CANDIDATES ? q->candidate_count
                                                              : CORE_DEDUP_MAX_CANDIDATES;
    for (size_t i = 0; i < n && !w->failed; i++) {
        candidates[i] = q->candidates[i];
        candidates[i].person_id = registry_person(w, q->candidates[i].person_id);
    }
    if (w->failed)
        return -1;
    core_person who;
    embedded_people_draw(q->demo_seed, q->region_code, w->year, &who);
    core_decision d;
    char err[200];
    if (core_enrol_searched(w->reg, &who, q->capture, &w->dedup, candidates, n, q->comparisons,
                            &d, err, sizeof err) != CORE_OK)
        return fail(w, "enrolment", err);
    if (check_same(w, q, &d) != 0)
        return -1;
    if (q->new_person != 0 && map_set(w, q->new_person, d.person_id) != 0)
        return -1;
    w->searches++;
    *card_id = d.card_id;
    return count_op(w);
}

int embedded_registry_review(embedded_registry *w, uint64_t card_id, uint64_t duplicate_of,
                             uint64_t new_person)
{
    core_transition_args args = {.note = "reviewer"};
    core_card_status to = CORE_CARD_PRINT_READY;
    if (duplicate_of != 0) {
        to = CORE_CARD_DUPLICATE;
        args.duplicate_of = registry_person(w, duplicate_of);
        if (args.duplicate_of == 0)
            return -1;
    }
    char err[200];
    core_card card;
    if (core_issuance_transition(w->reg, card_id, to, &args, NULL, err, sizeof err) != CORE_OK)
        return fail(w, "review", err);
    if (new_person != 0) {
        if (core_issuance_card_get(w->reg, card_id, &card) != CORE_OK)
            return fail(w, "review", "the reviewed card cannot be read back");
        if (map_set(w, new_person, card.person_id) != 0)
            return -1;
    }
    return count_op(w);
}

static size_t slot_of(const embedded_registry *w, const void *record)
{
    uint64_t h = (uint64_t)(uintptr_t)record * 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 17) & (w->card_capacity - 1);
}

static int cards_grow(embedded_registry *w)
{
    size_t capacity = w->card_capacity ? 2 * w->card_capacity : 1024;
    card_slot *old = w->cards;
    size_t old_capacity = w->card_capacity;
    w->cards = calloc(capacity, sizeof *w->cards);
    if (w->cards == NULL) {
        w->cards = old;
        return fail(w, "card map", "out of memory");
    }
    w->card_capacity = capacity;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].record == NULL)
            continue;
        size_t j = slot_of(w, old[i].record);
        while (w->cards[j].record != NULL)
            j = (j + 1) & (capacity - 1);
        w->cards[j] = old[i];
    }
    free(old);
    return 0;
}

int embedded_registry_print_ready(embedded_registry *w, const void *record, uint64_t card_id)
{
    if (2 * (w->card_count + 1) > w->card_capacity && cards_grow(w) != 0)
        return -1;
    size_t i = slot_of(w, record);
    while (w->cards[i].record != NULL && w->cards[i].record != record)
        i = (i + 1) & (w->card_capacity - 1);
    /* a record reused after leaving unprinted replaces its stale entry */
    w->card_count += w->cards[i].record == NULL;
    w->cards[i] = (card_slot){record, card_id};
    return 0;
}

/* Linear probing's deletion: shift later entries of the run back into the hole. */
static void cards_remove(embedded_registry *w, size_t hole)
{
    size_t mask = w->card_capacity - 1;
    w->cards[hole].record = NULL;
    for (size_t j = (hole + 1) & mask; w->cards[j].record != NULL; j = (j + 1) & mask) {
        size_t home = slot_of(w, w->cards[j].record);
        int between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!between) {
            w->cards[hole] = w->cards[j];
            w->cards[j].record = NULL;
            hole = j;
        }
    }
    w->card_count--;
}

int embedded_registry_printed(embedded_registry *w, const void *record)
{
    if (w->card_capacity == 0)
        return fail(w, "print", "a card printed that was never print-ready");
    size_t i = slot_of(w, record);
    while (w->cards[i].record != NULL && w->cards[i].record != record)
        i = (i + 1) & (w->card_capacity - 1);
    if (w->cards[i].record == NULL)
        return fail(w, "print", "a card printed that was never print-ready");
    uint64_t card_id = w->cards[i].card_id;
    cards_remove(w, i);
    char blank[40], err[200];
    snprintf(blank, sizeof blank, "SIM-%010llu", (unsigned long long)++w->blanks_used);
    core_transition_args args = {.blank_serial = blank, .note = "printed"};
    if (core_issuance_transition(w->reg, card_id, CORE_CARD_PRINTED, &args, NULL, err,
                                 sizeof err) != CORE_OK)
        return fail(w, "print", err);
    return count_op(w);
}

uint64_t embedded_registry_searches(const embedded_registry *w)
{
    return w ? w->searches : 0;
}

int embedded_registry_close(embedded_registry *w, const char *final_path, int keep, char *why,
                            size_t why_size)
{
    if (w == NULL)
        return 0;
    char err[200];
    if (!w->failed && core_registry_batch_end(w->reg, err, sizeof err) != CORE_OK)
        fail(w, "final commit", err);
    core_registry_close(w->reg);
    int status = 0;
    if (w->failed) {
        snprintf(why, why_size, "%s", w->error);
        status = -1;
    } else if (keep && rename(w->path, final_path) != 0) {
        snprintf(why, why_size, "registry: cannot rename %s to %s", w->path, final_path);
        status = -1;
    }
    if (status != 0 || !keep)
        unlink(w->path);
    free(w->path);
    free(w->person_of);
    free(w->cards);
    free(w);
    return status;
}
