/* The CSV result files of docs/results.md: regions.csv (one row per region and metric,
 * metrics in alphabetical order), daily.csv (per replication, day and region) and
 * time_to_card.csv (the pooled CDF per region at fixed edges). */
#include "models/run/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/schedule.h"

static void put_number(FILE *out, double x)
{
    if (isfinite(x)) /* else an empty field */
        summary__put_number(out, x);
}

/* Names never contain commas in the files: a comma becomes a space. */
static void put_name(FILE *out, const char *name)
{
    for (const char *c = name; *c; c++)
        fputc(*c == ',' ? ' ' : *c, out);
}

static int by_name(const void *a, const void *b)
{
    const summary_metric *const *x = a, *const *y = b;
    return strcmp((*x)->name, (*y)->name);
}

static void write_regions(FILE *out, const void *ctx)
{
    const summary *s = ctx;
    fputs("region_code,region_name,metric,mean,ci95_lo,ci95_hi,p50,p90,p95,p99\n", out);
    for (size_t i = 0; i < s->region_count; i++) {
        const summary_block *b = &s->regions[i];
        const summary_metric *sorted[SUMMARY_MAX_METRICS];
        for (size_t m = 0; m < b->metric_count; m++)
            sorted[m] = &b->metrics[m];
        qsort(sorted, b->metric_count, sizeof sorted[0], by_name);
        for (size_t m = 0; m < b->metric_count; m++) {
            const summary_metric *x = sorted[m];
            fprintf(out, "%s,", b->code);
            put_name(out, b->name);
            fprintf(out, ",%s", x->name);
            const double v[7] = {x->mean, x->ci_low, x->ci_high, x->p50, x->p90, x->p95, x->p99};
            for (int k = 0; k < 7; k++) {
                fputc(',', out);
                put_number(out, v[k]);
            }
            fputc('\n', out);
        }
    }
}

static void write_daily(FILE *out, const void *ctx)
{
    const summary *s = ctx;
    fputs("rep,day,date,region_code,arrivals,recorded,q_recording,q_upload,q_dedup,q_review,"
          "q_print,printed,collected,blank_stock,stockout,suket_issued,suket_backlog,"
          "ikd_active,ikd_eligible\n", out);
    size_t row = 0;
    for (int rep = 0; rep < s->replications; rep++) {
        for (int day = 0; day < s->horizon_days; day++) {
            int year, month, dom;
            sim_civil_from_days(s->start_days + day, &year, &month, &dom);
            for (size_t i = 0; i < s->region_count; i++, row++) {
                fprintf(out, "%d,%d,%04d-%02d-%02d,%s", rep, day, year, month, dom,
                        s->regions[i].code);
                const double *v = s->daily + row * SUMMARY_DAILY_COLUMNS;
                for (int c = 0; c < SUMMARY_DAILY_COLUMNS; c++)
                    fprintf(out, ",%.0f", v[c]);
                fputc('\n', out);
            }
        }
    }
}

static void write_time_to_card(FILE *out, const void *ctx)
{
    const summary *s = ctx;
    fputs("region_code,upper_s,share_le\n", out);
    for (size_t i = 0; i < s->region_count; i++) {
        for (size_t k = 0; k < s->ttc_bins; k++) {
            fprintf(out, "%s,", s->regions[i].code);
            put_number(out, s->ttc_upper_s[k]);
            fputc(',', out);
            put_number(out, s->ttc_share_le[i * s->ttc_bins + k]);
            fputc('\n', out);
        }
    }
}

int summary_write_csv(const summary *s, const char *dir, char *why, size_t why_size)
{
    static const char *const names[3] = {"regions.csv", "daily.csv", "time_to_card.csv"};
    void (*const writers[3])(FILE *, const void *) = {write_regions, write_daily,
                                                      write_time_to_card};
    size_t length = strlen(dir) + 32;
    char *path = malloc(length);
    if (path == NULL) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    int status = 0;
    for (int f = 0; f < 3 && status == 0; f++) {
        snprintf(path, length, "%s/%s", dir, names[f]);
        status = summary__write_file(path, writers[f], s, why, why_size);
    }
    free(path);
    if (status == 0)
        status = summary__write_central_csv(s, dir, why, why_size);
    if (status == 0)
        status = summary__write_ikd_csv(s, dir, why, why_size);
    return status;
}
