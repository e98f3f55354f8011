/* IKD credential payload: base45 against RFC 9285's examples, day-number dates, round trips,
 * exact messages for malformed input, verdicts with distinct reasons, the forgery sweep
 * (every bit and byte of 24 credentials, every character of their text) and random fuzzing. */
#include "ikd_test_util.h"
#include "core/ikd_text.h"
#include "tests/check_run.h"

static const core_ikd_date mid_2026 = {2026, 6, 1};

START_TEST(base45_rfc9285_examples)
{
    static const struct { const char *bytes, *text; } cases[] = {
        {"AB", "BB8"}, {"Hello!!", "%69 VD92EX0"}, {"base-45", "UJCLQE7W581"},
        {"ietf!", "QED8WEX0"}, {"", ""}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        unsigned char back[64];
        size_t n = strlen(cases[i].bytes), got = 0;
        core__ikd_base45_encode((const unsigned char *)cases[i].bytes, n, out);
        ck_assert_str_eq(out, cases[i].text);
        ck_assert_uint_eq(strlen(out), core__ikd_base45_length(n));
        ck_assert_int_eq(core__ikd_base45_decode(out, strlen(out), back, sizeof back, &got,
                                                 NULL, 0), CORE_OK);
        ck_assert_uint_eq(got, n);
        ck_assert_int_eq(memcmp(back, cases[i].bytes, n), 0);
    }
    /* RFC 9285 section 4.2's invalid example and our strictness rules. */
    char err[160];
    unsigned char back[16];
    size_t got;
    ck_assert_int_eq(core__ikd_base45_decode("GGW", 3, back, sizeof back, &got, err, sizeof err),
                     CORE_EINVAL); /* 65536 + ... */
    ck_assert_str_eq(err, "base45 group at character 1 exceeds 65535");
    ck_assert_int_eq(core__ikd_base45_decode("ABCD", 4, back, sizeof back, &got, err,
                                             sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "base45 text of 4 characters cannot be complete");
    ck_assert_int_eq(core__ikd_base45_decode("ab", 2, back, sizeof back, &got, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "character 1 (0x61) is not in the base45 alphabet");
    ck_assert_int_eq(core__ikd_base45_decode("ZZ", 2, back, sizeof back, &got, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "base45 final pair exceeds 255");
}
END_TEST

START_TEST(dates_round_trip)
{
    ck_assert_int_eq(core_ikd_date_days(ikd_date(1900, 1, 1)), 0);
    ck_assert_int_eq(core_ikd_date_days(ikd_date(1970, 1, 1)), 25567);
    ck_assert_int_eq(core_ikd_date_days(ikd_date(2000, 3, 1)) -
                         core_ikd_date_days(ikd_date(2000, 2, 28)), 2); /* 2000 was leap */
    ck_assert_int_eq(core_ikd_date_days(ikd_date(1900, 3, 1)) -
                         core_ikd_date_days(ikd_date(1900, 2, 28)), 1); /* 1900 was not */
    long prev_days = -1;
    for (long d = 0; d <= 0xffff; d++) {
        core_ikd_date date = core_ikd_date_from_days(d);
        ck_assert_int_eq(core_ikd_date_days(date), d);
        ck_assert_int_gt(d, prev_days);
        prev_days = d;
        char text[11];
        core_ikd_date back;
        core_ikd_date_format(date, text);
        ck_assert_int_eq(core_ikd_date_parse(text, &back, NULL, 0), CORE_OK);
        ck_assert_int_eq(back.year * 10000 + back.month * 100 + back.day,
                         date.year * 10000 + date.month * 100 + date.day);
    }
    core_ikd_date last = core_ikd_date_from_days(0xffff);
    ck_assert_int_eq(last.year * 10000 + last.month * 100 + last.day, 20790606);
    char err[128];
    core_ikd_date out;
    ck_assert_int_eq(core_ikd_date_parse("2023-02-29", &out, err, sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "date 2023-02-29 does not exist");
    ck_assert_int_eq(core_ikd_date_parse("2023-2-28", &out, err, sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "date \"2023-2-28\" is not YYYY-MM-DD");
    ck_assert_int_eq(core_ikd_date_parse("2080-01-01", &out, err, sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "date 2080-01-01 is outside 1900-01-01 .. 2079-06-06");
}
END_TEST

static void assert_claims_equal(const core_ikd_claims *a, const core_ikd_claims *b)
{
    ck_assert_uint_eq(a->credential_id, b->credential_id);
    ck_assert_int_eq(memcmp(a->key_id, b->key_id, CORE_IKD_KEY_ID_BYTES), 0);
    ck_assert_str_eq(a->nik, b->nik);
    ck_assert_str_eq(a->name, b->name);
    ck_assert_int_eq(core_ikd_date_days(a->birth), core_ikd_date_days(b->birth));
    ck_assert_int_eq(core_ikd_date_days(a->issued), core_ikd_date_days(b->issued));
    ck_assert_int_eq(core_ikd_date_days(a->expires), core_ikd_date_days(b->expires));
    ck_assert_int_eq(a->district_code, b->district_code);
}

START_TEST(sign_decode_round_trip)
{
    core_ikd_key key;
    ikd_test_key(&key, 7);
    for (int k = 0; k < 40; k++) {
        core_ikd_claims c = ikd_test_claims(k);
        unsigned char payload[CORE_IKD_PAYLOAD_MAX];
        size_t size = 0;
        char text[CORE_IKD_TEXT_MAX];
        ck_assert_int_eq(core_ikd_sign(&key, &c, payload, &size, text, sizeof text, NULL, 0),
                         CORE_OK);
        ck_assert_uint_eq(size, CORE_IKD_FIXED_BYTES + strlen(c.name) +
                                    CORE_IKD_SIGNATURE_BYTES);
        ck_assert_uint_eq(strlen(text), 5 + core__ikd_base45_length(size));
        ck_assert_int_eq(strncmp(text, "IKD1:", 5), 0);
        for (const char *p = text; *p; p++) /* the QR alphanumeric set */
            ck_assert_ptr_nonnull(strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", *p));
        core_ikd_credential cred;
        ck_assert_int_eq(core_ikd_decode(text, &cred, NULL, 0), CORE_OK);
        memcpy(c.key_id, key.pub.key_id, CORE_IKD_KEY_ID_BYTES);
        assert_claims_equal(&cred.claims, &c);
        ck_assert_uint_eq(cred.payload_size, size);
        ck_assert_int_eq(memcmp(cred.payload, payload, size), 0);
        core_ikd_result r;
        ck_assert_int_eq(core_ikd_verify(text, &key.pub, 1, c.issued, NULL, &r, NULL, 0),
                         CORE_OK);
        ck_assert_msg(r.verdict == CORE_IKD_VALID, "credential %d: %s", k, r.reason);
    }
    /* A UTF-8 name of the maximum length survives; one byte more is refused. */
    core_ikd_claims c = ikd_test_claims(1);
    memset(c.name, 'A', CORE_IKD_NAME_MAX);
    memcpy(c.name, "\xc3\xa9\xe2\x82\xac", 5); /* e-acute, euro sign */
    c.name[CORE_IKD_NAME_MAX] = '\0';
    char text[CORE_IKD_TEXT_MAX], err[160];
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, err, sizeof err),
                     CORE_OK);
    ck_assert_uint_eq(strlen(text) + 1, CORE_IKD_TEXT_MAX);
    core_ikd_credential cred;
    ck_assert_int_eq(core_ikd_decode(text, &cred, NULL, 0), CORE_OK);
    ck_assert_str_eq(cred.claims.name, c.name);
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, 100, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "credential text needs 339 bytes, buffer has 100");
    core_ikd_key_fini(&key);
}
END_TEST

START_TEST(claims_are_checked)
{
    core_ikd_key key;
    ikd_test_key(&key, 3);
    char text[CORE_IKD_TEXT_MAX], err[200];
    core_ikd_claims c = ikd_test_claims(2);
    c.expires = ikd_date(2025, 12, 31);
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "expiry 2025-12-31 is before issue 2026-01-03");
    c = ikd_test_claims(2);
    c.district_code = 110199;
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "unknown district code 110199");
    c = ikd_test_claims(2);
    strcpy(c.name, "Tab\there");
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "name is not UTF-8 text without control characters");
    strcpy(c.name, "\xc0\xaf overlong");
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, NULL, 0),
                     CORE_EINVAL);
    c = ikd_test_claims(2);
    strcpy(c.nik, "1101017201850001");
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "NIK: day 72 is not a valid day (1-31 men, 41-71 women)");
    c = ikd_test_claims(2);
    c.credential_id = 0;
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, err, sizeof err),
                     CORE_EINVAL);
    ck_assert_str_eq(err, "credential id 0 is not allowed");
    core_ikd_key_fini(&key);
}
END_TEST

/* Signs claims k with key and returns the payload. */
static size_t signed_payload(const core_ikd_key *key, int k, unsigned char *payload)
{
    core_ikd_claims c = ikd_test_claims(k);
    size_t size = 0;
    ck_assert_int_eq(core_ikd_sign(key, &c, payload, &size, NULL, 0, NULL, 0), CORE_OK);
    return size;
}

START_TEST(malformed_messages)
{
    core_ikd_key key;
    ikd_test_key(&key, 5);
    unsigned char p[CORE_IKD_PAYLOAD_MAX + 8];
    size_t n = signed_payload(&key, 4, p);
    core_ikd_credential cred;
    char err[200];
    ck_assert_int_eq(core_ikd_decode("IKD2:ABC", &cred, err, sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "not an IKD credential (it must start with \"IKD1:\")");
    ck_assert_int_eq(core_ikd_decode(NULL, &cred, err, sizeof err), CORE_EINVAL);
    ck_assert_int_eq(core_ikd_decode("IKD1:", &cred, err, sizeof err), CORE_ECORRUPT);
    ck_assert_str_eq(err, "credential payload is 0 bytes, at least 95 needed");
    p[0] = 2;
    ck_assert_int_eq(core_ikd_decode_payload(p, n, &cred, err, sizeof err), CORE_ECORRUPT);
    ck_assert_str_eq(err, "credential format version 2 is not supported (only 1)");
    p[0] = 1;
    p[n] = 0;
    ck_assert_int_eq(core_ikd_decode_payload(p, n + 1, &cred, err, sizeof err), CORE_ECORRUPT);
    ck_assert_str_eq(err, "credential payload is 102 bytes, its name length says 101");
    ck_assert_int_eq(core_ikd_decode_payload(p, n - 1, &cred, err, sizeof err), CORE_ECORRUPT);
    ck_assert_str_eq(err, "credential payload is 100 bytes, its name length says 101");
    p[13] = 0x1a; /* a NIK nibble that is not a digit */
    ck_assert_int_eq(core_ikd_decode_payload(p, n, &cred, err, sizeof err), CORE_ECORRUPT);
    ck_assert_str_eq(err, "NIK byte 1 is not two decimal digits");
    n = signed_payload(&key, 4, p);
    p[30] = 0;
    ck_assert_int_eq(core_ikd_decode_payload(p, n, &cred, err, sizeof err), CORE_ECORRUPT);
    ck_assert_str_eq(err, "name length 0 is not 1-127");
    n = signed_payload(&key, 4, p);
    p[31] = 0; /* a NUL inside the name would make two payloads for one name */
    ck_assert_int_eq(core_ikd_decode_payload(p, n, &cred, err, sizeof err), CORE_ECORRUPT);
    ck_assert_str_eq(err, "name is not UTF-8 text without control characters");
    n = signed_payload(&key, 4, p);
    p[25] = 0, p[26] = 0; /* expires 1900-01-01 */
    ck_assert_int_eq(core_ikd_decode_payload(p, n, &cred, err, sizeof err), CORE_ECORRUPT);
    ck_assert_str_eq(err, "credential payload: expiry 1900-01-01 is before issue 2026-01-05");
    core_ikd_key_fini(&key);
}
END_TEST

START_TEST(verdicts_have_distinct_reasons)
{
    core_ikd_key key, other;
    ikd_test_key(&key, 9);
    ikd_test_key(&other, 10);
    core_ikd_claims c = ikd_test_claims(0); /* 2026-01-01 .. 2026-12-31 */
    char text[CORE_IKD_TEXT_MAX], day[11];
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, NULL, 0), CORE_OK);
    core_ikd_result r;
    ck_assert_int_eq(core_ikd_verify(text, &key.pub, 1, ikd_date(2026, 12, 31), NULL, &r, NULL,
                                     0), CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_VALID);
    ck_assert_int_eq(core_ikd_verify(text, &key.pub, 1, ikd_date(2027, 1, 1), NULL, &r, NULL,
                                     0), CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_EXPIRED);
    ck_assert_str_eq(r.reason, "expired after 2026-12-31");
    ck_assert_int_eq(core_ikd_verify(text, &key.pub, 1, ikd_date(2025, 12, 31), NULL, &r, NULL,
                                     0), CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_NOT_YET_VALID);
    ck_assert_str_eq(r.reason, "not valid before 2026-01-01");
    ck_assert_int_eq(core_ikd_verify(text, &other.pub, 1, mid_2026, NULL, &r, NULL, 0),
                     CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_UNKNOWN_ISSUER);
    char hex[17], want[80];
    core_ikd_key_id_hex(key.pub.key_id, hex);
    snprintf(want, sizeof want, "issuer key %s is not a trusted key", hex);
    ck_assert_str_eq(r.reason, want);
    ck_assert_int_eq(core_ikd_verify(text, NULL, 0, mid_2026, NULL, &r, NULL, 0), CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_UNKNOWN_ISSUER);
    /* A key with the right id but another public key (a key-id collision) fails the
     * signature, it is not trusted on its id alone. */
    core_ikd_pubkey impostor = other.pub;
    memcpy(impostor.key_id, key.pub.key_id, CORE_IKD_KEY_ID_BYTES);
    ck_assert_int_eq(core_ikd_verify(text, &impostor, 1, mid_2026, NULL, &r, NULL, 0),
                     CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_BAD_SIGNATURE);
    snprintf(want, sizeof want, "the signature does not match the credential and issuer key %s",
             hex);
    ck_assert_str_eq(r.reason, want);
    ck_assert_int_eq(core_ikd_verify("hello", &key.pub, 1, mid_2026, NULL, &r, NULL, 0),
                     CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_MALFORMED);
    ck_assert_str_eq(core_ikd_verdict_name(r.verdict), "malformed");
    core_ikd_date_format(c.expires, day);
    ck_assert_str_eq(day, "2026-12-31");
    core_ikd_key_fini(&key);
    core_ikd_key_fini(&other);
}
END_TEST

typedef struct sweep_tally {
    long mutations, rejected, by_verdict[8];
} sweep_tally;

static void tally(sweep_tally *t, const core_ikd_result *r)
{
    t->mutations++;
    t->rejected += r->verdict != CORE_IKD_VALID;
    t->by_verdict[r->verdict]++;
    /* Within the validity window and with no registry, a mutation can only be malformed, from
     * an unknown issuer or badly signed; never expired, revoked or valid. */
    ck_assert_msg(r->verdict == CORE_IKD_MALFORMED || r->verdict == CORE_IKD_UNKNOWN_ISSUER ||
                      r->verdict == CORE_IKD_BAD_SIGNATURE,
                  "mutation accepted or misreported: %s (%s)", core_ikd_verdict_name(r->verdict),
                  r->reason);
}

static void sweep_payload(const unsigned char *p, size_t n, const core_ikd_pubkey *keys,
                          size_t key_count, sweep_tally *t)
{
    unsigned char m[CORE_IKD_PAYLOAD_MAX];
    core_ikd_result r;
    for (size_t i = 0; i < n; i++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(m, p, n);
            m[i] ^= (unsigned char)(1u << bit);
            ck_assert_int_eq(core_ikd_verify_payload(m, n, keys, key_count, mid_2026, NULL, &r,
                                                     NULL, 0), CORE_OK);
            tally(t, &r);
        }
        static const unsigned char deltas[] = {0xff, 0x11, 0x80 | 0x01, 0x5a};
        for (size_t d = 0; d < sizeof deltas; d++) { /* whole-byte substitutions */
            memcpy(m, p, n);
            m[i] ^= deltas[d];
            ck_assert_int_eq(core_ikd_verify_payload(m, n, keys, key_count, mid_2026, NULL, &r,
                                                     NULL, 0), CORE_OK);
            tally(t, &r);
        }
    }
    for (size_t len = 0; len < n; len++) { /* every truncation */
        ck_assert_int_eq(core_ikd_verify_payload(p, len, keys, key_count, mid_2026, NULL, &r,
                                                 NULL, 0), CORE_OK);
        tally(t, &r);
    }
}

static void sweep_text(const char *text, const core_ikd_pubkey *keys, size_t key_count,
                       sweep_tally *t)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    char m[CORE_IKD_TEXT_MAX + 2];
    size_t len = strlen(text);
    core_ikd_result r;
    for (size_t i = 0; i < len; i++) {
        for (int s = 1; s <= 3; s++) { /* three other characters at every position */
            memcpy(m, text, len + 1);
            const char *at = strchr(alphabet, text[i]);
            size_t idx = at ? (size_t)(at - alphabet) : 0;
            m[i] = alphabet[(idx + (size_t)s * 14) % 45];
            if (m[i] == text[i])
                m[i] = 'a';
            ck_assert_int_eq(core_ikd_verify(m, keys, key_count, mid_2026, NULL, &r, NULL, 0),
                             CORE_OK);
            tally(t, &r);
        }
        memcpy(m, text, i); /* truncated after i characters */
        m[i] = '\0';
        ck_assert_int_eq(core_ikd_verify(m, keys, key_count, mid_2026, NULL, &r, NULL, 0),
                         CORE_OK);
        tally(t, &r);
    }
    memcpy(m, text, len);
    memcpy(m + len, "00", 3); /* two characters appended: one more byte */
    ck_assert_int_eq(core_ikd_verify(m, keys, key_count, mid_2026, NULL, &r, NULL, 0), CORE_OK);
    tally(t, &r);
}

START_TEST(every_bit_and_byte_forgery_is_rejected)
{
    enum { CREDENTIALS = 24, KEYS = 3 };
    core_ikd_key keys[KEYS];
    core_ikd_pubkey trusted[KEYS];
    for (int k = 0; k < KEYS; k++) {
        ikd_test_key(&keys[k], (unsigned char)(20 + k));
        trusted[k] = keys[k].pub;
    }
    sweep_tally bytes = {0}, text = {0};
    for (int k = 0; k < CREDENTIALS; k++) {
        core_ikd_claims c = ikd_test_claims(k);
        unsigned char p[CORE_IKD_PAYLOAD_MAX];
        size_t n = 0;
        char t[CORE_IKD_TEXT_MAX];
        ck_assert_int_eq(core_ikd_sign(&keys[k % KEYS], &c, p, &n, t, sizeof t, NULL, 0),
                         CORE_OK);
        core_ikd_result r;
        ck_assert_int_eq(core_ikd_verify(t, trusted, KEYS, mid_2026, NULL, &r, NULL, 0),
                         CORE_OK);
        ck_assert_int_eq(r.verdict, CORE_IKD_VALID); /* the original is accepted */
        sweep_payload(p, n, trusted, KEYS, &bytes);
        sweep_text(t, trusted, KEYS, &text);
    }
    ck_assert_int_eq(bytes.rejected, bytes.mutations);
    ck_assert_int_eq(text.rejected, text.mutations);
    /* Every reason occurs, so the sweep reached the signature check, not just the parser. */
    ck_assert_int_gt(bytes.by_verdict[CORE_IKD_BAD_SIGNATURE], 0);
    ck_assert_int_gt(bytes.by_verdict[CORE_IKD_UNKNOWN_ISSUER], 0);
    ck_assert_int_gt(bytes.by_verdict[CORE_IKD_MALFORMED], 0);
    ck_assert_int_gt(text.by_verdict[CORE_IKD_BAD_SIGNATURE], 0);
    printf("forgery sweep: %ld payload mutations (%ld malformed, %ld unknown issuer, "
           "%ld bad signature), %ld text mutations (%ld malformed, %ld unknown issuer, "
           "%ld bad signature): all rejected\n",
           bytes.mutations, bytes.by_verdict[1], bytes.by_verdict[2], bytes.by_verdict[3],
           text.mutations, text.by_verdict[1], text.by_verdict[2], text.by_verdict[3]);
    for (int k = 0; k < KEYS; k++)
        core_ikd_key_fini(&keys[k]);
}
END_TEST

START_TEST(random_input_never_crashes)
{
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    core_ikd_key key;
    ikd_test_key(&key, 1);
    unsigned char buf[400];
    char text[700];
    core_ikd_result r;
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    long valid = 0;
    for (int i = 0; i < 20000; i++) {
        size_t n = ikd_rand(&state) % sizeof buf;
        for (size_t k = 0; k < n; k++)
            buf[k] = (unsigned char)ikd_rand(&state);
        if (n > 0 && i % 2)
            buf[0] = 1; /* reach past the version check */
        if (n > 30 && i % 4 == 1)
            buf[30] = (unsigned char)(n - 95); /* a consistent name length */
        ck_assert_int_eq(core_ikd_verify_payload(buf, n, &key.pub, 1, mid_2026, NULL, &r, NULL,
                                                 0), CORE_OK);
        valid += r.verdict == CORE_IKD_VALID;
        /* Random text from the alphabet after the prefix, and random bytes with no prefix. */
        size_t len = ikd_rand(&state) % 600;
        memcpy(text, "IKD1:", 5);
        for (size_t k = 0; k < len; k++)
            text[5 + k] = alphabet[ikd_rand(&state) % 45];
        text[5 + len] = '\0';
        ck_assert_int_eq(core_ikd_verify(text, &key.pub, 1, mid_2026, NULL, &r, NULL, 0),
                         CORE_OK);
        valid += r.verdict == CORE_IKD_VALID;
        for (size_t k = 0; k < len; k++)
            text[k] = (char)(1 + ikd_rand(&state) % 255);
        text[len] = '\0';
        ck_assert_int_eq(core_ikd_verify(text, &key.pub, 1, mid_2026, NULL, &r, NULL, 0),
                         CORE_OK);
        valid += r.verdict == CORE_IKD_VALID;
    }
    ck_assert_int_eq(valid, 0);
    core_ikd_key_fini(&key);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ikd");
    TCase *tc = tcase_create("credential");
    tcase_add_test(tc, base45_rfc9285_examples);
    tcase_add_test(tc, dates_round_trip);
    tcase_add_test(tc, sign_decode_round_trip);
    tcase_add_test(tc, claims_are_checked);
    tcase_add_test(tc, malformed_messages);
    tcase_add_test(tc, verdicts_have_distinct_reasons);
    tcase_add_test(tc, every_bit_and_byte_forgery_is_rejected);
    tcase_add_test(tc, random_input_never_crashes);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
