/* Named random streams: one GSL generator per (scenario seed, component name, replication).
 * Each stream's seed depends only on those three values, so adding or removing a component
 * never changes another component's draws (common random numbers across scenarios), and
 * replication r of a scenario draws the same numbers however many threads run.
 *
 * Derivation rule (stable across versions; changing it changes every result):
 *   h    = FNV-1a 64-bit hash of the component name's bytes
 *   seed = mix(mix(mix(scenario_seed) ^ h) ^ replication)
 * where mix(z) is splitmix64's step: z += 0x9e3779b97f4a7c15, then the xor-shift-multiply
 * finaliser (30, 0xbf58476d1ce4e5b9, 27, 0x94d049bb133111eb, 31). The generator is then
 * seeded with gsl_rng_set(rng, seed).
 *
 * The default generator type is sim_rng_xoshiro256pp, a gsl_rng_type defined here
 * (xoshiro256++, Blackman and Vigna): GSL's own types keep only 32 bits of the seed, so
 * thousands of streams would risk two identical sequences; this one uses all 64 (its 256-bit
 * state is filled from the seed by splitmix64) and is faster than mt19937. It works with
 * every gsl_ran_* function. Any other gsl_rng_type may be chosen instead.
 *
 * Thread safety: a generator must be used by one thread at a time; the functions here are
 * thread-safe (no shared state). */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "sim/status.h"

/* xoshiro256++ as a GSL generator: get() gives 32 bits (max 2^32-1), get_double() 53. */
extern const gsl_rng_type *const sim_rng_xoshiro256pp;

/* The seed of stream (scenario_seed, component, replication), by the rule above.
 * component must be a NUL-terminated string (may be empty). */
uint64_t sim_rng_derive_seed(uint64_t scenario_seed, const char *component,
                             uint64_t replication);

/* Allocates a generator of `type` (NULL: sim_rng_xoshiro256pp) seeded for the stream.
 * Returns NULL on allocation failure. The caller frees it with gsl_rng_free(). */
gsl_rng *sim_rng_create(const gsl_rng_type *type, uint64_t scenario_seed,
                        const char *component, uint64_t replication);

/* A replication's set of named streams, created on first use and owned by the set. */
typedef struct sim__rng_named {
    char *name;
    gsl_rng *rng;
} sim__rng_named;

typedef struct sim_rng_streams {
    const gsl_rng_type *type;
    uint64_t scenario_seed;
    uint64_t replication;
    sim__rng_named *streams;
    size_t count, capacity;
} sim_rng_streams;

/* Prepares an empty set for one replication; type NULL means sim_rng_xoshiro256pp.
 * Returns SIM_OK. */
int sim_rng_streams_init(sim_rng_streams *set, const gsl_rng_type *type,
                         uint64_t scenario_seed, uint64_t replication);

/* Frees every generator of the set; pointers returned by _get become invalid. Safe on a
 * zeroed struct. */
void sim_rng_streams_fini(sim_rng_streams *set);

/* The generator for `component` (created and seeded on first call; later calls return the
 * same one, continuing its sequence). Owned by the set. Returns NULL when name is NULL or
 * on allocation failure. Lookup is linear: call it at set-up, keep the pointer. */
gsl_rng *sim_rng_streams_get(sim_rng_streams *set, const char *component);

#endif
