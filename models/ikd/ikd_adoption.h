/* IKD adoption of one replication (models/ikd/ikd_adoption.c): per region and target group,
 * eligible people (recorded, deduplicated, with a NIK), those who can use IKD (phone x
 * connectivity x literacy), Bass diffusion of the decision to adopt once a rollout phase
 * opens the group, activation visits queued at the office's desks (operator time, a working
 * link, failures and retries) or the remote path, and the double track (replacement
 * applicants who hold IKD and no longer want a card). Exists only when the scenario has an
 * "ikd" key. One calendar's thread; internal to models/. */
#ifndef MODELS_IKD_ADOPTION_H
#define MODELS_IKD_ADOPTION_H

#include <stddef.h>
#include <stdint.h>

#include "sim/rng.h"

typedef struct pipeline pipeline;
typedef struct ikd_adoption ikd_adoption;

/* A region's IKD numbers for one replication (whole horizon, warm-up included, except
 * blanks_saved which counts measured applicants like cards_printed). */
typedef struct ikd_adoption_totals {
    double eligible_end, capable_end, active_end, pending_end;
    double activations, remote_activations, office_visits, failed_attempts, link_failures;
    double turned_away, gave_up, desk_busy_s, desk_open_s;
    double ikd_only;            /* replacement applicants who left with IKD only */
    double blanks_saved;        /* of them, measured ones (arrived after the warm-up) */
    double first_open_day;      /* first day a group was open here; -1 when never */
} ikd_adoption_totals;

/* Built after the regions (it reads their links and opening hours). Returns NULL on
 * failure (memory, streams, calendar). */
ikd_adoption *ikd_adoption_create(pipeline *p, sim_rng_streams *streams);
void ikd_adoption_destroy(ikd_adoption *d);
/* A first-time applicant of region i was found unique and got a NIK: eligible from the
 * next day. */
void ikd_adoption_new_eligible(ikd_adoption *d, size_t region);
/* A replacement applicant of region i is about to be printed a card: returns 1 when they
 * hold IKD (drawn with the region's share of eligible people who do) and do not want the
 * physical card; they leave without using a blank (counted in ikd_only, and in blanks_saved
 * when `measured`). */
int ikd_adoption_ikd_only(ikd_adoption *d, size_t region, int measured);
/* People of region i with an active IKD now, and eligible people now. */
int64_t ikd_adoption_active(const ikd_adoption *d, size_t region);
int64_t ikd_adoption_eligible(const ikd_adoption *d, size_t region);
/* After the run: region i's numbers. */
void ikd_adoption_totals_of(const ikd_adoption *d, size_t region, ikd_adoption_totals *out);
/* The first error inside an event (SIM_OK when none). */
int ikd_adoption_error(const ikd_adoption *d);

#endif
