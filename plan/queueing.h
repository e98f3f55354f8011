/* Queueing bounds that seed the planner's search (docs/plan.md, "Bounds"): the M/M/c
 * (Erlang C) results and the smallest server count that keeps a stage stable. Pure
 * functions; thread-safe. */
#ifndef PLAN_QUEUEING_H
#define PLAN_QUEUEING_H

/* Erlang C: the probability that an arrival waits in an M/M/c queue with offered load
 * a = arrival rate x mean service time (Erlangs); 1 when a >= c. */
double plan_erlang_c(int servers, double offered_load);

/* P(wait + service <= t) in a stable M/M/c queue (arrival rate and mean service in the same
 * time unit as t); 0 when unstable. */
double plan_mmc_sojourn_within(int servers, double arrival_rate, double mean_service,
                               double t);

/* The smallest c >= 1 with P(wait + service <= t) >= share, or -1 when none up to 100,000
 * (share above P(service <= t)). */
int plan_mmc_min_servers(double arrival_rate, double mean_service, double t, double share);

/* The smallest whole number of servers above the offered load: fewer can never keep up. */
int plan_min_stable_servers(double offered_load);

#endif
