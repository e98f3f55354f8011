/* Dedup decisions: combine biometric evidence (the gallery's best candidates) and demographic
 * evidence (a stated NIK that exists; same normalised name, birth date, birth place and
 * mother's name) into UNIQUE, DUPLICATE (with the existing person) or REVIEW.
 *
 * The rule, first match wins (scores: lower = more alike; match_below < review_below):
 *  1. no eye with at least CORE_IRIS_MIN_BITS valid mask bits     -> ENROL_FAILURE
 *  2. biometric matches (score < match_below) with 2+ persons     -> REVIEW (the gallery
 *     already holds a duplicate pair)
 *  3. one biometric match P, stated NIK belongs to another person -> REVIEW (identity conflict)
 *  4. one biometric match P                                       -> DUPLICATE of P
 *  5. a candidate in the grey zone [match_below, review_below)    -> REVIEW
 *  6. the stated NIK exists (iris does not match its holder)      -> REVIEW
 *  7. a demographic match (iris does not match)                   -> REVIEW
 *  8. otherwise                                                   -> UNIQUE
 * Biometrics decide DUPLICATE alone: demographics are easy to vary and misspell, irises are
 * not; demographics only ever raise a REVIEW. Pure and thread-safe. */
#ifndef CORE_DEDUP_H
#define CORE_DEDUP_H

#include <stddef.h>
#include <stdint.h>
#include "core/gallery.h"
#include "core/gallery_index.h"
#include "core/nik.h"

typedef enum core_outcome {
    CORE_OUTCOME_UNIQUE = 1,
    CORE_OUTCOME_DUPLICATE = 2,
    CORE_OUTCOME_REVIEW = 3,
    CORE_OUTCOME_ENROL_FAILURE = 4
} core_outcome;

typedef struct core_dedup_config {
    double match_below;    /* fused score below this is the same person; default 0.30 */
    double review_below;   /* [match_below, review_below) is the grey zone; default 0.33 */
    int rotations;         /* passed to the gallery search; default CORE_IRIS_DEFAULT_ROTATIONS */
    int threads;           /* gallery search threads; default 1 */
    size_t max_candidates; /* candidates kept as evidence, <= CORE_DEDUP_MAX_CANDIDATES; 8 */
    core_search_plan search; /* brute force (default) or the sketch index, for the registry's
                                gallery search (core/gallery_index.h) */
} core_dedup_config;
#define CORE_DEDUP_MAX_CANDIDATES 16
#define CORE_DEDUP_MAX_DEMOGRAPHIC 8

void core_dedup_config_default(core_dedup_config *cfg);
/* CORE_OK or CORE_EINVAL with a message (thresholds out of order or outside 0..1, ...). */
int core_dedup_config_check(const core_dedup_config *cfg, char *err, size_t err_size);

typedef struct core_dedup_evidence {
    int usable_eyes;                   /* eyes with >= CORE_IRIS_MIN_BITS valid mask bits */
    const core_candidate *candidates;  /* best first, as from core_gallery_identify */
    size_t candidate_count;
    uint64_t nik_holder;               /* person holding the applicant's stated NIK, or 0 */
    const uint64_t *demographic;       /* persons with the same normalised demographics */
    size_t demographic_count;
} core_dedup_evidence;

typedef struct core_decision {
    core_outcome outcome;
    uint64_t person_id;   /* DUPLICATE: the existing person; UNIQUE: the new person (after
                             enrolment); REVIEW: the strongest lead or 0 */
    char nik[CORE_NIK_DIGITS + 1]; /* UNIQUE: the new NIK; DUPLICATE: the existing one */
    double best_score;    /* lowest candidate score, 1.0 if none */
    uint64_t comparisons; /* template comparisons made by the search */
    uint64_t enrolment_id, card_id, decision_id; /* filled by core/enrol.c */
    char reason[200];     /* one sentence, also stored for audit */
} core_decision;

/* Applies the rule above. out->outcome, person_id, best_score and reason are set; the other
 * fields are left as they were. Returns CORE_OK or CORE_EINVAL (bad config or evidence). */
int core_dedup_decide(const core_dedup_config *cfg, const core_dedup_evidence *ev,
                      core_decision *out);

/* "unique", "duplicate", "review", "enrol-failure"; "unknown" otherwise. */
const char *core_outcome_name(core_outcome outcome);

#endif
