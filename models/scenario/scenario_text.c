/* Turns a file's bytes into a cJSON tree, refusing what is not a sane JSON text before cJSON
 * sees it: binary data, invalid UTF-8, nesting deeper than SCENARIO__MAX_DEPTH (so nothing
 * recurses deeply), numbers too long for cJSON's 64-byte buffer, unterminated strings.
 * Syntax errors are reported with the line and column where parsing stopped. */
#include "models/scenario/scenario_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text_position {
    size_t line, column;
} text_position;

/* Line and column (in characters, both from 1) of a byte offset. */
static text_position position_of(const unsigned char *bytes, size_t offset)
{
    text_position at = {1, 1};
    for (size_t i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
            at.line++;
            at.column = 1;
        } else if ((bytes[i] & 0xC0) != 0x80) {
            at.column++;
        }
    }
    return at;
}

/* Length of the UTF-8 sequence starting at bytes[i], or 0 when it is invalid. */
static size_t utf8_length(const unsigned char *bytes, size_t i, size_t length)
{
    unsigned char lead = bytes[i];
    size_t need;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        need = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        need = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
        need = 4;
    else
        return 0;
    if (i + need > length)
        return 0;
    for (size_t k = 1; k < need; k++)
        if ((bytes[i + k] & 0xC0) != 0x80)
            return 0;
    if ((lead == 0xE0 && bytes[i + 1] < 0xA0) || (lead == 0xED && bytes[i + 1] > 0x9F) ||
        (lead == 0xF0 && bytes[i + 1] < 0x90) || (lead == 0xF4 && bytes[i + 1] > 0x8F))
        return 0; /* overlong forms, surrogates, beyond U+10FFFF */
    return need;
}

static int is_number_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

static int report_at(const char *file, scenario_errors *errors, const unsigned char *bytes,
                     size_t offset, const char *what)
{
    text_position at = position_of(bytes, offset);
    scenario__file_error(errors, file, "line %zu, column %zu: %s", at.line, at.column, what);
    return -1;
}

/* One pass over the bytes; returns 0 when cJSON may parse them, else -1 after reporting. */
static int prescan(const char *file, const unsigned char *bytes, size_t length,
                   scenario_errors *errors)
{
    size_t depth = 0, string_start = 0;
    int in_string = 0, escaped = 0;
    char what[128];
    for (size_t i = 0; i < length;) {
        unsigned char c = bytes[i];
        size_t n = utf8_length(bytes, i, length);
        if (n == 0) {
            snprintf(what, sizeof what, "not UTF-8 text (byte 0x%02X); a scenario is a JSON "
                     "text file", c);
            return report_at(file, errors, bytes, i, what);
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            snprintf(what, sizeof what, "control byte 0x%02X; a scenario is a JSON text file",
                     c);
            return report_at(file, errors, bytes, i, what);
        }
        if (in_string) {
            if (escaped && c == 'u' && i + 5 <= length && memcmp(bytes + i + 1, "0000", 4) == 0)
                return report_at(file, errors, bytes, i - 1,
                                 "\\u0000 (a NUL character) in a string; it would cut the text");
            if (escaped)
                escaped = 0;
            else if (c == '\\')
                escaped = 1;
            else if (c == '"')
                in_string = 0;
            i += n;
            continue;
        }
        if (c == '"') {
            in_string = 1;
            string_start = i;
        } else if (c == '{' || c == '[') {
            if (++depth > SCENARIO__MAX_DEPTH) {
                snprintf(what, sizeof what, "nesting deeper than %d levels", SCENARIO__MAX_DEPTH);
                return report_at(file, errors, bytes, i, what);
            }
        } else if (c == '}' || c == ']') {
            if (depth > 0)
                depth--;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = i;
            while (i < length && is_number_char(bytes[i]))
                i++;
            if (i - start > SCENARIO__MAX_NUMBER_CHARS) {
                snprintf(what, sizeof what, "number longer than %d characters",
                         SCENARIO__MAX_NUMBER_CHARS);
                return report_at(file, errors, bytes, start, what);
            }
            continue;
        }
        i += n;
    }
    if (in_string)
        return report_at(file, errors, bytes, string_start,
                         "invalid JSON: string not terminated before the end of the file");
    return 0;
}

static int only_whitespace(const unsigned char *bytes, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\n' && bytes[i] != '\r')
            return 0;
    return 1;
}

cJSON *scenario__parse_json(const char *file, const char *bytes, size_t length,
                            scenario_errors *errors)
{
    const unsigned char *text = (const unsigned char *)bytes;
    if (length >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) {
        text += 3; /* a UTF-8 byte order mark is harmless: skip it */
        length -= 3;
        if (length >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) {
            report_at(file, errors, text, 0, "a second byte order mark; a scenario is one "
                      "JSON text (cJSON would skip it silently)");
            return NULL;
        }
    }
    if (only_whitespace(text, length)) {
        scenario__file_error(errors, file, "empty file; expected a JSON object");
        return NULL;
    }
    if (prescan(file, text, length, errors) != 0)
        return NULL;
    /* cJSON wants the terminating NUL inside the length to check nothing follows the value. */
    char *copy = malloc(length + 1);
    if (copy == NULL) {
        scenario__file_error(errors, file, "out of memory reading %zu bytes", length);
        return NULL;
    }
    memcpy(copy, text, length);
    copy[length] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(copy, length + 1, &end, 1);
    if (root == NULL) {
        size_t offset = end != NULL && end >= copy ? (size_t)(end - copy) : 0;
        if (offset > length)
            offset = length;
        char what[96];
        unsigned char c = offset < length ? text[offset] : 0;
        if (offset >= length)
            snprintf(what, sizeof what, "invalid JSON: unexpected end of file");
        else if (c >= 0x20 && c < 0x7F)
            snprintf(what, sizeof what, "invalid JSON: unexpected '%c'", c);
        else
            snprintf(what, sizeof what, "invalid JSON: unexpected byte 0x%02X", c);
        report_at(file, errors, text, offset, what);
    }
    free(copy);
    return root;
}
