/* Registry: creation, WAL and schema version, refusing files that are not registries (not
 * SQLite, foreign, newer) without writing anything, NIK serial allocation and exhaustion,
 * template encoding, bad applicants, and the gallery rebuilt on reopen. */
#include <sqlite3.h>
#include <sys/wait.h>
#include "core_test_util.h"
#include "tests/check_run.h"

static char dir[256], path[320], msg[256];

static void setup(void)
{
    scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/registry.db", dir);
    msg[0] = '\0';
}

static void teardown(void)
{
    scratch_remove(dir);
}

static void sql(const char *file, const char *statement)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(file, &db), SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec(db, statement, NULL, NULL, &err);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", statement, err ? err : "?");
    sqlite3_close(db);
}

static core_registry *create(void)
{
    core_registry *reg = NULL;
    ck_assert_int_eq(core_registry_open(path, CORE_REGISTRY_CREATE | CORE_REGISTRY_FAST, &reg,
                                        msg, sizeof msg), CORE_OK);
    return reg;
}

/* Opening must fail with status and text, and leave the file byte-for-byte as it was. */
static void expect_refused(int flags, int status, const char *text)
{
    size_t before_n = 0, after_n = 0;
    unsigned char *before = slurp(path, &before_n);
    core_registry *reg = (core_registry *)1;
    ck_assert_int_eq(core_registry_open(path, flags, &reg, msg, sizeof msg), status);
    ck_assert_ptr_null(reg);
    ck_assert_str_eq(msg, text);
    unsigned char *after = slurp(path, &after_n);
    ck_assert_uint_eq(before_n, after_n);
    if (before_n)
        ck_assert_mem_eq(before, after, before_n);
    free(before);
    free(after);
}

START_TEST(test_create_and_info)
{
    core_registry *reg = create();
    core_registry_info info;
    ck_assert_int_eq(core_registry_info_get(reg, &info), CORE_OK);
    ck_assert_int_eq(info.schema_version, CORE_REGISTRY_SCHEMA_VERSION);
    ck_assert_str_eq(info.journal_mode, "wal");
    ck_assert_int_eq(info.persons, 0);
    ck_assert_int_eq(info.ikd_credentials, 0);
    ck_assert_int_eq(info.audit_entries, 1);
    ck_assert_int_eq(core_registry_check(reg, msg, sizeof msg), CORE_OK);
    core_registry_close(reg);
    reg = NULL;
    ck_assert_int_eq(core_registry_open(path, 0, &reg, msg, sizeof msg), CORE_OK);
    core_registry_close(reg);
}
END_TEST

START_TEST(test_missing_file)
{
    char want[400];
    snprintf(want, sizeof want, "%s does not exist", path);
    expect_refused(0, CORE_ENOTFOUND, want);
    ck_assert(!file_exists(path));
}
END_TEST

START_TEST(test_not_sqlite)
{
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < 4096; i++)
        fputc("not a database\n"[i % 15], f);
    fclose(f);
    char want[400], wal[400];
    snprintf(want, sizeof want, "%s is not an SQLite database", path);
    expect_refused(0, CORE_ECORRUPT, want);
    expect_refused(CORE_REGISTRY_CREATE, CORE_ECORRUPT, want);
    snprintf(wal, sizeof wal, "%s-wal", path);
    ck_assert(!file_exists(wal));
}
END_TEST

START_TEST(test_foreign_sqlite)
{
    sql(path, "CREATE TABLE t(x); INSERT INTO t VALUES(1);");
    char want[400];
    snprintf(want, sizeof want, "%s is an SQLite database but not a ktpcore registry", path);
    expect_refused(CORE_REGISTRY_CREATE, CORE_ECORRUPT, want);
}
END_TEST

START_TEST(test_empty_file)
{
    fclose(fopen(path, "wb"));
    char want[400];
    snprintf(want, sizeof want, "%s is an empty database, not a ktpcore registry", path);
    expect_refused(0, CORE_ECORRUPT, want);
    core_registry_close(create()); /* with CREATE an empty file becomes a registry */
}
END_TEST

/* A writer opens with CORE_REGISTRY_CHECKED: a registry whose check fails (here a person
 * whose template row is gone) is refused, untouched, and opens again once it is whole. */
START_TEST(test_writer_refuses_failed_check)
{
    core_registry *reg = create();
    core_person p = applicant(1);
    core_template t = capture(11, 0);
    core_decision d;
    ck_assert_int_eq(core_enrol(reg, &p, &t, NULL, &d, msg, sizeof msg), CORE_OK);
    core_registry_close(reg);
    sql(path, "CREATE TABLE kept AS SELECT * FROM templates;"
              " DELETE FROM templates;");
    char want[400];
    snprintf(want, sizeof want, "%s: registry check failed: person without a template (id 1);"
                                " not writing to it", path);
    expect_refused(CORE_REGISTRY_CHECKED, CORE_ECORRUPT, want);
    sql(path, "INSERT INTO templates SELECT * FROM kept; DROP TABLE kept;");
    reg = NULL;
    ck_assert_int_eq(core_registry_open(path, CORE_REGISTRY_CHECKED, &reg, msg, sizeof msg),
                     CORE_OK);
    core_registry_close(reg);
}
END_TEST

/* Damage the check must name: sql applied to a registry with one enrolment, then the
 * first problem core_registry_check reports. */
static void expect_check_fails(const char *damage, const char *want)
{
    core_registry *reg = create();
    core_person p = applicant(2);
    core_template t = capture(12, 0);
    core_decision d;
    ck_assert_int_eq(core_enrol(reg, &p, &t, NULL, &d, msg, sizeof msg), CORE_OK);
    ck_assert_int_eq(core_registry_check(reg, msg, sizeof msg), CORE_OK);
    core_registry_close(reg);
    sql(path, damage);
    reg = NULL;
    ck_assert_int_eq(core_registry_open(path, 0, &reg, msg, sizeof msg), CORE_OK);
    ck_assert_int_eq(core_registry_check(reg, msg, sizeof msg), CORE_ECORRUPT);
    ck_assert_str_eq(msg, want);
    core_registry_close(reg);
    unlink(path);
}

/* registry check covers the schema (a dropped table or index, a changed column) and every
 * stored enum (card status, decision outcome, sex, IKD status). */
START_TEST(test_check_schema_and_enums)
{
    expect_check_fails("DROP TABLE audit", "schema: table audit is missing");
    expect_check_fails("DROP INDEX cards_person", "schema: index cards_person is missing");
    expect_check_fails("ALTER TABLE audit DROP COLUMN detail",
                       "schema: table audit has columns (id INTEGER 0 1, at INTEGER 1 0, action"
                       " TEXT 1 0, subject TEXT 1 0, subject_id INTEGER 0 0), expected (id"
                       " INTEGER 0 1, at INTEGER 1 0, action TEXT 1 0, subject TEXT 1 0,"
                       " subject_id INTEGER 0 0, detail TEXT 0 0)");
    expect_check_fails("UPDATE cards SET status = 12", "card with an unknown status (id 1)");
    expect_check_fails("UPDATE cards SET status = 'printed'", "card with an unknown status (id 1)");
    expect_check_fails("UPDATE decisions SET outcome = 0",
                       "decision with an unknown outcome (id 1)");
    expect_check_fails("UPDATE enrolments SET sex = 3", "enrolment with an unknown sex (id 1)");
    expect_check_fails("INSERT INTO ikd_credentials(person_id, device_id, status)"
                       " VALUES(1, 'x', 7)", "IKD credential with an unknown status (id 1)");
}
END_TEST

START_TEST(test_newer_version)
{
    core_registry_close(create());
    sql(path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 2;");
    char want[400];
    snprintf(want, sizeof want, "%s has registry schema version 2; this ktpcore reads up to 1",
             path);
    expect_refused(0, CORE_EVERSION, want);
    expect_refused(CORE_REGISTRY_CREATE, CORE_EVERSION, want);
}
END_TEST

START_TEST(test_nik_allocation_and_exhaustion)
{
    core_registry *reg = create();
    core_nik man = {.province = 11, .regency = 1, .district = 1, .birth_day = 1,
                    .birth_month = 1, .birth_year2 = 85};
    core_nik woman = man;
    woman.female = 1;
    char nik[17];
    ck_assert_int_eq(core_registry_allocate_nik(reg, &man, nik, msg, sizeof msg), CORE_OK);
    ck_assert_str_eq(nik, "1101010101850001");
    ck_assert_int_eq(core_registry_allocate_nik(reg, &man, nik, msg, sizeof msg), CORE_OK);
    ck_assert_str_eq(nik, "1101010101850002");
    ck_assert_int_eq(core_registry_allocate_nik(reg, &woman, nik, msg, sizeof msg), CORE_OK);
    ck_assert_str_eq(nik, "1101014101850001"); /* women count separately: day + 40 */
    core_registry_close(reg);
    sql(path, "UPDATE nik_serials SET last_serial = 9998 WHERE prefix = '110101010185'");
    ck_assert_int_eq(core_registry_open(path, CORE_REGISTRY_FAST, &reg, msg, sizeof msg), CORE_OK);
    ck_assert_int_eq(core_registry_allocate_nik(reg, &man, nik, msg, sizeof msg), CORE_OK);
    ck_assert_str_eq(nik, "1101010101859999");
    ck_assert_int_eq(core_registry_allocate_nik(reg, &man, nik, msg, sizeof msg),
                     CORE_EEXHAUSTED);
    ck_assert_str_eq(msg, "NIK serials for 110101010185 are exhausted (9999 issued)");
    ck_assert_int_eq(core_registry_allocate_nik(reg, &woman, nik, msg, sizeof msg), CORE_OK);
    ck_assert_str_eq(nik, "1101014101850002");
    core_nik bad = man;
    bad.district = 99;
    ck_assert_int_eq(core_registry_allocate_nik(reg, &bad, nik, msg, sizeof msg), CORE_ENOTFOUND);
    ck_assert_str_eq(msg, "unknown district code 11.01.99");
    core_registry_info info;
    ck_assert_int_eq(core_registry_info_get(reg, &info), CORE_OK);
    ck_assert_int_eq(info.nik_prefixes, 2);
    core_registry_close(reg);
}
END_TEST

START_TEST(test_template_bytes)
{
    core_template t = capture(7, 0), back;
    unsigned char bytes[CORE_TEMPLATE_BYTES];
    core_template_encode(&t, bytes);
    ck_assert_int_eq(core_template_decode(bytes, sizeof bytes, &back, msg, sizeof msg), CORE_OK);
    ck_assert_mem_eq(&t, &back, sizeof t);
    ck_assert_uint_eq(bytes[0], (unsigned)(t.eye[0].code[0] & 0xff)); /* little-endian */
    ck_assert_int_eq(core_template_decode(bytes, 1000, &back, msg, sizeof msg), CORE_ECORRUPT);
    ck_assert_str_eq(msg, "template is 1000 bytes, expected 1024");
    ck_assert_int_eq(core_template_decode(NULL, 1024, &back, msg, sizeof msg), CORE_ECORRUPT);
    ck_assert_str_eq(msg, "template is 0 bytes, expected 1024");
    /* the schema refuses a wrong-sized blob too */
    core_registry_close(create());
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "INSERT INTO enrolments(name, sex, birth_date, birth_place,"
                                      " mother_name, district_code, template) VALUES"
                                      " ('a', 1, '2000-01-01', 'b', 'c', 110101, zeroblob(1000))",
                                  NULL, NULL, NULL), SQLITE_CONSTRAINT);
    sqlite3_close(db);
}
END_TEST

static void expect_bad_applicant(core_registry *reg, const core_person *p, int status,
                                 const char *text)
{
    core_registry_info before, after;
    core_decision d;
    core_template t = capture(1, 0);
    ck_assert_int_eq(core_registry_info_get(reg, &before), CORE_OK);
    ck_assert_int_eq(core_enrol(reg, p, &t, NULL, &d, msg, sizeof msg), status);
    ck_assert_str_eq(msg, text);
    uint64_t card = 0;
    ck_assert_int_eq(core_enrol_record(reg, p, &t, &card, msg, sizeof msg), status);
    ck_assert_int_eq(core_registry_info_get(reg, &after), CORE_OK);
    ck_assert_int_eq(after.enrolments, before.enrolments);
    ck_assert_int_eq(after.audit_entries, before.audit_entries);
}

START_TEST(test_bad_applicants)
{
    core_registry *reg = create();
    core_person p = applicant(1);
    p.name[0] = '\0';
    expect_bad_applicant(reg, &p, CORE_EINVAL, "name is empty");
    p = applicant(1);
    strcpy(p.name, " .,- ");
    expect_bad_applicant(reg, &p, CORE_EINVAL, "name is empty");
    p = applicant(1);
    p.sex = 3;
    expect_bad_applicant(reg, &p, CORE_EINVAL, "sex 3 is not 1 (male) or 2 (female)");
    p = applicant(1);
    p.birth_year = 2001, p.birth_month = 2, p.birth_day = 29;
    expect_bad_applicant(reg, &p, CORE_EINVAL, "birth date 2001-02-29 does not exist");
    p.birth_year = 1900; /* not a leap year: divisible by 100 */
    expect_bad_applicant(reg, &p, CORE_EINVAL, "birth date 1900-02-29 does not exist");
    p = applicant(1);
    p.district_code = 110199;
    expect_bad_applicant(reg, &p, CORE_ENOTFOUND, "unknown district code 11.01.99");
    p = applicant(1);
    strcpy(p.nik, "1101017201850001");
    expect_bad_applicant(reg, &p, CORE_EINVAL,
                         "stated NIK: day 72 is not a valid day (1-31 men, 41-71 women)");
    p = applicant(1);
    p.mother_name[0] = '\0';
    expect_bad_applicant(reg, &p, CORE_EINVAL, "mother's name is empty");
    core_decision d;
    p = applicant(1);
    ck_assert_int_eq(core_enrol(reg, &p, NULL, NULL, &d, msg, sizeof msg), CORE_EINVAL);
    ck_assert_str_eq(msg, "no template or decision given");
    core_dedup_config cfg;
    core_dedup_config_default(&cfg);
    cfg.review_below = 0.2;
    core_template t = capture(1, 0);
    ck_assert_int_eq(core_enrol(reg, &p, &t, &cfg, &d, msg, sizeof msg), CORE_EINVAL);
    ck_assert_str_eq(msg, "thresholds must satisfy 0 < match_below <= review_below <= 1");
    core_registry_close(reg);
}
END_TEST

START_TEST(test_gallery_rebuilt_on_open)
{
    core_registry *reg = create();
    uint64_t ids[5];
    for (int k = 0; k < 5; k++) {
        core_person p = applicant(k);
        core_template t = capture(1000 + (uint64_t)k, 0);
        core_decision d;
        ck_assert_int_eq(core_enrol(reg, &p, &t, NULL, &d, msg, sizeof msg), CORE_OK);
        ck_assert_int_eq(d.outcome, CORE_OUTCOME_UNIQUE);
        ids[k] = d.person_id;
    }
    ck_assert_uint_eq(core_gallery_count(core_registry_gallery(reg)), 5);
    core_registry_close(reg);
    ck_assert_int_eq(core_registry_open(path, 0, &reg, msg, sizeof msg), CORE_OK);
    ck_assert_uint_eq(core_gallery_count(core_registry_gallery(reg)), 5);
    ck_assert_int_eq(core_registry_check(reg, msg, sizeof msg), CORE_OK);
    for (int k = 0; k < 5; k++) {
        core_template stored, t = capture(1000 + (uint64_t)k, 0);
        ck_assert_int_eq(core_registry_template_get(reg, ids[k], &stored), CORE_OK);
        ck_assert_mem_eq(&stored, &t, sizeof t);
        core_person p;
        ck_assert_int_eq(core_registry_person_get(reg, ids[k], &p), CORE_OK);
        core_person by_nik;
        ck_assert_int_eq(core_registry_person_by_nik(reg, p.nik, &by_nik), CORE_OK);
        ck_assert_uint_eq(by_nik.id, ids[k]);
        core_person want = applicant(k);
        ck_assert_str_eq(p.name, want.name);
        ck_assert_int_eq(p.birth_year, want.birth_year);
    }
    core_person none;
    ck_assert_int_eq(core_registry_person_get(reg, 999, &none), CORE_ENOTFOUND);
    core_registry_close(reg);
    /* read-only, no gallery: info works, writes are refused */
    ck_assert_int_eq(core_registry_open(path, CORE_REGISTRY_READONLY | CORE_REGISTRY_NO_GALLERY,
                                        &reg, msg, sizeof msg), CORE_OK);
    ck_assert_ptr_null(core_registry_gallery(reg));
    core_nik parts = {.province = 11, .regency = 1, .district = 1, .birth_day = 1,
                      .birth_month = 1, .birth_year2 = 85};
    char nik[17];
    ck_assert_int_eq(core_registry_allocate_nik(reg, &parts, nik, msg, sizeof msg), CORE_EINVAL);
    ck_assert_str_eq(msg, "the registry was opened read-only");
    core_registry_close(reg);
}
END_TEST

START_TEST(test_busy)
{
    core_registry *reg = create();
    core_registry_set_busy_timeout(reg, 20);
    sqlite3 *other;
    ck_assert_int_eq(sqlite3_open(path, &other), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    core_nik parts = {.province = 11, .regency = 1, .district = 1, .birth_day = 1,
                      .birth_month = 1, .birth_year2 = 85};
    char nik[17];
    ck_assert_int_eq(core_registry_allocate_nik(reg, &parts, nik, msg, sizeof msg), CORE_EBUSY);
    ck_assert_str_eq(msg, "starting a transaction: database is locked");
    core_person p = applicant(1);
    core_template t = capture(1, 0);
    core_decision d;
    ck_assert_int_eq(core_enrol(reg, &p, &t, NULL, &d, msg, sizeof msg), CORE_EBUSY);
    ck_assert_int_eq(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    ck_assert_int_eq(core_registry_allocate_nik(reg, &parts, nik, msg, sizeof msg), CORE_OK);
    ck_assert_str_eq(nik, "1101010101850001"); /* the refused call used no serial */
    ck_assert_int_eq(core_enrol(reg, &p, &t, NULL, &d, msg, sizeof msg), CORE_OK);
    ck_assert_uint_eq(core_gallery_count(core_registry_gallery(reg)), 1);
    core_registry_close(reg);
}
END_TEST

/* A registry damaged on disk (pages overwritten, file truncated) gives CORE_ECORRUPT or
 * CORE_EIO on open or on check: a clear error, never a crash (the sanitizer build runs this). */
START_TEST(test_damaged_file)
{
    core_registry *reg = create();
    for (int k = 0; k < 60; k++) {
        core_person p = applicant(k);
        core_template t = capture(300 + (uint64_t)k, 0);
        core_decision d;
        ck_assert_int_eq(core_enrol(reg, &p, &t, NULL, &d, msg, sizeof msg), CORE_OK);
    }
    core_registry_close(reg);
    size_t size = 0;
    unsigned char *good = slurp(path, &size);
    ck_assert_uint_gt(size, 16 * 4096);
    int refused = 0;
    for (int round = 0; round < 24; round++) {
        unsigned char *bad = malloc(size);
        memcpy(bad, good, size);
        size_t len = size;
        if (round < 16) { /* overwrite 512 bytes somewhere after the header page */
            size_t at = 4096 + (size_t)round * ((size - 4096 - 512) / 16);
            for (size_t i = 0; i < 512; i++)
                bad[at + i] = (unsigned char)(i * 37 + (size_t)round);
        } else { /* truncate */
            len = size * (size_t)(round - 15) / 9;
        }
        FILE *f = fopen(path, "wb");
        fwrite(bad, 1, len, f);
        fclose(f);
        free(bad);
        reg = NULL;
        int rc = core_registry_open(path, 0, &reg, msg, sizeof msg);
        ck_assert_msg(rc == CORE_OK || rc == CORE_ECORRUPT || rc == CORE_EIO, "round %d: %d %s",
                      round, rc, msg);
        if (rc == CORE_OK) {
            rc = core_registry_check(reg, msg, sizeof msg);
            ck_assert_msg(rc == CORE_OK || rc == CORE_ECORRUPT, "round %d: %d %s", round, rc, msg);
            core_registry_close(reg);
        }
        refused += rc != CORE_OK;
        if (getenv("KTP_TEST_VERBOSE"))
            fprintf(stderr, "round %d: %s\n", round, rc == CORE_OK ? "not detected" : msg);
    }
    ck_assert_int_ge(refused, 12); /* most damage is detected, by open or by check */
    free(good);
}
END_TEST

/* Two processes allocate serials for the same prefix at once: every serial is handed out
 * exactly once (BEGIN IMMEDIATE serialises them; SQLITE_BUSY waits in the busy handler). */
#define PER_CHILD 150
START_TEST(test_concurrent_allocation)
{
    core_registry_close(create());
    int fds[2][2];
    pid_t pids[2];
    for (int c = 0; c < 2; c++) {
        ck_assert_int_eq(pipe(fds[c]), 0);
        pids[c] = fork();
        ck_assert_int_ge(pids[c], 0);
        if (pids[c] == 0) {
            core_registry *reg = NULL;
            core_nik parts = {.province = 31, .regency = 74, .district = 5, .birth_day = 17,
                              .birth_month = 8, .birth_year2 = 45, .female = 1};
            char nik[17];
            if (core_registry_open(path, CORE_REGISTRY_FAST, &reg, NULL, 0) != CORE_OK)
                _exit(3);
            for (int i = 0; i < PER_CHILD; i++) {
                if (core_registry_allocate_nik(reg, &parts, nik, NULL, 0) != CORE_OK)
                    _exit(4);
                int serial = atoi(nik + 12);
                if (write(fds[c][1], &serial, sizeof serial) != (ssize_t)sizeof serial)
                    _exit(5);
            }
            core_registry_close(reg);
            _exit(0);
        }
        close(fds[c][1]);
    }
    char seen[2 * PER_CHILD + 1] = {0};
    for (int c = 0; c < 2; c++) {
        int serial, last = 0, n = 0;
        while (read(fds[c][0], &serial, sizeof serial) == (ssize_t)sizeof serial) {
            ck_assert_int_gt(serial, last); /* each process sees its serials increase */
            ck_assert_int_le(serial, 2 * PER_CHILD);
            ck_assert_int_eq(seen[serial], 0);
            seen[serial] = 1;
            last = serial;
            n++;
        }
        close(fds[c][0]);
        int status;
        ck_assert_int_eq(waitpid(pids[c], &status, 0), pids[c]);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %d: %#x", c, status);
        ck_assert_int_eq(n, PER_CHILD);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("registry");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_create_and_info);
    tcase_add_test(tc, test_missing_file);
    tcase_add_test(tc, test_not_sqlite);
    tcase_add_test(tc, test_foreign_sqlite);
    tcase_add_test(tc, test_empty_file);
    tcase_add_test(tc, test_newer_version);
    tcase_add_test(tc, test_writer_refuses_failed_check);
    tcase_add_test(tc, test_check_schema_and_enums);
    tcase_add_test(tc, test_nik_allocation_and_exhaustion);
    tcase_add_test(tc, test_template_bytes);
    tcase_add_test(tc, test_bad_applicants);
    tcase_add_test(tc, test_gallery_rebuilt_on_open);
    tcase_add_test(tc, test_busy);
    tcase_add_test(tc, test_concurrent_allocation);
    tcase_add_test(tc, test_damaged_file);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
