/* Erlang C and the M/M/c sojourn-time distribution. The wait of someone who must wait is
 * exponential with rate c mu - lambda; adding an exponential service of rate mu gives a
 * hypoexponential sojourn, whose tail is written out below. */
#include "plan/queueing.h"

#include <math.h>

#include "sim/queueing.h"

double plan_erlang_c(int servers, double offered_load)
{
    if (offered_load >= servers)
        return 1.0;
    if (!(offered_load > 0))
        return 0.0;
    sim_mmc q; /* the engine's Erlang C, with a service rate of 1 */
    return sim_queueing_mmc(servers, offered_load, 1.0, &q) == 0 ? q.p_wait : 1.0;
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
