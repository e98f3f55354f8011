/* The scenario format of the recording stage: its table of keys, its defaults and the
 * readers of its compound values (arrivals, opening hours, holidays). Other stages follow
 * the same shape: a struct in scenario.h, a defaults function and a table. */
#include "models/scenario/scenario_read.h"
#include "sim/schedule.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HOLIDAYS 10000

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

typedef struct arrivals_input {
    double per_open_hour, per_day;
    double weekday_factor[7];
    double hour_factor[24];
    size_t campaign_count;
    scenario_campaign *campaigns;
} arrivals_input;

#define MAX_CAMPAIGNS 10000

/* A fixed-length array of factors from 0 to 1000: the field's `max` is its length (7 weekdays
 * or 24 hours). */
static int read_factors(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                        void *target)
{
    double *factors = target;
    int length = (int)field->max;
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    int ok = size == length;
    size_t i = 0;
    for (const cJSON *item = ok ? value->child : NULL; item != NULL; item = item->next, i++)
        ok &= cJSON_IsNumber(item) && item->valuedouble >= 0 && item->valuedouble <= 1000;
    if (!ok) {
        scenario__error(ctx, "expected an array of %d numbers from 0 to 1000 (%s)", length,
                        length == 7 ? "Monday to Sunday" : "hours from midnight");
        return -1;
    }
    i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++)
        factors[i] = item->valuedouble;
    return 0;
}

static const scenario__field campaign_fields[] = {
    {"date", scenario__read_date, offsetof(scenario_campaign, date), SCENARIO__REQUIRED, 0, 0},
    {"factor", scenario__read_number, offsetof(scenario_campaign, factor), SCENARIO__REQUIRED, 0,
     1000},
};

static int read_campaigns(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                          void *target)
{
    (void)field;
    arrivals_input *in = target;
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    if (size < 0 || size > MAX_CAMPAIGNS) {
        scenario__error(ctx, "expected an array of at most %d days {\"date\", \"factor\"}",
                        MAX_CAMPAIGNS);
        return -1;
    }
    if (size == 0)
        return 0;
    in->campaigns = calloc((size_t)size, sizeof *in->campaigns);
    if (in->campaigns == NULL)
        return ctx->out_of_memory = 1, -1;
    in->campaign_count = (size_t)size;
    int bad = 0;
    size_t i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++) {
        size_t saved = scenario__push_index(ctx, i);
        bad |= scenario__read_object(ctx, item, campaign_fields, 2, &in->campaigns[i]) != 0;
        scenario__pop(ctx, saved);
    }
    return bad ? -1 : 0;
}

static const scenario__field arrival_fields[] = {
    {"per_open_hour", scenario__read_number, offsetof(arrivals_input, per_open_hour),
     SCENARIO__MIN_EXCLUSIVE, 0, 1e6},
    {"per_day", scenario__read_number, offsetof(arrivals_input, per_day),
     SCENARIO__MIN_EXCLUSIVE, 0, 1e7},
    {"weekday_factors", read_factors, offsetof(arrivals_input, weekday_factor), 0, 0, 7},
    {"hour_factors", read_factors, offsetof(arrivals_input, hour_factor), 0, 0, 24},
    {"campaign_days", read_campaigns, 0, 0, 0, 0},
};

static int read_arrivals(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                         void *target)
{
    (void)field;
    arrivals_input in = {NAN, NAN, {1, 1, 1, 1, 1, 1, 1}, {0}, 0, NULL};
    for (int h = 0; h < 24; h++)
        in.hour_factor[h] = 1;
    scenario_arrivals *arrivals = target;
    free(arrivals->campaigns); /* the reader owns the list from here */
    arrivals->campaigns = NULL;
    arrivals->campaign_count = 0;
    int status = scenario__read_object(ctx, value, arrival_fields,
                                       sizeof arrival_fields / sizeof arrival_fields[0], &in);
    arrivals->campaigns = in.campaigns;
    arrivals->campaign_count = in.campaign_count;
    memcpy(arrivals->weekday_factor, in.weekday_factor, sizeof in.weekday_factor);
    memcpy(arrivals->hour_factor, in.hour_factor, sizeof in.hour_factor);
    if (status != 0)
        return -1;
    int hourly = !isnan(in.per_open_hour), daily = !isnan(in.per_day);
    if (hourly == daily) {
        scenario__error(ctx, hourly ? "give either \"per_open_hour\" or \"per_day\", not both"
                                    : "missing required key \"per_open_hour\" or \"per_day\"");
        return -1;
    }
    arrivals->basis = hourly ? SCENARIO_PER_OPEN_HOUR : SCENARIO_PER_DAY;
    arrivals->rate = hourly ? in.per_open_hour : in.per_day;
    return 0;
}

static int read_days(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                     void *target)
{
    (void)field;
    char found[96];
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    if (size < 1 || size > 7) {
        if (size >= 0)
            snprintf(found, sizeof found, "%d entries", size);
        else
            scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an array of 1 to 7 days (\"mon\" ... \"sun\"), found %s",
                        found);
        return -1;
    }
    unsigned mask = 0;
    int bad = 0;
    size_t i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++) {
        size_t saved = scenario__push_index(ctx, i);
        int day = 0;
        while (day < 7 && !(cJSON_IsString(item) && strcmp(item->valuestring, day_names[day]) == 0))
            day++;
        if (day == 7 && cJSON_IsString(item)) {
            scenario__unknown_key(ctx, item->valuestring, day_names, 7, "day");
            bad = 1;
        } else if (day == 7) {
            scenario__describe(item, found, sizeof found);
            scenario__error(ctx, "expected a day (\"mon\" ... \"sun\"), found %s", found);
            bad = 1;
        } else if (mask & (1u << day)) {
            scenario__error(ctx, "day \"%s\" listed twice", day_names[day]);
            bad = 1;
        }
        if (day < 7)
            mask |= 1u << day;
        scenario__pop(ctx, saved);
    }
    if (bad)
        return -1;
    *(unsigned *)target = mask;
    return 0;
}

/* "HH:MM" from 00:00 to 24:00 into seconds after midnight. */
int scenario__read_clock(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                         void *target)
{
    (void)field;
    const char *t = cJSON_IsString(value) ? value->valuestring : "";
    int ok = strlen(t) == 5 && t[2] == ':';
    for (int i = 0; ok && i < 5; i++)
        ok = i == 2 || (t[i] >= '0' && t[i] <= '9');
    int hours = ok ? (t[0] - '0') * 10 + (t[1] - '0') : 0;
    int minutes = ok ? (t[3] - '0') * 10 + (t[4] - '0') : 0;
    if (!ok || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected a time \"HH:MM\" from \"00:00\" to \"24:00\", found %s",
                        found);
        return -1;
    }
    *(int *)target = hours * 3600 + minutes * 60;
    return 0;
}

static const scenario__field opening_fields[] = {
    {"days", read_days, offsetof(scenario_opening_hours, day_mask), 0, 0, 0},
    {"open", scenario__read_clock, offsetof(scenario_opening_hours, open_s), 0, 0, 0},
    {"close", scenario__read_clock, offsetof(scenario_opening_hours, close_s), 0, 0, 0},
};

int scenario__read_opening_hours(scenario__ctx *ctx, const cJSON *value,
                                 const scenario__field *field, void *target)
{
    (void)field;
    scenario_opening_hours *hours = target;
    if (cJSON_IsString(value) && strcmp(value->valuestring, "24/7") == 0) {
        hours->always_open = 1;
        hours->day_mask = SCENARIO_ALL_DAYS;
        hours->open_s = 0;
        hours->close_s = SIM_DAY_SECONDS;
        return 0;
    }
    if (!cJSON_IsObject(value)) {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected \"24/7\" or an object {\"days\", \"open\", \"close\"}, "
                        "found %s", found);
        return -1;
    }
    if (scenario__read_object(ctx, value, opening_fields, 3, hours) != 0)
        return -1;
    if (hours->open_s >= hours->close_s) {
        scenario__error(ctx, "expected \"open\" before \"close\", found %02d:%02d to %02d:%02d",
                        hours->open_s / 3600, hours->open_s / 60 % 60, hours->close_s / 3600,
                        hours->close_s / 60 % 60);
        return -1;
    }
    return 0;
}

static int read_holidays(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                         void *target)
{
    (void)field;
    scenario_recording *recording = target;
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    if (size < 0 || size > MAX_HOLIDAYS) {
        char found[96];
        if (size >= 0)
            snprintf(found, sizeof found, "%d entries", size);
        else
            scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an array of at most %d dates, found %s", MAX_HOLIDAYS,
                        found);
        return -1;
    }
    if (size == 0)
        return 0;
    scenario_date *dates = calloc((size_t)size, sizeof *dates);
    if (dates == NULL) {
        ctx->out_of_memory = 1;
        return -1;
    }
    free(recording->holidays);
    recording->holidays = dates;
    recording->holiday_count = (size_t)size;
    int bad = 0;
    size_t i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++) {
        size_t saved = scenario__push_index(ctx, i);
        bad |= scenario__read_date(ctx, item, NULL, &dates[i]) != 0;
        scenario__pop(ctx, saved);
    }
    return bad ? -1 : 0;
}

static int read_at_closing(scenario__ctx *ctx, const cJSON *value,
                           const scenario__field *field, void *target)
{
    (void)field;
    static const char *const names[2] = {"finish_line", "carry_over"};
    for (int i = 0; i < 2; i++) {
        if (cJSON_IsString(value) && strcmp(value->valuestring, names[i]) == 0) {
            *(scenario_at_closing *)target = i == 0 ? SCENARIO_FINISH_LINE : SCENARIO_CARRY_OVER;
            return 0;
        }
    }
    if (cJSON_IsString(value)) {
        scenario__unknown_key(ctx, value->valuestring, names, 2, "value");
    } else {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected \"finish_line\" or \"carry_over\", found %s", found);
    }
    return -1;
}

static const scenario__field recording_fields[] = {
    {"arrivals", read_arrivals, offsetof(scenario_recording, arrivals), SCENARIO__REQUIRED, 0, 0},
    {"stations", scenario__read_int, offsetof(scenario_recording, stations), SCENARIO__REQUIRED,
     1, 10000},
    {"capture_time", scenario__read_dist, offsetof(scenario_recording, capture_time),
     SCENARIO__REQUIRED, 0, 0},
    {"opening_hours", scenario__read_opening_hours, offsetof(scenario_recording, opening_hours), 0, 0, 0},
    {"at_closing", read_at_closing, offsetof(scenario_recording, at_closing), 0, 0, 0},
    {"operators", scenario__read_int, offsetof(scenario_recording, operators), 0, 0, 10000},
    {"reprint_share", scenario__read_number, offsetof(scenario_recording, reprint_share), 0, 0, 1},
    {"kit_time_to_failure", scenario__read_dist,
     offsetof(scenario_recording, kit_time_to_failure), 0, SCENARIO__INTERVAL_FLOOR_S, 0},
    {"kit_repair_time", scenario__read_dist, offsetof(scenario_recording, kit_repair_time), 0,
     SCENARIO__DURATION_FLOOR_S, 0},
    /* Offset 0: the reader fills both holidays and holiday_count. */
    {"holidays", read_holidays, 0, 0, 0, 0},
};

void scenario__recording_defaults(scenario_recording *recording)
{
    memset(recording, 0, sizeof *recording);
    recording->stations = 1;
    for (int day = 0; day < 7; day++)
        recording->arrivals.weekday_factor[day] = 1;
    recording->at_closing = SCENARIO_FINISH_LINE;
    recording->opening_hours.always_open = 0;
    recording->opening_hours.day_mask = 0x1Fu; /* Monday to Friday */
    recording->opening_hours.open_s = 8 * 3600;
    recording->opening_hours.close_s = 16 * 3600;
}

int scenario__read_recording(scenario__ctx *ctx, const cJSON *value,
                             const scenario__field *field, void *target)
{
    (void)field;
    scenario_recording *r = target;
    if (scenario__read_object(ctx, value, recording_fields,
                              sizeof recording_fields / sizeof recording_fields[0], r) != 0)
        return -1;
    int ttf = cJSON_GetObjectItemCaseSensitive(value, "kit_time_to_failure") != NULL;
    int repair = cJSON_GetObjectItemCaseSensitive(value, "kit_repair_time") != NULL;
    if (ttf != repair) {
        scenario__error(ctx, "give both \"kit_time_to_failure\" and \"kit_repair_time\", or "
                        "neither");
        return -1;
    }
    if (ttf && !(sim_dist_mean(&r->kit_time_to_failure) > 0)) {
        scenario__error(ctx, "expected \"kit_time_to_failure\" with a mean > 0");
        return -1;
    }
    r->has_kit_failures = ttf;
    /* One applicant a second per station at the busiest hour: beyond that the waiting line
     * only grows (10^6 an hour at one station ate ~17 MB/s until killed). */
    double peak_per_hour = scenario_arrival_rate_per_s(r) * 3600.0 *
                           scenario_arrivals_max_factor(&r->arrivals);
    if (!(peak_per_hour <= SCENARIO__MAX_ARRIVALS_PER_STATION_HOUR * r->stations)) {
        char found[64];
        scenario__format_number(peak_per_hour, found, sizeof found);
        size_t saved = scenario__push_key(ctx, "arrivals");
        scenario__error(ctx, "expected at most %.0f arrivals per open hour per station (%d "
                        "stations: %.0f), found %s at the busiest hour",
                        SCENARIO__MAX_ARRIVALS_PER_STATION_HOUR, r->stations,
                        SCENARIO__MAX_ARRIVALS_PER_STATION_HOUR * r->stations, found);
        scenario__pop(ctx, saved);
        return -1;
    }
    return 0;
}

void scenario__recording_fini(scenario_recording *recording)
{
    sim_dist_fini(&recording->capture_time);
    free(recording->arrivals.campaigns);
    recording->arrivals.campaigns = NULL;
    recording->arrivals.campaign_count = 0;
    sim_dist_fini(&recording->kit_time_to_failure);
    sim_dist_fini(&recording->kit_repair_time);
    free(recording->holidays);
    recording->holidays = NULL;
    recording->holiday_count = 0;
}

double scenario_open_hours_per_day(const scenario_opening_hours *hours)
{
    if (hours->always_open)
        return 24.0;
    return (hours->close_s - hours->open_s) / 3600.0;
}

double scenario_arrival_rate_per_s(const scenario_recording *recording)
{
    double per_hour = recording->arrivals.rate;
    if (recording->arrivals.basis == SCENARIO_PER_DAY)
        per_hour /= scenario_open_hours_per_day(&recording->opening_hours);
    return per_hour / 3600.0;
}

double scenario_arrivals_max_factor(const scenario_arrivals *arrivals)
{
    double weekday = 0, hour = 0, campaign = 1;
    for (int day = 0; day < 7; day++)
        weekday = arrivals->weekday_factor[day] > weekday ? arrivals->weekday_factor[day] : weekday;
    for (int h = 0; h < 24; h++)
        hour = arrivals->hour_factor[h] > hour ? arrivals->hour_factor[h] : hour;
    for (size_t i = 0; i < arrivals->campaign_count; i++)
        campaign = arrivals->campaigns[i].factor > campaign ? arrivals->campaigns[i].factor
                                                            : campaign;
    return weekday * hour * campaign;
}

double scenario_arrivals_factor(const scenario_arrivals *arrivals, int64_t days_since_epoch,
                                int hour)
{
    double factor = arrivals->weekday_factor[scenario_weekday(days_since_epoch)]
                    * arrivals->hour_factor[hour < 0 ? 0 : hour > 23 ? 23 : hour];
    for (size_t i = 0; i < arrivals->campaign_count; i++)
        if (arrivals->campaigns[i].date.days_since_epoch == days_since_epoch)
            factor *= arrivals->campaigns[i].factor;
    return factor;
}
