/* Internal to the scenario loader: the reader and destructor of the "supply" object
 * (models/supply/scenario_supply.c), hooked into the top-level key table of
 * models/scenario/scenario.c. */
#ifndef MODELS_SCENARIO_SUPPLY_READ_H
#define MODELS_SCENARIO_SUPPLY_READ_H

#include "models/scenario/scenario_read.h"
#include "models/supply/scenario_supply.h"

/* target: a scenario_supply ** (allocated here; the scenario owns it). */
int scenario__read_supply(scenario__ctx *, const cJSON *, const scenario__field *, void *);
void scenario__supply_fini(scenario_supply *supply);

#endif
