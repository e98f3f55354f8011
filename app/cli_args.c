/* Strict command-line numbers and a table-driven option parser for both CLIs (cli_args.h).
 * strtoll/strtod alone accept leading blanks, '+', hex, "nan", "inf" and report overflow only
 * through errno, so each number is first checked character by character. */
#include "app/cli_args.h"
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* [-]digits, nothing else. */
static int plain_integer(const char *text, int allow_minus)
{
    if (allow_minus && *text == '-')
        text++;
    if (*text == '\0')
        return 0;
    for (; *text; text++)
        if (*text < '0' || *text > '9')
            return 0;
    return 1;
}

/* [-]digits[.digits][e[+-]digits]: a decimal number, no blanks, no '+', hex, nan or inf. */
static int plain_real(const char *text)
{
    const char *p = text + (*text == '-');
    size_t digits = strspn(p, "0123456789");
    p += digits;
    if (*p == '.') {
        size_t fraction = strspn(p + 1, "0123456789");
        digits += fraction;
        p += 1 + fraction;
    }
    if (digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        p += (*p == '-' || *p == '+');
        size_t exponent = strspn(p, "0123456789");
        if (exponent == 0)
            return 0;
        p += exponent;
    }
    return *p == '\0';
}

int cli_whole(const char *text, long long min, long long max, long long *out)
{
    if (!text || !plain_integer(text, 1))
        return -1;
    errno = 0;
    long long value = strtoll(text, NULL, 10);
    if (errno != 0 || value < min || value > max)
        return -1;
    *out = value;
    return 0;
}

int cli_unsigned(const char *text, unsigned long long *out)
{
    if (!text || !plain_integer(text, 0))
        return -1;
    errno = 0;
    unsigned long long value = strtoull(text, NULL, 10);
    if (errno != 0)
        return -1;
    *out = value;
    return 0;
}

int cli_real(const char *text, double min, double max, double *out)
{
    if (!text || !plain_real(text))
        return -1;
    errno = 0;
    double value = strtod(text, NULL);
    if (errno == ERANGE && fabs(value) > 1.0) /* overflow; underflow to ~0 is fine */
        return -1;
    if (!isfinite(value) || value < min || value > max)
        return -1;
    *out = value;
    return 0;
}

int cli_bad_value(const char *program, const cli_option *option, const char *text)
{
    switch (option->kind) {
    case CLI_WHOLE:
        fprintf(stderr, "%s: %s expects a whole number from %lld to %lld, got \"%s\"\n",
                program, option->name, option->lo, option->hi, text);
        break;
    case CLI_UNSIGNED:
        fprintf(stderr, "%s: %s expects a whole number from 0 to %llu, got \"%s\"\n", program,
                option->name, (unsigned long long)UINT64_MAX, text);
        break;
    case CLI_REAL:
        fprintf(stderr, "%s: %s expects a number from %g to %g, got \"%s\"\n", program,
                option->name, option->min, option->max, text);
        break;
    default:
        fprintf(stderr, "%s: %s needs a non-empty value\n", program, option->name);
    }
    return 2;
}

/* Stores text as option's value; 0 or -1 when it is not a valid value. */
static int store(const cli_option *option, const char *text)
{
    switch (option->kind) {
    case CLI_TEXT:
        *(const char **)option->value = text;
        return text[0] ? 0 : -1;
    case CLI_WHOLE:
        return cli_whole(text, option->lo, option->hi, option->value);
    case CLI_UNSIGNED:
        return cli_unsigned(text, option->value);
    case CLI_REAL:
        return cli_real(text, option->min, option->max, option->value);
    case CLI_FLAG:
        break;
    }
    *(int *)option->value = 1;
    return 0;
}

int cli_parse(const char *program, int argc, char **argv, const cli_option *options,
              size_t option_count, const char **positional, size_t max_positional,
              size_t *positional_count)
{
    size_t found = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-' || arg[1] == '\0') {
            if (found == max_positional) {
                fprintf(stderr, "%s: unexpected argument \"%s\"\n", program, arg);
                return 2;
            }
            positional[found++] = arg;
            continue;
        }
        size_t k = 0;
        while (k < option_count && strcmp(arg, options[k].name) != 0)
            k++;
        if (k == option_count) {
            fprintf(stderr, "%s: unknown option \"%s\"\n", program, arg);
            return 2;
        }
        if (options[k].kind != CLI_FLAG && i + 1 >= argc) {
            fprintf(stderr, "%s: %s needs a value\n", program, arg);
            return 2;
        }
        const char *text = options[k].kind == CLI_FLAG ? "" : argv[++i];
        if (store(&options[k], text) != 0)
            return cli_bad_value(program, &options[k], text);
    }
    if (positional_count)
        *positional_count = found;
    return 0;
}

int cli_given(int argc, char **argv, const char *name)
{
    int found = 0;
    for (int i = 0; i < argc; i++)
        found |= strcmp(argv[i], name) == 0 && (i == 0 || strcmp(argv[i - 1], name) != 0);
    return found;
}
