/* Lazily drawn outage timeline: a growing window of future outages, trimmed from the front as
 * time passes, so memory holds only the outages between now and the furthest query. */
#include "models/card/outage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int outage_timeline_init(outage_timeline *tl, const sim_dist *up, const sim_dist *down,
                         gsl_rng *rng)
{
    memset(tl, 0, sizeof *tl);
    if (up == NULL || down == NULL || rng == NULL || !(sim_dist_mean(up) > 0))
        return -1;
    tl->up = up;
    tl->down = down;
    tl->rng = rng;
    return 0;
}

void outage_timeline_fini(outage_timeline *tl)
{
    free(tl->start);
    free(tl->end);
    memset(tl, 0, sizeof *tl);
}

/* Appends the next outage; returns 0 or -1 (memory). */
static int draw(outage_timeline *tl)
{
    if (tl->head > 0 && tl->head == tl->count) {
        tl->head = tl->count = 0;
    } else if (tl->count == tl->capacity) {
        if (tl->head > 0) { /* slide the live window to the front */
            memmove(tl->start, tl->start + tl->head, (tl->count - tl->head) * sizeof(double));
            memmove(tl->end, tl->end + tl->head, (tl->count - tl->head) * sizeof(double));
            tl->count -= tl->head;
            tl->head = 0;
        } else {
            size_t capacity = tl->capacity ? 2 * tl->capacity : 16;
            double *s = realloc(tl->start, capacity * sizeof *s);
            if (s != NULL)
                tl->start = s;
            double *e = realloc(tl->end, capacity * sizeof *e);
            if (e != NULL)
                tl->end = e;
            if (s == NULL || e == NULL)
                return -1;
            tl->capacity = capacity;
        }
    }
    double start = tl->next_start + sim_dist_sample(tl->up, tl->rng);
    double end = start + sim_dist_sample(tl->down, tl->rng);
    tl->start[tl->count] = start;
    tl->end[tl->count] = end;
    tl->count++;
    tl->next_start = end;
    return 0;
}

/* Drops outages over by t and makes sure one outage ending after t is known. */
static int catch_up(outage_timeline *tl, double t)
{
    for (;;) {
        while (tl->head < tl->count && tl->end[tl->head] <= t)
            tl->head++;
        if (tl->head < tl->count)
            return 0;
        if (draw(tl) != 0)
            return -1;
    }
}

double outage_advance(outage_timeline *tl, double t, double work_s)
{
    if (catch_up(tl, t) != 0)
        return INFINITY;
    for (size_t k = 0;; k++) { /* k counts from head: draw() may slide the window */
        if (tl->head + k == tl->count && draw(tl) != 0)
            return INFINITY;
        double start = tl->start[tl->head + k], end = tl->end[tl->head + k];
        if (t < start) {
            if (t + work_s <= start)
                return t + work_s;
            work_s -= start - t;
        }
        if (end > t)
            t = end;
    }
}

int outage_is_down(outage_timeline *tl, double t)
{
    if (catch_up(tl, t) != 0)
        return 0;
    return tl->start[tl->head] <= t && t < tl->end[tl->head];
}
