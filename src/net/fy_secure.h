/* fy_secure.h: a Noise XX secured byte stream, as an fy_transport.
 *
 * It sits between the raw TCP transport and the frame channel: the channel
 * and the state machines above it do not change.
 *
 * On the wire (docs/PROTOCOL.md, "Secure stream"):
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

/* Moves one direction of the stream onto a thread of its own, so a bulk
 * transfer keeps two cores busy: FY_PIPE_WRITE for the side that sends the
 * data (sealing and sending happen behind the caller's back, sends return
 * once the bytes are queued), FY_PIPE_READ for the side that receives it
 * (records are received and opened ahead of the caller). The other
 * direction stays as it was. fy_secure_free sends what is queued and ends
 * the thread; a reader blocked in a receive is woken with the raw
 * transport's wake. Bounded memory: a ring of 2 x 1 MiB. */
typedef enum { FY_PIPE_READ = 1, FY_PIPE_WRITE } fy_pipe_mode;
fy_result fy_secure_pipeline(fy_secure *s, fy_pipe_mode mode, fy_err *err) FY_MUST_USE;

/* With FY_PIPE_READ: reads and drops what the peer still sends, until it
 * closes or wait_ms passed (after sending it an ERROR: closing with unread
 * data would reset the connection and lose the ERROR). Returns 0 if there
 * is no read pipeline (the caller drains the raw socket). */
int fy_secure_drain(fy_secure *s, unsigned wait_ms);

fy_noise_suite fy_secure_suite(const fy_secure *s);
const uint8_t *fy_secure_remote_key(const fy_secure *s);    /* 32 bytes */
const uint8_t *fy_secure_handshake_hash(const fy_secure *s); /* 64 bytes */

/* The suites this machine can use, best first (AES-GCM only where the CPU
 * has AES instructions). Returns how many were written. */
int fy_secure_local_suites(fy_noise_suite out[2]);

#endif
