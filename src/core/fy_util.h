/* fy_util.h: small helpers C11 lacks. */
#ifndef FY_UTIL_H
#define FY_UTIL_H

#include <stddef.h>

/* strdup is POSIX, not C11 (and MSVC names it _strdup). NULL on no memory. */
char *fy_strdup(const char *s);

/* 1 if a and b are equal ignoring ASCII case (strcasecmp is POSIX). */
int fy_streq_nocase(const char *a, const char *b);

#endif
