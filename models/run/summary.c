/* Summary statistics across replications (Student-t intervals from sim/stats, exact
 * percentiles by GSL's interpolation, the same rule as sim_samples_quantile)
 * and the summary.json writer. Output is a pure function of the values, so a run gives
 * the same bytes however many threads computed the replications. */
#include "models/run/summary.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/stats.h"

static void percentiles(summary_metric *m, double *sorted, size_t n)
{
    if (n == 0) {
        m->p50 = m->p90 = m->p95 = m->p99 = NAN;
        return;
    }
    m->p50 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.50);
    m->p90 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.90);
    m->p95 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.95);
    m->p99 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.99);
}

summary_metric *summary_list_add(summary_metric *list, size_t *count, const char *name,
                                 const double *replication_values, size_t replications)
{
    if (*count >= SUMMARY_MAX_METRICS)
        return NULL;
    summary_metric *m = &list[*count];
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    double *values = malloc((replications ? replications : 1) * sizeof *values);
    if (values == NULL)
        return NULL;
    (*count)++;
    size_t n = 0;
    for (size_t i = 0; i < replications; i++)
        if (!isnan(replication_values[i]))
            values[n++] = replication_values[i];
    m->replications_used = n;
    m->mean = n ? gsl_stats_mean(values, 1, n) : NAN;
    m->ci_low = m->ci_high = NAN;
    sim_ci ci;
    if (n == 1) {
        m->ci_low = m->ci_high = m->mean;
    } else if (n >= 2 && sim_stats_ci(values, n, 0.95, &ci) == SIM_OK) {
        m->ci_low = ci.lo;
        m->ci_high = ci.hi;
    }
    m->percentiles_of = SUMMARY_OF_REPLICATIONS;
    m->p50 = m->p90 = m->p95 = m->p99 = NAN;
    free(values);
    return m;
}

int summary_add_metric(summary *s, const char *name, const double *replication_values,
                       size_t replications, double *observations, size_t observation_count)
{
    summary_metric *m = summary_list_add(s->metrics, &s->metric_count, name, replication_values,
                                         replications);
    if (m == NULL)
        return -1;
    if (observations != NULL) {
        m->percentiles_of = SUMMARY_OF_OBSERVATIONS;
        gsl_sort(observations, 1, observation_count);
        percentiles(m, observations, observation_count);
    }
    return 0;
}

const summary_metric *summary_block_find(const summary_block *b, const char *name)
{
    for (size_t i = 0; i < b->metric_count; i++)
        if (strcmp(b->metrics[i].name, name) == 0)
            return &b->metrics[i];
    return NULL;
}

void summary_fini(summary *s)
{
    for (size_t i = 0; i < s->change_count; i++)
        free(s->changes[i]);
    free(s->changes);
    s->changes = NULL;
    s->change_count = 0;
    free(s->source);
    free(s->regions);
    free(s->daily);
    free(s->ttc_upper_s);
    free(s->ttc_share_le);
    free(s->central_daily);
    s->central_daily = NULL;
    s->source = NULL;
    s->regions = NULL;
    s->daily = s->ttc_upper_s = s->ttc_share_le = NULL;
    s->region_count = 0;
}

const summary_metric *summary_find(const summary *s, const char *name)
{
    for (size_t i = 0; i < s->metric_count; i++)
        if (strcmp(s->metrics[i].name, name) == 0)
            return &s->metrics[i];
    return NULL;
}

/* Shortest form (at least 6 significant digits) that reads back as the same double, so
 * the JSON and CSV files agree to the last bit. x must be finite. */
void summary__put_number(FILE *out, double x)
{
    char text[40];
    for (int precision = 6; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, x);
        if (strtod(text, NULL) == x)
            break;
    }
    fputs(text, out);
}

/* null for NaN and infinities, which JSON cannot hold. */
static void write_number(FILE *out, double x)
{
    if (isfinite(x))
        summary__put_number(out, x);
    else
        fputs("null", out);
}

static void write_string(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(out, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(out, "\\u%04x", *c);
        else
            fputc(*c, out);
    }
    fputc('"', out);
}

static void write_metric(FILE *out, const summary_metric *m, const char *indent)
{
    fputs(indent, out);
    write_string(out, m->name);
    fputs(": {\"mean\": ", out);
    write_number(out, m->mean);
    fputs(", \"ci95\": ", out);
    if (isnan(m->ci_low)) {
        fputs("null", out);
    } else {
        fputc('[', out);
        write_number(out, m->ci_low);
        fputs(", ", out);
        write_number(out, m->ci_high);
        fputc(']', out);
    }
    const double p[4] = {m->p50, m->p90, m->p95, m->p99};
    const char *names[4] = {"p50", "p90", "p95", "p99"};
    for (int i = 0; i < 4; i++) {
        fprintf(out, ", \"%s\": ", names[i]);
        write_number(out, p[i]);
    }
    fputc('}', out);
}

static void write_metrics(FILE *out, const summary_metric *list, size_t count,
                          const char *indent)
{
    for (size_t i = 0; i < count; i++) {
        write_metric(out, &list[i], indent);
        fputs(i + 1 < count ? ",\n" : "\n", out);
    }
}

static void write_regions(FILE *out, const summary *s)
{
    fputs("  \"regions\": [", out);
    for (size_t i = 0; i < s->region_count; i++) {
        const summary_block *b = &s->regions[i];
        fputs(i ? ",\n    {\"code\": " : "\n    {\"code\": ", out);
        write_string(out, b->code);
        fputs(", \"name\": ", out);
        write_string(out, b->name);
        fputs(", \"bottleneck\": ", out);
        write_string(out, b->bottleneck);
        fputs(",\n     \"metrics\": {\n", out);
        write_metrics(out, b->metrics, b->metric_count, "      ");
        fputs("     }}", out);
    }
    fputs(s->region_count ? "\n  ],\n" : "],\n", out);
}

static void write_invariants(FILE *out, const summary *s)
{
    fprintf(out, "  \"invariants_ok\": %s,\n  \"invariants\": [",
            s->invariants_ok ? "true" : "false");
    for (size_t i = 0; i < s->invariant_count; i++) {
        const summary_invariant *v = &s->invariants[i];
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        write_string(out, v->name);
        fprintf(out, ", \"ok\": %s, \"detail\": ", v->ok ? "true" : "false");
        write_string(out, v->detail);
        fputc('}', out);
    }
    fputs(s->invariant_count ? "\n  ]" : "]", out);
    if (!s->invariants_ok) {
        fputs(",\n  \"invariant_violation\": ", out);
        write_string(out, s->invariant_message);
    }
    fputs("\n}\n", out);
}

/* The scenario's published distribution, as given, so results name what they compare with. */
static void write_observed(FILE *out, const summary *s)
{
    if (!s->has_observed)
        return;
    fputs("  \"observed\": {\"what\": ", out);
    write_string(out, s->observed_what);
    fputs(", \"source\": ", out);
    write_string(out, s->observed_source);
    fputs(", \"cards\": ", out);
    write_number(out, s->observed_cards);
    fputs(",\n    \"shares\": {", out);
    for (int k = 0; k < SUMMARY_OBSERVED_BINS; k++) {
        fputs(k ? ", " : "", out);
        write_string(out, s->observed_names[k]);
        fputs(": ", out);
        write_number(out, s->observed_share[k]);
    }
    fputs("}},\n", out);
}

static void write_summary(FILE *out, const void *ctx)
{
    const summary *s = ctx;
    fputs("{\n  \"scenario\": ", out);
    write_string(out, s->scenario_name);
    fputs(",\n  \"source\": ", out);
    write_string(out, s->source ? s->source : "");
    if (s->change_count > 0) {
        fputs(",\n  \"changes\": [", out);
        for (size_t i = 0; i < s->change_count; i++) {
            fputs(i ? ", " : "", out);
            write_string(out, s->changes[i]);
        }
        fputc(']', out);
    }
    fprintf(out, ",\n  \"seed\": %llu,\n  \"replications\": %d,\n  \"horizon_days\": %d,\n"
            "  \"warmup_days\": %d,\n  \"start_date\": ", (unsigned long long)s->seed,
            s->replications, s->horizon_days, s->warmup_days);
    write_string(out, s->start_date);
    fputs(",\n  \"metrics\": {\n", out);
    write_metrics(out, s->metrics, s->metric_count, "    ");
    fputs("  },\n", out);
    write_observed(out, s);
    write_regions(out, s);
    write_invariants(out, s);
}

int summary__write_file(const char *path, void (*fn)(FILE *out, const void *ctx),
                        const void *ctx, char *why, size_t why_size)
{
    size_t length = strlen(path);
    char *temporary = malloc(length + 32);
    if (temporary == NULL) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    snprintf(temporary, length + 32, "%s.tmp-%ld", path, (long)getpid());
    FILE *out = fopen(temporary, "w");
    if (out == NULL) {
        snprintf(why, why_size, "cannot create %s: %s", temporary, strerror(errno));
        free(temporary);
        return -1;
    }
    fn(out, ctx);
    int failed = fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0;
    int saved_errno = errno;
    failed |= fclose(out) != 0;
    if (!failed && rename(temporary, path) != 0) {
        saved_errno = errno;
        failed = 1;
    }
    if (failed) {
        snprintf(why, why_size, "cannot write %s: %s", path, strerror(saved_errno));
        remove(temporary);
    }
    free(temporary);
    return failed ? -1 : 0;
}

int summary_write_json(const summary *s, const char *path, char *why, size_t why_size)
{
    return summary__write_file(path, write_summary, s, why, why_size);
}
