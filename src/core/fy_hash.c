#include "fy_hash.h"

#include <stdlib.h>
#include <string.h>

/* Header-only: the hash loop inlines here, and the Windows build needs no
 * xxHash library. */
#define XXH_INLINE_ALL
#include <xxhash.h>

struct fy_hash {
    XXH3_state_t *st;
};

fy_hash *fy_hash_new(void)
{
    fy_hash *h = malloc(sizeof *h);
    if (!h)
        return NULL;
    h->st = XXH3_createState();
    if (!h->st) {
        free(h);
        return NULL;
    }
    XXH3_128bits_reset(h->st);
    return h;
}

void fy_hash_free(fy_hash *h)
{
    if (!h)
        return;
    XXH3_freeState(h->st);
    free(h);
}

void fy_hash_reset(fy_hash *h) { XXH3_128bits_reset(h->st); }

void fy_hash_update(fy_hash *h, const void *data, size_t len)
{
    if (len)
        XXH3_128bits_update(h->st, data, len);
}

void fy_hash_digest(const fy_hash *h, uint8_t out[FY_HASH_LEN])
{
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits_digest(h->st));
    memcpy(out, c.digest, FY_HASH_LEN);
}

void fy_hash_copy(fy_hash *dst, const fy_hash *src) { XXH3_copyState(dst->st, src->st); }

void fy_hash_buffer(const void *data, size_t len, uint8_t out[FY_HASH_LEN])
{
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits(data, len));
    memcpy(out, c.digest, FY_HASH_LEN);
}

void fy_hash_hex(const uint8_t digest[FY_HASH_LEN], char out[2 * FY_HASH_LEN + 1])
{
    static const char hexdig[] = "0123456789abcdef";
    for (int i = 0; i < FY_HASH_LEN; i++) {
        out[2 * i] = hexdig[digest[i] >> 4];
        out[2 * i + 1] = hexdig[digest[i] & 15];
    }
    out[2 * FY_HASH_LEN] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int fy_hash_unhex(const char *hex, uint8_t out[FY_HASH_LEN])
{
    for (int i = 0; i < FY_HASH_LEN; i++) {
        int hi = hexval(hex[2 * i]), lo = hi < 0 ? -1 : hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return hex[2 * FY_HASH_LEN] == '\0' || hex[2 * FY_HASH_LEN] == ' ' ? 0 : -1;
}
