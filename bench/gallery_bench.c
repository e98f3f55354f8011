/* gallery_bench: speed of the biometric core, printed as JSON. A gallery of random templates
 * (256 MiB, beyond the caches; speed does not depend on the bits) is searched with every
 * kernel this CPU supports, 1 and 7 rotations, 1 and 2 threads; each search is set against a
 * plain read of the same bytes measured in between. Also synthesis and 1:1 match costs. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "core/gallery.h"
#include "core/status.h"

#define GALLERY (256 * 1024)
#define REPEATS 5

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median search and plain-read times for one configuration. */
static int measure(core_gallery *g, const core_template *probe, int rotations, int threads,
                   double *search_s, double *read_s)
{
    double s[REPEATS], r[REPEATS];
    core_search_opts o = {rotations, threads, 10, 0.35, NULL, 0};
    core_candidate c[10];
    size_t n;
    uint64_t sum;
    for (int k = 0; k < REPEATS; k++) {
        double t0 = now();
        if (core_gallery_scan(g, threads, &sum) != CORE_OK)
            return 1;
        double t1 = now();
        if (core_gallery_identify(g, probe, &o, c, &n, NULL) != CORE_OK)
            return 1;
        r[k] = t1 - t0;
        s[k] = now() - t1;
    }
    qsort(s, REPEATS, sizeof *s, cmp_double);
    qsort(r, REPEATS, sizeof *r, cmp_double);
    *search_s = s[REPEATS / 2];
    *read_s = r[REPEATS / 2];
    return 0;
}

static void synth_costs(double *person_us, double *capture_us, double *match_us)
{
    enum { N = 2000 };
    core_template base, cap, other;
    double t0 = now();
    for (int i = 0; i < N; i++)
        core_iris_synth_person((uint64_t)i, NULL, &base);
    double t1 = now();
    for (int i = 0; i < N; i++)
        core_iris_synth_capture(&base, (uint64_t)i, NULL, &cap);
    double t2 = now();
    core_iris_synth(12345, 0, NULL, &other);
    double fused;
    for (int i = 0; i < N; i++)
        core_template_match(&cap, &other, 7, &fused, NULL);
    double t3 = now();
    *person_us = (t1 - t0) / N * 1e6;
    *capture_us = (t2 - t1) / N * 1e6;
    *match_us = (t3 - t2) / N * 1e6;
}

/* Per-search threads cost a create and join each; on a small gallery that cost shows. 32,768
 * records is the smallest gallery a search splits over two threads. */
static int spawn_cost(const core_template *probe, double *one_us, double *two_us)
{
    enum { SMALL = 32768, SEARCHES = 50 };
    core_gallery *g;
    if (core_gallery_create(&g, SMALL) != CORE_OK)
        return 1;
    for (uint64_t id = 1; id <= SMALL; id++)
        if (core_gallery_insert(g, id, probe) != CORE_OK)
            return 1;
    double best[2] = {1e9, 1e9};
    for (int rep = 0; rep < 5; rep++)
        for (int threads = 1; threads <= 2; threads++) {
            core_search_opts o = {1, threads, 10, 0.35, NULL, 0};
            core_candidate c[10];
            size_t n;
            double t0 = now();
            for (int k = 0; k < SEARCHES; k++)
                if (core_gallery_identify(g, probe, &o, c, &n, NULL) != CORE_OK)
                    return 1;
            double per = (now() - t0) / SEARCHES;
            best[threads - 1] = per < best[threads - 1] ? per : best[threads - 1];
        }
    *one_us = best[0] * 1e6;
    *two_us = best[1] * 1e6;
    core_gallery_destroy(g);
    return 0;
}

int main(void)
{
    core_gallery *g;
    if (core_gallery_create(&g, GALLERY) != CORE_OK)
        return 1;
    uint64_t x = 0x243f6a8885a308d3ULL;
    core_template t;
    for (uint64_t id = 1; id <= GALLERY; id++) {
        for (int e = 0; e < 2; e++)
            for (int w = 0; w < CORE_IRIS_WORDS; w++) {
                t.eye[e].code[w] = next_random(&x);
                t.eye[e].mask[w] = next_random(&x) | next_random(&x);
            }
        if (core_gallery_insert(g, id, &t) != CORE_OK)
            return 1;
    }
    const char *kernels[] = {"avx512", "avx2", "popcnt", "generic"};
    double bytes = (double)GALLERY * sizeof(core_template);
    printf("{\"gallery\": %d, \"gallery_bytes\": %.0f, \"runs\": [", GALLERY, bytes);
    int first = 1;
    for (int k = 0; k < 4; k++) {
        if (core_gallery_set_kernel(g, kernels[k]) != CORE_OK)
            continue; /* not on this CPU */
        for (int rotations = 1; rotations <= 7; rotations += 6)
            for (int threads = 1; threads <= 2; threads++) {
                double search_s, read_s;
                if (measure(g, &t, rotations, threads, &search_s, &read_s))
                    return 1;
                printf("%s\n  {\"kernel\": \"%s\", \"rotations\": %d, \"threads\": %d, "
                       "\"search_ms\": %.2f, \"read_ms\": %.2f, \"comparisons_per_s\": %.4g, "
                       "\"bandwidth_ratio\": %.3f}", first ? "" : ",", kernels[k], rotations,
                       threads, 1e3 * search_s, 1e3 * read_s,
                       GALLERY * 2.0 * rotations / search_s, read_s / search_s);
                first = 0;
            }
    }
    double person_us, capture_us, match_us, one_us, two_us;
    synth_costs(&person_us, &capture_us, &match_us);
    if (spawn_cost(&t, &one_us, &two_us))
        return 1;
    printf("\n ],\n \"gallery_32768_1rot_us\": {\"threads_1\": %.1f, \"threads_2\": %.1f},\n"
           " \"synth_person_us\": %.1f, \"synth_capture_us\": %.1f, "
           "\"match_1to1_both_eyes_7_rotations_us\": %.2f}\n", one_us, two_us, person_us,
           capture_us, match_us);
    core_gallery_destroy(g);
    return 0;
}
