/* Units and plain decimal formatting of result metrics for `ktpsim` output (app/ only). */
#ifndef APP_KTPSIM_UNITS_H
#define APP_KTPSIM_UNITS_H

#include <stddef.h>

typedef enum ktpsim_unit {
    KTPSIM_UNIT_COUNT,   /* people, cards, records: a count or a mean count */
    KTPSIM_UNIT_SHARE,   /* 0..1 */
    KTPSIM_UNIT_SECONDS, /* shown in hours on the terminal */
    KTPSIM_UNIT_DAYS,    /* a number of days */
    KTPSIM_UNIT_DAY      /* a day index from the start date */
} ktpsim_unit;

/* The unit of a metric, from its name's ending (docs/results.md). */
ktpsim_unit ktpsim_unit_of(const char *name);

/* "share", "s" (terminal: "h"), "days", "day" or "count". */
const char *ktpsim_unit_name(ktpsim_unit unit, int terminal);

/* x in plain decimals, never an exponent: on the terminal (terminal = 1) shares with 4
 * decimals, seconds as hours with 2, the rest with 1, and "n/a" for a missing value; in files
 * shares with 6 decimals, the rest with 3, seconds as seconds, "" for a missing value.
 * A negative zero is written without its sign. */
void ktpsim_format_value(char *out, size_t size, ktpsim_unit unit, double x, int terminal);

#endif
