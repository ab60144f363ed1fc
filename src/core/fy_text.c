#include "fy_text.h"

#include <stdio.h>
#include <string.h>

/* Decodes one strict UTF-8 sequence at p (n > 0 bytes left): its length,
 * or 0 if it is not valid, with the code point in *cp. */
static size_t utf8_decode(const uint8_t *p, size_t n, uint32_t *cp)
{
    uint32_t c = p[0], min;
    size_t len;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, c &= 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, c &= 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, c &= 0x07, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t fy_text_utf8_check(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(p + i, n - i, &cp);
        if (!len)
            return i;
        i += len;
    }
    return n;
}

size_t fy_text_preview_len(const uint8_t *p, size_t n)
{
    size_t len = 0;
    while (len < n && len < FY_TEXT_PREVIEW_MAX && p[len] != '\n' && p[len] != '\r')
        len++;
    /* Cut at a character boundary: back off continuation bytes. */
    if (len < n && p[len] != '\n' && p[len] != '\r')
        while (len > 0 && (p[len] & 0xC0) == 0x80)
            len--;
    return len;
}

/* Bidirectional controls reorder what follows them on screen ("Trojan
 * Source"): a command could read differently from what it is. The line
 * and paragraph separators break lines where nothing shows a break. */
static int invisible_control(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

typedef struct out_buf {
    char *p;
    size_t room;  /* bytes for characters (one more stays for the NUL) */
    size_t used;  /* bytes written */
    size_t need;  /* bytes the whole output needs */
    int full;     /* a piece did not fit: nothing more is written */
} out_buf;

/* Appends s whole or not at all, so an escape is never cut in half, and
 * the output stays a prefix of the whole. */
static void put(out_buf *o, const char *s, size_t n)
{
    o->need += n;
    if (o->full || n > o->room - o->used) {
        o->full = 1;
        return;
    }
    memcpy(o->p + o->used, s, n);
    o->used += n;
}

size_t fy_text_escape(const uint8_t *p, size_t n, int keep_lines, char *out, size_t cap)
{
    out_buf o = {out, cap ? cap - 1 : 0, 0, 0, 0};
    char esc[16];
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(p + i, n - i, &cp);
        if (!len) {
            snprintf(esc, sizeof esc, "\\x%02x", p[i]);
            put(&o, esc, 4);
            len = 1;
        } else if (cp == 0x1B) {
            put(&o, "\\e", 2);
        } else if (cp == '\n' || cp == '\t') {
            if (keep_lines)
                put(&o, (const char *)p + i, 1);
            else
                put(&o, cp == '\n' ? "\\n" : "\\t", 2);
        } else if (cp == '\r') {
            if (i + 1 < n && p[i + 1] == '\n' && keep_lines) {
                put(&o, "\n", 1); /* CR LF: one line break */
                len = 2;
            } else {
                put(&o, "\\r", 2);
            }
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned)cp);
            put(&o, esc, 4);
        } else if (invisible_control(cp)) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
            put(&o, esc, 6);
        } else {
            put(&o, (const char *)p + i, len);
        }
        i += len;
    }
    if (cap)
        out[o.used] = '\0';
    return o.need;
}
