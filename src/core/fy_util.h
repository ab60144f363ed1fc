/* fy_util.h: small helpers C11 lacks. */
#ifndef FY_UTIL_H
#define FY_UTIL_H

#include <stddef.h>

/* strdup is POSIX, not C11 (and MSVC names it _strdup). NULL on no memory. */
char *fy_strdup(const char *s);

#endif
