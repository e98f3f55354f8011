/* Status codes of the ABIS service library (service/): 0 is success, failures are negative.
 * svc_strerror() gives a fixed English sentence for each; callers add context in err. */
#ifndef SVC_STATUS_H
#define SVC_STATUS_H

#include <stddef.h>

typedef enum svc_status {
    SVC_OK = 0,
    SVC_EINVAL = -1,   /* an argument or input is malformed */
    SVC_ENOMEM = -2,   /* allocation failed */
    SVC_EIO = -3,      /* the connection or a file failed (reconnect or give up) */
    SVC_ETIMEOUT = -4, /* nothing arrived in the time allowed */
    SVC_EPROTO = -5,   /* the peer broke the protocol or sent an ERROR frame */
    SVC_EFETCH = -6,   /* a referenceURL could not be fetched */
    SVC_ECBEFF = -7,   /* a CBEFF document is malformed or holds no usable record */
    SVC_EDB = -8       /* the registry refused an operation */
} svc_status;

/* A static sentence for a status; never NULL, also for unknown values. */
const char *svc_strerror(int status);

/* Internal to service/: formats a sentence into err (if err and err_size) and returns status. */
int svc__fail(int status, char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
