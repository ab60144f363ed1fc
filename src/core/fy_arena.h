/* fy_arena.h: strings packed into large blocks. A manifest of a million
 * names would otherwise pay a malloc header and rounding per name; here a
 * name costs its bytes and a NUL. Strings stay where they are until the
 * whole arena is freed: there is no freeing one string. */
#ifndef FY_ARENA_H
#define FY_ARENA_H

#include <stddef.h>

#define FY_ARENA_BLOCK (1u << 20) /* bytes per block: large next to a name, small next to a manifest */

typedef struct fy_arena_block fy_arena_block;

typedef struct fy_arena {
    fy_arena_block *head; /* the block strings are cut from; older blocks behind it */
} fy_arena;

void fy_arena_init(fy_arena *a);
void fy_arena_free(fy_arena *a);
/* A NUL-terminated copy of s[0..n) (s need not be terminated); NULL when
 * out of memory. */
char *fy_arena_strndup(fy_arena *a, const char *s, size_t n);

#endif
