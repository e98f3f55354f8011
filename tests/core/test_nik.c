/* NIK and area codes: exact error texts for every kind of bad NIK, women's days 41-71,
 * 29 February, real area codes, and a compose/parse round trip over every district. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "core/area.h"
#include "core/nik.h"
#include "core/status.h"
#include "tests/check_run.h"

static char msg[200];

static int parse(const char *nik, core_nik *out)
{
    msg[0] = '\0';
    return core_nik_parse(nik, out, msg, sizeof msg);
}

#define EXPECT_BAD(nik, status, text)                                                  \
    do {                                                                               \
        ck_assert_int_eq(parse(nik, NULL), status);                                    \
        ck_assert_str_eq(msg, text);                                                   \
    } while (0)

START_TEST(test_area_tables)
{
    ck_assert_uint_eq(core_area_count(CORE_AREA_PROVINCE), 38);
    ck_assert_uint_eq(core_area_count(CORE_AREA_REGENCY), 514);
    ck_assert_uint_eq(core_area_count(CORE_AREA_DISTRICT), 7285);
    ck_assert_str_eq(core_area_name(CORE_AREA_PROVINCE, 11), "Aceh");
    ck_assert_str_eq(core_area_name(CORE_AREA_REGENCY, 3174), "Kota Administrasi Jakarta Selatan");
    ck_assert_str_eq(core_area_name(CORE_AREA_DISTRICT, 110101), "Bakongan");
    ck_assert_str_eq(core_area_name(CORE_AREA_DISTRICT, 352922), "Ra\"as"); /* quoted in CSV */
    ck_assert_ptr_null(core_area_name(CORE_AREA_DISTRICT, 110199));
    ck_assert_ptr_null(core_area_name(CORE_AREA_PROVINCE, 99));
    ck_assert_int_eq(core_area_code_at(CORE_AREA_PROVINCE, 0), 11);
    ck_assert_int_eq(core_area_code_at(CORE_AREA_PROVINCE, 38), -1);
    for (size_t i = 1; i < core_area_count(CORE_AREA_DISTRICT); i++) /* sorted, unique */
        ck_assert_int_lt(core_area_code_at(CORE_AREA_DISTRICT, i - 1),
                         core_area_code_at(CORE_AREA_DISTRICT, i));
}
END_TEST

START_TEST(test_compose_man_and_woman)
{
    core_nik p = {.province = 11, .regency = 1, .district = 1, .birth_day = 17,
                  .birth_month = 8, .birth_year2 = 45, .female = 0, .serial = 1};
    char nik[17];
    ck_assert_int_eq(core_nik_compose(&p, nik, msg, sizeof msg), CORE_OK);
    ck_assert_str_eq(nik, "1101011708450001");
    p.female = 1;
    p.serial = 9999;
    ck_assert_int_eq(core_nik_compose(&p, nik, msg, sizeof msg), CORE_OK);
    ck_assert_str_eq(nik, "1101015708459999");
    core_nik back;
    ck_assert_int_eq(parse(nik, &back), CORE_OK);
    ck_assert_int_eq(back.female, 1);
    ck_assert_int_eq(back.birth_day, 17);
    ck_assert_int_eq(back.serial, 9999);
    char prefix[13];
    core_nik_prefix(&p, prefix);
    ck_assert_str_eq(prefix, "110101570845");
}
END_TEST

START_TEST(test_womens_days)
{
    char nik[17];
    for (int coded = 0; coded <= 99; coded++) {
        snprintf(nik, sizeof nik, "110101%02d01850001", coded); /* January: 31 days */
        int valid = (coded >= 1 && coded <= 31) || (coded >= 41 && coded <= 71);
        core_nik p;
        if (valid) {
            ck_assert_int_eq(parse(nik, &p), CORE_OK);
            ck_assert_int_eq(p.female, coded > 40);
            ck_assert_int_eq(p.birth_day, coded > 40 ? coded - 40 : coded);
        } else {
            char want[80];
            snprintf(want, sizeof want, "day %02d is not a valid day (1-31 men, 41-71 women)",
                     coded);
            EXPECT_BAD(nik, CORE_EINVAL, want);
        }
    }
    EXPECT_BAD("1101017201850001", CORE_EINVAL,
               "day 72 is not a valid day (1-31 men, 41-71 women)");
    EXPECT_BAD("1101014001850001", CORE_EINVAL,
               "day 40 is not a valid day (1-31 men, 41-71 women)");
}
END_TEST

START_TEST(test_29_february)
{
    ck_assert_int_eq(parse("1101012902000001", NULL), CORE_OK); /* 2000 was a leap year */
    ck_assert_int_eq(parse("1101016902040001", NULL), CORE_OK); /* woman, 29 Feb 04 */
    EXPECT_BAD("1101012902010001", CORE_EINVAL,
               "29 February does not exist in year 01 (not a leap year)");
    EXPECT_BAD("1101016902990001", CORE_EINVAL,
               "29 February does not exist in year 99 (not a leap year)");
    EXPECT_BAD("1101013002040001", CORE_EINVAL,
               "30 February does not exist (February has 29 days)");
    EXPECT_BAD("1101017104850001", CORE_EINVAL, "31 April does not exist (April has 30 days)");
    ck_assert_int_eq(core_nik_days_in_month(2, 0), 29);
    ck_assert_int_eq(core_nik_days_in_month(2, 1), 28);
    ck_assert_int_eq(core_nik_days_in_month(13, 1), 0);
}
END_TEST

START_TEST(test_unknown_areas)
{
    EXPECT_BAD("9901010101850001", CORE_ENOTFOUND, "unknown province code 99");
    EXPECT_BAD("1199010101850001", CORE_ENOTFOUND, "unknown regency code 11.99");
    EXPECT_BAD("1101990101850001", CORE_ENOTFOUND, "unknown district code 11.01.99");
    EXPECT_BAD("0000000101850001", CORE_ENOTFOUND, "unknown province code 00");
    core_nik p = {.province = 11, .regency = 1, .district = 19, .birth_day = 1,
                  .birth_month = 1, .birth_year2 = 85, .serial = 1};
    char nik[17];
    ck_assert_int_eq(core_nik_compose(&p, nik, msg, sizeof msg), CORE_ENOTFOUND);
    ck_assert_str_eq(msg, "unknown district code 11.01.19");
}
END_TEST

START_TEST(test_malformed)
{
    EXPECT_BAD(NULL, CORE_EINVAL, "NIK is missing");
    EXPECT_BAD("", CORE_EINVAL, "NIK has 0 digits, not 16");
    EXPECT_BAD("110101010185000", CORE_EINVAL, "NIK has 15 digits, not 16");
    EXPECT_BAD("11010101018500011", CORE_EINVAL, "NIK has 17 digits, not 16");
    EXPECT_BAD("11010101018500a1", CORE_EINVAL,
               "NIK character 15 is not a digit (a NIK is 16 digits)");
    EXPECT_BAD("1101010101850001 ", CORE_EINVAL,
               "NIK character 17 is not a digit (a NIK is 16 digits)");
    EXPECT_BAD("1101010113850001", CORE_EINVAL, "month 13 is not a valid month (01-12)");
    EXPECT_BAD("1101010100850001", CORE_EINVAL, "month 00 is not a valid month (01-12)");
    EXPECT_BAD("1101010101850000", CORE_EINVAL, "serial 0000 is not valid (0001-9999)");
    ck_assert_int_eq(parse("1101010101859999", NULL), CORE_OK);
    core_nik p = {.province = 11, .regency = 1, .district = 1, .birth_day = 1,
                  .birth_month = 1, .birth_year2 = 85, .serial = 10000};
    char nik[17];
    ck_assert_int_eq(core_nik_compose(&p, nik, msg, sizeof msg), CORE_EINVAL);
    ck_assert_str_eq(msg, "serial 10000 is not valid (0001-9999)");
    p.serial = 1;
    p.birth_day = 0;
    ck_assert_int_eq(core_nik_compose(&p, nik, msg, sizeof msg), CORE_EINVAL);
    ck_assert_str_eq(msg, "birth day 0 is not a valid day (1-31)");
}
END_TEST

START_TEST(test_round_trip_every_district)
{
    size_t n = core_area_count(CORE_AREA_DISTRICT);
    for (size_t i = 0; i < n; i++) {
        long code = core_area_code_at(CORE_AREA_DISTRICT, i);
        core_nik p = {.province = (int)(code / 10000), .regency = (int)(code / 100 % 100),
                      .district = (int)(code % 100), .birth_day = 1 + (int)(i % 28),
                      .birth_month = 1 + (int)(i % 12), .birth_year2 = (int)(i % 100),
                      .female = (int)(i % 2), .serial = 1 + (int)(i % 9999)};
        char nik[17];
        core_nik back;
        ck_assert_int_eq(core_nik_compose(&p, nik, msg, sizeof msg), CORE_OK);
        ck_assert_int_eq(parse(nik, &back), CORE_OK);
        ck_assert_mem_eq(&back, &p, sizeof p);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("nik");
    TCase *tc = tcase_create("nik");
    tcase_add_test(tc, test_area_tables);
    tcase_add_test(tc, test_compose_man_and_woman);
    tcase_add_test(tc, test_womens_days);
    tcase_add_test(tc, test_29_february);
    tcase_add_test(tc, test_unknown_areas);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_round_trip_every_district);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
