/* Internal to core/ikd*.c: base45 text coding and date checks behind the IKD credential's
 * text form (core/ikd_text.c). Not a public interface. */
#ifndef CORE_IKD_TEXT_H
#define CORE_IKD_TEXT_H

#include <stddef.h>
#include "core/ikd.h"

/* Characters of the base45 text of n bytes (without the NUL). */
size_t core__ikd_base45_length(size_t bytes);
/* Writes the base45 text of n bytes plus a NUL (core__ikd_base45_length(n) + 1 bytes). */
void core__ikd_base45_encode(const unsigned char *bytes, size_t n, char *out);
/* Decodes len characters into out (cap bytes): CORE_OK or CORE_EINVAL (a character outside
 * the alphabet, a group over 65535, a final pair over 255, a length of 3k + 1, too long). */
int core__ikd_base45_decode(const char *text, size_t len, unsigned char *out, size_t cap,
                            size_t *n_out, char *err, size_t err_size);
/* 1 if the date exists in the proleptic Gregorian calendar, else 0. */
int core__ikd_date_exists(core_ikd_date date);

#endif
