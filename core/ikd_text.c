/* The IKD credential's text form (base45 as in RFC 9285: every character is in the QR
 * alphanumeric set, 3 characters per 2 bytes, and exactly one text per byte string) and the
 * calendar arithmetic of its day-number dates. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core/ikd.h"
#include "core/ikd_internal.h"
#include "core/ikd_text.h"
#include "core/status.h"

static const char base45_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

size_t core__ikd_base45_length(size_t bytes)
{
    return bytes / 2 * 3 + (bytes % 2) * 2;
}

void core__ikd_base45_encode(const unsigned char *bytes, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned v = (unsigned)bytes[i] * 256u + bytes[i + 1];
        out[o++] = base45_alphabet[v % 45];
        out[o++] = base45_alphabet[v / 45 % 45];
        out[o++] = base45_alphabet[v / 2025];
    }
    if (n % 2) {
        unsigned v = bytes[n - 1];
        out[o++] = base45_alphabet[v % 45];
        out[o++] = base45_alphabet[v / 45];
    }
    out[o] = '\0';
}

static int base45_value(char c)
{
    const char *p = c ? strchr(base45_alphabet, c) : NULL;
    return p ? (int)(p - base45_alphabet) : -1;
}

int core__ikd_base45_decode(const char *text, size_t len, unsigned char *out, size_t cap,
                            size_t *n_out, char *err, size_t err_size)
{
    if (len % 3 == 1)
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "base45 text of %zu characters cannot be complete", len);
    size_t n = len / 3 * 2 + (len % 3 == 2);
    if (n > cap)
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "credential text is too long (%zu characters)", len);
    for (size_t i = 0; i < len; i++)
        if (base45_value(text[i]) < 0)
            return core__ikd_fail(CORE_EINVAL, err, err_size,
                                  "character %zu (0x%02x) is not in the base45 alphabet", i + 1,
                                  (unsigned char)text[i]);
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)base45_value(text[i]) + 45u * (unsigned)base45_value(text[i + 1]);
        if (i + 2 < len) {
            v += 2025u * (unsigned)base45_value(text[i + 2]);
            if (v > 0xffff)
                return core__ikd_fail(CORE_EINVAL, err, err_size,
                                      "base45 group at character %zu exceeds 65535", i + 1);
            out[o++] = (unsigned char)(v >> 8);
            out[o++] = (unsigned char)(v & 0xff);
        } else {
            if (v > 0xff)
                return core__ikd_fail(CORE_EINVAL, err, err_size,
                                      "base45 final pair exceeds 255");
            out[o++] = (unsigned char)v;
        }
    }
    *n_out = o;
    return CORE_OK;
}

/* Days from 1970-01-01 for a proleptic Gregorian date (the era/day-of-era method). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static core_ikd_date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    core_ikd_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

static const long epoch_1900 = -25567; /* days_from_civil(1900, 1, 1) */
static const long day_s = 86400; /* core/ stands alone: sim/'s SIM_DAY_SECONDS is not ours */

long core_ikd_date_days(core_ikd_date date)
{
    return days_from_civil(date.year, date.month, date.day) - epoch_1900;
}

core_ikd_date core_ikd_date_from_days(long days)
{
    return civil_from_days(days + epoch_1900);
}

int core__ikd_date_exists(core_ikd_date d)
{
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31)
        return 0;
    core_ikd_date back = core_ikd_date_from_days(core_ikd_date_days(d));
    return back.year == d.year && back.month == d.month && back.day == d.day;
}

void core_ikd_date_format(core_ikd_date date, char out[11])
{
    unsigned y = (unsigned)date.year % 10000u, m = (unsigned)date.month % 100u,
             d = (unsigned)date.day % 100u;
    snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
}

int core_ikd_date_parse(const char *text, core_ikd_date *out, char *err, size_t err_size)
{
    core_ikd_date d = {0, 0, 0};
    int ok = text && strlen(text) == 10 && text[4] == '-' && text[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            ok = 0;
    if (ok) {
        d.year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
                 (text[3] - '0');
        d.month = (text[5] - '0') * 10 + (text[6] - '0');
        d.day = (text[8] - '0') * 10 + (text[9] - '0');
    }
    if (!ok)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "date \"%s\" is not YYYY-MM-DD",
                              text ? text : "");
    if (!core__ikd_date_exists(d))
        return core__ikd_fail(CORE_EINVAL, err, err_size, "date %s does not exist", text);
    long days = core_ikd_date_days(d);
    if (days < 0 || days > 0xffff)
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "date %s is outside 1900-01-01 .. 2079-06-06", text);
    *out = d;
    return CORE_OK;
}

core_ikd_date core_ikd_date_today(void)
{
    time_t now = time(NULL);
    return core_ikd_date_from_days((long)(now / day_s) - epoch_1900);
}
