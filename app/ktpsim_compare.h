/* `ktpsim compare` internals shared by its files (app/ktpsim_compare*.c): the paired
 * differences of two scenarios run with the same replication seeds, nationally for every
 * metric and per region for the headline metrics, and their terminal and file forms. */
#ifndef APP_KTPSIM_COMPARE_H
#define APP_KTPSIM_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "models/run/summary.h"

#define COMPARE_HEADLINES 4

/* The headline metrics (per region, and their names in the national block, where stockout
 * days summed over regions are region_stockout_days), and whether more is better. */
extern const char *const compare_headline_names[COMPARE_HEADLINES];
extern const char *const compare_national_names[COMPARE_HEADLINES];
extern const int compare_more_is_better[COMPARE_HEADLINES];

/* B - A over the paired replications that have both values. */
typedef struct compare_stat {
    double a, b;        /* means of A and B over those replications */
    double diff;        /* mean of B - A */
    double lo, hi;      /* its 95% Student-t interval; NaN with fewer than 2 pairs */
    size_t n;           /* pairs */
} compare_stat;

typedef struct compare_region {
    char code[8];
    char name[208];
    compare_stat headline[COMPARE_HEADLINES];
} compare_region;

typedef struct compare_result {
    const char *a_name, *b_name, *a_path, *b_path;
    uint64_t seed;
    int replications;
    size_t metric_count;
    char (*metric_names)[SUMMARY_NAME_MAX]; /* owned: A's top-level metrics, in order */
    compare_stat *national;                 /* owned, metric_count */
    size_t region_count;                    /* 0 when only the national figures compare */
    compare_region *regions;                /* owned, in A's order */
} compare_result;

/* Fills *out from reps one-replication summaries of A and of B. b_region[i] is the index in
 * B of A's region i (same code); NULL compares no regions. Returns 0 or -1 (memory). */
int compare_reduce(const summary *a, const summary *b, int reps, const size_t *b_region,
                   compare_result *out);
void compare_result_fini(compare_result *r);

/* Region indexes of A's regions i by |headline h difference| (largest first, ties by code),
 * into order (region_count entries). */
void compare_sort_regions(const compare_result *r, int h, size_t *order);

/* The terminal tables: every national metric, the verdicts, and per headline metric the top
 * `top` regions by the size of their difference. */
void compare_print(const compare_result *r, size_t top);

/* Writes dir/compare.json and dir/compare.csv (each through a temporary name and a rename).
 * Returns 0, or -1 with why. */
int compare_write_files(const compare_result *r, const char *dir, char *why, size_t why_size);

#endif
