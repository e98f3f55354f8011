/* Closed-form queueing results the simulator is checked against: the M/M/c queue (Erlang C).
 * Pure functions, thread-safe, no allocation. */
#ifndef SIM_QUEUEING_H
#define SIM_QUEUEING_H

/* The M/M/c queue with arrival rate lambda and service rate mu per server (both per second,
 * > 0) and c servers (>= 1), stable only when lambda < c * mu. */
typedef struct sim_mmc {
    double utilisation;  /* lambda / (c mu) */
    double p_wait;       /* Erlang C: probability an arrival waits */
    double mean_wait_s;  /* mean time in the line before service */
} sim_mmc;

/* Fills *out. Returns SIM_OK; SIM_EINVAL when c < 1, a rate is not positive and finite, or
 * the queue is unstable (lambda >= c mu), with out's fields NaN. */
int sim_queueing_mmc(int c, double lambda, double mu, sim_mmc *out);

#endif
