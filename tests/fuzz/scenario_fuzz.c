/* libFuzzer entry point for the scenario loader (built only with clang, see CMakeLists.txt).
 * libFuzzer adds inputs to its first corpus folder, so give it a scratch folder seeded with
 * copies of the JSON files of scenarios/ and tests/scenarios/invalid/, then run e.g.
 *   build-clang/tests/fuzz/scenario_fuzz -max_total_time=60 /tmp/corpus
 * Any input must give a scenario or an error list; crashes, leaks and UB are findings. */
#include <stddef.h>
#include <stdint.h>

#include "models/scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    int status = scenario_load_buffer("fuzz.json", (const char *)data, size, &s, &errors);
    if ((status == SCENARIO_OK) != (s != NULL) || (status != SCENARIO_OK && errors.count == 0))
        __builtin_trap(); /* the loader broke its own contract */
    scenario_destroy(s);
    scenario_errors_fini(&errors);
    return 0;
}
