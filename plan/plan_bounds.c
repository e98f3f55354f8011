/* Queueing bounds on a plan's variables (docs/plan.md, "Bounds"): for a one-hour target, a
 * stage with fewer servers than its offered load cannot keep up, its line grows through the
 * day and the target is out of reach, so those levels are never simulated. Applied to
 * recording stations and operators, printers and an online link's bandwidth. */
#include "plan/plan_read.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plan/queueing.h"

/* Whether some "at least >= 0.5" target on the one-hour share covers region r. */
static int has_one_hour_target(const plan *p, int region)
{
    for (size_t i = 0; i < p->target_count; i++) {
        const plan_target *t = &p->targets[i];
        if (t->at_least && t->threshold >= 0.5 && (t->region < 0 || t->region == region) &&
            strcmp(t->metric, "cards_within_1h_share") == 0)
            return 1;
    }
    return 0;
}

static int ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), k = strlen(suffix);
    return n >= k && strcmp(text + n - k, suffix) == 0;
}

/* The smallest value the variable may take, and why; NAN when no bound applies. */
static double lowest_value(const plan *p, const plan_variable *v, char *why, size_t size)
{
    const scenario_region *r = &p->base->regions[v->region];
    double arrivals_per_s = scenario_arrival_rate_per_s(&r->recording);
    double capture_s = sim_dist_mean(&r->recording.capture_time);
    if (ends_with(v->pointer, "/recording/stations") ||
        ends_with(v->pointer, "/recording/operators")) {
        double load = arrivals_per_s * capture_s;
        snprintf(why, size, "recording offered load %.3f Erlangs (%.2f arrivals an open hour x "
                 "%.0f s a capture)", load, arrivals_per_s * 3600, capture_s);
        return plan_min_stable_servers(load);
    }
    if (ends_with(v->pointer, "/printing/printers")) {
        double load = arrivals_per_s * p->base->abis.print_ready_share *
                      sim_dist_mean(&r->printing.print_time);
        snprintf(why, size, "printing offered load %.3f Erlangs", load);
        return plan_min_stable_servers(load);
    }
    if (ends_with(v->pointer, "/network/bandwidth_kbps") &&
        r->network.mode == SCENARIO_LINK_ONLINE) {
        double kbps = arrivals_per_s * sim_dist_mean(&r->network.record_size_mb) * 8000.0;
        snprintf(why, size, "upload volume %.1f kbit/s while open", kbps);
        return kbps;
    }
    return NAN;
}

void plan__apply_bounds(plan *p)
{
    for (size_t i = 0; p->use_bounds && i < p->variable_count; i++) {
        plan_variable *v = &p->variables[i];
        if (v->region < 0 || (size_t)v->region >= p->base->region_count ||
            !has_one_hour_target(p, v->region) || !cJSON_IsNumber(v->levels[0].value))
            continue;
        char why[128];
        double lowest = lowest_value(p, v, why, sizeof why);
        if (isnan(lowest))
            continue;
        size_t l = 0;
        while (l < v->level_count && v->levels[l].value->valuedouble < lowest)
            l++;
        v->first_level = l;
        if (l > 0)
            snprintf(v->bound_note, sizeof v->bound_note, "below %g: %s", lowest, why);
    }
}
