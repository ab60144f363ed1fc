/* fy_xfer_pair.c: who is on the other end. Right after the Noise handshake
 * each side says whether it knows the other's key (PAIR_STATUS). Known
 * peers go on; on first contact both people compare a 6-digit code that a
 * man in the middle cannot steer (commit, random, reveal), and only when
 * both confirmed is the peer stored. A known name with a new key is
 * refused loudly, like SSH's changed host key. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/fy_names.h"
#include "core/fy_pair.h"
#include "fy_engine_int.h"
#include "platform/fy_platform.h"

static fy_result send_frame(fy_channel *ch, uint8_t type, uint8_t *p, size_t n, fy_err *err)
{
    fy_result rc = fy_channel_send(ch, type, p, n, 0, err);
    return rc != FY_OK ? rc : fy_channel_flush(ch, err);
}

/* Receives the next frame, which must be `want` with `len` bytes (len 0:
 * any length). An ERROR from the peer becomes its message. */
static fy_result expect(fy_channel *ch, uint8_t want, size_t len, const uint8_t **p, size_t *n, fy_err *err)
{
    uint8_t type;
    fy_result rc = fy_channel_recv(ch, &type, p, n, err);
    if (rc != FY_OK)
        return rc;
    if (type == FY_MSG_ERROR) {
        fy_status s;
        if ((rc = fy_dec_status(type, *p, *n, &s, err)) != FY_OK)
            return rc;
        return fy_fail(err, s.code == FY_ERR_UNTRUSTED || s.code == FY_ERR_CRYPTO ? (fy_result)s.code : FY_ERR_PEER,
                       "the other side refused: %s", s.text);
    }
    if (type != want || (len && *n != len))
        return fy_fail(err, FY_ERR_PROTOCOL, "pairing: expected %s, got %s (%zu bytes)", fy_msg_name(want),
                       fy_msg_name(type), *n);
    return FY_OK;
}

static fy_result exchange_randoms(fy_xfer *x, fy_channel *ch, fy_noise_role role, uint8_t ri[32], uint8_t rr[32],
                                  fy_err *err)
{
    const uint8_t *hash = fy_secure_handshake_hash(x->sec), *p;
    uint8_t commit[FY_PAIR_COMMIT_LEN], buf[32];
    size_t n;
    fy_result rc;

    if (role == FY_NOISE_INITIATOR) {
        /* Our value is fixed (committed) before we see theirs... */
        if ((rc = fy_pair_random(ri, err)) != FY_OK)
            return rc;
        fy_pair_commit(hash, ri, commit);
        if ((rc = send_frame(ch, FY_MSG_PAIR_COMMIT, commit, sizeof commit, err)) != FY_OK ||
            (rc = expect(ch, FY_MSG_PAIR_RANDOM, 32, &p, &n, err)) != FY_OK)
            return rc;
        memcpy(rr, p, 32);
        memcpy(buf, ri, 32);
        return send_frame(ch, FY_MSG_PAIR_REVEAL, buf, 32, err);
    }
    /* ...and theirs is fixed before they see ours. */
    if ((rc = expect(ch, FY_MSG_PAIR_COMMIT, FY_PAIR_COMMIT_LEN, &p, &n, err)) != FY_OK)
        return rc;
    memcpy(commit, p, sizeof commit);
    if ((rc = fy_pair_random(rr, err)) != FY_OK)
        return rc;
    memcpy(buf, rr, 32);
    if ((rc = send_frame(ch, FY_MSG_PAIR_RANDOM, buf, 32, err)) != FY_OK ||
        (rc = expect(ch, FY_MSG_PAIR_REVEAL, 32, &p, &n, err)) != FY_OK)
        return rc;
    memcpy(ri, p, 32);
    if (fy_pair_check_reveal(hash, commit, ri, NULL) != FY_OK)
        return fy_fail(err, FY_ERR_CRYPTO,
                       "pairing with \"%s\" failed: its revealed value does not match its commitment (someone may "
                       "be interfering with the connection)",
                       x->peer_name);
    return FY_OK;
}

static fy_result run_pairing(fy_xfer *x, fy_channel *ch, fy_noise_role role, fy_err *err)
{
    fy_engine *e = x->e;
    uint8_t ri[32], rr[32], yes, *p8 = &yes;
    const uint8_t *p;
    size_t n;
    fy_event ev;
    fy_result rc;
    uint32_t code;

    if ((rc = exchange_randoms(x, ch, role, ri, rr, err)) != FY_OK)
        return rc;
    code = fy_pair_code(fy_secure_handshake_hash(x->sec), ri, rr, NULL);
    fy_xfer_event_init(x, &ev, FY_EV_PAIR);
    snprintf(ev.code, sizeof ev.code, "%03u %03u", (unsigned)(code / 1000 % 1000), (unsigned)(code % 1000));
    {
        char fp[FY_PAIR_FINGERPRINT_SIZE];
        fy_pair_fingerprint(fy_secure_remote_key(x->sec), fp);
        snprintf(ev.fingerprint, sizeof ev.fingerprint, "%s", fp);
    }
    fy_queue_push(e->q, &ev);

    /* A person is reading two screens: wait as long as for an offer. */
    yes = (uint8_t)fy_xfer_wait_answer(x, FY_ANSWER_TIMEOUT_MS);
    fy_tcp_set_timeout(x->tcp, FY_ANSWER_TIMEOUT_MS + 30000);
    if ((rc = send_frame(ch, FY_MSG_PAIR_CONFIRM, p8, 1, err)) != FY_OK)
        return rc;
    if (!yes)
        return fy_fail(err, FY_ERR_UNTRUSTED, "pairing with \"%s\" was not confirmed here", x->peer_name);
    rc = expect(ch, FY_MSG_PAIR_CONFIRM, 1, &p, &n, err);
    fy_tcp_set_timeout(x->tcp, e->cfg.idle_timeout_ms);
    if (rc != FY_OK)
        return rc;
    if (p[0] != 1)
        return fy_fail(err, FY_ERR_UNTRUSTED, "\"%s\" did not confirm the pairing code", x->peer_name);

    SDL_LockMutex(e->lock);
    rc = fy_trust_add(&e->trust, fy_secure_remote_key(x->sec), x->peer_name, fy_plat_wall_time(), err);
    if (rc == FY_OK)
        rc = fy_trust_save(e->cfg.config_dir, &e->trust, err);
    SDL_UnlockMutex(e->lock);
    if (rc == FY_OK)
        fy_engine_peers_changed(e); /* it shows as paired now */
    return rc;
}

fy_result fy_xfer_pair(fy_xfer *x, fy_channel *ch, fy_noise_role role, fy_err *err)
{
    fy_engine *e = x->e;
    const uint8_t *key = fy_secure_remote_key(x->sec), *p;
    uint8_t buf[8 + FY_DEVICE_NAME_MAX], mine, theirs;
    char known_as[FY_DEVICE_NAME_MAX + 1] = "", name[FY_DEVICE_NAME_MAX + 1];
    const char *s;
    size_t n, sn;
    fy_wbuf w;
    fy_rbuf r;
    fy_result rc;
    int changed = 0;

    SDL_LockMutex(e->lock);
    {
        const fy_trusted *t = fy_trust_find_key(&e->trust, key);
        if (t)
            snprintf(known_as, sizeof known_as, "%s", t->name);
    }
    SDL_UnlockMutex(e->lock);
    mine = (uint8_t)((known_as[0] ? FY_TRUST_KNOWS_YOU : 0) | (e->cfg.can_pair ? FY_TRUST_CAN_PAIR : 0) |
                     (e->cfg.allow_unpaired ? FY_TRUST_UNPAIRED_OK : 0));
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_w_u8(&w, mine);
    {
        char me[sizeof e->cfg.device_name];
        fy_engine_device_name(e, me, sizeof me);
        fy_w_str(&w, me, strlen(me));
    }
    if ((rc = send_frame(ch, FY_MSG_PAIR_STATUS, buf, w.len, err)) != FY_OK ||
        (rc = expect(ch, FY_MSG_PAIR_STATUS, 0, &p, &n, err)) != FY_OK)
        return rc;
    fy_rbuf_init(&r, p, n);
    theirs = fy_r_u8(&r);
    s = fy_r_str(&r, FY_DEVICE_NAME_MAX, &sn);
    if (!fy_r_ok(&r))
        return fy_fail(err, FY_ERR_PROTOCOL, "malformed PAIR_STATUS frame");
    memcpy(name, s, sn);
    name[sn] = '\0';
    fy_names_for_display(name, x->peer_name, sizeof x->peer_name);

    if (!known_as[0]) {
        /* A name we paired with, but another key: the device was reset, or
         * someone is pretending to be it. Never decide that silently. */
        const fy_trusted *t;
        char was[FY_PAIR_FINGERPRINT_SIZE] = "", now[FY_PAIR_FINGERPRINT_SIZE];
        SDL_LockMutex(e->lock);
        if ((t = fy_trust_find_name(&e->trust, x->peer_name)) != NULL) {
            changed = 1;
            fy_pair_fingerprint(t->key, was);
        }
        SDL_UnlockMutex(e->lock);
        if (changed) {
            fy_pair_fingerprint(key, now);
            fy_fail(err, FY_ERR_UNTRUSTED,
                    "WARNING: \"%s\" presented a different key than when it was paired (now %s, paired %s). "
                    "Someone may be intercepting the connection. If that device was reinstalled, run "
                    "'ferry forget \"%s\"' and pair again.",
                    x->peer_name, now, was, x->peer_name);
            fy_xfer_send_error(ch, FY_ERR_UNTRUSTED, "this device knows your name with another key; refused");
            return FY_ERR_UNTRUSTED;
        }
    }
    switch (fy_trust_decide(mine, theirs, x->peer_name, err)) {
    case FY_TRUST_PROCEED:
        /* Known from an earlier pairing, or an unpaired peer let in by
         * allow_unpaired: only the first counts as paired. */
        x->paired = known_as[0] != 0;
        return FY_OK;
    case FY_TRUST_PAIR:
        rc = run_pairing(x, ch, role, err);
        x->paired = rc == FY_OK;
        return rc;
    case FY_TRUST_REFUSE:
        break;
    }
    /* Both sides reach the same decision; the reason is said on each. */
    return FY_ERR_UNTRUSTED;
}
