/* `ktpabis load`: the open-loop load test of a running ABIS service. A sender thread sends
 * identify requests (and optionally inserts) at Poisson arrival times whatever the answers
 * do, so a backlog shows up as latency instead of slowing the sender; the main thread takes
 * the answers. The probes are those of `ktpcore bench` with the same seed, gallery, queries
 * and dup share (ktpcore_bio_probe), against a gallery filled by `ktpabis fill`, so FNIR and
 * FPIR can be compared one to one. Writes JSON (stdout, and load.json with the series and a
 * gnuplot plot in --out DIR) and optionally a calibration file for abis.mode "embedded". */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "app/ktpabis_cmds.h"
#include "app/ktpabis_load.h"
#include "app/ktpcore_bio.h"
#include "core/iris.h"
#include "service/cbeff.h"
#include "service/status.h"

static double now_s(void) { return ktpcore_bio_now(); }

static void sleep_until(double t)
{
    double wait = t - now_s();
    if (wait > 0) {
        struct timespec ts = {(time_t)wait, (long)((wait - floor(wait)) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

/* Writes the CBEFF file of each request's person into the probe folder. */
static int write_probes(load_run *L)
{
    for (long long k = 0; k < L->arrivals; k++) {
        core_template t;
        uint64_t mate = 0;
        int rc = L->kind[k] == LOAD_IDENTIFY
                     ? ktpcore_bio_probe((uint64_t)L->cfg.seed, L->cfg.gallery, L->cfg.queries,
                                         L->cfg.dup_share, L->query[k], &mate, &t)
                     : core_iris_synth(ktpcore_bio_seed((uint64_t)L->cfg.seed,
                                                        (uint64_t)(L->cfg.gallery +
                                                                   L->cfg.queries + k)),
                                       0, NULL, &t);
        L->mate[k] = mate;
        char path[4200], *xml;
        size_t len;
        snprintf(path, sizeof path, "%s/p%lld.xml", L->probe_dir, k);
        FILE *f = fopen(path, "w");
        int bad = rc != 0 || !f || svc_cbeff_write(&t, &xml, &len) != SVC_OK;
        bad = bad || fwrite(xml, 1, len, f) != len;
        if (f)
            bad |= fclose(f) != 0;
        if (!bad)
            free(xml);
        if (bad)
            return -1;
    }
    return 0;
}

/* Arrival k's request text. */
static void request_text(const load_run *L, long long k, char *out, size_t size)
{
    const char *op = L->kind[k] == LOAD_IDENTIFY ? "identify" : "insert";
    char ref[128] = "";
    if (L->kind[k] == LOAD_INSERT)
        snprintf(ref, sizeof ref, "\"referenceId\": \"load-new-%s-%lld\", ", L->run_id, k);
    snprintf(out, size,
             "{\"id\": \"mosip.abis.%s\", \"version\": \"1.1\", \"requestId\": \"load-%s-%lld\", "
             "\"requesttime\": \"2020-03-29T07:01:24.692Z\", %s\"referenceURL\": "
             "\"file://%s/p%lld.xml\"}", op, L->run_id, k, ref, L->probe_dir, k);
}

static void *sender(void *arg)
{
    load_run *L = arg;
    char body[8192], err[256];
    double next_pending = L->t0;
    for (long long k = 0; k < L->arrivals && !L->failed; k++) {
        while (next_pending <= L->arrival_s[k] && L->n_pending_sent < LOAD_MAX_PENDING) {
            sleep_until(next_pending);
            snprintf(body, sizeof body,
                     "{\"id\": \"mosip.abis.pendingJobs\", \"version\": \"1.1\", "
                     "\"requestId\": \"pj-%s-%d\", \"requesttime\": \"2020-03-29T07:01:24.692Z\"}",
                     L->run_id, L->n_pending_sent);
            L->pending_sent_s[L->n_pending_sent++] = now_s();
            if (svc_stomp_send(L->send_conn, L->cfg.broker.inbound, body, strlen(body), NULL, err,
                               sizeof err) != SVC_OK)
                L->failed = 1;
            next_pending += L->cfg.pending_every_s;
        }
        sleep_until(L->arrival_s[k]);
        request_text(L, k, body, sizeof body);
        L->sent_s[k] = now_s();
        if (svc_stomp_send(L->send_conn, L->cfg.broker.inbound, body, strlen(body),
                           "application/json", err, sizeof err) != SVC_OK) {
            fprintf(stderr, "ktpabis load: %s\n", err);
            L->failed = 1;
        }
    }
    L->sender_done = 1;
    return NULL;
}

/* Poisson arrivals at cfg.rate until cfg.queries identify requests; a share are inserts. */
static int plan_arrivals(load_run *L)
{
    long long cap = L->cfg.queries * 2 + 16, q = 0, k = 0;
    L->kind = calloc((size_t)cap, sizeof *L->kind);
    L->query = calloc((size_t)cap, sizeof *L->query);
    L->arrival_s = calloc((size_t)cap, sizeof *L->arrival_s);
    if (!L->kind || !L->query || !L->arrival_s)
        return -1;
    uint64_t state = ktpcore_bio_seed((uint64_t)L->cfg.seed, 0x10ad);
    double t = 0.0;
    while (q < L->cfg.queries && k < cap) {
        double u1 = (double)((state = ktpcore_bio_seed(state, 1)) >> 11) / 9007199254740992.0;
        double u2 = (double)((state = ktpcore_bio_seed(state, 2)) >> 11) / 9007199254740992.0;
        t += -log1p(-u1) / L->cfg.rate;
        L->arrival_s[k] = t;
        L->kind[k] = u2 < L->cfg.insert_share ? LOAD_INSERT : LOAD_IDENTIFY;
        L->query[k] = L->kind[k] == LOAD_IDENTIFY ? q++ : -1;
        k++;
    }
    L->arrivals = k;
    return 0;
}

static int alloc_run(load_run *L)
{
    size_t n = (size_t)L->arrivals;
    L->mate = calloc(n, sizeof *L->mate);
    L->sent_s = calloc(n, sizeof *L->sent_s);
    L->done_s = calloc(n, sizeof *L->done_s);
    L->outcome = calloc(n, sizeof *L->outcome);
    return L->mate && L->sent_s && L->done_s && L->outcome ? 0 : -1;
}

static void free_run(load_run *L)
{
    free(L->kind), free(L->query), free(L->arrival_s), free(L->mate);
    free(L->sent_s), free(L->done_s), free(L->outcome);
}

static int load_usage(const char *why)
{
    if (why)
        fprintf(stderr, "ktpabis load: %s\n", why);
    fprintf(stderr, "usage: ktpabis load --gallery N --rate R --queries Q [broker options] "
                    "[--dup-share D] [--insert-share I] [--seed S] [--rotations R] "
                    "[--drain-s S] [--pending-every-ms T] [--out DIR] [--calibrate FILE]\n");
    return 2;
}

static int parse_load(int argc, char **argv, load_cfg *c)
{
    long long pending_ms = 500, drain = 60;
    memset(c, 0, sizeof *c);
    ktpabis_broker_default(&c->broker);
    c->seed = 1, c->dup_share = 0.5, c->rotations = CORE_IRIS_DEFAULT_ROTATIONS;
    for (int i = 1; i < argc; i++) {
        int k = ktpabis_broker_option(argc, argv, &i, &c->broker);
        bool ok = k >= 0;
        const char *a = argv[i];
        if (k != 0)
            ;
        else if (strcmp(a, "--gallery") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 100000000LL, &c->gallery);
        else if (strcmp(a, "--queries") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 1000000LL, &c->queries);
        else if (strcmp(a, "--seed") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 0, INT64_MAX, &c->seed);
        else if (strcmp(a, "--rotations") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, CORE_IRIS_MAX_ROTATIONS, &c->rotations);
        else if (strcmp(a, "--drain-s") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 1, 86400, &drain);
        else if (strcmp(a, "--pending-every-ms") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 10, 600000, &pending_ms);
        else if (strcmp(a, "--rate") == 0)
            ok = ktpcore_bio_double(argc, argv, &i, 1e-3, 1e6, &c->rate);
        else if (strcmp(a, "--dup-share") == 0)
            ok = ktpcore_bio_double(argc, argv, &i, 0.0, 1.0, &c->dup_share);
        else if (strcmp(a, "--insert-share") == 0)
            ok = ktpcore_bio_double(argc, argv, &i, 0.0, 0.9, &c->insert_share);
        else if ((strcmp(a, "--out") == 0 || strcmp(a, "--calibrate") == 0) && i + 1 < argc)
            *(a[2] == 'o' ? &c->out : &c->calibrate) = argv[++i];
        else
            return load_usage("unknown option or missing value");
        if (!ok)
            return load_usage(NULL);
    }
    if (!c->gallery || !c->queries || c->rate <= 0)
        return load_usage("--gallery N, --rate R and --queries Q are required");
    c->pending_every_s = (double)pending_ms / 1e3;
    c->drain_s = (double)drain;
    return 0;
}

static int connect_both(load_run *L)
{
    char err[256];
    if (svc_stomp_connect(&L->cfg.broker.stomp, &L->recv_conn, err, sizeof err) != SVC_OK ||
        svc_stomp_subscribe(L->recv_conn, L->cfg.broker.outbound, "load", 1000, err,
                            sizeof err) != SVC_OK ||
        svc_stomp_connect(&L->cfg.broker.stomp, &L->send_conn, err, sizeof err) != SVC_OK) {
        fprintf(stderr, "ktpabis load: %s\n", err);
        return -1;
    }
    return 0;
}

int ktpabis_cmd_load(int argc, char **argv)
{
    load_run *L = calloc(1, sizeof *L); /* the pendingJobs arrays are too big for a stack */
    if (!L) {
        fprintf(stderr, "ktpabis load: out of memory\n");
        return 1;
    }
    int rc = parse_load(argc, argv, &L->cfg);
    if (rc) {
        free(L);
        return rc;
    }
    snprintf(L->probe_dir, sizeof L->probe_dir, "%s/ktpabis-load-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (plan_arrivals(L) || alloc_run(L) || !mkdtemp(L->probe_dir)) {
        fprintf(stderr, "ktpabis load: out of memory or no temporary folder\n");
        free_run(L);
        free(L);
        return 1;
    }
    L->loadavg = ktpcore_bio_loadavg();
    snprintf(L->run_id, sizeof L->run_id, "%lld.%d", (long long)time(NULL), (int)getpid());
    rc = write_probes(L) == 0 ? 0 : 1;
    if (rc)
        fprintf(stderr, "ktpabis load: cannot write probe files in %s\n", L->probe_dir);
    if (rc == 0 && connect_both(L) != 0)
        rc = 1;
    pthread_t tid;
    if (rc == 0) {
        L->t0 = now_s() + 0.2;
        for (long long k = 0; k < L->arrivals; k++)
            L->arrival_s[k] += L->t0;
        rc = pthread_create(&tid, NULL, sender, L) == 0 ? 0 : 1;
        if (rc == 0) {
            load_collect(L);
            pthread_join(tid, NULL);
            rc = load_report(L);
        }
    }
    svc_stomp_close(L->send_conn);
    svc_stomp_close(L->recv_conn);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", L->probe_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "ktpabis load: could not remove %s\n", L->probe_dir);
    free_run(L);
    free(L);
    return rc;
}
