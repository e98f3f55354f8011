/* The files `ktpsim run --out DIR` writes (docs/results.md), loaded into memory for the
 * report: summary.json, regions.csv, daily.csv, central.csv (optional), time_to_card.csv.
 * Loading checks every file fully before anything is drawn, so a malformed file stops the
 * report with "FILE:LINE: what is wrong" and nothing half-written. */
#ifndef VIZ_RESULTS_H
#define VIZ_RESULTS_H

#include <stddef.h>

/* Columns of daily.csv after rep,day,date,region_code, in file order. */
enum {
    VIZ_D_ARRIVALS, VIZ_D_RECORDED, VIZ_D_Q_RECORDING, VIZ_D_Q_UPLOAD, VIZ_D_Q_DEDUP,
    VIZ_D_Q_REVIEW, VIZ_D_Q_PRINT, VIZ_D_PRINTED, VIZ_D_COLLECTED, VIZ_D_BLANK_STOCK,
    VIZ_D_STOCKOUT, VIZ_D_SUKET_ISSUED, VIZ_D_SUKET_BACKLOG, VIZ_D_IKD_ACTIVE,
    VIZ_D_IKD_ELIGIBLE,
    VIZ_DAILY_COLUMNS
};
/* Column names as in the header, indexed by the enum above. */
extern const char *const viz_daily_columns[VIZ_DAILY_COLUMNS];

/* Which fields of a viz_stat exist (a null or empty field in the file is absent). */
enum { VIZ_HAS_MEAN = 1, VIZ_HAS_CI = 2, VIZ_HAS_P50 = 4, VIZ_HAS_P90 = 8, VIZ_HAS_P95 = 16,
       VIZ_HAS_P99 = 32 };

typedef struct viz_stat {
    double mean, ci_lo, ci_hi, p50, p90, p95, p99;
    unsigned has; /* VIZ_HAS_* bits */
} viz_stat;

typedef struct viz_metric {
    char *name; /* owned */
    viz_stat stat;
} viz_metric;

typedef struct viz_region {
    char *code, *name, *bottleneck; /* owned; bottleneck "" when the summary has none */
    viz_metric *metrics;            /* from regions.csv, file order */
    size_t metric_count;
} viz_region;

typedef struct viz_daily_row {
    int rep, day;
    char date[11];
    size_t region; /* index into viz_results.regions */
    double value[VIZ_DAILY_COLUMNS];
} viz_daily_row;

typedef struct viz_central_row {
    int rep, day;
    char date[11];
    double central_stock, in_transit, delivered, procured;
} viz_central_row;

typedef struct viz_cdf_point {
    size_t region;
    double upper_s, share_le;
} viz_cdf_point;

/* The published distribution a scenario names (its `observed` block, copied to
 * summary.json), to be drawn next to the model's bins of the same names. */
#define VIZ_OBSERVED_BINS 6
extern const char *const viz_observed_metrics[VIZ_OBSERVED_BINS]; /* summary metric names */
extern const char *const viz_observed_labels[VIZ_OBSERVED_BINS];  /* "< 1 h", ... */
typedef struct viz_observed {
    int present;
    char *what, *source;              /* owned */
    double cards;                     /* NAN when not given */
    double share[VIZ_OBSERVED_BINS];  /* in the order of viz_observed_metrics */
} viz_observed;

typedef struct viz_results {
    char *scenario, *source, *start_date; /* owned; source/start_date "" when absent */
    double seed;                          /* JSON number (exact below 2^53) */
    int replications, horizon_days, warmup_days;
    int invariants_ok; /* 1, 0, or -1 when the summary does not say */
    viz_metric *metrics; /* summary.json "metrics", file order */
    size_t metric_count;
    viz_region *regions; /* summary.json "regions", file order */
    size_t region_count;
    viz_daily_row *daily;
    size_t daily_count;
    int day_min, day_max, rep_max; /* over daily rows (and central rows) */
    viz_central_row *central; /* NULL when central.csv does not exist */
    size_t central_count;
    int has_central;
    viz_cdf_point *cdf;
    size_t cdf_count;
    viz_observed observed;
} viz_results;

/* Loads every file of DIR into *out (zeroed first). Returns VIZ_OK, VIZ_EINPUT with why =
 * "PATH:LINE: problem" (line 0 when the file as a whole is the problem), or VIZ_ENOMEM.
 * On error *out holds nothing to free. Not thread-safe for one out; distinct outs are fine. */
int viz_results_load(const char *dir, viz_results *out, char *why, size_t why_size);
void viz_results_fini(viz_results *r);

/* The named metric of a region (regions.csv) or of the whole run (summary.json), or NULL. */
const viz_stat *viz_region_metric(const viz_region *region, const char *name);
const viz_stat *viz_results_metric(const viz_results *r, const char *name);

/* Internal to viz/results*.c. */
int viz__results_load_summary(const char *path, viz_results *r, char *why, size_t why_size);
int viz__results_load_csvs(const char *dir, viz_results *r, char *why, size_t why_size);
char *viz__strdup(const char *s);

#endif
