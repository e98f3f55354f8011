/* A second SIGTERM while the first one's handler is removing the temporary registries must
 * not end the process before every file is gone (app/ktpsim_stop.c). With SA_RESETHAND the
 * handler ran unblocked under the default action, so the second signal killed it mid-loop
 * and left registry-repN.sqlite.tmp files (4 of 36 tries in the probe): the first signal's
 * handler reset the action to the default, and a second signal delivered to another thread
 * (the run's workers do not block it) ended the process. Here the child arms
 * the clean-up for many replications and creates every file; the parent sends SIGTERM, waits
 * for the first file to go (the loop has begun), sends SIGTERM again, and counts what is
 * left. No sleeps: the parent waits on a pipe and on the first file's removal. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "app/ktpsim_cmds.h"
#include "models/run/run.h"
#include "tests/check_run.h"

#define REPLICATIONS 5000

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void *idle(void *unused)
{
    (void)unused;
    for (;;)
        pause();
    return NULL;
}

/* Idle threads stand for a run's workers: a signal sent to the process may land on any of
 * them, also while another thread is inside the handler. */
static void child(const char *dir, int ready_fd)
{
    for (int i = 0; i < 3; i++) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, idle, NULL) != 0)
            _exit(2);
    }
    if (ktpsim_stop_cleanup_arm(dir, REPLICATIONS) != 0)
        _exit(3);
    for (int r = 0; r < REPLICATIONS; r++) {
        char path[4200];
        run_registry_temp_path(dir, r, path, sizeof path);
        int fd = open(path, O_WRONLY | O_CREAT, 0600);
        if (fd < 0)
            _exit(4);
        close(fd);
    }
    if (write(ready_fd, "r", 1) != 1)
        _exit(5);
    for (;;)
        pause();
}

START_TEST(second_sigterm_during_cleanup_leaves_nothing)
{
    char dir[] = "/tmp/ktpstop2-XXXXXX", first[4200];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(run_registry_temp_path(dir, 0, first, sizeof first), 0);
    int ready[2];
    ck_assert_int_eq(pipe(ready), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        child(dir, ready[1]);
    close(ready[1]);
    char byte;
    if (read(ready[0], &byte, 1) != 1) {
        int status = 0;
        waitpid(pid, &status, 0);
        ck_abort_msg("the child failed to prepare (status %d)", status);
    }
    ck_assert_uint_eq(files_in(dir), REPLICATIONS);
    ck_assert_int_eq(kill(pid, SIGTERM), 0);
    while (access(first, F_OK) == 0) /* the clean-up has begun once the first file is gone */
        ;
    kill(pid, SIGTERM);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "status %d", status);
    ck_assert_uint_eq(files_in(dir), 0);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stop_cleanup");
    TCase *tc = tcase_create("signals");
    tcase_add_test(tc, second_sigterm_during_cleanup_leaves_nothing);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
