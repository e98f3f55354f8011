/* The output folder of `ktpsim run` before a run (app/ktpsim_outdir.c): the previous run's
 * result set and registries go (summary.json included, so new CSVs never sit next to an old
 * summary), temporary files of dead writers go, a live writer's temporary file and unrelated
 * files stay, and a folder that cannot be written is reported before anything runs. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "app/ktpsim_cmds.h"
#include "tests/check_run.h"

static void touch(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("old\n", f);
    fclose(f);
}

static int present(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* The pid of a process that has ended (and been reaped). */
static long dead_pid(void)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(0);
    ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
    return (long)pid;
}

START_TEST(previous_set_and_dead_temporaries_removed)
{
    char dir[] = "/tmp/ktpoutdir-XXXXXX", name[64], live[64], plots[600];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    const char *old_set[] = {"summary.json", "regions.csv", "daily.csv", "time_to_card.csv",
                             "central.csv", "ikd.csv", "ikd_monthly.csv", "report.html",
                             "registry-rep0.sqlite", "registry-rep7.sqlite.tmp"};
    for (size_t i = 0; i < sizeof old_set / sizeof *old_set; i++)
        touch(dir, old_set[i]);
    snprintf(name, sizeof name, "daily.csv.tmp-%ld", dead_pid());
    touch(dir, name);
    snprintf(live, sizeof live, "summary.json.tmp-%ld", (long)getpid());
    touch(dir, live);
    touch(dir, "notes.txt");
    snprintf(plots, sizeof plots, "%s/plots", dir);
    ck_assert_int_eq(mkdir(plots, 0777), 0);
    touch(plots, "daily.png");
    char why[300] = "";
    ck_assert_int_eq(ktpsim_outdir_prepare(dir, why, sizeof why), 0);
    for (size_t i = 0; i < sizeof old_set / sizeof *old_set; i++)
        ck_assert_msg(!present(dir, old_set[i]), "%s was kept", old_set[i]);
    ck_assert(!present(dir, name));
    ck_assert(!present(dir, "plots"));
    ck_assert(present(dir, live));
    ck_assert(present(dir, "notes.txt"));
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, live);
    unlink(path);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    unlink(path);
    ck_assert_int_eq(rmdir(dir), 0); /* nothing else was created (the probe is gone) */
}
END_TEST

START_TEST(unwritable_folder_reported_first)
{
    char dir[] = "/tmp/ktpoutdir-XXXXXX", why[300] = "", want[400];
    const char *target = "/proc/1"; /* even root cannot create files there */
    ck_assert_ptr_nonnull(mkdtemp(dir));
    if (geteuid() != 0) {
        ck_assert_int_eq(chmod(dir, 0555), 0);
        target = dir;
    }
    ck_assert_int_eq(ktpsim_outdir_prepare(target, why, sizeof why), -1);
    snprintf(want, sizeof want, "cannot write in %s: ", target);
    ck_assert_msg(strncmp(why, want, strlen(want)) == 0, "%s", why);
    chmod(dir, 0755);
    rmdir(dir);
    ck_assert_int_eq(ktpsim_outdir_prepare("", why, sizeof why), -1);
    ck_assert_str_eq(why, "cannot create : No such file or directory");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("outdir");
    TCase *tc = tcase_create("prepare");
    tcase_add_test(tc, previous_set_and_dead_temporaries_removed);
    tcase_add_test(tc, unwritable_folder_reported_first);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
