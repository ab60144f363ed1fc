/* test_machines.c: the sender and receiver machines talking to each other
 * in memory, no sockets: a whole transfer, a resume after an interruption,
 * a decline, and hostile frame sequences fed straight to the receiver. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/fy_recv.h"
#include "core/fy_send.h"
#include "fy_test.h"
#include "platform/fy_platform.h"

static char base[512];

/* Frames the receiver emits, queued for the sender. */
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
    f->type = type;
    f->len = n;
    f->p = malloc(n + 1);
    memcpy(f->p, p, n);
    *q_tail = f;
    q_tail = &f->next;
    return FY_OK;
}

static int queue_pop(queued **out)
{
    if (!q_head)
        return 0;
    *out = q_head;
    q_head = q_head->next;
    if (!q_head)
        q_tail = &q_head;
    return 1;
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

static long read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (!f)
        return -1;
    n = (long)fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static int file_exists(const char *path)
{
    fy_stat st;
    return fy_plat_stat(path, &st, NULL) == FY_OK && st.kind != FY_KIND_NONE;
}

/* Runs a transfer until done or until max_data DATA frames were delivered
 * (to simulate a connection that breaks). Returns the sender's result. */
static fy_result run(const char *const *paths, int n, const char *dst, int accept, int max_data, fy_progress *rp,
                     fy_progress *sp, fy_err *rerr)
{
    fy_manifest m;
    fy_send *s = NULL;
    fy_recv *r = NULL;
    fy_err err = {0};
    char state[600];
    fy_recv_config cfg = {dst, 0, 0, "rx", "Linux", to_sender, NULL, state, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    fy_result rc;
    int data = 0;

    snprintf(state, sizeof state, "%s/state", base); /* the receiver's resume journals */
    fy_manifest_init(&m);
    rc = fy_manifest_walk(&m, paths, n, NULL, NULL, &err);
    if (rc == FY_OK)
        rc = fy_send_new(&m, "tx", "Linux", &s, &err);
    if (rc == FY_OK)
        rc = fy_recv_new(&cfg, &r, rerr);
    while (rc == FY_OK) {
        fy_send_out o;
        fy_recv_status st;
        if ((rc = fy_send_next(s, &o, &err)) != FY_OK || o.status == FY_SEND_FINISHED)
            break;
        if (o.status == FY_SEND_FRAME) {
            if (o.type == FY_MSG_DATA && max_data >= 0 && data++ >= max_data) {
                rc = FY_ERR_CLOSED;
                break;
            }
            if ((rc = fy_recv_frame(r, o.type, o.payload, o.len, &st, rerr)) != FY_OK)
                break;
            if (st == FY_RECV_ASK && (rc = fy_recv_answer(r, accept, &st, rerr)) != FY_OK)
                break;
        } else {
            queued *f;
            if (!queue_pop(&f)) {
                rc = fy_fail(&err, FY_ERR_PROTOCOL, "deadlock: sender waits, nothing queued");
                break;
            }
            rc = fy_send_frame(s, f->type, f->p, f->len, &err);
            free(f->p);
            free(f);
        }
    }
    if (rp && r)
        fy_recv_progress(r, rp);
    if (sp && s)
        fy_send_progress(s, sp);
    if (r)
        fy_recv_abort(r);
    fy_recv_free(r);
    fy_send_free(s);
    {
        queued *f;
        while (queue_pop(&f)) {
            free(f->p);
            free(f);
        }
    }
    return rc;
}

static void path_join(char *out, size_t cap, const char *a, const char *b) { snprintf(out, cap, "%s/%s", a, b); }

static void test_transfer_and_resume(void)
{
    char src[600], dst[600], p[700], buf[300000], got[300000];
    const char *paths[1];
    fy_progress rp, sp;
    fy_err err = {0};

    path_join(src, sizeof src, base, "src/set");
    path_join(dst, sizeof dst, base, "dst");
    path_join(p, sizeof p, src, "sub/empty");
    CHECK_INT(fy_plat_mkdirs(p, &err), FY_OK);
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 7 + i / 1000);
    path_join(p, sizeof p, src, "a.bin");
    write_file(p, buf, 10);
    path_join(p, sizeof p, src, "sub/big.bin");
    write_file(p, buf, sizeof buf);
    path_join(p, sizeof p, src, "zero");
    write_file(p, "", 0);
    paths[0] = src;

    fy_test_case = "interrupted transfer";
    /* FY_DATA_MAX is 1 MiB, so big.bin is one DATA frame: stop before it. */
    CHECK_INT(run(paths, 1, dst, 1, 1, &rp, &sp, &err), FY_ERR_CLOSED);
    path_join(p, sizeof p, dst, "set/a.bin");
    CHECK(file_exists(p));
    path_join(p, sizeof p, dst, "set/sub/big.bin");
    CHECK(!file_exists(p));
    path_join(p, sizeof p, dst, "set/sub/empty");
    CHECK(file_exists(p));

    fy_test_case = "resumed transfer";
    /* Leave a prefix of big.bin as the .part a broken connection leaves. */
    path_join(p, sizeof p, dst, "set/sub/big.bin.part");
    write_file(p, buf, 100000);
    err.code = FY_OK;
    CHECK_INT(run(paths, 1, dst, 1, -1, &rp, &sp, &err), FY_OK);
    CHECK_STR(err.msg, "");
    CHECK_INT(sp.bytes_wire, sizeof buf - 100000); /* a.bin skipped, big.bin resumed */
    CHECK_INT(sp.bytes_resumed, 100000 + 10);
    CHECK_INT(rp.files_done, 3);
    path_join(p, sizeof p, dst, "set/sub/big.bin");
    CHECK_INT(read_file(p, got, sizeof got), sizeof buf);
    CHECK_MEM(got, buf, sizeof buf);
    path_join(p, sizeof p, dst, "set/sub/big.bin.part");
    CHECK(!file_exists(p));
    path_join(p, sizeof p, dst, "set/zero");
    CHECK_INT(read_file(p, got, sizeof got), 0);

    fy_test_case = "resume with a corrupt prefix starts over";
    path_join(dst, sizeof dst, base, "dst2");
    CHECK_INT(run(paths, 1, dst, 1, 1, NULL, NULL, &err), FY_ERR_CLOSED);
    path_join(p, sizeof p, dst, "set/sub/big.bin.part");
    write_file(p, "this is not the start of big.bin", 32);
    CHECK_INT(run(paths, 1, dst, 1, -1, &rp, &sp, &err), FY_OK);
    CHECK_INT(sp.bytes_wire, sizeof buf);
    path_join(p, sizeof p, dst, "set/sub/big.bin");
    CHECK_INT(read_file(p, got, sizeof got), sizeof buf);
    CHECK_MEM(got, buf, sizeof buf);

    fy_test_case = "decline writes nothing";
    path_join(dst, sizeof dst, base, "dst3");
    CHECK_INT(run(paths, 1, dst, 0, -1, NULL, NULL, &err), FY_ERR_DECLINED);
    CHECK(!file_exists(dst));
}

/* Frames fed straight to a receiver, the last one must fail with msg. */
static void hostile(const char *name, const fy_wire_entry *entries, int n, const uint8_t *extra_type,
                    const uint8_t *const *extra, const size_t *extra_len, int nextra, int fold, const char *msg)
{
    char dst[600];
    fy_recv *r = NULL;
    fy_err err = {0};
    fy_recv_config cfg = {dst, 0, fold, "rx", "Linux", to_sender, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    fy_recv_status st;
    uint8_t buf[8192];
    fy_wbuf w;
    fy_hello h = {1, "evil", "Linux"};
    fy_offer o = {{0}, (uint32_t)n, 0, 0};
    fy_manifest m;
    fy_result rc;

    fy_test_case = name;
    path_join(dst, sizeof dst, base, name);
    fy_manifest_init(&m);
    for (int i = 0; i < n; i++) {
        fy_ignore(fy_manifest_add(&m, entries[i].kind, 0, entries[i].size, 0, entries[i].path, entries[i].path_len, NULL,
                                  NULL));
        o.files += entries[i].kind == FY_ENTRY_FILE;
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
    for (int i = 0; i < nextra && rc == FY_OK; i++)
        rc = fy_recv_frame(r, extra_type[i], extra[i], extra_len[i], &st, &err);
    if (msg) {
        CHECK(rc != FY_OK);
        CHECK_STR(err.msg, msg);
    } else {
        CHECK_INT(rc, FY_OK);
    }
    fy_recv_free(r);
    fy_manifest_free(&m);
    {
        queued *f;
        while (queue_pop(&f)) {
            free(f->p);
            free(f);
        }
    }
}

static void test_hostile(void)
{
    /* The id is over the entries' bytes exactly as sent: a NUL in a path
     * is part of it (the file is saved as "a_b"), so a manifest cannot
     * share its id with another that differs only after a NUL. */
    static const fy_wire_entry nul[] = {{FY_ENTRY_FILE, 0, 4, 0, "a\0b", 3}};
    static const fy_wire_entry nul_cut[] = {{FY_ENTRY_FILE, 0, 4, 0, "a\0b", 3}, {FY_ENTRY_FILE, 0, 4, 0, "a\0c", 3}};
    static const fy_wire_entry one[] = {{FY_ENTRY_FILE, 0, 4, 0, "f.txt", 5}};
    static const fy_wire_entry two[] = {{FY_ENTRY_FILE, 0, 4, 0, "a", 1}, {FY_ENTRY_FILE, 0, 4, 0, "b", 1}};
    static const uint8_t file0[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static const uint8_t file1[12] = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    static const uint8_t file0_at2[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    static const uint8_t file9[12] = {0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0};
    char dst[600], p[700];

    hostile("NUL in a path: the id covers all of it", nul, 1, NULL, NULL, NULL, 0, 0, NULL);
    hostile("NUL in two paths: two names", nul_cut, 2, NULL, NULL, NULL, 0, 0, NULL);
    {
        fy_manifest a, b;
        uint8_t ia[FY_HASH_LEN], ib[FY_HASH_LEN];
        fy_test_case = "ids of paths that differ after a NUL";
        fy_manifest_init(&a);
        fy_manifest_init(&b);
        CHECK_INT(fy_manifest_add(&a, FY_ENTRY_FILE, 0, 4, 0, "a\0b", 3, NULL, NULL), FY_OK);
        CHECK_INT(fy_manifest_add(&b, FY_ENTRY_FILE, 0, 4, 0, "a\0c", 3, NULL, NULL), FY_OK);
        fy_manifest_id(&a, ia);
        fy_manifest_id(&b, ib);
        CHECK(memcmp(ia, ib, FY_HASH_LEN) != 0);
        fy_manifest_free(&a);
        fy_manifest_free(&b);
    }
    {
        uint8_t t[] = {FY_MSG_DATA};
        const uint8_t *x[] = {(const uint8_t *)"abcd"};
        size_t l[] = {4};
        hostile("data before file", one, 1, t, x, l, 1, 0, "unexpected DATA frame (expected FILE or DONE)");
    }
    {
        uint8_t t[] = {FY_MSG_FILE};
        const uint8_t *x[] = {file9};
        size_t l[] = {12};
        hostile("file index out of range", one, 1, t, x, l, 1, 0,
                "FILE frame names entry 9 out of order or not a file");
    }
    {
        uint8_t t[] = {FY_MSG_FILE};
        const uint8_t *x[] = {file0_at2};
        size_t l[] = {12};
        hostile("resume offset we never offered", one, 1, t, x, l, 1, 0,
                "FILE frame for \"f.txt\" starts at 2, but 0 bytes are here");
    }
    {
        uint8_t h[16] = {0};
        uint8_t t[] = {FY_MSG_FILE, FY_MSG_DATA, FY_MSG_FILE_END, FY_MSG_FILE};
        const uint8_t *x[] = {file1, (const uint8_t *)"abcd", h, file0};
        size_t l[] = {12, 4, 16, 12};
        fy_hash_buffer("abcd", 4, h);
        hostile("files out of order", two, 2, t, x, l, 4, 0, "FILE frame names entry 0 out of order or not a file");
    }
    {
        uint8_t t[] = {FY_MSG_DONE};
        const uint8_t *x[] = {NULL};
        size_t l[] = {0};
        hostile("done before all files", two, 2, t, x, l, 1, 0, "sender finished with 0 of 2 files sent");
    }
    {
        static const fy_wire_entry dup[] = {{FY_ENTRY_FILE, 0, 0, 0, "Readme", 6}, {FY_ENTRY_FILE, 0, 0, 0, "README", 6}};
        uint8_t h[16];
        uint8_t t[] = {FY_MSG_FILE, FY_MSG_FILE_END, FY_MSG_FILE, FY_MSG_FILE_END, FY_MSG_DONE};
        const uint8_t *x[] = {file0, h, file1, h, NULL};
        size_t l[] = {12, 16, 12, 16, 0};
        fy_hash_buffer("", 0, h);
        hostile("names that differ only in case", dup, 2, t, x, l, 5, 1, NULL);
        path_join(dst, sizeof dst, base, "names that differ only in case");
        path_join(p, sizeof p, dst, "Readme");
        CHECK(file_exists(p));
        path_join(p, sizeof p, dst, "README (1)");
        CHECK(file_exists(p));
    }
    {
        static const fy_wire_entry dirs[] = {{FY_ENTRY_DIR, 0, 0, 0, "a", 1},
                                             {FY_ENTRY_DIR, 0, 0, 0, "a/./b", 5},
                                             {FY_ENTRY_DIR, 0, 0, 0, "a/b", 3}};
        hostile("the same folder twice", dirs, 3, NULL, NULL, NULL, 0, 0, NULL);
    }
    {
        static const fy_wire_entry clash[] = {{FY_ENTRY_FILE, 0, 0, 0, "x", 1}, {FY_ENTRY_DIR, 0, 0, 0, "x", 1},
                                              {FY_ENTRY_FILE, 0, 0, 0, "x/in", 4}};
        hostile("a file and a folder with one name", clash, 3, NULL, NULL, NULL, 0, 0, NULL);
    }
}

/* The file list's sizes must not add up past 2^63-1: here they wrap to 0
 * in 64 bits, which OFFER's total then matches. */
static void test_hostile_sizes(void)
{
    static const fy_wire_entry wrap[] = {{FY_ENTRY_FILE, 0, 9223372036854775807ull, 0, "a", 1},
                                         {FY_ENTRY_FILE, 0, 9223372036854775807ull, 0, "b", 1},
                                         {FY_ENTRY_FILE, 0, 2, 0, "c", 1}};
    hostile("sizes that wrap around to 0", wrap, 3, NULL, NULL, NULL, 0, 0,
            "manifest entry 1 (\"b\"): the sizes add up to more than 2^63-1 bytes");
}

/* HAVE records fed straight to a sender of "set" (entry 0, a folder) and
 * "set/f" (entry 1, 4 bytes): the range is 1 ... size, of a file entry. */
static void test_sender_haves(void)
{
    static const struct {
        const char *name;
        uint32_t index;
        uint64_t have;
        const char *msg; /* NULL: accepted */
    } cases[] = {
        {"HAVE of the whole file", 1, 4, NULL},
        {"HAVE of 1 byte", 1, 1, NULL},
        {"HAVE of 0 bytes", 1, 0, "HAVE record for entry 1: 0 bytes held (the range is 1 to the file's size)"},
        {"HAVE past the end", 1, 5, "HAVE record for entry 1: 5 bytes held, more than the file's 4"},
        {"HAVE far past the end", 1, UINT64_MAX,
         "HAVE record for entry 1: 18446744073709551615 bytes held, more than the file's 4"},
        {"HAVE for a folder", 0, 1, "HAVE record for entry 0: not a file of this transfer"},
        {"HAVE for no entry", 9, 1, "HAVE record for entry 9: not a file of this transfer"},
    };
    char src[600], p[700];
    const char *paths[1] = {src};
    fy_err err = {0};

    path_join(src, sizeof src, base, "haves/set");
    CHECK_INT(fy_plat_mkdirs(src, &err), FY_OK);
    path_join(p, sizeof p, src, "f");
    write_file(p, "abcd", 4);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_manifest m;
        fy_send *s = NULL;
        fy_send_out o;
        fy_hello h = {1, "rx", "Linux"};
        fy_have hv = {cases[i].index, cases[i].have, {0}};
        uint8_t buf[128];
        fy_wbuf w;
        fy_result rc;

        fy_test_case = cases[i].name;
        fy_err_clear(&err);
        fy_manifest_init(&m);
        rc = fy_manifest_walk(&m, paths, 1, NULL, NULL, &err);
        if (rc == FY_OK)
            rc = fy_send_new(&m, "tx", "Linux", &s, &err);
        while (rc == FY_OK && (rc = fy_send_next(s, &o, &err)) == FY_OK && o.status == FY_SEND_FRAME)
            ;
        CHECK_INT(rc, FY_OK);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_hello(&w, &h);
        if (rc == FY_OK)
            rc = fy_send_frame(s, FY_MSG_HELLO, buf, w.len, &err);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_accept(&w, 1);
        if (rc == FY_OK)
            rc = fy_send_frame(s, FY_MSG_ACCEPT, buf, w.len, &err);
        CHECK_INT(rc, FY_OK);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_have_head(&w, 1);
        fy_enc_have(&w, &hv);
        if (rc == FY_OK)
            rc = fy_send_frame(s, FY_MSG_HAVE, buf, w.len, &err);
        if (cases[i].msg) {
            CHECK_INT(rc, FY_ERR_PROTOCOL);
            CHECK_STR(err.msg, cases[i].msg);
        } else {
            CHECK_INT(rc, FY_OK);
            CHECK_STR(err.msg, "");
            CHECK(fy_send_accepted(s));
        }
        fy_send_free(s);
        fy_manifest_free(&m);
    }
}

/* Names of 251-255 bytes are legal but leave no room for ".part": their
 * in-flight name is cut and made distinct with a hash. Two such names that
 * differ only in their last bytes, one of them interrupted and resumed. */
static void test_long_names(void)
{
    static char buf[1500000], got[1500000];
    char src[600], dst[600], p[1000], name1[256], name2[256];
    const char *paths[1];
    fy_progress rp, sp;
    fy_err err = {0};

    memset(name1, 'n', 255);
    name1[255] = '\0';
    memcpy(name2, name1, sizeof name2);
    name2[254] = 'm';
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 13 + i / 999);
    path_join(src, sizeof src, base, "long/set");
    path_join(dst, sizeof dst, base, "long-dst");
    CHECK_INT(fy_plat_mkdirs(src, &err), FY_OK);
    path_join(p, sizeof p, src, name1);
    write_file(p, buf, sizeof buf); /* two DATA frames */
    path_join(p, sizeof p, src, name2);
    write_file(p, buf, 1000);
    paths[0] = src;

    fy_test_case = "255-byte names: interrupted";
    /* name2 sorts first (its last byte is 'm'): all of it, then 1 MiB of name1 */
    CHECK_INT(run(paths, 1, dst, 1, 2, &rp, &sp, &err), FY_ERR_CLOSED);
    fy_test_case = "255-byte names: resumed";
    err.code = FY_OK;
    CHECK_INT(run(paths, 1, dst, 1, -1, &rp, &sp, &err), FY_OK);
    CHECK_STR(err.msg, "");
    CHECK(sp.bytes_resumed >= 1000000); /* the long .part was found again */
    snprintf(p, sizeof p, "%s/set/%s", dst, name2);
    CHECK_INT(read_file(p, got, sizeof got), 1000);
    CHECK_MEM(got, buf, 1000);
    snprintf(p, sizeof p, "%s/set/%s", dst, name1);
    CHECK_INT(read_file(p, got, sizeof got), sizeof buf);
    CHECK_MEM(got, buf, sizeof buf);
}

int main(void)
{
    fy_err err = {0};
    srand((unsigned)time(NULL));
    snprintf(base, sizeof base, "test-machines-tmp-%d", rand());
    if (fy_plat_mkdirs(base, &err) != FY_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    test_transfer_and_resume();
    test_hostile();
    test_hostile_sizes();
    test_sender_haves();
    test_long_names();
    fy_test_case = NULL;
    return fy_test_done("machines");
}
