/* Reads the scenario's "supply" object (models/supply/scenario_supply.h): warehouse, budget,
 * distribution policy, lead times by geography and the procurement contracts. */
#include "models/supply/scenario_supply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/supply/scenario_supply_read.h"

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))
#define MAX_CONTRACTS 1000

static int read_policy(scenario__ctx *, const cJSON *, const scenario__field *, void *);
static int read_contracts(scenario__ctx *, const cJSON *, const scenario__field *, void *);
static int read_overrides(scenario__ctx *, const cJSON *, const scenario__field *, void *);

static const scenario__field supply_fields[] = {
    {"central_stock", scenario__read_seed, offsetof(scenario_supply, central_initial), 0, 0, 1e12},
    {"budget_per_year", scenario__read_seed, offsetof(scenario_supply, budget_per_year), 0, 0, 1e12},
    {"policy", read_policy, offsetof(scenario_supply, policy), 0, 0, 0},
    {"push_every_days", scenario__read_int, offsetof(scenario_supply, push_every_days), 0, 1, 365},
    {"safety_days", scenario__read_number, offsetof(scenario_supply, safety_days), 0, 0, 365},
    {"transport_per_day", scenario__read_int, offsetof(scenario_supply, transport_per_day), 0, 0,
     1000000000},
    {"lead_days_java", scenario__read_number, offsetof(scenario_supply, lead_days[0]), 0, 0, 365},
    {"lead_days_other_large_islands", scenario__read_number,
     offsetof(scenario_supply, lead_days[1]), 0, 0, 365},
    {"lead_days_remote", scenario__read_number, offsetof(scenario_supply, lead_days[2]), 0, 0, 365},
    {"region_lead_days", read_overrides, 0, 0, 0, 0},
    {"next_contract_lead_days", scenario__read_number,
     offsetof(scenario_supply, next_contract_lead_days), 0, 0, 3650},
    {"contracts", read_contracts, 0, 0, 0, 0},
};

static const scenario__field contract_fields[] = {
    {"vendor", scenario__read_string, offsetof(scenario_contract, vendor), 0, 0, 200},
    {"signed_on", scenario__read_date, offsetof(scenario_contract, signed_on), SCENARIO__REQUIRED, 0, 0},
    {"quantity", scenario__read_seed, offsetof(scenario_contract, quantity), SCENARIO__REQUIRED, 1, 1e12},
    {"rate_per_day", scenario__read_number, offsetof(scenario_contract, rate_per_day),
     SCENARIO__REQUIRED | SCENARIO__MIN_EXCLUSIVE, 0, 1e9},
    {"delivery_start_days", scenario__read_int, offsetof(scenario_contract, delivery_start_days),
     0, 0, 3650},
    {"tender_delay_days", scenario__read_dist, offsetof(scenario_contract, tender_delay_days), 0,
     0, 0},
};

static int read_policy(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    (void)field;
    static const char *const names[] = {"pull", "push", "hybrid"};
    for (int i = 0; cJSON_IsString(value) && i < 3; i++) {
        if (strcmp(value->valuestring, names[i]) == 0) {
            *(scenario_supply_policy *)target = (scenario_supply_policy)i;
            return 0;
        }
    }
    char found[96];
    scenario__describe(value, found, sizeof found);
    scenario__error(ctx, "expected \"pull\", \"push\" or \"hybrid\", found %s", found);
    return -1;
}

static int read_contracts(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                          void *target)
{
    (void)field;
    scenario_supply *s = target;
    int size = cJSON_IsArray(value) ? cJSON_GetArraySize(value) : -1;
    if (size < 0 || size > MAX_CONTRACTS) {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an array of 0 to %d contracts, found %s", MAX_CONTRACTS,
                        found);
        return -1;
    }
    s->contracts = calloc((size_t)size + 1, sizeof *s->contracts);
    if (s->contracts == NULL)
        return ctx->out_of_memory = 1, -1;
    s->contract_count = (size_t)size;
    int bad = 0;
    size_t i = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next, i++) {
        size_t saved = scenario__push_index(ctx, i);
        bad |= scenario__read_object(ctx, item, contract_fields, COUNT(contract_fields),
                                     &s->contracts[i]) != 0;
        s->contracts[i].has_tender_delay =
            cJSON_IsObject(item) && cJSON_GetObjectItemCaseSensitive(item, "tender_delay_days");
        if (s->contracts[i].vendor == NULL && (s->contracts[i].vendor = calloc(1, 1)) == NULL)
            ctx->out_of_memory = 1, bad = 1;
        scenario__pop(ctx, saved);
    }
    return bad ? -1 : 0;
}

static int read_overrides(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                          void *target)
{
    (void)field;
    scenario_supply *s = target;
    if (!cJSON_IsObject(value)) {
        char found[96];
        scenario__describe(value, found, sizeof found);
        scenario__error(ctx, "expected an object of region code: days, found %s", found);
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(value);
    s->overrides = calloc(n + 1, sizeof *s->overrides);
    if (s->overrides == NULL)
        return ctx->out_of_memory = 1, -1;
    int bad = 0;
    for (const cJSON *item = value->child; item != NULL; item = item->next) {
        size_t saved = scenario__push_key(ctx, item->string);
        if (strlen(item->string) >= sizeof s->overrides[0].code || !cJSON_IsNumber(item) ||
            item->valuedouble < 0 || item->valuedouble > 365) {
            scenario__error(ctx, "expected a region code with a number of days 0..365");
            bad = 1;
        } else {
            scenario_lead_override *o = &s->overrides[s->override_count++];
            snprintf(o->code, sizeof o->code, "%s", item->string);
            o->days = item->valuedouble;
        }
        scenario__pop(ctx, saved);
    }
    return bad ? -1 : 0;
}

static void supply_defaults(scenario_supply *s)
{
    s->policy = SCENARIO_SUPPLY_PULL;
    s->push_every_days = 30;
    s->safety_days = 7;
    s->lead_days[SCENARIO_GEO_JAVA] = 3;
    s->lead_days[SCENARIO_GEO_OTHER] = 7;
    s->lead_days[SCENARIO_GEO_REMOTE] = 21;
    s->next_contract_lead_days = 90;
}

int scenario__read_supply(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                          void *target)
{
    (void)field;
    scenario_supply **slot = target;
    scenario__supply_fini(*slot);
    *slot = calloc(1, sizeof **slot);
    if (*slot == NULL)
        return ctx->out_of_memory = 1, -1;
    supply_defaults(*slot);
    return scenario__read_object(ctx, value, supply_fields, COUNT(supply_fields), *slot);
}

void scenario__supply_fini(scenario_supply *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->contract_count; i++) {
        free(s->contracts[i].vendor);
        sim_dist_fini(&s->contracts[i].tender_delay_days);
    }
    free(s->contracts);
    free(s->overrides);
    free(s);
}

scenario_geo_class scenario_supply_class(const char *code)
{
    int province = atoi(code);
    if (province >= 31 && province <= 36)
        return SCENARIO_GEO_JAVA;
    if (province == 81 || province == 82 || (province >= 91 && province <= 96))
        return SCENARIO_GEO_REMOTE;
    return SCENARIO_GEO_OTHER;
}

double scenario_supply_lead_days(const scenario_supply *supply, const char *code)
{
    for (size_t i = 0; i < supply->override_count; i++)
        if (strcmp(supply->overrides[i].code, code) == 0)
            return supply->overrides[i].days;
    return supply->lead_days[scenario_supply_class(code)];
}
