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
expect 2 'ktpsim run: --out needs a folder name, got ""' "$KTPSIM" run "$DEFAULT" --out ""

[ "$failures" -eq 0 ] && echo "ktpsim reliability: all passed"
exit "$failures"
