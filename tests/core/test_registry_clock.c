/* Check suite for the registry features a simulator uses: an injected clock stamps every
 * row (the wall clock stays the default), scratch files leave no journal, batches keep each
 * operation atomic, core_enrol_searched takes the caller's search, core_enrol_import stores
 * a person without a search. */
#include <sqlite3.h>
#include <time.h>

#include "core/issuance.h"
#include "tests/core/core_test_util.h"
#include "tests/check_run.h"

typedef struct fake_clock {
    int64_t now_s;
    int calls;
} fake_clock;

static int64_t fake_now(void *ctx)
{
    fake_clock *c = ctx;
    c->calls++;
    return c->now_s;
}

static int64_t number(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK, "%s", sql);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    int64_t value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

static const char *const stamp_queries[] = {
    "SELECT count(*) FROM audit WHERE at <> %lld",
    "SELECT count(*) FROM persons WHERE created_at <> %lld",
    "SELECT count(*) FROM enrolments WHERE created_at <> %lld",
    "SELECT count(*) FROM decisions WHERE created_at <> %lld",
    "SELECT count(*) FROM cards WHERE updated_at <> %lld"};

/* Rows not stamped with `when` (0 when every row carries it). */
static int64_t rows_not_at(const char *path, int64_t when)
{
    int64_t total = 0;
    char sql[160];
    for (size_t i = 0; i < sizeof stamp_queries / sizeof stamp_queries[0]; i++) {
        snprintf(sql, sizeof sql, stamp_queries[i], (long long)when);
        total += number(path, sql);
    }
    return total;
}

/* A new registry r.sqlite in a fresh scratch folder (dir, path: the caller's buffers of 256
 * and 320 bytes); clock NULL = the wall clock. */
static core_registry *open_scratch(char *dir, char *path, int flags,
                                   const core_registry_clock *clock)
{
    char err[256];
    scratch_dir(dir, 256);
    snprintf(path, 320, "%s/r.sqlite", dir);
    core_registry *reg = NULL;
    ck_assert_int_eq(core_registry_open_with_clock(path, flags, clock, &reg, err, sizeof err),
                     CORE_OK);
    return reg;
}

START_TEST(test_injected_clock_stamps_rows)
{
    char dir[256], path[320], err[256];
    fake_clock clock = {1541350800, 0}; /* 2018-11-05 00:00 WIB */
    core_registry_clock injected = {fake_now, &clock};
    core_registry *reg = open_scratch(dir, path, CORE_REGISTRY_CREATE, &injected);
    core_person a = applicant(1);
    core_template t = capture(101, 0);
    core_decision d;
    ck_assert_int_eq(core_enrol(reg, &a, &t, NULL, &d, err, sizeof err), CORE_OK);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_UNIQUE);
    ck_assert_int_gt(clock.calls, 0);
    core_registry_close(reg);
    ck_assert_int_eq(rows_not_at(path, 1541350800), 0);
    /* a later time reaches the rows of later operations only */
    clock.now_s = 1541350800 + 3600;
    ck_assert_int_eq(core_registry_open_with_clock(path, 0, &injected, &reg, err, sizeof err),
                     CORE_OK);
    core_transition_args printed = {.blank_serial = "B-1"};
    ck_assert_int_eq(core_issuance_transition(reg, d.card_id, CORE_CARD_PRINTED, &printed, NULL,
                                              err, sizeof err), CORE_OK);
    core_registry_close(reg);
    ck_assert_int_eq(number(path, "SELECT updated_at FROM cards"), 1541350800 + 3600);
    ck_assert_int_eq(number(path, "SELECT max(at) FROM audit"), 1541350800 + 3600);
    ck_assert_int_eq(number(path, "SELECT created_at FROM persons"), 1541350800);
    scratch_remove(dir);
}
END_TEST

START_TEST(test_default_clock_is_wall_clock)
{
    char dir[256], path[320], err[256];
    int64_t before = (int64_t)time(NULL);
    core_registry *reg = open_scratch(dir, path, CORE_REGISTRY_CREATE, NULL);
    fake_clock clock = {42, 0};
    core_registry_clock injected = {fake_now, &clock};
    core_person a = applicant(2);
    core_template t = capture(102, 0);
    core_decision d;
    ck_assert_int_eq(core_enrol(reg, &a, &t, NULL, &d, err, sizeof err), CORE_OK);
    core_registry_set_clock(reg, &injected); /* from now on 42 ... */
    ck_assert_int_eq(core_issuance_transition(reg, d.card_id, CORE_CARD_REVOKED, NULL, NULL, err,
                                              sizeof err), CORE_OK);
    core_registry_set_clock(reg, NULL); /* ... and back to the wall clock */
    a = applicant(3);
    t = capture(103, 0);
    ck_assert_int_eq(core_enrol(reg, &a, &t, NULL, &d, err, sizeof err), CORE_OK);
    core_registry_close(reg);
    int64_t after = (int64_t)time(NULL);
    ck_assert_int_ge(number(path, "SELECT min(created_at) FROM persons"), before);
    ck_assert_int_le(number(path, "SELECT max(created_at) FROM persons"), after);
    ck_assert_int_eq(number(path, "SELECT count(*) FROM audit WHERE at = 42"), 1); /* revoked */
    ck_assert_int_eq(number(path, "SELECT updated_at FROM cards WHERE id = 1"), 42);
    scratch_remove(dir);
}
END_TEST

/* A scratch registry written in a batch: one failed operation is undone alone, the rest is
 * committed at the end, and no journal file is left beside it. */
START_TEST(test_scratch_batch)
{
    char dir[256], path[320], err[256];
    int flags = CORE_REGISTRY_CREATE | CORE_REGISTRY_SCRATCH | CORE_REGISTRY_NO_GALLERY;
    core_registry *reg = open_scratch(dir, path, flags, NULL);
    ck_assert_int_eq(core_registry_batch_begin(reg, err, sizeof err), CORE_OK);
    ck_assert_int_eq(core_registry_batch_begin(reg, err, sizeof err), CORE_ESTATE);
    core_decision d[3];
    for (int k = 0; k < 3; k++) {
        core_person a = applicant(10 + k);
        core_template t = capture(110 + (uint64_t)k, 0);
        ck_assert_int_eq(core_enrol_searched(reg, &a, &t, NULL, NULL, 0, 5, &d[k], err,
                                             sizeof err), CORE_OK);
    }
    core_transition_args blank = {.blank_serial = "B-7"};
    ck_assert_int_eq(core_issuance_transition(reg, d[0].card_id, CORE_CARD_PRINTED, &blank, NULL,
                                              err, sizeof err), CORE_OK);
    ck_assert_int_eq(core_issuance_transition(reg, d[1].card_id, CORE_CARD_PRINTED, &blank, NULL,
                                              err, sizeof err), CORE_EEXIST);
    ck_assert_str_eq(err, "blank card B-7 was already used");
    ck_assert_int_eq(core_registry_batch_end(reg, err, sizeof err), CORE_OK);
    core_registry_info info;
    ck_assert_int_eq(core_registry_info_get(reg, &info), CORE_OK);
    ck_assert_str_eq(info.journal_mode, "memory");
    core_registry_close(reg);
    ck_assert_int_eq(number(path, "SELECT count(*) FROM persons"), 3);
    ck_assert_int_eq(number(path, "SELECT count(*) FROM cards WHERE status = 6"), 1);
    ck_assert_int_eq(number(path, "SELECT status FROM cards WHERE id = 2"), CORE_CARD_PRINT_READY);
    ck_assert_int_eq(number(path, "SELECT sum(comparisons) FROM decisions"), 15);
    char side[340];
    const char *suffixes[] = {"-journal", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        ck_assert_msg(!file_exists(side), "%s was left behind", side);
    }
    scratch_remove(dir);
}
END_TEST

/* The caller's candidates decide (the registry has no gallery); a prefill person comes in by
 * import, without a search. */
START_TEST(test_searched_and_import)
{
    char dir[256], path[320], err[256];
    core_registry *reg =
        open_scratch(dir, path, CORE_REGISTRY_CREATE | CORE_REGISTRY_NO_GALLERY, NULL);
    core_person old = applicant(20);
    core_template old_t = capture(120, 0);
    core_decision imported;
    ck_assert_int_eq(core_enrol_import(reg, &old, &old_t, &imported, err, sizeof err), CORE_OK);
    ck_assert_uint_eq(imported.person_id, 1);
    ck_assert_str_eq(imported.reason, CORE_ENROL_IMPORTED_REASON);
    ck_assert_int_eq(strlen(imported.nik), 16);
    core_person again = applicant(21); /* new demographics, same iris */
    core_template again_t = capture(120, 1);
    core_candidate hit = {imported.person_id, 0.12, {0.11, 0.13}};
    core_decision d;
    ck_assert_int_eq(core_enrol_searched(reg, &again, &again_t, NULL, &hit, 1, 14, &d, err,
                                         sizeof err), CORE_OK);
    ck_assert_int_eq(d.outcome, CORE_OUTCOME_DUPLICATE);
    ck_assert_uint_eq(d.person_id, imported.person_id);
    ck_assert_str_eq(d.nik, imported.nik);
    ck_assert_int_eq(core_enrol_searched(reg, &again, &again_t, NULL, NULL, 1, 0, &d, err,
                                         sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "no candidates given");
    ck_assert_msg(core_registry_check(reg, err, sizeof err) == CORE_OK, "%s", err);
    core_registry_close(reg);
    ck_assert_int_eq(number(path, "SELECT count(*) FROM persons"), 1);
    ck_assert_int_eq(number(path, "SELECT comparisons FROM decisions WHERE id = 2"), 14);
    ck_assert_int_eq(number(path, "SELECT count(*) FROM decision_evidence WHERE decision_id = 2"
                                  " AND kind = 'biometric' AND person_id = 1"), 1);
    scratch_remove(dir);
}
END_TEST

static Suite *clock_suite(void)
{
    Suite *s = suite_create("registry_clock");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_injected_clock_stamps_rows);
    tcase_add_test(tc, test_default_clock_is_wall_clock);
    tcase_add_test(tc, test_scratch_batch);
    tcase_add_test(tc, test_searched_and_import);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ktp_check_run(clock_suite());
}
