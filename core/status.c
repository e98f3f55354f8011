/* Fixed messages for core_status codes. */
#include "core/status.h"

const char *core_strerror(int status)
{
    switch (status) {
    case CORE_OK: return "success";
    case CORE_EINVAL: return "invalid argument or input";
    case CORE_ENOMEM: return "out of memory";
    case CORE_EIO: return "input/output error";
    case CORE_ECORRUPT: return "file is corrupt or not of the expected kind";
    case CORE_EVERSION: return "file was written by a newer version of ktpcore";
    case CORE_ENOTFOUND: return "not found";
    case CORE_EEXHAUSTED: return "serial numbers exhausted";
    case CORE_ESTATE: return "illegal state transition";
    case CORE_EEXIST: return "already exists";
    case CORE_EBUSY: return "database is busy";
    }
    return "unknown error";
}
