/* Stream seeding by (seed, name, replication) and the xoshiro256++ GSL generator type.
 * xoshiro256++ is written here from its published description (Blackman & Vigna 2019). */
#include "sim/rng.h"

#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        h ^= *p;
        h *= 0x100000001b3u;
    }
    return h;
}

uint64_t sim_rng_derive_seed(uint64_t scenario_seed, const char *component,
                             uint64_t replication)
{
    return mix(mix(mix(scenario_seed) ^ fnv1a(component ? component : "")) ^ replication);
}

/* --- xoshiro256++ as a gsl_rng_type ----------------------------------------------------- */

typedef struct xoshiro_state {
    uint64_t s[4];
} xoshiro_state;

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t xoshiro_next(xoshiro_state *st)
{
    uint64_t *s = st->s;
    uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void xoshiro_set(void *vstate, unsigned long seed)
{
    xoshiro_state *st = vstate;
    /* Consecutive splitmix64 outputs fill the state; they are never all zero. */
    uint64_t z = (uint64_t)seed;
    for (int i = 0; i < 4; i++) {
        st->s[i] = mix(z);
        z += 0x9e3779b97f4a7c15u;
    }
}

static unsigned long xoshiro_get(void *vstate)
{
    return (unsigned long)(xoshiro_next(vstate) >> 32);
}

static double xoshiro_get_double(void *vstate)
{
    /* The top 53 bits give every multiple of 2^-53 in [0, 1). */
    return (double)(xoshiro_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256++", 0xffffffffUL, 0, sizeof(xoshiro_state),
    xoshiro_set, xoshiro_get, xoshiro_get_double,
};

const gsl_rng_type *const sim_rng_xoshiro256pp = &xoshiro_type;

/* --- streams ------------------------------------------------------------------------------ */

gsl_rng *sim_rng_create(const gsl_rng_type *type, uint64_t scenario_seed,
                        const char *component, uint64_t replication)
{
    gsl_rng *rng = gsl_rng_alloc(type ? type : sim_rng_xoshiro256pp);
    if (rng != NULL)
        gsl_rng_set(rng, (unsigned long)sim_rng_derive_seed(scenario_seed, component,
                                                            replication));
    return rng;
}

int sim_rng_streams_init(sim_rng_streams *set, const gsl_rng_type *type,
                         uint64_t scenario_seed, uint64_t replication)
{
    memset(set, 0, sizeof *set);
    set->type = type ? type : sim_rng_xoshiro256pp;
    set->scenario_seed = scenario_seed;
    set->replication = replication;
    return SIM_OK;
}

void sim_rng_streams_fini(sim_rng_streams *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->streams[i].name);
        gsl_rng_free(set->streams[i].rng);
    }
    free(set->streams);
    memset(set, 0, sizeof *set);
}

gsl_rng *sim_rng_streams_get(sim_rng_streams *set, const char *component)
{
    if (component == NULL)
        return NULL;
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->streams[i].name, component) == 0)
            return set->streams[i].rng;
    if (set->count == set->capacity) {
        size_t cap = set->capacity ? 2 * set->capacity : 8;
        sim__rng_named *grown = realloc(set->streams, cap * sizeof *grown);
        if (grown == NULL)
            return NULL;
        set->streams = grown;
        set->capacity = cap;
    }
    size_t len = strlen(component);
    char *name = malloc(len + 1);
    gsl_rng *rng = sim_rng_create(set->type, set->scenario_seed, component, set->replication);
    if (name == NULL || rng == NULL) {
        free(name);
        if (rng != NULL)
            gsl_rng_free(rng);
        return NULL;
    }
    memcpy(name, component, len + 1);
    set->streams[set->count].name = name;
    set->streams[set->count].rng = rng;
    set->count++;
    return rng;
}
