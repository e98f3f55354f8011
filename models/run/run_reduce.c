/* End-of-run checks and the reduction of replications to a summary: per region and for the
 * whole scenario, one value per replication per metric (means with Student-t intervals),
 * pooled histogram percentiles for per-applicant times, the bottleneck stage, daily rows and
 * the time-to-card CDF. */
#include "models/run/run_slots.h"

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

enum {
    M_ARRIVED, M_RECORDED, M_PRINTED, M_DUPLICATES, M_ADJUDICATED, M_ENROL_FAILURES,
    M_SUKET, M_SUKET_END, M_STOCKOUT_DAYS, M_SPOILED, M_WITHIN_1H, M_TTC, M_IN_HAND,
    M_REC_WAIT, M_UPLOAD, M_DEDUP, M_PRINT_WAIT, M_REC_UTIL, M_OPERATOR_UTIL, M_LINK_UTIL, M_PRINTER_UTIL,
    M_ABIS_UTIL, M_REC_WAITING_END, M_OWED, M_PENDING_END, M_STAGE0, M_CORE0 = M_STAGE0 + STAGE_COUNT,
    M_COUNT = M_CORE0 + 5
};

static const char *const metric_names[M_COUNT] = {
    "applicants_arrived", "recorded", "cards_printed", "duplicates_found", "adjudicated",
    "enrol_failures", "suket_issued", "suket_backlog_end", "blank_stockout_days",
    "blanks_spoiled", "cards_within_1h_share", "time_to_card_s", "time_to_card_in_hand_s",
    "recording_wait_s", "upload_delay_s", "dedup_turnaround_s", "print_wait_s",
    "recording_utilisation", "operator_utilisation", "link_utilisation", "printer_utilisation", "abis_utilisation",
    "recording_waiting_end", "cards_owed", "applicants_pending_end", "stage_recording_s", "stage_network_s", "stage_dedup_s",
    "stage_review_s", "stage_printing_s", "stage_blanks_s", "stage_collection_s",
    "core_comparisons", "duplicates_injected", "core_duplicates_found", "false_matches",
    "core_reviews"};

static const char *const stage_names[STAGE_COUNT] = {
    "recording", "network", "dedup", "review", "printing", "blanks", "collection"};

#define TOTALS_DOUBLES \
    ((offsetof(pipeline_totals, printer_open_s) - offsetof(pipeline_totals, arrived)) / \
         sizeof(double) + 1)
_Static_assert(offsetof(pipeline_totals, printer_open_s) - offsetof(pipeline_totals, arrived) ==
                   (TOTALS_DOUBLES - 1) * sizeof(double),
               "pipeline_totals: the summable fields must be consecutive doubles");

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* One replication's metric values over regions [first, last). */
static void values_of(const replication_slot *slot, size_t first, size_t last, double *v)
{
    pipeline_totals sum;
    memset(&sum, 0, sizeof sum);
    double waiting_end = 0;
    for (size_t i = first; i < last; i++) {
        const pipeline_totals *t = &slot->totals[i];
        /* The summable fields are consecutive doubles from arrived to printer_open_s: add
         * them as an array (copied out and back, so no pointer crosses members). */
        double a[TOTALS_DOUBLES], b[TOTALS_DOUBLES];
        memcpy(a, &sum.arrived, sizeof a);
        memcpy(b, &t->arrived, sizeof b);
        for (size_t k = 0; k < TOTALS_DOUBLES; k++)
            a[k] += b[k];
        memcpy(&sum.arrived, a, sizeof a);
        waiting_end += (double)slot->recording[i].waiting_end;
    }
    v[M_ARRIVED] = sum.arrived;
    v[M_RECORDED] = sum.recorded;
    v[M_PRINTED] = sum.cards_printed;
    v[M_DUPLICATES] = sum.duplicates_found;
    v[M_ADJUDICATED] = sum.adjudicated;
    v[M_ENROL_FAILURES] = sum.enrol_failures;
    v[M_SUKET] = sum.suket_issued;
    v[M_SUKET_END] = sum.suket_backlog_end;
    v[M_STOCKOUT_DAYS] = sum.blank_stockout_days;
    v[M_SPOILED] = sum.blanks_spoiled;
    v[M_WITHIN_1H] = ratio(sum.within_1h, sum.owed);
    v[M_TTC] = ratio(sum.ttc_sum, sum.cards_printed);
    v[M_IN_HAND] = ratio(sum.in_hand_sum, sum.in_hand_count);
    v[M_REC_WAIT] = ratio(sum.rec_wait_sum, sum.rec_wait_count);
    v[M_UPLOAD] = ratio(sum.upload_sum, sum.upload_count);
    v[M_DEDUP] = ratio(sum.dedup_sum, sum.dedup_count);
    v[M_PRINT_WAIT] = ratio(sum.print_wait_sum, sum.print_wait_count);
    v[M_REC_UTIL] = ratio(sum.station_busy_s, sum.station_open_s);
    v[M_OPERATOR_UTIL] = ratio(sum.operator_busy_s, sum.operator_open_s);
    v[M_LINK_UTIL] = ratio(sum.link_busy_s, sum.link_open_s);
    v[M_PRINTER_UTIL] = ratio(sum.printer_busy_s, sum.printer_open_s);
    v[M_ABIS_UTIL] = slot->abis_utilisation;
    v[M_REC_WAITING_END] = waiting_end;
    v[M_OWED] = sum.owed;
    v[M_PENDING_END] = sum.pending_end;
    for (int k = 0; k < STAGE_COUNT; k++)
        v[M_STAGE0 + k] = ratio(sum.stage_sum[k], sum.cards_printed);
    /* The embedded core's counts are for the shared ABIS, whole run (zero when modeled). */
    const abis_embedded_stats *e = &slot->embedded;
    v[M_CORE0] = (double)e->comparisons;
    v[M_CORE0 + 1] = (double)e->duplicates_injected;
    v[M_CORE0 + 2] = (double)e->duplicates_found;
    v[M_CORE0 + 3] = (double)e->false_matches;
    v[M_CORE0 + 4] = (double)e->reviews;
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

/* Pooled histograms of regions [first, last) over all replications. */
static int pool_hists(const replication_slot *slots, int reps, size_t first, size_t last,
                      int horizon_days, pipeline_hist pooled[3])
{
    for (int h = 0; h < 3; h++)
        if (pipeline_hist_init(&pooled[h], horizon_days) != 0)
            return -1;
    for (int r = 0; r < reps; r++) {
        for (size_t i = first; i < last; i++) {
            const pipeline_totals *t = &slots[r].totals[i];
            if (pipeline_hist_merge(&pooled[0], &t->ttc) || pipeline_hist_merge(&pooled[1],
                &t->in_hand) || pipeline_hist_merge(&pooled[2], &t->rec_wait))
                return -1;
        }
    }
    return 0;
}

/* Fills one metric list from regions [first, last); ttc_cdf (may be NULL) gets the CDF. */
static int reduce_block(const scenario *s, const replication_slot *slots, int reps,
                        size_t first, size_t last, summary_metric *list, size_t *count,
                        double *ttc_cdf)
{
    double *values = malloc((size_t)reps * M_COUNT * sizeof *values);
    pipeline_hist pooled[3];
    memset(pooled, 0, sizeof pooled);
    int status = values != NULL ? pool_hists(slots, reps, first, last, s->horizon_days, pooled)
                                : -1;
    for (int r = 0; status == 0 && r < reps; r++) {
        double v[M_COUNT];
        values_of(&slots[r], first, last, v);
        for (int m = 0; m < M_COUNT; m++)
            values[(size_t)m * reps + r] = v[m];
    }
    for (int m = 0; status == 0 && m < M_COUNT; m++) {
        summary_metric *x = summary_list_add(list, count, metric_names[m],
                                             values + (size_t)m * reps, (size_t)reps);
        if (x == NULL)
            status = -1;
        else if (m == M_TTC)
            set_percentiles(x, &pooled[0]);
        else if (m == M_IN_HAND)
            set_percentiles(x, &pooled[1]);
        else if (m == M_REC_WAIT)
            set_percentiles(x, &pooled[2]);
    }
    if (status == 0 && ttc_cdf != NULL) {
        uint64_t cumulative = 0;
        for (size_t k = 0; k + 1 < pooled[0].bins; k++) {
            cumulative += pooled[0].count[k];
            ttc_cdf[k] = pooled[0].total ? (double)cumulative / (double)pooled[0].total : NAN;
        }
    }
    for (int h = 0; h < 3; h++)
        pipeline_hist_fini(&pooled[h]);
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
        const summary_metric *m = &b->metrics[M_STAGE0 + k];
        if (!isnan(m->mean) && m->mean > most) {
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
    status = status ? status : reduce_block(s, slots, reps, 0, n, out->metrics,
                                            &out->metric_count, NULL);
    for (size_t i = 0; status == 0 && i < n; i++) {
        summary_block *b = &out->regions[i];
        snprintf(b->code, sizeof b->code, "%s", s->regions[i].code);
        snprintf(b->name, sizeof b->name, "%s", s->regions[i].name);
        status = reduce_block(s, slots, reps, i, i + 1, b->metrics, &b->metric_count,
                              out->ttc_share_le + i * out->ttc_bins);
        if (status == 0)
            name_bottleneck(b);
    }
    /* after the region blocks: it appends a metric to each */
    status = status ? status : run__reduce_supply(s, slots, reps, out);
    return status ? status : run__reduce_ikd(s, slots, reps, out);
}
