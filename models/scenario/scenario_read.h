/* Internal to the scenario module: the generic machinery that walks cJSON values against
 * tables of keys, builds JSON Pointers and collects error messages. A stage adds itself to
 * the format by declaring its struct, a defaults function and a table of scenario__field. */
#ifndef MODELS_SCENARIO_READ_H
#define MODELS_SCENARIO_READ_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "models/scenario/scenario.h"

#define SCENARIO__POINTER_MAX 512
#define SCENARIO__MAX_DEPTH 64      /* nesting of arrays/objects accepted in a file */
#define SCENARIO__MAX_NUMBER_CHARS 60
#define SCENARIO__MAX_FILE_BYTES (64u << 20)

typedef struct scenario__ctx {
    const char *file;
    scenario_errors *errors;
    char pointer[SCENARIO__POINTER_MAX];
    size_t pointer_len;
    int out_of_memory;
} scenario__ctx;

struct scenario__field;
/* Reads `value` into `target` (the field's member). Reports its own errors through ctx and
 * returns 0 when it found none, -1 otherwise. */
typedef int (*scenario__reader)(scenario__ctx *ctx, const cJSON *value,
                                const struct scenario__field *field, void *target);

enum { SCENARIO__REQUIRED = 1, SCENARIO__MIN_EXCLUSIVE = 2 };

/* Floors of distribution means (a dist field's min), documented in scenarios/README.md:
 * times between failures, power cuts and link outages at least a minute, repairs, cuts and
 * outages at least a second. */
#define SCENARIO__INTERVAL_FLOOR_S 60.0
#define SCENARIO__DURATION_FLOOR_S 1.0
/* Arrival rate ceiling, at the busiest hour (weekday and campaign factors applied). */
#define SCENARIO__MAX_ARRIVALS_PER_STATION_HOUR 3600.0

typedef struct scenario__field {
    const char *key;
    scenario__reader read;
    size_t offset;      /* of the member inside the struct the table describes */
    unsigned flags;
    double min, max;    /* for numbers and integers: range; for strings: length */
} scenario__field;

/* Errors. scenario__error prefixes "FILE: POINTER: "; scenario__file_error only "FILE: ". */
void scenario__error(scenario__ctx *ctx, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void scenario__file_error(scenario_errors *errors, const char *file, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
size_t scenario__error_count(const scenario__ctx *ctx);

/* JSON Pointer: push a segment, later pop back to the returned length. */
size_t scenario__push_key(scenario__ctx *ctx, const char *key);
size_t scenario__push_index(scenario__ctx *ctx, size_t index);
void scenario__pop(scenario__ctx *ctx, size_t saved_length);

/* "-2", "a string \"abc\"", "an array", ... for "found ..." in messages. */
void scenario__describe(const cJSON *value, char *out, size_t size);

/* Shortest decimal form of x that reads back exactly ("a number too large..." for inf). */
void scenario__format_number(double x, char *out, size_t size);

/* The closest candidate within a small edit distance, or NULL. */
const char *scenario__suggest(const char *key, const char *const *candidates, size_t count);

/* Reports an unknown key at the current pointer with a suggestion or the list of keys. */
void scenario__unknown_key(scenario__ctx *ctx, const char *key,
                           const char *const *candidates, size_t count, const char *what);

/* Checks `value` is an object, rejects duplicate and unknown keys, reads known ones with
 * their readers into base + offset, and reports missing required keys. */
int scenario__read_object(scenario__ctx *ctx, const cJSON *value, const scenario__field *fields,
                          size_t field_count, void *base);

/* Marks members whose key appeared earlier in the same object (reported as errors);
 * returns a malloc'd flag array the caller frees, or NULL (object empty or out of memory). */
unsigned char *scenario__duplicates(scenario__ctx *ctx, const cJSON *object);

/* Generic readers for scenario__field tables. */
int scenario__read_int(scenario__ctx *, const cJSON *, const scenario__field *, void *);     /* int */
int scenario__read_seed(scenario__ctx *, const cJSON *, const scenario__field *, void *);    /* uint64_t */
int scenario__read_number(scenario__ctx *, const cJSON *, const scenario__field *, void *);  /* double */
int scenario__read_string(scenario__ctx *, const cJSON *, const scenario__field *, void *);  /* char * */
int scenario__read_date(scenario__ctx *, const cJSON *, const scenario__field *, void *);    /* scenario_date */
int scenario__read_dist(scenario__ctx *, const cJSON *, const scenario__field *, void *);    /* sim_dist */

/* Parses "YYYY-MM-DD" into a real calendar date. Returns 0 or -1. */
int scenario__parse_date(const char *text, scenario_date *date);

/* Checks the bytes are sane text (UTF-8, no control bytes, bounded nesting and number
 * lengths) and parses them. Returns the tree, or NULL with one error reported. */
cJSON *scenario__parse_json(const char *file, const char *bytes, size_t length,
                            scenario_errors *errors);

/* Stages. Each stage's file declares its table of keys and provides these three hooks;
 * scenario.c lists the stage as a key of the region table. */
void scenario__recording_defaults(scenario_recording *recording);
int scenario__read_recording(scenario__ctx *, const cJSON *, const scenario__field *, void *);
void scenario__recording_fini(scenario_recording *recording);

/* Pipeline stages after recording (models/card/scenario_pipeline.c). */
void scenario__pipeline_defaults(scenario_region *region);
void scenario__pipeline_fini(scenario_region *region);
int scenario__read_network(scenario__ctx *, const cJSON *, const scenario__field *, void *);
int scenario__read_printing(scenario__ctx *, const cJSON *, const scenario__field *, void *);
int scenario__read_blanks(scenario__ctx *, const cJSON *, const scenario__field *, void *);
int scenario__read_outreach(scenario__ctx *, const cJSON *, const scenario__field *, void *);
int scenario__read_power(scenario__ctx *, const cJSON *, const scenario__field *, void *);
int scenario__read_collection(scenario__ctx *, const cJSON *, const scenario__field *, void *);
int scenario__abis_defaults(scenario_abis *abis);
void scenario__abis_fini(scenario_abis *abis);
int scenario__read_abis(scenario__ctx *, const cJSON *, const scenario__field *, void *);
/* abis.embedded.calibration (scenario_calibration.c): target is the double comparisons_per_s. */
int scenario__read_calibration(scenario__ctx *, const cJSON *, const scenario__field *, void *);
int scenario__read_opening_hours(scenario__ctx *, const cJSON *, const scenario__field *, void *);
int scenario__read_clock(scenario__ctx *, const cJSON *, const scenario__field *, void *);

/* The top-level `observed` block (scenario_observed.c). */
int scenario__read_observed(scenario__ctx *, const cJSON *, const scenario__field *, void *);
void scenario__observed_fini(scenario_observed *observed);

#endif
