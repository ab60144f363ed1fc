/* fy_strset.h: a set of strings (open addressing; owns copies of the keys,
 * packed in an arena of its own). Used to catch duplicate names in a
 * manifest in linear time: a hostile manifest of a million entries must not
 * cost a quadratic scan, so the hash is keyed at random per set. */
#ifndef FY_STRSET_H
#define FY_STRSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct fy_strset fy_strset;

fy_strset *fy_strset_new(void); /* NULL when out of memory */
void fy_strset_free(fy_strset *s);
/* Returns 1 if added, 0 if it was already there, -1 when out of memory. */
int fy_strset_add(fy_strset *s, const char *key);
int fy_strset_has(const fy_strset *s, const char *key);
/* The value stored with a key by fy_strset_put (0 if none). */
int fy_strset_put(fy_strset *s, const char *key, uint32_t value);
int fy_strset_get(const fy_strset *s, const char *key, uint32_t *value);

#endif
