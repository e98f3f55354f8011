/* Tests of the gallery's sketch index: an index search compares exactly the records within
 * the radius (so every mate within it is found), deletion removes a person from results and
 * keeps the other sketches right, results do not depend on threads, brute force and index
 * agree on every decision where the index misses no mate, and bad plans are refused. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core/gallery.h"
#include "core/gallery_index.h"
#include "core/status.h"
#include "tests/check_run.h"

#define PEOPLE 300
#define ROTATIONS 7

static core_synth_params hard_params(void)
{
    core_synth_params p;
    core_synth_params_default(&p);
    p.genuine_mean = 0.20; /* the harder data of docs/index.md */
    p.genuine_spread = 0.25;
    return p;
}

static core_gallery *synth_gallery(int people, const core_synth_params *p)
{
    core_gallery *g;
    ck_assert_int_eq(core_gallery_create(&g, 0), CORE_OK);
    for (int k = 0; k < people; k++) {
        core_template t;
        ck_assert_int_eq(core_iris_synth(1000 + (uint64_t)k, 0, p, &t), CORE_OK);
        ck_assert_int_eq(core_gallery_insert(g, 1000 + (uint64_t)k, &t), CORE_OK);
    }
    return g;
}

/* Every record scores below report_below 2.0, so an index search returns exactly the
 * records it compared: they must be the records within the radius, no more, no fewer. */
static void assert_compares_exactly_the_radius(const core_gallery *g, const core_template *probe,
                                               int radius, int people)
{
    core_search_opts o = {ROTATIONS, 1, (size_t)people, 2.0, NULL, 0};
    core_search_plan plan = {CORE_SEARCH_INDEX, radius};
    core_candidate *c = malloc((size_t)people * sizeof *c);
    size_t n;
    core_search_stats st;
    ck_assert_int_eq(core_gallery_search(g, probe, &o, &plan, c, &n, &st), CORE_OK);
    ck_assert_uint_eq(st.candidates, n);
    ck_assert_uint_eq(st.scanned, core_gallery_count(g));
    size_t within = 0;
    for (int k = 0; k < people; k++) {
        uint64_t id = 1000 + (uint64_t)k;
        int d = core_gallery_index_distance(g, probe, ROTATIONS, id);
        if (d < 0)
            continue; /* deleted */
        int returned = 0;
        for (size_t i = 0; i < n; i++)
            returned |= c[i].person_id == id;
        ck_assert_int_eq(returned, d <= radius);
        within += d <= radius;
    }
    ck_assert_uint_eq(within, n);
    free(c);
}

START_TEST(mates_within_the_radius_are_found)
{
    core_synth_params p = hard_params();
    core_gallery *g = synth_gallery(PEOPLE, &p);
    int mates_within = 0;
    for (int q = 0; q < 30; q++) {
        core_template probe;
        uint64_t mate = 1000 + (uint64_t)(q * 7 % PEOPLE);
        ck_assert_int_eq(core_iris_synth(mate, 1 + (uint32_t)q, &p, &probe), CORE_OK);
        int d = core_gallery_index_distance(g, &probe, ROTATIONS, mate);
        ck_assert_int_ge(d, 0);
        mates_within += d <= CORE_INDEX_DEFAULT_RADIUS;
        assert_compares_exactly_the_radius(g, &probe, CORE_INDEX_DEFAULT_RADIUS, PEOPLE);
        assert_compares_exactly_the_radius(g, &probe, d, PEOPLE); /* the mate on the edge */
    }
    ck_assert_int_ge(mates_within, 27); /* the radius is not vacuous: most mates are inside */
    core_gallery_destroy(g);
}
END_TEST

/* The scan has a portable, a POPCNT and an AVX2 form (four records at a time, the rest one by
 * one); each must keep exactly the records whose distance, computed the portable way, is
 * within the radius. 303 people leave a remainder of 3 after the blocks of four. */
START_TEST(every_scan_kernel_keeps_the_same_records)
{
    core_synth_params p = hard_params();
    core_gallery *g = synth_gallery(PEOPLE + 3, &p);
    const char *kernels[] = {"generic", "popcnt", "avx2", "avx512"};
    int tried = 0;
    for (size_t k = 0; k < sizeof kernels / sizeof *kernels; k++) {
        if (core_gallery_set_kernel(g, kernels[k]) != CORE_OK)
            continue; /* not on this CPU */
        tried++;
        for (int q = 0; q < 10; q++) {
            core_template probe;
            uint64_t mate = 1000 + (uint64_t)(q * 31 % (PEOPLE + 3));
            ck_assert_int_eq(core_iris_synth(mate, 50 + (uint32_t)q, &p, &probe), CORE_OK);
            assert_compares_exactly_the_radius(g, &probe, CORE_INDEX_DEFAULT_RADIUS,
                                               PEOPLE + 3);
            assert_compares_exactly_the_radius(g, &probe, 60, PEOPLE + 3); /* many inside */
        }
    }
    ck_assert_int_ge(tried, 1);
    core_gallery_destroy(g);
}
END_TEST

START_TEST(deleting_removes_from_results)
{
    core_synth_params p = hard_params();
    core_gallery *g = synth_gallery(PEOPLE, &p);
    core_template probe;
    uint64_t mate = 1000 + 17;
    ck_assert_int_eq(core_iris_synth(mate, 1, &p, &probe), CORE_OK);
    core_search_opts o = {ROTATIONS, 1, 5, 0.33, NULL, 0};
    core_search_plan plan = {CORE_SEARCH_INDEX, 0};
    core_candidate c[5];
    size_t n;
    ck_assert_int_eq(core_gallery_search(g, &probe, &o, &plan, c, &n, NULL), CORE_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(c[0].person_id, mate);
    /* Delete the mate and a few others: the last records move into the holes, sketches too. */
    ck_assert_int_eq(core_gallery_delete(g, mate), CORE_OK);
    ck_assert_int_eq(core_gallery_delete(g, 1000), CORE_OK);
    ck_assert_int_eq(core_gallery_delete(g, 1000 + PEOPLE - 2), CORE_OK);
    ck_assert_int_eq(core_gallery_search(g, &probe, &o, &plan, c, &n, NULL), CORE_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(core_gallery_index_distance(g, &probe, ROTATIONS, mate), -1);
    assert_compares_exactly_the_radius(g, &probe, 60, PEOPLE);
    /* Insert again: found again, without any rebuild. */
    core_template t;
    ck_assert_int_eq(core_iris_synth(mate, 0, &p, &t), CORE_OK);
    ck_assert_int_eq(core_gallery_insert(g, mate, &t), CORE_OK);
    ck_assert_int_eq(core_gallery_search(g, &probe, &o, &plan, c, &n, NULL), CORE_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(c[0].person_id, mate);
    core_gallery_destroy(g);
}
END_TEST

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Above 2 x 65,536 records the scan splits over threads; random codes keep building cheap,
 * and planted captures of a few people give near sketches in several threads' shares. */
START_TEST(results_do_not_depend_on_threads)
{
    enum { BIG = 140000 };
    core_gallery *g;
    ck_assert_int_eq(core_gallery_create(&g, BIG), CORE_OK);
    uint64_t x = 0x2545f4914f6cdd1dULL;
    core_template t;
    for (int k = 0; k < BIG; k++) {
        for (int e = 0; e < 2; e++)
            for (int w = 0; w < CORE_IRIS_WORDS; w++) {
                t.eye[e].code[w] = next_random(&x);
                t.eye[e].mask[w] = UINT64_MAX;
            }
        if (k % 20000 == 7) /* a real person now and then, mates of the probe below */
            ck_assert_int_eq(core_iris_synth(42, (uint32_t)k, NULL, &t), CORE_OK);
        ck_assert_int_eq(core_gallery_insert(g, (uint64_t)k + 1, &t), CORE_OK);
    }
    core_template probe;
    ck_assert_int_eq(core_iris_synth(42, 999999, NULL, &probe), CORE_OK);
    core_candidate one[20], other[20];
    size_t n1, n2;
    core_search_stats s1, s2;
    core_search_plan plan = {CORE_SEARCH_INDEX, 56};
    core_search_opts o = {ROTATIONS, 1, 20, 0.49, NULL, 0};
    ck_assert_int_eq(core_gallery_search(g, &probe, &o, &plan, one, &n1, &s1), CORE_OK);
    ck_assert_uint_ge(n1, 7);
    for (int threads = 2; threads <= 4; threads++) {
        o.threads = threads;
        ck_assert_int_eq(core_gallery_search(g, &probe, &o, &plan, other, &n2, &s2), CORE_OK);
        ck_assert_uint_eq(n1, n2);
        ck_assert_mem_eq(one, other, n1 * sizeof *one);
        ck_assert_mem_eq(&s1, &s2, sizeof s1);
    }
    core_gallery_destroy(g);
}
END_TEST

/* Genuine mean 0.11 (the default data), seed fixed: the index finds every mate brute force
 * finds, and the two searches make the same decision for every probe, mated or not. */
START_TEST(brute_and_index_agree_on_every_decision)
{
    core_gallery *g = synth_gallery(1000, NULL);
    core_search_opts o = {ROTATIONS, 2, 3, 0.33, NULL, 0};
    core_search_plan plan = {CORE_SEARCH_INDEX, 0};
    int mates_found = 0;
    for (int q = 0; q < 120; q++) {
        core_template probe;
        int mated = q % 2 == 0;
        uint64_t person = mated ? 1000 + (uint64_t)(q * 37 % 1000) : 900000 + (uint64_t)q;
        ck_assert_int_eq(core_iris_synth(person, mated ? 1 + (uint32_t)q : 0, NULL, &probe),
                         CORE_OK);
        core_candidate b[3], i[3];
        size_t nb, ni;
        core_search_stats sb, si;
        ck_assert_int_eq(core_gallery_search(g, &probe, &o, NULL, b, &nb, &sb), CORE_OK);
        ck_assert_int_eq(core_gallery_search(g, &probe, &o, &plan, i, &ni, &si), CORE_OK);
        ck_assert_uint_eq(nb, ni);
        if (nb)
            ck_assert_mem_eq(b, i, nb * sizeof *b);
        mates_found += mated && ni && i[0].person_id == person;
        ck_assert_uint_lt(si.work, sb.work / 4); /* and it did less work */
    }
    ck_assert_int_eq(mates_found, 60);
    core_gallery_destroy(g);
}
END_TEST

/* A gallery of the default data and a second capture of person `who` in it. */
static core_gallery *gallery_and_probe(int people, uint64_t who, core_template *probe)
{
    ck_assert_int_eq(core_iris_synth(who, 1, NULL, probe), CORE_OK);
    return synth_gallery(people, NULL);
}

static const core_search_opts small_opts = {ROTATIONS, 1, 3, 0.33, NULL, 0};

START_TEST(unusable_probe_falls_back_to_brute_force)
{
    core_template probe;
    core_gallery *g = gallery_and_probe(50, 1003, &probe);
    memset(probe.eye[0].mask, 0, sizeof probe.eye[0].mask);
    memset(probe.eye[1].mask, 0, sizeof probe.eye[1].mask);
    core_search_plan plan = {CORE_SEARCH_INDEX, 0};
    core_candidate c[3];
    size_t n;
    core_search_stats st;
    ck_assert_int_eq(core_gallery_search(g, &probe, &small_opts, &plan, c, &n, &st), CORE_OK);
    ck_assert_int_eq(st.fell_back, 1);
    ck_assert_uint_eq(st.candidates, 50);
    ck_assert_uint_eq(st.scanned, 0);
    ck_assert_int_eq(core_gallery_index_distance(g, &probe, ROTATIONS, 1003), -1);
    core_gallery_destroy(g);
}
END_TEST

START_TEST(bad_plans_are_einval)
{
    core_template probe;
    core_gallery *g = gallery_and_probe(5, 1001, &probe);
    const core_search_opts *o = &small_opts;
    core_candidate c[3];
    size_t n;
    core_search_plan bad_mode = {(core_search_mode)7, 0};
    core_search_plan bad_radius = {CORE_SEARCH_INDEX, CORE_INDEX_BITS + 1};
    core_search_plan negative = {CORE_SEARCH_INDEX, -1};
    ck_assert_int_eq(core_gallery_search(g, &probe, o, &bad_mode, c, &n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_search(g, &probe, o, &bad_radius, c, &n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_search(g, &probe, o, &negative, c, &n, NULL), CORE_EINVAL);
    ck_assert_int_eq(core_gallery_index_distance(NULL, &probe, ROTATIONS, 1001), -1);
    ck_assert_int_eq(core_gallery_index_distance(g, &probe, 4, 1001), -1);
    ck_assert_uint_eq(core_gallery_index_memory_bytes(NULL), 0);
    ck_assert_uint_ge(core_gallery_index_memory_bytes(g), 5 * CORE_INDEX_BYTES);
    core_gallery_destroy(g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gallery_index");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, mates_within_the_radius_are_found);
    tcase_add_test(tc, deleting_removes_from_results);
    tcase_add_test(tc, results_do_not_depend_on_threads);
    tcase_add_test(tc, every_scan_kernel_keeps_the_same_records);
    tcase_add_test(tc, brute_and_index_agree_on_every_decision);
    tcase_add_test(tc, unusable_probe_falls_back_to_brute_force);
    tcase_add_test(tc, bad_plans_are_einval);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
