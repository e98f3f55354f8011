/* Internal to service/engine*.c: the running service's state and one queued job. */
#ifndef SVC_ENGINE_INTERNAL_H
#define SVC_ENGINE_INTERNAL_H

#include "service/engine.h"
#include "service/msg.h"
#include "service/store.h"

typedef struct svc__job {
    svc_request req;
    char *ack; /* the MESSAGE frame's ack header, malloc'd */
} svc__job;

typedef struct svc__engine {
    const svc_engine_config *cfg;
    svc_stomp *conn;
    svc_store *store;
    svc__job *jobs; /* queued requests: jobs[head .. tail) */
    size_t head, tail, cap;
    int lost;       /* the connection failed: stop using it */
    long long identifies, passes; /* identify requests searched; passes over the gallery */
} svc__engine;

/* Logs a formatted line through cfg->log. */
void svc__log(svc__engine *e, const char *fmt, ...);
/* Sends response text for job j and acknowledges it (a failure marks the connection lost). */
void svc__send(svc__engine *e, const svc__job *j, const char *response);
/* Builds and sends the response (failure 0 = success) for j; logs failures. */
void svc__reply(svc__engine *e, const svc__job *j, int failure, const svc_msg_extra *extra,
                const char *why);

/* Reads the template a referenceURL serves: 0, or the failureReason (7, 11, 16, 18) with a
 * sentence in why (engine_ops.c). */
int svc__template_from_url(const char *url, core_template *t, char *why, size_t why_size);
/* The recorded response of a redelivered request, sent again: 1 if there was one. */
int svc__replayed(svc__engine *e, const svc__job *j);

/* Insert and delete (engine_ops.c). */
void svc__insert(svc__engine *e, const svc__job *j);
void svc__delete(svc__engine *e, const svc__job *j);
/* Identify jobs[0 .. n): searched together where they allow (engine_identify.c). */
void svc__identify(svc__engine *e, svc__job *jobs, size_t n);

#endif
