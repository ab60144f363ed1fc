/* fy_rawsock.h: an fy_transport over a plain socket (ctx is the fd), shared
 * by the test tools fy_evil and fy_mitm. Linux-only test code. */
#ifndef FY_RAWSOCK_H
#define FY_RAWSOCK_H

#include "net/fy_channel.h"

fy_result fy_rawsock_send(void *ctx, const void *p, size_t n, fy_err *err);
fy_result fy_rawsock_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err);

#endif
