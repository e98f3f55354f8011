/* The service loop: (re)connect, read what the broker pushed into an in-order queue, answer
 * ping and pendingJobs at once, and work the queue head (a run of identify requests at a
 * time), until a stop is asked for. */
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/iris.h"
#include "service/cbeff.h"
#include "service/engine_internal.h"
#include "service/fetch.h"
#include "service/status.h"

#define READ_WAIT_MS 200 /* how often an idle service looks at *stop */

void svc__log(svc__engine *e, const char *fmt, ...)
{
    if (!e->cfg->log)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    e->cfg->log(e->cfg->log_ctx, line);
}

static int64_t unix_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void svc__send(svc__engine *e, const svc__job *j, const char *response)
{
    char err[256];
    if (e->lost)
        return;
    if (svc_stomp_send(e->conn, e->cfg->outbound, response, strlen(response),
                       "application/json", err, sizeof err) != SVC_OK ||
        (j->ack && svc_stomp_ack(e->conn, j->ack, err, sizeof err) != SVC_OK)) {
        svc__log(e, "broker: %s", err);
        e->lost = 1;
    }
}

void svc__reply(svc__engine *e, const svc__job *j, int failure, const svc_msg_extra *extra,
                const char *why)
{
    char *text = svc_msg_response(&j->req, failure, extra, unix_ms());
    if (failure)
        svc__log(e, "%s requestId \"%.80s\": failureReason %d: %s",
                 j->req.id[0] ? j->req.id : "(no id)", j->req.request_id, failure,
                 why ? why : j->req.problem);
    if (!text) {
        svc__log(e, "out of memory writing a response; the message stays with the broker");
        e->lost = 1; /* reconnecting makes the broker redeliver it */
        return;
    }
    svc__send(e, j, text);
    free(text);
}

static void job_fini(svc__job *j)
{
    svc_msg_request_fini(&j->req);
    free(j->ack);
}

static int push(svc__engine *e, svc__job *j)
{
    if (e->tail == e->cap) {
        if (e->head > 0) {
            memmove(e->jobs, e->jobs + e->head, (e->tail - e->head) * sizeof *e->jobs);
            e->tail -= e->head;
            e->head = 0;
        } else {
            size_t cap = e->cap ? 2 * e->cap : 64;
            svc__job *p = realloc(e->jobs, cap * sizeof *p);
            if (!p)
                return SVC_ENOMEM;
            e->jobs = p, e->cap = cap;
        }
    }
    e->jobs[e->tail++] = *j;
    return SVC_OK;
}

/* A MESSAGE frame: parsed and answered now (malformed, ping, pendingJobs) or queued. */
static void on_message(svc__engine *e, svc_stomp_frame *f)
{
    svc__job j = {0};
    const char *ack = svc_stomp_header(f, "ack");
    j.ack = ack ? strdup(ack) : NULL;
    if (svc_msg_parse(f->body, f->body_len, &j.req) != SVC_OK || (ack && !j.ack)) {
        job_fini(&j);
        svc__log(e, "out of memory reading a message; it stays with the broker");
        e->lost = 1;
        return;
    }
    if (j.req.failure) {
        svc__reply(e, &j, j.req.failure, NULL, NULL);
    } else if (j.req.op == SVC_OP_PING) {
        svc__reply(e, &j, 0, NULL, NULL);
    } else if (j.req.op == SVC_OP_PENDING_JOBS) {
        svc_msg_extra x = {(long long)(e->tail - e->head), -1, NULL, 0, 0};
        svc__reply(e, &j, 0, &x, NULL);
    } else if (push(e, &j) == SVC_OK) {
        return;
    } else {
        svc__reply(e, &j, SVC_FAIL_INTERNAL, NULL, "out of memory queueing the request");
    }
    job_fini(&j);
}

/* Reads every frame that has arrived (waiting up to wait_ms for the first). */
static void read_frames(svc__engine *e, int wait_ms)
{
    char err[256];
    for (int n = 0; !e->lost && n < e->cfg->prefetch + 16; n++) {
        svc_stomp_frame f;
        int rc = svc_stomp_receive(e->conn, n == 0 ? wait_ms : 0, &f, err, sizeof err);
        if (rc == SVC_ETIMEOUT)
            return;
        if (rc != SVC_OK) {
            svc__log(e, "broker: %s", err);
            e->lost = 1;
            return;
        }
        if (strcmp(f.command, "MESSAGE") == 0) {
            on_message(e, &f);
        } else if (strcmp(f.command, "ERROR") == 0) {
            const char *m = svc_stomp_header(&f, "message");
            svc__log(e, "broker ERROR frame: %s", m ? m : "(no message)");
            e->lost = 1;
        }
        svc_stomp_frame_fini(&f);
    }
}

/* Works the queue head: one insert/delete/referenceCount, or a run of identify requests. */
static void work(svc__engine *e)
{
    svc__job *j = &e->jobs[e->head];
    size_t n = 1;
    if (j->req.op == SVC_OP_IDENTIFY) {
        while (e->head + n < e->tail && n < (size_t)e->cfg->batch_max &&
               e->jobs[e->head + n].req.op == SVC_OP_IDENTIFY)
            n++;
        svc__identify(e, j, n);
    } else if (j->req.op == SVC_OP_INSERT) {
        svc__insert(e, j);
    } else if (j->req.op == SVC_OP_DELETE) {
        svc__delete(e, j);
    } else {
        char err[256];
        if (svc_store_refresh(e->store, err, sizeof err) != SVC_OK)
            svc__log(e, "referenceCount counts the gallery as it was: %s", err);
        svc_msg_extra x = {-1, (long long)svc_store_count(e->store), NULL, 0, 0};
        svc__reply(e, j, 0, &x, NULL);
    }
    for (size_t k = 0; k < n; k++)
        job_fini(&e->jobs[e->head + k]);
    e->head += n;
}

static void drop_queue(svc__engine *e)
{
    for (size_t k = e->head; k < e->tail; k++)
        job_fini(&e->jobs[k]);
    e->head = e->tail = 0;
}

/* One connection's life: returns when it is lost or a stop is asked for. */
static void serve(svc__engine *e)
{
    while (!e->lost) {
        int stopping = *e->cfg->stop != 0;
        if (stopping && e->head == e->tail)
            return;
        if (!stopping)
            read_frames(e, e->head == e->tail ? READ_WAIT_MS : 0);
        if (!e->lost && e->head < e->tail)
            work(e);
    }
    /* Unanswered requests were not acknowledged: the broker redelivers them. */
    drop_queue(e);
}

static int connect_broker(svc__engine *e, int *announced)
{
    char err[256];
    int rc = svc_stomp_connect(&e->cfg->broker, &e->conn, err, sizeof err);
    if (rc == SVC_OK)
        rc = svc_stomp_subscribe(e->conn, e->cfg->inbound, "abis-in", e->cfg->prefetch, err,
                                 sizeof err);
    if (rc != SVC_OK) {
        if (!*announced)
            svc__log(e, "broker: %s; retrying every second", err);
        *announced = 1;
        svc_stomp_close(e->conn);
        e->conn = NULL;
        return rc;
    }
    svc__log(e, "connected to %s:%d, consuming %s, answering on %s", e->cfg->broker.host,
             e->cfg->broker.port, e->cfg->inbound, e->cfg->outbound);
    *announced = 0;
    e->lost = 0;
    return SVC_OK;
}

static int config_ok(const svc_engine_config *c, char *err, size_t err_size)
{
    const char *why = !c->inbound || !c->outbound ? "inbound and outbound queues are needed"
                      : !c->registry              ? "a registry file is needed"
                      : c->threads < 1            ? "threads must be at least 1"
                      : c->batch_max < 1 || c->batch_max > 256 ? "batch must be 1-256"
                      : c->prefetch < 1           ? "prefetch must be at least 1"
                      : c->max_results < 1        ? "max results must be at least 1"
                      : !c->stop                  ? "a stop flag is needed"
                                                  : NULL;
    if (why && err && err_size)
        snprintf(err, err_size, "%s", why);
    return why ? SVC_EINVAL : SVC_OK;
}

int svc_engine_run(const svc_engine_config *cfg, char *err, size_t err_size)
{
    int rc = config_ok(cfg, err, err_size);
    if (rc != SVC_OK)
        return rc;
    svc__engine e = {0};
    e.cfg = cfg;
    if ((rc = svc_store_open(cfg->registry, &e.store, err, err_size)) != SVC_OK)
        return rc;
    svc__log(&e, "registry %s: %zu references", cfg->registry, svc_store_count(e.store));
    int announced = 0;
    while (!*cfg->stop) {
        if (connect_broker(&e, &announced) != SVC_OK) {
            poll(NULL, 0, 1000);
            continue;
        }
        serve(&e);
        if (e.lost)
            svc__log(&e, "broker connection lost; reconnecting");
        svc_stomp_close(e.conn); /* DISCONNECT waits for the broker to take the last ACKs */
        e.conn = NULL;
    }
    svc__log(&e, "stopped: %zu references; %lld identify requests searched in %lld passes "
                 "over the gallery", svc_store_count(e.store), e.identifies, e.passes);
    svc_store_close(e.store);
    free(e.jobs);
    return SVC_OK;
}
