/* The scenario's blank-card supply chain (key "supply", models/supply/supply.c): procurement
 * contracts feeding a central warehouse, and its distribution to the regions' offices by a
 * pull, push or hybrid policy. Absent key: scenario.supply is NULL and offices restock from
 * the simple central stock (central_blanks) as before. Keys: scenarios/README.md. */
#ifndef MODELS_SCENARIO_SUPPLY_H
#define MODELS_SCENARIO_SUPPLY_H

#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "sim/dist.h"

/* One procurement contract: signed on signed_on; after a tender delay (days, drawn once per
 * replication when given) and delivery_start_days, the vendor delivers rate_per_day blanks a
 * day (cumulative floor(rate * k) on delivery day k) until `quantity` (possibly cut by the
 * yearly budget) has been delivered to the central warehouse. */
typedef struct scenario_contract {
    char *vendor;                  /* owned; "" when absent */
    scenario_date signed_on;
    int64_t quantity;              /* blanks, >= 1 */
    double rate_per_day;           /* blanks per day, > 0 */
    int delivery_start_days;       /* days from (signing + tender delay) to the first delivery */
    int has_tender_delay;
    sim_dist tender_delay_days;    /* days; owned */
} scenario_contract;

typedef enum scenario_supply_policy {
    SCENARIO_SUPPLY_PULL,   /* an office below its reorder point asks the centre for a batch */
    SCENARIO_SUPPLY_PUSH,   /* every push_every_days the centre tops up every office */
    SCENARIO_SUPPLY_HYBRID  /* push, plus pull between pushes */
} scenario_supply_policy;

/* A region's lead time from the centre, by province (first two digits of its code). */
typedef enum scenario_geo_class { SCENARIO_GEO_JAVA, SCENARIO_GEO_OTHER, SCENARIO_GEO_REMOTE } scenario_geo_class;

typedef struct scenario_lead_override {
    char code[8];
    double days;
} scenario_lead_override;

typedef struct scenario_supply {
    int64_t central_initial;       /* blanks at the centre at the start */
    int64_t budget_per_year;       /* blanks that contracts signed in one year may total; 0 = no cap */
    scenario_supply_policy policy;
    int push_every_days;           /* >= 1 */
    double safety_days;            /* push target: forecast x (push_every_days + safety_days) */
    int transport_per_day;         /* blanks the centre can dispatch per day; 0 = no limit */
    double lead_days[3];           /* by scenario_geo_class */
    size_t override_count;
    scenario_lead_override *overrides; /* owned: per-region lead days */
    double next_contract_lead_days; /* signing to first delivery, for the sign-by metric */
    size_t contract_count;
    scenario_contract *contracts;  /* owned, in file order */
} scenario_supply;

/* The class of a region code "PP.KK": PP 31..36 Java; 81, 82 (Maluku) and 91..96 (Papua)
 * remote; everything else other large islands. */
scenario_geo_class scenario_supply_class(const char *code);
/* Lead time in days from the centre to region `code`. */
double scenario_supply_lead_days(const scenario_supply *supply, const char *code);

#endif
