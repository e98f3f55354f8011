/* Deciding whether one candidate meets one target from its replications, adding replications
 * only while the answer is unclear (docs/plan.md, "The guarantee"): feasibility determination
 * with an indifference zone in the sense of Andradottir, Goldsman and Kim (2005) and Batur and
 * Kim (2010), as a group-sequential test. Replications are looked at after n0, 2 n0, 4 n0, ...
 * up to a cap (plan_feas_looks of them); the error probability alpha is shared equally over the
 * looks (Bonferroni), so at every look a one-sided bound at level alpha / looks is used.
 *
 * "at least q" is declared feasible when the lower bound is >= q, infeasible when the upper
 * bound is < q + delta (delta the tolerance), and undecided otherwise; at the cap undecided
 * counts as infeasible. Whatever the looks find, a candidate whose true value is below q is
 * declared feasible with probability <= alpha, and one at q + delta or more is declared
 * infeasible with probability <= alpha. "At most q" is the mirror image.
 *
 * Means: Student-t bounds on the mean over replications (replication values taken as
 * normal). Probabilities (the share of replications meeting a threshold): exact
 * Clopper-Pearson bounds. Pure functions; thread-safe. */
#ifndef PLAN_FEASIBILITY_H
#define PLAN_FEASIBILITY_H

#include <stddef.h>

typedef enum plan_verdict {
    PLAN_INFEASIBLE = -1,
    PLAN_UNDECIDED = 0,
    PLAN_FEASIBLE = 1
} plan_verdict;

/* How many looks the schedule n0, 2 n0, 4 n0, ..., cap makes (n0 >= 1, cap >= n0). */
int plan_feas_looks(int n0, int cap);

/* The look after n replications: min(2 n, cap). */
int plan_feas_next_look(int n, int cap);

/* One-sided bounds on the mean of x[0..n-1] (n >= 2), each at level alpha_side. */
void plan_feas_t_bounds(const double *x, size_t n, double alpha_side, double *low,
                        double *high);

/* Clopper-Pearson one-sided bounds for `successes` of `n` (n >= 1), each at level
 * alpha_side; either pointer may be NULL. */
void plan_feas_clopper_pearson(size_t successes, size_t n, double alpha_side, double *low,
                               double *high);

/* The verdict at one look from bounds [low, high] for "at least q" (at_least = 1) or "at most
 * q" (0) with tolerance delta > 0. */
plan_verdict plan_feas_decide(double low, double high, double q, double delta, int at_least);

#endif
