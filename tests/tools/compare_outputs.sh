#!/bin/sh
# Hashes every file `ktpsim run` writes for each shipped scenario (fixed seed, 3 replications),
# so a refactor can prove its outputs are byte-identical to the code before it.
#   tests/tools/compare_outputs.sh record MANIFEST [KTPSIM]   write the hashes to MANIFEST
#   tests/tools/compare_outputs.sh check  MANIFEST [KTPSIM]   exit 1 on any difference
# KTPSIM defaults to build/ktpsim. The printed table is not compared (it says how long the run
# took). Scenarios named in KTP_COMPARE_SKIP (default: national.json and ikd-rollout.json,
# national-size runs that take many minutes at 3 replications) are left out of both modes;
# check compares only the scenarios it ran. KTP_SOURCE_DIR sets the checkout whose scenarios run (default: this script's).
set -eu
mode=${1:-}; manifest=${2:-}; ktpsim=${3:-build/ktpsim}
case "$mode" in record|check) ;; *) echo "usage: $0 record|check MANIFEST [KTPSIM]" >&2; exit 2;; esac
[ -n "$manifest" ] || { echo "$0: MANIFEST missing" >&2; exit 2; }
root=${KTP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SKIP=${KTP_COMPARE_SKIP-"national.json ikd-rollout.json"}
SEED=${KTP_COMPARE_SEED:-20260101}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

for scenario in "$root"/scenarios/*.json "$root"/scenarios/examples/*.json; do
    rel=${scenario#"$root"/}
    base=$(basename "$scenario")
    case " $SKIP " in *" $base "*) echo "# skipped $rel" >>"$work/manifest"; continue;; esac
    out="$work/out/$(echo "$rel" | tr '/' '_')"
    started=$(date +%s)
    if ! "$ktpsim" run "$scenario" --reps 3 --seed "$SEED" --threads 2 --out "$out" \
        >"$work/stdout" 2>"$work/stderr"; then
        echo "$0: ktpsim run $rel failed:" >&2; cat "$work/stderr" >&2; exit 1
    fi
    echo "# $rel: $(($(date +%s) - started)) s" >&2
    (cd "$out" && find . -type f | LC_ALL=C sort | while read -r f; do
        printf '%s %s/%s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$rel" "${f#./}"
    done) >>"$work/manifest"
done

if [ "$mode" = record ]; then
    cp "$work/manifest" "$manifest"
    echo "recorded $(grep -vc '^#' "$manifest") hashes in $manifest"
    exit 0
fi
# Scenarios skipped in this run are left out of the comparison (and said so).
grep '^# skipped ' "$work/manifest" | sed 's/^# skipped //' >"$work/skipped" || true
grep -v '^#' "$manifest" | while read -r hash file; do
    grep -qxF "${file%/*}" "$work/skipped" || printf '%s %s\n' "$hash" "$file"
done >"$work/expected"
grep -v '^#' "$work/manifest" >"$work/actual" || true
if diff -u "$work/expected" "$work/actual"; then
    echo "identical: $(wc -l <"$work/actual") hashes match $manifest"
    echo "skipped: $(tr '\n' ' ' <"$work/skipped")"
else
    echo "$0: outputs differ from $manifest" >&2; exit 1
fi
