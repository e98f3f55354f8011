/* End-of-run checks and the reduction of replications to a summary: per region and for the
 * whole scenario, one value per replication per metric (means with Student-t intervals),
 * pooled histogram percentiles for per-applicant times, the bottleneck stage, daily rows and
 * the time-to-card CDF. */
#include "models/run/run_slots.h"
#include "models/ikd/scenario_ikd.h"
#include "models/run/metrics.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_invariant(summary *out, const char *name, int ok, const char *detail)
{
    summary_invariant *v = &out->invariants[out->invariant_count++];
    snprintf(v->name, sizeof v->name, "%s", name);
    snprintf(v->detail, sizeof v->detail, "%s", detail);
    v->ok = ok;
    if (!ok && out->invariants_ok) {
        out->invariants_ok = 0;
        snprintf(out->invariant_message, sizeof out->invariant_message, "%s: %s", name, detail);
    }
}

void run_check_invariants(const scenario *s, const replication_slot *slots, int reps,
                          summary *out)
{
    out->invariants_ok = 1;
    out->invariant_message[0] = '\0';
    out->invariant_count = 0;
    char people[256], blanks[256], pool[256];
    snprintf(people, sizeof people, "arrived = in recording + in each stage + duplicates + "
             "printed%s, in all %d replications x %zu regions",
             s->ikd != NULL ? " + IKD-only" : "", reps, s->region_count);
    snprintf(blanks, sizeof blanks, "blanks delivered = printed + spoiled + in stock + in "
             "printers (attempts in progress at the end), in all "
             "%d replications x %zu regions", reps, s->region_count);
    if (s->supply != NULL)
        snprintf(blanks, sizeof blanks, "blanks bought = printed + spoiled + in every stock + in "
                 "transit + in printers (centre and each office), in all %d replications x "
                 "%zu regions", reps, s->region_count);
    snprintf(pool, sizeof pool, "applicants alive in the pool = applicants in the stages");
    int people_ok = 1, blanks_ok = 1, pool_ok = 1;
    for (int r = 0; r < reps; r++) {
        for (size_t i = 0; i < s->region_count; i++) {
            const pipeline_balance *b = &slots[r].balance[i];
            const recording_result *x = &slots[r].recording[i];
            uint64_t staged = 0, all = 0;
            for (int k = 0; k < PLACE_COUNT; k++) {
                all += b->in_place[k];
                staged += k == PLACE_RERECORD ? 0 : b->in_place[k];
            }
            uint64_t rhs = b->in_recording + staged + b->duplicates + b->printed + b->ikd_only;
            /* The office's stations also hold people recorded again (enrol failures). */
            uint64_t office = x->finished + x->waiting_end + x->in_service_end;
            if (people_ok && (b->arrived != rhs ||
                              x->arrived + b->in_place[PLACE_RERECORD] != office)) {
                people_ok = 0;
                int n = snprintf(people, sizeof people, "replication %d, region %s: arrived "
                                 "%llu != in recording %llu + in stages %llu + duplicates %llu"
                                 " + printed %llu", r, s->regions[i].code,
                                 (unsigned long long)b->arrived,
                                 (unsigned long long)b->in_recording,
                                 (unsigned long long)staged, (unsigned long long)b->duplicates,
                                 (unsigned long long)b->printed);
                if (s->ikd != NULL && n > 0 && (size_t)n < sizeof people)
                    snprintf(people + n, sizeof people - (size_t)n, " + IKD-only %llu",
                             (unsigned long long)b->ikd_only);
            }
            if (blanks_ok && b->blanks_delivered != b->blanks_printed + b->blanks_spoiled +
                                                        b->blanks_in_stock + b->blanks_in_printers) {
                blanks_ok = 0;
                snprintf(blanks, sizeof blanks, "replication %d, region %s: delivered %lld != "
                         "printed %lld + spoiled %lld + in stock %lld + in printers %lld", r,
                         s->regions[i].code, (long long)b->blanks_delivered,
                         (long long)b->blanks_printed, (long long)b->blanks_spoiled,
                         (long long)b->blanks_in_stock, (long long)b->blanks_in_printers);
            }
            if (blanks_ok && i == 0 && !run__supply_balance_ok(s, &slots[r], r, blanks,
                                                               sizeof blanks))
                blanks_ok = 0;
            if (pool_ok && b->live != all) {
                pool_ok = 0;
                snprintf(pool, sizeof pool, "replication %d, region %s: %llu alive != %llu in "
                         "stages", r, s->regions[i].code, (unsigned long long)b->live,
                         (unsigned long long)all);
            }
        }
    }
    add_invariant(out, "applicants_conserved", people_ok, people);
    add_invariant(out, "blanks_conserved", blanks_ok, blanks);
    add_invariant(out, "pool_consistent", pool_ok, pool);
}

static const char *const stage_names[STAGE_COUNT] = {
    "recording", "network", "dedup", "review", "printing", "blanks", "collection"};

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* The number at byte `offset` of *base: a double ('d'), uint64_t ('u') or int64_t ('i'). */
static double number_at(const void *base, size_t offset, char type)
{
    const char *at = (const char *)base + offset;
    double d;
    uint64_t u;
    int64_t i;
    switch (type) {
    case 'u':
        memcpy(&u, at, sizeof u);
        return (double)u;
    case 'i':
        memcpy(&i, at, sizeof i);
        return (double)i;
    default:
        memcpy(&d, at, sizeof d);
        return d;
    }
}

/* Sum over regions [first, last) of the totals' double at `offset`, in region order. */
static double totals_sum(const replication_slot *slot, size_t first, size_t last,
                         size_t offset)
{
    double sum = 0;
    for (size_t i = first; i < last; i++)
        sum += number_at(&slot->totals[i], offset, 'd');
    return sum;
}

/* Regions in [first, last) whose IKD share of eligible people reaches the target. */
static double regions_at_target(const replication_slot *slot, size_t first, size_t last,
                                double target)
{
    double at = 0;
    for (size_t i = first; i < last; i++) {
        const ikd_adoption_totals *x = &slot->totals[i].ikd;
        at += x->eligible_end > 0 && x->active_end / x->eligible_end >= target;
    }
    return at;
}

/* One replication's value of metric m over regions [first, last). */
static double metric_value(const scenario *s, const run_metric *m, const replication_slot *slot,
                           size_t first, size_t last)
{
    double value = NAN;
    switch (m->kind) {
    case RUN_SUM:
        value = totals_sum(slot, first, last, m->field) / m->divisor;
        break;
    case RUN_RATIO: {
        double den = totals_sum(slot, first, last, m->den);
        if (m->den2 != 0)
            den += totals_sum(slot, first, last, m->den2);
        value = ratio(totals_sum(slot, first, last, m->field), den);
        break;
    }
    case RUN_SLOT:
        value = number_at(slot, m->field, 'd');
        break;
    case RUN_CORE:
        value = number_at(&slot->embedded, m->field, 'u');
        break;
    case RUN_WAITING_END:
        value = 0;
        for (size_t i = first; i < last; i++)
            value += (double)slot->recording[i].waiting_end;
        break;
    case RUN_SUPPLY_I64:
        value = number_at(&slot->supply, m->field, 'i');
        break;
    case RUN_SUPPLY_F64:
        value = number_at(&slot->supply, m->field, 'd');
        break;
    case RUN_SUPPLY_REGION:
        value = slot->supply.region_in_transit[first];
        break;
    case RUN_IKD_TARGET:
        value = regions_at_target(slot, first, last, s->ikd->targets[m->field]);
        break;
    }
    return value;
}

/* Whether the scenario has metric m in a national (national = 1) or region block. */
static int metric_applies(const scenario *s, const run_metric *m, int national)
{
    if ((m->group == RUN_METRIC_SUPPLY && s->supply == NULL) ||
        (m->group == RUN_METRIC_IKD && s->ikd == NULL))
        return 0;
    return m->scope == RUN_SCOPE_BOTH || m->scope == (national ? RUN_SCOPE_NATIONAL
                                                                : RUN_SCOPE_REGION);
}

static void set_percentiles(summary_metric *m, const pipeline_hist *h)
{
    if (m == NULL || h == NULL)
        return;
    m->percentiles_of = SUMMARY_OF_OBSERVATIONS;
    m->p50 = pipeline_hist_quantile(h, 0.50);
    m->p90 = pipeline_hist_quantile(h, 0.90);
    m->p95 = pipeline_hist_quantile(h, 0.95);
    m->p99 = pipeline_hist_quantile(h, 0.99);
}

/* The histogram at byte `offset` of the totals, pooled over regions [first, last) of all
 * replications into *pooled (initialised here; the caller finis it). Returns 0 or -1. */
static int pool_hist(const replication_slot *slots, int reps, size_t first, size_t last,
                     int horizon_days, size_t offset, pipeline_hist *pooled)
{
    if (pipeline_hist_init(pooled, horizon_days) != 0)
        return -1;
    for (int r = 0; r < reps; r++)
        for (size_t i = first; i < last; i++)
            if (pipeline_hist_merge(pooled, (const pipeline_hist *)(const void *)
                                                ((const char *)&slots[r].totals[i] + offset)))
                return -1;
    return 0;
}

/* Fills one metric list (national = 1: the top level) from regions [first, last), in the
 * table's order; ttc_cdf (may be NULL) gets the time-to-card CDF. Returns 0 or -1. */
static int reduce_block(const scenario *s, const replication_slot *slots, int reps,
                        size_t first, size_t last, int national, summary_metric *list,
                        size_t *count, double *ttc_cdf)
{
    size_t table_size;
    const run_metric *table = run_metrics(&table_size);
    double *values = malloc((size_t)reps * sizeof *values);
    int status = values != NULL ? 0 : -1;
    for (size_t k = 0; status == 0 && k < table_size; k++) {
        const run_metric *m = &table[k];
        if (!metric_applies(s, m, national))
            continue;
        for (int r = 0; r < reps; r++)
            values[r] = metric_value(s, m, &slots[r], first, last);
        summary_metric *x = summary_list_add(list, count, m->name, values, (size_t)reps);
        if (x == NULL) {
            status = -1;
        } else if (m->hist >= 0) {
            pipeline_hist pooled;
            memset(&pooled, 0, sizeof pooled);
            status = pool_hist(slots, reps, first, last, s->horizon_days, (size_t)m->hist,
                               &pooled);
            if (status == 0)
                set_percentiles(x, &pooled);
            pipeline_hist_fini(&pooled);
        }
    }
    if (status == 0 && ttc_cdf != NULL) {
        pipeline_hist ttc;
        memset(&ttc, 0, sizeof ttc);
        status = pool_hist(slots, reps, first, last, s->horizon_days,
                           offsetof(pipeline_totals, ttc), &ttc);
        uint64_t cumulative = 0;
        for (size_t k = 0; status == 0 && k + 1 < ttc.bins; k++) {
            cumulative += ttc.count[k];
            ttc_cdf[k] = ttc.total ? (double)cumulative / (double)ttc.total : NAN;
        }
        pipeline_hist_fini(&ttc);
    }
    free(values);
    return status;
}

/* The bottleneck is the stage that holds back the card: collection is left out, since a
 * person who comes back days later is not waiting for the office. */
static void name_bottleneck(summary_block *b)
{
    double most = -1;
    snprintf(b->bottleneck, sizeof b->bottleneck, "%s", "none");
    for (int k = 0; k < STAGE_COLLECTION; k++) {
        char name[SUMMARY_NAME_MAX];
        snprintf(name, sizeof name, "stage_%s_s", stage_names[k]);
        const summary_metric *m = summary_block_find(b, name);
        if (m != NULL && !isnan(m->mean) && m->mean > most) {
            most = m->mean;
            snprintf(b->bottleneck, sizeof b->bottleneck, "%s", stage_names[k]);
        }
    }
}

static int copy_daily(const scenario *s, const replication_slot *slots, int reps, summary *out)
{
    size_t regions = s->region_count, days = (size_t)s->horizon_days;
    out->daily = malloc((size_t)reps * days * regions * SUMMARY_DAILY_COLUMNS * sizeof(double));
    if (out->daily == NULL)
        return -1;
    double *row = out->daily;
    for (int r = 0; r < reps; r++)
        for (size_t d = 0; d < days; d++)
            for (size_t i = 0; i < regions; i++, row += SUMMARY_DAILY_COLUMNS)
                memcpy(row, slots[r].daily[i] + d * DAILY_COLUMNS,
                       SUMMARY_DAILY_COLUMNS * sizeof(double));
    return 0;
}

static int describe_scenario(const scenario *s, summary *out)
{
    size_t length = 1;
    for (size_t i = 0; i < s->source_count; i++)
        length += strlen(s->source[i]) + 3;
    out->source = calloc(length, 1);
    if (out->source == NULL)
        return -1;
    for (size_t i = 0; i < s->source_count; i++) {
        if (i > 0)
            strcat(out->source, " | ");
        strcat(out->source, s->source[i]);
    }
    snprintf(out->start_date, sizeof out->start_date, "%04d-%02d-%02d", s->start_date.year,
             s->start_date.month, s->start_date.day);
    out->start_days = s->start_date.days_since_epoch;
    _Static_assert(SUMMARY_OBSERVED_BINS == SCENARIO_OBSERVED_BINS, "one set of bins");
    out->has_observed = s->observed != NULL;
    if (s->observed != NULL) {
        snprintf(out->observed_what, sizeof out->observed_what, "%s", s->observed->what);
        snprintf(out->observed_source, sizeof out->observed_source, "%s", s->observed->source);
        out->observed_cards = s->observed->cards;
        for (int k = 0; k < SCENARIO_OBSERVED_BINS; k++) {
            snprintf(out->observed_names[k], SUMMARY_NAME_MAX, "%s", scenario_observed_bins[k]);
            out->observed_share[k] = s->observed->share[k];
        }
    }
    return 0;
}

int run_reduce(const scenario *s, const replication_slot *slots, int reps, summary *out)
{
    size_t n = s->region_count;
    if (describe_scenario(s, out) != 0 || copy_daily(s, slots, reps, out) != 0)
        return -1;
    pipeline_hist edges;
    if (pipeline_hist_init(&edges, s->horizon_days) != 0)
        return -1;
    out->ttc_bins = edges.bins - 1;
    out->ttc_upper_s = malloc(out->ttc_bins * sizeof *out->ttc_upper_s);
    out->ttc_share_le = malloc((n ? n : 1) * out->ttc_bins * sizeof *out->ttc_share_le);
    out->regions = calloc(n, sizeof *out->regions);
    int status = out->ttc_upper_s && out->ttc_share_le && out->regions ? 0 : -1;
    if (status == 0)
        memcpy(out->ttc_upper_s, edges.upper_s, out->ttc_bins * sizeof *out->ttc_upper_s);
    pipeline_hist_fini(&edges);
    out->region_count = status == 0 ? n : 0;
    status = status ? status : reduce_block(s, slots, reps, 0, n, 1, out->metrics,
                                            &out->metric_count, NULL);
    for (size_t i = 0; status == 0 && i < n; i++) {
        summary_block *b = &out->regions[i];
        snprintf(b->code, sizeof b->code, "%s", s->regions[i].code);
        snprintf(b->name, sizeof b->name, "%s", s->regions[i].name);
        status = reduce_block(s, slots, reps, i, i + 1, 0, b->metrics, &b->metric_count,
                              out->ttc_share_le + i * out->ttc_bins);
        if (status == 0)
            name_bottleneck(b);
    }
    status = status ? status : run__reduce_supply(s, slots, reps, out);
    return status ? status : run__reduce_ikd(s, slots, out);
}
