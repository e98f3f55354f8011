/* Erlang C from Erlang B's recurrence B(k) = a B(k-1) / (k + a B(k-1)), which stays finite and
 * accurate for any server count (no power over a factorial is ever formed). */
#include "sim/queueing.h"

#include <math.h>

#include "sim/status.h"

int sim_queueing_mmc(int c, double lambda, double mu, sim_mmc *out)
{
    out->utilisation = out->p_wait = out->mean_wait_s = NAN;
    if (c < 1 || !(lambda > 0) || !(mu > 0) || !isfinite(lambda) || !isfinite(mu) ||
        !(lambda < c * mu))
        return SIM_EINVAL;
    double a = lambda / mu, rho = a / c;
    double b = 1; /* Erlang B with 0 servers */
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    out->utilisation = rho;
    out->p_wait = b / (1 - rho * (1 - b));
    out->mean_wait_s = out->p_wait / (c * mu - lambda);
    return SIM_OK;
}
