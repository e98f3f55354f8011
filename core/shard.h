/* A 1:N gallery split into shards (one per process or machine): which people each shard
 * holds, and the merge of the shards' candidate lists into the list one search over the whole
 * gallery would have returned. No communication here: the caller (an MPI layer, a service)
 * moves probes and lists between shards; this module only says what to send and how to join.
 *
 * Why the merge is exact: core_gallery_identify returns the best max_candidates of its gallery
 * ordered by (score, person id), and a record's score does not depend on what else the gallery
 * holds. The best K of the whole gallery are therefore among the union of every shard's best
 * K, and sorting that union by the same key and keeping K gives the same list, tie for tie,
 * as one search over everything, for any number of shards and any shard order. */
#ifndef CORE_SHARD_H
#define CORE_SHARD_H

#include <stddef.h>
#include <stdint.h>
#include "core/gallery.h"

#define CORE_SHARD_MAX 4096 /* shards one merge accepts */

/* The people of shard `shard` (0-based, < shards) when `total` people numbered 0..total-1 are
 * split into `shards` contiguous blocks whose sizes differ by at most one: [*first, *first +
 * *count). Every person falls in exactly one shard. CORE_OK, or CORE_EINVAL (shards < 1, shard
 * out of range, NULL outputs). Pure. */
int core_shard_span(uint64_t total, int shards, int shard, uint64_t *first, uint64_t *count);

/* The shard that holds person index `index` (< total) under core_shard_span's split, or -1 if
 * index >= total or shards < 1. Pure. */
int core_shard_owner(uint64_t total, int shards, uint64_t index);

/* Merges shard lists into the best `max_candidates`, ordered by (score, person id) exactly as
 * core_gallery_identify orders them. lists[s] holds counts[s] candidates (each list as returned
 * by a search of shard s with the same options, best first; lists may be NULL when their count
 * is 0). Writes at most max_candidates to out and their number to *n_out. Allocates nothing;
 * the order of the shards does not change the result. Shards must not overlap: a person id
 * that would enter the result twice returns CORE_EEXIST. Otherwise CORE_OK or CORE_EINVAL
 * (NULL arguments, shards < 0 or > CORE_SHARD_MAX, a list not sorted best first).
 * Thread-safe on distinct outputs. */
int core_shard_merge(const core_candidate *const *lists, const size_t *counts, int shards,
                     size_t max_candidates, core_candidate *out, size_t *n_out);

#endif
