/* The applicant's journey after recording, per region: network -> ABIS dedup (shared) ->
 * [manual review] -> result back over the link -> printing (one blank per card) -> blanks and
 * suket backlog -> collection. One replication builds one pipeline on its calendar; the stage
 * modules (network.c, abis.c, printing.c, blanks.c) share the types below. Internal to
 * models/: app code uses models/run.h. */
#ifndef MODELS_PIPELINE_H
#define MODELS_PIPELINE_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "models/abis.h"
#include "models/digital.h"
#include "models/outage.h"
#include "models/recording.h"
#include "models/scenario.h"
#include "models/supply.h"
#include "sim/calendar.h"
#include "sim/resource.h"
#include "sim/rng.h"
#include "sim/schedule.h"
#include "sim/stock.h"

/* Stages where time is spent, in the order of results.md's stage_*_s metrics. */
typedef enum pipeline_stage {
    STAGE_RECORDING, STAGE_NETWORK, STAGE_DEDUP, STAGE_REVIEW, STAGE_PRINTING, STAGE_BLANKS,
    STAGE_COLLECTION, STAGE_COUNT
} pipeline_stage;

/* Where an applicant is between recording and card: each place belongs to one stage. */
typedef enum pipeline_place {
    PLACE_RERECORD, PLACE_UPLOAD, PLACE_DEDUP, PLACE_REVIEW, PLACE_DOWNLOAD, PLACE_PRINT,
    PLACE_BACKLOG, PLACE_COUNT
} pipeline_place;

typedef struct pipeline_region pipeline_region;

/* One person from the end of recording to the card. 64 bytes: float stage times are
 * accurate to ~1 s over a year, ample for stage means. */
typedef struct pipeline_applicant {
    struct pipeline_applicant *next; /* free list, offline hold list or suket backlog */
    pipeline_region *region;
    double arrival_s;                /* joined the recording line ("start of recording") */
    double entered_s;                /* entered the current place */
    float stage_s[STAGE_COUNT - 1];  /* seconds spent per stage before collection */
    uint8_t place;
    uint8_t first_time, has_suket, upward, measured, rerecord;
} pipeline_applicant;

/* A FIFO of applicants linked through `next`. */
typedef struct pipeline_fifo {
    pipeline_applicant *head, *tail;
    size_t count;
} pipeline_fifo;

void pipeline_fifo_push(pipeline_fifo *q, pipeline_applicant *a);
pipeline_applicant *pipeline_fifo_pop(pipeline_fifo *q);

/* Fixed-edge histogram of durations: 60 s bins to 2 h, 15 min bins to 24 h, then days to
 * the horizon, plus one overflow bin. Quantiles interpolate inside a bin, so their error is
 * at most the width of the bin holding them (60 s below 2 h, 900 s below 24 h, 1 day above). */
typedef struct pipeline_hist {
    size_t bins;          /* edges: upper bounds of bins 0..bins-2; the last is overflow */
    double *upper_s;      /* owned */
    uint64_t *count;      /* owned */
    uint64_t total;
} pipeline_hist;

int pipeline_hist_init(pipeline_hist *h, int horizon_days);
void pipeline_hist_fini(pipeline_hist *h);
void pipeline_hist_add(pipeline_hist *h, double x);
int pipeline_hist_merge(pipeline_hist *into, const pipeline_hist *from);
double pipeline_hist_quantile(const pipeline_hist *h, double p);

/* A region's numbers for one replication (measured = arrived after the warm-up). */
typedef struct pipeline_totals {
    double arrived, recorded, cards_printed, duplicates_found, adjudicated, enrol_failures;
    double suket_issued, suket_backlog_end, blank_stockout_days, blanks_spoiled;
    /* The one-hour target without censoring: of the measured people who arrived at least
     * SCENARIO_CARD_TARGET_S before the horizon and were owed a card (not found duplicates,
     * not IKD-only), within_1h got it in time; pending_end = measured people with neither a
     * card nor a decision at the horizon (their times are missing from time_to_card). */
    double within_1h, owed, pending_end;
    double ttc_sum, in_hand_sum, in_hand_count, rec_wait_sum, rec_wait_count;
    double upload_sum, upload_count, dedup_sum, dedup_count, print_wait_sum, print_wait_count;
    double stage_sum[STAGE_COUNT];
    double station_busy_s, station_open_s, operator_busy_s, operator_open_s, link_busy_s, link_open_s, printer_busy_s,
        printer_open_s;
    pipeline_hist ttc, in_hand, rec_wait;
    digital_totals ikd;              /* zero without an "ikd" key */
} pipeline_totals;

/* daily.csv columns after rep, day, date, region_code. */
enum {
    DAILY_ARRIVALS, DAILY_RECORDED, DAILY_Q_RECORDING, DAILY_Q_UPLOAD, DAILY_Q_DEDUP,
    DAILY_Q_REVIEW, DAILY_Q_PRINT, DAILY_PRINTED, DAILY_COLLECTED, DAILY_BLANK_STOCK,
    DAILY_STOCKOUT, DAILY_SUKET_ISSUED, DAILY_SUKET_BACKLOG, DAILY_IKD_ACTIVE,
    DAILY_IKD_ELIGIBLE, DAILY_COLUMNS
};

/* Conservation counts at the end of a run (all applicants, warm-up included). */
typedef struct pipeline_balance {
    uint64_t arrived, in_recording, in_place[PLACE_COUNT], duplicates, printed, live;
    uint64_t ikd_only;               /* left before printing: IKD holders wanting no card */
    int64_t blanks_delivered, blanks_printed, blanks_spoiled, blanks_in_stock, blanks_in_printers;
} pipeline_balance;

/* The office link (network.c). */
typedef struct network_link {
    const scenario_network *config;
    sim_resource line;
    pipeline_fifo held;              /* offline: waiting for the next sync */
    gsl_rng *size_rng, *outage_rng;
    double down_start, down_end;     /* intermittent: the next outage (seconds) */
} network_link;

int network_link_init(network_link *n, pipeline_region *region, sim_rng_streams *streams);
void network_link_fini(network_link *n);
/* Sends the record up (upward = 1) or the result down (0); on arrival the pipeline's
 * pipeline_uploaded / pipeline_downloaded runs. */
int network_send(network_link *n, pipeline_applicant *a, int upward);
/* Whether the link works at time t (never for an offline link: it only syncs in batches).
 * Draws the intermittent link's outages up to t, in the same order transfers would; an
 * outage that a transfer in progress has already stepped over is not seen. Call with
 * nondecreasing t. */
int network_link_is_up(network_link *n, double t);

/* Printing (printing.c) and blanks (blanks.c). */
typedef struct printing_office {
    const scenario_printing *config;
    sim_resource printers;
    gsl_rng *time_rng, *misprint_rng, *failure_rng;
    char label[64]; /* names the printers in engine errors (a stall) */
} printing_office;

int printing_office_init(printing_office *p, pipeline_region *region, sim_rng_streams *streams);
void printing_office_fini(printing_office *p);
int printing_submit(printing_office *p, pipeline_applicant *a);

typedef struct blank_store {
    const scenario_blanks *config;
    sim_stock stock;
    pipeline_fifo backlog_first, backlog_other; /* suket holders, by the 2020 priority */
    int order_pending, stockout_today;
    int64_t delivered, printed, spoiled, in_printers; /* in_printers: attempts in progress */
    gsl_rng *lead_rng;
} blank_store;

int blank_store_init(blank_store *b, pipeline_region *region, sim_rng_streams *streams);
void blank_store_fini(blank_store *b);
/* Takes one blank now; returns 1 when taken, 0 when the office has none. */
int blank_store_take(blank_store *b);
/* The person gets a suket (if not holding one already) and waits for blanks. */
void blank_store_wait(blank_store *b, pipeline_applicant *a);
size_t blank_store_backlog(const blank_store *b);
/* Blanks arrived at the office (ends_order: they answer its pending order): serves the
 * suket backlog, then orders again if still below the reorder point. */
void blank_store_receive(pipeline_region *region, int64_t amount, int ends_order);

/* Mobile outreach (outreach.c). */
typedef struct outreach_team {
    gsl_rng *rng;
    double *capture_s;               /* the current visit's captures; owned */
    double visit_start_s;
    int pending;                     /* recorded on the current visit, not yet back */
    uint64_t met, measured_met, measured_due_met, returned;
} outreach_team;

int outreach_init(outreach_team *team, pipeline_region *region, sim_rng_streams *streams);
void outreach_fini(outreach_team *team);

typedef struct pipeline pipeline;

struct pipeline_region {
    pipeline *owner;
    const scenario_region *config;
    size_t index;
    recording_office *office;
    sim_schedule hours;              /* the office's opening hours (printing) */
    network_link link;
    printing_office printing;
    blank_store blanks;
    outreach_team outreach;
    outage_timeline power;           /* power cuts (when config->power.has_cuts) */
    gsl_rng *collect_rng, *first_time_rng;
    uint64_t in_place[PLACE_COUNT], duplicates, printed, alive, ikd_only;
    uint64_t measured_done;          /* measured people who left: card, duplicate, IKD-only */
    uint64_t due_not_owed;           /* of the due ones, those who left without a card */
    uint64_t day_counts[DAILY_COLUMNS]; /* arrivals, recorded... counted so far today */
    uint64_t last_arrived, last_recorded;
    pipeline_totals totals;
    double *daily;                   /* horizon_days x DAILY_COLUMNS; owned */
};

struct pipeline {
    const scenario *s;
    sim_calendar *cal;
    double measure_from_s, horizon_s;
    abis_service *abis;
    int64_t central_blanks;          /* -1 unlimited */
    supply_chain *supply;            /* owned; NULL without a "supply" key */
    digital *digital;                /* owned; NULL without an "ikd" key */
    size_t region_count;
    pipeline_region *regions;
    pipeline_applicant *free_list;
    void **blocks;
    size_t block_count, block_capacity, live, peak_live;
    int failed;
    char failure[320]; /* what failed first, where (pipeline_fail) */
};

/* Builds the whole pipeline of a replication on cal. Returns NULL on failure. */
pipeline *pipeline_create(const scenario *s, sim_calendar *cal, sim_rng_streams *streams);
void pipeline_destroy(pipeline *p);
/* After the run: finishes totals (utilisations, end levels) and the balance of region i. */
int pipeline_finish(pipeline *p);
void pipeline_balance_of(const pipeline *p, size_t region, pipeline_balance *out);
/* Bytes of memory held by the applicant pool (for the benchmark). */
size_t pipeline_pool_bytes(const pipeline *p);

/* Hand-offs between stages (pipeline.c). */
void pipeline_move(pipeline_applicant *a, pipeline_place place);
void pipeline_uploaded(pipeline_applicant *a);
void pipeline_downloaded(pipeline_applicant *a);
void pipeline_printed(pipeline_applicant *a);
/* Marks the replication failed and, the first time, records what failed and where: the
 * region, the component (the calling file's name) and the engine's reason for the refused
 * schedule (the usual cause). */
void pipeline_fail_at(pipeline_region *r, const char *file);
#define pipeline_fail(r) pipeline_fail_at((r), __FILE__)
/* The recording office's hook (ctx: the pipeline_region). */
void pipeline_on_recorded(void *ctx, double arrival_s, double start_s, double end_s);
void pipeline_recorded_again(void *ctx, void *tag, double end_s);
/* The ABIS's outcome callback (owner: the pipeline). */
void pipeline_abis_result(void *owner, void *record, abis_outcome outcome);
#define PIPELINE_POOL_BLOCK 1024
#define POOL_BLOCK_BYTES (PIPELINE_POOL_BLOCK * sizeof(pipeline_applicant))

#endif
