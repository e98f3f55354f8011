/* Messages for a model's failure: which component's event kept time from advancing (the
 * counting half is in sim_calendar_step, on the hot path), and why a schedule was refused. */
#include <stdio.h>
#include "sim/calendar.h"

void sim_calendar_set_instant_limit(sim_calendar *cal, uint64_t limit)
{
    cal->instant_limit = limit;
}

int sim_calendar_describe(sim_calendar *cal, sim_event_fn fn, sim_describe_fn describe)
{
    for (size_t i = 0; i < cal->describer_count; i++)
        if (cal->describers[i].fn == fn) {
            cal->describers[i].describe = describe;
            return SIM_OK;
        }
    if (cal->describer_count == SIM__CAL_DESCRIBERS)
        return SIM_EFULL;
    cal->describers[cal->describer_count].fn = fn;
    cal->describers[cal->describer_count++].describe = describe;
    return SIM_OK;
}

void sim_calendar_stall_message(const sim_calendar *cal, char *out, size_t size)
{
    char owner[160] = "an undescribed event";
    for (size_t i = 0; i < cal->describer_count; i++)
        if (cal->describers[i].fn == cal->stalled.fn && cal->describers[i].describe)
            cal->describers[i].describe(cal->stalled.ctx, owner, sizeof owner);
    snprintf(out, size, "%llu events at %.3f s without time advancing, in %s",
             (unsigned long long)cal->instant_events, cal->instant_time, owner);
}

void sim_calendar_refusal_message(const sim_calendar *cal, char *out, size_t size)
{
    if (cal->refused == SIM_OK) {
        snprintf(out, size, "%s", "");
        return;
    }
    snprintf(out, size, "an event at %g s (now %.3f s): %s%s", cal->refused_at, cal->refused_now,
             sim_strerror(cal->refused),
             cal->refused == SIM_EINVAL ? ": a time must be finite and not before now" : "");
}
