/* One replication on its own, reduced to a summary: for paired comparisons (ktpsim compare)
 * that need each replication's metric values, with the same streams as in run_scenario. */
#include "models/run/run_slots.h"

#include <stdio.h>
#include <string.h>

int run__reduce_one(const scenario *s, const run_options *options,
                    const replication_slot *slot, int replication, summary *out, char *why,
                    size_t why_size)
{
    memset(out, 0, sizeof *out);
    snprintf(out->scenario_name, sizeof out->scenario_name, "%s", s->name);
    out->seed = options->seed;
    out->replications = 1;
    out->horizon_days = s->horizon_days;
    out->warmup_days = s->warmup_days;
    run_check_invariants(s, slot, 1, out);
    if (run_reduce(s, slot, 1, out) != 0) {
        snprintf(why, why_size, "replication %d failed: out of memory", replication);
        return -1;
    }
    return 0;
}

int run_one_replication(const scenario *s, const run_options *options, int replication,
                        summary *out, char *why, size_t why_size)
{
    replication_slot slot;
    memset(&slot, 0, sizeof slot);
    int status = run_replication_into(s, options, replication, &slot);
    if (status == 0) {
        status = run__reduce_one(s, options, &slot, replication, out, why, why_size);
    } else {
        memset(out, 0, sizeof *out);
        snprintf(why, why_size, "replication %d failed: out of memory", replication);
    }
    replication_slot_fini(&slot);
    return status;
}
