/* Enrolment: record an applicant (demographics + both-eye template), send the record to
 * dedup, and apply the decision to the registry with its evidence kept for audit.
 * core_enrol() does all three in one transaction; the split calls let a pipeline hold records
 * in "recorded" or "sent-for-enrolment" for a while (as the real backlog did). Each call
 * reports the template comparisons its search made so a simulator can turn work into time.
 * Thread rules are the registry's. Error texts go to err (err_size bytes, may be NULL). */
#ifndef CORE_ENROL_H
#define CORE_ENROL_H

#include <stddef.h>
#include <stdint.h>
#include "core/dedup.h"
#include "core/iris.h"
#include "core/registry.h"

/* Checks an applicant: name, birth place and mother's name NUL-terminated within
 * CORE_TEXT_MAX and UTF-8 without control characters (core_normalize_text_ok), sex, a birth date that exists (full year 1900-2099, real leap
 * years), birth place, mother's name, a known district code, and a stated NIK if any.
 * CORE_OK, CORE_EINVAL or CORE_ENOTFOUND (unknown district), e.g. "birth date 2001-02-29
 * does not exist" or "stated NIK: unknown district code 11.01.99". */
int core_enrol_check_applicant(const core_person *applicant, char *err, size_t err_size);

/* Stores the applicant and template as a new record (card status "recorded") in one
 * transaction; *card_id gets the card. Nothing is written on error. */
int core_enrol_record(core_registry *reg, const core_person *applicant,
                      const core_template *template_, uint64_t *card_id, char *err,
                      size_t err_size);

/* Runs dedup for a card in "sent-for-enrolment" and applies the outcome in one transaction:
 * unique -> print-ready (person + NIK + template created, gallery updated), duplicate ->
 * duplicate (linked to the existing person), review -> adjudicate, no usable iris ->
 * enrol-failure. The decision and its evidence rows are stored. cfg NULL = defaults. */
int core_enrol_decide(core_registry *reg, uint64_t card_id, const core_dedup_config *cfg,
                      core_decision *out, char *err, size_t err_size);

/* A new capture for a card in "enrol-failure": replaces the enrolment's template and moves
 * the card back to "recorded" in one transaction (CORE_ESTATE for any other status). */
int core_enrol_recapture(core_registry *reg, uint64_t card_id, const core_template *template_,
                         char *err, size_t err_size);

/* record + send + decide in one transaction. On error (bad input, CORE_EEXHAUSTED, ...)
 * nothing is written. out->comparisons is the search work. */
int core_enrol(core_registry *reg, const core_person *applicant, const core_template *template_,
               const core_dedup_config *cfg, core_decision *out, char *err, size_t err_size);

/* core_enrol with an idempotency key (request_id: 1-CORE_ENROL_REQUEST_ID_MAX printable ASCII
 * characters, no spaces). The first call enrols and stores the key with its enrolment in the
 * same transaction; a later call with the same key (a retry after a crash between the commit
 * and the caller hearing the answer) writes nothing and returns the first decision, with
 * *replayed = 1 (else 0; replayed may be NULL). The retry must carry the same name, birth date
 * and template: otherwise CORE_EEXIST ("request id R was used for another applicant
 * (enrolment N)"). Other errors as core_enrol. */
#define CORE_ENROL_REQUEST_ID_MAX 64
int core_enrol_request(core_registry *reg, const char *request_id, const core_person *applicant,
                       const core_template *template_, const core_dedup_config *cfg,
                       core_decision *out, int *replayed, char *err, size_t err_size);

/* core_enrol for a caller that searched a gallery of its own (e.g. a simulator that keeps the
 * gallery in memory and writes a registry opened with CORE_REGISTRY_NO_GALLERY): candidates
 * (best first, person ids of THIS registry, at most cfg->max_candidates are kept) and
 * comparisons stand for the gallery search; demographic evidence, the decision, its storage
 * and the person's creation are core_enrol's. The registry's own gallery, if any, is not
 * searched but is updated. Same return codes as core_enrol. */
int core_enrol_searched(core_registry *reg, const core_person *applicant,
                        const core_template *template_, const core_dedup_config *cfg,
                        const core_candidate *candidates, size_t candidate_count,
                        uint64_t comparisons, core_decision *out, char *err, size_t err_size);

/* Stores a person enrolled before this registry (a migration, a simulator's pre-filled
 * gallery) without a search: enrolment, card print-ready, a person with a new NIK and the
 * template, and a decision UNIQUE whose reason is CORE_ENROL_IMPORTED_REASON (0 comparisons),
 * in one transaction. out->person_id and out->nik get the person. Errors as core_enrol. */
#define CORE_ENROL_IMPORTED_REASON "imported: enrolled before this registry, not searched"
int core_enrol_import(core_registry *reg, const core_person *person,
                      const core_template *template_, core_decision *out, char *err,
                      size_t err_size);

#endif
