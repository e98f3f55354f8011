/* Test helpers for the ABIS service (see abis_client.h). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "core/iris.h"
#include "service/cbeff.h"
#include "service/status.h"
#include "tests/service/abis_client.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int abis_broker_port(void)
{
    const char *dir = getenv("KTPABIS_BROKER_DIR");
    char path[4096];
    int port = 0;
    snprintf(path, sizeof path, "%s/port", dir ? dir : ".");
    FILE *f = fopen(path, "r");
    if (f && fscanf(f, "%d", &port) != 1)
        port = 0;
    if (f)
        fclose(f);
    return port;
}

int abis_broker_restart(void)
{
    const char *dir = getenv("KTPABIS_BROKER_DIR"), *script = getenv("KTPABIS_BROKER_SCRIPT");
    char cmd[8192];
    if (!dir || !script)
        return -1;
    snprintf(cmd, sizeof cmd, "'%s' stop '%s' && '%s' start '%s' %d >/dev/null", script, dir,
             script, dir, abis_broker_port());
    return system(cmd) == 0 ? 0 : -1;
}

int abis_client_open(abis_client *c, const char *inbound, const char *outbound, int wait_s)
{
    svc_stomp_config cfg = {"127.0.0.1", abis_broker_port(), NULL, NULL, NULL, 5000, NULL};
    c->stashed = 0;
    snprintf(c->inbound, sizeof c->inbound, "%s", inbound);
    snprintf(c->outbound, sizeof c->outbound, "%s", outbound);
    double deadline = now_s() + wait_s;
    do {
        if (svc_stomp_connect(&cfg, &c->conn, NULL, 0) == SVC_OK) {
            if (svc_stomp_subscribe(c->conn, outbound, "tests", 100, NULL, 0) == SVC_OK)
                return 0;
            svc_stomp_close(c->conn);
        }
        poll(NULL, 0, 200);
    } while (now_s() < deadline);
    c->conn = NULL;
    return -1;
}

int abis_client_send(abis_client *c, const char *body, size_t len)
{
    return svc_stomp_send(c->conn, c->inbound, body, len, "application/json", NULL, 0) == SVC_OK
               ? 0 : -1;
}

static cJSON *unstash(abis_client *c, int k)
{
    cJSON *r = c->stash[k];
    memmove(c->stash + k, c->stash + k + 1, (size_t)(c->stashed - k - 1) * sizeof *c->stash);
    c->stashed--;
    return r;
}

static void stash(abis_client *c, cJSON *r)
{
    if (c->stashed == ABIS_CLIENT_STASH)
        cJSON_Delete(unstash(c, 0)); /* the oldest goes */
    c->stash[c->stashed++] = r;
}

void abis_client_close(abis_client *c)
{
    while (c->stashed)
        cJSON_Delete(unstash(c, 0));
    svc_stomp_close(c->conn);
    c->conn = NULL;
}

/* The next response off the connection (not the stash). */
static cJSON *receive_one(abis_client *c, int timeout_ms)
{
    double deadline = now_s() + timeout_ms / 1e3;
    while (now_s() < deadline) {
        svc_stomp_frame f;
        int wait = (int)((deadline - now_s()) * 1e3) + 1;
        if (svc_stomp_receive(c->conn, wait, &f, NULL, 0) != SVC_OK)
            return NULL;
        cJSON *r = NULL;
        if (strcmp(f.command, "MESSAGE") == 0) {
            const char *ack = svc_stomp_header(&f, "ack");
            if (ack)
                svc_stomp_ack(c->conn, ack, NULL, 0);
            r = cJSON_ParseWithLength(f.body, f.body_len);
        }
        svc_stomp_frame_fini(&f);
        if (r)
            return r;
    }
    return NULL;
}

cJSON *abis_client_next(abis_client *c, int timeout_ms)
{
    return c->stashed ? unstash(c, 0) : receive_one(c, timeout_ms);
}

cJSON *abis_client_wait(abis_client *c, const char *request_id, int timeout_ms)
{
    for (int k = 0; k < c->stashed; k++)
        if (strcmp(abis_text(c->stash[k], "requestId"), request_id) == 0)
            return unstash(c, k);
    double deadline = now_s() + timeout_ms / 1e3;
    cJSON *r;
    while ((r = receive_one(c, (int)((deadline - now_s()) * 1e3) + 1))) {
        if (strcmp(abis_text(r, "requestId"), request_id) == 0)
            return r;
        stash(c, r);
    }
    return NULL;
}

cJSON *abis_client_call(abis_client *c, const char *body, const char *request_id)
{
    if (abis_client_send(c, body, strlen(body)) != 0)
        return NULL;
    return abis_client_wait(c, request_id, 20000);
}

pid_t abis_service_start(const char *registry, const char *inbound, const char *outbound,
                         abis_client *client)
{
    const char *bin = getenv("KTPABIS_BIN");
    char port[16];
    snprintf(port, sizeof port, "%d", abis_broker_port());
    pid_t pid = fork();
    if (pid == 0) {
        execl(bin, bin, "serve", "--registry", registry, "--port", port, "--inbound", inbound,
              "--outbound", outbound, "--threads", "2", (char *)NULL);
        _exit(127);
    }
    if (pid < 0)
        return -1;
    abis_client own, *c = client ? client : &own;
    if (!client && abis_client_open(&own, inbound, outbound, 20) != 0) {
        abis_service_stop(pid);
        return -1;
    }
    char id[64];
    snprintf(id, sizeof id, "start-ping-%d", (int)pid);
    cJSON *r = abis_client_call(c, abis_request("ping", id, ""), id);
    if (!client)
        abis_client_close(&own);
    if (!r) {
        abis_service_stop(pid);
        return -1;
    }
    cJSON_Delete(r);
    return pid;
}

int abis_service_stop(pid_t pid)
{
    int status = 0;
    /* Never signal a pid <= 0: kill(-1, ...) would reach every process we may signal. */
    if (pid <= 0)
        return -2;
    kill(pid, SIGTERM);
    for (int i = 0; i < 300; i++) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        poll(NULL, 0, 50);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

const char *abis_request(const char *op, const char *request_id, const char *extra)
{
    static char text[4096];
    snprintf(text, sizeof text,
             "{\"id\": \"mosip.abis.%s\", \"version\": \"1.1\", \"requestId\": \"%s\","
             " \"requesttime\": \"2020-03-29T07:01:24.692Z\"%s}",
             op, request_id, extra);
    return text;
}

const char *abis_cbeff_url(const char *dir, unsigned long long seed, unsigned capture)
{
    static char url[4200];
    char path[4096];
    snprintf(path, sizeof path, "%s/person-%llu-%u.xml", dir, seed, capture);
    core_template t;
    char *xml = NULL;
    size_t len = 0;
    FILE *f = fopen(path, "w");
    if (!f || core_iris_synth(seed, capture, NULL, &t) != 0 ||
        svc_cbeff_write(&t, &xml, &len) != SVC_OK || fwrite(xml, 1, len, f) != len)
        path[0] = '\0';
    if (f)
        fclose(f);
    free(xml);
    snprintf(url, sizeof url, "file://%s", path);
    return url;
}

const char *abis_text(const cJSON *response, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(response, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}
