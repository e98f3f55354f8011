/* Capacity planning: the least-cost configuration of a scenario that meets targets with a
 * stated confidence (docs/plan.md). A plan file names a scenario, decision variables (JSON
 * Pointers into it, each with levels and costs), targets and a confidence; plan_search
 * simulates candidate configurations through models/ and returns the cheapest one declared
 * feasible, with every candidate it evaluated.
 *
 * Layers: app -> plan -> models. Nothing here prints; errors come back as messages in the
 * loader's format "FILE: /json/pointer: what". */
#ifndef PLAN_PLAN_H
#define PLAN_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "models/scenario/scenario.h"
#include "plan/feasibility.h"

#define PLAN_NAME_MAX 96
#define PLAN_POINTER_MAX 512
#define PLAN_MAX_LEVELS 1000

/* One value a variable can take, in increasing order of resources, and what it costs. */
typedef struct plan_level {
    cJSON *value;           /* owned; the JSON written at the variable's pointer */
    double once_rp;         /* one-off cost, rupiah */
    double per_year_rp;     /* running cost per year, rupiah */
} plan_level;

/* A decision variable after per-region templates are expanded: one pointer, one region. */
typedef struct plan_variable {
    char name[PLAN_NAME_MAX];        /* "stations 21.72" */
    char pointer[PLAN_POINTER_MAX];  /* "/regions/0/recording/stations" */
    int region;                      /* index into the scenario's regions, -1 national */
    int source;                      /* index in the plan file's "variables" */
    size_t level_count;
    plan_level *levels;              /* owned */
    size_t first_level;              /* levels below are ruled out by a queueing bound */
    char bound_note[160];            /* why first_level, "" when 0 */
    int has_seed;                    /* 1: the search tries seed_level first */
    size_t seed_level;               /* Erlang C's estimate of the least feasible level */
} plan_variable;

typedef enum plan_kind { PLAN_MEAN, PLAN_PROBABILITY } plan_kind;

/* One constraint after scopes are expanded: a metric of the whole scenario or one region. */
typedef struct plan_target {
    char metric[48];
    int region;              /* -1 national */
    int source;              /* index in the plan file's "targets" */
    int at_least;            /* 1: value >= threshold; 0: value <= threshold */
    double threshold;
    plan_kind kind;
    double probability;      /* PLAN_PROBABILITY: required share of replications */
} plan_target;

typedef struct plan {
    char *path;                      /* the plan file, for messages */
    char *name;
    char *scenario_path;             /* resolved against the plan file's folder */
    cJSON *scenario_tree;            /* owned; the scenario file's JSON */
    scenario *base;                  /* owned; the scenario as loaded */
    size_t variable_count;
    plan_variable *variables;        /* owned */
    size_t target_count;
    plan_target *targets;            /* owned */
    double confidence;               /* 1 - alpha for each candidate's verdict */
    double tolerance;                /* delta, in the unit of each target's metric */
    double cost_years;               /* cost = once + years x per_year */
    double budget_rp;                /* NAN: none */
    int initial_replications, max_replications; /* looks at n0, 2 n0, 4 n0, ..., max */
    uint64_t seed;
    size_t table_count;
    double table_thresholds[16];     /* the cost-versus-target table (first target) */
    int use_bounds;
} plan;

/* Reads and checks a plan file and the scenario it names: every variable's pointer and its
 * lowest and highest level must load as a valid scenario, every target's metric must exist,
 * costs must be >= 0. Returns SCENARIO_OK with *out to plan_destroy, or SCENARIO_EINVALID /
 * SCENARIO_EIO / SCENARIO_ENOMEM with errors. Nothing is simulated. Call from one thread. */
int plan_load(const char *path, plan **out, scenario_errors *errors);
void plan_destroy(plan *p);

/* A candidate configuration and what is known about it. */
typedef struct plan_candidate {
    size_t *levels;          /* owned; one per variable */
    double cost_rp;
    int bounded;             /* ruled out by a queueing bound: never simulated */
    int replications;        /* simulated so far (replications 0..n-1, common to all) */
    int judged_at;           /* replications the last verdict used */
    double *values;          /* owned; target_count x capacity, per replication */
    int capacity;
    plan_verdict verdict;    /* for the targets as planned (table rows keep their own) */
    int load_failed;         /* the configuration is not a valid scenario */
} plan_candidate;

/* One row of the cost-versus-target table. */
typedef struct plan_table_row {
    double threshold;
    long chosen;             /* index into candidates, -1 none within the levels */
} plan_table_row;

typedef struct plan_result {
    size_t candidate_count;
    plan_candidate *candidates;      /* owned; in the order they were first evaluated */
    long chosen;                     /* index, -1 when no candidate is feasible */
    int decomposed;                  /* planned region by region, then checked together */
    int joint_check_ok;              /* decomposed: the combination met every target */
    long replications_spent;
    long bounded_skipped;            /* configurations a queueing bound ruled out */
    long monotone_skipped;           /* below a level that one variable needs even with
                                        every other variable at its highest level */
    size_t table_count;
    plan_table_row table[16];
} plan_result;

/* Processes that cooperate on one search: the ranks of an MPI job (cluster/cluster_plan.h).
 * Every process runs the same search; process `part` of `parts` simulates replication r of a
 * candidate when r % parts == part, and exchange hands every process every value, so all of
 * them take the same decisions and end with the same result as one process would. */
typedef struct plan_share {
    int part, parts;                 /* 0 <= part < parts */
    /* Called by every process, in the same order, after it simulated its replications among
     * [from, to) of one candidate. values holds `rows` rows of `stride` doubles; this process
     * filled the columns r in [from, to) with r % parts == part, and on return every column in
     * [from, to) is filled. failed: this process's replications failed (why says why).
     * Returns 0 when every process succeeded, else -1 with why (the first failing process
     * and its reason, or why the exchange itself broke), the same on every process. */
    int (*exchange)(void *ctx, double *values, size_t rows, size_t stride, int from, int to,
                    int failed, char *why, size_t why_size);
    void *ctx;
} plan_share;

typedef struct plan_options {
    int threads;                     /* >= 1; results do not depend on it */
    /* > 0 (and <= the plan's max): the baseline instead of the search: every configuration
     * simulated with exactly this many replications and judged at one look. */
    int exhaustive_replications;
    /* Optional, from the calling thread after each candidate's batch. */
    void (*on_progress)(void *ctx, size_t candidates, long replications, double best_cost);
    void *progress_ctx;
    const plan_share *share;         /* NULL: this process simulates every replication */
} plan_options;

/* Searches. Returns 0 with *result filled (plan_result_fini it), or -1 with why (out of
 * memory, a replication failed). Same plan and seed: the same result for any threads and any
 * number of sharing processes. */
int plan_search(const plan *p, const plan_options *options, plan_result *result, char *why,
                size_t why_size);
void plan_result_fini(plan_result *result);

/* The scenario tree of a candidate (a copy to cJSON_Delete), or NULL when out of memory. */
cJSON *plan_candidate_tree(const plan *p, const size_t *levels);

/* Writes DIR/plan.json, plan.csv, cost_vs_target.csv and chosen-scenario.json (when one was
 * chosen), each through a temporary name. Returns 0, or -1 with why. */
int plan_write(const plan *p, const plan_result *result, const char *dir, char *why,
               size_t why_size);

/* What a candidate's replications say about target t, over the replications its last
 * verdict used. low and high are the one-sided bounds that verdict used (each at level
 * (1 - confidence) / (targets x looks), plan/feasibility.h): of the mean for a mean target,
 * of `share` for a probability target. NAN when fewer than two replications. */
typedef struct plan_estimate {
    int replications;
    double mean;             /* mean of the metric over the replications */
    double share;            /* probability targets: share of replications meeting it */
    double low, high;
} plan_estimate;

void plan_candidate_estimate(const plan *p, const plan_candidate *c, size_t t,
                             plan_estimate *out);

#endif
