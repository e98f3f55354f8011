/* Tests of the in-memory gallery: kernels agree bit for bit, identification finds enrolled
 * people and agrees with 1:1 matching, insert/delete keep the id index right, threads do not
 * change results, memory accounting, and bad input. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core/gallery.h"
#include "core/iris_internal.h"
#include "core/status.h"
#include "tests/check_run.h"

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void random_template(uint64_t *x, core_template *t)
{
    for (int e = 0; e < 2; e++)
        for (int w = 0; w < CORE_IRIS_WORDS; w++) {
            t->eye[e].code[w] = next_random(x);
            /* Masks from all-valid to sparse, so n crosses CORE_IRIS_MIN_BITS sometimes. */
            uint64_t m = next_random(x);
            int kind = (int)(next_random(x) % 4);
            for (int k = 1; k < kind; k++)
                m &= next_random(x);
            t->eye[e].mask[w] = kind == 0 ? UINT64_MAX : m;
        }
}

static core_gallery *synth_gallery(int people, uint64_t first_id)
{
    core_gallery *g;
    ck_assert_int_eq(core_gallery_create(&g, 0), CORE_OK);
    for (int k = 0; k < people; k++) {
        core_template t;
        ck_assert_int_eq(core_iris_synth(first_id + (uint64_t)k, 0, NULL, &t), CORE_OK);
        ck_assert_int_eq(core_gallery_insert(g, first_id + (uint64_t)k, &t), CORE_OK);
    }
    return g;
}

START_TEST(kernels_match_generic_bit_for_bit)
{
    const core__kernel *generic = core__kernel_find("generic");
    ck_assert_ptr_nonnull(generic);
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    core_template *rots = aligned_alloc(64, CORE_IRIS_MAX_ROTATIONS * sizeof *rots);
    core_template *rec = aligned_alloc(64, sizeof *rec);
    ck_assert_ptr_nonnull(rots);
    int tested = 0;
    for (int k = 0; k < core__kernel_count; k++) {
        if (!core__kernels[k].supported())
            continue;
        tested++;
        int rotation_counts[] = {1, 3, 7, 63};
        for (int trial = 0; trial < 200; trial++) {
            int r = rotation_counts[trial % 4];
            for (int i = 0; i < r; i++)
                random_template(&x, &rots[i]);
            random_template(&x, rec);
            uint16_t want[4 * CORE_IRIS_MAX_ROTATIONS], got[4 * CORE_IRIS_MAX_ROTATIONS];
            generic->count(rots, r, rec, want);
            core__kernels[k].count(rots, r, rec, got);
            ck_assert_mem_eq(want, got, 4 * (size_t)r * sizeof *want);
        }
    }
    ck_assert_int_ge(tested, 1);
    free(rots);
    free(rec);
}
END_TEST

START_TEST(identify_finds_the_enrolled_person)
{
    core_gallery *g = synth_gallery(400, 1000);
    core_template probe;
    ck_assert_int_eq(core_iris_synth(1123, 1, NULL, &probe), CORE_OK); /* a new capture */
    core_search_opts o = {7, 1, 5, 0.45, NULL, 0};
    core_candidate c[5];
    size_t n;
    uint64_t comparisons;
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, &comparisons), CORE_OK);
    ck_assert_uint_ge(n, 1);
    ck_assert_uint_eq(c[0].person_id, 1123);
    ck_assert_double_lt(c[0].score, 0.3);
    ck_assert_uint_eq(comparisons, 400u * 7u * 2u);
    for (size_t i = 1; i < n; i++)
        ck_assert_double_le(c[i - 1].score, c[i].score);
    /* Someone never enrolled: nobody below a decision threshold of 0.33. */
    ck_assert_int_eq(core_iris_synth(777777, 1, NULL, &probe), CORE_OK);
    o.report_below = 0.33;
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, NULL), CORE_OK);
    ck_assert_uint_eq(n, 0);
    core_gallery_destroy(g);
}
END_TEST

START_TEST(gallery_scores_equal_one_to_one_scores)
{
    core_gallery *g = synth_gallery(60, 1);
    core_template probe;
    ck_assert_int_eq(core_iris_synth(30, 2, NULL, &probe), CORE_OK);
    core_iris turned;
    core_iris_rotate(&probe.eye[0], 2, &turned); /* left eye off by two more steps */
    probe.eye[0] = turned;
    core_search_opts o = {7, 2, 60, 2.0, NULL, 0};
    core_candidate c[60];
    size_t n;
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, NULL), CORE_OK);
    ck_assert_uint_eq(n, 60);
    for (size_t i = 0; i < n; i++) {
        double fused, eye[2];
        const core_template *t = core_gallery_find(g, c[i].person_id);
        ck_assert_ptr_nonnull(t);
        ck_assert_int_eq(core_template_match(&probe, t, 7, &fused, eye), CORE_OK);
        ck_assert_double_eq(fused, c[i].score);
        ck_assert_double_eq(eye[0], c[i].eye_score[0]);
        ck_assert_double_eq(eye[1], c[i].eye_score[1]);
    }
    ck_assert_uint_eq(c[0].person_id, 30);
    core_gallery_destroy(g);
}
END_TEST

START_TEST(rotated_probe_is_found)
{
    core_gallery *g = synth_gallery(100, 1);
    core_template probe, turned;
    ck_assert_int_eq(core_iris_synth(42, 3, NULL, &probe), CORE_OK);
    for (int e = 0; e < 2; e++)
        core_iris_rotate(&probe.eye[e], 1, &turned.eye[e]); /* capture offset up to 2 more */
    core_search_opts o = {7, 1, 1, 0.4, NULL, 0};
    core_candidate c;
    size_t n;
    ck_assert_int_eq(core_gallery_identify(g, &turned, &o, &c, &n, NULL), CORE_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(c.person_id, 42);
    core_gallery_destroy(g);
}
END_TEST

START_TEST(results_do_not_depend_on_threads)
{
    core_gallery *g;
    ck_assert_int_eq(core_gallery_create(&g, 0), CORE_OK);
    uint64_t x = 12345;
    core_template t, probe;
    /* Big enough that a search really splits (16,384 records per thread at least). */
    for (uint64_t id = 1; id <= 50000; id++) {
        random_template(&x, &t);
        ck_assert_int_eq(core_gallery_insert(g, id * 7, &t), CORE_OK);
    }
    random_template(&x, &probe);
    core_candidate want[50], got[50];
    size_t n_want, n_got;
    uint64_t cmp_want, cmp_got;
    core_search_opts o = {5, 1, 50, 0.6, NULL, 0};
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, want, &n_want, &cmp_want), CORE_OK);
    ck_assert_uint_eq(n_want, 50);
    int threads[] = {0, 2, 3, 8, 64};
    for (int i = 0; i < 5; i++) {
        o.threads = threads[i];
        ck_assert_int_eq(core_gallery_identify(g, &probe, &o, got, &n_got, &cmp_got), CORE_OK);
        ck_assert_uint_eq(n_got, n_want);
        ck_assert_uint_eq(cmp_got, cmp_want);
        ck_assert_mem_eq(got, want, n_want * sizeof *want);
    }
    core_gallery_destroy(g);
}
END_TEST

START_TEST(insert_delete_keep_ids_and_templates)
{
    core_gallery *g;
    ck_assert_int_eq(core_gallery_create(&g, 4), CORE_OK);
    enum { IDS = 2000 };
    static core_template ref[IDS];
    static int present[IDS];
    uint64_t x = 777;
    for (int i = 0; i < IDS; i++)
        random_template(&x, &ref[i]);
    size_t expected = 0;
    for (int step = 0; step < 20000; step++) {
        int i = (int)(next_random(&x) % IDS);
        uint64_t id = (uint64_t)i * 1000003u; /* spread ids to exercise probing */
        if (present[i]) {
            ck_assert_int_eq(core_gallery_insert(g, id, &ref[i]), CORE_EEXIST);
            ck_assert_int_eq(core_gallery_delete(g, id), CORE_OK);
            present[i] = 0;
            expected--;
        } else {
            ck_assert_int_eq(core_gallery_delete(g, id), CORE_ENOTFOUND);
            ck_assert_int_eq(core_gallery_insert(g, id, &ref[i]), CORE_OK);
            present[i] = 1;
            expected++;
        }
        ck_assert_uint_eq(core_gallery_count(g), expected);
    }
    for (int i = 0; i < IDS; i++) {
        const core_template *t = core_gallery_find(g, (uint64_t)i * 1000003u);
        if (!present[i]) {
            ck_assert_ptr_null(t);
            continue;
        }
        ck_assert_ptr_nonnull(t);
        ck_assert_uint_eq((uintptr_t)t % 64, 0);
        ck_assert_mem_eq(t, &ref[i], sizeof *t);
    }
    core_gallery_destroy(g);
}
END_TEST

START_TEST(only_list_restricts_the_search)
{
    core_gallery *g = synth_gallery(200, 1);
    core_template probe;
    ck_assert_int_eq(core_iris_synth(50, 1, NULL, &probe), CORE_OK);
    uint64_t only[] = {10, 20, 20, 99999, 30}; /* a repeat and an unknown id */
    core_search_opts o = {7, 2, 10, 2.0, only, 5};
    core_candidate c[10];
    size_t n;
    uint64_t cmp;
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, &cmp), CORE_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(cmp, 3u * 7u * 2u);
    for (size_t i = 0; i < n; i++)
        ck_assert(c[i].person_id == 10 || c[i].person_id == 20 || c[i].person_id == 30);
    o.only_count = 0; /* an explicit empty list searches nobody */
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, &cmp), CORE_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(cmp, 0);
    core_gallery_destroy(g);
}
END_TEST

START_TEST(unusable_probe_eye_is_not_counted)
{
    core_gallery *g = synth_gallery(50, 1);
    core_template probe;
    ck_assert_int_eq(core_iris_synth(7, 1, NULL, &probe), CORE_OK);
    memset(probe.eye[1].mask, 0, sizeof probe.eye[1].mask);
    core_search_opts o = {3, 1, 1, 0.4, NULL, 0};
    core_candidate c;
    size_t n;
    uint64_t cmp;
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, &c, &n, &cmp), CORE_OK);
    ck_assert_uint_eq(cmp, 50u * 3u * 1u);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(c.person_id, 7);
    ck_assert_double_eq(c.eye_score[1], 1.0);
    ck_assert_double_eq(c.score, c.eye_score[0]);
    core_gallery_destroy(g);
}
END_TEST

START_TEST(memory_fits_ten_million_in_24_gib)
{
    core_gallery *g;
    ck_assert_int_eq(core_gallery_create(&g, 10000), CORE_OK);
    uint64_t x = 1;
    core_template t;
    random_template(&x, &t);
    for (uint64_t id = 0; id < 10000; id++)
        ck_assert_int_eq(core_gallery_insert(g, id, &t), CORE_OK);
    /* 1,024 bytes of template, 8 of id, and an index slot of 16 bytes at most 4 times over
     * (the table is a power of two at least twice the capacity). */
    double per_record = (double)core_gallery_memory_bytes(g) / (double)core_gallery_count(g);
    ck_assert_double_ge(per_record, sizeof(core_template) + 8 + 2 * 16);
    ck_assert_double_le(per_record, sizeof(core_template) + 8 + 4 * 16 + 1);
    ck_assert_double_lt(per_record * 10e6, 24.0 * 1024 * 1024 * 1024);
    uint64_t sum;
    ck_assert_int_eq(core_gallery_scan(g, 2, &sum), CORE_OK);
    core_gallery_destroy(g);
}
END_TEST

START_TEST(ten_million_capacity_is_under_24_gib)
{
#ifndef KTP_SANITIZE /* the sanitizer's allocator would map shadow memory for 10 GiB */
    /* Reserving is enough to account: untouched pages cost no RAM. */
    core_gallery *g;
    ck_assert_int_eq(core_gallery_create(&g, 10000000), CORE_OK);
    size_t bytes = core_gallery_memory_bytes(g);
    ck_assert_uint_ge(bytes, 10000000 * sizeof(core_template));
    ck_assert_uint_lt(bytes, (size_t)24 << 30);
    ck_assert_uint_lt(bytes, (size_t)11 << 30); /* ~10.2 GiB: room to spare */
    core_gallery_destroy(g);
#endif
}
END_TEST

START_TEST(bad_input_is_einval)
{
    core_gallery *g = synth_gallery(5, 1);
    core_template probe;
    ck_assert_int_eq(core_iris_synth(3, 1, NULL, &probe), CORE_OK);
    core_candidate c[2];
    size_t n;
    core_search_opts o = {7, 1, 2, 0.4, NULL, 0};
    int bad_rotations[] = {-1, -7, 2, 8, CORE_IRIS_MAX_ROTATIONS + 2};
    for (int i = 0; i < 5; i++) {
        o.rotations = bad_rotations[i];
        ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, NULL), CORE_EINVAL);
    }
    o.rotations = 0; /* the default, 7 */
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, NULL), CORE_OK);
    o.threads = -1;
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, NULL), CORE_EINVAL);
    o.threads = 1;
    o.only_count = 3; /* a count without a list */
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, &n, NULL), CORE_EINVAL);
    o.only_count = 0;
    ck_assert_int_eq(core_gallery_identify(NULL, &probe, &o, c, &n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_identify(g, NULL, &o, c, &n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_identify(g, &probe, NULL, c, &n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, NULL, &n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_identify(g, &probe, &o, c, NULL, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_insert(g, 1, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_insert(NULL, 1, &probe), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_delete(NULL, 1), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_create(NULL, 1), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_set_kernel(g, "sse9"), CORE_ENOTFOUND);
    ck_assert_int_eq(core_gallery_set_kernel(g, "generic"), CORE_OK);
    ck_assert_str_eq(core_gallery_kernel(g), "generic");
    ck_assert_int_eq(core_gallery_scan(g, -1, NULL), CORE_EINVAL);
    core_gallery_destroy(g);
    core_gallery_destroy(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gallery");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, kernels_match_generic_bit_for_bit);
    tcase_add_test(tc, identify_finds_the_enrolled_person);
    tcase_add_test(tc, gallery_scores_equal_one_to_one_scores);
    tcase_add_test(tc, rotated_probe_is_found);
    tcase_add_test(tc, results_do_not_depend_on_threads);
    tcase_add_test(tc, insert_delete_keep_ids_and_templates);
    tcase_add_test(tc, only_list_restricts_the_search);
    tcase_add_test(tc, unusable_probe_eye_is_not_counted);
    tcase_add_test(tc, memory_fits_ten_million_in_24_gib);
    tcase_add_test(tc, ten_million_capacity_is_under_24_gib);
    tcase_add_test(tc, bad_input_is_einval);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
