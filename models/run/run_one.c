/* One replication on its own, reduced to a summary: for paired comparisons (ktpsim compare)
 * that need each replication's metric values, with the same streams as in run_scenario. */
#include "models/run/run_slots.h"

#include <stdio.h>
#include <string.h>

int run_one_replication(const scenario *s, const run_options *options, int replication,
                        summary *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    snprintf(out->scenario_name, sizeof out->scenario_name, "%s", s->name);
    out->seed = options->seed;
    out->replications = 1;
    out->horizon_days = s->horizon_days;
    out->warmup_days = s->warmup_days;
    replication_slot slot;
    memset(&slot, 0, sizeof slot);
    int status = run_replication_into(s, options, replication, &slot);
    if (status == 0) {
        run_check_invariants(s, &slot, 1, out);
        status = run_reduce(s, &slot, 1, out);
    }
    if (status != 0)
        snprintf(why, why_size, "replication %d failed: out of memory", replication);
    replication_slot_fini(&slot);
    return status;
}
