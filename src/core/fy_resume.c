#include "fy_resume.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fy_resume_path(const char *dir, const uint8_t id[FY_HASH_LEN], char *out, size_t cap)
{
    char hex[2 * FY_HASH_LEN + 1];
    int n;
    fy_hash_hex(id, hex);
    n = snprintf(out, cap, "%s/.ferry-%s.resume", dir, hex);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static int parse_index(const char **p, const char *end, uint32_t *out)
{
    uint64_t v = 0;
    const char *s = *p;
    if (s >= end || *s < '0' || *s > '9')
        return -1;
    while (s < end && *s >= '0' && *s <= '9') {
        v = v * 10 + (uint64_t)(*s++ - '0');
        if (v > UINT32_MAX)
            return -1;
    }
    if (s >= end || *s != ' ')
        return -1;
    *out = (uint32_t)v;
    *p = s + 1;
    return 0;
}

int fy_resume_parse_line(const char *line, size_t len, fy_resume_line *out)
{
    const char *end = line + len, *p;
    size_t rest;
    if (len > 5 && memcmp(line, "root ", 5) == 0) {
        out->kind = FY_RESUME_ROOT;
        p = line + 5;
        if (parse_index(&p, end, &out->index) != 0)
            return 0;
        rest = (size_t)(end - p);
        /* The name was made safe before it was written; check anyway that
         * it is one plain component, since the file could be edited. */
        if (rest == 0 || rest > FY_NAME_MAX || memchr(p, '/', rest) || memchr(p, '\\', rest) ||
            memchr(p, '\0', rest) || (rest <= 2 && p[0] == '.' && (rest == 1 || p[1] == '.')))
            return 0;
        memcpy(out->name, p, rest);
        out->name[rest] = '\0';
        return 1;
    }
    if (len > 5 && memcmp(line, "done ", 5) == 0) {
        char hex[2 * FY_HASH_LEN + 1];
        out->kind = FY_RESUME_DONE;
        p = line + 5;
        if (parse_index(&p, end, &out->index) != 0 || (size_t)(end - p) != 2 * FY_HASH_LEN)
            return 0;
        memcpy(hex, p, 2 * FY_HASH_LEN);
        hex[2 * FY_HASH_LEN] = '\0';
        out->name[0] = '\0';
        return fy_hash_unhex(hex, out->hash) == 0;
    }
    return 0;
}

size_t fy_resume_format(const fy_resume_line *l, char *out, size_t cap)
{
    int n;
    if (l->kind == FY_RESUME_ROOT) {
        n = snprintf(out, cap, "root %u %s\n", (unsigned)l->index, l->name);
    } else {
        char hex[2 * FY_HASH_LEN + 1];
        fy_hash_hex(l->hash, hex);
        n = snprintf(out, cap, "done %u %s\n", (unsigned)l->index, hex);
    }
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}
