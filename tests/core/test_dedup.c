/* Dedup: name normalisation, the decision rule branch by branch, and enrolment end to end
 * with synthetic irises (h3's core_iris_synth): unique people, second captures found as
 * duplicates, demographic and stated-NIK conflicts sent to review, unusable captures, grey
 * zone, adjudication, evidence kept for audit, and NIK exhaustion writing nothing. */
#include <sqlite3.h>
#include "core/issuance.h"
#include "core/normalize.h"
#include "core_test_util.h"
#include "tests/check_run.h"

static char dir[256], path[320], msg[256];
static core_registry *reg;

static void setup(void)
{
    scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/registry.db", dir);
    ck_assert_int_eq(core_registry_open(path, CORE_REGISTRY_CREATE | CORE_REGISTRY_FAST, &reg,
                                        msg, sizeof msg), CORE_OK);
}

static void teardown(void)
{
    core_registry_close(reg);
    scratch_remove(dir);
}

static void expect_key(const char *name, const char *key)
{
    char out[128];
    ck_assert_int_eq(core_normalize_name(name, out, sizeof out), 0);
    ck_assert_str_eq(out, key);
}

START_TEST(test_normalize)
{
    expect_key("SOEKARNO", "sukarno");
    expect_key("Sukarno", "sukarno");
    expect_key("Djojohadikoesoemo", "joyohadikusumo");
    expect_key("Joyohadikusumo", "joyohadikusumo");
    expect_key("Tjokroaminoto", "cokroaminoto");
    expect_key("Sjahrir", "syahrir");
    expect_key("Soejono", "suyono");
    expect_key("Djoko", "joko");
    expect_key("Joko", "joko"); /* modern spelling: j stays j */
    expect_key("Achmad", "akhmad");
    expect_key("Muhammad", "muhamad");
    expect_key("Tjoet Nja' Dhien", "cut nya dhien");
    expect_key("Njoman", "nyoman");
    expect_key("Anjani", "anjani");
    expect_key("Ma'ruf", "maruf");
    expect_key("  Siti   Nurhaliza, S.Pd. ", "siti nurhaliza s pd");
    expect_key("Anak-Agung", "anak agung");
    expect_key("", "");
    expect_key(NULL, "");
    char tiny[4];
    ck_assert_int_eq(core_normalize_name("Sukarno", tiny, sizeof tiny), -1);
    ck_assert_str_eq(tiny, "suk");
}
END_TEST

static core_decision decide(const core_candidate *c, size_t n, uint64_t nik_holder,
                            const uint64_t *demo, size_t n_demo, int usable)
{
    core_dedup_config cfg;
    core_dedup_config_default(&cfg);
    core_dedup_evidence ev = {.usable_eyes = usable, .candidates = c, .candidate_count = n,
                              .nik_holder = nik_holder, .demographic = demo,
                              .demographic_count = n_demo};
    core_decision d;
    memset(&d, 0, sizeof d);
    ck_assert_int_eq(core_dedup_decide(&cfg, &ev, &d), CORE_OK);
    return d;
}

START_TEST(test_rule)
{
    core_candidate match = {.person_id = 7, .score = 0.12};
    core_candidate match2 = {.person_id = 9, .score = 0.20};
    core_candidate grey = {.person_id = 8, .score = 0.31};
    uint64_t demo[1] = {5};
    core_candidate two[2] = {match, match2}, match_grey[2] = {match, grey};
    core_decision d = decide(NULL, 0, 0, NULL, 0, 2);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_UNIQUE);
    ck_assert_str_eq(d.reason, "no biometric or demographic match");
    ck_assert(d.best_score == 1.0);
    d = decide(NULL, 0, 0, NULL, 0, 0);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_ENROL_FAILURE);
    ck_assert_str_eq(d.reason, "no usable iris (fewer than 128 valid bits)");
    d = decide(match_grey, 2, 0, demo, 1, 1);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_DUPLICATE);
    ck_assert_uint_eq(d.person_id, 7);
    ck_assert_str_eq(d.reason, "iris matches person 7 (score 0.120 < 0.300)");
    d = decide(two, 2, 0, NULL, 0, 2);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_REVIEW);
    ck_assert_str_eq(d.reason,
                     "iris matches persons 7 (0.120) and 9: the registry holds a duplicate");
    d = decide(&match, 1, 3, NULL, 0, 2);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_REVIEW);
    ck_assert_str_eq(d.reason,
                     "iris matches person 7 (0.120) but the stated NIK belongs to person 3");
    d = decide(&match, 1, 7, NULL, 0, 2); /* stated NIK is the matched person's own */
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_DUPLICATE);
    d = decide(&grey, 1, 0, NULL, 0, 2);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_REVIEW);
    ck_assert_uint_eq(d.person_id, 8);
    ck_assert_str_eq(d.reason, "iris score 0.310 with person 8 is in the grey zone [0.300, 0.330)");
    d = decide(NULL, 0, 4, NULL, 0, 2);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_REVIEW);
    ck_assert_str_eq(d.reason, "the stated NIK belongs to person 4 whose iris does not match");
    d = decide(NULL, 0, 0, demo, 1, 2);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_REVIEW);
    ck_assert_uint_eq(d.person_id, 5);
    ck_assert_str_eq(d.reason, "same name, birth date, birth place and mother's name as person 5,"
                               " iris does not match");
    core_dedup_config bad;
    core_dedup_config_default(&bad);
    bad.rotations = 4;
    ck_assert_int_eq(core_dedup_config_check(&bad, msg, sizeof msg), CORE_EINVAL);
    ck_assert_str_eq(msg, "rotations must be odd (or 0 for the default)");
    core_dedup_config_default(&bad);
    bad.search.mode = (core_search_mode)3;
    ck_assert_int_eq(core_dedup_config_check(&bad, msg, sizeof msg), CORE_EINVAL);
    ck_assert_str_eq(msg, "search mode must be brute or index");
    bad.search = (core_search_plan){CORE_SEARCH_INDEX, CORE_INDEX_BITS + 1};
    ck_assert_int_eq(core_dedup_config_check(&bad, msg, sizeof msg), CORE_EINVAL);
    ck_assert_str_eq(msg, "index radius must be 0-128 (0 for the default)");
    ck_assert_str_eq(core_outcome_name(CORE_OUTCOME_REVIEW), "review");
}
END_TEST

static core_decision enrol(const core_person *p, const core_template *t,
                           const core_dedup_config *cfg)
{
    core_decision d;
    ck_assert_msg(core_enrol(reg, p, t, cfg, &d, msg, sizeof msg) == CORE_OK, "%s", msg);
    return d;
}

static int card_status(uint64_t card)
{
    core_card c;
    ck_assert_int_eq(core_issuance_card_get(reg, card, &c), CORE_OK);
    return (int)c.status;
}

#define PEOPLE 40

START_TEST(test_unique_then_duplicates)
{
    uint64_t ids[PEOPLE];
    char niks[PEOPLE][17];
    for (int k = 0; k < PEOPLE; k++) {
        core_person p = applicant(k);
        core_template t = capture(5000 + (uint64_t)k, 0);
        core_decision d = enrol(&p, &t, NULL);
        ck_assert_msg(d.outcome == CORE_OUTCOME_UNIQUE, "person %d: %s", k, d.reason);
        ck_assert_uint_eq(d.comparisons > 0, k > 0); /* the first search has an empty gallery */
        ck_assert_int_eq(card_status(d.card_id), CORE_CARD_PRINT_READY);
        core_nik parts;
        ck_assert_int_eq(core_nik_parse(d.nik, &parts, NULL, 0), CORE_OK);
        ck_assert_int_eq(parts.female, p.sex == CORE_SEX_FEMALE);
        ck_assert_int_eq(parts.birth_day, p.birth_day);
        ids[k] = d.person_id;
        strcpy(niks[k], d.nik);
    }
    ck_assert_uint_eq(core_gallery_count(core_registry_gallery(reg)), PEOPLE);
    /* a second capture of everyone, under a new name: found by iris alone */
    for (int k = 0; k < PEOPLE; k++) {
        core_person p = applicant(1000 + k);
        core_template t = capture(5000 + (uint64_t)k, 1);
        core_decision d = enrol(&p, &t, NULL);
        ck_assert_msg(d.outcome == CORE_OUTCOME_DUPLICATE, "person %d: %s", k, d.reason);
        ck_assert_uint_eq(d.person_id, ids[k]);
        ck_assert_str_eq(d.nik, niks[k]);
        ck_assert(d.best_score < 0.30);
        ck_assert_int_eq(card_status(d.card_id), CORE_CARD_DUPLICATE);
        ck_assert_uint_ge(d.comparisons, PEOPLE);
    }
    ck_assert_uint_eq(core_gallery_count(core_registry_gallery(reg)), PEOPLE);
    ck_assert_msg(core_registry_check(reg, msg, sizeof msg) == CORE_OK, "%s", msg);
    /* the last decision's evidence is in the audit tables */
    sqlite3 *db;
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT d.outcome, d.matched_person_id, e.kind,"
                                            " e.person_id, e.score, d.comparisons FROM decisions d"
                                            " JOIN decision_evidence e ON e.decision_id = d.id"
                                            " ORDER BY d.id DESC, e.score LIMIT 1", -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), CORE_OUTCOME_DUPLICATE);
    ck_assert_int_eq(sqlite3_column_int64(st, 1), (int64_t)ids[PEOPLE - 1]);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 2), "biometric");
    ck_assert_int_eq(sqlite3_column_int64(st, 3), (int64_t)ids[PEOPLE - 1]);
    ck_assert(sqlite3_column_double(st, 4) < 0.30);
    ck_assert_int_ge(sqlite3_column_int64(st, 5), PEOPLE);
    sqlite3_finalize(st);
    sqlite3_close(db);
}
END_TEST

/* The registry's search through the index: the same duplicates, charged less work. */
START_TEST(test_index_search_finds_the_same_duplicates)
{
    core_dedup_config indexed;
    core_dedup_config_default(&indexed);
    indexed.search.mode = CORE_SEARCH_INDEX;
    uint64_t ids[PEOPLE];
    for (int k = 0; k < PEOPLE; k++) {
        core_person p = applicant(k);
        core_template t = capture(7000 + (uint64_t)k, 0);
        ids[k] = enrol(&p, &t, &indexed).person_id;
    }
    for (int k = 0; k < PEOPLE; k++) {
        core_person p = applicant(2000 + k);
        core_template t = capture(7000 + (uint64_t)k, 1);
        core_decision d = enrol(&p, &t, &indexed);
        ck_assert_msg(d.outcome == CORE_OUTCOME_DUPLICATE, "person %d: %s", k, d.reason);
        ck_assert_uint_eq(d.person_id, ids[k]);
        /* brute force charges PEOPLE records x 7 rotations x 2 eyes; the index a fraction */
        ck_assert_uint_lt(d.comparisons, PEOPLE * 7 * 2 / 2);
        ck_assert_uint_ge(d.comparisons, 7 * 2); /* at least the mate was compared exactly */
    }
}
END_TEST

START_TEST(test_demographic_and_nik_conflicts)
{
    core_person p = applicant(3);
    strcpy(p.name, "Soekarno Djojo");
    strcpy(p.mother_name, "Ida Ajoe");
    core_template t = capture(77, 0);
    core_decision first = enrol(&p, &t, NULL);
    ck_assert_int_eq(first.outcome, CORE_OUTCOME_UNIQUE);
    /* same person on paper (new spelling), another iris: review */
    core_person q = p;
    strcpy(q.name, "SUKARNO JOYO");
    strcpy(q.mother_name, "ida ayu");
    core_template other = capture(78, 0);
    core_decision d = enrol(&q, &other, NULL);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_REVIEW);
    ck_assert_uint_eq(d.person_id, first.person_id);
    ck_assert_int_eq(card_status(d.card_id), CORE_CARD_ADJUDICATE);
    /* the adjudicator finds two people: the card becomes print-ready with a new NIK */
    core_transition_args verdict = {.note = "different people (checked documents)"};
    ck_assert_int_eq(core_issuance_transition(reg, d.card_id, CORE_CARD_PRINT_READY, &verdict,
                                              NULL, msg, sizeof msg), CORE_OK);
    core_card c;
    ck_assert_int_eq(core_issuance_card_get(reg, d.card_id, &c), CORE_OK);
    core_person created;
    ck_assert_int_eq(core_registry_person_get(reg, c.person_id, &created), CORE_OK);
    ck_assert_str_ne(created.nik, first.nik);
    ck_assert_int_eq(strncmp(created.nik, first.nik, 12), 0); /* same area and birth date */
    ck_assert_uint_eq(core_gallery_count(core_registry_gallery(reg)), 2);
    /* a stranger states the first person's NIK: review */
    core_person r = applicant(50);
    strcpy(r.nik, first.nik);
    core_template stranger = capture(79, 0);
    d = enrol(&r, &stranger, NULL);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_REVIEW);
    ck_assert_str_eq(d.reason, "the stated NIK belongs to person 1 whose iris does not match");
    ck_assert_msg(core_registry_check(reg, msg, sizeof msg) == CORE_OK, "%s", msg);
}
END_TEST

START_TEST(test_grey_zone_and_failure)
{
    core_person p = applicant(1);
    core_template t = capture(90, 0);
    ck_assert_int_eq(enrol(&p, &t, NULL).outcome, CORE_OUTCOME_UNIQUE);
    core_dedup_config strict;
    core_dedup_config_default(&strict);
    strict.match_below = 0.01; /* a genuine score (about 0.11) now falls in the grey zone */
    strict.review_below = 0.40;
    core_person q = applicant(2);
    core_template again = capture(90, 1);
    core_decision d = enrol(&q, &again, &strict);
    ck_assert_msg(d.outcome == CORE_OUTCOME_REVIEW, "%s", d.reason);
    ck_assert_int_eq(strncmp(d.reason, "iris score ", 11), 0);
    core_template blind = capture(91, 0);
    memset(blind.eye[0].mask, 0, sizeof blind.eye[0].mask);
    memset(blind.eye[1].mask, 0, sizeof blind.eye[1].mask);
    core_person r = applicant(3);
    d = enrol(&r, &blind, NULL);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_ENROL_FAILURE);
    ck_assert_uint_eq(d.comparisons, 0);
    ck_assert_int_eq(card_status(d.card_id), CORE_CARD_ENROL_FAILURE);
    /* record again with a usable capture, then the split calls: send, decide */
    uint64_t card = d.card_id;
    core_template good = capture(91, 1);
    char want[120];
    ck_assert_int_eq(core_enrol_recapture(reg, 1, &good, msg, sizeof msg), CORE_ESTATE);
    ck_assert_str_eq(msg, "card 1 is print-ready, not enrol-failure");
    ck_assert_int_eq(core_enrol_recapture(reg, card, &good, msg, sizeof msg), CORE_OK);
    ck_assert_int_eq(card_status(card), CORE_CARD_RECORDED);
    ck_assert_int_eq(core_issuance_transition(reg, card, CORE_CARD_SENT_FOR_ENROLMENT, NULL,
                                              NULL, msg, sizeof msg), CORE_OK);
    ck_assert_int_eq(core_enrol_decide(reg, card, NULL, &d, msg, sizeof msg), CORE_OK);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_UNIQUE);
    ck_assert_int_eq(card_status(card), CORE_CARD_PRINT_READY);
    /* a person is never created from an unusable capture, even by a manual verdict */
    core_person s2 = applicant(9);
    d = enrol(&s2, &blind, NULL);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_ENROL_FAILURE);
    ck_assert_int_eq(core_issuance_transition(reg, d.card_id, CORE_CARD_RECORDED, NULL, NULL, msg,
                                              sizeof msg), CORE_OK);
    ck_assert_int_eq(core_issuance_transition(reg, d.card_id, CORE_CARD_SENT_FOR_ENROLMENT, NULL,
                                              NULL, msg, sizeof msg), CORE_OK);
    ck_assert_int_eq(core_issuance_transition(reg, d.card_id, CORE_CARD_PRINT_READY, NULL, NULL,
                                              msg, sizeof msg), CORE_EINVAL);
    snprintf(want, sizeof want, "enrolment %llu has no usable iris; record it again",
             (unsigned long long)d.enrolment_id);
    ck_assert_str_eq(msg, want);
    ck_assert_int_eq(card_status(d.card_id), CORE_CARD_SENT_FOR_ENROLMENT);
    ck_assert_msg(core_registry_check(reg, msg, sizeof msg) == CORE_OK, "%s", msg);
}
END_TEST

START_TEST(test_exhaustion_writes_nothing)
{
    core_person p = applicant(4); /* male, 1954-05-05, 11.01.01 */
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO nik_serials VALUES('110101050554', 9999)",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    core_registry_info before, after;
    ck_assert_int_eq(core_registry_info_get(reg, &before), CORE_OK);
    core_template t = capture(95, 0);
    core_decision d;
    ck_assert_int_eq(core_enrol(reg, &p, &t, NULL, &d, msg, sizeof msg), CORE_EEXHAUSTED);
    ck_assert_str_eq(msg, "NIK serials for 110101050554 are exhausted (9999 issued)");
    ck_assert_int_eq(core_registry_info_get(reg, &after), CORE_OK);
    ck_assert_int_eq(after.enrolments, before.enrolments);
    ck_assert_int_eq(after.audit_entries, before.audit_entries);
    ck_assert_int_eq(after.decisions, before.decisions);
    ck_assert_uint_eq(after.gallery_count, 0);
    p.sex = CORE_SEX_FEMALE; /* women's serials are another counter */
    ck_assert_int_eq(enrol(&p, &t, NULL).outcome, CORE_OUTCOME_UNIQUE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dedup");
    TCase *pure = tcase_create("rule");
    tcase_add_test(pure, test_normalize);
    tcase_add_test(pure, test_rule);
    suite_add_tcase(s, pure);
    TCase *tc = tcase_create("enrol");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unique_then_duplicates);
    tcase_add_test(tc, test_index_search_finds_the_same_duplicates);
    tcase_add_test(tc, test_demographic_and_nik_conflicts);
    tcase_add_test(tc, test_grey_zone_and_failure);
    tcase_add_test(tc, test_exhaustion_writes_nothing);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
