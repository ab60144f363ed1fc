/* fy_test.h: the little test harness every unit test uses. A failed check
 * prints the file, line, the case being run and both values, and the test
 * goes on; main returns non-zero if any check failed. */
#ifndef FY_TEST_H
#define FY_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern int fy_test_failures;
extern int fy_test_checks;
extern const char *fy_test_case; /* set by the table loop; named on failure */

void fy_test_fail(const char *file, int line, const char *fmt, ...);

#define CHECK(cond)                                                                                        \
    do {                                                                                                   \
        fy_test_checks++;                                                                                  \
        if (!(cond))                                                                                       \
            fy_test_fail(__FILE__, __LINE__, "%s", #cond);                                                 \
    } while (0)

#define CHECK_INT(got, want)                                                                               \
    do {                                                                                                   \
        long long g_ = (long long)(got), w_ = (long long)(want);                                           \
        fy_test_checks++;                                                                                  \
        if (g_ != w_)                                                                                      \
            fy_test_fail(__FILE__, __LINE__, "%s: got %lld, want %lld", #got, g_, w_);                     \
    } while (0)

#define CHECK_STR(got, want)                                                                               \
    do {                                                                                                   \
        const char *g_ = (got), *w_ = (want);                                                              \
        fy_test_checks++;                                                                                  \
        if (!g_ || !w_ || strcmp(g_, w_) != 0)                                                             \
            fy_test_fail(__FILE__, __LINE__, "%s: got \"%s\", want \"%s\"", #got, g_ ? g_ : "(null)",      \
                         w_ ? w_ : "(null)");                                                              \
    } while (0)

#define CHECK_MEM(got, want, n)                                                                            \
    do {                                                                                                   \
        fy_test_checks++;                                                                                  \
        if (memcmp((got), (want), (n)) != 0)                                                               \
            fy_test_fail(__FILE__, __LINE__, "%s differs from %s (%zu bytes)", #got, #want, (size_t)(n));  \
    } while (0)

/* Prints "N passed, N failed" and returns the exit status for main. */
int fy_test_done(const char *suite);

/* Hex helpers for test vectors: returns bytes written, -1 on bad hex. */
int fy_test_unhex(const char *hex, uint8_t *out, size_t cap);

#endif
