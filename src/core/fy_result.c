#include "fy_result.h"

#include <stdio.h>
#include <string.h>

fy_result fy_failv(fy_err *err, fy_result code, const char *fmt, va_list ap)
{
    if (!err || err->code != FY_OK)
        return code;
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

fy_result fy_fail(fy_err *err, fy_result code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fy_failv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void fy_err_clear(fy_err *err)
{
    if (!err)
        return;
    err->code = FY_OK;
    err->msg[0] = '\0';
}

const char *fy_result_str(fy_result r)
{
    static const char *const names[FY_ERR__COUNT] = {
        [FY_OK] = "ok",
        [FY_ERR_IO] = "file system error",
        [FY_ERR_DISK_FULL] = "disk full",
        [FY_ERR_PROTOCOL] = "protocol error",
        [FY_ERR_DECLINED] = "declined by the receiver",
        [FY_ERR_VERIFY] = "checksum mismatch",
        [FY_ERR_CONNECT] = "could not connect",
        [FY_ERR_CLOSED] = "connection lost",
        [FY_ERR_TIMEOUT] = "peer timed out",
        [FY_ERR_CANCELLED] = "cancelled",
        [FY_ERR_NOMEM] = "out of memory",
        [FY_ERR_USAGE] = "invalid arguments",
        [FY_ERR_BUSY] = "receiver busy",
        [FY_ERR_PEER] = "peer error",
        [FY_ERR_NOT_FOUND] = "not found",
        [FY_ERR_CRYPTO] = "encryption handshake failed",
        [FY_ERR_UNTRUSTED] = "peer not trusted",
        [FY_ERR_TAMPERED] = "data altered on the way",
        [FY_ERR_DUPLICATE] = "already being received",
        [FY_ERR_INFECTED] = "rejected by the virus scanner",
    };
    if ((unsigned)r < FY_ERR__COUNT && names[r])
        return names[r];
    return "unknown error";
}
