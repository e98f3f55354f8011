/* Evaluating one candidate: its scenario is the plan's scenario with each variable at its
 * level; replication r uses the streams of replication r of every other candidate (common
 * random numbers), and replications are added look by look (n0, 2 n0, ...) until the
 * sequential procedure of plan/feasibility.h decides, so verdicts do not depend on the
 * thread count. */
#include "plan/plan_search.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/run/run.h"
#include "models/scenario/scenario_set.h"

cJSON *plan_candidate_tree(const plan *p, const size_t *levels)
{
    cJSON *tree = cJSON_Duplicate(p->scenario_tree, 1);
    char why[PLAN_POINTER_MAX + 128];
    for (size_t v = 0; tree != NULL && v < p->variable_count; v++) {
        if (scenario_set_apply(tree, p->variables[v].pointer,
                               p->variables[v].levels[levels[v]].value, why, sizeof why) != 0) {
            cJSON_Delete(tree);
            tree = NULL;
        }
    }
    return tree;
}

double plan__cost(const plan *p, const size_t *levels)
{
    double cost = 0.0;
    for (size_t v = 0; v < p->variable_count; v++) {
        const plan_level *l = &p->variables[v].levels[levels[v]];
        cost += l->once_rp + p->cost_years * l->per_year_rp;
    }
    return cost;
}

/* This process's replications of one candidate among [from, to): every `step`-th from
 * `next`, shared by the worker threads. */
typedef struct batch {
    const plan *p;
    const scenario *s;
    run_options options;
    plan_candidate *c;
    int next, step, to;
    int failed;
    char why[256];
    pthread_mutex_t lock;
} batch;

static double metric_value(const plan *p, const summary *sum, size_t t)
{
    const plan_target *x = &p->targets[t];
    const summary_metric *m = x->region < 0 ? summary_find(sum, x->metric)
                                            : summary_block_find(&sum->regions[x->region],
                                                                 x->metric);
    return m != NULL ? m->mean : NAN;
}

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        int r = b->failed ? b->to : b->next;
        b->next += b->step;
        pthread_mutex_unlock(&b->lock);
        if (r >= b->to)
            return NULL;
        summary sum;
        char why[256];
        if (run_one_replication(b->s, &b->options, r, &sum, why, sizeof why) != 0 ||
            !sum.invariants_ok) {
            pthread_mutex_lock(&b->lock);
            if (!b->failed)
                snprintf(b->why, sizeof b->why, "%s", sum.invariants_ok ? why
                                                      : sum.invariant_message);
            b->failed = 1;
            pthread_mutex_unlock(&b->lock);
        } else {
            for (size_t t = 0; t < b->p->target_count; t++)
                b->c->values[t * (size_t)b->c->capacity + (size_t)r] = metric_value(b->p, &sum,
                                                                                     t);
        }
        summary_fini(&sum);
    }
}

/* Simulates replications c->replications .. to-1 (with share: this process's part of them,
 * then the exchange fills in the rest). Returns 0 or -1 with why. */
static int simulate(const plan *p, const scenario *s, plan_candidate *c, int to,
                    const plan_options *o, char *why, size_t why_size)
{
    const plan_share *share = o->share;
    int from = c->replications, part = share ? share->part : 0, parts = share ? share->parts : 1;
    int first = from + ((part - from % parts) % parts + parts) % parts;
    batch b = {.p = p, .s = s, .c = c, .next = first, .step = parts, .to = to};
    b.options = run_options_from(s);
    b.options.seed = p->seed;
    b.options.threads = 1;
    pthread_mutex_init(&b.lock, NULL);
    int mine = first < to ? (to - first + parts - 1) / parts : 0;
    int count = o->threads < mine ? o->threads : mine;
    pthread_t ids[64];
    int started = 0;
    for (; started < count && started < 64; started++)
        if (pthread_create(&ids[started], NULL, worker, &b) != 0)
            break;
    if (started == 0 && mine > 0)
        worker(&b);
    for (int i = 0; i < started; i++)
        pthread_join(ids[i], NULL);
    pthread_mutex_destroy(&b.lock);
    if (b.failed)
        snprintf(why, why_size, "%s", b.why);
    if (share != NULL &&
        share->exchange(share->ctx, c->values, p->target_count, (size_t)c->capacity, from, to,
                        b.failed, why, why_size) != 0)
        return -1;
    if (share == NULL && b.failed)
        return -1;
    c->replications = to;
    return 0;
}

/* One-sided bounds from the first n replications of target t at level alpha_side: of the
 * mean, or of the share of replications meeting the threshold. */
static void target_bounds(const plan *p, const plan_candidate *c, size_t t, int n,
                          double threshold, double alpha_side, double *low, double *high)
{
    const plan_target *x = &p->targets[t];
    const double *v = c->values + t * (size_t)c->capacity;
    if (x->kind == PLAN_MEAN) {
        plan_feas_t_bounds(v, (size_t)n, alpha_side, low, high);
        return;
    }
    size_t met = 0;
    for (int r = 0; r < n; r++)
        met += x->at_least ? v[r] >= threshold : v[r] <= threshold;
    plan_feas_clopper_pearson(met, (size_t)n, alpha_side, low, high);
}

/* alpha for one bound: the plan's error shared over the judged targets and the looks. */
static double alpha_side(const plan *p, size_t targets_judged, int fixed)
{
    return (1.0 - p->confidence) / (double)(targets_judged ? targets_judged : 1) /
           (fixed ? 1 : plan_feas_looks(p->initial_replications, p->max_replications));
}

/* The verdict on the goal's targets from the first n replications. */
static plan_verdict verdict_at(const plan *p, const plan_candidate *c, int n,
                               const plan__goal *goal)
{
    /* alpha is shared over all the plan's targets even when a region is planned alone, so
     * the check of the regions together judges each target at the level its region did */
    size_t m = p->target_count;
    int undecided = 0;
    for (size_t t = 0; t < p->target_count; t++) {
        if (!goal->in_scope[t])
            continue;
        const double *v = c->values + t * (size_t)c->capacity;
        for (int r = 0; r < n; r++)
            if (isnan(v[r]))
                return PLAN_INFEASIBLE; /* no value, e.g. nobody owed a card */
        const plan_target *x = &p->targets[t];
        double low, high, q = goal->threshold[t];
        target_bounds(p, c, t, n, q, alpha_side(p, m, goal->fixed), &low, &high);
        plan_verdict verdict = x->kind == PLAN_MEAN
                                   ? plan_feas_decide(low, high, q, p->tolerance, x->at_least)
                                   : plan_feas_decide(low, high, x->probability, p->tolerance,
                                                      1);
        if (verdict == PLAN_INFEASIBLE)
            return PLAN_INFEASIBLE;
        undecided |= verdict == PLAN_UNDECIDED;
    }
    return undecided ? PLAN_UNDECIDED : PLAN_FEASIBLE;
}

int plan__evaluate(const plan *p, plan_candidate *c, const plan__goal *goal,
                   const plan_options *options, plan_verdict *out, char *why, size_t why_size)
{
    scenario *s = NULL;
    if (c->load_failed) {
        *out = PLAN_INFEASIBLE;
        return 0;
    }
    int cap = goal->fixed ? goal->fixed : p->max_replications;
    for (int n = goal->fixed ? goal->fixed : p->initial_replications;;
         n = plan_feas_next_look(n, cap)) {
        if (c->replications < n) {
            if (s == NULL) {
                cJSON *tree = plan_candidate_tree(p, c->levels);
                scenario_errors errors;
                scenario_errors_init(&errors);
                int status = tree ? scenario_load_tree(p->scenario_path, tree, &s, &errors)
                                  : SCENARIO_ENOMEM;
                snprintf(why, why_size, "%s", errors.count ? errors.messages[0]
                                                           : "out of memory");
                scenario_errors_fini(&errors);
                cJSON_Delete(tree);
                if (status != SCENARIO_OK) {
                    c->load_failed = 1;
                    *out = PLAN_INFEASIBLE;
                    return status == SCENARIO_ENOMEM ? -1 : 0;
                }
            }
            if (simulate(p, s, c, n, options, why, why_size) != 0) {
                scenario_destroy(s);
                return -1;
            }
        }
        plan_verdict v = verdict_at(p, c, n, goal);
        if (v != PLAN_UNDECIDED || n >= cap) {
            c->judged_at = n;
            *out = v == PLAN_FEASIBLE ? PLAN_FEASIBLE : PLAN_INFEASIBLE;
            scenario_destroy(s);
            return 0;
        }
    }
}

void plan_candidate_estimate(const plan *p, const plan_candidate *c, size_t t,
                             plan_estimate *out)
{
    const plan_target *x = &p->targets[t];
    int n = c->judged_at > 0 ? c->judged_at : c->replications;
    *out = (plan_estimate){n, NAN, NAN, NAN, NAN};
    if (n < 2)
        return;
    const double *v = c->values + t * (size_t)c->capacity;
    double sum = 0.0;
    size_t met = 0;
    for (int r = 0; r < n; r++) {
        sum += v[r];
        met += x->at_least ? v[r] >= x->threshold : v[r] <= x->threshold;
    }
    out->mean = sum / n;
    if (x->kind == PLAN_PROBABILITY)
        out->share = (double)met / n;
    target_bounds(p, c, t, n, x->threshold, alpha_side(p, p->target_count, 0), &out->low,
                  &out->high);
}
