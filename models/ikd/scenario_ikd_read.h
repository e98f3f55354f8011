/* Internal to the scenario loader: the readers of the top-level "ikd" object and of a
 * region's "ikd" object (models/ikd/scenario_ikd.c), and the check that completes every region's
 * IKD inputs once the whole file has been read. */
#ifndef MODELS_SCENARIO_IKD_READ_H
#define MODELS_SCENARIO_IKD_READ_H

#include "models/ikd/scenario_ikd.h"
#include "models/scenario/scenario_read.h"

/* target: a scenario_ikd ** (allocated here; the scenario owns it). */
int scenario__read_ikd(scenario__ctx *, const cJSON *, const scenario__field *, void *);
void scenario__ikd_fini(scenario_ikd *ikd);
/* target: a scenario_region_ikd, set to "not given" (NAN, -1) by _defaults first. */
void scenario__region_ikd_defaults(scenario_region_ikd *region);
int scenario__read_region_ikd(scenario__ctx *, const cJSON *, const scenario__field *, void *);
/* Fills regions' missing values from the top level, checks phase region codes and that no
 * region has "ikd" without the top-level object, and sorts the phases by date. */
void scenario__ikd_check(scenario__ctx *ctx, scenario *s, const cJSON *root);

#endif
