/* fy_recv_accept.c: preparing and accepting an offer.
 *
 * Before the user is asked: the receive folder is opened as an fy_tree
 * (nothing below it is followed) and checked for writing, and the journal
 * for (this peer, this transfer, this folder) is opened in the receiver's
 * state folder and locked, so the same transfer arriving twice at once is
 * refused instead of two writers sharing one NAME.part.
 *
 * On accept: every top-level entry gets a name it owns. A fresh one is
 * claimed by creating it exclusively (the folder, or the file's NAME.part),
 * so two transfers can never pick the same name. A resumed one is the name
 * the journal recorded, used only if the object there is still the one
 * this receiver created (same device and inode). Then, when resuming, what
 * is already here is found and hashed for HAVE, folders are created, and
 * ACCEPT and HAVE go out. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_names.h"
#include "fy_recv_int.h"
#include "fy_util.h"
#include "platform/fy_platform.h"

void fy_recv_warn(fy_recv *r, const char *fmt, ...)
{
    char msg[FY_ERRMSG_MAX];
    va_list ap;
    if (!r->cfg.warn)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->cfg.warn(r->cfg.warn_ud, msg);
}

fy_result fy_recv_set_local(fy_recv *r, uint32_t i, const char *local, fy_err *err)
{
    /* The old string stays in the manifest's arena until the end. */
    char *nl = fy_manifest_strdup(&r->m, local);
    if (!nl)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    r->m.e[i].local = nl;
    return FY_OK;
}

void fy_recv_prefix_free(fy_recv *r, uint32_t i)
{
    if (!r->x[i].prefix)
        return;
    fy_hash_free(r->x[i].prefix->h);
    free(r->x[i].prefix);
    r->x[i].prefix = NULL;
}

/* ---- the journal ------------------------------------------------------------ */

fy_result fy_recv_journal_append(fy_recv *r, const fy_resume_line *l, fy_err *err)
{
    char line[FY_RESUME_PATH_MAX + 128];
    size_t n = fy_resume_format(l, line, sizeof line);
    if (!r->journal || !n)
        return FY_OK;
    return fy_plat_write(r->journal, line, n, err);
}

void fy_recv_journal_close(fy_recv *r, int remove)
{
    if (!r->journal)
        return;
    /* Removed while still locked, so no second run can take it up in
     * between and lose what it writes. */
    if (remove)
        fy_ignore(fy_plat_remove(r->journal_path, NULL));
    fy_plat_close(r->journal, NULL);
    r->journal = NULL;
}

/* Reads the whole journal (already open and locked for writing) into
 * r->jbuf if it is one of ours; anything else is started over. */
static fy_result journal_read(fy_recv *r, uint64_t size, fy_err *err)
{
    fy_file *f = NULL;
    size_t got = 0, hl = strlen(FY_RESUME_HEADER);
    fy_result rc;

    if (size > FY_RESUME_MAX_BYTES)
        size = 0;
    if (size > 0 && (r->jbuf = malloc((size_t)size + 1)) != NULL &&
        fy_plat_open(r->journal_path, FY_OPEN_READ, &f, NULL) == FY_OK) {
        while (got < size) {
            size_t n;
            if (fy_plat_read(f, r->jbuf + got, (size_t)size - got, &n, NULL) != FY_OK || n == 0)
                break;
            got += n;
        }
        fy_plat_close(f, NULL);
    }
    if (got >= hl && memcmp(r->jbuf, FY_RESUME_HEADER, hl) == 0) {
        r->jlen = got;
        r->resuming = 1;
        return fy_plat_seek(r->journal, size, err);
    }
    free(r->jbuf);
    r->jbuf = NULL;
    if ((rc = fy_plat_truncate(r->journal, 0, err)) == FY_OK && (rc = fy_plat_seek(r->journal, 0, err)) == FY_OK)
        rc = fy_plat_write(r->journal, FY_RESUME_HEADER, hl, err);
    return rc;
}

/* Journals of transfers nobody resumed for FY_RESUME_KEEP_DAYS go: each
 * is small, but an interrupted transfer that is never sent again would
 * leave its journal for ever. One being used was written to recently. */
static void journal_prune(const char *state_dir)
{
    fy_dir *d = NULL;
    const char *name;
    int64_t cutoff = fy_plat_wall_time() - (int64_t)FY_RESUME_KEEP_DAYS * 86400;
    if (fy_plat_opendir(state_dir, &d, NULL) != FY_OK)
        return;
    while (fy_plat_readdir(d, &name, NULL) == FY_OK && name) {
        char path[FY_PATH_MAX + 128];
        size_t n = strlen(name);
        fy_stat st;
        if (n != 2 * FY_HASH_LEN + 7 || strcmp(name + 2 * FY_HASH_LEN, ".resume") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", state_dir, name);
        if (fy_plat_lstat(path, &st, NULL) == FY_OK && st.kind == FY_KIND_FILE && st.mtime < cutoff)
            fy_ignore(fy_plat_remove(path, NULL));
    }
    fy_plat_closedir(d);
}

static fy_result journal_open(fy_recv *r, fy_err *err)
{
    fy_stat st;
    fy_result rc;

    if ((rc = fy_plat_mkdirs(r->cfg.state_dir, err)) != FY_OK)
        return rc;
    journal_prune(r->cfg.state_dir);
    if (fy_resume_path(r->cfg.state_dir, r->peer_key, r->offer.id, r->dir, r->journal_path,
                       sizeof r->journal_path) != 0)
        return fy_fail(err, FY_ERR_USAGE, "state folder path too long");
    if ((rc = fy_plat_lstat(r->journal_path, &st, err)) != FY_OK)
        return rc;
    r->journal_new = st.kind == FY_KIND_NONE;
    if ((rc = fy_plat_open(r->journal_path, FY_OPEN_WRITE_KEEP, &r->journal, err)) != FY_OK)
        return rc;
    rc = fy_plat_file_lock(r->journal, err);
    if (rc == FY_ERR_BUSY) { /* locked: the same transfer is running */
        char who[FY_DEVICE_NAME_MAX * 4 + 1];
        fy_names_for_display(r->peer.device, who, sizeof who);
        fy_plat_close(r->journal, NULL);
        r->journal = NULL;
        r->journal_new = 0;
        if (err)
            fy_err_clear(err);
        return fy_fail(err, FY_ERR_DUPLICATE,
                       "these files from \"%s\" are already being received in %s; this second copy of the "
                       "transfer was refused (the first one goes on)",
                       who, r->dir);
    }
    if (rc == FY_OK)
        rc = fy_plat_file_stat(r->journal, &st, err);
    if (rc == FY_OK)
        rc = journal_read(r, st.size, err);
    return rc;
}

fy_result fy_recv_prepare(fy_recv *r, fy_err *err)
{
    fy_stat st;
    fy_result rc;
    /* Said now, to both sides, rather than "accepted" and then failing on
     * the first file. A folder that does not exist yet is made on accept
     * (nothing is written before the user said yes), and says then. */
    if ((rc = fy_plat_stat(r->dir, &st, err)) != FY_OK)
        return rc;
    if (st.kind != FY_KIND_NONE) {
        if ((rc = fy_tree_open(r->dir, 0, &r->tree, err)) != FY_OK ||
            (rc = fy_tree_check_writable(r->tree, err)) != FY_OK)
            return rc;
    }
    return r->cfg.state_dir ? journal_open(r, err) : FY_OK;
}

/* ---- top-level names ---------------------------------------------------------- */

typedef struct jroot {
    int have;
    uint64_t dev, ino;
    char name[FY_NAME_MAX + 1];
} jroot;

/* What an earlier run's journal says: roots[i] for top-level entries,
 * x[i].done, have_hash and done[i] (where it went) for verified files. */
static fy_result journal_parse(fy_recv *r, jroot *roots, char **done, fy_err *err)
{
    size_t pos = strlen(FY_RESUME_HEADER);
    fy_resume_line *l = malloc(sizeof *l);
    if (!l)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    while (r->jbuf && pos < r->jlen) {
        char *nl = memchr(r->jbuf + pos, '\n', r->jlen - pos);
        size_t len = nl ? (size_t)(nl - (r->jbuf + pos)) : r->jlen - pos;
        if (nl && fy_resume_parse_line(r->jbuf + pos, len, l) && l->index < r->m.n) {
            uint32_t i = l->index;
            if (l->kind == FY_RESUME_ROOT && r->x[i].root == i && strlen(l->name) < sizeof roots[i].name) {
                roots[i].have = 1;
                roots[i].dev = l->dev;
                roots[i].ino = l->ino;
                memcpy(roots[i].name, l->name, strlen(l->name) + 1);
            } else if (l->kind == FY_RESUME_DONE && r->m.e[i].kind == FY_ENTRY_FILE) {
                char *d = fy_strdup(l->name);
                if (!d) {
                    free(l);
                    return fy_fail(err, FY_ERR_NOMEM, "out of memory");
                }
                free(done[i]);
                done[i] = d;
                r->x[i].done = 1;
                memcpy(r->m.e[i].have_hash, l->hash, FY_HASH_LEN);
            }
        }
        pos += len + 1;
    }
    free(l);
    return FY_OK;
}

static int same_object(fy_recv *r, const char *rel, fy_file_kind kind, uint64_t dev, uint64_t ino)
{
    fy_stat st;
    return fy_tree_lstat(r->tree, rel, &st, NULL) == FY_OK && st.kind == kind && st.dev == dev && st.ino == ino;
}

/* 1 if the journal's root i is still what this receiver created: the same
 * folder, or the same file (as NAME.part, or renamed to NAME, or to where
 * its done line says it went). A folder swapped for another folder or a
 * link between two runs is not. */
static int root_still_ours(fy_recv *r, uint32_t i, const jroot *j, const char *done_path)
{
    char part[FY_NAME_MAX + 8];
    if (r->m.e[i].kind == FY_ENTRY_DIR)
        return same_object(r, j->name, FY_KIND_DIR, j->dev, j->ino);
    fy_recv_part_path(j->name, part, sizeof part);
    return same_object(r, part, FY_KIND_FILE, j->dev, j->ino) ||
           same_object(r, j->name, FY_KIND_FILE, j->dev, j->ino) ||
           (done_path && same_object(r, done_path, FY_KIND_FILE, j->dev, j->ino));
}

/* Claims a fresh top-level name for entry i by creating it exclusively: the
 * folder itself, or the file's NAME.part (a name is free for a file only
 * if NAME is free too). The first of "name", "name (1)", ... wins. */
static fy_result claim_root(fy_recv *r, uint32_t i, char *name, size_t cap, fy_stat *id, fy_err *err)
{
    const fy_entry *e = &r->m.e[i];
    int is_file = e->kind == FY_ENTRY_FILE;
    fy_result rc;

    for (unsigned k = 0; k <= 10000; k++) {
        int existed = 0;
        if (k == 0)
            snprintf(name, cap, "%s", e->local);
        else if (fy_names_collision(e->local, !is_file, k, name, cap) != FY_OK)
            break;
        else if (fy_recv_name_taken(r, name, is_file))
            continue; /* another entry of this transfer has it */
        if (is_file) {
            char part[FY_NAME_MAX + 8];
            fy_file *f = NULL;
            if ((rc = fy_tree_lstat(r->tree, name, id, err)) != FY_OK)
                return rc;
            if (id->kind != FY_KIND_NONE)
                continue;
            fy_recv_part_path(name, part, sizeof part);
            if ((rc = fy_tree_open_file(r->tree, part, FY_TREE_CREATE, &existed, &f, err)) != FY_OK)
                return rc;
            if (existed)
                continue;
            rc = fy_plat_file_stat(f, id, err);
            fy_plat_close(f, NULL);
            return rc;
        }
        if ((rc = fy_tree_mkdir(r->tree, name, 1, &existed, err)) != FY_OK)
            return rc;
        if (!existed)
            return fy_tree_lstat(r->tree, name, id, err);
    }
    return fy_fail(err, FY_ERR_IO, "no free name for \"%s\" in %s", e->local, r->dir);
}

/* Gives top-level entries the names they will live under, and moves the
 * local paths of everything below a renamed root along (one pass). First
 * (claim = 0) the roots an earlier run made and that are still its own;
 * then, once the space check passed, (claim = 1) fresh names for the rest,
 * so a refused transfer creates nothing. */
static fy_result place_roots(fy_recv *r, const jroot *jr, char **done, uint8_t *resumed, int claim, fy_err *err)
{
    char **newname = calloc(r->m.n, sizeof *newname);
    fy_result rc = FY_OK;

    if (!newname)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    for (uint32_t i = 0; i < r->m.n && rc == FY_OK; i++) {
        char name[FY_NAME_MAX + 1];
        fy_stat id;
        fy_resume_line l;
        if (r->x[i].root != i || resumed[i])
            continue;
        if (!claim) {
            if (!jr[i].have)
                continue;
            if (!root_still_ours(r, i, &jr[i], done[i])) {
                fy_recv_warn(r, "\"%s\" in %s is no longer what an earlier run of this transfer made; "
                                "receiving it afresh under a new name", jr[i].name, r->dir);
                continue;
            }
            resumed[i] = 1;
            snprintf(name, sizeof name, "%s", jr[i].name);
        } else {
            if ((rc = claim_root(r, i, name, sizeof name, &id, err)) != FY_OK)
                break;
            memset(&l, 0, sizeof l);
            l.kind = FY_RESUME_ROOT;
            l.index = i;
            l.dev = id.dev;
            l.ino = id.ino;
            snprintf(l.name, sizeof l.name, "%s", name);
            rc = fy_recv_journal_append(r, &l, err);
        }
        if (rc == FY_OK && strcmp(name, r->m.e[i].local) != 0 && !(newname[i] = fy_strdup(name)))
            rc = fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    for (uint32_t j = 0; j < r->m.n && rc == FY_OK; j++) {
        uint32_t i = r->x[j].root;
        char path[FY_RESUME_PATH_MAX + 1];
        if (!claim && !resumed[i]) {
            /* Nothing an earlier run did under a root not reused counts. */
            r->x[j].done = 0;
            free(done[j]);
            done[j] = NULL;
        }
        if (!newname[i] || j == i)
            continue;
        snprintf(path, sizeof path, "%s%s", newname[i], r->m.e[j].local + strlen(r->m.e[i].local));
        rc = fy_recv_set_local(r, j, path, err);
    }
    for (uint32_t i = 0; i < r->m.n; i++) {
        if (newname[i] && rc == FY_OK)
            rc = fy_recv_set_local(r, i, newname[i], err);
        free(newname[i]);
    }
    free(newname);
    return rc;
}

/* ---- what is already here ------------------------------------------------------ */

/* Hashes the first len bytes of the file below the tree into h, and gives
 * its identity. */
static fy_result hash_prefix(fy_recv *r, const char *rel, uint64_t len, fy_hash *h, fy_stat *id, fy_err *err)
{
    enum { CHUNK = 1 << 20 };
    fy_file *f = NULL;
    uint8_t *buf = malloc(CHUNK);
    fy_result rc;
    if (!buf)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    rc = fy_tree_open_file(r->tree, rel, FY_TREE_READ, NULL, &f, err);
    if (rc == FY_OK)
        rc = fy_plat_file_stat(f, id, err);
    if (rc == FY_OK)
        fy_plat_advise_sequential(f);
    while (rc == FY_OK && len > 0) {
        size_t got;
        rc = fy_plat_read(f, buf, len < CHUNK ? (size_t)len : CHUNK, &got, err);
        if (rc == FY_OK && got == 0)
            rc = fy_fail(err, FY_ERR_IO, "%s/%s is shorter than expected", r->dir, rel);
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

/* File i's NAME.part is not a plain file (someone put a link, a folder or
 * a fifo there): it is not Ferry's, so it is left alone and the file is
 * received afresh under the next free name. */
static fy_result move_aside(fy_recv *r, uint32_t i, fy_err *err)
{
    fy_entry *e = &r->m.e[i];
    const char *slash = strrchr(e->local, '/');
    const char *base = slash ? slash + 1 : e->local;
    char alt[FY_NAME_MAX + 1], path[FY_RESUME_PATH_MAX + 1], part[sizeof path + 8];
    for (unsigned k = 1; k <= 10000; k++) {
        fy_stat a, b;
        fy_result rc;
        if (fy_names_collision(base, 0, k, alt, sizeof alt) != FY_OK)
            break;
        snprintf(path, sizeof path, "%.*s%s", (int)(base - e->local), e->local, alt);
        fy_recv_part_path(path, part, sizeof part);
        if (fy_recv_name_taken(r, path, 1))
            continue;
        if ((rc = fy_tree_lstat(r->tree, path, &a, err)) != FY_OK ||
            (rc = fy_tree_lstat(r->tree, part, &b, err)) != FY_OK)
            return rc;
        if (a.kind != FY_KIND_NONE || b.kind != FY_KIND_NONE)
            continue;
        fy_recv_part_path(e->local, part, sizeof part);
        fy_recv_warn(r, "\"%s/%s\" is not a file Ferry made (a link or something else was put there); "
                        "left alone, receiving \"%s\" as \"%s\"", r->dir, part, e->local, path);
        if (fy_recv_name_reserve(r, path, 1) < 0)
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
        return fy_recv_set_local(r, i, path, err);
    }
    return fy_fail(err, FY_ERR_IO, "no free name for \"%s\" in %s", e->local, r->dir);
}

/* Decides, for file i under a root this receiver made, how much it holds:
 * a verified copy (the journal's done line, where it says), a finished
 * file an interrupted run had not recorded, or a .part prefix. */
static fy_result find_have(fy_recv *r, uint32_t i, const char *done_path, fy_err *err)
{
    fy_entry *e = &r->m.e[i];
    char part[FY_RESUME_PATH_MAX + 8];
    fy_stat st, id;
    fy_result rc;

    e->have = 0;
    if (r->x[i].done && done_path) {
        if ((rc = fy_tree_lstat(r->tree, done_path, &st, err)) != FY_OK)
            return rc;
        if (st.kind == FY_KIND_FILE && st.size == e->size) {
            e->have = e->size; /* hash from the journal; 0 for an empty file, still done */
            return strcmp(done_path, e->local) ? fy_recv_set_local(r, i, done_path, err) : FY_OK;
        }
    }
    r->x[i].done = 0;
    if ((rc = fy_tree_lstat(r->tree, e->local, &st, err)) != FY_OK)
        return rc;
    if (st.kind == FY_KIND_FILE && st.size == e->size && e->size > 0) {
        fy_hash_reset(r->h);
        if ((rc = hash_prefix(r, e->local, e->size, r->h, &id, err)) != FY_OK)
            return rc;
        fy_hash_digest(r->h, e->have_hash);
        e->have = e->size;
        return FY_OK;
    }
    fy_recv_part_path(e->local, part, sizeof part);
    if ((rc = fy_tree_lstat(r->tree, part, &st, err)) != FY_OK)
        return rc;
    if (st.kind == FY_KIND_NONE)
        return FY_OK;
    if (st.kind != FY_KIND_FILE)
        return r->x[i].root == i ? FY_OK : move_aside(r, i, err);
    if (st.size == 0 || st.size > e->size)
        return FY_OK;
    if (!(r->x[i].prefix = calloc(1, sizeof *r->x[i].prefix)) || !(r->x[i].prefix->h = fy_hash_new()))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    if ((rc = hash_prefix(r, part, st.size, r->x[i].prefix->h, &id, err)) != FY_OK)
        return rc;
    fy_hash_digest(r->x[i].prefix->h, e->have_hash);
    r->x[i].prefix->dev = id.dev;
    r->x[i].prefix->ino = id.ino;
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
    rc = r->cfg.emit(r->cfg.emit_ud, FY_MSG_ACCEPT, buf, w.len, err);
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
        rc = r->cfg.emit(r->cfg.emit_ud, FY_MSG_HAVE, buf, w.len, err);
    }
    free(buf);
    return rc;
}

/* Refuse now rather than fill the disk and fail at 97%. Sizes are capped
 * at 2^63-1 in all (fy_manifest_add), so the sum cannot wrap. */
static fy_result check_space(fy_recv *r, fy_err *err)
{
    uint64_t need = 0, avail = 0;
    for (uint32_t i = 0; i < r->m.n; i++) {
        const fy_entry *e = &r->m.e[i];
        if (e->kind != FY_ENTRY_FILE)
            continue;
        if (e->have > e->size || need > UINT64_MAX - (e->size - e->have))
            return fy_fail(err, FY_ERR_PROTOCOL, "the sizes add up to more than 2^63-1 bytes");
        need += e->size - e->have;
    }
    if (fy_tree_free_space(r->tree, &avail, NULL) == FY_OK && need > avail) {
        char needs[32], avails[32];
        fy_format_size(need, needs, sizeof needs);
        fy_format_size(avail, avails, sizeof avails);
        return fy_fail(err, FY_ERR_DISK_FULL, "not enough space: needs %s, %s free in %s", needs, avails,
                       r->dir);
    }
    return FY_OK;
}

fy_result fy_recv_accept_offer(fy_recv *r, fy_err *err)
{
    jroot *jr = calloc(r->m.n, sizeof *jr);
    char **done = calloc(r->m.n, sizeof *done);
    uint8_t *resumed = calloc(r->m.n, 1);
    fy_result rc = FY_OK;

    if (!jr || !done || !resumed) {
        rc = fy_fail(err, FY_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    if (!r->tree && (rc = fy_tree_open(r->dir, 1, &r->tree, err)) != FY_OK)
        goto cleanup;
    if ((rc = journal_parse(r, jr, done, err)) != FY_OK)
        goto cleanup;
    if ((rc = place_roots(r, jr, done, resumed, 0, err)) != FY_OK)
        goto cleanup;
    for (uint32_t i = 0; i < r->m.n && rc == FY_OK; i++)
        if (resumed[r->x[i].root] && r->m.e[i].kind == FY_ENTRY_FILE)
            rc = find_have(r, i, done[i], err);
    if (rc == FY_OK)
        rc = check_space(r, err);
    if (rc == FY_OK)
        rc = place_roots(r, jr, done, resumed, 1, err);
    /* Folders in manifest order, so a parent comes first; top-level ones
     * were made when their names were claimed. */
    for (uint32_t i = 0; i < r->m.n && rc == FY_OK; i++)
        if (r->m.e[i].kind == FY_ENTRY_DIR && r->x[i].root != i)
            rc = fy_tree_mkdir(r->tree, r->m.e[i].local, 0, NULL, err);
    if (rc == FY_OK)
        rc = send_haves(r, err);
cleanup:
    if (done)
        for (uint32_t i = 0; i < r->m.n; i++)
            free(done[i]);
    free(done);
    free(jr);
    free(resumed);
    free(r->jbuf);
    r->jbuf = NULL;
    return rc;
}
