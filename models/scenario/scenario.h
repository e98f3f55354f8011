/* Scenario files: load a JSON scenario, check it strictly and turn it into typed structs.
 * This module alone reads scenario JSON; the rest of models/ uses only the structs below.
 * The key-by-key reference (units, ranges, defaults) is scenarios/README.md. */
#ifndef MODELS_SCENARIO_H
#define MODELS_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "sim/dist.h"

/* Return codes of the loader. */
enum {
    SCENARIO_OK = 0,
    SCENARIO_EINVALID = -1, /* the file was read but is not a valid scenario: see errors */
    SCENARIO_EIO = -2,      /* the file could not be read: see errors */
    SCENARIO_ENOMEM = -3    /* out of memory (also reported in errors when possible) */
};

/* Collected error messages, one line each, in the fixed format
 *   FILE: WHERE: WHAT
 * where WHERE is the JSON Pointer of the offending value (RFC 6901; the whole document is
 * written "(root)"), or "line L, column C" for a syntax error, or absent for errors about
 * the file itself ("FILE: cannot read: ..."). At most SCENARIO_MAX_ERRORS are kept; the
 * rest are counted in `dropped`. The caller owns the struct: _init before use, _fini after. */
#define SCENARIO_MAX_ERRORS 200

/* The target behind cards_within_1h_share: a card this many seconds after joining the
 * recording line. People who arrive closer than this to the horizon are not yet due. */
#define SCENARIO_CARD_TARGET_S 3600.0
typedef struct scenario_errors {
    size_t count;     /* messages stored */
    size_t dropped;   /* messages not stored because of the cap or of memory */
    char **messages;  /* owned; NUL-terminated lines without a trailing newline */
    size_t capacity;
} scenario_errors;

void scenario_errors_init(scenario_errors *errors);
void scenario_errors_fini(scenario_errors *errors);

/* A calendar date; days_since_epoch counts days from 1970-01-01 (can be negative). */
typedef struct scenario_date {
    int year, month, day;
    int64_t days_since_epoch;
} scenario_date;

/* Weekday bits of scenario_opening_hours.day_mask: bit 0 is Monday ... bit 6 Sunday. */
#define SCENARIO_MONDAY 0
#define SCENARIO_ALL_DAYS 0x7fu

/* When an office is open. always_open ("24/7") means open every second of every day,
 * holidays included. Otherwise open from open_s to close_s (seconds after local midnight,
 * 0 <= open_s < close_s <= 86400) on the days in day_mask, except on holidays. */
typedef struct scenario_opening_hours {
    int always_open;
    unsigned day_mask;
    int open_s, close_s;
} scenario_opening_hours;

typedef enum scenario_arrival_basis {
    SCENARIO_PER_OPEN_HOUR, /* `rate` applicants per hour the office is open */
    SCENARIO_PER_DAY        /* `rate` applicants per open day, spread evenly over its hours */
} scenario_arrival_basis;

/* A day with more (or fewer) applicants than usual: a campaign, a "big event". */
typedef struct scenario_campaign {
    scenario_date date;
    double factor;          /* multiplies that day's rate, >= 0 */
} scenario_campaign;

/* Arrivals: a Poisson process running only while the office is open, its rate multiplied by
 * the weekday's factor and by a campaign day's factor (thinning of a faster process). */
typedef struct scenario_arrivals {
    scenario_arrival_basis basis;
    double rate;            /* applicants per open hour, or per open day (see basis); > 0 */
    double weekday_factor[7]; /* Monday..Sunday, >= 0; all 1 by default */
    double hour_factor[24];   /* by hour of the day from midnight, >= 0; all 1 by default */
    size_t campaign_count;
    scenario_campaign *campaigns; /* owned */
} scenario_arrivals;

/* The largest factor any hour can have (weekday x hour x campaign), >= the usual 1. */
double scenario_arrivals_max_factor(const scenario_arrivals *arrivals);
/* The factor of day `days_since_epoch` at `hour` (0-23) of that day. */
double scenario_arrivals_factor(const scenario_arrivals *arrivals, int64_t days_since_epoch,
                                int hour);

/* What happens to people still in line when the office closes. */
typedef enum scenario_at_closing {
    SCENARIO_FINISH_LINE, /* stations keep capturing until the line is empty (overtime) */
    SCENARIO_CARRY_OVER   /* they keep their place and are captured from the next opening */
} scenario_at_closing;

/* The recording stage of one region: an office whose stations capture applicants. */
typedef struct scenario_recording {
    scenario_arrivals arrivals;
    int stations;                  /* recording stations (kits), >= 1 */
    int operators;                 /* operators; 0 = one per station (no separate limit) */
    double reprint_share;          /* of non-first-time applicants: printed without upload or
                                    * dedup (record already central: lost, damaged, data change) */
    int has_kit_failures;          /* both kit_time_to_failure and kit_repair_time given */
    sim_dist kit_time_to_failure;  /* seconds of calendar time between a kit's failures; owned */
    sim_dist kit_repair_time;      /* seconds; owned */
    sim_dist capture_time;         /* seconds per applicant at a station; owned */
    scenario_opening_hours opening_hours;
    scenario_at_closing at_closing;
    size_t holiday_count;
    scenario_date *holidays;       /* owned; closed all day (ignored when always open) */
} scenario_recording;

/* The office's link to the centre (models/card/network.c). Transfer time of a message of S MB on
 * B kbit/s is S * 8000 / B seconds (1 MB = 10^6 bytes, 1 kbit = 1000 bits), plus FIFO
 * queueing behind earlier messages on the same link. */
typedef enum scenario_link_mode {
    SCENARIO_LINK_ONLINE,       /* messages are sent as soon as they are ready */
    SCENARIO_LINK_INTERMITTENT, /* the link goes down and up (uptime/downtime); transfers resume */
    SCENARIO_LINK_OFFLINE       /* messages wait for a sync every sync_every_days at sync_at */
} scenario_link_mode;

typedef struct scenario_network {
    scenario_link_mode mode;
    double bandwidth_kbps;         /* > 0 */
    sim_dist record_size_mb;       /* size of one enrolment record, MB; owned */
    double result_size_kb;         /* size of the dedup result returned to the office, kB */
    sim_dist uptime;               /* intermittent: seconds up between outages; owned */
    sim_dist downtime;             /* intermittent: seconds of one outage; owned */
    int sync_every_days;           /* offline: days between syncs, >= 1 */
    int sync_at_s;                 /* offline: time of day of the sync, seconds after midnight */
} scenario_network;

/* Printing of cards at the office (models/card/printing.c). Printers work in the office's
 * opening hours (recording.opening_hours). */
typedef struct scenario_printing {
    int printers;                  /* >= 1 */
    sim_dist print_time;           /* seconds per card attempt; owned */
    double misprint_share;         /* 0..1: an attempt spoils its blank and is reprinted */
    int has_breakdowns;            /* both time_to_failure and repair_time were given */
    sim_dist time_to_failure;      /* seconds of calendar time between failures; owned */
    sim_dist repair_time;          /* seconds; owned */
} scenario_printing;

/* The office's stock of blank cards (models/card/blanks.c): below reorder_point it orders
 * `batch` blanks from the central stock, delivered after lead_time. */
typedef struct scenario_blanks {
    int64_t initial;               /* blanks at the start */
    int64_t reorder_point;         /* order when the level drops below this */
    int64_t batch;                 /* blanks per order, >= 1 */
    sim_dist lead_time;            /* seconds from order to delivery; owned */
    double first_time_share;       /* 0..1 of applicants who are first-time holders (priority) */
} scenario_blanks;

/* Collection of a printed card (models/card/pipeline.c). */
typedef struct scenario_collection {
    double wait_share;             /* 0..1: waits at the office when the card is printed the
                                      same day as the visit */
    sim_dist return_delay;         /* seconds until others come back for the card; owned */
} scenario_collection;

/* Mobile outreach (jemput bola, models/card/outreach.c): `teams` teams each visit a district every
 * every_days days from day 0 at start_at, record people_per_visit people one after another
 * with their own kit, and bring the records back to the office at the end of the visit
 * (then they go up the office's link like any other). teams = 0: no outreach. */
typedef struct scenario_outreach {
    int teams;
    int every_days;                /* >= 1 */
    int start_at_s;                /* seconds after midnight */
    int people_per_visit;          /* >= 1 */
    sim_dist capture_time;         /* seconds per person; owned */
} scenario_outreach;

/* Power cuts at the office (models/card/outage.c): captures and print attempts in progress pause
 * during a cut and resume after it; people keep arriving and queueing. */
typedef struct scenario_power {
    int has_cuts;                  /* the object was given */
    sim_dist time_between_cuts;    /* seconds of power between cuts; owned */
    sim_dist cut_duration;         /* seconds; owned */
} scenario_power;

/* One region's IKD inputs, complete after loading (defaults from the top level "ikd",
 * models/ikd/scenario_ikd.h). A person can use IKD with probability phone_share x
 * connectivity_share x literacy_share (taken as independent). */
typedef struct scenario_region_ikd {
    double eligible;               /* recorded, deduplicated adults with a NIK at the start */
    double phone_share;            /* own a smartphone */
    double connectivity_share;     /* have usable mobile data where they live */
    double literacy_share;         /* can install and use the app */
    int desks;                     /* activation desks (staff) at the office, >= 0 */
} scenario_region_ikd;

typedef struct scenario_region {
    char code[8];                  /* regency code "PP.KK", e.g. "21.72" */
    char *name;                    /* owned */
    scenario_recording recording;
    scenario_network network;
    scenario_printing printing;
    scenario_blanks blanks;
    scenario_collection collection;
    scenario_outreach outreach;
    scenario_power power;
    scenario_region_ikd ikd;       /* meaningful only when scenario.ikd is set */
} scenario_region;

/* A period (whole days, from..to inclusive) without an ABIS support contract. */
typedef struct scenario_period {
    scenario_date from, to;
} scenario_period;

/* The real core as the ABIS (models/abis/abis_embedded.c, key "abis.embedded"): a gallery of
 * gallery_prefill synthetic people, applicants of whom duplicate_share re-enrol under a new
 * identity, searched by core_gallery_search and decided by core_dedup_decide; search time
 * = comparisons the core reports / comparisons_per_s (per server). */
typedef struct scenario_abis_embedded {
    int gallery_prefill;           /* people enrolled before the run, 0..10,000,000 */
    double duplicate_share;        /* 0..1 of applicants already enrolled (new identity) */
    double comparisons_per_s;      /* template comparisons a server makes per second, > 0 */
    double match_below, review_below; /* core_dedup_config thresholds, 0 < match < review <= 1 */
    int rotations;                 /* odd, 1..63 */
    int search_index;              /* "search": 0 "brute", 1 "index" (core/gallery_index.h) */
    int index_radius;              /* sketch bits, 1..128; 0 = the core's default */
} scenario_abis_embedded;

/* The central dedup system (ABIS), shared by all regions (models/abis/abis.c). */
typedef struct scenario_abis {
    int servers;                   /* >= 1 */
    double searches_per_hour;      /* per server, > 0; search time exponential, mean 3600/this */
    int licences;                  /* concurrent searches allowed, >= 1 */
    double print_ready_share, duplicate_share, adjudicate_share, enrol_failure_share; /* sum 1 */
    int reviewers;                 /* manual review (adjudication) staff, >= 1 */
    sim_dist review_time;          /* seconds per adjudicated record; owned */
    double review_duplicate_share; /* 0..1 of reviewed records found to be duplicates */
    scenario_opening_hours review_hours;
    size_t outage_count;
    scenario_period *outages;      /* owned: ATS lapses, searches wait until they end */
    int embedded;                  /* "mode": 0 "modeled" (the shares above), 1 "embedded" */
    scenario_abis_embedded core;   /* "embedded": the real core's settings (abis_embedded.c) */
} scenario_abis;

/* A whole scenario. Strings and arrays are owned by the struct; scenario_destroy() frees
 * everything. A loaded scenario is read-only and may be shared by threads. */
/* A published distribution of time to card to compare the run with (`observed`): the share
 * of cards printed in each of the six bins, named like the summary metrics that the run
 * reports for the same bins (scenario_observed_bins). */
#define SCENARIO_OBSERVED_BINS 6
extern const char *const scenario_observed_bins[SCENARIO_OBSERVED_BINS];
typedef struct scenario_observed {
    char *what, *source;           /* owned */
    double cards;                  /* cards the published shares are of; NAN when not given */
    double share[SCENARIO_OBSERVED_BINS]; /* 0..1, adding up to 1 (within 0.001) */
} scenario_observed;

typedef struct scenario {
    char *path;                    /* the file name used in error messages */
    char *name;
    char *description;             /* "" when absent */
    size_t source_count;
    char **source;                 /* citations, in file order */
    uint64_t seed;                 /* 0 .. 2^53 - 1 */
    scenario_date start_date;      /* simulated time 0 is local midnight of this day */
    int horizon_days;              /* simulated days, warm-up included */
    int warmup_days;               /* days whose observations are discarded; < horizon_days */
    int replications;
    int64_t central_blanks;        /* blanks at the centre; -1 = unlimited */
    /* owned; NULL = no supply chain (models/supply/scenario_supply.h) */
    struct scenario_supply *supply;
    struct scenario_ikd *ikd;      /* owned; NULL = no IKD rollout (models/ikd/scenario_ikd.h) */
    scenario_observed *observed;   /* owned; NULL = no published distribution named */
    scenario_abis abis;
    size_t region_count;
    scenario_region *regions;
} scenario;

/* Loads and checks a file. On SCENARIO_OK, *out is a new scenario to scenario_destroy().
 * Otherwise *out is NULL and every problem found is appended to errors. Load from one
 * thread at a time: cJSON records its last parse error in a process-wide variable. */
int scenario_load_file(const char *path, scenario **out, scenario_errors *errors);

/* The same for bytes in memory; `display_name` is the file name used in messages. The
 * bytes need not be NUL-terminated. */
int scenario_load_buffer(const char *display_name, const char *bytes, size_t length,
                         scenario **out, scenario_errors *errors);

void scenario_destroy(scenario *s);

/* Hours an office is open on an open day (24 when always open). */
double scenario_open_hours_per_day(const scenario_opening_hours *hours);

/* Arrival rate while open, in applicants per second. */
double scenario_arrival_rate_per_s(const scenario_recording *recording);

/* Whether the office is open at all on a given day (weekday and holidays considered).
 * day_index counts days from the scenario's start date. */
int scenario_is_open_day(const scenario *s, const scenario_recording *recording,
                         int64_t day_index);

/* Day of week of a date: 0 Monday ... 6 Sunday. */
int scenario_weekday(int64_t days_since_epoch);

#endif
