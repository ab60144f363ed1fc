#include "fy_channel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_wire.h"

/* Frames up to this size are gathered into one send. */
#define GATHER_MAX (256u * 1024u)
#define INBUF_SIZE (FY_FRAME_HEADER + FY_FRAME_MAX)

struct fy_channel {
    fy_transport t;
    uint8_t *out;
    size_t out_len;
    uint8_t *in;
    size_t in_start, in_end; /* unread bytes are in[in_start, in_end) */
    char peer[64];
};

void fy_frame_header(uint8_t out[5], uint8_t type, size_t len)
{
    fy_put_u32be(out, (uint32_t)(len + 1));
    out[4] = type;
}

fy_result fy_channel_new(const fy_transport *t, const char *peer, fy_channel **out, fy_err *err)
{
    fy_channel *c = calloc(1, sizeof *c);
    *out = NULL;
    if (!c || !(c->out = malloc(GATHER_MAX)) || !(c->in = malloc(INBUF_SIZE))) {
        fy_channel_free(c);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    c->t = *t;
    snprintf(c->peer, sizeof c->peer, "%s", peer ? peer : "peer");
    *out = c;
    return FY_OK;
}

void fy_channel_free(fy_channel *c)
{
    if (!c)
        return;
    free(c->out);
    free(c->in);
    free(c);
}

fy_result fy_channel_flush(fy_channel *c, fy_err *err)
{
    fy_result rc = FY_OK;
    if (c->out_len)
        rc = c->t.send(c->t.ctx, c->out, c->out_len, err);
    c->out_len = 0;
    return rc;
}

fy_result fy_channel_send(fy_channel *c, uint8_t type, uint8_t *payload, size_t len, int headroom, fy_err *err)
{
    fy_result rc;
    if (len + 1 > FY_FRAME_MAX)
        return fy_fail(err, FY_ERR_USAGE, "frame of %zu bytes is over the limit", len);
    if (FY_FRAME_HEADER + len <= GATHER_MAX / 4) {
        if (c->out_len + FY_FRAME_HEADER + len > GATHER_MAX && (rc = fy_channel_flush(c, err)) != FY_OK)
            return rc;
        fy_frame_header(c->out + c->out_len, type, len);
        if (len)
            memcpy(c->out + c->out_len + FY_FRAME_HEADER, payload, len);
        c->out_len += FY_FRAME_HEADER + len;
        return FY_OK;
    }
    if ((rc = fy_channel_flush(c, err)) != FY_OK)
        return rc;
    if (headroom) {
        fy_frame_header(payload - FY_FRAME_HEADER, type, len);
        return c->t.send(c->t.ctx, payload - FY_FRAME_HEADER, FY_FRAME_HEADER + len, err);
    }
    fy_frame_header(c->out, type, len);
    if ((rc = c->t.send(c->t.ctx, c->out, FY_FRAME_HEADER, err)) != FY_OK)
        return rc;
    return c->t.send(c->t.ctx, payload, len, err);
}

/* Makes at least need bytes available at in[in_start]. Reads no further
 * than the end of the current frame when the frame is large, so big
 * payloads land in place and are never moved. */
static fy_result fill(fy_channel *c, size_t need, size_t read_limit, fy_err *err)
{
    while (c->in_end - c->in_start < need) {
        size_t got, room;
        fy_result rc;
        size_t have = c->in_end - c->in_start;
        if (c->in_start > 0 && INBUF_SIZE - c->in_end < need - have) {
            memmove(c->in, c->in + c->in_start, c->in_end - c->in_start);
            c->in_end -= c->in_start;
            c->in_start = 0;
        }
        room = INBUF_SIZE - c->in_end;
        have = c->in_end - c->in_start;
        if (read_limit && room > read_limit - have)
            room = read_limit - have;
        if ((rc = c->t.recv(c->t.ctx, c->in + c->in_end, room, &got, err)) != FY_OK)
            return rc;
        if (got == 0)
            return fy_fail(err, FY_ERR_CLOSED,
                           c->in_end == c->in_start ? "connection to %s lost: the other side closed it"
                                                    : "connection to %s lost in the middle of a frame",
                           c->peer);
        c->in_end += got;
    }
    return FY_OK;
}

int fy_channel_readable(fy_channel *c)
{
    return c->in_end > c->in_start || (c->t.readable && c->t.readable(c->t.ctx));
}

fy_result fy_channel_recv(fy_channel *c, uint8_t *type, const uint8_t **payload, size_t *len, fy_err *err)
{
    uint32_t body;
    fy_result rc;

    if (c->in_start == c->in_end)
        c->in_start = c->in_end = 0;
    if ((rc = fill(c, FY_FRAME_HEADER, 0, err)) != FY_OK)
        return rc;
    body = fy_get_u32be(c->in + c->in_start);
    /* Checked before reading the body: a lying length cannot make us
     * allocate or wait for gigabytes. */
    if (body == 0 || body > FY_FRAME_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "frame length %u is outside 1..%u: not a Ferry peer, or a broken one",
                       body, FY_FRAME_MAX);
    rc = fill(c, FY_FRAME_HEADER - 1 + body, body > 4096 ? FY_FRAME_HEADER - 1 + body : 0, err);
    if (rc != FY_OK)
        return rc;
    *type = c->in[c->in_start + 4];
    *payload = c->in + c->in_start + FY_FRAME_HEADER;
    *len = body - 1;
    c->in_start += FY_FRAME_HEADER - 1 + body;
    return FY_OK;
}
