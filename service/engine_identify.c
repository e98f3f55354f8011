/* Identify: resolve each probe (a stored reference or a referenceURL), search the whole-
 * gallery probes together in one pass and the gallery-restricted ones alone, keep each
 * request's candidates (below its threshold, at most maxResults, never the probe's own
 * reference), record the decisions in one transaction and answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/status.h"
#include "service/engine_internal.h"
#include "service/status.h"

typedef struct probe {
    svc__job *job;
    core_template t;
    int failure;      /* 0 ok; -1 answered already (redelivered); else failureReason */
    char why[256];
    uint64_t self;    /* the probe's own row id (0: none) */
    double below;     /* report candidates with a score below this */
    size_t max;       /* at most this many */
    core_candidate *found;
    size_t n_found;
} probe;

static void resolve(svc__engine *e, probe *p)
{
    const svc_request *r = &p->job->req;
    const svc_engine_config *c = e->cfg;
    if (svc__replayed(e, p->job)) {
        p->failure = -1;
        return;
    }
    p->max = r->max_results > 0 ? (size_t)r->max_results : (size_t)c->max_results;
    p->below = r->target_fpir >= 0 && c->threshold_for
                   ? c->threshold_for(r->target_fpir, svc_store_count(e->store), c->threshold_ctx)
                   : c->threshold;
    if (r->reference_id[0]) {
        const core_template *t = NULL;
        if (svc_store_find(e->store, r->reference_id, &p->self) == SVC_OK)
            t = core_gallery_find(svc_store_gallery(e->store), p->self);
        if (!t) {
            p->failure = SVC_FAIL_NOT_FOUND;
            snprintf(p->why, sizeof p->why, "referenceId not found");
            return;
        }
        p->t = *t;
    } else {
        p->failure = svc__template_from_url(r->reference_url, &p->t, p->why, sizeof p->why);
    }
}

static core_search_opts options(const svc__engine *e, size_t max, double below)
{
    core_search_opts o = {e->cfg->rotations, e->cfg->threads, max + 1, below, NULL, 0};
    return o; /* one extra candidate: the probe's own reference may take a place */
}

/* Searches a gallery-restricted probe on its own. */
static int search_restricted(svc__engine *e, probe *p)
{
    const svc_request *r = &p->job->req;
    uint64_t *only = malloc((r->gallery_count ? r->gallery_count : 1) * sizeof *only);
    size_t n = 0;
    if (!only)
        return CORE_ENOMEM;
    for (size_t k = 0; k < r->gallery_count; k++)
        if (svc_store_find(e->store, r->gallery[k], &only[n]) == SVC_OK)
            n++; /* the spec: never match a referenceId that is not in the database */
    core_search_opts o = options(e, p->max, p->below);
    o.only = only, o.only_count = n;
    int rc = core_gallery_identify(svc_store_gallery(e->store), &p->t, &o, p->found,
                                   &p->n_found, NULL);
    e->identifies++;
    e->passes++;
    free(only);
    return rc;
}

/* Searches the whole-gallery probes in one pass. */
static int search_together(svc__engine *e, probe *ps, size_t n)
{
    size_t k = 0, max = 1;
    double below = -1.0;
    core_template *probes = aligned_alloc(64, (n ? n : 1) * sizeof *probes);
    size_t *index = malloc((n ? n : 1) * sizeof *index), *counts = calloc(n ? n : 1, sizeof *counts);
    int rc = probes && index && counts ? CORE_OK : CORE_ENOMEM;
    for (size_t i = 0; i < n && rc == CORE_OK; i++)
        if (ps[i].failure == 0 && !ps[i].job->req.has_gallery) {
            probes[k] = ps[i].t;
            index[k++] = i;
            max = ps[i].max > max ? ps[i].max : max;
            below = ps[i].below > below ? ps[i].below : below;
        }
    core_search_opts o = options(e, max, below);
    core_candidate *out = rc == CORE_OK && k ? malloc(k * o.max_candidates * sizeof *out) : NULL;
    if (k && !out)
        rc = CORE_ENOMEM;
    if (rc == CORE_OK && k)
        rc = core_gallery_identify_batch(svc_store_gallery(e->store), probes, k, &o, out,
                                         counts, NULL);
    e->identifies += (long long)k;
    e->passes += k > 0;
    for (size_t i = 0; i < k && rc == CORE_OK; i++) {
        probe *p = &ps[index[i]];
        p->n_found = counts[i] < p->max + 1 ? counts[i] : p->max + 1; /* best first */
        memcpy(p->found, out + i * o.max_candidates, p->n_found * sizeof *out);
    }
    free(probes), free(index), free(counts), free(out);
    return rc;
}

/* The response of one searched probe (its candidates filtered to its own limits). */
static char *answer(svc__engine *e, const probe *p, int64_t now)
{
    svc_msg_candidate c[SVC_MSG_MAX_RESULTS];
    char (*refs)[SVC_MSG_ID_MAX + 1] = malloc((p->max + 1) * sizeof *refs);
    size_t n = 0;
    for (size_t i = 0; refs && i < p->n_found && n < p->max; i++) {
        const core_candidate *f = &p->found[i];
        if (f->person_id == p->self || !(f->score < p->below) ||
            svc_store_reference(e->store, f->person_id, refs[n], sizeof refs[n]) != SVC_OK)
            continue;
        c[n] = (svc_msg_candidate){refs[n], f->score, {f->eye_score[0], f->eye_score[1]}};
        n++;
    }
    svc_msg_extra x = {-1, -1, c, n, 1};
    char *text = refs ? svc_msg_response(&p->job->req, 0, &x, now) : NULL;
    free(refs);
    return text;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Records every searched probe's decision in one transaction, then answers them all. */
static void finish(svc__engine *e, probe *ps, size_t n, int search_rc)
{
    char **text = calloc(n, sizeof *text), err[256] = "";
    int recorded = text && svc_store_begin(e->store) == SVC_OK;
    int64_t now = now_ms();
    for (size_t i = 0; i < n && text; i++) {
        if (ps[i].failure || search_rc != CORE_OK)
            continue;
        text[i] = answer(e, &ps[i], now);
        if (text[i] && recorded)
            recorded = svc_store_decision(e->store, ps[i].job->req.request_id, "identify",
                                          ps[i].job->req.reference_id, text[i], err,
                                          sizeof err) == SVC_OK;
    }
    if (!recorded || svc_store_commit(e->store) != SVC_OK)
        svc__log(e, "identify decisions not recorded: %s", err[0] ? err : "registry error");
    for (size_t i = 0; i < n; i++) {
        if (ps[i].failure > 0)
            svc__reply(e, ps[i].job, ps[i].failure, NULL, ps[i].why);
        else if (ps[i].failure == 0 && text && text[i])
            svc__send(e, ps[i].job, text[i]);
        else if (ps[i].failure == 0)
            svc__reply(e, ps[i].job, SVC_FAIL_INTERNAL, NULL,
                       search_rc != CORE_OK ? core_strerror(search_rc) : "out of memory");
        if (text)
            free(text[i]);
    }
    free(text);
}

void svc__identify(svc__engine *e, svc__job *jobs, size_t n)
{
    probe *ps = calloc(n, sizeof *ps);
    if (!ps) {
        for (size_t i = 0; i < n; i++)
            svc__reply(e, &jobs[i], SVC_FAIL_INTERNAL, NULL, "out of memory");
        return;
    }
    char err[256];
    int rc = CORE_OK;
    if (svc_store_refresh(e->store, err, sizeof err) != SVC_OK)
        svc__log(e, "identify searches the gallery as it was: %s", err);
    for (size_t i = 0; i < n; i++) {
        ps[i].job = &jobs[i];
        resolve(e, &ps[i]);
        if (ps[i].failure == 0 && !(ps[i].found = malloc((ps[i].max + 1) * sizeof *ps[i].found)))
            rc = CORE_ENOMEM;
    }
    for (size_t i = 0; i < n && rc == CORE_OK; i++)
        if (ps[i].failure == 0 && jobs[i].req.has_gallery)
            rc = search_restricted(e, &ps[i]);
    if (rc == CORE_OK)
        rc = search_together(e, ps, n);
    finish(e, ps, n, rc);
    for (size_t i = 0; i < n; i++)
        free(ps[i].found);
    free(ps);
}
