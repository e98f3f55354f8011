/* The optional top-level `observed` block: a published distribution of time to card (the
 * six bins of the ministry's June 2020 measurement) that a run's summary.json carries next to
 * the model's printed_..._share metrics, so `ktpsim report` can draw both. */
#include "models/scenario/scenario_read.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

const char *const scenario_observed_bins[SCENARIO_OBSERVED_BINS] = {
    "printed_within_1h_share", "printed_1_2h_share", "printed_2_3h_share",
    "printed_3_6h_share", "printed_6_24h_share", "printed_over_24h_share"};

#define SHARE(k) offsetof(scenario_observed, share) + (k) * sizeof(double)

static const scenario__field share_fields[SCENARIO_OBSERVED_BINS] = {
    {"printed_within_1h_share", scenario__read_number, SHARE(0), SCENARIO__REQUIRED, 0, 1},
    {"printed_1_2h_share", scenario__read_number, SHARE(1), SCENARIO__REQUIRED, 0, 1},
    {"printed_2_3h_share", scenario__read_number, SHARE(2), SCENARIO__REQUIRED, 0, 1},
    {"printed_3_6h_share", scenario__read_number, SHARE(3), SCENARIO__REQUIRED, 0, 1},
    {"printed_6_24h_share", scenario__read_number, SHARE(4), SCENARIO__REQUIRED, 0, 1},
    {"printed_over_24h_share", scenario__read_number, SHARE(5), SCENARIO__REQUIRED, 0, 1},
};

/* The six shares, each required, adding up to 1 (within rounding of published percents). */
static int read_shares(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                       void *target)
{
    (void)field;
    scenario_observed *o = target;
    for (int k = 0; k < SCENARIO_OBSERVED_BINS; k++)
        o->share[k] = NAN;
    if (scenario__read_object(ctx, value, share_fields, SCENARIO_OBSERVED_BINS, o) != 0)
        return -1;
    double sum = 0;
    for (int k = 0; k < SCENARIO_OBSERVED_BINS; k++)
        sum += o->share[k];
    if (fabs(sum - 1) > 0.001) {
        scenario__error(ctx, "expected the six shares to add up to 1 (within 0.001), found %g",
                        sum);
        return -1;
    }
    return 0;
}

static const scenario__field observed_fields[] = {
    {"what", scenario__read_string, offsetof(scenario_observed, what), SCENARIO__REQUIRED, 1,
     500},
    {"source", scenario__read_string, offsetof(scenario_observed, source), SCENARIO__REQUIRED,
     1, 500},
    {"cards", scenario__read_number, offsetof(scenario_observed, cards), 0, 1, 1e12},
    {"shares", read_shares, 0, SCENARIO__REQUIRED, 0, 0},
};

int scenario__read_observed(scenario__ctx *ctx, const cJSON *value, const scenario__field *field,
                            void *target)
{
    (void)field;
    scenario_observed **slot = target;
    scenario__observed_fini(*slot);
    *slot = calloc(1, sizeof **slot);
    if (*slot == NULL)
        return ctx->out_of_memory = 1, -1;
    (*slot)->cards = NAN;
    return scenario__read_object(ctx, value, observed_fields,
                                 sizeof observed_fields / sizeof observed_fields[0], *slot);
}

void scenario__observed_fini(scenario_observed *o)
{
    if (o == NULL)
        return;
    free(o->what);
    free(o->source);
    free(o);
}
