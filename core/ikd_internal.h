/* Internal to core/ikd*.c: the error helper and hex/date helpers shared by the credential,
 * key, store and QR files. Not a public interface. */
#ifndef CORE_IKD_INTERNAL_H
#define CORE_IKD_INTERNAL_H

#include <stddef.h>

/* Formats a message into err (if any) and returns status. */
int core__ikd_fail(int status, char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void core__ikd_hex(const unsigned char *bytes, size_t n, char *out);
/* Parses exactly 2n hex digits (either case) into n bytes: 0 on success, -1 otherwise. */
int core__ikd_unhex(const char *text, size_t text_len, unsigned char *bytes, size_t n);

/* Starts libsodium (thread-safe, idempotent): 0 or -1. */
int core__ikd_sodium_ready(void);

#endif
