/* gen_seeds: writes the seed corpora of the fuzz targets, from Ferry's own
 * encoders, so the seeds are right byte for byte (ids and checksums
 * included). Run by hand after a change to a format:
 *
 *     build-fuzz/tests/fuzz_gen_seeds tests/fuzz/corpus
 *
 * Each seed is small: libFuzzer grows the rest. The input layout of each
 * target is described at the top of its tests/fuzz/fuzz_*.c. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/fy_disco.h"
#include "core/fy_hash.h"
#include "core/fy_noise.h"
#include "core/fy_resume.h"
#include "core/fy_wire.h"

typedef struct seed {
    uint8_t b[1 << 16];
    size_t n;
} seed;

static const char *g_root;

static void put(seed *s, const void *p, size_t n)
{
    if (s->n + n > sizeof s->b) {
        fprintf(stderr, "seed too large\n");
        exit(1);
    }
    memcpy(s->b + s->n, p, n);
    s->n += n;
}
static void put_u8(seed *s, uint8_t v) { put(s, &v, 1); }
static void put_u16(seed *s, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(s, b, 2);
}
static void put_u32(seed *s, uint32_t v)
{
    uint8_t b[4];
    fy_put_u32be(b, v);
    put(s, b, 4);
}
static void put_str(seed *s, const char *t) { put(s, t, strlen(t)); }

static void frame(seed *s, uint8_t type, const void *p, size_t n)
{
    put_u32(s, (uint32_t)n + 1);
    put_u8(s, type);
    if (n)
        put(s, p, n);
}

static void save(const char *target, const char *name, const seed *s)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", g_root, target);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        exit(1);
    }
    snprintf(path, sizeof path, "%s/%s/%s", g_root, target, name);
    if (!(f = fopen(path, "wb")) || fwrite(s->b, 1, s->n, f) != s->n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* ---- a sender's frames ------------------------------------------------------ */

typedef struct ent {
    uint8_t kind;
    const char *path;
    const char *data; /* file content */
} ent;

/* The version a seed's HELLO says: 1 for files (the seeds from before
 * text stay byte for byte), 2 where a seed sends text. */
static uint8_t g_version = FY_PROTO_VERSION_MIN;

static void hello(seed *s, const char *device)
{
    fy_hello h = {g_version, "", "Linux"};
    uint8_t b[128];
    fy_wbuf w;
    snprintf(h.device, sizeof h.device, "%s", device);
    fy_wbuf_init(&w, b, sizeof b);
    fy_enc_hello(&w, &h);
    frame(s, FY_MSG_HELLO, b, w.len);
}

/* HELLO, OFFER (the right id, counts and total) and one MANIFEST frame. */
static void offer_and_manifest(seed *s, const ent *e, int n)
{
    static uint8_t b[1 << 15];
    fy_wbuf w;
    fy_offer o;
    size_t first;
    memset(&o, 0, sizeof o);
    fy_wbuf_init(&w, b, sizeof b);
    fy_enc_manifest_head(&w, 0, (uint16_t)n);
    first = w.len;
    for (int i = 0; i < n; i++) {
        fy_wire_entry we = {e[i].kind, 0, e[i].data ? strlen(e[i].data) : 0,
                            e[i].kind == FY_ENTRY_TEXT ? 0 : 1700000000 + i, e[i].path, strlen(e[i].path)};
        fy_enc_entry(&w, &we);
        o.entries++;
        if (e[i].kind != FY_ENTRY_DIR) {
            o.files++;
            o.total_bytes += we.size;
        }
    }
    fy_hash_buffer(b + first, w.len - first, o.id);
    hello(s, "laptop");
    {
        uint8_t ob[64];
        fy_wbuf ow;
        fy_wbuf_init(&ow, ob, sizeof ob);
        fy_enc_offer(&ow, &o);
        frame(s, FY_MSG_OFFER, ob, ow.len);
    }
    frame(s, FY_MSG_MANIFEST, b, w.len);
}

/* FILE (at offset), DATA of the bytes from offset up to cut (-1: all),
 * and FILE_END if the whole file went. */
static void send_file(seed *s, uint32_t index, const char *data, size_t offset, long cut)
{
    uint8_t b[32], hash[FY_HASH_LEN];
    size_t len = strlen(data), end = cut < 0 || (size_t)cut > len ? len : (size_t)cut;
    fy_wbuf w;
    fy_wbuf_init(&w, b, sizeof b);
    fy_enc_file(&w, index, offset);
    frame(s, FY_MSG_FILE, b, w.len);
    if (end > offset)
        frame(s, FY_MSG_DATA, data + offset, end - offset);
    if (end == len) {
        fy_hash_buffer(data, len, hash);
        frame(s, FY_MSG_FILE_END, hash, sizeof hash);
    }
}

static void transfer(seed *s, const ent *e, int n)
{
    offer_and_manifest(s, e, n);
    for (int i = 0; i < n; i++)
        if (e[i].kind != FY_ENTRY_DIR)
            send_file(s, (uint32_t)i, e[i].data, 0, -1);
    frame(s, FY_MSG_DONE, NULL, 0);
}

static void status(seed *s, uint8_t type, uint8_t code, uint32_t files, const char *text)
{
    fy_status st;
    uint8_t b[64 + FY_TEXT_MAX];
    fy_wbuf w;
    memset(&st, 0, sizeof st);
    st.code = code;
    st.files_ok = files;
    snprintf(st.text, sizeof st.text, "%s", text);
    fy_wbuf_init(&w, b, sizeof b);
    fy_enc_status(&w, type, &st);
    frame(s, type, b, w.len);
}

/* ---- the targets ---------------------------------------------------------------- */

static const ent hi[] = {{FY_ENTRY_FILE, "hi.txt", "hello"}};
static const ent tree[] = {
    {FY_ENTRY_DIR, "docs", NULL},       {FY_ENTRY_FILE, "docs/a.txt", "alpha\n"},
    {FY_ENTRY_DIR, "docs/sub", NULL},   {FY_ENTRY_FILE, "docs/sub/b.bin", "\x01\x02\x03\x04"},
    {FY_ENTRY_FILE, "empty", ""},       {FY_ENTRY_FILE, "docs/sub/c", "gamma"},
};
static const ent evil[] = {
    {FY_ENTRY_FILE, "../etc/passwd", "x"}, {FY_ENTRY_FILE, "/abs", "y"},     {FY_ENTRY_FILE, "x", "1"},
    {FY_ENTRY_FILE, "x.part", "2"},         {FY_ENTRY_FILE, "X", "3"},        {FY_ENTRY_FILE, "CON.txt", "4"},
    {FY_ENTRY_FILE, "a\\b", "5"},           {FY_ENTRY_FILE, "tab\there", "6"}, {FY_ENTRY_FILE, "dots. ", "7"},
};

static void seeds_wire(void)
{
    seed s;
    uint8_t b[64], hash[FY_HASH_LEN];
    fy_wbuf w;

    /* docs/PROTOCOL.md section 10, the sender's side, read whole and in 1-byte reads. */
    for (int chunk = 0; chunk <= 1; chunk++) {
        s.n = 0;
        put_u8(&s, (uint8_t)chunk);
        transfer(&s, hi, 1);
        save("fuzz_wire", chunk ? "example-sender-1byte" : "example-sender", &s);
    }
    /* The receiver's side, then a resume's ACCEPT and HAVE. */
    s.n = 0;
    put_u8(&s, 7);
    hello(&s, "desk");
    fy_wbuf_init(&w, b, sizeof b);
    fy_enc_accept(&w, 1);
    frame(&s, FY_MSG_ACCEPT, b, w.len);
    {
        fy_have h = {0, 2, {0}};
        fy_hash_buffer("he", 2, h.hash);
        fy_wbuf_init(&w, b, sizeof b);
        fy_enc_have_head(&w, 1);
        fy_enc_have(&w, &h);
        frame(&s, FY_MSG_HAVE, b, w.len);
    }
    status(&s, FY_MSG_RESULT, 0, 1, "");
    save("fuzz_wire", "example-receiver", &s);
    /* Statuses, pairing frames, a large frame cut short. */
    s.n = 0;
    put_u8(&s, 3);
    status(&s, FY_MSG_DECLINE, FY_ERR_DECLINED, 0, "declined by the receiver");
    status(&s, FY_MSG_ERROR, FY_ERR_PROTOCOL, 0, "unexpected \x1b[31mDATA\x1b[0m frame");
    fy_wbuf_init(&w, b, sizeof b);
    fy_w_u8(&w, 0x03);
    fy_w_str(&w, "desk", 4);
    frame(&s, FY_MSG_PAIR_STATUS, b, w.len);
    memset(hash, 0xab, sizeof hash);
    frame(&s, FY_MSG_PAIR_COMMIT, hash, sizeof hash);
    frame(&s, FY_MSG_FILE_END, hash, sizeof hash);
    put_u32(&s, 8000);
    put_u8(&s, FY_MSG_DATA);
    put_str(&s, "cut short");
    save("fuzz_wire", "statuses", &s);
    /* A length over the cap. */
    s.n = 0;
    put_u8(&s, 0);
    put_u32(&s, FY_FRAME_MAX + 1);
    put_u8(&s, FY_MSG_DATA);
    save("fuzz_wire", "too-long", &s);
}

enum { R_FIX_ID = 1, R_FIX_HASH = 2, R_FIX_COUNTS = 4, R_DECLINE = 8, R_WINDOWS = 16, R_FOLD = 32,
       R_NO_STATE = 64, R_NO_DIR = 128 };

static void seeds_recv(void)
{
    seed s;
    s.n = 0;
    put_u8(&s, 0);
    transfer(&s, hi, 1);
    save("fuzz_recv", "example", &s);

    s.n = 0;
    put_u8(&s, R_FIX_ID | R_FIX_HASH | R_FIX_COUNTS);
    transfer(&s, tree, 6);
    save("fuzz_recv", "tree", &s);

    s.n = 0;
    put_u8(&s, R_WINDOWS | R_FOLD | R_FIX_ID | R_FIX_HASH | R_FIX_COUNTS);
    transfer(&s, evil, 9);
    save("fuzz_recv", "evil-names", &s);

    s.n = 0;
    put_u8(&s, R_DECLINE | R_NO_DIR);
    transfer(&s, tree, 6);
    save("fuzz_recv", "decline", &s);

    /* Broken after 2 bytes, then the rerun resumes at offset 2. */
    s.n = 0;
    put_u8(&s, R_FIX_ID | R_FIX_HASH);
    offer_and_manifest(&s, hi, 1);
    send_file(&s, 0, "hello", 0, 2);
    frame(&s, 0xFE, "", 1);
    offer_and_manifest(&s, hi, 1);
    send_file(&s, 0, "hello", 2, -1);
    frame(&s, FY_MSG_DONE, NULL, 0);
    save("fuzz_recv", "resume", &s);

    /* Files done in run 1, one cut; run 2 gets the rest; run 3 all again. */
    s.n = 0;
    put_u8(&s, R_FIX_ID | R_FIX_HASH);
    offer_and_manifest(&s, tree, 6);
    send_file(&s, 1, tree[1].data, 0, -1);
    send_file(&s, 3, tree[3].data, 0, 3);
    frame(&s, 0xFE, "", 1);
    offer_and_manifest(&s, tree, 6);
    send_file(&s, 1, tree[1].data, strlen(tree[1].data), -1);
    send_file(&s, 3, tree[3].data, 3, -1);
    send_file(&s, 4, "", 0, -1);
    send_file(&s, 5, tree[5].data, 0, -1);
    frame(&s, FY_MSG_DONE, NULL, 0);
    frame(&s, 0xFE, "", 1);
    transfer(&s, tree, 6);
    save("fuzz_recv", "resume-tree", &s);

    /* Text snippets (protocol version 2): one honest, with escapes in it;
     * one not UTF-8; one whose preview lies; one from a version-1 HELLO;
     * one declined, into a folder that does not exist. */
    g_version = FY_PROTO_VERSION_TEXT;
    {
        static const ent text[] = {{FY_ENTRY_TEXT, "https://example.org/x?y=1",
                                    "https://example.org/x?y=1\n\x1b[2J\x07 \xe2\x80\xae second line\r\n"}};
        static const ent bad[] = {{FY_ENTRY_TEXT, "ok", "ok\xff\xfe"}};
        static const ent lying[] = {{FY_ENTRY_TEXT, "safe", "rm -rf ~"}};
        s.n = 0;
        put_u8(&s, R_FIX_ID | R_FIX_HASH | R_FIX_COUNTS | R_NO_DIR);
        transfer(&s, text, 1);
        save("fuzz_recv", "text", &s);
        s.n = 0;
        put_u8(&s, R_FIX_ID | R_FIX_HASH | R_FIX_COUNTS);
        transfer(&s, bad, 1);
        save("fuzz_recv", "text-not-utf8", &s);
        s.n = 0;
        put_u8(&s, R_FIX_ID | R_FIX_HASH | R_FIX_COUNTS);
        transfer(&s, lying, 1);
        save("fuzz_recv", "text-lying-preview", &s);
        s.n = 0;
        put_u8(&s, R_DECLINE | R_NO_DIR | R_FIX_ID | R_FIX_COUNTS);
        transfer(&s, text, 1);
        save("fuzz_recv", "text-decline", &s);
        g_version = FY_PROTO_VERSION_MIN;
        s.n = 0;
        put_u8(&s, R_FIX_ID | R_FIX_HASH | R_FIX_COUNTS);
        transfer(&s, text, 1);
        save("fuzz_recv", "text-from-v1", &s);
        g_version = FY_PROTO_VERSION_TEXT;
        s.n = 0;
        put_u8(&s, 0);
        transfer(&s, text, 1);
        save("fuzz_wire", "text-sender", &s);
    }
    g_version = FY_PROTO_VERSION_MIN;

    /* The sender gives up with ERROR in the middle; no journal. */
    s.n = 0;
    put_u8(&s, R_NO_STATE | R_FIX_HASH);
    offer_and_manifest(&s, hi, 1);
    send_file(&s, 0, "hello", 0, 3);
    status(&s, FY_MSG_ERROR, FY_ERR_CANCELLED, 0, "cancelled");
    save("fuzz_recv", "error", &s);
}

static void entry(seed *s, uint8_t kind, uint64_t size, const char *path, size_t len)
{
    uint8_t b[FY_PATH_MAX + 32];
    fy_wbuf w;
    fy_wire_entry e = {kind, kind == FY_ENTRY_FILE ? FY_ENTRY_EXEC : 0, size, 1700000000, path, len};
    fy_wbuf_init(&w, b, sizeof b);
    fy_enc_entry(&w, &e);
    put(s, b, w.len);
}

static void seeds_manifest(void)
{
    seed s;
    char long_name[300];
    s.n = 0;
    put_u8(&s, 0);
    put_u8(&s, 1);
    for (int i = 0; i < 6; i++)
        entry(&s, tree[i].kind, tree[i].data ? strlen(tree[i].data) : 0, tree[i].path, strlen(tree[i].path));
    save("fuzz_manifest", "tree", &s);

    s.n = 0;
    put_u8(&s, 1);
    put_u8(&s, 7);
    for (int i = 0; i < 9; i++)
        entry(&s, FY_ENTRY_FILE, 1, evil[i].path, strlen(evil[i].path));
    entry(&s, FY_ENTRY_FILE, 1, "nul\0inside", 10);
    entry(&s, FY_ENTRY_FILE, 1, "bad\xff\xc0\xafutf8", 11);
    entry(&s, FY_ENTRY_DIR, 0, "a/./b/../c//d", 13);
    entry(&s, FY_ENTRY_FILE, 1, "archive.tar.gz", 14);
    entry(&s, FY_ENTRY_FILE, 1, "LPT1", 4);
    entry(&s, FY_ENTRY_FILE, 1, "x<y>:z|?*\"", 10);
    save("fuzz_manifest", "evil", &s);

    s.n = 0;
    put_u8(&s, 0);
    put_u8(&s, 200);
    memset(long_name, 'n', sizeof long_name);
    memcpy(long_name, "CON.", 4);
    entry(&s, FY_ENTRY_FILE, 9, long_name, FY_NAME_MAX);
    memcpy(long_name, "\xc3\xa9t\xc3\xa9", 6);
    entry(&s, FY_ENTRY_FILE, 9, long_name, FY_NAME_MAX);
    long_name[200] = '.';
    entry(&s, FY_ENTRY_FILE, 9, long_name, FY_NAME_MAX);
    save("fuzz_manifest", "long-names", &s);
}

static void seeds_resume(void)
{
    seed s;
    char hex[2 * FY_HASH_LEN + 1];
    uint8_t h[FY_HASH_LEN];
    fy_hash_buffer("hello", 5, h);
    fy_hash_hex(h, hex);
    s.n = 0;
    put_str(&s, FY_RESUME_HEADER);
    put_str(&s, "root 0 2049 131074 hi.txt\n");
    put_str(&s, "root 1 2049 131075 docs (1)\n");
    put_str(&s, "done 0 ");
    put_str(&s, hex);
    put_str(&s, " hi (1).txt\n");
    put_str(&s, "done 3 ");
    put_str(&s, hex);
    put_str(&s, " docs (1)/sub/b.bin\n");
    save("fuzz_resume", "journal", &s);

    s.n = 0;
    put_str(&s, FY_RESUME_HEADER);
    put_str(&s, "root 4294967296 1 1 x\n");
    put_str(&s, "root 1 18446744073709551615 18446744073709551616 x\n");
    put_str(&s, "root 2 1 1 a/b\n");
    put_str(&s, "done 0 00112233445566778899aabbccddeeff ../x\n");
    put_str(&s, "done 0 00112233445566778899AABBCCDDEEFG x\n");
    put_str(&s, "done 1 00112233445566778899aabbccddeeff a//b\n");
    put_str(&s, "done 1 00112233445566778899aabbccddeeff a\\b\n");
    put_str(&s, "root 3 1 1 \n");
    put_str(&s, "root 5 1 1 last line without end");
    save("fuzz_resume", "malformed", &s);
}

static void seeds_noise(void)
{
    /* flags, prologue, three payloads, position, xor, replacement, transport ops */
    static const struct {
        const char *name;
        uint8_t flags;
    } runs[] = {
        {"honest-chacha", 0x00}, {"honest-aes", 0x01},        {"msg2-flipped", 0x02 << 1 | 1 << 3},
        {"msg1-raw", 0x01 << 1}, {"msg3-cut", 0x03 << 1 | 2 << 3}, {"prologues-differ", 0x20},
    };
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        seed s;
        s.n = 0;
        put_u8(&s, runs[i].flags);
        put_u8(&s, 14);
        put_str(&s, "ferry-noise-v1");
        put_u8(&s, 0);
        put_u8(&s, 5);
        put_str(&s, "hello");
        put_u8(&s, 3);
        put_str(&s, "abc");
        put_u16(&s, 40);
        put_u8(&s, 0x80);
        put_u16(&s, 32);
        for (int k = 0; k < 32; k++)
            put_u8(&s, (uint8_t)(9 * k));
        put_u8(&s, 0); /* initiator -> responder */
        put_u16(&s, 5);
        put_str(&s, "frame");
        put_u8(&s, 1); /* responder -> initiator */
        put_u16(&s, 0);
        put_u8(&s, 2); /* altered */
        put_u16(&s, 3);
        put_str(&s, "bad");
        put_u8(&s, 0); /* after a failure the direction stays shut */
        put_u16(&s, 2);
        put_str(&s, "ok");
        save("fuzz_noise", runs[i].name, &s);
    }
}

static void secure_records(seed *s)
{
    static const uint8_t data_frame[] = {0,   0,   0,   12,  FY_MSG_DATA, 'h', 'e', 'l',
                                         'l', 'o', ' ', 'f', 'r',         'a', 'm', 'e'};
    put_u8(s, 0);
    put_u16(s, sizeof data_frame);
    put(s, data_frame, sizeof data_frame);
    put_u8(s, 0);
    put_u16(s, 3);
    put_str(s, "abc");
}

static void seeds_secure(void)
{
    seed s;
    /* fy_secure responds; the peer offers AES-GCM then ChaCha. */
    s.n = 0;
    put_u8(&s, 0x00);
    put_u8(&s, 0);
    put_u8(&s, 2);
    put_u8(&s, FY_SUITE_AESGCM);
    put_u8(&s, FY_SUITE_CHACHAPOLY);
    put_u16(&s, 7);
    put_u8(&s, 0x40);
    put_u16(&s, 0);
    secure_records(&s);
    save("fuzz_secure", "responder", &s);
    /* fy_secure initiates, ChaCha only, reads of 3 bytes, a bad record last. */
    s.n = 0;
    put_u8(&s, 0x01 | 1 << 2);
    put_u8(&s, 3);
    put_u16(&s, 1);
    put_u8(&s, 0x01);
    put_u16(&s, 0);
    put_u8(&s, 0); /* the peer's honest choice */
    secure_records(&s);
    put_u8(&s, 1);
    put_u16(&s, 4);
    put_str(&s, "evil");
    save("fuzz_secure", "initiator", &s);
    /* A peer that edits its own answer: the prologues differ. */
    s.n = 0;
    put_u8(&s, 0x01 | 1 << 4 | 1 << 6);
    put_u8(&s, 0);
    put_u16(&s, 8);
    put_u8(&s, 0x03);
    put_u16(&s, 0);
    put_u8(&s, 0);
    save("fuzz_secure", "answer-edited", &s);
    /* Raw bytes to a responder: an offer, then a handshake message. */
    s.n = 0;
    put_u8(&s, 0x02);
    put_u8(&s, 0);
    put_str(&s, "FERRY-N1\x02\x01\x02");
    put_u16(&s, 32);
    for (int k = 0; k < 32; k++)
        put_u8(&s, (uint8_t)(k + 1));
    put_u16(&s, 48);
    for (int k = 0; k < 48; k++)
        put_u8(&s, (uint8_t)(k * 3));
    save("fuzz_secure", "raw-responder", &s);
}

static void disco(seed *s, uint8_t type, const char *dev, const char *os, uint8_t repeat, uint32_t addr, uint16_t ms)
{
    fy_disco_msg m;
    uint8_t b[FY_DISCO_MAX];
    size_t n;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.version = 1;
    m.port = 53317;
    memset(m.key, type, sizeof m.key);
    snprintf(m.device, sizeof m.device, "%s", dev);
    snprintf(m.os, sizeof m.os, "%s", os);
    n = fy_disco_encode(&m, b, sizeof b);
    put_u8(s, (uint8_t)n);
    put_u8(s, repeat);
    put_u32(s, addr);
    put_u16(s, ms);
    put(s, b, n);
}

static void seeds_disco(void)
{
    seed s;
    s.n = 0;
    disco(&s, FY_DISCO_ANNOUNCE, "desk", "Linux", 0, 0xc0a80114, 0);
    disco(&s, FY_DISCO_QUERY, "laptop", "Windows", 0, 0xc0a8011f, 2000);
    disco(&s, FY_DISCO_REPLY, "desk", "Linux", 0, 0xc0a80114, 2000);
    disco(&s, FY_DISCO_ANNOUNCE, "desk \xe2\x9c\x93", "Linux", 0, 0xc0a80115, 16000);
    save("fuzz_disco", "three-kinds", &s);
    s.n = 0;
    disco(&s, FY_DISCO_ANNOUNCE, "flood", "Linux", 255, 0x0a000001, 0);
    disco(&s, FY_DISCO_ANNOUNCE, "flood2", "Linux", 10, 0x0a000100, 100);
    disco(&s, FY_DISCO_ANNOUNCE, "late", "Linux", 0, 0x0a000200, 15001);
    save("fuzz_disco", "flood", &s);
}

static void seeds_text(void)
{
    static const struct {
        const char *name, *bytes;
        size_t len;
    } t[] = {
#define T(name, lit) {name, lit, sizeof lit - 1}
        T("url", "https://example.org/x?y=1"),
        T("escapes", "\x1b[2J\x07\x1b]0;t\x07\xc2\x9b\x7f\0\r\n\t"),
        T("bidi", "ls \xe2\x80\xae txt.exe \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\xa8"),
        T("not-utf8", "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x80"),
        T("lines", "first line\nsecond\r\nthird"),
#undef T
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        seed s;
        s.n = 0;
        put(&s, t[i].bytes, t[i].len);
        save("fuzz_text", t[i].name, &s);
    }
}

static void seeds_config(void)
{
    seed s;
    s.n = 0;
    put_u8(&s, 0);
    put_str(&s, "# Ferry settings: key=value, one a line.\ndevice_name=desk\nreceive_dir=/home/ana/Downloads/Ferry\n"
                "port=53317\nallow_unpaired_mitm_risk=1\ndiscovery=0\nrecent=192.168.1.20:53317\r\n"
                "recent=desk:53317\nfuture_key=1\nbroken line\nport=99999\n");
    save("fuzz_config", "settings", &s);
    s.n = 0;
    put_u8(&s, 1);
    put_str(&s, "ferry-peers 1\n"
                "4746c421c86706880123456789abcdef0123456789abcdef0123456789abcdef 1700000000 desk\n"
                "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 1700000001 laptop \xe2\x9c\x93\n"
                "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 1700000002 renamed\n"
                "zz 1 bad\n");
    save("fuzz_config", "peers", &s);
    s.n = 0;
    put_u8(&s, 2);
    put_str(&s, "ferry-identity 1\nprivate 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
    save("fuzz_config", "identity", &s);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_FOLDER (tests/fuzz/corpus)\n", argv[0]);
        return 2;
    }
    g_root = argv[1];
    seeds_wire();
    seeds_recv();
    seeds_manifest();
    seeds_resume();
    seeds_noise();
    seeds_secure();
    seeds_disco();
    seeds_config();
    seeds_text();
    return 0;
}
