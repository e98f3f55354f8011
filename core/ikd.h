/* IKD (Identitas Kependudukan Digital) credentials: a compact binary payload (NIK, name, date
 * of birth, district, issue and expiry dates, credential id, issuer key id) signed with
 * Ed25519 and written as "IKD1:" + base45 text, which QR alphanumeric mode stores at 5.5 bits
 * a character. Decoding is strict: one text for one payload, every field range-checked.
 * Verification checks the issuer key, the signature, the validity dates against a caller-given
 * day and the revocation list kept in the registry (core/ikd_store.c).
 * Pure functions are thread-safe; registry functions follow the registry's thread rules.
 * Error texts go to err (err_size bytes, may be NULL). Keys: core/ikd_key.h. */
#ifndef CORE_IKD_H
#define CORE_IKD_H

#include <stddef.h>
#include <stdint.h>
#include "core/ikd_key.h"
#include "core/nik.h"
#include "core/registry.h"

#define CORE_IKD_FORMAT_VERSION 1
#define CORE_IKD_PREFIX "IKD1:"     /* the text form's first characters */
#define CORE_IKD_NAME_MAX 127       /* bytes of UTF-8, without the NUL */
#define CORE_IKD_SIGNATURE_BYTES 64 /* Ed25519 */
#define CORE_IKD_FIXED_BYTES 31     /* payload bytes before the name */
/* Payload = fixed fields + name + signature; 95 bytes plus the name. */
#define CORE_IKD_PAYLOAD_MAX (CORE_IKD_FIXED_BYTES + CORE_IKD_NAME_MAX + CORE_IKD_SIGNATURE_BYTES)
/* Text = prefix + base45 (3 characters per 2 bytes) + NUL. */
#define CORE_IKD_TEXT_MAX (5 + (CORE_IKD_PAYLOAD_MAX + 1) / 2 * 3 + 1)

/* A calendar day (proleptic Gregorian). Payload dates lie in 1900-01-01 .. 2079-06-06. */
typedef struct core_ikd_date {
    int year, month, day;
} core_ikd_date;

/* Parses "YYYY-MM-DD" (a day that exists, 1900..2079): CORE_OK or CORE_EINVAL. */
int core_ikd_date_parse(const char *text, core_ikd_date *out, char *err, size_t err_size);
/* Writes "YYYY-MM-DD" and a NUL (11 bytes). */
void core_ikd_date_format(core_ikd_date date, char out[11]);
/* Days since 1900-01-01 (negative before); the date must exist. */
long core_ikd_date_days(core_ikd_date date);
/* The day `days` after 1900-01-01. */
core_ikd_date core_ikd_date_from_days(long days);
/* Today's date in UTC (the system clock). */
core_ikd_date core_ikd_date_today(void);

/* What a credential says. */
typedef struct core_ikd_claims {
    uint32_t credential_id;                     /* >= 1, unique per issuer key */
    unsigned char key_id[CORE_IKD_KEY_ID_BYTES]; /* the issuer's key id */
    char nik[CORE_NIK_DIGITS + 1];
    char name[CORE_IKD_NAME_MAX + 1];           /* UTF-8, no control characters */
    core_ikd_date birth, issued, expires;       /* birth <= issued <= expires */
    long district_code;                         /* PPKKCC, a known district */
} core_ikd_claims;

/* A decoded credential: its claims, signature, and the exact bytes that were signed. */
typedef struct core_ikd_credential {
    core_ikd_claims claims;
    unsigned char signature[CORE_IKD_SIGNATURE_BYTES];
    unsigned char payload[CORE_IKD_PAYLOAD_MAX];
    size_t payload_size;  /* whole payload, signature included */
} core_ikd_credential;

/* Checks claims the way the decoder will (NIK, name, dates, district, id): CORE_OK or
 * CORE_EINVAL with the first problem, e.g. "expiry 2020-01-01 is before issue 2021-01-01". */
int core_ikd_claims_check(const core_ikd_claims *claims, char *err, size_t err_size);

/* Signs claims with key (claims->key_id is replaced by the key's id) and writes the binary
 * payload (payload_out, CORE_IKD_PAYLOAD_MAX bytes, may be NULL; *payload_size its length)
 * and the text form (text, text_size >= CORE_IKD_TEXT_MAX recommended). CORE_OK, CORE_EINVAL
 * (bad claims, text buffer too small). */
int core_ikd_sign(const core_ikd_key *key, const core_ikd_claims *claims,
                  unsigned char *payload_out, size_t *payload_size, char *text,
                  size_t text_size, char *err, size_t err_size);

/* Decodes the text form (prefix, base45) or the binary payload strictly. CORE_OK;
 * CORE_EINVAL for text that is not an IKD1 credential (bad prefix, character, length);
 * CORE_ECORRUPT for a payload with a bad field ("name length 0", "unknown district code ...",
 * "3 bytes after the signature"). Never reads past size; *out is unspecified on error. */
int core_ikd_decode(const char *text, core_ikd_credential *out, char *err, size_t err_size);
int core_ikd_decode_payload(const unsigned char *payload, size_t size, core_ikd_credential *out,
                            char *err, size_t err_size);

/* The outcome of a verification; distinct reasons for each way a credential fails. */
typedef enum core_ikd_verdict {
    CORE_IKD_VALID = 0,
    CORE_IKD_MALFORMED = 1,      /* not a well-formed IKD1 credential */
    CORE_IKD_UNKNOWN_ISSUER = 2, /* issuer key id not among the trusted keys */
    CORE_IKD_BAD_SIGNATURE = 3,  /* signature does not match the payload and key */
    CORE_IKD_NOT_YET_VALID = 4,  /* now is before the issue date */
    CORE_IKD_EXPIRED = 5,        /* now is after the expiry date */
    CORE_IKD_REVOKED = 6         /* on the registry's revocation list */
} core_ikd_verdict;

/* "valid", "malformed", "unknown-issuer", "bad-signature", "not-yet-valid", "expired",
 * "revoked"; "unknown" otherwise. */
const char *core_ikd_verdict_name(core_ikd_verdict verdict);

typedef struct core_ikd_result {
    core_ikd_verdict verdict;
    core_ikd_credential credential; /* decoded; meaningful unless MALFORMED */
    char reason[256];               /* one sentence, e.g. "expired on 2027-11-22" */
} core_ikd_result;

/* Verifies a credential in text form or as a payload. Checks, in this order: well-formed,
 * issuer key among keys[0..key_count), Ed25519 signature, issued <= now <= expires (days,
 * inclusive), not revoked in reg (reg NULL: no revocation check). Returns CORE_OK when the
 * checks ran (out->verdict says the outcome), or CORE_EIO / CORE_ECORRUPT when the registry
 * could not be read (err says why). */
int core_ikd_verify(const char *text, const core_ikd_pubkey *keys, size_t key_count,
                    core_ikd_date now, core_registry *reg, core_ikd_result *out, char *err,
                    size_t err_size);
int core_ikd_verify_payload(const unsigned char *payload, size_t size,
                            const core_ikd_pubkey *keys, size_t key_count, core_ikd_date now,
                            core_registry *reg, core_ikd_result *out, char *err,
                            size_t err_size);

/* --- Credentials in the registry (core/ikd_store.c) ---
 * Issued credentials are rows of ikd_credentials (id = credential id, status 1 active or
 * 2 revoked, device_id = the issuer key id in hex: a QR credential is bound to its issuer key,
 * not to a device). The revocation list is the table ikd_revocations (key id, credential id,
 * day, reason), created on first write, so a verifier's registry can hold revocations for
 * credentials it did not issue. Every write is one transaction with an audit entry. */

#define CORE_IKD_STATUS_ACTIVE 1
#define CORE_IKD_STATUS_REVOKED 2

/* Issues a credential to the person with this NIK: a new ikd_credentials row (its id is the
 * credential id), valid from `issued` for valid_days days (expires = issued + valid_days - 1,
 * valid_days 1..36500). Earlier active credentials of the person from the same key are
 * revoked with reason "superseded". Writes the signed text (text_size >= CORE_IKD_TEXT_MAX)
 * and, if claims_out is not NULL, the claims. CORE_OK; CORE_ENOTFOUND (no such person);
 * CORE_EINVAL (bad NIK, days, a person whose data cannot be a credential); CORE_EIO/EBUSY.
 * Nothing is written on error. */
int core_ikd_issue(core_registry *reg, const core_ikd_key *key, const char *nik,
                   core_ikd_date issued, int valid_days, char *text, size_t text_size,
                   core_ikd_claims *claims_out, char *err, size_t err_size);

/* Puts a credential on the revocation list (and marks its row revoked if this registry
 * issued it with that key). reason: a short text (NULL = "revoked"). CORE_OK; CORE_EEXIST
 * if already revoked; CORE_EINVAL (id 0); CORE_EIO/EBUSY. Nothing is written on error. */
int core_ikd_revoke(core_registry *reg, const unsigned char key_id[CORE_IKD_KEY_ID_BYTES],
                    uint32_t credential_id, core_ikd_date on, const char *reason, char *err,
                    size_t err_size);

/* Whether a credential is on the revocation list: *revoked 0/1; when revoked, the day and
 * reason go to on_out (may be NULL) and reason_out (reason_size bytes, may be NULL).
 * Read-only (works on a CORE_REGISTRY_READONLY handle). CORE_OK or CORE_EIO. */
int core_ikd_revocation_get(core_registry *reg, const unsigned char key_id[CORE_IKD_KEY_ID_BYTES],
                            uint32_t credential_id, int *revoked, core_ikd_date *on_out,
                            char *reason_out, size_t reason_size, char *err, size_t err_size);

/* --- QR rendering (core/ikd_qr.c) --- */

/* A QR symbol: width x width modules, row-major, 1 = dark. Made by core_ikd_qr_init, freed
 * by core_ikd_qr_fini. */
typedef struct core_ikd_qr {
    int version; /* QR version 1..40 */
    int width;   /* modules per side, 17 + 4 * version */
    unsigned char *modules;
} core_ikd_qr;

/* Encodes text at error-correction level M (alphanumeric mode for credential text).
 * CORE_OK, CORE_EINVAL (empty or too long for any QR version), CORE_ENOMEM. */
int core_ikd_qr_init(core_ikd_qr *qr, const char *text, char *err, size_t err_size);
void core_ikd_qr_fini(core_ikd_qr *qr); /* safe on a zeroed or finished struct */

/* A PNG (greyscale, 1 bit, stored deflate: no zlib needed) of the symbol with `margin`
 * light modules around it (4 is the standard quiet zone), each module scale x scale pixels
 * (1..64). *png is malloc'd (caller frees). CORE_OK, CORE_EINVAL, CORE_ENOMEM. */
int core_ikd_qr_png(const core_ikd_qr *qr, int scale, int margin, unsigned char **png,
                    size_t *png_size, char *err, size_t err_size);
/* Same, written to path completely or not at all (temporary name, then rename). CORE_EIO. */
int core_ikd_qr_png_write(const core_ikd_qr *qr, int scale, int margin, const char *path,
                          char *err, size_t err_size);

typedef enum core_ikd_qr_style {
    CORE_IKD_QR_HALF_BLOCKS = 1, /* UTF-8 half blocks: 1 column and half a line per module */
    CORE_IKD_QR_ASCII = 2        /* "##" dark, "  " light: 2 columns and 1 line per module */
} core_ikd_qr_style;

/* Text drawing of the symbol with `margin` light modules around it; lines end in '\n'.
 * Light modules are drawn with ink (block characters or "##") and dark ones left blank, so
 * the symbol scans on the usual light-on-dark terminal. HALF_BLOCKS: (width + 2 margin)
 * columns and ceil((width + 2 margin) / 2) lines; ASCII: twice the columns, one line per
 * module row. *text is malloc'd (caller frees). CORE_OK, CORE_EINVAL, CORE_ENOMEM. */
int core_ikd_qr_text(const core_ikd_qr *qr, int margin, core_ikd_qr_style style, char **text,
                     char *err, size_t err_size);

#endif
