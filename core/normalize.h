/* Name normalisation for demographic matching: two spellings of the same Indonesian name
 * (old Van Ophuijsen/Soewandi spelling vs EYD 1972, case, spacing, punctuation, doubled
 * letters) give the same key. Pure and thread-safe. */
#ifndef CORE_NORMALIZE_H
#define CORE_NORMALIZE_H

#include <stddef.h>

/* Writes the matching key of `name` to out (out_size bytes incl. NUL). Rules, in order:
 * ASCII letters lower-cased; apostrophes dropped (Ma'ruf = Maruf); every other run of
 * characters that are not letters, digits or non-ASCII bytes becomes one space (none at the
 * ends); within each word oe->u, dj->j, tj->c, sj->sy, ch->kh, and in a word that shows old
 * spelling (it contains oe, dj, tj or sj, or starts with nj) j->y; then runs of one letter
 * collapse to one (Muhammad -> muhamad).
 * Examples: "SOEKARNO" -> "sukarno", "Djojohadikoesoemo" -> "joyohadikusumo",
 * "Tjoet Nja' Dhien" -> "cut nya dhien", "Njoman" -> "nyoman", "Anjani" -> "anjani" (nj
 * inside a modern word stays), "Achmad" -> "akhmad".
 * Returns 0, or -1 if out is too small (out then holds a truncated key). */
int core_normalize_name(const char *name, char *out, size_t out_size);

/* 1 if s[0..n) is UTF-8 (shortest forms, no surrogates, <= U+10FFFF) with no C0/C1 control
 * characters or DEL, else 0: what a name, place or mother's name may hold. */
int core_normalize_text_ok(const unsigned char *s, size_t n);

#endif
