/* QR rendering: the PNG is parsed here independently (signature, chunk order and CRCs, IHDR,
 * stored-deflate blocks with LEN/NLEN and Adler-32) and every pixel compared with the symbol;
 * the terminal drawings are read back module by module; credential text uses alphanumeric
 * mode (a smaller symbol than the same text as bytes). */
#include <qrencode.h>
#include "ikd_test_util.h"
#include "tests/check_run.h"

/* Bitwise CRC-32 (IEEE), checked below against the standard check value. */
static uint32_t test_crc32(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
    }
    return ~crc;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void credential_text(char *text, size_t size, int k)
{
    core_ikd_key key;
    ikd_test_key(&key, 11);
    core_ikd_claims c = ikd_test_claims(k);
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, size, NULL, 0), CORE_OK);
    core_ikd_key_fini(&key);
}

/* Inflates a zlib stream made only of stored blocks; returns the byte count. */
static size_t inflate_stored(const unsigned char *z, size_t n, unsigned char *out, size_t cap)
{
    ck_assert_uint_ge(n, 2 + 5 + 4);
    ck_assert_int_eq(z[0] & 0x0f, 8); /* deflate */
    ck_assert_int_eq((z[0] * 256 + z[1]) % 31, 0);
    size_t i = 2, o = 0;
    int final = 0;
    while (!final) {
        ck_assert_uint_le(i + 5, n);
        final = z[i] & 1;
        ck_assert_int_eq((z[i] >> 1) & 3, 0); /* BTYPE stored */
        size_t len = z[i + 1] | (size_t)z[i + 2] << 8, nlen = z[i + 3] | (size_t)z[i + 4] << 8;
        ck_assert_uint_eq(len ^ 0xffff, nlen);
        i += 5;
        ck_assert_uint_le(i + len, n);
        ck_assert_uint_le(o + len, cap);
        memcpy(out + o, z + i, len);
        i += len;
        o += len;
    }
    ck_assert_uint_eq(i + 4, n);
    uint32_t a = 1, b = 0;
    for (size_t k = 0; k < o; k++) {
        a = (a + out[k]) % 65521;
        b = (b + a) % 65521;
    }
    ck_assert_uint_eq(be32(z + i), b << 16 | a);
    return o;
}

START_TEST(png_is_well_formed_and_exact)
{
    const unsigned char check[] = "123456789";
    ck_assert_uint_eq(test_crc32(check, 9), 0xcbf43926u);
    char text[CORE_IKD_TEXT_MAX], err[200];
    credential_text(text, sizeof text, 5);
    core_ikd_qr qr;
    ck_assert_int_eq(core_ikd_qr_init(&qr, text, err, sizeof err), CORE_OK);
    ck_assert_int_eq(qr.width, 17 + 4 * qr.version);
    static const int scales[] = {1, 3, 8};
    for (size_t si = 0; si < 3; si++) {
        int scale = scales[si], margin = 4;
        unsigned char *png = NULL;
        size_t size = 0;
        ck_assert_int_eq(core_ikd_qr_png(&qr, scale, margin, &png, &size, err, sizeof err),
                         CORE_OK);
        ck_assert_int_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
        size_t pos = 8, pixels = (size_t)(qr.width + 2 * margin) * (size_t)scale;
        size_t row_bytes = 1 + (pixels + 7) / 8, raw_cap = row_bytes * pixels;
        unsigned char *raw = malloc(raw_cap);
        const char *order[] = {"IHDR", "IDAT", "IEND"};
        for (int chunk = 0; chunk < 3; chunk++) {
            ck_assert_uint_le(pos + 12, size);
            uint32_t len = be32(png + pos);
            ck_assert_uint_le(pos + 12 + len, size);
            ck_assert_int_eq(memcmp(png + pos + 4, order[chunk], 4), 0);
            ck_assert_uint_eq(be32(png + pos + 8 + len), test_crc32(png + pos + 4, len + 4));
            const unsigned char *data = png + pos + 8;
            if (chunk == 0) {
                ck_assert_uint_eq(len, 13);
                ck_assert_uint_eq(be32(data), pixels);
                ck_assert_uint_eq(be32(data + 4), pixels);
                ck_assert_int_eq(data[8], 1);  /* bit depth */
                ck_assert_int_eq(data[9], 0);  /* greyscale */
                ck_assert_int_eq(data[12], 0); /* no interlace */
            } else if (chunk == 1) {
                ck_assert_uint_eq(inflate_stored(data, len, raw, raw_cap), raw_cap);
            } else {
                ck_assert_uint_eq(len, 0);
                ck_assert_uint_eq(be32(png + pos + 8), 0xae426082u);
            }
            pos += 12 + len;
        }
        ck_assert_uint_eq(pos, size);
        for (size_t y = 0; y < pixels; y++) {
            ck_assert_int_eq(raw[y * row_bytes], 0); /* filter: none */
            for (size_t x = 0; x < pixels; x++) {
                int white = (raw[y * row_bytes + 1 + x / 8] >> (7 - x % 8)) & 1;
                long mx = (long)(x / (size_t)scale) - margin, my = (long)(y / (size_t)scale) - margin;
                int dark = mx >= 0 && my >= 0 && mx < qr.width && my < qr.width &&
                           qr.modules[my * qr.width + mx];
                ck_assert_int_eq(white, !dark);
            }
        }
        free(raw);
        free(png);
    }
    char dir[256], path[300];
    ikd_scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/cred.png", dir);
    ck_assert_int_eq(core_ikd_qr_png_write(&qr, 4, 4, path, err, sizeof err), CORE_OK);
    ck_assert_int_eq(ikd_dir_entries(dir), 1);
    snprintf(path, sizeof path, "%s/no-such-dir/cred.png", dir);
    ck_assert_int_eq(core_ikd_qr_png_write(&qr, 4, 4, path, err, sizeof err), CORE_EIO);
    ikd_scratch_remove(dir);
    unsigned char *png = NULL;
    size_t size;
    ck_assert_int_eq(core_ikd_qr_png(&qr, 0, 4, &png, &size, err, sizeof err), CORE_EINVAL);
    ck_assert_ptr_null(png);
    core_ikd_qr_fini(&qr);
    core_ikd_qr_fini(&qr); /* twice is fine */
}
END_TEST

/* Reads the UTF-8 half-block drawing back into modules (dark = no ink). */
START_TEST(terminal_drawings_have_every_module)
{
    char text[CORE_IKD_TEXT_MAX], err[200], *drawing = NULL;
    credential_text(text, sizeof text, 2);
    core_ikd_qr qr;
    ck_assert_int_eq(core_ikd_qr_init(&qr, text, err, sizeof err), CORE_OK);
    for (int margin = 0; margin <= 2; margin++) {
        int side = qr.width + 2 * margin;
        ck_assert_int_eq(core_ikd_qr_text(&qr, margin, CORE_IKD_QR_HALF_BLOCKS, &drawing, err,
                                          sizeof err), CORE_OK);
        const char *p = drawing;
        int lines = 0;
        while (*p) {
            for (int x = 0; x < side; x++) {
                int top, bottom;
                if (*p == ' ') { top = 0; bottom = 0; p += 1; }
                else {
                    ck_assert_int_eq(memcmp(p, "\xe2\x96", 2), 0);
                    top = p[2] == '\x88' || p[2] == '\x80';
                    bottom = p[2] == '\x88' || p[2] == '\x84';
                    ck_assert(top || bottom);
                    p += 3;
                }
                for (int half = 0; half < 2; half++) {
                    int y = 2 * lines + half, ink = half ? bottom : top;
                    int mx = x - margin, my = y - margin;
                    int dark = mx >= 0 && my >= 0 && mx < qr.width && my < qr.width &&
                               qr.modules[my * qr.width + mx];
                    if (y < side)
                        ck_assert_int_eq(ink, !dark);
                    else
                        ck_assert_int_eq(ink, 0);
                }
            }
            ck_assert_int_eq(*p, '\n');
            p++;
            lines++;
        }
        ck_assert_int_eq(lines, (side + 1) / 2);
        free(drawing);
        ck_assert_int_eq(core_ikd_qr_text(&qr, margin, CORE_IKD_QR_ASCII, &drawing, err,
                                          sizeof err), CORE_OK);
        p = drawing;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++, p += 2) {
                int mx = x - margin, my = y - margin;
                int dark = mx >= 0 && my >= 0 && mx < qr.width && my < qr.width &&
                           qr.modules[my * qr.width + mx];
                ck_assert_int_eq(memcmp(p, dark ? "  " : "##", 2), 0);
            }
            ck_assert_int_eq(*p++, '\n');
        }
        ck_assert_int_eq(*p, '\0');
        free(drawing);
    }
    ck_assert_int_eq(core_ikd_qr_text(&qr, 0, (core_ikd_qr_style)9, &drawing, err, sizeof err),
                     CORE_EINVAL);
    core_ikd_qr_fini(&qr);
}
END_TEST

START_TEST(credentials_use_alphanumeric_mode)
{
    char text[CORE_IKD_TEXT_MAX];
    for (int k = 0; k < 12; k++) {
        credential_text(text, sizeof text, k);
        core_ikd_qr qr;
        ck_assert_int_eq(core_ikd_qr_init(&qr, text, NULL, 0), CORE_OK);
        QRcode *bytes = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
        ck_assert_ptr_nonnull(bytes);
        ck_assert_int_le(qr.version, bytes->version);
        /* At ~170 characters, alphanumeric mode fits where 8-bit mode needs more. */
        ck_assert_int_lt(qr.version, bytes->version);
        if (k == 0)
            printf("credential: %zu characters -> QR version %d (%dx%d modules, level M); "
                   "as bytes it would be version %d\n", strlen(text), qr.version, qr.width,
                   qr.width, bytes->version);
        QRcode_free(bytes);
        core_ikd_qr_fini(&qr);
    }
    core_ikd_qr qr;
    char err[200];
    ck_assert_int_eq(core_ikd_qr_init(&qr, "", err, sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "nothing to encode in a QR code");
    char *huge = malloc(9000);
    memset(huge, 'A', 8999);
    huge[8999] = '\0';
    ck_assert_int_eq(core_ikd_qr_init(&qr, huge, err, sizeof err), CORE_EINVAL);
    ck_assert_ptr_null(qr.modules);
    free(huge);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ikd_qr");
    TCase *tc = tcase_create("qr");
    tcase_add_test(tc, png_is_well_formed_and_exact);
    tcase_add_test(tc, terminal_drawings_have_every_module);
    tcase_add_test(tc, credentials_use_alphanumeric_mode);
    suite_add_tcase(s, tc);
    return ktp_check_run(s);
}
