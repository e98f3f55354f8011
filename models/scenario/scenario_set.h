/* Variants of a scenario without editing its file: changes "JSON_POINTER=VALUE" applied to the
 * file's JSON tree before it is checked, and the choice of one region of many. The changed
 * tree is checked by the ordinary loader, so a changed value is validated exactly like the
 * file and a bad one is reported at its pointer. This is the one way ktpsim applies a JSON
 * Pointer change (`--set` on run, compare and check; the planner's decision variables). */
#ifndef MODELS_SCENARIO_SET_H
#define MODELS_SCENARIO_SET_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "models/scenario/scenario.h"

/* One change. `pointer` is an RFC 6901 JSON Pointer ("/regions/0/recording/stations";
 * "~1" is "/" and "~0" is "~" inside a segment); `value` is JSON text ("4", "true",
 * "\"24/7\"", "{\"exp\": {\"mean\": 300}}"). Both strings are borrowed. */
typedef struct scenario_change {
    const char *pointer;
    const char *value;
} scenario_change;

/* Splits "POINTER=VALUE" (a command-line --set argument) at its first '=' into *change,
 * pointing into `text`, which must outlive it. A VALUE that is not valid JSON is taken as a
 * string, so `--set /name=Batam` works without quotes. Returns 0, or -1 with why when there
 * is no '=' or the pointer does not start with '/'. */
int scenario_change_parse(char *text, scenario_change *change, char *why, size_t why_size);

/* Replaces (or, in an object, adds) the value at `pointer` by a copy of `value`; every
 * segment but the last must exist. An array index must name an existing element, or be "-"
 * to append. Returns 0, or -1 with why ("no such location: /regions/3 (the array has 1
 * item)") and the tree unchanged. Never frees `value`. */
int scenario_set_apply(cJSON *root, const char *pointer, const cJSON *value, char *why,
                       size_t why_size);

/* Keeps only the element of root's "regions" array whose "code" is `code`. Returns 0, or -1
 * with why (no regions array, no region of that code: the codes present are listed). */
int scenario_set_keep_region(cJSON *root, const char *code, char *why, size_t why_size);

/* Reads and parses a scenario file into a tree with the loader's own text checks (UTF-8,
 * nesting, number lengths). Returns SCENARIO_OK with *out a tree for cJSON_Delete, or
 * SCENARIO_EIO (unreadable) / SCENARIO_EINVALID (not sane JSON) with *out NULL and errors. */
int scenario_tree_read(const char *path, cJSON **out, scenario_errors *errors);

/* Checks a tree as the loader checks a file, naming `display_name` in messages: the same
 * return codes and messages as scenario_load_buffer. The tree is only read. */
int scenario_load_tree(const char *display_name, const cJSON *root, scenario **out,
                       scenario_errors *errors);

/* scenario_load_file with changes applied in order, then (region != NULL) only that region
 * kept. A change whose pointer does not resolve is reported as
 *   FILE: --set POINTER: WHY
 * and one whose value is wrong by the loader at the pointer. Without changes or region it is
 * exactly scenario_load_file. Load from one thread at a time (as scenario_load_file). */
int scenario_load_file_with(const char *path, const scenario_change *changes,
                            size_t change_count, const char *region, scenario **out,
                            scenario_errors *errors);

#endif
