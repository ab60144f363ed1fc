/* test_net_channel.c: the framing layer over an in-memory transport: the
 * payload sizes at both ends of the range, lengths a peer must not send,
 * streams cut short, and many frames back to back arriving in pieces. */
#include <stdlib.h>

#include "core/fy_wire.h"
#include "fy_test.h"
#include "net/fy_channel.h"

/* A byte stream in memory: send appends, recv hands out what was sent, at
 * most `piece` bytes a call (0: as much as asked), then 0 for "closed". */
typedef struct mem {
    uint8_t *buf;
    size_t len, cap, pos, piece;
    int sends;
} mem;

static fy_result m_send(void *ctx, const void *p, size_t n, fy_err *err)
{
    mem *m = ctx;
    m->sends++;
    if (m->len + n > m->cap) {
        size_t ncap = (m->len + n) * 2;
        uint8_t *nb = realloc(m->buf, ncap);
        if (!nb)
            return fy_fail(err, FY_ERR_NOMEM, "test stream: out of memory");
        m->buf = nb;
        m->cap = ncap;
    }
    if (n)
        memcpy(m->buf + m->len, p, n);
    m->len += n;
    return FY_OK;
}

static fy_result m_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err)
{
    mem *m = ctx;
    size_t n = m->len - m->pos;
    (void)err;
    if (n > cap)
        n = cap;
    if (m->piece && n > m->piece)
        n = m->piece;
    if (n)
        memcpy(p, m->buf + m->pos, n);
    m->pos += n;
    *got = n;
    return FY_OK;
}

static int m_readable(void *ctx)
{
    mem *m = ctx;
    return m->pos < m->len;
}

static void mem_reset(mem *m, size_t piece)
{
    m->len = m->pos = 0;
    m->sends = 0;
    m->piece = piece;
}

static fy_channel *open_channel(mem *m)
{
    fy_transport t = {m_send, m_recv, m_readable, m, NULL};
    fy_channel *c = NULL;
    fy_err err = {0};
    CHECK_INT(fy_channel_new(&t, "test-peer", &c, &err), FY_OK);
    return c;
}

/* Payload byte k of frame i: a frame put in the wrong place shows. */
static uint8_t pattern(size_t i, size_t k) { return (uint8_t)(i * 131u + k * 7u + (k >> 8)); }

/* FY_FRAME_HEADER bytes of room before the payload, for headroom sends. */
static uint8_t *payload_new(size_t i, size_t len)
{
    uint8_t *b = malloc(FY_FRAME_HEADER + len + 1);
    if (b)
        for (size_t k = 0; k < len; k++)
            b[FY_FRAME_HEADER + k] = pattern(i, k);
    return b;
}

static int payload_ok(size_t i, const uint8_t *p, size_t len)
{
    for (size_t k = 0; k < len; k++)
        if (p[k] != pattern(i, k))
            return 0;
    return 1;
}

static void expect_closed(fy_channel *c, const char *msg)
{
    uint8_t type;
    const uint8_t *pl;
    size_t len;
    fy_err err = {0};
    CHECK_INT(fy_channel_recv(c, &type, &pl, &len, &err), FY_ERR_CLOSED);
    CHECK_STR(err.msg, msg);
}

static void test_sizes(void)
{
    static const struct {
        const char *name;
        size_t len;
        int headroom;
        size_t piece;
    } cases[] = {
        {"empty payload", 0, 0, 0},
        {"empty payload, a byte at a time", 0, 0, 1},
        {"one byte", 1, 0, 0},
        {"one byte, a byte at a time", 1, 0, 1},
        {"FY_FRAME_MAX-1 bytes: the largest", FY_FRAME_MAX - 1, 0, 0},
        {"FY_FRAME_MAX-1 bytes, sent in place", FY_FRAME_MAX - 1, 1, 0},
        {"FY_FRAME_MAX-1 bytes, arriving in pieces of 4093", FY_FRAME_MAX - 1, 1, 4093},
    };
    mem m = {0};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_channel *tx, *rx;
        uint8_t *b = payload_new(i, cases[i].len), type = 0;
        const uint8_t *pl = NULL;
        size_t len = 0;
        fy_err err = {0};
        fy_test_case = cases[i].name;
        mem_reset(&m, cases[i].piece);
        tx = open_channel(&m);
        rx = open_channel(&m);
        if (!b || !tx || !rx) {
            CHECK(b && tx && rx);
            free(b);
            fy_channel_free(tx);
            fy_channel_free(rx);
            continue;
        }
        CHECK_INT(fy_channel_send(tx, (uint8_t)(0x40 + i), b + FY_FRAME_HEADER, cases[i].len, cases[i].headroom,
                                  &err), FY_OK);
        CHECK_INT(fy_channel_flush(tx, &err), FY_OK);
        CHECK_INT(m.len, FY_FRAME_HEADER + cases[i].len);
        CHECK_INT(fy_get_u32be(m.buf), cases[i].len + 1); /* the length counts the type byte */
        CHECK_INT(fy_channel_readable(rx), 1);
        CHECK_INT(fy_channel_recv(rx, &type, &pl, &len, &err), FY_OK);
        CHECK_INT(type, 0x40 + i);
        CHECK_INT(len, cases[i].len);
        CHECK(pl && payload_ok(i, pl, len));
        CHECK_INT(fy_channel_readable(rx), 0);
        expect_closed(rx, "connection to test-peer lost: the other side closed it");
        free(b);
        fy_channel_free(tx);
        fy_channel_free(rx);
    }

    fy_test_case = "FY_FRAME_MAX bytes: one over, refused before anything is sent";
    {
        uint8_t *b = payload_new(0, FY_FRAME_MAX);
        fy_channel *tx;
        fy_err err = {0};
        mem_reset(&m, 0);
        tx = open_channel(&m);
        if (b && tx) {
            CHECK_INT(fy_channel_send(tx, 1, b + FY_FRAME_HEADER, FY_FRAME_MAX, 1, &err), FY_ERR_USAGE);
            CHECK_STR(err.msg, "frame of 1048640 bytes is over the limit");
            CHECK_INT(fy_channel_flush(tx, &err), FY_OK);
            CHECK_INT(m.len, 0);
        }
        free(b);
        fy_channel_free(tx);
    }
    free(m.buf);
}

/* What a peer might put on the stream: a header with this length field
 * (only its first header_bytes bytes), then body_bytes bytes. */
static void test_refused(void)
{
    static const struct {
        const char *name;
        uint32_t length;
        size_t header_bytes, body_bytes;
        fy_result want;
        const char *msg;
    } cases[] = {
        {"a length of 0", 0, 5, 0, FY_ERR_PROTOCOL,
         "frame length 0 is outside 1..1048640: not a Ferry peer, or a broken one"},
        {"a length one over the cap", FY_FRAME_MAX + 1, 5, 100, FY_ERR_PROTOCOL,
         "frame length 1048641 is outside 1..1048640: not a Ferry peer, or a broken one"},
        {"the largest length a u32 holds", 0xFFFFFFFFu, 5, 0, FY_ERR_PROTOCOL,
         "frame length 4294967295 is outside 1..1048640: not a Ferry peer, or a broken one"},
        {"\"HTTP\": not a Ferry peer", 0x48545450u, 5, 0, FY_ERR_PROTOCOL,
         "frame length 1213486160 is outside 1..1048640: not a Ferry peer, or a broken one"},
        {"nothing at all: a clean close", 0, 0, 0, FY_ERR_CLOSED,
         "connection to test-peer lost: the other side closed it"},
        {"cut short in the header", 11, 3, 0, FY_ERR_CLOSED, "connection to test-peer lost in the middle of a frame"},
        {"cut short after the type byte", 11, 5, 0, FY_ERR_CLOSED,
         "connection to test-peer lost in the middle of a frame"},
        {"cut short in the body", 11, 5, 9, FY_ERR_CLOSED, "connection to test-peer lost in the middle of a frame"},
        {"a large frame cut short", FY_FRAME_MAX, 5, 500000, FY_ERR_CLOSED,
         "connection to test-peer lost in the middle of a frame"},
    };
    mem m = {0};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint8_t h[FY_FRAME_HEADER];
        uint8_t *body = payload_new(i, cases[i].body_bytes);
        fy_channel *rx;
        uint8_t type;
        const uint8_t *pl;
        size_t len;
        fy_err err = {0};
        fy_test_case = cases[i].name;
        mem_reset(&m, 0);
        fy_put_u32be(h, cases[i].length);
        h[4] = 9;
        CHECK_INT(m_send(&m, h, cases[i].header_bytes, &err), FY_OK);
        if (body)
            CHECK_INT(m_send(&m, body + FY_FRAME_HEADER, cases[i].body_bytes, &err), FY_OK);
        free(body);
        if ((rx = open_channel(&m)) == NULL)
            continue;
        CHECK_INT(fy_channel_recv(rx, &type, &pl, &len, &err), cases[i].want);
        /* A length over the cap is refused at once: the channel does not
         * wait for a body that would pass it (here: only 100 bytes come). */
        CHECK_STR(err.msg, cases[i].msg);
        fy_channel_free(rx);
    }
    free(m.buf);
}

/* Frame i's payload length: mostly small (gathered into one send), now and
 * then one at the edges of gathering, of the receive buffer, and the cap. */
static size_t many_len(size_t i)
{
    static const size_t large[] = {4095, 4096, 4097, 65531, 65532, 65536, 300000, FY_FRAME_MAX - 1};
    if (i % 97 == 50)
        return large[(i / 97) % (sizeof large / sizeof *large)];
    return (i * 7919u) % 700u;
}

#define MANY 3000u

static void test_many(void)
{
    static const struct {
        const char *name;
        size_t piece;
    } cases[] = {
        {"3000 frames back to back, read as they come", 0},
        {"3000 frames back to back, 7 bytes at a time", 7},
        {"3000 frames back to back, 65539 bytes at a time", 65539},
    };
    mem m = {0};
    uint8_t *b = payload_new(0, FY_FRAME_MAX);
    for (size_t c = 0; b && c < sizeof cases / sizeof *cases; c++) {
        fy_channel *tx, *rx;
        fy_err err = {0};
        size_t bad = MANY, larges = 0;
        fy_test_case = cases[c].name;
        mem_reset(&m, cases[c].piece);
        tx = open_channel(&m);
        rx = open_channel(&m);
        if (!tx || !rx) {
            fy_channel_free(tx);
            fy_channel_free(rx);
            continue;
        }
        for (size_t i = 0; i < MANY; i++) {
            size_t len = many_len(i);
            for (size_t k = 0; k < len; k++)
                b[FY_FRAME_HEADER + k] = pattern(i, k);
            larges += len > 65531;
            if (fy_channel_send(tx, (uint8_t)i, b + FY_FRAME_HEADER, len, (int)(i & 1), &err) != FY_OK) {
                CHECK_STR(err.msg, "");
                break;
            }
        }
        CHECK_INT(fy_channel_flush(tx, &err), FY_OK);
        /* Small frames were gathered: far fewer sends than frames. */
        CHECK(m.sends <= (int)(m.len / (192u * 1024u) + 3 * larges + 2));
        for (size_t i = 0; i < MANY; i++) {
            uint8_t type;
            const uint8_t *pl;
            size_t len;
            if (fy_channel_recv(rx, &type, &pl, &len, &err) != FY_OK || type != (uint8_t)i || len != many_len(i) ||
                !payload_ok(i, pl, len)) {
                bad = i;
                break;
            }
        }
        if (bad != MANY)
            fy_test_fail(__FILE__, __LINE__, "frame %zu came back wrong (%s)", bad, err.msg);
        fy_test_checks++;
        expect_closed(rx, "connection to test-peer lost: the other side closed it");
        fy_channel_free(tx);
        fy_channel_free(rx);
    }
    CHECK(b != NULL);
    free(b);
    free(m.buf);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    test_sizes();
    test_refused();
    test_many();
    fy_test_case = NULL;
    return fy_test_done("channel");
}
