/* fy_noise_crypto.c: the primitives under Noise: the two AEADs with their
 * nonce layouts, BLAKE2b as HASH, HMAC-BLAKE2b and HKDF (spec 4.3, 12).
 * All on libsodium. */
#include "fy_noise_int.h"

#include <string.h>

#include <sodium.h>

/* ---- cipher functions (spec 12.3, 12.4) ------------------------------- */

static void make_nonce(fy_noise_suite suite, uint64_t n, uint8_t nonce[NONCE_LEN])
{
    /* Four zero bytes, then the counter: big-endian for AESGCM, little-
     * endian for ChaChaPoly, as the spec fixes for each. */
    memset(nonce, 0, NONCE_LEN);
    for (int i = 0; i < 8; i++) {
        uint8_t b = (uint8_t)(n >> (8 * i));
        if (suite == FY_SUITE_AESGCM)
            nonce[NONCE_LEN - 1 - i] = b;
        else
            nonce[4 + i] = b;
    }
}

/* ENCRYPT(k, n, ad, plaintext): out gets len + FY_NOISE_TAG_LEN bytes. */
int fy_noise_aead_encrypt(const cipher_state *cs, const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t len,
                        uint8_t *out)
{
    static const uint8_t empty[1];
    uint8_t nonce[NONCE_LEN];
    unsigned long long clen;
    make_nonce(cs->suite, cs->n, nonce);
    if (!in)
        in = empty; /* len is 0; libsodium wants a pointer all the same */
    if (cs->suite == FY_SUITE_AESGCM)
        return crypto_aead_aes256gcm_encrypt(out, &clen, in, len, ad, ad_len, NULL, nonce, cs->k);
    return crypto_aead_chacha20poly1305_ietf_encrypt(out, &clen, in, len, ad, ad_len, NULL, nonce, cs->k);
}

/* DECRYPT(k, n, ad, ciphertext): len >= FY_NOISE_TAG_LEN; -1 on a bad tag. */
int fy_noise_aead_decrypt(const cipher_state *cs, const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t len,
                        uint8_t *out)
{
    uint8_t nonce[NONCE_LEN];
    unsigned long long mlen;
    make_nonce(cs->suite, cs->n, nonce);
    if (cs->suite == FY_SUITE_AESGCM)
        return crypto_aead_aes256gcm_decrypt(out, &mlen, NULL, in, len, ad, ad_len, nonce, cs->k);
    return crypto_aead_chacha20poly1305_ietf_decrypt(out, &mlen, NULL, in, len, ad, ad_len, nonce, cs->k);
}

/* ---- HASH, HMAC, HKDF (spec 4.3) ------------------------------------- */

void fy_noise_hash2(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t out[FY_NOISE_HASH_LEN])
{
    crypto_generichash_blake2b_state st;
    crypto_generichash_blake2b_init(&st, NULL, 0, FY_NOISE_HASH_LEN);
    crypto_generichash_blake2b_update(&st, a, alen);
    if (blen)
        crypto_generichash_blake2b_update(&st, b, blen);
    crypto_generichash_blake2b_final(&st, out, FY_NOISE_HASH_LEN);
    sodium_memzero(&st, sizeof st);
}

/* HMAC-BLAKE2b (RFC 2104) over a || b. Noise only ever keys it with a
 * HASHLEN-byte value (a chaining key or a temp key), which is shorter than
 * the block, so the key is zero-padded and never hashed first. */
static void hmac(const uint8_t key[FY_NOISE_HASH_LEN], const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
                 uint8_t out[FY_NOISE_HASH_LEN])
{
    uint8_t pad[BLOCK_LEN], inner[FY_NOISE_HASH_LEN];
    crypto_generichash_blake2b_state st;

    memset(pad, 0x36, sizeof pad);
    for (int i = 0; i < FY_NOISE_HASH_LEN; i++)
        pad[i] ^= key[i];
    crypto_generichash_blake2b_init(&st, NULL, 0, FY_NOISE_HASH_LEN);
    crypto_generichash_blake2b_update(&st, pad, sizeof pad);
    if (alen)
        crypto_generichash_blake2b_update(&st, a, alen);
    if (blen)
        crypto_generichash_blake2b_update(&st, b, blen);
    crypto_generichash_blake2b_final(&st, inner, sizeof inner);

    memset(pad, 0x5c, sizeof pad);
    for (int i = 0; i < FY_NOISE_HASH_LEN; i++)
        pad[i] ^= key[i];
    crypto_generichash_blake2b_init(&st, NULL, 0, FY_NOISE_HASH_LEN);
    crypto_generichash_blake2b_update(&st, pad, sizeof pad);
    crypto_generichash_blake2b_update(&st, inner, sizeof inner);
    crypto_generichash_blake2b_final(&st, out, FY_NOISE_HASH_LEN);

    sodium_memzero(pad, sizeof pad);
    sodium_memzero(inner, sizeof inner);
    sodium_memzero(&st, sizeof st);
}

/* HKDF(ck, ikm, 2): Noise's two-output HKDF. */
void fy_noise_hkdf2(const uint8_t ck[FY_NOISE_HASH_LEN], const uint8_t *ikm, size_t ikm_len,
                  uint8_t out1[FY_NOISE_HASH_LEN], uint8_t out2[FY_NOISE_HASH_LEN])
{
    static const uint8_t one = 0x01, two = 0x02;
    uint8_t temp[FY_NOISE_HASH_LEN];
    hmac(ck, ikm, ikm_len, NULL, 0, temp);
    hmac(temp, &one, 1, NULL, 0, out1);
    hmac(temp, out1, FY_NOISE_HASH_LEN, &two, 1, out2);
    sodium_memzero(temp, sizeof temp);
}

