/* The in-memory gallery and 1:N identification.
 * Templates are stored contiguously and 64-byte aligned; a search compares the probe, in every
 * rotation, against each record while that record is in cache, so each gallery record is read
 * from memory once per probe. The popcount kernel is chosen at run time (AVX-512 VPOPCNTDQ,
 * AVX2, portable 64-bit). Scores are fractional Hamming distances: 0 is identical, about 0.5
 * is unrelated; lower is a better match. */
#ifndef CORE_GALLERY_H
#define CORE_GALLERY_H

#include <stddef.h>
#include <stdint.h>
#include "core/iris.h"

typedef struct core_gallery core_gallery;

typedef struct core_candidate {
    uint64_t person_id;
    double score;        /* fused over both eyes: lower is a better match */
    double eye_score[2]; /* per eye, best over rotations; 1.0 when the eye was unusable */
} core_candidate;

typedef struct core_search_opts {
    int rotations;          /* odd, >= 1; 7 means -3..+3 steps. 0 = CORE_IRIS_DEFAULT_ROTATIONS */
    int threads;            /* worker threads for one search; 0 or 1 = the calling thread */
    size_t max_candidates;  /* at most this many, best first */
    double report_below;    /* only candidates with score < this are returned (e.g. 0.40) */
    const uint64_t *only;   /* optional candidate list (person ids) to search instead of all */
    size_t only_count;
} core_search_opts;

/* Creates an empty gallery; capacity_hint preallocates room for that many templates.
 * Returns CORE_OK or CORE_ENOMEM. The caller owns *out and frees it with _destroy. */
int core_gallery_create(core_gallery **out, size_t capacity_hint);
void core_gallery_destroy(core_gallery *g);

/* Copies t into the gallery under person_id. CORE_EEXIST if the id is present. */
int core_gallery_insert(core_gallery *g, uint64_t person_id, const core_template *t);
/* CORE_ENOTFOUND if absent. Deletion moves the last record into the hole (O(1)). */
int core_gallery_delete(core_gallery *g, uint64_t person_id);
size_t core_gallery_count(const core_gallery *g);

/* Searches probe against the gallery (or opts->only) by brute force; core_gallery_search in
 * core/gallery_index.h can use the index instead. Writes up to opts->max_candidates
 * candidates to out, best (lowest score) first, and their number to *n_out; *comparisons gets
 * the number of template comparisons made (records x rotations x usable eyes), the work the
 * simulator turns into time. Safe to call from several threads at once on a gallery that is
 * not being modified. Returns CORE_OK, CORE_EINVAL or CORE_ENOMEM. */
int core_gallery_identify(const core_gallery *g, const core_template *probe,
                          const core_search_opts *opts, core_candidate *out, size_t *n_out,
                          uint64_t *comparisons);

/* Searches n_probes probes (1..CORE_GALLERY_MAX_BATCH) by brute force (never the index) in
 * one pass over the gallery: each record is read from memory once and compared with every
 * probe while it is in cache, so k probes cost less than k searches when the search is bound
 * by memory bandwidth (about the same when it is bound by the popcount work). The
 * results equal k calls of core_gallery_identify with the same opts: probe i's candidates are
 * out[i * opts->max_candidates ...] (out holds n_probes x max_candidates), their number
 * n_out[i]; *comparisons is the sum. Same return codes and thread rules as identify. */
#define CORE_GALLERY_MAX_BATCH 256
int core_gallery_identify_batch(const core_gallery *g, const core_template *probes,
                                size_t n_probes, const core_search_opts *opts,
                                core_candidate *out, size_t *n_out, uint64_t *comparisons);

/* ---- Added by the biometrics module (core/gallery.c, core/gallery_search.c) ---------------
 * Search details: a candidate is returned only if score < report_below (so 0 returns none);
 * opts->only ids missing from the gallery are skipped and repeats count once, and a non-NULL
 * list with only_count 0 searches nobody; ties in score order by person id.
 * Memory: each record takes sizeof(core_template) = 1,024 bytes plus its 8-byte id plus a
 * 16-byte slot of the id index (table a power of two, at least twice the capacity): 1,067
 * bytes at 1 M and 1,086 at 10 M, so 10 million people need 10.9 GB (10.1 GiB), well inside
 * 24 GiB. Growth allocates 1.5x and copies, so pass a capacity_hint for big galleries (peak
 * 2.5x during one growth step otherwise). Record arrays of 64 MiB and more sit on 2 MiB
 * transparent huge pages where the OS allows. */

/* Searches keep each thread's best max_candidates in a sorted array: meant for small lists
 * (tens); a huge max_candidates with a lax report_below makes a search O(N x K). Searches split
 * over threads only from 16,384 records per thread, since a thread costs ~50-100 us. */

/* Bytes the gallery holds allocated now (records, ids, index), for memory accounting. */
size_t core_gallery_memory_bytes(const core_gallery *g);

/* The stored template of person_id, or NULL. Valid until the gallery is next modified. */
const core_template *core_gallery_find(const core_gallery *g, uint64_t person_id);

/* The popcount kernel searches use: "avx512", "avx2", "popcnt" or "generic". A new gallery
 * takes the best the CPU supports; _set_kernel picks another (for tests and benchmarks) and
 * returns CORE_ENOTFOUND if the name is unknown or the CPU lacks it. Not thread-safe
 * against concurrent searches. */
const char *core_gallery_kernel(const core_gallery *g);
int core_gallery_set_kernel(core_gallery *g, const char *name);

/* Reads every stored template byte once, split over threads like a search, and XORs them into
 * *checksum: the memory-bandwidth bound a search is compared with. CORE_OK or CORE_EINVAL. */
int core_gallery_scan(const core_gallery *g, int threads, uint64_t *checksum);

#endif
