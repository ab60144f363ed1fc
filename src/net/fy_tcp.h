/* fy_tcp.h: TCP connections through SDL2_net, with the timeouts and buffer
 * sizes SDL2_net cannot set (applied through the platform seam). */
#ifndef FY_TCP_H
#define FY_TCP_H

#include <stddef.h>
#include <stdint.h>

#include <SDL_atomic.h>

#include "core/fy_result.h"

typedef struct fy_tcp fy_tcp;

/* SDLNet_Init once per process (reference counted). */
fy_result fy_net_init(fy_err *err) FY_MUST_USE;
void fy_net_quit(void);

fy_result fy_tcp_connect(const char *host, uint16_t port, unsigned timeout_ms, fy_tcp **out, fy_err *err) FY_MUST_USE;
fy_result fy_tcp_listen(uint16_t port, fy_tcp **out, fy_err *err) FY_MUST_USE;
/* Waits up to wait_ms for a connection; *out is NULL if none came. */
fy_result fy_tcp_accept(fy_tcp *listener, unsigned wait_ms, unsigned timeout_ms, fy_tcp **out, fy_err *err) FY_MUST_USE;

fy_result fy_tcp_send(fy_tcp *t, const void *p, size_t n, fy_err *err) FY_MUST_USE;
/* Receives up to cap bytes; *got == 0 means the peer closed. */
fy_result fy_tcp_recv(fy_tcp *t, void *p, size_t cap, size_t *got, fy_err *err) FY_MUST_USE;
/* Changes the idle timeout: how long send or recv may make no progress
 * before failing with FY_ERR_TIMEOUT. */
void fy_tcp_set_timeout(fy_tcp *t, unsigned timeout_ms);
/* An overall deadline for a phase (ms from now; 0 clears it): once it has
 * passed, send and recv fail with FY_ERR_TIMEOUT ("PEER did not WHAT in
 * time") even while bytes trickle in. The idle timeout alone lets a peer
 * that sends a byte a second hold a connection for ever. */
void fy_tcp_set_deadline(fy_tcp *t, unsigned ms, const char *what);
/* Moves the deadline later (by the time a person took to answer). */
void fy_tcp_extend_deadline(fy_tcp *t, uint64_t ms);
/* A flag another thread sets to cancel: blocked calls notice it within a
 * second and fail with FY_ERR_CANCELLED. */
void fy_tcp_set_cancel(fy_tcp *t, SDL_atomic_t *flag);
/* 1 if bytes are waiting to be read (does not block). */
int fy_tcp_readable(fy_tcp *t);
/* After telling the peer why we stop: read and discard until it closes (or
 * wait_ms pass), so our close does not reset the connection and destroy the
 * message before the peer has read it. */
void fy_tcp_drain(fy_tcp *t, unsigned wait_ms);
/* Safe from another thread: makes blocked calls on t return. */
void fy_tcp_shutdown(fy_tcp *t);
void fy_tcp_close(fy_tcp *t);
/* "192.0.2.7:53317" */
const char *fy_tcp_peer(const fy_tcp *t);
/* The peer's IPv4 address, host byte order. */
uint32_t fy_tcp_peer_ip(const fy_tcp *t);

#endif
