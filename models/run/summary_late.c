/* late_causes.csv (docs/results.md): for the whole scenario ("all") and each region, per
 * cause of lateness the late people (by main cause) and late hours per replication, and
 * their shares. */
#include "models/run/summary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void put(FILE *out, double x)
{
    fputc(',', out);
    if (isfinite(x))
        summary__put_number(out, x);
}

static void write_block(FILE *out, const char *code, const char *name, const summary_late *l)
{
    for (int c = 0; c < LATE_CAUSE_COUNT; c++) {
        fprintf(out, "%s,", code);
        for (const char *k = name; *k; k++)
            fputc(*k == ',' ? ' ' : *k, out);
        fprintf(out, ",%s", late_cause_names[c]);
        put(out, l->main[c]);
        put(out, l->people_share[c]);
        put(out, l->hours[c]);
        put(out, l->hours_share[c]);
        fputc('\n', out);
    }
}

static void write_late(FILE *out, const void *ctx)
{
    const summary *s = ctx;
    fputs("region_code,region_name,cause,late_people,late_people_share,late_hours,"
          "late_hours_share\n", out);
    write_block(out, "all", "all regions", &s->late);
    for (size_t i = 0; i < s->region_count; i++)
        write_block(out, s->regions[i].code, s->regions[i].name, &s->regions[i].late);
}

int summary__write_late_csv(const summary *s, const char *dir, char *why, size_t why_size)
{
    return summary__write_in(dir, "late_causes.csv", write_late, s, why, why_size);
}
