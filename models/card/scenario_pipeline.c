/* The scenario format of the stages after recording: the office link (network), printing,
 * blank stock and collection per region, and the central ABIS shared by all regions. Each
 * has a struct in scenario.h, a defaults function and a table of keys (scenarios/README.md). */
#include "core/gallery_index.h"
#include "models/scenario/scenario_read.h"
#include "sim/schedule.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))
#define MAX_OUTAGES 1000

/* A distribution from constant parameters; only used for defaults, which are valid. */
static void set_dist(sim_dist *d, sim_dist_kind kind, double a, double b)
{
    const char *why = NULL;
    double params[2] = {a, b};
    sim_dist_fini(d);
    size_t n = kind == SIM_DIST_CONSTANT || kind == SIM_DIST_EXP ? 1 : 2;
    sim_dist_init(d, kind, params, n, &why);
}

static int read_mode(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                     void *target)
{
    (void)field;
    static const char *const names[3] = {"online", "intermittent", "offline"};
    for (int i = 0; i < 3; i++) {
        if (cJSON_IsString(value) && strcmp(value->valuestring, names[i]) == 0) {
            *(scenario_link_mode *)target = (scenario_link_mode)i;
            return 0;
        }
    }
    if (cJSON_IsString(value)) {
        scenario__unknown_key(ctx, value->valuestring, names, 3, "mode");
    } else {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected \"online\", \"intermittent\" or \"offline\", found %s",
                        found);
    }
    return -1;
}

static const scenario__field network_fields[] = {
    {"mode", read_mode, offsetof(scenario_network, mode), 0, 0, 0},
    {"bandwidth_kbps", scenario__read_number, offsetof(scenario_network, bandwidth_kbps),
     SCENARIO__MIN_EXCLUSIVE, 0, 1e8},
    {"record_size_mb", scenario__read_dist, offsetof(scenario_network, record_size_mb), 0, 0, 0},
    {"result_size_kb", scenario__read_number, offsetof(scenario_network, result_size_kb), 0, 0,
     1e6},
    {"uptime", scenario__read_dist, offsetof(scenario_network, uptime), 0,
     SCENARIO__INTERVAL_FLOOR_S, 0},
    {"downtime", scenario__read_dist, offsetof(scenario_network, downtime), 0,
     SCENARIO__DURATION_FLOOR_S, 0},
    {"sync_every_days", scenario__read_int, offsetof(scenario_network, sync_every_days), 0, 1,
     365},
    {"sync_at", scenario__read_clock, offsetof(scenario_network, sync_at_s), 0, 0, 0},
};

static const scenario__field printing_fields[] = {
    {"printers", scenario__read_int, offsetof(scenario_printing, printers), 0, 1, 1000},
    {"print_time", scenario__read_dist, offsetof(scenario_printing, print_time), 0, 0, 0},
    {"misprint_share", scenario__read_number, offsetof(scenario_printing, misprint_share), 0, 0,
     0.9},
    {"time_to_failure", scenario__read_dist, offsetof(scenario_printing, time_to_failure), 0,
     SCENARIO__INTERVAL_FLOOR_S, 0},
    {"repair_time", scenario__read_dist, offsetof(scenario_printing, repair_time), 0,
     SCENARIO__DURATION_FLOOR_S, 0},
};

static const scenario__field blanks_fields[] = {
    {"initial", scenario__read_seed, offsetof(scenario_blanks, initial), 0, 0, 1e12},
    {"reorder_point", scenario__read_seed, offsetof(scenario_blanks, reorder_point), 0, 0, 1e12},
    {"batch", scenario__read_seed, offsetof(scenario_blanks, batch), 0, 1, 1e12},
    {"lead_time", scenario__read_dist, offsetof(scenario_blanks, lead_time), 0, 0, 0},
    {"first_time_share", scenario__read_number, offsetof(scenario_blanks, first_time_share), 0,
     0, 1},
};

static const scenario__field collection_fields[] = {
    {"wait_share", scenario__read_number, offsetof(scenario_collection, wait_share), 0, 0, 1},
    {"return_delay", scenario__read_dist, offsetof(scenario_collection, return_delay), 0, 0, 0},
};

static const scenario__field outreach_fields[] = {
    {"teams", scenario__read_int, offsetof(scenario_outreach, teams), 0, 0, 64},
    {"every_days", scenario__read_int, offsetof(scenario_outreach, every_days), 0, 1, 365},
    {"start_at", scenario__read_clock, offsetof(scenario_outreach, start_at_s), 0, 0, 0},
    {"people_per_visit", scenario__read_int, offsetof(scenario_outreach, people_per_visit), 0,
     1, 100000},
    {"capture_time", scenario__read_dist, offsetof(scenario_outreach, capture_time), 0, 0, 0},
};

int scenario__read_outreach(scenario__ctx *ctx, const cJSON *value,
                            const scenario__field *field, void *target)
{
    (void)field;
    return scenario__read_object(ctx, value, outreach_fields, COUNT(outreach_fields), target);
}

static const scenario__field power_fields[] = {
    {"time_between_cuts", scenario__read_dist, offsetof(scenario_power, time_between_cuts),
     SCENARIO__REQUIRED, SCENARIO__INTERVAL_FLOOR_S, 0},
    {"cut_duration", scenario__read_dist, offsetof(scenario_power, cut_duration),
     SCENARIO__REQUIRED, SCENARIO__DURATION_FLOOR_S, 0},
};

int scenario__read_power(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                         void *target)
{
    (void)field;
    scenario_power *p = target;
    if (scenario__read_object(ctx, value, power_fields, COUNT(power_fields), p) != 0)
        return -1;
    if (!(sim_dist_mean(&p->time_between_cuts) > 0)) {
        scenario__error(ctx, "expected \"time_between_cuts\" with a mean > 0");
        return -1;
    }
    p->has_cuts = 1;
    return 0;
}

void scenario__pipeline_defaults(scenario_region *region)
{
    scenario_outreach *o = &region->outreach;
    o->teams = 0;
    o->every_days = 7;
    o->start_at_s = 9 * 3600;
    o->people_per_visit = 30;
    set_dist(&o->capture_time, SIM_DIST_LOGNORMAL, 900, 450);
    scenario_network *n = &region->network;
    n->mode = SCENARIO_LINK_ONLINE;
    n->bandwidth_kbps = 1000;
    set_dist(&n->record_size_mb, SIM_DIST_CONSTANT, 2, 0);
    n->result_size_kb = 10;
    set_dist(&n->uptime, SIM_DIST_EXP, 4 * 3600.0, 0);
    set_dist(&n->downtime, SIM_DIST_EXP, 1800, 0);
    n->sync_every_days = 1;
    n->sync_at_s = 15 * 3600;
    scenario_printing *p = &region->printing;
    p->printers = 1;
    set_dist(&p->print_time, SIM_DIST_LOGNORMAL, 90, 30);
    p->misprint_share = 0.047;
    scenario_blanks *b = &region->blanks;
    b->initial = 1000;
    b->reorder_point = 300;
    b->batch = 1000;
    set_dist(&b->lead_time, SIM_DIST_CONSTANT, 7 * SIM_DAY_S, 0);
    b->first_time_share = 0.4;
    scenario_collection *c = &region->collection;
    c->wait_share = 0.8;
    set_dist(&c->return_delay, SIM_DIST_UNIFORM, SIM_DAY_S, 7 * SIM_DAY_S);
}

void scenario__pipeline_fini(scenario_region *region)
{
    sim_dist_fini(&region->network.record_size_mb);
    sim_dist_fini(&region->network.uptime);
    sim_dist_fini(&region->network.downtime);
    sim_dist_fini(&region->printing.print_time);
    sim_dist_fini(&region->printing.time_to_failure);
    sim_dist_fini(&region->printing.repair_time);
    sim_dist_fini(&region->blanks.lead_time);
    sim_dist_fini(&region->collection.return_delay);
    sim_dist_fini(&region->outreach.capture_time);
    sim_dist_fini(&region->power.time_between_cuts);
    sim_dist_fini(&region->power.cut_duration);
}

int scenario__read_network(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                           void *target)
{
    (void)field;
    scenario_network *n = target;
    if (scenario__read_object(ctx, value, network_fields, COUNT(network_fields), n) != 0)
        return -1;
    if (n->mode == SCENARIO_LINK_INTERMITTENT && !(sim_dist_mean(&n->uptime) > 0)) {
        scenario__error(ctx, "expected \"uptime\" with a mean > 0 for an intermittent link");
        return -1;
    }
    return 0;
}

int scenario__read_printing(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                            void *target)
{
    (void)field;
    scenario_printing *p = target;
    if (scenario__read_object(ctx, value, printing_fields, COUNT(printing_fields), p) != 0)
        return -1;
    int ttf = cJSON_GetObjectItemCaseSensitive(value, "time_to_failure") != NULL;
    int repair = cJSON_GetObjectItemCaseSensitive(value, "repair_time") != NULL;
    if (ttf != repair) {
        scenario__error(ctx, "give both \"time_to_failure\" and \"repair_time\", or neither");
        return -1;
    }
    p->has_breakdowns = ttf;
    if (ttf && !(sim_dist_mean(&p->time_to_failure) > 0)) {
        scenario__error(ctx, "expected \"time_to_failure\" with a mean > 0");
        return -1;
    }
    return 0;
}

int scenario__read_blanks(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                          void *target)
{
    (void)field;
    return scenario__read_object(ctx, value, blanks_fields, COUNT(blanks_fields), target);
}

int scenario__read_collection(scenario__ctx *ctx, const cJSON *value,
                              const scenario__field *field, void *target)
{
    (void)field;
    return scenario__read_object(ctx, value, collection_fields, COUNT(collection_fields),
                                 target);
}

/* ABIS */

static const scenario__field period_fields[] = {
    {"from", scenario__read_date, offsetof(scenario_period, from), SCENARIO__REQUIRED, 0, 0},
    {"to", scenario__read_date, offsetof(scenario_period, to), SCENARIO__REQUIRED, 0, 0},
};

static int read_outages(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                        void *target)
{
    (void)field;
    scenario_abis *abis = target;
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    if (size < 0 || size > MAX_OUTAGES) {
        char found[96];
        if (size >= 0)
            snprintf(found, sizeof found, "%d entries", size);
        else
            scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an array of at most %d periods {\"from\", \"to\"}, "
                        "found %s", MAX_OUTAGES, found);
        return -1;
    }
    if (size == 0)
        return 0;
    scenario_period *periods = calloc((size_t)size, sizeof *periods);
    if (periods == NULL)
        return ctx->out_of_memory = 1, -1;
    free(abis->outages);
    abis->outages = periods;
    abis->outage_count = (size_t)size;
    int bad = 0;
    size_t i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++) {
        size_t saved = scenario__push_index(ctx, i);
        int item_bad = scenario__read_object(ctx, item, period_fields, 2, &periods[i]) != 0;
        if (!item_bad && periods[i].to.days_since_epoch < periods[i].from.days_since_epoch) {
            scenario__error(ctx, "expected \"from\" on or before \"to\"");
            item_bad = 1;
        }
        bad |= item_bad;
        scenario__pop(ctx, saved);
    }
    return bad ? -1 : 0;
}

/* A key that is one of two words: *target = 0 for the first, 1 for the second. */
static int read_one_of_two(scenario__ctx *ctx, const cJSON *value, int *target,
                           const char *zero, const char *one)
{
    if (cJSON_IsString(value) && strcmp(value->valuestring, zero) == 0)
        return *target = 0, 0;
    if (cJSON_IsString(value) && strcmp(value->valuestring, one) == 0)
        return *target = 1, 0;
    char found[96];
    scenario__describe(value, found, sizeof found);
    scenario__error(ctx, "expected \"%s\" or \"%s\", found %s", zero, one, found);
    return -1;
}

static int read_abis_mode(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                          void *target)
{
    (void)field;
    return read_one_of_two(ctx, value, target, "modeled", "embedded");
}

static int read_search(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    (void)field;
    return read_one_of_two(ctx, value, target, "brute", "index");
}

static const scenario__field embedded_fields[] = {
    {"gallery_prefill", scenario__read_int, offsetof(scenario_abis_embedded, gallery_prefill), 0,
     0, 10000000},
    {"duplicate_share", scenario__read_number,
     offsetof(scenario_abis_embedded, duplicate_share), 0, 0, 1},
    {"comparisons_per_s", scenario__read_number,
     offsetof(scenario_abis_embedded, comparisons_per_s), SCENARIO__MIN_EXCLUSIVE, 0, 1e12},
    {"match_below", scenario__read_number, offsetof(scenario_abis_embedded, match_below),
     SCENARIO__MIN_EXCLUSIVE, 0, 1},
    {"review_below", scenario__read_number, offsetof(scenario_abis_embedded, review_below),
     SCENARIO__MIN_EXCLUSIVE, 0, 1},
    {"rotations", scenario__read_int, offsetof(scenario_abis_embedded, rotations), 0, 1, 63},
    {"search", read_search, offsetof(scenario_abis_embedded, search_index), 0, 0, 0},
    {"index_radius", scenario__read_int, offsetof(scenario_abis_embedded, index_radius), 0, 1,
     CORE_INDEX_BITS},
    {"calibration", scenario__read_calibration,
     offsetof(scenario_abis_embedded, comparisons_per_s), 0, 0, 0},
};

static int read_abis_embedded(scenario__ctx *ctx, const cJSON *value,
                              const scenario__field *field, void *target)
{
    (void)field;
    scenario_abis_embedded *e = target;
    if (scenario__read_object(ctx, value, embedded_fields, COUNT(embedded_fields), e) != 0)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(value, "comparisons_per_s") != NULL &&
        cJSON_GetObjectItemCaseSensitive(value, "calibration") != NULL) {
        scenario__error(ctx, "expected comparisons_per_s or calibration, not both");
        return -1;
    }
    if (e->match_below >= e->review_below) {
        scenario__error(ctx, "expected match_below < review_below, found %.6g >= %.6g",
                        e->match_below, e->review_below);
        return -1;
    }
    if (e->rotations % 2 == 0) {
        scenario__error(ctx, "expected an odd number of rotations, found %d", e->rotations);
        return -1;
    }
    return 0;
}

static const scenario__field abis_fields[] = {
    {"servers", scenario__read_int, offsetof(scenario_abis, servers), 0, 1, 100000},
    {"searches_per_hour", scenario__read_number, offsetof(scenario_abis, searches_per_hour),
     SCENARIO__MIN_EXCLUSIVE, 0, 1e7},
    {"licences", scenario__read_int, offsetof(scenario_abis, licences), 0, 1, 100000},
    {"print_ready_share", scenario__read_number, offsetof(scenario_abis, print_ready_share), 0,
     0, 1},
    {"duplicate_share", scenario__read_number, offsetof(scenario_abis, duplicate_share), 0, 0, 1},
    {"adjudicate_share", scenario__read_number, offsetof(scenario_abis, adjudicate_share), 0, 0,
     1},
    {"enrol_failure_share", scenario__read_number, offsetof(scenario_abis, enrol_failure_share),
     0, 0, 0.9},
    {"reviewers", scenario__read_int, offsetof(scenario_abis, reviewers), 0, 1, 100000},
    {"review_time", scenario__read_dist, offsetof(scenario_abis, review_time), 0, 0, 0},
    {"review_duplicate_share", scenario__read_number,
     offsetof(scenario_abis, review_duplicate_share), 0, 0, 1},
    {"review_hours", scenario__read_opening_hours, offsetof(scenario_abis, review_hours), 0, 0,
     0},
    {"ats_outages", read_outages, 0, 0, 0, 0},
    {"mode", read_abis_mode, offsetof(scenario_abis, embedded), 0, 0, 0},
    {"embedded", read_abis_embedded, offsetof(scenario_abis, core), 0, 0, 0},
};

int scenario__abis_defaults(scenario_abis *abis)
{
    memset(abis, 0, sizeof *abis);
    abis->servers = 4;
    abis->searches_per_hour = 180; /* about 20 s a search (data/domain-facts.md) */
    abis->licences = 4;
    abis->print_ready_share = 0.97;
    abis->duplicate_share = 0.01;
    abis->adjudicate_share = 0.015;
    abis->enrol_failure_share = 0.005;
    abis->reviewers = 2;
    set_dist(&abis->review_time, SIM_DIST_EXP, 1800, 0);
    abis->review_duplicate_share = 0.3;
    abis->review_hours.day_mask = 0x1Fu;
    abis->review_hours.open_s = 8 * 3600;
    abis->review_hours.close_s = 16 * 3600;
    abis->core.gallery_prefill = 10000;
    abis->core.duplicate_share = 0.01;
    /* 10,000 x 7 rotations x 2 eyes in 20 s: the modeled default's search time */
    abis->core.comparisons_per_s = 7000;
    abis->core.match_below = 0.30;      /* core_dedup_config_default */
    abis->core.review_below = 0.33;
    abis->core.rotations = 7;
    return 0;
}

void scenario__abis_fini(scenario_abis *abis)
{
    sim_dist_fini(&abis->review_time);
    free(abis->outages);
    abis->outages = NULL;
    abis->outage_count = 0;
}

int scenario__read_abis(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                        void *target)
{
    (void)field;
    scenario_abis *abis = target;
    if (scenario__read_object(ctx, value, abis_fields, COUNT(abis_fields), abis) != 0)
        return -1;
    double sum = abis->print_ready_share + abis->duplicate_share + abis->adjudicate_share +
                 abis->enrol_failure_share;
    if (fabs(sum - 1) > 1e-9) {
        scenario__error(ctx, "expected print_ready_share + duplicate_share + adjudicate_share + "
                        "enrol_failure_share = 1, found %.6g", sum);
        return -1;
    }
    return 0;
}
