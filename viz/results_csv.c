/* Reads regions.csv, daily.csv, central.csv (optional) and time_to_card.csv into
 * viz_results. Each file must have exactly the header of docs/results.md; every row is
 * checked (field count, numbers, known region codes) and an error names file and line. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "viz/results.h"
#include "viz/status.h"
#include "viz/text.h"

#define CSV_MAX_FIELDS 32

typedef struct csv {
    char path[4096];
    char *text, *pos;
    int line;
    char *field[CSV_MAX_FIELDS];
    size_t count;
    char *why;
    size_t why_size;
} csv;

static int csv_fail(csv *c, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int csv_fail(csv *c, const char *format, ...)
{
    char message[512];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    snprintf(c->why, c->why_size, "%s:%d: %s", c->path, c->line, message);
    return VIZ_EINPUT;
}

/* Splits the next line into fields. Returns 1 for a row, 0 at the end, or an error. */
static int csv_next(csv *c)
{
    if (!*c->pos)
        return 0;
    c->line++;
    char *end = strchr(c->pos, '\n');
    char *next = end ? end + 1 : c->pos + strlen(c->pos);
    if (end)
        *end = '\0';
    size_t n = strlen(c->pos);
    if (n && c->pos[n - 1] == '\r')
        c->pos[n - 1] = '\0';
    c->count = 0;
    char *p = c->pos;
    for (;;) {
        if (c->count == CSV_MAX_FIELDS)
            return csv_fail(c, "too many fields");
        c->field[c->count++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    c->pos = next;
    return 1;
}

/* Opens PATH and checks its header. Returns VIZ_OK, 1 when optional and absent, or an
 * error. */
static int csv_open(csv *c, const char *dir, const char *name, const char *header,
                    int optional, char *why, size_t why_size)
{
    memset(c, 0, sizeof *c);
    c->why = why;
    c->why_size = why_size;
    snprintf(c->path, sizeof c->path, "%s/%s", dir, name);
    struct stat st; /* a stat, not an open: opening a FIFO would block */
    if (stat(c->path, &st) != 0 && optional && errno == ENOENT)
        return 1;
    size_t len;
    int status = viz_file_read(c->path, &c->text, &len, why, why_size);
    if (status != VIZ_OK)
        return status;
    if (memchr(c->text, '\0', len))
        return csv_fail(c, "contains a NUL byte");
    c->pos = c->text;
    status = csv_next(c);
    if (status < 0)
        return status;
    /* csv_next split the header at commas; compare field by field. */
    char expected[512];
    snprintf(expected, sizeof expected, "%s", header);
    size_t i = 0;
    for (char *tok = expected, *comma;; tok = comma + 1, i++) {
        comma = strchr(tok, ',');
        if (comma)
            *comma = '\0';
        if (status == 0 || i >= c->count || strcmp(c->field[i], tok) != 0)
            return csv_fail(c, "header must be \"%s\"", header);
        if (!comma)
            break;
    }
    if (i + 1 != c->count)
        return csv_fail(c, "header must be \"%s\"", header);
    return VIZ_OK;
}

static int csv_number(csv *c, size_t i, const char *column, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(c->field[i], &end);
    if (!c->field[i][0] || *end || errno == ERANGE || !isfinite(*out))
        return csv_fail(c, "%s: expected a number, found \"%.40s\"", column, c->field[i]);
    return VIZ_OK;
}

static int csv_int(csv *c, size_t i, const char *column, int *out)
{
    double v;
    int status = csv_number(c, i, column, &v);
    if (status != VIZ_OK)
        return status;
    if (v != floor(v) || v < 0 || v > 1e8)
        return csv_fail(c, "%s: expected an integer >= 0, found \"%.40s\"", column,
                        c->field[i]);
    *out = (int)v;
    return VIZ_OK;
}

static int csv_fields(csv *c, size_t expected)
{
    if (c->count != expected)
        return csv_fail(c, "expected %zu fields, found %zu", expected, c->count);
    return VIZ_OK;
}

static int csv_region(csv *c, const viz_results *r, size_t i, size_t *hint)
{
    const char *code = c->field[i];
    size_t guess = (*hint + 1) % r->region_count;
    if (strcmp(r->regions[guess].code, code) == 0) {
        *hint = guess;
        return VIZ_OK;
    }
    for (size_t k = 0; k < r->region_count; k++) {
        if (strcmp(r->regions[k].code, code) == 0) {
            *hint = k;
            return VIZ_OK;
        }
    }
    return csv_fail(c, "region \"%.40s\" is not in summary.json", code);
}

static int csv_date(csv *c, size_t i, char out[11])
{
    const char *d = c->field[i];
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return csv_fail(c, "date: expected YYYY-MM-DD, found \"%.40s\"", d);
    memcpy(out, d, 11);
    return VIZ_OK;
}

static int grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return VIZ_OK;
    size_t next = *cap ? *cap * 2 : 64;
    void *grown = realloc(*items, next * size);
    if (!grown)
        return VIZ_ENOMEM;
    *items = grown;
    *cap = next;
    return VIZ_OK;
}

static int optional_number(csv *c, size_t i, const char *column, double *out, unsigned bit,
                           unsigned *has)
{
    if (!c->field[i][0])
        return VIZ_OK;
    int status = csv_number(c, i, column, out);
    if (status == VIZ_OK)
        *has |= bit;
    return status;
}

static int regions_row(csv *c, viz_results *r, size_t *hint)
{
    static const char *const cols[] = {"mean", "ci95_lo", "ci95_hi", "p50", "p90", "p95",
                                       "p99"};
    int status = csv_fields(c, 10);
    if (status == VIZ_OK)
        status = csv_region(c, r, 0, hint);
    if (status != VIZ_OK)
        return status;
    if (!c->field[2][0])
        return csv_fail(c, "metric: empty name");
    viz_stat s = {0};
    double *dest[] = {&s.mean, &s.ci_lo, &s.ci_hi, &s.p50, &s.p90, &s.p95, &s.p99};
    unsigned bits[] = {VIZ_HAS_MEAN, VIZ_HAS_CI, VIZ_HAS_CI, VIZ_HAS_P50, VIZ_HAS_P90,
                       VIZ_HAS_P95, VIZ_HAS_P99};
    unsigned lo_hi = 0;
    for (size_t k = 0; k < 7 && status == VIZ_OK; k++) {
        unsigned has = 0;
        status = optional_number(c, 3 + k, cols[k], dest[k], bits[k], &has);
        s.has |= k == 1 || k == 2 ? 0 : has;
        lo_hi += (k == 1 || k == 2) && has;
    }
    if (status != VIZ_OK)
        return status;
    if (lo_hi == 1)
        return csv_fail(c, "ci95_lo and ci95_hi must both be given or both be empty");
    s.has |= lo_hi == 2 ? VIZ_HAS_CI : 0;
    viz_region *g = &r->regions[*hint];
    viz_metric *grown = realloc(g->metrics, (g->metric_count + 1) * sizeof *grown);
    if (!grown)
        return VIZ_ENOMEM;
    g->metrics = grown;
    g->metrics[g->metric_count].name = viz__strdup(c->field[2]);
    if (!g->metrics[g->metric_count].name)
        return VIZ_ENOMEM;
    g->metrics[g->metric_count++].stat = s;
    return VIZ_OK;
}

static void note_day(viz_results *r, int rep, int day, int first)
{
    if (first || day < r->day_min)
        r->day_min = day;
    if (first || day > r->day_max)
        r->day_max = day;
    if (first || rep > r->rep_max)
        r->rep_max = rep;
}

static int daily_row(csv *c, viz_results *r, size_t *hint, size_t *cap)
{
    int status = csv_fields(c, 4 + VIZ_DAILY_COLUMNS);
    if (status == VIZ_OK)
        status = grow((void **)&r->daily, cap, r->daily_count, sizeof *r->daily);
    if (status != VIZ_OK)
        return status;
    viz_daily_row *row = &r->daily[r->daily_count];
    status = csv_int(c, 0, "rep", &row->rep);
    if (status == VIZ_OK)
        status = csv_int(c, 1, "day", &row->day);
    if (status == VIZ_OK)
        status = csv_date(c, 2, row->date);
    if (status == VIZ_OK)
        status = csv_region(c, r, 3, hint);
    for (size_t k = 0; k < VIZ_DAILY_COLUMNS && status == VIZ_OK; k++)
        status = csv_number(c, 4 + k, viz_daily_columns[k], &row->value[k]);
    if (status != VIZ_OK)
        return status;
    if (row->rep >= r->replications)
        return csv_fail(c, "rep %d but summary.json has %d replications", row->rep,
                        r->replications);
    row->region = *hint;
    note_day(r, row->rep, row->day, r->daily_count == 0);
    r->daily_count++;
    return VIZ_OK;
}

static int central_row(csv *c, viz_results *r, size_t *cap)
{
    int status = csv_fields(c, 7);
    if (status == VIZ_OK)
        status = grow((void **)&r->central, cap, r->central_count, sizeof *r->central);
    if (status != VIZ_OK)
        return status;
    viz_central_row *row = &r->central[r->central_count];
    status = csv_int(c, 0, "rep", &row->rep);
    if (status == VIZ_OK)
        status = csv_int(c, 1, "day", &row->day);
    if (status == VIZ_OK)
        status = csv_date(c, 2, row->date);
    if (status == VIZ_OK)
        status = csv_number(c, 3, "central_stock", &row->central_stock);
    if (status == VIZ_OK)
        status = csv_number(c, 4, "in_transit", &row->in_transit);
    if (status == VIZ_OK)
        status = csv_number(c, 5, "delivered", &row->delivered);
    if (status == VIZ_OK)
        status = csv_number(c, 6, "procured", &row->procured);
    if (status != VIZ_OK)
        return status;
    if (row->rep >= r->replications)
        return csv_fail(c, "rep %d but summary.json has %d replications", row->rep,
                        r->replications);
    note_day(r, row->rep, row->day, r->daily_count == 0 && r->central_count == 0);
    r->central_count++;
    return VIZ_OK;
}

static int cdf_row(csv *c, viz_results *r, size_t *hint, size_t *cap)
{
    int status = csv_fields(c, 3);
    if (status == VIZ_OK)
        status = grow((void **)&r->cdf, cap, r->cdf_count, sizeof *r->cdf);
    if (status == VIZ_OK)
        status = csv_region(c, r, 0, hint);
    viz_cdf_point *p = &r->cdf[r->cdf_count];
    if (status == VIZ_OK)
        status = csv_number(c, 1, "upper_s", &p->upper_s);
    if (status == VIZ_OK)
        status = csv_number(c, 2, "share_le", &p->share_le);
    if (status != VIZ_OK)
        return status;
    if (p->share_le < 0 || p->share_le > 1)
        return csv_fail(c, "share_le must be within 0..1");
    p->region = *hint;
    r->cdf_count++;
    return VIZ_OK;
}

enum { FILE_REGIONS, FILE_DAILY, FILE_CENTRAL, FILE_CDF };

static int read_file_rows(csv *c, viz_results *r, int which)
{
    size_t hint = r->region_count - 1, cap = 0;
    int status;
    while ((status = csv_next(c)) == 1) {
        if (which == FILE_REGIONS)
            status = regions_row(c, r, &hint);
        else if (which == FILE_DAILY)
            status = daily_row(c, r, &hint, &cap);
        else if (which == FILE_CENTRAL)
            status = central_row(c, r, &cap);
        else
            status = cdf_row(c, r, &hint, &cap);
        if (status != VIZ_OK)
            return status;
    }
    if (status == 0 && which == FILE_DAILY && r->daily_count == 0)
        return csv_fail(c, "no rows");
    return status;
}

int viz__results_load_csvs(const char *dir, viz_results *r, char *why, size_t why_size)
{
    static const struct {
        const char *name, *header;
        int optional;
    } files[] = {
        {"regions.csv", "region_code,region_name,metric,mean,ci95_lo,ci95_hi,p50,p90,p95,p99",
         0},
        {"daily.csv", "rep,day,date,region_code,arrivals,recorded,q_recording,q_upload,"
                      "q_dedup,q_review,q_print,printed,collected,blank_stock,stockout,"
                      "suket_issued,suket_backlog,ikd_active,ikd_eligible", 0},
        {"central.csv", "rep,day,date,central_stock,in_transit,delivered,procured", 1},
        {"time_to_card.csv", "region_code,upper_s,share_le", 0},
    };
    for (int which = 0; which < 4; which++) {
        csv c;
        int status = csv_open(&c, dir, files[which].name, files[which].header,
                              files[which].optional, why, why_size);
        if (status == VIZ_OK)
            status = read_file_rows(&c, r, which);
        free(c.text);
        if (status == 1)
            continue; /* optional file absent */
        if (status != VIZ_OK)
            return status;
        if (which == FILE_CENTRAL)
            r->has_central = 1;
    }
    return VIZ_OK;
}
