/* Paired differences B - A: per metric, the replication values of the two scenarios under the
 * same seeds, their mean difference and its Student-t interval; per region for the headline
 * metrics, matched by region code. */
#include "app/ktpsim_compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/ktpsim_units.h"
#include "sim/stats.h"

const char *const compare_headline_names[COMPARE_HEADLINES] = {
    "cards_within_1h_share", "time_to_card_s", "suket_issued", "blank_stockout_days"};
const char *const compare_national_names[COMPARE_HEADLINES] = {
    "cards_within_1h_share", "time_to_card_s", "suket_issued", "region_stockout_days"};
const int compare_more_is_better[COMPARE_HEADLINES] = {1, 0, 0, 0};

/* A difference of two shares lies in [-1, 1]; other differences are unbounded. */
static void pair_up(const char *name, const summary_metric *const *x,
                    const summary_metric *const *y, int reps, double *d, compare_stat *out)
{
    double bound = ktpsim_unit_of(name) == KTPSIM_UNIT_SHARE ? 1 : INFINITY;
    double sa = 0, sb = 0;
    size_t n = 0;
    for (int r = 0; r < reps; r++) {
        if (x[r] && y[r] && isfinite(x[r]->mean) && isfinite(y[r]->mean)) {
            sa += x[r]->mean;
            sb += y[r]->mean;
            d[n++] = y[r]->mean - x[r]->mean;
        }
    }
    sim_ci ci;
    out->n = n;
    out->a = n ? sa / (double)n : NAN;
    out->b = n ? sb / (double)n : NAN;
    out->diff = n ? (sb - sa) / (double)n : NAN;
    out->lo = out->hi = NAN;
    if (n >= 2 && sim_stats_ci_within(d, n, 0.95, -bound, bound, &ci) == 0) {
        out->diff = ci.mean;
        out->lo = ci.lo;
        out->hi = ci.hi;
    }
}

int compare_reduce(const summary *a, const summary *b, int reps, const size_t *b_region,
                   compare_result *out)
{
    size_t metrics = a[0].metric_count, regions = b_region ? a[0].region_count : 0;
    out->metric_count = metrics;
    out->region_count = regions;
    out->metric_names = calloc(metrics ? metrics : 1, sizeof *out->metric_names);
    out->national = calloc(metrics ? metrics : 1, sizeof *out->national);
    out->regions = calloc(regions ? regions : 1, sizeof *out->regions);
    double *d = malloc((size_t)reps * sizeof *d);
    const summary_metric **x = malloc((size_t)reps * sizeof *x);
    const summary_metric **y = malloc((size_t)reps * sizeof *y);
    int status = out->metric_names && out->national && out->regions && d && x && y ? 0 : -1;
    for (size_t m = 0; status == 0 && m < metrics; m++) {
        const char *name = a[0].metrics[m].name;
        memcpy(out->metric_names[m], name, SUMMARY_NAME_MAX);
        for (int r = 0; r < reps; r++) {
            x[r] = summary_find(&a[r], name);
            y[r] = summary_find(&b[r], name);
        }
        pair_up(name, x, y, reps, d, &out->national[m]);
    }
    for (size_t i = 0; status == 0 && i < regions; i++) {
        compare_region *g = &out->regions[i];
        memcpy(g->code, a[0].regions[i].code, sizeof g->code);
        memcpy(g->name, a[0].regions[i].name, sizeof g->name);
        for (int h = 0; h < COMPARE_HEADLINES; h++) {
            for (int r = 0; r < reps; r++) {
                x[r] = summary_block_find(&a[r].regions[i], compare_headline_names[h]);
                y[r] = summary_block_find(&b[r].regions[b_region[i]], compare_headline_names[h]);
            }
            pair_up(compare_headline_names[h], x, y, reps, d, &g->headline[h]);
        }
    }
    free(d);
    free(x);
    free(y);
    if (status != 0)
        compare_result_fini(out);
    return status;
}

void compare_result_fini(compare_result *r)
{
    free(r->metric_names);
    free(r->national);
    free(r->regions);
    r->metric_names = NULL;
    r->national = NULL;
    r->regions = NULL;
    r->metric_count = r->region_count = 0;
}

/* qsort has no context argument: the sort runs on (size, code, index) triples instead. */
typedef struct keyed {
    double size;
    const char *code;
    size_t index;
} keyed;

static int by_size(const void *p, const void *q)
{
    const keyed *a = p, *b = q;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return strcmp(a->code, b->code);
}

void compare_sort_regions(const compare_result *r, int h, size_t *order)
{
    keyed *k = malloc((r->region_count ? r->region_count : 1) * sizeof *k);
    for (size_t i = 0; i < r->region_count; i++) {
        double d = fabs(r->regions[i].headline[h].diff);
        if (k == NULL) {
            order[i] = i;
            continue;
        }
        k[i] = (keyed){isfinite(d) ? d : -1, r->regions[i].code, i};
    }
    if (k == NULL)
        return;
    qsort(k, r->region_count, sizeof *k, by_size);
    for (size_t i = 0; i < r->region_count; i++)
        order[i] = k[i].index;
    free(k);
}
