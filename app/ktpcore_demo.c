/* ktpcore demo: enrols N synthetic applicants into a registry (a share of them second
 * captures of earlier people) and prints outcome counts, errors against the truth, and the
 * write-path rate as JSON. A quick end-to-end load of dedup + registry, not a benchmark. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "app/cli_args.h"
#include "app/ktpcore_id.h"
#include "core/area.h"
#include "core/enrol.h"
#include "core/registry.h"
#include "core/status.h"

static uint64_t mix(uint64_t x) /* splitmix64 finaliser: a well-spread seed per index */
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static void synthetic_person(uint64_t identity, core_person *p)
{
    static const char *const given[] = {"Budi", "Siti", "Agus", "Dewi", "Joko", "Sri",
                                        "Ahmad", "Nur", "Wayan", "Putu", "Rina", "Hendra"};
    static const char *const family[] = {"Santoso", "Wijaya", "Saputra", "Lestari", "Hidayat",
                                         "Kurniawan", "Siregar", "Nasution", "Pratama"};
    uint64_t h = mix(identity);
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s %s %llu", given[h % 12], family[(h >> 8) % 9],
             (unsigned long long)(identity % 100000));
    p->sex = (h >> 16) & 1 ? CORE_SEX_FEMALE : CORE_SEX_MALE;
    p->birth_year = 1940 + (int)((h >> 20) % 66);
    p->birth_month = 1 + (int)((h >> 28) % 12);
    p->birth_day = 1 + (int)((h >> 32) % 28);
    snprintf(p->birth_place, sizeof p->birth_place, "Kota %llu",
             (unsigned long long)(h >> 40) % 50);
    snprintf(p->mother_name, sizeof p->mother_name, "Ibu %llu",
             (unsigned long long)(h >> 44) % 9999);
    size_t districts = core_area_count(CORE_AREA_DISTRICT);
    p->district_code = core_area_code_at(CORE_AREA_DISTRICT, (size_t)((h >> 48) % districts));
}

typedef struct demo_counts {
    long outcome[5], missed, false_dup, truly_dup;
    uint64_t comparisons;
} demo_counts;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int ktpcore_cmd_demo(int argc, char **argv)
{
    long long people = 0;
    double dup_share = 0.1;
    unsigned long long seed = 1;
    const char *path = NULL;
    int durable = 0;
    const cli_option options[] = {
        CLI_WHOLE_OPT("--people", &people, 1, 10000000),
        CLI_REAL_OPT("--dup-share", &dup_share, 0, 1),
        CLI_UNSIGNED_OPT("--seed", &seed),
        CLI_FLAG_OPT("--durable", &durable)}; /* synchronous=FULL: an fsync per enrolment */
    if (cli_parse("ktpcore demo", argc - 1, argv + 1, options, sizeof options / sizeof *options,
                  &path, 1, NULL) != 0)
        return 2;
    if (!path || people < 1) {
        fprintf(stderr, "usage: ktpcore demo FILE --people N [--dup-share R] [--seed S]"
                        " [--durable]\n");
        return 2;
    }
    /* `registry init` creates the file; a damaged registry is refused */
    int flags = CORE_REGISTRY_CHECKED | (durable ? 0 : CORE_REGISTRY_FAST);
    core_registry *reg = NULL;
    char err[512] = "";
    int rc = core_registry_open(path, flags, &reg, err, sizeof err);
    if (rc != CORE_OK) {
        fprintf(stderr, "ktpcore demo: %s\n", err);
        return ktpcore_exit_code(rc);
    }
    demo_counts c = {0};
    long identities = 0;
    double start = now();
    for (long long i = 0; i < people && rc == CORE_OK; i++) {
        uint64_t r = mix(seed * 1000003u + (uint64_t)i);
        int dup = identities > 0 && (double)(r >> 11) / 9007199254740992.0 < dup_share;
        uint64_t identity = dup ? (r % (uint64_t)identities) : (uint64_t)identities++;
        core_person p;
        core_template t;
        synthetic_person(mix(seed) + identity, &p);
        core_iris_synth(mix(seed) + identity, dup ? 1u + (uint32_t)(i % 7) : 0u, NULL, &t);
        core_decision d;
        rc = core_enrol(reg, &p, &t, NULL, &d, err, sizeof err);
        if (rc != CORE_OK)
            break;
        c.outcome[d.outcome]++;
        c.comparisons += d.comparisons;
        c.truly_dup += dup;
        c.missed += dup && d.outcome == CORE_OUTCOME_UNIQUE;
        c.false_dup += !dup && d.outcome == CORE_OUTCOME_DUPLICATE;
    }
    double seconds = now() - start;
    core_registry_close(reg);
    if (rc != CORE_OK) {
        fprintf(stderr, "ktpcore demo: %s\n", err);
        return ktpcore_exit_code(rc);
    }
    printf("{\"people\": %lld, \"true_duplicates\": %ld, \"unique\": %ld, \"duplicate\": %ld, "
           "\"review\": %ld, \"enrol_failure\": %ld, \"missed_duplicates\": %ld, "
           "\"false_duplicates\": %ld, \"comparisons\": %llu, \"seconds\": %.3f, "
           "\"enrolments_per_s\": %.1f}\n",
           people, c.truly_dup, c.outcome[CORE_OUTCOME_UNIQUE], c.outcome[CORE_OUTCOME_DUPLICATE],
           c.outcome[CORE_OUTCOME_REVIEW], c.outcome[CORE_OUTCOME_ENROL_FAILURE], c.missed,
           c.false_dup, (unsigned long long)c.comparisons, seconds, people / seconds);
    return 0;
}
