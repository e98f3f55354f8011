/* Crash safety: a child process streams enrolments into the registry and writes each
 * acknowledged (committed) enrolment to a pipe; the parent SIGKILLs it after k acks, for 20
 * different k, then reopens the registry and checks that every acknowledged enrolment is
 * there, nothing is half-written, and PRAGMA integrity_check is ok. No sleeps: the kill point
 * is "after reading k acks", so the child dies somewhere inside its next enrolment.
 * A second test makes the kill land inside a transaction for certain: after k acks the child
 * arms an SQLite progress handler that SIGKILLs the process after P more virtual-machine
 * steps (P differs per round), so whatever enrolment is in flight must vanish completely. */
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include "core/issuance.h"
#include "core/registry_internal.h" /* the second test reaches the SQLite handle */
#include "core_test_util.h"
#include "tests/check_run.h"

#define ROUNDS 20
#define MAX_ACKS 4096

typedef struct ack {
    uint64_t card_id, person_id;
    int32_t outcome, index;
} ack;

static char dir[256], path[320], msg[256];

/* Applicant number i of round r: every fifth is a new capture of an earlier person in the
 * same round, so duplicates (no new person) are interleaved with unique enrolments. */
static void make_enrolment(int round, int i, core_person *p, core_template *t)
{
    int k = round * 1000 + i;
    *p = applicant(k);
    uint64_t identity = (uint64_t)(i % 5 == 4 ? round * 1000 + i - 3 : k) + 1;
    *t = capture(identity, i % 5 == 4 ? 1u : 0u);
}

/* SQLite calls this every VM step (counting restarts with each statement); the child kills
 * itself at the progress_steps-th call after arming, somewhere inside a transaction. */
static int die_after(void *countdown)
{
    if (--*(int *)countdown <= 0)
        raise(SIGKILL);
    return 0;
}

/* arm_after < 0: run until killed by the parent; otherwise kill itself inside SQLite, the
 * progress_steps-th VM step after the arm_after-th ack. */
static void child(int fd, int round, int flags, int arm_after, int progress_steps)
{
    core_registry *reg = NULL;
    int countdown = progress_steps;
    if (core_registry_open(path, flags, &reg, NULL, 0) != CORE_OK)
        _exit(3);
    for (int i = 0; i < 1000; i++) {
        if (i == arm_after)
            sqlite3_progress_handler(reg->db, 1, die_after, &countdown);
        core_person p;
        core_template t;
        core_decision d;
        make_enrolment(round, i, &p, &t);
        if (core_enrol(reg, &p, &t, NULL, &d, NULL, 0) != CORE_OK)
            _exit(4);
        ack a = {d.card_id, d.person_id, (int32_t)d.outcome, i};
        if (write(fd, &a, sizeof a) != (ssize_t)sizeof a)
            _exit(5);
    }
    core_registry_close(reg);
    _exit(0);
}

static int read_ack(int fd, ack *a)
{
    size_t got = 0;
    while (got < sizeof *a) {
        ssize_t n = read(fd, (char *)a + got, sizeof *a - got);
        if (n <= 0)
            return 0;
        got += (size_t)n;
    }
    return 1;
}

/* Runs one child and kills it after `kill_after` acks (or, with progress_steps > 0, lets it
 * kill itself inside its next transaction); returns the number of acks received. */
static size_t run_round(int round, int kill_after, int flags, int progress_steps, ack *acks)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        child(fds[1], round, flags, progress_steps > 0 ? kill_after : -1, progress_steps);
    }
    close(fds[1]);
    size_t n = 0;
    while (n < (size_t)kill_after && read_ack(fds[0], &acks[n]))
        n++;
    ck_assert_msg(n == (size_t)kill_after, "round %d: child stopped after %zu acks", round, n);
    if (progress_steps == 0)
        kill(pid, SIGKILL);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "round %d: status %#x", round,
                  status);
    while (n < MAX_ACKS && read_ack(fds[0], &acks[n])) /* acks written before the kill */
        n++;
    close(fds[0]);
    return n;
}

static int64_t count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void verify(int round, const ack *acks, size_t n)
{
    core_registry *reg = NULL;
    ck_assert_msg(core_registry_open(path, CORE_REGISTRY_FAST, &reg, msg, sizeof msg) == CORE_OK,
                  "round %d: %s", round, msg);
    ck_assert_msg(core_registry_check(reg, msg, sizeof msg) == CORE_OK, "round %d: %s", round,
                  msg);
    for (size_t i = 0; i < n; i++) {
        core_card c;
        ck_assert_int_eq(core_issuance_card_get(reg, acks[i].card_id, &c), CORE_OK);
        ck_assert_uint_eq(c.person_id, acks[i].person_id);
        int want = acks[i].outcome == CORE_OUTCOME_UNIQUE ? CORE_CARD_PRINT_READY
                                                          : CORE_CARD_DUPLICATE;
        ck_assert_msg((int)c.status == want, "round %d ack %zu: outcome %d card %s", round, i,
                      acks[i].outcome, core_card_status_name(c.status));
        core_person p;
        core_template t;
        ck_assert_int_eq(core_registry_person_get(reg, acks[i].person_id, &p), CORE_OK);
        ck_assert_int_eq(core_nik_parse(p.nik, NULL, NULL, 0), CORE_OK);
        ck_assert_int_eq(core_registry_template_get(reg, acks[i].person_id, &t), CORE_OK);
    }
    core_registry_close(reg);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(count(db, "SELECT count(*) FROM enrolments e WHERE NOT EXISTS"
                               " (SELECT 1 FROM decisions d WHERE d.enrolment_id = e.id)"), 0);
    ck_assert_int_eq(count(db, "SELECT count(*) FROM cards WHERE status IN (0, 1)"), 0);
    ck_assert_int_eq(count(db, "SELECT count(*) FROM persons"),
                     count(db, "SELECT count(*) FROM templates"));
    sqlite3_close(db);
}

START_TEST(test_sigkill_rounds)
{
    scratch_registry(dir, path);
    static ack acks[MAX_ACKS];
    size_t total = 0, extra = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int kill_after = 1 + (round * 7) % 19; /* 20 different kill points, 1..19 acks */
        /* even rounds synchronous=FULL (the default), odd rounds NORMAL (FAST) */
        int flags = round % 2 ? CORE_REGISTRY_FAST : 0;
        size_t n = run_round(round, kill_after, flags, 0, acks);
        verify(round, acks, n);
        total += n;
        extra += n - (size_t)kill_after;
    }
    ck_assert_uint_ge(total, 20);
    (void)extra;
    scratch_remove(dir);
}
END_TEST

START_TEST(test_kill_inside_transaction)
{
    scratch_registry(dir, path);
    static ack acks[MAX_ACKS];
    int64_t acked = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int kill_after = 1 + (round * 5) % 7;
        int steps = 1 + round * 24; /* 1 ... 457 VM steps: one enrolment takes about 500 */
        int flags = round % 2 ? CORE_REGISTRY_FAST : 0;
        size_t n = run_round(round, kill_after, flags, steps, acks);
        ck_assert_uint_ge(n, (size_t)kill_after);
        if (getenv("KTP_CRASH_VERBOSE"))
            fprintf(stderr, "round %d: %d steps, %zu acks after arming\n", round, steps,
                    n - (size_t)kill_after);
        verify(round, acks, n);
        acked += (int64_t)n;
        sqlite3 *db;
        ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
        ck_assert_int_eq(count(db, "SELECT count(*) FROM enrolments"), acked);
        sqlite3_close(db);
    }
    scratch_remove(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("crash");
    TCase *tc = tcase_create("crash");
    tcase_add_test(tc, test_sigkill_rounds);
    tcase_add_test(tc, test_kill_inside_transaction);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
