/* Test helpers for the ABIS service against a real broker: the broker started by the ctest
 * fixture (its folder in KTPABIS_BROKER_DIR, port in its file "port"), a STOMP client that
 * sends requests and waits for the response with a given requestId, and the service as a
 * child process (KTPABIS_BIN). Every wait is bounded. */
#ifndef TESTS_ABIS_CLIENT_H
#define TESTS_ABIS_CLIENT_H

#include <cjson/cJSON.h>
#include <sys/types.h>
#include "service/stomp.h"

#define ABIS_CLIENT_STASH 1024

typedef struct abis_client {
    svc_stomp *conn;
    char inbound[128], outbound[128];
    cJSON *stash[ABIS_CLIENT_STASH]; /* responses read while waiting for another one */
    int stashed;
} abis_client;

/* The fixture broker's port (0 if unknown). */
int abis_broker_port(void);
/* Stops and starts the fixture broker on its port (its data kept). 0 on success. */
int abis_broker_restart(void);

/* Connects to the broker, consuming outbound. Retries for up to wait_s seconds. 0 on success. */
int abis_client_open(abis_client *c, const char *inbound, const char *outbound, int wait_s);
void abis_client_close(abis_client *c);
/* Sends body as is. 0 on success. */
int abis_client_send(abis_client *c, const char *body, size_t len);
/* Waits up to timeout_ms for the response whose requestId is request_id (others are kept
 * for abis_client_next). The parsed response (cJSON_Delete it) or NULL. */
cJSON *abis_client_wait(abis_client *c, const char *request_id, int timeout_ms);
/* The next response of any requestId (kept ones first) within timeout_ms, or NULL. */
cJSON *abis_client_next(abis_client *c, int timeout_ms);
/* send + wait. */
cJSON *abis_client_call(abis_client *c, const char *body, const char *request_id);

/* Starts `ktpabis serve` on the fixture broker with registry and queues; returns its pid once
 * it answers a ping (or -1). The ping goes through client (NULL: a client of its own; pass
 * the caller's when it consumes outbound, or the broker may hand the answer to it). */
pid_t abis_service_start(const char *registry, const char *inbound, const char *outbound,
                         abis_client *client);
/* SIGTERM and wait (bounded); returns the exit status, -1 if it had to be killed, -2 for a
 * pid <= 0 (nothing is signalled). */
int abis_service_stop(pid_t pid);

/* A request's text: op is "insert", "identify", ...; extra is more JSON members ("" or
 * starting with a comma). Returns a static buffer (valid until the next call). */
const char *abis_request(const char *op, const char *request_id, const char *extra);
/* Writes the CBEFF document of synthetic person seed (capture) into dir and returns its
 * file:// URL (static buffer). */
const char *abis_cbeff_url(const char *dir, unsigned long long seed, unsigned capture);

/* A response's string member, or "" if absent. */
const char *abis_text(const cJSON *response, const char *name);

#endif
