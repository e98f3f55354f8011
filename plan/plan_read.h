/* Internal to plan/: reading the plan file (plan_file.c, plan_items.c). */
#ifndef PLAN_PLAN_READ_H
#define PLAN_PLAN_READ_H

#include "plan/plan.h"

typedef struct plan__ctx {
    const char *file;
    scenario_errors *errors;
    int failed;
} plan__ctx;

/* Appends "FILE: POINTER: WHAT" (or "FILE: WHAT" when pointer is "") and marks failure. */
void plan__error(plan__ctx *ctx, const char *pointer, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Rejects a non-object, unknown and duplicate keys. Returns 0 or -1. */
int plan__check_keys(plan__ctx *ctx, const cJSON *object, const char *pointer,
                     const char *const *keys, size_t key_count);

/* A number at object[key] within [min, max] (whole when integer); absent gives fallback, or
 * an error when fallback is NAN. Returns 0 or -1. */
int plan__number(plan__ctx *ctx, const cJSON *object, const char *pointer, const char *key,
                 double min, double max, int integer, double fallback, double *out);

/* A non-empty string at object[key] (borrowed), or NULL (an error when required). */
const char *plan__string(plan__ctx *ctx, const cJSON *object, const char *pointer,
                         const char *key, int required);

int plan__read_variables(plan__ctx *ctx, const cJSON *root, plan *p);
int plan__read_targets(plan__ctx *ctx, const cJSON *root, plan *p);
/* Sets each variable's first_level from the queueing bounds (plan_bounds.c). */
void plan__apply_bounds(plan *p);
/* Each variable's lowest and highest level must load as a valid scenario. */
void plan__check_levels(plan__ctx *ctx, plan *p);
/* Each target's metric must be one the scenario produces (models/run/metrics.h). */
void plan__check_metrics(plan__ctx *ctx, plan *p);

#endif
