/* Tests of the sharded gallery (core/shard.h): the split covers every person once, and
 * searching 1, 2 or 3 shards and merging gives the candidate lists and dedup decisions of one
 * search over the whole gallery, including a mate in the last shard and ties across shards. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core/dedup.h"
#include "core/gallery.h"
#include "core/shard.h"
#include "core/status.h"
#include "tests/check_run.h"

#define PEOPLE 301 /* not a multiple of 2 or 3, so shard sizes differ */
#define K 6

/* Person index i (0-based) has id 1000 + 7 i: ids not equal to indices, as in a registry. */
static uint64_t person_id(uint64_t index)
{
    return 1000 + 7 * index;
}

/* Synthesis dominates the suite's time (under the sanitizers most of all), so each person is
 * made once per test process (Check forks per test) and copied from then on. */
static void person(uint64_t index, core_template *t)
{
    static core_template made[PEOPLE];
    static int done[PEOPLE];
    if (!done[index]) {
        ck_assert_int_eq(core_iris_synth(0x5eed0000ULL + index, 0, NULL, &made[index]), CORE_OK);
        done[index] = 1;
    }
    *t = made[index];
}

/* The whole gallery and its split into `shards` galleries; twins[] lists extra people given
 * the template of another (index pairs), so equal scores fall in different shards. */
typedef struct split {
    core_gallery *whole, *part[3];
    int shards;
} split;

static const uint64_t twins[][2] = {{PEOPLE - 1, 3}, {150, 3}, {151, 299}};

static void add(core_gallery *g, uint64_t index)
{
    core_template t;
    uint64_t source = index;
    for (size_t k = 0; k < sizeof twins / sizeof twins[0]; k++)
        if (twins[k][0] == index)
            source = twins[k][1];
    person(source, &t);
    ck_assert_int_eq(core_gallery_insert(g, person_id(index), &t), CORE_OK);
}

static void split_make(split *s, int shards)
{
    s->shards = shards;
    ck_assert_int_eq(core_gallery_create(&s->whole, PEOPLE), CORE_OK);
    for (uint64_t i = 0; i < PEOPLE; i++)
        add(s->whole, i);
    for (int p = 0; p < shards; p++) {
        uint64_t first, count;
        ck_assert_int_eq(core_shard_span(PEOPLE, shards, p, &first, &count), CORE_OK);
        ck_assert_int_eq(core_gallery_create(&s->part[p], count), CORE_OK);
        for (uint64_t i = first; i < first + count; i++)
            add(s->part[p], i);
    }
}

static void split_free(split *s)
{
    core_gallery_destroy(s->whole);
    for (int p = 0; p < s->shards; p++)
        core_gallery_destroy(s->part[p]);
}

/* Searches every shard, merges (shards in the order given), and checks the result equals the
 * whole search field by field and gives the same dedup decision. Returns the merged list. */
static size_t check_probe(const split *s, const core_template *probe, const int *order,
                          core_candidate *merged)
{
    core_search_opts o = {0, 1, K, 0.47, NULL, 0};
    core_candidate whole[K], lists[3][K];
    size_t n_whole, n[3], n_merged;
    uint64_t comparisons, sum = 0, c;
    ck_assert_int_eq(core_gallery_identify(s->whole, probe, &o, whole, &n_whole, &comparisons),
                     CORE_OK);
    const core_candidate *heads[3];
    size_t counts[3];
    for (int k = 0; k < s->shards; k++) {
        int p = order[k];
        ck_assert_int_eq(core_gallery_identify(s->part[p], probe, &o, lists[p], &n[p], &c),
                         CORE_OK);
        sum += c;
        heads[k] = lists[p];
        counts[k] = n[p];
    }
    ck_assert_uint_eq(sum, comparisons); /* the work divides, it does not grow */
    ck_assert_int_eq(core_shard_merge(heads, counts, s->shards, K, merged, &n_merged), CORE_OK);
    ck_assert_uint_eq(n_merged, n_whole);
    for (size_t i = 0; i < n_whole; i++) {
        ck_assert_uint_eq(merged[i].person_id, whole[i].person_id);
        ck_assert(merged[i].score == whole[i].score);
        ck_assert(merged[i].eye_score[0] == whole[i].eye_score[0]);
        ck_assert(merged[i].eye_score[1] == whole[i].eye_score[1]);
    }
    core_dedup_config cfg;
    core_dedup_config_default(&cfg);
    core_dedup_evidence ev_whole = {2, whole, n_whole, 0, NULL, 0};
    core_dedup_evidence ev_merged = {2, merged, n_merged, 0, NULL, 0};
    core_decision d_whole, d_merged;
    memset(&d_whole, 0, sizeof d_whole);
    memset(&d_merged, 0, sizeof d_merged);
    ck_assert_int_eq(core_dedup_decide(&cfg, &ev_whole, &d_whole), CORE_OK);
    ck_assert_int_eq(core_dedup_decide(&cfg, &ev_merged, &d_merged), CORE_OK);
    ck_assert_int_eq(d_merged.outcome, d_whole.outcome);
    ck_assert_uint_eq(d_merged.person_id, d_whole.person_id);
    ck_assert_str_eq(d_merged.reason, d_whole.reason);
    return n_merged;
}

START_TEST(span_covers_everyone_once)
{
    const uint64_t totals[] = {0, 1, 2, 5, 301, 2000000};
    for (size_t t = 0; t < sizeof totals / sizeof totals[0]; t++)
        for (int shards = 1; shards <= 7; shards++) {
            uint64_t next = 0, smallest = UINT64_MAX, largest = 0;
            for (int p = 0; p < shards; p++) {
                uint64_t first, count;
                ck_assert_int_eq(core_shard_span(totals[t], shards, p, &first, &count),
                                 CORE_OK);
                ck_assert_uint_eq(first, next); /* contiguous, in shard order */
                next = first + count;
                smallest = count < smallest ? count : smallest;
                largest = count > largest ? count : largest;
                if (count) {
                    ck_assert_int_eq(core_shard_owner(totals[t], shards, first), p);
                    ck_assert_int_eq(core_shard_owner(totals[t], shards, first + count - 1), p);
                }
            }
            ck_assert_uint_eq(next, totals[t]);
            ck_assert_uint_le(largest - smallest, 1);
            ck_assert_int_eq(core_shard_owner(totals[t], shards, totals[t]), -1);
        }
}
END_TEST

START_TEST(one_two_three_shards_equal_the_whole_gallery)
{
    for (int shards = 1; shards <= 3; shards++) {
        split s;
        split_make(&s, shards);
        const int forward[3] = {0, 1, 2}, backward[3] = {2, 1, 0}, mixed[3] = {1, 2, 0};
        const int *orders[3] = {forward, shards == 3 ? backward : forward,
                                shards == 3 ? mixed : forward};
        for (uint64_t q = 0; q < 40; q++) {
            core_template probe;
            /* Even q: a new capture of an enrolled person; odd q: someone never enrolled. */
            ck_assert_int_eq(core_iris_synth(0x5eed0000ULL + (q % 2 ? 100000 + q : q * 7),
                                             q % 2 ? 0 : 1 + (uint32_t)q, NULL, &probe),
                             CORE_OK);
            core_candidate merged[K];
            size_t n = check_probe(&s, &probe, orders[q % 3], merged);
            if (q % 2 == 0) {
                ck_assert_uint_ge(n, 1);
                ck_assert_uint_eq(merged[0].person_id, person_id(q * 7));
            }
        }
        split_free(&s);
    }
}
END_TEST

START_TEST(mate_in_the_last_shard_is_found)
{
    for (int shards = 1; shards <= 3; shards++) {
        split s;
        split_make(&s, shards);
        uint64_t first, count;
        ck_assert_int_eq(core_shard_span(PEOPLE, shards, shards - 1, &first, &count), CORE_OK);
        uint64_t last = first + count - 3; /* 300 and 299 have twins: take one without */
        ck_assert_int_eq(core_shard_owner(PEOPLE, shards, last), shards - 1);
        core_template probe;
        ck_assert_int_eq(core_iris_synth(0x5eed0000ULL + last, 9, NULL, &probe), CORE_OK);
        const int order[3] = {0, 1, 2};
        core_candidate merged[K];
        ck_assert_uint_ge(check_probe(&s, &probe, order, merged), 1);
        ck_assert_uint_eq(merged[0].person_id, person_id(last));
        ck_assert_double_lt(merged[0].score, 0.30);
        split_free(&s);
    }
}
END_TEST

/* People 3, 150 and 300 share one template (shards 0, 1 and 2 of three), as do 151 and 299:
 * equal scores across shards must order by person id, also where the list is cut. */
START_TEST(ties_across_shards_break_by_person_id)
{
    for (int shards = 1; shards <= 3; shards++) {
        split s;
        split_make(&s, shards);
        core_template probe;
        person(3, &probe); /* the enrolled template itself: three exact ties at score 0 */
        const int backward[3] = {2, 0, 1}, forward[3] = {0, 1, 2};
        const int *order = shards == 3 ? backward : forward;
        core_candidate merged[K];
        ck_assert_uint_ge(check_probe(&s, &probe, order, merged), 3);
        ck_assert_uint_eq(merged[0].person_id, person_id(3));
        ck_assert_uint_eq(merged[1].person_id, person_id(150));
        ck_assert_uint_eq(merged[2].person_id, person_id(PEOPLE - 1));
        ck_assert(merged[0].score == merged[2].score);
        /* Cut inside the tie: max_candidates 2 keeps the two lowest ids. */
        core_candidate two[2];
        size_t n_two, counts[1] = {3};
        const core_candidate *one_list[1] = {merged};
        ck_assert_int_eq(core_shard_merge(one_list, counts, 1, 2, two, &n_two), CORE_OK);
        ck_assert_uint_eq(n_two, 2);
        ck_assert_uint_eq(two[1].person_id, person_id(150));
        person(299, &probe); /* held by 299 and, as its twin, by 151 */
        ck_assert_uint_ge(check_probe(&s, &probe, order, merged), 2);
        ck_assert_uint_eq(merged[0].person_id, person_id(151));
        ck_assert_uint_eq(merged[1].person_id, person_id(299));
        split_free(&s);
    }
}
END_TEST

START_TEST(bad_input_is_rejected)
{
    core_candidate a[2] = {{5, 0.2, {0.2, 0.2}}, {6, 0.3, {0.3, 0.3}}};
    core_candidate b[2] = {{7, 0.4, {0.4, 0.4}}, {5, 0.2, {0.2, 0.2}}}; /* not sorted */
    core_candidate out[4];
    size_t n, counts[2] = {2, 2};
    const core_candidate *sorted_and_not[2] = {a, b}, *twice[2] = {a, a};
    ck_assert_int_eq(core_shard_merge(sorted_and_not, counts, 2, 4, out, &n), CORE_EINVAL);
    ck_assert_int_eq(core_shard_merge(twice, counts, 2, 4, out, &n), CORE_EEXIST);
    ck_assert_int_eq(core_shard_merge(twice, counts, 2, 4, NULL, &n), CORE_EINVAL);
    ck_assert_int_eq(core_shard_merge(twice, counts, -1, 4, out, &n), CORE_EINVAL);
    ck_assert_int_eq(core_shard_merge(twice, counts, CORE_SHARD_MAX + 1, 4, out, &n),
                     CORE_EINVAL);
    ck_assert_int_eq(core_shard_merge(NULL, NULL, 0, 4, out, &n), CORE_OK);
    ck_assert_uint_eq(n, 0);
    uint64_t first, count;
    ck_assert_int_eq(core_shard_span(10, 0, 0, &first, &count), CORE_EINVAL);
    ck_assert_int_eq(core_shard_span(10, 2, 2, &first, &count), CORE_EINVAL);
    ck_assert_int_eq(core_shard_span(10, 2, -1, &first, &count), CORE_EINVAL);
    ck_assert_int_eq(core_shard_span(10, 2, 0, NULL, &count), CORE_EINVAL);
    ck_assert_int_eq(core_shard_owner(10, 0, 1), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shard");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, span_covers_everyone_once);
    tcase_add_test(tc, one_two_three_shards_equal_the_whole_gallery);
    tcase_add_test(tc, mate_in_the_last_shard_is_found);
    tcase_add_test(tc, ties_across_shards_break_by_person_id);
    tcase_add_test(tc, bad_input_is_rejected);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
