/* Internal to plan/: what the search (plan_search.c) and the evaluation of one candidate
 * (plan_eval.c) share. */
#ifndef PLAN_PLAN_SEARCH_H
#define PLAN_PLAN_SEARCH_H

#include "plan/plan.h"

/* The targets one search step judges (in_scope[t]) and their thresholds; target_count each. */
typedef struct plan__goal {
    unsigned char *in_scope;
    double *threshold;
    int fixed;               /* > 0: exactly this many replications, one look */
} plan__goal;

/* One-off plus cost_years x per-year cost of a configuration, rupiah. */
double plan__cost(const plan *p, const size_t *levels);

/* Adds replications to c until the goal's verdict is decided or max_replications is spent
 * (then infeasible), on options->threads threads, sharing the replications with the other
 * processes of options->share when given. A configuration that is not a valid scenario is
 * infeasible (load_failed).
 * Returns 0 with *out, or -1 with why. */
int plan__evaluate(const plan *p, plan_candidate *c, const plan__goal *goal,
                   const plan_options *options,
                   plan_verdict *out, char *why, size_t why_size);

#endif
