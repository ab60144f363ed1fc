/* fy_secure.h: a Noise XX secured byte stream, as an fy_transport.
 *
 * It sits between the raw TCP transport and the frame channel: the channel
 * and the state machines above it do not change. Not yet used by the
 * engine: pairing and the trust store (issue 9) come with the switch-over.
 *
 * On the wire (docs/PROTOCOL.md will describe it when it is switched on):
 *   1. initiator: "FERRY-N1" u8 n, n suite ids in preference order
 *   2. responder: "FERRY-N1" u8 chosen suite (0: none in common, then close)
 *   3. Noise XX with prologue "ferry-noise-v1" || message 1 || message 2,
 *      each handshake message as u16 length + bytes, empty payloads
 *   4. records: u16 length (17..65535) + AEAD ciphertext of 1..65519 bytes
 *      of the stream, nonces counting up per direction; any failure to open
 *      a record ends the connection.
 * The suite offer and answer are in the prologue, so a man in the middle
 * who edits the offer (to force the slower suite) breaks the handshake. */
#ifndef FY_SECURE_H
#define FY_SECURE_H

#include <stdint.h>

#include "core/fy_noise.h"
#include "fy_channel.h"

typedef struct fy_secure fy_secure;

/* Runs the suite choice and the handshake over raw. suites lists what we
 * accept, best first (the responder picks the initiator's first that it
 * also has). */
fy_result fy_secure_handshake(const fy_transport *raw, fy_noise_role role, const uint8_t static_priv[32],
                              const fy_noise_suite *suites, int nsuites, fy_secure **out, fy_err *err) FY_MUST_USE;
void fy_secure_free(fy_secure *s);

/* A transport that seals what is sent and opens what is received. */
void fy_secure_transport(fy_secure *s, fy_transport *out);

fy_noise_suite fy_secure_suite(const fy_secure *s);
const uint8_t *fy_secure_remote_key(const fy_secure *s);    /* 32 bytes */
const uint8_t *fy_secure_handshake_hash(const fy_secure *s); /* 64 bytes */

/* The suites this machine can use, best first (AES-GCM only where the CPU
 * has AES instructions). Returns how many were written. */
int fy_secure_local_suites(fy_noise_suite out[2]);

#endif
