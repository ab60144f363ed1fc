/* fy_noise_int.h: what fy_noise.c (the Noise state machines) and
 * fy_noise_crypto.c (the primitives under them) share. Not for other
 * modules: use fy_noise.h. */
#ifndef FY_NOISE_INT_H
#define FY_NOISE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "fy_noise.h"

#define BLOCK_LEN 128 /* BLAKE2b's block: the HMAC pad width (spec 4.3) */
#define NONCE_LEN 12  /* both AEADs take a 96-bit nonce */

typedef struct {
    fy_noise_suite suite;
    int has_key;
    uint8_t k[FY_NOISE_KEY_LEN];
    uint64_t n;
} cipher_state;

/* ENCRYPT/DECRYPT (spec 12.3, 12.4) with the suite's nonce layout; 0 on
 * success. HASH of two parts, and HKDF with two outputs (spec 4.3). */
int fy_noise_aead_encrypt(const cipher_state *cs, const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t len,
                          uint8_t *out);
int fy_noise_aead_decrypt(const cipher_state *cs, const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t len,
                          uint8_t *out);
void fy_noise_hash2(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t out[FY_NOISE_HASH_LEN]);
void fy_noise_hkdf2(const uint8_t ck[FY_NOISE_HASH_LEN], const uint8_t *ikm, size_t ikm_len,
                    uint8_t out1[FY_NOISE_HASH_LEN], uint8_t out2[FY_NOISE_HASH_LEN]);

#endif
