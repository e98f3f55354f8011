/* The registry file of an embedded run (models/abis/abis_embedded.c): every applicant, the core's
 * decision with its evidence, the people it created and the cards printed, written through
 * the core's own API (core_enrol_searched, core_enrol_import, core_issuance_transition) and
 * stamped with simulated time, so a seed gives a byte-identical file. The search itself stays
 * in the replication's in-memory gallery; the registry is opened without one. Internal to
 * models/. Thread safety: one calendar's thread. */
#ifndef MODELS_ABIS_EMBEDDED_REGISTRY_H
#define MODELS_ABIS_EMBEDDED_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/dedup.h"
#include "core/gallery.h"
#include "core/registry.h"
#include "models/scenario/scenario.h"
#include "sim/calendar.h"

typedef struct embedded_registry embedded_registry;

/* Creates the registry at path (an existing file there is removed first). Rows are stamped
 * with simulated time: start_date midnight WIB (UTC+7, the central registry's zone) plus
 * the calendar's seconds, as epoch seconds. gallery is the replication's (person id i = the
 * i-th person enrolled); prefill people are imported from it when a decision first names
 * them. Returns NULL with why on failure. */
embedded_registry *embedded_registry_open(const char *path, const scenario *s, sim_calendar *cal,
                                          const core_gallery *gallery,
                                          const core_dedup_config *dedup, char *why,
                                          size_t why_size);

/* One search: the applicant (demographics drawn from demo_seed, district in region_code's
 * regency "PP.KK" or anywhere when NULL), the capture searched, the gallery's candidates and
 * comparisons, and what the simulator decided (outcome, matched model person) and enrolled
 * (new_person: model id of the person enrolled now, 0 if none). The core must decide the same;
 * a different outcome is an error. *card_id gets the applicant's card. 0 or -1. */
typedef struct embedded_search {
    uint64_t demo_seed;
    const char *region_code;
    const core_template *capture;
    const core_candidate *candidates;
    size_t candidate_count;
    uint64_t comparisons;
    core_outcome outcome;
    uint64_t matched_person, new_person;
} embedded_search;
int embedded_registry_search(embedded_registry *w, const embedded_search *search,
                             uint64_t *card_id);

/* A manual review's verdict on card_id: duplicate of model person duplicate_of, or (0)
 * unique, enrolled as model person new_person. 0 or -1. */
int embedded_registry_review(embedded_registry *w, uint64_t card_id, uint64_t duplicate_of,
                             uint64_t new_person);

/* The card of record is print-ready (remembered until printed), and printed. 0 or -1. */
int embedded_registry_print_ready(embedded_registry *w, const void *record, uint64_t card_id);
int embedded_registry_printed(embedded_registry *w, const void *record);

/* Counts written so far (automatic decisions = searches written). */
uint64_t embedded_registry_searches(const embedded_registry *w);

/* Commits and closes; renames the file to final_path when keep and nothing failed, else
 * removes it. 0, or -1 with why (the file is removed). Frees w (NULL is fine). */
int embedded_registry_close(embedded_registry *w, const char *final_path, int keep, char *why,
                            size_t why_size);

/* Synthetic demographics from seed (models/abis/abis_embedded_people.c): born 17-79 years before
 * year, a district of regency "PP.KK" (region_code; anywhere when NULL or unknown). */
void embedded_people_draw(uint64_t seed, const char *region_code, int year, core_person *out);

#endif
