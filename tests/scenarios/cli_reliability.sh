#!/bin/sh
# ktpsim against hostile use (issue 14): empty and odd paths, strict numbers and flags,
# files that are not regular files, unwritable output folders, runs that could never end.
# Each line names the exact text and exit code expected.
# usage: cli_reliability.sh KTPSIM SOURCE_DIR
set -u
KTPSIM=$1
SRC=$2
. "$(cd "$(dirname "$0")" && pwd)/../cli_expect.sh"
DEFAULT=$SRC/scenarios/default.json

# Finding 7: an empty --out read and wrote one byte past the string (ASan).
expect 2 'ktpsim run: --out needs a non-empty value' "$KTPSIM" run "$DEFAULT" --out ""

# Finding 8: one strict parser for numbers and flags, exit 2 naming the flag.
U64=18446744073709551615
expect 2 "ktpsim run: --seed expects a whole number from 0 to $U64, got \"abc\"" \
    "$KTPSIM" run "$DEFAULT" --seed abc
expect 2 "ktpsim run: --seed expects a whole number from 0 to $U64, got \"18446744073709551616\"" \
    "$KTPSIM" run "$DEFAULT" --seed 18446744073709551616
expect 2 'ktpsim run: --reps expects a whole number from 1 to 100000, got "1e3"' \
    "$KTPSIM" run "$DEFAULT" --reps 1e3
expect 2 "ktpsim run: --out needs a value" "$KTPSIM" run "$DEFAULT" --out
expect 2 'ktpsim compare: --seed expects a whole number from 0 to' \
    "$KTPSIM" compare "$DEFAULT" "$DEFAULT" --seed -1
expect 2 'ktpsim compare: --threads expects a whole number from 1 to 1024, got "12x"' \
    "$KTPSIM" compare "$DEFAULT" "$DEFAULT" --threads 12x
expect 2 "ktpsim view: bad option --at-day inf" "$KTPSIM" view "$DEFAULT" --at-day inf
expect 2 "ktpsim view: bad option --speed nan" "$KTPSIM" view "$DEFAULT" --speed nan
expect 2 "ktpsim view: --seed needs a value" "$KTPSIM" view "$DEFAULT" --seed
expect 2 "ktpsim report: --gnuplot needs a value" "$KTPSIM" report . --gnuplot
expect 2 "ktpsim report: no result folder given" "$KTPSIM" report ""

# Finding 6: a folder that cannot be written is found before the simulation, not after.
if [ "$(id -u)" = 0 ]; then RO=/proc/1; else mkdir ro && chmod 555 ro && RO=ro; fi
expect 1 "ktpsim run: cannot write in $RO: " "$KTPSIM" run "$DEFAULT" --out "$RO"

# Finding 4: a run whose events stop time (gamma shapes of 1e-10 sample 0 s: accepted means,
# degenerate draws) ends with exit 1 naming the component, instead of spinning for ever; a
# FIFO given as a scenario is refused at once instead of blocking.
cat > stall.json <<'JSON'
{"name": "stall", "seed": 1, "start_date": "2025-01-06", "horizon_days": 7, "replications": 1,
 "regions": [{"code": "21.72", "name": "Kota Tanjung Pinang", "recording": {
   "arrivals": {"per_open_hour": 10}, "stations": 2, "capture_time": {"exp": {"mean": 300}},
   "kit_time_to_failure": {"gamma": {"mean": 60, "shape": 1e-10}},
   "kit_repair_time": {"gamma": {"mean": 1, "shape": 1e-10}}}}]}
JSON
expect 1 "replication 0 failed: simulated time stopped advancing: 1000000 events at 0.000 s without time advancing, in breakdowns and repairs of the recording kits of region 21.72" \
    timeout 120 "$KTPSIM" run stall.json --out stall-out --threads 1
mkfifo fifo.json
expect 2 "fifo.json: cannot read: not a regular file (a FIFO)" timeout 10 "$KTPSIM" check fifo.json
expect 2 "cannot read: not a regular file (a folder)" timeout 10 "$KTPSIM" check .
mkdir fiforesults && mkfifo fiforesults/summary.json
expect 2 "fiforesults/summary.json: cannot open: not a regular file" \
    timeout 10 "$KTPSIM" report fiforesults

# Finding 4: replications keep their results until they are reduced; a run that would need
# more than 1 GiB for them is refused before it starts (it grew to 1.3 GB and more).
# The estimate grows with every metric a replication keeps, so only its wording is fixed here.
expect 1 "100000 replications would keep about " \
    timeout 60 "$KTPSIM" run "$DEFAULT" --reps 100000 --out many
expect 1 "MiB of results in memory until they are reduced (at most 1024 MiB); use at most " \
    timeout 60 "$KTPSIM" run "$DEFAULT" --reps 100000 --out many

[ "$failures" -eq 0 ] && echo "ktpsim reliability: all passed"
exit "$failures"
