/* The gallery's sketch index: a short candidate list per probe, so the exact masked,
 * rotation-compensated Hamming distance is computed for a few records instead of all.
 *
 * Method (filter and refine; docs/index.md says why and what it costs in missed mates).
 * Every record carries a sketch of CORE_INDEX_BITS bits, CORE_INDEX_BITS / 2 per eye: for
 * 32 angles spread round the iris and both phase bits, the majority vote of the valid code
 * bits of the five inner rings. Capture noise flips bits independently while the texture is
 * shared by neighbouring rings, so two captures of one eye disagree on far fewer sketch bits
 * (about 0.19 of them at a genuine mean score of 0.20) than on single code bits (0.28), while
 * two people still disagree on half. The sketch is written when a person is inserted and
 * moves with the record when one is deleted: the index is never rebuilt, and it is rebuilt
 * for free wherever a gallery is (a registry opening fills its gallery by inserting).
 * A search in index mode
 *   1. takes the probe's sketch at every rotation the exact search tries;
 *   2. scans all sketches: a record's sketch distance is, summed over both eyes, the fewest
 *      disagreeing sketch bits over those rotations (each eye picks its own rotation, as the
 *      exact matcher does);
 *   3. compares exactly, as brute force would, only the records whose sketch distance is at
 *      most the radius.
 * The guarantee: every record within the radius of the probe is scored exactly, so it is
 * returned whenever a brute-force search would return it. A probe eye with fewer than half of
 * its sketch positions seen by any valid bit counts as twice the other eye's distance; with
 * neither eye usable the search falls back to brute force.
 * The scan still reads every sketch (16 bytes per person, 1/64 of a template), so its cost
 * grows with the gallery like brute force, at a small fraction of it. */
#ifndef CORE_GALLERY_INDEX_H
#define CORE_GALLERY_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "core/gallery.h"

#define CORE_INDEX_WORDS_PER_EYE 1  /* 32 angles x 2 phases per eye */
#define CORE_INDEX_WORDS (2 * CORE_INDEX_WORDS_PER_EYE)
#define CORE_INDEX_BITS (64 * CORE_INDEX_WORDS) /* 128 over both eyes */
#define CORE_INDEX_BYTES (8 * CORE_INDEX_WORDS)  /* per record */
/* Of 128 bits: the least radius that finds 99.5% of the mates brute force finds with 95%
 * confidence at genuine mean 0.20 (5 M people, docs/index.md), at 26x less wall time. */
#define CORE_INDEX_DEFAULT_RADIUS 44

/* What one search did. Work is counted in the unit the simulator turns into time: one exact
 * comparison of one eye at one rotation. The scan of one sketch is charged
 * CORE_INDEX_SCAN_WORK_PER_1000 / 1000 of those: its cost relative to an exact comparison,
 * measured with the AVX2 kernels at 5 M people (4.0 ns per sketch against 14.0 ns per
 * comparison on 2 threads, docs/index.md), so work follows wall time in both modes. */
typedef struct core_search_stats {
    uint64_t comparisons; /* exact: records compared x rotations x usable probe eyes */
    uint64_t scanned;     /* sketches scanned (0 in brute mode or after a fallback) */
    uint64_t candidates;  /* records compared exactly */
    uint64_t work;        /* comparisons + scan charge: what core_gallery_identify reports */
    int fell_back;        /* 1 if index mode searched by brute force (no usable probe eye) */
} core_search_stats;

#define CORE_INDEX_SCAN_WORK_PER_1000 290

/* stats.work from its parts: comparisons plus the scan's charge, rounded up. Searches split
 * over shards add their comparisons and scanned counts and apply this once, so the total is
 * the one a single search over the whole gallery reports. */
uint64_t core_search_work(uint64_t comparisons, uint64_t scanned);

/* How a search finds who to compare exactly: every record (the reference), or only the
 * candidates the sketch index lets through. */
typedef enum core_search_mode { CORE_SEARCH_BRUTE = 0, CORE_SEARCH_INDEX = 1 } core_search_mode;

typedef struct core_search_plan {
    core_search_mode mode;
    int radius; /* index mode: sketch bits that may differ, 1..CORE_INDEX_BITS;
                   0 = CORE_INDEX_DEFAULT_RADIUS */
} core_search_plan;

/* The successor of core_gallery_identify: the same search, in the mode plan chooses (NULL
 * means brute force), with the full account of the work in *stats (may be NULL). Same return
 * codes and thread safety; opts->only, when given, is searched as is in either mode. Results
 * do not depend on opts->threads in either mode. CORE_EINVAL also for an unknown mode or a
 * radius outside 0..CORE_INDEX_BITS. core_gallery_identify(g, p, o, c, n, cmp) is this with
 * plan NULL and *cmp = stats.work. */
int core_gallery_search(const core_gallery *g, const core_template *probe,
                        const core_search_opts *opts, const core_search_plan *plan,
                        core_candidate *out, size_t *n_out, core_search_stats *stats);

/* Bytes the index holds allocated now (the sketches), apart from core_gallery_memory_bytes. */
size_t core_gallery_index_memory_bytes(const core_gallery *g);

/* The sketch distance of a stored person to probe (the number step 3 compares with the
 * radius), for tests and diagnostics: 0..CORE_INDEX_BITS, or -1 if the person is absent or
 * no probe eye is usable. rotations as in core_search_opts (0 = default). */
int core_gallery_index_distance(const core_gallery *g, const core_template *probe,
                                int rotations, uint64_t person_id);

#endif
