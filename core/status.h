/* Status codes shared by every core_ function: 0 is success, failures are negative.
 * core_strerror() gives a fixed English sentence for each; callers add context. */
#ifndef CORE_STATUS_H
#define CORE_STATUS_H

typedef enum core_status {
    CORE_OK = 0,
    CORE_EINVAL = -1,     /* an argument or input is malformed */
    CORE_ENOMEM = -2,     /* allocation failed */
    CORE_EIO = -3,        /* a file or database operation failed */
    CORE_ECORRUPT = -4,   /* a file is not what it claims (not SQLite, bad template) */
    CORE_EVERSION = -5,   /* a file was written by a newer version */
    CORE_ENOTFOUND = -6,  /* no such person, card, NIK or area code */
    CORE_EEXHAUSTED = -7, /* a serial space is used up (NIK serial 9999) */
    CORE_ESTATE = -8,     /* an illegal lifecycle transition */
    CORE_EEXIST = -9,     /* already present */
    CORE_EBUSY = -10      /* the database is locked by another writer */
} core_status;

/* A static sentence for a status; never NULL, also for unknown values. */
const char *core_strerror(int status);

#endif
