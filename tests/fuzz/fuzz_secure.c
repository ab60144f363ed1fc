/* fuzz_secure: the secure stream (src/net/fy_secure.c) without sockets: the
 * suite offer and answer, the Noise handshake as u16-framed messages, and
 * the sealed records, with fy_secure on one side and a peer played by the
 * harness inside the transport callbacks on the other (one thread: each
 * send of fy_secure is answered at once with what the peer would send).
 *
 * Input: u8 flags:
 *   bit 0     fy_secure is the initiator (else the responder)
 *   bit 1     raw peer: the rest of the input is everything the peer sends
 *   bits 2-3  fy_secure's suites: both (AES-GCM first where the CPU has
 *             it), ChaCha20-Poly1305 only, AES-GCM only
 *   bits 4-5  what the peer alters: nothing, its clear offer or answer,
 *             its first or its second handshake message
 *   bits 6-7  how: replace with input bytes, flip a byte, cut, lengthen
 * u8 read size (0: all that is asked); when fy_secure responds, the peer's
 * offer: u8 n and n suite ids; u16 position, u8 xor value, u16 length +
 * replacement bytes (for the alteration); when fy_secure initiates, the
 * peer's answer: u8 suite (0: the honest choice); then records the peer
 * sends: u8 op (0 sealed, 1 sealed then altered, 2 raw bytes, 3 a bare
 * length), u16 length + bytes. Last, fy_secure sends bytes back (as many
 * as position and xor value say).
 *
 * What must hold: the handshake succeeds exactly when nothing was altered
 * (an altered offer or answer included: it is in the prologue) and the
 * two suite lists meet; fy_secure reads back exactly the sealed bytes
 * before the first bad record, then fails, or closes cleanly if there was
 * none; what fy_secure sends opens on the peer's side. */
#include "fuzz_util.h"

#include <sodium.h>

#include "net/fy_secure.h"

#define MAGIC "FERRY-N1"
#define LABEL "ferry-noise-v1"
#define MSG_BUF (2 + FY_NOISE_MSG_MAX + 64)

enum { ALTER_REPLACE, ALTER_XOR, ALTER_CUT, ALTER_LENGTHEN };

typedef struct buf {
    uint8_t *p;
    size_t len, pos, cap;
} buf;

typedef struct peer {
    fz_in *in;
    int raw, subject_initiator;
    int alter_what, how, altered;
    uint16_t pos;
    uint8_t x;
    const uint8_t *rep;
    size_t rep_len;
    size_t chunk;
    int stage;       /* 0 clear exchange, 1 handshake, 2 records, -1 gave up */
    int sent_items;  /* offer/answer = 0, then handshake messages 1, 2 */
    uint8_t offer[9 + 255], answer[9];
    size_t offer_len;
    fy_noise_hs *hs;
    fy_noise_cipher *tx, *rx;
    buf to_subject, from_subject, opened;
} peer;

static const uint8_t subject_priv[32] = {0x42, 1}, peer_priv[32] = {0x17, 2};

static void buf_add(buf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2 + 1024;
        uint8_t *np = realloc(b->p, cap);
        FZ_CHECK(np != NULL);
        b->p = np;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
}

/* Queues an item the peer sends, altered if it is the one the input names. */
static void peer_send(peer *pe, const uint8_t *p, size_t n)
{
    uint8_t tmp[MSG_BUF + 64];
    int item = pe->sent_items++;
    if (pe->alter_what == 0 || pe->alter_what - 1 != item) {
        buf_add(&pe->to_subject, p, n);
        return;
    }
    memcpy(tmp, p, n);
    switch (pe->how) {
    case ALTER_REPLACE:
        pe->altered = pe->rep_len != n || memcmp(pe->rep, p, n) != 0;
        memcpy(tmp, pe->rep, pe->rep_len);
        n = pe->rep_len;
        break;
    case ALTER_XOR:
        pe->altered = pe->x != 0 && n > 0;
        if (n)
            tmp[pe->pos % n] ^= pe->x;
        break;
    case ALTER_CUT:
        pe->altered = n > 0;
        if (n)
            n = pe->pos % n;
        break;
    default:
        pe->altered = 1;
        memset(tmp + n, pe->x, 1 + pe->pos % 64);
        n += 1 + pe->pos % 64;
        /* A handshake message is lengthened inside its u16 frame: bytes
         * after the frame would only be a bad first record. */
        if (item > 0) {
            tmp[0] = (uint8_t)((n - 2) >> 8);
            tmp[1] = (uint8_t)(n - 2);
        }
    }
    buf_add(&pe->to_subject, tmp, n);
}

/* Returns 0 if the peer cannot run that suite here (AES-GCM without AES-NI). */
static int peer_hs_start(peer *pe, fy_noise_role role, fy_noise_suite suite)
{
    uint8_t prologue[64 + 255];
    size_t plen = 0;
    fy_err err = {0};
    memcpy(prologue, LABEL, strlen(LABEL));
    plen += strlen(LABEL);
    memcpy(prologue + plen, pe->offer, pe->offer_len);
    plen += pe->offer_len;
    memcpy(prologue + plen, pe->answer, 9);
    plen += 9;
    if (fy_noise_hs_new(role, suite, peer_priv, prologue, plen, &pe->hs, &err) != FY_OK) {
        pe->stage = -1;
        return 0;
    }
    pe->stage = 1;
    return 1;
}

/* The peer writes its next handshake message if it is its turn. */
static void peer_hs_write(peer *pe)
{
    uint8_t msg[MSG_BUF];
    size_t n;
    fy_err err = {0};
    if (!fy_noise_hs_my_turn(pe->hs))
        return;
    FZ_CHECK(fy_noise_hs_write(pe->hs, NULL, 0, msg + 2, FY_NOISE_MSG_MAX, &n, &err) == FY_OK);
    msg[0] = (uint8_t)(n >> 8);
    msg[1] = (uint8_t)n;
    peer_send(pe, msg, n + 2);
}

static void peer_hs_done(peer *pe)
{
    fy_err err = {0};
    if (!fy_noise_hs_done(pe->hs))
        return;
    FZ_CHECK(fy_noise_hs_split(pe->hs, &pe->tx, &pe->rx, NULL, NULL, &err) == FY_OK);
    pe->stage = 2;
}

/* What fy_secure sent, taken in whole messages. */
static void peer_take(peer *pe)
{
    buf *b = &pe->from_subject;
    if (!b->p)
        return;
    for (;;) {
        const uint8_t *p = b->p + b->pos;
        size_t left = b->len - b->pos;
        fy_err err = {0};
        if (pe->stage == 0 && pe->subject_initiator) {
            /* fy_secure's offer; the peer answers with its choice. */
            uint8_t choice, pick = 0;
            if (left < 9 || left < 9u + p[8])
                return;
            choice = fz_u8(pe->in);
            pe->offer_len = 9u + p[8];
            memcpy(pe->offer, p, pe->offer_len);
            b->pos += pe->offer_len;
            for (size_t i = 9; i < pe->offer_len && !pick; i++)
                if (fy_noise_suite_available((fy_noise_suite)pe->offer[i]))
                    pick = pe->offer[i];
            memcpy(pe->answer, MAGIC, 8);
            pe->answer[8] = choice ? choice : pick;
            peer_send(pe, pe->answer, 9);
            if (pe->answer[8] == 0 || !fy_noise_suite_available((fy_noise_suite)pe->answer[8])) {
                pe->stage = -1;
                return;
            }
            if (!peer_hs_start(pe, FY_NOISE_RESPONDER, (fy_noise_suite)pe->answer[8]))
                return;
        } else if (pe->stage == 0) {
            /* fy_secure's answer to the offer queued at the start. */
            int offered = 0;
            if (left < 9)
                return;
            memcpy(pe->answer, p, 9);
            b->pos += 9;
            for (size_t i = 9; i < pe->offer_len; i++)
                offered |= pe->offer[i] == pe->answer[8];
            if (memcmp(pe->answer, MAGIC, 8) != 0 || !pe->answer[8] || !offered) {
                pe->stage = -1;
                return;
            }
            if (!peer_hs_start(pe, FY_NOISE_INITIATOR, (fy_noise_suite)pe->answer[8]))
                return;
            peer_hs_write(pe);
        } else if (pe->stage == 1) {
            uint8_t payload[FY_NOISE_MSG_MAX];
            size_t n, pn;
            if (left < 2 || left < 2u + (n = (size_t)p[0] << 8 | p[1]))
                return;
            b->pos += 2 + n;
            if (fy_noise_hs_read(pe->hs, p + 2, n, payload, sizeof payload, &pn, &err) != FY_OK) {
                pe->stage = -1;
                return;
            }
            peer_hs_write(pe);
            peer_hs_done(pe);
        } else if (pe->stage == 2) {
            uint8_t plain[FY_NOISE_MSG_MAX];
            size_t n, pn;
            if (left < 2 || left < 2u + (n = (size_t)p[0] << 8 | p[1]))
                return;
            b->pos += 2 + n;
            FZ_CHECK(fy_noise_cipher_decrypt(pe->rx, NULL, 0, p + 2, n, plain, sizeof plain, &pn, &err) == FY_OK);
            buf_add(&pe->opened, plain, pn);
        } else {
            return;
        }
    }
}

static fy_result t_send(void *ctx, const void *p, size_t n, fy_err *err)
{
    peer *pe = ctx;
    (void)err;
    buf_add(&pe->from_subject, p, n);
    if (!pe->raw)
        peer_take(pe);
    return FY_OK;
}

static fy_result t_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err)
{
    peer *pe = ctx;
    buf *b = &pe->to_subject;
    size_t n = b->len - b->pos;
    (void)err;
    if (n > cap)
        n = cap;
    if (pe->chunk && n > pe->chunk)
        n = pe->chunk;
    if (n) {
        memcpy(p, b->p + b->pos, n);
        b->pos += n;
    }
    *got = n; /* 0: the peer closed */
    return FY_OK;
}

/* The peer's records; returns the plaintext fy_secure should read before
 * the first bad one in *want, and whether there is a bad one. */
static int peer_records(peer *pe, buf *want)
{
    int bad = 0;
    while (fz_left(pe->in) > 0) {
        uint8_t op = fz_u8(pe->in) & 3, msg[MSG_BUF];
        size_t n, cn;
        const uint8_t *p = fz_bytes(pe->in, fz_u16(pe->in), &n);
        fy_err err = {0};
        if (op <= 1) {
            if (n > FY_NOISE_PAYLOAD_MAX)
                n = FY_NOISE_PAYLOAD_MAX;
            FZ_CHECK(fy_noise_cipher_encrypt(pe->tx, NULL, 0, p, n, msg + 2, FY_NOISE_MSG_MAX, &cn, &err) == FY_OK);
            msg[0] = (uint8_t)(cn >> 8);
            msg[1] = (uint8_t)cn;
            if (op == 1)
                msg[2 + n % cn] ^= 0x20;
            buf_add(&pe->to_subject, msg, cn + 2);
            /* An empty record is refused too: records carry 1..65519 bytes. */
            if (op == 1 || n == 0)
                bad = 1;
            else if (!bad)
                buf_add(want, p, n);
        } else if (op == 2) {
            buf_add(&pe->to_subject, p, n);
            bad |= n > 0;
        } else {
            uint8_t len[2] = {0, (uint8_t)(n % (FY_NOISE_TAG_LEN + 1))};
            buf_add(&pe->to_subject, len, 2);
            bad = 1;
        }
    }
    return bad;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    FZ_CHECK(sodium_init() >= 0);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in;
    peer pe;
    fy_transport raw = {t_send, t_recv, NULL, NULL, NULL}, sec;
    fy_secure *s = NULL;
    fy_err err = {0};
    fy_noise_suite suites[2];
    int nsuites = 0, expect_ok;
    uint8_t flags;
    fy_result rc;

    fz_init(&in, data, size);
    memset(&pe, 0, sizeof pe);
    pe.in = &in;
    raw.ctx = &pe;
    flags = fz_u8(&in);
    pe.subject_initiator = flags & 1;
    pe.raw = (flags >> 1) & 1;
    switch ((flags >> 2) & 3) {
    case 1:
        suites[nsuites++] = FY_SUITE_CHACHAPOLY;
        break;
    case 2:
        suites[nsuites++] = FY_SUITE_AESGCM; /* refused by the peer where the CPU lacks it */
        break;
    default:
        nsuites = fy_secure_local_suites(suites);
    }
    pe.alter_what = (flags >> 4) & 3;
    pe.how = (flags >> 6) & 3;
    pe.chunk = fz_u8(&in);

    if (pe.raw) {
        size_t n;
        const uint8_t *p = fz_bytes(&in, fz_left(&in), &n);
        buf_add(&pe.to_subject, p, n);
        rc = fy_secure_handshake(&raw, pe.subject_initiator ? FY_NOISE_INITIATOR : FY_NOISE_RESPONDER,
                                 subject_priv, suites, nsuites, &s, &err);
        /* Nobody can answer a handshake whose keys it never saw. */
        FZ_CHECK(rc != FY_OK && s == NULL && err.msg[0]);
        goto out;
    }

    if (!pe.subject_initiator) {
        /* The peer offers first: n and n suite ids from the input. */
        size_t n;
        uint8_t count = fz_u8(&in);
        const uint8_t *ids = fz_bytes(&in, count, &n);
        memcpy(pe.offer, MAGIC, 8);
        pe.offer[8] = (uint8_t)n;
        memcpy(pe.offer + 9, ids, n);
        pe.offer_len = 9 + n;
    }
    pe.pos = fz_u16(&in);
    pe.x = fz_u8(&in);
    pe.rep = fz_bytes(&in, fz_u16(&in), &pe.rep_len);
    if (!pe.subject_initiator)
        peer_send(&pe, pe.offer, pe.offer_len);

    rc = fy_secure_handshake(&raw, pe.subject_initiator ? FY_NOISE_INITIATOR : FY_NOISE_RESPONDER, subject_priv,
                             suites, nsuites, &s, &err);
    expect_ok = !pe.altered && pe.stage == 2;
    if (rc != FY_OK) {
        FZ_CHECK(!expect_ok && s == NULL && err.msg[0]);
        goto out;
    }
    FZ_CHECK(expect_ok);
    {
        buf want = {0};
        uint8_t got[70000];
        size_t total = 0, n;
        int bad = peer_records(&pe, &want);
        size_t back;
        fy_secure_transport(s, &sec);
        for (;;) {
            fy_err e = {0};
            size_t cap = 1 + (total * 7919 + want.len) % sizeof got;
            rc = sec.recv(sec.ctx, got, cap, &n, &e);
            if (rc != FY_OK) {
                FZ_CHECK(e.msg[0]);
                break;
            }
            if (n == 0)
                break;
            FZ_CHECK(total + n <= want.len && memcmp(got, want.p + total, n) == 0); /* n > 0 here */
            total += n;
        }
        FZ_CHECK(total == want.len);
        FZ_CHECK(bad ? rc != FY_OK : rc == FY_OK);
        /* And the other way: what fy_secure seals, the peer opens. */
        back = (size_t)(pe.pos % 4) * 40000 + pe.x;
        {
            uint8_t *p = malloc(back + 1);
            FZ_CHECK(p != NULL);
            for (size_t i = 0; i < back; i++)
                p[i] = (uint8_t)(i * 31 + pe.x);
            FZ_CHECK(sec.send(sec.ctx, p, back, &err) == FY_OK);
            FZ_CHECK(pe.opened.len == back && (back == 0 || memcmp(pe.opened.p, p, back) == 0));
            free(p);
        }
        free(want.p);
    }

out:
    fy_secure_free(s);
    fy_noise_cipher_free(pe.tx);
    fy_noise_cipher_free(pe.rx);
    fy_noise_hs_free(pe.hs);
    free(pe.to_subject.p);
    free(pe.from_subject.p);
    free(pe.opened.p);
    return 0;
}
