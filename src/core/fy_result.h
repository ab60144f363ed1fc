/* fy_result.h: the one result type every Ferry function returns, and the
 * error record that carries the human message from where an error is found
 * to the front end that shows it. Library code never prints. */
#ifndef FY_RESULT_H
#define FY_RESULT_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__) || defined(__clang__)
#define FY_MUST_USE __attribute__((warn_unused_result))
/* gnu_printf: the Windows build uses MinGW's C99 printf (%zu, %llu), not
 * msvcrt's, and the check must follow. */
#define FY_PRINTF(a, b) __attribute__((format(gnu_printf, a, b)))
#else
#define FY_MUST_USE
#define FY_PRINTF(a, b)
#endif

/* Values are stable: they go on the wire in ERROR and RESULT frames
 * (docs/PROTOCOL.md, "Error codes"). Append only. */
typedef enum {
    FY_OK = 0,
    FY_ERR_IO = 1,            /* local file system: open, read, write, rename */
    FY_ERR_DISK_FULL = 2,     /* no space left on the receiving side */
    FY_ERR_PROTOCOL = 3,      /* peer broke the wire format or a limit */
    FY_ERR_DECLINED = 4,      /* the receiving user said no */
    FY_ERR_VERIFY = 5,        /* a file's checksum did not match */
    FY_ERR_CONNECT = 6,       /* could not reach the peer */
    FY_ERR_CLOSED = 7,        /* connection lost mid-transfer */
    FY_ERR_TIMEOUT = 8,       /* peer went silent longer than the idle limit */
    FY_ERR_CANCELLED = 9,     /* the local or remote user cancelled */
    FY_ERR_NOMEM = 10,
    FY_ERR_USAGE = 11,        /* bad arguments from the caller */
    FY_ERR_BUSY = 12,         /* receiver is at its connection limit */
    FY_ERR_PEER = 13,         /* peer reported an error of its own */
    FY_ERR_NOT_FOUND = 14,    /* a named file or peer does not exist */
    FY_ERR_CRYPTO = 15,       /* handshake or authentication failure */
    FY_ERR_UNTRUSTED = 16,    /* peer key not paired, or changed */
    FY_ERR_TAMPERED = 17,     /* a record failed authentication: altered on the way */
    FY_ERR_DUPLICATE = 18,    /* the receiver is already receiving these very files */
    FY_ERR_INFECTED = 19,     /* the receiver's virus scanner rejected files (RESULT) */
    FY_ERR__COUNT
} fy_result;

/* Where a failing function leaves its one-line explanation. */
#define FY_ERRMSG_MAX 512
typedef struct fy_err {
    fy_result code;
    char msg[FY_ERRMSG_MAX];
} fy_err;

/* Record code and message once, where the error is found; returns code so a
 * caller can write `return fy_fail(err, FY_ERR_IO, "...")`. A NULL err is
 * allowed. If err already holds a message, the first one wins: it is the
 * closest to the cause. */
fy_result fy_fail(fy_err *err, fy_result code, const char *fmt, ...) FY_PRINTF(3, 4);
fy_result fy_failv(fy_err *err, fy_result code, const char *fmt, va_list ap);
void fy_err_clear(fy_err *err);

/* For the few calls whose failure is harmless by design (a cosmetic mtime,
 * a cleanup of a temp file): says so where it happens. GCC does not let a
 * (void) cast drop a warn_unused_result. */
static inline void fy_ignore(fy_result r) { (void)r; }

/* A short fixed description of a code, used when no message was recorded. */
const char *fy_result_str(fy_result r);

#endif
