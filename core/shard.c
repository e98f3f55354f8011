/* Shards of a 1:N gallery: contiguous blocks of people, and the k-way merge of the shards'
 * best-first candidate lists (see core/shard.h for why the merge equals one big search). */
#include "core/shard.h"
#include "core/status.h"

int core_shard_span(uint64_t total, int shards, int shard, uint64_t *first, uint64_t *count)
{
    if (shards < 1 || shard < 0 || shard >= shards || !first || !count)
        return CORE_EINVAL;
    /* Block sizes floor(total/shards) or one more; the first total % shards get the extra. */
    uint64_t base = total / (uint64_t)shards, extra = total % (uint64_t)shards;
    uint64_t s = (uint64_t)shard;
    *first = s * base + (s < extra ? s : extra);
    *count = base + (s < extra);
    return CORE_OK;
}

int core_shard_owner(uint64_t total, int shards, uint64_t index)
{
    if (shards < 1 || index >= total)
        return -1;
    uint64_t base = total / (uint64_t)shards, extra = total % (uint64_t)shards;
    uint64_t big = extra * (base + 1); /* the first `extra` shards hold base + 1 each */
    if (index < big)
        return (int)(index / (base + 1));
    return (int)(extra + (index - big) / base);
}

/* The same order as the gallery search: lower score first, then lower person id. */
static int before(const core_candidate *a, const core_candidate *b)
{
    if (a->score != b->score)
        return a->score < b->score;
    return a->person_id < b->person_id;
}

static int lists_ok(const core_candidate *const *lists, const size_t *counts, int shards)
{
    for (int s = 0; s < shards; s++) {
        if (counts[s] && !lists[s])
            return 0;
        for (size_t i = 1; i < counts[s]; i++)
            if (before(&lists[s][i], &lists[s][i - 1]))
                return 0;
    }
    return 1;
}

int core_shard_merge(const core_candidate *const *lists, const size_t *counts, int shards,
                     size_t max_candidates, core_candidate *out, size_t *n_out)
{
    if (!n_out || shards < 0 || shards > CORE_SHARD_MAX || (shards > 0 && (!lists || !counts)) ||
        (max_candidates > 0 && !out))
        return CORE_EINVAL;
    *n_out = 0;
    if (!lists_ok(lists, counts, shards))
        return CORE_EINVAL;
    /* Shard counts are small (ranks), so picking the best head by a scan beats a heap;
     * taken[s] is how far list s has been consumed. */
    size_t taken[CORE_SHARD_MAX];
    for (int s = 0; s < shards; s++)
        taken[s] = 0;
    while (*n_out < max_candidates) {
        int best = -1;
        for (int s = 0; s < shards; s++)
            if (taken[s] < counts[s] &&
                (best < 0 || before(&lists[s][taken[s]], &lists[best][taken[best]])))
                best = s;
        if (best < 0)
            break;
        const core_candidate *c = &lists[best][taken[best]++];
        /* Lists are tens long, so a scan for the id costs nothing next to a search. */
        for (size_t i = 0; i < *n_out; i++)
            if (out[i].person_id == c->person_id)
                return CORE_EEXIST;
        out[(*n_out)++] = *c;
    }
    return CORE_OK;
}
