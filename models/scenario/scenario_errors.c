/* Scenario error messages and JSON Pointers: the one place that formats what the user reads
 * when a scenario is wrong ("FILE: POINTER: WHAT"), and the "did you mean" suggestions. */
#include "models/scenario/scenario_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void scenario_errors_init(scenario_errors *errors)
{
    memset(errors, 0, sizeof *errors);
}

void scenario_errors_fini(scenario_errors *errors)
{
    for (size_t i = 0; i < errors->count; i++)
        free(errors->messages[i]);
    free(errors->messages);
    memset(errors, 0, sizeof *errors);
}

/* Control characters from the file (a key "\n", a value "\u001b") are written as JSON
 * escapes, so a scenario cannot forge a second line ("x.json: ok") or move the terminal. */
static char *escape_controls(char *message)
{
    size_t extra = 0, length = 0;
    for (; message != NULL && message[length] != '\0'; length++)
        extra += (unsigned char)message[length] < 0x20 || message[length] == 0x7f ? 5 : 0;
    if (message == NULL || extra == 0)
        return message;
    char *escaped = malloc(length + extra + 1), *out = escaped;
    for (size_t i = 0; escaped != NULL && i < length; i++) {
        unsigned char c = (unsigned char)message[i];
        if (c == '\n' || c == '\t' || c == '\r')
            out += sprintf(out, "\\%c", c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
        else if (c < 0x20 || c == 0x7f)
            out += sprintf(out, "\\u%04x", c);
        else
            *out++ = (char)c;
    }
    if (escaped != NULL)
        *out = '\0';
    free(message);
    return escaped;
}

static void append_message(scenario_errors *errors, char *message)
{
    message = escape_controls(message);
    if (message == NULL || errors->count >= SCENARIO_MAX_ERRORS) {
        free(message);
        errors->dropped++;
        return;
    }
    if (errors->count == errors->capacity) {
        size_t capacity = errors->capacity ? errors->capacity * 2 : 8;
        char **grown = realloc(errors->messages, capacity * sizeof *grown);
        if (grown == NULL) {
            free(message);
            errors->dropped++;
            return;
        }
        errors->messages = grown;
        errors->capacity = capacity;
    }
    errors->messages[errors->count++] = message;
}

static char *format_message(const char *prefix, const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    int body = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (body < 0)
        return NULL;
    size_t prefix_length = strlen(prefix);
    char *message = malloc(prefix_length + (size_t)body + 1);
    if (message == NULL)
        return NULL;
    memcpy(message, prefix, prefix_length);
    vsnprintf(message + prefix_length, (size_t)body + 1, format, args);
    return message;
}

void scenario__error(scenario__ctx *ctx, const char *format, ...)
{
    char prefix[SCENARIO__POINTER_MAX + 1024];
    snprintf(prefix, sizeof prefix, "%.1000s: %s: ", ctx->file,
             ctx->pointer_len ? ctx->pointer : "(root)");
    va_list args;
    va_start(args, format);
    append_message(ctx->errors, format_message(prefix, format, args));
    va_end(args);
}

void scenario__file_error(scenario_errors *errors, const char *file, const char *format, ...)
{
    char prefix[1024];
    snprintf(prefix, sizeof prefix, "%.1000s: ", file);
    va_list args;
    va_start(args, format);
    append_message(errors, format_message(prefix, format, args));
    va_end(args);
}

size_t scenario__error_count(const scenario__ctx *ctx)
{
    return ctx->errors->count + ctx->errors->dropped;
}

/* Appends raw text; a pointer too long for the buffer ends in "..." rather than failing,
 * since it only serves messages. */
static void pointer_append(scenario__ctx *ctx, const char *text, size_t length)
{
    if (ctx->pointer_len + 4 > SCENARIO__POINTER_MAX)
        return; /* already cut and ended with "..." */
    size_t room = SCENARIO__POINTER_MAX - 4 - ctx->pointer_len;
    if (length > room) {
        length = room;
        memcpy(ctx->pointer + ctx->pointer_len, text, length);
        ctx->pointer_len += length;
        memcpy(ctx->pointer + ctx->pointer_len, "...", 4);
        ctx->pointer_len += 3;
        return;
    }
    memcpy(ctx->pointer + ctx->pointer_len, text, length);
    ctx->pointer_len += length;
    ctx->pointer[ctx->pointer_len] = '\0';
}

size_t scenario__push_key(scenario__ctx *ctx, const char *key)
{
    size_t saved = ctx->pointer_len;
    pointer_append(ctx, "/", 1);
    for (const char *c = key; *c != '\0'; c++) {
        if (*c == '~')
            pointer_append(ctx, "~0", 2);
        else if (*c == '/')
            pointer_append(ctx, "~1", 2);
        else
            pointer_append(ctx, c, 1);
    }
    return saved;
}

size_t scenario__push_index(scenario__ctx *ctx, size_t index)
{
    char text[32];
    int length = snprintf(text, sizeof text, "/%zu", index);
    size_t saved = ctx->pointer_len;
    pointer_append(ctx, text, (size_t)length);
    return saved;
}

void scenario__pop(scenario__ctx *ctx, size_t saved_length)
{
    ctx->pointer_len = saved_length;
    ctx->pointer[saved_length] = '\0';
}

/* Shortest "%g" form that reads back as the same double. */
void scenario__format_number(double x, char *out, size_t size)
{
    if (isinf(x)) {
        snprintf(out, size, "%s", x > 0 ? "a number too large to represent"
                                        : "a number too small (negative) to represent");
        return;
    }
    if (floor(x) == x && fabs(x) < 1e16) {
        snprintf(out, size, "%.0f", x); /* whole numbers in full: 10000000, not 1e+07 */
        return;
    }
    for (int precision = 6; precision <= 17; precision++) {
        snprintf(out, size, "%.*g", precision, x);
        if (strtod(out, NULL) == x)
            return;
    }
}

void scenario__describe(const cJSON *value, char *out, size_t size)
{
    if (cJSON_IsNumber(value))
        scenario__format_number(value->valuedouble, out, size);
    else if (cJSON_IsString(value)) {
        size_t length = strlen(value->valuestring);
        if (length > 40)
            snprintf(out, size, "a string \"%.37s...\"", value->valuestring);
        else
            snprintf(out, size, "a string \"%s\"", value->valuestring);
    } else if (cJSON_IsTrue(value))
        snprintf(out, size, "true");
    else if (cJSON_IsFalse(value))
        snprintf(out, size, "false");
    else if (cJSON_IsNull(value))
        snprintf(out, size, "null");
    else if (cJSON_IsArray(value))
        snprintf(out, size, "an array");
    else if (cJSON_IsObject(value))
        snprintf(out, size, "an object");
    else
        snprintf(out, size, "an invalid value");
}

/* Optimal string alignment distance (Levenshtein plus adjacent swaps); keys are short. */
static size_t edit_distance(const char *a, const char *b)
{
    enum { MAX = 64 };
    size_t n = strlen(a), m = strlen(b);
    if (n >= MAX || m >= MAX)
        return (size_t)-1;
    unsigned short d[MAX + 1][MAX + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (unsigned short)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (unsigned short)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            unsigned best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1u < best)
                best = d[i - 1][j] + 1u;
            if (d[i][j - 1] + 1u < best)
                best = d[i][j - 1] + 1u;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1u < best)
                best = d[i - 2][j - 2] + 1u;
            d[i][j] = (unsigned short)best;
        }
    }
    return d[n][m];
}

const char *scenario__suggest(const char *key, const char *const *candidates, size_t count)
{
    const char *best = NULL;
    size_t best_distance = (size_t)-1;
    for (size_t i = 0; i < count; i++) {
        size_t distance = edit_distance(key, candidates[i]);
        size_t length = strlen(candidates[i]);
        /* Close enough to be a typo: at most 2 edits, and at most half the letters. */
        if (distance <= 2 && distance * 2 <= length && distance < best_distance) {
            best = candidates[i];
            best_distance = distance;
        }
    }
    return best;
}

void scenario__unknown_key(scenario__ctx *ctx, const char *key,
                           const char *const *candidates, size_t count, const char *what)
{
    const char *suggestion = scenario__suggest(key, candidates, count);
    if (suggestion != NULL) {
        scenario__error(ctx, "unknown %s; did you mean \"%s\"?", what, suggestion);
        return;
    }
    char list[1024] = "";
    size_t used = 0;
    for (size_t i = 0; i < count && used < sizeof list; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s\"%s\"", i ? ", " : "",
                         candidates[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    scenario__error(ctx, "unknown %s; expected one of %s", what, list);
}
