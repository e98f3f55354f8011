/* A test-only PNG reader for what viz/png.c writes (8-bit RGB, stored deflate, filter 0):
 * checks the signature, every chunk CRC, the zlib header, block lengths and Adler-32, and
 * returns the pixels. Independent of the writer's code (its own bitwise CRC). */
#ifndef TESTS_VIZ_PNG_READ_H
#define TESTS_VIZ_PNG_READ_H

#include <stddef.h>

/* Returns 0 and a malloc'd width*height*3 buffer, or -1 with *error set. */
int png_read_stored(const unsigned char *png, size_t len, int *width, int *height,
                    unsigned char **rgb, const char **error);

/* The same for a file: a malloc'd buffer, or NULL with *error set ("cannot read the file" or
 * the decoder's reason). */
unsigned char *png_read_file(const char *path, int *width, int *height, const char **error);

#endif
