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
    if (we->kind == FY_ENTRY_DIR && fy_strset_get(r->dirs, key, &found)) {
        /* The same folder again ("a/./b" and "a/b"): nothing new to create. */
        snprintf(local, sizeof local, "%s", r->m.e[found].local);
    } else {
        char lkey[sizeof local];
        fy_recv_key(r, local, lkey, sizeof lkey);
        for (unsigned k = 1; fy_strset_has(r->taken, lkey); k++) {
            char alt[FY_NAME_MAX + 1];
            if (k > 1000 || fy_names_collision(base, we->kind == FY_ENTRY_DIR, k, alt, sizeof alt) != FY_OK)
                return fy_fail(err, FY_ERR_PROTOCOL, "too many entries named \"%s\"", base);
            if (parent != UINT32_MAX)
                snprintf(local, sizeof local, "%s/%s", r->m.e[parent].local, alt);
            else
                snprintf(local, sizeof local, "%s", alt);
            fy_recv_key(r, local, lkey, sizeof lkey);
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
    if ((rc = fy_recv_accept_offer(r, err)) != FY_OK)
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
        if ((rc = fy_recv_journal_append(r, &l, err)) != FY_OK)
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
