/* Weekly opening hours and holidays. Date arithmetic counts days from 1970-01-01 with the
 * era/day-of-era method (400-year Gregorian eras of 146097 days), so it needs no libc time
 * functions and no time zone. */
#include "sim/schedule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int64_t sim_days_from_civil(int year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

void sim_civil_from_days(int64_t days, int *year, int *month, int *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153; /* month counted from March */
    *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(year_of_era + era * 400 + (*month <= 2));
}

sim_weekday sim_weekday_of_days(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    return (sim_weekday)(((days % 7) + 7 + 3) % 7);
}

static int valid_date(int year, int month, int day)
{
    static const int length[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= length[month - 1] + (month == 2 && leap);
}

int sim_schedule_init(sim_schedule *s, int year, int month, int day)
{
    memset(s, 0, sizeof *s);
    if (!valid_date(year, month, day))
        return SIM_EINVAL;
    s->start_day = sim_days_from_civil(year, month, day);
    return SIM_OK;
}

void sim_schedule_fini(sim_schedule *s)
{
    free(s->holidays);
    s->holidays = NULL;
    s->holiday_count = 0;
    s->holiday_capacity = 0;
}

int sim_schedule_copy(sim_schedule *dst, const sim_schedule *src)
{
    *dst = *src;
    dst->holidays = NULL;
    dst->holiday_capacity = 0;
    if (src->holiday_count == 0) {
        dst->holiday_count = 0;
        return SIM_OK;
    }
    dst->holidays = malloc(src->holiday_count * sizeof *dst->holidays);
    if (dst->holidays == NULL) {
        dst->holiday_count = 0;
        return SIM_ENOMEM;
    }
    memcpy(dst->holidays, src->holidays, src->holiday_count * sizeof *dst->holidays);
    dst->holiday_capacity = src->holiday_count;
    return SIM_OK;
}

int sim_schedule_add_interval(sim_schedule *s, sim_weekday weekday, double open_s,
                              double close_s)
{
    if ((unsigned)weekday > SIM_SUNDAY || !(open_s >= 0) || !(close_s <= SIM_DAY_S) ||
        !(open_s < close_s))
        return SIM_EINVAL;
    int n = s->count[weekday];
    double *open = s->open_s[weekday], *close = s->close_s[weekday];
    int at = 0;
    while (at < n && open[at] < open_s)
        at++;
    if ((at > 0 && close[at - 1] > open_s) || (at < n && open[at] < close_s))
        return SIM_EINVAL;
    if (at > 0 && close[at - 1] == open_s) { /* touches the previous one: extend it */
        close[at - 1] = close_s;
        if (at < n && open[at] == close_s) { /* and the next one: join all three */
            close[at - 1] = close[at];
            memmove(open + at, open + at + 1, (size_t)(n - at - 1) * sizeof *open);
            memmove(close + at, close + at + 1, (size_t)(n - at - 1) * sizeof *close);
            s->count[weekday]--;
        }
        return SIM_OK;
    }
    if (at < n && open[at] == close_s) {
        open[at] = open_s;
        return SIM_OK;
    }
    if (n == SIM_SCHEDULE_MAX_INTERVALS)
        return SIM_EFULL;
    memmove(open + at + 1, open + at, (size_t)(n - at) * sizeof *open);
    memmove(close + at + 1, close + at, (size_t)(n - at) * sizeof *close);
    open[at] = open_s;
    close[at] = close_s;
    s->count[weekday]++;
    return SIM_OK;
}

int sim_schedule_add_interval_days(sim_schedule *s, sim_weekday first, sim_weekday last,
                                   double open_s, double close_s)
{
    if ((unsigned)first > SIM_SUNDAY || (unsigned)last > SIM_SUNDAY || first > last)
        return SIM_EINVAL;
    for (int d = (int)first; d <= (int)last; d++) {
        int rc = sim_schedule_add_interval(s, (sim_weekday)d, open_s, close_s);
        if (rc != SIM_OK)
            return rc;
    }
    return SIM_OK;
}

int sim_schedule_set_always_open(sim_schedule *s)
{
    for (int d = 0; d < 7; d++)
        if (s->count[d] != 0)
            return SIM_EINVAL;
    return sim_schedule_add_interval_days(s, SIM_MONDAY, SIM_SUNDAY, 0, SIM_DAY_S);
}

int sim_schedule_add_holiday(sim_schedule *s, int year, int month, int day)
{
    if (!valid_date(year, month, day))
        return SIM_EINVAL;
    int64_t d = sim_days_from_civil(year, month, day);
    size_t at = 0;
    while (at < s->holiday_count && s->holidays[at] < d)
        at++;
    if (at < s->holiday_count && s->holidays[at] == d)
        return SIM_OK;
    if (s->holiday_count == s->holiday_capacity) {
        size_t cap = s->holiday_capacity ? 2 * s->holiday_capacity : 16;
        int64_t *grown = realloc(s->holidays, cap * sizeof *grown);
        if (grown == NULL)
            return SIM_ENOMEM;
        s->holidays = grown;
        s->holiday_capacity = cap;
    }
    memmove(s->holidays + at + 1, s->holidays + at, (s->holiday_count - at) * sizeof *s->holidays);
    s->holidays[at] = d;
    s->holiday_count++;
    return SIM_OK;
}

static int parse_two_digits(const char *p, int *value)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return 0;
    *value = (p[0] - '0') * 10 + (p[1] - '0');
    return 1;
}

int sim_schedule_parse_hhmm(const char *text, double *seconds)
{
    int h, m, sec = 0;
    if (text == NULL || !parse_two_digits(text, &h) || text[2] != ':' ||
        !parse_two_digits(text + 3, &m))
        return SIM_EINVAL;
    if (text[5] == ':') {
        if (!parse_two_digits(text + 6, &sec) || text[8] != '\0')
            return SIM_EINVAL;
    } else if (text[5] != '\0') {
        return SIM_EINVAL;
    }
    if (m > 59 || sec > 59 || h > 24 || (h == 24 && (m > 0 || sec > 0)))
        return SIM_EINVAL;
    *seconds = h * 3600.0 + m * 60.0 + sec;
    return SIM_OK;
}

static int is_holiday(const sim_schedule *s, int64_t day)
{
    size_t lo = 0, hi = s->holiday_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->holiday_count && s->holidays[lo] == day;
}

/* Day index from the start (floor of t / day) and seconds into that day. */
static int64_t split(double t, double *second_of_day)
{
    double day = floor(t / SIM_DAY_S);
    *second_of_day = t - day * SIM_DAY_S;
    return (int64_t)day;
}

/* Weekday intervals of relative day d, or none on a holiday. */
static int day_intervals(const sim_schedule *s, int64_t d, const double **open,
                         const double **close)
{
    int64_t absolute = s->start_day + d;
    if (is_holiday(s, absolute))
        return 0;
    sim_weekday w = sim_weekday_of_days(absolute);
    *open = s->open_s[w];
    *close = s->close_s[w];
    return s->count[w];
}

int sim_schedule_is_open(const sim_schedule *s, double t)
{
    double sec;
    int64_t d = split(t, &sec);
    const double *open, *close;
    int n = day_intervals(s, d, &open, &close);
    for (int i = 0; i < n; i++)
        if (open[i] <= sec && sec < close[i])
            return 1;
    return 0;
}

/* How many days a scan may look ahead before concluding "never": a week beyond the last
 * holiday, after which the weekly pattern repeats unchanged. */
static int64_t scan_limit(const sim_schedule *s, int64_t d)
{
    int64_t limit = d + 8;
    if (s->holiday_count > 0) {
        int64_t last = s->holidays[s->holiday_count - 1] - s->start_day + 8;
        if (last > limit)
            limit = last;
    }
    return limit;
}

double sim_schedule_next_open(const sim_schedule *s, double t)
{
    if (sim_schedule_is_open(s, t))
        return t;
    double sec;
    int64_t d = split(t, &sec), limit = scan_limit(s, d);
    for (; d <= limit; d++, sec = 0) {
        const double *open, *close;
        int n = day_intervals(s, d, &open, &close);
        for (int i = 0; i < n; i++)
            if (open[i] >= sec)
                return (double)d * SIM_DAY_S + open[i];
    }
    return INFINITY;
}

double sim_schedule_next_close(const sim_schedule *s, double t)
{
    if (!sim_schedule_is_open(s, t))
        return t;
    double sec;
    int64_t d = split(t, &sec), limit = scan_limit(s, d);
    for (; d <= limit; d++, sec = 0) {
        const double *open, *close;
        int n = day_intervals(s, d, &open, &close);
        int i = 0;
        while (i < n && !(open[i] <= sec && sec < close[i]))
            i++;
        if (i == n) /* closed at this day's start: the opening ended at midnight */
            return (double)d * SIM_DAY_S;
        if (close[i] < SIM_DAY_S)
            return (double)d * SIM_DAY_S + close[i];
    }
    return INFINITY;
}

double sim_schedule_open_seconds(const sim_schedule *s, double t0, double t1)
{
    double total = 0;
    double t = t0;
    while (t < t1) {
        double open = sim_schedule_next_open(s, t);
        if (!(open < t1))
            break;
        double close = sim_schedule_next_close(s, open);
        double end = close < t1 ? close : t1;
        total += end - open;
        t = end;
    }
    return total;
}

sim_date sim_schedule_date(const sim_schedule *s, double t)
{
    sim_date out;
    int64_t d = split(t, &out.second_of_day);
    int64_t absolute = s->start_day + d;
    sim_civil_from_days(absolute, &out.year, &out.month, &out.day);
    out.weekday = sim_weekday_of_days(absolute);
    return out;
}

int sim_schedule_time_of(const sim_schedule *s, int year, int month, int day,
                         double second_of_day, double *t)
{
    if (!valid_date(year, month, day) || !(second_of_day >= 0 && second_of_day <= SIM_DAY_S))
        return SIM_EINVAL;
    *t = (double)(sim_days_from_civil(year, month, day) - s->start_day) * SIM_DAY_S +
         second_of_day;
    return SIM_OK;
}
