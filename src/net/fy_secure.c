#include "fy_secure.h"

#include <SDL.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fy_platform.h"

#define MAGIC "FERRY-N1"
#define MAGIC_LEN 8
#define PROLOGUE_LABEL "ferry-noise-v1"
#define MAX_SUITES 8
/* Stream bytes sealed together before one send: large enough that a 1 MiB
 * DATA frame is one syscall, small enough to stay cache-friendly. */
#define OUT_RECORDS 17

/* The pipeline (fy_secure_pipeline): a ring of plaintext chunks between the
 * transfer thread and a second thread that does the sealing and sending
 * (FY_PIPE_WRITE) or the receiving and opening (FY_PIPE_READ). */
/* 1 MiB chunks (the size of a DATA frame) and 1 MiB socket reads: with
 * 256 KiB the threads handed over and woke each other four times as often,
 * and a 1 GiB loopback copy took 1.52 s instead of 1.3 s (median of 9).
 * Two chunks are as fast as three or four (one is filled while the other
 * is drained) and keep a receiver of 10,000 small files under 16 MiB. */
#define PIPE_CHUNK (1024u * 1024u)
#define PIPE_CHUNKS 2

typedef struct fy_pipe {
    fy_pipe_mode mode;
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *cond;              /* signalled on every change below */
    uint8_t *chunk[PIPE_CHUNKS];
    size_t len[PIPE_CHUNKS];
    int head, count;             /* chunks head .. head+count-1 hold data */
    int stop;                    /* the thread should end */
    int eof;                     /* read: the peer closed between records */
    fy_result rc;                /* the thread's failure, sticky */
    fy_err err;
    uint64_t waiting_since;      /* read: the consumer waits since then, 0 if not */
    size_t pos;                  /* read: consumed bytes of chunk[head] */
    uint8_t *raw;                /* read: received, not yet opened bytes */
    size_t raw_len;
} fy_pipe;

struct fy_secure {
    fy_transport raw;
    fy_pipe *pipe;
    fy_noise_suite suite;
    fy_noise_cipher *tx, *rx;
    uint8_t remote[FY_NOISE_KEY_LEN];
    uint8_t hash[FY_NOISE_HASH_LEN];
    uint8_t *out;                 /* sealed records waiting for one send */
    uint8_t in[2 + FY_NOISE_MSG_MAX];
    uint8_t plain[FY_NOISE_PAYLOAD_MAX];
    size_t plain_pos, plain_len;  /* opened bytes not yet handed up */
};

static fy_result read_exact(const fy_transport *t, uint8_t *p, size_t n, fy_err *err)
{
    while (n > 0) {
        size_t got;
        fy_result rc = t->recv(t->ctx, p, n, &got, err);
        if (rc != FY_OK)
            return rc;
        if (got == 0)
            return fy_fail(err, FY_ERR_CLOSED, "connection closed during the encrypted exchange");
        p += got;
        n -= got;
    }
    return FY_OK;
}

int fy_secure_local_suites(fy_noise_suite out[2])
{
    int n = 0;
    if (fy_noise_suite_available(FY_SUITE_AESGCM))
        out[n++] = FY_SUITE_AESGCM;
    out[n++] = FY_SUITE_CHACHAPOLY;
    return n;
}

/* Steps 1 and 2: the initiator's offer, the responder's choice. Both
 * messages go into the prologue. */
static fy_result negotiate(fy_secure *s, fy_noise_role role, const fy_noise_suite *suites, int nsuites,
                           uint8_t *prologue, size_t *plen, fy_err *err)
{
    uint8_t offer[MAGIC_LEN + 1 + MAX_SUITES], answer[MAGIC_LEN + 1];
    size_t offer_len;
    fy_result rc;

    if (nsuites < 1 || nsuites > MAX_SUITES)
        return fy_fail(err, FY_ERR_USAGE, "no cipher suite to offer");
    if (role == FY_NOISE_INITIATOR) {
        memcpy(offer, MAGIC, MAGIC_LEN);
        offer[MAGIC_LEN] = (uint8_t)nsuites;
        for (int i = 0; i < nsuites; i++)
            offer[MAGIC_LEN + 1 + i] = (uint8_t)suites[i];
        offer_len = MAGIC_LEN + 1 + (size_t)nsuites;
        if ((rc = s->raw.send(s->raw.ctx, offer, offer_len, err)) != FY_OK ||
            (rc = read_exact(&s->raw, answer, sizeof answer, err)) != FY_OK)
            return rc;
        if (memcmp(answer, MAGIC, MAGIC_LEN) != 0)
            return fy_fail(err, FY_ERR_PROTOCOL, "peer is not speaking the Ferry protocol");
        s->suite = (fy_noise_suite)answer[MAGIC_LEN];
        {
            int offered = 0;
            for (int i = 0; i < nsuites; i++)
                offered |= suites[i] == s->suite;
            if (!offered)
                return fy_fail(err, FY_ERR_CRYPTO, "peer has no cipher suite in common with us");
        }
    } else {
        uint8_t n;
        if ((rc = read_exact(&s->raw, offer, MAGIC_LEN + 1, err)) != FY_OK)
            return rc;
        if (memcmp(offer, MAGIC, MAGIC_LEN) != 0)
            return fy_fail(err, FY_ERR_PROTOCOL, "peer is not speaking the Ferry protocol");
        n = offer[MAGIC_LEN];
        if (n < 1 || n > MAX_SUITES)
            return fy_fail(err, FY_ERR_PROTOCOL, "peer offered %u cipher suites", n);
        if ((rc = read_exact(&s->raw, offer + MAGIC_LEN + 1, n, err)) != FY_OK)
            return rc;
        offer_len = MAGIC_LEN + 1 + n;
        s->suite = 0;
        /* The initiator's order decides; we only need to support it. */
        for (int i = 0; i < n && !s->suite; i++)
            for (int j = 0; j < nsuites; j++)
                if (offer[MAGIC_LEN + 1 + i] == (uint8_t)suites[j])
                    s->suite = suites[j];
        memcpy(answer, MAGIC, MAGIC_LEN);
        answer[MAGIC_LEN] = (uint8_t)s->suite;
        if ((rc = s->raw.send(s->raw.ctx, answer, sizeof answer, err)) != FY_OK)
            return rc;
        if (!s->suite)
            return fy_fail(err, FY_ERR_CRYPTO, "peer has no cipher suite in common with us");
    }
    *plen = 0;
    memcpy(prologue, PROLOGUE_LABEL, strlen(PROLOGUE_LABEL));
    *plen += strlen(PROLOGUE_LABEL);
    memcpy(prologue + *plen, offer, offer_len);
    *plen += offer_len;
    memcpy(prologue + *plen, answer, sizeof answer);
    *plen += sizeof answer;
    return FY_OK;
}

/* Step 3: XX, each message as u16 length + bytes. */
static fy_result noise_xx(fy_secure *s, fy_noise_role role, const uint8_t static_priv[32], const uint8_t *prologue,
                          size_t plen, fy_err *err)
{
    fy_noise_hs *hs = NULL;
    fy_result rc = fy_noise_hs_new(role, s->suite, static_priv, prologue, plen, &hs, err);
    while (rc == FY_OK && !fy_noise_hs_done(hs)) {
        size_t n, pn;
        if (fy_noise_hs_my_turn(hs)) {
            rc = fy_noise_hs_write(hs, NULL, 0, s->in + 2, FY_NOISE_MSG_MAX, &n, err);
            if (rc == FY_OK) {
                s->in[0] = (uint8_t)(n >> 8);
                s->in[1] = (uint8_t)n;
                rc = s->raw.send(s->raw.ctx, s->in, n + 2, err);
            }
        } else {
            rc = read_exact(&s->raw, s->in, 2, err);
            n = (size_t)s->in[0] << 8 | s->in[1];
            if (rc == FY_OK)
                rc = read_exact(&s->raw, s->in + 2, n, err);
            if (rc == FY_OK)
                rc = fy_noise_hs_read(hs, s->in + 2, n, s->plain, sizeof s->plain, &pn, err);
        }
    }
    if (rc == FY_OK)
        rc = fy_noise_hs_split(hs, &s->tx, &s->rx, s->hash, s->remote, err);
    fy_noise_hs_free(hs);
    return rc;
}

fy_result fy_secure_handshake(const fy_transport *raw, fy_noise_role role, const uint8_t static_priv[32],
                              const fy_noise_suite *suites, int nsuites, fy_secure **out, fy_err *err)
{
    uint8_t prologue[64];
    size_t plen = 0;
    fy_secure *s = calloc(1, sizeof *s);
    fy_result rc;

    *out = NULL;
    if (!s || !(s->out = malloc(OUT_RECORDS * (2 + FY_NOISE_MSG_MAX)))) {
        free(s);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    s->raw = *raw;
    rc = negotiate(s, role, suites, nsuites, prologue, &plen, err);
    if (rc == FY_OK)
        rc = noise_xx(s, role, static_priv, prologue, plen, err);
    if (rc != FY_OK) {
        fy_secure_free(s);
        return rc;
    }
    *out = s;
    return FY_OK;
}

static void pipe_stop(fy_secure *s);

void fy_secure_free(fy_secure *s)
{
    if (!s)
        return;
    pipe_stop(s);
    fy_noise_cipher_free(s->tx);
    fy_noise_cipher_free(s->rx);
    sodium_memzero(s->plain, sizeof s->plain);
    free(s->out);
    free(s);
}

fy_noise_suite fy_secure_suite(const fy_secure *s) { return s->suite; }
const uint8_t *fy_secure_remote_key(const fy_secure *s) { return s->remote; }
const uint8_t *fy_secure_handshake_hash(const fy_secure *s) { return s->hash; }

/* ---- the sealed stream ------------------------------------------------------ */

/* Seals n bytes into records and sends them in batches of OUT_RECORDS. */
static fy_result seal_and_send(fy_secure *s, const uint8_t *b, size_t n, fy_err *err)
{
    while (n > 0) {
        size_t used = 0;
        fy_result rc;
        for (int r = 0; r < OUT_RECORDS && n > 0; r++) {
            size_t part = n < FY_NOISE_PAYLOAD_MAX ? n : FY_NOISE_PAYLOAD_MAX, clen;
            rc = fy_noise_cipher_encrypt(s->tx, NULL, 0, b, part, s->out + used + 2, FY_NOISE_MSG_MAX, &clen, err);
            if (rc != FY_OK)
                return rc;
            s->out[used] = (uint8_t)(clen >> 8);
            s->out[used + 1] = (uint8_t)clen;
            used += 2 + clen;
            b += part;
            n -= part;
        }
        if ((rc = s->raw.send(s->raw.ctx, s->out, used, err)) != FY_OK)
            return rc;
    }
    return FY_OK;
}

static fy_result pipe_send(fy_secure *s, const uint8_t *b, size_t n, fy_err *err);
static fy_result pipe_recv(fy_secure *s, uint8_t *p, size_t cap, size_t *got, fy_err *err);

static fy_result sec_send(void *ctx, const void *p, size_t n, fy_err *err)
{
    fy_secure *s = ctx;
    if (s->pipe && s->pipe->mode == FY_PIPE_WRITE)
        return pipe_send(s, p, n, err);
    return seal_and_send(s, p, n, err);
}

static fy_result sec_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err)
{
    fy_secure *s = ctx;
    *got = 0;
    /* Bytes opened before the pipeline started go first. */
    if (s->plain_pos == s->plain_len && s->pipe && s->pipe->mode == FY_PIPE_READ)
        return pipe_recv(s, p, cap, got, err);
    if (s->plain_pos == s->plain_len) {
        size_t n, hn, first;
        fy_result rc = s->raw.recv(s->raw.ctx, s->in, 2, &first, err);
        if (rc != FY_OK)
            return rc;
        if (first == 0)
            return FY_OK; /* clean close between records */
        if (first == 1 && (rc = read_exact(&s->raw, s->in + 1, 1, err)) != FY_OK)
            return rc;
        n = (size_t)s->in[0] << 8 | s->in[1];
        if (n <= FY_NOISE_TAG_LEN)
            return fy_fail(err, FY_ERR_CRYPTO, "encrypted record of %zu bytes is too short", n);
        if ((rc = read_exact(&s->raw, s->in + 2, n, err)) != FY_OK)
            return rc;
        /* Said in the user's terms; the noise layer's wording names nonces. */
        rc = fy_noise_cipher_decrypt(s->rx, NULL, 0, s->in + 2, n, s->plain, sizeof s->plain, &hn, NULL);
        if (rc != FY_OK)
            return fy_fail(err, FY_ERR_TAMPERED, "a record failed authentication: the data was altered on the way");
        s->plain_pos = 0;
        s->plain_len = hn;
    }
    *got = s->plain_len - s->plain_pos < cap ? s->plain_len - s->plain_pos : cap;
    memcpy(p, s->plain + s->plain_pos, *got);
    s->plain_pos += *got;
    return FY_OK;
}

static int sec_readable(void *ctx)
{
    fy_secure *s = ctx;
    if (s->plain_pos < s->plain_len)
        return 1;
    if (s->pipe && s->pipe->mode == FY_PIPE_READ) {
        int r;
        SDL_LockMutex(s->pipe->lock);
        r = s->pipe->count > 0 || s->pipe->rc != FY_OK || s->pipe->eof;
        SDL_UnlockMutex(s->pipe->lock);
        return r;
    }
    return s->raw.readable && s->raw.readable(s->raw.ctx);
}

/* Safe from another thread: waking the raw transport makes a blocked
 * sec_recv (or the read pipeline's receive, and with it pipe_recv) return. */
static void sec_wake(void *ctx)
{
    fy_secure *s = ctx;
    s->raw.wake(s->raw.ctx);
}

void fy_secure_transport(fy_secure *s, fy_transport *out)
{
    /* One assignment writes every field, today's and any added later: the
     * caller's struct may be uninitialised. */
    *out = (fy_transport){
        .send = sec_send,
        .recv = sec_recv,
        .readable = sec_readable,
        .ctx = s,
        .wake = s->raw.wake ? sec_wake : NULL,
    };
}

/* ---- the pipeline ------------------------------------------------------------ *
 * One transfer thread reading a file, hashing, sealing and sending leaves the
 * second core idle; so does one that receives, opens, hashes and writes.
 * With the pipeline the sealing and sending (or the receiving and opening)
 * run on a thread of their own, and a bounded ring of plaintext chunks lies
 * between the two: memory stays at PIPE_CHUNKS * PIPE_CHUNK whatever the
 * file size. Errors of the pipeline thread are sticky and reach the
 * transfer thread on its next call, after every chunk that arrived whole:
 * nothing already opened and authenticated is lost. */

#define RAW_CAP (PIPE_CHUNK + 2 + FY_NOISE_MSG_MAX)

static void pipe_fail(fy_pipe *pp, fy_result rc, const fy_err *err)
{
    if (rc != FY_OK && pp->rc == FY_OK) {
        pp->rc = rc;
        pp->err = *err;
    }
}

static fy_result pipe_error(fy_pipe *pp, fy_err *err)
{
    return fy_fail(err, pp->rc, "%s", pp->err.msg);
}

/* Read side: a receive that began at `began` timed out. The silence counts
 * only from when the transfer thread began to wait for data: a receiver
 * busy asking its user, or hashing a .part, is not facing an idle peer.
 * This thread reads ahead, so its receive began before the transfer thread
 * ran dry; rather than a whole second receive (twice the idle timeout when
 * a link dies), it waits out the rest, watching for bytes. Returns 1 to
 * give up (or stop), 0 to read on. */
static int stayed_silent(fy_secure *s, fy_pipe *pp, uint64_t began)
{
    uint64_t limit = fy_plat_now_ms() - began; /* the idle timeout, as measured */
    int r = 0;
    SDL_LockMutex(pp->lock);
    if (!s->raw.readable) /* nothing to watch with: whole receives only */
        r = pp->waiting_since && pp->waiting_since <= began;
    while (!r && !pp->stop && pp->waiting_since && s->raw.readable) {
        int bytes;
        SDL_UnlockMutex(pp->lock);
        bytes = s->raw.readable(s->raw.ctx);
        SDL_LockMutex(pp->lock);
        if (bytes)
            break;
        if (pp->waiting_since && fy_plat_now_ms() - pp->waiting_since >= limit)
            r = 1;
        else
            SDL_CondWaitTimeout(pp->cond, pp->lock, 100);
    }
    r |= pp->stop;
    SDL_UnlockMutex(pp->lock);
    return r;
}

/* Opens the whole records at the start of pp->raw + *at into out while a
 * full record still fits; returns the plaintext length. */
static size_t open_records(fy_secure *s, fy_pipe *pp, size_t *at, uint8_t *out, fy_result *rc, fy_err *err)
{
    size_t olen = 0;
    while (pp->raw_len - *at >= 2 && olen + FY_NOISE_PAYLOAD_MAX <= PIPE_CHUNK) {
        size_t n = (size_t)pp->raw[*at] << 8 | pp->raw[*at + 1], hn;
        if (n <= FY_NOISE_TAG_LEN) {
            *rc = fy_fail(err, FY_ERR_CRYPTO, "encrypted record of %zu bytes is too short", n);
            break;
        }
        if (pp->raw_len - *at < 2 + n)
            break;
        if (fy_noise_cipher_decrypt(s->rx, NULL, 0, pp->raw + *at + 2, n, out + olen, PIPE_CHUNK - olen, &hn,
                                    NULL) != FY_OK) {
            *rc = fy_fail(err, FY_ERR_TAMPERED, "a record failed authentication: the data was altered on the way");
            break;
        }
        olen += hn;
        *at += 2 + n;
    }
    return olen;
}

static int pipe_read_main(void *arg)
{
    fy_secure *s = arg;
    fy_pipe *pp = s->pipe;
    size_t at = 0; /* first unopened byte in pp->raw */
    fy_err err = {0};
    fy_result rc = FY_OK;
    int eof = 0;

    while (rc == FY_OK && !eof) {
        int slot;
        size_t olen = 0;
        SDL_LockMutex(pp->lock);
        while (pp->count == PIPE_CHUNKS && !pp->stop)
            SDL_CondWait(pp->cond, pp->lock);
        slot = (pp->head + pp->count) % PIPE_CHUNKS;
        eof = pp->stop;
        SDL_UnlockMutex(pp->lock);
        while (!eof && rc == FY_OK && (olen = open_records(s, pp, &at, pp->chunk[slot], &rc, &err)) == 0 &&
               rc == FY_OK) {
            uint64_t began = fy_plat_now_ms();
            size_t got = 0;
            memmove(pp->raw, pp->raw + at, pp->raw_len - at);
            pp->raw_len -= at;
            at = 0;
            rc = s->raw.recv(s->raw.ctx, pp->raw + pp->raw_len, RAW_CAP - pp->raw_len, &got, &err);
            if (rc == FY_ERR_TIMEOUT && !stayed_silent(s, pp, began)) {
                rc = FY_OK;
                fy_err_clear(&err);
            } else if (rc == FY_OK && got == 0) {
                if (pp->raw_len > 0)
                    rc = fy_fail(&err, FY_ERR_CLOSED, "connection lost in the middle of an encrypted record");
                eof = 1;
            }
            pp->raw_len += got;
        }
        SDL_LockMutex(pp->lock);
        if (olen > 0) {
            pp->len[slot] = olen;
            pp->count++;
        }
        pipe_fail(pp, rc, &err);
        pp->eof |= eof;
        SDL_CondBroadcast(pp->cond);
        SDL_UnlockMutex(pp->lock);
    }
    return 0;
}

static fy_result pipe_recv(fy_secure *s, uint8_t *p, size_t cap, size_t *got, fy_err *err)
{
    fy_pipe *pp = s->pipe;
    fy_result rc = FY_OK;
    SDL_LockMutex(pp->lock);
    while (pp->count == 0 && pp->rc == FY_OK && !pp->eof) {
        if (!pp->waiting_since)
            pp->waiting_since = fy_plat_now_ms();
        SDL_CondWait(pp->cond, pp->lock);
    }
    pp->waiting_since = 0;
    if (pp->count > 0) {
        /* chunk[head] stays ours until released: copy outside the lock. */
        size_t left = pp->len[pp->head] - pp->pos;
        SDL_UnlockMutex(pp->lock);
        *got = left < cap ? left : cap;
        memcpy(p, pp->chunk[pp->head] + pp->pos, *got);
        SDL_LockMutex(pp->lock);
        if ((pp->pos += *got) == pp->len[pp->head]) {
            pp->pos = 0;
            pp->head = (pp->head + 1) % PIPE_CHUNKS;
            pp->count--;
            SDL_CondBroadcast(pp->cond);
        }
    } else if (pp->rc != FY_OK) {
        rc = pipe_error(pp, err);
    } /* else the peer closed cleanly: *got stays 0 */
    SDL_UnlockMutex(pp->lock);
    return rc;
}

static int pipe_write_main(void *arg)
{
    fy_secure *s = arg;
    fy_pipe *pp = s->pipe;
    fy_err err = {0};
    for (;;) {
        fy_result rc;
        int slot;
        SDL_LockMutex(pp->lock);
        while (pp->count == 0 && !pp->stop)
            SDL_CondWait(pp->cond, pp->lock);
        if (pp->count == 0) { /* stopped, and everything is out */
            SDL_UnlockMutex(pp->lock);
            return 0;
        }
        slot = pp->head;
        SDL_UnlockMutex(pp->lock);
        rc = seal_and_send(s, pp->chunk[slot], pp->len[slot], &err);
        SDL_LockMutex(pp->lock);
        pp->head = (pp->head + 1) % PIPE_CHUNKS;
        pp->count--;
        if (rc != FY_OK) {
            pipe_fail(pp, rc, &err);
            pp->count = 0; /* nothing more goes out */
        }
        SDL_CondBroadcast(pp->cond);
        SDL_UnlockMutex(pp->lock);
        if (rc != FY_OK)
            return 0;
    }
}

static fy_result pipe_send(fy_secure *s, const uint8_t *b, size_t n, fy_err *err)
{
    fy_pipe *pp = s->pipe;
    while (n > 0) {
        size_t part = n < PIPE_CHUNK ? n : PIPE_CHUNK;
        int slot;
        SDL_LockMutex(pp->lock);
        while (pp->count == PIPE_CHUNKS && pp->rc == FY_OK)
            SDL_CondWait(pp->cond, pp->lock);
        if (pp->rc != FY_OK) {
            fy_result rc = pipe_error(pp, err);
            SDL_UnlockMutex(pp->lock);
            return rc;
        }
        slot = (pp->head + pp->count) % PIPE_CHUNKS;
        SDL_UnlockMutex(pp->lock);
        memcpy(pp->chunk[slot], b, part);
        SDL_LockMutex(pp->lock);
        pp->len[slot] = part;
        pp->count++;
        SDL_CondBroadcast(pp->cond);
        SDL_UnlockMutex(pp->lock);
        b += part;
        n -= part;
    }
    return FY_OK;
}

/* Ends the pipeline thread: a writer sends what is queued first; a reader
 * blocked in a receive is woken through the transport. */
static void pipe_stop(fy_secure *s)
{
    fy_pipe *pp = s->pipe;
    if (!pp)
        return;
    if (pp->thread) {
        SDL_LockMutex(pp->lock);
        pp->stop = 1;
        SDL_CondBroadcast(pp->cond);
        SDL_UnlockMutex(pp->lock);
        if (pp->mode == FY_PIPE_READ && s->raw.wake)
            s->raw.wake(s->raw.ctx);
        SDL_WaitThread(pp->thread, NULL);
    }
    for (int i = 0; i < PIPE_CHUNKS; i++) {
        if (pp->chunk[i])
            sodium_memzero(pp->chunk[i], PIPE_CHUNK); /* plaintext */
        free(pp->chunk[i]);
    }
    free(pp->raw);
    if (pp->cond)
        SDL_DestroyCond(pp->cond);
    if (pp->lock)
        SDL_DestroyMutex(pp->lock);
    free(pp);
    s->pipe = NULL;
}

fy_result fy_secure_pipeline(fy_secure *s, fy_pipe_mode mode, fy_err *err)
{
    fy_pipe *pp;
    int ok;
    if (s->pipe)
        return FY_OK;
    if (!(pp = s->pipe = calloc(1, sizeof *pp)))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    pp->mode = mode;
    ok = (pp->lock = SDL_CreateMutex()) != NULL && (pp->cond = SDL_CreateCond()) != NULL;
    for (int i = 0; ok && i < PIPE_CHUNKS; i++)
        ok = (pp->chunk[i] = malloc(PIPE_CHUNK)) != NULL;
    if (ok && mode == FY_PIPE_READ)
        ok = (pp->raw = malloc(RAW_CAP)) != NULL;
    if (ok)
        ok = (pp->thread = SDL_CreateThread(mode == FY_PIPE_READ ? pipe_read_main : pipe_write_main,
                                            mode == FY_PIPE_READ ? "ferry-open" : "ferry-seal", s)) != NULL;
    if (!ok) {
        pipe_stop(s);
        return fy_fail(err, FY_ERR_NOMEM, "cannot start the encryption thread: %s", SDL_GetError());
    }
    return FY_OK;
}

int fy_secure_drain(fy_secure *s, unsigned wait_ms)
{
    fy_pipe *pp = s->pipe;
    uint64_t until = fy_plat_now_ms() + wait_ms;
    if (!pp || pp->mode != FY_PIPE_READ)
        return 0;
    SDL_LockMutex(pp->lock);
    while (pp->rc == FY_OK && !pp->eof && fy_plat_now_ms() < until) {
        pp->head = (pp->head + pp->count) % PIPE_CHUNKS;
        pp->count = 0;
        pp->pos = 0;
        pp->waiting_since = fy_plat_now_ms();
        SDL_CondBroadcast(pp->cond);
        SDL_CondWaitTimeout(pp->cond, pp->lock, 100);
    }
    SDL_UnlockMutex(pp->lock);
    return 1;
}
