/* Walks cJSON values against tables of keys (scenario__field) and reads the plain types:
 * integers, numbers, strings, dates. Each reader reports what it expected and what it found
 * at the value's JSON Pointer, and keeps going so that all errors are reported at once. */
#include "models/scenario/scenario_read.h"
#include "sim/schedule.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct member_ref {
    const char *key;
    size_t index;
} member_ref;

static int compare_members(const void *a, const void *b)
{
    const member_ref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

unsigned char *scenario__duplicates(scenario__ctx *ctx, const cJSON *object)
{
    size_t count = 0;
    for (const cJSON *m = object->child; m != NULL; m = m->next)
        count++;
    if (count == 0)
        return NULL;
    member_ref *refs = malloc(count * sizeof *refs);
    unsigned char *duplicate = calloc(count, 1);
    if (refs == NULL || duplicate == NULL) {
        free(refs);
        free(duplicate);
        ctx->out_of_memory = 1;
        return NULL;
    }
    size_t i = 0;
    for (const cJSON *m = object->child; m != NULL; m = m->next, i++)
        refs[i] = (member_ref){m->string ? m->string : "", i};
    /* Sorting keeps this O(n log n) for hostile files with many keys. */
    qsort(refs, count, sizeof *refs, compare_members);
    for (i = 1; i < count; i++)
        if (strcmp(refs[i].key, refs[i - 1].key) == 0)
            duplicate[refs[i].index] = 1;
    free(refs);
    i = 0;
    for (const cJSON *m = object->child; m != NULL; m = m->next, i++) {
        if (duplicate[i]) {
            size_t saved = scenario__push_key(ctx, m->string ? m->string : "");
            scenario__error(ctx, "duplicate key; each key may appear only once");
            scenario__pop(ctx, saved);
        }
    }
    return duplicate;
}

static const scenario__field *find_field(const scenario__field *fields, size_t count,
                                         const char *key)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(fields[i].key, key) == 0)
            return &fields[i];
    return NULL;
}

static void report_unknown(scenario__ctx *ctx, const char *key, const scenario__field *fields,
                           size_t count)
{
    const char *names[64];
    size_t n = count < 64 ? count : 64;
    for (size_t i = 0; i < n; i++)
        names[i] = fields[i].key;
    scenario__unknown_key(ctx, key, names, n, "key");
}

int scenario__read_object(scenario__ctx *ctx, const cJSON *value, const scenario__field *fields,
                          size_t field_count, void *base)
{
    size_t before = scenario__error_count(ctx);
    if (!cJSON_IsObject(value)) {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an object, found %s", found);
        return -1;
    }
    unsigned char *duplicate = scenario__duplicates(ctx, value);
    size_t i = 0;
    for (const cJSON *m = value->child; m != NULL; m = m->next, i++) {
        if (duplicate != NULL && duplicate[i])
            continue;
        const char *key = m->string ? m->string : "";
        size_t saved = scenario__push_key(ctx, key);
        const scenario__field *field = find_field(fields, field_count, key);
        if (field == NULL)
            report_unknown(ctx, key, fields, field_count);
        else
            field->read(ctx, m, field, (char *)base + field->offset);
        scenario__pop(ctx, saved);
    }
    free(duplicate);
    for (i = 0; i < field_count; i++)
        if ((fields[i].flags & SCENARIO__REQUIRED) &&
            cJSON_GetObjectItemCaseSensitive(value, fields[i].key) == NULL)
            scenario__error(ctx, "missing required key \"%s\"", fields[i].key);
    return scenario__error_count(ctx) == before ? 0 : -1;
}

/* "an integer >= 1", "a number > 0", "an integer from 1 to 1000", ... */
static void describe_range(const char *noun, const scenario__field *field, char *out,
                           size_t size)
{
    int min_set = !isinf(field->min), max_set = !isinf(field->max);
    int exclusive = (field->flags & SCENARIO__MIN_EXCLUSIVE) != 0;
    char low[48], high[48];
    scenario__format_number(field->min, low, sizeof low);
    scenario__format_number(field->max, high, sizeof high);
    if (min_set && max_set && !exclusive)
        snprintf(out, size, "%s from %s to %s", noun, low, high);
    else if (min_set && max_set)
        snprintf(out, size, "%s > %s and <= %s", noun, low, high);
    else if (min_set)
        snprintf(out, size, "%s %s %s", noun, exclusive ? ">" : ">=", low);
    else if (max_set)
        snprintf(out, size, "%s <= %s", noun, high);
    else
        snprintf(out, size, "%s", noun);
}

static int in_range(double x, const scenario__field *field)
{
    if (!isfinite(x))
        return 0;
    if (field->flags & SCENARIO__MIN_EXCLUSIVE) {
        if (!(x > field->min))
            return 0;
    } else if (!(x >= field->min)) {
        return 0;
    }
    return x <= field->max;
}

static int expect_number(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                         int integer, double *out)
{
    double x = cJSON_IsNumber(value) ? value->valuedouble : NAN;
    int ok = cJSON_IsNumber(value) && in_range(x, field) && (!integer || floor(x) == x);
    if (ok) {
        *out = x;
        return 0;
    }
    char expected[160], found[96];
    describe_range(integer ? "an integer" : "a number", field, expected, sizeof expected);
    scenario__describe(value, found, sizeof found);
    scenario__error(ctx, "expected %s, found %s", expected, found);
    return -1;
}

int scenario__read_int(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    double x;
    if (expect_number(ctx, value, field, 1, &x) != 0)
        return -1;
    *(int *)target = (int)x;
    return 0;
}

int scenario__read_seed(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                        void *target)
{
    double x;
    if (expect_number(ctx, value, field, 1, &x) != 0)
        return -1;
    *(uint64_t *)target = (uint64_t)x;
    return 0;
}

int scenario__read_number(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                          void *target)
{
    return expect_number(ctx, value, field, 0, (double *)target);
}

int scenario__read_string(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                          void *target)
{
    char found[96];
    if (!cJSON_IsString(value)) {
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected a string, found %s", found);
        return -1;
    }
    size_t length = strlen(value->valuestring);
    if ((double)length < field->min || (double)length > field->max) {
        scenario__error(ctx, "expected a string of %.0f to %.0f characters, found %zu",
                        field->min, field->max, length);
        return -1;
    }
    char *copy = malloc(length + 1);
    if (copy == NULL) {
        ctx->out_of_memory = 1;
        return -1;
    }
    memcpy(copy, value->valuestring, length + 1);
    char **slot = target;
    free(*slot);
    *slot = copy;
    return 0;
}

int scenario__parse_date(const char *text, scenario_date *date)
{
    static const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return -1;
    int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
               (text[3] - '0');
    int month = (text[5] - '0') * 10 + (text[6] - '0');
    int day = (text[8] - '0') * 10 + (text[9] - '0');
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > month_days[month - 1])
        return -1;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap)
        return -1;
    date->year = year;
    date->month = month;
    date->day = day;
    date->days_since_epoch = sim_days_from_civil(year, month, day);
    return 0;
}

int scenario__read_date(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                        void *target)
{
    (void)field;
    if (cJSON_IsString(value) && scenario__parse_date(value->valuestring, target) == 0)
        return 0;
    char found[96];
    scenario__describe(value, found, sizeof found);
    scenario__error(ctx, "expected a date \"YYYY-MM-DD\" (a real day, year >= 1900), found %s",
                    found);
    return -1;
}

int scenario_weekday(int64_t days_since_epoch)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int64_t w = (days_since_epoch + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}
