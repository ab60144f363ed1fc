/* test_text.c: text snippets: UTF-8 checking, the escaping that makes a
 * received text safe to show, the preview, the text source and sink, the
 * text entry on the wire, and whole text transfers between the two
 * machines in memory (honest, and lying in the ways a sender can). */
#include <stdlib.h>

#include "core/fy_recv.h"
#include "core/fy_send.h"
#include "core/fy_sink.h"
#include "core/fy_source.h"
#include "core/fy_text.h"
#include "fy_test.h"

static void test_escape(void)
{
    static const struct {
        const char *name, *in;
        size_t len;
        int keep_lines;
        const char *want;
    } cases[] = {
        {"plain URL", "https://example.org/x?y=1", 25, 1, "https://example.org/x?y=1"},
        {"clear screen", "\x1b[2J", 4, 1, "\\e[2J"},
        {"title change", "\x1b]0;pwned\x07", 10, 1, "\\e]0;pwned\\x07"},
        {"BEL", "a\x07" "b", 3, 1, "a\\x07b"},
        {"NUL", "a\0b", 3, 1, "a\\x00b"},
        {"DEL", "a\x7f", 2, 1, "a\\x7f"},
        {"8-bit CSI as U+009B", "\xc2\x9b" "2J", 4, 1, "\\x9b2J"},
        {"C1 NEL U+0085", "\xc2\x85", 2, 1, "\\x85"},
        {"raw 0x9B byte (not UTF-8)", "\x9b" "2J", 3, 1, "\\x9b2J"},
        {"bidi RLO", "ls \xe2\x80\xae" "txt.exe", 13, 1, "ls \\u202etxt.exe"},
        {"bidi isolates", "\xe2\x81\xa6x\xe2\x81\xa9", 7, 1, "\\u2066x\\u2069"},
        {"LRE, PDF", "\xe2\x80\xaa\xe2\x80\xac", 6, 1, "\\u202a\\u202c"},
        {"line separator", "a\xe2\x80\xa8" "b", 5, 1, "a\\u2028b"},
        {"newline and tab kept", "a\tb\nc", 5, 1, "a\tb\nc"},
        {"newline and tab on one line", "a\tb\nc", 5, 0, "a\\tb\\nc"},
        {"CR LF is a line break", "a\r\nb", 4, 1, "a\nb"},
        {"lone CR shown", "safe\rrm -rf", 11, 1, "safe\\rrm -rf"},
        {"backslash as it is", "C:\\Users", 8, 1, "C:\\Users"},
        {"accents and emoji", "caf\xc3\xa9 \xf0\x9f\x98\x80", 10, 1, "caf\xc3\xa9 \xf0\x9f\x98\x80"},
        {"overlong slash", "\xc0\xaf", 2, 1, "\\xc0\\xaf"},
        {"truncated sequence", "\xe2\x80", 2, 1, "\\xe2\\x80"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[256];
        size_t need;
        fy_test_case = cases[i].name;
        need = fy_text_escape((const uint8_t *)cases[i].in, cases[i].len, cases[i].keep_lines, out, sizeof out);
        CHECK_STR(out, cases[i].want);
        CHECK_INT(need, strlen(cases[i].want));
        CHECK(!memchr(out, 0x1b, strlen(out)));
    }
    /* Short room: cut between escapes, never inside one; the length
     * needed is still the whole. */
    {
        char out[6]; /* room for 5 */
        fy_test_case = "short room";
        CHECK_INT(fy_text_escape((const uint8_t *)"ab\x1b[2J", 6, 1, out, sizeof out), 7);
        CHECK_STR(out, "ab\\e[");
        CHECK_INT(fy_text_escape((const uint8_t *)"abcd\x1b", 5, 1, out, sizeof out), 6);
        CHECK_STR(out, "abcd");
        CHECK_INT(fy_text_escape((const uint8_t *)"x", 1, 1, NULL, 0), 1);
    }
}

static void test_utf8(void)
{
    static const struct {
        const char *name, *in;
        size_t len, want;
    } cases[] = {
        {"ascii", "abc", 3, 3},
        {"empty", "", 0, 0},
        {"2, 3 and 4 bytes", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, 9},
        {"NUL is UTF-8", "a\0b", 3, 3},
        {"lone continuation", "ab\x80", 3, 2},
        {"overlong NUL", "a\xc0\x80", 3, 1},
        {"overlong 3-byte", "\xe0\x80\xaf", 3, 0},
        {"surrogate", "x\xed\xa0\x80", 4, 1},
        {"past U+10FFFF", "\xf4\x90\x80\x80", 4, 0},
        {"F5 lead", "\xf5\x80\x80\x80", 4, 0},
        {"cut at the end", "ok\xf0\x9f\x98", 5, 2},
        {"latin-1", "caf\xe9", 4, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_test_case = cases[i].name;
        CHECK_INT(fy_text_utf8_check((const uint8_t *)cases[i].in, cases[i].len), cases[i].want);
    }
}

static void test_preview(void)
{
    uint8_t long_line[300];
    fy_test_case = "preview";
    CHECK_INT(fy_text_preview_len((const uint8_t *)"one\ntwo", 7), 3);
    CHECK_INT(fy_text_preview_len((const uint8_t *)"one\r\ntwo", 8), 3);
    CHECK_INT(fy_text_preview_len((const uint8_t *)"\nsecond", 7), 0);
    CHECK_INT(fy_text_preview_len((const uint8_t *)"single", 6), 6);
    memset(long_line, 'a', sizeof long_line);
    CHECK_INT(fy_text_preview_len(long_line, sizeof long_line), FY_TEXT_PREVIEW_MAX);
    /* A 2-byte character across the cut is left out whole. */
    long_line[199] = 0xc3;
    long_line[200] = 0xa9;
    CHECK_INT(fy_text_preview_len(long_line, sizeof long_line), 199);
}

static void test_source_sink(void)
{
    fy_manifest m;
    fy_source *src = NULL;
    fy_sink *k = NULL;
    fy_err err = {0};
    uint8_t buf[16], *taken;
    size_t got = 0, len = 0;
    const char *text = "hello\nworld";

    fy_test_case = "text source";
    fy_manifest_init(&m);
    fy_err_clear(&err);
    CHECK_INT(fy_manifest_add_text(&m, (const uint8_t *)text, 11, &err), FY_OK);
    CHECK_INT(m.n, 1);
    CHECK_INT(m.files, 1);
    CHECK_INT(m.total, 11);
    CHECK_INT(m.e[0].kind, FY_ENTRY_TEXT);
    CHECK_INT(m.e[0].path_len, 5); /* "hello" */
    CHECK_INT(fy_source_open(&m.e[0], &src, &err), FY_OK);
    CHECK_INT(fy_source_read(src, buf, 4, &got, &err), FY_OK);
    CHECK_INT(got, 4);
    CHECK_INT(fy_source_read(src, buf + 4, sizeof buf, &got, &err), FY_OK);
    CHECK_INT(got, 7);
    CHECK_MEM(buf, text, 11);
    CHECK_INT(fy_source_read(src, buf, sizeof buf, &got, &err), FY_OK);
    CHECK_INT(got, 0);
    CHECK_INT(fy_source_seek(src, 6, &err), FY_OK);
    CHECK_INT(fy_source_read(src, buf, sizeof buf, &got, &err), FY_OK);
    CHECK_MEM(buf, "world", 5);
    CHECK_INT(fy_source_close(src, &err), FY_OK);
    fy_manifest_free(&m);

    fy_test_case = "sender refuses";
    fy_manifest_init(&m);
    fy_err_clear(&err);
    CHECK_INT(fy_manifest_add_text(&m, (const uint8_t *)"", 0, &err), FY_ERR_USAGE);
    CHECK_STR(err.msg, "nothing to send: the text is empty");
    fy_err_clear(&err);
    CHECK_INT(fy_manifest_add_text(&m, (const uint8_t *)"ab\xff", 3, &err), FY_ERR_USAGE);
    CHECK_STR(err.msg, "the text is not valid UTF-8 (byte 2); send it as a file");
    {
        uint8_t *big = malloc(FY_TEXT_BYTES_MAX + 1);
        memset(big, 'x', FY_TEXT_BYTES_MAX + 1);
        fy_err_clear(&err);
        CHECK_INT(fy_manifest_add_text(&m, big, FY_TEXT_BYTES_MAX + 1, &err), FY_ERR_USAGE);
        CHECK_STR(err.msg, "the text is over the limit of 65536 bytes (64 KiB); send it as a file");
        fy_err_clear(&err);
        CHECK_INT(fy_manifest_add_text(&m, big, FY_TEXT_BYTES_MAX, &err), FY_OK);
        free(big);
    }
    fy_manifest_free(&m);

    fy_test_case = "text sink";
    fy_err_clear(&err);
    CHECK_INT(fy_sink_text_new(11, "hello", 5, &k, &err), FY_OK);
    CHECK_INT(fy_sink_write(k, "hello\n", 6, &err), FY_OK);
    CHECK_INT(fy_sink_write(k, "world!", 6, &err), FY_ERR_PROTOCOL); /* one byte past the size */
    CHECK_INT(fy_sink_write(k, "world", 5, &err), FY_OK);
    CHECK(fy_sink_text_take(k, &len) == NULL); /* not before a commit */
    fy_err_clear(&err);
    CHECK_INT(fy_sink_commit(k, &err), FY_OK);
    taken = fy_sink_text_take(k, &len);
    CHECK(taken != NULL);
    CHECK_INT(len, 11);
    CHECK_STR((char *)taken, text);
    free(taken);
    fy_sink_close(k);

    fy_test_case = "text sink refuses";
    fy_err_clear(&err);
    CHECK_INT(fy_sink_text_new(FY_TEXT_BYTES_MAX + 1, "", 0, &k, &err), FY_ERR_PROTOCOL);
    CHECK(k == NULL);
    fy_err_clear(&err);
    CHECK_INT(fy_sink_text_new(3, "", 0, &k, &err), FY_OK);
    CHECK_INT(fy_sink_write(k, "a\xc0\x80", 3, &err), FY_OK);
    fy_err_clear(&err);
    CHECK_INT(fy_sink_commit(k, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "the text is not valid UTF-8 (byte 1); it was refused");
    fy_sink_close(k);
    fy_err_clear(&err);
    CHECK_INT(fy_sink_text_new(5, "safe", 4, &k, &err), FY_OK);
    CHECK_INT(fy_sink_write(k, "rm -r", 5, &err), FY_OK);
    fy_err_clear(&err);
    CHECK_INT(fy_sink_commit(k, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "the text does not begin with the preview it was offered with");
    fy_sink_close(k);
    fy_err_clear(&err);
    CHECK_INT(fy_sink_text_new(5, "", 0, &k, &err), FY_OK);
    CHECK_INT(fy_sink_write(k, "abc", 3, &err), FY_OK);
    fy_err_clear(&err);
    CHECK_INT(fy_sink_commit(k, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "the text ended after 3 of 5 bytes");
    fy_sink_close(k);
}

/* A text entry encoded, then decoded. */
static fy_result wire_roundtrip(uint8_t kind, uint64_t size, const char *path, size_t path_len, fy_wire_entry *out,
                                fy_err *err)
{
    static uint8_t buf[1024];
    fy_wire_entry e = {kind, 0, size, 0, path, path_len};
    fy_wbuf w;
    fy_rbuf r;
    fy_err_clear(err);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_entry(&w, &e);
    fy_rbuf_init(&r, buf, w.len);
    return fy_dec_entry(&r, out, err);
}

static void test_wire(void)
{
    static const uint8_t want[] = {2, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'};
    uint8_t buf[64];
    fy_wire_entry e = {FY_ENTRY_TEXT, 0, 5, 0, "hi", 2}, d;
    fy_wbuf w;
    fy_err err = {0};
    char long_preview[FY_TEXT_PREVIEW_MAX + 2];

    fy_test_case = "text entry bytes";
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_entry(&w, &e);
    CHECK_INT(w.len, sizeof want);
    CHECK_MEM(buf, want, sizeof want);
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, 5, "hi", 2, &d, &err), FY_OK);
    CHECK_INT(d.kind, FY_ENTRY_TEXT);
    CHECK_INT(d.size, 5);
    CHECK_INT(d.path_len, 2);

    fy_test_case = "text entry caps";
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, FY_TEXT_BYTES_MAX, "", 0, &d, &err), FY_OK);
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, FY_TEXT_BYTES_MAX + 1, "", 0, &d, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "text of 65537 bytes refused: the limit is 65536 bytes (64 KiB)");
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, UINT64_MAX, "", 0, &d, &err), FY_ERR_PROTOCOL);
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, 0, "", 0, &d, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "text of 0 bytes refused: the limit is 65536 bytes (64 KiB)");
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, 10, "a\nb", 3, &d, &err), FY_ERR_PROTOCOL);
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, 10, "a\xff", 2, &d, &err), FY_ERR_PROTOCOL);
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, 2, "abc", 3, &d, &err), FY_ERR_PROTOCOL); /* preview longer than text */
    memset(long_preview, 'a', sizeof long_preview);
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, 1000, long_preview, FY_TEXT_PREVIEW_MAX, &d, &err), FY_OK);
    CHECK_INT(wire_roundtrip(FY_ENTRY_TEXT, 1000, long_preview, FY_TEXT_PREVIEW_MAX + 1, &d, &err),
              FY_ERR_PROTOCOL);
    CHECK_INT(wire_roundtrip(3, 1, "", 0, &d, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "MANIFEST entry of unknown kind 3");
}

/* ---- the machines -------------------------------------------------------- */

typedef struct queued {
    uint8_t type;
    size_t len;
    uint8_t *p;
    struct queued *next;
} queued;
static queued *q_head, **q_tail = &q_head;

static fy_result to_sender(void *ud, uint8_t type, const uint8_t *p, size_t n, fy_err *err)
{
    queued *f = calloc(1, sizeof *f);
    (void)ud, (void)err;
    f->type = type;
    f->len = n;
    f->p = malloc(n + 1);
    memcpy(f->p, p, n);
    *q_tail = f;
    q_tail = &f->next;
    return FY_OK;
}

static void queue_clear(void)
{
    while (q_head) {
        queued *f = q_head;
        q_head = f->next;
        free(f->p);
        free(f);
    }
    q_tail = &q_head;
}

/* Sends text through both machines; the receive folder must never be
 * touched (it does not exist). Returns the receiver's text, or NULL. */
static uint8_t *run_text(const uint8_t *text, size_t len, int accept, fy_result *src, fy_result *rrc,
                         uint8_t *hello_version, size_t *got_len)
{
    fy_manifest m;
    fy_send *s = NULL;
    fy_recv *r = NULL;
    fy_err serr = {0}, rerr = {0};
    fy_recv_config cfg = {"no-such-folder-text-test", 0, 0, "rx", "Linux", to_sender, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    uint8_t *out = NULL;

    *src = *rrc = FY_OK;
    fy_manifest_init(&m);
    CHECK_INT(fy_manifest_add_text(&m, text, len, &serr), FY_OK);
    CHECK_INT(fy_send_new(&m, "tx", "Linux", &s, &serr), FY_OK);
    CHECK_INT(fy_recv_new(&cfg, &r, &rerr), FY_OK);
    for (;;) {
        fy_send_out o;
        fy_recv_status st;
        if ((*src = fy_send_next(s, &o, &serr)) != FY_OK || o.status == FY_SEND_FINISHED)
            break;
        if (o.status == FY_SEND_FRAME) {
            if (o.type == FY_MSG_HELLO)
                *hello_version = o.payload[FY_MAGIC_LEN];
            if ((*rrc = fy_recv_frame(r, o.type, o.payload, o.len, &st, &rerr)) != FY_OK)
                break;
            if (st == FY_RECV_ASK) {
                CHECK(fy_recv_is_text(r));
                if ((*rrc = fy_recv_answer(r, accept, &st, &rerr)) != FY_OK)
                    break;
            }
        } else {
            queued *f = q_head;
            if (!f)
                break;
            q_head = f->next;
            if (!q_head)
                q_tail = &q_head;
            *src = fy_send_frame(s, f->type, f->p, f->len, &serr);
            free(f->p);
            free(f);
            if (*src != FY_OK)
                break;
        }
    }
    out = fy_recv_take_text(r, got_len);
    fy_recv_free(r);
    fy_send_free(s);
    queue_clear();
    return out;
}

static void test_machines(void)
{
    static const char *const texts[] = {"https://example.org/x?y=1", "line one\nline two\r\n\x1b[2J\x07",
                                        "a\0b (a NUL is UTF-8)"};
    uint8_t *big = malloc(FY_TEXT_BYTES_MAX);
    for (size_t i = 0; i < 3; i++) {
        size_t len = i == 2 ? 20 : strlen(texts[i]), got = 0;
        fy_result src, rrc;
        uint8_t v = 0, *out;
        fy_test_case = texts[i];
        out = run_text((const uint8_t *)texts[i], len, 1, &src, &rrc, &v, &got);
        CHECK_INT(src, FY_OK);
        CHECK_INT(rrc, FY_OK);
        CHECK_INT(v, FY_PROTO_VERSION_TEXT);
        CHECK(out != NULL);
        CHECK_INT(got, len);
        if (out)
            CHECK_MEM(out, texts[i], len);
        free(out);
    }
    {
        size_t got = 0;
        fy_result src, rrc;
        uint8_t v = 0, *out;
        fy_test_case = "64 KiB exactly";
        memset(big, 'z', FY_TEXT_BYTES_MAX);
        out = run_text(big, FY_TEXT_BYTES_MAX, 1, &src, &rrc, &v, &got);
        CHECK_INT(src, FY_OK);
        CHECK_INT(got, FY_TEXT_BYTES_MAX);
        free(out);
        fy_test_case = "declined";
        out = run_text((const uint8_t *)"no", 2, 0, &src, &rrc, &v, &got);
        CHECK_INT(src, FY_ERR_DECLINED);
        CHECK(out == NULL);
    }
    free(big);
}

/* Frames fed straight to a receiver; the last must fail with msg. */
static void hostile(const char *name, uint8_t version, const fy_wire_entry *entries, int n, const uint8_t *data,
                    size_t data_len, const char *msg)
{
    fy_recv *r = NULL;
    fy_err err = {0};
    fy_recv_config cfg = {"no-such-folder-text-test", 0, 0, "rx", "Linux", to_sender, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    fy_recv_status st;
    uint8_t buf[4096], hash[FY_HASH_LEN];
    fy_wbuf w;
    fy_hello h = {version, "evil", "Linux"};
    fy_offer o = {{0}, (uint32_t)n, 0, 0};
    fy_manifest m;
    fy_result rc;

    fy_test_case = name;
    fy_manifest_init(&m);
    for (int i = 0; i < n; i++) {
        fy_ignore(fy_manifest_add(&m, entries[i].kind, 0, entries[i].size, 0, entries[i].path, entries[i].path_len,
                                  NULL, NULL));
        o.files += entries[i].kind != FY_ENTRY_DIR;
        o.total_bytes += entries[i].size;
    }
    fy_manifest_id(&m, o.id);
    CHECK_INT(fy_recv_new(&cfg, &r, &err), FY_OK);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_hello(&w, &h);
    rc = fy_recv_frame(r, FY_MSG_HELLO, buf, w.len, &st, &err);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_offer(&w, &o);
    if (rc == FY_OK)
        rc = fy_recv_frame(r, FY_MSG_OFFER, buf, w.len, &st, &err);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_manifest_head(&w, 0, (uint16_t)n);
    for (int i = 0; i < n; i++)
        fy_enc_entry(&w, &entries[i]);
    if (rc == FY_OK)
        rc = fy_recv_frame(r, FY_MSG_MANIFEST, buf, w.len, &st, &err);
    if (rc == FY_OK && st == FY_RECV_ASK)
        rc = fy_recv_answer(r, 1, &st, &err);
    if (rc == FY_OK) {
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_file(&w, 0, 0);
        rc = fy_recv_frame(r, FY_MSG_FILE, buf, w.len, &st, &err);
    }
    if (rc == FY_OK)
        rc = fy_recv_frame(r, FY_MSG_DATA, data, data_len, &st, &err);
    fy_hash_buffer(data, data_len, hash);
    if (rc == FY_OK)
        rc = fy_recv_frame(r, FY_MSG_FILE_END, hash, FY_HASH_LEN, &st, &err);
    if (rc == FY_OK)
        rc = fy_recv_frame(r, FY_MSG_DONE, NULL, 0, &st, &err);
    if (msg) {
        CHECK(rc != FY_OK);
        CHECK_STR(err.msg, msg);
    } else {
        CHECK_INT(rc, FY_OK);
        CHECK_INT(st, FY_RECV_FINISHED);
    }
    fy_recv_free(r);
    fy_manifest_free(&m);
    queue_clear();
}

static void test_hostile(void)
{
    fy_wire_entry text = {FY_ENTRY_TEXT, 0, 5, 0, "hello", 5};
    fy_wire_entry two[2] = {{FY_ENTRY_TEXT, 0, 2, 0, "", 0}, {FY_ENTRY_FILE, 0, 1, 0, "f", 1}};
    fy_wire_entry file_then_text[2] = {{FY_ENTRY_FILE, 0, 1, 0, "f", 1}, {FY_ENTRY_TEXT, 0, 2, 0, "", 0}};
    fy_wire_entry huge = {FY_ENTRY_TEXT, 0, (uint64_t)1 << 40, 0, "", 0};
    fy_wire_entry over = {FY_ENTRY_TEXT, 0, FY_TEXT_BYTES_MAX + 1, 0, "", 0};
    fy_wire_entry bad = {FY_ENTRY_TEXT, 0, 3, 0, "", 0};
    fy_wire_entry lying = {FY_ENTRY_TEXT, 0, 5, 0, "safe", 4};

    hostile("honest", 2, &text, 1, (const uint8_t *)"hello", 5, NULL);
    hostile("text from a version 1 sender", 1, &text, 1, (const uint8_t *)"hello", 5,
            "a text entry from a sender that said protocol version 1");
    hostile("text and a file", 2, two, 2, (const uint8_t *)"hi", 2,
            "a text entry must be the only entry of its offer");
    hostile("a file and a text", 2, file_then_text, 2, (const uint8_t *)"x", 1,
            "a text entry must be the only entry of its offer");
    hostile("1 TiB of text", 2, &huge, 1, (const uint8_t *)"x", 1,
            "text of 1099511627776 bytes refused: the limit is 65536 bytes (64 KiB)");
    hostile("64 KiB + 1", 2, &over, 1, (const uint8_t *)"x", 1,
            "text of 65537 bytes refused: the limit is 65536 bytes (64 KiB)");
    hostile("invalid UTF-8", 2, &bad, 1, (const uint8_t *)"a\xff" "b", 3,
            "the text is not valid UTF-8 (byte 1); it was refused");
    hostile("preview that lies", 2, &lying, 1, (const uint8_t *)"rm -r", 5,
            "the text does not begin with the preview it was offered with");
    hostile("more data than the text", 2, &text, 1, (const uint8_t *)"hello!", 6,
            "sender sent more data than announced for the text");
    hostile("protocol version 3", 3, &text, 1, (const uint8_t *)"hello", 5,
            "the sender speaks protocol version 3; this Ferry speaks 1 to 2: the receiver needs a newer Ferry");
}

int main(void)
{
    test_escape();
    test_utf8();
    test_preview();
    test_source_sink();
    test_wire();
    test_machines();
    test_hostile();
    fy_test_case = NULL;
    return fy_test_done("text");
}
