/* Fixed-edge duration histograms (the bins of time_to_card.csv) and FIFO lists of
 * applicants. A histogram costs ~(208 + horizon_days) counters whatever the number of
 * applicants, so a province-year keeps no per-applicant observations. */
#include "models/card/pipeline.h"

#include <math.h>
#include <stdlib.h>

void pipeline_fifo_push(pipeline_fifo *q, pipeline_applicant *a)
{
    a->next = NULL;
    if (q->tail != NULL)
        q->tail->next = a;
    else
        q->head = a;
    q->tail = a;
    q->count++;
}

pipeline_applicant *pipeline_fifo_pop(pipeline_fifo *q)
{
    pipeline_applicant *a = q->head;
    if (a == NULL)
        return NULL;
    q->head = a->next;
    if (q->head == NULL)
        q->tail = NULL;
    q->count--;
    a->next = NULL;
    return a;
}

int pipeline_hist_init(pipeline_hist *h, int horizon_days)
{
    size_t bins = 120 + 88 + (size_t)(horizon_days > 1 ? horizon_days - 1 : 0) + 1;
    h->bins = bins;
    h->total = 0;
    h->upper_s = malloc(bins * sizeof *h->upper_s);
    h->count = calloc(bins, sizeof *h->count);
    if (h->upper_s == NULL || h->count == NULL) {
        pipeline_hist_fini(h);
        return -1;
    }
    size_t i = 0;
    for (int k = 1; k <= 120; k++)
        h->upper_s[i++] = 60.0 * k;
    for (int k = 1; k <= 88; k++)
        h->upper_s[i++] = 7200.0 + 900.0 * k;
    for (int day = 2; day <= horizon_days; day++)
        h->upper_s[i++] = SIM_DAY_S * day;
    h->upper_s[i] = INFINITY; /* overflow */
    return 0;
}

void pipeline_hist_fini(pipeline_hist *h)
{
    free(h->upper_s);
    free(h->count);
    h->upper_s = NULL;
    h->count = NULL;
    h->bins = 0;
}

void pipeline_hist_add(pipeline_hist *h, double x)
{
    size_t i;
    if (x <= 7200.0)
        i = x <= 0 ? 0 : (size_t)ceil(x / 60.0) - 1;
    else if (x <= SIM_DAY_S)
        i = 120 + (size_t)ceil((x - 7200.0) / 900.0) - 1;
    else
        i = 208 + (size_t)ceil(x / SIM_DAY_S) - 2;
    if (i >= h->bins)
        i = h->bins - 1;
    h->count[i]++;
    h->total++;
}

int pipeline_hist_merge(pipeline_hist *into, const pipeline_hist *from)
{
    if (into->bins != from->bins)
        return -1;
    for (size_t i = 0; i < into->bins; i++)
        into->count[i] += from->count[i];
    into->total += from->total;
    return 0;
}

/* Linear interpolation inside the bin holding the p-quantile; NAN when empty. */
double pipeline_hist_quantile(const pipeline_hist *h, double p)
{
    if (h->total == 0)
        return NAN;
    double target = p * (double)h->total, cumulative = 0;
    for (size_t i = 0; i < h->bins; i++) {
        double next = cumulative + (double)h->count[i];
        if (next >= target && h->count[i] > 0) {
            double lower = i == 0 ? 0 : h->upper_s[i - 1];
            double upper = isinf(h->upper_s[i]) ? lower : h->upper_s[i];
            return lower + (upper - lower) * (target - cumulative) / (double)h->count[i];
        }
        cumulative = next;
    }
    return h->upper_s[h->bins - 2];
}
