/* Fetches a referenceURL: http:// and https:// through libcurl (redirects not followed, a
 * 10 s timeout), file:// from an absolute local path. Nothing else is fetched. */
#ifndef SVC_FETCH_H
#define SVC_FETCH_H

#include <stddef.h>

/* Initialises libcurl once per process before threads fetch; _cleanup at exit. */
int svc_fetch_init(void);
void svc_fetch_cleanup(void);

/* Reads url into a malloc'd buffer *data of *len bytes (NUL-terminated for convenience; the
 * caller frees it). Refuses more than max_bytes. SVC_OK; SVC_EFETCH (unsupported scheme,
 * unreachable, HTTP status other than 200, missing file, over max_bytes) with a sentence in
 * err; SVC_ENOMEM. Thread-safe after svc_fetch_init. */
int svc_fetch_url(const char *url, size_t max_bytes, char **data, size_t *len, char *err,
                  size_t err_size);

#endif
