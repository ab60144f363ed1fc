/* fuzz_wire: the frame layer (src/net/fy_channel.c over an in-memory
 * stream) and every message decoder of src/core/fy_wire.c.
 *
 * Input: one byte that sets how the stream is cut (bits 0-5: at most that
 * many bytes per read, 0 = as many as asked), then the byte stream a peer
 * sends: frames of u32 length, u8 type, payload (docs/PROTOCOL.md, 3).
 *
 * Every frame's payload goes through every decoder. What must hold:
 * a payload a decoder accepts encodes back to the very same bytes (HELLO
 * names and status texts: decode, encode, decode gives the same); a decoded status text is
 * safe to print; the frames, sent again through a second channel, give
 * back the bytes they came from. */
#include "fuzz_util.h"

#include "core/fy_names.h"
#include "core/fy_text.h"
#include "core/fy_wire.h"
#include "net/fy_channel.h"

typedef struct stream {
    const uint8_t *p;
    size_t n, pos, chunk;
    uint8_t *sink;       /* what the second channel sends */
    size_t sink_len, sink_cap;
} stream;

static fy_result s_recv(void *ctx, void *p, size_t cap, size_t *got, fy_err *err)
{
    stream *s = ctx;
    size_t n = s->n - s->pos;
    (void)err;
    if (n > cap)
        n = cap;
    if (s->chunk && n > s->chunk)
        n = s->chunk;
    memcpy(p, s->p + s->pos, n);
    s->pos += n;
    *got = n;
    return FY_OK;
}

static fy_result s_send(void *ctx, const void *p, size_t n, fy_err *err)
{
    stream *s = ctx;
    (void)err;
    FZ_CHECK(s->sink_len + n <= s->sink_cap);
    memcpy(s->sink + s->sink_len, p, n);
    s->sink_len += n;
    return FY_OK;
}

/* enc(w) must give exactly p[0..n). */
#define SAME_BYTES(w, p, n) FZ_CHECK(!(w).overflow && (w).len == (n) && memcmp((w).p, (p), (n)) == 0)

/* lines: RESULT's text keeps its line breaks (one rejected file a line). */
static void check_text(const char *t, int lines)
{
    size_t n = strlen(t);
    FZ_CHECK(n <= FY_TEXT_MAX);
    FZ_CHECK(fy_names_valid_utf8(t, n));
    for (size_t i = 0; i < n; i++)
        FZ_CHECK(((unsigned char)t[i] >= 0x20 && t[i] != 0x7F) || (lines && t[i] == '\n'));
}

static void decode_all(uint8_t type, const uint8_t *p, size_t n)
{
    static uint8_t buf[FY_FRAME_MAX];
    fy_wbuf w;
    fy_rbuf r;
    fy_err err = {0};
    fy_hello hello;
    fy_offer offer;
    fy_status st, st2;
    uint32_t u32;
    uint64_t u64;
    uint16_t count;
    uint8_t hash[FY_HASH_LEN];

    if (fy_dec_hello(p, n, &hello, &err) == FY_OK) {
        fy_hello again;
        FZ_CHECK(hello.version == p[FY_MAGIC_LEN]);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_hello(&w, &hello);
        /* Names end at a NUL byte, if a peer sends one: the same bytes
         * come back only without one, the same names always. */
        if (strlen(hello.device) + strlen(hello.os) + 10 == n)
            SAME_BYTES(w, p, n);
        FZ_CHECK(fy_dec_hello(buf, w.len, &again, &err) == FY_OK);
        FZ_CHECK(!strcmp(again.device, hello.device) && !strcmp(again.os, hello.os));
    }
    if (fy_dec_offer(p, n, &offer, &err) == FY_OK) {
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_offer(&w, &offer);
        SAME_BYTES(w, p, n);
        FZ_CHECK(offer.entries >= 1 && offer.entries <= FY_ENTRIES_MAX && offer.files <= offer.entries);
    }
    fy_rbuf_init(&r, p, n);
    if (fy_dec_manifest_head(&r, &u32, &count, &err) == FY_OK) {
        int all = 1;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_manifest_head(&w, u32, count);
        for (uint16_t k = 0; k < count && all; k++) {
            fy_wire_entry e;
            if (fy_dec_entry(&r, &e, &err) != FY_OK) {
                all = 0;
                break;
            }
            FZ_CHECK(e.path_len <= FY_PATH_MAX && (e.kind != FY_ENTRY_DIR || e.size == 0));
            /* A text entry passed its caps before anyone allocates. */
            FZ_CHECK(e.kind != FY_ENTRY_TEXT ||
                     (e.size >= 1 && e.size <= FY_TEXT_BYTES_MAX && e.path_len <= FY_TEXT_PREVIEW_MAX &&
                      e.path_len <= e.size && !memchr(e.path, '\n', e.path_len)));
            fy_enc_entry(&w, &e);
            SAME_BYTES(w, p, r.pos);
        }
        if (all && fy_r_ok(&r))
            SAME_BYTES(w, p, n);
    }
    if (fy_dec_accept(p, n, &u32, &err) == FY_OK) {
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_accept(&w, u32);
        SAME_BYTES(w, p, n);
    }
    fy_rbuf_init(&r, p, n);
    if (fy_dec_have_head(&r, &count, &err) == FY_OK) {
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_have_head(&w, count);
        for (uint16_t k = 0; k < count; k++) {
            fy_have h;
            if (fy_dec_have(&r, &h, &err) != FY_OK)
                break;
            FZ_CHECK(h.have > 0);
            fy_enc_have(&w, &h);
            SAME_BYTES(w, p, r.pos);
        }
    }
    if (fy_dec_file(p, n, &u32, &u64, &err) == FY_OK) {
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_file(&w, u32, u64);
        SAME_BYTES(w, p, n);
    }
    {
        uint32_t scanned, to_scan;
        if (fy_dec_scanning(p, n, &scanned, &to_scan, &err) == FY_OK) {
            FZ_CHECK(scanned <= to_scan);
            fy_wbuf_init(&w, buf, sizeof buf);
            fy_enc_scanning(&w, scanned, to_scan);
            SAME_BYTES(w, p, n);
        }
    }
    if (fy_dec_speed_test(p, n, &u32, &err) == FY_OK) {
        FZ_CHECK(u32 >= 1 && u32 <= FY_SPEED_MS_MAX);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_speed_test(&w, u32);
        SAME_BYTES(w, p, n);
    }
    if (fy_dec_speed_result(p, n, &u64, &u32, &err) == FY_OK) {
        FZ_CHECK(u64 <= (uint64_t)INT64_MAX);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_speed_result(&w, u64, u32);
        SAME_BYTES(w, p, n);
    }
    if (fy_dec_file_end(p, n, hash, &err) == FY_OK) {
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_file_end(&w, hash);
        SAME_BYTES(w, p, n);
    }
    {
        static const uint8_t status_types[] = {FY_MSG_DECLINE, FY_MSG_RESULT, FY_MSG_ERROR, 0};
        for (size_t i = 0; i < sizeof status_types; i++) {
            uint8_t t = status_types[i] ? status_types[i] : type;
            if (fy_dec_status(t, p, n, &st, &err) != FY_OK)
                continue;
            check_text(st.text, t == FY_MSG_RESULT);
            fy_wbuf_init(&w, buf, sizeof buf);
            fy_enc_status(&w, t, &st);
            FZ_CHECK(!w.overflow);
            FZ_CHECK(fy_dec_status(t, buf, w.len, &st2, &err) == FY_OK);
            FZ_CHECK(st2.code == st.code && st2.files_ok == st.files_ok && strcmp(st2.text, st.text) == 0);
        }
    }
    (void)fy_msg_name(type);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    stream s;
    fy_transport t_in = {0}, t_out = {0};
    fy_channel *in = NULL, *out = NULL;
    size_t consumed;
    fy_err err = {0};

    if (size < 1)
        return 0;
    memset(&s, 0, sizeof s);
    s.chunk = data[0] & 0x3F;
    s.p = data + 1;
    s.n = size - 1;
    s.sink_cap = s.n + 64;
    s.sink = malloc(s.sink_cap);
    t_in.recv = s_recv;
    t_in.send = s_send;
    t_in.ctx = &s;
    t_out = t_in;
    if (!s.sink || fy_channel_new(&t_in, "fuzz", &in, &err) != FY_OK ||
        fy_channel_new(&t_out, "fuzz", &out, &err) != FY_OK)
        abort();

    consumed = 0;
    for (;;) {
        uint8_t type;
        const uint8_t *payload;
        size_t len;
        fy_result rc;
        fy_err_clear(&err);
        rc = fy_channel_recv(in, &type, &payload, &len, &err);
        if (rc != FY_OK) {
            FZ_CHECK(err.msg[0] != '\0');
            break;
        }
        FZ_CHECK(len + 1 <= FY_FRAME_MAX && consumed + FY_FRAME_HEADER + len <= s.n);
        FZ_CHECK(data[1 + consumed + 4] == type);
        consumed += FY_FRAME_HEADER + len;
        decode_all(type, payload, len);
        /* The channel may overwrite the header room in front of a large
         * payload: hand it a copy with room of its own. */
        {
            uint8_t *copy = malloc(FY_FRAME_HEADER + len + 1);
            FZ_CHECK(copy != NULL);
            memcpy(copy + FY_FRAME_HEADER, payload, len);
            FZ_CHECK(fy_channel_send(out, type, copy + FY_FRAME_HEADER, len, len & 1, &err) == FY_OK);
            free(copy);
        }
    }
    FZ_CHECK(fy_channel_flush(out, &err) == FY_OK);
    FZ_CHECK(s.sink_len == consumed && memcmp(s.sink, s.p, consumed) == 0);

    fy_channel_free(in);
    fy_channel_free(out);
    free(s.sink);
    return 0;
}
