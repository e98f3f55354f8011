/* The viewer's demo model: 24 real regency/city codes in 6 provinces with synthetic
 * numbers. Every value is a fixed formula of (region, time), so a screenshot at a given
 * day is always the same picture; remote regions (Papua, Maluku, NTT) get longer queues,
 * worse links and emptier blank stocks, as in the field reports. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/view.h"
#include "sim/schedule.h"

typedef struct demo_region {
    const char *code, *name, *province_code, *province_name;
    double remote; /* 0 (Jakarta) .. 1 (the most remote) */
} demo_region;

static const demo_region demo_regions[] = {
    {"31.71", "Jakarta Selatan", "31", "DKI Jakarta", 0.02},
    {"31.72", "Jakarta Timur", "31", "DKI Jakarta", 0.05},
    {"31.73", "Jakarta Pusat", "31", "DKI Jakarta", 0.03},
    {"31.74", "Jakarta Barat", "31", "DKI Jakarta", 0.08},
    {"35.78", "Kota Surabaya", "35", "Jawa Timur", 0.10},
    {"35.73", "Kota Malang", "35", "Jawa Timur", 0.15},
    {"35.15", "Sidoarjo", "35", "Jawa Timur", 0.18},
    {"35.09", "Jember", "35", "Jawa Timur", 0.35},
    {"35.29", "Sumenep", "35", "Jawa Timur", 0.55},
    {"21.71", "Kota Batam", "21", "Kepulauan Riau", 0.20},
    {"21.72", "Kota Tanjungpinang", "21", "Kepulauan Riau", 0.30},
    {"21.01", "Karimun", "21", "Kepulauan Riau", 0.50},
    {"21.02", "Bintan", "21", "Kepulauan Riau", 0.45},
    {"21.03", "Natuna", "21", "Kepulauan Riau", 0.85},
    {"53.71", "Kota Kupang", "53", "Nusa Tenggara Timur", 0.40},
    {"53.04", "Timor Tengah Selatan", "53", "Nusa Tenggara Timur", 0.70},
    {"53.10", "Manggarai", "53", "Nusa Tenggara Timur", 0.75},
    {"81.71", "Kota Ambon", "81", "Maluku", 0.45},
    {"81.01", "Maluku Tengah", "81", "Maluku", 0.70},
    {"81.07", "Kepulauan Aru", "81", "Maluku", 0.90},
    {"94.71", "Kota Jayapura", "94", "Papua", 0.55},
    {"94.03", "Jayapura", "94", "Papua", 0.75},
    {"94.01", "Merauke", "94", "Papua", 0.80},
    {"94.20", "Asmat", "94", "Papua", 1.00},
};
#define DEMO_REGIONS (sizeof demo_regions / sizeof *demo_regions)

typedef struct demo {
    viz_model table;
    double now_s, horizon_s;
} demo;

static const double day_s = SIM_DAY_S, two_pi = 6.283185307179586;

static int demo_advance(void *model, double until_s)
{
    demo *d = model;
    if (until_s > d->now_s)
        d->now_s = until_s < d->horizon_s ? until_s : d->horizon_s;
    return d->now_s >= d->horizon_s ? 1 : 0;
}

static double demo_now(void *model) { return ((demo *)model)->now_s; }
static double demo_horizon(void *model) { return ((demo *)model)->horizon_s; }
static const char *demo_start(void *model) { (void)model; return "2018-04-02"; }
static const char *demo_name(void *model) { (void)model; return "Demo: six provinces"; }
static size_t demo_count(void *model) { (void)model; return DEMO_REGIONS; }

/* Applicants per day and a phase that staggers the regions' cycles. */
static double demand(size_t i) { return 80 + 40 * (double)(i % 5); }

static void demo_state(void *model, size_t i, viz_region_state *out)
{
    const demo *d = model;
    const demo_region *g = &demo_regions[i % DEMO_REGIONS];
    double t = d->now_s, days = t / day_s, remote = g->remote, phase = 0.7 * (double)i;
    memset(out, 0, sizeof *out);
    snprintf(out->code, sizeof out->code, "%s", g->code);
    snprintf(out->name, sizeof out->name, "%s", g->name);
    snprintf(out->province_code, sizeof out->province_code, "%s", g->province_code);
    snprintf(out->province_name, sizeof out->province_name, "%s", g->province_name);
    /* Queues build through the office day (peak mid-afternoon) and grow with remoteness. */
    double hour = fmod(t, day_s) / 3600.0;
    double office = hour >= 8 && hour < 16 ? sin((hour - 8) / 8.0 * 3.14159265) : 0;
    out->queue = floor((5 + 90 * remote) * office + 40 * remote * (1 + sin(days / 3 + phase)));
    /* Blanks: a sawtooth, delivered every 7 + 14 * remote days, used up faster far away. */
    double period = 7 + 14 * remote, since = fmod(days + phase, period);
    double left = 600 - since * demand(i) * (0.4 + 0.6 * remote);
    out->blank_stock = left > 0 ? floor(left) : 0;
    out->within_1h_share = t < 3600 ? NAN
                           : fmin(1, fmax(0, 0.75 - 0.65 * remote + 0.08 * sin(days + phase)));
    out->connectivity = fmin(1, fmax(0, 1 - 0.55 * remote +
                                            0.15 * remote * sin(two_pi * days / 5 + phase)));
    out->arrived = (long)floor(demand(i) * days);
    out->recorded = (long)floor(demand(i) * days * (0.97 - 0.1 * remote));
    out->printed = (long)floor(out->recorded * (0.9 - 0.4 * remote));
    out->collected = (long)floor(out->printed * 0.8);
}

static void demo_counters(void *model, viz_stage_counters *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < DEMO_REGIONS; i++) {
        viz_region_state s;
        demo_state(model, i, &s);
        out->arrived += s.arrived;
        out->recorded += s.recorded;
        out->uploaded += (long)floor(s.recorded * (0.98 - 0.2 * demo_regions[i].remote));
        out->deduplicated += (long)floor(s.recorded * (0.95 - 0.3 * demo_regions[i].remote));
        out->printed += s.printed;
        out->collected += s.collected;
        out->suket_backlog += s.recorded - s.printed;
    }
}

viz_model *viz_demo_create(double horizon_days)
{
    demo *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->horizon_s = (horizon_days > 0 ? horizon_days : 28) * day_s;
    d->table = (viz_model){d, demo_advance, demo_now, demo_horizon, demo_start, demo_name,
                           demo_count, demo_state, demo_counters};
    return &d->table;
}

void viz_demo_destroy(viz_model *model)
{
    if (model)
        free(model->model); /* the table lives inside the demo struct */
}
