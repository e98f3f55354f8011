/* A growable text buffer (for HTML pages, gnuplot scripts and data files) and the
 * write-completely-or-not-at-all file writer every output of viz goes through. */
#ifndef VIZ_TEXT_H
#define VIZ_TEXT_H

#include <stddef.h>

/* Owns `data` (NUL-terminated, `len` bytes). Once an append fails for lack of memory,
 * `failed` stays set and later appends do nothing, so callers check once at the end. */
typedef struct viz_text {
    char *data;
    size_t len, cap;
    int failed;
} viz_text;

void viz_text_init(viz_text *t);
void viz_text_fini(viz_text *t);
void viz_text_append(viz_text *t, const char *s);
void viz_text_printf(viz_text *t, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s with &, <, >, " and ' replaced by HTML entities. */
void viz_text_append_html(viz_text *t, const char *s);

/* Appends s as a JSON string: quoted, with " and \ escaped and control bytes as \u00XX. */
void viz_text_append_json(viz_text *t, const char *s);

/* Writes len bytes to `path` through a temporary name in the same folder, then renames it
 * over path, so readers see the old file or the whole new one. Returns VIZ_OK or VIZ_EIO
 * (with why filled); on failure the temporary is removed. */
int viz_file_write(const char *path, const char *data, size_t len, char *why, size_t why_size);

/* Reads a whole file into a NUL-terminated buffer the caller frees. Returns VIZ_OK,
 * VIZ_EINPUT (cannot open/read; why says so) or VIZ_ENOMEM. */
int viz_file_read(const char *path, char **out, size_t *len, char *why, size_t why_size);

#endif
