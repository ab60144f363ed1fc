#include "fy_names.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if the
 * bytes there are not one: overlong forms, surrogates and code points past
 * U+10FFFF are all refused, since each is a way to smuggle a character past
 * a check that looks at the decoded form. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

int fy_names_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (!n)
            return 0;
        i += n;
    }
    return 1;
}

static int ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i] >= 'a' && a[i] <= 'z' ? (char)(a[i] - 32) : a[i];
        if (x != b[i])
            return 0;
    }
    return 1;
}

/* CON, PRN, AUX, NUL, COM1-9, LPT1-9 as the part before the first dot:
 * Windows opens the device instead of a file for "con.txt" too. */
static int windows_reserved(const char *name, size_t len)
{
    static const char *const fixed[] = {"CON", "PRN", "AUX", "NUL"};
    const char *dot = memchr(name, '.', len);
    size_t base = dot ? (size_t)(dot - name) : len;
    for (size_t i = 0; i < 4; i++)
        if (ieq(name, base, fixed[i]))
            return 1;
    if (base == 4 && name[3] >= '1' && name[3] <= '9' && (ieq(name, 3, "COM") || ieq(name, 3, "LPT")))
        return 1;
    return 0;
}

/* Maps one component (in[0..n)) into out; returns bytes written. */
static size_t map_component(const char *in, size_t n, int windows, char *out)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t len = utf8_seq(p + i, n - i);
        if (len == 0) {
            out[o++] = '_'; /* one '_' per byte that is not valid UTF-8 */
            i++;
            continue;
        }
        if (len == 1) {
            unsigned char c = p[i];
            if (c < 0x20 || c == 0x7F || c == '\\' || (windows && strchr("<>:\"|?*", c)))
                c = '_';
            out[o++] = (char)c;
        } else {
            memcpy(out + o, in + i, len);
            o += len;
        }
        i += len;
    }
    if (windows) {
        /* Windows silently drops trailing dots and spaces, so "a." and "a"
         * would be the same file. */
        while (o > 0 && (out[o - 1] == '.' || out[o - 1] == ' '))
            o--;
        if (o > 0 && windows_reserved(out, o)) {
            const char *dot = memchr(out, '.', o);
            size_t base = dot ? (size_t)(dot - out) : o;
            memmove(out + base + 1, out + base, o - base);
            out[base] = '_';
            o++;
        }
    }
    if (o == 0)
        out[o++] = '_';
    return o;
}

fy_result fy_names_map_path(const char *in, size_t inlen, int windows_rules, char *out, size_t cap, fy_err *err)
{
    size_t o = 0, i = 0;
    int depth = 0;

    if (inlen > FY_PATH_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "path longer than %u bytes", FY_PATH_MAX);
    while (i < inlen) {
        size_t start = i, n;
        char comp[FY_NAME_MAX * 2 + 8];
        while (i < inlen && in[i] != '/')
            i++;
        n = i - start;
        i++; /* skip the '/' */
        if (n == 0 || (n == 1 && in[start] == '.') || (n == 2 && in[start] == '.' && in[start + 1] == '.'))
            continue;
        if (n > FY_NAME_MAX)
            return fy_fail(err, FY_ERR_PROTOCOL, "name component longer than %u bytes", FY_NAME_MAX);
        if (++depth > FY_DEPTH_MAX)
            return fy_fail(err, FY_ERR_PROTOCOL, "path deeper than %u folders", FY_DEPTH_MAX);
        n = map_component(in + start, n, windows_rules, comp);
        /* The Windows rules add a byte to a device name ("CON.x" ->
         * "CON_.x"): a 255-byte one would come out at 256, which no
         * file system takes and the receiver's buffers do not hold
         * (found by tests/fuzz/fuzz_manifest). */
        if (n > FY_NAME_MAX)
            return fy_fail(err, FY_ERR_PROTOCOL, "name component longer than %u bytes", FY_NAME_MAX);
        if (o + (o > 0) + n + 1 > cap)
            return fy_fail(err, FY_ERR_PROTOCOL, "path longer than %u bytes", FY_PATH_MAX);
        if (o > 0)
            out[o++] = '/';
        memcpy(out + o, comp, n);
        o += n;
    }
    if (o == 0)
        return fy_fail(err, FY_ERR_PROTOCOL, "path has no usable name");
    out[o] = '\0';
    return FY_OK;
}

/* Cuts s to at most max bytes without splitting a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

fy_result fy_names_collision(const char *name, int is_dir, unsigned k, char *out, size_t cap)
{
    static const char *const tars[] = {".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".tar.lz", ".tar.Z"};
    size_t len = strlen(name), ext = len, stem, suffix_len;
    char suffix[24];
    int n;

    if (!is_dir) {
        const char *dot = strrchr(name, '.');
        if (dot && dot != name)
            ext = (size_t)(dot - name);
        for (size_t i = 0; i < sizeof tars / sizeof *tars; i++) {
            size_t tl = strlen(tars[i]);
            if (len > tl && strcmp(name + len - tl, tars[i]) == 0)
                ext = len - tl;
        }
    }
    suffix_len = (size_t)snprintf(suffix, sizeof suffix, " (%u)", k);
    stem = ext;
    if (stem + suffix_len + (len - ext) > FY_NAME_MAX)
        stem = utf8_cut(name, ext, FY_NAME_MAX > suffix_len + (len - ext) ? FY_NAME_MAX - suffix_len - (len - ext) : 0);
    n = snprintf(out, cap, "%.*s%s%s", (int)stem, name, suffix, name + ext);
    if (n < 0 || (size_t)n >= cap)
        return FY_ERR_USAGE;
    return FY_OK;
}

void fy_names_for_display(const char *in, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t len = strlen(in), i = 0, o = 0;
    /* Sanitizing keeps the length (one '?' per bad byte), so whether it all
     * fits is known up front; if not, leave room for "...". */
    size_t room = len < cap ? cap - 1 : (cap > 3 ? cap - 4 : 0);
    if (cap == 0)
        return;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i), take = n ? n : 1;
        if (o + take > room)
            break;
        if (n == 0 || (n == 1 && (p[i] < 0x20 || p[i] == 0x7F)))
            out[o++] = '?';
        else {
            memcpy(out + o, in + i, n);
            o += n;
        }
        i += take;
    }
    if (i < len && cap > 3) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

void fy_names_key(const char *path, int fold_case, char *out, size_t cap)
{
    size_t i = 0;
    if (cap == 0)
        return;
    for (; path[i] && i + 1 < cap; i++) {
        char c = path[i];
        out[i] = fold_case && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    out[i] = '\0';
}
