/* fy_xfer_history.c: a finished transfer, either direction, into the
 * history database (src/history), from the transfer's own thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_names.h"
#include "core/fy_send.h"
#include "fy_engine_int.h"
#include "history/fy_history.h"
#include "platform/fy_platform.h"

/* The top-level names, one per line, as long as they fit: an offer of a
 * million loose files is still found by its first names. */
#define NAMES_CAP 4096

static void top_names(const fy_manifest *m, int use_local, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = 0;
    for (uint32_t i = 0; i < m->n; i++) {
        const char *name = use_local && m->e[i].local ? m->e[i].local : m->e[i].path;
        size_t n;
        if (!name || strchr(name, '/'))
            continue;
        n = strlen(name);
        if (len + n + 2 > cap)
            break;
        if (len)
            out[len++] = '\n';
        memcpy(out + len, name, n);
        len += n;
        out[len] = 0;
    }
}

static fy_history_result result_of(fy_result rc)
{
    switch (rc) {
    case FY_OK: return FY_HISTORY_DONE;
    case FY_ERR_DECLINED: return FY_HISTORY_DECLINED;
    case FY_ERR_CANCELLED: return FY_HISTORY_CANCELLED;
    default: return FY_HISTORY_FAILED;
    }
}

static void fill(fy_xfer *x, fy_history_transfer *t, fy_result rc, const fy_err *err, char *addr, size_t cap)
{
    memset(t, 0, sizeof *t);
    t->ended = fy_plat_wall_time();
    t->started = x->wall_start ? x->wall_start : t->ended;
    t->duration_ms = x->t0 ? (int64_t)(fy_plat_now_ms() - x->t0) : 0;
    t->outgoing = x->outgoing;
    t->kind = FY_HISTORY_KIND_FILES;
    t->peer_name = x->peer_name;
    t->peer_key = x->peer_fp;
    /* A send that never connected: where it was going. */
    if (!x->peer_addr[0] && x->host[0])
        snprintf(addr, cap, "%.200s:%u", x->host, x->port);
    else
        snprintf(addr, cap, "%s", x->peer_addr);
    t->address = addr;
    t->result = result_of(rc);
    t->error = rc != FY_OK ? (err && err->msg[0] ? err->msg : fy_result_str(rc)) : "";
}

/* Opens, records, commits; a failure is told as a warning and dropped. */
typedef struct rec {
    fy_xfer *x;
    fy_history *h;
    fy_err err;
    int ok;
} rec;

static int rec_begin(rec *c, const fy_history_transfer *t)
{
    fy_engine *e = c->x->e;
    memset(&c->err, 0, sizeof c->err);
    c->h = NULL;
    c->ok = fy_history_open(e->cfg.config_dir, &c->h, &c->err) == FY_OK &&
            fy_history_begin(c->h, t, NULL, &c->err) == FY_OK;
    return c->ok;
}

static void rec_file(rec *c, const fy_history_file *f)
{
    if (c->ok && fy_history_add_file(c->h, f, &c->err) != FY_OK)
        c->ok = 0;
}

static void rec_end(rec *c)
{
    if (c->ok && fy_history_commit(c->h, &c->err) != FY_OK)
        c->ok = 0;
    if (!c->ok) {
        char msg[FY_EVENT_TEXT_MAX];
        snprintf(msg, sizeof msg, "not recorded in the history: %.400s", c->err.msg);
        fy_engine_warn(c->x->e, c->x->id, msg);
    }
    fy_history_close(c->h);
}

/* A snippet's bytes as a C string for the record (its own copy: the
 * event takes the payload). */
static char *text_copy(const uint8_t *text, size_t len)
{
    char *s;
    if (!text)
        return NULL;
    if (len > FY_HISTORY_TEXT_MAX)
        len = FY_HISTORY_TEXT_MAX; /* fy_history_begin cuts it at a UTF-8 boundary */
    if ((s = malloc(len + 1)) != NULL) {
        memcpy(s, text, len);
        s[len] = 0;
    }
    return s;
}

void fy_xfer_record_recv(fy_xfer *x, const fy_recv *r, fy_result rc, const fy_err *err, const uint8_t *text,
                         size_t text_len)
{
    const fy_manifest *m;
    fy_history_transfer t;
    char *names, *path, addr[256], *snippet = NULL;
    const char *dir;
    rec c = {x, NULL, {0}, 0};

    if (SDL_AtomicGet(&x->e->no_history) || !fy_history_available() || !r || !fy_recv_offered(r))
        return;
    m = fy_recv_manifest(r);
    dir = fy_recv_dir(r);
    names = malloc(NAMES_CAP);
    path = malloc(FY_PATH_MAX * 2 + 2);
    if (!names || !path)
        goto out;
    top_names(m, 1, names, NAMES_CAP);
    fill(x, &t, rc, err, addr, sizeof addr);
    t.names = names;
    t.folder = dir;
    t.files = m->files;
    t.bytes = m->total;
    if (fy_recv_is_text(r)) { /* the text itself once verified; its preview always (names) */
        t.kind = FY_HISTORY_KIND_TEXT;
        t.folder = "";
        t.text = snippet = text_copy(text, text_len);
    }
    if (!rec_begin(&c, &t)) {
        rec_end(&c);
        goto out;
    }
    for (uint32_t i = 0; i < m->n && c.ok; i++) {
        uint8_t hash[FY_HASH_LEN];
        fy_history_file f;
        const char *words, *where;
        fy_scan_verdict v = fy_recv_file_scan(r, i, &words, &where);
        int done = fy_recv_file_done(r, i, hash);
        /* A file the scanner rejected is recorded where it is now: in
         * the quarantine folder (its hash was not kept). */
        if (!done && !(v == FY_SCAN_INFECTED && where))
            continue;
        snprintf(path, FY_PATH_MAX * 2 + 2, "%s/%s", dir, m->e[i].local);
        /* As the user's file manager writes it (Windows: backslashes);
         * "Show in folder" hands it to Explorer as it is. */
        fy_plat_native_path(path);
        memset(&f, 0, sizeof f);
        f.path = done ? path : where;
        f.rel = m->e[i].local;
        f.size = m->e[i].size;
        f.xxh3 = done ? hash : NULL;
        f.scan = v;
        f.scan_words = words;
        rec_file(&c, &f);
    }
    rec_end(&c);
out:
    free(names);
    free(path);
    free(snippet);
}

void fy_xfer_record_send(fy_xfer *x, const fy_send *s, fy_result rc, const fy_err *err)
{
    const fy_manifest *m;
    fy_history_transfer t;
    char *names, *path, addr[256], *snippet = NULL;
    rec c = {x, NULL, {0}, 0};

    if (SDL_AtomicGet(&x->e->no_history) || !fy_history_available() || !s)
        return;
    m = fy_send_manifest(s);
    names = malloc(NAMES_CAP);
    path = malloc(FY_PATH_MAX * 2 + 2);
    if (!names || !path)
        goto out;
    top_names(m, 0, names, NAMES_CAP);
    fill(x, &t, rc, err, addr, sizeof addr);
    t.names = names;
    t.files = m->files;
    t.bytes = m->total;
    if (x->is_text) {
        t.kind = FY_HISTORY_KIND_TEXT;
        t.text = snippet = text_copy(x->text, x->text_len);
    }
    if (!rec_begin(&c, &t)) {
        rec_end(&c);
        goto out;
    }
    for (uint32_t i = 0; i < m->n && c.ok; i++) {
        uint8_t hash[FY_HASH_LEN];
        fy_history_file f;
        fy_err aerr;
        /* Files only: a text entry's "local" is the text itself. */
        if (m->e[i].kind != FY_ENTRY_FILE || !fy_send_file_sent(s, i, hash))
            continue;
        /* The file read, as an absolute path: what "Show in folder" needs
         * whatever folder the command ran in. */
        if (fy_plat_abspath(m->e[i].local, path, FY_PATH_MAX * 2 + 2, &aerr) != FY_OK)
            snprintf(path, FY_PATH_MAX * 2 + 2, "%s", m->e[i].local);
        fy_plat_native_path(path);
        memset(&f, 0, sizeof f);
        f.path = path;
        f.rel = m->e[i].path;
        f.size = m->e[i].size;
        f.xxh3 = hash;
        f.scan = FY_SCAN_NOT_SCANNED;
        rec_file(&c, &f);
    }
    rec_end(&c);
out:
    free(names);
    free(path);
    free(snippet);
}
