/* MOSIP ABIS API 0.9 messages (version "1.1"): parsing and checking a request, and writing
 * its response. Checks run in this order and the first failure wins (failureReason codes):
 *   body over SVC_MSG_MAX_BYTES, not JSON, not an object            -> 4
 *   "id" absent, not a string or not one of the six operations     -> 14
 *   "requestId" absent, null or ""                                  -> 6 (not a string: 4)
 *   "version" not the string "1.1"                                  -> 13
 *   "requesttime" absent, null or ""                                -> 9
 *   "requesttime" not yyyy-MM-ddTHH:mm:ss.SSSZ (a real UTC instant)  -> 15
 *   insert/delete: "referenceId" absent, null or ""                 -> 5
 *   insert: "referenceURL" absent, null or ""                       -> 8
 *   identify: neither a referenceId nor a referenceURL              -> 5
 *   any field of the wrong type, an id over SVC_MSG_ID_MAX bytes,
 *   flags.maxResults not an integer 1..SVC_MSG_MAX_RESULTS,
 *   flags.targetFPIR not an integer 0..200, a malformed gallery    -> 4
 * Numbers in flags may be JSON numbers or strings of digits (the spec's examples quote them).
 * Unknown fields are ignored (the spec lets flags carry more). Thread-safe, no globals. */
#ifndef SVC_MSG_H
#define SVC_MSG_H

#include <stddef.h>
#include <stdint.h>

#define SVC_MSG_MAX_BYTES (1u << 20) /* a bigger request gets failureReason 4 unread */
#define SVC_MSG_ID_MAX 256           /* bytes of a requestId or referenceId, NUL excluded */
#define SVC_MSG_MAX_RESULTS 1000

typedef enum svc_op {
    SVC_OP_UNKNOWN = 0,
    SVC_OP_INSERT,
    SVC_OP_IDENTIFY,
    SVC_OP_DELETE,
    SVC_OP_PING,
    SVC_OP_PENDING_JOBS,
    SVC_OP_REFERENCE_COUNT
} svc_op;

/* The ABIS API's failureReason codes this service sends. */
enum svc_failure {
    SVC_FAIL_INTERNAL = 1,
    SVC_FAIL_STRUCTURE = 4,
    SVC_FAIL_NO_REFERENCE_ID = 5,
    SVC_FAIL_NO_REQUEST_ID = 6,
    SVC_FAIL_FETCH = 7,
    SVC_FAIL_NO_URL = 8,
    SVC_FAIL_NO_REQUESTTIME = 9,
    SVC_FAIL_EXISTS = 10,
    SVC_FAIL_CBEFF_EMPTY = 11,
    SVC_FAIL_NOT_FOUND = 12,
    SVC_FAIL_VERSION = 13,
    SVC_FAIL_ID = 14,
    SVC_FAIL_REQUESTTIME = 15,
    SVC_FAIL_CBEFF_FORMAT = 16,
    SVC_FAIL_QUALITY = 18
};

typedef struct svc_request {
    svc_op op;
    int failure;                        /* 0: valid; else the failureReason to answer */
    char problem[160];                  /* why, for the log ("" when valid) */
    char id[64];                        /* "id" as sent (cut to 63 bytes), "" if not text */
    char request_id[SVC_MSG_ID_MAX + 1]; /* "" if absent or not text */
    char reference_id[SVC_MSG_ID_MAX + 1];
    char *reference_url;                /* malloc'd; NULL if absent or "" */
    long max_results;                   /* flags.maxResults; 0 = not given */
    int target_fpir;                    /* flags.targetFPIR; -1 = not given */
    char (*gallery)[SVC_MSG_ID_MAX + 1]; /* gallery.referenceIds, malloc'd */
    size_t gallery_count;
    int has_gallery;                    /* a "gallery" object was given (even if empty) */
} svc_request;

/* Parses body (len bytes, need not be NUL-terminated). Always fills *r (free with _fini);
 * returns SVC_OK, or SVC_ENOMEM (then r->failure is SVC_FAIL_INTERNAL). */
int svc_msg_parse(const char *body, size_t len, svc_request *r);
void svc_msg_request_fini(svc_request *r);

/* The operation's "id" text ("mosip.abis.insert", ...), or NULL for SVC_OP_UNKNOWN. */
const char *svc_msg_op_name(svc_op op);

/* One identify candidate for a response. */
typedef struct svc_msg_candidate {
    const char *reference_id;
    double score;        /* fused fractional Hamming distance, lower = more alike */
    double eye_score[2]; /* left, right; 1.0 = eye not usable */
} svc_msg_candidate;

/* What a success response carries beyond the common fields. */
typedef struct svc_msg_extra {
    long long jobscount;  /* pendingJobs: >= 0 to write "jobscount" */
    long long count;      /* referenceCount: >= 0 to write "count" */
    const svc_msg_candidate *candidates; /* identify: candidateList (may be 0 long) */
    size_t n_candidates;
    int is_identify;
} svc_msg_extra;

/* The response JSON for r: returnValue "1" when failure is 0, else "2" with failureReason.
 * responsetime is unix_ms as yyyy-MM-ddTHH:mm:ss.SSSZ. extra may be NULL. Returns a malloc'd
 * string (caller frees) or NULL when out of memory. */
char *svc_msg_response(const svc_request *r, int failure, const svc_msg_extra *extra,
                       int64_t unix_ms);

/* Formats unix_ms as yyyy-MM-ddTHH:mm:ss.SSSZ into out (25 bytes). */
void svc_msg_time(int64_t unix_ms, char out[25]);
/* Parses that format strictly; SVC_OK with *unix_ms, or SVC_EINVAL. */
int svc_msg_parse_time(const char *s, int64_t *unix_ms);

#endif
