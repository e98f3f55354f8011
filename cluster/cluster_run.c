/* Spreading replications over ranks: round-robin items, local runs first, then one header
 * (status, size, reason) and one payload (the packed replication) per item to rank 0. Messages
 * from one rank keep their order, so rank 0 receives in item order without tags per item. */
#include "cluster/cluster_run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"

enum { TAG_HEADER = 1, TAG_PAYLOAD = 2 };

typedef struct item_header {
    int32_t status; /* 0 ran, -1 failed */
    uint64_t size;  /* payload bytes that follow when status is 0 */
    char why[256];
} item_header;

/* This rank's replications of batch `which`, ascending. */
static int *items_of(int rank, int ranks, int which, int batches, int replications, int *count)
{
    int *list = malloc(((size_t)replications + 1) * sizeof *list);
    *count = 0;
    for (int r = 0; list && r < replications; r++)
        if (((long long)r * batches + which) % ranks == rank)
            list[(*count)++] = r;
    return list;
}

static int run_mine(run_batch *const *batches, int batch_count, int replications, int rank,
                    int ranks)
{
    for (int b = 0; b < batch_count; b++) {
        int count;
        int *list = items_of(rank, ranks, b, batch_count, replications, &count);
        if (!list)
            return CLUSTER_ENOMEM;
        char why[256];
        /* A failure is kept per replication (run_batch_failure) and reported with it. */
        run_batch_run(batches[b], list, count, why, sizeof why);
        free(list);
    }
    return CLUSTER_OK;
}

static int send_item(const run_batch *b, int replication)
{
    item_header h;
    memset(&h, 0, sizeof h);
    void *bytes = NULL;
    size_t size = 0;
    const char *failure = run_batch_failure(b, replication);
    if (failure) {
        h.status = -1;
        snprintf(h.why, sizeof h.why, "%s", failure);
    } else if (run_batch_pack(b, replication, &bytes, &size) != 0) {
        h.status = -1;
        snprintf(h.why, sizeof h.why, "out of memory packing its results");
    }
    h.size = size;
    int rc = cluster_send(&h, sizeof h, 0, TAG_HEADER);
    if (rc == CLUSTER_OK && h.status == 0)
        rc = cluster_send(bytes, size, 0, TAG_PAYLOAD);
    free(bytes);
    return rc;
}

/* Rank 0: the item's result from `from`; a failed item fills why (the first one only). */
static int receive_item(run_batch *b, int replication, int from, int *failed, char *why,
                        size_t why_size)
{
    item_header h;
    int rc = cluster_receive(&h, sizeof h, from, TAG_HEADER);
    if (rc != CLUSTER_OK)
        return rc;
    h.why[sizeof h.why - 1] = '\0';
    char reason[256] = "";
    if (h.status == 0) {
        void *bytes = malloc(h.size ? h.size : 1);
        if (!bytes)
            return CLUSTER_ENOMEM;
        rc = cluster_receive(bytes, h.size, from, TAG_PAYLOAD);
        if (rc == CLUSTER_OK &&
            run_batch_unpack(b, replication, bytes, h.size, reason, sizeof reason) != 0)
            h.status = -1;
        free(bytes);
        snprintf(h.why, sizeof h.why, "%s", reason);
    }
    if (rc == CLUSTER_OK && h.status != 0 && !*failed) {
        *failed = 1;
        snprintf(why, why_size, "replication %d failed on rank %d: %s", replication, from,
                 h.why);
    }
    return rc;
}

int cluster_run_spread(run_batch *const *batches, int batch_count, int replications,
                       char *why, size_t why_size)
{
    int rank, ranks;
    if (!batches || batch_count < 1 || replications < 1 ||
        cluster_world(&rank, &ranks) != CLUSTER_OK)
        return CLUSTER_EINVAL;
    int rc = run_mine(batches, batch_count, replications, rank, ranks);
    int failed = 0;
    long long items = (long long)replications * batch_count;
    for (long long k = 0; rc == CLUSTER_OK && k < items; k++) {
        int owner = (int)(k % ranks), which = (int)(k % batch_count);
        int replication = (int)(k / batch_count);
        if (rank != 0 && owner == rank)
            rc = send_item(batches[which], replication);
        else if (rank == 0 && owner != 0)
            rc = receive_item(batches[which], replication, owner, &failed, why, why_size);
        else if (rank == 0 && !failed && run_batch_failure(batches[which], replication)) {
            failed = 1;
            snprintf(why, why_size, "replication %d failed on rank 0: %s", replication,
                     run_batch_failure(batches[which], replication));
        }
    }
    if (rc != CLUSTER_OK)
        snprintf(why, why_size, "%s", cluster_strerror(rc));
    return rc != CLUSTER_OK ? rc : failed ? CLUSTER_ESHARD : CLUSTER_OK;
}
