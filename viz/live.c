/* The live run behind `ktpsim view SCENARIO`: one replication built exactly as
 * run_replication_into does, advanced by the viewer with sim_calendar_run_until, and its
 * regions' queues, stocks, one-hour share and link state read in place for each frame. */
#include "viz/live.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/card/pipeline_run.h"
#include "sim/calendar.h"
#include "sim/rng.h"

struct live_run {
    viz_model table;             /* first: the viewer gets &table */
    const scenario *s;
    sim_calendar cal;
    sim_rng_streams streams;
    pipeline *p;
    double horizon_s;
    int calendar_ready, streams_ready, failed;
    char start_date[16];
};

static const double day_s = SIM_DAY_S;

/* Indonesia's 38 provinces (Kemendagri codes, data/idn-area/provinces.csv). */
static const struct { const char *code, *name; } provinces[] = {
    {"11", "Aceh"}, {"12", "Sumatera Utara"}, {"13", "Sumatera Barat"}, {"14", "Riau"},
    {"15", "Jambi"}, {"16", "Sumatera Selatan"}, {"17", "Bengkulu"}, {"18", "Lampung"},
    {"19", "Kepulauan Bangka Belitung"}, {"21", "Kepulauan Riau"}, {"31", "DKI Jakarta"},
    {"32", "Jawa Barat"}, {"33", "Jawa Tengah"}, {"34", "DI Yogyakarta"},
    {"35", "Jawa Timur"}, {"36", "Banten"}, {"51", "Bali"}, {"52", "Nusa Tenggara Barat"},
    {"53", "Nusa Tenggara Timur"}, {"61", "Kalimantan Barat"}, {"62", "Kalimantan Tengah"},
    {"63", "Kalimantan Selatan"}, {"64", "Kalimantan Timur"}, {"65", "Kalimantan Utara"},
    {"71", "Sulawesi Utara"}, {"72", "Sulawesi Tengah"}, {"73", "Sulawesi Selatan"},
    {"74", "Sulawesi Tenggara"}, {"75", "Gorontalo"}, {"76", "Sulawesi Barat"},
    {"81", "Maluku"}, {"82", "Maluku Utara"}, {"91", "Papua"}, {"92", "Papua Barat"},
    {"93", "Papua Selatan"}, {"94", "Papua Tengah"}, {"95", "Papua Pegunungan"},
    {"96", "Papua Barat Daya"},
};

const char *live_province_name(const char *province_code)
{
    for (size_t i = 0; i < sizeof provinces / sizeof *provinces; i++)
        if (strcmp(provinces[i].code, province_code) == 0)
            return provinces[i].name;
    return NULL;
}

static int live_advance(void *model, double until_s)
{
    live_run *run = model;
    if (run->failed)
        return -1;
    if (until_s > run->horizon_s)
        until_s = run->horizon_s;
    if (until_s > sim_calendar_now(&run->cal) &&
        (sim_calendar_run_until(&run->cal, until_s) != SIM_OK || run->p->failed)) {
        run->failed = 1;
        return -1;
    }
    return sim_calendar_now(&run->cal) >= run->horizon_s ? 1 : 0;
}

static double live_now(void *model) { return sim_calendar_now(&((live_run *)model)->cal); }
static double live_horizon(void *model) { return ((live_run *)model)->horizon_s; }
static const char *live_start(void *model) { return ((live_run *)model)->start_date; }
static const char *live_name(void *model) { return ((live_run *)model)->s->name; }
static size_t live_count(void *model) { return ((live_run *)model)->p->region_count; }

/* Share of time the office's link is up: 1 online; uptime / (uptime + downtime) in the
 * long run when intermittent; offline links are never up between syncs, shown as 0.1 so
 * they stay distinct from a dead link. */
static double connectivity(const scenario_network *n)
{
    if (n->mode == SCENARIO_LINK_ONLINE)
        return 1.0;
    if (n->mode == SCENARIO_LINK_OFFLINE)
        return 0.1;
    double up = sim_dist_mean(&n->uptime), down = sim_dist_mean(&n->downtime);
    return up + down > 0 ? up / (up + down) : NAN;
}

/* Cards collected on days that are over (collection is booked to its day when printed). */
static long collected_so_far(const live_run *run, const pipeline_region *r)
{
    long days = (long)floor(sim_calendar_now(&run->cal) / day_s), sum = 0;
    if (days > run->s->horizon_days)
        days = run->s->horizon_days;
    for (long d = 0; d < days; d++)
        sum += (long)r->daily[(size_t)d * DAILY_COLUMNS + DAILY_COLLECTED];
    return sum;
}

static void live_state(void *model, size_t i, viz_region_state *out)
{
    live_run *run = model;
    const pipeline_region *r = &run->p->regions[i];
    const scenario_region *c = r->config;
    memset(out, 0, sizeof *out);
    snprintf(out->code, sizeof out->code, "%s", c->code);
    snprintf(out->name, sizeof out->name, "%s", c->name);
    snprintf(out->province_code, sizeof out->province_code, "%.2s", c->code);
    const char *province = live_province_name(out->province_code);
    snprintf(out->province_name, sizeof out->province_name, "%s",
             province ? province : out->province_code);
    uint64_t arrived, recorded, in_recording;
    recording_office_progress(r->office, &arrived, &recorded, &in_recording);
    /* Everyone between arrival and card: the recording line, the link, ABIS, review,
     * printing and the suket backlog. */
    double waiting = (double)in_recording;
    for (int k = PLACE_UPLOAD; k < PLACE_COUNT; k++)
        waiting += (double)r->in_place[k];
    out->queue = waiting;
    out->blank_stock = (double)sim_stock_level(&r->blanks.stock);
    out->within_1h_share = r->totals.cards_printed > 0
                               ? r->totals.within_1h / r->totals.cards_printed : NAN;
    out->connectivity = connectivity(&c->network);
    out->arrived = (long)(arrived + r->outreach.met);
    out->recorded = (long)(recorded + r->outreach.returned);
    out->printed = (long)r->printed;
    out->collected = collected_so_far(run, r);
}

/* Each person is counted at the furthest stage reached, once, whatever loops (re-records)
 * they went through. */
static void live_counters(void *model, viz_stage_counters *out)
{
    live_run *run = model;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < run->p->region_count; i++) {
        const pipeline_region *r = &run->p->regions[i];
        viz_region_state st;
        live_state(model, i, &st);
        long entered = (long)(r->alive + r->duplicates + r->printed);
        long uploaded = entered - (long)(r->in_place[PLACE_UPLOAD] + r->in_place[PLACE_RERECORD]);
        out->arrived += st.arrived;
        out->recorded += st.recorded;
        out->uploaded += uploaded;
        out->deduplicated += uploaded - (long)r->in_place[PLACE_DEDUP];
        out->printed += st.printed;
        out->collected += st.collected;
        out->suket_backlog += (long)blank_store_backlog(&r->blanks);
    }
}

live_run *live_run_create(const scenario *s, uint64_t seed, int replication)
{
    live_run *run = calloc(1, sizeof *run);
    if (!run || replication < 0)
        goto fail;
    run->s = s;
    run->horizon_s = s->horizon_days * day_s;
    snprintf(run->start_date, sizeof run->start_date, "%04d-%02d-%02d",
             s->start_date.year, s->start_date.month, s->start_date.day);
    if (sim_calendar_init(&run->cal) != SIM_OK)
        goto fail;
    run->calendar_ready = 1;
    if (sim_rng_streams_init(&run->streams, NULL, seed, (uint64_t)replication) != SIM_OK)
        goto fail;
    run->streams_ready = 1;
    run->p = pipeline_create(s, &run->cal, &run->streams);
    if (!run->p)
        goto fail;
    run->table = (viz_model){run, live_advance, live_now, live_horizon, live_start,
                             live_name, live_count, live_state, live_counters};
    return run;
fail:
    live_run_destroy(run);
    return NULL;
}

void live_run_destroy(live_run *run)
{
    if (!run)
        return;
    pipeline_destroy(run->p);
    if (run->calendar_ready)
        sim_calendar_fini(&run->cal);
    if (run->streams_ready)
        sim_rng_streams_fini(&run->streams);
    free(run);
}

const viz_model *live_run_model(live_run *run) { return &run->table; }

uint64_t live_run_printed(const live_run *run, size_t region)
{
    return run->p->regions[region].printed;
}
