/* Checks app/ktpsim_changes.c: --set and --region are taken out of argv with the other
 * arguments kept in order, bad forms are refused with exit status 2, and the changes are
 * recorded for summary.json in the order given. */
#include <check.h>
#include <string.h>

#include "app/ktpsim_cmds.h"
#include "models/run/summary.h"
#include "tests/check_run.h"

START_TEST(taken_out_of_argv)
{
    char a0[] = "scenarios/province.json", a1[] = "--set", a2[] = "/seed=7", a3[] = "--reps",
         a4[] = "2", a5[] = "--region", a6[] = "21.72", a7[] = "--set",
         a8[] = "/regions/0/name=Kota Batam";
    char *argv[] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, NULL};
    int argc = 9;
    ktpsim_changes changes;
    ck_assert_int_eq(ktpsim_changes_take("t", &argc, argv, &changes), 0);
    ck_assert_int_eq(argc, 3);
    ck_assert_str_eq(argv[0], "scenarios/province.json");
    ck_assert_str_eq(argv[1], "--reps");
    ck_assert_str_eq(argv[2], "2");
    ck_assert_ptr_null(argv[3]);
    ck_assert_int_eq(changes.count, 2);
    ck_assert_str_eq(changes.items[0].pointer, "/seed");
    ck_assert_str_eq(changes.items[1].value, "Kota Batam");
    ck_assert_str_eq(changes.region, "21.72");
    summary s;
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(ktpsim_changes_record(&changes, &s), 0);
    ck_assert_int_eq(s.change_count, 3);
    ck_assert_str_eq(s.changes[0], "/seed=7");
    ck_assert_str_eq(s.changes[1], "/regions/0/name=Kota Batam");
    ck_assert_str_eq(s.changes[2], "--region 21.72");
    summary_fini(&s);
    ck_assert_ptr_null(s.changes);
}
END_TEST

START_TEST(bad_forms_refused)
{
    char a0[] = "x.json", a1[] = "--set", b1[] = "stations=4", c1[] = "--region";
    char *missing[] = {a0, a1, NULL}, *relative[] = {a0, a1, b1, NULL};
    char *no_code[] = {a0, c1, NULL};
    int argc = 2;
    ktpsim_changes changes;
    ck_assert_int_eq(ktpsim_changes_take("t", &argc, missing, &changes), 2);
    argc = 3;
    ck_assert_int_eq(ktpsim_changes_take("t", &argc, relative, &changes), 2);
    argc = 2;
    ck_assert_int_eq(ktpsim_changes_take("t", &argc, no_code, &changes), 2);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("changes");
    TCase *tc = tcase_create("argv");
    tcase_add_test(tc, taken_out_of_argv);
    tcase_add_test(tc, bad_forms_refused);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
