/* Stall detection's naming half: which component's event kept time from advancing. The
 * counting half is in sim_calendar_step (calendar.c), on the hot path. */
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
