/* The process-wide MPI wrapper: start, finish, abort and byte-level collectives. Without a
 * launcher the world is this one process and the collectives are copies. */
#include "cluster/cluster.h"

#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

/* MPI itself is process-global state; this flag only records whether we joined it. */
static bool mpi_active;

const char *cluster_strerror(int status)
{
    switch (status) {
    case CLUSTER_OK: return "success";
    case CLUSTER_EMPI: return "an MPI operation failed (a rank died or the network broke)";
    case CLUSTER_EINVAL: return "invalid argument";
    case CLUSTER_ENOMEM: return "out of memory";
    case CLUSTER_ESHARD: return "the work on one of the ranks failed";
    }
    return "unknown cluster status";
}

bool cluster_launched(void)
{
    /* Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; PMIx launchers (Slurm's srun) PMIX_RANK;
     * MPICH-style launchers PMI_RANK. */
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

int cluster_start(int *argc, char ***argv, int *rank, int *ranks)
{
    *rank = 0;
    *ranks = 1;
    if (!cluster_launched())
        return CLUSTER_OK;
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return CLUSTER_EMPI;
    mpi_active = true;
    /* Errors come back as return codes, so the program can say what it was doing. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    return cluster_world(rank, ranks);
}

int cluster_world(int *rank, int *ranks)
{
    *rank = 0;
    *ranks = 1;
    if (!mpi_active)
        return CLUSTER_OK;
    if (MPI_Comm_rank(MPI_COMM_WORLD, rank) != MPI_SUCCESS ||
        MPI_Comm_size(MPI_COMM_WORLD, ranks) != MPI_SUCCESS)
        return CLUSTER_EMPI;
    return CLUSTER_OK;
}

void cluster_finish(void)
{
    if (mpi_active)
        MPI_Finalize();
    mpi_active = false;
}

_Noreturn void cluster_abort(int code)
{
    if (mpi_active)
        MPI_Abort(MPI_COMM_WORLD, code);
    exit(code);
}

static int checked(int mpi_status)
{
    return mpi_status == MPI_SUCCESS ? CLUSTER_OK : CLUSTER_EMPI;
}

int cluster_barrier(void)
{
    return mpi_active ? checked(MPI_Barrier(MPI_COMM_WORLD)) : CLUSTER_OK;
}

int cluster_broadcast(void *buf, size_t bytes)
{
    if (bytes > INT_MAX || (bytes && !buf))
        return CLUSTER_EINVAL;
    if (!mpi_active)
        return CLUSTER_OK;
    return checked(MPI_Bcast(buf, (int)bytes, MPI_BYTE, 0, MPI_COMM_WORLD));
}

int cluster_gather(const void *mine, size_t bytes, void *all_out)
{
    if (bytes > INT_MAX || (bytes && !mine))
        return CLUSTER_EINVAL;
    if (!mpi_active) {
        if (bytes && !all_out)
            return CLUSTER_EINVAL;
        memmove(all_out, mine, bytes);
        return CLUSTER_OK;
    }
    return checked(MPI_Gather(mine, (int)bytes, MPI_BYTE, all_out, (int)bytes, MPI_BYTE, 0,
                              MPI_COMM_WORLD));
}

int cluster_share(const void *mine, size_t bytes, void *all_out)
{
    if (bytes > INT_MAX || (bytes && (!mine || !all_out)))
        return CLUSTER_EINVAL;
    if (!mpi_active) {
        memmove(all_out, mine, bytes);
        return CLUSTER_OK;
    }
    return checked(MPI_Allgather(mine, (int)bytes, MPI_BYTE, all_out, (int)bytes, MPI_BYTE,
                                 MPI_COMM_WORLD));
}

int cluster_agree_max(int mine, int *largest)
{
    *largest = mine;
    if (!mpi_active)
        return CLUSTER_OK;
    return checked(MPI_Allreduce(&mine, largest, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD));
}

int cluster_send(const void *buf, size_t bytes, int to, int tag)
{
    if (!mpi_active || bytes > INT_MAX || tag < 0)
        return CLUSTER_EINVAL;
    return checked(MPI_Send(buf, (int)bytes, MPI_BYTE, to, tag, MPI_COMM_WORLD));
}

int cluster_receive(void *buf, size_t bytes, int from, int tag)
{
    if (!mpi_active || bytes > INT_MAX || tag < 0)
        return CLUSTER_EINVAL;
    return checked(MPI_Recv(buf, (int)bytes, MPI_BYTE, from, tag, MPI_COMM_WORLD,
                            MPI_STATUS_IGNORE));
}
