/* fy_noise.c: Noise_XX_25519_{AESGCM,ChaChaPoly}_BLAKE2b, revision 34.
 *
 * The names below follow the spec's objects (section 5): a cipher state
 * (k, n), a symmetric state (ck, h, cipher state) and the handshake state
 * (s, e, rs, re, message pattern), so the code can be read against it. */
#include "fy_noise.h"
#include "fy_noise_int.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#define NONCE_RESERVED UINT64_MAX
#define MSG_COUNT 3

/* The XX pattern, one row per message; the initiator writes rows 0 and 2. */
enum token { T_END = 0, T_E, T_S, T_EE, T_ES, T_SE };
static const uint8_t xx_pattern[MSG_COUNT][5] = {
    {T_E, T_END},
    {T_E, T_EE, T_S, T_ES, T_END},
    {T_S, T_SE, T_END},
};

typedef struct {
    cipher_state cs;
    uint8_t ck[FY_NOISE_HASH_LEN];
    uint8_t h[FY_NOISE_HASH_LEN];
} symmetric_state;

struct fy_noise_hs {
    symmetric_state ss;
    fy_noise_role role;
    int step;   /* messages passed so far, 0..MSG_COUNT */
    int failed; /* a peer's message was rejected: abort */
    int split;  /* keys handed out, secrets wiped */
    int has_e, has_rs, has_re;
    uint8_t s_priv[FY_NOISE_KEY_LEN], s_pub[FY_NOISE_KEY_LEN];
    uint8_t e_priv[FY_NOISE_KEY_LEN], e_pub[FY_NOISE_KEY_LEN];
    uint8_t rs[FY_NOISE_KEY_LEN], re[FY_NOISE_KEY_LEN];
};

struct fy_noise_cipher {
    cipher_state cs;
    int broken; /* a message failed to authenticate */
};

/* ---- suites ---------------------------------------------------------- */

int fy_noise_aesgcm_available(void)
{
    /* sodium_init runs the CPU feature probe the answer depends on. */
    if (sodium_init() < 0)
        return 0;
    return crypto_aead_aes256gcm_is_available();
}

int fy_noise_suite_available(fy_noise_suite suite)
{
    switch (suite) {
    case FY_SUITE_AESGCM:
        return fy_noise_aesgcm_available();
    case FY_SUITE_CHACHAPOLY:
        return sodium_init() >= 0;
    }
    return 0;
}

const char *fy_noise_protocol_name(fy_noise_suite suite)
{
    switch (suite) {
    case FY_SUITE_AESGCM:
        return "Noise_XX_25519_AESGCM_BLAKE2b";
    case FY_SUITE_CHACHAPOLY:
        return "Noise_XX_25519_ChaChaPoly_BLAKE2b";
    }
    return NULL;
}

/* ---- symmetric state (spec 5.2) -------------------------------------- */

static void mix_hash(symmetric_state *ss, const uint8_t *data, size_t len)
{
    fy_noise_hash2(ss->h, sizeof ss->h, data, len, ss->h);
}

static void mix_key(symmetric_state *ss, const uint8_t *ikm, size_t ikm_len)
{
    uint8_t temp_k[FY_NOISE_HASH_LEN];
    fy_noise_hkdf2(ss->ck, ikm, ikm_len, ss->ck, temp_k);
    /* HASHLEN 64 > 32: the key is the first 32 bytes (spec 5.2). */
    memcpy(ss->cs.k, temp_k, FY_NOISE_KEY_LEN);
    ss->cs.has_key = 1;
    ss->cs.n = 0;
    sodium_memzero(temp_k, sizeof temp_k);
}

/* EncryptAndHash: out gets len (+ tag once a key exists) bytes. */
static fy_result encrypt_and_hash(symmetric_state *ss, const uint8_t *in, size_t len, uint8_t *out, size_t *out_len,
                                  fy_err *err)
{
    size_t n = len;
    if (ss->cs.has_key) {
        /* Three handshake messages cannot reach the reserved nonce; the
         * check is for the reader who wonders. */
        if (ss->cs.n == NONCE_RESERVED || fy_noise_aead_encrypt(&ss->cs, ss->h, sizeof ss->h, in, len, out) != 0)
            return fy_fail(err, FY_ERR_CRYPTO, "noise: handshake encryption failed");
        ss->cs.n++;
        n += FY_NOISE_TAG_LEN;
    } else if (len) {
        memcpy(out, in, len);
    }
    mix_hash(ss, out, n);
    *out_len = n;
    return FY_OK;
}

/* DecryptAndHash: in holds the plaintext length (+ tag once a key exists). */
static fy_result decrypt_and_hash(symmetric_state *ss, const uint8_t *in, size_t len, uint8_t *out, fy_err *err)
{
    if (ss->cs.has_key) {
        if (ss->cs.n == NONCE_RESERVED || fy_noise_aead_decrypt(&ss->cs, ss->h, sizeof ss->h, in, len, out) != 0)
            return fy_fail(err, FY_ERR_CRYPTO, "noise: handshake message failed to authenticate");
        ss->cs.n++;
    } else if (len) {
        memcpy(out, in, len);
    }
    /* The hash takes the ciphertext, as sent, not the plaintext. */
    mix_hash(ss, in, len);
    return FY_OK;
}

/* ---- handshake state (spec 5.3) -------------------------------------- */

fy_result fy_noise_hs_new(fy_noise_role role, fy_noise_suite suite, const uint8_t static_priv[FY_NOISE_KEY_LEN],
                          const uint8_t *prologue, size_t prologue_len, fy_noise_hs **out, fy_err *err)
{
    const char *name = fy_noise_protocol_name(suite);
    fy_noise_hs *hs = NULL;
    fy_result rc;

    *out = NULL;
    if (!name || (role != FY_NOISE_INITIATOR && role != FY_NOISE_RESPONDER) || !static_priv)
        return fy_fail(err, FY_ERR_USAGE, "noise: bad suite, role or key");
    if (prologue_len > FY_NOISE_MSG_MAX || (prologue_len && !prologue))
        return fy_fail(err, FY_ERR_USAGE, "noise: prologue of %zu bytes", prologue_len);
    if (sodium_init() < 0)
        return fy_fail(err, FY_ERR_CRYPTO, "noise: libsodium failed to initialise");
    if (!fy_noise_suite_available(suite))
        return fy_fail(err, FY_ERR_CRYPTO, "noise: %s needs AES instructions this CPU lacks", name);

    hs = calloc(1, sizeof *hs);
    if (!hs)
        return fy_fail(err, FY_ERR_NOMEM, "noise: out of memory");
    hs->role = role;
    hs->ss.cs.suite = suite;
    memcpy(hs->s_priv, static_priv, FY_NOISE_KEY_LEN);
    if (crypto_scalarmult_curve25519_base(hs->s_pub, hs->s_priv) != 0) {
        rc = fy_fail(err, FY_ERR_CRYPTO, "noise: unusable static key");
        goto cleanup;
    }

    /* InitializeSymmetric: both names are shorter than HASHLEN, so h is
     * the name zero-padded to 64 bytes, and ck starts equal to h. */
    memcpy(hs->ss.h, name, strlen(name));
    memcpy(hs->ss.ck, hs->ss.h, sizeof hs->ss.ck);
    mix_hash(&hs->ss, prologue, prologue_len);
    /* XX has no pre-messages. */
    *out = hs;
    return FY_OK;

cleanup:
    fy_noise_hs_free(hs);
    return rc;
}

void fy_noise_hs_free(fy_noise_hs *hs)
{
    if (!hs)
        return;
    sodium_memzero(hs, sizeof *hs);
    free(hs);
}

fy_result fy_noise_hs_test_set_ephemeral(fy_noise_hs *hs, const uint8_t e_priv[FY_NOISE_KEY_LEN], fy_err *err)
{
    /* The initiator writes e in message 1, the responder in message 2. */
    int written = hs->role == FY_NOISE_INITIATOR ? hs->step > 0 : hs->step > 1;
    if (written || hs->failed || hs->split)
        return fy_fail(err, FY_ERR_USAGE, "noise: ephemeral key already in use");
    memcpy(hs->e_priv, e_priv, FY_NOISE_KEY_LEN);
    if (crypto_scalarmult_curve25519_base(hs->e_pub, hs->e_priv) != 0)
        return fy_fail(err, FY_ERR_USAGE, "noise: unusable ephemeral key");
    hs->has_e = 1;
    return FY_OK;
}

int fy_noise_hs_done(const fy_noise_hs *hs) { return hs->step == MSG_COUNT && !hs->failed; }

int fy_noise_hs_my_turn(const fy_noise_hs *hs)
{
    return hs->step < MSG_COUNT && !hs->failed && (hs->step % 2 == 0) == (hs->role == FY_NOISE_INITIATOR);
}

/* Bytes the current message adds to its payload: public keys, the tag on
 * an encrypted s, and the payload's tag once any DH has produced a key. */
static size_t msg_overhead(const fy_noise_hs *hs)
{
    int has_key = hs->ss.cs.has_key;
    size_t n = 0;
    for (const uint8_t *t = xx_pattern[hs->step]; *t != T_END; t++) {
        if (*t == T_E)
            n += FY_NOISE_KEY_LEN;
        else if (*t == T_S)
            n += FY_NOISE_KEY_LEN + (has_key ? FY_NOISE_TAG_LEN : 0);
        else
            has_key = 1;
    }
    return n + (has_key ? FY_NOISE_TAG_LEN : 0);
}

/* The ee, es and se tokens: which of our keys meets which of theirs. "es"
 * is always the initiator's e with the responder's s, whoever computes it. */
static fy_result mix_dh(fy_noise_hs *hs, uint8_t token, fy_err *err)
{
    int init = hs->role == FY_NOISE_INITIATOR;
    const uint8_t *mine, *theirs;
    uint8_t shared[FY_NOISE_KEY_LEN];

    if (token == T_EE) {
        mine = hs->e_priv;
        theirs = hs->re;
    } else if (token == T_ES) {
        mine = init ? hs->e_priv : hs->s_priv;
        theirs = init ? hs->rs : hs->re;
    } else {
        mine = init ? hs->s_priv : hs->e_priv;
        theirs = init ? hs->re : hs->rs;
    }
    /* libsodium refuses (-1) when the result is all zeros: the peer sent a
     * low-order point to force a known shared secret. Noise allows the
     * rejection (spec 12.1), and it is the safe answer. */
    if (crypto_scalarmult_curve25519(shared, mine, theirs) != 0) {
        sodium_memzero(shared, sizeof shared);
        return fy_fail(err, FY_ERR_CRYPTO, "noise: peer sent a low-order public key");
    }
    mix_key(&hs->ss, shared, sizeof shared);
    sodium_memzero(shared, sizeof shared);
    return FY_OK;
}

static fy_result check_turn(const fy_noise_hs *hs, int writing, fy_err *err)
{
    if (hs->failed)
        return fy_fail(err, FY_ERR_CRYPTO, "noise: handshake already failed");
    if (hs->split || hs->step >= MSG_COUNT)
        return fy_fail(err, FY_ERR_USAGE, "noise: handshake already finished");
    if (fy_noise_hs_my_turn(hs) != writing)
        return fy_fail(err, FY_ERR_USAGE, "noise: %s out of turn", writing ? "write" : "read");
    return FY_OK;
}

fy_result fy_noise_hs_write(fy_noise_hs *hs, const uint8_t *payload, size_t payload_len, uint8_t *out,
                            size_t out_cap, size_t *out_len, fy_err *err)
{
    size_t pos = 0, n = 0, need;
    fy_result rc = check_turn(hs, 1, err);

    *out_len = 0;
    if (rc != FY_OK)
        return rc;
    /* payload_len is capped first so the sum below cannot wrap. */
    if (payload_len > FY_NOISE_MSG_MAX)
        return fy_fail(err, FY_ERR_USAGE, "noise: handshake payload of %zu bytes is too long", payload_len);
    need = msg_overhead(hs) + payload_len;
    if (need > FY_NOISE_MSG_MAX)
        return fy_fail(err, FY_ERR_USAGE, "noise: handshake message of %zu bytes is too long", need);
    if (need > out_cap || (payload_len && !payload))
        return fy_fail(err, FY_ERR_USAGE, "noise: handshake buffer of %zu bytes, need %zu", out_cap, need);

    for (const uint8_t *t = xx_pattern[hs->step]; *t != T_END; t++) {
        switch (*t) {
        case T_E:
            if (!hs->has_e) {
                randombytes_buf(hs->e_priv, sizeof hs->e_priv);
                if (crypto_scalarmult_curve25519_base(hs->e_pub, hs->e_priv) != 0) {
                    rc = fy_fail(err, FY_ERR_CRYPTO, "noise: ephemeral key generation failed");
                    goto cleanup;
                }
                hs->has_e = 1;
            }
            memcpy(out + pos, hs->e_pub, FY_NOISE_KEY_LEN);
            mix_hash(&hs->ss, hs->e_pub, FY_NOISE_KEY_LEN);
            pos += FY_NOISE_KEY_LEN;
            break;
        case T_S:
            if ((rc = encrypt_and_hash(&hs->ss, hs->s_pub, FY_NOISE_KEY_LEN, out + pos, &n, err)) != FY_OK)
                goto cleanup;
            pos += n;
            break;
        default:
            if ((rc = mix_dh(hs, *t, err)) != FY_OK)
                goto cleanup;
        }
    }
    if ((rc = encrypt_and_hash(&hs->ss, payload, payload_len, out + pos, &n, err)) != FY_OK)
        goto cleanup;
    *out_len = pos + n;
    hs->step++;
    return FY_OK;

cleanup:
    /* The transcript hash has moved on: this handshake cannot continue. */
    hs->failed = 1;
    sodium_memzero(out, need);
    return rc;
}

fy_result fy_noise_hs_read(fy_noise_hs *hs, const uint8_t *msg, size_t msg_len, uint8_t *payload,
                           size_t payload_cap, size_t *payload_len, fy_err *err)
{
    size_t pos = 0, over, plen, n;
    fy_result rc = check_turn(hs, 0, err);

    *payload_len = 0;
    if (rc != FY_OK)
        return rc;
    over = msg_overhead(hs);
    if (msg_len > FY_NOISE_MSG_MAX || msg_len < over) {
        hs->failed = 1;
        return fy_fail(err, FY_ERR_PROTOCOL, "noise: handshake message %d of %zu bytes (need %zu..%d)",
                       hs->step + 1, msg_len, over, FY_NOISE_MSG_MAX);
    }
    /* Checked before any state changes, so the caller can retry. */
    plen = msg_len - over;
    if (plen > payload_cap || (plen && !payload))
        return fy_fail(err, FY_ERR_USAGE, "noise: payload buffer of %zu bytes, need %zu", payload_cap, plen);

    for (const uint8_t *t = xx_pattern[hs->step]; *t != T_END; t++) {
        switch (*t) {
        case T_E:
            memcpy(hs->re, msg + pos, FY_NOISE_KEY_LEN);
            hs->has_re = 1;
            mix_hash(&hs->ss, hs->re, FY_NOISE_KEY_LEN);
            pos += FY_NOISE_KEY_LEN;
            break;
        case T_S:
            n = FY_NOISE_KEY_LEN + (hs->ss.cs.has_key ? FY_NOISE_TAG_LEN : 0);
            if ((rc = decrypt_and_hash(&hs->ss, msg + pos, n, hs->rs, err)) != FY_OK)
                goto cleanup;
            hs->has_rs = 1;
            pos += n;
            break;
        default:
            if ((rc = mix_dh(hs, *t, err)) != FY_OK)
                goto cleanup;
        }
    }
    if ((rc = decrypt_and_hash(&hs->ss, msg + pos, msg_len - pos, payload, err)) != FY_OK)
        goto cleanup;
    *payload_len = plen;
    hs->step++;
    return FY_OK;

cleanup:
    /* Spec 5.3: any error aborts the handshake. */
    hs->failed = 1;
    hs->has_rs = 0;
    if (plen)
        sodium_memzero(payload, plen);
    return rc;
}

fy_result fy_noise_hs_remote_static(const fy_noise_hs *hs, uint8_t out[FY_NOISE_KEY_LEN], fy_err *err)
{
    if (hs->failed || !hs->has_rs)
        return fy_fail(err, FY_ERR_USAGE, "noise: peer's static key not known yet");
    memcpy(out, hs->rs, FY_NOISE_KEY_LEN);
    return FY_OK;
}

fy_result fy_noise_hs_split(fy_noise_hs *hs, fy_noise_cipher **send, fy_noise_cipher **recv,
                            uint8_t hash[FY_NOISE_HASH_LEN], uint8_t remote_static[FY_NOISE_KEY_LEN], fy_err *err)
{
    fy_noise_cipher *c1 = NULL, *c2 = NULL;
    uint8_t k1[FY_NOISE_HASH_LEN], k2[FY_NOISE_HASH_LEN];
    fy_result rc = FY_OK;

    *send = *recv = NULL;
    if (!fy_noise_hs_done(hs) || hs->split)
        return fy_fail(err, FY_ERR_USAGE, "noise: split before the handshake finished");
    c1 = calloc(1, sizeof *c1);
    c2 = calloc(1, sizeof *c2);
    if (!c1 || !c2) {
        rc = fy_fail(err, FY_ERR_NOMEM, "noise: out of memory");
        goto cleanup;
    }
    /* Split(): k1 protects initiator -> responder, k2 the way back. */
    fy_noise_hkdf2(hs->ss.ck, NULL, 0, k1, k2);
    c1->cs.suite = c2->cs.suite = hs->ss.cs.suite;
    c1->cs.has_key = c2->cs.has_key = 1;
    memcpy(c1->cs.k, k1, FY_NOISE_KEY_LEN);
    memcpy(c2->cs.k, k2, FY_NOISE_KEY_LEN);
    if (hash)
        memcpy(hash, hs->ss.h, FY_NOISE_HASH_LEN);
    if (remote_static)
        memcpy(remote_static, hs->rs, FY_NOISE_KEY_LEN);

    /* Nothing in the handshake state is needed any more; keep rs and h,
     * which are public, and drop every secret now rather than at free. */
    sodium_memzero(&hs->ss.cs, sizeof hs->ss.cs);
    sodium_memzero(hs->ss.ck, sizeof hs->ss.ck);
    sodium_memzero(hs->s_priv, sizeof hs->s_priv);
    sodium_memzero(hs->e_priv, sizeof hs->e_priv);
    hs->split = 1;
    if (hs->role == FY_NOISE_INITIATOR) {
        *send = c1;
        *recv = c2;
    } else {
        *send = c2;
        *recv = c1;
    }
    c1 = c2 = NULL;

cleanup:
    sodium_memzero(k1, sizeof k1);
    sodium_memzero(k2, sizeof k2);
    fy_noise_cipher_free(c1);
    fy_noise_cipher_free(c2);
    return rc;
}

/* ---- transport ------------------------------------------------------- */

fy_result fy_noise_cipher_encrypt(fy_noise_cipher *c, const uint8_t *ad, size_t ad_len, const uint8_t *plain,
                                  size_t plain_len, uint8_t *out, size_t out_cap, size_t *out_len, fy_err *err)
{
    *out_len = 0;
    if (c->broken)
        return fy_fail(err, FY_ERR_CRYPTO, "noise: cipher state unusable after a failure");
    if (plain_len > FY_NOISE_PAYLOAD_MAX || ad_len > FY_NOISE_MSG_MAX)
        return fy_fail(err, FY_ERR_USAGE, "noise: message of %zu bytes is too long", plain_len);
    if (plain_len + FY_NOISE_TAG_LEN > out_cap || (plain_len && !plain) || (ad_len && !ad))
        return fy_fail(err, FY_ERR_USAGE, "noise: output buffer of %zu bytes, need %zu", out_cap,
                       plain_len + FY_NOISE_TAG_LEN);
    /* Past 2^64-2 messages the nonce would repeat or hit the reserved
     * value; at one message per microsecond that is 584,000 years away. */
    if (c->cs.n == NONCE_RESERVED)
        return fy_fail(err, FY_ERR_CRYPTO, "noise: nonces exhausted");
    if (fy_noise_aead_encrypt(&c->cs, ad, ad_len, plain, plain_len, out) != 0)
        return fy_fail(err, FY_ERR_CRYPTO, "noise: encryption failed");
    c->cs.n++;
    *out_len = plain_len + FY_NOISE_TAG_LEN;
    return FY_OK;
}

fy_result fy_noise_cipher_decrypt(fy_noise_cipher *c, const uint8_t *ad, size_t ad_len, const uint8_t *msg,
                                  size_t msg_len, uint8_t *out, size_t out_cap, size_t *out_len, fy_err *err)
{
    size_t plen;

    *out_len = 0;
    if (c->broken)
        return fy_fail(err, FY_ERR_CRYPTO, "noise: cipher state unusable after a failure");
    if (ad_len > FY_NOISE_MSG_MAX || (ad_len && !ad))
        return fy_fail(err, FY_ERR_USAGE, "noise: associated data of %zu bytes", ad_len);
    if (msg_len > FY_NOISE_MSG_MAX) {
        c->broken = 1;
        return fy_fail(err, FY_ERR_PROTOCOL, "noise: message of %zu bytes is over the %d limit", msg_len,
                       FY_NOISE_MSG_MAX);
    }
    if (msg_len < FY_NOISE_TAG_LEN) {
        c->broken = 1;
        return fy_fail(err, FY_ERR_CRYPTO, "noise: message of %zu bytes is shorter than its tag", msg_len);
    }
    plen = msg_len - FY_NOISE_TAG_LEN;
    if (plen > out_cap)
        return fy_fail(err, FY_ERR_USAGE, "noise: output buffer of %zu bytes, need %zu", out_cap, plen);
    if (c->cs.n == NONCE_RESERVED) {
        c->broken = 1;
        return fy_fail(err, FY_ERR_CRYPTO, "noise: nonces exhausted");
    }
    if (fy_noise_aead_decrypt(&c->cs, ad, ad_len, msg, msg_len, out) != 0) {
        /* Tampered, replayed, reordered or cut short: all look alike here,
         * and on a TCP stream all mean the connection must end. */
        c->broken = 1;
        if (plen)
            sodium_memzero(out, plen);
        return fy_fail(err, FY_ERR_CRYPTO, "noise: message %llu failed to authenticate",
                       (unsigned long long)c->cs.n);
    }
    c->cs.n++;
    *out_len = plen;
    return FY_OK;
}

void fy_noise_cipher_free(fy_noise_cipher *c)
{
    if (!c)
        return;
    sodium_memzero(c, sizeof *c);
    free(c);
}

void fy_noise_cipher_test_set_nonce(fy_noise_cipher *c, uint64_t n) { c->cs.n = n; }
