/* Conformance of `ktpabis serve` to the MOSIP ABIS API 0.9 against a real ActiveMQ broker
 * (started once by the ctest fixture): every operation's success path, the failure reasons,
 * 23 malformed messages with their codes, the service's restart and SIGTERM drain, and a
 * broker restart. The tests run in order in one process (CK_FORK=no) on one service. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/check_run.h"
#include "tests/service/abis_client.h"

static char dir[4096], registry[4200], inbound[64], outbound[64];
static pid_t service = -1;
static abis_client client;

static void setup(void)
{
    const char *base = getenv("KTPABIS_TEST_DIR");
    snprintf(dir, sizeof dir, "%s/abis-XXXXXX", base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(registry, sizeof registry, "%s/registry.sqlite", dir);
    snprintf(inbound, sizeof inbound, "/queue/test-in-%d", (int)getpid());
    snprintf(outbound, sizeof outbound, "/queue/test-out-%d", (int)getpid());
    service = abis_service_start(registry, inbound, outbound, NULL);
    ck_assert_int_gt(service, 0);
    ck_assert_int_eq(abis_client_open(&client, inbound, outbound, 20), 0);
}

static void teardown(void)
{
    abis_client_close(&client);
    if (service > 0)
        abis_service_stop(service);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static cJSON *call(const char *op, const char *request_id, const char *extra)
{
    cJSON *r = abis_client_call(&client, abis_request(op, request_id, extra), request_id);
    ck_assert_msg(r != NULL, "no response to %s %s", op, request_id);
    return r;
}

/* Asserts the response is a failure with code (or success when code is NULL). */
static void expect(cJSON *r, const char *op, const char *code)
{
    ck_assert_str_eq(abis_text(r, "id"), op);
    ck_assert_str_eq(abis_text(r, "returnValue"), code ? "2" : "1");
    ck_assert_str_eq(abis_text(r, "failureReason"), code ? code : "");
    ck_assert_int_eq((int)strlen(abis_text(r, "responsetime")), 24);
    cJSON_Delete(r);
}

static void insert(const char *request_id, const char *reference_id, const char *url,
                   const char *code)
{
    char extra[9000];
    snprintf(extra, sizeof extra, ", \"referenceId\": \"%s\", \"referenceURL\": \"%s\"",
             reference_id, url);
    expect(call("insert", request_id, extra), "mosip.abis.insert", code);
}

static long count_references(const char *request_id)
{
    cJSON *r = call("referenceCount", request_id, "");
    long n = atol(abis_text(r, "count"));
    ck_assert_str_eq(abis_text(r, "returnValue"), "1");
    cJSON_Delete(r);
    return n;
}

/* Identify; returns the candidates' referenceIds joined by spaces (static), and their count. */
static const char *identify(const char *request_id, const char *extra, int *count)
{
    static char ids[2048];
    cJSON *r = call("identify", request_id, extra);
    ck_assert_str_eq(abis_text(r, "returnValue"), "1");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(r, "candidateList");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(list, "candidates"), *c;
    ids[0] = '\0';
    *count = 0;
    cJSON_ArrayForEach(c, items) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, "analytics");
        double score = atof(abis_text(a, "internalScore"));
        ck_assert_msg(score < 0.30, "candidate score %g not below the threshold", score);
        snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", *count ? " " : "",
                 abis_text(c, "referenceId"));
        (*count)++;
    }
    ck_assert_int_eq(atoi(abis_text(list, "count")), *count);
    cJSON_Delete(r);
    return ids;
}

static const char *url_extra(unsigned long long seed, unsigned capture, const char *more)
{
    static char extra[8192];
    snprintf(extra, sizeof extra, ", \"referenceURL\": \"%s\"%s",
             abis_cbeff_url(dir, seed, capture), more);
    return extra;
}

START_TEST(ping_answers)
{
    expect(call("ping", "ping-1", ""), "mosip.abis.ping", NULL);
}
END_TEST

START_TEST(insert_counts)
{
    long before = count_references("count-0");
    insert("ins-1", "ref-a", abis_cbeff_url(dir, 101, 0), NULL);
    ck_assert_int_eq(count_references("count-1"), before + 1);
    insert("ins-2", "ref-a", abis_cbeff_url(dir, 102, 0), "10"); /* duplicate referenceId */
    ck_assert_int_eq(count_references("count-2"), before + 1);
}
END_TEST

static void write_file(const char *name, const char *text, char *url, size_t url_size)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    snprintf(url, url_size, "file://%s", path);
}

START_TEST(insert_failures)
{
    char url[4500];
    insert("bad-1", "ref-b", "http://127.0.0.1:9/nothing-listens-here", "7");
    insert("bad-2", "ref-b", "file:///nonexistent/ktpabis/cbeff.xml", "7");
    insert("bad-3", "ref-b", "ftp://example.org/x.xml", "7");
    expect(call("insert", "bad-4", ", \"referenceURL\": \"file:///x\""), "mosip.abis.insert", "5");
    expect(call("insert", "bad-5", ", \"referenceId\": \"ref-b\""), "mosip.abis.insert", "8");
    write_file("empty.xml", "<BIR><BIR><BDBInfo/><BDB></BDB></BIR></BIR>", url, sizeof url);
    insert("bad-6", "ref-b", url, "11");
    write_file("junk.xml", "this is not XML", url, sizeof url);
    insert("bad-7", "ref-b", url, "16");
    write_file("other.xml", "<BIR><BIR><BDBInfo><Format><Organization>257</Organization>"
                            "<Type>9</Type></Format><Type>Iris</Type></BDBInfo>"
                            "<BDB>AAAA</BDB></BIR></BIR>", url, sizeof url);
    insert("bad-8", "ref-b", url, "16");
    /* Our format, both eyes present but every mask bit off: the quality check fails. */
    char xml[4096], zeros[700];
    memset(zeros, 'A', 680);
    memcpy(zeros + 680, "AAA=", 5); /* base64 of 512 zero bytes */
    snprintf(xml, sizeof xml, "<BIR><BIR><BDBInfo><Format><Organization>ktpsim</Organization>"
                              "<Type>iriscode-2048-v1</Type></Format><Type>Iris</Type>"
                              "<Subtype>Left</Subtype></BDBInfo><BDB>%s</BDB></BIR></BIR>",
             zeros);
    write_file("blank.xml", xml, url, sizeof url);
    insert("bad-9", "ref-b", url, "18");
}
END_TEST

START_TEST(identify_unique_and_duplicate)
{
    int n;
    insert("dup-ins-1", "person-301", abis_cbeff_url(dir, 301, 0), NULL);
    identify("unique-1", url_extra(999, 0, ""), &n);
    ck_assert_int_eq(n, 0);
    ck_assert_str_eq(identify("dup-1", url_extra(301, 1, ""), &n), "person-301");
    /* Insert does no dedup: a second capture of 301 goes in under another referenceId, and an
     * identify by referenceId finds the first, never itself. */
    insert("dup-ins-2", "person-301-again", abis_cbeff_url(dir, 301, 2), NULL);
    ck_assert_str_eq(identify("dup-2", ", \"referenceId\": \"person-301-again\"", &n),
                     "person-301");
}
END_TEST

START_TEST(identify_gallery_and_max_results)
{
    int n;
    const char *both = identify("all-1", url_extra(301, 3, ""), &n);
    ck_assert_int_eq(n, 2);
    ck_assert_ptr_nonnull(strstr(both, "person-301-again"));
    ck_assert_str_eq(identify("gal-1", url_extra(301, 3, ", \"gallery\": {\"referenceIds\": ["
                                                       "{\"referenceId\": \"person-301-again\"},"
                                                       "{\"referenceId\": \"not-here\"}]}"), &n),
                     "person-301-again");
    identify("gal-2", url_extra(301, 3, ", \"gallery\": {\"referenceIds\": []}"), &n);
    ck_assert_int_eq(n, 0);
    identify("max-1", url_extra(301, 3, ", \"flags\": {\"maxResults\": \"1\"}"), &n);
    ck_assert_int_eq(n, 1);
    identify("fpir-1", url_extra(301, 3, ", \"flags\": {\"targetFPIR\": \"50\"}"), &n);
    ck_assert_int_eq(n, 2); /* genuine scores ~0.11 sit far below the FPIR 1e-5 threshold */
    expect(call("identify", "nf-1", ", \"referenceId\": \"nobody\""), "mosip.abis.identify",
           "12");
}
END_TEST

START_TEST(delete_then_identify)
{
    int n;
    long before = count_references("del-count-0");
    insert("del-ins", "person-401", abis_cbeff_url(dir, 401, 0), NULL);
    ck_assert_str_eq(identify("del-id-1", url_extra(401, 1, ""), &n), "person-401");
    expect(call("delete", "del-1", ", \"referenceId\": \"person-401\""), "mosip.abis.delete",
           NULL);
    identify("del-id-2", url_extra(401, 1, ""), &n);
    ck_assert_int_eq(n, 0);
    expect(call("delete", "del-2", ", \"referenceId\": \"person-401\""), "mosip.abis.delete",
           "12");
    ck_assert_int_eq(count_references("del-count-1"), before);
}
END_TEST

START_TEST(pending_jobs_after_traffic)
{
    enum { SENT = 40 };
    char id[32];
    for (int i = 0; i < SENT; i++) {
        snprintf(id, sizeof id, "burst-%d", i);
        const char *body = abis_request("identify", id, ", \"referenceId\": \"person-301\"");
        ck_assert_int_eq(abis_client_send(&client, body, strlen(body)), 0);
    }
    /* pendingJobs is answered as soon as it is read, so burst answers arrive around it. */
    const char *body = abis_request("pendingJobs", "pending-1", "");
    ck_assert_int_eq(abis_client_send(&client, body, strlen(body)), 0);
    int answered = 0;
    long during = -1;
    for (cJSON *x; (answered < SENT || during < 0) && (x = abis_client_next(&client, 20000));
         cJSON_Delete(x)) {
        answered += strncmp(abis_text(x, "requestId"), "burst-", 6) == 0;
        if (strcmp(abis_text(x, "requestId"), "pending-1") == 0) {
            ck_assert_str_eq(abis_text(x, "returnValue"), "1");
            during = atol(abis_text(x, "jobscount"));
        }
    }
    ck_assert_int_eq(answered, SENT);
    ck_assert_int_ge(during, 0);
    ck_assert_int_le(during, SENT);
    cJSON *r;
    r = call("pendingJobs", "pending-2", "");
    ck_assert_str_eq(abis_text(r, "jobscount"), "0");
    cJSON_Delete(r);
}
END_TEST

typedef struct malformed {
    const char *body, *request_id, *code;
} malformed;

static const malformed MALFORMED[] = {
    {"not json", "", "4"},
    {"", "", "4"},
    {"[1, 2]", "", "4"},
    {"{\"id\": \"mosip.abis.ping\", ", "", "4"},
    {"{\"id\": 5, \"version\": \"1.1\", \"requestId\": \"m5\", \"requesttime\": "
     "\"2020-03-29T07:01:24.692Z\"}", "m5", "14"},
    {"{\"id\": \"mosip.abis.nonsense\", \"version\": \"1.1\", \"requestId\": \"m6\"}", "m6",
     "14"},
    {"{\"version\": \"1.1\", \"requestId\": \"m7\"}", "m7", "14"},
    {"{\"id\": \"mosip.abis.ping\", \"version\": \"1.1\", \"requesttime\": "
     "\"2020-03-29T07:01:24.692Z\"}", "", "6"},
    {"{\"id\": \"mosip.abis.ping\", \"version\": \"1.1\", \"requestId\": 123}", "", "4"},
    {"{\"id\": \"mosip.abis.ping\", \"version\": \"1.0\", \"requestId\": \"m10\"}", "m10", "13"},
    {"{\"id\": \"mosip.abis.ping\", \"requestId\": \"m11\"}", "m11", "13"},
    {"{\"id\": \"mosip.abis.ping\", \"version\": \"1.1\", \"requestId\": \"m12\"}", "m12", "9"},
    {"{\"id\": \"mosip.abis.ping\", \"version\": \"1.1\", \"requestId\": \"m13\", "
     "\"requesttime\": \"2020-03-29 07:01:24\"}", "m13", "15"},
    {"{\"id\": \"mosip.abis.ping\", \"version\": \"1.1\", \"requestId\": \"m14\", "
     "\"requesttime\": \"2021-02-30T00:00:00.000Z\"}", "m14", "15"},
    {"{\"id\": \"mosip.abis.ping\", \"version\": \"1.1\", \"requestId\": \"m15\", "
     "\"requesttime\": 12345}", "m15", "15"},
    {"{\"id\": \"mosip.abis.insert\", \"version\": \"1.1\", \"requestId\": \"m16\", "
     "\"requesttime\": \"2020-03-29T07:01:24.692Z\", \"referenceId\": \"r\"}", "m16", "8"},
    {"{\"id\": \"mosip.abis.insert\", \"version\": \"1.1\", \"requestId\": \"m17\", "
     "\"requesttime\": \"2020-03-29T07:01:24.692Z\", \"referenceId\": 42, "
     "\"referenceURL\": \"file:///x\"}", "m17", "4"},
    {"{\"id\": \"mosip.abis.identify\", \"version\": \"1.1\", \"requestId\": \"m18\", "
     "\"requesttime\": \"2020-03-29T07:01:24.692Z\", \"referenceId\": \"r\", \"flags\": \"x\"}",
     "m18", "4"},
    {"{\"id\": \"mosip.abis.identify\", \"version\": \"1.1\", \"requestId\": \"m19\", "
     "\"requesttime\": \"2020-03-29T07:01:24.692Z\", \"referenceId\": \"r\", "
     "\"flags\": {\"maxResults\": \"abc\"}}", "m19", "4"},
    {"{\"id\": \"mosip.abis.identify\", \"version\": \"1.1\", \"requestId\": \"m20\", "
     "\"requesttime\": \"2020-03-29T07:01:24.692Z\", \"referenceId\": \"r\", "
     "\"flags\": {\"targetFPIR\": 500}}", "m20", "4"},
    {"{\"id\": \"mosip.abis.identify\", \"version\": \"1.1\", \"requestId\": \"m21\", "
     "\"requesttime\": \"2020-03-29T07:01:24.692Z\", \"referenceId\": \"r\", "
     "\"gallery\": {\"referenceIds\": \"all\"}}", "m21", "4"},
    {"{\"id\": \"mosip.abis.identify\", \"version\": \"1.1\", \"requestId\": \"m22\", "
     "\"requesttime\": \"2020-03-29T07:01:24.692Z\", \"referenceURL\": \"\"}", "m22", "5"},
    {"{\"id\": \"mosip.abis.delete\", \"version\": \"1.1\", \"requestId\": \"m23\", "
     "\"requesttime\": \"2020-03-29T07:01:24.692Z\"}", "m23", "5"},
};

START_TEST(malformed_messages)
{
    const malformed *m = &MALFORMED[_i];
    ck_assert_int_eq(abis_client_send(&client, m->body, strlen(m->body)), 0);
    cJSON *r = abis_client_wait(&client, m->request_id, 20000);
    ck_assert_msg(r != NULL, "no response to malformed message %d", _i);
    ck_assert_str_eq(abis_text(r, "returnValue"), "2");
    ck_assert_str_eq(abis_text(r, "failureReason"), m->code);
    cJSON_Delete(r);
}
END_TEST

START_TEST(huge_body)
{
    size_t n = 3u << 19; /* 1.5 MiB, over the 1 MiB a request may have */
    char *body = malloc(n + 1);
    ck_assert_ptr_nonnull(body);
    memset(body, ' ', n);
    memcpy(body, "{\"pad\": \"", 9);
    memcpy(body + n - 2, "\"}", 2);
    body[n] = '\0';
    ck_assert_int_eq(abis_client_send(&client, body, n), 0);
    free(body);
    cJSON *r = abis_client_wait(&client, "", 20000);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(abis_text(r, "failureReason"), "4");
    cJSON_Delete(r);
    /* A long requestId is refused too, and the service still answers afterwards. */
    char id[400];
    memset(id, 'x', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    const char *req = abis_request("ping", id, "");
    ck_assert_int_eq(abis_client_send(&client, req, strlen(req)), 0);
    r = abis_client_wait(&client, "", 20000);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(abis_text(r, "failureReason"), "4");
    cJSON_Delete(r);
    expect(call("ping", "after-huge", ""), "mosip.abis.ping", NULL);
}
END_TEST

/* A second service on the same registry (its own queues): each sees what the other commits. */
START_TEST(two_services_share_a_registry)
{
    char in2[80], out2[80], body[9000];
    snprintf(in2, sizeof in2, "%s-b", inbound);
    snprintf(out2, sizeof out2, "%s-b", outbound);
    pid_t other = abis_service_start(registry, in2, out2, NULL);
    ck_assert_int_gt(other, 0);
    abis_client c2;
    ck_assert_int_eq(abis_client_open(&c2, in2, out2, 20), 0);
    insert("share-ins", "person-501", abis_cbeff_url(dir, 501, 0), NULL);
    snprintf(body, sizeof body, "%s", abis_request("identify", "share-id-1", url_extra(501, 1, "")));
    cJSON *r = abis_client_call(&c2, body, "share-id-1");
    ck_assert_ptr_nonnull(r);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(r, "candidateList");
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(list, "candidates"), 0);
    ck_assert_str_eq(abis_text(first, "referenceId"), "person-501");
    cJSON_Delete(r);
    /* The same referenceId inserted through the other service is refused. */
    snprintf(body, sizeof body, "%s", abis_request("insert", "share-ins-2",
             ", \"referenceId\": \"person-501\", \"referenceURL\": \"file:///x\""));
    r = abis_client_call(&c2, body, "share-ins-2");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(abis_text(r, "failureReason"), "10");
    cJSON_Delete(r);
    r = abis_client_call(&c2, abis_request("delete", "share-del", ", \"referenceId\": \"person-501\""),
                         "share-del");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(abis_text(r, "returnValue"), "1");
    cJSON_Delete(r);
    int n;
    identify("share-id-2", url_extra(501, 1, ""), &n);
    ck_assert_int_eq(n, 0); /* deleted by the other service: gone here too */
    r = abis_client_call(&c2, abis_request("referenceCount", "share-count", ""), "share-count");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(atol(abis_text(r, "count")), count_references("share-count-a"));
    cJSON_Delete(r);
    abis_client_close(&c2);
    ck_assert_int_eq(abis_service_stop(other), 0);
}
END_TEST

/* `ktpabis load` through the service writes a calibration the simulator accepts. */
START_TEST(load_writes_a_calibration)
{
    const char *ktpsim = getenv("KTPSIM_BIN");
    char cmd[16384], cal[4300], scenario[4300], report[4300];
    snprintf(cal, sizeof cal, "%s/service.calibration", dir);
    snprintf(report, sizeof report, "%s/load.out", dir);
    abis_client_close(&client); /* the load test takes the answers itself */
    snprintf(cmd, sizeof cmd, "'%s' load --port %d --inbound %s --outbound %s --gallery 3 "
             "--queries 6 --rate 20 --drain-s 20 --calibrate '%s' > '%s'", getenv("KTPABIS_BIN"),
             abis_broker_port(), inbound, outbound, cal, report);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(abis_client_open(&client, inbound, outbound, 20), 0);
    snprintf(cmd, sizeof cmd, "grep -q '\"answered\": 6, \"failed\": 0' '%s'", report);
    ck_assert_int_eq(system(cmd), 0);
    if (!ktpsim)
        return;
    snprintf(scenario, sizeof scenario, "%s/embedded.json", dir);
    FILE *f = fopen(scenario, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"name\": \"t\", \"seed\": 1, \"start_date\": \"2025-01-06\", "
               "\"horizon_days\": 7, \"replications\": 2, \"regions\": [{\"code\": \"21.72\", "
               "\"name\": \"Kota Tanjung Pinang\", \"recording\": {\"arrivals\": "
               "{\"per_open_hour\": 10}, \"stations\": 2, \"capture_time\": {\"exp\": "
               "{\"mean\": 300}}}}], \"abis\": {\"mode\": \"embedded\", \"embedded\": "
               "{\"calibration\": \"service.calibration\"}}}\n");
    fclose(f);
    snprintf(cmd, sizeof cmd, "'%s' check '%s' > /dev/null", ktpsim, scenario);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(service_restart_keeps_gallery)
{
    int n;
    long before = count_references("restart-count-0");
    ck_assert_int_eq(abis_service_stop(service), 0);
    service = abis_service_start(registry, inbound, outbound, &client);
    ck_assert_int_gt(service, 0);
    ck_assert_int_eq(count_references("restart-count-1"), before);
    ck_assert_str_eq(identify("restart-id", url_extra(101, 1, ""), &n), "ref-a");
}
END_TEST

START_TEST(sigterm_drains_nothing_lost)
{
    enum { SENT = 30 };
    char id[32];
    int seen[SENT] = {0}, answered = 0;
    for (int i = 0; i < SENT; i++) {
        snprintf(id, sizeof id, "drain-%d", i);
        const char *body = abis_request("identify", id, ", \"referenceId\": \"ref-a\"");
        ck_assert_int_eq(abis_client_send(&client, body, strlen(body)), 0);
    }
    ck_assert_int_eq(abis_service_stop(service), 0); /* what it read, it answers */
    service = abis_service_start(registry, inbound, outbound, &client); /* the rest */
    ck_assert_int_gt(service, 0);
    for (cJSON *x; answered < SENT && (x = abis_client_next(&client, 20000)); cJSON_Delete(x)) {
        int k;
        if (sscanf(abis_text(x, "requestId"), "drain-%d", &k) == 1 && k >= 0 && k < SENT &&
            !seen[k]++)
            answered++;
    }
    ck_assert_int_eq(answered, SENT);
}
END_TEST

START_TEST(broker_restart_reconnects)
{
    abis_client_close(&client);
    ck_assert_int_eq(abis_broker_restart(), 0);
    ck_assert_int_eq(abis_client_open(&client, inbound, outbound, 30), 0);
    expect(call("ping", "after-broker-restart", ""), "mosip.abis.ping", NULL);
    ck_assert_int_gt(count_references("after-broker-count"), 0);
}
END_TEST

static Suite *abis_suite(void)
{
    Suite *s = suite_create("abis");
    TCase *tc = tcase_create("conformance");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, ping_answers);
    tcase_add_test(tc, insert_counts);
    tcase_add_test(tc, insert_failures);
    tcase_add_test(tc, identify_unique_and_duplicate);
    tcase_add_test(tc, identify_gallery_and_max_results);
    tcase_add_test(tc, delete_then_identify);
    tcase_add_test(tc, pending_jobs_after_traffic);
    tcase_add_loop_test(tc, malformed_messages, 0, (int)(sizeof MALFORMED / sizeof *MALFORMED));
    tcase_add_test(tc, huge_body);
    tcase_add_test(tc, two_services_share_a_registry);
    tcase_add_test(tc, load_writes_a_calibration);
    tcase_add_test(tc, service_restart_keeps_gallery);
    tcase_add_test(tc, sigterm_drains_nothing_lost);
    tcase_add_test(tc, broker_restart_reconnects);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return ktp_check_run(abis_suite()); }
