/* service/msg: request checks in their documented order with their failureReason codes,
 * requesttime parsing, and the exact response texts. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "service/msg.h"
#include "tests/check_run.h"

#define T "\"requesttime\": \"2020-03-29T07:01:24.692Z\""

static int failure_of(const char *body)
{
    svc_request r;
    ck_assert_int_eq(svc_msg_parse(body, strlen(body), &r), 0);
    int f = r.failure;
    svc_msg_request_fini(&r);
    return f;
}

START_TEST(order_of_checks)
{
    /* The first failing check wins: id before requestId before version before requesttime. */
    ck_assert_int_eq(failure_of("{\"version\": \"9\"}"), SVC_FAIL_ID);
    ck_assert_int_eq(failure_of("{\"id\": \"mosip.abis.ping\", \"version\": \"9\"}"),
                     SVC_FAIL_NO_REQUEST_ID);
    ck_assert_int_eq(failure_of("{\"id\": \"mosip.abis.ping\", \"requestId\": \"a\"}"),
                     SVC_FAIL_VERSION);
    ck_assert_int_eq(failure_of("{\"id\": \"mosip.abis.ping\", \"requestId\": \"a\","
                                " \"version\": \"1.1\"}"), SVC_FAIL_NO_REQUESTTIME);
    ck_assert_int_eq(failure_of("{\"id\": \"mosip.abis.ping\", \"requestId\": \"a\","
                                " \"version\": \"1.1\", " T "}"), 0);
    ck_assert_int_eq(failure_of("{\"id\": \"mosip.abis.insert\", \"requestId\": \"a\","
                                " \"version\": \"1.1\", " T "}"), SVC_FAIL_NO_REFERENCE_ID);
    ck_assert_int_eq(failure_of("{\"id\": \"mosip.abis.identify\", \"requestId\": \"a\","
                                " \"version\": \"1.1\", " T ", \"referenceURL\": \"x\"}"), 0);
}
END_TEST

START_TEST(identify_fields)
{
    const char *body = "{\"id\": \"mosip.abis.identify\", \"requestId\": \"q\", \"version\": "
                       "\"1.1\", " T ", \"referenceId\": \"p\", \"flags\": {\"maxResults\": "
                       "\"3\", \"targetFPIR\": 40, \"other\": \"kept out\"}, \"gallery\": "
                       "{\"referenceIds\": [{\"referenceId\": \"g1\"}, {\"referenceId\": \"g2\"}]}}";
    svc_request r;
    ck_assert_int_eq(svc_msg_parse(body, strlen(body), &r), 0);
    ck_assert_int_eq(r.failure, 0);
    ck_assert_int_eq(r.op, SVC_OP_IDENTIFY);
    ck_assert_str_eq(r.reference_id, "p");
    ck_assert_int_eq(r.max_results, 3);
    ck_assert_int_eq(r.target_fpir, 40);
    ck_assert_int_eq(r.has_gallery, 1);
    ck_assert_int_eq((int)r.gallery_count, 2);
    ck_assert_str_eq(r.gallery[1], "g2");
    svc_msg_request_fini(&r);
}
END_TEST

START_TEST(requesttime_strict)
{
    int64_t ms;
    ck_assert_int_eq(svc_msg_parse_time("2020-03-29T07:01:24.692Z", &ms), 0);
    ck_assert_int_eq((int)(ms % 1000), 692);
    ck_assert(ms == 1585465284692LL);
    ck_assert_int_eq(svc_msg_parse_time("2024-02-29T23:59:59.000Z", &ms), 0); /* leap day */
    const char *bad[] = {"2023-02-29T00:00:00.000Z", "2020-13-01T00:00:00.000Z",
                         "2020-03-29T24:00:00.000Z", "2020-03-29T07:01:24Z",
                         "2020-03-29T07:01:24.692", "2020-03-29 07:01:24.692Z", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(svc_msg_parse_time(bad[i], &ms) != 0, "accepted '%s'", bad[i]);
    char text[25];
    svc_msg_time(1585465284692LL, text);
    ck_assert_str_eq(text, "2020-03-29T07:01:24.692Z");
}
END_TEST

START_TEST(response_texts)
{
    svc_request r;
    const char *body = "{\"id\": \"mosip.abis.identify\", \"requestId\": \"q\", \"version\": "
                       "\"1.1\", " T ", \"referenceId\": \"p\"}";
    ck_assert_int_eq(svc_msg_parse(body, strlen(body), &r), 0);
    svc_msg_candidate c = {"ref-7", 0.1234, {0.1, 1.0}};
    svc_msg_extra x = {-1, -1, &c, 1, 1};
    char *ok = svc_msg_response(&r, 0, &x, 1585465284692LL);
    ck_assert_str_eq(ok, "{\"id\":\"mosip.abis.identify\",\"requestId\":\"q\",\"responsetime\":"
                         "\"2020-03-29T07:01:24.692Z\",\"returnValue\":\"1\",\"candidateList\":"
                         "{\"count\":\"1\",\"candidates\":[{\"referenceId\":\"ref-7\","
                         "\"analytics\":{\"internalScore\":\"0.1234\"},\"modalities\":[{"
                         "\"biometricType\":\"IIR\",\"analytics\":{\"internalScore\":\"0.1234\","
                         "\"leftEyeScore\":\"0.1000\",\"rightEyeScore\":\"1.0000\"}}]}]}}");
    char *bad = svc_msg_response(&r, 12, NULL, 1585465284692LL);
    ck_assert_str_eq(bad, "{\"id\":\"mosip.abis.identify\",\"requestId\":\"q\",\"responsetime\":"
                          "\"2020-03-29T07:01:24.692Z\",\"returnValue\":\"2\","
                          "\"failureReason\":\"12\"}");
    free(ok), free(bad);
    svc_msg_request_fini(&r);
}
END_TEST

START_TEST(oversized_and_binary)
{
    size_t n = SVC_MSG_MAX_BYTES + 1;
    char *big = malloc(n);
    ck_assert_ptr_nonnull(big);
    memset(big, '{', n);
    svc_request r;
    ck_assert_int_eq(svc_msg_parse(big, n, &r), 0);
    ck_assert_int_eq(r.failure, SVC_FAIL_STRUCTURE);
    svc_msg_request_fini(&r);
    for (size_t i = 0; i < 4096; i++)
        big[i] = (char)(i * 37 + 11);
    ck_assert_int_eq(svc_msg_parse(big, 4096, &r), 0);
    ck_assert_int_eq(r.failure, SVC_FAIL_STRUCTURE);
    svc_msg_request_fini(&r);
    free(big);
}
END_TEST

/* 10,000 random mutations of valid requests: each parses to a documented code (never a
 * crash), and its response is JSON with returnValue 1 exactly when the request was valid. */
START_TEST(mutations_get_a_code)
{
    static const char *const seeds[] = {
        "{\"id\": \"mosip.abis.identify\", \"version\": \"1.1\", \"requestId\": \"q\", " T
        ", \"referenceId\": \"p\", \"flags\": {\"maxResults\": \"3\"}, \"gallery\": "
        "{\"referenceIds\": [{\"referenceId\": \"g1\"}]}}",
        "{\"id\": \"mosip.abis.insert\", \"version\": \"1.1\", \"requestId\": \"q\", " T
        ", \"referenceId\": \"p\", \"referenceURL\": \"file:///x\"}"};
    static const int allowed[] = {0, 4, 5, 6, 8, 9, 13, 14, 15};
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    char buf[512];
    for (int round = 0; round < 10000; round++) {
        const char *seed = seeds[round % 2];
        size_t n = strlen(seed);
        memcpy(buf, seed, n);
        for (int m = 0; m < 1 + round % 4; m++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t at = (size_t)(x % n);
            if (x >> 60 == 0 && n > 1)
                n = at ? at : 1; /* truncate */
            else
                buf[at] = (char)(x >> 40); /* any byte, NUL included */
        }
        svc_request r;
        ck_assert_int_eq(svc_msg_parse(buf, n, &r), 0);
        int known = 0;
        for (size_t k = 0; k < sizeof allowed / sizeof *allowed; k++)
            known |= r.failure == allowed[k];
        ck_assert_msg(known, "code %d for mutation %d", r.failure, round);
        ck_assert(r.failure || svc_msg_op_name(r.op) != NULL);
        char *text = svc_msg_response(&r, r.failure, NULL, 0);
        ck_assert_ptr_nonnull(text);
        ck_assert_ptr_nonnull(strstr(text, r.failure ? "\"returnValue\":\"2\""
                                                     : "\"returnValue\":\"1\""));
        free(text);
        svc_msg_request_fini(&r);
    }
}
END_TEST

static Suite *msg_suite(void)
{
    Suite *s = suite_create("service_msg");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, order_of_checks);
    tcase_add_test(tc, identify_fields);
    tcase_add_test(tc, requesttime_strict);
    tcase_add_test(tc, response_texts);
    tcase_add_test(tc, oversized_and_binary);
    tcase_add_test(tc, mutations_get_a_code);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return ktp_check_run(msg_suite()); }
