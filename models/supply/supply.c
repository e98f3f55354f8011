/* The supply chain's events: vendor deliveries to the centre (one event a day per running
 * contract), shipments to offices (a FIFO per region: its lead time is constant, so they
 * arrive in the order sent), pull requests and periodic pushes. When the centre cannot serve
 * everyone, regions go first by the 2020 priority rule: the largest suket backlog first
 * (people already promised a card), ties by region order. */
#include "models/supply/supply.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/card/pipeline.h"
#include "models/supply/scenario_supply.h"

typedef struct shipment {
    double arrive_s;
    int64_t amount;
    int ends_order;                /* answers the office's pull request */
} shipment;

typedef struct supply_region {
    double lead_s;
    shipment *queue;               /* ring buffer; owned */
    size_t head, count, capacity;
    int64_t in_transit;
    int waiting;                   /* a pull request the centre could not serve yet */
} supply_region;

typedef struct contract_state {
    supply_chain *chain;
    double start_s;                /* first delivery */
    double rate_per_day;
    int64_t quantity, delivered;   /* quantity after the budget cap */
} contract_state;

struct supply_chain {
    pipeline *p;
    const scenario_supply *config;
    int64_t central, central_initial, offices_initial, procured, arrived;
    int64_t day_arrived, day_procured;
    int64_t shipped_today;         /* against transport_per_day */
    long ship_day;                 /* the day shipped_today counts */
    double stockout_days;
    supply_region *regions;
    contract_state *contracts;
    size_t *order;                 /* scratch for the priority order */
    double *daily;                 /* owned until supply_finish */
};

static supply_chain *chain_of(pipeline_region *r)
{
    return r->owner->supply;
}

static void on_arrival(sim_calendar *cal, void *ctx)
{
    (void)cal;
    pipeline_region *region = ctx;
    supply_region *sr = &chain_of(region)->regions[region->index];
    shipment s = sr->queue[sr->head];
    sr->head = (sr->head + 1) % sr->capacity;
    sr->count--;
    sr->in_transit -= s.amount;
    chain_of(region)->arrived += s.amount;
    chain_of(region)->day_arrived += s.amount;
    blank_store_receive(region, s.amount, s.ends_order);
}

/* What transport capacity leaves for today (INT64_MAX without a limit). */
static int64_t transport_left(supply_chain *c)
{
    if (c->config->transport_per_day <= 0)
        return INT64_MAX;
    long day = (long)floor(sim_calendar_now(c->p->cal) / SIM_DAY_S);
    if (day != c->ship_day) {
        c->ship_day = day;
        c->shipped_today = 0;
    }
    return c->config->transport_per_day - c->shipped_today;
}

/* Sends up to `amount` blanks from the centre to a region, as far as stock and today's
 * transport capacity allow; returns what was sent. */
static int64_t ship(supply_chain *c, size_t i, int64_t amount, int ends_order)
{
    amount = amount < c->central ? amount : c->central;
    int64_t room = transport_left(c);
    amount = amount < room ? amount : room;
    if (amount <= 0)
        return 0;
    c->shipped_today += amount;
    supply_region *sr = &c->regions[i];
    if (sr->count == sr->capacity) {
        size_t capacity = sr->capacity ? 2 * sr->capacity : 8;
        shipment *q = malloc(capacity * sizeof *q);
        if (q == NULL) {
            pipeline_mark_failed(c->p);
            return 0;
        }
        for (size_t k = 0; k < sr->count; k++)
            q[k] = sr->queue[(sr->head + k) % sr->capacity];
        free(sr->queue);
        sr->queue = q;
        sr->head = 0;
        sr->capacity = capacity;
    }
    double now = sim_calendar_now(c->p->cal);
    sr->queue[(sr->head + sr->count++) % sr->capacity] = (shipment){now + sr->lead_s, amount, ends_order};
    sr->in_transit += amount;
    c->central -= amount;
    if (sim_calendar_schedule(c->p->cal, now + sr->lead_s, on_arrival, &c->p->regions[i],
                              NULL) != SIM_OK)
        pipeline_mark_failed(c->p);
    return amount;
}

static size_t backlog_of(const supply_chain *c, size_t i)
{
    return blank_store_backlog(&c->p->regions[i].blanks);
}

/* c->order[0..n) sorted by the priority rule (insertion sort: stable, n is small per call). */
static void sort_by_priority(supply_chain *c, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        size_t x = c->order[k], j = k;
        while (j > 0 && backlog_of(c, c->order[j - 1]) < backlog_of(c, x)) {
            c->order[j] = c->order[j - 1];
            j--;
        }
        c->order[j] = x;
    }
}

static void serve_waiting(supply_chain *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->p->region_count; i++)
        if (c->regions[i].waiting)
            c->order[n++] = i;
    sort_by_priority(c, n);
    for (size_t k = 0; k < n && c->central > 0; k++) {
        size_t i = c->order[k];
        /* a region the trucks cannot reach today keeps its place for tomorrow */
        c->regions[i].waiting = ship(c, i, c->p->regions[i].blanks.config->batch, 1) == 0;
    }
}

void supply_request(supply_chain *c, pipeline_region *region)
{
    if (c->config->policy == SCENARIO_SUPPLY_PUSH) {
        blank_store_order_dropped(&region->blanks);
        return;
    }
    if (ship(c, region->index, region->blanks.config->batch, 1) == 0)
        c->regions[region->index].waiting = 1;
}

/* Vendor delivery k (1-based) brings the cumulative total to min(Q, floor(rate * k)). */
static void on_production(sim_calendar *cal, void *ctx)
{
    contract_state *k = ctx;
    supply_chain *c = k->chain;
    double now = sim_calendar_now(cal);
    double day = floor((now - k->start_s) / SIM_DAY_S + 1e-9) + 1;
    double due = floor(k->rate_per_day * day + 1e-9);
    int64_t target = due < (double)k->quantity ? (int64_t)due : k->quantity;
    int64_t amount = target - k->delivered;
    k->delivered = target;
    c->central += amount;
    c->procured += amount;
    c->day_procured += amount;
    if (k->delivered < k->quantity &&
        sim_calendar_schedule(cal, k->start_s + day * SIM_DAY_S, on_production, k, NULL) != SIM_OK)
        pipeline_mark_failed(c->p);
    if (amount > 0)
        serve_waiting(c);
}

/* Blanks a region is expected to need per day: what it has used plus who waits for a blank,
 * over the days so far; before the first day, its office's arrival rate per calendar day. */
static double forecast_per_day(const supply_chain *c, size_t i, double now)
{
    const pipeline_region *r = &c->p->regions[i];
    if (now >= SIM_DAY_S) {
        const blank_store *b = &r->blanks;
        double used = (double)blank_store_used(b) + (double)blank_store_backlog(b);
        return used / (now / SIM_DAY_S);
    }
    const scenario_recording *rec = &r->config->recording;
    unsigned mask = rec->opening_hours.always_open ? SCENARIO_ALL_DAYS
                                                   : rec->opening_hours.day_mask;
    int open_days = 0;
    for (int d = 0; d < 7; d++)
        open_days += (mask >> d) & 1u;
    return scenario_arrival_rate_per_s(rec) * scenario_open_hours_per_day(&rec->opening_hours) *
           3600.0 * open_days / 7.0;
}

/* Push: each office is topped up to forecast x (push_every_days + safety_days) plus its suket
 * backlog, counting what it holds and what is on its way. */
static void on_push(sim_calendar *cal, void *ctx)
{
    supply_chain *c = ctx;
    double now = sim_calendar_now(cal);
    size_t n = c->p->region_count;
    for (size_t i = 0; i < n; i++)
        c->order[i] = i;
    sort_by_priority(c, n);
    double horizon_days = c->config->push_every_days + c->config->safety_days;
    for (size_t k = 0; k < n && c->central > 0; k++) {
        size_t i = c->order[k];
        const blank_store *b = &c->p->regions[i].blanks;
        double target = ceil(forecast_per_day(c, i, now) * horizon_days - 1e-9) +
                        (double)blank_store_backlog(b);
        double need = target - (double)sim_stock_level(&b->stock) -
                      (double)c->regions[i].in_transit;
        if (need >= 1)
            ship(c, i, (int64_t)need, 0);
    }
    double next = now + c->config->push_every_days * SIM_DAY_S;
    if (next < c->p->horizon_s && sim_calendar_schedule(cal, next, on_push, c, NULL) != SIM_OK)
        pipeline_mark_failed(c->p);
}

/* Contracts: the yearly budget caps contracts in file order; each starts delivering at
 * signing + tender delay + delivery_start_days (from day 0 if that is in the past). */
static int start_contracts(supply_chain *c, sim_rng_streams *streams)
{
    const scenario_supply *cfg = c->config;
    int64_t start_days = c->p->s->start_date.days_since_epoch;
    for (size_t i = 0; i < cfg->contract_count; i++) {
        const scenario_contract *x = &cfg->contracts[i];
        contract_state *k = &c->contracts[i];
        int64_t used = 0;
        for (size_t j = 0; j < i; j++)
            if (cfg->contracts[j].signed_on.year == x->signed_on.year)
                used += c->contracts[j].quantity;
        k->chain = c;
        k->rate_per_day = x->rate_per_day;
        k->quantity = x->quantity;
        if (cfg->budget_per_year > 0 && used + k->quantity > cfg->budget_per_year)
            k->quantity = cfg->budget_per_year > used ? cfg->budget_per_year - used : 0;
        double delay_days = 0;
        if (x->has_tender_delay) {
            char name[48];
            snprintf(name, sizeof name, "supply.tender/%zu", i);
            gsl_rng *rng = sim_rng_streams_get(streams, name);
            if (rng == NULL)
                return -1;
            delay_days = sim_dist_sample(&x->tender_delay_days, rng);
        }
        k->start_s = ((double)(x->signed_on.days_since_epoch - start_days) + delay_days +
                      x->delivery_start_days) * SIM_DAY_S;
        double first = k->start_s > 0 ? k->start_s : 0;
        if (k->quantity > 0 &&
            sim_calendar_schedule(c->p->cal, first, on_production, k, NULL) != SIM_OK)
            return -1;
    }
    return 0;
}

supply_chain *supply_create(pipeline *p, sim_rng_streams *streams)
{
    const scenario *s = p->s;
    supply_chain *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->p = p;
    c->config = s->supply;
    c->central = c->central_initial = s->supply->central_initial;
    c->regions = calloc(p->region_count + 1, sizeof *c->regions);
    c->contracts = calloc(s->supply->contract_count + 1, sizeof *c->contracts);
    c->order = calloc(p->region_count + 1, sizeof *c->order);
    c->daily = calloc((size_t)s->horizon_days * SUPPLY_DAILY_COLUMNS, sizeof *c->daily);
    int ok = c->regions && c->contracts && c->order && c->daily;
    for (size_t i = 0; ok && i < p->region_count; i++) {
        c->regions[i].lead_s = scenario_supply_lead_days(s->supply, s->regions[i].code) * SIM_DAY_S;
        c->offices_initial += s->regions[i].blanks.initial;
    }
    ok = ok && start_contracts(c, streams) == 0;
    if (ok && s->supply->policy != SCENARIO_SUPPLY_PULL &&
        sim_calendar_schedule(p->cal, 0.0, on_push, c, NULL) != SIM_OK)
        ok = 0;
    if (!ok) {
        supply_destroy(c);
        return NULL;
    }
    return c;
}

void supply_destroy(supply_chain *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; c->regions && i < c->p->region_count; i++)
        free(c->regions[i].queue);
    free(c->regions);
    free(c->contracts);
    free(c->order);
    free(c->daily);
    free(c);
}

int64_t supply_in_transit(const supply_chain *c, size_t region)
{
    return c->regions[region].in_transit;
}

void supply_sample_day(supply_chain *c, int day)
{
    int64_t in_transit = 0;
    for (size_t i = 0; i < c->p->region_count; i++)
        in_transit += c->regions[i].in_transit;
    double *row = c->daily + (size_t)day * SUPPLY_DAILY_COLUMNS;
    row[SUPPLY_CENTRAL_STOCK] = (double)c->central;
    row[SUPPLY_IN_TRANSIT] = (double)in_transit;
    row[SUPPLY_DELIVERED] = (double)c->day_arrived;
    row[SUPPLY_PROCURED] = (double)c->day_procured;
    c->day_arrived = c->day_procured = 0;
    if (c->central == 0 && day >= c->p->s->warmup_days)
        c->stockout_days++;
    if (c->config->transport_per_day > 0) /* a new day's capacity for requests left waiting */
        serve_waiting(c);
}

/* Sign-by day: demand d = (blanks used + people waiting for one) / days run; the blanks still
 * to come = centre + in transit + offices + undelivered contracts - people waiting; the
 * centre runs dry at horizon + that / d days, so the next contract, which takes
 * next_contract_lead_days to deliver, must be signed that many days earlier. */
static double sign_by_day(const supply_chain *c, int64_t in_transit)
{
    double used = 0, held = (double)(c->central + in_transit), waiting = 0;
    for (size_t i = 0; i < c->p->region_count; i++) {
        const blank_store *b = &c->p->regions[i].blanks;
        used += (double)blank_store_used(b);
        held += (double)sim_stock_level(&b->stock);
        waiting += (double)blank_store_backlog(b);
    }
    for (size_t k = 0; k < c->config->contract_count; k++)
        held += (double)(c->contracts[k].quantity - c->contracts[k].delivered);
    double days = c->p->s->horizon_days;
    double demand = (used + waiting) / days;
    if (!(demand > 0))
        return NAN;
    return days + (held - waiting) / demand - c->config->next_contract_lead_days;
}

/* People in the suket backlogs at the horizon who have waited longer than a suket's
 * validity (6 months = 182.5 days) since they last joined the backlog. */
static double waiting_over_6_months(const supply_chain *c)
{
    double count = 0, limit_s = c->p->horizon_s - 182.5 * SIM_DAY_S;
    for (size_t i = 0; i < c->p->region_count; i++)
        count += (double)blank_store_waiting_before(&c->p->regions[i].blanks, limit_s);
    return count;
}

int supply_finish(supply_chain *c, supply_result *out)
{
    memset(out, 0, sizeof *out);
    int64_t in_transit = 0;
    for (size_t i = 0; i < c->p->region_count; i++)
        in_transit += c->regions[i].in_transit;
    out->central_initial = c->central_initial;
    out->offices_initial = c->offices_initial;
    out->procured = c->procured;
    out->central_end = c->central;
    out->in_transit_end = in_transit;
    out->arrived = c->arrived;
    out->central_stockout_days = c->stockout_days;
    out->sign_by_day = sign_by_day(c, in_transit);
    out->waiting_over_6_months = waiting_over_6_months(c);
    out->daily = c->daily;
    c->daily = NULL;
    out->region_in_transit = malloc((c->p->region_count + 1) * sizeof *out->region_in_transit);
    if (out->region_in_transit == NULL)
        return -1;
    for (size_t i = 0; i < c->p->region_count; i++)
        out->region_in_transit[i] = (double)c->regions[i].in_transit;
    return 0;
}
