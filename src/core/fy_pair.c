/* fy_pair.c: the pairing commitment and code, and long-term key helpers.
 * The byte layouts are specified in fy_pair.h. */
#include "fy_pair.h"

#include <string.h>

#include <sodium.h>

#define LABEL_COMMIT "ferry-pair-commit-v1"
#define LABEL_CODE "ferry-pair-code-v1"
#define LABEL_FINGERPRINT "ferry-fingerprint-v1"
#define DIGEST_LEN 32
#define FINGERPRINT_BYTES 8

/* BLAKE2b-256 keyed with a label, over up to three fixed-length parts. */
static void labeled_hash(const char *label, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
                         const uint8_t *c, size_t clen, uint8_t out[DIGEST_LEN])
{
    crypto_generichash_blake2b_state st;
    crypto_generichash_blake2b_init(&st, (const unsigned char *)label, strlen(label), DIGEST_LEN);
    crypto_generichash_blake2b_update(&st, a, alen);
    if (blen)
        crypto_generichash_blake2b_update(&st, b, blen);
    if (clen)
        crypto_generichash_blake2b_update(&st, c, clen);
    crypto_generichash_blake2b_final(&st, out, DIGEST_LEN);
    sodium_memzero(&st, sizeof st);
}

fy_result fy_pair_random(uint8_t r[FY_PAIR_RAND_LEN], fy_err *err)
{
    if (sodium_init() < 0)
        return fy_fail(err, FY_ERR_CRYPTO, "pair: libsodium failed to initialise");
    randombytes_buf(r, FY_PAIR_RAND_LEN);
    return FY_OK;
}

void fy_pair_commit(const uint8_t hash[FY_NOISE_HASH_LEN], const uint8_t ri[FY_PAIR_RAND_LEN],
                    uint8_t commit[FY_PAIR_COMMIT_LEN])
{
    labeled_hash(LABEL_COMMIT, ri, FY_PAIR_RAND_LEN, hash, FY_NOISE_HASH_LEN, NULL, 0, commit);
}

fy_result fy_pair_check_reveal(const uint8_t hash[FY_NOISE_HASH_LEN], const uint8_t commit[FY_PAIR_COMMIT_LEN],
                               const uint8_t ri[FY_PAIR_RAND_LEN], fy_err *err)
{
    uint8_t want[FY_PAIR_COMMIT_LEN];
    int same;
    fy_pair_commit(hash, ri, want);
    /* Constant time, though the commitment is not secret: no reason to
     * hand a timing oracle to anyone. */
    same = sodium_memcmp(want, commit, sizeof want) == 0;
    sodium_memzero(want, sizeof want);
    if (!same)
        return fy_fail(err, FY_ERR_CRYPTO, "pair: revealed value does not match the commitment");
    return FY_OK;
}

void fy_pair_code_str(uint32_t code, char out[FY_PAIR_CODE_SIZE])
{
    code %= FY_PAIR_CODE_MOD;
    for (int i = FY_PAIR_CODE_SIZE - 2; i >= 0; i--) {
        out[i] = (char)('0' + code % 10);
        code /= 10;
    }
    out[FY_PAIR_CODE_SIZE - 1] = '\0';
}

uint32_t fy_pair_code(const uint8_t hash[FY_NOISE_HASH_LEN], const uint8_t ri[FY_PAIR_RAND_LEN],
                      const uint8_t rr[FY_PAIR_RAND_LEN], char out[FY_PAIR_CODE_SIZE])
{
    uint8_t d[DIGEST_LEN];
    uint64_t v = 0;
    uint32_t code;

    labeled_hash(LABEL_CODE, hash, FY_NOISE_HASH_LEN, ri, FY_PAIR_RAND_LEN, rr, FY_PAIR_RAND_LEN, d);
    for (int i = 0; i < 8; i++)
        v = v << 8 | d[i];
    code = (uint32_t)(v % FY_PAIR_CODE_MOD);
    sodium_memzero(d, sizeof d);
    if (out)
        fy_pair_code_str(code, out);
    return code;
}

fy_result fy_pair_key_public(const uint8_t priv[FY_NOISE_KEY_LEN], uint8_t pub[FY_NOISE_KEY_LEN], fy_err *err)
{
    if (sodium_init() < 0)
        return fy_fail(err, FY_ERR_CRYPTO, "pair: libsodium failed to initialise");
    /* Fails only for a scalar that clamps to zero, which a damaged key
     * file could hold; random keys never do. */
    if (crypto_scalarmult_curve25519_base(pub, priv) != 0)
        return fy_fail(err, FY_ERR_CRYPTO, "pair: private key is unusable");
    return FY_OK;
}

fy_result fy_pair_key_generate(uint8_t priv[FY_NOISE_KEY_LEN], uint8_t pub[FY_NOISE_KEY_LEN], fy_err *err)
{
    fy_result rc;
    if (sodium_init() < 0)
        return fy_fail(err, FY_ERR_CRYPTO, "pair: libsodium failed to initialise");
    randombytes_buf(priv, FY_NOISE_KEY_LEN);
    rc = fy_pair_key_public(priv, pub, err);
    if (rc != FY_OK)
        sodium_memzero(priv, FY_NOISE_KEY_LEN);
    return rc;
}

void fy_pair_fingerprint(const uint8_t pub[FY_NOISE_KEY_LEN], char out[FY_PAIR_FINGERPRINT_SIZE])
{
    static const char hexdig[] = "0123456789abcdef";
    uint8_t d[DIGEST_LEN];
    size_t o = 0;

    labeled_hash(LABEL_FINGERPRINT, pub, FY_NOISE_KEY_LEN, NULL, 0, NULL, 0, d);
    for (int i = 0; i < FINGERPRINT_BYTES; i++) {
        if (i > 0 && i % 2 == 0)
            out[o++] = '-';
        out[o++] = hexdig[d[i] >> 4];
        out[o++] = hexdig[d[i] & 15];
    }
    out[o] = '\0';
}
