/* embedded_registry_bench: what the registry file of an embedded run costs. Runs a scenario
 * (default scenarios/election-rush-2018.json, one thread) without and with the registry file,
 * twice each, and reports the best wall time of each, their ratio and the file's size; then times importing prefill
 * people the way the run would if it wrote the whole pre-filled gallery (core_enrol_import in
 * batches), to extrapolate that cost to a 1 M gallery. Prints JSON only on stdout.
 * usage: embedded_registry_bench [SCENARIO] [IMPORT_PEOPLE (default 20000)] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/enrol.h"
#include "core/iris.h"
#include "core/registry.h"
#include "core/status.h"
#include "models/abis/abis_embedded_registry.h"
#include "models/run/run.h"
#include "models/scenario/scenario.h"
#include "models/run/summary.h"
#include "sim/status.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static long long file_bytes(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 ? (long long)info.st_size : -1;
}

/* Wall seconds of one run (all replications, one thread); -1 on failure. */
static double timed_run(const scenario *s, const char *dir, double *searches)
{
    summary out;
    run_options options = run_options_from(s);
    options.registry_dir = dir;
    char why[256];
    double start = now_s();
    int status = run_scenario(s, &options, &out, why, sizeof why);
    double wall = now_s() - start;
    if (status != 0)
        fprintf(stderr, "embedded_registry_bench: %s\n", why);
    const summary_metric *recorded = summary_find(&out, "recorded");
    *searches = recorded ? recorded->mean * options.replications : 0;
    summary_fini(&out);
    return status == 0 ? wall : -1;
}

/* Seconds to import n synthetic people into a scratch registry at path (batches of 2048). */
static double timed_import(const char *path, int n)
{
    core_registry *reg = NULL;
    char err[256];
    int flags = CORE_REGISTRY_CREATE | CORE_REGISTRY_SCRATCH | CORE_REGISTRY_NO_GALLERY;
    if (core_registry_open(path, flags, &reg, err, sizeof err) != CORE_OK)
        return -1;
    double start = now_s(), synth = 0;
    int ok = core_registry_batch_begin(reg, err, sizeof err) == CORE_OK;
    for (int i = 0; ok && i < n; i++) {
        core_person who;
        core_template t;
        core_decision d;
        double t0 = now_s();
        embedded_people_draw(0xB0057ull + (uint64_t)i, NULL, 2018, &who);
        ok = core_iris_synth(0xFEEDull + (uint64_t)i, 0, NULL, &t) == CORE_OK;
        synth += now_s() - t0;
        ok = ok && core_enrol_import(reg, &who, &t, &d, err, sizeof err) == CORE_OK;
        if (ok && (i + 1) % 2048 == 0)
            ok = core_registry_batch_end(reg, err, sizeof err) == CORE_OK &&
                 core_registry_batch_begin(reg, err, sizeof err) == CORE_OK;
    }
    ok = ok && core_registry_batch_end(reg, err, sizeof err) == CORE_OK;
    core_registry_close(reg);
    if (!ok)
        fprintf(stderr, "embedded_registry_bench: import: %s\n", err);
    return ok ? now_s() - start - synth : -1; /* the registry's part, not the synthesis */
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : KTP_SOURCE_ROOT "/scenarios/election-rush-2018.json";
    int import_people = argc > 2 ? atoi(argv[2]) : 20000;
    sim_init();
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    int loaded = scenario_load_file(path, &s, &errors);
    scenario_errors_fini(&errors);
    char dir[] = "/tmp/embedded-registry-bench-XXXXXX";
    if (loaded != SCENARIO_OK || mkdtemp(dir) == NULL) {
        fprintf(stderr, "embedded_registry_bench: cannot load %s or make a folder\n", path);
        return 1;
    }
    /* alternating pairs, best of each: other load on the machine only ever adds time */
    double searches = 0, without = 1e300, with = 1e300;
    for (int round = 0; round < 2; round++) {
        double a = timed_run(s, NULL, &searches), b = timed_run(s, dir, &searches);
        without = a >= 0 && a < without ? a : without;
        with = b >= 0 && b < with ? b : with;
    }
    char file[128], imported[128];
    snprintf(file, sizeof file, "%s/registry-rep0.sqlite", dir);
    long long bytes = file_bytes(file);
    snprintf(imported, sizeof imported, "%s/import.sqlite", dir);
    double import_s = timed_import(imported, import_people);
    long long import_bytes = file_bytes(imported);
    printf("{\"scenario\": \"%s\", \"replications\": %d, \"threads\": 1,\n"
           " \"recorded\": %.0f, \"wall_s_without_registry\": %.3f,"
           " \"wall_s_with_registry\": %.3f, \"registry_overhead_ratio\": %.4f,\n"
           " \"registry_rep0_bytes\": %lld,\n"
           " \"import_people\": %d, \"import_s\": %.3f, \"import_us_per_person\": %.1f,"
           " \"import_bytes_per_person\": %.0f,\n"
           " \"import_1m_estimate_s\": %.0f, \"import_1m_estimate_bytes\": %.3g}\n",
           path, s->replications, searches, without, with, with / without, bytes,
           import_people, import_s, 1e6 * import_s / import_people,
           (double)import_bytes / import_people, import_s / import_people * 1e6,
           (double)import_bytes / import_people * 1e6);
    for (int r = 0; r < s->replications; r++) {
        snprintf(file, sizeof file, "%s/registry-rep%d.sqlite", dir, r);
        unlink(file);
    }
    unlink(imported);
    rmdir(dir);
    scenario_destroy(s);
    return without < 1e300 && with < 1e300 && import_s > 0 ? 0 : 1;
}
