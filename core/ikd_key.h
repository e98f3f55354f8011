/* IKD issuer keys: an Ed25519 signing key kept in a file only its owner can read (created
 * 0600 on first use, never through a world-readable window; a group/world-readable file is
 * refused), the public key exported as hex for verifiers, and the key id: the first 8 bytes of
 * BLAKE2b-256 of the public key. Functions are thread-safe; a key's memory is wiped by
 * core_ikd_key_fini. Error texts go to err (err_size bytes, may be NULL). */
#ifndef CORE_IKD_KEY_H
#define CORE_IKD_KEY_H

#include <stddef.h>

#define CORE_IKD_KEY_ID_BYTES 8
#define CORE_IKD_PUBLIC_KEY_BYTES 32
#define CORE_IKD_SEED_BYTES 32
#define CORE_IKD_SECRET_KEY_BYTES 64

/* A public key and its id (what a verifier trusts). */
typedef struct core_ikd_pubkey {
    unsigned char public_key[CORE_IKD_PUBLIC_KEY_BYTES];
    unsigned char key_id[CORE_IKD_KEY_ID_BYTES];
} core_ikd_pubkey;

/* A signing key (caller embeds it; core_ikd_key_fini wipes it). */
typedef struct core_ikd_key {
    unsigned char secret_key[CORE_IKD_SECRET_KEY_BYTES]; /* libsodium form: seed + public */
    core_ikd_pubkey pub;
} core_ikd_key;

/* Derives a key from a 32-byte seed (deterministic: tests, key ceremonies). CORE_OK or
 * CORE_EIO if libsodium cannot start. */
int core_ikd_key_from_seed(core_ikd_key *key, const unsigned char seed[CORE_IKD_SEED_BYTES]);
/* Wipes the key's memory. */
void core_ikd_key_fini(core_ikd_key *key);

/* Loads the signing key at path. The file must be a regular file owned by this user with no
 * group/other permission bits, holding "ktp-ikd-secret-key-v1\n" and 64 hex digits (the seed)
 * and a newline. CORE_OK; CORE_ENOTFOUND (no file); CORE_EINVAL ("key file K is open to group
 * or others (mode 0644); run chmod 600 K", not a regular file, a symlink, another owner);
 * CORE_ECORRUPT (bad content); CORE_EIO. */
int core_ikd_key_load(core_ikd_key *key, const char *path, char *err, size_t err_size);

/* Loads the key at path, or if there is none creates one: a fresh random seed written to a
 * temporary file opened O_CREAT|O_EXCL|O_NOFOLLOW with mode 0600, fsync'd, then linked to
 * path (which fails rather than overwrite a key another process made at the same moment; that
 * key is then loaded) and the directory fsync'd. *created (may be NULL) says which happened.
 * Errors as core_ikd_key_load, plus CORE_EIO when the file cannot be created. */
int core_ikd_key_load_or_create(core_ikd_key *key, const char *path, int *created, char *err,
                                size_t err_size);

/* The key id of a public key. */
void core_ikd_key_id(const unsigned char public_key[CORE_IKD_PUBLIC_KEY_BYTES],
                     unsigned char key_id[CORE_IKD_KEY_ID_BYTES]);
/* Lower-case hex of a key id (16 digits + NUL) or of a public key (64 digits + NUL). */
void core_ikd_key_id_hex(const unsigned char key_id[CORE_IKD_KEY_ID_BYTES], char out[17]);
void core_ikd_pubkey_hex(const core_ikd_pubkey *pub, char out[65]);
/* Parses 16 hex digits into a key id: CORE_OK or CORE_EINVAL. */
int core_ikd_key_id_parse(const char *text, unsigned char key_id[CORE_IKD_KEY_ID_BYTES],
                          char *err, size_t err_size);

/* Parses a public key from 64 hex digits (surrounding white space allowed) and computes its
 * id. CORE_OK or CORE_EINVAL ("public key must be 64 hex digits"). */
int core_ikd_pubkey_parse(const char *text, core_ikd_pubkey *out, char *err, size_t err_size);
/* Reads a public key file (64 hex digits and a newline, as core_ikd_pubkey_write makes).
 * CORE_OK, CORE_ENOTFOUND, CORE_ECORRUPT, CORE_EIO. */
int core_ikd_pubkey_load(core_ikd_pubkey *out, const char *path, char *err, size_t err_size);
/* Writes the public key as hex to path (mode 0644, temporary name then rename).
 * CORE_OK or CORE_EIO. */
int core_ikd_pubkey_write(const core_ikd_pubkey *pub, const char *path, char *err,
                          size_t err_size);

#endif
