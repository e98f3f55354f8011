/* Idempotent enrolment (core_enrol_request): a process commits an enrolment and dies before
 * it can report the decision; the retry with the same request id gets that first decision
 * back and writes nothing, instead of being judged a duplicate of its own new record. A
 * reused id with another applicant, and malformed ids, are refused. */
#include <sys/wait.h>
#include "core_test_util.h"
#include "tests/check_run.h"

static char dir[256], path[320], msg[256];

static void setup(void)
{
    scratch_registry(dir, path);
}

static void teardown(void)
{
    scratch_remove(dir);
}

static core_registry *open_registry(void)
{
    core_registry *reg = NULL;
    ck_assert_int_eq(core_registry_open(path, 0, &reg, msg, sizeof msg), CORE_OK);
    return reg;
}

/* core_enrol_request that must succeed; returns whether it replayed. */
static int enrol_ok(core_registry *reg, const char *id, const core_person *p,
                    const core_template *t, core_decision *out)
{
    int replayed = -1;
    ck_assert_int_eq(core_enrol_request(reg, id, p, t, NULL, out, &replayed, msg, sizeof msg),
                     CORE_OK);
    return replayed;
}

static void assert_counts(core_registry *reg, int64_t enrolments, int64_t persons)
{
    core_registry_info info;
    ck_assert_int_eq(core_registry_info_get(reg, &info), CORE_OK);
    ck_assert_int_eq(info.enrolments, enrolments);
    ck_assert_int_eq(info.decisions, enrolments);
    ck_assert_int_eq(info.persons, persons);
}

START_TEST(test_retry_after_crash_gets_first_decision)
{
    core_person p = applicant(5);
    core_template t = capture(55, 0);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) { /* commits, then dies before anyone hears the answer */
        core_registry *reg = NULL;
        core_decision d;
        if (core_registry_open(path, 0, &reg, NULL, 0) != CORE_OK ||
            core_enrol_request(reg, "office-7/2026-11-22/0001", &p, &t, NULL, &d, NULL, NULL,
                               0) != CORE_OK)
            _exit(3);
        _exit(0);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    core_registry *reg = open_registry();
    core_decision first, again;
    ck_assert_int_eq(enrol_ok(reg, "office-7/2026-11-22/0001", &p, &t, &first), 1);
    ck_assert_int_eq(first.outcome, CORE_OUTCOME_UNIQUE);
    ck_assert_uint_eq(first.person_id, 1);
    ck_assert_uint_eq(first.card_id, 1);
    ck_assert_uint_eq(first.decision_id, 1);
    ck_assert_str_eq(first.nik, "1101014606550001"); /* applicant(5): a woman born 1955-06-06 */
    ck_assert_str_eq(first.reason, "no biometric or demographic match");
    assert_counts(reg, 1, 1);
    /* and again: the same answer, still nothing written */
    ck_assert_int_eq(enrol_ok(reg, "office-7/2026-11-22/0001", &p, &t, &again), 1);
    ck_assert_mem_eq(&first, &again, sizeof first);
    assert_counts(reg, 1, 1);
    ck_assert_int_eq(core_registry_check(reg, msg, sizeof msg), CORE_OK);
    core_registry_close(reg);
}
END_TEST

START_TEST(test_duplicate_replayed_with_its_evidence)
{
    core_registry *reg = open_registry();
    core_person a = applicant(1), b = applicant(2);
    core_template ta = capture(9, 0), tb = capture(9, 1);
    core_decision d, first, again;
    ck_assert_int_eq(core_enrol(reg, &a, &ta, NULL, &d, msg, sizeof msg), CORE_OK);
    ck_assert_int_eq(enrol_ok(reg, "r2", &b, &tb, &first), 0);
    ck_assert_int_eq(first.outcome, CORE_OUTCOME_DUPLICATE);
    ck_assert_int_eq(enrol_ok(reg, "r2", &b, &tb, &again), 1);
    ck_assert_int_eq(again.outcome, CORE_OUTCOME_DUPLICATE);
    ck_assert_uint_eq(again.person_id, d.person_id);
    ck_assert_str_eq(again.nik, d.nik);
    ck_assert_str_eq(again.reason, first.reason);
    ck_assert_uint_eq(again.comparisons, first.comparisons);
    ck_assert(again.best_score == first.best_score);
    assert_counts(reg, 2, 1);
    core_registry_close(reg);
}
END_TEST

START_TEST(test_reused_or_malformed_id_refused)
{
    core_registry *reg = open_registry();
    core_person a = applicant(1), b = applicant(2);
    core_template ta = capture(21, 0), tb = capture(22, 0);
    core_decision d;
    ck_assert_int_eq(core_enrol_request(reg, "k", &a, &ta, NULL, &d, NULL, msg, sizeof msg),
                     CORE_OK);
    ck_assert_int_eq(core_enrol_request(reg, "k", &b, &tb, NULL, &d, NULL, msg, sizeof msg),
                     CORE_EEXIST);
    ck_assert_str_eq(msg, "request id k was used for another applicant (enrolment 1)");
    ck_assert_int_eq(core_enrol_request(reg, "", &b, &tb, NULL, &d, NULL, msg, sizeof msg),
                     CORE_EINVAL);
    ck_assert_str_eq(msg, "request id must be 1-64 characters");
    ck_assert_int_eq(core_enrol_request(reg, "a b", &b, &tb, NULL, &d, NULL, msg, sizeof msg),
                     CORE_EINVAL);
    ck_assert_str_eq(msg, "request id may hold only printable ASCII without spaces");
    assert_counts(reg, 1, 1);
    core_registry_close(reg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("enrol_request");
    TCase *tc = tcase_create("idempotency");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_retry_after_crash_gets_first_decision);
    tcase_add_test(tc, test_duplicate_replayed_with_its_evidence);
    tcase_add_test(tc, test_reused_or_malformed_id_refused);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
