/* replications.csv (docs/results.md): every metric's value in every replication, for the
 * whole scenario ("all") and each region, so that any question about the spread of outcomes
 * (how often was a target met?) can be answered from the files. */
#include "models/run/summary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void write_block(FILE *out, const char *code, const summary_metric *list, size_t count,
                        int reps)
{
    for (int r = 0; r < reps; r++)
        for (size_t m = 0; m < count; m++) {
            const summary_metric *x = &list[m];
            fprintf(out, "%s,%d,%s,", code, r, x->name);
            if ((size_t)r < x->replications && isfinite(x->values[r]))
                summary__put_number(out, x->values[r]);
            fputc('\n', out);
        }
}

static void write_replications(FILE *out, const void *ctx)
{
    const summary *s = ctx;
    fputs("region_code,rep,metric,value\n", out);
    write_block(out, "all", s->metrics, s->metric_count, s->replications);
    for (size_t i = 0; i < s->region_count; i++)
        write_block(out, s->regions[i].code, s->regions[i].metrics,
                    s->regions[i].metric_count, s->replications);
}

int summary__write_replications_csv(const summary *s, const char *dir, char *why,
                                    size_t why_size)
{
    return summary__write_in(dir, "replications.csv", write_replications, s, why, why_size);
}
