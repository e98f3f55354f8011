/* Erlang C by the running sum of a^k / k!, which stays finite for the server counts an office
 * has (a^c / c! is built term by term, never as a power over a factorial). */
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
    double term = 1, sum = 1; /* a^k / k!, from k = 0 */
    for (int k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double last = term * a / c / (1 - rho); /* a^c / c! / (1 - rho) */
    out->utilisation = rho;
    out->p_wait = last / (sum + last);
    out->mean_wait_s = out->p_wait / (c * mu - lambda);
    return SIM_OK;
}
