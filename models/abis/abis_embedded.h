/* The ABIS stage run by the real core (abis.mode "embedded"): the same abis_service interface
 * as the modeled stage, but every applicant is a synthetic person whose templates the core
 * searches against an in-memory gallery, and the core's decision routes the applicant.
 * Search time is the comparisons the core reports / comparisons_per_s, so runs do not depend
 * on the machine's speed. Thread safety: one calendar's thread; each replication owns its
 * gallery. */
#ifndef MODELS_ABIS_EMBEDDED_H
#define MODELS_ABIS_EMBEDDED_H

#include <stdint.h>

#include "models/abis/abis.h"

/* What the core did in one replication (warm-up included). All but core_wall_s are
 * deterministic for a seed; core_wall_s is real time and depends on the machine. */
typedef struct abis_embedded_stats {
    uint64_t searches;            /* core searches (one per submission) */
    uint64_t comparisons;         /* template comparisons the core reported */
    uint64_t duplicates_injected; /* applicants who were already enrolled (new identity) */
    uint64_t duplicates_found;    /* of those, decided DUPLICATE of the right person */
    uint64_t false_matches;       /* DUPLICATE of a person who is not the applicant */
    uint64_t reviews;             /* decided REVIEW (sent to the adjudication queue) */
    uint64_t enrolled;            /* gallery size at the end (prefill included) */
    double core_wall_s;           /* real seconds in the core: synthesis, search, decision */
    double search_wall_s;         /* of which in core_gallery_identify alone */
} abis_embedded_stats;

/* The embedded ABIS of a scenario whose abis.embedded is set, on cal, with streams
 * "abis.embedded.people", "abis.embedded.applicants" and
 * "abis.review". Pre-fills the gallery with s->abis.core.gallery_prefill people (the slow
 * part: synthesis of each person). Returns NULL on failure (memory, core error). */
abis_service *abis_embedded_create(const scenario *s, sim_calendar *cal,
                                   sim_rng_streams *streams, abis_done_fn done, void *owner);

/* Copies the stats of a service made by abis_embedded_create into *out and returns 0;
 * returns -1 (and zeroes *out) for any other service. */
int abis_embedded_stats_of(const abis_service *a, abis_embedded_stats *out);

/* The registry file of the run (models/abis/abis_embedded_registry.h): opens path (a temporary
 * name) so that from now on every search, review and printed card is written to it through
 * the core's API. 0, or -1 with why (also for a service that is not embedded). */
int abis_embedded_registry_open(abis_service *a, const scenario *s, const char *path, char *why,
                                size_t why_size);
/* Commits and closes the file; when keep, renames it to final_path, else removes it. Fails
 * (and removes it) if any write failed or the file's searches differ from the core's.
 * 0 (also when no registry is open), or -1 with why. */
int abis_embedded_registry_close(abis_service *a, const char *final_path, int keep, char *why,
                                 size_t why_size);
/* The pipeline printed record's card: the registry moves it to "printed" (one blank serial
 * per card). No-op for a modeled ABIS or without a registry; an error fails the ABIS. */
void abis_embedded_card_printed(abis_service *a, void *record);

#endif
