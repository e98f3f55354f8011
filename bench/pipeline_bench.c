/* pipeline_bench: runs scenarios/province.json over 365 days with demand, stations,
 * printers and blank stocks scaled by SCALE (default 5: about a million applicants a year),
 * one replication on one thread, and prints JSON: applicants per wall-second, and memory
 * per applicant in flight (applicant pool bytes / peak applicants between recording and
 * card; the calendar's bytes at the end are reported separately).
 * Usage: pipeline_bench [SCALE] [DAYS]   (KTP_SOURCE_DIR locates the scenario) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/run/run_slots.h"
#include "sim/status.h"

static double wall_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static void scale_region(scenario_region *r, double k)
{
    r->recording.arrivals.rate *= k;
    r->recording.stations = (int)(r->recording.stations * k + 0.5);
    r->printing.printers = (int)(r->printing.printers * k + 0.5);
    r->blanks.initial = (int64_t)(r->blanks.initial * k);
    r->blanks.reorder_point = (int64_t)(r->blanks.reorder_point * k);
    r->blanks.batch = (int64_t)(r->blanks.batch * k);
}

int main(int argc, char **argv)
{
    double k = argc > 1 ? atof(argv[1]) : 5;
    int days = argc > 2 ? atoi(argv[2]) : 365;
    char path[4096];
    const char *root = getenv("KTP_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/scenarios/province.json", root ? root : KTP_SOURCE_ROOT);
    sim_init();
    scenario_errors errors;
    scenario_errors_init(&errors);
    scenario *s = NULL;
    if (scenario_load_file(path, &s, &errors) != SCENARIO_OK || k <= 0 || days < 1) {
        for (size_t i = 0; i < errors.count; i++)
            fprintf(stderr, "%s\n", errors.messages[i]);
        fprintf(stderr, "pipeline_bench: cannot load %s or bad arguments\n", path);
        scenario_errors_fini(&errors);
        return 1;
    }
    scenario_errors_fini(&errors);
    s->horizon_days = days;
    s->warmup_days = 0;
    for (size_t i = 0; i < s->region_count; i++)
        scale_region(&s->regions[i], k);
    replication_slot slot;
    memset(&slot, 0, sizeof slot);
    double t0 = wall_s();
    run_options options = run_options_from(s);
    int status = run_replication_into(s, &options, 0, &slot);
    double elapsed = wall_s() - t0;
    if (status != 0) {
        fprintf(stderr, "pipeline_bench: the replication failed\n");
        return 1;
    }
    double arrived = 0, printed = 0;
    for (size_t i = 0; i < s->region_count; i++) {
        arrived += (double)slot.balance[i].arrived;
        printed += (double)slot.balance[i].printed;
    }
    double peak = (double)slot.peak_in_flight;
    printf("{\"bench\": \"pipeline\", \"scenario\": \"scenarios/province.json\", \"scale\": %g,"
           " \"days\": %d, \"regions\": %zu, \"applicants\": %.0f, \"cards_printed\": %.0f,"
           " \"wall_s\": %.3f, \"applicants_per_s\": %.0f, \"peak_in_flight\": %.0f,"
           " \"applicant_bytes\": %zu, \"pool_bytes\": %zu,"
           " \"pool_bytes_per_applicant_in_flight\": %.1f, \"calendar_bytes_end\": %zu,"
           " \"target\": \"1e6 applicants-year < 10 s, < 200 bytes per applicant in flight\"}\n",
           k, days, s->region_count, arrived, printed, elapsed, arrived / elapsed, peak,
           sizeof(pipeline_applicant), slot.pool_bytes, peak > 0 ? slot.pool_bytes / peak : 0,
           slot.calendar_bytes);
    replication_slot_fini(&slot);
    scenario_destroy(s);
    return 0;
}
