/* fuzz_recv: the receiver state machine (src/core/fy_recv.h) fed frames
 * split from the input, writing into a real receive folder and keeping
 * its journal in a real state folder (/tmp/ferry-fuzz-recv-XXXXXX/recv
 * and state/, or under $TMPDIR; emptied before each input). It answers
 * yes to an offer (or no).
 *
 * Input: one byte of flags (below), then frames as on the wire (u32
 * length, u8 type, payload). A frame of type 0xFE is not Ferry's: it
 * means "the connection broke here"; the receiver is aborted and a new one
 * (a rerun, up to 4 in all) gets the frames that follow, with the same
 * folders: that is how resume is reached.
 *
 * A sender's id (a hash of the entries) and checksums (of the data) cannot
 * be guessed by a fuzzer, so the harness can write them in: FIX_ID puts
 * the hash of the MANIFEST entries that follow into OFFER, FIX_COUNTS their
 * count, file count and total, FIX_HASH the hash of the bytes sent for the
 * file into FILE_END (the harness keeps its own copy of every file's
 * bytes, across reruns). Without these flags the refusals are reached.
 *
 * What must hold: every frame the receiver sends decodes (HELLO, ACCEPT
 * then exactly as many HAVE records as announced, each for a file and
 * within its size, DECLINE, RESULT); progress never passes its totals; a
 * finished transfer left each file at its place with its size and no
 * NAME.part; nothing is created beside the receive and state folders; no
 * link is ever made; no file descriptor is left open on them. */
#include "fuzz_util.h"

#include <dirent.h>
#include <fcntl.h>

#include "core/fy_hash.h"
#include "core/fy_names.h"
#include "core/fy_recv.h"
#include "core/fy_text.h"
#include "core/fy_wire.h"

enum {
    F_FIX_ID = 0x01,
    F_FIX_HASH = 0x02,
    F_FIX_COUNTS = 0x04,
    F_DECLINE = 0x08,
    F_WINDOWS = 0x10,   /* the Windows name rules */
    F_FOLD = 0x20,      /* names differing in case collide */
    F_NO_STATE = 0x40,  /* no state folder: no journal */
    F_NO_DIR = 0x80     /* the receive folder does not exist yet */
};
#define BREAK_TYPE 0xFE
#define RUNS_MAX 4
#define MIRROR_FILES 256          /* entries whose bytes the harness keeps */
#define MIRROR_MAX (256u << 10)   /* bytes kept per file */
/* An offer of up to 1,000,000 entries makes the receiver allocate 16 MB
 * for them, which is right (tests/unit_linux/test_manifest_memory.c
 * measures it) but costs ASan more than the rest of a run: such inputs
 * are skipped, and the cap itself is still reached (over it: refused). */
#define FUZZ_ENTRIES_MAX 4096u

typedef struct frame {
    uint8_t type;
    uint8_t *p;
    size_t n;
} frame;

typedef struct mirror {
    uint8_t *p;
    size_t len, cap;
    int known; /* p holds what the receiver's NAME.part holds */
} mirror;

typedef struct ctx {
    fy_recv *r;
    uint32_t haves_announced, haves_sent;
    int accepted;
    uint8_t sender_version; /* what the input's HELLO said */
} ctx;

static char g_recv[sizeof fz_root + 8], g_state[sizeof fz_root + 8];
static const uint8_t g_peer_key[32] = {0xfe, 0xed, 0x01};
static mirror g_mirror[MIRROR_FILES];

/* ---- what the receiver sends ------------------------------------------------ */

static fy_result on_emit(void *ud, uint8_t type, const uint8_t *p, size_t n, fy_err *err)
{
    ctx *c = ud;
    const fy_manifest *m = fy_recv_manifest(c->r);
    fy_err e = {0};
    (void)err;
    FZ_CHECK(n + 1 <= FY_FRAME_MAX);
    switch (type) {
    case FY_MSG_HELLO: {
        fy_hello h;
        /* The sender's own version back, one this Ferry speaks. */
        FZ_CHECK(fy_dec_hello(p, n, &h, &e) == FY_OK && h.version == c->sender_version &&
                 h.version >= FY_PROTO_VERSION_MIN && h.version <= FY_PROTO_VERSION);
        break;
    }
    case FY_MSG_ACCEPT:
        FZ_CHECK(!c->accepted);
        FZ_CHECK(fy_dec_accept(p, n, &c->haves_announced, &e) == FY_OK);
        FZ_CHECK(c->haves_announced <= m->files);
        c->accepted = 1;
        break;
    case FY_MSG_HAVE: {
        fy_rbuf r;
        uint16_t count;
        FZ_CHECK(c->accepted);
        fy_rbuf_init(&r, p, n);
        FZ_CHECK(fy_dec_have_head(&r, &count, &e) == FY_OK);
        for (uint16_t k = 0; k < count; k++) {
            fy_have h;
            FZ_CHECK(fy_dec_have(&r, &h, &e) == FY_OK);
            FZ_CHECK(h.index < m->n && m->e[h.index].kind == FY_ENTRY_FILE && h.have <= m->e[h.index].size);
        }
        FZ_CHECK(fy_r_ok(&r));
        c->haves_sent += count;
        FZ_CHECK(c->haves_sent <= c->haves_announced);
        break;
    }
    case FY_MSG_DECLINE:
    case FY_MSG_RESULT: {
        fy_status s;
        FZ_CHECK(fy_dec_status(type, p, n, &s, &e) == FY_OK);
        if (type == FY_MSG_RESULT)
            FZ_CHECK(s.code == FY_OK && s.files_ok == m->files);
        break;
    }
    default:
        FZ_CHECK(!"the receiver sent a frame it never sends");
    }
    return FY_OK;
}

static void on_warn(void *ud, const char *msg)
{
    (void)ud;
    FZ_CHECK(msg && strlen(msg) < FY_ERRMSG_MAX);
}

/* ---- the harness's own copy of each file ------------------------------------ */

static mirror *mirror_of(uint32_t index) { return index < MIRROR_FILES ? &g_mirror[index] : NULL; }

static void mirror_file(uint32_t index, uint64_t offset)
{
    mirror *mi = mirror_of(index);
    if (!mi)
        return;
    if (offset == 0) {
        mi->len = 0;
        mi->known = 1;
    } else if (mi->known && mi->len >= offset) {
        mi->len = (size_t)offset;
    } else {
        mi->known = 0;
    }
}

static void mirror_data(mirror *mi, const uint8_t *p, size_t n)
{
    if (!mi || !mi->known)
        return;
    if (mi->len + n > MIRROR_MAX) {
        mi->known = 0;
        return;
    }
    if (mi->len + n > mi->cap) {
        size_t cap = mi->len + n + 4096;
        uint8_t *np = realloc(mi->p, cap);
        FZ_CHECK(np != NULL);
        mi->p = np;
        mi->cap = cap;
    }
    if (n)
        memcpy(mi->p + mi->len, p, n);
    mi->len += n;
}

/* ---- fixing what a fuzzer cannot guess ------------------------------------------ */

static void fix_offer(frame *f, size_t nf, int flags)
{
    frame *offer = NULL;
    fy_hash *h;
    uint32_t entries = 0, files = 0;
    uint64_t total = 0;

    for (size_t i = 0; i < nf && !offer; i++)
        if (f[i].type == FY_MSG_OFFER && f[i].n == 32)
            offer = &f[i];
    if (!offer)
        return;
    h = fy_hash_new();
    FZ_CHECK(h != NULL);
    for (frame *m = offer + 1; m < f + nf; m++) {
        fy_rbuf r;
        uint32_t first;
        uint16_t count;
        fy_err err = {0};
        if (m->type != FY_MSG_MANIFEST || m->n < 6)
            continue;
        fy_hash_update(h, m->p + 6, m->n - 6);
        fy_rbuf_init(&r, m->p, m->n);
        if (fy_dec_manifest_head(&r, &first, &count, &err) != FY_OK)
            continue;
        for (uint16_t k = 0; k < count; k++) {
            fy_wire_entry e;
            if (fy_dec_entry(&r, &e, &err) != FY_OK)
                break;
            entries++;
            if (e.kind != FY_ENTRY_DIR) {
                files++;
                total = total + e.size > (uint64_t)INT64_MAX ? (uint64_t)INT64_MAX : total + e.size;
            }
        }
    }
    if ((flags & F_FIX_COUNTS) && entries) {
        fy_wbuf w;
        fy_wbuf_init(&w, offer->p + 16, 16);
        fy_w_u32(&w, entries);
        fy_w_u32(&w, files);
        fy_w_u64(&w, total);
    }
    if (flags & F_FIX_ID)
        fy_hash_digest(h, offer->p);
    fy_hash_free(h);
}

/* ---- checks on disk ------------------------------------------------------------ */

static void check_finished(fy_recv *r, int flags)
{
    const fy_manifest *m = fy_recv_manifest(r);
    if (fy_recv_is_text(r)) {
        /* The text itself, UTF-8, of its size; nothing on disk for it. */
        size_t len = 0;
        uint8_t *t = fy_recv_take_text(r, &len);
        struct stat st;
        FZ_CHECK(t && m->n == 1 && len == m->e[0].size && len <= FY_TEXT_BYTES_MAX);
        FZ_CHECK(fy_text_utf8_check(t, len) == len && t[len] == 0);
        FZ_CHECK(!(flags & F_NO_DIR) || lstat(g_recv, &st) != 0);
        free(t);
        return;
    }
    for (uint32_t i = 0; i < m->n; i++) {
        char path[FY_PATH_MAX * 2];
        struct stat st;
        if (m->e[i].kind != FY_ENTRY_FILE)
            continue;
        snprintf(path, sizeof path, "%s/%s", fy_recv_dir(r), m->e[i].local);
        FZ_CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == m->e[i].size);
        snprintf(path, sizeof path, "%s/%s.part", fy_recv_dir(r), m->e[i].local);
        FZ_CHECK(lstat(path, &st) != 0);
    }
}

static int no_links(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (flag == FTW_SL) {
        fprintf(stderr, "a link was made: %s\n", path);
        abort();
    }
    return 0;
}

/* Nothing but recv/ and state/ in the scratch folder, no link in them. */
static void check_disk(void)
{
    DIR *d = opendir(fz_root);
    struct dirent *de;
    FZ_CHECK(d != NULL);
    while ((de = readdir(d)) != NULL) {
        const char *n = de->d_name;
        if (strcmp(n, ".") && strcmp(n, "..") && strcmp(n, "recv") && strcmp(n, "state")) {
            fprintf(stderr, "made outside the receive folder: %s/%s\n", fz_root, n);
            abort();
        }
    }
    closedir(d);
    nftw(fz_root, no_links, 16, FTW_PHYS);
}

/* No descriptor left open on anything in the scratch folder (the
 * sanitizer runtime opens descriptors of its own now and then, so a count
 * would not do). */
static void check_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *de;
    size_t rl = strlen(fz_root);
    FZ_CHECK(d != NULL);
    while ((de = readdir(d)) != NULL) {
        char link[300], target[512];
        ssize_t n;
        snprintf(link, sizeof link, "/proc/self/fd/%s", de->d_name);
        n = readlink(link, target, sizeof target - 1);
        if (n <= 0)
            continue;
        target[n] = '\0';
        if (strncmp(target, fz_root, rl) == 0) {
            fprintf(stderr, "left open: %s\n", target);
            abort();
        }
    }
    closedir(d);
}

/* ---- the run ------------------------------------------------------------------- */

static void run(frame *f, size_t nf, int flags)
{
    fy_recv_config cfg;
    fy_recv *r = NULL;
    fy_err err = {0};
    ctx c;
    int64_t cur = -1;

    fix_offer(f, nf, flags);
    memset(&cfg, 0, sizeof cfg);
    memset(&c, 0, sizeof c);
    cfg.dir = g_recv;
    cfg.windows_names = (flags & F_WINDOWS) != 0;
    cfg.fold_case = (flags & F_FOLD) != 0;
    cfg.device = "fuzz-desk";
    cfg.os = "Linux";
    cfg.emit = on_emit;
    cfg.emit_ud = &c;
    cfg.state_dir = (flags & F_NO_STATE) ? NULL : g_state;
    cfg.peer_key = g_peer_key;
    cfg.warn = on_warn;
    FZ_CHECK(fy_recv_new(&cfg, &r, &err) == FY_OK);
    c.r = r;

    for (size_t i = 0; i < nf; i++) {
        fy_recv_status st;
        fy_progress prog;
        fy_result rc;
        mirror *mi = cur >= 0 ? mirror_of((uint32_t)cur) : NULL;

        if (f[i].type == FY_MSG_FILE_END && (flags & F_FIX_HASH) && f[i].n == FY_HASH_LEN && mi && mi->known)
            fy_hash_buffer(mi->p, mi->len, f[i].p);
        fy_err_clear(&err);
        if (f[i].type == FY_MSG_HELLO && f[i].n > FY_MAGIC_LEN)
            c.sender_version = f[i].p[FY_MAGIC_LEN];
        rc = fy_recv_frame(r, f[i].type, f[i].p, f[i].n, &st, &err);
        if (rc == FY_OK && f[i].type == FY_MSG_FILE) {
            cur = (int64_t)fy_get_u32be(f[i].p);
            mirror_file((uint32_t)cur, (uint64_t)fy_get_u32be(f[i].p + 4) << 32 | fy_get_u32be(f[i].p + 8));
        } else if (rc == FY_OK && f[i].type == FY_MSG_DATA) {
            mirror_data(mi, f[i].p, f[i].n);
        }
        if (rc == FY_OK && st == FY_RECV_ASK) {
            FZ_CHECK(fy_recv_offered(r));
            rc = fy_recv_answer(r, !(flags & F_DECLINE), &st, &err);
            if (rc == FY_OK && !(flags & F_DECLINE))
                FZ_CHECK(c.accepted && c.haves_sent == c.haves_announced);
        }
        fy_recv_progress(r, &prog);
        FZ_CHECK(prog.files_done <= prog.files_total && prog.bytes_done <= prog.bytes_total);
        if (rc != FY_OK) {
            FZ_CHECK(err.msg[0] != '\0');
            fy_recv_abort(r);
            break;
        }
        if (st == FY_RECV_FINISHED) {
            if (!fy_recv_declined(r))
                check_finished(r, flags);
            break;
        }
    }
    fy_recv_free(r);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *root = fz_scratch("recv");
    (void)argc, (void)argv;
    snprintf(g_recv, sizeof g_recv, "%s/recv", root);
    snprintf(g_state, sizeof g_state, "%s/state", root);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf;
    frame *f;
    size_t nf = 0, pos = 1, start = 0;
    int flags, runs = 0;

    if (size < 1)
        return 0;
    flags = data[0];
    buf = malloc(size);
    f = malloc((size / FY_FRAME_HEADER + 1) * sizeof *f);
    FZ_CHECK(buf && f);
    memcpy(buf, data, size);
    /* Frames as a channel would deliver them: a bad length ends the stream. */
    while (size - pos >= FY_FRAME_HEADER) {
        uint32_t len = fy_get_u32be(buf + pos);
        if (len == 0 || len > FY_FRAME_MAX || len - 1 > size - pos - FY_FRAME_HEADER)
            break;
        f[nf].type = buf[pos + 4];
        f[nf].p = buf + pos + FY_FRAME_HEADER;
        f[nf].n = len - 1;
        if (f[nf].type == FY_MSG_OFFER && f[nf].n == 32 && fy_get_u32be(f[nf].p + 16) > FUZZ_ENTRIES_MAX &&
            fy_get_u32be(f[nf].p + 16) <= FY_ENTRIES_MAX) {
            free(f);
            free(buf);
            return 0;
        }
        nf++;
        pos += FY_FRAME_HEADER + len - 1;
    }

    fz_empty_dir(fz_root);
    if (!(flags & F_NO_DIR))
        FZ_CHECK(mkdir(g_recv, 0700) == 0);
    for (size_t i = 0; i <= nf && runs < RUNS_MAX; i++) {
        if (i < nf && f[i].type != BREAK_TYPE)
            continue;
        run(f + start, i - start, flags);
        runs++;
        start = i + 1;
    }
    check_disk();
    check_fds();

    for (size_t i = 0; i < MIRROR_FILES; i++) {
        free(g_mirror[i].p);
        memset(&g_mirror[i], 0, sizeof g_mirror[i]);
    }
    free(f);
    free(buf);
    return 0;
}
