/* Spelling-insensitive name keys (see normalize.h for the rules and why). */
#include "core/normalize.h"
#include <string.h>

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

typedef struct key_writer {
    char *out;
    size_t size, len;
    int overflow;
} key_writer;

/* Appends one character, dropping it when it repeats the previous letter of the same word. */
static void put(key_writer *w, char c)
{
    if (c != ' ' && w->len > 0 && w->out[w->len - 1] == c && c >= 'a' && c <= 'z')
        return;
    if (w->len + 1 >= w->size) {
        w->overflow = 1;
        return;
    }
    w->out[w->len++] = c;
}

static int old_spelling(const char *word, size_t n)
{
    if (n >= 2 && word[0] == 'n' && word[1] == 'j')
        return 1; /* Njoman, Njai: modern spelling never starts a word with nj */
    for (size_t i = 0; i + 1 < n; i++) {
        char a = word[i], b = word[i + 1];
        if ((a == 'o' && b == 'e') || (b == 'j' && (a == 'd' || a == 't' || a == 's')))
            return 1;
    }
    return 0;
}

/* word is lower-case, n bytes. */
static void put_word(key_writer *w, const char *word, size_t n)
{
    int old = old_spelling(word, n);
    for (size_t i = 0; i < n; i++) {
        char a = word[i], b = i + 1 < n ? word[i + 1] : '\0';
        if (a == 'o' && b == 'e') {
            put(w, 'u');
            i++;
        } else if (a == 'd' && b == 'j') {
            put(w, 'j');
            i++;
        } else if (a == 't' && b == 'j') {
            put(w, 'c');
            i++;
        } else if (a == 's' && b == 'j') {
            put(w, 's');
            put(w, 'y');
            i++;
        } else if (a == 'c' && b == 'h') {
            put(w, 'k');
            put(w, 'h');
            i++;
        } else if (a == 'j' && old) {
            put(w, 'y');
        } else {
            put(w, a);
        }
    }
}

int core_normalize_name(const char *name, char *out, size_t out_size)
{
    if (!out || out_size == 0)
        return -1;
    key_writer w = {out, out_size, 0, 0};
    char word[256];
    size_t n = 0;
    for (const char *p = name ? name : "";; p++) {
        if (*p == '\'' || *p == '`')
            continue; /* Ma'ruf = Maruf: an apostrophe joins, it does not separate */
        if (*p && is_word_byte((unsigned char)*p)) {
            if (n < sizeof word)
                word[n++] = lower(*p);
            else
                w.overflow = 1;
            continue;
        }
        if (n > 0) {
            if (w.len > 0)
                put(&w, ' ');
            put_word(&w, word, n);
            n = 0;
        }
        if (!*p)
            break;
    }
    out[w.len] = '\0';
    return w.overflow ? -1 : 0;
}

/* Shortest forms only, so one character has one spelling (a key compares bytes). */
int core_normalize_text_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], cp, len;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return 0;
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
        else return 0;
        if (i + len > n)
            return 0;
        for (unsigned k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
            return 0;
        i += len;
    }
    return 1;
}
