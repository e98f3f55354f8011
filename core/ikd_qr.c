/* QR rendering of IKD credentials: libqrencode builds the symbol; the PNG writer here needs
 * no zlib (deflate "stored" blocks with our own CRC-32 and Adler-32); the terminal drawing
 * uses UTF-8 half blocks or ASCII. */
#include <errno.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/ikd.h"
#include "core/ikd_internal.h"
#include "core/status.h"

int core_ikd_qr_init(core_ikd_qr *qr, const char *text, char *err, size_t err_size)
{
    memset(qr, 0, sizeof *qr);
    if (!text || !*text)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "nothing to encode in a QR code");
    /* Case-sensitive with an 8-bit hint: libqrencode still picks alphanumeric mode for runs
     * of [0-9A-Z $%*+-./:], which is all of a credential's text. */
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return core__ikd_fail(errno == ENOMEM ? CORE_ENOMEM : CORE_EINVAL, err, err_size,
                              "cannot encode %zu characters in a QR code: %s", strlen(text),
                              strerror(errno));
    size_t cells = (size_t)code->width * (size_t)code->width;
    qr->modules = malloc(cells);
    if (!qr->modules) {
        QRcode_free(code);
        return core__ikd_fail(CORE_ENOMEM, err, err_size, "out of memory for a QR code");
    }
    for (size_t i = 0; i < cells; i++)
        qr->modules[i] = code->data[i] & 1; /* bit 0: dark; the other bits are libqrencode's */
    qr->width = code->width;
    qr->version = code->version;
    QRcode_free(code);
    return CORE_OK;
}

void core_ikd_qr_fini(core_ikd_qr *qr)
{
    if (qr) {
        free(qr->modules);
        memset(qr, 0, sizeof *qr);
    }
}

/* Whether the module at (x, y) of the symbol framed by margin is dark (the margin is light). */
static int dark_at(const core_ikd_qr *qr, int margin, int x, int y)
{
    x -= margin;
    y -= margin;
    if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
        return 0;
    return qr->modules[(size_t)y * (size_t)qr->width + (size_t)x];
}

static unsigned long crc32_update(unsigned long crc, const unsigned char *p, size_t n)
{
    crc ^= 0xffffffffUL;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320UL & (0UL - (crc & 1)));
    }
    return crc ^ 0xffffffffUL;
}

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Appends a chunk (length, type, data, CRC over type and data) at out; returns its size. */
static size_t put_chunk(unsigned char *out, const char type[4], const unsigned char *data,
                        size_t n)
{
    put32(out, (unsigned long)n);
    memcpy(out + 4, type, 4);
    if (n)
        memcpy(out + 8, data, n);
    put32(out + 8 + n, crc32_update(0, out + 4, n + 4));
    return n + 12;
}

/* The zlib stream of raw in stored blocks (at most 65535 bytes each). */
static size_t zlib_stored(const unsigned char *raw, size_t n, unsigned char *out)
{
    size_t o = 0;
    unsigned long a = 1, b = 0;
    out[o++] = 0x78; /* deflate, 32 KiB window */
    out[o++] = 0x01; /* no dictionary, fastest; (0x78 * 256 + 0x01) % 31 == 0 */
    size_t done = 0;
    do {
        size_t len = n - done > 65535 ? 65535 : n - done;
        out[o++] = (unsigned char)(done + len == n); /* BFINAL, BTYPE 00 */
        out[o++] = (unsigned char)(len & 0xff);
        out[o++] = (unsigned char)(len >> 8);
        out[o++] = (unsigned char)(~len & 0xff);
        out[o++] = (unsigned char)((~len >> 8) & 0xff);
        memcpy(out + o, raw + done, len);
        o += len;
        done += len;
    } while (done < n);
    for (size_t i = 0; i < n; i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    put32(out + o, b << 16 | a);
    return o + 4;
}

/* Filter byte 0 then 1-bit pixels, MSB first, 1 = white. */
static void raw_rows(const core_ikd_qr *qr, int scale, int margin, size_t pixels,
                     size_t row_bytes, unsigned char *raw)
{
    for (size_t y = 0; y < pixels; y++) {
        unsigned char *row = raw + y * row_bytes;
        row[0] = 0;
        memset(row + 1, 0xff, row_bytes - 1);
        for (size_t x = 0; x < pixels; x++)
            if (dark_at(qr, margin, (int)(x / (size_t)scale), (int)(y / (size_t)scale)))
                row[1 + x / 8] &= (unsigned char)~(0x80u >> (x % 8));
    }
}

int core_ikd_qr_png(const core_ikd_qr *qr, int scale, int margin, unsigned char **png,
                    size_t *png_size, char *err, size_t err_size)
{
    *png = NULL;
    if (!qr->modules || scale < 1 || scale > 64 || margin < 0 || margin > 16)
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "PNG needs a QR code, scale 1-64 and margin 0-16");
    size_t pixels = (size_t)(qr->width + 2 * margin) * (size_t)scale;
    size_t row_bytes = 1 + (pixels + 7) / 8, raw_size = row_bytes * pixels;
    size_t zsize = 2 + raw_size + 5 * (raw_size / 65535 + 1) + 4;
    size_t total = 8 + (12 + 13) + (12 + zsize) + 12;
    unsigned char *raw = malloc(raw_size), *z = malloc(zsize), *out = malloc(total);
    if (!raw || !z || !out) {
        free(raw);
        free(z);
        free(out);
        return core__ikd_fail(CORE_ENOMEM, err, err_size, "out of memory for a PNG");
    }
    raw_rows(qr, scale, margin, pixels, row_bytes, raw);
    zsize = zlib_stored(raw, raw_size, z);
    unsigned char ihdr[13];
    put32(ihdr, (unsigned long)pixels);
    put32(ihdr + 4, (unsigned long)pixels);
    memcpy(ihdr + 8, "\x01\x00\x00\x00\x00", 5); /* depth 1, greyscale, deflate, no interlace */
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    size_t o = 0;
    memcpy(out, signature, 8);
    o += 8;
    o += put_chunk(out + o, "IHDR", ihdr, sizeof ihdr);
    o += put_chunk(out + o, "IDAT", z, zsize);
    o += put_chunk(out + o, "IEND", NULL, 0);
    free(raw);
    free(z);
    *png = out;
    *png_size = o;
    return CORE_OK;
}

int core_ikd_qr_png_write(const core_ikd_qr *qr, int scale, int margin, const char *path,
                          char *err, size_t err_size)
{
    unsigned char *png = NULL;
    size_t size = 0;
    char tmp[4200];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= sizeof tmp)
        return core__ikd_fail(CORE_EINVAL, err, err_size, "path is too long");
    int rc = core_ikd_qr_png(qr, scale, margin, &png, &size, err, err_size);
    if (rc != CORE_OK)
        return rc;
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(png, 1, size, f) == size;
    ok = (f && fclose(f) == 0) && ok;
    free(png);
    if (ok && rename(tmp, path) == 0)
        return CORE_OK;
    int saved = errno;
    unlink(tmp);
    return core__ikd_fail(CORE_EIO, err, err_size, "cannot write %s: %s", path, strerror(saved));
}

int core_ikd_qr_text(const core_ikd_qr *qr, int margin, core_ikd_qr_style style, char **text,
                     char *err, size_t err_size)
{
    *text = NULL;
    if (!qr->modules || margin < 0 || margin > 16 ||
        (style != CORE_IKD_QR_HALF_BLOCKS && style != CORE_IKD_QR_ASCII))
        return core__ikd_fail(CORE_EINVAL, err, err_size,
                              "text QR needs a QR code, margin 0-16 and a known style");
    int side = qr->width + 2 * margin;
    int lines = style == CORE_IKD_QR_ASCII ? side : (side + 1) / 2;
    size_t cap = (size_t)lines * ((size_t)side * 3 + 1) + 1; /* 3 bytes per half block */
    char *out = malloc(cap), *o = out;
    if (!out)
        return core__ikd_fail(CORE_ENOMEM, err, err_size, "out of memory for a text QR code");
    for (int line = 0; line < lines; line++) {
        for (int x = 0; x < side; x++) {
            if (style == CORE_IKD_QR_ASCII) {
                const char *cell = dark_at(qr, margin, x, line) ? "  " : "##";
                memcpy(o, cell, 2);
                o += 2;
                continue;
            }
            int top = !dark_at(qr, margin, x, 2 * line);
            int bottom = 2 * line + 1 < side && !dark_at(qr, margin, x, 2 * line + 1);
            const char *cell = top && bottom ? "\xe2\x96\x88" /* full block */
                             : top          ? "\xe2\x96\x80" /* upper half */
                             : bottom       ? "\xe2\x96\x84" /* lower half */
                                            : " ";
            size_t n = strlen(cell);
            memcpy(o, cell, n);
            o += n;
        }
        *o++ = '\n';
    }
    *o = '\0';
    *text = out;
    return CORE_OK;
}
