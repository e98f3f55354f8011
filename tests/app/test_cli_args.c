/* The strict command-line parser: every spelling the issue found accepted (1e400, 1.5, 12x,
 * abc, nan, inf, overflow, a flag last without its value) is refused, and plain decimal
 * numbers at the edges of their range are accepted exactly. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include "app/cli_args.h"
#include "tests/check_run.h"

START_TEST(test_whole)
{
    static const char *const refused[] = {"1e400", "1.5", "12x", "abc", "", " 1", "+1", "0x10",
                                          "1 ", "9223372036854775808", "-", "1e3"};
    long long v = 42;
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        ck_assert_msg(cli_whole(refused[i], INT64_MIN, INT64_MAX, &v) == -1, "%s", refused[i]);
        ck_assert_int_eq(v, 42); /* untouched */
    }
    ck_assert_int_eq(cli_whole("9223372036854775807", 1, INT64_MAX, &v), 0);
    ck_assert_int_eq(v, INT64_MAX);
    ck_assert_int_eq(cli_whole("-5", -5, 5, &v), 0);
    ck_assert_int_eq(v, -5);
    ck_assert_int_eq(cli_whole("6", -5, 5, &v), -1);
    ck_assert_int_eq(cli_whole("0", 1, 5, &v), -1);
}
END_TEST

START_TEST(test_unsigned)
{
    unsigned long long v = 7;
    ck_assert_int_eq(cli_unsigned("18446744073709551615", &v), 0);
    ck_assert(v == UINT64_MAX);
    ck_assert_int_eq(cli_unsigned("18446744073709551616", &v), -1);
    ck_assert_int_eq(cli_unsigned("-1", &v), -1);
    ck_assert_int_eq(cli_unsigned("abc", &v), -1);
    ck_assert_int_eq(cli_unsigned("0", &v), 0);
    ck_assert(v == 0);
}
END_TEST

START_TEST(test_real)
{
    static const char *const refused[] = {"nan", "inf", "-inf", "NaN", "1e400", "0x1p3", "",
                                          ".", "1e", "1.5x", " 0.5", "+0.5", "infinity"};
    double v = 3;
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        ck_assert_msg(cli_real(refused[i], -1e308, 1e308, &v) == -1, "%s", refused[i]);
    ck_assert(v == 3);
    ck_assert_int_eq(cli_real("0.25", 0, 1, &v), 0);
    ck_assert(v == 0.25);
    ck_assert_int_eq(cli_real(".5", 0, 1, &v), 0);
    ck_assert(v == 0.5);
    ck_assert_int_eq(cli_real("1e-3", 0, 1, &v), 0);
    ck_assert(v == 1e-3);
    ck_assert_int_eq(cli_real("1.0000001", 0, 1, &v), -1);
}
END_TEST

START_TEST(test_parse)
{
    long long card = 0;
    const char *note = NULL, *file = NULL;
    int json = 0;
    const cli_option options[] = {CLI_WHOLE_OPT("--card", &card, 1, 10),
                                  CLI_TEXT_OPT("--note", &note), CLI_FLAG_OPT("--json", &json)};
    char *ok[] = {"reg.db", "--card", "3", "--json", "--note", "hello"};
    size_t n = 0;
    ck_assert_int_eq(cli_parse("t", 6, ok, options, 3, &file, 1, &n), 0);
    ck_assert_int_eq(card, 3);
    ck_assert_int_eq(json, 1);
    ck_assert_str_eq(note, "hello");
    ck_assert_str_eq(file, "reg.db");
    ck_assert_uint_eq(n, 1);
    char *last[] = {"reg.db", "--note"}; /* a flag last without its value */
    ck_assert_int_eq(cli_parse("t", 2, last, options, 3, &file, 1, &n), 2);
    char *bad[] = {"--card", "11"};
    ck_assert_int_eq(cli_parse("t", 2, bad, options, 3, &file, 1, &n), 2);
    char *unknown[] = {"--cards", "1"};
    ck_assert_int_eq(cli_parse("t", 2, unknown, options, 3, &file, 1, &n), 2);
    char *extra[] = {"a", "b"};
    ck_assert_int_eq(cli_parse("t", 2, extra, options, 3, &file, 1, &n), 2);
    char *empty[] = {"--note", ""};
    ck_assert_int_eq(cli_parse("t", 2, empty, options, 3, &file, 1, &n), 2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_args");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_whole);
    tcase_add_test(tc, test_unsigned);
    tcase_add_test(tc, test_real);
    tcase_add_test(tc, test_parse);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
