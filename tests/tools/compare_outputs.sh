#!/bin/sh
# Hashes every file `ktpsim run` writes for each shipped scenario (fixed seed, 3 replications),
# so a refactor can prove its outputs are byte-identical to the code before it.
#   tests/tools/compare_outputs.sh record MANIFEST [KTPSIM]   write the hashes to MANIFEST
#   tests/tools/compare_outputs.sh check  MANIFEST [KTPSIM]   exit 1 on any difference
# KTPSIM defaults to build/ktpsim. Scenarios listed in SKIP take minutes at 3 replications
# and are left out (override with KTP_COMPARE_SKIP="" to run them too).
set -eu
mode=${1:-}; manifest=${2:-}; ktpsim=${3:-build/ktpsim}
case "$mode" in record|check) ;; *) echo "usage: $0 record|check MANIFEST [KTPSIM]" >&2; exit 2;; esac
[ -n "$manifest" ] || { echo "$0: MANIFEST missing" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
SKIP=${KTP_COMPARE_SKIP-"national.json"}
SEED=${KTP_COMPARE_SEED:-20260101}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

for scenario in "$root"/scenarios/*.json "$root"/scenarios/examples/*.json; do
    rel=${scenario#"$root"/}
    base=$(basename "$scenario")
    case " $SKIP " in *" $base "*) echo "# skipped $rel" >>"$work/manifest"; continue;; esac
    out="$work/out/$(echo "$rel" | tr '/' '_')"
    if ! "$ktpsim" run "$scenario" --reps 3 --seed "$SEED" --threads 2 --out "$out" \
        >"$work/stdout" 2>"$work/stderr"; then
        echo "$0: ktpsim run $rel failed:" >&2; cat "$work/stderr" >&2; exit 1
    fi
    (cd "$out" && find . -type f | LC_ALL=C sort | while read -r f; do
        printf '%s %s/%s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$rel" "${f#./}"
    done) >>"$work/manifest"
    printf '%s %s/stdout\n' "$(sha256sum "$work/stdout" | cut -d' ' -f1)" "$rel" >>"$work/manifest"
done

if [ "$mode" = record ]; then
    cp "$work/manifest" "$manifest"
    echo "recorded $(grep -vc '^#' "$manifest") hashes in $manifest"
elif diff -u "$manifest" "$work/manifest"; then
    echo "identical: $(grep -vc '^#' "$manifest") hashes match $manifest"
else
    echo "$0: outputs differ from $manifest" >&2; exit 1
fi
