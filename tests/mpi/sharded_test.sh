#!/bin/sh
# The sharded 1:N search over MPI gives the single-process answer: the same probes against 1,
# 2 and 3 shards write byte-identical candidate files (every query's ten best candidates and
# its dedup decision), and the file holds mates in the last shard.
# usage: sharded_test.sh KTPCORE WORKDIR
set -eu
ktpcore=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir"
people=1201 # not a multiple of 2 or 3: shards of unequal size
# A lax threshold fills every list (ten candidates), so the merge decides every position.
args="--gallery $people --queries 30 --threshold 0.45 --seed 7"
"$ktpcore" bench $args --threads 1 --candidates "$dir/whole.txt" > /dev/null
# Without a launcher --sharded is one local shard: the same code path without MPI, where the
# sanitizers' leak check also covers it.
"$ktpcore" bench --sharded $args --candidates "$dir/local.txt" > /dev/null
cmp "$dir/whole.txt" "$dir/local.txt"
# Open MPI itself leaks at exit (components it unloads), so leak checks stay off inside mpirun.
mpi_asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
for n in 1 2 3; do
  ASAN_OPTIONS=$mpi_asan mpirun --oversubscribe -np $n "$ktpcore" bench --sharded $args \
    --candidates "$dir/shards$n.txt" > "$dir/shards$n.json"
  cmp "$dir/whole.txt" "$dir/shards$n.txt"
  grep -q "\"shards\": $n," "$dir/shards$n.json"
done
# Every list is full, and some mates sit in the last of three shards (its 400 people have the
# highest ids: person id = index + 1).
awk 'NF != 14 { print "short list: " $0; exit 1 }' "$dir/whole.txt"
first_id=$((people - people / 3 + 1))
last=$(awk -v f=$first_id '{ split($2, m, "="); if (m[2] >= f) n++ } END { print n + 0 }' \
  "$dir/whole.txt")
[ "$last" -ge 1 ] || { echo "no mate in the last shard"; exit 1; }
grep -c ' duplicate ' "$dir/whole.txt" > /dev/null
echo "identical over 1, 2 and 3 shards; $last queries have their mate in the last shard"
