/* `ktpsim run` of an embedded scenario stopped by SIGINT or SIGTERM while it writes its
 * registry: the process ends by that signal and leaves neither the temporary registry files
 * nor a final one (app/ktpsim_stop.c). The test waits for the temporary file to appear (a
 * condition, polled every 10 ms, up to 120 s), not for a fixed time. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests/check_run.h"

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void stop_with(int signal_number)
{
    const char *ktpsim = getenv("KTPSIM"), *source = getenv("KTP_SOURCE_DIR");
    ck_assert_ptr_nonnull(ktpsim);
    ck_assert_ptr_nonnull(source);
    char dir[] = "/tmp/ktpstop-XXXXXX", scenario[4096], temp[4200], final[4200];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(scenario, sizeof scenario, "%s/tests/models/abis/data/long-embedded.json", source);
    snprintf(temp, sizeof temp, "%s/registry-rep0.sqlite.tmp", dir);
    snprintf(final, sizeof final, "%s/registry-rep0.sqlite", dir);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        freopen("/dev/null", "w", stdout);
        execl(ktpsim, ktpsim, "run", scenario, "--out", dir, "--threads", "2", (char *)NULL);
        _exit(127);
    }
    const struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 12000 && !exists(temp); i++)
        nanosleep(&tick, NULL);
    ck_assert_msg(exists(temp), "the run never started writing %s", temp);
    ck_assert_int_eq(kill(child, signal_number), 0);
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == signal_number,
                  "the run did not end by signal %d (status %d)", signal_number, status);
    char other[4200];
    snprintf(other, sizeof other, "%s/registry-rep1.sqlite.tmp", dir);
    ck_assert_msg(!exists(temp) && !exists(other), "a temporary registry file was left");
    ck_assert(!exists(final));
    ck_assert(!exists(strcat(strcpy(other, dir), "/summary.json")));
    rmdir(dir); /* fails (and the test notices below) if anything was left */
    ck_assert(!exists(dir));
}

START_TEST(sigint_leaves_no_registry) { stop_with(SIGINT); }
END_TEST

START_TEST(sigterm_leaves_no_registry) { stop_with(SIGTERM); }
END_TEST

int main(void)
{
    Suite *suite = suite_create("stop");
    TCase *tc = tcase_create("signals");
    tcase_set_timeout(tc, 150);
    tcase_add_test(tc, sigint_leaves_no_registry);
    tcase_add_test(tc, sigterm_leaves_no_registry);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
