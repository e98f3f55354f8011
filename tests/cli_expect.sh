# Shared by the command-line test scripts (sourced, POSIX sh): works in a fresh scratch
# folder (removed on exit) and counts failures in $failures.
DIR=$(mktemp -d "${TMPDIR:-/tmp}/ktp-cli-XXXXXX")
trap 'chmod -R u+w "$DIR"; rm -rf "$DIR"' EXIT
cd "$DIR" || exit 1
# expect CODE PATTERN COMMAND...: runs COMMAND, checks its exit code and that its output
# (stdout and stderr together) matches the grep pattern; stdout stays in out.txt.
failures=0
expect() {
    code=$1 pattern=$2
    shift 2
    "$@" > out.txt 2> err.txt
    got=$?
    cat out.txt err.txt > all.txt
    if [ "$got" -ne "$code" ] || ! grep -q -- "$pattern" all.txt; then
        echo "FAIL: $* -> exit $got (want $code), output:"; cat all.txt
        echo "  (wanted /$pattern/)"
        failures=$((failures + 1))
    else
        echo "ok: exit $got, /$pattern/"
    fi
}
