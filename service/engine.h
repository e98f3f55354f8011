/* The ABIS service loop: consumes MOSIP ABIS API requests from an inbound queue and answers
 * each on an outbound queue, in arrival order, until *stop becomes non-zero.
 * - Every message gets exactly one response (failureReason codes in service/msg.h) and is
 *   acknowledged to the broker only after its response was sent and its decision committed;
 *   a message the broker redelivers (the service died before its ACK) is answered from the
 *   recorded decision instead of being acted on twice.
 * - ping and pendingJobs are answered as soon as they are read; the others in order, so an
 *   identify sees every insert and delete queued before it. pendingJobs counts requests read
 *   from the broker and not yet answered (the broker's own backlog is not visible over STOMP).
 * - Identify requests waiting back to back (whole-gallery searches) are searched together,
 *   up to batch_max in one pass over the gallery (core_gallery_identify_batch).
 * - A lost broker connection is retried every second until it comes back or *stop is set;
 *   unacknowledged messages are then redelivered by the broker.
 * - When *stop is set, requests already read are finished and answered, then the connection
 *   is closed with DISCONNECT (what was not read stays with the broker). */
#ifndef SVC_ENGINE_H
#define SVC_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include "service/stomp.h"

typedef struct svc_engine_config {
    svc_stomp_config broker;
    const char *inbound;   /* destination to consume, e.g. "/queue/ktp-to-abis" */
    const char *outbound;  /* destination to answer on, e.g. "/queue/abis-to-ktp" */
    const char *registry;  /* the registry file (created if absent) */
    int threads;           /* search threads; >= 1 */
    int rotations;         /* 0 = CORE_IRIS_DEFAULT_ROTATIONS */
    int batch_max;         /* identify requests searched in one pass, 1..256 */
    int prefetch;          /* unacknowledged messages the broker may push, >= 1 */
    double threshold;      /* candidates need a fused score below this without targetFPIR */
    long max_results;      /* candidates returned when the request sets no maxResults */
    /* The score below which a candidate is returned for targetFPIR t over a gallery of n
     * (NULL: targetFPIR is ignored and threshold used). */
    double (*threshold_for)(int target_fpir, size_t gallery, void *ctx);
    void *threshold_ctx;
    /* One line per event worth keeping (refused message, reconnect, ...); NULL = silent. */
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
    volatile sig_atomic_t *stop; /* set by a signal handler */
} svc_engine_config;

/* Runs until *stop. SVC_OK after a clean stop; SVC_EDB/SVC_ENOMEM/SVC_EINVAL if the registry
 * cannot be opened or the configuration is invalid (a sentence in err). */
int svc_engine_run(const svc_engine_config *cfg, char *err, size_t err_size);

#endif
