/* Insert and delete: each checks, acts on the registry in one transaction (the response is
 * stored with the change) and answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "service/cbeff.h"
#include "service/engine_internal.h"
#include "service/fetch.h"
#include "service/status.h"

int svc__template_from_url(const char *url, core_template *t, char *why, size_t why_size)
{
    char *data = NULL;
    size_t len = 0;
    int rc = svc_fetch_url(url, SVC_CBEFF_MAX_BYTES, &data, &len, why, why_size);
    if (rc == SVC_ENOMEM)
        return SVC_FAIL_INTERNAL;
    if (rc != SVC_OK)
        return SVC_FAIL_FETCH;
    int problem = 0;
    rc = svc_cbeff_read(data, len, t, &problem, why, why_size);
    free(data);
    return rc == SVC_OK ? 0 : problem ? problem : SVC_FAIL_CBEFF_FORMAT;
}

int svc__replayed(svc__engine *e, const svc__job *j)
{
    char *response = NULL;
    const char *op = svc_msg_op_name(j->req.op) + strlen("mosip.abis."); /* as recorded */
    if (svc_store_replay(e->store, j->req.request_id, op, &response) != SVC_OK)
        return 0;
    svc__log(e, "%s requestId \"%.80s\" was redelivered: answered from the registry", op,
             j->req.request_id);
    svc__send(e, j, response);
    free(response);
    return 1;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Stores with change(), whose success response is written first so it is kept with it. */
typedef int (*change_fn)(svc_store *s, const char *reference_id, const core_template *t,
                         const char *request_id, const char *response, char *err,
                         size_t err_size);

static int do_delete(svc_store *s, const char *reference_id, const core_template *t,
                     const char *request_id, const char *response, char *err, size_t err_size)
{
    (void)t;
    return svc_store_delete(s, reference_id, request_id, response, err, err_size);
}

static void apply(svc__engine *e, const svc__job *j, change_fn change, const core_template *t,
                  int absent_failure)
{
    char err[256];
    char *ok = svc_msg_response(&j->req, 0, NULL, now_ms());
    int rc = ok ? change(e->store, j->req.reference_id, t, j->req.request_id, ok, err,
                         sizeof err)
                : SVC_ENOMEM;
    if (rc == SVC_OK)
        svc__send(e, j, ok);
    else
        svc__reply(e, j, rc == SVC_EINVAL ? absent_failure : SVC_FAIL_INTERNAL, NULL,
                   rc == SVC_ENOMEM ? "out of memory" : err);
    free(ok);
}

void svc__insert(svc__engine *e, const svc__job *j)
{
    if (svc__replayed(e, j))
        return;
    uint64_t row;
    if (svc_store_find(e->store, j->req.reference_id, &row) == SVC_OK) {
        svc__reply(e, j, SVC_FAIL_EXISTS, NULL, "referenceId exists");
        return;
    }
    core_template t;
    char why[256];
    int failure = svc__template_from_url(j->req.reference_url, &t, why, sizeof why);
    if (failure)
        svc__reply(e, j, failure, NULL, why);
    else
        apply(e, j, svc_store_insert, &t, SVC_FAIL_EXISTS);
}

void svc__delete(svc__engine *e, const svc__job *j)
{
    if (!svc__replayed(e, j))
        apply(e, j, do_delete, NULL, SVC_FAIL_NOT_FOUND);
}
