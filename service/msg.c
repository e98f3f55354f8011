/* ABIS API requests in, responses out (cJSON). The checks follow the order in msg.h. */
#define _DEFAULT_SOURCE /* timegm */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "service/msg.h"
#include "service/status.h"

static const char *const OP_NAMES[] = {NULL,
                                       "mosip.abis.insert",
                                       "mosip.abis.identify",
                                       "mosip.abis.delete",
                                       "mosip.abis.ping",
                                       "mosip.abis.pendingJobs",
                                       "mosip.abis.referenceCount"};

const char *svc_msg_op_name(svc_op op)
{
    return op > SVC_OP_UNKNOWN && op <= SVC_OP_REFERENCE_COUNT ? OP_NAMES[op] : NULL;
}

static int refuse(svc_request *r, int failure, const char *fmt, ...)
{
    r->failure = failure;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->problem, sizeof r->problem, fmt, ap);
    va_end(ap);
    return failure;
}

/* A text field: 0 absent/null/""; 1 present (copied into out when out != NULL); -1 wrong type
 * or longer than max. */
static int text_field(const cJSON *obj, const char *name, char *out, size_t max)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v) || !v->valuestring)
        return -1;
    size_t n = strlen(v->valuestring);
    if (n == 0)
        return 0;
    if (n > max)
        return -1;
    if (out)
        memcpy(out, v->valuestring, n + 1);
    return 1;
}

int svc_msg_parse_time(const char *s, int64_t *unix_ms)
{
    static const char pattern[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (strlen(s) != sizeof pattern - 1)
        return SVC_EINVAL;
    for (size_t i = 0; pattern[i]; i++)
        if (pattern[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pattern[i])
            return SVC_EINVAL;
    struct tm tm = {0}, back;
    int ms;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
        return SVC_EINVAL;
    tm.tm_year -= 1900, tm.tm_mon -= 1;
    struct tm given = tm;
    time_t t = timegm(&tm);
    /* timegm normalises 2021-02-30 to March: a date that does not come back is not real. */
    if (given.tm_year < 70 || !gmtime_r(&t, &back) || back.tm_year != given.tm_year ||
        back.tm_mon != given.tm_mon || back.tm_mday != given.tm_mday ||
        back.tm_hour != given.tm_hour || back.tm_min != given.tm_min ||
        back.tm_sec != given.tm_sec)
        return SVC_EINVAL;
    *unix_ms = (int64_t)t * 1000 + ms;
    return SVC_OK;
}

void svc_msg_time(int64_t unix_ms, char out[25])
{
    time_t t = (time_t)(unix_ms / 1000);
    struct tm tm;
    char text[64]; /* wide enough for any field, so the compiler sees no truncation */
    gmtime_r(&t, &tm);
    snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             (int)(unix_ms % 1000));
    memcpy(out, text, 24);
    out[24] = '\0';
}

/* A flag given as a JSON integer or a string of digits, within lo..hi. 0 absent, 1 ok,
 * -1 malformed. */
static int int_flag(const cJSON *flags, const char *name, long lo, long hi, long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(flags, name);
    if (!v || cJSON_IsNull(v))
        return 0;
    double x;
    if (cJSON_IsNumber(v)) {
        x = v->valuedouble;
    } else if (cJSON_IsString(v) && v->valuestring[0] && strlen(v->valuestring) < 12 &&
               strspn(v->valuestring, "0123456789") == strlen(v->valuestring)) {
        x = (double)atol(v->valuestring);
    } else {
        return -1;
    }
    if (x != (double)(long)x || x < (double)lo || x > (double)hi)
        return -1;
    *out = (long)x;
    return 1;
}

static int parse_flags(const cJSON *root, svc_request *r)
{
    const cJSON *flags = cJSON_GetObjectItemCaseSensitive(root, "flags");
    if (!flags || cJSON_IsNull(flags))
        return 0;
    if (!cJSON_IsObject(flags))
        return refuse(r, SVC_FAIL_STRUCTURE, "flags is not an object");
    long fpir = -1;
    if (int_flag(flags, "maxResults", 1, SVC_MSG_MAX_RESULTS, &r->max_results) < 0)
        return refuse(r, SVC_FAIL_STRUCTURE, "flags.maxResults is not an integer 1-%d",
                      SVC_MSG_MAX_RESULTS);
    if (int_flag(flags, "targetFPIR", 0, 200, &fpir) < 0)
        return refuse(r, SVC_FAIL_STRUCTURE, "flags.targetFPIR is not an integer 0-200");
    r->target_fpir = (int)fpir;
    return 0;
}

static int parse_gallery(const cJSON *root, svc_request *r)
{
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(root, "gallery");
    if (!g || cJSON_IsNull(g))
        return 0;
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(g, "referenceIds");
    if (!cJSON_IsObject(g) || !cJSON_IsArray(ids))
        return refuse(r, SVC_FAIL_STRUCTURE, "gallery is not an object with a referenceIds array");
    r->has_gallery = 1;
    size_t n = (size_t)cJSON_GetArraySize(ids), k = 0;
    r->gallery = calloc(n ? n : 1, sizeof *r->gallery);
    if (!r->gallery)
        return refuse(r, SVC_FAIL_INTERNAL, "out of memory");
    const cJSON *item;
    cJSON_ArrayForEach(item, ids) {
        if (!cJSON_IsObject(item) || text_field(item, "referenceId", r->gallery[k], SVC_MSG_ID_MAX) != 1)
            return refuse(r, SVC_FAIL_STRUCTURE, "gallery.referenceIds[%zu] has no referenceId text", k);
        k++;
    }
    r->gallery_count = k;
    return 0;
}

static int parse_operation(const cJSON *root, svc_request *r)
{
    int ref = text_field(root, "referenceId", r->reference_id, SVC_MSG_ID_MAX);
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(root, "referenceURL");
    int has_url = text_field(root, "referenceURL", NULL, SIZE_MAX);
    if (r->op == SVC_OP_INSERT || r->op == SVC_OP_DELETE || r->op == SVC_OP_IDENTIFY) {
        if (ref < 0)
            return refuse(r, SVC_FAIL_STRUCTURE, "referenceId is not text of at most %d bytes",
                          SVC_MSG_ID_MAX);
        if (has_url < 0)
            return refuse(r, SVC_FAIL_STRUCTURE, "referenceURL is not text");
        if (ref == 0 && (r->op != SVC_OP_IDENTIFY || has_url == 0))
            return refuse(r, SVC_FAIL_NO_REFERENCE_ID, "no referenceId");
        if (r->op == SVC_OP_INSERT && has_url == 0)
            return refuse(r, SVC_FAIL_NO_URL, "no referenceURL");
    }
    if (has_url == 1 && r->op != SVC_OP_DELETE && !(r->reference_url = strdup(url->valuestring)))
        return refuse(r, SVC_FAIL_INTERNAL, "out of memory");
    if (r->op == SVC_OP_IDENTIFY && !parse_flags(root, r))
        return parse_gallery(root, r);
    return r->failure;
}

static int parse_common(const cJSON *root, svc_request *r)
{
    /* requestId is read first so that every response it can carry echoes it. */
    int rid = text_field(root, "requestId", r->request_id, SVC_MSG_ID_MAX);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (cJSON_IsString(id)) {
        snprintf(r->id, sizeof r->id, "%s", id->valuestring);
        for (svc_op op = SVC_OP_INSERT; op <= SVC_OP_REFERENCE_COUNT; op++)
            if (strcmp(id->valuestring, OP_NAMES[op]) == 0)
                r->op = op;
    }
    if (r->op == SVC_OP_UNKNOWN)
        return refuse(r, SVC_FAIL_ID, "id is not one of the ABIS operations");
    if (rid < 0)
        return refuse(r, SVC_FAIL_STRUCTURE, "requestId is not text of at most %d bytes",
                      SVC_MSG_ID_MAX);
    if (rid == 0)
        return refuse(r, SVC_FAIL_NO_REQUEST_ID, "no requestId");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (!cJSON_IsString(version) || strcmp(version->valuestring, "1.1") != 0)
        return refuse(r, SVC_FAIL_VERSION, "version is not \"1.1\"");
    const cJSON *when = cJSON_GetObjectItemCaseSensitive(root, "requesttime");
    int64_t ms;
    if (!when || cJSON_IsNull(when) || (cJSON_IsString(when) && !when->valuestring[0]))
        return refuse(r, SVC_FAIL_NO_REQUESTTIME, "no requesttime");
    if (!cJSON_IsString(when) || svc_msg_parse_time(when->valuestring, &ms) != SVC_OK)
        return refuse(r, SVC_FAIL_REQUESTTIME, "requesttime is not yyyy-MM-ddTHH:mm:ss.SSSZ");
    return parse_operation(root, r);
}

int svc_msg_parse(const char *body, size_t len, svc_request *r)
{
    memset(r, 0, sizeof *r);
    r->target_fpir = -1;
    if (len > SVC_MSG_MAX_BYTES) {
        refuse(r, SVC_FAIL_STRUCTURE, "body of %zu bytes is over %u", len, SVC_MSG_MAX_BYTES);
        return SVC_OK;
    }
    cJSON *root = cJSON_ParseWithLength(body, len);
    if (!root)
        refuse(r, SVC_FAIL_STRUCTURE, "not JSON");
    else if (!cJSON_IsObject(root))
        refuse(r, SVC_FAIL_STRUCTURE, "not a JSON object");
    else
        parse_common(root, r);
    cJSON_Delete(root);
    return r->failure == SVC_FAIL_INTERNAL ? SVC_ENOMEM : SVC_OK;
}

void svc_msg_request_fini(svc_request *r)
{
    free(r->reference_url);
    free(r->gallery);
    r->reference_url = NULL;
    r->gallery = NULL;
}

static cJSON *candidate_json(const svc_msg_candidate *c)
{
    char text[32];
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "referenceId", c->reference_id);
    cJSON *analytics = cJSON_AddObjectToObject(item, "analytics");
    snprintf(text, sizeof text, "%.4f", c->score);
    cJSON_AddStringToObject(analytics, "internalScore", text);
    cJSON *modality = cJSON_CreateObject();
    cJSON_AddStringToObject(modality, "biometricType", "IIR");
    cJSON *eyes = cJSON_AddObjectToObject(modality, "analytics");
    cJSON_AddStringToObject(eyes, "internalScore", text);
    for (int e = 0; e < 2; e++) {
        snprintf(text, sizeof text, "%.4f", c->eye_score[e]);
        cJSON_AddStringToObject(eyes, e ? "rightEyeScore" : "leftEyeScore", text);
    }
    cJSON_AddItemToArray(cJSON_AddArrayToObject(item, "modalities"), modality);
    return item;
}

static void add_count(cJSON *root, const char *name, long long v)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", v);
    cJSON_AddStringToObject(root, name, text);
}

char *svc_msg_response(const svc_request *r, int failure, const svc_msg_extra *x,
                       int64_t unix_ms)
{
    char when[25], code[8];
    svc_msg_time(unix_ms, when);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    const char *name = svc_msg_op_name(r->op);
    cJSON_AddStringToObject(root, "id", name ? name : r->id);
    cJSON_AddStringToObject(root, "requestId", r->request_id);
    cJSON_AddStringToObject(root, "responsetime", when);
    cJSON_AddStringToObject(root, "returnValue", failure ? "2" : "1");
    if (failure) {
        snprintf(code, sizeof code, "%d", failure);
        cJSON_AddStringToObject(root, "failureReason", code);
    } else if (x) {
        if (x->jobscount >= 0)
            add_count(root, "jobscount", x->jobscount);
        if (x->count >= 0)
            add_count(root, "count", x->count);
        if (x->is_identify) {
            cJSON *list = cJSON_AddObjectToObject(root, "candidateList");
            add_count(list, "count", (long long)x->n_candidates);
            cJSON *items = cJSON_AddArrayToObject(list, "candidates");
            for (size_t i = 0; i < x->n_candidates; i++)
                cJSON_AddItemToArray(items, candidate_json(&x->candidates[i]));
        }
    }
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}
