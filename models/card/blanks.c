/* The office's blank cards: a sim_stock with a reorder rule (below reorder_point, order a
 * batch from the central stock, delivered after lead_time; one order at a time) and the
 * suket backlog: people who found no blank get a suket and wait in two FIFO lines, first-
 * time holders before the others (the 2020 priority rule; everyone waiting already holds a
 * suket, so suket replacements are served in the first line's order too). Replaceable by the
 * supply-chain issue: the rest of the pipeline calls only take / wait / backlog. This file
 * owns every counter of the blank store and the backlog lines: other modules change them only
 * through the functions below. */
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
        b->release(a);
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
    int64_t amount = pipeline_central_take(region->owner, region->blanks.config->batch);
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
    b->in_printers += taken;
    return taken;
}

void blank_store_attempt_done(blank_store *b, int spoiled)
{
    b->in_printers--;
    if (spoiled)
        b->spoiled++;
    else
        b->printed++;
}

void blank_store_order_dropped(blank_store *b)
{
    b->order_pending = 0;
}

int blank_store_end_day(blank_store *b, uint64_t *suket_issued)
{
    int64_t level = sim_stock_level(&b->stock);
    int stockout = b->stockout_today || level == 0;
    b->stockout_today = level == 0;
    *suket_issued = b->suket_issued_today;
    b->suket_issued_today = 0;
    return stockout;
}

size_t blank_store_waiting_before(const blank_store *b, double since_s)
{
    size_t count = 0;
    const pipeline_fifo *lines[2] = {&b->backlog_first, &b->backlog_other};
    for (int k = 0; k < 2; k++)
        for (const pipeline_applicant *a = lines[k]->head; a != NULL; a = a->next)
            count += a->entered_s < since_s;
    return count;
}

void blank_store_wait(blank_store *b, pipeline_applicant *a)
{
    pipeline_move(a, PLACE_BACKLOG);
    if (!a->has_suket) {
        a->has_suket = 1;
        b->suket_issued_today++;
        b->suket_issued_measured += a->measured;
    }
    pipeline_fifo_push(a->first_time ? &b->backlog_first : &b->backlog_other, a);
}

int64_t blank_store_used(const blank_store *b)
{
    return b->printed + b->spoiled + b->in_printers;
}

size_t blank_store_backlog(const blank_store *b)
{
    return b->backlog_first.count + b->backlog_other.count;
}

int blank_store_init(blank_store *b, pipeline_region *region, sim_rng_streams *streams,
                     pipeline_exit release)
{
    b->config = &region->config->blanks;
    b->release = release;
    b->lead_rng = pipeline_stream(streams, "blanks.lead", region);
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
