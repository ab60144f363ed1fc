#include "fy_rawsock.h"

#include <stdint.h>
#include <sys/socket.h>

fy_result fy_rawsock_send(void *ctx, const void *p, size_t n, fy_err *err)
{
    int fd = (int)(intptr_t)ctx;
    const char *b = p;
    while (n) {
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
        if (w <= 0)
            return fy_fail(err, FY_ERR_CLOSED, "send failed");
        b += w;
        n -= (size_t)w;
    }
    return FY_OK;
}

fy_result fy_rawsock_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err)
{
    ssize_t r = recv((int)(intptr_t)ctx, p, cap, 0);
    if (r < 0)
        return fy_fail(err, FY_ERR_CLOSED, "recv failed");
    *got = (size_t)r;
    return FY_OK;
}
