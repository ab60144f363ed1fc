#include "fy_util.h"
#include "fy_recv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_names.h"
#include "fy_resume.h"
#include "fy_strset.h"
#include "platform/fy_platform.h"

typedef enum {
    RS_HELLO,     /* waiting for the sender's HELLO */
    RS_OFFER,     /* waiting for OFFER */
    RS_MANIFEST,  /* collecting MANIFEST entries */
    RS_ASK,       /* the user decides */
    RS_WAIT_FILE, /* FILE or DONE next */
    RS_IN_FILE,   /* DATA or FILE_END next */
    RS_FINISHED
} recv_state;

/* Per-entry bookkeeping beyond fy_entry. */
typedef struct entry_extra {
    uint32_t root;       /* index of the top-level entry this one lives under */
    uint8_t done;        /* verified in this or an earlier run */
    fy_hash *prefix;     /* hash state of a kept .part prefix, until used */
} entry_extra;

struct fy_recv {
    fy_recv_config cfg;
    char dir[FY_PATH_MAX];
    recv_state state;
    fy_hello peer;
    fy_offer offer;
    fy_manifest m;
    entry_extra *x;
    fy_strset *taken;    /* keys of local paths in use by this transfer */
    fy_strset *dirs;     /* key of a mapped wire path -> index of its folder entry */
    int declined;
    int resuming;        /* a journal from an earlier run was found */

    /* the file in flight */
    int64_t cur;         /* entry index, -1 if none */
    int64_t last;        /* last FILE index: files come in increasing order */
    fy_file *f;
    fy_hash *h;
    uint64_t remaining;
    char part[FY_PATH_MAX + 8];

    fy_file *journal;
    char journal_path[FY_PATH_MAX + 64];
    fy_progress prog;
};

static fy_result emit(fy_recv *r, uint8_t type, const uint8_t *p, size_t n, fy_err *err)
{
    return r->cfg.emit(r->cfg.emit_ud, type, p, n, err);
}

fy_result fy_recv_new(const fy_recv_config *cfg, fy_recv **out, fy_err *err)
{
    fy_recv *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    r->cfg = *cfg;
    if (snprintf(r->dir, sizeof r->dir, "%s", cfg->dir) >= (int)sizeof r->dir) {
        free(r);
        return fy_fail(err, FY_ERR_USAGE, "receive folder path too long");
    }
    r->cfg.dir = r->dir;
    fy_manifest_init(&r->m);
    r->taken = fy_strset_new();
    r->dirs = fy_strset_new();
    r->h = fy_hash_new();
    r->cur = r->last = -1;
    if (!r->taken || !r->dirs || !r->h) {
        fy_recv_free(r);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    *out = r;
    return FY_OK;
}

void fy_recv_abort(fy_recv *r)
{
    if (r->f) {
        fy_plat_close(r->f, NULL);
        r->f = NULL;
    }
    if (r->journal) {
        fy_plat_close(r->journal, NULL);
        r->journal = NULL;
    }
    r->cur = -1;
    r->prog.current = NULL;
}

void fy_recv_free(fy_recv *r)
{
    if (!r)
        return;
    fy_recv_abort(r);
    if (r->x)
        for (uint32_t i = 0; i < r->m.n; i++)
            fy_hash_free(r->x[i].prefix);
    free(r->x);
    fy_manifest_free(&r->m);
    fy_strset_free(r->taken);
    fy_strset_free(r->dirs);
    fy_hash_free(r->h);
    free(r);
}

const fy_hello *fy_recv_peer(const fy_recv *r) { return &r->peer; }
const fy_offer *fy_recv_offer(const fy_recv *r) { return &r->offer; }
const fy_manifest *fy_recv_manifest(const fy_recv *r) { return &r->m; }
int fy_recv_declined(const fy_recv *r) { return r->declined; }
const char *fy_recv_dir(const fy_recv *r) { return r->dir; }
void fy_recv_progress(const fy_recv *r, fy_progress *p) { *p = r->prog; }

/* ---- manifest ------------------------------------------------------------- */

static void key_of(const fy_recv *r, const char *path, char *out, size_t cap)
{
    fy_names_key(path, r->cfg.fold_case, out, cap);
}

/* Maps entry i's wire path to a local relative path, checks that its folder
 * came first, and resolves duplicates: a second file with a name already
 * used (after mapping, or differing only in case where that matters) gets
 * a collision name; a folder listed twice is the same folder. */
static fy_result map_entry(fy_recv *r, const fy_wire_entry *we, fy_err *err)
{
    char mapped[FY_PATH_MAX + 1], local[FY_PATH_MAX + FY_NAME_MAX + 16], key[sizeof local];
    const char *base;
    uint32_t i = r->m.n, parent = UINT32_MAX, root = i, found;
    fy_result rc;

    rc = fy_names_map_path(we->path, we->path_len, r->cfg.windows_names, mapped, sizeof mapped, err);
    if (rc != FY_OK)
        return rc;
    base = strrchr(mapped, '/');
    if (base) {
        key_of(r, mapped, key, sizeof key);
        key[base - mapped] = '\0';
        if (!fy_strset_get(r->dirs, key, &parent))
            return fy_fail(err, FY_ERR_PROTOCOL, "entry \"%s\" comes before its folder", mapped);
        root = r->x[parent].root;
        base++;
    } else {
        base = mapped;
    }
    if (parent != UINT32_MAX)
        snprintf(local, sizeof local, "%s/%s", r->m.e[parent].local, base);
    else
        snprintf(local, sizeof local, "%s", base);

    key_of(r, mapped, key, sizeof key);
    if (we->kind == FY_ENTRY_DIR && fy_strset_get(r->dirs, key, &found)) {
        /* The same folder again ("a/./b" and "a/b"): nothing new to create. */
        snprintf(local, sizeof local, "%s", r->m.e[found].local);
    } else {
        char lkey[sizeof local];
        key_of(r, local, lkey, sizeof lkey);
        for (unsigned k = 1; fy_strset_has(r->taken, lkey); k++) {
            char alt[FY_NAME_MAX + 1];
            if (k > 1000 || fy_names_collision(base, we->kind == FY_ENTRY_DIR, k, alt, sizeof alt) != FY_OK)
                return fy_fail(err, FY_ERR_PROTOCOL, "too many entries named \"%s\"", base);
            if (parent != UINT32_MAX)
                snprintf(local, sizeof local, "%s/%s", r->m.e[parent].local, alt);
            else
                snprintf(local, sizeof local, "%s", alt);
            key_of(r, local, lkey, sizeof lkey);
        }
        if (fy_strset_add(r->taken, lkey) < 0)
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    if (strlen(local) > FY_PATH_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "path longer than %u bytes", FY_PATH_MAX);
    rc = fy_manifest_add(&r->m, we->kind, we->flags, we->size, we->mtime, we->path, we->path_len, local, err);
    if (rc != FY_OK)
        return rc;
    r->x[i].root = root;
    if (we->kind == FY_ENTRY_DIR && !fy_strset_has(r->dirs, key) && fy_strset_put(r->dirs, key, i) < 0)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    return FY_OK;
}

static fy_result on_manifest(fy_recv *r, const uint8_t *p, size_t n, fy_recv_status *st, fy_err *err)
{
    fy_rbuf rb;
    uint32_t first;
    uint16_t count;
    fy_result rc;

    fy_rbuf_init(&rb, p, n);
    if ((rc = fy_dec_manifest_head(&rb, &first, &count, err)) != FY_OK)
        return rc;
    if (first != r->m.n || count > r->offer.entries - r->m.n)
        return fy_fail(err, FY_ERR_PROTOCOL, "MANIFEST entries %u..%u do not follow the %u received of %u", first,
                       first + count, r->m.n, r->offer.entries);
    for (uint16_t k = 0; k < count; k++) {
        fy_wire_entry we;
        if ((rc = fy_dec_entry(&rb, &we, err)) != FY_OK)
            return rc;
        if ((rc = map_entry(r, &we, err)) != FY_OK) {
            char raw[129], shown[128], msg[FY_ERRMSG_MAX];
            size_t rn = we.path_len < sizeof raw - 1 ? we.path_len : sizeof raw - 1;
            /* we.path points into the frame: it has a length, not a NUL. */
            memcpy(raw, we.path, rn);
            raw[rn] = '\0';
            snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
            fy_names_for_display(raw, shown, sizeof shown);
            if (err) {
                fy_err_clear(err);
                fy_fail(err, rc, "manifest entry %u (\"%s\"): %s", first + k, shown, msg);
            }
            return rc;
        }
    }
    if (!fy_r_ok(&rb))
        return fy_fail(err, FY_ERR_PROTOCOL, "malformed MANIFEST frame (bytes left over)");
    if (r->m.n < r->offer.entries)
        return FY_OK;

    /* The whole list is in: it must agree with what OFFER announced. */
    if (r->m.files != r->offer.files || r->m.total != r->offer.total_bytes)
        return fy_fail(err, FY_ERR_PROTOCOL, "manifest does not match the offer (%u files, %llu bytes announced)",
                       r->offer.files, (unsigned long long)r->offer.total_bytes);
    {
        uint8_t id[FY_HASH_LEN];
        fy_manifest_id(&r->m, id);
        if (memcmp(id, r->offer.id, FY_HASH_LEN) != 0)
            return fy_fail(err, FY_ERR_PROTOCOL, "transfer id does not match the manifest");
    }
    r->prog.files_total = r->m.files;
    r->prog.bytes_total = r->m.total;
    r->state = RS_ASK;
    *st = FY_RECV_ASK;
    return FY_OK;
}

/* ---- accepting: names on disk, journal, folders, what we already have ---- */

static int exists(const char *path)
{
    fy_stat st;
    return fy_plat_lstat(path, &st, NULL) != FY_OK || st.kind != FY_KIND_NONE;
}

static fy_result journal_append(fy_recv *r, const fy_resume_line *l, fy_err *err)
{
    char line[FY_NAME_MAX + 64];
    size_t n = fy_resume_format(l, line, sizeof line);
    if (!r->journal || !n)
        return FY_OK;
    return fy_plat_write(r->journal, line, n, err);
}

/* Reads an earlier run's journal: root names and verified files. */
static void journal_load(fy_recv *r, char **root_names)
{
    fy_file *f = NULL;
    fy_stat st;
    char *buf = NULL;
    size_t got = 0, pos;

    if (fy_plat_stat(r->journal_path, &st, NULL) != FY_OK || st.kind != FY_KIND_FILE || st.size == 0 ||
        st.size > FY_RESUME_MAX_BYTES)
        return;
    if (fy_plat_open(r->journal_path, FY_OPEN_READ, &f, NULL) != FY_OK)
        return;
    buf = malloc((size_t)st.size + 1);
    while (buf && got < st.size) {
        size_t n;
        if (fy_plat_read(f, buf + got, (size_t)st.size - got, &n, NULL) != FY_OK || n == 0)
            break;
        got += n;
    }
    fy_plat_close(f, NULL);
    if (!buf || got < strlen(FY_RESUME_HEADER) || memcmp(buf, FY_RESUME_HEADER, strlen(FY_RESUME_HEADER)) != 0)
        goto cleanup;
    r->resuming = 1;
    for (pos = strlen(FY_RESUME_HEADER); pos < got;) {
        char *nl = memchr(buf + pos, '\n', got - pos);
        size_t len = nl ? (size_t)(nl - (buf + pos)) : got - pos;
        fy_resume_line l;
        if (fy_resume_parse_line(buf + pos, len, &l) && l.index < r->m.n) {
            fy_entry *e = &r->m.e[l.index];
            if (l.kind == FY_RESUME_ROOT && r->x[l.index].root == l.index && !root_names[l.index])
                root_names[l.index] = fy_strdup(l.name);
            else if (l.kind == FY_RESUME_DONE && e->kind == FY_ENTRY_FILE) {
                r->x[l.index].done = 1;
                memcpy(e->have_hash, l.hash, FY_HASH_LEN);
            }
        }
        pos += len + 1;
    }
cleanup:
    free(buf);
}

/* Gives every top-level entry its name on disk: the journal's, or the first
 * of "name", "name (1)", ... that nothing in the folder uses yet. Local
 * paths of everything below a renamed root move with it. */
static fy_result place_roots(fy_recv *r, char **root_names, fy_err *err)
{
    char path[FY_PATH_MAX * 2];
    for (uint32_t i = 0; i < r->m.n; i++) {
        fy_entry *e = &r->m.e[i];
        char name[FY_NAME_MAX + 1];
        if (r->x[i].root != i)
            continue;
        if (root_names[i]) {
            snprintf(name, sizeof name, "%s", root_names[i]);
        } else {
            snprintf(name, sizeof name, "%s", e->local);
            for (unsigned k = 1;; k++) {
                int taken;
                snprintf(path, sizeof path, "%s/%s", r->dir, name);
                taken = exists(path);
                if (!taken && e->kind == FY_ENTRY_FILE) {
                    snprintf(path, sizeof path, "%s/%s.part", r->dir, name);
                    taken = exists(path);
                }
                if (!taken && k > 1) {
                    char key[FY_NAME_MAX + 1];
                    key_of(r, name, key, sizeof key);
                    taken = fy_strset_has(r->taken, key);
                }
                if (!taken)
                    break;
                if (k > 10000 || fy_names_collision(e->local, e->kind == FY_ENTRY_DIR, k, name, sizeof name) != FY_OK)
                    return fy_fail(err, FY_ERR_IO, "no free name for \"%s\" in %s", e->local, r->dir);
            }
        }
        if (strcmp(name, e->local) != 0) {
            size_t old = strlen(e->local);
            for (uint32_t j = i; j < r->m.n; j++) {
                fy_entry *c = &r->m.e[j];
                char *nl;
                if (r->x[j].root != i)
                    continue;
                nl = malloc(strlen(name) + strlen(c->local + old) + 1);
                if (!nl)
                    return fy_fail(err, FY_ERR_NOMEM, "out of memory");
                sprintf(nl, "%s%s", name, c->local + old);
                free(c->local);
                c->local = nl;
            }
        }
    }
    return FY_OK;
}

/* Hashes the first len bytes of path into h. */
static fy_result hash_prefix(const char *path, uint64_t len, fy_hash *h, fy_err *err)
{
    enum { CHUNK = 1 << 20 };
    fy_file *f = NULL;
    uint8_t *buf = malloc(CHUNK);
    fy_result rc;
    if (!buf)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    rc = fy_plat_open(path, FY_OPEN_READ, &f, err);
    if (rc == FY_OK)
        fy_plat_advise_sequential(f);
    while (rc == FY_OK && len > 0) {
        size_t got;
        rc = fy_plat_read(f, buf, len < CHUNK ? (size_t)len : CHUNK, &got, err);
        if (rc == FY_OK && got == 0)
            rc = fy_fail(err, FY_ERR_IO, "%s is shorter than expected", path);
        if (rc == FY_OK) {
            fy_hash_update(h, buf, got);
            len -= got;
        }
    }
    if (f)
        fy_plat_close(f, NULL);
    free(buf);
    return rc;
}

/* Decides, for file i, how much the receiver holds: a verified copy (from
 * the journal, or a finished file an interrupted run had not recorded) or a
 * .part prefix. Only consulted when resuming: a new transfer's names are
 * fresh, so there is nothing to find. */
static fy_result find_have(fy_recv *r, uint32_t i, fy_err *err)
{
    fy_entry *e = &r->m.e[i];
    char path[FY_PATH_MAX * 2 + 8];
    fy_stat st;
    fy_result rc;

    e->have = 0;
    snprintf(path, sizeof path, "%s/%s", r->dir, e->local);
    if (fy_plat_lstat(path, &st, NULL) == FY_OK && st.kind == FY_KIND_FILE && st.size == e->size) {
        if (r->x[i].done) {
            e->have = e->size; /* hash from the journal */
            return FY_OK;
        }
        fy_hash_reset(r->h);
        if ((rc = hash_prefix(path, e->size, r->h, err)) != FY_OK)
            return rc;
        fy_hash_digest(r->h, e->have_hash);
        e->have = e->size;
        return FY_OK;
    }
    r->x[i].done = 0;
    snprintf(path, sizeof path, "%s/%s.part", r->dir, e->local);
    if (fy_plat_lstat(path, &st, NULL) != FY_OK || st.kind != FY_KIND_FILE || st.size == 0 || st.size > e->size)
        return FY_OK;
    if (!(r->x[i].prefix = fy_hash_new()))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    if ((rc = hash_prefix(path, st.size, r->x[i].prefix, err)) != FY_OK)
        return rc;
    fy_hash_digest(r->x[i].prefix, e->have_hash);
    e->have = st.size;
    return FY_OK;
}

static fy_result send_haves(fy_recv *r, fy_err *err)
{
    enum { PER_FRAME = 2000 }; /* 56 KB frames */
    uint8_t *buf = malloc(2 + PER_FRAME * FY_HAVE_WIRE);
    uint32_t count = 0, i = 0;
    fy_wbuf w;
    fy_result rc;

    if (!buf)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    for (uint32_t k = 0; k < r->m.n; k++)
        count += r->m.e[k].kind == FY_ENTRY_FILE && r->m.e[k].have > 0;
    fy_wbuf_init(&w, buf, 4);
    fy_enc_accept(&w, count);
    rc = emit(r, FY_MSG_ACCEPT, buf, w.len, err);
    while (rc == FY_OK && count > 0) {
        uint16_t in_frame = 0;
        fy_wbuf_init(&w, buf, 2 + PER_FRAME * FY_HAVE_WIRE);
        fy_enc_have_head(&w, 0);
        for (; i < r->m.n && in_frame < PER_FRAME; i++) {
            fy_entry *e = &r->m.e[i];
            if (e->kind == FY_ENTRY_FILE && e->have > 0) {
                fy_have h = {i, e->have, {0}};
                memcpy(h.hash, e->have_hash, FY_HASH_LEN);
                fy_enc_have(&w, &h);
                in_frame++;
            }
        }
        buf[0] = (uint8_t)(in_frame >> 8);
        buf[1] = (uint8_t)in_frame;
        count -= in_frame;
        rc = emit(r, FY_MSG_HAVE, buf, w.len, err);
    }
    free(buf);
    return rc;
}

static fy_result accept_offer(fy_recv *r, fy_err *err)
{
    char **root_names = calloc(r->m.n, sizeof *root_names);
    char path[FY_PATH_MAX * 2 + 8];
    uint64_t need = 0, avail = 0;
    fy_result rc;

    if (!root_names)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    if ((rc = fy_plat_mkdirs(r->dir, err)) != FY_OK)
        goto cleanup;
    if (fy_resume_path(r->dir, r->offer.id, r->journal_path, sizeof r->journal_path) != 0) {
        rc = fy_fail(err, FY_ERR_USAGE, "receive folder path too long");
        goto cleanup;
    }
    journal_load(r, root_names);
    if ((rc = place_roots(r, root_names, err)) != FY_OK)
        goto cleanup;
    for (uint32_t i = 0; i < r->m.n && rc == FY_OK; i++)
        if (r->resuming && r->m.e[i].kind == FY_ENTRY_FILE)
            rc = find_have(r, i, err);
    if (rc != FY_OK)
        goto cleanup;

    /* Refuse now rather than fill the disk and fail at 97%. */
    for (uint32_t i = 0; i < r->m.n; i++)
        if (r->m.e[i].kind == FY_ENTRY_FILE)
            need += r->m.e[i].size - r->m.e[i].have;
    if (fy_plat_free_space(r->dir, &avail, NULL) == FY_OK && need > avail) {
        char needs[32], avails[32];
        fy_format_size(need, needs, sizeof needs);
        fy_format_size(avail, avails, sizeof avails);
        rc = fy_fail(err, FY_ERR_DISK_FULL, "not enough space in %s: the transfer needs %s, %s free", r->dir, needs,
                     avails);
        goto cleanup;
    }

    /* The journal names the roots before anything is created, so a run
     * killed from here on resumes into the same names. */
    if (!r->resuming) {
        fy_file *jf = NULL;
        if ((rc = fy_plat_open(r->journal_path, FY_OPEN_WRITE_NEW, &jf, err)) != FY_OK)
            goto cleanup;
        r->journal = jf;
        rc = fy_plat_write(jf, FY_RESUME_HEADER, strlen(FY_RESUME_HEADER), err);
        for (uint32_t i = 0; i < r->m.n && rc == FY_OK; i++) {
            fy_resume_line l = {FY_RESUME_ROOT, i, "", {0}};
            if (r->x[i].root != i)
                continue;
            snprintf(l.name, sizeof l.name, "%s", r->m.e[i].local);
            rc = journal_append(r, &l, err);
        }
    } else {
        fy_stat st;
        if ((rc = fy_plat_open(r->journal_path, FY_OPEN_WRITE_KEEP, &r->journal, err)) == FY_OK &&
            (rc = fy_plat_stat(r->journal_path, &st, err)) == FY_OK)
            rc = fy_plat_seek(r->journal, st.size, err);
    }
    for (uint32_t i = 0; i < r->m.n && rc == FY_OK; i++) {
        if (r->m.e[i].kind != FY_ENTRY_DIR)
            continue;
        snprintf(path, sizeof path, "%s/%s", r->dir, r->m.e[i].local);
        rc = fy_plat_mkdirs(path, err);
    }
    if (rc == FY_OK)
        rc = send_haves(r, err);
cleanup:
    for (uint32_t i = 0; i < r->m.n; i++)
        free(root_names[i]);
    free(root_names);
    return rc;
}

fy_result fy_recv_answer(fy_recv *r, int accept, fy_recv_status *st, fy_err *err)
{
    fy_result rc;
    *st = FY_RECV_CONTINUE;
    if (r->state != RS_ASK)
        return fy_fail(err, FY_ERR_USAGE, "no offer is waiting for an answer");
    if (!accept) {
        fy_status s = {FY_ERR_DECLINED, 0, "declined by the receiver"};
        uint8_t buf[64 + FY_TEXT_MAX];
        fy_wbuf w;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_status(&w, FY_MSG_DECLINE, &s);
        r->declined = 1;
        r->state = RS_FINISHED;
        *st = FY_RECV_FINISHED;
        return emit(r, FY_MSG_DECLINE, buf, w.len, err);
    }
    if ((rc = accept_offer(r, err)) != FY_OK)
        return rc;
    r->state = RS_WAIT_FILE;
    return FY_OK;
}

/* ---- files ------------------------------------------------------------------ */

static fy_result on_file(fy_recv *r, const uint8_t *p, size_t n, fy_err *err)
{
    uint32_t index;
    uint64_t offset;
    fy_entry *e;
    fy_result rc;

    if ((rc = fy_dec_file(p, n, &index, &offset, err)) != FY_OK)
        return rc;
    if (index >= r->m.n || r->m.e[index].kind != FY_ENTRY_FILE || (int64_t)index <= r->last)
        return fy_fail(err, FY_ERR_PROTOCOL, "FILE frame names entry %u out of order or not a file", index);
    e = &r->m.e[index];
    if (offset != 0 && offset != e->have)
        return fy_fail(err, FY_ERR_PROTOCOL, "FILE frame for \"%s\" starts at %llu, but %llu bytes are here",
                       e->local, (unsigned long long)offset, (unsigned long long)e->have);
    r->cur = r->last = index;
    r->remaining = e->size - offset;
    r->prog.current = e->local;
    r->prog.bytes_done += offset;
    r->prog.bytes_resumed += offset;
    snprintf(r->part, sizeof r->part, "%s/%s.part", r->dir, e->local);
    r->state = RS_IN_FILE;

    if (offset == e->size && offset == e->have && e->size > 0)
        return FY_OK; /* complete already: only FILE_END follows */
    if (offset > 0) {
        rc = fy_plat_open(r->part, FY_OPEN_WRITE_KEEP, &r->f, err);
        if (rc == FY_OK)
            rc = fy_plat_truncate(r->f, offset, err);
        if (rc == FY_OK)
            rc = fy_plat_seek(r->f, offset, err);
        if (rc == FY_OK)
            fy_hash_copy(r->h, r->x[index].prefix);
    } else {
        rc = fy_plat_open(r->part, FY_OPEN_WRITE_NEW, &r->f, err);
        fy_hash_reset(r->h);
    }
    fy_hash_free(r->x[index].prefix);
    r->x[index].prefix = NULL;
    return rc;
}

static fy_result on_data(fy_recv *r, const uint8_t *p, size_t n, fy_err *err)
{
    fy_result rc;
    if (n > r->remaining)
        return fy_fail(err, FY_ERR_PROTOCOL, "sender sent more data than announced for \"%s\"",
                       r->m.e[r->cur].local);
    if (!r->f)
        return fy_fail(err, FY_ERR_PROTOCOL, "DATA frame for a file that is already complete");
    if ((rc = fy_plat_write(r->f, p, n, err)) != FY_OK)
        return rc;
    fy_hash_update(r->h, p, n);
    r->remaining -= n;
    r->prog.bytes_done += n;
    r->prog.bytes_wire += n;
    return FY_OK;
}

/* Moves NAME.part to NAME; if NAME appeared meanwhile, to "NAME (k)". */
static fy_result finish_name(fy_recv *r, fy_entry *e, fy_err *err)
{
    char final[FY_PATH_MAX * 2 + 8], alt[FY_NAME_MAX + 1];
    const char *slash = strrchr(e->local, '/');
    const char *base = slash ? slash + 1 : e->local;
    int taken = 0;
    fy_result rc;

    snprintf(final, sizeof final, "%s/%s", r->dir, e->local);
    rc = fy_plat_rename_noreplace(r->part, final, &taken, err);
    for (unsigned k = 1; rc == FY_OK && taken; k++) {
        if (k > 10000 || fy_names_collision(base, 0, k, alt, sizeof alt) != FY_OK)
            return fy_fail(err, FY_ERR_IO, "no free name for \"%s\"", e->local);
        snprintf(final, sizeof final, "%s/%.*s%s", r->dir, (int)(base - e->local), e->local, alt);
        rc = fy_plat_rename_noreplace(r->part, final, &taken, err);
    }
    if (rc == FY_OK && e->mtime)
        fy_ignore(fy_plat_set_mtime(final, e->mtime, NULL)); /* cosmetic: never fails a transfer */
    if (rc == FY_OK && (e->flags & FY_ENTRY_EXEC))
        fy_ignore(fy_plat_set_executable(final, NULL));
    return rc;
}

static fy_result on_file_end(fy_recv *r, const uint8_t *p, size_t n, fy_err *err)
{
    uint8_t want[FY_HASH_LEN], got[FY_HASH_LEN];
    fy_entry *e = &r->m.e[r->cur];
    int already = !r->f && e->size > 0;
    fy_result rc;

    if ((rc = fy_dec_file_end(p, n, want, err)) != FY_OK)
        return rc;
    if (r->remaining)
        return fy_fail(err, FY_ERR_PROTOCOL, "sender sent fewer bytes than announced for \"%s\" (%llu missing)",
                       e->local, (unsigned long long)r->remaining);
    if (already) {
        memcpy(got, e->have_hash, FY_HASH_LEN);
    } else {
        fy_hash_digest(r->h, got);
        rc = fy_plat_close(r->f, err);
        r->f = NULL;
        if (rc != FY_OK)
            return rc;
    }
    if (memcmp(got, want, FY_HASH_LEN) != 0) {
        /* A corrupt prefix must not be resumed from: start over next time. */
        if (!already)
            fy_ignore(fy_plat_remove(r->part, NULL));
        return fy_fail(err, FY_ERR_VERIFY, "checksum mismatch for \"%s\": the file was damaged on the way",
                       e->local);
    }
    if (!already && (rc = finish_name(r, e, err)) != FY_OK)
        return rc;
    if (!r->x[r->cur].done) {
        fy_resume_line l = {FY_RESUME_DONE, (uint32_t)r->cur, "", {0}};
        memcpy(l.hash, want, FY_HASH_LEN);
        r->x[r->cur].done = 1;
        if ((rc = journal_append(r, &l, err)) != FY_OK)
            return rc;
    }
    r->prog.files_done++;
    r->prog.current = NULL;
    r->cur = -1;
    r->state = RS_WAIT_FILE;
    return FY_OK;
}

static fy_result on_done(fy_recv *r, fy_recv_status *st, fy_err *err)
{
    fy_status s = {FY_OK, 0, ""};
    uint8_t buf[64];
    fy_wbuf w;
    fy_result rc;

    if (r->prog.files_done != r->m.files)
        return fy_fail(err, FY_ERR_PROTOCOL, "sender finished with %u of %u files sent", r->prog.files_done,
                       r->m.files);
    if (r->journal) {
        rc = fy_plat_close(r->journal, err);
        r->journal = NULL;
        if (rc != FY_OK)
            return rc;
    }
    fy_ignore(fy_plat_remove(r->journal_path, NULL));
    s.files_ok = r->prog.files_done;
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_status(&w, FY_MSG_RESULT, &s);
    r->state = RS_FINISHED;
    *st = FY_RECV_FINISHED;
    return emit(r, FY_MSG_RESULT, buf, w.len, err);
}

/* ---- the machine ------------------------------------------------------------ */

static fy_result unexpected(fy_recv *r, uint8_t type, fy_err *err)
{
    static const char *const names[] = {"HELLO", "OFFER", "MANIFEST", "the answer", "FILE or DONE",
                                        "DATA or FILE_END", "nothing"};
    return fy_fail(err, FY_ERR_PROTOCOL, "unexpected %s frame (expected %s)", fy_msg_name(type),
                   (unsigned)r->state < sizeof names / sizeof *names ? names[r->state] : "nothing");
}

fy_result fy_recv_frame(fy_recv *r, uint8_t type, const uint8_t *p, size_t n, fy_recv_status *st, fy_err *err)
{
    fy_result rc;
    *st = FY_RECV_CONTINUE;

    if (type == FY_MSG_ERROR) {
        fy_status s;
        if ((rc = fy_dec_status(type, p, n, &s, err)) != FY_OK)
            return rc;
        return fy_fail(err, s.code == FY_ERR_CANCELLED ? FY_ERR_CANCELLED : FY_ERR_PEER, "sender: %s",
                       s.text[0] ? s.text : fy_result_str((fy_result)(s.code < FY_ERR__COUNT ? s.code : 0)));
    }

    switch (r->state) {
    case RS_HELLO:
        if (type != FY_MSG_HELLO)
            return fy_fail(err, FY_ERR_PROTOCOL, "peer is not speaking the Ferry protocol");
        if ((rc = fy_dec_hello(p, n, &r->peer, err)) != FY_OK)
            return rc;
        if (r->peer.version != FY_PROTO_VERSION)
            return fy_fail(err, FY_ERR_PROTOCOL, "peer speaks protocol version %u; this Ferry speaks %u",
                           r->peer.version, FY_PROTO_VERSION);
        {
            fy_hello me = {FY_PROTO_VERSION, "", ""};
            uint8_t buf[128];
            fy_wbuf w;
            snprintf(me.device, sizeof me.device, "%s", r->cfg.device);
            snprintf(me.os, sizeof me.os, "%s", r->cfg.os);
            fy_wbuf_init(&w, buf, sizeof buf);
            fy_enc_hello(&w, &me);
            r->state = RS_OFFER;
            return emit(r, FY_MSG_HELLO, buf, w.len, err);
        }
    case RS_OFFER:
        if (type != FY_MSG_OFFER)
            return unexpected(r, type, err);
        if ((rc = fy_dec_offer(p, n, &r->offer, err)) != FY_OK)
            return rc;
        if (!(r->x = calloc(r->offer.entries, sizeof *r->x)))
            return fy_fail(err, FY_ERR_NOMEM, "out of memory for %u entries", r->offer.entries);
        r->state = RS_MANIFEST;
        return FY_OK;
    case RS_MANIFEST:
        if (type != FY_MSG_MANIFEST)
            return unexpected(r, type, err);
        return on_manifest(r, p, n, st, err);
    case RS_WAIT_FILE:
        if (type == FY_MSG_FILE)
            return on_file(r, p, n, err);
        if (type == FY_MSG_DONE)
            return on_done(r, st, err);
        return unexpected(r, type, err);
    case RS_IN_FILE:
        if (type == FY_MSG_DATA)
            return on_data(r, p, n, err);
        if (type == FY_MSG_FILE_END)
            return on_file_end(r, p, n, err);
        return unexpected(r, type, err);
    case RS_ASK:
    case RS_FINISHED:
        return unexpected(r, type, err);
    }
    return unexpected(r, type, err);
}
