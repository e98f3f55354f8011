#!/bin/sh
# A rank killed with SIGKILL in the middle of `mpirun -np 2 ktpsim run` (or `ktpsim plan`)
# ends the whole job within seconds, with a non-zero status, a message naming the killed rank,
# and none of the final output files.
# usage: kill_test.sh KTPSIM SOURCE_DIR WORKDIR [run|plan]
mode=${4:-run}
. "$(dirname "$0")/mpi_env.sh"
out="$dir/out"
# Long enough (tens of seconds on 2 ranks) that the kill lands mid-run.
if [ "$mode" = plan ]; then
  set -- plan "$src/plans/blank-supply-2023.json"
  files="plan.json plan.csv cost_vs_target.csv chosen-scenario.json"
else
  set -- run "$src/scenarios/province.json" --reps 400
  files="summary.json regions.csv daily.csv time_to_card.csv"
fi
ASAN_OPTIONS=$mpi_asan mpirun --oversubscribe -np 2 "$ktpsim" "$@" --threads 1 --out "$out" \
  > "$dir/stdout" 2> "$dir/stderr" &
launcher=$!
# Rank 1: the child of mpirun whose environment says so; wait until it has done real work
# (0.3 s of CPU), polling rather than sleeping a fixed time.
rank1=""
tries=0
while [ $tries -lt 600 ]; do
  for pid in $(pgrep -P $launcher || true); do
    if tr '\0' '\n' < /proc/$pid/environ 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1'; then
      rank1=$pid
    fi
  done
  if [ -n "$rank1" ]; then
    ticks=$(awk '{ print $14 + $15 }' /proc/$rank1/stat 2>/dev/null || echo 0)
    [ "$ticks" -ge 30 ] && break
  fi
  tries=$((tries + 1))
  sleep 0.1
done
[ -n "$rank1" ] || { echo "rank 1 never started"; kill $launcher; exit 1; }
for f in $files; do
  [ ! -e "$out/$f" ] || { echo "the $mode ended before the kill"; exit 1; }
done
killed_at=$(date +%s)
kill -9 "$rank1"
status=0
wait $launcher || status=$?
took=$(($(date +%s) - killed_at))
echo "mpirun exited with $status, $took s after the kill"
[ "$status" -ne 0 ]
[ "$took" -le 10 ]
grep -q "signal 9" "$dir/stderr" || { cat "$dir/stderr"; exit 1; }
for f in $files; do
  [ ! -e "$out/$f" ] || { echo "$f was written"; exit 1; }
done
echo "the $mode job stopped; no output files"
