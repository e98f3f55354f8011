/* A run's headline numbers: per metric, the mean over replications with a 95% Student-t
 * confidence interval, and percentiles; written as DIR/summary.json (complete or not at all).
 * Percentiles are of pooled observations for per-applicant metrics (all applicants of all
 * replications together) and of the replication values for per-replication totals and
 * ratios; each metric says which in its "percentiles_of" field. */
#ifndef MODELS_SUMMARY_H
#define MODELS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#define SUMMARY_MAX_METRICS 32
#define SUMMARY_NAME_MAX 48

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

typedef struct summary {
    char scenario_name[256];
    uint64_t seed;
    int replications;
    int horizon_days;
    int warmup_days;
    size_t metric_count;
    summary_metric metrics[SUMMARY_MAX_METRICS];
    int invariants_ok;
    char invariant_message[256]; /* empty when invariants_ok */
} summary;

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

#endif
