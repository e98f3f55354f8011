/* Erlang C and the M/M/c sojourn-time distribution. The wait of someone who must wait is
 * exponential with rate c mu - lambda; adding an exponential service of rate mu gives a
 * hypoexponential sojourn, whose tail is written out below. */
#include "plan/queueing.h"

#include <math.h>

double plan_erlang_c(int servers, double offered_load)
{
    double a = offered_load, c = servers;
    if (a >= c)
        return 1.0;
    /* Erlang B by its stable recurrence, then C from B. */
    double b = 1.0;
    for (int k = 1; k <= servers; k++)
        b = a * b / (k + a * b);
    return b / (1.0 - (a / c) * (1.0 - b));
}

double plan_mmc_sojourn_within(int servers, double arrival_rate, double mean_service,
                               double t)
{
    double mu = 1.0 / mean_service, a = arrival_rate * mean_service;
    if (a >= servers)
        return 0.0;
    double wait = plan_erlang_c(servers, a), theta = servers * mu - arrival_rate;
    double service_tail = exp(-mu * t), both_tail;
    if (fabs(theta - mu) < 1e-12 * mu)
        both_tail = (1.0 + mu * t) * exp(-mu * t);
    else
        both_tail = (theta * exp(-mu * t) - mu * exp(-theta * t)) / (theta - mu);
    return 1.0 - ((1.0 - wait) * service_tail + wait * both_tail);
}

int plan_mmc_min_servers(double arrival_rate, double mean_service, double t, double share)
{
    if (share >= 1.0 - exp(-t / mean_service))
        return -1; /* even service alone misses it */
    for (int c = plan_min_stable_servers(arrival_rate * mean_service); c <= 100000; c++)
        if (plan_mmc_sojourn_within(c, arrival_rate, mean_service, t) >= share)
            return c;
    return -1;
}

int plan_min_stable_servers(double offered_load)
{
    double c = floor(offered_load) + 1.0;
    return c < 1.0 ? 1 : (int)c;
}
