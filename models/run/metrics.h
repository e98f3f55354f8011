/* Every metric of a run, defined once (models/run/metrics.c): its name, unit, how one
 * replication's value is computed, whether its percentiles pool observations, and which
 * files it is written to. The reduction (run_reduce.c), the IKD and supply shares
 * (run_ikd.c, run_supply.c) and ikd.csv's columns (summary_ikd.c) all walk this table, so a
 * new metric is one row. Reduction over replications is the same for every metric: the mean
 * of the replication values with a 95% Student-t interval (NAN values skipped,
 * models/run/summary.h); percentiles are of pooled observations when the row names a
 * histogram, else none. Read-only and thread-safe. */
#ifndef MODELS_RUN_METRICS_H
#define MODELS_RUN_METRICS_H

#include <stddef.h>

/* Which scenarios have the metric. */
typedef enum run_metric_group {
    RUN_METRIC_PIPELINE, /* every scenario */
    RUN_METRIC_SUPPLY,   /* with a "supply" key */
    RUN_METRIC_IKD       /* with an "ikd" key */
} run_metric_group;

/* Where the metric appears: the national block, each region's block, or both. */
typedef enum run_metric_scope {
    RUN_SCOPE_BOTH, RUN_SCOPE_NATIONAL, RUN_SCOPE_REGION
} run_metric_scope;

/* How one replication's value is computed over the regions of a block. */
typedef enum run_metric_kind {
    RUN_SUM,          /* sum of a pipeline_totals double, divided by `divisor` */
    RUN_RATIO,        /* sum(field) / (sum(den) [+ sum(den2)]); NAN when that is not > 0 */
    RUN_SLOT,         /* a double of the whole replication (replication_slot) */
    RUN_CORE,         /* a count of the embedded core (abis_embedded_stats, uint64_t) */
    RUN_WAITING_END,  /* people in the recording lines at the horizon (recording_result) */
    RUN_SUPPLY_I64,   /* an int64_t of the replication's supply_result */
    RUN_SUPPLY_F64,   /* a double of the replication's supply_result */
    RUN_SUPPLY_REGION,/* the region's blanks in transit at the horizon (supply_result) */
    RUN_IKD_TARGET    /* regions whose IKD share reaches target number `field` */
} run_metric_kind;

typedef struct run_metric {
    const char *name;      /* as in summary.json and regions.csv */
    const char *unit;
    run_metric_group group;
    run_metric_scope scope;
    run_metric_kind kind;
    size_t field;          /* byte offset into the kind's struct (or the target index) */
    size_t den, den2;      /* RUN_RATIO: offsets of the denominator's terms; den2 0 = none */
    double divisor;        /* RUN_SUM: 1, or e.g. 3600 for seconds to hours */
    long hist;             /* offset of a pipeline_totals histogram to pool, or -1 */
    int ikd_csv;           /* its column in ikd.csv among the metric columns (1, 2...), or 0 */
    const char *ikd_csv_name; /* that column's header */
} run_metric;

/* The table, in the order metrics appear in summary.json; *count gets its length. */
const run_metric *run_metrics(size_t *count);

#endif
