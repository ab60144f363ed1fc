#include "fy_arena.h"

#include <stdlib.h>
#include <string.h>

struct fy_arena_block {
    fy_arena_block *next;
    size_t used, cap;
    char data[];
};

void fy_arena_init(fy_arena *a) { a->head = NULL; }

void fy_arena_free(fy_arena *a)
{
    while (a->head) {
        fy_arena_block *b = a->head;
        a->head = b->next;
        free(b);
    }
}

static fy_arena_block *block_new(size_t cap)
{
    fy_arena_block *b = malloc(sizeof *b + cap);
    if (b) {
        b->next = NULL;
        b->used = 0;
        b->cap = cap;
    }
    return b;
}

char *fy_arena_strndup(fy_arena *a, const char *s, size_t n)
{
    fy_arena_block *b = a->head;
    char *out;
    if (n >= (size_t)-1 - sizeof *b)
        return NULL;
    if (!b || b->cap - b->used <= n) {
        if (n >= FY_ARENA_BLOCK / 4) {
            /* A string too large to share a block gets one of its own,
             * behind the current block, whose free room stays in use. */
            if (!(b = block_new(n + 1)))
                return NULL;
            if (a->head) {
                b->next = a->head->next;
                a->head->next = b;
            } else {
                a->head = b;
            }
        } else {
            if (!(b = block_new(FY_ARENA_BLOCK)))
                return NULL;
            b->next = a->head;
            a->head = b;
        }
    }
    out = b->data + b->used;
    if (n)
        memcpy(out, s, n);
    out[n] = '\0';
    b->used += n + 1;
    return out;
}
