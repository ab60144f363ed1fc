/* fy_text.h: text snippets: the rules for what may be sent as text, and
 * the one function that makes a received text safe to show.
 *
 * A snippet is at most FY_TEXT_BYTES_MAX bytes of strict UTF-8 (no
 * overlong forms, no surrogates, nothing past U+10FFFF). Its bytes are
 * delivered exactly; only what is shown is escaped, so that a text can
 * never drive the terminal or the window it is shown in. */
#ifndef FY_TEXT_H
#define FY_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* 64 KiB: a URL, a password, a command or a page of notes, not a file.
 * Checked from the manifest entry's size, before anything is allocated. */
#define FY_TEXT_BYTES_MAX 65536u
/* The preview an offer carries: the text's first line, cut to this many
 * bytes at a character boundary (docs/PROTOCOL.md, section 5). */
#define FY_TEXT_PREVIEW_MAX 200u

/* n if p[0..n) is strict UTF-8, else the offset of the first byte of the
 * first invalid sequence. */
size_t fy_text_utf8_check(const uint8_t *p, size_t n);

/* Bytes of the preview of a text: its first line (up to, not including,
 * the first LF or CR) cut to FY_TEXT_PREVIEW_MAX bytes at a UTF-8
 * boundary. p must be valid UTF-8. */
size_t fy_text_preview_len(const uint8_t *p, size_t n);

/* Writes p[0..n) as text safe to print or draw, NUL-terminated, into out
 * (cut at an escape or character boundary when cap is short). Returns the
 * length the whole escaped text needs (without the NUL), as snprintf.
 *   ESC                  -> \e
 *   other C0, DEL, C1    -> \xNN (NUL is \x00, BEL \x07, U+009B is \x9b)
 *   CR                   -> \r, except CR LF, shown as a line break
 *   bidi controls        -> \u202e etc. (U+061C, U+200E-200F, U+202A-202E,
 *                           U+2066-2069) and U+2028, U+2029
 *   a byte that is not UTF-8 -> \xNN
 *   LF, TAB              -> kept when keep_lines, else \n and \t
 * Everything else, backslash included, is copied as it is. */
size_t fy_text_escape(const uint8_t *p, size_t n, int keep_lines, char *out, size_t cap);

#endif
