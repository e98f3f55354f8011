/* Probability distributions for service times, delays and sizes.
 * A scenario describes a distribution once (parsed by models/scenario/scenario.c, which alone reads
 * JSON); the engine keeps it as a tagged struct and samples it with one function. */
#ifndef SIM_DIST_H
#define SIM_DIST_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

/* The kinds and their JSON parameter names, in the order sim_dist_init() takes them:
 *   constant    value                 (>= 0)
 *   exp         mean                  (> 0)
 *   gamma       mean, shape           (> 0, > 0)
 *   erlang      mean, k               (> 0, whole number >= 1)
 *   lognormal   mean, sd              (> 0, > 0)   mean and sd of the variable itself
 *   normal      mean, sd              (> 0, >= 0)  truncated at zero by rejection
 *   triangular  min, mode, max        (0 <= min <= mode <= max, min < max)
 *   uniform     min, max              (0 <= min < max)
 *   empirical   values[], weights[]   see sim_dist_init_empirical()
 * All values are non-negative: they are durations, sizes or counts. */
typedef enum sim_dist_kind {
    SIM_DIST_CONSTANT,
    SIM_DIST_EXP,
    SIM_DIST_GAMMA,
    SIM_DIST_ERLANG,
    SIM_DIST_LOGNORMAL,
    SIM_DIST_NORMAL,
    SIM_DIST_TRIANGULAR,
    SIM_DIST_UNIFORM,
    SIM_DIST_EMPIRICAL,
    SIM_DIST_KIND_COUNT
} sim_dist_kind;

#define SIM_DIST_MAX_PARAMS 3

typedef struct sim_dist {
    sim_dist_kind kind;
    double param[SIM_DIST_MAX_PARAMS]; /* as given, in the order above */
    double derived[SIM_DIST_MAX_PARAMS]; /* precomputed for sampling (e.g. lognormal mu, sigma) */
    size_t n;                          /* empirical: number of values */
    double *values;                    /* empirical: owned, freed by sim_dist_fini() */
    double *cumulative;                /* empirical: owned, normalised cumulative weights */
} sim_dist;

/* Name of a kind as written in JSON ("exp", "lognormal", ...). */
const char *sim_dist_kind_name(sim_dist_kind kind);

/* Looks up a kind by its JSON name. Returns 0 and sets *kind, or -1 when unknown. */
int sim_dist_kind_from_name(const char *name, sim_dist_kind *kind);

/* The parameter names of a kind, in order; *count gets how many (0 for empirical, whose
 * arrays are not plain parameters). The array is static and must not be freed. */
const char *const *sim_dist_param_names(sim_dist_kind kind, size_t *count);

/* Initialises d from parameters in the order above. Returns 0, or -1 with *why set to a
 * static sentence saying what was expected (e.g. "mean must be greater than 0"). On failure
 * d is left safe to pass to sim_dist_fini(). */
int sim_dist_init(sim_dist *d, sim_dist_kind kind, const double *params, size_t n_params,
                  const char **why);

/* Initialises an empirical (discrete) table: value[i] drawn with probability weight[i] /
 * sum(weight). Values >= 0, weights >= 0 with a positive sum, n >= 1. Copies both arrays.
 * Returns 0, or -1 with *why set (allocation failure also gives -1). */
int sim_dist_init_empirical(sim_dist *d, const double *values, const double *weights, size_t n,
                            const char **why);

/* Frees what d owns; d may then be initialised again. Safe on a zeroed struct. */
void sim_dist_fini(sim_dist *d);

/* Deep copy (for per-replication copies). Returns 0 or -1 on allocation failure. */
int sim_dist_copy(sim_dist *dst, const sim_dist *src);

/* One draw. Always >= 0. Thread-safe as long as each thread has its own rng. */
double sim_dist_sample(const sim_dist *d, gsl_rng *rng);

/* The distribution's mean (analytic; for normal, of the truncated distribution). */
double sim_dist_mean(const sim_dist *d);

/* The distribution's variance (analytic; for normal, of the truncated distribution). */
double sim_dist_variance(const sim_dist *d);

#endif
