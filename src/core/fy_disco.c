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

fy_result fy_disco_decode(const uint8_t *p, size_t n, fy_disco_msg *m)
{
    fy_rbuf r;
    const uint8_t *magic, *key;
    const char *dev, *os;
    size_t dn, on;

    if (n > FY_DISCO_MAX)
        return FY_ERR_PROTOCOL;
    fy_rbuf_init(&r, p, n);
    magic = fy_r_bytes(&r, 4);
    m->type = fy_r_u8(&r);
    m->version = fy_r_u8(&r);
    m->port = fy_r_u16(&r);
    key = fy_r_bytes(&r, 32);
    dev = fy_r_str(&r, FY_DEVICE_NAME_MAX, &dn);
    os = fy_r_str(&r, FY_OS_NAME_MAX, &on);
    if (!fy_r_ok(&r) || memcmp(magic, FY_DISCO_MAGIC, 4) != 0 || m->version != 1 || m->type < FY_DISCO_ANNOUNCE ||
        m->type > FY_DISCO_REPLY || !fy_names_valid_utf8(dev, dn) || !fy_names_valid_utf8(os, on))
        return FY_ERR_PROTOCOL;
    memcpy(m->key, key, 32);
    memcpy(m->device, dev, dn);
    m->device[dn] = '\0';
    memcpy(m->os, os, on);
    m->os[on] = '\0';
    /* Names from the network end up on terminals and in the window. */
    {
        char clean[FY_DEVICE_NAME_MAX + 1];
        fy_names_for_display(m->device, clean, sizeof clean);
        memcpy(m->device, clean, sizeof clean);
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
