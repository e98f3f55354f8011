/* A STOMP 1.2 client (https://stomp.github.io/stomp-specification-1.2.html) over one TCP
 * connection: CONNECT, SUBSCRIBE with client-individual acknowledgement, SEND, ACK,
 * DISCONNECT with a receipt, and frames read with a timeout. Heart-beating is off (0,0), so
 * a dead broker shows up as a failed read or write. A handle is not thread-safe: one thread
 * uses it. Errors return svc_status codes and write a sentence to err (err_size bytes, may
 * be NULL). */
#ifndef SVC_STOMP_H
#define SVC_STOMP_H

#include <stddef.h>

#define SVC_STOMP_MAX_HEADERS 32
#define SVC_STOMP_MAX_FRAME (32u << 20) /* bytes; a larger frame is a protocol error */

typedef struct svc_stomp svc_stomp;

typedef struct svc_stomp_config {
    const char *host;     /* "127.0.0.1" */
    int port;             /* 61613 is STOMP's usual port */
    const char *login;    /* NULL: no login header */
    const char *passcode; /* NULL: no passcode header */
    const char *vhost;    /* the CONNECT host header; NULL = host */
    int timeout_ms;       /* connect and CONNECTED wait; 0 = 10,000 */
    /* ActiveMQ's amq-msg-type header on every SEND: "text" makes JMS consumers get a
     * TextMessage, "bytes" a BytesMessage; NULL sends none (ActiveMQ then makes a frame with
     * content-length a BytesMessage). */
    const char *message_type;
} svc_stomp_config;

/* A received frame. Header names and values are unescaped; body has body_len bytes plus a
 * terminating NUL that is not part of the body. Owned by the frame: svc_stomp_frame_fini. */
typedef struct svc_stomp_frame {
    char command[16];
    int n_headers;
    char *names[SVC_STOMP_MAX_HEADERS], *values[SVC_STOMP_MAX_HEADERS];
    char *body;
    size_t body_len;
} svc_stomp_frame;

/* Connects and logs in. SVC_OK; SVC_EIO (no connection); SVC_EPROTO (ERROR frame, e.g. bad
 * credentials, its message in err); SVC_ETIMEOUT; SVC_ENOMEM; SVC_EINVAL. */
int svc_stomp_connect(const svc_stomp_config *cfg, svc_stomp **out, char *err, size_t err_size);

/* Sends DISCONNECT, waits up to 2 s for its RECEIPT (so ACKs sent before it are processed),
 * closes the socket and frees the handle. NULL is fine. */
void svc_stomp_close(svc_stomp *c);

/* SUBSCRIBE to destination ("/queue/name") under subscription id; ack client-individual;
 * prefetch = how many unacknowledged messages the broker may push (ActiveMQ's
 * activemq.prefetchSize header), >= 1. SVC_OK or SVC_EIO. */
int svc_stomp_subscribe(svc_stomp *c, const char *destination, const char *id, int prefetch,
                        char *err, size_t err_size);

/* SEND body (len bytes) to destination, persistent, with content-type (NULL: none).
 * SVC_OK or SVC_EIO. */
int svc_stomp_send(svc_stomp *c, const char *destination, const char *body, size_t len,
                   const char *content_type, char *err, size_t err_size);

/* ACK the message whose MESSAGE frame carried header ack:ack_id. SVC_OK or SVC_EIO. */
int svc_stomp_ack(svc_stomp *c, const char *ack_id, char *err, size_t err_size);

/* Reads the next frame (heart-beat newlines skipped), waiting up to timeout_ms (0: only what
 * has arrived; -1: for ever). SVC_OK (fill *frame); SVC_ETIMEOUT; SVC_EIO (closed); SVC_EPROTO
 * (malformed or over SVC_STOMP_MAX_FRAME); SVC_ENOMEM. An ERROR frame is returned as a frame. */
int svc_stomp_receive(svc_stomp *c, int timeout_ms, svc_stomp_frame *frame, char *err,
                      size_t err_size);

/* The value of header name (the first one, as 1.2 requires), or NULL. */
const char *svc_stomp_header(const svc_stomp_frame *f, const char *name);
void svc_stomp_frame_fini(svc_stomp_frame *f);

/* The socket, for poll() by a caller that waits on several things. */
int svc_stomp_fd(const svc_stomp *c);
/* Whether a complete or partial frame is already buffered (poll would not see it). */
int svc_stomp_buffered(const svc_stomp *c);

#endif
