/* Units of result metrics as the terminal and the comparison files show them, read from the
 * naming rule of docs/results.md (a _share or _utilisation is 0..1, _s seconds, _days days),
 * and plain decimal formatting: never an exponent, so 5305330 reads as 5305330.0. */
#include "app/ktpsim_units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int ends_with(const char *name, const char *tail)
{
    size_t n = strlen(name), t = strlen(tail);
    return n >= t && strcmp(name + n - t, tail) == 0;
}

ktpsim_unit ktpsim_unit_of(const char *name)
{
    if (ends_with(name, "_share") || ends_with(name, "_utilisation"))
        return KTPSIM_UNIT_SHARE;
    if (ends_with(name, "_s"))
        return KTPSIM_UNIT_SECONDS;
    if (ends_with(name, "_days"))
        return KTPSIM_UNIT_DAYS;
    if (ends_with(name, "_day"))
        return KTPSIM_UNIT_DAY;
    return KTPSIM_UNIT_COUNT;
}

const char *ktpsim_unit_name(ktpsim_unit unit, int terminal)
{
    switch (unit) {
    case KTPSIM_UNIT_SHARE: return "share";
    case KTPSIM_UNIT_SECONDS: return terminal ? "h" : "s";
    case KTPSIM_UNIT_DAYS: return "days";
    case KTPSIM_UNIT_DAY: return "day";
    default: return "count";
    }
}

void ktpsim_format_value(char *out, size_t size, ktpsim_unit unit, double x, int terminal)
{
    if (!isfinite(x)) {
        snprintf(out, size, "%s", terminal ? "n/a" : "");
        return;
    }
    if (unit == KTPSIM_UNIT_SECONDS && terminal)
        x /= 3600;
    int decimals = unit == KTPSIM_UNIT_SHARE ? 4 : unit == KTPSIM_UNIT_SECONDS && terminal ? 2 : 1;
    if (!terminal)
        decimals = unit == KTPSIM_UNIT_SHARE ? 6 : 3;
    snprintf(out, size, "%.*f", decimals, x);
    if (out[0] == '-' && strspn(out + 1, "0.") == strlen(out + 1))
        memmove(out, out + 1, strlen(out)); /* -0.0000 reads as 0.0000 */
}
