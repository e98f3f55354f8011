/* Loads summary.json into viz_results and frees it all; the CSV files are in
 * results_csv.c. Errors name the file and the line of the offending text. */
#include "viz/results.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/status.h"
#include "viz/text.h"

const char *const viz_daily_columns[VIZ_DAILY_COLUMNS] = {
    "arrivals", "recorded", "q_recording", "q_upload", "q_dedup", "q_review", "q_print",
    "printed", "collected", "blank_stock", "stockout", "suket_issued", "suket_backlog",
    "ikd_active", "ikd_eligible"};

char *viz__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

static int line_of(const char *text, const char *at)
{
    int line = 1;
    for (const char *p = text; p < at && *p; p++)
        line += *p == '\n';
    return line;
}

/* Reads an optional number field: null/absent leaves the bit clear, anything else but a
 * number is an error. */
static int read_number(const cJSON *obj, const char *key, double *out, unsigned bit,
                       unsigned *has)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item || cJSON_IsNull(item))
        return 0;
    if (!cJSON_IsNumber(item))
        return -1;
    *out = item->valuedouble;
    *has |= bit;
    return 0;
}

static int read_stat(const cJSON *obj, viz_stat *s)
{
    memset(s, 0, sizeof *s);
    if (!cJSON_IsObject(obj))
        return -1;
    if (read_number(obj, "mean", &s->mean, VIZ_HAS_MEAN, &s->has) ||
        read_number(obj, "p50", &s->p50, VIZ_HAS_P50, &s->has) ||
        read_number(obj, "p90", &s->p90, VIZ_HAS_P90, &s->has) ||
        read_number(obj, "p95", &s->p95, VIZ_HAS_P95, &s->has) ||
        read_number(obj, "p99", &s->p99, VIZ_HAS_P99, &s->has))
        return -1;
    const cJSON *ci = cJSON_GetObjectItemCaseSensitive(obj, "ci95");
    if (ci && !cJSON_IsNull(ci)) {
        if (!cJSON_IsArray(ci) || cJSON_GetArraySize(ci) != 2 ||
            !cJSON_IsNumber(cJSON_GetArrayItem(ci, 0)) ||
            !cJSON_IsNumber(cJSON_GetArrayItem(ci, 1)))
            return -1;
        s->ci_lo = cJSON_GetArrayItem(ci, 0)->valuedouble;
        s->ci_hi = cJSON_GetArrayItem(ci, 1)->valuedouble;
        s->has |= VIZ_HAS_CI;
    }
    return 0;
}

static int read_metrics(const cJSON *obj, viz_metric **out, size_t *count, const char **bad)
{
    *out = NULL;
    *count = 0;
    if (!obj)
        return 0;
    if (!cJSON_IsObject(obj)) {
        *bad = "\"metrics\" must be an object";
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(obj);
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out)
        return VIZ_ENOMEM;
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        viz_metric *m = &(*out)[*count];
        if (read_stat(item, &m->stat) != 0) {
            *bad = "a metric must be {\"mean\": number, \"ci95\": [lo, hi], \"p50\"...}";
            return -1;
        }
        m->name = viz__strdup(item->string);
        if (!m->name)
            return VIZ_ENOMEM;
        (*count)++;
    }
    return 0;
}

static void metrics_free(viz_metric *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].name);
    free(m);
}

static char *string_or(const cJSON *obj, const char *key, const char *fallback)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    return viz__strdup(cJSON_IsString(item) ? item->valuestring : fallback);
}

static int read_regions(const cJSON *arr, viz_results *r, const char **bad)
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1) {
        *bad = "\"regions\" must be a non-empty array";
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    r->regions = calloc(n, sizeof *r->regions);
    if (!r->regions)
        return VIZ_ENOMEM;
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(item, "code");
        if (!cJSON_IsString(code) || !code->valuestring[0]) {
            *bad = "each region needs a \"code\" string";
            return -1;
        }
        viz_region *g = &r->regions[r->region_count++];
        g->code = viz__strdup(code->valuestring);
        g->name = string_or(item, "name", code->valuestring);
        g->bottleneck = string_or(item, "bottleneck", "");
        if (!g->code || !g->name || !g->bottleneck)
            return VIZ_ENOMEM;
    }
    return 0;
}

static int read_int(const cJSON *root, const char *key, int required, int *out,
                    const char **bad)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!item && !required)
        return 0;
    if (!cJSON_IsNumber(item) || item->valuedouble != floor(item->valuedouble) ||
        item->valuedouble < 0 || item->valuedouble > 1e9) {
        *bad = key;
        return -1;
    }
    *out = (int)item->valuedouble;
    return 0;
}

const char *const viz_observed_metrics[VIZ_OBSERVED_BINS] = {
    "printed_within_1h_share", "printed_1_2h_share", "printed_2_3h_share",
    "printed_3_6h_share", "printed_6_24h_share", "printed_over_24h_share"};
const char *const viz_observed_labels[VIZ_OBSERVED_BINS] = {
    "< 1 h", "1-2 h", "2-3 h", "3-6 h", "6-24 h", "> 24 h"};

/* The optional "observed" object: {"what", "source", "cards", "shares": {metric: share}}. */
static int read_observed(const cJSON *obj, viz_observed *o, const char **bad)
{
    if (obj == NULL)
        return 0;
    const cJSON *shares = cJSON_GetObjectItemCaseSensitive(obj, "shares");
    const cJSON *cards = cJSON_GetObjectItemCaseSensitive(obj, "cards");
    if (!cJSON_IsObject(obj) || !cJSON_IsObject(shares)) {
        *bad = "\"observed\" must be an object with a \"shares\" object";
        return -1;
    }
    for (int b = 0; b < VIZ_OBSERVED_BINS; b++) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(shares, viz_observed_metrics[b]);
        if (!cJSON_IsNumber(x) || x->valuedouble < 0 || x->valuedouble > 1) {
            *bad = "\"observed\".\"shares\" needs the six printed_..._share values from 0 to 1";
            return -1;
        }
        o->share[b] = x->valuedouble;
    }
    o->cards = cJSON_IsNumber(cards) ? cards->valuedouble : NAN;
    o->what = string_or(obj, "what", "");
    o->source = string_or(obj, "source", "");
    if (!o->what || !o->source)
        return VIZ_ENOMEM;
    o->present = 1;
    return 0;
}

static int summary_fields(const cJSON *root, viz_results *r, const char **bad)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "scenario");
    const cJSON *seed = cJSON_GetObjectItemCaseSensitive(root, "seed");
    if (!cJSON_IsString(name)) {
        *bad = "\"scenario\" must be a string";
        return -1;
    }
    if (!cJSON_IsNumber(seed)) {
        *bad = "\"seed\" must be a number";
        return -1;
    }
    r->seed = seed->valuedouble;
    r->scenario = viz__strdup(name->valuestring);
    r->source = string_or(root, "source", "");
    r->start_date = string_or(root, "start_date", "");
    if (!r->scenario || !r->source || !r->start_date)
        return VIZ_ENOMEM;
    if (read_int(root, "replications", 1, &r->replications, bad) || r->replications < 1) {
        *bad = "\"replications\" must be an integer >= 1";
        return -1;
    }
    if (read_int(root, "horizon_days", 0, &r->horizon_days, bad) ||
        read_int(root, "warmup_days", 0, &r->warmup_days, bad)) {
        *bad = "\"horizon_days\" and \"warmup_days\" must be integers >= 0";
        return -1;
    }
    const cJSON *inv = cJSON_GetObjectItemCaseSensitive(root, "invariants_ok");
    r->invariants_ok = cJSON_IsBool(inv) ? cJSON_IsTrue(inv) : -1;
    int status = read_metrics(cJSON_GetObjectItemCaseSensitive(root, "metrics"), &r->metrics,
                              &r->metric_count, bad);
    if (status == 0)
        status = read_observed(cJSON_GetObjectItemCaseSensitive(root, "observed"), &r->observed,
                               bad);
    if (status != 0)
        return status;
    return read_regions(cJSON_GetObjectItemCaseSensitive(root, "regions"), r, bad);
}

int viz__results_load_summary(const char *path, viz_results *r, char *why, size_t why_size)
{
    char *text;
    size_t len;
    int status = viz_file_read(path, &text, &len, why, why_size);
    if (status != VIZ_OK)
        return status;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root || !cJSON_IsObject(root)) {
        const char *at = root ? text : (end ? end : cJSON_GetErrorPtr());
        snprintf(why, why_size, "%s:%d: %s", path, at ? line_of(text, at) : 0,
                 root ? "expected a JSON object" : "invalid JSON");
        cJSON_Delete(root);
        free(text);
        return VIZ_EINPUT;
    }
    const char *bad = NULL;
    status = summary_fields(root, r, &bad);
    if (status < 0 && bad) {
        snprintf(why, why_size, "%s:0: %s", path, bad);
        status = VIZ_EINPUT;
    } else if (status != 0) {
        status = VIZ_ENOMEM;
    }
    cJSON_Delete(root);
    free(text);
    return status;
}

void viz_results_fini(viz_results *r)
{
    free(r->scenario);
    free(r->source);
    free(r->start_date);
    metrics_free(r->metrics, r->metric_count);
    for (size_t i = 0; r->regions && i < r->region_count; i++) {
        free(r->regions[i].code);
        free(r->regions[i].name);
        free(r->regions[i].bottleneck);
        metrics_free(r->regions[i].metrics, r->regions[i].metric_count);
    }
    free(r->regions);
    free(r->daily);
    free(r->central);
    free(r->cdf);
    free(r->observed.what);
    free(r->observed.source);
    memset(r, 0, sizeof *r);
}

int viz_results_load(const char *dir, viz_results *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    int status = viz__results_load_summary(path, out, why, why_size);
    if (status == VIZ_OK)
        status = viz__results_load_csvs(dir, out, why, why_size);
    if (status != VIZ_OK)
        viz_results_fini(out);
    return status;
}

static const viz_stat *find_metric(const viz_metric *m, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].name, name) == 0)
            return &m[i].stat;
    return NULL;
}

const viz_stat *viz_region_metric(const viz_region *region, const char *name)
{
    return find_metric(region->metrics, region->metric_count, name);
}

const viz_stat *viz_results_metric(const viz_results *r, const char *name)
{
    return find_metric(r->metrics, r->metric_count, name);
}
