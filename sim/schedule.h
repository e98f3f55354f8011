/* Weekly opening hours with holidays, mapped onto simulation time.
 * Simulation time 0 is midnight (local civil time, no time zone, no daylight saving) of the
 * start date; time is seconds as double. A day is open during its weekday's intervals
 * [open_s, close_s) (seconds after midnight, 0..86400) unless it is a holiday. Intervals that
 * end at 24:00 and continue at 00:00 the next day form one opening (for next_close).
 * Dates use the proleptic Gregorian calendar.
 * Thread safety: after set-up a schedule is read-only and may be shared between threads. */
#ifndef SIM_SCHEDULE_H
#define SIM_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/status.h"

typedef enum sim_weekday {
    SIM_MONDAY, SIM_TUESDAY, SIM_WEDNESDAY, SIM_THURSDAY, SIM_FRIDAY, SIM_SATURDAY, SIM_SUNDAY
} sim_weekday;

#define SIM_SCHEDULE_MAX_INTERVALS 8 /* per weekday */
#define SIM_DAY_S 86400.0
#define SIM_DAY_SECONDS 86400 /* the same, for integer arithmetic */

typedef struct sim_schedule {
    int64_t start_day;                 /* days from 1970-01-01 to the start date */
    int count[7];                      /* intervals per weekday, sorted, disjoint */
    double open_s[7][SIM_SCHEDULE_MAX_INTERVALS];
    double close_s[7][SIM_SCHEDULE_MAX_INTERVALS];
    int64_t *holidays;                 /* sorted day numbers from 1970-01-01; owned */
    size_t holiday_count, holiday_capacity;
} sim_schedule;

typedef struct sim_date {
    int year, month, day;   /* month 1-12, day 1-31 */
    sim_weekday weekday;
    double second_of_day;   /* 0 <= s < 86400 */
} sim_date;

/* Prepares a schedule starting at midnight of year-month-day, with no opening hours
 * (always closed until intervals are added). Returns SIM_OK or SIM_EINVAL (no such date,
 * or year outside 1..9999). */
int sim_schedule_init(sim_schedule *s, int year, int month, int day);

/* Frees the holiday list. Safe on a zeroed struct. */
void sim_schedule_fini(sim_schedule *s);

/* Deep copy (for per-replication copies). Returns SIM_OK or SIM_ENOMEM. */
int sim_schedule_copy(sim_schedule *dst, const sim_schedule *src);

/* Opens weekday during [open_s, close_s), seconds after midnight, 0 <= open_s < close_s
 * <= 86400. Intervals on one day must not overlap (touching ones are merged). Returns
 * SIM_OK, SIM_EINVAL (bad times, overlap, bad weekday) or SIM_EFULL (more than
 * SIM_SCHEDULE_MAX_INTERVALS). */
int sim_schedule_add_interval(sim_schedule *s, sim_weekday weekday, double open_s,
                              double close_s);

/* The same interval on every weekday from first to last (e.g. SIM_MONDAY..SIM_FRIDAY).
 * Returns as sim_schedule_add_interval; on error, earlier days may have been added. */
int sim_schedule_add_interval_days(sim_schedule *s, sim_weekday first, sim_weekday last,
                                   double open_s, double close_s);

/* Open around the clock every day (holidays still close). Returns SIM_OK or SIM_EINVAL
 * when intervals were already added. */
int sim_schedule_set_always_open(sim_schedule *s);

/* Closes the whole of year-month-day. Duplicates are ignored. Returns SIM_OK, SIM_EINVAL
 * (no such date) or SIM_ENOMEM. */
int sim_schedule_add_holiday(sim_schedule *s, int year, int month, int day);

/* Parses "HH:MM" or "HH:MM:SS" (00:00 to 24:00) into seconds after midnight.
 * Returns SIM_OK or SIM_EINVAL. */
int sim_schedule_parse_hhmm(const char *text, double *seconds);

/* Whether the schedule is open at time t (s). */
int sim_schedule_is_open(const sim_schedule *s, double t);

/* Earliest time >= t at which it is open (t itself when open), or INFINITY if never. */
double sim_schedule_next_open(const sim_schedule *s, double t);

/* Earliest time >= t at which it is closed (t itself when closed), or INFINITY if it
 * never closes again. */
double sim_schedule_next_close(const sim_schedule *s, double t);

/* Open seconds within [t0, t1]. */
double sim_schedule_open_seconds(const sim_schedule *s, double t0, double t1);

/* Civil date, weekday and second of day of time t (s, t >= 0 or before the start). */
sim_date sim_schedule_date(const sim_schedule *s, double t);

/* Simulation time of second_of_day on year-month-day (negative before the start date).
 * Returns SIM_OK or SIM_EINVAL (no such date). */
int sim_schedule_time_of(const sim_schedule *s, int year, int month, int day,
                         double second_of_day, double *t);

/* Days from 1970-01-01 to a civil date, and back; weekday of such a day number.
 * Exposed for tests and for models that count days. */
int64_t sim_days_from_civil(int year, int month, int day);
void sim_civil_from_days(int64_t days, int *year, int *month, int *day);
sim_weekday sim_weekday_of_days(int64_t days);

#endif
