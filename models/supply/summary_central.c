/* central.csv (docs/results.md): the national supply chain per replication and day, written
 * only when the run had a "supply" key. */
#include "models/run/summary.h"

#include <stdio.h>
#include <stdlib.h>

#include "models/supply/supply.h"
#include "sim/schedule.h"

static void write_central(FILE *out, const void *ctx)
{
    const summary *s = ctx;
    fputs("rep,day,date,central_stock,in_transit,delivered,procured\n", out);
    const double *v = s->central_daily;
    for (int rep = 0; rep < s->replications; rep++) {
        for (int day = 0; day < s->horizon_days; day++, v += SUPPLY_DAILY_COLUMNS) {
            int year, month, dom;
            sim_civil_from_days(s->start_days + day, &year, &month, &dom);
            fprintf(out, "%d,%d,%04d-%02d-%02d", rep, day, year, month, dom);
            for (int c = 0; c < SUPPLY_DAILY_COLUMNS; c++)
                fprintf(out, ",%.0f", v[c]);
            fputc('\n', out);
        }
    }
}

int summary__write_central_csv(const summary *s, const char *dir, char *why, size_t why_size)
{
    if (s->central_daily == NULL)
        return 0;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/central.csv", dir) >= sizeof path) {
        snprintf(why, why_size, "output folder name too long");
        return -1;
    }
    return summary__write_file(path, write_central, s, why, why_size);
}
