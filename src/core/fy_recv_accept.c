/* fy_recv_accept.c: accepting an offer. Top-level entries get free names
 * in the receive folder (or the ones an earlier run's journal recorded),
 * the journal is written before anything else, folders are created, and,
 * when resuming, what is already here is found and hashed for HAVE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_names.h"
#include "fy_recv_int.h"
#include "fy_util.h"
#include "platform/fy_platform.h"

/* ---- accepting: names on disk, journal, folders, what we already have ---- */

static int exists(const char *path)
{
    fy_stat st;
    return fy_plat_lstat(path, &st, NULL) != FY_OK || st.kind != FY_KIND_NONE;
}

fy_result fy_recv_journal_append(fy_recv *r, const fy_resume_line *l, fy_err *err)
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
                    fy_recv_key(r, name, key, sizeof key);
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
                snprintf(path, sizeof path, "%s%s", name, c->local + old);
                /* The old string stays in the manifest's arena until the end. */
                if (!(nl = fy_manifest_strdup(&r->m, path)))
                    return fy_fail(err, FY_ERR_NOMEM, "out of memory");
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

fy_result fy_recv_accept_offer(fy_recv *r, fy_err *err)
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
            rc = fy_recv_journal_append(r, &l, err);
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
