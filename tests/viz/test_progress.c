/* Check suite for the run progress bar (viz/progress.h): the exact text, silence when the
 * stream is not a terminal, the final line when forced on, and counts from many threads. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/progress.h"
#include "tests/check_run.h"

START_TEST(format_is_exact)
{
    char buf[256];
    viz_progress_format(buf, sizeof buf, 3, 10, 84, 280, 30.0, 10);
    ck_assert_str_eq(buf, "[###.......] 3/10 reps  84/280 days   30%  ETA 1:10");
    viz_progress_format(buf, sizeof buf, 0, 4, 0, 112, 5.0, 4);
    ck_assert_str_eq(buf, "[....] 0/4 reps  0/112 days    0%  ETA --:--");
    /* 1% done after 37 s: 3663 s to go. */
    viz_progress_format(buf, sizeof buf, 0, 1, 1, 100, 37.0, 4);
    ck_assert_str_eq(buf, "[....] 0/1 reps  1/100 days    1%  ETA 1:01:03");
    viz_progress_format(buf, sizeof buf, 2, 2, 56, 56, 12.0, 4);
    ck_assert_str_eq(buf, "[####] 2/2 reps  56/56 days  100%  ETA 0:00");
}
END_TEST

static char *contents(FILE *f)
{
    long n = ftell(f);
    char *text = calloc((size_t)n + 1, 1);
    rewind(f);
    ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
    return text;
}

START_TEST(silent_unless_terminal)
{
    FILE *f = tmpfile();
    viz_progress p;
    ck_assert_int_eq(viz_progress_init(&p, f, 2, 28), 0);
    ck_assert_int_eq(p.enabled, 0); /* a file is not a terminal */
    viz_progress_add(&p, 1, 28);
    viz_progress_finish(&p);
    viz_progress_fini(&p);
    ck_assert_int_eq(ftell(f), 0);
    fclose(f);
}
END_TEST

START_TEST(forced_bar_ends_with_the_final_state)
{
    FILE *f = tmpfile();
    viz_progress p;
    ck_assert_int_eq(viz_progress_init(&p, f, 2, 28), 0);
    viz_progress_enable(&p, 1);
    viz_progress_add(&p, 0, 14);
    viz_progress_add(&p, 1, 14);
    viz_progress_add(&p, 1, 28);
    viz_progress_finish(&p);
    viz_progress_add(&p, 1, 1); /* after finish: nothing more is drawn */
    viz_progress_fini(&p);
    char *text = contents(f);
    ck_assert_int_eq(text[0], '\r');
    size_t n = strlen(text);
    ck_assert_int_eq(text[n - 1], '\n');
    const char *last = strrchr(text, '\r');
    ck_assert_ptr_nonnull(strstr(last, "] 2/2 reps  56/56 days  100%"));
    free(text);
    fclose(f);
}
END_TEST

static void *worker(void *arg)
{
    viz_progress *p = arg;
    for (int k = 0; k < 1000; k++)
        viz_progress_add(p, 0, 0.25);
    viz_progress_add(p, 1, 0);
    return NULL;
}

START_TEST(threads_add_up)
{
    FILE *f = tmpfile();
    viz_progress p;
    ck_assert_int_eq(viz_progress_init(&p, f, 4, 250), 0);
    viz_progress_enable(&p, 1);
    pthread_t threads[4];
    for (int k = 0; k < 4; k++)
        ck_assert_int_eq(pthread_create(&threads[k], NULL, worker, &p), 0);
    for (int k = 0; k < 4; k++)
        pthread_join(threads[k], NULL);
    ck_assert_int_eq(p.reps_done, 4);
    ck_assert_double_eq(p.days_done, 1000.0);
    viz_progress_finish(&p);
    viz_progress_fini(&p);
    fclose(f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("viz_progress");
    TCase *tc = tcase_create("progress");
    tcase_add_test(tc, format_is_exact);
    tcase_add_test(tc, silent_unless_terminal);
    tcase_add_test(tc, forced_bar_ends_with_the_final_state);
    tcase_add_test(tc, threads_add_up);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
