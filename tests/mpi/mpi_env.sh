# Sourced by the ktpsim MPI test scripts (arguments: KTPSIM SOURCE_DIR WORKDIR): names the
# arguments, empties WORKDIR, and sets mpi_asan, the ASAN_OPTIONS for processes under mpirun
# (Open MPI itself leaks at exit, from components it unloads, so no leak check there).
set -eu
ktpsim=$1
src=$2
dir=$3
rm -rf "$dir" && mkdir -p "$dir"
mpi_asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
