/* What the stages of the applicant's journey need, per region: network -> ABIS dedup
 * (shared) -> [manual review] -> result back over the link -> printing (one blank per card)
 * -> blanks and suket backlog -> collection. One replication builds one pipeline on its
 * calendar; the stage modules (network.c, printing.c, blanks.c, outreach.c) share the types
 * below. What builds and finishes a pipeline is in pipeline_run.h.
 *
 * Ownership: the pipeline (pipeline.c, pipeline_setup.c) owns the applicants (a pool), the
 * per-place counts, the region totals, the daily rows and the central stock; each stage owns
 * its own struct below and changes no other module's counters (it calls that module's
 * functions). A stage hands an applicant on only through the exit given at its init.
 * Not thread-safe: one replication, one calendar, one thread. Internal to models/: app code
 * uses models/run/run.h. */
#ifndef MODELS_PIPELINE_H
#define MODELS_PIPELINE_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "models/abis/abis.h"
#include "models/ikd/ikd_adoption.h"
#include "models/card/outage.h"
#include "models/card/recording.h"
#include "models/scenario/scenario.h"
#include "models/supply/supply.h"
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

/* The published bins of time from application to card (hours): up to 1, 2, 3, 6, 24, more. */
#define PIPELINE_TTC_BINS 6
extern const double pipeline_ttc_bin_upper_s[PIPELINE_TTC_BINS - 1];

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
    /* Cards printed after the warm-up, whoever they are for (a card printed in the measured
     * window for someone who came earlier counts): the ministry's June 2020 reading. */
    double printed_window, printed_bin[PIPELINE_TTC_BINS];
    double station_busy_s, station_open_s, operator_busy_s, operator_open_s, link_busy_s, link_open_s, printer_busy_s,
        printer_open_s;
    pipeline_hist ttc, in_hand, rec_wait;
    ikd_adoption_totals ikd;              /* zero without an "ikd" key */
} pipeline_totals;

/* daily.csv columns after rep, day, date, region_code. */
enum {
    DAILY_ARRIVALS, DAILY_RECORDED, DAILY_Q_RECORDING, DAILY_Q_UPLOAD, DAILY_Q_DEDUP,
    DAILY_Q_REVIEW, DAILY_Q_PRINT, DAILY_PRINTED, DAILY_COLLECTED, DAILY_BLANK_STOCK,
    DAILY_STOCKOUT, DAILY_SUKET_ISSUED, DAILY_SUKET_BACKLOG, DAILY_IKD_ACTIVE,
    DAILY_IKD_ELIGIBLE, DAILY_COLUMNS
};

/* A stage's exit: called once when the applicant leaves the stage, with the applicant now
 * in the caller's hands (the pipeline routes it on; pipeline.c). */
typedef void (*pipeline_exit)(pipeline_applicant *a);

/* The office link (network.c). */
typedef struct network_link {
    const scenario_network *config;
    pipeline_exit exit;              /* a transfer ended, either direction (a->upward) */
    sim_resource line;
    pipeline_fifo held;              /* offline: waiting for the next sync */
    gsl_rng *size_rng, *outage_rng;
    double down_start, down_end;     /* intermittent: the next outage (seconds) */
} network_link;

/* Returns 0, or -1 when a stream, the line or the first sync cannot be set up. */
int network_link_init(network_link *n, pipeline_region *region, sim_rng_streams *streams,
                      pipeline_exit arrived);
void network_link_fini(network_link *n);
/* Sends the record up (upward = 1) or the result down (0); on arrival `arrived` runs. The link
 * holds a while in transfer (or in its offline hold list). Returns 0, -1 on engine failure. */
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
    pipeline_exit exit;              /* the card is printed */
    char label[64];                  /* names the printers in engine errors (a stall) */
} printing_office;

/* Returns 0, or -1 when a stream or the printers cannot be set up. */
int printing_office_init(printing_office *p, pipeline_region *region, sim_rng_streams *streams,
                         pipeline_exit printed);
void printing_office_fini(printing_office *p);
/* Queues a for a printer; each attempt takes a blank from the region's blank store (no blank:
 * a joins its suket backlog). Returns 0, -1 on engine failure. */
int printing_submit(printing_office *p, pipeline_applicant *a);

/* Every field is changed only by blanks.c; others read them or call the functions below. */
typedef struct blank_store {
    const scenario_blanks *config;
    sim_stock stock;
    pipeline_fifo backlog_first, backlog_other; /* suket holders, by the 2020 priority */
    int order_pending, stockout_today;
    int64_t delivered, printed, spoiled, in_printers; /* in_printers: attempts in progress */
    uint64_t suket_issued_today, suket_issued_measured; /* sukets handed out */
    gsl_rng *lead_rng;
    pipeline_exit release;           /* a suket holder leaves the backlog: blanks are back */
} blank_store;

/* Returns 0, or -1 when a stream or the stock cannot be set up. May order at once (initial
 * stock below the reorder point), so the supply chain must exist before. */
int blank_store_init(blank_store *b, pipeline_region *region, sim_rng_streams *streams,
                     pipeline_exit release);
void blank_store_fini(blank_store *b);
/* Takes one blank into a printer now; returns 1 when taken, 0 when the office has none. */
int blank_store_take(blank_store *b);
/* A print attempt that took a blank ended: the blank is printed, or spoiled (a misprint). */
void blank_store_attempt_done(blank_store *b, int spoiled);
/* The person gets a suket (if not holding one already) and waits for blanks in the backlog,
 * which holds a until `release` hands it on. */
void blank_store_wait(blank_store *b, pipeline_applicant *a);
/* People waiting for a blank now. */
size_t blank_store_backlog(const blank_store *b);
/* Of them, those who joined the backlog before since_s (seconds). */
size_t blank_store_waiting_before(const blank_store *b, double since_s);
/* Blanks used so far: printed, spoiled and in printers. */
int64_t blank_store_used(const blank_store *b);
/* Blanks arrived at the office (ends_order: they answer its pending order): serves the
 * suket backlog, then orders again if still below the reorder point. */
void blank_store_receive(pipeline_region *region, int64_t amount, int ends_order);
/* The supply chain will not answer the pending order (push policy): the office may ask again. */
void blank_store_order_dropped(blank_store *b);
/* End of a day: returns 1 when the office ran out of blanks at some point today or ends it
 * empty, and sets *suket_issued to the sukets handed out today; starts the next day. */
int blank_store_end_day(blank_store *b, uint64_t *suket_issued);

/* Mobile outreach (outreach.c). */
typedef struct outreach_team {
    recording_hook_fn recorded;      /* a record is back at the office, as from recording */
    gsl_rng *rng;
    double *capture_s;               /* the current visit's captures; owned */
    double visit_start_s;
    int pending;                     /* recorded on the current visit, not yet back */
    uint64_t met, measured_met, measured_due_met, returned;
} outreach_team;

/* Returns 0, or -1 when a stream, memory or the first visit cannot be set up. */
int outreach_init(outreach_team *team, pipeline_region *region, sim_rng_streams *streams,
                  recording_hook_fn recorded);
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
    gsl_rng *collect_rng, *first_time_rng, *reprint_rng; /* reprint_rng: NULL without reprints */
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
    ikd_adoption *ikd;               /* owned; NULL without an "ikd" key */
    size_t region_count;
    pipeline_region *regions;
    pipeline_applicant *free_list;
    void **blocks;
    size_t block_count, block_capacity, live, peak_live;
    int failed;
    char failure[320]; /* what failed first, where (pipeline_fail) */
};

/* Hand-offs (pipeline.c). */
/* Ends a's current place (its time goes to that place's stage) and enters `place`. */
void pipeline_move(pipeline_applicant *a, pipeline_place place);
/* Region r's random stream "PURPOSE/CODE" (borrowed from streams), or NULL when it cannot be
 * made. Needs r->config. */
gsl_rng *pipeline_stream(sim_rng_streams *streams, const char *purpose,
                         const pipeline_region *r);
/* Marks the replication failed (an engine call failed); the runner reports it at the end. */
void pipeline_mark_failed(pipeline *p);
/* The same, from a region's stage, recording the first time what failed and where: the
 * region, the component (the calling file's name) and the engine's reason for the refused
 * schedule (the usual cause). */
void pipeline_fail_at(pipeline_region *r, const char *file);
#define pipeline_fail(r) pipeline_fail_at((r), __FILE__)
/* Takes up to `wanted` blanks from the simple central stock (no "supply" key); returns the
 * number granted (all of them when the stock is unlimited). */
int64_t pipeline_central_take(pipeline *p, int64_t wanted);

#endif
