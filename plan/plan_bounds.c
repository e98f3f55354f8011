/* Queueing bounds on a plan's variables (docs/plan.md, "Bounds"): for a one-hour target, a
 * stage with fewer servers than its offered load cannot keep up, its line grows through the
 * day and the target is out of reach, so those levels are never simulated. Applied to
 * recording stations and operators, printers and an online link's bandwidth.
 * A seed, not a bound: the M/M/c count at which P(wait + capture <= 1 h) reaches the target
 * is where the search for stations and operators looks first. It only orders the search (an
 * office that opens with an empty line each day does better than the steady state, so the
 * formula may not rule anything out). */
#include "plan/plan_read.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plan/queueing.h"

/* The highest threshold of the "at least >= 0.5" targets on the one-hour share that cover
 * region r, or 0 when there is none. */
static double one_hour_target(const plan *p, int region)
{
    double highest = 0;
    for (size_t i = 0; i < p->target_count; i++) {
        const plan_target *t = &p->targets[i];
        if (t->at_least && t->threshold >= 0.5 && (t->region < 0 || t->region == region) &&
            strcmp(t->metric, "cards_within_1h_share") == 0 && t->threshold > highest)
            highest = t->threshold;
    }
    return highest;
}

static int ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), k = strlen(suffix);
    return n >= k && strcmp(text + n - k, suffix) == 0;
}

/* The first level of v at or above `value`, or v->level_count. */
static size_t level_at_least(const plan_variable *v, double value)
{
    size_t l = 0;
    while (l < v->level_count && v->levels[l].value->valuedouble < value)
        l++;
    return l;
}

/* Stations and operators: the least M/M/c server count meeting the target share, as a seed. */
static void seed_recording(const plan *p, plan_variable *v, double share)
{
    const scenario_region *r = &p->base->regions[v->region];
    if (!ends_with(v->pointer, "/recording/stations") &&
        !ends_with(v->pointer, "/recording/operators"))
        return;
    int servers = plan_mmc_min_servers(scenario_arrival_rate_per_s(&r->recording),
                                       sim_dist_mean(&r->recording.capture_time), 3600.0, share);
    size_t l = servers > 0 ? level_at_least(v, servers) : v->level_count;
    if (l < v->level_count && l >= v->first_level) {
        v->has_seed = 1;
        v->seed_level = l;
    }
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
        double share = v->region < 0 || (size_t)v->region >= p->base->region_count
                           ? 0 : one_hour_target(p, v->region);
        if (share == 0 || !cJSON_IsNumber(v->levels[0].value))
            continue;
        char why[128];
        double lowest = lowest_value(p, v, why, sizeof why);
        if (isnan(lowest))
            continue;
        size_t l = level_at_least(v, lowest);
        v->first_level = l;
        if (l > 0)
            snprintf(v->bound_note, sizeof v->bound_note, "below %g: %s", lowest, why);
        seed_recording(p, v, share);
    }
}
