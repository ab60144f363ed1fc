#include "fy_disco.h"

#include <string.h>

#include "fy_names.h"

size_t fy_disco_encode(const fy_disco_msg *m, uint8_t *out, size_t cap)
{
    fy_wbuf w;
    fy_wbuf_init(&w, out, cap);
    fy_w_bytes(&w, FY_DISCO_MAGIC, 4);
    fy_w_u8(&w, m->type);
    fy_w_u8(&w, m->version);
    fy_w_u16(&w, m->port);
    fy_w_bytes(&w, m->key, 32);
    fy_w_str(&w, m->device, strlen(m->device));
    fy_w_str(&w, m->os, strlen(m->os));
    return w.overflow ? 0 : w.len;
}

fy_result fy_disco_peek(const uint8_t *p, size_t n, fy_disco_head *h)
{
    if (n < FY_DISCO_MIN || n > FY_DISCO_MAX || memcmp(p, FY_DISCO_MAGIC, 4) != 0 || p[5] != 1 ||
        p[4] < FY_DISCO_ANNOUNCE || p[4] > FY_DISCO_REPLY)
        return FY_ERR_PROTOCOL;
    h->type = p[4];
    h->port = (uint16_t)(p[6] << 8 | p[7]);
    h->key = p + 8;
    return FY_OK;
}

fy_result fy_disco_decode(const uint8_t *p, size_t n, fy_disco_msg *m)
{
    fy_disco_head h;
    fy_rbuf r;
    const char *dev, *os;
    size_t dn, on;

    if (fy_disco_peek(p, n, &h) != FY_OK)
        return FY_ERR_PROTOCOL;
    fy_rbuf_init(&r, p + 40, n - 40); /* the names, after the key */
    dev = fy_r_str(&r, FY_DEVICE_NAME_MAX, &dn);
    os = fy_r_str(&r, FY_OS_NAME_MAX, &on);
    if (!fy_r_ok(&r) || !fy_names_valid_utf8(dev, dn) || !fy_names_valid_utf8(os, on))
        return FY_ERR_PROTOCOL;
    m->type = h.type;
    m->version = 1;
    m->port = h.port;
    memcpy(m->key, h.key, 32);
    memcpy(m->device, dev, dn);
    m->device[dn] = '\0';
    memcpy(m->os, os, on);
    m->os[on] = '\0';
    /* Names from the network end up on terminals and in the window. The
     * OS too: `ferry peers` prints it as it is, so an ESC in it was a
     * terminal escape sequence from anyone on the network (found by
     * tests/fuzz/fuzz_disco). */
    {
        char clean[FY_DEVICE_NAME_MAX + 1];
        fy_names_for_display(m->device, clean, sizeof clean);
        memcpy(m->device, clean, sizeof clean);
        fy_names_for_display(m->os, clean, sizeof m->os);
        memcpy(m->os, clean, sizeof m->os);
    }
    return FY_OK;
}

int fy_peer_table_update(fy_peer_table *t, const fy_disco_msg *m, uint32_t addr, uint64_t now_ms)
{
    fy_peer *p = NULL;
    int changed = 0;
    for (int i = 0; i < t->n && !p; i++)
        if (t->v[i].addr == addr && memcmp(t->v[i].key, m->key, 32) == 0)
            p = &t->v[i];
    if (!p) {
        if (t->n == FY_DISCO_PEERS_MAX)
            return 0;
        p = &t->v[t->n++];
        memset(p, 0, sizeof *p);
        memcpy(p->key, m->key, 32);
        p->addr = addr;
        changed = 1;
    }
    if (strcmp(p->name, m->device) != 0 || strcmp(p->os, m->os) != 0 || (m->port && p->port != m->port))
        changed = 1;
    memcpy(p->name, m->device, sizeof p->name);
    memcpy(p->os, m->os, sizeof p->os);
    if (m->port)
        p->port = m->port;
    p->seen_ms = now_ms;
    return changed;
}

int fy_peer_table_expire(fy_peer_table *t, uint64_t now_ms, uint64_t ttl_ms)
{
    int gone = 0;
    for (int i = 0; i < t->n;) {
        if (now_ms - t->v[i].seen_ms > ttl_ms) {
            t->v[i] = t->v[--t->n];
            gone++;
        } else {
            i++;
        }
    }
    return gone;
}

void fy_disco_limiter_init(fy_disco_limiter *l, uint64_t now_ms)
{
    memset(l, 0, sizeof *l);
    l->all.at_ms = now_ms;
    l->all.milli = FY_DISCO_REPLY_BURST_ALL * 1000u;
}

/* What b holds at now_ms: its tokens plus those earned since b->at_ms
 * (rate a second is rate thousandths a millisecond), up to burst. Unsigned
 * differences stay right across a wrap of the clock; one past 2^63 means
 * it went backwards, and earns nothing. */
static uint32_t level(const fy_disco_bucket *b, uint64_t now_ms, uint32_t rate, uint32_t burst)
{
    uint64_t dt = now_ms - b->at_ms;
    uint32_t room = burst * 1000u - b->milli;
    if (dt > INT64_MAX)
        dt = 0;
    if (dt >= room) /* rate >= 1: this long fills it (and keeps dt * rate small below) */
        return burst * 1000u;
    return dt * rate >= room ? burst * 1000u : b->milli + (uint32_t)(dt * rate);
}

static void refill(fy_disco_bucket *b, uint64_t now_ms, uint32_t rate, uint32_t burst)
{
    b->milli = level(b, now_ms, rate, burst);
    b->at_ms = now_ms;
}

/* The bucket of addr; a new one (full) in a free place, or in the place of
 * the fullest (of those, the one heard from longest ago). A full bucket is
 * what a new source gets anyway, so forgetting it costs nothing, while a
 * source kept at its limit stays there however many others come by. */
static fy_disco_bucket *source(fy_disco_limiter *l, uint32_t addr, uint64_t now_ms)
{
    fy_disco_bucket *b;
    for (int i = 0; i < l->n; i++)
        if (l->src[i].addr == addr)
            return &l->src[i];
    if (l->n < FY_DISCO_SOURCES_MAX) {
        b = &l->src[l->n++];
    } else {
        uint32_t best = level(&l->src[0], now_ms, FY_DISCO_REPLY_RATE, FY_DISCO_REPLY_BURST);
        b = &l->src[0];
        for (int i = 1; i < l->n; i++) {
            uint32_t v = level(&l->src[i], now_ms, FY_DISCO_REPLY_RATE, FY_DISCO_REPLY_BURST);
            if (v > best || (v == best && now_ms - l->src[i].at_ms > now_ms - b->at_ms)) {
                best = v;
                b = &l->src[i];
            }
        }
    }
    b->addr = addr;
    b->at_ms = now_ms;
    b->milli = FY_DISCO_REPLY_BURST * 1000u;
    return b;
}

int fy_disco_limiter_allow(fy_disco_limiter *l, uint32_t addr, uint64_t now_ms)
{
    fy_disco_bucket *b = source(l, addr, now_ms);
    refill(b, now_ms, FY_DISCO_REPLY_RATE, FY_DISCO_REPLY_BURST);
    refill(&l->all, now_ms, FY_DISCO_REPLY_RATE_ALL, FY_DISCO_REPLY_BURST_ALL);
    /* Both or neither: a source held back by the global limit keeps its own
     * tokens, and one over its own limit uses none of everyone's. */
    if (b->milli < 1000u || l->all.milli < 1000u)
        return 0;
    b->milli -= 1000u;
    l->all.milli -= 1000u;
    return 1;
}
