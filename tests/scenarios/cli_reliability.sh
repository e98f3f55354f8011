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

[ "$failures" -eq 0 ] && echo "ktpsim reliability: all passed"
exit "$failures"
