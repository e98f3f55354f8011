/* Status sentences and the one-time GSL set-up for the engine. */
#include "sim/status.h"

#include <gsl/gsl_errno.h>

const char *sim_strerror(int status)
{
    switch (status) {
    case SIM_OK: return "success";
    case SIM_EINVAL: return "invalid argument";
    case SIM_ENOMEM: return "out of memory";
    case SIM_ENOTFOUND: return "no such pending item";
    case SIM_ESTATE: return "operation not allowed in the current state";
    case SIM_EFULL: return "waiting line is full";
    case SIM_EGSL: return "numerical library error";
    case SIM_ESTALL: return "simulated time stopped advancing";
    default: return "unknown error";
    }
}

void sim_init(void)
{
    gsl_set_error_handler_off();
}
