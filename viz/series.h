/* Daily time series across replications: values are summed per (replication, day) cell,
 * then reduced to a mean and a Student-t 95% confidence interval per day over the
 * replications that had data that day. */
#ifndef VIZ_SERIES_H
#define VIZ_SERIES_H

typedef struct viz_series {
    int reps, day_min, days;
    double *cell;           /* reps x days sums, [rep * days + (day - day_min)] */
    unsigned char *present; /* same shape: 1 when a value was added */
    double *mean, *lo, *hi; /* per day after viz_series_finish; NaN when no replication */
    int *n;                 /* replications with data, per day */
} viz_series;

/* Returns VIZ_OK or VIZ_ENOMEM (then nothing to free). day_max >= day_min, reps >= 1. */
int viz_series_init(viz_series *s, int reps, int day_min, int day_max);
void viz_series_fini(viz_series *s);
/* Adds v to the (rep, day) cell; out-of-range cells are ignored. */
void viz_series_add(viz_series *s, int rep, int day, double v);
/* Computes mean, lo, hi (lo = hi = mean with one replication). */
void viz_series_finish(viz_series *s);

#endif
