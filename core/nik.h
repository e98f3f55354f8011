/* NIK (Nomor Induk Kependudukan): 16 digits PP KK CC DDMMYY SSSS.
 * PP KK CC: province, regency and district where the NIK was first issued (real codes, see
 * core/area.h); DD: day of birth, +40 for women (41-71); MM month; YY two-digit year; SSSS a
 * serial 0001-9999 among people with the same first 12 digits (allocated by the registry).
 * All functions are pure and thread-safe. Error texts go to err (err_size bytes, may be NULL). */
#ifndef CORE_NIK_H
#define CORE_NIK_H

#include <stddef.h>

#define CORE_NIK_DIGITS 16
#define CORE_NIK_PREFIX_DIGITS 12
#define CORE_NIK_SERIAL_MAX 9999

typedef struct core_nik {
    int province;    /* PP */
    int regency;     /* KK: 01-69 kabupaten, 71-99 kota */
    int district;    /* CC */
    int birth_day;   /* 1-31: the real day, without the +40 */
    int birth_month; /* 1-12 */
    int birth_year2; /* 0-99, the last two digits of the year of birth */
    int female;      /* 1: woman (the NIK day is birth_day + 40); 0: man */
    int serial;      /* 1-9999 */
} core_nik;

/* Validates parts and writes the 16 digits plus NUL to out. CORE_OK, or CORE_ENOTFOUND for an
 * unknown area code, CORE_EINVAL otherwise; err says exactly what is wrong. */
int core_nik_compose(const core_nik *parts, char out[CORE_NIK_DIGITS + 1], char *err,
                     size_t err_size);

/* Parses and validates a NIK: 16 digits, known province/regency/district, a valid day
 * (1-31 men, 41-71 women), month, a date that exists (29 February only when YY % 4 == 0:
 * 2000 was a leap year and the NIK cannot tell 1900 from 2000), serial 0001-9999.
 * Returns CORE_OK (and fills *out if not NULL), CORE_ENOTFOUND (unknown area code) or
 * CORE_EINVAL, with a message such as "unknown district code 11.01.99" or
 * "day 72 is not a valid day (1-31 men, 41-71 women)". */
int core_nik_parse(const char *text, core_nik *out, char *err, size_t err_size);

/* Same checks as core_nik_parse on the area and date parts only (serial ignored), e.g. before
 * allocating a serial. */
int core_nik_check_parts(const core_nik *parts, char *err, size_t err_size);

/* The first 12 digits (area + coded date) plus NUL: the key of the serial counter. The parts
 * must have passed core_nik_check_parts. */
void core_nik_prefix(const core_nik *parts, char out[CORE_NIK_PREFIX_DIGITS + 1]);

/* Days in a month for a two-digit year (leap when year2 % 4 == 0); 0 for a bad month. */
int core_nik_days_in_month(int month, int year2);

#endif
