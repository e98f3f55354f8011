/* The office's blank cards: a sim_stock with a reorder rule (below reorder_point, order a
 * batch from the central stock, delivered after lead_time; one order at a time) and the
 * suket backlog: people who found no blank get a suket and wait in two FIFO lines, first-
 * time holders before the others (the 2020 priority rule; everyone waiting already holds a
 * suket, so suket replacements are served in the first line's order too). Replaceable by the
 * supply-chain issue: the rest of the pipeline calls only take / wait / backlog. */
#include "models/card/pipeline.h"

#include <stdio.h>

static void place_order(pipeline_region *region);

static void release_backlog(pipeline_region *region)
{
    blank_store *b = &region->blanks;
    int64_t free_blanks = sim_stock_level(&b->stock);
    while (free_blanks-- > 0) {
        pipeline_applicant *a = pipeline_fifo_pop(&b->backlog_first);
        if (a == NULL)
            a = pipeline_fifo_pop(&b->backlog_other);
        if (a == NULL)
            break;
        if (printing_submit(&region->printing, a) != 0)
            pipeline_fail(region);
    }
}

void blank_store_receive(pipeline_region *region, int64_t amount, int ends_order)
{
    blank_store *b = &region->blanks;
    if (ends_order)
        b->order_pending = 0;
    if (amount > 0) {
        b->delivered += amount;
        if (sim_stock_put(&b->stock, amount) != SIM_OK)
            pipeline_fail(region);
    }
    release_backlog(region);
    if (sim_stock_level(&b->stock) < b->config->reorder_point && amount > 0)
        place_order(region);
}

static void on_delivery(sim_calendar *cal, void *ctx)
{
    (void)cal;
    pipeline_region *region = ctx;
    int64_t amount = region->blanks.config->batch;
    pipeline *p = region->owner;
    if (p->central_blanks >= 0) {
        amount = amount < p->central_blanks ? amount : p->central_blanks;
        p->central_blanks -= amount;
    }
    blank_store_receive(region, amount, 1);
}

static void place_order(pipeline_region *region)
{
    blank_store *b = &region->blanks;
    if (b->order_pending)
        return;
    b->order_pending = 1;
    if (region->owner->supply != NULL) { /* the supply chain replaces the simple restocking */
        supply_request(region->owner->supply, region);
        return;
    }
    double lead_s = sim_dist_sample(&b->config->lead_time, b->lead_rng);
    if (sim_calendar_schedule_in(region->owner->cal, lead_s, on_delivery, region, NULL) != SIM_OK)
        pipeline_fail(region);
}

static void on_low(sim_stock *s, void *ctx, int64_t level)
{
    (void)s;
    (void)level;
    place_order(ctx);
}

int blank_store_take(blank_store *b)
{
    int taken = sim_stock_try_take(&b->stock, 1) == 1;
    if (sim_stock_level(&b->stock) == 0)
        b->stockout_today = 1;
    return taken;
}

void blank_store_wait(blank_store *b, pipeline_applicant *a)
{
    pipeline_move(a, PLACE_BACKLOG);
    if (!a->has_suket) {
        a->has_suket = 1;
        pipeline_region *region = a->region;
        region->day_counts[DAILY_SUKET_ISSUED]++;
        if (a->measured)
            region->totals.suket_issued++;
    }
    pipeline_fifo_push(a->first_time ? &b->backlog_first : &b->backlog_other, a);
}

size_t blank_store_backlog(const blank_store *b)
{
    return b->backlog_first.count + b->backlog_other.count;
}

int blank_store_init(blank_store *b, pipeline_region *region, sim_rng_streams *streams)
{
    b->config = &region->config->blanks;
    char name[64];
    snprintf(name, sizeof name, "blanks.lead/%s", region->config->code);
    b->lead_rng = sim_rng_streams_get(streams, name);
    b->delivered = b->config->initial;
    int id = 0;
    if (b->lead_rng == NULL ||
        sim_stock_init(&b->stock, region->owner->cal, b->config->initial) != SIM_OK ||
        sim_stock_watch(&b->stock, b->config->reorder_point, on_low, region, &id) != SIM_OK)
        return -1;
    if (b->config->initial < b->config->reorder_point)
        place_order(region);
    b->stockout_today = b->config->initial == 0;
    return 0;
}

void blank_store_fini(blank_store *b)
{
    sim_stock_fini(&b->stock);
}
