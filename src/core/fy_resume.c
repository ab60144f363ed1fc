#include "fy_resume.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fy_resume_path(const char *state_dir, const uint8_t peer_key[32], const uint8_t id[FY_HASH_LEN],
                   const char *recv_dir, char *out, size_t cap)
{
    static const uint8_t zero[32];
    uint8_t key[FY_HASH_LEN];
    char hex[2 * FY_HASH_LEN + 1];
    fy_hash *h = fy_hash_new();
    int n;
    if (!h)
        return -1;
    fy_hash_update(h, peer_key ? peer_key : zero, 32);
    fy_hash_update(h, id, FY_HASH_LEN);
    fy_hash_update(h, recv_dir, strlen(recv_dir));
    fy_hash_digest(h, key);
    fy_hash_free(h);
    fy_hash_hex(key, hex);
    n = snprintf(out, cap, "%s/%s.resume", state_dir, hex);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static int parse_u64(const char **p, const char *end, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    const char *s = *p;
    if (s >= end || *s < '0' || *s > '9')
        return -1;
    while (s < end && *s >= '0' && *s <= '9') {
        unsigned d = (unsigned)(*s++ - '0');
        if (v > (max - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    if (s >= end || *s != ' ')
        return -1;
    *out = v;
    *p = s + 1;
    return 0;
}

/* A relative path as fy_names_map_path makes them: components separated
 * by '/', none empty, "." or "..", no '\\' or control characters. The
 * journal is the receiver's own file, but it is checked as if it were not. */
static int safe_path(const char *p, size_t n, int one_component)
{
    size_t start = 0;
    if (n == 0 || n > FY_RESUME_PATH_MAX)
        return 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && ((unsigned char)p[i] < 0x20 || p[i] == '\\' || p[i] == 0x7F))
            return 0;
        if (i == n || p[i] == '/') {
            size_t len = i - start;
            if (len == 0 || len > FY_NAME_MAX || (len == 1 && p[start] == '.') ||
                (len == 2 && p[start] == '.' && p[start + 1] == '.'))
                return 0;
            if (i < n && one_component)
                return 0;
            start = i + 1;
        }
    }
    return 1;
}

int fy_resume_parse_line(const char *line, size_t len, fy_resume_line *out)
{
    const char *end = line + len, *p;
    uint64_t v;
    size_t rest;
    memset(out, 0, sizeof *out);
    if (len > 5 && memcmp(line, "root ", 5) == 0) {
        out->kind = FY_RESUME_ROOT;
        p = line + 5;
        if (parse_u64(&p, end, UINT32_MAX, &v) != 0)
            return 0;
        out->index = (uint32_t)v;
        if (parse_u64(&p, end, UINT64_MAX, &out->dev) != 0 || parse_u64(&p, end, UINT64_MAX, &out->ino) != 0)
            return 0;
        rest = (size_t)(end - p);
        if (!safe_path(p, rest, 1) || rest > FY_NAME_MAX)
            return 0;
        memcpy(out->name, p, rest);
        out->name[rest] = '\0';
        return 1;
    }
    if (len > 5 && memcmp(line, "done ", 5) == 0) {
        char hex[2 * FY_HASH_LEN + 1];
        out->kind = FY_RESUME_DONE;
        p = line + 5;
        if (parse_u64(&p, end, UINT32_MAX, &v) != 0)
            return 0;
        out->index = (uint32_t)v;
        if ((size_t)(end - p) < 2 * FY_HASH_LEN + 2 || p[2 * FY_HASH_LEN] != ' ')
            return 0;
        memcpy(hex, p, 2 * FY_HASH_LEN);
        hex[2 * FY_HASH_LEN] = '\0';
        if (fy_hash_unhex(hex, out->hash) != 0)
            return 0;
        p += 2 * FY_HASH_LEN + 1;
        rest = (size_t)(end - p);
        if (!safe_path(p, rest, 0))
            return 0;
        memcpy(out->name, p, rest);
        out->name[rest] = '\0';
        return 1;
    }
    return 0;
}

size_t fy_resume_format(const fy_resume_line *l, char *out, size_t cap)
{
    int n;
    if (l->kind == FY_RESUME_ROOT) {
        n = snprintf(out, cap, "root %u %llu %llu %s\n", (unsigned)l->index, (unsigned long long)l->dev,
                     (unsigned long long)l->ino, l->name);
    } else {
        char hex[2 * FY_HASH_LEN + 1];
        fy_hash_hex(l->hash, hex);
        n = snprintf(out, cap, "done %u %s %s\n", (unsigned)l->index, hex, l->name);
    }
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}
