/* IKD adoption, a day at a time per region, with activation visits as events.
 *
 * Counts, not people: a region's eligible, capable, adopted and pending (decided, not yet
 * active) people are integers per target group, and people planning an office visit or a
 * remote attempt are counts per day. Only the visits admitted on a day become events (an
 * arrival in the opening hours and a desk service), so memory and events grow with the
 * offices' capacity, not with the population. Each morning, per region:
 *   1. yesterday's newly eligible (first-time applicants given a NIK) join the groups;
 *   2. Bass diffusion: n ~ Binomial(capable - adopted - pending, 1 - exp(-h / 365.25)) of
 *      each open group decide, h = innovation + imitation x adopted / capable-in-open-groups;
 *      each plans a remote attempt (remote_share, once the remote path exists) or a visit
 *      after visit_delay_days;
 *   3. today's remote attempts succeed or fail (Binomial);
 *   4. today's planned visitors are admitted up to the desks' capacity for the day; the rest
 *      are turned away to the next day. Admitted visitors arrive uniformly in the opening
 *      hours and queue for a desk; a finished attempt fails when the link is down or with
 *      failure_share, and a failed person retries (retry_share) or gives up. */
#include "models/ikd/ikd_adoption.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>

#include "models/card/pipeline.h"
#include "models/ikd/scenario_ikd.h"

typedef struct ikd_adoption_region ikd_adoption_region;

typedef struct group_state {
    ikd_adoption_region *region;
    size_t index;
    int64_t eligible, capable, adopted, pending;
    uint32_t *office_plan, *remote_plan; /* per day; entry horizon_days: after the horizon */
} group_state;

struct ikd_adoption_region {
    ikd_adoption *owner;
    pipeline_region *pr;
    const scenario_region_ikd *cfg;
    double capable_p;
    group_state groups[SCENARIO_IKD_MAX_GROUPS];
    sim_resource desks;
    gsl_rng *adopt_rng, *visit_rng, *track_rng;
    int64_t new_eligible;
    ikd_adoption_totals t;
};

struct ikd_adoption {
    pipeline *p;
    const scenario_ikd *ikd;
    size_t group_count;
    int horizon;
    double mean_activation_s;
    ikd_adoption_region *regions;
    int error;
};

static int64_t region_adopted(const ikd_adoption_region *r)
{
    int64_t a = 0;
    for (size_t g = 0; g < r->owner->group_count; g++)
        a += r->groups[g].adopted;
    return a;
}

static int64_t region_eligible(const ikd_adoption_region *r)
{
    int64_t e = 0;
    for (size_t g = 0; g < r->owner->group_count; g++)
        e += r->groups[g].eligible;
    return e;
}

static uint32_t *plan_slot(uint32_t *plan, const ikd_adoption *d, int64_t day)
{
    return &plan[day < d->horizon ? day : d->horizon];
}

/* Days from a draw of a "days" distribution: whole days, at least `at_least`. */
static int64_t days_of(const sim_dist *dist, gsl_rng *rng, int at_least)
{
    double x = floor(sim_dist_sample(dist, rng));
    if (!(x >= at_least))
        x = at_least;
    return x > 1e6 ? 1000000 : (int64_t)x;
}

/* Splits n people over the groups by their shares and the capable among them. */
static void add_eligible(ikd_adoption_region *r, int64_t n)
{
    ikd_adoption *d = r->owner;
    double left_share = 1;
    for (size_t g = 0; g < d->group_count && n > 0; g++) {
        double share = d->ikd->groups[g].share;
        int64_t k = g + 1 == d->group_count || share >= left_share
                        ? n
                        : (int64_t)gsl_ran_binomial(r->adopt_rng, share / left_share, (unsigned)n);
        left_share -= share;
        n -= k;
        r->groups[g].eligible += k;
        r->groups[g].capable += k ? gsl_ran_binomial(r->adopt_rng, r->capable_p, (unsigned)k) : 0;
    }
}

static void activated(group_state *g, unsigned n)
{
    g->adopted += n;
    g->pending -= n;
    g->region->t.activations += n;
}

/* A failed attempt: the person comes back on a later day (by the same path) or gives up. */
static void failed(group_state *g, uint32_t *plan, int64_t day)
{
    ikd_adoption_region *r = g->region;
    ikd_adoption *d = r->owner;
    r->t.failed_attempts++;
    if (gsl_rng_uniform(r->visit_rng) < d->ikd->retry_share) {
        (*plan_slot(plan, d, day + days_of(&d->ikd->retry_after_days, r->visit_rng, 1)))++;
    } else {
        g->pending--;
        r->t.gave_up++;
    }
}

static void on_activation_done(sim_resource *res, void *ctx)
{
    (void)res;
    group_state *g = ctx;
    ikd_adoption_region *r = g->region;
    ikd_adoption *d = r->owner;
    double now = sim_calendar_now(d->p->cal);
    int64_t day = (int64_t)floor(now / SIM_DAY_S);
    r->t.office_visits++;
    if (!network_link_is_up(&r->pr->link, now)) {
        r->t.link_failures++;
        failed(g, g->office_plan, day);
    } else if (gsl_rng_uniform(r->visit_rng) < d->ikd->failure_share) {
        failed(g, g->office_plan, day);
    } else {
        activated(g, 1);
    }
}

static void on_visit(sim_calendar *cal, void *ctx)
{
    (void)cal;
    group_state *g = ctx;
    ikd_adoption_region *r = g->region;
    double service = sim_dist_sample(&r->owner->ikd->activation_time, r->visit_rng);
    if (sim_resource_serve(&r->desks, g, service > 0 ? service : 0, on_activation_done) != SIM_OK)
        r->owner->error = SIM_ENOMEM;
}

/* Step 2: today's deciders of each open group, and where they go. */
static void decide(ikd_adoption_region *r, int64_t day, int64_t date)
{
    ikd_adoption *d = r->owner;
    const scenario_ikd *ikd = d->ikd;
    int open[SCENARIO_IKD_MAX_GROUPS];
    int64_t market = 0;
    for (size_t g = 0; g < d->group_count; g++) {
        open[g] = scenario_ikd_group_open(ikd, g, r->pr->config->code, date);
        market += open[g] ? r->groups[g].capable : 0;
    }
    if (market == 0)
        return;
    if (r->t.first_open_day < 0)
        r->t.first_open_day = (double)day;
    double word_of_mouth = (double)region_adopted(r) / (double)market;
    int remote = ikd->has_remote && date >= ikd->remote_from.days_since_epoch;
    for (size_t k = 0; k < d->group_count; k++) {
        group_state *g = &r->groups[k];
        int64_t undecided = g->capable - g->adopted - g->pending;
        if (!open[k] || undecided <= 0)
            continue;
        double h = (ikd->groups[k].innovation + ikd->groups[k].imitation * word_of_mouth) / 365.25;
        int64_t n = gsl_ran_binomial(r->adopt_rng, -expm1(-h), (unsigned)undecided);
        g->pending += n;
        int64_t by_remote = remote && n > 0 ? gsl_ran_binomial(r->adopt_rng, ikd->remote_share,
                                                                (unsigned)n) : 0;
        *plan_slot(g->remote_plan, d, day) += (uint32_t)by_remote;
        for (int64_t i = by_remote; i < n; i++)
            (*plan_slot(g->office_plan, d, day + days_of(&ikd->visit_delay_days,
                                                          r->visit_rng, 0)))++;
    }
}

/* Step 3: today's remote attempts. */
static void remote_attempts(ikd_adoption_region *r, int64_t day)
{
    ikd_adoption *d = r->owner;
    for (size_t k = 0; k < d->group_count; k++) {
        group_state *g = &r->groups[k];
        uint32_t n = g->remote_plan[day];
        g->remote_plan[day] = 0;
        unsigned ok = n ? gsl_ran_binomial(r->adopt_rng, 1 - d->ikd->remote_failure_share, n) : 0;
        activated(g, ok);
        r->t.remote_activations += ok;
        for (uint32_t i = ok; i < n; i++)
            failed(g, g->remote_plan, day);
    }
}

/* Step 4: admits today's visitors up to the desks' capacity; the rest come back tomorrow. */
static void admit_visitors(ikd_adoption_region *r, int64_t day)
{
    ikd_adoption *d = r->owner;
    double t0 = day * SIM_DAY_S, t1 = t0 + SIM_DAY_S;
    double open_s = sim_schedule_open_seconds(&r->pr->hours, t0, t1);
    double capacity = r->cfg->desks > 0 ? floor(r->cfg->desks * open_s / d->mean_activation_s) : 0;
    double room = capacity - (double)sim_resource_waiting(&r->desks);
    uint64_t wanting = 0;
    for (size_t k = 0; k < d->group_count; k++)
        wanting += r->groups[k].office_plan[day];
    uint64_t admit = room <= 0 ? 0 : wanting < room ? wanting : (uint64_t)room;
    double first = sim_schedule_next_open(&r->pr->hours, t0);
    double close = first < t1 ? sim_schedule_next_close(&r->pr->hours, first) : t1;
    if (close > t1)
        close = t1;
    for (size_t k = 0; k < d->group_count; k++) {
        group_state *g = &r->groups[k];
        uint32_t n = g->office_plan[day];
        g->office_plan[day] = 0;
        wanting -= n; /* now: those of later groups */
        unsigned in = admit == 0 ? 0
                      : wanting == 0 ? (unsigned)admit
                      : gsl_ran_hypergeometric(r->visit_rng, n, (unsigned)wanting, (unsigned)admit);
        if (in > n)
            in = n;
        admit -= in;
        if (open_s > 0)
            r->t.turned_away += n - in;
        *plan_slot(g->office_plan, d, day + 1) += n - in;
        for (unsigned i = 0; i < in; i++) {
            double at = first + gsl_rng_uniform(r->visit_rng) * (close - first);
            if (sim_calendar_schedule(d->p->cal, at, on_visit, g, NULL) != SIM_OK)
                d->error = SIM_ENOMEM;
        }
    }
}

static void on_morning(sim_calendar *cal, void *ctx)
{
    ikd_adoption *d = ctx;
    int64_t day = (int64_t)llround(sim_calendar_now(cal) / SIM_DAY_S);
    int64_t date = d->p->s->start_date.days_since_epoch + day;
    for (size_t i = 0; i < d->p->region_count; i++) {
        ikd_adoption_region *r = &d->regions[i];
        add_eligible(r, r->new_eligible);
        r->new_eligible = 0;
        decide(r, day, date);
        remote_attempts(r, day);
        admit_visitors(r, day);
    }
    if (day + 1 < d->horizon &&
        sim_calendar_schedule(cal, (double)(day + 1) * SIM_DAY_S, on_morning, d, NULL) != SIM_OK)
        d->error = SIM_ENOMEM;
}

static int region_init(ikd_adoption *d, size_t i, sim_rng_streams *streams)
{
    ikd_adoption_region *r = &d->regions[i];
    r->owner = d;
    r->pr = &d->p->regions[i];
    r->cfg = &r->pr->config->ikd;
    r->t.first_open_day = -1;
    r->capable_p = r->cfg->phone_share * r->cfg->connectivity_share * r->cfg->literacy_share;
    const char *code = r->pr->config->code;
    char name[64];
    snprintf(name, sizeof name, "ikd.adopt/%s", code);
    r->adopt_rng = sim_rng_streams_get(streams, name);
    snprintf(name, sizeof name, "ikd.visit/%s", code);
    r->visit_rng = sim_rng_streams_get(streams, name);
    snprintf(name, sizeof name, "ikd.track/%s", code);
    r->track_rng = sim_rng_streams_get(streams, name);
    if (!r->adopt_rng || !r->visit_rng || !r->track_rng)
        return -1;
    for (size_t k = 0; k < d->group_count; k++) {
        group_state *g = &r->groups[k];
        g->region = r;
        g->index = k;
        g->office_plan = calloc((size_t)d->horizon + 1, sizeof *g->office_plan);
        g->remote_plan = calloc((size_t)d->horizon + 1, sizeof *g->remote_plan);
        if (g->office_plan == NULL || g->remote_plan == NULL)
            return -1;
    }
    if (sim_resource_init(&r->desks, d->p->cal, r->cfg->desks > 0 ? r->cfg->desks : 1) != SIM_OK ||
        sim_resource_follow_schedule(&r->desks, &r->pr->hours) != SIM_OK)
        return -1;
    add_eligible(r, (int64_t)llround(r->cfg->eligible));
    return 0;
}

ikd_adoption *ikd_adoption_create(pipeline *p, sim_rng_streams *streams)
{
    ikd_adoption *d = calloc(1, sizeof *d);
    if (d == NULL)
        return NULL;
    d->p = p;
    d->ikd = p->s->ikd;
    d->group_count = d->ikd->group_count;
    d->horizon = p->s->horizon_days;
    d->mean_activation_s = sim_dist_mean(&d->ikd->activation_time);
    if (!(d->mean_activation_s > 0))
        d->mean_activation_s = 1;
    d->regions = calloc(p->region_count, sizeof *d->regions);
    int ok = d->regions != NULL;
    for (size_t i = 0; ok && i < p->region_count; i++)
        ok = region_init(d, i, streams) == 0;
    if (ok && sim_calendar_schedule(p->cal, 0.0, on_morning, d, NULL) != SIM_OK)
        ok = 0;
    if (!ok) {
        ikd_adoption_destroy(d);
        return NULL;
    }
    return d;
}

void ikd_adoption_destroy(ikd_adoption *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; d->regions != NULL && i < d->p->region_count; i++) {
        ikd_adoption_region *r = &d->regions[i];
        for (size_t k = 0; k < d->group_count; k++) {
            free(r->groups[k].office_plan);
            free(r->groups[k].remote_plan);
        }
        if (r->adopt_rng != NULL)
            sim_resource_fini(&r->desks);
    }
    free(d->regions);
    free(d);
}

void ikd_adoption_new_eligible(ikd_adoption *d, size_t region)
{
    d->regions[region].new_eligible++;
}

int ikd_adoption_ikd_only(ikd_adoption *d, size_t region, int measured)
{
    ikd_adoption_region *r = &d->regions[region];
    int64_t eligible = region_eligible(r);
    double holds = eligible > 0 ? (double)region_adopted(r) / (double)eligible : 0;
    if (!(gsl_rng_uniform(r->track_rng) < holds * (1 - d->ikd->physical_card_share)))
        return 0;
    r->t.ikd_only++;
    r->t.blanks_saved += measured != 0;
    return 1;
}

int64_t ikd_adoption_active(const ikd_adoption *d, size_t region)
{
    return region_adopted(&d->regions[region]);
}

int64_t ikd_adoption_eligible(const ikd_adoption *d, size_t region)
{
    return region_eligible(&d->regions[region]);
}

void ikd_adoption_totals_of(const ikd_adoption *d, size_t region, ikd_adoption_totals *out)
{
    const ikd_adoption_region *r = &d->regions[region];
    *out = r->t;
    out->eligible_end = (double)region_eligible(r);
    out->active_end = (double)region_adopted(r);
    out->capable_end = out->pending_end = 0;
    for (size_t k = 0; k < d->group_count; k++) {
        out->capable_end += (double)r->groups[k].capable;
        out->pending_end += (double)r->groups[k].pending;
    }
    double elapsed = sim_calendar_now(d->p->cal);
    out->desk_busy_s = r->cfg->desks > 0 ? sim_resource_mean_busy(&r->desks) * elapsed : 0;
    out->desk_open_s = sim_resource_open_seconds(&r->desks) * r->cfg->desks;
}

int ikd_adoption_error(const ikd_adoption *d)
{
    int error = d->error;
    for (size_t i = 0; error == SIM_OK && i < d->p->region_count; i++)
        error = sim_resource_error(&d->regions[i].desks);
    return error;
}
