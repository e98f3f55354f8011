/* The MPI layer (prefix cluster_): the only code in ktpsim that calls MPI. The command-line
 * programs call it to spread work over the ranks of an `mpirun` job; every library below
 * (core/, sim/, models/) stays MPI-free and runs without it.
 *
 * A process started without a launcher (plain `ktpcore ...`, `ktpsim ...`) never calls MPI:
 * cluster_start then gives a world of one rank and every operation here is a local copy, so
 * one code path serves both cases. Under `mpirun` it initialises MPI once per process.
 * Not thread-safe: call from the main thread only (MPI is initialised without threads). */
#ifndef CLUSTER_H
#define CLUSTER_H

#include <stdbool.h>
#include <stddef.h>

enum {
    CLUSTER_OK = 0,
    CLUSTER_EMPI = -1,   /* an MPI call failed (a rank died or the network broke) */
    CLUSTER_EINVAL = -2, /* a bad argument */
    CLUSTER_ENOMEM = -3, /* allocation failed */
    CLUSTER_ESHARD = -4  /* the work on some rank failed; see the caller's per-rank status */
};

/* A short sentence for a CLUSTER_* code. */
const char *cluster_strerror(int status);

/* True when this process was started by an MPI launcher (mpirun, mpiexec, srun with PMIx),
 * judged from the environment the launcher sets; the process may then call cluster_start.
 * Pure apart from reading the environment. */
bool cluster_launched(void);

/* Joins the job: MPI_Init when cluster_launched(), otherwise a world of one rank. Writes this
 * process's rank (0-based) and the number of ranks. Call once, before any other cluster_
 * function; CLUSTER_OK or CLUSTER_EMPI. */
int cluster_start(int *argc, char ***argv, int *rank, int *ranks);

/* This process's rank and the number of ranks, as cluster_start gave them (0 and 1 before it
 * or without a launcher). CLUSTER_OK or CLUSTER_EMPI. */
int cluster_world(int *rank, int *ranks);

/* Leaves the job (MPI_Finalize) after every rank has reached this point. Call once at the end
 * of a successful run. */
void cluster_finish(void);

/* Ends every rank of the job at once with exit status `code` (MPI_Abort; plain exit without a
 * launcher). For failures one rank cannot recover from: the others are stopped rather than
 * left waiting for a message that will never come. Does not return. */
_Noreturn void cluster_abort(int code);

/* Collectives over all ranks; every rank must call them in the same order. Sizes are bytes,
 * the same on every rank. */
int cluster_barrier(void);
/* Copies rank 0's buf to every rank's buf. */
int cluster_broadcast(void *buf, size_t bytes);
/* Rank 0's all_out receives every rank's `mine` in rank order (ranks x bytes); all_out is
 * ignored on other ranks and may be NULL there. */
int cluster_gather(const void *mine, size_t bytes, void *all_out);

/* Every rank's all_out receives every rank's `mine` in rank order (ranks x bytes). */
int cluster_share(const void *mine, size_t bytes, void *all_out);

/* Every rank gets the largest of the ranks' `mine` in *largest: how ranks agree to stop
 * together when one of them cannot go on (an exit status, say). */
int cluster_agree_max(int mine, int *largest);

/* Point to point, for work handed out piece by piece: sends `bytes` of buf to rank `to` with a
 * tag, or receives them from `from`. CLUSTER_OK or CLUSTER_EMPI. */
int cluster_send(const void *buf, size_t bytes, int to, int tag);
int cluster_receive(void *buf, size_t bytes, int from, int tag);

#endif
