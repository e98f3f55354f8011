#!/bin/sh
# ktpcore against hostile use (issue 14): registries that are not registries, verdicts that
# must say what was not checked, strict flags and numbers, over-long or odd text, retried
# enrolments. Each line names the exact text and exit code expected.
# usage: cli_reliability.sh KTPCORE
set -u
KTPCORE=$1
. "$(cd "$(dirname "$0")" && pwd)/../cli_expect.sh"
APPLICANT="--sex female --birth 1990-08-17 --place Banda_Aceh --mother Nur --district 11.01.01"

# Finding 2: only `registry init` creates; a 0-byte file is refused by every writer and stays
# 0 bytes (re-creating it let a revoked IKD verify as valid and reused credential ids).
: > empty.db
expect 2 "ktpcore enrol: empty.db is an empty database, not a ktpcore registry" \
    "$KTPCORE" enrol empty.db --name Siti $APPLICANT --iris 7
expect 2 "ktpcore demo: empty.db is an empty database, not a ktpcore registry" \
    "$KTPCORE" demo empty.db --people 3
expect 2 "empty.db is an empty database, not a ktpcore registry" \
    "$KTPCORE" ikd issue --registry empty.db --nik 1101015708900001
expect 2 "ktpcore enrol: absent.db does not exist" \
    "$KTPCORE" enrol absent.db --name Siti $APPLICANT --iris 7
[ -s empty.db ] && { echo "FAIL: empty.db was written"; failures=$((failures + 1)); }
[ -e absent.db ] && { echo "FAIL: absent.db was created"; failures=$((failures + 1)); }

# Finding 3: without --registry a good credential is valid only as far as was checked.
"$KTPCORE" registry init reg.db > /dev/null || exit 1
"$KTPCORE" enrol reg.db --name Siti $APPLICANT --iris 101 > /dev/null || exit 1
"$KTPCORE" ikd issue --registry reg.db --nik 1101015708900001 --now 2026-11-22 > cred.txt \
    2> /dev/null || exit 1
"$KTPCORE" ikd export-key --registry reg.db --out issuer.pub > /dev/null 2>&1 || exit 1
"$KTPCORE" ikd revoke --registry reg.db --now 2026-12-01 - < cred.txt > /dev/null || exit 1
expect 0 "^valid (revocation not checked)$" \
    sh -c "\"$KTPCORE\" ikd verify --pubkey issuer.pub --now 2026-12-02 - < cred.txt"
expect 0 '^{"verdict": "valid", "revocation_checked": false, "reason": "", "credential_id": 1,' \
    sh -c "\"$KTPCORE\" ikd verify --json --pubkey issuer.pub --now 2026-12-02 - < cred.txt"
expect 1 '^{"verdict": "revoked", "revocation_checked": true, "reason": "revoked on 2026-12-01' \
    sh -c "\"$KTPCORE\" ikd verify --json --registry reg.db --pubkey issuer.pub \
           --now 2026-12-02 - < cred.txt"

# Finding 8: one strict parser; a bad number or a flag without a value is exit 2, flag named.
MAX64=9223372036854775807
for card in 1e400 1.5 12x " 1" 0x10 ""; do
    expect 2 "ktpcore issue: --card expects a whole number from 1 to $MAX64, got \"$card\"" \
        "$KTPCORE" issue reg.db --card "$card" --to printed --blank B1
done
expect 2 'ktpcore demo: --seed expects a whole number from 0 to 18446744073709551615, got "abc"' \
    "$KTPCORE" demo reg.db --people 3 --seed abc
expect 2 '--seed expects a whole number from 0 to 18446744073709551615, got "18446744073709551616"' \
    "$KTPCORE" demo reg.db --people 3 --seed 18446744073709551616
expect 2 'ktpcore demo: --dup-share expects a number from 0 to 1, got "nan"' \
    "$KTPCORE" demo reg.db --people 3 --dup-share nan
for flag in --nik --match-below --review-below; do
    expect 2 "ktpcore enrol: $flag needs a value" \
        "$KTPCORE" enrol reg.db --name Siti $APPLICANT --iris 7 $flag
done
expect 2 'ktpcore enrol: --match-below expects a number from 0 to 1, got "inf"' \
    "$KTPCORE" enrol reg.db --name Siti $APPLICANT --iris 7 --match-below inf
for flag in --duplicate-of --note; do
    expect 2 "ktpcore issue: $flag needs a value" "$KTPCORE" issue reg.db --card 1 --to duplicate $flag
done
expect 2 'ktpcore ikd: --days expects a whole number from 1 to 36500, got "1e3"' \
    "$KTPCORE" ikd issue --registry reg.db --nik 1101015708900001 --days 1e3
expect 2 "ktpcore ikd: --now needs a value" "$KTPCORE" ikd issue --registry reg.db --now
expect 2 'ktpcore nik compose: --serial expects a whole number from 1 to 9999, got "12x"' \
    "$KTPCORE" nik compose --district 11.01.01 --birth 1990-01-01 --sex male --serial 12x
expect 2 'ktpcore: --gallery expects a whole number' "$KTPCORE" bench --gallery 1e9 --queries 1

# Finding 9: over-long text is refused, not cut (a cut inside a UTF-8 character broke
# `ikd issue`); a name that is not UTF-8 is refused by the core.
LONG=$(printf 'Sité%.0s' $(seq 1 30))
for flag in --name --place --mother; do
    expect 2 "ktpcore enrol: $flag is 150 bytes; at most 127 are allowed" \
        "$KTPCORE" enrol reg.db $APPLICANT --name Siti --iris 7 $flag "$LONG"
done
expect 2 "ktpcore enrol: name is not UTF-8 text without control characters" \
    "$KTPCORE" enrol reg.db $APPLICANT --iris 7 --name "$(printf 'Siti \377')"
expect 2 "ktpcore enrol: mother's name is not UTF-8 text without control characters" \
    "$KTPCORE" enrol reg.db $APPLICANT --iris 7 --name Siti --mother "$(printf 'Nur\033[2J')"

# Finding 10: a retried enrolment with the same --request-id prints the first decision again
# (byte for byte) and writes nothing; registry check names a dropped table (tested in C).
"$KTPCORE" enrol reg.db --name Rina $APPLICANT --iris 303 --request-id desk4-0001 --json \
    > first.json || exit 1
expect 0 "request desk4-0001 was already enrolled: its first decision, nothing written" \
    "$KTPCORE" enrol reg.db --name Rina $APPLICANT --iris 303 --request-id desk4-0001 --json
cmp -s first.json out.txt || { echo "FAIL: the retry printed another decision"; failures=$((failures + 1)); }
expect 0 "enrolments       2" "$KTPCORE" registry info reg.db
expect 2 "request id desk4-0001 was used for another applicant (enrolment 2)" \
    "$KTPCORE" enrol reg.db --name Rina $APPLICANT --iris 304 --request-id desk4-0001

# Same class: a FIFO or a folder where a registry or key file is expected returned never
# (SQLite's and the key loader's first read blocked); now refused at once.
mkfifo fifo
expect 2 "ktpcore registry: fifo is not a regular file" timeout 10 "$KTPCORE" registry info fifo
expect 2 "ktpcore registry: . is not a regular file" timeout 10 "$KTPCORE" registry check .
expect 2 "ktpcore ikd: public key file fifo is not a regular file" \
    timeout 10 "$KTPCORE" ikd verify --pubkey fifo --now 2026-01-01 IKD1:x
expect 2 "ktpcore ikd: key file fifo is not a regular file" \
    timeout 10 "$KTPCORE" ikd export-key --key fifo

[ "$failures" -eq 0 ] && echo "ktpcore reliability: all passed"
exit "$failures"
