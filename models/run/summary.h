/* A run's headline numbers: per metric, the mean over replications with a 95% Student-t
 * confidence interval, and percentiles; written as DIR/summary.json (complete or not at all).
 * Percentiles are of pooled observations for per-applicant metrics (all applicants of all
 * replications together) and null for per-replication totals and ratios (docs/results.md).
 * Pooled per-applicant percentiles come from fixed-bin histograms (models/card/pipeline.h): their
 * error is at most one bin (60 s below 2 h, 15 min below 24 h, 1 day above). */
#ifndef MODELS_SUMMARY_H
#define MODELS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SUMMARY_MAX_METRICS 64
#define SUMMARY_NAME_MAX 48
#define SUMMARY_OBSERVED_BINS 6 /* SCENARIO_OBSERVED_BINS */

typedef enum summary_percentiles_of {
    SUMMARY_OF_REPLICATIONS, /* the replication values (totals, ratios) */
    SUMMARY_OF_OBSERVATIONS  /* every observation of every replication, pooled */
} summary_percentiles_of;

typedef struct summary_metric {
    char name[SUMMARY_NAME_MAX];
    size_t replications_used; /* replications with a value (a mean needs observations) */
    double mean;              /* mean of the replication values; NAN when none */
    double ci_low, ci_high;   /* 95% Student-t over replications; NAN when fewer than 2 */
    double p50, p90, p95, p99;
    summary_percentiles_of percentiles_of;
} summary_metric;

/* One region's metrics (same shape as the top level) and its bottleneck stage. */
typedef struct summary_block {
    char code[8];
    char name[208];
    char bottleneck[16];     /* recording, network, dedup, review, printing, blanks, collection */
    /* IKD only (summary.has_ikd): the region's inputs, the first day a group was open here
     * (-1 never) and what holds it below the low target (docs/results.md, ikd.csv). */
    double ikd_phone, ikd_connectivity, ikd_literacy;
    int ikd_first_open_day;
    char ikd_limit[24];
    size_t metric_count;
    summary_metric metrics[SUMMARY_MAX_METRICS];
} summary_block;

typedef struct summary_invariant {
    char name[32];
    int ok;
    char detail[256];
} summary_invariant;

#define SUMMARY_MAX_INVARIANTS 4

typedef struct summary {
    char scenario_name[256];
    char *source;            /* the scenario's source notes joined by " | "; owned, may be NULL */
    /* The command line's changes to the scenario file ("POINTER=VALUE" of --set, "--region
     * CODE"; models/scenario/scenario_set.h), written to summary.json as "changes" when there
     * are any. Owned (each string and the array); set by the caller, freed by summary_fini. */
    char **changes;
    size_t change_count;
    char start_date[16];     /* YYYY-MM-DD */
    int64_t start_days;      /* days from 1970-01-01 to start_date */
    uint64_t seed;
    int replications;
    int horizon_days;
    int warmup_days;
    size_t metric_count;
    summary_metric metrics[SUMMARY_MAX_METRICS];
    int invariants_ok;
    char invariant_message[256]; /* empty when invariants_ok */
    size_t invariant_count;
    summary_invariant invariants[SUMMARY_MAX_INVARIANTS];
    size_t region_count;
    summary_block *regions;  /* owned */
    /* daily.csv: replications x horizon_days x region_count rows of SUMMARY_DAILY_COLUMNS */
    double *daily;           /* owned */
    /* time_to_card.csv: per region, share of cards printed within each upper edge */
    size_t ttc_bins;
    double *ttc_upper_s;     /* owned, ttc_bins */
    double *ttc_share_le;    /* owned, region_count x ttc_bins */
    /* central.csv (only with a "supply" key, else NULL): replications x horizon_days rows of
     * central_stock, in_transit, delivered, procured (models/supply/supply.h) */
    double *central_daily;   /* owned */
    /* The scenario's published distribution (its `observed` block), written to summary.json
     * next to the model's metrics of the same names. */
    int has_observed;
    char observed_what[512], observed_source[512];
    double observed_cards;                       /* NAN when not given */
    char observed_names[SUMMARY_OBSERVED_BINS][SUMMARY_NAME_MAX];
    double observed_share[SUMMARY_OBSERVED_BINS];
    /* With an "ikd" key: the district targets; ikd.csv and ikd_monthly.csv are written. */
    int has_ikd;
    double ikd_targets[2];
    /* Embedded ABIS only, all replications: real seconds spent in the core (all of it, and
     * in gallery searches alone) and the comparisons it made. Machine-dependent, so never written to summary.json. */
    double core_wall_s, core_search_wall_s, core_comparisons;
} summary;

#define SUMMARY_DAILY_COLUMNS 15

/* Frees what a run allocated inside the summary (not the struct itself). Safe on a zeroed
 * summary and twice. */
void summary_fini(summary *s);

/* Appends a metric from one value per replication to a list (top level or a region) with
 * percentiles NAN; the caller may fill them. Returns the metric, or NULL when full or out
 * of memory. */
summary_metric *summary_list_add(summary_metric *list, size_t *count, const char *name,
                                 const double *replication_values, size_t replications);

/* The metric of that name in a region block, or NULL. */
const summary_metric *summary_block_find(const summary_block *b, const char *name);

/* Writes regions.csv, daily.csv and time_to_card.csv into dir (each through a temporary
 * file and a rename). Returns 0, or -1 with why. */
int summary_write_csv(const summary *s, const char *dir, char *why, size_t why_size);

/* Internal to models/run/summary*.c: writes a finite x in the shortest form that reads back as
 * the same double. */
void summary__put_number(FILE *out, double x);

/* Writes central.csv into dir when s->central_daily is set (models/supply/summary_central.c).
 * Returns 0, or -1 with why. */
int summary__write_central_csv(const summary *s, const char *dir, char *why, size_t why_size);
/* Writes ikd.csv and ikd_monthly.csv into dir when s->has_ikd (models/ikd/summary_ikd.c). */
int summary__write_ikd_csv(const summary *s, const char *dir, char *why, size_t why_size);

/* Computes a metric from one value per replication (NAN values are skipped: a replication
 * without observations has no mean) and, when `observations` is not NULL, percentiles of the
 * pooled observations (sorted in place). Returns 0, or -1 when the summary is full. */
int summary_add_metric(summary *s, const char *name, const double *replication_values,
                       size_t replications, double *observations, size_t observation_count);

/* The metric of that name, or NULL. */
const summary_metric *summary_find(const summary *s, const char *name);

/* Writes the summary as JSON to `path` through a temporary file in the same folder and a
 * rename, so the file is complete or absent. Returns 0, or -1 with why (errno text). */
int summary_write_json(const summary *s, const char *path, char *why, size_t why_size);

/* Internal: writes a file through a temporary name and a rename; fn writes the content. */
int summary__write_file(const char *path, void (*fn)(FILE *out, const void *ctx),
                        const void *ctx, char *why, size_t why_size);

#endif
