/* IKD issuer key files: create once with 0600 and O_EXCL (no readable window, no overwrite),
 * refuse files others can read, and export the public half as hex for verifiers. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/ikd_internal.h"
#include "core/ikd_key.h"
#include "core/status.h"

#define KEY_HEADER "ktp-ikd-secret-key-v1\n"
#define KEY_HEADER_LEN (sizeof KEY_HEADER - 1)
#define KEY_FILE_LEN (KEY_HEADER_LEN + 2 * CORE_IKD_SEED_BYTES + 1)

int core__ikd_fail(int status, char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return status;
}

void core__ikd_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int core__ikd_unhex(const char *text, size_t text_len, unsigned char *bytes, size_t n)
{
    if (text_len != 2 * n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        bytes[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

int core__ikd_sodium_ready(void)
{
    return sodium_init() < 0 ? -1 : 0; /* 1 = already started, which is fine */
}

void core_ikd_key_id(const unsigned char public_key[CORE_IKD_PUBLIC_KEY_BYTES],
                     unsigned char key_id[CORE_IKD_KEY_ID_BYTES])
{
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, public_key, CORE_IKD_PUBLIC_KEY_BYTES, NULL, 0);
    memcpy(key_id, hash, CORE_IKD_KEY_ID_BYTES);
}

void core_ikd_key_id_hex(const unsigned char key_id[CORE_IKD_KEY_ID_BYTES], char out[17])
{
    core__ikd_hex(key_id, CORE_IKD_KEY_ID_BYTES, out);
}

void core_ikd_pubkey_hex(const core_ikd_pubkey *pub, char out[65])
{
    core__ikd_hex(pub->public_key, CORE_IKD_PUBLIC_KEY_BYTES, out);
}

int core_ikd_key_id_parse(const char *text, unsigned char key_id[CORE_IKD_KEY_ID_BYTES],
                          char *err, size_t err_size)
{
    if (!text || core__ikd_unhex(text, strlen(text), key_id, CORE_IKD_KEY_ID_BYTES) != 0)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "a key id must be 16 hex digits");
    return CORE_OK;
}

int core_ikd_key_from_seed(core_ikd_key *key, const unsigned char seed[CORE_IKD_SEED_BYTES])
{
    if (core__ikd_sodium_ready() != 0)
        return CORE_EIO;
    crypto_sign_seed_keypair(key->pub.public_key, key->secret_key, seed);
    core_ikd_key_id(key->pub.public_key, key->pub.key_id);
    return CORE_OK;
}

void core_ikd_key_fini(core_ikd_key *key)
{
    if (key)
        sodium_memzero(key, sizeof *key);
}

/* Reads at most cap bytes of an open file; -1 on a read error. */
static ssize_t read_all(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static int check_key_file(int fd, const char *path, char *err, size_t err_size)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return core__ikd_fail(CORE_EIO, err, err_size, "cannot stat key file %s: %s", path,
                              strerror(errno));
    if (!S_ISREG(st.st_mode))
        return core__ikd_fail(CORE_EINVAL, err, err_size, "key file %s is not a regular file",
                              path);
    if (st.st_uid != geteuid())
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "key file %s belongs to another user (uid %ld)", path,
                              (long)st.st_uid);
    if (st.st_mode & (S_IRWXG | S_IRWXO))
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "key file %s is open to group or others (mode %04o); "
                              "run chmod 600 %s",
                              path, (unsigned)(st.st_mode & 07777), path);
    return CORE_OK;
}

static int parse_key_file(core_ikd_key *key, const char *buf, ssize_t n, const char *path,
                          char *err, size_t err_size)
{
    unsigned char seed[CORE_IKD_SEED_BYTES];
    if (n != (ssize_t)KEY_FILE_LEN || memcmp(buf, KEY_HEADER, KEY_HEADER_LEN) != 0 ||
        buf[KEY_FILE_LEN - 1] != '\n' ||
        core__ikd_unhex(buf + KEY_HEADER_LEN, 2 * CORE_IKD_SEED_BYTES, seed, sizeof seed) != 0)
        return core__ikd_fail(CORE_ECORRUPT, err, err_size,
                              "%s is not an IKD secret key file (expected \"ktp-ikd-secret-key-v1\""
                              " and 64 hex digits)", path);
    int rc = core_ikd_key_from_seed(key, seed);
    sodium_memzero(seed, sizeof seed);
    if (rc != CORE_OK)
        return core__ikd_fail(rc, err, err_size, "libsodium cannot start");
    return CORE_OK;
}

int core_ikd_key_load(core_ikd_key *key, const char *path, char *err, size_t err_size)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK); /* a FIFO must not block open */
    if (fd < 0 && errno == ENOENT)
        return core__ikd_fail(CORE_ENOTFOUND, err, err_size, "key file %s does not exist", path);
    if (fd < 0)
        return core__ikd_fail(errno == ELOOP ? CORE_EINVAL : CORE_EIO, err, err_size,
                              "cannot open key file %s: %s", path, strerror(errno));
    int rc = check_key_file(fd, path, err, err_size);
    char buf[KEY_FILE_LEN + 1];
    ssize_t n = 0;
    if (rc == CORE_OK) {
        n = read_all(fd, buf, sizeof buf);
        if (n < 0)
            rc = core__ikd_fail(CORE_EIO, err, err_size, "cannot read key file %s: %s", path,
                                strerror(errno));
    }
    close(fd);
    if (rc == CORE_OK)
        rc = parse_key_file(key, buf, n, path, err, err_size);
    sodium_memzero(buf, sizeof buf);
    return rc;
}

static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* fsync of the directory holding path, so the new name survives a power loss. */
static void sync_parent(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash == path ? 1 : slash - path), path);
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Writes a fresh key to a private temporary file and links it to path. Returns CORE_OK,
 * CORE_EEXIST (someone else made path first) or CORE_EIO. */
static int create_key_file(const char *path, char *err, size_t err_size)
{
    unsigned char seed[CORE_IKD_SEED_BYTES], tag[8];
    char tmp[4200], tag_hex[17], buf[KEY_FILE_LEN];
    randombytes_buf(seed, sizeof seed);
    randombytes_buf(tag, sizeof tag);
    core__ikd_hex(tag, sizeof tag, tag_hex);
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%s", path, tag_hex) >= sizeof tmp)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "key path is too long");
    memcpy(buf, KEY_HEADER, KEY_HEADER_LEN);
    core__ikd_hex(seed, sizeof seed, buf + KEY_HEADER_LEN); /* writes a NUL we overwrite */
    buf[KEY_FILE_LEN - 1] = '\n';
    sodium_memzero(seed, sizeof seed);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    if (fd < 0)
        return core__ikd_fail(CORE_EIO, err, err_size, "cannot create key file %s: %s", tmp,
                              strerror(errno));
    int ok = fchmod(fd, 0600) == 0 && write_all(fd, buf, sizeof buf) == 0 && fsync(fd) == 0;
    int saved = errno;
    sodium_memzero(buf, sizeof buf);
    ok = (close(fd) == 0) && ok;
    int rc = CORE_OK;
    if (!ok)
        rc = core__ikd_fail(CORE_EIO, err, err_size, "cannot write key file %s: %s", tmp,
                            strerror(saved));
    else if (link(tmp, path) != 0)
        rc = errno == EEXIST ? CORE_EEXIST
                             : core__ikd_fail(CORE_EIO, err, err_size,
                                              "cannot create key file %s: %s", path,
                                              strerror(errno));
    unlink(tmp);
    if (rc == CORE_OK)
        sync_parent(path);
    return rc;
}

int core_ikd_key_load_or_create(core_ikd_key *key, const char *path, int *created, char *err,
                                size_t err_size)
{
    if (created)
        *created = 0;
    if (!path || !*path)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "no key file given");
    int rc = core_ikd_key_load(key, path, err, err_size);
    if (rc != CORE_ENOTFOUND)
        return rc;
    if (core__ikd_sodium_ready() != 0)
        return core__ikd_fail(CORE_EIO, err, err_size, "libsodium cannot start");
    rc = create_key_file(path, err, err_size);
    if (rc == CORE_OK && created)
        *created = 1;
    if (rc == CORE_OK || rc == CORE_EEXIST)
        rc = core_ikd_key_load(key, path, err, err_size);
    return rc;
}

int core_ikd_pubkey_parse(const char *text, core_ikd_pubkey *out, char *err, size_t err_size)
{
    if (!text)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "no public key given");
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
                       text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    if (core__ikd_unhex(text, len, out->public_key, CORE_IKD_PUBLIC_KEY_BYTES) != 0)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "a public key must be 64 hex digits");
    core_ikd_key_id(out->public_key, out->key_id);
    return CORE_OK;
}

int core_ikd_pubkey_load(core_ikd_pubkey *out, const char *path, char *err, size_t err_size)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK); /* a FIFO must not block open or read */
    if (fd < 0)
        return core__ikd_fail(errno == ENOENT ? CORE_ENOTFOUND : CORE_EIO, err, err_size,
                              "cannot open public key file %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "public key file %s is not a regular file", path);
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return core__ikd_fail(CORE_ENOMEM, err, err_size, "cannot read %s", path);
    }
    char buf[160];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    int read_error = ferror(f);
    fclose(f);
    if (read_error)
        return core__ikd_fail(CORE_EIO, err, err_size, "cannot read %s", path);
    buf[n] = '\0';
    if (n == sizeof buf - 1 || strlen(buf) != n || core_ikd_pubkey_parse(buf, out, NULL, 0))
        return core__ikd_fail(CORE_ECORRUPT, err, err_size,
                              "%s is not an IKD public key file (64 hex digits)", path);
    return CORE_OK;
}

int core_ikd_pubkey_write(const core_ikd_pubkey *pub, const char *path, char *err,
                          size_t err_size)
{
    char tmp[4200], hex[66];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= sizeof tmp)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "path is too long");
    core_ikd_pubkey_hex(pub, hex);
    hex[64] = '\n';
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return core__ikd_fail(CORE_EIO, err, err_size, "cannot create %s: %s", tmp,
                              strerror(errno));
    int ok = write_all(fd, hex, 65) == 0 && fsync(fd) == 0;
    ok = (close(fd) == 0) && ok;
    if (ok && rename(tmp, path) == 0)
        return CORE_OK;
    int saved = errno;
    unlink(tmp);
    return core__ikd_fail(CORE_EIO, err, err_size, "cannot write %s: %s", path, strerror(saved));
}
