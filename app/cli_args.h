/* The one strict parser of command-line numbers and options, shared by ktpsim and ktpcore.
 * A number is the whole argument in plain decimal: no leading space, no hex, no trailing
 * text ("12x"), no fraction or exponent for whole numbers ("1.5", "1e3"), nothing out of range
 * or overflowing, and for real numbers only finite ones (no nan, inf). An option that takes a
 * value must have one, even when it is the last argument. Problems are printed to stderr as
 * "PROGRAM: --flag ..." (the flag named) and the parse returns 2, the usage exit status. */
#ifndef APP_CLI_ARGS_H
#define APP_CLI_ARGS_H

#include <stddef.h>

/* Each returns 0 with *out set, or -1 (and *out untouched). */
int cli_whole(const char *text, long long min, long long max, long long *out);
int cli_unsigned(const char *text, unsigned long long *out); /* 0 .. UINT64_MAX */
int cli_real(const char *text, double min, double max, double *out);

typedef enum cli_kind {
    CLI_FLAG,     /* no value: *(int *)value = 1 */
    CLI_TEXT,     /* *(const char **)value = the argument (may not be empty) */
    CLI_WHOLE,    /* *(long long *)value, from lo to hi */
    CLI_UNSIGNED, /* *(unsigned long long *)value, 0 .. UINT64_MAX */
    CLI_REAL      /* *(double *)value, from min to max, finite */
} cli_kind;

typedef struct cli_option {
    const char *name; /* "--card" */
    cli_kind kind;
    void *value;
    long long lo, hi;  /* CLI_WHOLE's range */
    double min, max;   /* CLI_REAL's range */
} cli_option;

/* Table entries (designated, so the unused fields are zero). */
#define CLI_FLAG_OPT(n, v) {.name = (n), .kind = CLI_FLAG, .value = (v)}
#define CLI_TEXT_OPT(n, v) {.name = (n), .kind = CLI_TEXT, .value = (v)}
#define CLI_WHOLE_OPT(n, v, l, h) {.name = (n), .kind = CLI_WHOLE, .value = (v), .lo = (l), .hi = (h)}
#define CLI_UNSIGNED_OPT(n, v) {.name = (n), .kind = CLI_UNSIGNED, .value = (v)}
#define CLI_REAL_OPT(n, v, a, b) {.name = (n), .kind = CLI_REAL, .value = (v), .min = (a), .max = (b)}

/* Parses argv[0..argc): each argument starting with '-' (other than "-" itself) must be one
 * of options[0..option_count); any other argument is positional and goes to positional[]
 * (at most max_positional of them, in order; *positional_count gets their number). Given
 * twice, an option's last value wins. Returns 0, or 2 after printing one line naming the
 * flag: "PROGRAM: --card expects a whole number from 1 to 9223372036854775807, got \"1.5\"",
 * "PROGRAM: --nik needs a value", "PROGRAM: unknown option \"--x\"",
 * "PROGRAM: unexpected argument \"y\"". */
int cli_parse(const char *program, int argc, char **argv, const cli_option *options,
              size_t option_count, const char **positional, size_t max_positional,
              size_t *positional_count);

/* 1 if the option name appears in argv[0..argc) (as an option, not as another's value
 * that cli_parse accepted), else 0: for options whose every value is meaningful. */
int cli_given(int argc, char **argv, const char *name);

/* The message cli_parse prints for a bad value of option (for callers that check a value
 * themselves): "PROGRAM: NAME expects ..., got \"TEXT\"". Returns 2. */
int cli_bad_value(const char *program, const cli_option *option, const char *text);

#endif
