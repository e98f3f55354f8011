#!/bin/sh
# `ktpsim plan` under mpirun with 1, 2 and 3 ranks (and 2 ranks of 2 threads) writes byte for
# byte what one process writes and prints the same result, on a shipped plan.
# usage: plan_test.sh KTPSIM SOURCE_DIR WORKDIR
. "$(dirname "$0")/mpi_env.sh"
plan="$src/plans/one-hour-tanjung-pinang.json"
# The lines that name the run (ranks, threads) and the output folder differ by design.
result() { grep -v -e '^  .*: scenario .*, seed ' -e '^wrote ' "$1"; }
"$ktpsim" plan "$plan" --threads 1 --out "$dir/one" > "$dir/stdout.one"
files=$(cd "$dir/one" && ls)
[ "$(echo $files)" = "chosen-scenario.json cost_vs_target.csv plan.csv plan.json" ]
for job in "1 1" "2 1" "3 1" "2 2"; do
  set -- $job
  name="np$1-t$2"
  ASAN_OPTIONS=$mpi_asan mpirun --oversubscribe -np "$1" "$ktpsim" plan "$plan" --threads "$2" \
    --out "$dir/$name" > "$dir/stdout.$name"
  [ "$(cd "$dir/$name" && ls | tr '\n' ' ')" = "$(echo $files) " ]
  for f in $files; do
    cmp "$dir/one/$f" "$dir/$name/$f"
  done
  result "$dir/stdout.one" > "$dir/a"
  result "$dir/stdout.$name" > "$dir/b"
  cmp "$dir/a" "$dir/b"
  grep -q "threads $2 per rank, MPI ranks: $1\$" "$dir/stdout.$name"
done
grep -q '^chosen: ' "$dir/stdout.one"
echo "plan: 4 files and the printed result identical on 1, 2 and 3 ranks"
