/* Building, sampling and finishing a replication's pipeline: the regions' offices and
 * stages, the shared ABIS, the end-of-day sampling for daily.csv and the end-of-run totals
 * and balances for the invariants. */
#include "models/card/pipeline_run.h"
#include "models/abis/abis_embedded.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sample_region(pipeline_region *r, int day)
{
    pipeline *p = r->owner;
    double *row = r->daily + (size_t)day * DAILY_COLUMNS;
    uint64_t arrived, recorded, in_recording;
    recording_office_progress(r->office, &arrived, &recorded, &in_recording);
    arrived += r->outreach.met;
    recorded += r->outreach.returned;
    in_recording += (uint64_t)r->outreach.pending;
    int64_t level = sim_stock_level(&r->blanks.stock);
    uint64_t suket_issued;
    int stockout = blank_store_end_day(&r->blanks, &suket_issued);
    row[DAILY_ARRIVALS] = (double)(arrived - r->last_arrived);
    row[DAILY_RECORDED] = (double)(recorded - r->last_recorded);
    row[DAILY_Q_RECORDING] = (double)in_recording;
    row[DAILY_Q_UPLOAD] = (double)(r->in_place[PLACE_UPLOAD] + r->in_place[PLACE_DOWNLOAD]);
    row[DAILY_Q_DEDUP] = (double)r->in_place[PLACE_DEDUP];
    row[DAILY_Q_REVIEW] = (double)r->in_place[PLACE_REVIEW];
    row[DAILY_Q_PRINT] = (double)r->in_place[PLACE_PRINT];
    row[DAILY_PRINTED] = (double)r->day_counts[DAILY_PRINTED];
    row[DAILY_BLANK_STOCK] = (double)level;
    row[DAILY_STOCKOUT] = stockout;
    row[DAILY_SUKET_ISSUED] = (double)suket_issued;
    row[DAILY_SUKET_BACKLOG] = (double)blank_store_backlog(&r->blanks);
    row[DAILY_IKD_ACTIVE] = p->ikd ? (double)ikd_adoption_active(p->ikd, r->index) : 0;
    row[DAILY_IKD_ELIGIBLE] = p->ikd ? (double)ikd_adoption_eligible(p->ikd, r->index) : 0;
    if (stockout && day >= p->s->warmup_days)
        r->totals.blank_stockout_days++;
    r->last_arrived = arrived;
    r->last_recorded = recorded;
    memset(r->day_counts, 0, sizeof r->day_counts);
}

static void on_day_end(sim_calendar *cal, void *ctx)
{
    pipeline *p = ctx;
    int day = (int)lround(sim_calendar_now(cal) / SIM_DAY_S) - 1;
    for (size_t i = 0; i < p->region_count; i++)
        sample_region(&p->regions[i], day);
    if (p->supply != NULL)
        supply_sample_day(p->supply, day);
    if (day + 1 < p->s->horizon_days &&
        sim_calendar_schedule(cal, (day + 2) * SIM_DAY_S, on_day_end, p, NULL) != SIM_OK)
        p->failed = 1;
}

static void on_warmup_end(sim_calendar *cal, void *ctx)
{
    (void)cal;
    pipeline *p = ctx;
    p->abis->ops->reset_stats(p->abis);
    for (size_t i = 0; i < p->region_count; i++) {
        sim_resource_reset_stats(&p->regions[i].link.line);
        sim_resource_reset_stats(&p->regions[i].printing.printers);
    }
}

static int region_init(pipeline *p, size_t i, sim_rng_streams *streams)
{
    pipeline_region *r = &p->regions[i];
    r->owner = p;
    r->index = i;
    r->config = &p->s->regions[i];
    r->daily = calloc((size_t)p->s->horizon_days * DAILY_COLUMNS, sizeof *r->daily);
    r->collect_rng = pipeline_stream(streams, "pipeline.collect", r);
    r->first_time_rng = pipeline_stream(streams, "pipeline.first_time", r);
    /* Its own stream, made only when used: scenarios without reprints keep their draws. */
    if (r->config->recording.reprint_share > 0 &&
        (r->reprint_rng = pipeline_stream(streams, "pipeline.reprint", r)) == NULL)
        return -1;
    if (r->daily == NULL || r->collect_rng == NULL ||
        r->first_time_rng == NULL || pipeline_hist_init(&r->totals.ttc, p->s->horizon_days) ||
        pipeline_hist_init(&r->totals.in_hand, p->s->horizon_days) ||
        pipeline_hist_init(&r->totals.rec_wait, p->s->horizon_days) ||
        recording_build_hours(p->s, &r->config->recording, &r->hours) != 0)
        return -1;
    r->office = recording_office_create(p->s, i, p->cal, streams);
    if (r->office == NULL)
        return -1;
    recording_office_set_hook(r->office, pipeline_on_recorded, r);
    recording_office_set_again_hook(r->office, pipeline_recorded_again, r);
    if (r->config->power.has_cuts) {
        gsl_rng *power_rng = pipeline_stream(streams, "pipeline.power", r);
        if (power_rng == NULL ||
            outage_timeline_init(&r->power, &r->config->power.time_between_cuts,
                                 &r->config->power.cut_duration, power_rng) != 0)
            return -1;
        recording_office_set_power(r->office, &r->power);
    }
    if (network_link_init(&r->link, r, streams, pipeline_after_link) != 0 ||
        printing_office_init(&r->printing, r, streams, pipeline_printed) != 0 ||
        blank_store_init(&r->blanks, r, streams, pipeline_after_backlog) != 0 ||
        outreach_init(&r->outreach, r, streams, pipeline_on_recorded) != 0)
        return -1;
    return 0;
}

static void on_abis_done(void *owner, void *record, abis_outcome outcome);

pipeline *pipeline_create(const scenario *s, sim_calendar *cal, sim_rng_streams *streams)
{
    pipeline *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->s = s;
    p->cal = cal;
    p->horizon_s = s->horizon_days * SIM_DAY_S;
    p->measure_from_s = s->warmup_days * SIM_DAY_S;
    p->central_blanks = s->central_blanks;
    p->region_count = s->region_count;
    p->regions = calloc(s->region_count, sizeof *p->regions);
    p->abis = s->abis.embedded ? abis_embedded_create(s, cal, streams, on_abis_done, p)
                               : abis_model_create(s, cal, streams, on_abis_done, p);
    int ok = p->regions != NULL && p->abis != NULL;
    if (ok && s->supply != NULL) /* before the offices: their blank stores may order at once */
        ok = (p->supply = supply_create(p, streams)) != NULL;
    for (size_t i = 0; ok && i < s->region_count; i++)
        ok = region_init(p, i, streams) == 0;
    if (ok && s->ikd != NULL) /* after the offices: it uses their hours and links */
        ok = (p->ikd = ikd_adoption_create(p, streams)) != NULL;
    if (ok && sim_calendar_schedule(cal, SIM_DAY_S, on_day_end, p, NULL) != SIM_OK)
        ok = 0;
    if (ok && p->measure_from_s > 0 &&
        sim_calendar_schedule(cal, p->measure_from_s, on_warmup_end, p, NULL) != SIM_OK)
        ok = 0;
    if (!ok || p->failed) {
        pipeline_destroy(p);
        return NULL;
    }
    return p;
}

static void on_abis_done(void *owner, void *record, abis_outcome outcome)
{
    pipeline_abis_result(owner, record, outcome);
}

void pipeline_destroy(pipeline *p)
{
    if (p == NULL)
        return;
    ikd_adoption_destroy(p->ikd); /* first: its desks follow the offices' hours */
    for (size_t i = 0; p->regions != NULL && i < p->region_count; i++) {
        pipeline_region *r = &p->regions[i];
        recording_office_destroy(r->office);
        network_link_fini(&r->link);
        printing_office_fini(&r->printing);
        blank_store_fini(&r->blanks);
        outreach_fini(&r->outreach);
        outage_timeline_fini(&r->power);
        sim_schedule_fini(&r->hours);
        pipeline_hist_fini(&r->totals.ttc);
        pipeline_hist_fini(&r->totals.in_hand);
        pipeline_hist_fini(&r->totals.rec_wait);
        free(r->daily);
    }
    abis_destroy(p->abis);
    supply_destroy(p->supply);
    free(p->regions);
    for (size_t i = 0; i < p->block_count; i++)
        free(p->blocks[i]);
    free(p->blocks);
    free(p);
}

/* Busy and available server-seconds of a resource since its last reset. */
static void busy_open(const sim_resource *res, int servers, double elapsed, double *busy,
                      double *open)
{
    *busy = sim_resource_mean_busy(res) * elapsed;
    double availability = sim_resource_availability(res);
    *open = sim_resource_open_seconds(res) * servers * (isnan(availability) ? 1 : availability);
}

int pipeline_finish(pipeline *p)
{
    double elapsed = sim_calendar_now(p->cal) - p->measure_from_s;
    int failed = p->failed || p->abis->ops->error(p->abis) != 0 ||
                 (p->ikd != NULL && ikd_adoption_error(p->ikd) != SIM_OK);
    for (size_t i = 0; i < p->region_count; i++) {
        pipeline_region *r = &p->regions[i];
        pipeline_totals *t = &r->totals;
        recording_result rec;
        failed |= recording_office_result(r->office, &rec) != 0;
        t->arrived = (double)(rec.measured_arrived + r->outreach.measured_met);
        t->owed = (double)(rec.measured_due + r->outreach.measured_due_met - r->due_not_owed);
        t->pending_end = t->arrived - (double)r->measured_done;
        t->station_busy_s = rec.busy_station_s;
        t->station_open_s = rec.open_station_s;
        t->operator_busy_s = rec.busy_operator_s;
        t->operator_open_s = rec.open_operator_s;
        recording_result_fini(&rec);
        busy_open(&r->link.line, 1, elapsed, &t->link_busy_s, &t->link_open_s);
        busy_open(&r->printing.printers, r->config->printing.printers, elapsed,
                  &t->printer_busy_s, &t->printer_open_s);
        t->suket_issued = (double)r->blanks.suket_issued_measured;
        t->suket_backlog_end = (double)blank_store_backlog(&r->blanks);
        t->blanks_spoiled = (double)r->blanks.spoiled;
        if (p->ikd != NULL)
            ikd_adoption_totals_of(p->ikd, i, &t->ikd);
        failed |= sim_resource_error(&r->link.line) != SIM_OK ||
                  sim_resource_error(&r->printing.printers) != SIM_OK;
    }
    return failed ? -1 : 0;
}

void pipeline_balance_of(const pipeline *p, size_t region, pipeline_balance *out)
{
    const pipeline_region *r = &p->regions[region];
    memset(out, 0, sizeof *out);
    uint64_t recorded;
    recording_office_progress(r->office, &out->arrived, &recorded, &out->in_recording);
    out->arrived += r->outreach.met;
    out->in_recording += (uint64_t)r->outreach.pending;
    memcpy(out->in_place, r->in_place, sizeof out->in_place);
    out->duplicates = r->duplicates;
    out->printed = r->printed;
    out->ikd_only = r->ikd_only;
    out->live = r->alive;
    out->blanks_delivered = r->blanks.delivered;
    out->blanks_printed = r->blanks.printed;
    out->blanks_spoiled = r->blanks.spoiled;
    out->blanks_in_stock = sim_stock_level(&r->blanks.stock);
    out->blanks_in_printers = r->blanks.in_printers;
}

size_t pipeline_pool_bytes(const pipeline *p)
{
    return p->block_count * POOL_BLOCK_BYTES;
}
