/* Card lifecycle: the transition table checked pair by pair against an independent list,
 * then every one of the 144 (from, to) pairs tried on a real card in the registry: legal
 * ones succeed with their effects, illegal ones fail with CORE_ESTATE and change nothing. */
#include "core/issuance.h"
#include "core_test_util.h"
#include "tests/check_run.h"

#define N CORE_CARD_STATUS_COUNT

static const int legal_pairs[][2] = {
    {CORE_CARD_RECORDED, CORE_CARD_SENT_FOR_ENROLMENT},
    {CORE_CARD_SENT_FOR_ENROLMENT, CORE_CARD_PRINT_READY},
    {CORE_CARD_SENT_FOR_ENROLMENT, CORE_CARD_DUPLICATE},
    {CORE_CARD_SENT_FOR_ENROLMENT, CORE_CARD_ADJUDICATE},
    {CORE_CARD_SENT_FOR_ENROLMENT, CORE_CARD_ENROL_FAILURE},
    {CORE_CARD_ADJUDICATE, CORE_CARD_PRINT_READY},
    {CORE_CARD_ADJUDICATE, CORE_CARD_DUPLICATE},
    {CORE_CARD_ENROL_FAILURE, CORE_CARD_RECORDED},
    {CORE_CARD_PRINT_READY, CORE_CARD_PRINTED},
    {CORE_CARD_PRINT_READY, CORE_CARD_REVOKED},
    {CORE_CARD_PRINTED, CORE_CARD_COLLECTED},
    {CORE_CARD_PRINTED, CORE_CARD_REVOKED},
    {CORE_CARD_COLLECTED, CORE_CARD_REPLACED_LOST},
    {CORE_CARD_COLLECTED, CORE_CARD_REPLACED_DAMAGED},
    {CORE_CARD_COLLECTED, CORE_CARD_REPLACED_DATA_CHANGE},
    {CORE_CARD_COLLECTED, CORE_CARD_REVOKED},
};

static int legal(int from, int to)
{
    for (size_t i = 0; i < sizeof legal_pairs / sizeof legal_pairs[0]; i++)
        if (legal_pairs[i][0] == from && legal_pairs[i][1] == to)
            return 1;
    return 0;
}

/* How to reach each status from "recorded" through legal transitions. */
static const int paths[N][5] = {
    [CORE_CARD_RECORDED] = {-1},
    [CORE_CARD_SENT_FOR_ENROLMENT] = {1, -1},
    [CORE_CARD_PRINT_READY] = {1, 2, -1},
    [CORE_CARD_DUPLICATE] = {1, 3, -1},
    [CORE_CARD_ADJUDICATE] = {1, 4, -1},
    [CORE_CARD_ENROL_FAILURE] = {1, 5, -1},
    [CORE_CARD_PRINTED] = {1, 2, 6, -1},
    [CORE_CARD_COLLECTED] = {1, 2, 6, 7, -1},
    [CORE_CARD_REPLACED_LOST] = {1, 2, 6, 7, 8},
    [CORE_CARD_REPLACED_DAMAGED] = {1, 2, 6, 7, 9},
    [CORE_CARD_REPLACED_DATA_CHANGE] = {1, 2, 6, 7, 10},
    [CORE_CARD_REVOKED] = {1, 2, 11, -1},
};

static char dir[256], path[320], msg[256];
static core_registry *reg;
static uint64_t existing_person;
static int blanks, applicants;

static void setup(void)
{
    scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/registry.db", dir);
    ck_assert_int_eq(core_registry_open(path, CORE_REGISTRY_CREATE | CORE_REGISTRY_FAST, &reg,
                                        msg, sizeof msg), CORE_OK);
    core_person p = applicant(0);
    core_template t = capture(1, 0);
    core_decision d;
    ck_assert_int_eq(core_enrol(reg, &p, &t, NULL, &d, msg, sizeof msg), CORE_OK);
    existing_person = d.person_id;
    applicants = 1;
}

static void teardown(void)
{
    core_registry_close(reg);
    scratch_remove(dir);
}

static int move(uint64_t card, int to, uint64_t *new_card)
{
    char blank[32];
    snprintf(blank, sizeof blank, "BLK-%06d", ++blanks);
    core_transition_args args = {.blank_serial = blank, .duplicate_of = existing_person};
    msg[0] = '\0';
    return core_issuance_transition(reg, card, (core_card_status)to, &args, new_card, msg,
                                    sizeof msg);
}

static uint64_t card_in(int status)
{
    core_person p = applicant(applicants);
    core_template t = capture(100 + (uint64_t)applicants, 0);
    applicants++;
    uint64_t card = 0;
    ck_assert_int_eq(core_enrol_record(reg, &p, &t, &card, msg, sizeof msg), CORE_OK);
    for (int i = 0; i < 5 && paths[status][i] >= 0; i++) {
        if (paths[status][i] == 0 && i == 0)
            break;
        ck_assert_msg(move(card, paths[status][i], NULL) == CORE_OK, "%s", msg);
    }
    core_card c;
    ck_assert_int_eq(core_issuance_card_get(reg, card, &c), CORE_OK);
    ck_assert_int_eq(c.status, status);
    return card;
}

START_TEST(test_table_matches_spec)
{
    int count = 0;
    for (int from = 0; from < N; from++)
        for (int to = 0; to < N; to++) {
            ck_assert_int_eq(core_card_transition_allowed(from, to), legal(from, to));
            count += legal(from, to);
        }
    ck_assert_int_eq(count, 16);
    ck_assert_int_eq(core_card_transition_allowed(-1, 0), 0);
    ck_assert_int_eq(core_card_transition_allowed(N, 0), 0);
}
END_TEST

START_TEST(test_names)
{
    for (int s = 0; s < N; s++) {
        core_card_status back;
        ck_assert_int_eq(core_card_status_parse(core_card_status_name(s), &back), CORE_OK);
        ck_assert_int_eq(back, s);
    }
    ck_assert_str_eq(core_card_status_name(CORE_CARD_SENT_FOR_ENROLMENT), "sent-for-enrolment");
    ck_assert_str_eq(core_card_status_name(99), "unknown");
    core_card_status out;
    ck_assert_int_eq(core_card_status_parse("printed ", &out), CORE_EINVAL);
}
END_TEST

/* One (from, to) pair on a fresh card in state from. */
static void try_pair(int from, int to)
{
    uint64_t card = card_in(from), new_card = 0;
    core_registry_info before, after;
    ck_assert_int_eq(core_registry_info_get(reg, &before), CORE_OK);
    int rc = move(card, to, &new_card);
    ck_assert_int_eq(core_registry_info_get(reg, &after), CORE_OK);
    core_card c;
    ck_assert_int_eq(core_issuance_card_get(reg, card, &c), CORE_OK);
    if (!legal(from, to)) {
        char want[200];
        snprintf(want, sizeof want, "card %llu: illegal transition %s -> %s",
                 (unsigned long long)card, core_card_status_name(from), core_card_status_name(to));
        ck_assert_int_eq(rc, CORE_ESTATE);
        ck_assert_str_eq(msg, want);
        ck_assert_int_eq(c.status, from);
        ck_assert_int_eq(after.audit_entries, before.audit_entries);
        ck_assert_int_eq(after.persons, before.persons);
        ck_assert_int_eq(after.cards, before.cards);
        return;
    }
    ck_assert_msg(rc == CORE_OK, "%s -> %s: %s", core_card_status_name(from),
                  core_card_status_name(to), msg);
    ck_assert_int_eq(c.status, to);
    int person_created = to == CORE_CARD_PRINT_READY; /* person.create */
    ck_assert_int_eq(after.audit_entries,
                     before.audit_entries + 1 + (new_card != 0) + person_created);
    if (to == CORE_CARD_PRINT_READY) {
        core_person p;
        ck_assert_uint_ne(c.person_id, 0);
        ck_assert_int_eq(core_registry_person_get(reg, c.person_id, &p), CORE_OK);
        ck_assert_int_eq(core_nik_parse(p.nik, NULL, NULL, 0), CORE_OK);
        ck_assert_int_eq(after.persons, before.persons + 1);
        ck_assert_uint_eq(after.gallery_count, before.gallery_count + 1);
    }
    if (to == CORE_CARD_DUPLICATE)
        ck_assert_uint_eq(c.person_id, existing_person);
    if (to == CORE_CARD_PRINTED)
        ck_assert_int_eq(strncmp(c.blank_serial, "BLK-", 4), 0);
    if (to >= CORE_CARD_REPLACED_LOST && to <= CORE_CARD_REPLACED_DATA_CHANGE) {
        core_card repl;
        ck_assert_int_eq(core_issuance_card_get(reg, new_card, &repl), CORE_OK);
        ck_assert_int_eq(repl.status, CORE_CARD_PRINT_READY);
        ck_assert_uint_eq(repl.replaces_card_id, card);
        ck_assert_uint_eq(repl.person_id, c.person_id);
    } else {
        ck_assert_uint_eq(new_card, 0);
    }
    ck_assert_msg(core_registry_check(reg, msg, sizeof msg) == CORE_OK, "%s", msg);
}

/* All 144 pairs in one registry (a fresh file per pair would cost 144 schema creations). */
START_TEST(test_every_pair)
{
    for (int from = 0; from < N; from++)
        for (int to = 0; to < N; to++)
            try_pair(from, to);
}
END_TEST

START_TEST(test_transition_arguments)
{
    uint64_t card = card_in(CORE_CARD_PRINT_READY);
    core_transition_args none = {0};
    ck_assert_int_eq(core_issuance_transition(reg, card, CORE_CARD_PRINTED, &none, NULL, msg,
                                              sizeof msg), CORE_EINVAL);
    char want[120];
    snprintf(want, sizeof want, "card %llu: printing needs the blank card's serial",
             (unsigned long long)card);
    ck_assert_str_eq(msg, want);
    core_transition_args blank = {.blank_serial = "BLK-X"};
    ck_assert_int_eq(core_issuance_transition(reg, card, CORE_CARD_PRINTED, &blank, NULL, msg,
                                              sizeof msg), CORE_OK);
    uint64_t other = card_in(CORE_CARD_PRINT_READY);
    ck_assert_int_eq(core_issuance_transition(reg, other, CORE_CARD_PRINTED, &blank, NULL, msg,
                                              sizeof msg), CORE_EEXIST);
    ck_assert_str_eq(msg, "blank card BLK-X was already used");
    uint64_t sent = card_in(CORE_CARD_SENT_FOR_ENROLMENT);
    ck_assert_int_eq(core_issuance_transition(reg, sent, CORE_CARD_DUPLICATE, &none, NULL, msg,
                                              sizeof msg), CORE_EINVAL);
    snprintf(want, sizeof want, "card %llu: a duplicate needs the existing person's id",
             (unsigned long long)sent);
    ck_assert_str_eq(msg, want);
    ck_assert_int_eq(core_issuance_transition(reg, 99999, CORE_CARD_PRINTED, &blank, NULL, msg,
                                              sizeof msg), CORE_ENOTFOUND);
    ck_assert_str_eq(msg, "no card 99999");
    uint64_t recorded = card_in(CORE_CARD_RECORDED);
    core_decision d;
    ck_assert_int_eq(core_enrol_decide(reg, recorded, NULL, &d, msg, sizeof msg), CORE_ESTATE);
    snprintf(want, sizeof want, "card %llu is recorded, not sent-for-enrolment",
             (unsigned long long)recorded);
    ck_assert_str_eq(msg, want);
    core_card cards[4];
    size_t n = 0;
    ck_assert_int_eq(core_issuance_cards_of_person(reg, existing_person, cards, 4, &n), CORE_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(cards[0].status, CORE_CARD_PRINT_READY);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("issuance");
    TCase *tc = tcase_create("issuance");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_table_matches_spec);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_every_pair);
    tcase_add_test(tc, test_transition_arguments);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
