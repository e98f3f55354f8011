/* `mpirun -np N ktpsim plan`: every rank runs the same search and the replications of each
 * candidate are spread over the ranks (replication r on rank r % N); after each batch every
 * rank receives every rank's target values (an all-gather), so all ranks judge every
 * candidate on the same numbers and reach the result one process reaches. Rank 0 alone writes
 * the outputs (the caller's job). Not thread-safe (see cluster.h). */
#ifndef CLUSTER_PLAN_H
#define CLUSTER_PLAN_H

#include "plan/plan.h"

/* Fills *out for this process's rank in the job (cluster_start first); without a launcher a
 * share of one part whose exchange only reports this process's own failure. CLUSTER_OK or
 * CLUSTER_EMPI. */
int cluster_plan_share(plan_share *out);

#endif
