/* fy_noise.h: the Noise handshake and transport ciphers Ferry's channel is
 * built on, as pure functions on byte buffers (no sockets, no clock).
 *
 * Protocol: Noise Protocol Framework, revision 34, pattern XX
 *
 *     -> e
 *     <- e, ee, s, es
 *     -> s, se
 *
 * with DH = 25519, HASH = BLAKE2b (HASHLEN 64, BLOCKLEN 128) and CIPHER =
 * AESGCM or ChaChaPoly, giving the protocol names
 *
 *     Noise_XX_25519_AESGCM_BLAKE2b       (FY_SUITE_AESGCM)
 *     Noise_XX_25519_ChaChaPoly_BLAKE2b   (FY_SUITE_CHACHAPOLY)
 *
 * XX is chosen because neither side knows the other's static key in advance:
 * both static keys travel encrypted, and trust is decided afterwards, by the
 * pairing code (fy_pair.h) the first time and by the remembered key later.
 * AES-GCM is the fast suite where the CPU has AES instructions; ChaChaPoly
 * is the fallback that is fast everywhere else.
 *
 * Both sides are built only on libsodium primitives; HMAC and HKDF are
 * written out per the Noise spec, section 4.3. The implementation
 * reproduces the public cacophony test vectors byte for byte
 * (tests/unit/test_noise.c).
 *
 * Use:
 *   1. fy_noise_hs_new() on each side with the same suite and prologue (the
 *      prologue binds whatever was exchanged in the clear before the
 *      handshake, so a downgrade of it breaks the handshake).
 *   2. Take turns: the initiator writes message 1, the responder reads it and
 *      writes message 2, the initiator reads it and writes message 3, the
 *      responder reads it. fy_noise_hs_my_turn() says whose turn it is.
 *   3. When fy_noise_hs_done(), fy_noise_hs_split() gives the two transport
 *      cipher states, the 64-byte handshake hash (the channel binding the
 *      pairing code is derived from) and the peer's static public key.
 *
 * Failure policy: any failure that judges the peer's bytes (bad length, bad
 * tag, low-order key) leaves the handshake state, or the receiving cipher
 * state, permanently unusable: every later read or write of that handshake,
 * or decrypt on that cipher, returns FY_ERR_CRYPTO. Ferry runs over TCP,
 * where bytes are never lost or reordered by the network, so a message that
 * does not authenticate means tampering or a bug, and the only safe move is
 * to drop the connection. Caller mistakes (a buffer too small, a call out
 * of turn) return FY_ERR_USAGE and change nothing.
 *
 * Error codes: FY_ERR_CRYPTO for authentication and key failures,
 * FY_ERR_PROTOCOL for a message whose length cannot be right, FY_ERR_USAGE
 * for caller errors, FY_ERR_NOMEM. Secrets are wiped with sodium_memzero
 * when a state is freed. Input and output buffers must not overlap. */
#ifndef FY_NOISE_H
#define FY_NOISE_H

#include <stddef.h>
#include <stdint.h>

#include "fy_result.h"

#define FY_NOISE_KEY_LEN 32  /* X25519 private and public keys */
#define FY_NOISE_HASH_LEN 64 /* BLAKE2b: the handshake hash */
#define FY_NOISE_TAG_LEN 16  /* AEAD tag on every encrypted message */
/* The Noise limit on one message, handshake or transport (spec section 3).
 * Messages are framed by a 16-bit length, so nothing larger can exist. */
#define FY_NOISE_MSG_MAX 65535
/* The largest transport plaintext: one message minus its tag. */
#define FY_NOISE_PAYLOAD_MAX (FY_NOISE_MSG_MAX - FY_NOISE_TAG_LEN)
/* The most a handshake message adds to its payload (message 2: e, the
 * encrypted s with its tag, and the payload's tag). A buffer of payload +
 * this size always holds any XX message. */
#define FY_NOISE_HS_OVERHEAD_MAX (FY_NOISE_KEY_LEN + FY_NOISE_KEY_LEN + 2 * FY_NOISE_TAG_LEN)

/* Values are stable: they are negotiated on the wire. */
typedef enum {
    FY_SUITE_AESGCM = 1,
    FY_SUITE_CHACHAPOLY = 2
} fy_noise_suite;

typedef enum {
    FY_NOISE_INITIATOR = 0,
    FY_NOISE_RESPONDER = 1
} fy_noise_role;

typedef struct fy_noise_hs fy_noise_hs;         /* one side of a handshake */
typedef struct fy_noise_cipher fy_noise_cipher; /* one direction of transport */

/* Non-zero when this CPU can run AES-GCM (libsodium needs AES-NI and
 * PCLMULQDQ). Without them FY_SUITE_AESGCM is refused: libsodium has no
 * constant-time software AES. */
int fy_noise_aesgcm_available(void);
/* Non-zero when the suite is known and usable on this machine. */
int fy_noise_suite_available(fy_noise_suite suite);
/* "Noise_XX_25519_AESGCM_BLAKE2b" or "Noise_XX_25519_ChaChaPoly_BLAKE2b";
 * NULL for an unknown suite. */
const char *fy_noise_protocol_name(fy_noise_suite suite);

/* Starts one side of a handshake. static_priv is this device's long-term
 * X25519 private key (fy_pair_key_generate); prologue may be NULL when
 * prologue_len is 0 and is capped at FY_NOISE_MSG_MAX. *out is NULL on
 * failure. */
fy_result fy_noise_hs_new(fy_noise_role role, fy_noise_suite suite, const uint8_t static_priv[FY_NOISE_KEY_LEN],
                          const uint8_t *prologue, size_t prologue_len, fy_noise_hs **out, fy_err *err) FY_MUST_USE;
void fy_noise_hs_free(fy_noise_hs *hs); /* wipes; NULL is fine */

/* TEST ONLY: use this ephemeral private key instead of a fresh random one,
 * so test vectors can be reproduced. Must be called before this side writes
 * its "e". Reusing an ephemeral key in real use destroys forward secrecy. */
fy_result fy_noise_hs_test_set_ephemeral(fy_noise_hs *hs, const uint8_t e_priv[FY_NOISE_KEY_LEN],
                                         fy_err *err) FY_MUST_USE;

/* Writes the next handshake message carrying payload (encrypted in
 * messages 2 and 3, in the clear in message 1: send nothing secret there)
 * into out. The message is payload_len plus at most
 * FY_NOISE_HS_OVERHEAD_MAX bytes and at most FY_NOISE_MSG_MAX. */
fy_result fy_noise_hs_write(fy_noise_hs *hs, const uint8_t *payload, size_t payload_len, uint8_t *out, size_t out_cap,
                            size_t *out_len, fy_err *err) FY_MUST_USE;
/* Reads the peer's next handshake message and writes its payload; the
 * payload is never longer than msg_len. */
fy_result fy_noise_hs_read(fy_noise_hs *hs, const uint8_t *msg, size_t msg_len, uint8_t *payload, size_t payload_cap,
                           size_t *payload_len, fy_err *err) FY_MUST_USE;

int fy_noise_hs_done(const fy_noise_hs *hs);    /* all three messages passed */
int fy_noise_hs_my_turn(const fy_noise_hs *hs); /* next call is write, not read */

/* The peer's static public key, once its "s" has been read (the initiator
 * knows it after message 2, so it can refuse an unknown peer before sending
 * its own identity in message 3). FY_ERR_USAGE before then. */
fy_result fy_noise_hs_remote_static(const fy_noise_hs *hs, uint8_t out[FY_NOISE_KEY_LEN], fy_err *err) FY_MUST_USE;

/* Ends a finished handshake: *send encrypts what this side sends, *recv
 * decrypts what it receives. hash (the handshake hash, identical on both
 * sides) and remote_static may be NULL. Afterwards the handshake state holds
 * no secrets and only fy_noise_hs_free is useful. */
fy_result fy_noise_hs_split(fy_noise_hs *hs, fy_noise_cipher **send, fy_noise_cipher **recv,
                            uint8_t hash[FY_NOISE_HASH_LEN], uint8_t remote_static[FY_NOISE_KEY_LEN],
                            fy_err *err) FY_MUST_USE;

/* Encrypts one transport message: plain_len <= FY_NOISE_PAYLOAD_MAX, out
 * gets plain_len + FY_NOISE_TAG_LEN bytes. ad (may be NULL if ad_len is 0,
 * capped at FY_NOISE_MSG_MAX) is authenticated, not sent. The nonce is the
 * count of messages already sent; nonce 2^64-1 is reserved by Noise, so the
 * state refuses to go past 2^64-2 (FY_ERR_CRYPTO). */
fy_result fy_noise_cipher_encrypt(fy_noise_cipher *c, const uint8_t *ad, size_t ad_len, const uint8_t *plain,
                                  size_t plain_len, uint8_t *out, size_t out_cap, size_t *out_len,
                                  fy_err *err) FY_MUST_USE;
/* Decrypts the next transport message in order. A message that fails to
 * authenticate (tampered, replayed, reordered, truncated, wrong ad) returns
 * FY_ERR_CRYPTO, leaves out zeroed, and makes this state unusable. */
fy_result fy_noise_cipher_decrypt(fy_noise_cipher *c, const uint8_t *ad, size_t ad_len, const uint8_t *msg,
                                  size_t msg_len, uint8_t *out, size_t out_cap, size_t *out_len,
                                  fy_err *err) FY_MUST_USE;
void fy_noise_cipher_free(fy_noise_cipher *c); /* wipes; NULL is fine */

/* TEST ONLY: jump the nonce counter, to test the 2^64-1 limit. */
void fy_noise_cipher_test_set_nonce(fy_noise_cipher *c, uint64_t n);

#endif
