#include "fy_discovery.h"

#include <SDL.h>
#include <SDL_net.h>
#include <stdlib.h>
#include <string.h>

#include "fy_tcp.h"
#include "platform/fy_platform.h"

struct fy_discovery {
    UDPsocket sock;
    UDPpacket *pkt;
    SDLNet_SocketSet set;
    uint16_t port;          /* where everyone listens */
    int announce;
    fy_disco_msg self;
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_atomic_t stop, query_now; /* set by the caller's thread, read by the discovery thread */
    fy_peer_table table;    /* under lock */
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

static void on_packet(fy_discovery *d)
{
    fy_disco_msg m;
    int changed = 0;
    uint32_t from = SDL_SwapBE32(d->pkt->address.host);
    if (fy_disco_decode(d->pkt->data, (size_t)d->pkt->len, &m) != FY_OK || !memcmp(m.key, d->self.key, 32))
        return; /* not ours, or our own broadcast coming back */
    if (m.type == FY_DISCO_QUERY && d->announce) {
        fy_disco_msg r = d->self;
        IPaddress back = d->pkt->address;
        r.type = FY_DISCO_REPLY;
        d->pkt->len = (int)fy_disco_encode(&r, d->pkt->data, (size_t)d->pkt->maxlen);
        d->pkt->address = back;
        SDLNet_UDP_Send(d->sock, -1, d->pkt);
    }
    if (m.port == 0)
        return; /* only looking: not a machine one can send to */
    SDL_LockMutex(d->lock);
    changed = fy_peer_table_update(&d->table, &m, from, fy_plat_now_ms());
    SDL_UnlockMutex(d->lock);
    if (changed && d->changed)
        d->changed(d->ud);
}

static int run(void *arg)
{
    fy_discovery *d = arg;
    uint64_t next = 0;
    while (!SDL_AtomicGet(&d->stop)) {
        uint64_t now = fy_plat_now_ms();
        if (SDL_AtomicSet(&d->query_now, 0))
            broadcast(d, FY_DISCO_QUERY);
        if (now >= next) {
            int gone;
            if (d->announce)
                broadcast(d, FY_DISCO_ANNOUNCE);
            SDL_LockMutex(d->lock);
            gone = fy_peer_table_expire(&d->table, now, FY_DISCO_TTL_MS);
            SDL_UnlockMutex(d->lock);
            if (gone && d->changed)
                d->changed(d->ud);
            next = now + FY_DISCO_ANNOUNCE_MS;
        }
        if (SDLNet_CheckSockets(d->set, 100) > 0)
            while (SDLNet_UDP_Recv(d->sock, d->pkt) == 1)
                on_packet(d);
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
    d->set = SDLNet_AllocSocketSet(1);
    d->lock = SDL_CreateMutex();
    if (!d->sock || !d->pkt || !d->set || !d->lock) {
        rc = fy_fail(err, FY_ERR_CONNECT, "cannot start discovery on UDP port %u: %s", port, SDLNet_GetError());
        fy_discovery_stop(d);
        return rc;
    }
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
