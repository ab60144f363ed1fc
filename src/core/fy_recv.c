#include "fy_recv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_names.h"
#include "fy_recv_int.h"
#include "fy_util.h"
#include "platform/fy_platform.h"

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
    if (cfg->peer_key)
        memcpy(r->peer_key, cfg->peer_key, sizeof r->peer_key);
    r->cfg.peer_key = r->peer_key;
    fy_manifest_init(&r->m);
    r->taken = fy_strset_new();
    r->dirs = fy_strset_new();
    r->h = fy_hash_new();
    r->idh = fy_hash_new();
    r->cur = r->last = -1;
    if (!r->taken || !r->dirs || !r->h || !r->idh) {
        fy_recv_free(r);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    *out = r;
    return FY_OK;
}

void fy_recv_abort(fy_recv *r)
{
    fy_recv_scan_free(r); /* waiting files stay NAME.part: a rerun scans them */
    if (r->f) {
        fy_plat_close(r->f, NULL);
        r->f = NULL;
    }
    fy_sink_close(r->sink);
    r->sink = NULL;
    /* A journal made for an offer that never got accepted holds nothing. */
    fy_recv_journal_close(r, r->journal_new && r->state <= RS_ASK);
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
            fy_recv_prefix_free(r, i);
    fy_recv_scan_free(r);
    fy_recv_scan_records_free(r);
    free(r->x);
    fy_manifest_free(&r->m);
    fy_strset_free(r->taken);
    fy_strset_free(r->dirs);
    fy_hash_free(r->h);
    fy_hash_free(r->idh);
    fy_tree_close(r->tree);
    free(r->jbuf);
    free(r->text_bytes);
    free(r);
}

const fy_hello *fy_recv_peer(const fy_recv *r) { return &r->peer; }
const fy_offer *fy_recv_offer(const fy_recv *r) { return &r->offer; }
const fy_manifest *fy_recv_manifest(const fy_recv *r) { return &r->m; }
int fy_recv_declined(const fy_recv *r) { return r->declined; }
int fy_recv_offered(const fy_recv *r) { return r->offered; }
const char *fy_recv_dir(const fy_recv *r) { return r->dir; }

int fy_recv_file_done(const fy_recv *r, uint32_t i, uint8_t hash[FY_HASH_LEN])
{
    if (!r->x || i >= r->m.n || r->m.e[i].kind != FY_ENTRY_FILE || !r->x[i].done)
        return 0;
    memcpy(hash, r->m.e[i].have_hash, FY_HASH_LEN);
    return 1;
}

int fy_recv_is_text(const fy_recv *r) { return r->text; }

uint8_t *fy_recv_take_text(fy_recv *r, size_t *len)
{
    uint8_t *p = r->text_bytes;
    *len = p ? r->text_len : 0;
    r->text_bytes = NULL;
    return p;
}
void fy_recv_progress(const fy_recv *r, fy_progress *p) { *p = r->prog; }

/* ---- manifest ------------------------------------------------------------- */

/* Names this transfer uses, one key each, the value saying whether it is
 * a file's. A file owns both NAME and NAME.part, so a sender cannot make
 * one entry's final name another's .part ("x" and "x.part" in one folder):
 * both directions are checked here rather than storing a second key per
 * file, which would cost ~100 MB at 1,000,000 entries. */
void fy_recv_part_path(const char *local, char *out, size_t cap)
{
    enum { KEEP = FY_NAME_MAX - 1 - 16 - 5 }; /* "~" + 16 hex + ".part" */
    const char *slash = strrchr(local, '/');
    const char *base = slash ? slash + 1 : local;
    size_t bl = strlen(base), keep = KEEP;
    uint8_t h[FY_HASH_LEN];
    char hex[2 * FY_HASH_LEN + 1];

    if (bl + 5 <= FY_NAME_MAX) {
        snprintf(out, cap, "%s.part", local);
        return;
    }
    while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
        keep--; /* not inside a UTF-8 sequence */
    fy_hash_buffer(base, bl, h);
    fy_hash_hex(h, hex);
    snprintf(out, cap, "%.*s%.*s~%.16s.part", (int)(base - local), local, (int)keep, base, hex);
}

/* Values in r->taken: what owns the name. */
enum { OWN_DIR = 0, OWN_FILE = 1, OWN_PART = 2 };

int fy_recv_name_taken(const fy_recv *r, const char *local, int is_file)
{
    char key[FY_PATH_MAX + FY_NAME_MAX + 32], part[sizeof key];
    size_t n = strlen(local);
    uint32_t owner;
    fy_recv_key(r, local, key, sizeof key);
    if (fy_strset_has(r->taken, key))
        return 1;
    if (is_file) { /* this file's NAME.part is some entry's name */
        fy_recv_part_path(local, part, sizeof part);
        fy_recv_key(r, part, key, sizeof key);
        if (fy_strset_has(r->taken, key))
            return 1;
    }
    if (n > 5 && !strcmp(local + n - 5, ".part")) { /* this name is a file's NAME.part */
        snprintf(part, sizeof part, "%.*s", (int)(n - 5), local);
        fy_recv_key(r, part, key, sizeof key);
        if (fy_strset_get(r->taken, key, &owner) && owner == OWN_FILE)
            return 1;
    }
    return 0;
}

int fy_recv_name_reserve(fy_recv *r, const char *local, int is_file)
{
    char key[FY_PATH_MAX + FY_NAME_MAX + 32], part[sizeof key], plain[sizeof key];
    fy_recv_key(r, local, key, sizeof key);
    if (fy_strset_put(r->taken, key, is_file ? OWN_FILE : OWN_DIR) < 0)
        return -1;
    if (!is_file)
        return 0;
    /* A long name's .part is not NAME.part: that one is kept as a key of
     * its own (rare: names of over 250 bytes). */
    fy_recv_part_path(local, part, sizeof part);
    snprintf(plain, sizeof plain, "%s.part", local);
    if (!strcmp(part, plain))
        return 0;
    fy_recv_key(r, part, key, sizeof key);
    return fy_strset_put(r->taken, key, OWN_PART) < 0 ? -1 : 0;
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
    int is_file = we->kind == FY_ENTRY_FILE;
    fy_result rc;

    rc = fy_names_map_path(we->path, we->path_len, r->cfg.windows_names, mapped, sizeof mapped, err);
    if (rc != FY_OK)
        return rc;
    base = strrchr(mapped, '/');
    if (base) {
        fy_recv_key(r, mapped, key, sizeof key);
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

    fy_recv_key(r, mapped, key, sizeof key);
    if (!is_file && fy_strset_get(r->dirs, key, &found)) {
        /* The same folder again ("a/./b" and "a/b"): nothing new to create. */
        snprintf(local, sizeof local, "%s", r->m.e[found].local);
    } else {
        for (unsigned k = 1; fy_recv_name_taken(r, local, is_file); k++) {
            char alt[FY_NAME_MAX + 1];
            if (k > 1000 || fy_names_collision(base, !is_file, k, alt, sizeof alt) != FY_OK)
                return fy_fail(err, FY_ERR_PROTOCOL, "too many entries named \"%s\"", base);
            if (parent != UINT32_MAX)
                snprintf(local, sizeof local, "%s/%s", r->m.e[parent].local, alt);
            else
                snprintf(local, sizeof local, "%s", alt);
        }
        if (fy_recv_name_reserve(r, local, is_file) < 0)
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    if (strlen(local) > FY_PATH_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "path longer than %u bytes", FY_PATH_MAX);
    rc = fy_manifest_add(&r->m, we->kind, we->flags, we->size, we->mtime, we->path, we->path_len, local, err);
    if (rc == FY_ERR_USAGE) { /* a cap of the list (count, sizes, name bytes): the sender's doing */
        rc = FY_ERR_PROTOCOL;
        if (err)
            err->code = rc;
    }
    if (rc != FY_OK)
        return rc;
    r->x[i].root = root;
    if (!is_file && !fy_strset_has(r->dirs, key) && fy_strset_put(r->dirs, key, i) < 0)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    return FY_OK;
}

/* A text entry: never a name on disk. Alone in its offer, so no file of
 * the same transfer needs the folder, the journal or a resume. */
static fy_result text_entry(fy_recv *r, const fy_wire_entry *we, fy_err *err)
{
    if (r->peer.version < FY_PROTO_VERSION_TEXT)
        return fy_fail(err, FY_ERR_PROTOCOL, "a text entry from a sender that said protocol version %u",
                       r->peer.version);
    if (we->kind != FY_ENTRY_TEXT || r->offer.entries != 1)
        return fy_fail(err, FY_ERR_PROTOCOL, "a text entry must be the only entry of its offer");
    r->text = 1;
    return fy_manifest_add(&r->m, FY_ENTRY_TEXT, 0, we->size, 0, we->path, we->path_len, NULL, err);
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
        size_t start = rb.pos;
        if ((rc = fy_dec_entry(&rb, &we, err)) != FY_OK)
            return rc;
        /* The id is over the entry's bytes exactly as they came: a path
         * with a NUL in it is hashed whole, as it is saved (mapped) whole. */
        fy_hash_update(r->idh, rb.p + start, rb.pos - start);
        if (we.kind == FY_ENTRY_TEXT || r->text) {
            if ((rc = text_entry(r, &we, err)) != FY_OK)
                return rc;
            continue;
        }
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
        fy_hash_digest(r->idh, id);
        if (memcmp(id, r->offer.id, FY_HASH_LEN) != 0)
            return fy_fail(err, FY_ERR_PROTOCOL, "transfer id does not match the manifest");
    }
    r->offered = 1;
    if (!r->text && (rc = fy_recv_prepare(r, err)) != FY_OK)
        return rc;
    r->prog.files_total = r->m.files;
    r->prog.bytes_total = r->m.total;
    r->state = RS_ASK;
    *st = FY_RECV_ASK;
    return FY_OK;
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
        fy_recv_journal_close(r, r->journal_new);
        *st = FY_RECV_FINISHED;
        return emit(r, FY_MSG_DECLINE, buf, w.len, err);
    }
    if (r->text) { /* nothing is here already: no HAVE */
        uint8_t buf[4];
        fy_wbuf w;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_accept(&w, 0);
        r->state = RS_WAIT_FILE;
        return emit(r, FY_MSG_ACCEPT, buf, w.len, err);
    }
    if ((rc = fy_recv_accept_offer(r, err)) != FY_OK)
        return rc;
    r->state = RS_WAIT_FILE;
    return FY_OK;
}

/* ---- files ------------------------------------------------------------------ */

/* Opens entry e's NAME.part to continue at offset (the have it announced),
 * checking it is the very file whose prefix was hashed at accept: same
 * file (device and inode, so a .part swapped meanwhile is refused, not
 * written through) and still at least offset bytes long. */
static fy_result open_part_at(fy_recv *r, uint32_t index, uint64_t offset, fy_err *err)
{
    fy_stat st;
    fy_result rc = fy_tree_open_file(r->tree, r->part, FY_TREE_WRITE, NULL, &r->f, err);
    if (rc == FY_OK)
        rc = fy_plat_file_stat(r->f, &st, err);
    if (rc == FY_OK && (!r->x[index].prefix || st.dev != r->x[index].prefix->dev ||
                        st.ino != r->x[index].prefix->ino || st.size < offset))
        rc = fy_fail(err, FY_ERR_IO, "\"%s/%s\" changed while this transfer was starting; send again", r->dir,
                     r->part);
    if (rc == FY_OK)
        rc = fy_plat_truncate(r->f, offset, err);
    if (rc == FY_OK)
        rc = fy_plat_seek(r->f, offset, err);
    return rc;
}

/* Opens entry e's NAME.part empty. It exists already when this receiver
 * made it: the claim on a top-level file's name, or an earlier run's
 * prefix that the sender did not match. */
static fy_result open_part_new(fy_recv *r, fy_err *err)
{
    int existed;
    fy_result rc = fy_tree_open_file(r->tree, r->part, FY_TREE_CREATE, &existed, &r->f, err);
    if (rc == FY_OK && existed)
        rc = fy_tree_open_file(r->tree, r->part, FY_TREE_WRITE, NULL, &r->f, err);
    if (rc == FY_OK && existed)
        rc = fy_plat_truncate(r->f, 0, err);
    return rc;
}

static fy_result on_file(fy_recv *r, const uint8_t *p, size_t n, fy_err *err)
{
    uint32_t index;
    uint64_t offset;
    fy_entry *e;
    fy_result rc;

    if ((rc = fy_dec_file(p, n, &index, &offset, err)) != FY_OK)
        return rc;
    if (index >= r->m.n || r->m.e[index].kind == FY_ENTRY_DIR || (int64_t)index <= r->last)
        return fy_fail(err, FY_ERR_PROTOCOL, "FILE frame names entry %u out of order or not a file", index);
    e = &r->m.e[index];
    if (e->kind == FY_ENTRY_TEXT) {
        /* Its size was checked against the cap in the manifest. */
        if (offset != 0)
            return fy_fail(err, FY_ERR_PROTOCOL, "FILE frame for the text starts at %llu, not 0",
                           (unsigned long long)offset);
        r->cur = r->last = index;
        r->remaining = e->size;
        r->cur_complete = 0;
        r->state = RS_IN_FILE;
        fy_hash_reset(r->h);
        return fy_sink_text_new(e->size, e->path, e->path_len, &r->sink, err);
    }
    if (offset != 0 && offset != e->have)
        return fy_fail(err, FY_ERR_PROTOCOL, "FILE frame for \"%s\" starts at %llu, but %llu bytes are here",
                       e->local, (unsigned long long)offset, (unsigned long long)e->have);
    r->cur = r->last = index;
    r->remaining = e->size - offset;
    r->prog.current = e->local;
    r->prog.bytes_done += offset;
    r->prog.bytes_resumed += offset;
    fy_recv_part_path(e->local, r->part, sizeof r->part);
    r->state = RS_IN_FILE;

    /* Complete already: only FILE_END follows, checked against what is
     * here. An empty file has no HAVE (its range is 1 ... size), so a
     * verified one is recognised from the journal alone. */
    r->cur_complete = (offset == e->size && offset == e->have && e->size > 0) || (e->size == 0 && r->x[index].done);
    /* A whole NAME.part (an earlier run stopped between verifying it and
     * its verdict, or its rename) is not "here": it is checked, scanned
     * and named like a file that just arrived. */
    if (r->cur_complete && e->size > 0 && r->x[index].prefix)
        r->cur_complete = 0;
    if (r->cur_complete)
        return FY_OK;
    if (offset > 0) {
        rc = open_part_at(r, index, offset, err);
        if (rc == FY_OK)
            fy_hash_copy(r->h, r->x[index].prefix->h);
    } else {
        rc = open_part_new(r, err);
        fy_hash_reset(r->h);
    }
    /* One owner per .part: a lock held until it is renamed or dropped. */
    if (rc == FY_OK)
        rc = fy_plat_file_lock(r->f, err);
    fy_recv_prefix_free(r, index);
    if (rc == FY_OK) { /* the sink owns the file from here */
        rc = fy_sink_file_new(r->f, e->mtime, (e->flags & FY_ENTRY_EXEC) != 0, &r->sink, err);
        r->f = NULL;
    }
    return rc;
}

/* An entry in a message: "the text", or its name in quotes (three %s). */
#define TEXT_OR_NAME(e) (e)->kind == FY_ENTRY_TEXT ? "the text" : "\"", \
                        (e)->kind == FY_ENTRY_TEXT ? "" : (e)->local, (e)->kind == FY_ENTRY_TEXT ? "" : "\""

static fy_result on_data(fy_recv *r, const uint8_t *p, size_t n, fy_err *err)
{
    fy_result rc;
    if (n > FY_DATA_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "DATA frame of %zu bytes is over the limit of %u", n, FY_DATA_MAX);
    if (n > r->remaining)
        return fy_fail(err, FY_ERR_PROTOCOL, "sender sent more data than announced for %s%s%s",
                       TEXT_OR_NAME(&r->m.e[r->cur]));
    if (!r->sink)
        return fy_fail(err, FY_ERR_PROTOCOL, "DATA frame for a file that is already complete");
    if ((rc = fy_sink_write(r->sink, p, n, err)) != FY_OK)
        return rc;
    fy_hash_update(r->h, p, n);
    r->remaining -= n;
    r->prog.bytes_done += n;
    r->prog.bytes_wire += n;
    return FY_OK;
}

/* Moves NAME.part to NAME; if NAME appeared meanwhile, to "NAME (k)". The
 * entry's local path follows, so the journal records where it went. */
static fy_result finish_name(fy_recv *r, uint32_t index, const char *part, fy_err *err)
{
    fy_entry *e = &r->m.e[index];
    char final[FY_RESUME_PATH_MAX + 1], alt[FY_NAME_MAX + 1];
    const char *slash = strrchr(e->local, '/');
    const char *base = slash ? slash + 1 : e->local;
    int taken = 0;
    fy_result rc;

    snprintf(final, sizeof final, "%s", e->local);
    rc = fy_tree_rename_noreplace(r->tree, part, final, &taken, err);
    for (unsigned k = 1; rc == FY_OK && taken; k++) {
        if (k > 10000 || fy_names_collision(base, 0, k, alt, sizeof alt) != FY_OK)
            return fy_fail(err, FY_ERR_IO, "no free name for \"%s\"", e->local);
        snprintf(final, sizeof final, "%.*s%s", (int)(base - e->local), e->local, alt);
        rc = fy_tree_rename_noreplace(r->tree, part, final, &taken, err);
    }
    if (rc == FY_OK && strcmp(final, e->local) != 0)
        rc = fy_recv_set_local(r, index, final, err);
    return rc;
}

fy_result fy_recv_deliver(fy_recv *r, uint32_t index, const char *part, const uint8_t hash[FY_HASH_LEN],
                          fy_err *err)
{
    fy_result rc;
    if (part) {
        /* Before the rename: the stream goes with the file. */
        fy_ignore(fy_tree_mark_downloaded(r->tree, part, NULL));
        if ((rc = finish_name(r, index, part, err)) != FY_OK)
            return rc;
    }
    /* What it holds now (fy_recv_file_done; no FILE frame for it follows). */
    r->m.e[index].have = r->m.e[index].size;
    memcpy(r->m.e[index].have_hash, hash, FY_HASH_LEN);
    if (!r->x[index].done) {
        fy_resume_line l;
        memset(&l, 0, sizeof l);
        l.kind = FY_RESUME_DONE;
        l.index = index;
        memcpy(l.hash, hash, FY_HASH_LEN);
        snprintf(l.name, sizeof l.name, "%s", r->m.e[index].local);
        r->x[index].done = 1;
        if ((rc = fy_recv_journal_append(r, &l, err)) != FY_OK)
            return rc;
    }
    return FY_OK;
}

static fy_result on_file_end(fy_recv *r, const uint8_t *p, size_t n, fy_err *err)
{
    uint8_t want[FY_HASH_LEN], got[FY_HASH_LEN];
    fy_entry *e = &r->m.e[r->cur];
    int already = r->cur_complete;
    fy_file *held = NULL;
    fy_result rc;

    if ((rc = fy_dec_file_end(p, n, want, err)) != FY_OK)
        return rc;
    if (r->remaining)
        return fy_fail(err, FY_ERR_PROTOCOL, "sender sent fewer bytes than announced for %s%s%s (%llu missing)",
                       TEXT_OR_NAME(e), (unsigned long long)r->remaining);
    if (already) {
        memcpy(got, e->have_hash, FY_HASH_LEN);
    } else {
        fy_hash_digest(r->h, got);
        /* The bytes are final only if they are the sender's. A file for the
         * virus scanner stays open (and locked) until its verdict. */
        if (r->cfg.scan && e->kind == FY_ENTRY_FILE)
            fy_sink_file_keep_open(r->sink, &held);
        rc = memcmp(got, want, FY_HASH_LEN) == 0 ? fy_sink_commit(r->sink, err) : FY_OK;
        if (rc == FY_OK && e->kind == FY_ENTRY_TEXT)
            r->text_bytes = fy_sink_text_take(r->sink, &r->text_len);
        fy_sink_close(r->sink);
        r->sink = NULL;
        if (rc != FY_OK)
            return rc;
    }
    if (memcmp(got, want, FY_HASH_LEN) != 0) {
        /* A corrupt prefix must not be resumed from: start over next time. */
        if (!already && e->kind == FY_ENTRY_FILE)
            fy_ignore(fy_tree_remove(r->tree, r->part, NULL));
        return fy_fail(err, FY_ERR_VERIFY, "checksum mismatch for \"%s\": the %s was damaged on the way",
                       e->kind == FY_ENTRY_TEXT ? "text" : e->local, e->kind == FY_ENTRY_TEXT ? "text" : "file");
    }
    if (e->kind == FY_ENTRY_TEXT) {
        r->prog.files_done++;
        r->cur = -1;
        r->state = RS_WAIT_FILE;
        return FY_OK;
    }
    if (!already && r->cfg.scan)
        rc = fy_recv_hold_for_scan(r, held, want, err);
    else
        rc = fy_recv_deliver(r, (uint32_t)r->cur, already ? NULL : r->part, want, err);
    if (rc != FY_OK)
        return rc;
    r->prog.files_done++;
    r->prog.current = NULL;
    r->cur = -1;
    r->state = RS_WAIT_FILE;
    return FY_OK;
}

fy_result fy_recv_send_result(fy_recv *r, fy_recv_status *st, fy_err *err)
{
    fy_status s;
    uint8_t buf[64 + FY_TEXT_MAX];
    fy_wbuf w;

    memset(&s, 0, sizeof s);
    /* Folder times last, deepest first, as tar does: writing a folder's
     * contents would change its time again. */
    for (uint32_t i = r->m.n; i-- > 0;)
        if (r->m.e[i].kind == FY_ENTRY_DIR && r->m.e[i].mtime)
            fy_ignore(fy_tree_set_dir_mtime(r->tree, r->m.e[i].local, r->m.e[i].mtime, NULL));
    fy_recv_journal_close(r, 1);
    s.code = r->prog.files_infected ? FY_ERR_INFECTED : FY_OK;
    s.files_ok = r->prog.files_done - r->prog.files_infected;
    if (r->rejected_len)
        snprintf(s.text, sizeof s.text, "%s", r->rejected);
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_status(&w, FY_MSG_RESULT, &s);
    r->state = RS_FINISHED;
    *st = FY_RECV_FINISHED;
    return emit(r, FY_MSG_RESULT, buf, w.len, err);
}

static fy_result on_done(fy_recv *r, fy_recv_status *st, fy_err *err)
{
    if (r->prog.files_done != r->m.files)
        return fy_fail(err, FY_ERR_PROTOCOL, "sender finished with %u of %u files sent", r->prog.files_done,
                       r->m.files);
    if (r->nwaits) {
        r->state = RS_SCAN_WAIT;
        *st = FY_RECV_SCANNING;
        return FY_OK;
    }
    return fy_recv_send_result(r, st, err);
}

/* ---- the machine ------------------------------------------------------------ */

static fy_result unexpected(fy_recv *r, uint8_t type, fy_err *err)
{
    static const char *const names[] = {"HELLO", "OFFER", "MANIFEST", "the answer", "FILE or DONE",
                                        "DATA or FILE_END", "nothing (scanning)", "nothing"};
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
        if (r->peer.version < FY_PROTO_VERSION_MIN || r->peer.version > FY_PROTO_VERSION)
            return fy_fail(err, FY_ERR_PROTOCOL,
                           "the sender speaks protocol version %u; this Ferry speaks %u to %u: the %s needs a newer Ferry",
                           r->peer.version, FY_PROTO_VERSION_MIN, FY_PROTO_VERSION,
                           r->peer.version > FY_PROTO_VERSION ? "receiver" : "sender");
        {
            /* Our answer is the sender's version: it may be one that only
             * knows that one. */
            fy_hello me = {r->peer.version, "", ""};
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
    case RS_SCAN_WAIT:
    case RS_FINISHED:
        return unexpected(r, type, err);
    }
    return unexpected(r, type, err);
}
