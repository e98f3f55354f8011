/* The search for the least-cost feasible configuration (docs/plan.md, "The search"). More
 * resources never make a target harder to meet, so the feasible configurations are closed
 * upwards: walking the grid in increasing cost, a configuration at or below one already found
 * infeasible is infeasible too and is skipped, and the first configuration declared feasible
 * is the cheapest. When every variable and target belongs to one region, each region is
 * planned on its own (the others held at their highest level, or at their plan once made)
 * and the combination is then checked against every target. Before the walk, a bisection per
 * variable with the others at their highest level finds the least level any feasible
 * configuration can have, so the walk covers only what is above those levels. */
#include "plan/plan_search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GRID 2000000

typedef struct walk {
    const plan *p;
    const plan_options *options;
    plan_result *result;
    const plan__goal *goal;
    int record;              /* set candidates' verdict (the planned thresholds) */
    double best_cost;        /* the cheapest feasible so far (progress line), NAN none */
    char *why;
    size_t why_size;
} walk;

static plan_candidate *find_or_add(walk *w, const size_t *levels, long *index)
{
    const plan *p = w->p;
    plan_result *res = w->result;
    for (size_t i = 0; i < res->candidate_count; i++)
        if (memcmp(res->candidates[i].levels, levels, p->variable_count * sizeof *levels) == 0)
            return *index = (long)i, &res->candidates[i];
    plan_candidate *grown = realloc(res->candidates,
                                    (res->candidate_count + 1) * sizeof *grown);
    if (grown == NULL)
        return NULL;
    res->candidates = grown;
    plan_candidate *c = &res->candidates[res->candidate_count];
    memset(c, 0, sizeof *c);
    c->capacity = p->max_replications;
    c->levels = malloc(p->variable_count * sizeof *c->levels);
    c->values = calloc(p->target_count * (size_t)c->capacity, sizeof *c->values);
    if (c->levels == NULL || c->values == NULL) {
        free(c->levels);
        free(c->values);
        return NULL;
    }
    memcpy(c->levels, levels, p->variable_count * sizeof *levels);
    c->cost_rp = plan__cost(p, levels);
    *index = (long)res->candidate_count++;
    return c;
}

/* Evaluates the configuration; returns its verdict, or 0 (PLAN_UNDECIDED) on failure. */
static plan_verdict judge(walk *w, const size_t *levels, long *index)
{
    plan_candidate *c = find_or_add(w, levels, index);
    if (c == NULL) {
        snprintf(w->why, w->why_size, "out of memory");
        return PLAN_UNDECIDED;
    }
    int before = c->replications, judged_at = c->judged_at;
    plan_verdict v;
    if (plan__evaluate(w->p, c, w->goal, w->options, &v, w->why, w->why_size) != 0)
        return PLAN_UNDECIDED;
    w->result->replications_spent += c->replications - before;
    if (w->record)
        c->verdict = v;
    if (w->record && v == PLAN_FEASIBLE && !(c->cost_rp >= w->best_cost))
        w->best_cost = c->cost_rp;
    if (!w->record)
        c->judged_at = judged_at; /* what is reported is the planned targets' verdict */
    if (w->options->on_progress != NULL)
        w->options->on_progress(w->options->progress_ctx, w->result->candidate_count,
                                w->result->replications_spent,
                                w->best_cost);
    return v;
}

typedef struct point {
    double cost;
    size_t index;
} point;

static int by_cost(const void *a, const void *b)
{
    const point *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Mixed-radix decoding of grid point `index` over dims into levels. */
static void decode(const plan *p, const size_t *dims, size_t dim_count, size_t index,
                   size_t *levels)
{
    for (size_t d = dim_count; d-- > 0;) {
        size_t n = p->variables[dims[d]].level_count;
        levels[dims[d]] = index % n;
        index /= n;
    }
}

/* Monotone search per dimension: with every other dim at its highest level, the smallest
 * level of dims[d] declared feasible (bisection, as feasibility only grows with the level).
 * No feasible configuration has less. Returns 0 with low[d] set, or -1 with w->why. */
static int lowest_levels(walk *w, const size_t *dims, size_t dim_count, size_t *levels,
                         size_t *low)
{
    const plan *p = w->p;
    long index;
    for (size_t d = 0; d < dim_count; d++) {
        const plan_variable *x = &p->variables[dims[d]];
        size_t a = x->first_level, b = x->level_count - 1;
        /* With an Erlang C seed, the first looks are the seed and its neighbour on the side
         * the seed's verdict points to: a good seed settles the bracket in two candidates. */
        int looks = 0, seed_feasible = 0;
        while (a < b) {
            size_t middle = a + (b - a) / 2;
            if (x->has_seed && looks < 2) {
                size_t want = looks == 0 ? x->seed_level
                                         : (seed_feasible ? x->seed_level - 1 : x->seed_level + 1);
                if (x->seed_level > 0 && want >= a && want < b)
                    middle = want;
            }
            levels[dims[d]] = middle;
            plan_verdict v = judge(w, levels, &index);
            if (v == PLAN_UNDECIDED)
                return -1;
            if (looks++ == 0)
                seed_feasible = v == PLAN_FEASIBLE;
            if (v == PLAN_FEASIBLE)
                b = middle;
            else
                a = middle + 1;
        }
        levels[dims[d]] = p->variables[dims[d]].level_count - 1;
        low[d] = a;
    }
    return 0;
}

/* The baseline: every configuration judged; the cheapest feasible is chosen. */
static int exhaustive(walk *w, const size_t *dims, size_t dim_count, size_t *levels,
                      size_t grid, long *chosen)
{
    *chosen = -1;
    for (size_t i = 0; i < grid; i++) {
        decode(w->p, dims, dim_count, i, levels);
        long index;
        plan_verdict v = judge(w, levels, &index);
        if (v == PLAN_UNDECIDED)
            return -1;
        /* in grid order, so ties go to the lower grid index as in walk_grid */
        if (v == PLAN_FEASIBLE && (*chosen < 0 || w->result->candidates[index].cost_rp <
                                                      w->result->candidates[*chosen].cost_rp))
            *chosen = index;
    }
    if (*chosen >= 0)
        memcpy(levels, w->result->candidates[*chosen].levels,
               w->p->variable_count * sizeof *levels);
    return 0;
}

/* Walks the grid of dims (others fixed at levels' values) in increasing cost; on return
 * *chosen is the cheapest feasible candidate or -1. Returns 0 or -1 with w->why. */
static int walk_grid(walk *w, const size_t *dims, size_t dim_count, size_t *levels,
                     long *chosen)
{
    const plan *p = w->p;
    size_t grid = 1;
    *chosen = -1;
    for (size_t d = 0; d < dim_count; d++) {
        grid *= p->variables[dims[d]].level_count;
        if (grid > MAX_GRID) {
            snprintf(w->why, w->why_size, "more than %d configurations to plan together; "
                     "give fewer levels, or per-region variables and targets so that regions "
                     "are planned one by one", MAX_GRID);
            return -1;
        }
        if (p->variables[dims[d]].first_level >= p->variables[dims[d]].level_count)
            return 0; /* a bound rules out every level */
        levels[dims[d]] = p->variables[dims[d]].level_count - 1;
    }
    if (w->goal->fixed > 0)
        return exhaustive(w, dims, dim_count, levels, grid, chosen);
    long top;
    plan_verdict v = judge(w, levels, &top); /* everything at its most */
    if (v != PLAN_FEASIBLE)
        return v == PLAN_UNDECIDED ? -1 : 0;
    point *order = malloc(grid * sizeof *order);
    size_t *low = malloc(dim_count * sizeof *low);
    int status = order && low ? lowest_levels(w, dims, dim_count, levels, low) : -1;
    if (order == NULL || low == NULL)
        snprintf(w->why, w->why_size, "out of memory");
    size_t count = 0;
    for (size_t i = 0; status == 0 && i < grid; i++) {
        decode(p, dims, dim_count, i, levels);
        int below_bound = 0, below_low = 0;
        for (size_t d = 0; d < dim_count; d++) {
            below_bound |= levels[dims[d]] < p->variables[dims[d]].first_level;
            below_low |= levels[dims[d]] < low[d];
        }
        if (below_bound)
            w->result->bounded_skipped += w->record;
        else if (below_low)
            w->result->monotone_skipped += w->record;
        if (below_bound || below_low)
            continue;
        order[count++] = (point){plan__cost(p, levels), i};
    }
    qsort(order, count, sizeof *order, by_cost);
    for (size_t k = 0; status == 0 && k < count && *chosen < 0; k++) {
        if (order[k].cost > p->budget_rp)
            break;
        decode(p, dims, dim_count, order[k].index, levels);
        long index;
        v = judge(w, levels, &index);
        if (v == PLAN_UNDECIDED)
            status = -1;
        else if (v == PLAN_FEASIBLE)
            *chosen = index;
    }
    if (*chosen >= 0)
        memcpy(levels, w->result->candidates[*chosen].levels,
               p->variable_count * sizeof *levels);
    free(order);
    free(low);
    return status;
}

/* Whether every variable and target belongs to a region and more than one region has
 * variables: then regions can be planned one at a time. */
static int decomposable(const plan *p)
{
    int first = -1, several = 0;
    for (size_t v = 0; v < p->variable_count; v++) {
        if (p->variables[v].region < 0)
            return 0;
        if (first < 0)
            first = p->variables[v].region;
        several |= p->variables[v].region != first;
    }
    for (size_t t = 0; t < p->target_count; t++)
        if (p->targets[t].region < 0)
            return 0;
    return several;
}

#define REGION_PASSES 3

/* Plans region r alone (its variables vary, the others stay at levels; only its targets are
 * judged). Returns 0 with *chosen (-1: nothing in its levels meets its targets) or -1. */
static int plan_region(walk *w, const plan__goal *all, size_t r, size_t *levels, size_t *dims,
                       unsigned char *scope, long *chosen)
{
    const plan *p = w->p;
    size_t count = 0;
    for (size_t v = 0; v < p->variable_count; v++)
        if (p->variables[v].region == (int)r)
            dims[count++] = v;
    for (size_t t = 0; t < p->target_count; t++)
        scope[t] = all->in_scope[t] && p->targets[t].region == (int)r;
    plan__goal regional = {scope, all->threshold, all->fixed};
    w->goal = &regional;
    int status = count > 0 ? walk_grid(w, dims, count, levels, chosen) : 0;
    w->goal = all;
    return status;
}

/* Region by region, then the regions together. When the combination misses a target (a
 * region near its threshold moves when the others change), the regions that miss are planned
 * again with the others at their chosen levels, up to REGION_PASSES passes. */
static int plan_by_region(walk *w, size_t *levels, size_t *dims, unsigned char *scope,
                          long *chosen)
{
    const plan *p = w->p;
    const plan__goal *all = w->goal;
    size_t regions = p->base->region_count;
    unsigned char *again = malloc(regions);
    if (again == NULL)
        return snprintf(w->why, w->why_size, "out of memory"), -1;
    memset(again, 1, regions);
    int status = 0;
    plan_verdict together = PLAN_INFEASIBLE;
    w->result->decomposed = 1;
    for (int pass = 0; status == 0 && pass < REGION_PASSES; pass++) {
        int replanned = 0;
        for (size_t r = 0; status == 0 && r < regions; r++) {
            if (!again[r])
                continue;
            replanned = 1;
            status = plan_region(w, all, r, levels, dims, scope, chosen);
            if (status == 0 && *chosen < 0) {
                free(again);
                return 0; /* region r cannot meet its targets within its levels */
            }
        }
        if (status != 0 || !replanned)
            break;
        together = judge(w, levels, chosen);
        if (together != PLAN_INFEASIBLE)
            break;
        for (size_t r = 0; r < regions; r++) { /* which regions miss, together */
            for (size_t t = 0; t < p->target_count; t++)
                scope[t] = all->in_scope[t] && p->targets[t].region == (int)r;
            plan__goal regional = {scope, all->threshold, all->fixed};
            w->goal = &regional;
            plan_verdict v = judge(w, levels, chosen);
            w->goal = all;
            again[r] = v == PLAN_INFEASIBLE;
            status |= v == PLAN_UNDECIDED ? -1 : 0;
        }
        if (status == 0)
            together = judge(w, levels, chosen); /* records the verdict on every target */
    }
    free(again);
    w->result->joint_check_ok = together == PLAN_FEASIBLE;
    return status != 0 || together == PLAN_UNDECIDED ? -1 : 0;
}

/* One full search for a goal; *chosen the cheapest feasible configuration or -1 (when
 * decomposed and the regions together still miss, the last combination, with
 * joint_check_ok 0). */
static int search_goal(walk *w, long *chosen)
{
    const plan *p = w->p;
    size_t n = p->variable_count;
    size_t *levels = malloc(n * sizeof *levels), *dims = malloc(n * sizeof *dims);
    unsigned char *scope = malloc(p->target_count);
    int status = levels && dims && scope ? 0 : -1;
    for (size_t v = 0; status == 0 && v < n; v++)
        levels[v] = p->variables[v].level_count - 1; /* others at their most */
    *chosen = -1;
    if (status == 0 && !decomposable(p)) {
        for (size_t v = 0; v < n; v++)
            dims[v] = v;
        status = walk_grid(w, dims, n, levels, chosen);
    } else if (status == 0) {
        status = plan_by_region(w, levels, dims, scope, chosen);
    }
    if (levels == NULL || dims == NULL || scope == NULL)
        snprintf(w->why, w->why_size, "out of memory");
    free(levels), free(dims), free(scope);
    return status;
}

int plan_search(const plan *p, const plan_options *options, plan_result *result, char *why,
                size_t why_size)
{
    memset(result, 0, sizeof *result);
    result->chosen = -1;
    plan__goal goal = {malloc(p->target_count), malloc(p->target_count * sizeof(double)),
                       options->exhaustive_replications};
    if (goal.in_scope == NULL || goal.threshold == NULL) {
        free(goal.in_scope), free(goal.threshold);
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    memset(goal.in_scope, 1, p->target_count);
    for (size_t t = 0; t < p->target_count; t++)
        goal.threshold[t] = p->targets[t].threshold;
    walk w = {p, options, result, &goal, 1, NAN, why, why_size};
    int status = search_goal(&w, &result->chosen);
    w.record = 0;
    for (size_t k = 0; status == 0 && k < p->table_count; k++) {
        for (size_t t = 0; t < p->target_count; t++)
            if (p->targets[t].source == 0)
                goal.threshold[t] = p->table_thresholds[k];
        int joint = result->joint_check_ok;
        w.goal = &goal;
        result->table[k].threshold = p->table_thresholds[k];
        status = search_goal(&w, &result->table[k].chosen);
        if (result->decomposed && !result->joint_check_ok)
            result->table[k].chosen = -1; /* the regions together missed a target */
        result->joint_check_ok = joint;
        result->table_count = k + 1;
    }
    free(goal.in_scope), free(goal.threshold);
    return status;
}

void plan_result_fini(plan_result *result)
{
    for (size_t i = 0; i < result->candidate_count; i++) {
        free(result->candidates[i].levels);
        free(result->candidates[i].values);
    }
    free(result->candidates);
    memset(result, 0, sizeof *result);
    result->chosen = -1;
}
