/* PNG writer with stored deflate blocks (see png.h). Layout: signature, IHDR, one IDAT
 * holding a zlib stream of stored blocks (at most 65535 bytes each) over the rows (each
 * prefixed by filter byte 0), IEND. */
#include "viz/png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/status.h"
#include "viz/text.h"

uint32_t viz_crc32(uint32_t crc, const unsigned char *data, size_t len)
{
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= data[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

uint32_t viz_adler32(uint32_t adler, const unsigned char *data, size_t len)
{
    uint32_t a = adler & 0xFFFF, b = adler >> 16;
    while (len > 0) {
        size_t chunk = len < 5552 ? len : 5552; /* keeps b below 2^32 before the modulo */
        for (size_t i = 0; i < chunk; i++) {
            a += data[i];
            b += a;
        }
        a %= 65521;
        b %= 65521;
        data += chunk;
        len -= chunk;
    }
    return (b << 16) | a;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Writes a chunk (length, type, data, CRC of type+data) at p; returns bytes written. */
static size_t put_chunk(unsigned char *p, const char type[4], const unsigned char *data,
                        size_t len)
{
    put32(p, (uint32_t)len);
    memcpy(p + 4, type, 4);
    if (len)
        memmove(p + 8, data, len);
    put32(p + 8 + len, viz_crc32(0, p + 4, len + 4));
    return len + 12;
}

/* The zlib stream of the filtered rows, built straight into dst. Returns its length. */
static size_t put_zlib(unsigned char *dst, const unsigned char *rgb, int width, int height,
                       size_t stride)
{
    size_t row = (size_t)width * 3 + 1, raw = row * (size_t)height, n = 0;
    dst[n++] = 0x78; /* deflate, 32 KiB window */
    dst[n++] = 0x01; /* no preset dictionary, fastest; (0x78 << 8 | 0x01) % 31 == 0 */
    uint32_t adler = 1;
    size_t done = 0, block_left = 0;
    for (int y = 0; y < height; y++) {
        const unsigned char filter = 0;
        const unsigned char *src[2] = {&filter, rgb + (size_t)y * stride};
        size_t part_len[2] = {1, row - 1};
        for (int part = 0; part < 2; part++) {
            const unsigned char *s = src[part];
            size_t left = part_len[part];
            while (left > 0) {
                if (block_left == 0) { /* a stored block header */
                    size_t size = raw - done < 65535 ? raw - done : 65535;
                    dst[n++] = raw - done == size ? 1 : 0; /* BFINAL, BTYPE 00 */
                    dst[n++] = (unsigned char)size;
                    dst[n++] = (unsigned char)(size >> 8);
                    dst[n++] = (unsigned char)~size;
                    dst[n++] = (unsigned char)(~size >> 8);
                    block_left = size;
                }
                size_t take = left < block_left ? left : block_left;
                memcpy(dst + n, s, take);
                adler = viz_adler32(adler, s, take);
                n += take;
                s += take;
                left -= take;
                block_left -= take;
                done += take;
            }
        }
    }
    put32(dst + n, adler);
    return n + 4;
}

int viz_png_encode(const unsigned char *rgb, int width, int height, size_t stride,
                   unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (width <= 0 || height <= 0 || width > 30000 || height > 30000 ||
        stride < (size_t)width * 3)
        return VIZ_EARG;
    size_t raw = ((size_t)width * 3 + 1) * (size_t)height;
    size_t blocks = raw / 65535 + 1;
    size_t zlib = 2 + raw + 5 * blocks + 4;
    size_t total = 8 + 25 + (12 + zlib) + 12;
    unsigned char *png = malloc(total);
    if (!png)
        return VIZ_ENOMEM;
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    memcpy(png, signature, 8);
    size_t n = 8;
    unsigned char ihdr[13];
    put32(ihdr, (uint32_t)width);
    put32(ihdr + 4, (uint32_t)height);
    ihdr[8] = 8;  /* bit depth */
    ihdr[9] = 2;  /* colour type: RGB */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering (we use filter 0 on every row) */
    ihdr[12] = 0; /* no interlace */
    n += put_chunk(png + n, "IHDR", ihdr, sizeof ihdr);
    size_t zlen = put_zlib(png + n + 8, rgb, width, height, stride);
    n += put_chunk(png + n, "IDAT", png + n + 8, zlen);
    n += put_chunk(png + n, "IEND", NULL, 0);
    *out = png;
    *len = n;
    return VIZ_OK;
}

int viz_png_write(const char *path, const unsigned char *rgb, int width, int height,
                  size_t stride, char *why, size_t why_size)
{
    unsigned char *png;
    size_t len;
    int status = viz_png_encode(rgb, width, height, stride, &png, &len);
    if (status != VIZ_OK) {
        snprintf(why, why_size, "%s: cannot encode a %dx%d image: %s", path, width, height,
                 viz_strerror(status));
        return status;
    }
    status = viz_file_write(path, (const char *)png, len, why, why_size);
    free(png);
    return status;
}
