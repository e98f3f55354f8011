/* Concurrent writers on one registry: every writer opens the registry (its gallery is loaded
 * then), all wait at a gate, then each enrols its share of planted same-eye pairs. The two
 * captures of a pair go to different writers, under different names, so only the biometric
 * search can link them. Whatever the interleaving, each pair must end as one person: one
 * unique decision and one duplicate naming that person. Writers are forked processes in one
 * test and threads (one handle each) in the other. No sleeps: the gate is a pipe (processes)
 * or a barrier (threads). */
#include <pthread.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include "core_test_util.h"
#include "tests/check_run.h"

#define WRITERS 4
#define PAIRS 48

static char dir[256], path[320];

/* The pair identity j's capture c: writer (j + c) % WRITERS enrols it under applicant
 * number 2 * j + c (a different name for each capture). */
static int writer_of(int pair, int capture_no)
{
    return (pair + capture_no) % WRITERS;
}

/* Enrols writer w's captures in pair order, so the two captures of a pair are in flight at
 * about the same time in two writers. Returns 0 or the failing step. */
static int enrol_share(core_registry *reg, int w)
{
    for (int j = 0; j < PAIRS; j++)
        for (int c = 0; c < 2; c++) {
            if (writer_of(j, c) != w)
                continue;
            core_person p = applicant(2 * j + c);
            core_template t = capture((uint64_t)j + 1, (uint32_t)c);
            core_decision d;
            char err[200];
            core_registry_set_busy_timeout(reg, 60000);
            if (core_enrol(reg, &p, &t, NULL, &d, err, sizeof err) != CORE_OK) {
                fprintf(stderr, "writer %d pair %d: %s\n", w, j, err);
                return 10;
            }
        }
    return 0;
}

static int64_t count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

/* Every pair is one person: PAIRS persons, PAIRS unique and PAIRS duplicate decisions, each
 * duplicate naming the person its pair-mate created; and the registry checks out. */
static void assert_every_pair_caught(void)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(count(db, "SELECT count(*) FROM persons"), PAIRS);
    ck_assert_int_eq(count(db, "SELECT count(*) FROM decisions WHERE outcome = 1"), PAIRS);
    ck_assert_int_eq(count(db, "SELECT count(*) FROM decisions WHERE outcome = 2"), PAIRS);
    /* applicant 2j+c is named "Person <2j+c> Santoso": a duplicate must point at the person
     * of the other capture of the same pair, i.e. the name number differing only in bit 0 */
    ck_assert_int_eq(count(db, "SELECT count(*) FROM decisions d"
                               " JOIN enrolments e ON e.id = d.enrolment_id"
                               " JOIN persons p ON p.id = d.matched_person_id"
                               " WHERE d.outcome = 2 AND"
                               " (CAST(substr(e.name, 8) AS INTEGER) / 2) !="
                               " (CAST(substr(p.name, 8) AS INTEGER) / 2)"),
                     0);
    sqlite3_close(db);
    core_registry *reg = NULL;
    char err[256] = "";
    ck_assert_int_eq(core_registry_open(path, 0, &reg, err, sizeof err), CORE_OK);
    ck_assert_msg(core_registry_check(reg, err, sizeof err) == CORE_OK, "%s", err);
    core_registry_close(reg);
    scratch_remove(dir);
}

START_TEST(test_processes_catch_every_pair)
{
    scratch_registry(dir, path);
    int ready[2], gate[2];
    ck_assert_int_eq(pipe(ready), 0);
    ck_assert_int_eq(pipe(gate), 0);
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        ck_assert_int_ge(pids[w], 0);
        if (pids[w] == 0) {
            core_registry *reg = NULL;
            char go;
            if (core_registry_open(path, 0, &reg, NULL, 0) != CORE_OK)
                _exit(3);
            if (write(ready[1], "r", 1) != 1 || read(gate[0], &go, 1) != 1)
                _exit(4);
            int rc = enrol_share(reg, w);
            core_registry_close(reg);
            _exit(rc);
        }
    }
    char byte;
    for (int w = 0; w < WRITERS; w++) /* every writer has loaded its gallery */
        ck_assert_int_eq(read(ready[0], &byte, 1), 1);
    for (int w = 0; w < WRITERS; w++)
        ck_assert_int_eq(write(gate[1], "g", 1), 1);
    for (int w = 0; w < WRITERS; w++) {
        int status = 0;
        ck_assert_int_eq(waitpid(pids[w], &status, 0), pids[w]);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d status %d", w,
                      status);
    }
    close(ready[0]), close(ready[1]), close(gate[0]), close(gate[1]);
    assert_every_pair_caught();
}
END_TEST

typedef struct writer_thread {
    pthread_t thread;
    pthread_barrier_t *gate;
    int index, result;
} writer_thread;

static void *thread_main(void *arg)
{
    writer_thread *w = arg;
    core_registry *reg = NULL;
    w->result = core_registry_open(path, 0, &reg, NULL, 0) == CORE_OK ? 0 : 3;
    pthread_barrier_wait(w->gate);
    if (w->result == 0)
        w->result = enrol_share(reg, w->index);
    core_registry_close(reg);
    return NULL;
}

START_TEST(test_threads_catch_every_pair)
{
    scratch_registry(dir, path);
    pthread_barrier_t gate;
    pthread_barrier_init(&gate, NULL, WRITERS);
    writer_thread writers[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        writers[w] = (writer_thread){.gate = &gate, .index = w};
        ck_assert_int_eq(pthread_create(&writers[w].thread, NULL, thread_main, &writers[w]), 0);
    }
    for (int w = 0; w < WRITERS; w++) {
        pthread_join(writers[w].thread, NULL);
        ck_assert_int_eq(writers[w].result, 0);
    }
    pthread_barrier_destroy(&gate);
    assert_every_pair_caught();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core_concurrency");
    TCase *tc = tcase_create("writers");
    tcase_add_test(tc, test_processes_catch_every_pair);
    tcase_add_test(tc, test_threads_catch_every_pair);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
