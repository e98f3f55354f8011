/* Test helpers: load a scenario from JSON text, or from a file of the source tree (a path
 * relative to $KTP_SOURCE_DIR), print any errors, and fail the test when it does not load.
 * The caller frees the scenario with scenario_destroy(). */
#ifndef TESTS_SCENARIO_TEXT_H
#define TESTS_SCENARIO_TEXT_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario.h"

static inline scenario *scenario_from_text(const char *text)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    scenario_load_buffer("test.json", text, strlen(text), &s, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    scenario_errors_fini(&errors);
    ck_assert_ptr_nonnull(s);
    return s;
}

static inline scenario *scenario_from_source_file(const char *relative)
{
    char path[4096];
    const char *root = getenv("KTP_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/%s", root ? root : ".", relative);
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    scenario_load_file(path, &s, &errors);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.messages[i]);
    scenario_errors_fini(&errors);
    ck_assert_ptr_nonnull(s);
    return s;
}

#endif
