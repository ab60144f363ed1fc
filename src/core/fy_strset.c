#include "fy_strset.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fy_arena.h"

/* The hash is kept with the key: growing never rehashes a string, and a
 * probe compares strings only when the hashes agree. */
typedef struct slot {
    const char *key; /* in the set's arena; NULL for an empty slot */
    uint32_t hash;
    uint32_t value;
} slot;

struct fy_strset {
    slot *slots;
    size_t cap, used; /* cap is a power of two */
    fy_arena keys;    /* a manifest's worth of keys, packed */
    unsigned char seed[crypto_shorthash_KEYBYTES];
};

/* SipHash with a random key per set: with a fixed hash (FNV-1a before), a
 * sender can pick a million names that land in one run of slots, and every
 * lookup then walks that run: 30,000 such names took a second, a million
 * would take tens of minutes. */
static uint32_t hash_str(const fy_strset *s, const char *key)
{
    unsigned char out[crypto_shorthash_BYTES];
    uint32_t h;
    crypto_shorthash(out, (const unsigned char *)key, strlen(key), s->seed);
    memcpy(&h, out, sizeof h);
    return h;
}

fy_strset *fy_strset_new(void)
{
    fy_strset *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cap = 64;
    s->slots = calloc(s->cap, sizeof *s->slots);
    if (!s->slots || sodium_init() < 0) {
        free(s->slots);
        free(s);
        return NULL;
    }
    randombytes_buf(s->seed, sizeof s->seed);
    fy_arena_init(&s->keys);
    return s;
}

void fy_strset_free(fy_strset *s)
{
    if (!s)
        return;
    fy_arena_free(&s->keys);
    free(s->slots);
    free(s);
}

static slot *find(const fy_strset *s, const char *key, uint32_t h)
{
    size_t mask = s->cap - 1, i = h & mask;
    while (s->slots[i].key && (s->slots[i].hash != h || strcmp(s->slots[i].key, key) != 0))
        i = (i + 1) & mask;
    return &s->slots[i];
}

static int grow(fy_strset *s)
{
    size_t old_cap = s->cap, mask = old_cap * 2 - 1;
    slot *old = s->slots;
    s->slots = calloc(old_cap * 2, sizeof *s->slots);
    if (!s->slots) {
        s->slots = old;
        return -1;
    }
    s->cap = old_cap * 2;
    /* The keys are distinct: the first empty slot is the place. */
    for (size_t i = 0; i < old_cap; i++) {
        size_t j;
        if (!old[i].key)
            continue;
        for (j = old[i].hash & mask; s->slots[j].key; j = (j + 1) & mask)
            ;
        s->slots[j] = old[i];
    }
    free(old);
    return 0;
}

int fy_strset_put(fy_strset *s, const char *key, uint32_t value)
{
    uint32_t h = hash_str(s, key);
    slot *sl;
    if ((s->used + 1) * 2 > s->cap && grow(s) != 0)
        return -1;
    sl = find(s, key, h);
    if (sl->key) {
        sl->value = value;
        return 0;
    }
    if (!(sl->key = fy_arena_strndup(&s->keys, key, strlen(key))))
        return -1;
    sl->hash = h;
    sl->value = value;
    s->used++;
    return 1;
}

int fy_strset_add(fy_strset *s, const char *key)
{
    if (fy_strset_has(s, key))
        return 0;
    return fy_strset_put(s, key, 0);
}

int fy_strset_has(const fy_strset *s, const char *key) { return find(s, key, hash_str(s, key))->key != NULL; }

int fy_strset_get(const fy_strset *s, const char *key, uint32_t *value)
{
    const slot *sl = find(s, key, hash_str(s, key));
    if (!sl->key)
        return 0;
    *value = sl->value;
    return 1;
}
