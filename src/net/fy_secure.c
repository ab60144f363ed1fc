#include "fy_secure.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "FERRY-N1"
#define MAGIC_LEN 8
#define PROLOGUE_LABEL "ferry-noise-v1"
#define MAX_SUITES 8
/* Stream bytes sealed together before one send: large enough that a 1 MiB
 * DATA frame is one syscall, small enough to stay cache-friendly. */
#define OUT_RECORDS 17

struct fy_secure {
    fy_transport raw;
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

void fy_secure_free(fy_secure *s)
{
    if (!s)
        return;
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

static fy_result sec_send(void *ctx, const void *p, size_t n, fy_err *err)
{
    fy_secure *s = ctx;
    const uint8_t *b = p;
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

static fy_result sec_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err)
{
    fy_secure *s = ctx;
    *got = 0;
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
            return fy_fail(err, FY_ERR_CRYPTO, "a record failed authentication: the data was altered on the way");
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
    return s->plain_pos < s->plain_len || (s->raw.readable && s->raw.readable(s->raw.ctx));
}

void fy_secure_transport(fy_secure *s, fy_transport *out)
{
    out->send = sec_send;
    out->recv = sec_recv;
    out->readable = sec_readable;
    out->ctx = s;
}
