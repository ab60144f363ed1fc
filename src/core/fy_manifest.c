#include "fy_util.h"
#include "fy_manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_names.h"
#include "fy_text.h"
#include "fy_strset.h"
#include "platform/fy_platform.h"

void fy_manifest_init(fy_manifest *m)
{
    memset(m, 0, sizeof *m);
    fy_arena_init(&m->names);
}

void fy_manifest_free(fy_manifest *m)
{
    free(m->e);
    fy_arena_free(&m->names);
    fy_manifest_init(m);
}

char *fy_manifest_strdup(fy_manifest *m, const char *s) { return fy_arena_strndup(&m->names, s, strlen(s)); }

fy_result fy_manifest_add(fy_manifest *m, uint8_t kind, uint8_t flags, uint64_t size, int64_t mtime,
                          const char *path, size_t path_len, const char *local, fy_err *err)
{
    fy_entry *e;
    if (m->n >= FY_ENTRIES_MAX)
        return fy_fail(err, FY_ERR_USAGE, "too many files and folders (the limit is %u)", FY_ENTRIES_MAX);
    /* Sizes become file offsets (int64), and the sum is a progress total
     * and a disk-space check: neither may wrap. m->total stays <= INT64_MAX,
     * so the subtraction cannot. */
    if (size > (uint64_t)INT64_MAX)
        return fy_fail(err, FY_ERR_USAGE, "file size %llu is over 2^63-1 bytes", (unsigned long long)size);
    if (kind != FY_ENTRY_DIR && size > (uint64_t)INT64_MAX - m->total)
        return fy_fail(err, FY_ERR_USAGE, "the sizes add up to more than 2^63-1 bytes");
    /* The entry cap alone would let a peer send 4 GB of 4096-byte paths. */
    if (path_len > FY_MANIFEST_BYTES_MAX - m->name_bytes)
        return fy_fail(err, FY_ERR_USAGE, "the file list is over %u MiB of names", FY_MANIFEST_BYTES_MAX >> 20);
    if (m->n == m->cap) {
        uint32_t ncap = m->cap ? m->cap * 2 : 64;
        fy_entry *ne = realloc(m->e, (size_t)ncap * sizeof *ne);
        if (!ne)
            return fy_fail(err, FY_ERR_NOMEM, "out of memory for the file list");
        m->e = ne;
        m->cap = ncap;
    }
    e = &m->e[m->n];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->flags = flags;
    e->path_len = (uint16_t)path_len; /* <= FY_PATH_MAX, checked by the decoder and the walker */
    e->size = size;
    e->mtime = mtime;
    e->path = fy_arena_strndup(&m->names, path, path_len);
    if (!e->path)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory for the file list");
    /* A receiver's local path is most often the wire path itself: share it. */
    if (local && strlen(local) == path_len && memcmp(local, path, path_len) == 0)
        e->local = e->path;
    else if (local && !(e->local = fy_manifest_strdup(m, local)))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory for the file list");
    m->n++;
    m->name_bytes += path_len;
    if (kind != FY_ENTRY_DIR) {
        m->files++;
        m->total += size;
    }
    return FY_OK;
}

fy_result fy_manifest_add_text(fy_manifest *m, const uint8_t *text, size_t len, fy_err *err)
{
    size_t bad, pl;
    fy_result rc;
    if (len == 0)
        return fy_fail(err, FY_ERR_USAGE, "nothing to send: the text is empty");
    if (len > FY_TEXT_BYTES_MAX)
        return fy_fail(err, FY_ERR_USAGE, "the text is over the limit of %u bytes (64 KiB); send it as a file",
                       FY_TEXT_BYTES_MAX);
    if ((bad = fy_text_utf8_check(text, len)) != len)
        return fy_fail(err, FY_ERR_USAGE, "the text is not valid UTF-8 (byte %zu); send it as a file", bad);
    pl = fy_text_preview_len(text, len);
    /* The text itself lives in local: fy_source_open reads e->size bytes of it. */
    if ((rc = fy_manifest_add(m, FY_ENTRY_TEXT, 0, len, 0, (const char *)text, pl, NULL, err)) != FY_OK)
        return rc;
    if (!(m->e[m->n - 1].local = fy_arena_strndup(&m->names, (const char *)text, len)))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    return FY_OK;
}

void fy_manifest_id(const fy_manifest *m, uint8_t id[FY_HASH_LEN])
{
    fy_hash *h = fy_hash_new();
    uint8_t buf[FY_PATH_MAX + 32];
    if (!h) {
        memset(id, 0, FY_HASH_LEN);
        return;
    }
    for (uint32_t i = 0; i < m->n; i++) {
        fy_wbuf w;
        fy_wire_entry we = {m->e[i].kind, m->e[i].flags, m->e[i].size, m->e[i].mtime, m->e[i].path,
                            m->e[i].path_len};
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_entry(&w, &we);
        fy_hash_update(h, buf, w.len);
    }
    fy_hash_digest(h, id);
    fy_hash_free(h);
}

/* ---- walking ------------------------------------------------------------- */

typedef struct walker {
    fy_manifest *m;
    fy_warn_fn warn;
    void *ud;
    fy_err *err;
} walker;

static void warnf(walker *w, const char *fmt, const char *path)
{
    char msg[FY_PATH_MAX + 128], shown[FY_PATH_MAX];
    if (!w->warn)
        return;
    fy_names_for_display(path, shown, sizeof shown);
    snprintf(msg, sizeof msg, fmt, shown);
    w->warn(w->ud, msg);
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static fy_result walk_dir(walker *w, const char *disk, const char *wire, int depth);

static fy_result add_node(walker *w, const char *disk, const char *wire, const fy_stat *st, int depth)
{
    size_t wl = strlen(wire);
    if (wl > FY_PATH_MAX)
        return fy_fail(w->err, FY_ERR_USAGE, "path too long to send (over %u bytes): %s", FY_PATH_MAX, disk);
    if (st->kind == FY_KIND_DIR) {
        fy_result rc = fy_manifest_add(w->m, FY_ENTRY_DIR, 0, 0, st->mtime, wire, wl, disk, w->err);
        return rc != FY_OK ? rc : walk_dir(w, disk, wire, depth + 1);
    }
    return fy_manifest_add(w->m, FY_ENTRY_FILE, st->executable ? FY_ENTRY_EXEC : 0, st->size, st->mtime, wire, wl,
                           disk, w->err);
}

static fy_result walk_dir(walker *w, const char *disk, const char *wire, int depth)
{
    fy_dir *d = NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    fy_result rc;
    const char *name;

    if (depth >= FY_DEPTH_MAX) {
        warnf(w, "skipped folder nested too deep: %s", disk);
        return FY_OK;
    }
    rc = fy_plat_opendir(disk, &d, w->err);
    if (rc != FY_OK)
        return rc;
    /* Sorted so the manifest, and so the transfer id, does not depend on
     * the order the file system lists names in. */
    while ((rc = fy_plat_readdir(d, &name, w->err)) == FY_OK && name) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (!nn) {
                rc = fy_fail(w->err, FY_ERR_NOMEM, "out of memory listing %s", disk);
                goto cleanup;
            }
            names = nn;
            cap = ncap;
        }
        if (!(names[n] = fy_strdup(name))) {
            rc = fy_fail(w->err, FY_ERR_NOMEM, "out of memory listing %s", disk);
            goto cleanup;
        }
        n++;
    }
    if (rc != FY_OK)
        goto cleanup;
    fy_plat_closedir(d);
    d = NULL;
    if (n)
        qsort(names, n, sizeof *names, cmp_names);

    for (size_t i = 0; i < n && rc == FY_OK; i++) {
        size_t dl = strlen(disk) + strlen(names[i]) + 2, wl = strlen(wire) + strlen(names[i]) + 2;
        char *cdisk = malloc(dl), *cwire = malloc(wl);
        fy_stat st;
        if (!cdisk || !cwire) {
            free(cdisk);
            free(cwire);
            rc = fy_fail(w->err, FY_ERR_NOMEM, "out of memory walking %s", disk);
            break;
        }
        snprintf(cdisk, dl, "%s/%s", disk, names[i]);
        snprintf(cwire, wl, "%s/%s", wire, names[i]);
        rc = fy_plat_lstat(cdisk, &st, w->err);
        if (rc == FY_OK) {
            /* Links inside folders are skipped: following them could loop
             * or reach outside what the user chose to send. */
            if (st.kind == FY_KIND_LINK)
                warnf(w, "skipped symbolic link: %s", cdisk);
            else if (st.kind == FY_KIND_FILE || st.kind == FY_KIND_DIR)
                rc = add_node(w, cdisk, cwire, &st, depth);
            else if (st.kind == FY_KIND_OTHER)
                warnf(w, "skipped special file: %s", cdisk);
        }
        free(cdisk);
        free(cwire);
    }

cleanup:
    if (d)
        fy_plat_closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* The name a root is sent under: the last component of the path as the
 * user typed it (a link named "latest" is sent as "latest", not as its
 * target's name). Only "." / ".." / "dir/" need the absolute path to find
 * a name at all. */
static fy_result root_name(const char *path, char *out, size_t cap, fy_err *err)
{
    char buf[FY_PATH_MAX];
    const char *base;
    size_t len = strlen(path);
    if (len >= sizeof buf)
        return fy_fail(err, FY_ERR_USAGE, "path too long: %s", path);
    memcpy(buf, path, len + 1);
    while (len > 1 && (buf[len - 1] == '/' || buf[len - 1] == '\\'))
        buf[--len] = '\0';
    base = buf + len;
    while (base > buf && base[-1] != '/' && base[-1] != '\\')
        base--;
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        fy_result rc = fy_plat_abspath(path, buf, sizeof buf, err);
        if (rc != FY_OK)
            return rc;
        len = strlen(buf);
        while (len > 1 && (buf[len - 1] == '/' || buf[len - 1] == '\\'))
            buf[--len] = '\0';
        base = buf + len;
        while (base > buf && base[-1] != '/' && base[-1] != '\\')
            base--;
    }
    if (!*base || !strcmp(base, "/") || strchr(base, ':')) /* "/" or a bare drive "C:" */
        return fy_fail(err, FY_ERR_USAGE, "cannot send a whole drive or file system root: %s", path);
    if (strlen(base) >= cap)
        return fy_fail(err, FY_ERR_USAGE, "name too long: %s", path);
    strcpy(out, base);
    return FY_OK;
}

fy_result fy_manifest_walk(fy_manifest *m, const char *const *paths, int npaths, fy_warn_fn warn, void *ud,
                           fy_err *err)
{
    walker w = {m, warn, ud, err};
    fy_strset *roots = fy_strset_new();
    fy_result rc = FY_OK;

    if (!roots)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    for (int i = 0; i < npaths && rc == FY_OK; i++) {
        char name[FY_NAME_MAX + 1], unique[FY_NAME_MAX + 1];
        fy_stat st;
        rc = fy_plat_stat(paths[i], &st, err);
        if (rc != FY_OK)
            break;
        if (st.kind == FY_KIND_NONE) {
            rc = fy_fail(err, FY_ERR_NOT_FOUND, "no such file or folder: %s", paths[i]);
            break;
        }
        if (st.kind != FY_KIND_FILE && st.kind != FY_KIND_DIR) {
            rc = fy_fail(err, FY_ERR_USAGE, "not a regular file or folder: %s", paths[i]);
            break;
        }
        if ((rc = root_name(paths[i], name, sizeof name, err)) != FY_OK)
            break;
        strcpy(unique, name);
        for (unsigned k = 1; fy_strset_has(roots, unique); k++) {
            if ((rc = fy_names_collision(name, st.kind == FY_KIND_DIR, k, unique, sizeof unique)) != FY_OK) {
                fy_fail(err, rc, "name too long: %s", paths[i]);
                goto cleanup;
            }
        }
        if (fy_strset_add(roots, unique) < 0) {
            rc = fy_fail(err, FY_ERR_NOMEM, "out of memory");
            break;
        }
        rc = add_node(&w, paths[i], unique, &st, 0);
    }
cleanup:
    fy_strset_free(roots);
    return rc;
}

void fy_format_size(uint64_t bytes, char *out, size_t cap)
{
    static const char *const units[] = {"KB", "MB", "GB", "TB", "PB"};
    double v = (double)bytes;
    int u = -1;
    if (bytes < 1000) {
        snprintf(out, cap, "%u byte%s", (unsigned)bytes, bytes == 1 ? "" : "s");
        return;
    }
    while (v >= 1000.0 && u < 4) {
        v /= 1000.0;
        u++;
    }
    snprintf(out, cap, v < 10.0 ? "%.2f %s" : v < 100.0 ? "%.1f %s" : "%.0f %s", v, units[u]);
}
