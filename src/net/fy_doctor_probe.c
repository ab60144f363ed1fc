/* fy_doctor_probe.c: gathering the doctor's facts. Everything here only
 * looks: a discovery query (any UDP port, never the receiver's), one timed
 * TCP connection, and one Ferry handshake that stops after PAIR_STATUS
 * (docs/PROTOCOL.md, section 16). What the facts mean is decided in
 * src/core/fy_doctor.c. */
#include "fy_doctor_probe.h"

#include <SDL.h>
#include <SDL_net.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fy_names.h"
#include "core/fy_pair.h"
#include "core/fy_trust.h"
#include "core/fy_util.h"
#include "core/fy_wire.h"
#include "fy_channel.h"
#include "fy_discovery.h"
#include "fy_secure.h"
#include "fy_speed.h"
#include "fy_tcp.h"
#include "platform/fy_platform.h"

static void gather_ifaces(fy_doc_facts *f)
{
    fy_iface ifs[FY_DOC_IFACES_MAX];
    int n = fy_plat_list_ipv4(ifs, FY_DOC_IFACES_MAX);
    for (int i = 0; i < n && f->nifaces < FY_DOC_IFACES_MAX; i++) {
        fy_doc_iface *d;
        if (ifs[i].loopback)
            continue;
        d = &f->ifaces[f->nifaces++];
        /* Interface names are at most 15 bytes on Linux (IFNAMSIZ) and
         * Windows' friendly names are cut to fit the report. */
        if (snprintf(d->name, sizeof d->name, "%s", ifs[i].name) >= (int)sizeof d->name)
            d->name[sizeof d->name - 1] = '\0';
        d->addr = ifs[i].addr;
        d->netmask = ifs[i].netmask;
        d->virt = fy_doctor_virtual_kind(ifs[i].name);
    }
}

static int iface_of(const fy_doc_facts *f, uint32_t addr)
{
    /* A real interface first: a virtual one with an overlapping range
     * (a VPN's 0.0.0.0/1) must not claim a LAN machine. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < f->nifaces; i++)
            if (!f->ifaces[i].virt == !pass && f->ifaces[i].netmask &&
                (addr & f->ifaces[i].netmask) == (f->ifaces[i].addr & f->ifaces[i].netmask))
                return i;
    return -1;
}

/* Asks every interface who is there, for FY_DOCTOR_LISTEN_MS. */
static void gather_answers(fy_doc_facts *f, const uint8_t pub[32], fy_peer *peers, int *npeers)
{
    fy_disco_msg self;
    fy_discovery *d = NULL;
    fy_err err = {0};
    int n;
    memset(&self, 0, sizeof self);
    memcpy(self.key, pub, 32);
    fy_plat_host_name(self.device, sizeof self.device);
    snprintf(self.os, sizeof self.os, "%s", fy_plat_os_name());
    *npeers = 0;
    if (fy_discovery_start(f->port, 0, &self, NULL, NULL, &d, &err) != FY_OK)
        return;
    f->queried = 1;
    /* Asked again every 300 ms, as `ferry peers` does: one lost datagram
     * must not hide a machine. */
    for (unsigned waited = 0; waited < FY_DOCTOR_LISTEN_MS; waited += 300) {
        fy_plat_sleep_ms(FY_DOCTOR_LISTEN_MS - waited < 300 ? FY_DOCTOR_LISTEN_MS - waited : 300);
        if (waited + 300 < FY_DOCTOR_LISTEN_MS)
            fy_discovery_query(d);
    }
    n = fy_discovery_peers(d, peers, FY_DISCO_PEERS_MAX);
    fy_discovery_stop(d);
    *npeers = n;
    for (int i = 0; i < n && f->nanswers < FY_DOC_ANSWERS_MAX; i++) {
        fy_doc_answer *a = &f->answers[f->nanswers++];
        fy_names_for_display(peers[i].name, a->name, sizeof a->name);
        a->addr = peers[i].addr;
        a->port = peers[i].port;
        a->iface = iface_of(f, peers[i].addr);
    }
}

/* "10.0.0.2", "10.0.0.2:53318", "desk", "desk:53318". */
static void resolve_target(fy_doc_facts *f, const fy_peer *peers, int npeers)
{
    char host[256];
    const char *colon;
    unsigned a, b, c, d;
    char tail;
    IPaddress ip;

    snprintf(host, sizeof host, "%s", f->target);
    f->target_port = f->port;
    if ((colon = strrchr(host, ':')) != NULL) {
        long p = strtol(colon + 1, NULL, 10);
        if (p > 0 && p < 65536)
            f->target_port = (uint16_t)p;
        host[colon - host] = '\0';
    }
    if (sscanf(host, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a < 256 && b < 256 && c < 256 && d < 256) {
        f->how = FY_DOC_HOW_ADDRESS;
        f->target_addr = a << 24 | b << 16 | c << 8 | d;
    } else {
        for (int i = 0; i < npeers; i++)
            if (fy_streq_nocase(peers[i].name, host)) {
                f->how = FY_DOC_HOW_NEARBY;
                f->target_addr = peers[i].addr;
                if (!colon)
                    f->target_port = peers[i].port;
                break;
            }
        if (f->how == FY_DOC_HOW_NONE && SDLNet_ResolveHost(&ip, host, 0) == 0 && ip.host != INADDR_NONE) {
            f->how = FY_DOC_HOW_DNS;
            f->target_addr = SDL_SwapBE32(ip.host);
        }
    }
    for (int i = 0; i < npeers; i++)
        f->target_answered |= peers[i].addr == f->target_addr;
}

static fy_result tcp_send(void *ctx, const void *p, size_t n, fy_err *err) { return fy_tcp_send(ctx, p, n, err); }
static fy_result tcp_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err)
{
    return fy_tcp_recv(ctx, p, cap, got, err);
}
static int tcp_readable(void *ctx) { return fy_tcp_readable(ctx); }

/* The Ferry handshake up to PAIR_STATUS: says whether Ferry answers, its
 * name and whether either side has the other paired. Then an ERROR says
 * it was only a check, and the connection closes. */
static void probe_ferry(fy_doc_facts *f, const fy_doctor_opts *o, const uint8_t priv[32], const fy_trust *trust,
                        const char *me)
{
    char host[20];
    fy_tcp *t = NULL;
    fy_secure *sec = NULL;
    fy_channel *ch = NULL;
    fy_err err = {0};
    fy_noise_suite suites[2];
    fy_transport raw, sealed;
    uint8_t mine, flags = 0;
    uint8_t buf[8 + FY_TEXT_MAX + 16], type;
    const uint8_t *p;
    size_t n;
    fy_wbuf w;

    snprintf(host, sizeof host, "%u.%u.%u.%u", f->target_addr >> 24, (f->target_addr >> 16) & 255u,
             (f->target_addr >> 8) & 255u, f->target_addr & 255u);
    f->ferry = 0;
    if (fy_tcp_connect(host, f->target_port, FY_DOCTOR_CONNECT_MS, &t, &err) != FY_OK)
        goto out;
    fy_tcp_set_deadline(t, 5000, "answer the handshake");
    raw = (fy_transport){tcp_send, tcp_recv, tcp_readable, t, NULL};
    if (fy_secure_handshake(&raw, FY_NOISE_INITIATOR, priv, suites, fy_secure_local_suites(suites), &sec, &err) !=
        FY_OK)
        goto out;
    fy_secure_transport(sec, &sealed);
    if (fy_channel_new(&sealed, host, &ch, &err) != FY_OK)
        goto out;
    f->paired = fy_trust_find_key(trust, fy_secure_remote_key(sec)) != NULL;
    fy_wbuf_init(&w, buf, sizeof buf);
    /* Never CAN_PAIR: no pairing can follow. UNPAIRED_OK only for a speed
     * test the person allowed with an unpaired machine. */
    mine = (uint8_t)((f->paired ? FY_TRUST_KNOWS_YOU : 0) | (o->speed && o->allow_unpaired ? FY_TRUST_UNPAIRED_OK : 0));
    fy_w_u8(&w, mine);
    fy_w_str(&w, me, strlen(me));
    if (fy_channel_send(ch, FY_MSG_PAIR_STATUS, buf, w.len, 0, &err) != FY_OK || fy_channel_flush(ch, &err) != FY_OK ||
        fy_channel_recv(ch, &type, &p, &n, &err) != FY_OK)
        goto out;
    if (type != FY_MSG_PAIR_STATUS) {
        fy_fail(&err, FY_ERR_PROTOCOL, "it answered with %s instead of PAIR_STATUS", fy_msg_name(type));
        goto out;
    }
    {
        fy_rbuf r;
        const char *s;
        size_t sn;
        char name[FY_DEVICE_NAME_MAX + 1];
        fy_rbuf_init(&r, p, n);
        flags = fy_r_u8(&r);
        s = fy_r_str(&r, FY_DEVICE_NAME_MAX, &sn);
        if (!fy_r_ok(&r)) {
            fy_fail(&err, FY_ERR_PROTOCOL, "its PAIR_STATUS frame is malformed");
            goto out;
        }
        memcpy(name, s, sn);
        name[sn] = '\0';
        fy_names_for_display(name, f->peer_name, sizeof f->peer_name);
        f->knows_us = (flags & FY_TRUST_KNOWS_YOU) != 0;
        f->version = 1; /* "FERRY-N1" and this exchange are version 1's */
        f->ferry = 1;
    }
    if (o->speed) {
        fy_err terr = {0};
        if (fy_trust_decide(mine, flags, f->peer_name, &terr) != FY_TRUST_PROCEED) {
            f->speed = -1;
            snprintf(f->speed_text, sizeof f->speed_text, "%s",
                     "the two machines are not paired (pair them with a first send, or pass "
                     "--allow-unpaired-mitm-risk where both allow it)");
        } else {
            uint64_t bytes = 0;
            uint32_t ms = 0;
            fy_tcp_set_deadline(t, FY_DOCTOR_SPEED_MS + 10000, "finish the speed test");
            if (fy_speed_source(ch, FY_DOCTOR_SPEED_MS, &bytes, &ms, &terr) == FY_OK && ms) {
                f->speed = 1;
                f->speed_mbs = (double)bytes / 1e3 / ms;
                f->speed_ms = ms;
            } else {
                f->speed = -1;
                snprintf(f->speed_text, sizeof f->speed_text, "%.199s", terr.msg[0] ? terr.msg : "no data arrived");
            }
            goto out; /* the test ended the exchange */
        }
    }
    {
        fy_status st;
        memset(&st, 0, sizeof st);
        st.code = FY_ERR_CANCELLED;
        snprintf(st.text, sizeof st.text, "%s", "only a network check (ferry doctor), nothing to send");
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_status(&w, FY_MSG_ERROR, &st);
        /* Not drained: the receiver has already decided (it refuses a
         * peer that can neither pair nor is known, or waits for HELLO),
         * and waiting for its close would cost the all-good case 0.5 s. */
        if (fy_channel_send(ch, FY_MSG_ERROR, buf, w.len, 0, NULL) == FY_OK)
            fy_ignore(fy_channel_flush(ch, NULL));
    }
out:
    if (!f->ferry)
        snprintf(f->ferry_text, sizeof f->ferry_text, "%.199s", err.msg[0] ? err.msg : "no answer");
    fy_channel_free(ch);
    fy_secure_free(sec);
    if (t)
        fy_tcp_close(t);
}

void fy_doctor_read_reasons(const char *config_dir, fy_doc_report *r)
{
    char path[1100], line[FY_DOC_TEXT_MAX + 32];
    FILE *fp;
    r->nreasons = 0;
    snprintf(path, sizeof path, "%s/%s", config_dir, FY_DOCTOR_REASONS_FILE);
    if (!(fp = fopen(path, "r")))
        return;
    if (fgets(line, sizeof line, fp) && !strncmp(line, "ferry-receiver-log 1", 20))
        while (r->nreasons < FY_DOC_REASONS_MAX && fgets(line, sizeof line, fp)) {
            char *sp, when[32] = "";
            long long t;
            time_t tt;
            const struct tm *tmv;
            line[strcspn(line, "\n")] = '\0';
            t = strtoll(line, &sp, 10);
            if (*sp != ' ')
                continue;
            tt = (time_t)t;
            /* The person reads their own clock. localtime's static result
             * is used at once; nothing else in Ferry calls it. */
            if ((tmv = localtime(&tt)) != NULL)
                strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", tmv);
            snprintf(r->reasons[r->nreasons++], sizeof r->reasons[0], "%s  %s", when, sp + 1);
        }
    fclose(fp);
}

fy_result fy_doctor_run(const fy_doctor_opts *o, fy_doc_report *out, fy_err *err)
{
    fy_doc_facts *f = calloc(1, sizeof *f);
    fy_peer *peers = calloc(FY_DISCO_PEERS_MAX, sizeof *peers);
    char dir[1024], me[64];
    uint8_t priv[32], pub[32];
    fy_trust trust = {0};
    uint64_t t0 = fy_plat_now_ms();
    int npeers = 0;
    fy_result rc;

    memset(out, 0, sizeof *out);
    if (!f || !peers) {
        rc = fy_fail(err, FY_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (o->config_dir && o->config_dir[0])
        snprintf(dir, sizeof dir, "%s", o->config_dir);
    else if ((rc = fy_plat_config_dir(dir, sizeof dir, err)) != FY_OK)
        goto out;
    if ((rc = fy_identity_load(dir, priv, pub, err)) != FY_OK || (rc = fy_trust_load(dir, &trust, err)) != FY_OK ||
        (rc = fy_net_init(err)) != FY_OK)
        goto out;
    if (o->device_name && o->device_name[0])
        snprintf(me, sizeof me, "%s", o->device_name);
    else
        fy_plat_host_name(me, sizeof me);
    f->port = o->port ? o->port : 53317;
    gather_ifaces(f);
    fy_plat_port_owner(0, f->port, &f->tcp);
    fy_plat_port_owner(1, f->port, &f->udp);
    fy_plat_firewall(f->port, &f->fw);
    gather_answers(f, pub, peers, &npeers);
    f->ferry = -1;
    if (o->target && o->target[0]) {
        snprintf(f->target, sizeof f->target, "%s", o->target);
        resolve_target(f, peers, npeers);
        if (f->how != FY_DOC_HOW_NONE) {
            double ms = 0;
            f->timeout_ms = FY_DOCTOR_CONNECT_MS;
            f->conn = (fy_doc_conn)fy_plat_connect_probe(f->target_addr, f->target_port, FY_DOCTOR_CONNECT_MS, &ms,
                                                         f->conn_text, sizeof f->conn_text);
            f->rtt_ms = ms;
            f->connect_ms = (unsigned)ms;
            if (f->conn == FY_DOC_CONN_OK)
                probe_ferry(f, o, priv, &trust, me);
        }
    }
    fy_net_quit();
    fy_doctor_classify(f, out);
    fy_doctor_read_reasons(dir, out);
    out->elapsed_ms = (unsigned)(fy_plat_now_ms() - t0);
    rc = FY_OK;
out:
    sodium_memzero(priv, sizeof priv);
    fy_trust_free(&trust);
    free(peers);
    free(f);
    return rc;
}
