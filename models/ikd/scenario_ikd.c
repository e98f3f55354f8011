/* Reads the scenario's "ikd" object and the regions' "ikd" objects (models/ikd/scenario_ikd.h):
 * target groups, age bands, rollout phases, activation and the double track; then resolves
 * every region's inputs from the top-level defaults and checks the names and codes that
 * refer to other parts of the file. */
#include "models/ikd/scenario_ikd_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))
#define MAX_PHASES 100
#define SHARE_TOLERANCE 1e-6

static int read_groups(scenario__ctx *, const cJSON *, const scenario__field *, void *);
static int read_ages(scenario__ctx *, const cJSON *, const scenario__field *, void *);
static int read_phases(scenario__ctx *, const cJSON *, const scenario__field *, void *);
static int read_remote(scenario__ctx *, const cJSON *, const scenario__field *, void *);
static int read_targets(scenario__ctx *, const cJSON *, const scenario__field *, void *);

#define REGION_FIELDS(base)                                                                   \
    {"eligible", scenario__read_number, offsetof(base, eligible), 0, 0, 1e9},                 \
    {"phone_share", scenario__read_number, offsetof(base, phone_share), 0, 0, 1},             \
    {"connectivity_share", scenario__read_number, offsetof(base, connectivity_share), 0, 0, 1}, \
    {"literacy_share", scenario__read_number, offsetof(base, literacy_share), 0, 0, 1},       \
    {"desks", scenario__read_int, offsetof(base, desks), 0, 0, 1000}

static const scenario__field region_fields[] = {REGION_FIELDS(scenario_region_ikd)};

static const scenario__field ikd_fields[] = {
    {"groups", read_groups, 0, SCENARIO__REQUIRED, 0, 0},
    {"age_groups", read_ages, 0, 0, 0, 0},
    {"phases", read_phases, 0, SCENARIO__REQUIRED, 0, 0},
    {"eligible", scenario__read_number, offsetof(scenario_ikd, defaults.eligible), 0, 0, 1e9},
    {"phone_share", scenario__read_number, offsetof(scenario_ikd, defaults.phone_share), 0, 0, 1},
    {"connectivity_share", scenario__read_number,
     offsetof(scenario_ikd, defaults.connectivity_share), 0, 0, 1},
    {"literacy_share", scenario__read_number, offsetof(scenario_ikd, defaults.literacy_share), 0,
     0, 1},
    {"desks", scenario__read_int, offsetof(scenario_ikd, defaults.desks), 0, 0, 1000},
    {"visit_delay_days", scenario__read_dist, offsetof(scenario_ikd, visit_delay_days), 0, 0, 0},
    {"activation_time", scenario__read_dist, offsetof(scenario_ikd, activation_time), 0, 0, 0},
    {"failure_share", scenario__read_number, offsetof(scenario_ikd, failure_share), 0, 0, 1},
    {"retry_share", scenario__read_number, offsetof(scenario_ikd, retry_share), 0, 0, 1},
    {"retry_after_days", scenario__read_dist, offsetof(scenario_ikd, retry_after_days), 0, 0, 0},
    {"remote", read_remote, 0, 0, 0, 0},
    {"physical_card_share", scenario__read_number, offsetof(scenario_ikd, physical_card_share), 0,
     0, 1},
    {"targets", read_targets, offsetof(scenario_ikd, targets), 0, 0, 0},
};

static const scenario__field group_fields[] = {
    {"name", scenario__read_string, offsetof(scenario_ikd_group, name), SCENARIO__REQUIRED, 1, 31},
    {"share", scenario__read_number, offsetof(scenario_ikd_group, share), SCENARIO__REQUIRED, 0, 1},
    {"innovation", scenario__read_number, offsetof(scenario_ikd_group, innovation),
     SCENARIO__REQUIRED, 0, 1000},
    {"imitation", scenario__read_number, offsetof(scenario_ikd_group, imitation),
     SCENARIO__REQUIRED, 0, 100},
};

static const scenario__field age_fields[] = {
    {"name", scenario__read_string, offsetof(scenario_ikd_age, name), 0, 0, 31},
    {"share", scenario__read_number, offsetof(scenario_ikd_age, share), SCENARIO__REQUIRED, 0, 1},
    {"phone_share", scenario__read_number, offsetof(scenario_ikd_age, phone_share),
     SCENARIO__REQUIRED, 0, 1},
    {"literacy_share", scenario__read_number, offsetof(scenario_ikd_age, literacy_share),
     SCENARIO__REQUIRED, 0, 1},
};

/* Phase "groups" and "regions" are checked later, when the names and regions are known. */
static int read_names(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                      void *target)
{
    (void)target;
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    int ok = size >= 1 && size <= (int)field->max;
    for (const cJSON *item = ok ? value->child : NULL; item != NULL; item = item->next)
        ok = cJSON_IsString(item);
    if (!ok) {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an array of 1 to %.0f %s, found %s", field->max,
                        field->key[0] == 'g' ? "group names" : "region codes", found);
        return -1;
    }
    return 0;
}

static const scenario__field phase_fields[] = {
    {"name", scenario__read_string, offsetof(scenario_ikd_phase, name), 0, 0, 47},
    {"from", scenario__read_date, offsetof(scenario_ikd_phase, from), SCENARIO__REQUIRED, 0, 0},
    {"groups", read_names, 0, SCENARIO__REQUIRED, 0, SCENARIO_IKD_MAX_GROUPS},
    {"regions", read_names, 0, 0, 0, 1000},
};

static const scenario__field remote_fields[] = {
    {"from", scenario__read_date, offsetof(scenario_ikd, remote_from), SCENARIO__REQUIRED, 0, 0},
    {"share", scenario__read_number, offsetof(scenario_ikd, remote_share), SCENARIO__REQUIRED, 0, 1},
    {"failure_share", scenario__read_number, offsetof(scenario_ikd, remote_failure_share), 0, 0, 1},
};

/* An array of 1..max objects read with `fields` into consecutive items of `size` bytes. */
static int read_items(scenario__ctx *ctx, const cJSON *value, const scenario__field *fields,
                      size_t field_count, void *items, size_t size, size_t max, size_t *count,
                      const char *noun)
{
    int n = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    if (n < 1 || (size_t)n > max) {
        char found[96];
        if (n >= 0)
            snprintf(found, sizeof found, n == 0 ? "an empty array" : "%d entries", n);
        else
            scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an array of 1 to %zu %s, found %s", max, noun, found);
        return -1;
    }
    int bad = 0;
    size_t i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++) {
        size_t saved = scenario__push_index(ctx, i);
        bad |= scenario__read_object(ctx, item, fields, field_count, (char *)items + i * size);
        scenario__pop(ctx, saved);
    }
    *count = (size_t)n;
    return bad ? -1 : 0;
}

static void check_share_sum(scenario__ctx *ctx, double sum, const char *what)
{
    if (fabs(sum - 1) > SHARE_TOLERANCE)
        scenario__error(ctx, "expected the %s shares to sum to 1, found %.6g", what, sum);
}

static int read_groups(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    (void)field;
    scenario_ikd *ikd = target;
    if (read_items(ctx, value, group_fields, COUNT(group_fields), ikd->groups,
                   sizeof ikd->groups[0], SCENARIO_IKD_MAX_GROUPS, &ikd->group_count,
                   "groups") != 0)
        return -1;
    double sum = 0;
    for (size_t i = 0; i < ikd->group_count; i++) {
        sum += ikd->groups[i].share;
        for (size_t j = 0; j < i; j++) {
            if (strcmp(ikd->groups[i].name, ikd->groups[j].name) == 0) {
                size_t saved = scenario__push_index(ctx, i);
                scenario__push_key(ctx, "name");
                scenario__error(ctx, "duplicate group name \"%s\" (also /ikd/groups/%zu/name)",
                                ikd->groups[i].name, j);
                scenario__pop(ctx, saved);
                return -1;
            }
        }
    }
    check_share_sum(ctx, sum, "groups'");
    return 0;
}

static int read_ages(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                     void *target)
{
    (void)field;
    scenario_ikd *ikd = target;
    if (read_items(ctx, value, age_fields, COUNT(age_fields), ikd->ages, sizeof ikd->ages[0],
                   SCENARIO_IKD_MAX_AGES, &ikd->age_count, "age groups") != 0)
        return -1;
    double sum = 0;
    for (size_t i = 0; i < ikd->age_count; i++)
        sum += ikd->ages[i].share;
    check_share_sum(ctx, sum, "age groups'");
    return 0;
}

static int read_phases(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    (void)field;
    scenario_ikd *ikd = target;
    int n = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : 0;
    if (n > 0 && n <= MAX_PHASES &&
        (ikd->phases = calloc((size_t)n, sizeof *ikd->phases)) == NULL)
        return ctx->out_of_memory = 1, -1;
    return read_items(ctx, value, phase_fields, COUNT(phase_fields), ikd->phases,
                      sizeof *ikd->phases, MAX_PHASES, &ikd->phase_count, "phases");
}

static int read_remote(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    (void)field;
    scenario_ikd *ikd = target;
    ikd->has_remote = 1;
    return scenario__read_object(ctx, value, remote_fields, COUNT(remote_fields), ikd);
}

static int read_targets(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                        void *target)
{
    (void)field;
    double *targets = target;
    int ok = cJSON_IsArray(value) && cJSON_GetArraySize(value) == 2;
    for (int i = 0; ok && i < 2; i++) {
        const cJSON *item = cJSON_GetArrayItem(value, i);
        ok = cJSON_IsNumber(item) && item->valuedouble > 0 && item->valuedouble <= 1;
        if (ok)
            targets[i] = item->valuedouble;
    }
    if (!ok || targets[0] > targets[1]) {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected two shares [low, high] with 0 < low <= high <= 1, "
                        "found %s", found);
        return -1;
    }
    return 0;
}

/* A distribution from constant parameters; only used for defaults, which are valid. */
static void set_dist(sim_dist *d, sim_dist_kind kind, double a, double b)
{
    const char *why = NULL;
    double params[2] = {a, b};
    sim_dist_fini(d);
    sim_dist_init(d, kind, params, kind == SIM_DIST_EXP ? 1 : 2, &why);
}

static void ikd_defaults(scenario_ikd *ikd)
{
    ikd->defaults = (scenario_region_ikd){0, 0.7, 0.8, 0.7, 1};
    set_dist(&ikd->visit_delay_days, SIM_DIST_EXP, 14, 0);
    set_dist(&ikd->activation_time, SIM_DIST_LOGNORMAL, 600, 300);
    ikd->failure_share = 0.1;
    ikd->retry_share = 0.7;
    set_dist(&ikd->retry_after_days, SIM_DIST_EXP, 7, 0);
    ikd->remote_failure_share = 0.2;
    ikd->physical_card_share = 0.5;
    ikd->targets[0] = 0.25;
    ikd->targets[1] = 0.30;
}

static int by_date(const void *a, const void *b)
{
    const scenario_ikd_phase *x = a, *y = b;
    return (x->from.days_since_epoch > y->from.days_since_epoch) -
           (x->from.days_since_epoch < y->from.days_since_epoch);
}

/* Phase group names into masks (needs the groups, which may come later in the object). */
static void resolve_phase_groups(scenario__ctx *ctx, const cJSON *value, scenario_ikd *ikd)
{
    const cJSON *phases = cJSON_GetObjectItemCaseSensitive(value, "phases");
    size_t i = 0;
    for (const cJSON *phase = phases ? phases->child : NULL; phase != NULL && i < ikd->phase_count;
         phase = phase->next, i++) {
        const cJSON *groups = cJSON_GetObjectItemCaseSensitive(phase, "groups");
        size_t j = 0;
        for (const cJSON *g = cJSON_IsArray(groups) ? groups->child : NULL; g != NULL;
             g = g->next, j++) {
            if (!cJSON_IsString(g)) /* already reported by read_names */
                continue;
            size_t k = 0;
            while (k < ikd->group_count &&
                   (ikd->groups[k].name == NULL || strcmp(ikd->groups[k].name, g->valuestring)))
                k++;
            if (k < ikd->group_count) {
                ikd->phases[i].group_mask |= 1u << k;
                continue;
            }
            size_t saved = scenario__push_key(ctx, "phases");
            scenario__push_index(ctx, i);
            scenario__push_key(ctx, "groups");
            scenario__push_index(ctx, j);
            scenario__error(ctx, "unknown group \"%s\"; expected a name from /ikd/groups",
                            g->valuestring);
            scenario__pop(ctx, saved);
        }
    }
}

int scenario__read_ikd(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    (void)field;
    scenario_ikd **slot = target;
    scenario__ikd_fini(*slot);
    *slot = calloc(1, sizeof **slot);
    if (*slot == NULL)
        return ctx->out_of_memory = 1, -1;
    scenario_ikd *ikd = *slot;
    ikd_defaults(ikd);
    size_t before = scenario__error_count(ctx);
    scenario__read_object(ctx, value, ikd_fields, COUNT(ikd_fields), ikd);
    if (cJSON_IsObject(value) && ikd->group_count > 0)
        resolve_phase_groups(ctx, value, ikd);
    if (ikd->age_count > 0) { /* the bands give phone owners, and literacy among them */
        double phone = 0, both = 0;
        for (size_t i = 0; i < ikd->age_count; i++) {
            phone += ikd->ages[i].share * ikd->ages[i].phone_share;
            both += ikd->ages[i].share * ikd->ages[i].phone_share * ikd->ages[i].literacy_share;
        }
        ikd->defaults.phone_share = phone;
        ikd->defaults.literacy_share = phone > 0 ? both / phone : 0;
    }
    for (size_t i = 0; i < ikd->phase_count; i++)
        if (ikd->phases[i].name == NULL && (ikd->phases[i].name = calloc(1, 1)) == NULL)
            ctx->out_of_memory = 1;
    return scenario__error_count(ctx) == before ? 0 : -1;
}

void scenario__region_ikd_defaults(scenario_region_ikd *r)
{
    *r = (scenario_region_ikd){NAN, NAN, NAN, NAN, -1};
}

int scenario__read_region_ikd(scenario__ctx *ctx, const cJSON *value,
                              const scenario__field *field, void *target)
{
    (void)field;
    return scenario__read_object(ctx, value, region_fields, COUNT(region_fields), target);
}

static int region_index(const scenario *s, const char *code)
{
    for (size_t i = 0; i < s->region_count; i++)
        if (strcmp(s->regions[i].code, code) == 0)
            return (int)i;
    return -1;
}

/* Phase region codes: codes of this scenario's regions. Phases are still in file order. */
static void resolve_phase_regions(scenario__ctx *ctx, scenario *s, const cJSON *ikd_value)
{
    const cJSON *phases = cJSON_GetObjectItemCaseSensitive(ikd_value, "phases");
    size_t i = 0;
    for (const cJSON *phase = phases ? phases->child : NULL;
         phase != NULL && i < s->ikd->phase_count; phase = phase->next, i++) {
        const cJSON *regions = cJSON_GetObjectItemCaseSensitive(phase, "regions");
        if (!cJSON_IsArray(regions) || regions->child == NULL)
            continue;
        int n = cJSON_GetArraySize(regions);
        char (*codes)[8] = calloc((size_t)n, sizeof *codes);
        if (codes == NULL) {
            ctx->out_of_memory = 1;
            return;
        }
        s->ikd->phases[i].regions = codes;
        size_t j = 0;
        for (const cJSON *c = regions->child; c != NULL; c = c->next, j++) {
            if (cJSON_IsString(c) && region_index(s, c->valuestring) >= 0) {
                snprintf(codes[s->ikd->phases[i].region_count++], sizeof codes[0], "%s",
                         c->valuestring);
                continue;
            }
            size_t saved = scenario__push_key(ctx, "ikd");
            scenario__push_key(ctx, "phases");
            scenario__push_index(ctx, i);
            scenario__push_key(ctx, "regions");
            scenario__push_index(ctx, j);
            scenario__error(ctx, "unknown region \"%s\"; expected the code of one of this "
                            "scenario's regions", cJSON_IsString(c) ? c->valuestring : "");
            scenario__pop(ctx, saved);
        }
    }
}

void scenario__ikd_check(scenario__ctx *ctx, scenario *s, const cJSON *root)
{
    const cJSON *regions = cJSON_GetObjectItemCaseSensitive(root, "regions");
    for (size_t i = 0; i < s->region_count; i++) {
        scenario_region_ikd *r = &s->regions[i].ikd;
        const cJSON *item = cJSON_GetArrayItem(regions, (int)i);
        if (s->ikd == NULL) {
            if (cJSON_GetObjectItemCaseSensitive(item, "ikd") != NULL) {
                size_t saved = scenario__push_key(ctx, "regions");
                scenario__push_index(ctx, i);
                scenario__push_key(ctx, "ikd");
                scenario__error(ctx, "expected a top-level \"ikd\" object (the rollout) for "
                                "a region's \"ikd\" to apply to");
                scenario__pop(ctx, saved);
            }
            continue;
        }
        const scenario_region_ikd *d = &s->ikd->defaults;
        if (isnan(r->eligible))
            r->eligible = d->eligible;
        if (isnan(r->phone_share))
            r->phone_share = d->phone_share;
        if (isnan(r->connectivity_share))
            r->connectivity_share = d->connectivity_share;
        if (isnan(r->literacy_share))
            r->literacy_share = d->literacy_share;
        if (r->desks < 0)
            r->desks = d->desks;
    }
    const cJSON *ikd = cJSON_GetObjectItemCaseSensitive(root, "ikd");
    if (s->ikd != NULL && cJSON_IsObject(ikd))
        resolve_phase_regions(ctx, s, ikd);
    if (s->ikd != NULL && s->ikd->phases != NULL) /* group_open stops at the first later phase */
        qsort(s->ikd->phases, s->ikd->phase_count, sizeof *s->ikd->phases, by_date);
}

void scenario__ikd_fini(scenario_ikd *ikd)
{
    if (ikd == NULL)
        return;
    for (size_t i = 0; i < ikd->group_count; i++)
        free(ikd->groups[i].name);
    for (size_t i = 0; i < ikd->age_count; i++)
        free(ikd->ages[i].name);
    for (size_t i = 0; i < ikd->phase_count; i++) {
        free(ikd->phases[i].name);
        free(ikd->phases[i].regions);
    }
    free(ikd->phases);
    sim_dist_fini(&ikd->visit_delay_days);
    sim_dist_fini(&ikd->activation_time);
    sim_dist_fini(&ikd->retry_after_days);
    free(ikd);
}

int scenario_ikd_group_open(const scenario_ikd *ikd, size_t group, const char *code,
                            int64_t days_since_epoch)
{
    for (size_t i = 0; i < ikd->phase_count; i++) {
        const scenario_ikd_phase *p = &ikd->phases[i];
        if (p->from.days_since_epoch > days_since_epoch)
            break;
        if (!(p->group_mask & (1u << group)))
            continue;
        if (p->region_count == 0 && p->regions == NULL)
            return 1;
        for (size_t j = 0; j < p->region_count; j++)
            if (strcmp(p->regions[j], code) == 0)
                return 1;
    }
    return 0;
}
