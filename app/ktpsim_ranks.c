/* ktpsim under `mpirun`: joins the job, keeps every rank but 0 quiet on stdout, and runs
 * `run` and `compare` replications spread over the ranks (cluster/cluster_run.h). Without a
 * launcher none of this calls MPI and the commands run exactly as in one process. */
#include "app/ktpsim_ranks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cluster/cluster.h"
#include "cluster/cluster_run.h"

int ktpsim_ranks_start(void)
{
    if (!cluster_launched())
        return 0;
    int rank, ranks;
    if (cluster_start(NULL, NULL, &rank, &ranks) != CLUSTER_OK) {
        fprintf(stderr, "ktpsim: cannot join the MPI job\n");
        return -1;
    }
    /* One table, one set of lines: the others' stdout would repeat rank 0's. */
    if (rank != 0 && freopen("/dev/null", "w", stdout) == NULL)
        return -1;
    return 0;
}

void ktpsim_ranks_finish(void)
{
    cluster_finish();
}

int ktpsim_ranks_count(void)
{
    int rank, ranks;
    return cluster_world(&rank, &ranks) == CLUSTER_OK ? ranks : 1;
}

bool ktpsim_ranks_root(void)
{
    int rank, ranks;
    return cluster_world(&rank, &ranks) != CLUSTER_OK || rank == 0;
}

bool ktpsim_ranks_all_ok(bool ok)
{
    int failed = 0;
    if (cluster_agree_max(!ok, &failed) != CLUSTER_OK)
        return false;
    return !failed;
}

void ktpsim_ranks_out_dir(const char *dir)
{
    /* Only embedded runs write here from every rank (their registries); rank 0 prepared it,
     * and on a shared file system it exists already. A failure shows when the registry
     * cannot be opened. */
    if (!ktpsim_ranks_root())
        mkdir(dir, 0777);
}

/* Runs and moves every replication of the batches to rank 0. */
static int spread(run_batch *const *batches, int count, int replications, char *why,
                  size_t why_size)
{
    int rc = cluster_run_spread(batches, count, replications, why, why_size);
    return rc == CLUSTER_OK ? 0 : -1;
}

int ktpsim_ranks_run(const scenario *s, const run_options *options, summary *out, char *why,
                     size_t why_size)
{
    run_batch *b = NULL;
    memset(out, 0, sizeof *out);
    if (run_batch_create(s, options, &b) != 0) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    int status = spread(&b, 1, options->replications, why, why_size);
    if (status == 0 && ktpsim_ranks_root())
        status = run_batch_reduce(b, out, why, why_size);
    run_batch_destroy(b);
    return status;
}

int ktpsim_ranks_compare(const scenario *const s[2], const run_options *options,
                         summary *results, char *why, size_t why_size)
{
    run_batch *b[2] = {NULL, NULL};
    int reps = options->replications, status = -1;
    snprintf(why, why_size, "out of memory");
    if (run_batch_create(s[0], options, &b[0]) == 0 &&
        run_batch_create(s[1], options, &b[1]) == 0)
        status = spread(b, 2, reps, why, why_size);
    /* results[which x reps + rep], as the single-process compare fills them */
    for (int k = 0; status == 0 && ktpsim_ranks_root() && k < 2 * reps; k++)
        status = run_batch_reduce_one(b[k / reps], k % reps, &results[k], why, why_size);
    run_batch_destroy(b[0]);
    run_batch_destroy(b[1]);
    return status;
}
