#include "fy_test.h"

#include <stdarg.h>

int fy_test_failures;
int fy_test_checks;
const char *fy_test_case;

void fy_test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fy_test_failures++;
    fprintf(stderr, "FAIL %s:%d", file, line);
    if (fy_test_case)
        fprintf(stderr, " [case: %s]", fy_test_case);
    fputs(": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int fy_test_done(const char *suite)
{
    printf("%s: %d checks\n", suite, fy_test_checks);
    printf("%d passed, %d failed\n", fy_test_checks - fy_test_failures, fy_test_failures);
    return fy_test_failures ? 1 : 0;
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

int fy_test_unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = strlen(hex), i;
    if (n % 2 || n / 2 > cap)
        return -1;
    for (i = 0; i < n / 2; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return (int)(n / 2);
}
