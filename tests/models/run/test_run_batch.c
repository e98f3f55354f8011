/* Check suite for replications in pieces (models/run/run.h, run_batch_*, and the codec in
 * models/run/run_pack.c): replications run in two batches, one of them moved as bytes,
 * reduce to files byte-identical to run_scenario's (the supply chain's arrays included); a
 * one-replication reduce equals run_one_replication; bad bytes and misuse are refused. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/run/run.h"
#include "models/run/summary.h"
#include "models/scenario/scenario.h"
#include "tests/check_run.h"
#include "tests/models/scenario_text.h"

#define REPS 3

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *data = calloc(1, (size_t)size + 1);
    ck_assert_uint_eq(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    return data;
}

/* Writes every result file of out into a new folder made from the template dir. */
static void write_all(const summary *out, char *dir)
{
    char why[256], path[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/summary.json", dir);
    ck_assert_int_eq(summary_write_json(out, path, why, sizeof why), 0);
    ck_assert_int_eq(summary_write_csv(out, dir, why, sizeof why), 0);
}

static void assert_same_files(const char *a, const char *b)
{
    const char *names[] = {"summary.json", "regions.csv", "daily.csv", "time_to_card.csv",
                           "central.csv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char pa[256], pb[256];
        snprintf(pa, sizeof pa, "%s/%s", a, names[i]);
        snprintf(pb, sizeof pb, "%s/%s", b, names[i]);
        char *x = read_all(pa), *y = read_all(pb);
        ck_assert_msg(strcmp(x, y) == 0, "%s differs", names[i]);
        free(x);
        free(y);
    }
}

START_TEST(test_moved_replication_reduces_like_one_process)
{
    /* A supply chain, so the codec's optional arrays (central.csv's rows) are exercised. */
    scenario *s = scenario_from_source_file("scenarios/blank-shortage-2017.json");
    run_options options = run_options_from(s);
    options.replications = REPS;
    char why[256];
    summary whole, pieces;
    ck_assert_int_eq(run_scenario(s, &options, &whole, why, sizeof why), 0);
    run_batch *here, *there;
    ck_assert_int_eq(run_batch_create(s, &options, &here), 0);
    ck_assert_int_eq(run_batch_create(s, &options, &there), 0);
    const int mine[] = {0, 2}, theirs[] = {1};
    ck_assert_int_eq(run_batch_run(here, mine, 2, why, sizeof why), 0);
    ck_assert_int_eq(run_batch_run(there, theirs, 1, why, sizeof why), 0);
    ck_assert_str_eq(run_batch_failure(here, 1), "not run");
    ck_assert_int_eq(run_batch_reduce(here, &pieces, why, sizeof why), -1);
    ck_assert_str_eq(why, "replication 1 failed: not run");
    summary_fini(&pieces);
    void *bytes;
    size_t size;
    ck_assert_int_eq(run_batch_pack(there, 1, &bytes, &size), 0);
    ck_assert_int_eq(run_batch_pack(there, 0, &bytes, &size) == 0, 0); /* not run there */
    ck_assert_int_eq(run_batch_unpack(here, 1, bytes, size, why, sizeof why), 0);
    ck_assert_ptr_null(run_batch_failure(here, 1));
    ck_assert_int_eq(run_batch_unpack(here, 1, bytes, size, why, sizeof why), -1);
    ck_assert_int_eq(run_batch_reduce(here, &pieces, why, sizeof why), 0);
    char a[] = "/tmp/ktpsim_batch_a_XXXXXX", b[] = "/tmp/ktpsim_batch_b_XXXXXX";
    write_all(&whole, a);
    write_all(&pieces, b);
    assert_same_files(a, b);
    /* One replication alone, moved or not, is run_one_replication's summary. */
    summary one, moved;
    ck_assert_int_eq(run_one_replication(s, &options, 1, &one, why, sizeof why), 0);
    ck_assert_int_eq(run_batch_reduce_one(here, 1, &moved, why, sizeof why), 0);
    char c[] = "/tmp/ktpsim_batch_c_XXXXXX", d[] = "/tmp/ktpsim_batch_d_XXXXXX";
    write_all(&one, c);
    write_all(&moved, d);
    assert_same_files(c, d);
    free(bytes);
    summary_fini(&whole), summary_fini(&pieces), summary_fini(&one), summary_fini(&moved);
    run_batch_destroy(here);
    run_batch_destroy(there);
    scenario_destroy(s);
}
END_TEST

START_TEST(test_bad_bytes_are_refused)
{
    scenario *s = scenario_from_source_file("scenarios/default.json");
    run_options options = run_options_from(s);
    options.replications = 2;
    char why[256];
    run_batch *from, *to;
    ck_assert_int_eq(run_batch_create(s, &options, &from), 0);
    ck_assert_int_eq(run_batch_create(s, &options, &to), 0);
    const int first[] = {0};
    ck_assert_int_eq(run_batch_run(from, first, 1, why, sizeof why), 0);
    ck_assert_int_eq(run_batch_run(from, first, 1, why, sizeof why), -1); /* present already */
    unsigned char *bytes;
    size_t size;
    ck_assert_int_eq(run_batch_pack(from, 0, (void **)&bytes, &size), 0);
    /* Cut short anywhere after the header: truncated. */
    ck_assert_int_eq(run_batch_unpack(to, 0, bytes, size - 1, why, sizeof why), -1);
    ck_assert_ptr_nonnull(strstr(why, "truncated"));
    ck_assert_int_eq(run_batch_unpack(to, 0, bytes, size / 2, why, sizeof why), -1);
    ck_assert_ptr_nonnull(strstr(why, "truncated"));
    /* Another build (a struct size in the header differs). */
    bytes[5] ^= 1;
    ck_assert_int_eq(run_batch_unpack(to, 0, bytes, size, why, sizeof why), -1);
    ck_assert_str_eq(why, "its results come from a different ktpsim build or scenario (every "
                          "rank needs the same binary and scenario file)");
    bytes[5] ^= 1;
    ck_assert_int_eq(run_batch_unpack(to, 5, bytes, size, why, sizeof why), -1);
    ck_assert_int_eq(run_batch_unpack(to, 0, bytes, size, why, sizeof why), 0);
    ck_assert_ptr_null(run_batch_failure(to, 0));
    ck_assert_str_eq(run_batch_failure(to, 7), "no such replication");
    free(bytes);
    run_batch_destroy(from);
    run_batch_destroy(to);
    run_batch_destroy(NULL);
    scenario_destroy(s);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("run_batch");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_moved_replication_reduces_like_one_process);
    tcase_add_test(tc, test_bad_bytes_are_refused);
    suite_add_tcase(suite, tc);
    return ktp_check_run(suite);
}
