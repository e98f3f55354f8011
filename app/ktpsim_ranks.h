/* ktpsim on the ranks of an MPI job (app/ktpsim_ranks.c, over cluster/). Every function works
 * without a launcher too: one rank, which is rank 0, and runs done in this process. */
#ifndef APP_KTPSIM_RANKS_H
#define APP_KTPSIM_RANKS_H

#include <stdbool.h>
#include <stddef.h>

#include "models/run/run.h"

/* main(): joins the job when started by mpirun (rank 0 keeps stdout, the others write it to
 * /dev/null). 0, or -1 with a message printed. _finish leaves the job at the end. */
int ktpsim_ranks_start(void);
void ktpsim_ranks_finish(void);

int ktpsim_ranks_count(void); /* ranks in the job; 1 without a launcher */
bool ktpsim_ranks_root(void); /* this process writes the outputs */
/* Every rank passes its own ok and gets whether all ranks were ok (a collective). */
bool ktpsim_ranks_all_ok(bool ok);
/* On ranks other than 0: makes sure the output folder exists (embedded runs' registries). */
void ktpsim_ranks_out_dir(const char *dir);

/* `run`: the replications spread over the ranks; on rank 0 *out is run_scenario's summary.
 * 0, or -1 with why (on rank 0: the first failed replication and its rank). */
int ktpsim_ranks_run(const scenario *s, const run_options *options, summary *out, char *why,
                     size_t why_size);
/* `compare`: scenario A's and B's replications spread over the ranks; on rank 0 results[k]
 * (k < 2 x replications) is run_one_replication of scenario k / reps, replication k % reps. */
int ktpsim_ranks_compare(const scenario *const s[2], const run_options *options,
                         summary *results, char *why, size_t why_size);

#endif
