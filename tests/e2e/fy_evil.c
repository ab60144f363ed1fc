/* fy_evil.c: a hostile sender for the end-to-end tests. It speaks just
 * enough of the protocol (through the core's own encoders) to lie in one
 * chosen way, then prints the receiver's ERROR text, if any, on stdout.
 *
 *   fy_evil PORT MODE
 *
 * Modes: garbage, oversize, truncated, traversal, absolute-nested, more,
 * fewer, badhash, silent, lying-offer, orphan, pair-reveal-first, wrap,
 * huge, bigdata; text snippets: text-huge (a text entry of 1 TiB),
 * text-over (64 KiB + 1), text-bad-utf8 (bytes that are not UTF-8, with
 * the right checksum), text-v1 (a text after a version-1 HELLO).
 * Linux-only test tool: plain sockets.
 *
 *   fy_evil PORT old-receiver
 * is the other side: a receiver of protocol version 1 as Ferry was before
 * text (listening on 127.0.0.1:PORT, one connection): it refuses a HELLO
 * of another version with the very ERROR that Ferry sent, and prints the
 * version it was offered.
 *
 * Two helpers that connect nowhere, for tests that plant files a receiver
 * might mistake for its own bookkeeping (t_attack_journal.sh):
 *
 *   fy_evil id PATH...   the transfer id `ferry send PATH...` will offer
 *   fy_evil hash FILE    the checksum of FILE, as the journal writes it
 * (both as 32 lowercase hex digits). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/fy_hash.h"
#include "core/fy_manifest.h"
#include "core/fy_pair.h"
#include "core/fy_text.h"
#include "core/fy_trust.h"
#include "core/fy_wire.h"
#include "fy_rawsock.h"
#include "net/fy_secure.h"

static int sock;
static fy_transport wire; /* sealed once the handshake is done */


static void put(const void *p, size_t n) { (void)wire.send(wire.ctx, p, n, NULL); }

static ssize_t get(void *p, size_t n)
{
    size_t got;
    if (wire.recv(wire.ctx, p, n, &got, NULL) != FY_OK)
        return -1;
    return (ssize_t)got;
}

/* The Noise handshake and PAIR_STATUS "unpaired, risk accepted": the
 * receiver under test runs with --allow-unpaired-mitm-risk. */
static int secure(uint8_t flags)
{
    static fy_secure *sec;
    fy_transport raw = {fy_rawsock_send, fy_rawsock_recv, NULL, (void *)(intptr_t)sock, NULL};
    fy_noise_suite suites[2];
    uint8_t priv[32], pub[32], st[16], h[5], buf[128];
    fy_wbuf w;
    int n = fy_secure_local_suites(suites);
    if (fy_pair_key_generate(priv, pub, NULL) != FY_OK ||
        fy_secure_handshake(&raw, FY_NOISE_INITIATOR, priv, suites, n, &sec, NULL) != FY_OK)
        return -1;
    fy_secure_transport(sec, &wire);
    fy_wbuf_init(&w, st, sizeof st);
    fy_w_u8(&w, flags);
    fy_w_str(&w, "evil", 4);
    fy_put_u32be(h, (uint32_t)w.len + 1);
    h[4] = FY_MSG_PAIR_STATUS;
    put(h, 5);
    put(st, w.len);
    /* the receiver's PAIR_STATUS */
    for (size_t got = 0, want = 5; got < want;) {
        ssize_t r = get(buf + got, want - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
        if (got == 5 && want == 5)
            want = 4 + fy_get_u32be(buf);
    }
    return 0;
}

static void frame(uint8_t type, const void *p, size_t n)
{
    uint8_t h[5];
    fy_put_u32be(h, (uint32_t)n + 1);
    h[4] = type;
    put(h, 5);
    put(p, n);
}

static void hello_v(uint8_t version)
{
    fy_hello m = {version, "evil", "Linux"};
    uint8_t buf[128];
    fy_wbuf w;
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_hello(&w, &m);
    frame(FY_MSG_HELLO, buf, w.len);
}

static void hello(void) { hello_v(FY_PROTO_VERSION_MIN); }

/* OFFER + MANIFEST for m; offer_files lets a mode lie about the count. */
static void offer(const fy_manifest *m, uint32_t offer_files)
{
    uint8_t buf[65536];
    fy_wbuf w;
    fy_offer o;
    fy_manifest_id(m, o.id);
    o.entries = m->n;
    o.files = offer_files;
    o.total_bytes = m->total;
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_offer(&w, &o);
    frame(FY_MSG_OFFER, buf, w.len);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_manifest_head(&w, 0, (uint16_t)m->n);
    for (uint32_t i = 0; i < m->n; i++) {
        fy_wire_entry e = {m->e[i].kind, 0, m->e[i].size, 0, m->e[i].path, m->e[i].path_len};
        fy_enc_entry(&w, &e);
    }
    frame(FY_MSG_MANIFEST, buf, w.len);
}

/* Reads frames until ACCEPT's HAVE records are done, an ERROR, or EOF. */
static int read_frame(uint8_t *type, uint8_t *buf, size_t cap, size_t *len)
{
    uint8_t h[5];
    size_t got = 0, body;
    while (got < 5) {
        ssize_t r = get(h + got, 5 - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    body = fy_get_u32be(h) - 1;
    *type = h[4];
    if (body > cap)
        return -1;
    for (got = 0; got < body;) {
        ssize_t r = get(buf + got, body - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    *len = body;
    return 0;
}

/* Prints any ERROR the receiver sends until it closes. */
static void drain(void)
{
    uint8_t buf[FY_FRAME_MAX], type;
    size_t n;
    while (read_frame(&type, buf, sizeof buf, &n) == 0) {
        if (type == FY_MSG_ERROR || type == FY_MSG_DECLINE) {
            fy_status s;
            if (fy_dec_status(type, buf, n, &s, NULL) == FY_OK)
                printf("%s\n", s.text), fflush(stdout);
            return; /* as a real sender does: the ERROR ends the connection */
        }
    }
}

static void wait_accept(void)
{
    uint8_t buf[FY_FRAME_MAX], type;
    size_t n;
    while (read_frame(&type, buf, sizeof buf, &n) == 0)
        if (type == FY_MSG_ACCEPT || type == FY_MSG_ERROR)
            return;
}

static void one_file(const char *path, uint64_t size, uint64_t send_bytes, int bad_hash)
{
    fy_manifest m;
    uint8_t *data = calloc(1, send_bytes + 1), hash[FY_HASH_LEN], fb[16];
    fy_wbuf w;
    memset(data, 'x', send_bytes);
    fy_manifest_init(&m);
    if (fy_manifest_add(&m, FY_ENTRY_FILE, 0, size, 0, path, strlen(path), NULL, NULL) != FY_OK)
        exit(2);
    offer(&m, 1);
    wait_accept();
    fy_wbuf_init(&w, fb, sizeof fb);
    fy_enc_file(&w, 0, 0);
    frame(FY_MSG_FILE, fb, w.len);
    frame(FY_MSG_DATA, data, send_bytes);
    fy_hash_buffer(data, send_bytes, hash);
    if (bad_hash)
        hash[0] ^= 1;
    frame(FY_MSG_FILE_END, hash, FY_HASH_LEN);
    frame(FY_MSG_DONE, NULL, 0);
    fy_manifest_free(&m);
    free(data);
}

/* Sizes the sender lies about: entries that are each within the wire's
 * limits, and an OFFER whose total is their sum as a 64-bit counter makes
 * of it. Encoded here rather than through fy_manifest_add, which refuses
 * such lists: the point is to see the receiver refuse them. The id is
 * fy_manifest_id's: XXH3-128 over each entry's wire encoding, in order. */
static void offer_sizes(const char *prefix, const uint64_t *sizes, unsigned n)
{
    char names[8][32];
    uint8_t buf[4096], eb[128];
    fy_wire_entry e[8];
    fy_offer o = {{0}, n, n, 0};
    fy_hash *h = fy_hash_new();
    fy_wbuf w;
    if (!h || n > 8)
        exit(2);
    for (unsigned i = 0; i < n; i++) {
        int len = snprintf(names[i], sizeof names[i], "%s%u.bin", prefix, i + 1);
        fy_wire_entry we = {FY_ENTRY_FILE, 0, sizes[i], 0, names[i], (size_t)len};
        e[i] = we;
        o.total_bytes += sizes[i]; /* wraps, on purpose */
        fy_wbuf_init(&w, eb, sizeof eb);
        fy_enc_entry(&w, &e[i]);
        fy_hash_update(h, eb, w.len);
    }
    fy_hash_digest(h, o.id);
    fy_hash_free(h);
    hello();
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_offer(&w, &o);
    frame(FY_MSG_OFFER, buf, w.len);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_manifest_head(&w, 0, (uint16_t)n);
    for (unsigned i = 0; i < n; i++)
        fy_enc_entry(&w, &e[i]);
    frame(FY_MSG_MANIFEST, buf, w.len);
}

/* A file announced at 2 MiB whose first DATA frame carries one byte more
 * than FY_DATA_MAX: within the frame cap, beyond the DATA cap. */
static void big_data(void)
{
    enum { SIZE = 2u << 20 };
    fy_manifest m;
    uint8_t *data = malloc(FY_DATA_MAX + 1), fb[16];
    fy_wbuf w;
    if (!data)
        exit(2);
    memset(data, 'x', FY_DATA_MAX + 1);
    fy_manifest_init(&m);
    if (fy_manifest_add(&m, FY_ENTRY_FILE, 0, SIZE, 0, "bigdata.bin", 11, NULL, NULL) != FY_OK)
        exit(2);
    hello();
    offer(&m, 1);
    wait_accept();
    fy_wbuf_init(&w, fb, sizeof fb);
    fy_enc_file(&w, 0, 0);
    frame(FY_MSG_FILE, fb, w.len);
    frame(FY_MSG_DATA, data, FY_DATA_MAX + 1);
    fy_manifest_free(&m);
    free(data);
}

/* One text entry of size bytes (sent as is: no cap applied here), its
 * bytes data[0..len) if the receiver accepts. */
static void text(uint8_t version, uint64_t size, const char *data, size_t len)
{
    fy_manifest m;
    uint8_t hash[FY_HASH_LEN], fb[16];
    fy_wbuf w;
    fy_manifest_init(&m);
    if (fy_manifest_add(&m, FY_ENTRY_TEXT, 0, size, 0, "", 0, NULL, NULL) != FY_OK)
        exit(2);
    hello_v(version);
    offer(&m, 1);
    fy_manifest_free(&m);
    for (;;) { /* refused before ACCEPT: say why, send nothing more */
        static uint8_t buf[FY_FRAME_MAX];
        uint8_t type;
        size_t n;
        fy_status st;
        if (read_frame(&type, buf, sizeof buf, &n) != 0)
            return;
        if (type == FY_MSG_ACCEPT)
            break;
        if ((type == FY_MSG_ERROR || type == FY_MSG_DECLINE) && fy_dec_status(type, buf, n, &st, NULL) == FY_OK) {
            printf("%s\n", st.text);
            fflush(stdout);
            return;
        }
    }
    fy_wbuf_init(&w, fb, sizeof fb);
    fy_enc_file(&w, 0, 0);
    frame(FY_MSG_FILE, fb, w.len);
    frame(FY_MSG_DATA, data, len);
    fy_hash_buffer(data, len, hash);
    frame(FY_MSG_FILE_END, hash, FY_HASH_LEN);
    frame(FY_MSG_DONE, NULL, 0);
}

/* A receiver of version 1, up to its answer to HELLO: the suite answer
 * and handshake as responder, PAIR_STATUS "unpaired, risk accepted",
 * then HELLO. Ferry before text refused any other version with ERROR 3
 * and this text. */
static int old_receiver(uint16_t port)
{
    struct sockaddr_in a;
    int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0);
    fy_transport raw;
    fy_noise_suite suites[2];
    fy_secure *sec = NULL;
    uint8_t priv[32], pub[32], st[16], buf[4096], type;
    size_t n;
    fy_wbuf w;
    fy_hello h;
    int ns = fy_secure_local_suites(suites);

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) != 0 || listen(ls, 1) != 0)
        return 3;
    printf("listening\n");
    fflush(stdout);
    if ((sock = accept(ls, NULL, NULL)) < 0)
        return 3;
    raw = (fy_transport){fy_rawsock_send, fy_rawsock_recv, NULL, (void *)(intptr_t)sock, NULL};
    if (fy_pair_key_generate(priv, pub, NULL) != FY_OK ||
        fy_secure_handshake(&raw, FY_NOISE_RESPONDER, priv, suites, ns, &sec, NULL) != FY_OK)
        return 4;
    fy_secure_transport(sec, &wire);
    fy_wbuf_init(&w, st, sizeof st);
    fy_w_u8(&w, FY_TRUST_UNPAIRED_OK);
    fy_w_str(&w, "old", 3);
    frame(FY_MSG_PAIR_STATUS, st, w.len);
    if (read_frame(&type, buf, sizeof buf, &n) != 0 || type != FY_MSG_PAIR_STATUS)
        return 5;
    if (read_frame(&type, buf, sizeof buf, &n) != 0 || type != FY_MSG_HELLO ||
        fy_dec_hello(buf, n, &h, NULL) != FY_OK)
        return 5;
    printf("offered version %u\n", h.version);
    fflush(stdout);
    if (h.version == 1) { /* what it would take: nothing to test here */
        close(sock);
        return 0;
    }
    {
        fy_status s = {FY_ERR_PROTOCOL, 0, ""};
        snprintf(s.text, sizeof s.text, "peer speaks protocol version %u; this Ferry speaks %u", h.version, 1);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_status(&w, FY_MSG_ERROR, &s);
        frame(FY_MSG_ERROR, buf, w.len);
    }
    /* Read until the sender closes, as Ferry does after an ERROR. */
    while (read_frame(&type, buf, sizeof buf, &n) == 0)
        ;
    close(sock);
    return 0;
}

static int print_id(int n, char **paths)
{
    fy_manifest m;
    uint8_t id[FY_HASH_LEN];
    char hex[2 * FY_HASH_LEN + 1];
    fy_err err = {0};
    fy_manifest_init(&m);
    if (fy_manifest_walk(&m, (const char *const *)paths, n, NULL, NULL, &err) != FY_OK) {
        fprintf(stderr, "fy_evil id: %s\n", err.msg);
        return 1;
    }
    fy_manifest_id(&m, id);
    fy_hash_hex(id, hex);
    printf("%s\n", hex);
    fy_manifest_free(&m);
    return 0;
}

static int print_hash(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL, hash[FY_HASH_LEN];
    char hex[2 * FY_HASH_LEN + 1];
    long n;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        !(data = malloc((size_t)n + 1)) || fread(data, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "fy_evil hash: cannot read %s\n", path);
        return 1;
    }
    fclose(f);
    fy_hash_buffer(data, (size_t)n, hash);
    fy_hash_hex(hash, hex);
    printf("%s\n", hex);
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    struct sockaddr_in a;
    const char *mode;
    if (argc >= 3 && !strcmp(argv[1], "id"))
        return print_id(argc - 2, argv + 2);
    if (argc == 3 && !strcmp(argv[1], "hash"))
        return print_hash(argv[2]);
    if (argc != 3)
        return 2;
    mode = argv[2];
    if (!strcmp(mode, "old-receiver"))
        return old_receiver((uint16_t)atoi(argv[1]));
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)atoi(argv[1]));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sock = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(sock, (struct sockaddr *)&a, sizeof a) != 0)
        return 3;

    wire.send = fy_rawsock_send;
    wire.recv = fy_rawsock_recv;
    wire.ctx = (void *)(intptr_t)sock;
    if (!strcmp(mode, "garbage")) {
        put("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 27);
        drain();
        return 0;
    }
    if (!strcmp(mode, "pair-reveal-first")) {
        /* A pairing run out of order: REVEAL where COMMIT must come. */
        uint8_t h[5], r[32] = {0};
        if (secure(FY_TRUST_CAN_PAIR) != 0)
            return 4;
        fy_put_u32be(h, 33);
        h[4] = FY_MSG_PAIR_REVEAL;
        put(h, 5);
        put(r, 32);
        drain();
        return 0;
    }
    if (secure(FY_TRUST_UNPAIRED_OK) != 0)
        return 4;
    if (!strcmp(mode, "oversize")) {
        uint8_t h[5] = {0x7f, 0xff, 0xff, 0xff, FY_MSG_OFFER};
        hello();
        put(h, 5);
    } else if (!strcmp(mode, "truncated")) {
        uint8_t h[5] = {0, 0, 0x10, 0, FY_MSG_OFFER};
        hello();
        put(h, 5);
        put("only a few bytes", 16);
        shutdown(sock, SHUT_WR);
    } else if (!strcmp(mode, "silent")) {
        hello();
        drain();
        return 0;
    } else if (!strcmp(mode, "lying-offer")) {
        fy_manifest m;
        fy_manifest_init(&m);
        if (fy_manifest_add(&m, FY_ENTRY_FILE, 0, 3, 0, "a.txt", 5, NULL, NULL) != FY_OK)
            return 2;
        hello();
        offer(&m, 0); /* says no files, lists one */
        fy_manifest_free(&m);
    } else if (!strcmp(mode, "absolute-nested")) {
        fy_manifest m;
        fy_manifest_init(&m);
        if (fy_manifest_add(&m, FY_ENTRY_FILE, 0, 4, 0, "/tmp/evil.txt", 13, NULL, NULL) != FY_OK)
            return 2;
        hello();
        offer(&m, 1);
        fy_manifest_free(&m);
    } else if (!strcmp(mode, "orphan")) {
        fy_manifest m;
        fy_manifest_init(&m);
        if (fy_manifest_add(&m, FY_ENTRY_FILE, 0, 3, 0, "dir/a.txt", 9, NULL, NULL) != FY_OK)
            return 2;
        hello();
        offer(&m, 1);
        fy_manifest_free(&m);
    } else if (!strcmp(mode, "traversal")) {
        /* Each name tries to leave the receive folder; all must land inside. */
        static const char *const names[] = {"../evil1.txt", "/evil2.txt", "../../../../../../evil3.txt",
                                            "..\\..\\evil4.txt", "./../evil5.txt"};
        fy_manifest m;
        uint8_t hash[FY_HASH_LEN], fb[16];
        fy_wbuf w;
        fy_manifest_init(&m);
        for (unsigned i = 0; i < 5; i++)
            if (fy_manifest_add(&m, FY_ENTRY_FILE, 0, 4, 0, names[i], strlen(names[i]), NULL, NULL) != FY_OK)
                return 2;
        hello();
        offer(&m, 5);
        wait_accept();
        fy_hash_buffer("evil", 4, hash);
        for (uint32_t i = 0; i < 5; i++) {
            fy_wbuf_init(&w, fb, sizeof fb);
            fy_enc_file(&w, i, 0);
            frame(FY_MSG_FILE, fb, w.len);
            frame(FY_MSG_DATA, "evil", 4);
            frame(FY_MSG_FILE_END, hash, FY_HASH_LEN);
        }
        frame(FY_MSG_DONE, NULL, 0);
        fy_manifest_free(&m);
    } else if (!strcmp(mode, "wrap")) {
        /* 2^63-1 + 2^63-1 + 3 wraps to 1 byte in 64 bits. */
        static const uint64_t sizes[] = {INT64_MAX, INT64_MAX, 3};
        offer_sizes("wrap", sizes, 3);
    } else if (!strcmp(mode, "huge")) {
        /* 3 * 2^61 (6.9 EB): no overflow in 64 bits, nor in 63 (a receiver
         * may cap totals at INT64_MAX), and it fits on no disk. */
        static const uint64_t sizes[] = {1ull << 61, 1ull << 61, 1ull << 61};
        offer_sizes("huge", sizes, 3);
    } else if (!strcmp(mode, "bigdata")) {
        big_data();
    } else if (!strcmp(mode, "text-huge")) {
        text(FY_PROTO_VERSION_TEXT, 1ull << 40, "x", 1);
    } else if (!strcmp(mode, "text-over")) {
        text(FY_PROTO_VERSION_TEXT, FY_TEXT_BYTES_MAX + 1ull, "x", 1);
    } else if (!strcmp(mode, "text-bad-utf8")) {
        text(FY_PROTO_VERSION_TEXT, 6, "ok\xff\xfe\xc0\xaf", 6);
    } else if (!strcmp(mode, "text-v1")) {
        text(1, 5, "hello", 5);
    } else {
        hello();
        if (!strcmp(mode, "more"))
            one_file("more.txt", 10, 20, 0);
        else if (!strcmp(mode, "fewer"))
            one_file("fewer.txt", 10, 5, 0);
        else if (!strcmp(mode, "badhash"))
            one_file("badhash.txt", 10, 10, 1);
        else
            return 2;
    }
    drain();
    close(sock);
    return 0;
}
