/* Check suite for scenarios/tools/gen_national and the committed national scenarios: the
 * generator reproduces the committed files byte for byte, the JSON holds each of the 514
 * regencies once with its real name, every regency has its own census population (adding up
 * to the province figures), demand follows the census, and bad input gives FILE:LINE. */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenarios/tools/gen_national.h"
#include "tests/check_run.h"

#define MAX_ROWS 1000

static char *read_all(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    size_t capacity = 1 << 20, used = 0, got;
    char *bytes = malloc(capacity + 1);
    while ((got = fread(bytes + used, 1, capacity - used, f)) > 0) {
        used += got;
        if (used == capacity) bytes = realloc(bytes, (capacity *= 2) + 1);
    }
    fclose(f);
    bytes[used] = '\0';
    if (length) *length = used;
    return bytes;
}

static const char *root(void)
{
    const char *r = getenv("KTP_SOURCE_DIR");
    return r ? r : ".";
}

static char *source_file(const char *relative, size_t *length)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root(), relative);
    return read_all(path, length);
}

/* Splits a CSV text without quoted fields into rows of at most 20 fields; returns rows. */
typedef struct table { char *text; int rows; char *cell[MAX_ROWS][20]; int cells[MAX_ROWS]; } table;

static table *load_table(const char *relative)
{
    table *t = calloc(1, sizeof *t);
    t->text = source_file(relative, NULL);
    char *line = t->text, *next;
    for (int header = 1; line && *line; line = next, header = 0) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (header) continue;
        ck_assert_int_lt(t->rows, MAX_ROWS);
        ck_assert_msg(strchr(line, '"') == NULL, "quoted field in %s", relative);
        char *field = line;
        for (char *comma; (comma = strchr(field, ',')) != NULL; field = comma + 1) {
            *comma = '\0';
            t->cell[t->rows][t->cells[t->rows]++] = field;
        }
        t->cell[t->rows][t->cells[t->rows]++] = field;
        t->rows++;
    }
    return t;
}

static void free_table(table *t) { free(t->text); free(t); }

static gen_profile profile_of(const char *id)
{
    gen_profile p;
    ck_assert_int_eq(gen_profile_find(id, &p), 0);
    return p;
}

/* Runs the generator's rules (a profile, every `every`-th regency) on the shipped data. */
static char *generate(const char *profile_id, int every, int json, size_t *length)
{
    gen_profile profile = profile_of(profile_id);
    char data_dir[4096], err[1024];
    snprintf(data_dir, sizeof data_dir, "%s/data", root());
    gen_data *d = malloc(sizeof *d);
    ck_assert_msg(gen_read_tables(data_dir, d, err, sizeof err) == 0, "%s", err);
    d->every = every;
    ck_assert_msg(gen_apply_rules(d, &profile, err, sizeof err) == 0, "%s", err);
    char *bytes = NULL;
    FILE *out = open_memstream(&bytes, length);
    ck_assert_int_eq(json ? gen_write_json(out, d) : gen_write_table(out, d), 0);
    fclose(out);
    free(d);
    return bytes;
}

START_TEST(test_committed_files_are_current)
{
    static const struct { const char *file, *profile; int every; } files[] = {
        { "scenarios/tools/national-regions.csv", "2025", 1 },
        { "scenarios/national.json", "2025", 1 },
        { "scenarios/national-2020-06.json", "2020-06", 1 },
        { "tests/models/run/data/national-2020-06-small.json", "2020-06", 10 },
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        int json = strstr(files[i].file, ".json") != NULL;
        size_t fresh_length, again_length, committed_length;
        char *fresh = generate(files[i].profile, files[i].every, json, &fresh_length);
        char *again = generate(files[i].profile, files[i].every, json, &again_length);
        char *committed = source_file(files[i].file, &committed_length);
        ck_assert_msg(fresh_length == again_length && memcmp(fresh, again, fresh_length) == 0,
                      "two runs differ");
        ck_assert_msg(fresh_length == committed_length
                      && memcmp(fresh, committed, fresh_length) == 0,
                      "%s is not what gen_national writes: rebuild it (target national_json)",
                      files[i].file);
        free(fresh); free(again); free(committed);
    }
}
END_TEST

START_TEST(test_json_has_every_regency_once)
{
    table *regencies = load_table("data/idn-area/regencies.csv");
    ck_assert_int_eq(regencies->rows, 514);
    char *text = source_file("scenarios/national.json", NULL);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    cJSON *regions = cJSON_GetObjectItemCaseSensitive(doc, "regions");
    ck_assert_int_eq(cJSON_GetArraySize(regions), 514);
    int seen[MAX_ROWS] = { 0 }, province_seen[100] = { 0 }, provinces = 0;
    const cJSON *region;
    cJSON_ArrayForEach(region, regions) {
        const char *code = cJSON_GetObjectItemCaseSensitive(region, "code")->valuestring;
        const char *name = cJSON_GetObjectItemCaseSensitive(region, "name")->valuestring;
        int found = -1;
        for (int i = 0; i < regencies->rows; i++)
            if (strcmp(regencies->cell[i][0], code) == 0) found = i;
        ck_assert_msg(found >= 0, "unknown code %s", code);
        ck_assert_str_eq(name, regencies->cell[found][2]);
        seen[found]++;
        int province = atoi(code);
        provinces += province_seen[province]++ == 0;
        const cJSON *recording = cJSON_GetObjectItemCaseSensitive(region, "recording");
        const cJSON *arrivals = cJSON_GetObjectItemCaseSensitive(recording, "arrivals");
        ck_assert(cJSON_GetObjectItemCaseSensitive(arrivals, "per_day")->valuedouble > 0);
        ck_assert_int_ge(cJSON_GetObjectItemCaseSensitive(recording, "stations")->valueint, 1);
    }
    for (int i = 0; i < regencies->rows; i++)
        ck_assert_msg(seen[i] == 1, "%s appears %d times", regencies->cell[i][0], seen[i]);
    ck_assert_int_eq(provinces, 38);
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(doc, "source");
    ck_assert(strstr(cJSON_GetArrayItem(source, 0)->valuestring, "ODbL") != NULL);
    cJSON_Delete(doc);
    free(text);
    free_table(regencies);
}
END_TEST

static long long census_figure(const table *census, const char *code)
{
    for (int i = 0; i < census->rows; i++)
        if (strcmp(census->cell[i][0], code) == 0) return atoll(census->cell[i][2]);
    ck_abort_msg("no census row %s", code);
    return 0;
}

START_TEST(test_populations_add_up)
{
    table *census = load_table("data/province-population-2020.csv");
    table *rows = load_table("scenarios/tools/national-regions.csv");
    ck_assert_int_eq(rows->rows, 514);
    long long census_total = 0, total = 0, adults = 0, by_province[100] = { 0 };
    for (int i = 0; i < census->rows; i++) census_total += atoll(census->cell[i][2]);
    ck_assert_int_eq(census_total, 270203917LL); /* domain-facts: the 2020 census */
    for (int r = 0; r < rows->rows; r++) {
        long long population = atoll(rows->cell[r][6]);
        total += population;
        adults += atoll(rows->cell[r][7]);
        by_province[atoi(rows->cell[r][1])] += population;
    }
    ck_assert_int_eq(total, census_total);
    ck_assert_int_eq(adults, profile_of("2025").adults_total);
    /* Papua and Papua Barat as they were in 2020, split in 2022: the regency figures of the
     * new provinces add up to the old ones. */
    ck_assert_int_eq(by_province[91] + by_province[93] + by_province[94] + by_province[95],
                     census_figure(census, "91"));
    ck_assert_int_eq(by_province[92] + by_province[96], census_figure(census, "92"));
    for (int i = 0; i < census->rows; i++) {
        int code = atoi(census->cell[i][0]);
        if (code != 91 && code != 92)
            ck_assert_int_eq(by_province[code], atoll(census->cell[i][2]));
    }
    free_table(census);
    free_table(rows);
}
END_TEST

/* Demand (arrivals per open day in the JSON) is proportional to each regency's own census
 * figure, read here from the CSV itself: the three regencies the district-count spread got
 * most wrong (Kepulauan Seribu 480,095 instead of 27,749; Kota Sorong 39,653 instead of
 * 284,410; Kabupaten Bogor 3.1 M instead of 5.4 M), and every other one. */
START_TEST(test_demand_follows_census)
{
    table *census = load_table("data/regency-population-2020.csv");
    ck_assert_int_eq(census->rows, 514);
    const char *files[] = { "scenarios/national.json", "scenarios/national-2020-06.json" };
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char *text = source_file(files[f], NULL);
        cJSON *doc = cJSON_Parse(text);
        ck_assert_ptr_nonnull(doc);
        const cJSON *region, *regions = cJSON_GetObjectItemCaseSensitive(doc, "regions");
        double demand_total = 0;
        cJSON_ArrayForEach(region, regions) {
            const cJSON *arrivals = cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(region, "recording"), "arrivals");
            demand_total += cJSON_GetObjectItemCaseSensitive(arrivals, "per_day")->valuedouble;
        }
        const char *checked[] = { "31.01", "96.71", "32.01" };
        int found = 0;
        cJSON_ArrayForEach(region, regions) {
            const char *code = cJSON_GetObjectItemCaseSensitive(region, "code")->valuestring;
            const cJSON *arrivals = cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(region, "recording"), "arrivals");
            double per_day = cJSON_GetObjectItemCaseSensitive(arrivals, "per_day")->valuedouble;
            double expected = demand_total * (double)census_figure(census, code) / 270203917.0;
            /* per_day is written to 0.01: allow that rounding, plus 0.1% of the figure. */
            ck_assert_msg(fabs(per_day - expected) <= 0.006 + 0.001 * expected,
                          "%s %s: %.2f a day, census-proportional %.2f", files[f], code,
                          per_day, expected);
            for (size_t c = 0; c < sizeof checked / sizeof checked[0]; c++)
                found += strcmp(code, checked[c]) == 0;
        }
        ck_assert_int_eq(found, 3);
        cJSON_Delete(doc);
        free(text);
    }
    free_table(census);
}
END_TEST

/* Writes a data directory whose files are valid except `bad_file`, which gets `bad_text`. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void expect_error(const char *bad_file, const char *bad_text, int prefixed,
                         const char *message)
{
    static const char *names[4] = { "idn-area/provinces.csv", "idn-area/regencies.csv",
                                    "idn-area/districts.csv", "regency-population-2020.csv" };
    static const char *good[4] = {
        "code,name\n11,Aceh\n91,Papua\n93,Papua Selatan\n",
        "code,province_code,name\n11.01,11,Kabupaten A\n91.01,91,Kabupaten B\n93.01,93,Kabupaten C\n",
        "code,regency_code,name\n11.01.01,11.01,X\n91.01.01,91.01,\"Y\"\"s\"\n93.01.01,93.01,Z\n",
        "code,name,population_2020\n11.01,Kabupaten A,1000\n91.01,Kabupaten B,251\n93.01,Kabupaten C,250\n",
    };
    char dir[] = "/tmp/test_national_XXXXXX", sub[64], err[1024], expected[1024];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/idn-area", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    for (int i = 0; i < 4; i++)
        write_file(dir, names[i], strcmp(names[i], bad_file) == 0 ? bad_text : good[i]);
    gen_data *d = malloc(sizeof *d);
    int rc = gen_read_tables(dir, d, err, sizeof err);
    gen_profile profile = profile_of("2025");
    if (rc == 0) rc = gen_apply_rules(d, &profile, err, sizeof err);
    if (message == NULL) {
        ck_assert_msg(rc == 0, "%s", err);
        ck_assert_int_eq(d->provinces[2].population, 250); /* the regencies' own figures */
        ck_assert_int_eq(d->provinces[1].population, 251);
        ck_assert_int_eq(d->regencies[0].adults + d->regencies[1].adults + d->regencies[2].adults,
                         profile.adults_total);
    } else {
        ck_assert_int_eq(rc, -1);
        /* Messages about a file start with its path under the data directory. */
        snprintf(expected, sizeof expected, "%s/%s", dir, message);
        ck_assert_str_eq(err, prefixed ? expected : message);
    }
    free(d);
    for (int i = 0; i < 4; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(sub);
    rmdir(dir);
}

START_TEST(test_small_tables)
{
    expect_error("", "", 0, NULL);
}
END_TEST

START_TEST(test_bad_input_names_file_and_line)
{
    expect_error("idn-area/provinces.csv", "code,nama\n11,Aceh\n", 1,
                 "idn-area/provinces.csv:1: expected the header \"code,name\"");
    expect_error("idn-area/provinces.csv", "code,name\n11,Aceh\n11,Aceh\n", 1,
                 "idn-area/provinces.csv:3: duplicate province code 11");
    expect_error("idn-area/regencies.csv", "code,province_code,name\n11.01,11,A\n12.01,12,B\n", 1,
                 "idn-area/regencies.csv:3: unknown province 12");
    expect_error("idn-area/regencies.csv", "code,province_code,name\n11.1,11,A\n", 1,
                 "idn-area/regencies.csv:2: bad regency code \"11.1\"");
    expect_error("idn-area/districts.csv", "code,regency_code,name\n11.01.01,11.01\n", 1,
                 "idn-area/districts.csv:2: expected 3 fields");
    expect_error("idn-area/districts.csv", "code,regency_code,name\n11.01.01,11.01,\"X\n", 1,
                 "idn-area/districts.csv:2: bad quoting");
    expect_error("regency-population-2020.csv", "code,name,population_2020\n11.01,Kabupaten A,12x\n", 1,
                 "regency-population-2020.csv:2: population \"12x\" is not a whole number "
                 "from 1 to 2000000000");
    expect_error("regency-population-2020.csv", "code,name,population_2020\n11.01,Kabupaten Z,5\n", 1,
                 "regency-population-2020.csv:2: name \"Kabupaten Z\" differs from "
                 "regencies.csv's \"Kabupaten A\"");
    expect_error("regency-population-2020.csv", "code,name,population_2020\n11.02,Kabupaten A,5\n", 1,
                 "regency-population-2020.csv:2: unknown regency 11.02");
    /* Errors found after reading, by the rules: no line to point at. */
    expect_error("idn-area/districts.csv", "code,regency_code,name\n11.01.01,11.01,X\n", 0,
                 "districts.csv: regency 91.01 has no district");
    expect_error("regency-population-2020.csv", "code,name,population_2020\n11.01,Kabupaten A,5\n", 1,
                 "regency-population-2020.csv: no row for regency 91.01 Kabupaten B");
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("national");
    TCase *tc = tcase_create("national");
    tcase_add_test(tc, test_committed_files_are_current);
    tcase_add_test(tc, test_json_has_every_regency_once);
    tcase_add_test(tc, test_populations_add_up);
    tcase_add_test(tc, test_demand_follows_census);
    tcase_add_test(tc, test_small_tables);
    tcase_add_test(tc, test_bad_input_names_file_and_line);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
