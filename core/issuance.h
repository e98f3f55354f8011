/* Card lifecycle: the statuses an e-KTP record and card pass through, the legal transitions,
 * and the registry operation that moves a card (one transaction, audited). Status names
 * follow SIAK/ABIS usage: Sent For Enrollment, Print Ready Record, Duplicate Record,
 * Adjudicate Record, Enroll Failure. Functions taking a registry share its thread rules. */
#ifndef CORE_ISSUANCE_H
#define CORE_ISSUANCE_H

#include <stddef.h>
#include <stdint.h>
#include "core/registry.h"

typedef enum core_card_status {
    CORE_CARD_RECORDED = 0,           /* demographics + biometrics captured at an office */
    CORE_CARD_SENT_FOR_ENROLMENT = 1, /* queued for central dedup (ABIS) */
    CORE_CARD_PRINT_READY = 2,        /* unique: person and NIK exist, card may be printed */
    CORE_CARD_DUPLICATE = 3,          /* the applicant already has an identity (terminal) */
    CORE_CARD_ADJUDICATE = 4,         /* manual review of the evidence */
    CORE_CARD_ENROL_FAILURE = 5,      /* unusable capture: record again */
    CORE_CARD_PRINTED = 6,            /* printed on a blank (its serial kept) */
    CORE_CARD_COLLECTED = 7,          /* handed to the holder */
    CORE_CARD_REPLACED_LOST = 8,      /* superseded by a new card (terminal for this card) */
    CORE_CARD_REPLACED_DAMAGED = 9,
    CORE_CARD_REPLACED_DATA_CHANGE = 10,
    CORE_CARD_REVOKED = 11            /* terminal */
} core_card_status;
#define CORE_CARD_STATUS_COUNT 12

/* Legal transitions (everything else is CORE_ESTATE):
 *   recorded -> sent-for-enrolment
 *   sent-for-enrolment -> print-ready | duplicate | adjudicate | enrol-failure
 *   adjudicate -> print-ready | duplicate
 *   enrol-failure -> recorded
 *   print-ready -> printed | revoked
 *   printed -> collected | revoked
 *   collected -> replaced-lost | replaced-damaged | replaced-data-change | revoked */
int core_card_transition_allowed(core_card_status from, core_card_status to); /* 1 or 0 */

/* "recorded", "sent-for-enrolment", "print-ready", ... ; "unknown" for bad values. */
const char *core_card_status_name(core_card_status status);
/* Parses a name from core_card_status_name: CORE_OK or CORE_EINVAL. */
int core_card_status_parse(const char *name, core_card_status *out);

typedef struct core_card {
    uint64_t id, enrolment_id;
    uint64_t person_id;        /* 0 while unknown (recorded ... adjudicate) */
    uint64_t replaces_card_id; /* 0 for a first card */
    core_card_status status;
    char blank_serial[40];     /* "" until printed */
} core_card;

typedef struct core_transition_args {
    const char *blank_serial; /* required for -> printed; each blank is used once */
    uint64_t duplicate_of;    /* required for -> duplicate: the existing person */
    const char *note;         /* optional, goes to the audit log */
} core_transition_args;

/* Moves card_id to `to` in one transaction, with the transition's effects:
 *   -> print-ready from sent-for-enrolment/adjudicate: the applicant is judged unique; the
 *      person is created with a new NIK and the template enters the registry and gallery;
 *   -> duplicate: links the card to args->duplicate_of;
 *   -> printed: records args->blank_serial (CORE_EEXIST if that blank was used);
 *   -> replaced-*: creates the replacement card (print-ready, same person); its id goes to
 *      *new_card_id (may be NULL otherwise).
 * Leaving sent-for-enrolment or adjudicate this way is a person's verdict: it is stored as a
 * decision ("manual decision (adjudicate -> print-ready): note") beside dedup's own.
 * Returns CORE_OK; CORE_ESTATE ("card 7: illegal transition printed -> duplicate");
 * CORE_ENOTFOUND; CORE_EINVAL (missing argument); CORE_EEXHAUSTED (no NIK serial left);
 * CORE_EBUSY/CORE_EIO. On error nothing changes. */
int core_issuance_transition(core_registry *reg, uint64_t card_id, core_card_status to,
                             const core_transition_args *args, uint64_t *new_card_id,
                             char *err, size_t err_size);

/* Reads a card: CORE_OK or CORE_ENOTFOUND. */
int core_issuance_card_get(core_registry *reg, uint64_t card_id, core_card *out);
/* Cards of a person, oldest first: up to max into out, the total number into *count. */
int core_issuance_cards_of_person(core_registry *reg, uint64_t person_id, core_card *out,
                                  size_t max, size_t *count);

#endif
