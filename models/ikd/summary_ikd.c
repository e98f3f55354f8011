/* ikd.csv and ikd_monthly.csv (docs/results.md), written only when the run had an "ikd" key:
 * per region the adoption against the district targets and what holds it back, ranked from
 * the furthest behind; per calendar month, activations and active IKD per region and for
 * the whole scenario (region_code "ALL"), means over replications with 95% intervals. */
#include "models/run/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/card/pipeline.h"
#include "models/run/metrics.h"
#include "sim/schedule.h"

static void put(FILE *out, double x)
{
    fputc(',', out);
    if (isfinite(x))
        summary__put_number(out, x);
}

static double metric_mean(const summary_block *b, const char *name)
{
    const summary_metric *m = summary_block_find(b, name);
    return m != NULL ? m->mean : NAN;
}

typedef struct ikd_files {
    const summary *s;
    size_t *order;      /* regions from the lowest share up */
    double *buffer;     /* 2 x replications */
} ikd_files;

static double share_of(const summary *s, size_t i)
{
    return metric_mean(&s->regions[i], "ikd_share_of_eligible");
}

/* Insertion sort (regions <= 1000): lowest share first, NaN last, ties in file order. */
static void rank_regions(const summary *s, size_t *order)
{
    for (size_t k = 0; k < s->region_count; k++) {
        size_t j = k;
        double x = share_of(s, k);
        while (j > 0) {
            double y = share_of(s, order[j - 1]);
            if (!(isnan(y) ? !isnan(x) : !isnan(x) && x < y))
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
}

static void write_regions(FILE *out, const void *ctx)
{
    const ikd_files *f = ctx;
    const summary *s = f->s;
    const size_t *order = f->order;
    /* The metric columns are the table's rows marked for ikd.csv, in their column order. */
    size_t table_size, column_count = 0;
    const run_metric *table = run_metrics(&table_size), *columns[SUMMARY_MAX_METRICS];
    for (int c = 1; column_count < table_size; c++) {
        size_t k = 0;
        while (k < table_size && table[k].ikd_csv != c)
            k++;
        if (k == table_size)
            break;
        columns[column_count++] = &table[k];
    }
    fputs("rank_from_bottom,region_code,region_name,eligible_end,active_end,share,share_ci95_lo,"
          "share_ci95_hi,at_low_target,at_high_target", out);
    for (size_t c = 0; c < column_count; c++)
        fprintf(out, ",%s", columns[c]->ikd_csv_name);
    fputs(",phone_share,connectivity_share,literacy_share,capable_share,first_open_date,limit\n",
          out);
    for (size_t k = 0; k < s->region_count; k++) {
        const summary_block *b = &s->regions[order[k]];
        const summary_metric *share = summary_block_find(b, "ikd_share_of_eligible");
        double mean = share ? share->mean : NAN;
        fprintf(out, "%zu,%s,", k + 1, b->code);
        for (const char *c = b->name; *c; c++)
            fputc(*c == ',' ? ' ' : *c, out);
        put(out, metric_mean(b, "ikd_eligible_end"));
        put(out, metric_mean(b, "ikd_active_end"));
        put(out, mean);
        put(out, share ? share->ci_low : NAN);
        put(out, share ? share->ci_high : NAN);
        fprintf(out, ",%d,%d", mean >= s->ikd_targets[0], mean >= s->ikd_targets[1]);
        for (size_t c = 0; c < column_count; c++)
            put(out, metric_mean(b, columns[c]->name));
        put(out, b->ikd_phone);
        put(out, b->ikd_connectivity);
        put(out, b->ikd_literacy);
        put(out, b->ikd_phone * b->ikd_connectivity * b->ikd_literacy);
        fputc(',', out);
        if (b->ikd_first_open_day >= 0) {
            int y, m, d;
            sim_civil_from_days(s->start_days + b->ikd_first_open_day, &y, &m, &d);
            fprintf(out, "%04d-%02d-%02d", y, m, d);
        }
        fprintf(out, ",%s\n", b->ikd_limit);
    }
}

/* Active IKD at the end of `day` for region i (SIZE_MAX: all) in replication r. */
static double active_at(const summary *s, int r, int day, size_t region)
{
    const double *row = s->daily + (((size_t)r * (size_t)s->horizon_days + (size_t)day) *
                                     s->region_count) * SUMMARY_DAILY_COLUMNS;
    double sum = 0;
    for (size_t i = 0; i < s->region_count; i++)
        if (region == SIZE_MAX || region == i)
            sum += row[i * SUMMARY_DAILY_COLUMNS + DAILY_IKD_ACTIVE];
    return sum;
}

static void put_mean_ci(FILE *out, const double *values, int reps)
{
    summary_metric m;
    size_t count = 0;
    if (summary_list_add(&m, &count, "x", values, (size_t)reps) == NULL) {
        m.mean = m.ci_low = m.ci_high = NAN;
    }
    put(out, m.mean);
    put(out, m.ci_low);
    put(out, m.ci_high);
}

/* Writes one month's row for region `region` (SIZE_MAX: "ALL"); `first` and `last` are the
 * month's first and last simulated days. */
static void write_month(FILE *out, const summary *s, int first, int last, size_t region,
                        double *activations, double *active)
{
    for (int r = 0; r < s->replications; r++) {
        double before = first > 0 ? active_at(s, r, first - 1, region) : 0;
        active[r] = active_at(s, r, last, region);
        activations[r] = active[r] - before;
    }
    int y, m, d;
    sim_civil_from_days(s->start_days + first, &y, &m, &d);
    fprintf(out, "%04d-%02d,%s", y, m, region == SIZE_MAX ? "ALL" : s->regions[region].code);
    put_mean_ci(out, activations, s->replications);
    put_mean_ci(out, active, s->replications);
    fputc('\n', out);
}

static void write_monthly(FILE *out, const void *ctx)
{
    const ikd_files *f = ctx;
    const summary *s = f->s;
    double *buffer = f->buffer;
    fputs("month,region_code,activations,activations_ci95_lo,activations_ci95_hi,active_end,"
          "active_end_ci95_lo,active_end_ci95_hi\n", out);
    for (int first = 0; first < s->horizon_days;) {
        int y, m, d, last = first;
        sim_civil_from_days(s->start_days + first, &y, &m, &d);
        for (;;) { /* the month's last simulated day */
            int y2, m2, d2;
            if (last + 1 >= s->horizon_days)
                break;
            sim_civil_from_days(s->start_days + last + 1, &y2, &m2, &d2);
            if (m2 != m)
                break;
            last++;
        }
        write_month(out, s, first, last, SIZE_MAX, buffer, buffer + s->replications);
        for (size_t i = 0; i < s->region_count; i++)
            write_month(out, s, first, last, i, buffer, buffer + s->replications);
        first = last + 1;
    }
}

int summary__write_ikd_csv(const summary *s, const char *dir, char *why, size_t why_size)
{
    if (!s->has_ikd)
        return 0;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/ikd_monthly.csv", dir) >= sizeof path) {
        snprintf(why, why_size, "output folder name too long");
        return -1;
    }
    ikd_files f = {s, malloc((s->region_count ? s->region_count : 1) * sizeof *f.order),
                   malloc(2 * (size_t)(s->replications > 0 ? s->replications : 1) *
                          sizeof *f.buffer)};
    int status = -1;
    if (f.order == NULL || f.buffer == NULL) {
        snprintf(why, why_size, "out of memory");
    } else {
        rank_regions(s, f.order);
        status = summary__write_file(path, write_monthly, &f, why, why_size);
        snprintf(path, sizeof path, "%s/ikd.csv", dir);
        if (status == 0)
            status = summary__write_file(path, write_regions, &f, why, why_size);
    }
    free(f.order);
    free(f.buffer);
    return status;
}
