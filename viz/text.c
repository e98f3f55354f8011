/* Growable text buffer and whole-file read/atomic write (temporary name, then rename). */
#include "viz/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "viz/status.h"

void viz_text_init(viz_text *t)
{
    t->data = NULL;
    t->len = t->cap = 0;
    t->failed = 0;
}

void viz_text_fini(viz_text *t)
{
    free(t->data);
    viz_text_init(t);
}

static int text_reserve(viz_text *t, size_t extra)
{
    if (t->failed)
        return -1;
    if (t->len + extra + 1 <= t->cap)
        return 0;
    size_t cap = t->cap ? t->cap : 256;
    while (cap < t->len + extra + 1)
        cap *= 2;
    char *grown = realloc(t->data, cap);
    if (!grown) {
        t->failed = 1;
        return -1;
    }
    t->data = grown;
    t->cap = cap;
    return 0;
}

static void text_append_n(viz_text *t, const char *s, size_t n)
{
    if (text_reserve(t, n) != 0)
        return;
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

void viz_text_append(viz_text *t, const char *s)
{
    text_append_n(t, s, strlen(s));
}

void viz_text_printf(viz_text *t, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int needed = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (needed < 0 || text_reserve(t, (size_t)needed) != 0)
        return;
    va_start(args, format);
    vsnprintf(t->data + t->len, (size_t)needed + 1, format, args);
    va_end(args);
    t->len += (size_t)needed;
}

void viz_text_append_html(viz_text *t, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': viz_text_append(t, "&amp;"); break;
        case '<': viz_text_append(t, "&lt;"); break;
        case '>': viz_text_append(t, "&gt;"); break;
        case '"': viz_text_append(t, "&quot;"); break;
        case '\'': viz_text_append(t, "&#39;"); break;
        default: text_append_n(t, s, 1);
        }
    }
}

int viz_file_write(const char *path, const char *data, size_t len, char *why, size_t why_size)
{
    char temp[4096];
    if (snprintf(temp, sizeof temp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof temp) {
        snprintf(why, why_size, "%s: path too long", path);
        return VIZ_EIO;
    }
    FILE *f = fopen(temp, "wb");
    if (!f) {
        snprintf(why, why_size, "%s: %s", temp, strerror(errno));
        return VIZ_EIO;
    }
    int ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(temp, path) != 0) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        remove(temp);
        return VIZ_EIO;
    }
    return VIZ_OK;
}

int viz_file_read(const char *path, char **out, size_t *len, char *why, size_t why_size)
{
    *out = NULL;
    *len = 0;
    /* O_NONBLOCK and a regular-file check: a FIFO named summary.json blocked for ever */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(why, why_size, "%s: cannot open: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return VIZ_EINPUT;
    }
    FILE *f = S_ISREG(st.st_mode) ? fdopen(fd, "rb") : NULL;
    if (!f) {
        snprintf(why, why_size, "%s: cannot open: %s", path,
                 S_ISREG(st.st_mode) ? strerror(errno) : "not a regular file");
        close(fd);
        return VIZ_EINPUT;
    }
    viz_text t;
    viz_text_init(&t);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        text_append_n(&t, chunk, n);
    int read_error = ferror(f);
    fclose(f);
    if (read_error) {
        viz_text_fini(&t);
        snprintf(why, why_size, "%s: read error", path);
        return VIZ_EINPUT;
    }
    if (t.failed) {
        viz_text_fini(&t);
        return VIZ_ENOMEM;
    }
    if (!t.data) { /* empty file */
        t.data = calloc(1, 1);
        if (!t.data)
            return VIZ_ENOMEM;
    }
    *out = t.data;
    *len = t.len;
    return VIZ_OK;
}
