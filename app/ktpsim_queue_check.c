/* `ktpsim run` on a scenario whose recording office is exactly an M/M/c queue (such as
 * scenarios/examples/mmc-24x7.json): says that the run is about the recording queue and
 * checks its mean wait against Erlang C, since the card columns are beside the point there. */
#include <math.h>
#include <stdio.h>

#include "app/ktpsim_cmds.h"
#include "models/run/summary.h"
#include "sim/queueing.h"

/* Poisson arrivals at a constant rate around the clock, exponential captures, no breakdowns,
 * no operator limit, nobody recorded twice and nothing else using the stations. */
int ktpsim_is_mmc_office(const scenario *s, const scenario_region *r)
{
    const scenario_recording *rec = &r->recording;
    if (!rec->opening_hours.always_open || rec->arrivals.campaign_count > 0 ||
        rec->capture_time.kind != SIM_DIST_EXP || rec->has_kit_failures ||
        (rec->operators != 0 && rec->operators < rec->stations) || r->outreach.teams > 0 ||
        r->power.has_cuts || s->abis.enrol_failure_share != 0)
        return 0;
    for (int d = 0; d < 7; d++)
        if (rec->arrivals.weekday_factor[d] != 1)
            return 0;
    return 1;
}

void ktpsim_print_queue_check(const scenario *s, const summary *result)
{
    for (size_t i = 0; i < s->region_count && i < result->region_count; i++) {
        const scenario_region *r = &s->regions[i];
        if (!ktpsim_is_mmc_office(s, r))
            continue;
        sim_mmc q;
        double lambda = scenario_arrival_rate_per_s(&r->recording);
        double mu = 1 / r->recording.capture_time.param[0];
        if (sim_queueing_mmc(r->recording.stations, lambda, mu, &q) != 0) {
            printf("%s: the recording office is an M/M/%d queue at utilisation %.2f: unstable, "
                   "Erlang C has no steady state\n", r->code, r->recording.stations,
                   lambda / (mu * r->recording.stations));
            continue;
        }
        const summary_metric *wait = summary_block_find(&result->regions[i], "recording_wait_s");
        printf("%s: this scenario checks the recording queue, an exact M/M/%d queue at "
               "utilisation %.2f (the card columns above are beside the point)\n", r->code,
               r->recording.stations, q.utilisation);
        if (wait == NULL || !isfinite(wait->mean))
            continue;
        if (isfinite(wait->ci_low)) {
            int inside = q.mean_wait_s >= wait->ci_low && q.mean_wait_s <= wait->ci_high;
            printf("  mean wait before recording: Erlang C %.1f s, simulated %.1f s [%.1f, %.1f]:"
                   " %s\n", q.mean_wait_s, wait->mean, wait->ci_low, wait->ci_high,
                   inside ? "agrees (Erlang C inside the 95% interval)"
                          : "DIFFERS (Erlang C outside the 95% interval)");
        } else {
            printf("  mean wait before recording: Erlang C %.1f s, simulated %.1f s (one "
                   "replication: no interval)\n", q.mean_wait_s, wait->mean);
        }
    }
}
