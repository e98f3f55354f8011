#!/bin/sh
# `ktpsim run` and `ktpsim compare` under mpirun with 1, 2 and 3 ranks write byte for byte
# what one process writes, on shipped scenarios (the office pipeline, the supply chain) and the
# IKD suite's two-city scenario (shipped ikd-rollout.json takes minutes).
# usage: replications_test.sh KTPSIM SOURCE_DIR WORKDIR
. "$(dirname "$0")/mpi_env.sh"
on_ranks() {
  n=$1
  shift
  ASAN_OPTIONS=$mpi_asan mpirun --oversubscribe -np "$n" "$ktpsim" "$@"
}
# 5 replications: 3 ranks get 2, 2 and 1, so the round robin is uneven.
for scenario in scenarios/default scenarios/blank-shortage-2017 scenarios/examples/two-offices \
                tests/models/ikd/data/two-cities; do
  name=$(echo "$scenario" | tr / _)
  args="$src/$scenario.json --reps 5 --seed 11 --threads 1"
  "$ktpsim" run $args --out "$dir/$name.one" > /dev/null
  for n in 1 2 3; do
    on_ranks $n run $args --out "$dir/$name.$n" > /dev/null
    (cd "$dir/$name.one" && ls) > "$dir/files.one"
    (cd "$dir/$name.$n" && ls) > "$dir/files.$n"
    cmp "$dir/files.one" "$dir/files.$n"
    for f in $(cat "$dir/files.one"); do
      cmp "$dir/$name.one/$f" "$dir/$name.$n/$f"
    done
  done
  echo "run $scenario: $(wc -l < "$dir/files.one") files identical on 1, 2 and 3 ranks"
done
args="$src/scenarios/default.json $src/scenarios/one-hour-ready.json --reps 5 --threads 1"
"$ktpsim" compare $args > "$dir/compare.one"
for n in 1 2 3; do
  on_ranks $n compare $args > "$dir/compare.$n"
  cmp "$dir/compare.one" "$dir/compare.$n"
done
grep -q "significant at 95%" "$dir/compare.one"
echo "compare: output identical on 1, 2 and 3 ranks"
