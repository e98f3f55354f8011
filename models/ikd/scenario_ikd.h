/* The scenario's digital identity rollout (key "ikd", models/ikd/ikd_adoption.c): who may adopt IKD
 * (Identitas Kependudukan Digital, the QR identity on a phone), how fast it spreads, what an
 * activation costs the office, and the double track with the physical card. Absent key:
 * scenario.ikd is NULL and nobody adopts. Per-region values (a region's "ikd" object) are
 * resolved at load time: every region's scenario_region_ikd is complete when loading
 * succeeds. Keys: scenarios/README.md. */
#ifndef MODELS_SCENARIO_IKD_H
#define MODELS_SCENARIO_IKD_H

#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "sim/dist.h"

#define SCENARIO_IKD_MAX_GROUPS 8
#define SCENARIO_IKD_MAX_AGES 12

/* A target group (civil servants, students, the public): its share of the eligible adults
 * and its Bass diffusion coefficients. A capable, eligible person of an open group who has
 * not adopted decides to adopt at the rate (innovation + imitation x A / M) per year, where A
 * is the region's adopters and M its capable eligible people in open groups. */
typedef struct scenario_ikd_group {
    char *name;                    /* owned */
    double share;                  /* of eligible adults; the shares sum to 1 */
    double innovation;             /* Bass p, per year, >= 0 */
    double imitation;              /* Bass q, per year, >= 0 */
} scenario_ikd_group;

/* An age band of the adult population with its smartphone ownership and digital literacy. */
typedef struct scenario_ikd_age {
    char *name;                    /* owned; "" when absent */
    double share;                  /* of adults; the shares sum to 1 */
    double phone_share, literacy_share;
} scenario_ikd_age;

/* A rollout phase: from `from`, the listed groups are open in the listed regions (all
 * regions when region_count is 0). Phases add up: a group opened earlier stays open. */
typedef struct scenario_ikd_phase {
    char *name;                    /* owned; "" when absent */
    scenario_date from;
    unsigned group_mask;           /* bit g: groups[g] */
    size_t region_count;
    char (*regions)[8];            /* owned; codes of the scenario's regions */
} scenario_ikd_phase;

typedef struct scenario_ikd {
    size_t group_count;
    scenario_ikd_group groups[SCENARIO_IKD_MAX_GROUPS];
    size_t age_count;              /* 0: phone_share and literacy_share below are used */
    scenario_ikd_age ages[SCENARIO_IKD_MAX_AGES];
    scenario_region_ikd defaults;  /* for regions that do not say otherwise */
    size_t phase_count;
    scenario_ikd_phase *phases;    /* owned, sorted by `from` */
    /* Activation at the office: after deciding, a person visits after visit_delay_days;
     * a desk takes activation_time (an operator scans the QR and matches the face); the
     * attempt needs the office's link up and fails with failure_share; after a failure the
     * person comes back after retry_after_days with retry_share, else gives up. At most a
     * day's capacity (desk-seconds open / mean activation time) is admitted each day; the
     * rest are told to come back the next open day. */
    sim_dist visit_delay_days;     /* owned */
    sim_dist activation_time;      /* seconds of desk time per attempt; owned */
    double failure_share;          /* 0..1 */
    double retry_share;            /* 0..1 */
    sim_dist retry_after_days;     /* owned */
    /* The remote path (self-activation in the app): from remote_from, remote_share of the
     * deciders activate without a visit, failing with remote_failure_share (then retrying
     * like a failed visit). has_remote 0: everyone visits the office. */
    int has_remote;
    scenario_date remote_from;
    double remote_share, remote_failure_share;
    /* The double track: an IKD holder who replaces a card (a non-first-time applicant) still
     * wants the physical card with physical_card_share; the others (IKD-only) use no blank. */
    double physical_card_share;    /* 0..1 */
    double targets[2];             /* shares of eligible adults the districts are asked to reach */
} scenario_ikd;

/* Whether group g is open in region `code` on day `days_since_epoch`. */
int scenario_ikd_group_open(const scenario_ikd *ikd, size_t group, const char *code,
                            int64_t days_since_epoch);

#endif
