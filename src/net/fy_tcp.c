#include "fy_tcp.h"

#include <SDL.h>
#include <SDL_net.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "platform/fy_platform.h"

/* Sockets wake every tick so a cancel or the idle limit is noticed without
 * a second thread; the idle limit counts ticks without progress. */
#define TICK_MS 500u

struct fy_tcp {
    TCPsocket sock;
    fy_sockfd fd;
    /* Atomic: the transfer thread changes it (a person deciding on an
     * offer waits longer) while a pipeline thread sends or receives. */
    _Atomic unsigned timeout_ms;
    /* fy_plat_now_ms() by which the phase must end, 0: none. Atomic: the
     * transfer thread moves it while the read-ahead thread checks it. */
    _Atomic uint64_t deadline;
    char deadline_what[64]; /* written before any other thread uses t */
    SDL_atomic_t *cancel;
    SDLNet_SocketSet set; /* for fy_tcp_readable */
    char peer[64];
    uint32_t peer_ip;     /* IPv4, host byte order */
};

static SDL_atomic_t net_refs;

fy_result fy_net_init(fy_err *err)
{
    if (SDL_AtomicIncRef(&net_refs) == 0 && SDLNet_Init() != 0) {
        SDL_AtomicAdd(&net_refs, -1);
        return fy_fail(err, FY_ERR_CONNECT, "cannot start networking: %s", SDLNet_GetError());
    }
    return FY_OK;
}

void fy_net_quit(void)
{
    if (SDL_AtomicDecRef(&net_refs))
        SDLNet_Quit();
}

static fy_tcp *wrap(TCPsocket s, unsigned timeout_ms)
{
    fy_tcp *t = calloc(1, sizeof *t);
    IPaddress *a;
    if (!t) {
        SDLNet_TCP_Close(s);
        return NULL;
    }
    t->sock = s;
    t->fd = fy_plat_sdlnet_socket(s);
    atomic_init(&t->timeout_ms, timeout_ms);
    snprintf(t->deadline_what, sizeof t->deadline_what, "finish");
    if ((t->set = SDLNet_AllocSocketSet(1)) != NULL)
        SDLNet_TCP_AddSocket(t->set, s);
    fy_plat_sock_tune(t->fd, TICK_MS);
    /* The system gives up on a vanished peer after --timeout, not 30 s. */
    fy_plat_sock_peer_timeout(t->fd, timeout_ms);
    a = SDLNet_TCP_GetPeerAddress(s);
    if (a) {
        uint32_t h = SDL_SwapBE32(a->host);
        t->peer_ip = h;
        snprintf(t->peer, sizeof t->peer, "%u.%u.%u.%u:%u", h >> 24, (h >> 16) & 255, (h >> 8) & 255, h & 255,
                 SDL_SwapBE16(a->port));
    }
    return t;
}

fy_result fy_tcp_connect(const char *host, uint16_t port, unsigned timeout_ms, fy_tcp **out, fy_err *err)
{
    IPaddress ip;
    TCPsocket s;
    *out = NULL;
    if (SDLNet_ResolveHost(&ip, host, port) != 0)
        return fy_fail(err, FY_ERR_CONNECT, "cannot find host \"%s\"", host);
    if (!(s = SDLNet_TCP_Open(&ip))) {
        char why[128];
        fy_plat_connect_error(SDL_SwapBE32(ip.host), port, why, sizeof why);
        return fy_fail(err, FY_ERR_CONNECT, "cannot connect to %s port %u: %s", host, port, why);
    }
    if (!(*out = wrap(s, timeout_ms)))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    return FY_OK;
}

fy_result fy_tcp_listen(uint16_t port, fy_tcp **out, fy_err *err)
{
    IPaddress ip;
    TCPsocket s;
    *out = NULL;
    if (SDLNet_ResolveHost(&ip, NULL, port) != 0 || !(s = SDLNet_TCP_Open(&ip)))
        return fy_fail(err, FY_ERR_CONNECT,
                       "cannot listen on port %u (is another Ferry running? try --port): %s", port,
                       SDLNet_GetError());
    if (!(*out = calloc(1, sizeof **out))) {
        SDLNet_TCP_Close(s);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    (*out)->sock = s;
    (*out)->fd = fy_plat_sdlnet_socket(s);
    fy_plat_sock_listen_backlog((*out)->fd, 256);
    return FY_OK;
}

fy_result fy_tcp_accept(fy_tcp *l, unsigned wait_ms, unsigned timeout_ms, fy_tcp **out, fy_err *err)
{
    SDLNet_SocketSet set = SDLNet_AllocSocketSet(1);
    TCPsocket s = NULL;
    *out = NULL;
    if (!set)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    SDLNet_TCP_AddSocket(set, l->sock);
    if (SDLNet_CheckSockets(set, wait_ms) > 0 && SDLNet_SocketReady(l->sock))
        s = SDLNet_TCP_Accept(l->sock);
    SDLNet_FreeSocketSet(set);
    if (s && !(*out = wrap(s, timeout_ms)))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    return FY_OK;
}

static fy_result sock_error(fy_tcp *t, const char *what, fy_err *err)
{
    char why[128];
    fy_plat_sock_last_error(why, sizeof why);
    return fy_fail(err, FY_ERR_CLOSED, "connection to %s lost while %s: %s", t->peer, what, why);
}

/* The phase's deadline passed: progress, even a byte a second, does not
 * keep a connection alive past it. */
static fy_result past_deadline(fy_tcp *t, fy_err *err)
{
    uint64_t d = atomic_load_explicit(&t->deadline, memory_order_relaxed);
    if (!d || fy_plat_now_ms() < d)
        return FY_OK;
    return fy_fail(err, FY_ERR_TIMEOUT, "%s did not %s in time", t->peer, t->deadline_what);
}

/* After a call that timed out: go on waiting, or give up. *unacked is
 * what fy_plat_sock_unacked said at the caller's last look (kept per call:
 * a socket is read on one thread and written on another). */
static fy_result waited(fy_tcp *t, uint64_t *since, long long *unacked, fy_err *err)
{
    long long now_unacked = fy_plat_sock_unacked(t->fd);
    unsigned timeout_ms = atomic_load_explicit(&t->timeout_ms, memory_order_relaxed);
    fy_result rc;
    if (t->cancel && SDL_AtomicGet(t->cancel))
        return fy_fail(err, FY_ERR_CANCELLED, "cancelled");
    if ((rc = past_deadline(t, err)) != FY_OK)
        return rc;
    /* Our own data still draining to the peer is progress: it is acking. */
    if (now_unacked >= 0 && now_unacked < *unacked)
        *since = fy_plat_now_ms();
    *unacked = now_unacked;
    if (timeout_ms && fy_plat_now_ms() - *since >= timeout_ms)
        return fy_fail(err, FY_ERR_TIMEOUT, "%s went silent for %u seconds", t->peer, timeout_ms / 1000);
    return FY_OK;
}

/* One send call moves at most this much: with room waited for first, it
 * rarely blocks for long (the socket buffer is 4 MiB). */
#define SEND_PART (2u << 20)

fy_result fy_tcp_send(fy_tcp *t, const void *p, size_t n, fy_err *err)
{
    const uint8_t *b = p;
    uint64_t since = fy_plat_now_ms();
    long long unacked = -1;
    while (n > 0) {
        int part = n > SEND_PART ? (int)SEND_PART : (int)n, sent;
        fy_result rc;
        /* Sends start only when there is room, and the wait is where a
         * cancel or a silent peer is noticed: Winsock leaves a socket
         * "indeterminate" after a send timed out half-way, so the send
         * timeout is only a last resort. */
        if (!fy_plat_sock_wait_writable(t->fd, TICK_MS)) {
            if ((rc = waited(t, &since, &unacked, err)) != FY_OK)
                return rc;
            continue;
        }
        /* SDLNet_TCP_Send returns what it sent before a timeout or an
         * error; on Linux a timed-out send can go on from there. */
        sent = SDLNet_TCP_Send(t->sock, b, part);
        if (sent > 0) {
            b += sent;
            n -= (size_t)sent;
            since = fy_plat_now_ms();
        }
        if (sent == part)
            continue;
        if (!fy_plat_sock_last_timed_out())
            return sock_error(t, "sending", err);
        if ((rc = waited(t, &since, &unacked, err)) != FY_OK)
            return rc;
    }
    return FY_OK;
}

fy_result fy_tcp_recv(fy_tcp *t, void *p, size_t cap, size_t *got, fy_err *err)
{
    uint64_t since = fy_plat_now_ms();
    long long unacked = -1;
    *got = 0;
    for (;;) {
        int n = SDLNet_TCP_Recv(t->sock, p, cap > (1u << 30) ? (1 << 30) : (int)cap);
        fy_result rc;
        if (n >= 0) {
            if (n == 0 && t->cancel && SDL_AtomicGet(t->cancel))
                return fy_fail(err, FY_ERR_CANCELLED, "cancelled");
            *got = (size_t)n;
            return n > 0 ? past_deadline(t, err) : FY_OK;
        }
        if (!fy_plat_sock_last_timed_out())
            return sock_error(t, "receiving", err);
        if ((rc = waited(t, &since, &unacked, err)) != FY_OK)
            return rc;
    }
}

void fy_tcp_set_cancel(fy_tcp *t, SDL_atomic_t *flag) { t->cancel = flag; }

void fy_tcp_set_timeout(fy_tcp *t, unsigned timeout_ms)
{
    atomic_store_explicit(&t->timeout_ms, timeout_ms, memory_order_relaxed);
}

void fy_tcp_set_deadline(fy_tcp *t, unsigned ms, const char *what)
{
    if (what)
        snprintf(t->deadline_what, sizeof t->deadline_what, "%s", what);
    atomic_store_explicit(&t->deadline, ms ? fy_plat_now_ms() + ms : 0, memory_order_relaxed);
}

void fy_tcp_extend_deadline(fy_tcp *t, uint64_t ms)
{
    if (atomic_load_explicit(&t->deadline, memory_order_relaxed))
        atomic_fetch_add_explicit(&t->deadline, ms, memory_order_relaxed);
}

uint32_t fy_tcp_peer_ip(const fy_tcp *t) { return t->peer_ip; }

void fy_tcp_shutdown(fy_tcp *t) { fy_plat_sock_shutdown(t->fd); }

int fy_tcp_readable(fy_tcp *t) { return t->set && SDLNet_CheckSockets(t->set, 0) > 0; }

/* Read in 64 KiB pieces: a peer streaming 1 MiB DATA frames at full speed
 * is drained in few calls. The buffer belongs to the call (every receiving
 * thread drains at once); it is on the heap because a transfer thread's
 * stack is the system default (1 MiB on Windows), and a small one on the
 * stack still drains if that allocation fails. */
#define DRAIN_PIECE 65536

void fy_tcp_drain(fy_tcp *t, unsigned wait_ms)
{
    char small[1024];
    char *scratch = malloc(DRAIN_PIECE);
    int cap = scratch ? DRAIN_PIECE : (int)sizeof small;
    uint64_t until = fy_plat_now_ms() + wait_ms;
    if (!scratch)
        scratch = small;
    while (fy_plat_now_ms() < until) {
        int n = SDLNet_TCP_Recv(t->sock, scratch, cap);
        if (n == 0 || (n < 0 && !fy_plat_sock_last_timed_out()))
            break;
    }
    if (scratch != small)
        free(scratch);
}

void fy_tcp_close(fy_tcp *t)
{
    if (!t)
        return;
    if (t->set)
        SDLNet_FreeSocketSet(t->set);
    SDLNet_TCP_Close(t->sock);
    free(t);
}

const char *fy_tcp_peer(const fy_tcp *t) { return t->peer; }
