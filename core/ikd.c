/* IKD credential payload: the binary layout (big-endian, version 1), signing with Ed25519,
 * strict decoding, and verification in a fixed order (form, issuer, signature, dates,
 * revocation) so a forged field is always reported as a bad signature, never as "expired". */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "core/area.h"
#include "core/ikd.h"
#include "core/ikd_internal.h"
#include "core/ikd_text.h"
#include "core/normalize.h"
#include "core/status.h"

/* Payload v1: version(1) key_id(8) credential_id(4) nik_bcd(8) birth(2) issued(2)
 * expires(2) district(3) name_len(1) name(name_len) signature(64). Dates are days since
 * 1900-01-01. The signature covers a domain tag and every byte before it. */
enum { OFF_VERSION = 0, OFF_KEY_ID = 1, OFF_CRED_ID = 9, OFF_NIK = 13, OFF_BIRTH = 21,
       OFF_ISSUED = 23, OFF_EXPIRES = 25, OFF_DISTRICT = 27, OFF_NAME_LEN = 30 };
static const unsigned char sign_domain[] = "KTP-IKD-v1"; /* 11 bytes with its NUL */

static int date_in_range(core_ikd_date d)
{
    long days = core_ikd_date_days(d);
    return core__ikd_date_exists(d) && days >= 0 && days <= 0xffff;
}

int core_ikd_claims_check(const core_ikd_claims *c, char *err, size_t err_size)
{
    char msg[160], a[11], b[11];
    if (c->credential_id == 0)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "credential id 0 is not allowed");
    if (core_nik_parse(c->nik, NULL, msg, sizeof msg) != CORE_OK)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "NIK: %s", msg);
    size_t name_len = strnlen(c->name, sizeof c->name);
    if (name_len == 0 || name_len > CORE_IKD_NAME_MAX)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "name must be 1-%d bytes",
                              CORE_IKD_NAME_MAX);
    if (!core_normalize_text_ok((const unsigned char *)c->name, name_len))
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "name is not UTF-8 text without control characters");
    if (!date_in_range(c->birth) || !date_in_range(c->issued) || !date_in_range(c->expires))
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "dates must exist and lie in 1900-01-01 .. 2079-06-06");
    if (core_ikd_date_days(c->birth) > core_ikd_date_days(c->issued)) {
        core_ikd_date_format(c->birth, a);
        core_ikd_date_format(c->issued, b);
        return core__ikd_fail(CORE_EINVAL, err, err_size, "birth %s is after issue %s", a, b);
    }
    if (core_ikd_date_days(c->expires) < core_ikd_date_days(c->issued)) {
        core_ikd_date_format(c->expires, a);
        core_ikd_date_format(c->issued, b);
        return core__ikd_fail(CORE_EINVAL, err, err_size, "expiry %s is before issue %s", a, b);
    }
    if (c->district_code < 0 || c->district_code > 999999 ||
        !core_area_name(CORE_AREA_DISTRICT, c->district_code))
        return core__ikd_fail(CORE_EINVAL, err, err_size, "unknown district code %ld",
                              c->district_code);
    return CORE_OK;
}

static void put_be(unsigned char *p, unsigned long v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)(v & 0xff);
}

static unsigned long get_be(const unsigned char *p, int bytes)
{
    unsigned long v = 0;
    for (int i = 0; i < bytes; i++)
        v = v << 8 | p[i];
    return v;
}

/* Writes the signed part of the payload; returns its length. Claims must be checked. */
static size_t payload_body(const core_ikd_claims *c, unsigned char *p)
{
    size_t name_len = strlen(c->name);
    p[OFF_VERSION] = CORE_IKD_FORMAT_VERSION;
    memcpy(p + OFF_KEY_ID, c->key_id, CORE_IKD_KEY_ID_BYTES);
    put_be(p + OFF_CRED_ID, c->credential_id, 4);
    for (int i = 0; i < 8; i++)
        p[OFF_NIK + i] = (unsigned char)((c->nik[2 * i] - '0') << 4 | (c->nik[2 * i + 1] - '0'));
    put_be(p + OFF_BIRTH, (unsigned long)core_ikd_date_days(c->birth), 2);
    put_be(p + OFF_ISSUED, (unsigned long)core_ikd_date_days(c->issued), 2);
    put_be(p + OFF_EXPIRES, (unsigned long)core_ikd_date_days(c->expires), 2);
    put_be(p + OFF_DISTRICT, (unsigned long)c->district_code, 3);
    p[OFF_NAME_LEN] = (unsigned char)name_len;
    memcpy(p + CORE_IKD_FIXED_BYTES, c->name, name_len);
    return CORE_IKD_FIXED_BYTES + name_len;
}

static void signed_message(const unsigned char *body, size_t body_len, unsigned char *msg)
{
    memcpy(msg, sign_domain, sizeof sign_domain);
    memcpy(msg + sizeof sign_domain, body, body_len);
}

int core_ikd_sign(const core_ikd_key *key, const core_ikd_claims *claims,
                  unsigned char *payload_out, size_t *payload_size, char *text,
                  size_t text_size, char *err, size_t err_size)
{
    core_ikd_claims c = *claims;
    memcpy(c.key_id, key->pub.key_id, CORE_IKD_KEY_ID_BYTES);
    int rc = core_ikd_claims_check(&c, err, err_size);
    if (rc != CORE_OK)
        return rc;
    if (core__ikd_sodium_ready() != 0)
        return core__ikd_fail(CORE_EIO, err, err_size, "libsodium cannot start");
    unsigned char payload[CORE_IKD_PAYLOAD_MAX], msg[sizeof sign_domain + CORE_IKD_PAYLOAD_MAX];
    size_t body_len = payload_body(&c, payload);
    signed_message(payload, body_len, msg);
    crypto_sign_detached(payload + body_len, NULL, msg, sizeof sign_domain + body_len,
                         key->secret_key);
    size_t total = body_len + CORE_IKD_SIGNATURE_BYTES;
    size_t need = strlen(CORE_IKD_PREFIX) + core__ikd_base45_length(total) + 1;
    if (text && text_size < need)
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "credential text needs %zu bytes, buffer has %zu", need, text_size);
    if (text) {
        strcpy(text, CORE_IKD_PREFIX);
        core__ikd_base45_encode(payload, total, text + strlen(CORE_IKD_PREFIX));
    }
    if (payload_out)
        memcpy(payload_out, payload, total);
    if (payload_size)
        *payload_size = total;
    return CORE_OK;
}

static core_ikd_date date_at(const unsigned char *p)
{
    return core_ikd_date_from_days((long)get_be(p, 2));
}

int core_ikd_decode_payload(const unsigned char *p, size_t size, core_ikd_credential *out,
                            char *err, size_t err_size)
{
    if (size < CORE_IKD_FIXED_BYTES + CORE_IKD_SIGNATURE_BYTES)
        return core__ikd_fail(CORE_ECORRUPT, err, err_size,
                              "credential payload is %zu bytes, at least %d needed", size,
                              CORE_IKD_FIXED_BYTES + CORE_IKD_SIGNATURE_BYTES);
    if (p[OFF_VERSION] != CORE_IKD_FORMAT_VERSION)
        return core__ikd_fail(CORE_ECORRUPT, err, err_size,
                              "credential format version %d is not supported (only %d)",
                              p[OFF_VERSION], CORE_IKD_FORMAT_VERSION);
    size_t name_len = p[OFF_NAME_LEN];
    size_t expected = CORE_IKD_FIXED_BYTES + name_len + CORE_IKD_SIGNATURE_BYTES;
    if (name_len == 0 || name_len > CORE_IKD_NAME_MAX)
        return core__ikd_fail(CORE_ECORRUPT, err, err_size, "name length %zu is not 1-%d",
                              name_len, CORE_IKD_NAME_MAX);
    if (size != expected)
        return core__ikd_fail(CORE_ECORRUPT, err, err_size,
                              "credential payload is %zu bytes, its name length says %zu",
                              size, expected);
    if (!core_normalize_text_ok(p + CORE_IKD_FIXED_BYTES, name_len))
        return core__ikd_fail(CORE_ECORRUPT, err, err_size,
                              "name is not UTF-8 text without control characters");
    core_ikd_claims *c = &out->claims;
    memset(c, 0, sizeof *c);
    memcpy(c->key_id, p + OFF_KEY_ID, CORE_IKD_KEY_ID_BYTES);
    c->credential_id = (uint32_t)get_be(p + OFF_CRED_ID, 4);
    for (int i = 0; i < 8; i++) {
        unsigned hi = p[OFF_NIK + i] >> 4, lo = p[OFF_NIK + i] & 15;
        if (hi > 9 || lo > 9)
            return core__ikd_fail(CORE_ECORRUPT, err, err_size,
                                  "NIK byte %d is not two decimal digits", i + 1);
        c->nik[2 * i] = (char)('0' + hi);
        c->nik[2 * i + 1] = (char)('0' + lo);
    }
    c->birth = date_at(p + OFF_BIRTH);
    c->issued = date_at(p + OFF_ISSUED);
    c->expires = date_at(p + OFF_EXPIRES);
    c->district_code = (long)get_be(p + OFF_DISTRICT, 3);
    memcpy(c->name, p + CORE_IKD_FIXED_BYTES, name_len);
    char msg[200];
    if (core_ikd_claims_check(c, msg, sizeof msg) != CORE_OK)
        return core__ikd_fail(CORE_ECORRUPT, err, err_size, "credential payload: %s", msg);
    memcpy(out->signature, p + expected - CORE_IKD_SIGNATURE_BYTES, CORE_IKD_SIGNATURE_BYTES);
    memcpy(out->payload, p, size);
    out->payload_size = size;
    return CORE_OK;
}

int core_ikd_decode(const char *text, core_ikd_credential *out, char *err, size_t err_size)
{
    size_t prefix = strlen(CORE_IKD_PREFIX);
    if (!text || strncmp(text, CORE_IKD_PREFIX, prefix) != 0)
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "not an IKD credential (it must start with \"%s\")",
                              CORE_IKD_PREFIX);
    size_t len = strnlen(text + prefix, CORE_IKD_TEXT_MAX + 1);
    unsigned char payload[CORE_IKD_PAYLOAD_MAX];
    size_t n = 0;
    int rc = core__ikd_base45_decode(text + prefix, len, payload, sizeof payload, &n, err,
                                     err_size);
    if (rc != CORE_OK)
        return rc;
    return core_ikd_decode_payload(payload, n, out, err, err_size);
}

const char *core_ikd_verdict_name(core_ikd_verdict verdict)
{
    switch (verdict) {
    case CORE_IKD_VALID: return "valid";
    case CORE_IKD_MALFORMED: return "malformed";
    case CORE_IKD_UNKNOWN_ISSUER: return "unknown-issuer";
    case CORE_IKD_BAD_SIGNATURE: return "bad-signature";
    case CORE_IKD_NOT_YET_VALID: return "not-yet-valid";
    case CORE_IKD_EXPIRED: return "expired";
    case CORE_IKD_REVOKED: return "revoked";
    }
    return "unknown";
}

static int verdict(core_ikd_result *out, core_ikd_verdict v, const char *fmt, const char *arg)
{
    out->verdict = v;
    snprintf(out->reason, sizeof out->reason, fmt, arg);
    return CORE_OK;
}

/* Issuer, signature, dates, revocation: the checks after a successful decode. */
static int verify_decoded(const core_ikd_pubkey *keys, size_t key_count, core_ikd_date now,
                          core_registry *reg, core_ikd_result *out, char *err, size_t err_size)
{
    const core_ikd_credential *cred = &out->credential;
    const core_ikd_pubkey *key = NULL;
    char text[64], day[11];
    for (size_t i = 0; i < key_count && !key; i++)
        if (sodium_memcmp(keys[i].key_id, cred->claims.key_id, CORE_IKD_KEY_ID_BYTES) == 0)
            key = &keys[i];
    core_ikd_key_id_hex(cred->claims.key_id, text);
    if (!key)
        return verdict(out, CORE_IKD_UNKNOWN_ISSUER, "issuer key %s is not a trusted key", text);
    if (core__ikd_sodium_ready() != 0)
        return core__ikd_fail(CORE_EIO, err, err_size, "libsodium cannot start");
    unsigned char msg[sizeof sign_domain + CORE_IKD_PAYLOAD_MAX];
    size_t body_len = cred->payload_size - CORE_IKD_SIGNATURE_BYTES;
    signed_message(cred->payload, body_len, msg);
    if (crypto_sign_verify_detached(cred->signature, msg, sizeof sign_domain + body_len,
                                    key->public_key) != 0)
        return verdict(out, CORE_IKD_BAD_SIGNATURE,
                       "the signature does not match the credential and issuer key %s", text);
    long today = core_ikd_date_days(now);
    if (today < core_ikd_date_days(cred->claims.issued)) {
        core_ikd_date_format(cred->claims.issued, day);
        return verdict(out, CORE_IKD_NOT_YET_VALID, "not valid before %s", day);
    }
    if (today > core_ikd_date_days(cred->claims.expires)) {
        core_ikd_date_format(cred->claims.expires, day);
        return verdict(out, CORE_IKD_EXPIRED, "expired after %s", day);
    }
    if (reg) {
        int revoked = 0;
        core_ikd_date on;
        char why[128];
        int rc = core_ikd_revocation_get(reg, cred->claims.key_id, cred->claims.credential_id,
                                         &revoked, &on, why, sizeof why, err, err_size);
        if (rc != CORE_OK)
            return rc;
        if (revoked) {
            core_ikd_date_format(on, day);
            out->verdict = CORE_IKD_REVOKED;
            snprintf(out->reason, sizeof out->reason, "revoked on %s: %s", day, why);
            return CORE_OK;
        }
    }
    return verdict(out, CORE_IKD_VALID, "%s", "valid");
}

int core_ikd_verify_payload(const unsigned char *payload, size_t size,
                            const core_ikd_pubkey *keys, size_t key_count, core_ikd_date now,
                            core_registry *reg, core_ikd_result *out, char *err,
                            size_t err_size)
{
    memset(out, 0, sizeof *out);
    if (core_ikd_decode_payload(payload, size, &out->credential, out->reason,
                                sizeof out->reason) != CORE_OK) {
        out->verdict = CORE_IKD_MALFORMED;
        return CORE_OK;
    }
    return verify_decoded(keys, key_count, now, reg, out, err, err_size);
}

int core_ikd_verify(const char *text, const core_ikd_pubkey *keys, size_t key_count,
                    core_ikd_date now, core_registry *reg, core_ikd_result *out, char *err,
                    size_t err_size)
{
    memset(out, 0, sizeof *out);
    if (core_ikd_decode(text, &out->credential, out->reason, sizeof out->reason) != CORE_OK) {
        out->verdict = CORE_IKD_MALFORMED;
        return CORE_OK;
    }
    return verify_decoded(keys, key_count, now, reg, out, err, err_size);
}
