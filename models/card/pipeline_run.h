/* What the runner needs from a replication's pipeline (models/run/run.c, viz/live.c, the
 * pipeline benchmark): build it on a calendar, let the calendar run, finish its totals and
 * read the conservation counts; and the routes pipeline_setup.c wires between the stages
 * (pipeline.c), which the stages themselves never call by name. The types the stages share
 * are in pipeline.h. Not thread-safe: one pipeline per replication and thread. */
#ifndef MODELS_PIPELINE_RUN_H
#define MODELS_PIPELINE_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "models/abis/abis.h"
#include "models/card/pipeline.h"
#include "models/scenario/scenario.h"
#include "sim/calendar.h"
#include "sim/rng.h"

/* Conservation counts at the end of a run (all applicants, warm-up included). */
typedef struct pipeline_balance {
    uint64_t arrived, in_recording, in_place[PLACE_COUNT], duplicates, printed, live;
    uint64_t ikd_only;               /* left before printing: IKD holders wanting no card */
    int64_t blanks_delivered, blanks_printed, blanks_spoiled, blanks_in_stock, blanks_in_printers;
} pipeline_balance;

/* Builds the whole pipeline of a replication on cal: s, cal and streams are borrowed and
 * must outlive it; the pipeline schedules its first events on cal. Returns the pipeline
 * (the caller owns it: pipeline_destroy) or NULL on failure (memory, streams, calendar). */
pipeline *pipeline_create(const scenario *s, sim_calendar *cal, sim_rng_streams *streams);
/* Frees the pipeline and everything it owns; NULL is accepted. */
void pipeline_destroy(pipeline *p);
/* After the run (the calendar at the horizon): fills each region's totals (utilisations, end
 * levels, IKD). Returns 0, or -1 when any stage or the engine failed during the run. */
int pipeline_finish(pipeline *p);
/* The conservation counts of region `region` (< p->region_count) into *out. */
void pipeline_balance_of(const pipeline *p, size_t region, pipeline_balance *out);
/* Bytes of memory held by the applicant pool (for the benchmark). */
size_t pipeline_pool_bytes(const pipeline *p);

/* Routes (pipeline.c), given to the stages at init by pipeline_setup.c. Each takes over the
 * applicant the stage hands on. */
/* The recording office's and outreach's hook (ctx: the pipeline_region): a new record. */
void pipeline_on_recorded(void *ctx, double arrival_s, double start_s, double end_s);
/* Recorded again after an enrol failure (ctx: the region; tag: the applicant). */
void pipeline_recorded_again(void *ctx, void *tag, double end_s);
/* The ABIS's outcome callback (owner: the pipeline; record: the applicant). */
void pipeline_abis_result(void *owner, void *record, abis_outcome outcome);
/* The link's exit: a record arrived at the ABIS (a->upward) or a result at the office. */
void pipeline_after_link(pipeline_applicant *a);
/* The blank store's exit: a suket holder leaves the backlog for a printer. */
void pipeline_after_backlog(pipeline_applicant *a);
/* The printers' exit: the card is printed; collection and the journey's metrics. */
void pipeline_printed(pipeline_applicant *a);

/* Applicants are allocated in blocks of PIPELINE_POOL_BLOCK. */
#define PIPELINE_POOL_BLOCK 1024
#define POOL_BLOCK_BYTES (PIPELINE_POOL_BLOCK * sizeof(pipeline_applicant))

#endif
