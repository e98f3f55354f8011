/* IKD credentials in the registry: issuing from a person's record, revocation with its
 * reason, superseding, nothing written on error, read-only verifiers, a verifier registry
 * holding revocations for credentials it did not issue, and the registry's own check. */
#include "ikd_test_util.h"
#include "tests/check_run.h"

typedef struct fixture {
    char dir[256], path[300];
    core_registry *reg;
    char niks[4][CORE_NIK_DIGITS + 1];
    core_ikd_key key;
} fixture;

static void setup(fixture *f)
{
    ikd_scratch_dir(f->dir, sizeof f->dir);
    snprintf(f->path, sizeof f->path, "%s/registry.db", f->dir);
    ikd_registry_with_people(f->path, 4, &f->reg, f->niks);
    ikd_test_key(&f->key, 77);
}

static void teardown(fixture *f)
{
    core_registry_close(f->reg);
    core_ikd_key_fini(&f->key);
    ikd_scratch_remove(f->dir);
}

static core_ikd_verdict check(fixture *f, const char *text, core_ikd_date now,
                              core_ikd_result *r)
{
    char err[256];
    ck_assert_msg(core_ikd_verify(text, &f->key.pub, 1, now, f->reg, r, err, sizeof err) ==
                      CORE_OK, "%s", err);
    return r->verdict;
}

START_TEST(issue_from_registry_and_revoke)
{
    fixture f;
    setup(&f);
    char text[CORE_IKD_TEXT_MAX], err[256];
    core_ikd_claims c;
    core_ikd_date issued = {2026, 11, 22};
    ck_assert_msg(core_ikd_issue(f.reg, &f.key, f.niks[1], issued, 365, text, sizeof text, &c,
                                 err, sizeof err) == CORE_OK, "%s", err);
    core_person p;
    ck_assert_int_eq(core_registry_person_by_nik(f.reg, f.niks[1], &p), CORE_OK);
    ck_assert_str_eq(c.nik, p.nik);
    ck_assert_str_eq(c.name, "Dewi Lestari 1");
    ck_assert_int_eq(c.birth.year * 10000 + c.birth.month * 100 + c.birth.day,
                     p.birth_year * 10000 + p.birth_month * 100 + p.birth_day);
    ck_assert_int_eq(c.district_code, 110101);
    char day[11];
    core_ikd_date_format(c.expires, day);
    ck_assert_str_eq(day, "2027-11-21");
    core_ikd_result r;
    ck_assert_int_eq(check(&f, text, issued, &r), CORE_IKD_VALID);
    ck_assert_str_eq(r.credential.claims.nik, f.niks[1]);
    core_registry_info info;
    ck_assert_int_eq(core_registry_info_get(f.reg, &info), CORE_OK);
    ck_assert_int_eq(info.ikd_credentials, 1);

    ck_assert_int_eq(core_ikd_revoke(f.reg, c.key_id, c.credential_id, ikd_date(2026, 12, 1),
                                     "phone lost", err, sizeof err), CORE_OK);
    ck_assert_int_eq(check(&f, text, ikd_date(2026, 12, 2), &r), CORE_IKD_REVOKED);
    ck_assert_str_eq(r.reason, "revoked on 2026-12-01: phone lost");
    ck_assert_str_eq(core_ikd_verdict_name(r.verdict), "revoked");
    /* Expired and revoked: the dates are checked first, each reason stays distinct. */
    ck_assert_int_eq(check(&f, text, ikd_date(2027, 11, 22), &r), CORE_IKD_EXPIRED);
    ck_assert_str_eq(r.reason, "expired after 2027-11-21");
    /* Without the registry the revocation is invisible: the caller chose not to check. */
    ck_assert_int_eq(core_ikd_verify(text, &f.key.pub, 1, issued, NULL, &r, NULL, 0), CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_VALID);

    char hex[17], want[200];
    core_ikd_key_id_hex(c.key_id, hex);
    ck_assert_int_eq(core_ikd_revoke(f.reg, c.key_id, c.credential_id, issued, NULL, err,
                                     sizeof err), CORE_EEXIST);
    snprintf(want, sizeof want, "credential %u of key %s is already revoked", c.credential_id,
             hex);
    ck_assert_str_eq(err, want);
    ck_assert_int_eq(core_ikd_revoke(f.reg, c.key_id, 0, issued, NULL, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_int_eq(core_registry_check(f.reg, err, sizeof err), CORE_OK);
    teardown(&f);
}
END_TEST

START_TEST(reissue_supersedes_the_old_credential)
{
    fixture f;
    setup(&f);
    char first[CORE_IKD_TEXT_MAX], second[CORE_IKD_TEXT_MAX], other[CORE_IKD_TEXT_MAX];
    core_ikd_claims c1, c2, c3;
    core_ikd_date d1 = {2026, 1, 10}, d2 = {2026, 3, 5};
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, f.niks[0], d1, 730, first, sizeof first, &c1,
                                    NULL, 0), CORE_OK);
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, f.niks[2], d1, 730, other, sizeof other, &c3,
                                    NULL, 0), CORE_OK);
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, f.niks[0], d2, 730, second, sizeof second,
                                    &c2, NULL, 0), CORE_OK);
    ck_assert_uint_ne(c1.credential_id, c2.credential_id);
    core_ikd_result r;
    ck_assert_int_eq(check(&f, first, d2, &r), CORE_IKD_REVOKED);
    ck_assert_str_eq(r.reason, "revoked on 2026-03-05: superseded");
    ck_assert_int_eq(check(&f, second, d2, &r), CORE_IKD_VALID);
    ck_assert_int_eq(check(&f, other, d2, &r), CORE_IKD_VALID); /* another person: untouched */
    char err[256];
    ck_assert_int_eq(core_registry_check(f.reg, err, sizeof err), CORE_OK);
    teardown(&f);
}
END_TEST

START_TEST(errors_write_nothing)
{
    fixture f;
    setup(&f);
    core_registry_info before, after;
    ck_assert_int_eq(core_registry_info_get(f.reg, &before), CORE_OK);
    char text[CORE_IKD_TEXT_MAX], err[256];
    core_ikd_date d = {2026, 1, 1};
    /* A valid NIK that nobody holds (same prefix, a serial not yet allocated). */
    char stranger[CORE_NIK_DIGITS + 1];
    memcpy(stranger, f.niks[0], sizeof stranger);
    memcpy(stranger + 12, "9999", 4);
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, stranger, d, 365, text, sizeof text, NULL,
                                    err, sizeof err), CORE_ENOTFOUND);
    char want[128];
    snprintf(want, sizeof want, "no person with NIK %s in the registry", stranger);
    ck_assert_str_eq(err, want);
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, "12345", d, 365, text, sizeof text, NULL,
                                    err, sizeof err), CORE_EINVAL);
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, f.niks[0], d, 0, text, sizeof text, NULL, err,
                                    sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "validity of 0 days is not 1-36500");
    /* Expiry beyond the payload's last day (2079-06-06). */
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, f.niks[0], d, 36500, text, sizeof text, NULL,
                                    err, sizeof err), CORE_EINVAL);
    /* Issued before the person was born. */
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, f.niks[3], ikd_date(1972, 1, 1), 30, text,
                                    sizeof text, NULL, err, sizeof err), CORE_EINVAL);
    /* The text buffer is too small: the row is rolled back. */
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, f.niks[0], d, 30, text, 50, NULL, err,
                                    sizeof err), CORE_EINVAL);
    ck_assert_int_eq(core_registry_info_get(f.reg, &after), CORE_OK);
    ck_assert_int_eq(after.ikd_credentials, before.ikd_credentials);
    ck_assert_int_eq(after.audit_entries, before.audit_entries);
    teardown(&f);
}
END_TEST

START_TEST(read_only_and_verifier_registries)
{
    fixture f;
    setup(&f);
    char text[CORE_IKD_TEXT_MAX], err[256], verifier_path[320];
    core_ikd_claims c;
    core_ikd_date d = {2026, 5, 1};
    ck_assert_int_eq(core_ikd_issue(f.reg, &f.key, f.niks[0], d, 365, text, sizeof text, &c,
                                    NULL, 0), CORE_OK);
    /* A verifier's own registry, never issued anything: no revocation table yet. */
    snprintf(verifier_path, sizeof verifier_path, "%s/verifier.db", f.dir);
    core_registry *ver = NULL;
    ck_assert_int_eq(core_registry_open(verifier_path, CORE_REGISTRY_CREATE, &ver, err,
                                        sizeof err), CORE_OK);
    core_registry_close(ver);
    ck_assert_int_eq(core_registry_open(verifier_path, CORE_REGISTRY_READONLY |
                                        CORE_REGISTRY_NO_GALLERY, &ver, err, sizeof err),
                     CORE_OK);
    core_ikd_result r;
    ck_assert_int_eq(core_ikd_verify(text, &f.key.pub, 1, d, ver, &r, err, sizeof err),
                     CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_VALID);
    ck_assert_int_eq(core_ikd_revoke(ver, c.key_id, c.credential_id, d, "x", err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "the registry was opened read-only");
    core_registry_close(ver);
    /* The verifier lists the revocation it was told about (it has no such person). */
    ck_assert_int_eq(core_registry_open(verifier_path, 0, &ver, err, sizeof err), CORE_OK);
    ck_assert_int_eq(core_ikd_revoke(ver, c.key_id, c.credential_id, d, "reported stolen", err,
                                     sizeof err), CORE_OK);
    ck_assert_int_eq(core_ikd_verify(text, &f.key.pub, 1, d, ver, &r, err, sizeof err),
                     CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_REVOKED);
    ck_assert_str_eq(r.reason, "revoked on 2026-05-01: reported stolen");
    /* The same credential id from another key is not revoked. */
    int revoked = 1;
    unsigned char other_id[CORE_IKD_KEY_ID_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};
    ck_assert_int_eq(core_ikd_revocation_get(ver, other_id, c.credential_id, &revoked, NULL,
                                             NULL, 0, err, sizeof err), CORE_OK);
    ck_assert_int_eq(revoked, 0);
    ck_assert_int_eq(core_registry_check(ver, err, sizeof err), CORE_OK);
    core_registry_close(ver);
    /* The issuing registry knows nothing of the verifier's list. */
    ck_assert_int_eq(check(&f, text, d, &r), CORE_IKD_VALID);
    teardown(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ikd_store");
    TCase *tc = tcase_create("store");
    tcase_add_test(tc, issue_from_registry_and_revoke);
    tcase_add_test(tc, reissue_supersedes_the_old_credential);
    tcase_add_test(tc, errors_write_nothing);
    tcase_add_test(tc, read_only_and_verifier_registries);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
