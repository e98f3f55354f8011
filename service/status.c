/* Sentences for the service's status codes. */
#include <stdarg.h>
#include <stdio.h>
#include "service/status.h"

const char *svc_strerror(int status)
{
    switch (status) {
    case SVC_OK: return "success";
    case SVC_EINVAL: return "invalid argument or input";
    case SVC_ENOMEM: return "out of memory";
    case SVC_EIO: return "connection or file I/O failed";
    case SVC_ETIMEOUT: return "timed out";
    case SVC_EPROTO: return "protocol error";
    case SVC_EFETCH: return "cannot fetch the referenceURL";
    case SVC_ECBEFF: return "malformed CBEFF document";
    case SVC_EDB: return "registry error";
    }
    return "unknown status";
}

int svc__fail(int status, char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return status;
}
