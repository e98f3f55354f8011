/* service/cbeff: a written document reads back bit-identical, and each kind of bad document
 * is refused with its ABIS failure reason; base64 round trips and rejects junk. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core/iris.h"
#include "core/registry.h"
#include "service/cbeff.h"
#include "service/status.h"
#include "tests/check_run.h"

START_TEST(round_trip)
{
    core_template t, back;
    ck_assert_int_eq(core_iris_synth(42, 3, NULL, &t), 0);
    char *xml;
    size_t len;
    int problem;
    ck_assert_int_eq(svc_cbeff_write(&t, &xml, &len), SVC_OK);
    ck_assert_int_eq(svc_cbeff_read(xml, len, &back, &problem, NULL, 0), SVC_OK);
    ck_assert_int_eq(memcmp(&t, &back, sizeof t), 0);
    /* Only the left eye: the right one comes back unusable (all mask bits off). */
    char *right = strstr(xml, "<BIR>\n    <BDBInfo>");
    right = strstr(right + 1, "<BIR>\n    <BDBInfo>");
    char *end = strstr(right, "</BIR>") + strlen("</BIR>\n");
    memmove(right, end, strlen(end) + 1);
    ck_assert_int_eq(svc_cbeff_read(xml, strlen(xml), &back, &problem, NULL, 0), SVC_OK);
    ck_assert_int_eq(memcmp(&t.eye[0], &back.eye[0], sizeof t.eye[0]), 0);
    ck_assert_int_eq(core_template_valid_bits(&back, 1), 0);
    free(xml);
}
END_TEST

static int problem_of(const char *xml)
{
    core_template t;
    int problem = 0;
    char err[200];
    ck_assert_int_eq(svc_cbeff_read(xml, strlen(xml), &t, &problem, err, sizeof err),
                     SVC_ECBEFF);
    ck_assert(err[0] != '\0');
    return problem;
}

START_TEST(refusals)
{
    ck_assert_int_eq(problem_of("not xml"), SVC_CBEFF_FORMAT);
    ck_assert_int_eq(problem_of("<Other/>"), SVC_CBEFF_FORMAT);
    ck_assert_int_eq(problem_of("<BIR/>"), SVC_CBEFF_NO_DATA);
    ck_assert_int_eq(problem_of("<BIR><BIR><BDB>  </BDB></BIR></BIR>"), SVC_CBEFF_NO_DATA);
    ck_assert_int_eq(problem_of("<BIR><BIR><BDBInfo><Type>Finger</Type></BDBInfo>"
                                "<BDB>AAAA</BDB></BIR></BIR>"), SVC_CBEFF_FORMAT);
    ck_assert_int_eq(problem_of("<BIR><BIR><BDBInfo><Format><Organization>ktpsim</Organization>"
                                "<Type>iriscode-2048-v1</Type></Format><Type>Iris</Type>"
                                "<Subtype>Left</Subtype></BDBInfo><BDB>AAAA</BDB></BIR></BIR>"),
                     SVC_CBEFF_FORMAT); /* 3 bytes, not 512 */
    /* An external entity is never fetched or expanded. */
    ck_assert_int_eq(problem_of("<!DOCTYPE BIR [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                "<BIR><BIR><BDB>&x;</BDB></BIR></BIR>"), SVC_CBEFF_NO_DATA);
}
END_TEST

START_TEST(base64)
{
    unsigned char in[7] = {0, 1, 2, 250, 251, 252, 7}, out[16];
    char text[16];
    for (size_t n = 0; n <= sizeof in; n++) {
        svc_base64_encode(in, n, text);
        ck_assert_int_eq(strlen(text), (n + 2) / 3 * 4);
        ck_assert_int_eq(svc_base64_decode(text, strlen(text), out, sizeof out), (long)n);
        ck_assert_int_eq(memcmp(in, out, n), 0);
    }
    svc_base64_encode((const unsigned char *)"Man", 3, text);
    ck_assert_str_eq(text, "TWFu");
    ck_assert_int_eq(svc_base64_decode("TW*u", 4, out, sizeof out), -1);
    ck_assert_int_eq(svc_base64_decode("TQ==TQ==", 8, out, sizeof out), -1);
    ck_assert_int_eq(svc_base64_decode("TWFuTWFu", 8, out, 5), -1); /* over max */
}
END_TEST

static Suite *cbeff_suite(void)
{
    Suite *s = suite_create("service_cbeff");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, refusals);
    tcase_add_test(tc, base64);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    svc_cbeff_init();
    int rc = ktp_check_run(cbeff_suite());
    svc_cbeff_cleanup();
    return rc;
}
