/* core_gallery_identify_batch: k probes in one pass give exactly what k calls of
 * core_gallery_identify give (candidates, order, scores, comparisons), split over workers
 * and on one, with a candidate list, and bad arguments are refused. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core/gallery.h"
#include "core/status.h"
#include "tests/check_run.h"

enum { PEOPLE = 33000, PROBES = 6, MAX = 5 }; /* 33,000 > 2 x 16,384: two workers */

static core_gallery *gallery;

/* Random codes and masks (cheap) for everyone, synthetic people for those the probes mate:
 * enough records (> 2 x 16,384) that a search splits over threads. */
static void build(void)
{
    static const uint64_t synthetic[] = {7, 123, 5000, 31000};
    ck_assert_int_eq(core_gallery_create(&gallery, PEOPLE), CORE_OK);
    core_template t;
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < PEOPLE; i++) {
        uint64_t *w = (uint64_t *)&t;
        for (size_t k = 0; k < sizeof t / sizeof *w; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            w[k] = x;
        }
        for (size_t k = 0; k < sizeof synthetic / sizeof *synthetic; k++)
            if (synthetic[k] == (uint64_t)i)
                ck_assert_int_eq(core_iris_synth(1000 + (uint64_t)i, 0, NULL, &t), CORE_OK);
        ck_assert_int_eq(core_gallery_insert(gallery, (uint64_t)i + 1, &t), CORE_OK);
    }
}

static void destroy(void) { core_gallery_destroy(gallery); }

/* Probes: new captures of people 7, 7 again, 123, ... and two never enrolled. */
static void probes(core_template *p)
{
    static const uint64_t who[PROBES] = {7, 7, 123, 5000, 31000, 90001};
    for (int i = 0; i < PROBES; i++)
        ck_assert_int_eq(core_iris_synth(1000 + who[i], 1 + (uint32_t)i, NULL, &p[i]), CORE_OK);
}

static void same_as_single(int threads, const uint64_t *only, size_t only_count)
{
    core_template *p = aligned_alloc(64, PROBES * sizeof *p);
    ck_assert_ptr_nonnull(p);
    probes(p);
    /* A lax report_below, so every list fills up and the order of many candidates counts. */
    core_search_opts o = {0, threads, MAX, 0.47, only, only_count};
    core_candidate batch[PROBES * MAX], one[MAX];
    size_t n_batch[PROBES], n_one;
    uint64_t cmp_batch, cmp_one, cmp_sum = 0;
    ck_assert_int_eq(core_gallery_identify_batch(gallery, p, PROBES, &o, batch, n_batch,
                                                 &cmp_batch), CORE_OK);
    for (int i = 0; i < PROBES; i++) {
        ck_assert_int_eq(core_gallery_identify(gallery, &p[i], &o, one, &n_one, &cmp_one),
                         CORE_OK);
        cmp_sum += cmp_one;
        ck_assert_uint_eq(n_batch[i], n_one);
        ck_assert_int_eq(memcmp(batch + i * MAX, one, n_one * sizeof *one), 0);
    }
    ck_assert_uint_eq(cmp_batch, cmp_sum);
    /* The mated probes find their person first. */
    ck_assert_uint_eq(batch[0].person_id, 8);
    ck_assert_uint_eq(batch[2 * MAX].person_id, only ? batch[2 * MAX].person_id : 124);
    free(p);
}

START_TEST(batch_equals_single_searches)
{
    same_as_single(3, NULL, 0); /* split over two workers; the list test runs on one */
}
END_TEST

START_TEST(batch_with_candidate_list)
{
    uint64_t only[] = {8, 124, 124, 40000, 999999, 3};
    same_as_single(2, only, sizeof only / sizeof *only);
}
END_TEST

START_TEST(batch_bad_arguments)
{
    core_template p[2];
    ck_assert_int_eq(core_iris_synth(1, 0, NULL, &p[0]), CORE_OK);
    p[1] = p[0];
    core_search_opts o = {0, 1, MAX, 0.4, NULL, 0};
    core_candidate out[2 * MAX];
    size_t n[2];
    ck_assert_int_eq(core_gallery_identify_batch(gallery, p, 0, &o, out, n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_identify_batch(gallery, p, CORE_GALLERY_MAX_BATCH + 1, &o, out,
                                                 n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_identify_batch(NULL, p, 2, &o, out, n, NULL), CORE_EINVAL);
    o.rotations = 4;
    ck_assert_int_eq(core_gallery_identify_batch(gallery, p, 2, &o, out, n, NULL), CORE_EINVAL);
}
END_TEST

static Suite *batch_suite(void)
{
    Suite *s = suite_create("gallery_batch");
    TCase *tc = tcase_create("core");
    tcase_add_unchecked_fixture(tc, build, destroy);
    tcase_add_test(tc, batch_equals_single_searches);
    tcase_add_test(tc, batch_with_candidate_list);
    tcase_add_test(tc, batch_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return ktp_check_run(batch_suite()); }
