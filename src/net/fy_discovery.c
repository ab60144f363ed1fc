#include "fy_discovery.h"

#include <SDL.h>
#include <SDL_net.h>
#include <stdlib.h>
#include <string.h>

#include "fy_tcp.h"
#include "platform/fy_platform.h"

/* At most this many "peers changed" calls a second: a flood of packets
 * that each change the list (a name that keeps changing) must not wake
 * the front end for each one. */
#define NOTIFY_MS 250u
/* Datagrams read between two looks at the clock and the stop flag: a
 * flood faster than the reading must not hold back announcing, notifying,
 * or fy_discovery_stop. */
#define BATCH 256
/* Waking up costs several times more than reading a datagram, and a
 * reader a little faster than a flood would wake for each one. So after
 * reading anything the thread rests PAUSE_MS before it waits again (at
 * most ~1,000 wake-ups a second): the next wake-up finds what came
 * meanwhile. Not when the last wake-up found half a batch or more: then a
 * millisecond's worth may not fit in the socket's buffer (the default
 * holds a few hundred small datagrams). A query waits at most PAUSE_MS
 * longer for its answer. */
#define PAUSE_MS 1u
/* Reading is the one cost a flood still has (two system calls a datagram
 * through SDL2_net). The thread reads for at most READ_BUDGET_MS of every
 * READ_WINDOW_MS, about a tenth of a core whatever the flood's rate; then
 * it leaves the datagrams to the system, which drops them once the
 * socket's buffer is full. Queries are then lost at random, legitimate
 * ones as often as the flood's, which is why askers ask more than once. */
#define READ_WINDOW_MS 100u
#define READ_BUDGET_MS 10u

struct fy_discovery {
    UDPsocket sock;
    UDPpacket *pkt;
    UDPpacket *reply;       /* our REPLY, encoded once */
    SDLNet_SocketSet set;
    uint16_t port;          /* where everyone listens */
    int announce;
    fy_disco_msg self;
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_atomic_t stop, query_now; /* set by the caller's thread, read by the discovery thread */
    SDL_atomic_t limited, limited_from; /* queries left unanswered by the limits, and the last source */
    fy_peer_table table;    /* under lock */
    fy_disco_limiter limit; /* discovery thread only, as are the two below */
    int dirty;              /* the table changed since the last notification */
    uint64_t notified_ms;
    void (*changed)(void *);
    void *ud;
};

/* Sends one packet of type to every interface's broadcast address. */
static void broadcast(fy_discovery *d, uint8_t type)
{
    fy_iface ifs[32];
    int n = fy_plat_list_ipv4(ifs, 32);
    fy_disco_msg m = d->self;
    m.type = type;
    d->pkt->len = (int)fy_disco_encode(&m, d->pkt->data, (size_t)d->pkt->maxlen);
    for (int i = 0; i < n; i++) {
        if (ifs[i].loopback)
            continue;
        d->pkt->address.host = SDL_SwapBE32(ifs[i].broadcast);
        d->pkt->address.port = SDL_SwapBE16(d->port);
        SDLNet_UDP_Send(d->sock, -1, d->pkt);
    }
}

/* One datagram. The cheap checks come first: under a flood almost every
 * packet ends at fy_disco_peek or at the limiter, before any decoding,
 * locking or sending. */
static void on_packet(fy_discovery *d)
{
    fy_disco_head h;
    fy_disco_msg m;
    uint32_t from = SDL_SwapBE32(d->pkt->address.host);
    int query;

    if (fy_disco_peek(d->pkt->data, (size_t)d->pkt->len, &h) != FY_OK || !memcmp(h.key, d->self.key, 32))
        return; /* not ours, or our own broadcast coming back */
    /* A query is answered or dropped whole: one over the limit is not even
     * news of its sender (a receiving machine also announces itself). */
    query = h.type == FY_DISCO_QUERY;
    if (query && d->announce && !fy_disco_limiter_allow(&d->limit, from, fy_plat_now_ms())) {
        /* Counted for the receiver's reason log: two atomic stores, no
         * lock, nothing else a flood could make expensive. */
        SDL_AtomicAdd(&d->limited, 1);
        SDL_AtomicSet(&d->limited_from, (int)from);
        return;
    }
    if (query && !d->announce)
        return;
    if (fy_disco_decode(d->pkt->data, (size_t)d->pkt->len, &m) != FY_OK)
        return;
    if (query) {
        d->reply->address = d->pkt->address;
        SDLNet_UDP_Send(d->sock, -1, d->reply);
    }
    if (m.port == 0)
        return; /* only looking: not a machine one can send to */
    SDL_LockMutex(d->lock);
    d->dirty |= fy_peer_table_update(&d->table, &m, from, fy_plat_now_ms());
    SDL_UnlockMutex(d->lock);
}

/* Announces, expires and notifies when due; returns how long the thread
 * may wait for a datagram before it is due again. */
static uint32_t tick(fy_discovery *d, uint64_t now, uint64_t *next_announce)
{
    if (SDL_AtomicSet(&d->query_now, 0))
        broadcast(d, FY_DISCO_QUERY);
    if (now >= *next_announce) {
        if (d->announce)
            broadcast(d, FY_DISCO_ANNOUNCE);
        SDL_LockMutex(d->lock);
        if (fy_peer_table_expire(&d->table, now, FY_DISCO_TTL_MS))
            d->dirty = 1;
        SDL_UnlockMutex(d->lock);
        *next_announce = now + FY_DISCO_ANNOUNCE_MS;
    }
    if (!d->dirty)
        return 100;
    if (now - d->notified_ms < NOTIFY_MS)
        return NOTIFY_MS - (uint32_t)(now - d->notified_ms);
    d->dirty = 0;
    d->notified_ms = now;
    if (d->changed)
        d->changed(d->ud);
    return 100;
}

static int run(void *arg)
{
    fy_discovery *d = arg;
    uint64_t next = 0;
    /* The read budget, in performance-counter ticks: a datagram takes
     * about a microsecond, far below fy_plat_now_ms's resolution. */
    const uint64_t hz = SDL_GetPerformanceFrequency();
    const uint64_t window = hz * READ_WINDOW_MS / 1000u, budget = hz * READ_BUDGET_MS / 1000u;
    uint64_t window_start = SDL_GetPerformanceCounter(), spent = 0;

    while (!SDL_AtomicGet(&d->stop)) {
        uint32_t wait = tick(d, fy_plat_now_ms(), &next);
        uint64_t t = SDL_GetPerformanceCounter();
        int got = 0;
        if (t - window_start >= window) {
            window_start = t;
            spent = 0;
        } else if (spent >= budget) {
            fy_plat_sleep_ms((unsigned)((window_start + window - t) * 1000u / hz) + 1u);
            continue;
        }
        if (SDLNet_CheckSockets(d->set, wait) <= 0)
            continue;
        t = SDL_GetPerformanceCounter();
        while (got < BATCH && SDLNet_UDP_Recv(d->sock, d->pkt) == 1) {
            on_packet(d);
            got++;
        }
        spent += SDL_GetPerformanceCounter() - t;
        if (got > 0 && got < BATCH / 2)
            fy_plat_sleep_ms(PAUSE_MS);
    }
    return 0;
}

fy_result fy_discovery_start(uint16_t port, int listen, const fy_disco_msg *self, void (*changed)(void *), void *ud,
                             fy_discovery **out, fy_err *err)
{
    fy_discovery *d = calloc(1, sizeof *d);
    fy_result rc;
    *out = NULL;
    if (!d)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    if ((rc = fy_net_init(err)) != FY_OK) {
        free(d);
        return rc;
    }
    d->port = port;
    d->announce = listen && self->port != 0;
    d->self = *self;
    d->self.version = 1;
    d->changed = changed;
    d->ud = ud;
    d->sock = SDLNet_UDP_Open(listen ? port : 0);
    d->pkt = SDLNet_AllocPacket(FY_DISCO_MAX);
    d->reply = SDLNet_AllocPacket(FY_DISCO_MAX);
    d->set = SDLNet_AllocSocketSet(1);
    d->lock = SDL_CreateMutex();
    if (!d->sock || !d->pkt || !d->reply || !d->set || !d->lock) {
        rc = fy_fail(err, FY_ERR_CONNECT, "cannot start discovery on UDP port %u: %s", port, SDLNet_GetError());
        fy_discovery_stop(d);
        return rc;
    }
    {
        fy_disco_msg r = d->self;
        r.type = FY_DISCO_REPLY;
        d->reply->len = (int)fy_disco_encode(&r, d->reply->data, (size_t)d->reply->maxlen);
    }
    fy_disco_limiter_init(&d->limit, fy_plat_now_ms());
    d->notified_ms = fy_plat_now_ms() - NOTIFY_MS; /* the first change is told at once */
    fy_plat_sock_broadcast(fy_plat_sdlnet_socket(d->sock));
    SDLNet_UDP_AddSocket(d->set, d->sock);
    SDL_AtomicSet(&d->query_now, 1);
    if (!(d->thread = SDL_CreateThread(run, "ferry-discovery", d))) {
        rc = fy_fail(err, FY_ERR_NOMEM, "cannot start a thread: %s", SDL_GetError());
        fy_discovery_stop(d);
        return rc;
    }
    *out = d;
    return FY_OK;
}

void fy_discovery_stop(fy_discovery *d)
{
    if (!d)
        return;
    SDL_AtomicSet(&d->stop, 1);
    if (d->thread)
        SDL_WaitThread(d->thread, NULL);
    if (d->set)
        SDLNet_FreeSocketSet(d->set);
    if (d->pkt)
        SDLNet_FreePacket(d->pkt);
    if (d->reply)
        SDLNet_FreePacket(d->reply);
    if (d->sock)
        SDLNet_UDP_Close(d->sock);
    if (d->lock)
        SDL_DestroyMutex(d->lock);
    fy_net_quit();
    free(d);
}

void fy_discovery_query(fy_discovery *d) { SDL_AtomicSet(&d->query_now, 1); }

int fy_discovery_peers(fy_discovery *d, fy_peer *out, int cap)
{
    int n;
    SDL_LockMutex(d->lock);
    fy_peer_table_expire(&d->table, fy_plat_now_ms(), FY_DISCO_TTL_MS);
    n = d->table.n < cap ? d->table.n : cap;
    memcpy(out, d->table.v, (size_t)n * sizeof *out);
    SDL_UnlockMutex(d->lock);
    return n;
}

int fy_discovery_limited(fy_discovery *d, uint32_t *last_from)
{
    int n = SDL_AtomicSet(&d->limited, 0);
    *last_from = (uint32_t)SDL_AtomicGet(&d->limited_from);
    return n;
}
