/* fy_speed.c: `ferry doctor --speed`: a few seconds of encrypted DATA that
 * the receiver counts and throws away, so a person can tell a slow network
 * (Wi-Fi far from its access point) from a slow disk. docs/PROTOCOL.md,
 * section 16. Both sides bound it: at most FY_SPEED_MS_MAX of data asked
 * for, and the receiver stops a sender that goes on 2 s past that. */
#include "fy_speed.h"

#include <stdlib.h>
#include <string.h>

#include "core/fy_wire.h"
#include "platform/fy_platform.h"

#define CHUNK (1u << 20) /* one full DATA frame */
#define GRACE_MS 2000u

fy_result fy_speed_sink(fy_channel *ch, const uint8_t *p, size_t n, uint64_t *bytes, uint32_t *ms, fy_err *err)
{
    uint32_t asked;
    uint64_t t0 = 0, until;
    uint8_t buf[16];
    fy_wbuf w;
    fy_result rc;

    *bytes = 0;
    *ms = 0;
    if ((rc = fy_dec_speed_test(p, n, &asked, err)) != FY_OK)
        return rc;
    until = fy_plat_now_ms() + asked + GRACE_MS;
    for (;;) {
        uint8_t type;
        const uint8_t *pl;
        size_t len;
        if ((rc = fy_channel_recv(ch, &type, &pl, &len, err)) != FY_OK)
            return rc;
        if (type == FY_MSG_DONE)
            break;
        if (type != FY_MSG_DATA)
            return fy_fail(err, FY_ERR_PROTOCOL, "speed test: unexpected %s frame (expected DATA or DONE)",
                           fy_msg_name(type));
        if (!t0)
            t0 = fy_plat_now_ms();
        /* len is at most a frame: the sum cannot wrap before the deadline. */
        *bytes += len;
        if (fy_plat_now_ms() > until)
            return fy_fail(err, FY_ERR_PROTOCOL, "speed test: data went on past the %u ms asked for", asked);
    }
    *ms = t0 ? (uint32_t)(fy_plat_now_ms() - t0) : 0;
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_speed_result(&w, *bytes, *ms);
    if ((rc = fy_channel_send(ch, FY_MSG_SPEED_RESULT, buf, w.len, 0, err)) != FY_OK)
        return rc;
    return fy_channel_flush(ch, err);
}

fy_result fy_speed_source(fy_channel *ch, uint32_t ms, uint64_t *bytes, uint32_t *rms, fy_err *err)
{
    uint8_t head[8], *chunk = calloc(1, CHUNK);
    uint64_t t0 = fy_plat_now_ms();
    fy_wbuf w;
    fy_result rc;
    uint8_t type;
    const uint8_t *pl;
    size_t len;

    if (!chunk)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    fy_wbuf_init(&w, head, sizeof head);
    fy_enc_speed_test(&w, ms);
    rc = fy_channel_send(ch, FY_MSG_SPEED_TEST, head, w.len, 0, err);
    /* Zeros: what matters is that every byte is sealed and carried. */
    while (rc == FY_OK && fy_plat_now_ms() - t0 < ms)
        rc = fy_channel_send(ch, FY_MSG_DATA, chunk, CHUNK, 0, err);
    free(chunk);
    if (rc == FY_OK)
        rc = fy_channel_send(ch, FY_MSG_DONE, NULL, 0, 0, err);
    if (rc == FY_OK)
        rc = fy_channel_flush(ch, err);
    if (rc == FY_OK)
        rc = fy_channel_recv(ch, &type, &pl, &len, err);
    if (rc != FY_OK)
        return rc;
    if (type == FY_MSG_ERROR) {
        fy_status s;
        if ((rc = fy_dec_status(type, pl, len, &s, err)) != FY_OK)
            return rc;
        return fy_fail(err, FY_ERR_PEER, "it refused the speed test: %s", s.text);
    }
    if (type != FY_MSG_SPEED_RESULT)
        return fy_fail(err, FY_ERR_PROTOCOL, "speed test: it answered %s", fy_msg_name(type));
    return fy_dec_speed_result(pl, len, bytes, rms, err);
}
