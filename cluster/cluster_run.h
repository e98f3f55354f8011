/* Replications spread over the ranks of an MPI job (`mpirun -np N ktpsim run|compare`).
 * Work item k of a job of `batches` run_batches and `replications` replications each is
 * replication k / batches of batch k % batches; rank k % N runs it. Every rank runs all of
 * its items first (on its own threads), then sends each result to rank 0 as the bytes of
 * run_batch_pack; rank 0 unpacks them into its batches in item order. Reduction happens on
 * rank 0 afterwards (run_batch_reduce), so the outputs are those of one process for any N.
 *
 * A rank killed mid-run ends the job through the launcher (mpirun stops the others); a
 * replication that fails on some rank is reported to rank 0, which returns the failure. */
#ifndef CLUSTER_RUN_H
#define CLUSTER_RUN_H

#include <stddef.h>
#include "models/run/run.h"

/* All ranks, with the same scenarios and options (the batches made the same way): runs this
 * rank's items and moves every result to rank 0. Returns CLUSTER_OK when every item ran (on
 * rank 0 every batch then holds every replication), CLUSTER_ESHARD with `why` naming the
 * first failed replication and its rank (on rank 0; other ranks return CLUSTER_OK once they
 * have reported their own failures), CLUSTER_ENOMEM or CLUSTER_EMPI. */
int cluster_run_spread(run_batch *const *batches, int batch_count, int replications,
                       char *why, size_t why_size);

#endif
