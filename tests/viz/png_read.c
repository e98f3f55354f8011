/* Test-only reader of stored-deflate RGB PNGs (see png_read.h). */
#include "png_read.h"

#include "viz/status.h"
#include "viz/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t crc_bitwise(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

static int fail(const char **error, const char *message)
{
    *error = message;
    return -1;
}

/* Inflates stored blocks of a zlib stream into out (exactly `want` bytes). */
static int unstore(const unsigned char *z, size_t n, unsigned char *out, size_t want,
                   const char **error)
{
    if (n < 6 || z[0] != 0x78 || ((z[0] << 8) | z[1]) % 31 != 0)
        return fail(error, "bad zlib header");
    size_t at = 2, got = 0;
    int final = 0;
    while (!final) {
        if (at + 5 > n)
            return fail(error, "truncated block header");
        final = z[at] & 1;
        if ((z[at] >> 1) != 0)
            return fail(error, "not a stored block");
        size_t len = z[at + 1] | (size_t)z[at + 2] << 8;
        size_t nlen = z[at + 3] | (size_t)z[at + 4] << 8;
        if ((len ^ 0xFFFF) != nlen)
            return fail(error, "LEN/NLEN mismatch");
        at += 5;
        if (at + len > n || got + len > want)
            return fail(error, "block overruns");
        memcpy(out + got, z + at, len);
        at += len;
        got += len;
    }
    if (got != want || at + 4 != n)
        return fail(error, "wrong amount of image data");
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < got; i++) {
        a = (a + out[i]) % 65521;
        b = (b + a) % 65521;
    }
    if (be32(z + at) != ((b << 16) | a))
        return fail(error, "Adler-32 mismatch");
    return 0;
}

int png_read_stored(const unsigned char *png, size_t len, int *width, int *height,
                    unsigned char **rgb, const char **error)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    *rgb = NULL;
    if (len < 8 || memcmp(png, sig, 8) != 0)
        return fail(error, "bad signature");
    size_t at = 8;
    unsigned char *idat = NULL;
    size_t idat_len = 0;
    int w = 0, h = 0, ended = 0;
    while (!ended) {
        if (at + 12 > len)
            return free(idat), fail(error, "truncated chunk");
        size_t n = be32(png + at);
        if (at + 12 + n > len)
            return free(idat), fail(error, "chunk overruns");
        if (crc_bitwise(png + at + 4, n + 4) != be32(png + at + 8 + n))
            return free(idat), fail(error, "chunk CRC mismatch");
        const unsigned char *type = png + at + 4, *data = png + at + 8;
        if (memcmp(type, "IHDR", 4) == 0) {
            if (n != 13 || data[8] != 8 || data[9] != 2 || data[12] != 0)
                return free(idat), fail(error, "not 8-bit RGB non-interlaced");
            w = (int)be32(data);
            h = (int)be32(data + 4);
        } else if (memcmp(type, "IDAT", 4) == 0) {
            unsigned char *grown = realloc(idat, idat_len + n + 1);
            if (!grown)
                return free(idat), fail(error, "out of memory");
            idat = grown;
            memcpy(idat + idat_len, data, n);
            idat_len += n;
        } else if (memcmp(type, "IEND", 4) == 0) {
            ended = 1;
        }
        at += 12 + n;
    }
    if (w <= 0 || h <= 0 || !idat)
        return free(idat), fail(error, "no IHDR or IDAT");
    size_t row = (size_t)w * 3 + 1;
    unsigned char *raw = malloc(row * (size_t)h), *out = malloc(row * (size_t)h);
    int status = raw && out ? unstore(idat, idat_len, raw, row * (size_t)h, error) : -1;
    for (int y = 0; status == 0 && y < h; y++) {
        if (raw[(size_t)y * row] != 0)
            status = fail(error, "row filter is not 0");
        else
            memcpy(out + (size_t)y * (row - 1), raw + (size_t)y * row + 1, row - 1);
    }
    free(idat);
    free(raw);
    if (status != 0) {
        free(out);
        return -1;
    }
    *width = w;
    *height = h;
    *rgb = out;
    return 0;
}

unsigned char *png_read_file(const char *path, int *width, int *height, const char **error)
{
    char *data, why[512];
    size_t len;
    if (viz_file_read(path, &data, &len, why, sizeof why) != VIZ_OK) {
        *error = "cannot read the file";
        return NULL;
    }
    unsigned char *rgb = NULL;
    int status = png_read_stored((unsigned char *)data, len, width, height, &rgb, error);
    free(data);
    return status == 0 ? rgb : NULL;
}
