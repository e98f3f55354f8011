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

[ "$failures" -eq 0 ] && echo "ktpcore reliability: all passed"
exit "$failures"
