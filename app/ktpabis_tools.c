/* Small ktpabis helpers: the CBEFF document of a synthetic person (for referenceURLs in tests
 * and examples), a free loopback port (for throwaway brokers), and sending request files. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "app/ktpabis_cmds.h"
#include "app/ktpcore_bio.h"
#include "core/iris.h"
#include "service/cbeff.h"
#include "service/status.h"

int ktpabis_cmd_cbeff(int argc, char **argv)
{
    long long seed = -1, capture = 0;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        bool ok = true;
        if (strcmp(argv[i], "--seed") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 0, INT64_MAX, &seed);
        else if (strcmp(argv[i], "--capture") == 0)
            ok = ktpcore_bio_long(argc, argv, &i, 0, UINT32_MAX, &capture);
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else
            ok = false;
        if (!ok) {
            fprintf(stderr, "usage: ktpabis cbeff --seed S [--capture C] [--out FILE]\n");
            return 2;
        }
    }
    if (seed < 0) {
        fprintf(stderr, "ktpabis cbeff: --seed S is required\n");
        return 2;
    }
    core_template t;
    char *xml;
    size_t len;
    if (core_iris_synth(ktpcore_bio_seed(0, (uint64_t)seed), (uint32_t)capture, NULL, &t) ||
        svc_cbeff_write(&t, &xml, &len) != SVC_OK) {
        fprintf(stderr, "ktpabis cbeff: out of memory\n");
        return 1;
    }
    FILE *f = out ? fopen(out, "w") : stdout;
    int bad = !f || fwrite(xml, 1, len, f) != len;
    if (f && out)
        bad |= fclose(f) != 0;
    free(xml);
    if (bad)
        fprintf(stderr, "ktpabis cbeff: cannot write %s\n", out ? out : "stdout");
    return bad;
}

int ktpabis_cmd_port(int argc, char **argv)
{
    (void)argc, (void)argv;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    socklen_t n = sizeof a;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &n) != 0) {
        fprintf(stderr, "ktpabis port: no free port on 127.0.0.1\n");
        return 1;
    }
    printf("%d\n", ntohs(a.sin_port));
    close(s);
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *p = NULL;
    size_t cap = 0;
    *len = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (*len + 65536 > cap) {
            char *q = realloc(p, cap = *len + 65536 + cap);
            if (!q)
                break;
            p = q;
        }
        size_t got = fread(p + *len, 1, cap - *len, f);
        *len += got;
        if (got == 0)
            break;
    }
    if (f != stdin)
        fclose(f);
    return p;
}

int ktpabis_cmd_request(int argc, char **argv)
{
    ktpabis_broker b;
    ktpabis_broker_default(&b);
    long long timeout_ms = 30000;
    int first_file = argc;
    for (int i = 1; i < argc && first_file == argc; i++) {
        int k = ktpabis_broker_option(argc, argv, &i, &b);
        if (k < 0)
            return 2;
        if (k == 0 && strcmp(argv[i], "--timeout-ms") == 0) {
            if (!ktpcore_bio_long(argc, argv, &i, 1, 3600000, &timeout_ms))
                return 2;
        } else if (k == 0) {
            first_file = i;
        }
    }
    if (first_file == argc) {
        fprintf(stderr, "usage: ktpabis request [broker options] [--timeout-ms T] FILE...\n");
        return 2;
    }
    char err[256];
    svc_stomp *c;
    if (svc_stomp_connect(&b.stomp, &c, err, sizeof err) != SVC_OK ||
        svc_stomp_subscribe(c, b.outbound, "replies", 64, err, sizeof err) != SVC_OK) {
        fprintf(stderr, "ktpabis request: %s\n", err);
        return 1;
    }
    int sent = 0, rc = 0;
    for (int i = first_file; i < argc && rc == 0; i++) {
        size_t len;
        char *body = read_file(argv[i], &len);
        if (!body || svc_stomp_send(c, b.inbound, body, len, "application/json", err,
                                    sizeof err) != SVC_OK) {
            fprintf(stderr, "ktpabis request: %s: %s\n", argv[i], body ? err : "cannot read");
            rc = 1;
        }
        sent += rc == 0;
        free(body);
    }
    for (int got = 0; got < sent && rc == 0; got++) {
        svc_stomp_frame f;
        if (svc_stomp_receive(c, (int)timeout_ms, &f, err, sizeof err) != SVC_OK) {
            fprintf(stderr, "ktpabis request: %d of %d responses arrived\n", got, sent);
            rc = 1;
            break;
        }
        if (strcmp(f.command, "MESSAGE") == 0) {
            printf("%s\n", f.body);
            const char *ack = svc_stomp_header(&f, "ack");
            if (ack)
                svc_stomp_ack(c, ack, NULL, 0);
        } else {
            got--;
        }
        svc_stomp_frame_fini(&f);
    }
    svc_stomp_close(c);
    return rc;
}
