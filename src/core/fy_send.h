/* fy_send.h: the sending side of a transfer as a state machine.
 *
 * The transport pulls frames from it (fy_send_next) and pushes the peer's
 * frames into it (fy_send_frame). It reads files through the platform seam
 * and never touches a socket.
 *
 *   HELLO OFFER MANIFEST... -> [wait HELLO, ACCEPT, HAVE...] ->
 *   for each file: FILE DATA... FILE_END -> DONE -> [wait RESULT]
 *
 * Nothing waits for the peer between files: small files stream back to
 * back. docs/PROTOCOL.md, "Sender", has the same diagram. */
#ifndef FY_SEND_H
#define FY_SEND_H

#include <stdint.h>

#include "fy_manifest.h"
#include "fy_recv.h"
#include "fy_result.h"
#include "fy_wire.h"

typedef struct fy_send fy_send;

/* Room the sender leaves in front of every payload it returns, so the
 * channel can put the frame header (and later more) there without a copy. */
#define FY_SEND_HEADROOM 32

typedef enum {
    FY_SEND_FRAME = 0, /* send type/payload/len */
    FY_SEND_WAIT,      /* flush, then feed the peer's next frame */
    FY_SEND_FINISHED   /* the receiver confirmed every file */
} fy_send_status;

typedef struct fy_send_out {
    fy_send_status status;
    uint8_t type;
    uint8_t *payload;  /* valid until the next call; FY_SEND_HEADROOM bytes before it are free */
    size_t len;
} fy_send_out;

/* Back to the start, the manifest kept: for a new connection after the
 * receiver said it was busy. */
void fy_send_restart(fy_send *s);
/* Takes over the manifest (built by fy_manifest_walk). */
fy_result fy_send_new(fy_manifest *m, const char *device, const char *os, fy_send **out, fy_err *err) FY_MUST_USE;
void fy_send_free(fy_send *s);

fy_result fy_send_next(fy_send *s, fy_send_out *out, fy_err *err) FY_MUST_USE;
fy_result fy_send_frame(fy_send *s, uint8_t type, const uint8_t *p, size_t n, fy_err *err) FY_MUST_USE;

const fy_hello *fy_send_peer(const fy_send *s); /* valid once the peer's HELLO arrived */
const fy_manifest *fy_send_manifest(const fy_send *s);
void fy_send_progress(const fy_send *s, fy_progress *p);
/* 1 once the receiver accepted (data may flow). */
int fy_send_accepted(const fy_send *s);
/* 1 if file entry i went out whole (its FILE_END was sent), with the
 * XXH3-128 that FILE_END carried. */
int fy_send_file_sent(const fy_send *s, uint32_t i, uint8_t hash[FY_HASH_LEN]);

#endif
