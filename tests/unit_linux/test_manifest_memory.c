/* test_manifest_memory.c: what a manifest costs the receiver. It feeds the
 * receiver machine HELLO, OFFER and MANIFEST frames for a generated tree,
 * stops where the receiver would ask its user (FY_RECV_ASK), and reads the
 * process's peak resident size (VmHWM) from /proc/self/status. Linux only:
 * tests/CMakeLists.txt builds it only for a native Linux build.
 *
 *   test_manifest_memory            the test: 1,000,000 entries of 100-byte
 *                                   paths must stay under BOUND_MB
 *   test_manifest_memory N LEN [hostile]
 *                                   prints the figures for N entries of
 *                                   LEN-byte paths (bench/manifest_memory.sh);
 *                                   "hostile": every entry a top-level folder
 *                                   whose local name differs from its wire
 *                                   name, the most a receiver keeps per byte
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/fy_names.h"
#include "core/fy_recv.h"
#include "fy_test.h"

/* The receiver keeps, per entry of a 100-byte path: its fy_entry (64 bytes,
 * in an array grown by doubling: 64 MiB for 1,000,000), its entry_extra
 * (16), the wire path (101, packed), the local path (0 when it is the wire
 * path, as here), the key in the set of taken names (101, packed) and that
 * set's slots (16 bytes at a load of 1/4 to 1/2: 32 MiB, plus the old 16
 * while it grows). About 340 MB in all; the bound leaves room for the
 * allocator and the arenas' last blocks. The code before packing (a malloc
 * per string, and a copy of local) needed about 470 MB. */
#define BOUND_MB 400
#define TEST_ENTRIES 1000000u
#define TEST_PATH_LEN 100u

/* Sanitizers add redzones and shadow memory: there the test runs a smaller
 * tree for the code paths and only prints what it measured. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

#define GROUP 1000 /* a folder, then 999 files in it */
#define LINK 200   /* bytes in one component of a long prefix */

/* A tree of n entries whose file paths are len bytes: "root", for long
 * paths a chain of LINK-byte folders under it, then groups of a folder
 * "d0000012" and its files "f0012345-xxxx...". Or, hostile, n top-level
 * folders named with a backslash first, which the receiver maps to '_': so
 * each is kept as a wire path, a local path, a taken name and a folder key
 * (names are one component there: len is at most FY_NAME_MAX). */
typedef struct tree {
    uint32_t n, len;
    int hostile;
    uint32_t chain;     /* folders of the prefix, "root" included */
    char prefix[FY_PATH_MAX + 1];
    size_t prefix_len;
} tree;

static void tree_init(tree *t, uint32_t n, uint32_t len, int hostile)
{
    t->n = n;
    t->len = len;
    t->hostile = hostile;
    t->chain = 1;
    memcpy(t->prefix, "root", 5);
    t->prefix_len = 4;
    /* "/d0000000" and "/" leave a file name of at most 250 bytes to reach len. */
    while (t->prefix_len + 10 + 250 < len) {
        t->prefix[t->prefix_len++] = '/';
        memset(t->prefix + t->prefix_len, 'p', LINK);
        t->prefix_len += LINK;
        t->chain++;
    }
    t->prefix[t->prefix_len] = '\0';
}

static void tree_entry(const tree *t, uint32_t i, char *buf, size_t cap, fy_wire_entry *e)
{
    memset(e, 0, sizeof *e);
    e->mtime = 1700000000;
    e->path = buf;
    if (t->hostile) {
        size_t n = (size_t)snprintf(buf, cap, "\\%07u-", i);
        while (n < t->len && n < FY_NAME_MAX)
            buf[n++] = 'x';
        e->kind = FY_ENTRY_DIR;
        e->path_len = n;
        return;
    }
    if (i < t->chain) {
        e->kind = FY_ENTRY_DIR;
        e->path_len = 4 + (size_t)i * (LINK + 1);
        memcpy(buf, t->prefix, e->path_len);
        return;
    }
    {
        uint32_t j = i - t->chain;
        size_t n = (size_t)snprintf(buf, cap, "%s/d%07u", t->prefix, j / GROUP);
        if (j % GROUP == 0) {
            e->kind = FY_ENTRY_DIR;
            e->path_len = n;
            return;
        }
        n += (size_t)snprintf(buf + n, cap - n, "/f%07u-", j);
        while (n < t->len && n < cap - 1)
            buf[n++] = 'x';
        e->kind = FY_ENTRY_FILE;
        e->size = j;
        e->path_len = n;
    }
}

static fy_result discard(void *ud, uint8_t type, const uint8_t *p, size_t n, fy_err *err) { return FY_OK; }

/* VmHWM or VmRSS ("VmHWM:") in kB, -1 if unreadable. */
static long status_kb(const char *field)
{
    char line[256];
    long kb = -1;
    size_t fl = strlen(field);
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, fl) == 0) {
            kb = strtol(line + fl, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

/* Starts the peak (VmHWM) over from the current size (Linux 4.0+). */
static void reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

typedef struct measured {
    fy_result rc;
    uint32_t entries;      /* the receiver took in (fewer than offered if refused) */
    long base_kb, peak_kb; /* VmRSS before the receiver, VmHWM at FY_RECV_ASK */
    double seconds;
} measured;

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Feeds the receiver the whole offer of t; on FY_OK it is asking. */
static measured feed(const tree *t, fy_err *err)
{
    static uint8_t buf[FY_MANIFEST_CHUNK + FY_PATH_MAX + 64];
    static char path[FY_PATH_MAX + 1];
    measured out = {FY_OK, 0, 0, 0, 0};
    fy_recv_config cfg = {"test-manifest-memory-never-created", 0, 0, "rx", "Linux", discard, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    fy_hello h = {FY_PROTO_VERSION, "tx", "Linux"};
    fy_offer o = {{0}, t->n, 0, 0};
    fy_recv *r = NULL;
    fy_recv_status st = FY_RECV_CONTINUE;
    fy_hash *id = fy_hash_new();
    fy_wbuf w;
    double t0;

    /* The transfer id first: OFFER comes before the entries it hashes. */
    for (uint32_t i = 0; i < t->n && id; i++) {
        fy_wire_entry e;
        tree_entry(t, i, path, sizeof path, &e);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_entry(&w, &e);
        fy_hash_update(id, buf, w.len);
        o.files += e.kind == FY_ENTRY_FILE;
        o.total_bytes += e.size;
    }
    if (!id) {
        out.rc = fy_fail(err, FY_ERR_NOMEM, "out of memory");
        return out;
    }
    fy_hash_digest(id, o.id);
    fy_hash_free(id);

    reset_peak();
    out.base_kb = status_kb("VmRSS:");
    t0 = now();
    out.rc = fy_recv_new(&cfg, &r, err);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_hello(&w, &h);
    if (out.rc == FY_OK)
        out.rc = fy_recv_frame(r, FY_MSG_HELLO, buf, w.len, &st, err);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_offer(&w, &o);
    if (out.rc == FY_OK)
        out.rc = fy_recv_frame(r, FY_MSG_OFFER, buf, w.len, &st, err);
    for (uint32_t i = 0; i < t->n && out.rc == FY_OK;) {
        uint16_t count = 0;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_manifest_head(&w, i, 0);
        while (i < t->n && count < 0xFFFF && w.len < FY_MANIFEST_CHUNK) {
            fy_wire_entry e;
            tree_entry(t, i++, path, sizeof path, &e);
            fy_enc_entry(&w, &e);
            count++;
        }
        buf[4] = (uint8_t)(count >> 8);
        buf[5] = (uint8_t)count;
        out.rc = fy_recv_frame(r, FY_MSG_MANIFEST, buf, w.len, &st, err);
    }
    if (out.rc == FY_OK && st != FY_RECV_ASK)
        out.rc = fy_fail(err, FY_ERR_PROTOCOL, "the receiver did not ask after the whole manifest");
    out.seconds = now() - t0;
    out.peak_kb = status_kb("VmHWM:");
    out.entries = r ? fy_recv_manifest(r)->n : 0;
    fy_recv_free(r);
    return out;
}

static void print_measured(const tree *t, const measured *m)
{
    long kb = m->peak_kb - m->base_kb;
    printf("%8u %sentries, %4u-byte paths: receiver peak RSS %7.1f MiB (%5.0f bytes/entry), %.2f s\n", t->n,
           t->hostile ? "hostile " : "", t->len, kb / 1024.0, m->entries ? kb * 1024.0 / m->entries : 0.0,
           m->seconds);
}

int main(int argc, char **argv)
{
    tree t;
    measured m;
    fy_err err = {0};

    if (argc == 3 || argc == 4) {
        unsigned long n = strtoul(argv[1], NULL, 10), len = strtoul(argv[2], NULL, 10);
        int hostile = argc == 4 && strcmp(argv[3], "hostile") == 0;
        if (n < 2 || n > FY_ENTRIES_MAX || len < 40 || len > FY_PATH_MAX || (argc == 4 && !hostile)) {
            fprintf(stderr, "usage: %s [ENTRIES (2..%u) PATH_BYTES (40..%u) [hostile]]\n", argv[0],
                    FY_ENTRIES_MAX, FY_PATH_MAX);
            return 2;
        }
        tree_init(&t, (uint32_t)n, (uint32_t)len, hostile);
        m = feed(&t, &err);
        print_measured(&t, &m);
        if (m.rc != FY_OK) {
            /* Still a figure: what a refused list cost until it was refused. */
            printf("    refused after %u entries: %s\n", m.entries, err.msg);
            return 1;
        }
        return 0;
    }

    fy_test_case = "1,000,000 entries of 100-byte paths";
    tree_init(&t, SANITIZED ? TEST_ENTRIES / 20 : TEST_ENTRIES, TEST_PATH_LEN, 0);
    m = feed(&t, &err);
    CHECK_INT(m.rc, FY_OK);
    CHECK_STR(err.msg, "");
    CHECK(m.peak_kb > 0 && m.base_kb > 0);
    print_measured(&t, &m);
    fy_test_checks++;
    if (!SANITIZED && (m.peak_kb - m.base_kb) / 1000 > BOUND_MB)
        fy_test_fail(__FILE__, __LINE__, "the receiver's peak grew by %ld MB, over the bound of %d MB",
                     (m.peak_kb - m.base_kb) / 1000, BOUND_MB);
    fy_test_case = NULL;
    return fy_test_done("manifest memory");
}
