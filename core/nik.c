/* NIK composition, parsing and validation against the compiled-in area codes. */
#include "core/nik.h"
#include <stdarg.h>
#include <stdio.h>
#include "core/area.h"
#include "core/status.h"

static int fail(int status, char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return status;
}

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

int core_nik_days_in_month(int month, int year2)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && year2 % 4 == 0)
        return 29;
    return days[month - 1];
}

static int check_area(const core_nik *p, char *err, size_t err_size)
{
    if (p->province < 0 || p->province > 99 || p->regency < 0 || p->regency > 99 ||
        p->district < 0 || p->district > 99)
        return fail(CORE_EINVAL, err, err_size, "area code %d.%d.%d is out of range (00-99 each)",
                    p->province, p->regency, p->district);
    long pp = p->province, kk = pp * 100 + p->regency, cc = kk * 100 + p->district;
    if (!core_area_name(CORE_AREA_PROVINCE, pp))
        return fail(CORE_ENOTFOUND, err, err_size, "unknown province code %02ld", pp);
    if (!core_area_name(CORE_AREA_REGENCY, kk))
        return fail(CORE_ENOTFOUND, err, err_size, "unknown regency code %02ld.%02d", pp,
                    p->regency);
    if (!core_area_name(CORE_AREA_DISTRICT, cc))
        return fail(CORE_ENOTFOUND, err, err_size, "unknown district code %02ld.%02d.%02d", pp,
                    p->regency, p->district);
    return CORE_OK;
}

/* coded_day is the day as written in the NIK (41-71 for women). */
static int check_date(int coded_day, int month, int year2, char *err, size_t err_size)
{
    if (!((coded_day >= 1 && coded_day <= 31) || (coded_day >= 41 && coded_day <= 71)))
        return fail(CORE_EINVAL, err, err_size,
                    "day %02d is not a valid day (1-31 men, 41-71 women)", coded_day);
    if (month < 1 || month > 12)
        return fail(CORE_EINVAL, err, err_size, "month %02d is not a valid month (01-12)", month);
    if (year2 < 0 || year2 > 99)
        return fail(CORE_EINVAL, err, err_size, "year %d is not a two-digit year (00-99)", year2);
    int day = coded_day > 40 ? coded_day - 40 : coded_day;
    if (day > core_nik_days_in_month(month, year2)) {
        if (month == 2 && day == 29)
            return fail(CORE_EINVAL, err, err_size,
                        "29 February does not exist in year %02d (not a leap year)", year2);
        return fail(CORE_EINVAL, err, err_size, "%d %s does not exist (%s has %d days)", day,
                    month_names[month - 1], month_names[month - 1],
                    core_nik_days_in_month(month, year2));
    }
    return CORE_OK;
}

int core_nik_check_parts(const core_nik *p, char *err, size_t err_size)
{
    if (!p)
        return fail(CORE_EINVAL, err, err_size, "NIK parts are missing");
    int rc = check_area(p, err, err_size);
    if (rc != CORE_OK)
        return rc;
    if (p->birth_day < 1 || p->birth_day > 31)
        return fail(CORE_EINVAL, err, err_size, "birth day %d is not a valid day (1-31)",
                    p->birth_day);
    return check_date(p->birth_day + (p->female ? 40 : 0), p->birth_month, p->birth_year2, err,
                      err_size);
}

static int check_serial(int serial, char *err, size_t err_size)
{
    if (serial < 1 || serial > CORE_NIK_SERIAL_MAX)
        return fail(CORE_EINVAL, err, err_size, "serial %04d is not valid (0001-9999)", serial);
    return CORE_OK;
}

static void put_two(char *out, int value)
{
    unsigned v = (unsigned)value % 100u;
    out[0] = (char)('0' + v / 10);
    out[1] = (char)('0' + v % 10);
}

void core_nik_prefix(const core_nik *p, char out[CORE_NIK_PREFIX_DIGITS + 1])
{
    const int fields[6] = {p->province, p->regency, p->district,
                           p->birth_day + (p->female ? 40 : 0), p->birth_month, p->birth_year2};
    for (int i = 0; i < 6; i++)
        put_two(out + 2 * i, fields[i]);
    out[CORE_NIK_PREFIX_DIGITS] = '\0';
}

int core_nik_compose(const core_nik *p, char out[CORE_NIK_DIGITS + 1], char *err,
                     size_t err_size)
{
    int rc = core_nik_check_parts(p, err, err_size);
    if (rc == CORE_OK)
        rc = check_serial(p->serial, err, err_size);
    if (rc != CORE_OK)
        return rc;
    core_nik_prefix(p, out);
    put_two(out + 12, p->serial / 100);
    put_two(out + 14, p->serial % 100);
    out[CORE_NIK_DIGITS] = '\0';
    return CORE_OK;
}

static int two(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

int core_nik_parse(const char *text, core_nik *out, char *err, size_t err_size)
{
    if (!text)
        return fail(CORE_EINVAL, err, err_size, "NIK is missing");
    size_t len = 0;
    for (; text[len]; len++) {
        if (text[len] < '0' || text[len] > '9')
            return fail(CORE_EINVAL, err, err_size,
                        "NIK character %zu is not a digit (a NIK is 16 digits)", len + 1);
    }
    if (len != CORE_NIK_DIGITS)
        return fail(CORE_EINVAL, err, err_size, "NIK has %zu digits, not 16", len);
    core_nik p = {.province = two(text), .regency = two(text + 2), .district = two(text + 4),
                  .birth_month = two(text + 8), .birth_year2 = two(text + 10),
                  .serial = two(text + 12) * 100 + two(text + 14)};
    int coded_day = two(text + 6);
    int rc = check_area(&p, err, err_size);
    if (rc == CORE_OK)
        rc = check_date(coded_day, p.birth_month, p.birth_year2, err, err_size);
    if (rc == CORE_OK)
        rc = check_serial(p.serial, err, err_size);
    if (rc != CORE_OK)
        return rc;
    p.female = coded_day > 40;
    p.birth_day = p.female ? coded_day - 40 : coded_day;
    if (out)
        *out = p;
    return CORE_OK;
}
