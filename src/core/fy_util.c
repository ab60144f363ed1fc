#include "fy_util.h"

#include <stdlib.h>
#include <string.h>

char *fy_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
