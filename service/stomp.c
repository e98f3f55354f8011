/* STOMP 1.2 over TCP: frame encoding with header escapes, a growing read buffer parsed
 * frame by frame (content-length bodies may hold NULs), and poll() for timeouts. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "service/status.h"
#include "service/stomp.h"

struct svc_stomp {
    int fd;
    char message_type[8]; /* "" = no amq-msg-type header */
    char *buf; /* received bytes not yet parsed: buf[0 .. len) */
    size_t len, cap;
    unsigned receipts;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int write_all(svc_stomp *c, const char *p, size_t n, char *err, size_t err_size)
{
    while (n > 0) {
        ssize_t k = send(c->fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return svc__fail(SVC_EIO, err, err_size, "broker connection lost while sending: %s",
                        k < 0 ? strerror(errno) : "closed");
        p += k;
        n -= (size_t)k;
    }
    return SVC_OK;
}

/* A growable string for building frames. */
typedef struct out_buf {
    char *p;
    size_t len, cap;
    int oom;
} out_buf;

static void put(out_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p, b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void put_str(out_buf *b, const char *s) { put(b, s, strlen(s)); }

/* Header values escaped as 1.2 requires (\\, \n, \r, \c); CONNECT frames are not escaped. */
static void put_escaped(out_buf *b, const char *s, int escape)
{
    for (; *s; s++) {
        const char *e = !escape ? NULL : *s == '\\' ? "\\\\" : *s == '\n' ? "\\n"
                        : *s == '\r' ? "\\r" : *s == ':' ? "\\c" : NULL;
        if (e)
            put_str(b, e);
        else
            put(b, s, 1);
    }
}

/* Sends command with headers (name, value pairs, NULL-terminated) and body. */
static int send_frame(svc_stomp *c, const char *command, const char *const *headers,
                      const char *body, size_t body_len, char *err, size_t err_size)
{
    out_buf b = {0};
    int escape = strcmp(command, "CONNECT") != 0;
    put_str(&b, command);
    put_str(&b, "\n");
    for (int i = 0; headers[i]; i += 2) {
        put_escaped(&b, headers[i], escape);
        put_str(&b, ":");
        put_escaped(&b, headers[i + 1], escape);
        put_str(&b, "\n");
    }
    if (body) {
        char n[32];
        snprintf(n, sizeof n, "content-length:%zu\n", body_len);
        put_str(&b, n);
    }
    put_str(&b, "\n");
    if (body)
        put(&b, body, body_len);
    put(&b, "", 1); /* the frame's NUL */
    int rc = b.oom ? svc__fail(SVC_ENOMEM, err, err_size, "out of memory building a %s frame",
                          command)
                   : write_all(c, b.p, b.len, err, err_size);
    free(b.p);
    return rc;
}

static int unescape(char *s, int escape)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (!escape || *r != '\\') {
            *w++ = *r;
            continue;
        }
        r++;
        char ch = *r == '\\' ? '\\' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r == 'c' ? ':' : 0;
        if (!ch)
            return SVC_EPROTO; /* 1.2: an undefined escape is a fatal protocol error */
        *w++ = ch;
    }
    *w = '\0';
    return SVC_OK;
}

void svc_stomp_frame_fini(svc_stomp_frame *f)
{
    for (int i = 0; i < f->n_headers; i++)
        free(f->names[i]), free(f->values[i]);
    free(f->body);
    memset(f, 0, sizeof *f);
}

const char *svc_stomp_header(const svc_stomp_frame *f, const char *name)
{
    for (int i = 0; i < f->n_headers; i++)
        if (strcmp(f->names[i], name) == 0)
            return f->values[i];
    return NULL;
}

static int add_header(svc_stomp_frame *f, const char *line, size_t n, int escape)
{
    const char *colon = memchr(line, ':', n);
    if (!colon)
        return SVC_EPROTO;
    if (f->n_headers == SVC_STOMP_MAX_HEADERS)
        return SVC_OK; /* more headers than any broker frame we use carries: ignore the rest */
    size_t k = (size_t)(colon - line);
    char *name = strndup(line, k), *value = strndup(colon + 1, n - k - 1);
    if (!name || !value) {
        free(name), free(value);
        return SVC_ENOMEM;
    }
    f->names[f->n_headers] = name, f->values[f->n_headers] = value;
    f->n_headers++;
    if (unescape(name, escape) != SVC_OK || unescape(value, escape) != SVC_OK)
        return SVC_EPROTO;
    return SVC_OK;
}

/* Parses one frame from the buffer. SVC_OK (consumed), SVC_ETIMEOUT (incomplete), or an
 * error. *used gets the bytes the frame took. */
static int parse_frame(const char *buf, size_t len, svc_stomp_frame *f, size_t *used)
{
    size_t pos = 0;
    while (pos < len && (buf[pos] == '\n' || buf[pos] == '\r'))
        pos++; /* heart-beats and frame-trailing EOLs */
    const char *end = memchr(buf + pos, '\n', len - pos);
    if (!end)
        return len - pos > 64 ? SVC_EPROTO : SVC_ETIMEOUT;
    size_t n = (size_t)(end - (buf + pos));
    if (n > 0 && buf[pos + n - 1] == '\r')
        n--;
    if (n == 0 || n >= sizeof f->command)
        return SVC_EPROTO;
    memcpy(f->command, buf + pos, n);
    f->command[n] = '\0';
    pos = (size_t)(end - buf) + 1;
    int escape = strcmp(f->command, "CONNECTED") != 0, rc;
    for (;;) {
        end = memchr(buf + pos, '\n', len - pos);
        if (!end)
            return SVC_ETIMEOUT;
        n = (size_t)(end - (buf + pos));
        size_t line = n > 0 && buf[pos + n - 1] == '\r' ? n - 1 : n;
        if (line == 0) {
            pos += n + 1;
            break;
        }
        if ((rc = add_header(f, buf + pos, line, escape)) != SVC_OK)
            return rc;
        pos += n + 1;
    }
    const char *cl = svc_stomp_header(f, "content-length");
    size_t body_len;
    if (cl) {
        char *stop;
        unsigned long long v = strtoull(cl, &stop, 10);
        if (*cl < '0' || *cl > '9' || *stop || v > SVC_STOMP_MAX_FRAME)
            return SVC_EPROTO;
        body_len = (size_t)v;
        if (len - pos < body_len + 1)
            return SVC_ETIMEOUT;
        if (buf[pos + body_len] != '\0')
            return SVC_EPROTO;
    } else {
        const char *nul = memchr(buf + pos, '\0', len - pos);
        if (!nul)
            return SVC_ETIMEOUT;
        body_len = (size_t)(nul - (buf + pos));
    }
    f->body = malloc(body_len + 1);
    if (!f->body)
        return SVC_ENOMEM;
    memcpy(f->body, buf + pos, body_len);
    f->body[body_len] = '\0';
    f->body_len = body_len;
    *used = pos + body_len + 1;
    return SVC_OK;
}

static int try_parse(svc_stomp *c, svc_stomp_frame *f)
{
    size_t used = 0;
    memset(f, 0, sizeof *f);
    if (c->len == 0)
        return SVC_ETIMEOUT; /* nothing buffered (buf may still be NULL) */
    int rc = parse_frame(c->buf, c->len, f, &used);
    if (rc != SVC_OK) {
        svc_stomp_frame_fini(f);
        if (rc == SVC_ETIMEOUT && c->len > SVC_STOMP_MAX_FRAME + 4096)
            rc = SVC_EPROTO;
        return rc;
    }
    memmove(c->buf, c->buf + used, c->len - used);
    c->len -= used;
    return SVC_OK;
}

/* Reads what the socket has (waiting up to wait_ms). SVC_OK, SVC_ETIMEOUT, SVC_EIO. */
static int fill(svc_stomp *c, int wait_ms)
{
    struct pollfd p = {c->fd, POLLIN, 0};
    int k = poll(&p, 1, wait_ms);
    if (k < 0)
        return errno == EINTR ? SVC_ETIMEOUT : SVC_EIO;
    if (k == 0)
        return SVC_ETIMEOUT;
    if (c->cap - c->len < 65536) {
        size_t cap = c->cap * 2 > c->len + 65536 ? c->cap * 2 : c->len + 65536;
        char *b = realloc(c->buf, cap);
        if (!b)
            return SVC_ENOMEM;
        c->buf = b, c->cap = cap;
    }
    ssize_t got = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return SVC_ETIMEOUT;
    if (got <= 0)
        return SVC_EIO;
    c->len += (size_t)got;
    return SVC_OK;
}

int svc_stomp_receive(svc_stomp *c, int timeout_ms, svc_stomp_frame *frame, char *err,
                      size_t err_size)
{
    double deadline = now_ms() + timeout_ms;
    for (;;) {
        int rc = try_parse(c, frame);
        if (rc == SVC_OK)
            return rc;
        if (rc != SVC_ETIMEOUT)
            return svc__fail(rc, err, err_size, "malformed or oversized frame from the broker");
        int wait = timeout_ms < 0 ? -1 : (int)(deadline - now_ms());
        rc = fill(c, timeout_ms < 0 ? -1 : wait > 0 ? wait : 0);
        if (rc == SVC_EIO)
            return svc__fail(rc, err, err_size, "the broker closed the connection");
        if (rc == SVC_ENOMEM)
            return svc__fail(rc, err, err_size, "out of memory reading a frame");
        if (rc == SVC_ETIMEOUT && timeout_ms >= 0 && now_ms() >= deadline)
            return try_parse(c, frame) == SVC_OK ? SVC_OK : SVC_ETIMEOUT;
    }
}

static int open_socket(const svc_stomp_config *cfg, int *fd, char *err, size_t err_size)
{
    char port[16];
    snprintf(port, sizeof port, "%d", cfg->port);
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int g = getaddrinfo(cfg->host, port, &hints, &res);
    if (g != 0)
        return svc__fail(SVC_EIO, err, err_size, "cannot resolve %s: %s", cfg->host, gai_strerror(g));
    int last = 0;
    *fd = -1;
    for (struct addrinfo *a = res; a && *fd < 0; a = a->ai_next) {
        int s = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (s < 0)
            continue;
        if (connect(s, a->ai_addr, a->ai_addrlen) == 0) {
            *fd = s;
        } else {
            last = errno;
            close(s);
        }
    }
    freeaddrinfo(res);
    if (*fd < 0)
        return svc__fail(SVC_EIO, err, err_size, "cannot connect to the broker at %s:%d: %s",
                    cfg->host, cfg->port, strerror(last));
    int one = 1;
    setsockopt(*fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return SVC_OK;
}

int svc_stomp_connect(const svc_stomp_config *cfg, svc_stomp **out, char *err, size_t err_size)
{
    *out = NULL;
    if (!cfg || !cfg->host || cfg->port <= 0 || cfg->port > 65535)
        return svc__fail(SVC_EINVAL, err, err_size, "a broker host and a port 1-65535 are needed");
    if (cfg->message_type && strcmp(cfg->message_type, "text") != 0 &&
        strcmp(cfg->message_type, "bytes") != 0)
        return svc__fail(SVC_EINVAL, err, err_size, "message type must be text or bytes");
    svc_stomp *c = calloc(1, sizeof *c);
    if (!c)
        return svc__fail(SVC_ENOMEM, err, err_size, "out of memory");
    snprintf(c->message_type, sizeof c->message_type, "%s",
             cfg->message_type ? cfg->message_type : "");
    int rc = open_socket(cfg, &c->fd, err, err_size);
    if (rc != SVC_OK) {
        free(c);
        return rc;
    }
    const char *h[16] = {"accept-version", "1.2", "host", cfg->vhost ? cfg->vhost : cfg->host,
                         "heart-beat", "0,0"};
    int k = 6;
    if (cfg->login)
        h[k++] = "login", h[k++] = cfg->login;
    if (cfg->passcode)
        h[k++] = "passcode", h[k++] = cfg->passcode;
    rc = send_frame(c, "CONNECT", h, NULL, 0, err, err_size);
    svc_stomp_frame f;
    if (rc == SVC_OK)
        rc = svc_stomp_receive(c, cfg->timeout_ms > 0 ? cfg->timeout_ms : 10000, &f, err,
                               err_size);
    if (rc == SVC_ETIMEOUT)
        svc__fail(rc, err, err_size, "the broker did not answer CONNECT");
    if (rc == SVC_OK) {
        if (strcmp(f.command, "CONNECTED") != 0) {
            const char *m = svc_stomp_header(&f, "message");
            rc = svc__fail(SVC_EPROTO, err, err_size, "the broker refused the connection: %s",
                      m ? m : f.command);
        }
        svc_stomp_frame_fini(&f);
    }
    if (rc != SVC_OK) {
        close(c->fd);
        free(c->buf);
        free(c);
        return rc;
    }
    *out = c;
    return SVC_OK;
}

void svc_stomp_close(svc_stomp *c)
{
    if (!c)
        return;
    const char *h[] = {"receipt", "bye", NULL};
    if (send_frame(c, "DISCONNECT", h, NULL, 0, NULL, 0) == SVC_OK) {
        svc_stomp_frame f;
        double deadline = now_ms() + 2000;
        while (now_ms() < deadline) {
            if (svc_stomp_receive(c, (int)(deadline - now_ms()) + 1, &f, NULL, 0) != SVC_OK)
                break;
            int done = strcmp(f.command, "RECEIPT") == 0;
            svc_stomp_frame_fini(&f);
            if (done)
                break;
        }
    }
    close(c->fd);
    free(c->buf);
    free(c);
}

int svc_stomp_subscribe(svc_stomp *c, const char *destination, const char *id, int prefetch,
                        char *err, size_t err_size)
{
    char pf[16];
    snprintf(pf, sizeof pf, "%d", prefetch > 0 ? prefetch : 1);
    const char *h[] = {"destination", destination, "id", id, "ack", "client-individual",
                       "activemq.prefetchSize", pf, NULL};
    return send_frame(c, "SUBSCRIBE", h, NULL, 0, err, err_size);
}

int svc_stomp_send(svc_stomp *c, const char *destination, const char *body, size_t len,
                   const char *content_type, char *err, size_t err_size)
{
    const char *h[10] = {"destination", destination, "persistent", "true"}; /* NULL-ended */
    int k = 4;
    if (c->message_type[0])
        h[k++] = "amq-msg-type", h[k++] = c->message_type;
    if (content_type)
        h[k++] = "content-type", h[k++] = content_type;
    return send_frame(c, "SEND", h, body, len, err, err_size);
}

int svc_stomp_ack(svc_stomp *c, const char *ack_id, char *err, size_t err_size)
{
    const char *h[] = {"id", ack_id, NULL};
    return send_frame(c, "ACK", h, NULL, 0, err, err_size);
}

int svc_stomp_fd(const svc_stomp *c) { return c->fd; }

int svc_stomp_buffered(const svc_stomp *c) { return c->len > 0; }
