#!/bin/sh
# The `ktpcore ikd` command line end to end: enrol a person with ktpcore, issue a credential,
# export the key, verify (valid / expired / revoked / forged / unknown issuer) with the exit
# codes 0 / 1 / 2, and refuse a key file others can read.
# usage: cli_test.sh KTPCORE IKD_PROGRAM   (IKD_PROGRAM runs "ikd ..." like ktpcore does)
set -u
KTPCORE=$1
IKD=$2
. "$(cd "$(dirname "$0")" && pwd)/../cli_expect.sh"

"$KTPCORE" registry init reg.db > /dev/null || exit 1
"$KTPCORE" enrol reg.db --name "Siti Aminah" --sex female --birth 1990-08-17 \
    --place "Banda Aceh" --mother "Nur Aini" --district 11.01.01 --iris 101 > /dev/null || exit 1
NIK=1101015708900001

expect 0 "created signing key reg.db.ikd-key (mode 0600)" \
    "$IKD" ikd issue --registry reg.db --nik $NIK --now 2026-11-22 --png cred.png
CRED=$(head -1 out.txt)
case "$CRED" in IKD1:*) ;; *) echo "FAIL: no credential on the first line"; failures=$((failures + 1));; esac
[ "$(stat -c %a reg.db.ikd-key)" = 600 ] || { echo "FAIL: key mode"; failures=$((failures + 1)); }
[ "$(head -c 8 cred.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    { echo "FAIL: PNG signature"; failures=$((failures + 1)); }
# An independent decoder, when installed (zbar-tools is not a build dependency).
if command -v zbarimg > /dev/null 2>&1; then
    if [ "$(zbarimg -q --raw cred.png 2>/dev/null)" = "$CRED" ]; then echo "ok: zbarimg reads the PNG back"
    else echo "FAIL: zbarimg does not read the credential back"; failures=$((failures + 1)); fi
fi

expect 0 "^[0-9a-f]\{64\}$" "$IKD" ikd export-key --registry reg.db --out issuer.pub
expect 0 "^valid" "$IKD" ikd verify --pubkey issuer.pub --registry reg.db --now 2026-11-23 "$CRED"
expect 0 "NIK         $NIK" "$IKD" ikd verify --pubkey "$(cat issuer.pub)" --now 2027-11-21 "$CRED"
expect 1 "invalid (expired): expired after 2027-11-21" \
    "$IKD" ikd verify --pubkey issuer.pub --now 2027-11-22 "$CRED"
expect 1 "invalid (not-yet-valid): not valid before 2026-11-22" \
    "$IKD" ikd verify --pubkey issuer.pub --now 2026-11-21 "$CRED"
# One character changed inside the name's base45 group: decodes, but the signature fails.
C71=$(printf '%s' "$CRED" | cut -c71)
if [ "$C71" = 0 ]; then R=1; else R=0; fi
FORGED="$(printf '%s' "$CRED" | cut -c1-70)$R$(printf '%s' "$CRED" | cut -c72-)"
expect 1 "invalid (" "$IKD" ikd verify --pubkey issuer.pub --now 2026-11-23 "$FORGED"
expect 1 "invalid (malformed): not an IKD credential" \
    "$IKD" ikd verify --pubkey issuer.pub --now 2026-11-23 "hello"
expect 1 "invalid (unknown-issuer)" "$IKD" ikd verify \
    --pubkey 0000000000000000000000000000000000000000000000000000000000000001 \
    --now 2026-11-23 "$CRED"
expect 0 "revoked credential 1 of key [0-9a-f]\{16\}: phone lost" \
    "$IKD" ikd revoke --registry reg.db --now 2026-12-01 --reason "phone lost" "$CRED"
expect 2 "is already revoked" \
    "$IKD" ikd revoke --registry reg.db --now 2026-12-01 "$CRED"
printf '%s\n' "$CRED" > cred.txt
expect 1 "invalid (revoked): revoked on 2026-12-01: phone lost" \
    sh -c "\"$IKD\" ikd verify --pubkey issuer.pub --registry reg.db --now 2026-12-02 - < cred.txt"
expect 0 "district    11.01.01" "$IKD" ikd show "$CRED"
expect 2 "verify needs at least one --pubkey" "$IKD" ikd verify --now 2026-12-02 "$CRED"
expect 2 "date 2026-02-30 does not exist" \
    "$IKD" ikd verify --pubkey issuer.pub --now 2026-02-30 "$CRED"
expect 2 "unknown option --bogus" "$IKD" ikd issue --bogus
expect 2 "no person with NIK 1101015708900002 in the registry" \
    "$IKD" ikd issue --registry reg.db --nik 1101015708900002
chmod 644 reg.db.ikd-key
expect 2 "key file reg.db.ikd-key is open to group or others (mode 0644); run chmod 600" \
    "$IKD" ikd issue --registry reg.db --nik $NIK

[ "$failures" -eq 0 ] && echo "ikd cli: all passed"
exit "$failures"
