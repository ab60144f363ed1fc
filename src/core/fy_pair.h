/* fy_pair.h: pairing two devices, and the long-term keys it pairs.
 *
 * The Noise XX handshake (fy_noise.h) gives an encrypted channel and the
 * peer's static key, but not who holds that key: a man in the middle can run
 * one handshake with each side. Pairing closes the gap the way Bluetooth's
 * numeric comparison does: both screens show a 6-digit code derived from the
 * handshake hash, and the users check that the codes match. A man in the
 * middle has two different handshake hashes, and the commitment below stops
 * it from steering the two codes together: it must fix its random value
 * before seeing the other side's, so its chance is 1 in 1,000,000 per try.
 *
 * Exchange, run inside the encrypted channel right after the handshake.
 * H is the 64-byte Noise handshake hash (identical on both sides when no one
 * is in the middle). Each message body is exactly 32 bytes; its frame type is
 * the wire protocol's business (docs/PROTOCOL.md).
 *
 *   1. initiator -> responder  PAIR_COMMIT  C  = commit(Ri, H)   32 bytes
 *   2. responder -> initiator  PAIR_RANDOM  Rr                   32 bytes
 *      (sent only after C has arrived)
 *   3. initiator -> responder  PAIR_REVEAL  Ri                   32 bytes
 *      (sent only after Rr has arrived; the responder checks C against it
 *      and aborts on a mismatch)
 *   4. both show code(H, Ri, Rr); the users compare and confirm.
 *
 * Ri and Rr are 32 bytes from the system CSPRNG, fresh for each pairing.
 *
 * Byte layouts. BLAKE2b(key, outlen, msg) is RFC 7693 BLAKE2b with the
 * given key and output length; labels are ASCII without a terminating NUL.
 *
 *   commit(Ri, H) = BLAKE2b(key = "ferry-pair-commit-v1" (20 bytes),
 *                           outlen = 32, msg = Ri (32) || H (64))
 *
 *   code(H, Ri, Rr): d = BLAKE2b(key = "ferry-pair-code-v1" (18 bytes),
 *                                outlen = 32, msg = H (64) || Ri (32) || Rr (32))
 *                    v = d[0..7] read as a big-endian unsigned 64-bit integer
 *                    code = v mod 1,000,000, shown as 6 decimal digits with
 *                    leading zeros ("004217"). The modulo bias is below 2^-44.
 *
 *   fingerprint(pub): f = BLAKE2b(key = "ferry-fingerprint-v1" (20 bytes),
 *                                 outlen = 32, msg = pub (32))
 *                     the first 8 bytes of f as 16 lowercase hex digits in
 *                     groups of four: "abcd-ef01-2345-6789" (19 characters).
 *
 * The labels keep the three uses of BLAKE2b apart, so a value made for one
 * can never be replayed as another. All fields are fixed-length, so plain
 * concatenation is unambiguous. A version change of any layout changes its
 * label. */
#ifndef FY_PAIR_H
#define FY_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "fy_noise.h"
#include "fy_result.h"

#define FY_PAIR_RAND_LEN 32
#define FY_PAIR_COMMIT_LEN 32
#define FY_PAIR_CODE_MOD 1000000u
#define FY_PAIR_CODE_SIZE 7         /* "004217" and a NUL */
#define FY_PAIR_FINGERPRINT_SIZE 20 /* "abcd-ef01-2345-6789" and a NUL */

/* A fresh Ri or Rr from the system CSPRNG. */
fy_result fy_pair_random(uint8_t r[FY_PAIR_RAND_LEN], fy_err *err) FY_MUST_USE;

/* The initiator's commitment to Ri, bound to this handshake. */
void fy_pair_commit(const uint8_t hash[FY_NOISE_HASH_LEN], const uint8_t ri[FY_PAIR_RAND_LEN],
                    uint8_t commit[FY_PAIR_COMMIT_LEN]);

/* The responder's check of the revealed Ri against the commitment it
 * received, in constant time. FY_ERR_CRYPTO on a mismatch: the initiator
 * changed its value, or the two sides do not share a handshake. */
fy_result fy_pair_check_reveal(const uint8_t hash[FY_NOISE_HASH_LEN], const uint8_t commit[FY_PAIR_COMMIT_LEN],
                               const uint8_t ri[FY_PAIR_RAND_LEN], fy_err *err) FY_MUST_USE;

/* The code both users compare, 0..999999; out (may be NULL) gets it as six
 * digits with leading zeros. */
uint32_t fy_pair_code(const uint8_t hash[FY_NOISE_HASH_LEN], const uint8_t ri[FY_PAIR_RAND_LEN],
                      const uint8_t rr[FY_PAIR_RAND_LEN], char out[FY_PAIR_CODE_SIZE]);
/* Six digits with leading zeros; a code >= 1,000,000 is reduced first. */
void fy_pair_code_str(uint32_t code, char out[FY_PAIR_CODE_SIZE]);

/* A new long-term X25519 key pair: 32 random bytes as the private key (the
 * curve clamps them when used) and its public key. */
fy_result fy_pair_key_generate(uint8_t priv[FY_NOISE_KEY_LEN], uint8_t pub[FY_NOISE_KEY_LEN], fy_err *err) FY_MUST_USE;
/* The public key of a stored private key. */
fy_result fy_pair_key_public(const uint8_t priv[FY_NOISE_KEY_LEN], uint8_t pub[FY_NOISE_KEY_LEN],
                             fy_err *err) FY_MUST_USE;
/* The short name of a public key shown to users: "abcd-ef01-2345-6789". */
void fy_pair_fingerprint(const uint8_t pub[FY_NOISE_KEY_LEN], char out[FY_PAIR_FINGERPRINT_SIZE]);

#endif
