/* The plan's exchange over MPI: one all-gather per batch of replications. Each rank sends a
 * block of the same size: its status, its reason, and its values column by column in
 * ascending replication order (padded to the largest rank's count). */
#include "cluster/cluster_plan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"

typedef struct block_head {
    int32_t failed;
    char why[256];
} block_head;

/* The values start at a multiple of 8 bytes, so every block's doubles are aligned. */
#define HEAD_BYTES ((sizeof(block_head) + 7) / 8 * 8)

/* Replications of [from, to) that rank q of `ranks` runs: the k-th is first + k x ranks. */
static int first_of(int q, int ranks, int from)
{
    return from + ((q - from % ranks) % ranks + ranks) % ranks;
}

static int exchange(void *ctx, double *values, size_t rows, size_t stride, int from, int to,
                    int failed, char *why, size_t why_size)
{
    (void)ctx;
    int rank, ranks;
    if (cluster_world(&rank, &ranks) != CLUSTER_OK) {
        snprintf(why, why_size, "%s", cluster_strerror(CLUSTER_EMPI));
        return -1;
    }
    size_t per = (size_t)(to - from + ranks - 1) / (size_t)ranks;
    size_t bytes = HEAD_BYTES + rows * per * sizeof(double);
    unsigned char *mine = calloc(1, bytes), *all = calloc((size_t)ranks, bytes);
    int status = mine && all ? CLUSTER_OK : CLUSTER_ENOMEM;
    if (status == CLUSTER_OK) {
        block_head head = {failed != 0, ""};
        if (failed)
            snprintf(head.why, sizeof head.why, "%s", why);
        memcpy(mine, &head, sizeof head);
        double *out = (double *)(mine + HEAD_BYTES);
        size_t k = 0;
        for (int r = first_of(rank, ranks, from); r < to; r += ranks, k++)
            for (size_t t = 0; t < rows; t++)
                out[k * rows + t] = values[t * stride + (size_t)r];
        status = cluster_share(mine, bytes, all);
    }
    int result = 0;
    for (int q = 0; status == CLUSTER_OK && q < ranks; q++) {
        block_head head;
        memcpy(&head, all + (size_t)q * bytes, sizeof head);
        head.why[sizeof head.why - 1] = '\0';
        if (head.failed && result == 0) {
            snprintf(why, why_size, "a replication failed on rank %d: %s", q, head.why);
            result = -1;
        }
        const double *in = (const double *)(all + (size_t)q * bytes + HEAD_BYTES);
        size_t k = 0;
        for (int r = first_of(q, ranks, from); r < to; r += ranks, k++)
            for (size_t t = 0; t < rows; t++)
                values[t * stride + (size_t)r] = in[k * rows + t];
    }
    free(mine);
    free(all);
    if (status != CLUSTER_OK) {
        snprintf(why, why_size, "%s", cluster_strerror(status));
        return -1;
    }
    return result;
}

int cluster_plan_share(plan_share *out)
{
    int rank, ranks;
    int rc = cluster_world(&rank, &ranks);
    *out = (plan_share){rank, ranks, exchange, NULL};
    return rc;
}
