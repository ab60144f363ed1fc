#include "fy_util.h"
#include "fy_strset.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    char *key;
    uint32_t value;
} slot;

struct fy_strset {
    slot *slots;
    size_t cap, used; /* cap is a power of two */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a: short keys, no adversary can grow a chain past the load cap */
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

fy_strset *fy_strset_new(void)
{
    fy_strset *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cap = 64;
    s->slots = calloc(s->cap, sizeof *s->slots);
    if (!s->slots) {
        free(s);
        return NULL;
    }
    return s;
}

void fy_strset_free(fy_strset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i].key);
    free(s->slots);
    free(s);
}

static slot *find(const fy_strset *s, const char *key)
{
    size_t mask = s->cap - 1, i = (size_t)hash_str(key) & mask;
    while (s->slots[i].key && strcmp(s->slots[i].key, key) != 0)
        i = (i + 1) & mask;
    return &s->slots[i];
}

static int grow(fy_strset *s)
{
    size_t old_cap = s->cap;
    slot *old = s->slots;
    s->slots = calloc(old_cap * 2, sizeof *s->slots);
    if (!s->slots) {
        s->slots = old;
        return -1;
    }
    s->cap = old_cap * 2;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *find(s, old[i].key) = old[i];
    free(old);
    return 0;
}

int fy_strset_put(fy_strset *s, const char *key, uint32_t value)
{
    slot *sl;
    if ((s->used + 1) * 2 > s->cap && grow(s) != 0)
        return -1;
    sl = find(s, key);
    if (sl->key) {
        sl->value = value;
        return 0;
    }
    sl->key = fy_strdup(key);
    if (!sl->key)
        return -1;
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

int fy_strset_has(const fy_strset *s, const char *key) { return find(s, key)->key != NULL; }

int fy_strset_get(const fy_strset *s, const char *key, uint32_t *value)
{
    const slot *sl = find(s, key);
    if (!sl->key)
        return 0;
    *value = sl->value;
    return 1;
}
