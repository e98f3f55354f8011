/* `ktpsim run --target METRIC OP VALUE`: a target on any result metric, and the share of
 * replications that met it with its Wilson 95% interval (app/ktpsim_target.c). */
#ifndef APP_KTPSIM_TARGET_H
#define APP_KTPSIM_TARGET_H

#include <stddef.h>

typedef enum ktpsim_op { KTPSIM_GE, KTPSIM_GT, KTPSIM_LE, KTPSIM_LT, KTPSIM_EQ } ktpsim_op;

typedef struct ktpsim_target {
    char text[128];     /* as given, e.g. "cards_within_1h_share>=0.9" */
    char metric[48];
    ktpsim_op op;
    double value;
} ktpsim_target;

/* Parses "METRIC OP VALUE" (spaces allowed around OP; OP one of >=, >, <=, <, ==, =).
 * Returns 0, or -1 with why = what is wrong (for "ktpsim run: --target: WHY"). */
int ktpsim_target_parse(const char *text, ktpsim_target *out, char *why, size_t why_size);

/* Whether x meets the target; a missing value (NaN) never does. */
int ktpsim_target_met(const ktpsim_target *t, double x);

/* Of n replication values (NaN: the replication has no value, e.g. a time with no cards, and
 * is left out of the trials), how many met the target, the trials, and the Wilson 95%
 * interval of the probability of meeting it (lo, hi NaN when there are no trials). */
typedef struct ktpsim_target_result {
    size_t met, trials;
    double probability, lo, hi;
} ktpsim_target_result;

void ktpsim_target_evaluate(const ktpsim_target *t, const double *values, size_t n,
                            ktpsim_target_result *out);

/* Whether every target names a metric of the metric table (models/run/metrics.h), checked
 * before a run. Returns 0, or -1 with why naming the first unknown one. */
int ktpsim_targets_known(const ktpsim_target *targets, size_t count, char *why,
                         size_t why_size);

struct summary;
/* Evaluates each target on the run's replication values, nationally and per region, into
 * s->targets (written to summary.json). Returns 0, or -1 with why (a metric the run does
 * not have, or out of memory). */
int ktpsim_targets_apply(struct summary *s, const ktpsim_target *targets, size_t count,
                         char *why, size_t why_size);

/* The terminal lines: per target the national probability and the `top` regions least
 * likely to meet it. */
void ktpsim_targets_print(const struct summary *s, size_t top);

#endif
