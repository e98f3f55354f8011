/* Descriptions of viz_status codes. */
#include "viz/status.h"

const char *viz_strerror(int status)
{
    switch (status) {
    case VIZ_OK: return "ok";
    case VIZ_EINPUT: return "missing or malformed result file";
    case VIZ_EIO: return "cannot write output";
    case VIZ_ENOGNUPLOT: return "gnuplot not found on PATH";
    case VIZ_EGNUPLOT: return "gnuplot failed";
    case VIZ_ENOMEM: return "out of memory";
    case VIZ_ESDL: return "SDL failed";
    case VIZ_EARG: return "bad argument";
    default: return "unknown status";
    }
}
