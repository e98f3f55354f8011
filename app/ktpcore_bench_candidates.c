/* `ktpcore bench --candidates FILE`: every query's candidate list and dedup decision, one
 * line each, so a sharded run can be compared byte for byte with a single-process run. */
#include <stdlib.h>
#include <string.h>
#include "app/ktpcore_bench.h"
#include "core/dedup.h"
#include "core/registry.h"
#include "core/status.h"

static int temp_name(const bench_cfg *cfg, char *out, size_t size)
{
    return snprintf(out, size, "%s.tmp", cfg->candidates) < (int)size ? CORE_OK : CORE_EINVAL;
}

int ktpcore_bench_candidates_open(const bench_cfg *cfg, bench_result *r)
{
    char tmp[4096];
    r->candidates = NULL;
    if (!cfg->candidates)
        return CORE_OK;
    if (temp_name(cfg, tmp, sizeof tmp) != CORE_OK || !(r->candidates = fopen(tmp, "w")))
        return CORE_EIO;
    return CORE_OK;
}

void ktpcore_bench_candidates_line(const bench_cfg *cfg, bench_result *r, long long q,
                                   uint64_t mate, const core_template *probe,
                                   const core_candidate *c, size_t n, uint64_t comparisons)
{
    if (!r->candidates)
        return;
    int usable = 0;
    for (int eye = 0; eye < 2; eye++)
        usable += core_template_valid_bits(probe, eye) >= CORE_IRIS_MIN_BITS;
    core_dedup_config dc;
    core_dedup_config_default(&dc);
    core_dedup_evidence ev = {usable, c, n, 0, NULL, 0};
    core_decision d;
    memset(&d, 0, sizeof d);
    const char *outcome = core_dedup_decide(&dc, &ev, &d) == CORE_OK
                              ? core_outcome_name(d.outcome) : "error";
    (void)cfg;
    fprintf(r->candidates, "%lld mate=%llu %s person=%llu work=%llu", q,
            (unsigned long long)mate, outcome, (unsigned long long)d.person_id,
            (unsigned long long)comparisons);
    for (size_t i = 0; i < n; i++)
        fprintf(r->candidates, " %llu:%.17g", (unsigned long long)c[i].person_id, c[i].score);
    fputc('\n', r->candidates);
}

int ktpcore_bench_candidates_close(const bench_cfg *cfg, bench_result *r, bool ok)
{
    char tmp[4096];
    if (!r->candidates)
        return CORE_OK;
    int bad = ferror(r->candidates);
    bad |= fclose(r->candidates) != 0;
    r->candidates = NULL;
    if (temp_name(cfg, tmp, sizeof tmp) != CORE_OK)
        return CORE_EIO;
    if (!ok || bad || rename(tmp, cfg->candidates) != 0) {
        remove(tmp);
        return ok ? CORE_EIO : CORE_OK;
    }
    return CORE_OK;
}
