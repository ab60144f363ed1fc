/* fy_channel.h: frames over a byte stream.
 *
 * The state machines deal in frames (type + payload); this layer puts them
 * on a stream as length + body and takes them off again, enforcing
 * FY_FRAME_MAX before allocating or reading anything. Small frames are
 * gathered and sent together, so a run of tiny files does not become a
 * run of tiny packets. It is the one place an encryption layer wraps: the
 * machines above do not change. */
#ifndef FY_CHANNEL_H
#define FY_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "core/fy_result.h"

typedef struct fy_transport {
    fy_result (*send)(void *ctx, const void *p, size_t n, fy_err *err);
    fy_result (*recv)(void *ctx, void *p, size_t cap, size_t *got, fy_err *err);
    int (*readable)(void *ctx); /* bytes waiting, without blocking */
    void *ctx;
    void (*wake)(void *ctx);    /* optional: makes a blocked recv return */
} fy_transport;

typedef struct fy_channel fy_channel;

/* peer names the other side in messages ("192.0.2.7:53317"). */
fy_result fy_channel_new(const fy_transport *t, const char *peer, fy_channel **out, fy_err *err) FY_MUST_USE;
void fy_channel_free(fy_channel *c);

/* Queues or sends one frame. If headroom is set, the FY_FRAME_HEADER bytes
 * before payload may be overwritten (saves a copy of large payloads). */
fy_result fy_channel_send(fy_channel *c, uint8_t type, uint8_t *payload, size_t len, int headroom,
                          fy_err *err) FY_MUST_USE;
/* Sends whatever is queued. Call before waiting for the peer. */
fy_result fy_channel_flush(fy_channel *c, fy_err *err) FY_MUST_USE;
/* Receives one frame; *payload stays valid until the next call. A clean
 * close is FY_ERR_CLOSED "connection to PEER lost: the other side closed
 * it" (or "... lost in the middle of a frame"). */
fy_result fy_channel_recv(fy_channel *c, uint8_t *type, const uint8_t **payload, size_t *len,
                          fy_err *err) FY_MUST_USE;

/* 1 if a frame (or part of one) from the peer is waiting: lets a sender
 * that is busy streaming notice an ERROR without blocking. */
int fy_channel_readable(fy_channel *c);

/* Encodes a frame header into 5 bytes. */
void fy_frame_header(uint8_t out[5], uint8_t type, size_t len);

#endif
