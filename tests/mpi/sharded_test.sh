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
# on_shards NAME ARGS...: 1, 2 and 3 shards write NAME's candidate file byte for byte.
on_shards() {
  name=$1
  shift
  for n in 1 2 3; do
    ASAN_OPTIONS=$mpi_asan mpirun --oversubscribe -np $n "$ktpcore" bench --sharded "$@" \
      --candidates "$dir/$name$n.txt" > "$dir/$name$n.json"
    cmp "$dir/$name.txt" "$dir/$name$n.txt"
    grep -q "\"shards\": $n," "$dir/$name$n.json"
  done
}
on_shards whole $args
# The sketch index on every shard (docs/index.md): each record passes the filter on its own
# sketch, so 1, 2 and 3 shards return the single-process index search's lists and work, and
# on this data (genuine mean 0.11) its decisions are brute force's.
iargs="$args --search index --radius 44"
"$ktpcore" bench $iargs --threads 1 --candidates "$dir/index.txt" > /dev/null
on_shards index $iargs
grep -q '"search": "index", "radius": 44' "$dir/index3.json"
cut -d' ' -f1-4 "$dir/whole.txt" > "$dir/decisions.brute"
cut -d' ' -f1-4 "$dir/index.txt" > "$dir/decisions.index"
cmp "$dir/decisions.brute" "$dir/decisions.index"
# The index did less work than brute force on every query.
paste -d' ' "$dir/whole.txt" "$dir/index.txt" | awk '{ split($5, b, "="); for (i = 6; i <= NF; i++)
  if ($i ~ /^work=/) { split($i, x, "="); if (x[2] + 0 >= b[2] + 0) { print "no saving: " $1; exit 1 } } }'
# Every list is full, and some mates sit in the last of three shards (its 400 people have the
# highest ids: person id = index + 1).
awk 'NF != 15 { print "short list: " $0; exit 1 }' "$dir/whole.txt"
first_id=$((people - people / 3 + 1))
last=$(awk -v f=$first_id '{ split($2, m, "="); if (m[2] >= f) n++ } END { print n + 0 }' \
  "$dir/whole.txt")
[ "$last" -ge 1 ] || { echo "no mate in the last shard"; exit 1; }
grep -c ' duplicate ' "$dir/whole.txt" > /dev/null
echo "identical over 1, 2 and 3 shards, brute force and index; $last queries have their mate in the last shard"
