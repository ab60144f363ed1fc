/* fy_engine.c: engine lifecycle, the listener thread, and the calls a
 * front end makes. Transfers run in fy_xfer_send.c / fy_xfer_recv.c. */
#include "core/fy_util.h"
#include "fy_engine_int.h"
#include "core/fy_manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/fy_names.h"
#include "core/fy_pair.h"
#include "core/fy_wire.h"
#include "platform/fy_platform.h"

static void xfer_free(fy_xfer *x)
{
    for (int i = 0; i < x->npaths; i++)
        free(x->paths[i]);
    free(x->paths);
    free(x->offer);
    free(x->text);
    free(x);
}

/* Joins and frees transfers whose threads have ended. */
static void reap(fy_engine *e)
{
    fy_xfer **pp = &e->xfers;
    SDL_LockMutex(e->lock);
    while (*pp) {
        fy_xfer *x = *pp;
        if (x->done) {
            *pp = x->next;
            SDL_UnlockMutex(e->lock);
            SDL_WaitThread(x->thread, NULL);
            xfer_free(x);
            SDL_LockMutex(e->lock);
            pp = &e->xfers;
            continue;
        }
        pp = &x->next;
    }
    SDL_UnlockMutex(e->lock);
}

fy_result fy_engine_create(const fy_engine_config *cfg, fy_engine **out, fy_err *err)
{
    fy_engine *e = calloc(1, sizeof *e);
    fy_result rc;
    *out = NULL;
    if (!e)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    e->cfg = *cfg;
    if (!e->cfg.port)
        e->cfg.port = FY_DEFAULT_PORT;
    if (!e->cfg.idle_timeout_ms)
        e->cfg.idle_timeout_ms = 30000;
    if (e->cfg.max_incoming <= 0)
        e->cfg.max_incoming = 8;
    if (!e->cfg.device_name[0])
        fy_plat_host_name(e->cfg.device_name, sizeof e->cfg.device_name);
    SDL_AtomicSet(&e->no_history, cfg->no_history != 0);
    e->lock = SDL_CreateMutex();
    e->answered = SDL_CreateCond();
    e->q = fy_queue_new(cfg->wake, cfg->wake_ud);
    if (!e->lock || !e->answered || !e->q) {
        rc = fy_fail(err, FY_ERR_NOMEM, "cannot create engine: %s", SDL_GetError());
        goto fail;
    }
    if (!e->cfg.config_dir[0] && (rc = fy_plat_config_dir(e->cfg.config_dir, sizeof e->cfg.config_dir, err)) != FY_OK)
        goto fail;
    if ((rc = fy_identity_load(e->cfg.config_dir, e->priv, e->pub, err)) != FY_OK ||
        (rc = fy_trust_load(e->cfg.config_dir, &e->trust, err)) != FY_OK)
        goto fail;
    if ((rc = fy_net_init(err)) != FY_OK)
        goto fail;
    *out = e;
    return FY_OK;
fail:
    fy_trust_free(&e->trust);
    if (e->lock)
        SDL_DestroyMutex(e->lock);
    if (e->answered)
        SDL_DestroyCond(e->answered);
    fy_queue_free(e->q);
    free(e);
    return rc;
}

void fy_engine_destroy(fy_engine *e)
{
    if (!e)
        return;
    fy_engine_stop_listening(e);
    fy_engine_doctor_end(e);
    SDL_LockMutex(e->lock);
    for (fy_xfer *x = e->xfers; x; x = x->next) {
        SDL_AtomicSet(&x->cancel, 1);
        if (x->answer < 0)
            x->answer = 0;
    }
    SDL_CondBroadcast(e->answered);
    SDL_UnlockMutex(e->lock);
    while (e->xfers) {
        reap(e);
        if (e->xfers)
            SDL_Delay(10);
    }
    fy_net_quit();
    fy_trust_free(&e->trust);
    sodium_memzero(e->priv, sizeof e->priv);
    SDL_DestroyCond(e->answered);
    SDL_DestroyMutex(e->lock);
    fy_queue_free(e->q);
    free(e);
}

/* ---- events --------------------------------------------------------------- */

void fy_xfer_event_init(fy_xfer *x, fy_event *ev, fy_event_type type)
{
    memset(ev, 0, sizeof *ev);
    ev->type = type;
    ev->xfer = x->id;
    ev->outgoing = x->outgoing;
    ev->is_text = x->is_text;
    snprintf(ev->peer_name, sizeof ev->peer_name, "%s", x->peer_name);
    snprintf(ev->peer_claims, sizeof ev->peer_claims, "%s", x->peer_claims);
    snprintf(ev->peer_addr, sizeof ev->peer_addr, "%s", x->peer_addr);
    snprintf(ev->folder, sizeof ev->folder, "%s", x->folder);
}

static void fill_progress(fy_xfer *x, fy_event *ev, const fy_progress *p)
{
    uint64_t now = fy_plat_now_ms();
    ev->files_total = p->files_total;
    ev->files_done = p->files_done;
    ev->bytes_total = p->bytes_total;
    ev->bytes_done = p->bytes_done;
    ev->bytes_resumed = p->bytes_resumed;
    ev->bytes_wire = p->bytes_wire;
    ev->files_scanned = p->files_scanned;
    ev->files_to_scan = p->files_to_scan;
    ev->files_infected = p->files_infected;
    ev->files_unscanned = p->files_unscanned;
    ev->elapsed = x->t0 ? (double)(now - x->t0) / 1000.0 : 0.0;
    if (p->current)
        fy_names_for_display(p->current, ev->current, sizeof ev->current);
    /* Speed over the last second or so, smoothed so the ETA does not jump. */
    if (!x->rate_t) {
        x->rate_t = now;
        x->rate_bytes = p->bytes_wire;
    } else if (now - x->rate_t >= 500) {
        double inst = (double)(p->bytes_wire - x->rate_bytes) * 1000.0 / (double)(now - x->rate_t);
        x->rate = x->rate > 0 ? 0.6 * x->rate + 0.4 * inst : inst;
        x->rate_t = now;
        x->rate_bytes = p->bytes_wire;
    }
    ev->rate = x->rate;
}

void fy_xfer_progress(fy_xfer *x, const fy_progress *p, int force)
{
    fy_event ev;
    uint64_t now = fy_plat_now_ms();
    if (!force && now - x->last_emit < FY_PROGRESS_EVERY_MS)
        return;
    x->last_emit = now;
    fy_xfer_event_init(x, &ev, FY_EV_PROGRESS);
    fill_progress(x, &ev, p);
    fy_queue_push(x->e->q, &ev);
}

void fy_xfer_keep_awake(fy_xfer *x)
{
    if (!x->awake) {
        x->awake = 1;
        fy_plat_keep_awake_begin();
    }
}

void fy_xfer_finish(fy_xfer *x, fy_result rc, const fy_err *err, const fy_progress *p)
{
    fy_xfer_finish_text(x, rc, err, p, NULL, 0);
}

void fy_event_release(fy_event *ev)
{
    free(ev->payload);
    ev->payload = NULL;
    ev->payload_len = 0;
}

void fy_xfer_finish_text(fy_xfer *x, fy_result rc, const fy_err *err, const fy_progress *p, uint8_t *payload,
                         size_t len)
{
    fy_event ev;
    /* Released before FINISHED is queued: whoever sees the last transfer
     * end sees the machine free to sleep again. */
    if (x->awake) {
        x->awake = 0;
        fy_plat_keep_awake_end();
    }
    /* Every transfer, either direction, ends here: a text's bytes
     * (payload, received) or x->text (sent) are at hand for a transfer
     * history to record before the event takes them over. */
    fy_xfer_event_init(x, &ev, FY_EV_FINISHED);
    ev.is_text = x->text != NULL || payload != NULL || x->is_text;
    ev.payload = payload;
    ev.payload_len = len;
    if (p)
        fill_progress(x, &ev, p);
    if (x->t0 && ev.elapsed > 0)
        ev.rate = (double)ev.bytes_wire / ev.elapsed;
    ev.result = rc;
    ev.by_peer = rc != FY_OK && x->by_peer;
    if (rc != FY_OK)
        snprintf(ev.text, sizeof ev.text, "%s", err && err->msg[0] ? err->msg : fy_result_str(rc));
    /* An incoming transfer that ended badly, unless a person here said no. */
    if (!x->outgoing && rc != FY_OK && rc != FY_ERR_DECLINED && rc != FY_ERR_CANCELLED)
        fy_engine_reason(x->e, "transfer from %.63s (%.63s) ended: %.200s", x->peer_name[0] ? x->peer_name : "?",
                         x->peer_addr, ev.text);
    fy_queue_push(x->e->q, &ev);
}

void fy_engine_warn(fy_engine *e, fy_xfer_id id, const char *msg) { fy_engine_refused(e, id, FY_OK, msg); }

void fy_engine_refused(fy_engine *e, fy_xfer_id id, fy_result rc, const char *msg)
{
    fy_event ev;
    if (rc != FY_OK)
        fy_engine_reason(e, "%s", msg);
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_WARNING;
    ev.xfer = id;
    ev.result = rc;
    snprintf(ev.text, sizeof ev.text, "%s", msg);
    fy_queue_push(e->q, &ev);
}

fy_result fy_engine_take_slot(fy_engine *e, fy_xfer *x, fy_err *err)
{
    int running;
    SDL_LockMutex(e->lock);
    if (x->pending) {
        x->pending = 0;
        e->pending--;
    }
    running = e->incoming;
    if (!x->has_slot && running < e->cfg.max_incoming) {
        x->has_slot = 1;
        e->incoming++;
    }
    SDL_UnlockMutex(e->lock);
    if (!x->has_slot)
        return fy_fail(err, FY_ERR_BUSY, "busy with %d other transfers", running);
    return FY_OK;
}

void fy_engine_set_history(fy_engine *e, int on) { SDL_AtomicSet(&e->no_history, !on); }

int fy_engine_poll(fy_engine *e, fy_event *ev) { return fy_queue_pop(e->q, ev, 0); }

int fy_engine_wait(fy_engine *e, fy_event *ev, unsigned timeout_ms)
{
    reap(e);
    return fy_queue_pop(e->q, ev, timeout_ms ? timeout_ms : 1);
}

int fy_engine_active(fy_engine *e)
{
    int n = 0;
    SDL_LockMutex(e->lock);
    for (fy_xfer *x = e->xfers; x; x = x->next)
        n += !x->done;
    SDL_UnlockMutex(e->lock);
    return n;
}

/* ---- transport glue ---------------------------------------------------------- */

static fy_result tcp_send(void *ctx, const void *p, size_t n, fy_err *err) { return fy_tcp_send(ctx, p, n, err); }

static fy_result tcp_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err)
{
    return fy_tcp_recv(ctx, p, cap, got, err);
}

static int tcp_readable(void *ctx) { return fy_tcp_readable(ctx); }

static void tcp_wake(void *ctx) { fy_tcp_shutdown(ctx); }

fy_result fy_xfer_secure_channel(fy_xfer *x, fy_noise_role role, int pair, fy_channel **out, fy_err *err)
{
    fy_transport raw = {tcp_send, tcp_recv, tcp_readable, x->tcp, tcp_wake}, sealed;
    fy_noise_suite suites[2];
    int n = fy_secure_local_suites(suites);
    fy_result rc;

    *out = NULL;
    fy_tcp_set_cancel(x->tcp, &x->cancel);
    rc = fy_secure_handshake(&raw, role, x->e->priv, suites, n, &x->sec, err);
    if (rc != FY_OK)
        return rc;
    fy_pair_fingerprint(fy_secure_remote_key(x->sec), x->peer_fp);
    fy_secure_transport(x->sec, &sealed);
    if ((rc = fy_channel_new(&sealed, x->peer_addr, out, err)) != FY_OK)
        return rc;
    return pair ? fy_xfer_pair(x, *out, role, err) : FY_OK;
}

void fy_xfer_free_secure(fy_xfer *x)
{
    fy_secure_free(x->sec);
    x->sec = NULL;
}

int fy_xfer_poll_answer(fy_xfer *x, unsigned ms)
{
    fy_engine *e = x->e;
    int answer = -1;
    SDL_LockMutex(e->lock);
    x->asking = 1;
    if (x->answer < 0 && !SDL_AtomicGet(&x->cancel))
        SDL_CondWaitTimeout(e->answered, e->lock, ms);
    if (x->answer >= 0 || SDL_AtomicGet(&x->cancel)) {
        answer = x->answer > 0 && !SDL_AtomicGet(&x->cancel);
        x->answer = -1;
        x->asking = 0;
    }
    SDL_UnlockMutex(e->lock);
    return answer;
}

void fy_xfer_stop_asking(fy_xfer *x)
{
    SDL_LockMutex(x->e->lock);
    x->asking = 0;
    SDL_UnlockMutex(x->e->lock);
}

int fy_engine_asking(fy_engine *e, fy_xfer_id id)
{
    int asking = 0;
    SDL_LockMutex(e->lock);
    for (fy_xfer *x = e->xfers; x; x = x->next)
        if (x->id == id)
            asking = x->asking && !x->done;
    SDL_UnlockMutex(e->lock);
    return asking;
}

int fy_xfer_wait_answer(fy_xfer *x, unsigned timeout_ms)
{
    fy_engine *e = x->e;
    uint64_t t0 = fy_plat_now_ms(), until = t0 + timeout_ms;
    int answer;
    SDL_LockMutex(e->lock);
    while (x->answer < 0 && !SDL_AtomicGet(&x->cancel) && fy_plat_now_ms() < until)
        SDL_CondWaitTimeout(e->answered, e->lock, 500);
    answer = x->answer > 0 && !SDL_AtomicGet(&x->cancel);
    x->answer = -1; /* ready for the next question */
    SDL_UnlockMutex(e->lock);
    /* A person's time does not count against the offer's deadline. */
    if (x->tcp)
        fy_tcp_extend_deadline(x->tcp, fy_plat_now_ms() - t0);
    return answer;
}

void fy_xfer_send_error(fy_channel *ch, fy_result code, const char *text)
{
    uint8_t buf[FY_TEXT_MAX + 16];
    fy_status s;
    fy_wbuf w;
    memset(&s, 0, sizeof s);
    s.code = (uint8_t)code;
    snprintf(s.text, sizeof s.text, "%s", text);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_status(&w, FY_MSG_ERROR, &s);
    if (fy_channel_send(ch, FY_MSG_ERROR, buf, w.len, 0, NULL) == FY_OK)
        fy_ignore(fy_channel_flush(ch, NULL));
}

/* ---- starting transfers ------------------------------------------------------ */

static fy_xfer *xfer_new(fy_engine *e, int outgoing)
{
    fy_xfer *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->e = e;
    x->outgoing = outgoing;
    x->answer = -1;
    x->wall_start = fy_plat_wall_time();
    SDL_LockMutex(e->lock);
    x->id = ++e->next_id;
    SDL_UnlockMutex(e->lock);
    return x;
}

static fy_result xfer_start(fy_engine *e, fy_xfer *x, SDL_ThreadFunction fn, fy_err *err)
{
    SDL_LockMutex(e->lock);
    x->next = e->xfers;
    e->xfers = x;
    x->thread = SDL_CreateThread(fn, x->outgoing ? "ferry-send" : "ferry-recv", x);
    if (!x->thread) {
        e->xfers = x->next;
        SDL_UnlockMutex(e->lock);
        return fy_fail(err, FY_ERR_NOMEM, "cannot start a thread: %s", SDL_GetError());
    }
    SDL_UnlockMutex(e->lock);
    return FY_OK;
}

fy_result fy_engine_send(fy_engine *e, const char *host, uint16_t port, const char *const *paths, int npaths,
                         fy_xfer_id *id, fy_err *err)
{
    fy_xfer *x;
    fy_result rc;
    if (npaths <= 0)
        return fy_fail(err, FY_ERR_USAGE, "nothing to send");
    reap(e);
    if (!(x = xfer_new(e, 1)) || !(x->paths = calloc((size_t)npaths, sizeof *x->paths))) {
        free(x);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    snprintf(x->host, sizeof x->host, "%s", host);
    x->port = port ? port : FY_DEFAULT_PORT;
    snprintf(x->peer_addr, sizeof x->peer_addr, "%s:%u", host, x->port);
    for (int i = 0; i < npaths; i++) {
        if (!(x->paths[i] = fy_strdup(paths[i]))) {
            xfer_free(x);
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
        }
        x->npaths++;
    }
    if ((rc = xfer_start(e, x, fy_xfer_send_main, err)) != FY_OK) {
        xfer_free(x);
        return rc;
    }
    if (id)
        *id = x->id;
    return FY_OK;
}

fy_result fy_engine_send_text(fy_engine *e, const char *host, uint16_t port, const uint8_t *text, size_t len,
                              fy_xfer_id *id, fy_err *err)
{
    fy_manifest check;
    fy_xfer *x;
    fy_result rc;
    /* Said now, to the caller, rather than as a failed transfer. */
    fy_manifest_init(&check);
    rc = fy_manifest_add_text(&check, text, len, err);
    fy_manifest_free(&check);
    if (rc != FY_OK)
        return rc;
    reap(e);
    if (!(x = xfer_new(e, 1)) || !(x->text = malloc(len))) {
        free(x);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    memcpy(x->text, text, len);
    x->text_len = len;
    x->is_text = 1;
    snprintf(x->host, sizeof x->host, "%s", host);
    x->port = port ? port : FY_DEFAULT_PORT;
    snprintf(x->peer_addr, sizeof x->peer_addr, "%s:%u", host, x->port);
    if ((rc = xfer_start(e, x, fy_xfer_send_main, err)) != FY_OK) {
        xfer_free(x);
        return rc;
    }
    if (id)
        *id = x->id;
    return FY_OK;
}

void fy_engine_answer(fy_engine *e, fy_xfer_id id, int accept)
{
    SDL_LockMutex(e->lock);
    for (fy_xfer *x = e->xfers; x; x = x->next)
        if (x->id == id && x->answer < 0)
            x->answer = accept ? 1 : 0;
    SDL_CondBroadcast(e->answered);
    SDL_UnlockMutex(e->lock);
}

int fy_engine_offer_items(fy_engine *e, fy_xfer_id id, fy_offer_item *out, int cap)
{
    int n = 0;
    SDL_LockMutex(e->lock);
    for (fy_xfer *x = e->xfers; x; x = x->next) {
        if (x->id != id || !x->offer)
            continue;
        n = x->noffer;
        if (cap > 0)
            memcpy(out, x->offer, (size_t)SDL_min(n, cap) * sizeof *out);
    }
    SDL_UnlockMutex(e->lock);
    return n;
}

void fy_engine_cancel(fy_engine *e, fy_xfer_id id)
{
    SDL_LockMutex(e->lock);
    for (fy_xfer *x = e->xfers; x; x = x->next) {
        if (x->id != id)
            continue;
        SDL_AtomicSet(&x->cancel, 1);
        if (x->answer < 0)
            x->answer = 0;
    }
    SDL_CondBroadcast(e->answered);
    SDL_UnlockMutex(e->lock);
}

void fy_engine_set_receive_dir(fy_engine *e, const char *dir)
{
    SDL_LockMutex(e->lock);
    snprintf(e->cfg.receive_dir, sizeof e->cfg.receive_dir, "%s", dir);
    SDL_UnlockMutex(e->lock);
}

void fy_engine_device_name(fy_engine *e, char *out, size_t cap)
{
    SDL_LockMutex(e->lock);
    snprintf(out, cap, "%s", e->cfg.device_name);
    SDL_UnlockMutex(e->lock);
}

void fy_engine_set_name(fy_engine *e, const char *name)
{
    if (!name[0])
        return;
    SDL_LockMutex(e->lock);
    snprintf(e->cfg.device_name, sizeof e->cfg.device_name, "%s", name);
    SDL_UnlockMutex(e->lock);
}

/* Read by fy_engine_listen only, on the front end's thread. */
void fy_engine_set_port(fy_engine *e, uint16_t port) { e->cfg.port = port ? port : FY_DEFAULT_PORT; }
void fy_engine_set_discovery(fy_engine *e, int on) { e->cfg.no_discovery = !on; }

/* ---- listening ------------------------------------------------------------- */

/* 1 if a new connection from ip may have a thread: few enough are still
 * before their offer, in all and from that address (under e->lock). */
static int may_pend(fy_engine *e, uint32_t ip)
{
    int from_ip = 0;
    if (e->pending >= FY_PENDING_MAX)
        return 0;
    for (fy_xfer *x = e->xfers; x; x = x->next)
        from_ip += x->pending && x->src_ip == ip;
    return from_ip < FY_PENDING_PER_SOURCE;
}

static int listen_main(void *arg)
{
    fy_engine *e = arg;
    while (!SDL_AtomicGet(&e->listen_stop)) {
        fy_tcp *c = NULL;
        fy_err err = {0};
        fy_xfer *x;
        int ok;
        fy_engine_reasons_flush(e, 0);
        if (fy_tcp_accept(e->listen_sock, 250, e->cfg.idle_timeout_ms, &c, &err) != FY_OK || !c)
            continue;
        reap(e);
        SDL_LockMutex(e->lock);
        ok = may_pend(e, fy_tcp_peer_ip(c));
        SDL_UnlockMutex(e->lock);
        if (!ok || !(x = xfer_new(e, 0))) {
            if (!ok)
                fy_engine_reason(e, "refused %s: too many connections still before their offer (%d in all, %d from "
                                    "one address)", fy_tcp_peer(c), FY_PENDING_MAX, FY_PENDING_PER_SOURCE);
            fy_tcp_close(c); /* over the caps: a sender sees it closed and tries again later */
            continue;
        }
        x->tcp = c;
        x->src_ip = fy_tcp_peer_ip(c);
        snprintf(x->peer_addr, sizeof x->peer_addr, "%s", fy_tcp_peer(c));
        fy_tcp_set_deadline(c, FY_OFFER_DEADLINE_MS, "finish its handshake and offer");
        SDL_LockMutex(e->lock);
        snprintf(x->folder, sizeof x->folder, "%.255s", e->cfg.receive_dir);
        x->pending = 1;
        e->pending++;
        SDL_UnlockMutex(e->lock);
        if (xfer_start(e, x, fy_xfer_recv_main, &err) != FY_OK) {
            SDL_LockMutex(e->lock);
            e->pending--;
            SDL_UnlockMutex(e->lock);
            fy_tcp_close(c);
            xfer_free(x);
        }
    }
    return 0;
}

void fy_engine_peers_changed(void *ud)
{
    fy_engine *e = ud;
    fy_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_PEERS;
    fy_queue_push(e->q, &ev);
}

static int nearby_order(const void *a, const void *b)
{
    const fy_nearby *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->addr, y->addr);
}

int fy_engine_nearby(fy_engine *e, fy_nearby *out, int cap)
{
    fy_peer *v;
    int n;
    if (!e->disco || cap <= 0)
        return 0;
    if (!(v = malloc(FY_DISCO_PEERS_MAX * sizeof *v)))
        return 0;
    n = fy_discovery_peers(e->disco, v, FY_DISCO_PEERS_MAX);
    if (n > cap)
        n = cap;
    SDL_LockMutex(e->lock);
    for (int i = 0; i < n; i++) {
        fy_nearby *o = &out[i];
        uint32_t a = v[i].addr;
        memset(o, 0, sizeof *o);
        snprintf(o->name, sizeof o->name, "%s", v[i].name);
        snprintf(o->os, sizeof o->os, "%s", v[i].os);
        snprintf(o->addr, sizeof o->addr, "%u.%u.%u.%u:%u", a >> 24, (a >> 16) & 255u, (a >> 8) & 255u, a & 255u,
                 (unsigned)v[i].port);
        fy_pair_fingerprint(v[i].key, o->fingerprint);
        o->paired = fy_trust_find_key(&e->trust, v[i].key) != NULL;
    }
    SDL_UnlockMutex(e->lock);
    free(v);
    qsort(out, (size_t)n, sizeof *out, nearby_order);
    return n;
}

fy_result fy_engine_listen(fy_engine *e, fy_err *err)
{
    fy_event ev;
    fy_result rc;
    if (e->listener)
        return FY_OK;
    if ((rc = fy_tcp_listen(e->cfg.port, &e->listen_sock, err)) != FY_OK)
        return rc;
    /* Discovery first: the listener thread reads e->disco (the reason
     * log's counters), so it is set before that thread exists (ThreadSanitizer
     * caught the listener reading it while this thread wrote it). */
    if (!e->cfg.no_discovery) {
        fy_disco_msg self;
        fy_err derr = {0};
        memset(&self, 0, sizeof self);
        self.port = e->cfg.port;
        memcpy(self.key, e->pub, 32);
        fy_engine_device_name(e, self.device, sizeof self.device);
        snprintf(self.os, sizeof self.os, "%s", fy_plat_os_name());
        /* Without discovery Ferry still works by address: say so, go on. */
        if (fy_discovery_start(e->cfg.port, 1, &self, fy_engine_peers_changed, e, &e->disco, &derr) != FY_OK)
            fy_engine_warn(e, 0, derr.msg);
    }
    SDL_AtomicSet(&e->listen_stop, 0);
    e->listener = SDL_CreateThread(listen_main, "ferry-listen", e);
    if (!e->listener) {
        fy_discovery_stop(e->disco);
        e->disco = NULL;
        fy_tcp_close(e->listen_sock);
        e->listen_sock = NULL;
        return fy_fail(err, FY_ERR_NOMEM, "cannot start a thread: %s", SDL_GetError());
    }
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_LISTENING;
    ev.port = e->cfg.port;
    snprintf(ev.folder, sizeof ev.folder, "%.255s", e->cfg.receive_dir);
    fy_queue_push(e->q, &ev);
    return FY_OK;
}

void fy_engine_stop_listening(fy_engine *e)
{
    fy_event ev;
    if (!e->listener)
        return;
    SDL_AtomicSet(&e->listen_stop, 1);
    /* Wakes the accept wait now instead of at its next tick: a `receive
     * --once` exits as soon as its transfer is done. (Where the system does
     * not wake a listening socket on shutdown, the tick still ends it.) */
    fy_tcp_shutdown(e->listen_sock);
    /* The listener thread reads the discovery's counters (the reason
     * log): it ends before discovery does. */
    SDL_WaitThread(e->listener, NULL);
    e->listener = NULL;
    fy_engine_reasons_flush(e, 1);
    fy_discovery_stop(e->disco);
    e->disco = NULL;
    fy_engine_peers_changed(e); /* the list is empty now */
    fy_tcp_close(e->listen_sock);
    e->listen_sock = NULL;
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_LISTEN_STOPPED;
    fy_queue_push(e->q, &ev);
}
