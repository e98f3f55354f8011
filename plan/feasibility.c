/* The group-sequential feasibility decision of plan/feasibility.h. */
#include "plan/feasibility.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

int plan_feas_looks(int n0, int cap)
{
    int looks = 1;
    for (int n = n0; n < cap; n = plan_feas_next_look(n, cap))
        looks++;
    return looks;
}

int plan_feas_next_look(int n, int cap)
{
    return 2 * n < cap ? 2 * n : cap;
}

void plan_feas_t_bounds(const double *x, size_t n, double alpha_side, double *low,
                        double *high)
{
    double mean = 0.0, ss = 0.0;
    for (size_t j = 0; j < n; j++)
        mean += x[j];
    mean /= (double)n;
    for (size_t j = 0; j < n; j++)
        ss += (x[j] - mean) * (x[j] - mean);
    double half = gsl_cdf_tdist_Qinv(alpha_side, (double)n - 1.0) *
                  sqrt(ss / ((double)n - 1.0) / (double)n);
    *low = mean - half;
    *high = mean + half;
}

void plan_feas_clopper_pearson(size_t successes, size_t n, double alpha_side, double *low,
                               double *high)
{
    double s = (double)successes, f = (double)(n - successes);
    if (low != NULL)
        *low = successes == 0 ? 0.0 : gsl_cdf_beta_Pinv(alpha_side, s, f + 1.0);
    if (high != NULL)
        *high = successes == n ? 1.0 : gsl_cdf_beta_Qinv(alpha_side, s + 1.0, f);
}

plan_verdict plan_feas_decide(double low, double high, double q, double delta, int at_least)
{
    if (at_least)
        return low >= q ? PLAN_FEASIBLE : high < q + delta ? PLAN_INFEASIBLE : PLAN_UNDECIDED;
    return high <= q ? PLAN_FEASIBLE : low > q - delta ? PLAN_INFEASIBLE : PLAN_UNDECIDED;
}
