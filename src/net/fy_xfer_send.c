/* fy_xfer_send.c: the thread that runs one outgoing transfer: walk the
 * paths, connect, then move frames between the sender machine and the
 * channel until the receiver confirms or something fails. */
#include <stdio.h>
#include <string.h>

#include "core/fy_send.h"
#include "fy_engine_int.h"
#include "platform/fy_platform.h"

static void warn_cb(void *ud, const char *msg)
{
    fy_xfer *x = ud;
    fy_engine_warn(x->e, x->id, msg);
}

/* The send failed: the receiver may have said why before closing. */
static void fetch_peer_error(fy_channel *ch, fy_tcp *tcp, fy_send *s, fy_err *err)
{
    uint8_t type;
    const uint8_t *p;
    size_t n;
    fy_err perr = {0};
    fy_tcp_set_timeout(tcp, 2000);
    while (fy_channel_recv(ch, &type, &p, &n, &perr) == FY_OK) {
        if (type == FY_MSG_ERROR || type == FY_MSG_DECLINE) {
            fy_result rc = fy_send_frame(s, type, p, n, &perr);
            fy_err_clear(err);
            fy_fail(err, rc, "%s", perr.msg);
            return;
        }
    }
}

/* --limit: sleeps while the data sent is ahead of the allowed rate. */
static void throttle(fy_xfer *x, fy_progress *p, fy_send *s, uint64_t rate)
{
    uint64_t due, now;
    fy_send_progress(s, p);
    due = x->t0 + p->bytes_wire * 1000 / rate;
    while ((now = fy_plat_now_ms()) < due && !SDL_AtomicGet(&x->cancel))
        fy_plat_sleep_ms((unsigned)(due - now > 100 ? 100 : due - now));
}

/* One connection: connect, handshake, offer, and (if accepted) the files.
 * *handshook says whether the secure channel came up, which tells a
 * receiver that closed at once (at its connection cap) from one that
 * failed later. */
static fy_result attempt(fy_xfer *x, fy_send *s, fy_progress *p, int *handshook, fy_err *err)
{
    fy_engine *e = x->e;
    fy_channel *ch = NULL;
    fy_result rc;
    int waiting_said = 0, started = 0, peer_spoke = 0;

    *handshook = 0;
    fy_send_restart(s);
    rc = fy_tcp_connect(x->host, x->port, e->cfg.idle_timeout_ms, &x->tcp, err);
    if (rc == FY_OK) {
        snprintf(x->peer_addr, sizeof x->peer_addr, "%s", fy_tcp_peer(x->tcp));
        rc = fy_xfer_secure_channel(x, FY_NOISE_INITIATOR, 1, &ch, err);
        *handshook = x->sec != NULL;
    }
    if (rc == FY_OK) /* sealing and sending on a second core */
        rc = fy_secure_pipeline(x->sec, FY_PIPE_WRITE, err);
    fy_send_progress(s, p);

    while (rc == FY_OK) {
        fy_send_out o;
        if (SDL_AtomicGet(&x->cancel)) {
            rc = fy_fail(err, FY_ERR_CANCELLED, "cancelled");
            break;
        }
        if ((rc = fy_send_next(s, &o, err)) != FY_OK)
            break;
        if (o.status == FY_SEND_FINISHED)
            break;
        if (o.status == FY_SEND_FRAME) {
            rc = fy_channel_send(ch, o.type, o.payload, o.len, 1, err);
            if (rc == FY_OK && o.type == FY_MSG_DATA && e->cfg.send_rate_limit)
                throttle(x, p, s, e->cfg.send_rate_limit);
            /* The receiver speaks mid-stream only to stop us (disk full,
             * checksum, cancel): look once per frame, without blocking. */
            if (rc == FY_OK && o.type == FY_MSG_DATA && fy_channel_readable(ch)) {
                uint8_t type;
                const uint8_t *pl;
                size_t n;
                if ((rc = fy_channel_recv(ch, &type, &pl, &n, err)) == FY_OK) {
                    peer_spoke = 1;
                    rc = fy_send_frame(s, type, pl, n, err);
                }
                if (rc != FY_OK)
                    break;
            }
            if (rc == FY_ERR_CLOSED || rc == FY_ERR_TIMEOUT)
                fetch_peer_error(ch, x->tcp, s, err), rc = err->code;
        } else {
            uint8_t type;
            const uint8_t *pl;
            size_t n;
            int deciding = !fy_send_accepted(s);
            if ((rc = fy_channel_flush(ch, err)) != FY_OK)
                break;
            if (deciding && fy_send_peer(s) && !waiting_said) {
                fy_event ev;
                fy_send_progress(s, p);
                snprintf(x->peer_name, sizeof x->peer_name, "%s", fy_send_peer(s)->device);
                fy_xfer_event_init(x, &ev, FY_EV_WAITING);
                ev.files_total = p->files_total;
                ev.bytes_total = p->bytes_total;
                fy_queue_push(e->q, &ev);
                waiting_said = 1;
            }
            /* A person may take a while to answer: wait longer then. */
            fy_tcp_set_timeout(x->tcp, deciding ? FY_ANSWER_TIMEOUT_MS + 30000 : e->cfg.idle_timeout_ms);
            if ((rc = fy_channel_recv(ch, &type, &pl, &n, err)) != FY_OK)
                break;
            peer_spoke = type == FY_MSG_ERROR || type == FY_MSG_DECLINE;
            if ((rc = fy_send_frame(s, type, pl, n, err)) != FY_OK)
                break;
            if (fy_send_peer(s) && !x->peer_name[0])
                snprintf(x->peer_name, sizeof x->peer_name, "%s", fy_send_peer(s)->device);
        }
        if (!started && fy_send_accepted(s)) {
            fy_event ev;
            started = 1;
            x->t0 = fy_plat_now_ms();
            fy_tcp_set_timeout(x->tcp, e->cfg.idle_timeout_ms);
            fy_send_progress(s, p);
            fy_xfer_keep_awake(x);
            fy_xfer_event_init(x, &ev, FY_EV_STARTED);
            ev.files_total = p->files_total;
            ev.bytes_total = p->bytes_total;
            fy_queue_push(e->q, &ev);
        }
        if (started) {
            fy_send_progress(s, p);
            fy_xfer_progress(x, p, 0);
        }
    }

    if (rc != FY_OK && ch && !peer_spoke && rc != FY_ERR_CLOSED && rc != FY_ERR_TIMEOUT)
        fy_xfer_send_error(ch, rc, rc == FY_ERR_CANCELLED ? "cancelled by the sender" : err->msg);
    fy_send_progress(s, p);
    fy_channel_free(ch);
    fy_xfer_free_secure(x);
    SDL_LockMutex(e->lock);
    fy_tcp_close(x->tcp);
    x->tcp = NULL;
    SDL_UnlockMutex(e->lock);
    return rc;
}

/* Waits ms (or until cancelled): 1 if it waited, 0 if cancelled. */
static int pause_ms(fy_xfer *x, unsigned ms)
{
    uint64_t until = fy_plat_now_ms() + ms;
    while (fy_plat_now_ms() < until) {
        if (SDL_AtomicGet(&x->cancel))
            return 0;
        fy_plat_sleep_ms(100);
    }
    return 1;
}

int fy_xfer_send_main(void *arg)
{
    fy_xfer *x = arg;
    fy_engine *e = x->e;
    fy_err err = {0};
    fy_manifest m;
    fy_send *s = NULL;
    fy_progress p;
    fy_result rc;
    uint64_t first = fy_plat_now_ms();
    unsigned tries = 0, closed_early = 0;

    memset(&p, 0, sizeof p);
    fy_manifest_init(&m);
    /* What to send: a text snippet or paths; from here on the sender
     * machine reads both through fy_source. */
    if (x->text)
        rc = fy_manifest_add_text(&m, x->text, x->text_len, &err);
    else
        rc = fy_manifest_walk(&m, (const char *const *)x->paths, x->npaths, warn_cb, x, &err);
    if (rc == FY_OK) {
        char me[sizeof e->cfg.device_name];
        fy_engine_device_name(e, me, sizeof me);
        rc = fy_send_new(&m, me, fy_plat_os_name(), &s, &err);
    }
    /* A receiver that is busy says so (all its transfer slots taken) or,
     * at its cap of connections still before their offer, closes a new
     * one at once. Either way the send waits its turn and tries again,
     * 1, 2, 4 ... 15 s apart, for up to FY_BUSY_GIVE_UP_MS; a connection
     * closed before the handshake is tried only a few times, since a port
     * that is no Ferry at all looks the same. */
    while (s) {
        int handshook;
        unsigned delay;
        fy_event ev;
        rc = attempt(x, s, &p, &handshook, &err);
        if (rc == FY_ERR_CLOSED && !handshook && closed_early < 8)
            closed_early++;
        else if (rc != FY_ERR_BUSY)
            break;
        delay = tries < 4 ? 1000u << tries : FY_BUSY_RETRY_MAX_MS;
        if (fy_plat_now_ms() - first + delay > FY_BUSY_GIVE_UP_MS) {
            fy_err_clear(&err);
            rc = fy_fail(&err, FY_ERR_BUSY, "%s stayed busy for %u minutes; try again later",
                         x->peer_name[0] ? x->peer_name : x->peer_addr, FY_BUSY_GIVE_UP_MS / 60000u);
            break;
        }
        fy_xfer_event_init(x, &ev, FY_EV_BUSY);
        if (rc == FY_ERR_BUSY) /* "receiver: busy with 8 other transfers" */
            snprintf(ev.text, sizeof ev.text, "%.300s; trying again in %u s", err.msg, delay / 1000u);
        else
            snprintf(ev.text, sizeof ev.text, "%s closed the connection before the handshake (busy?); "
                     "trying again in %u s", x->peer_addr, delay / 1000u);
        fy_queue_push(e->q, &ev);
        tries++;
        fy_err_clear(&err);
        if (!pause_ms(x, delay)) {
            rc = fy_fail(&err, FY_ERR_CANCELLED, "cancelled");
            break;
        }
    }
    fy_xfer_record_send(x, s, rc, &err);
    fy_xfer_finish(x, rc, &err, &p);
    fy_send_free(s);
    fy_manifest_free(&m);
    SDL_LockMutex(e->lock);
    x->done = 1;
    SDL_UnlockMutex(e->lock);
    return 0;
}
