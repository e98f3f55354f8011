/* A small PNG writer: 8-bit RGB, no filtering, zlib "stored" (uncompressed) deflate blocks,
 * with its own CRC-32 and Adler-32. Files are larger than compressed PNGs but need no
 * library, and every viewer reads them. Thread-safe (no shared state). */
#ifndef VIZ_PNG_H
#define VIZ_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Encodes width x height RGB pixels (3 bytes each, rows `stride` bytes apart) into a new
 * buffer *out (caller frees) of *len bytes. Returns VIZ_OK, VIZ_EARG (empty or too large
 * image) or VIZ_ENOMEM. */
int viz_png_encode(const unsigned char *rgb, int width, int height, size_t stride,
                   unsigned char **out, size_t *len);

/* Encodes and writes to path through a temporary name (complete or not at all). Returns
 * VIZ_OK or an error with why filled. */
int viz_png_write(const char *path, const unsigned char *rgb, int width, int height,
                  size_t stride, char *why, size_t why_size);

/* CRC-32 (ISO 3309, as PNG uses): pass 0 to start, the previous result to continue. */
uint32_t viz_crc32(uint32_t crc, const unsigned char *data, size_t len);
/* Adler-32 (RFC 1950): pass 1 to start. */
uint32_t viz_adler32(uint32_t adler, const unsigned char *data, size_t len);

#endif
