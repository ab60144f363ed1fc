#include "fy_send.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_names.h"
#include "fy_source.h"
#include "platform/fy_platform.h"

typedef enum {
    SS_HELLO,        /* next: our HELLO */
    SS_OFFER,        /* next: OFFER */
    SS_MANIFEST,     /* next: MANIFEST frames */
    SS_WAIT_ACCEPT,  /* the receiver's HELLO, then ACCEPT or DECLINE */
    SS_WAIT_HAVE,    /* HAVE frames until the announced count */
    SS_NEXT_FILE,    /* next: FILE for the next file, or DONE */
    SS_DATA,         /* next: DATA */
    SS_FILE_END,     /* next: FILE_END */
    SS_WAIT_RESULT,  /* RESULT or ERROR */
    SS_FINISHED
} send_state;

struct fy_send {
    send_state state;
    fy_manifest m;
    fy_hello me, peer;
    int have_peer;
    uint32_t next;         /* next entry to put in MANIFEST, or to send */
    uint32_t haves_left;
    int64_t cur;
    fy_source *src;        /* the bytes of entry cur */
    fy_hash *h;
    uint64_t remaining;
    uint8_t *buf;          /* FY_SEND_HEADROOM + FY_FRAME_MAX */
    uint8_t *sent;         /* per entry: FILE_END went out (fy_send_file_sent) */
    uint8_t (*digest)[FY_HASH_LEN]; /* per entry: its XXH3-128 then */
    fy_progress prog;
};

#define PAYLOAD(s) ((s)->buf + FY_SEND_HEADROOM)

fy_result fy_send_new(fy_manifest *m, const char *device, const char *os, fy_send **out, fy_err *err)
{
    fy_send *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    s->m = *m;
    fy_manifest_init(m);
    /* Version 1 unless there is text, so older receivers keep taking our
     * files; with text, an older receiver refuses at HELLO. */
    s->me.version = FY_PROTO_VERSION_MIN;
    for (uint32_t i = 0; i < s->m.n; i++)
        if (s->m.e[i].kind == FY_ENTRY_TEXT)
            s->me.version = FY_PROTO_VERSION_TEXT;
    snprintf(s->me.device, sizeof s->me.device, "%s", device);
    snprintf(s->me.os, sizeof s->me.os, "%s", os);
    s->buf = malloc(FY_SEND_HEADROOM + FY_FRAME_MAX);
    s->h = fy_hash_new();
    /* 17 bytes an entry, for the history: ~17 MB at 1,000,000 entries,
     * beside the manifest's own ~100 bytes each. */
    s->sent = calloc(s->m.n ? s->m.n : 1, 1);
    s->digest = calloc(s->m.n ? s->m.n : 1, FY_HASH_LEN);
    s->cur = -1;
    s->prog.files_total = s->m.files;
    s->prog.bytes_total = s->m.total;
    if (!s->buf || !s->h || !s->sent || !s->digest) {
        fy_send_free(s);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    *out = s;
    return FY_OK;
}

void fy_send_restart(fy_send *s)
{
    fy_ignore(fy_source_close(s->src, NULL));
    s->src = NULL;
    for (uint32_t i = 0; i < s->m.n; i++)
        s->m.e[i].have = 0;
    memset(s->sent, 0, s->m.n);
    s->state = SS_HELLO;
    s->have_peer = 0;
    memset(&s->peer, 0, sizeof s->peer);
    s->next = s->haves_left = 0;
    s->cur = -1;
    s->remaining = 0;
    memset(&s->prog, 0, sizeof s->prog);
    s->prog.files_total = s->m.files;
    s->prog.bytes_total = s->m.total;
}

void fy_send_free(fy_send *s)
{
    if (!s)
        return;
    fy_ignore(fy_source_close(s->src, NULL));
    fy_manifest_free(&s->m);
    fy_hash_free(s->h);
    free(s->sent);
    free(s->digest);
    free(s->buf);
    free(s);
}

const fy_hello *fy_send_peer(const fy_send *s) { return s->have_peer ? &s->peer : NULL; }
const fy_manifest *fy_send_manifest(const fy_send *s) { return &s->m; }
void fy_send_progress(const fy_send *s, fy_progress *p) { *p = s->prog; }
int fy_send_accepted(const fy_send *s) { return s->state >= SS_NEXT_FILE; }

int fy_send_file_sent(const fy_send *s, uint32_t i, uint8_t hash[FY_HASH_LEN])
{
    if (i >= s->m.n || !s->sent[i])
        return 0;
    memcpy(hash, s->digest[i], FY_HASH_LEN);
    return 1;
}

static void out_frame(fy_send *s, fy_send_out *out, uint8_t type, size_t len)
{
    out->status = FY_SEND_FRAME;
    out->type = type;
    out->payload = PAYLOAD(s);
    out->len = len;
}

static fy_wire_entry wire_entry(const fy_entry *e)
{
    fy_wire_entry we = {e->kind, e->flags, e->size, e->mtime, e->path, e->path_len};
    return we;
}

/* Packs as many entries as fit in one MANIFEST frame. */
static void next_manifest(fy_send *s, fy_send_out *out)
{
    fy_wbuf w;
    uint16_t count = 0;
    fy_wbuf_init(&w, PAYLOAD(s), FY_MANIFEST_CHUNK + FY_PATH_MAX + 32);
    fy_enc_manifest_head(&w, s->next, 0);
    while (s->next < s->m.n && count < 0xFFFF && w.len < FY_MANIFEST_CHUNK) {
        fy_wire_entry we = wire_entry(&s->m.e[s->next]);
        fy_enc_entry(&w, &we);
        s->next++;
        count++;
    }
    PAYLOAD(s)[4] = (uint8_t)(count >> 8);
    PAYLOAD(s)[5] = (uint8_t)count;
    out_frame(s, out, FY_MSG_MANIFEST, w.len);
    if (s->next == s->m.n) {
        s->next = 0;
        s->state = SS_WAIT_ACCEPT;
    }
}

/* Reads the next chunk of the current file into the payload buffer. */
static fy_result read_chunk(fy_send *s, size_t want, size_t *got, fy_err *err)
{
    size_t total = 0;
    while (total < want) {
        size_t n;
        fy_result rc = fy_source_read(s->src, PAYLOAD(s) + total, want - total, &n, err);
        if (rc != FY_OK)
            return rc;
        if (n == 0)
            return fy_fail(err, FY_ERR_IO, "%s became shorter while it was being sent", s->m.e[s->cur].local);
        total += n;
    }
    *got = total;
    return FY_OK;
}

/* Opens file i and decides where to start: at the receiver's kept prefix
 * if our own first bytes hash the same, else from the beginning. */
static fy_result begin_file(fy_send *s, uint32_t i, uint64_t *offset, fy_err *err)
{
    fy_entry *e = &s->m.e[i];
    uint64_t left;
    fy_result rc;

    *offset = 0;
    fy_hash_reset(s->h);
    if ((rc = fy_source_open(e, &s->src, err)) != FY_OK)
        return rc;
    if (e->have == 0 || e->have > e->size)
        return FY_OK;
    for (left = e->have; left > 0;) {
        size_t got = 0, want = left < FY_DATA_MAX ? (size_t)left : FY_DATA_MAX;
        if ((rc = read_chunk(s, want, &got, err)) != FY_OK)
            return rc;
        fy_hash_update(s->h, PAYLOAD(s), got);
        left -= got;
    }
    {
        uint8_t mine[FY_HASH_LEN];
        fy_hash_digest(s->h, mine);
        if (memcmp(mine, e->have_hash, FY_HASH_LEN) == 0) {
            *offset = e->have;
            return FY_OK;
        }
    }
    /* The receiver's bytes differ from ours: send the whole file. */
    fy_hash_reset(s->h);
    return fy_source_seek(s->src, 0, err);
}

static fy_result next_file(fy_send *s, fy_send_out *out, fy_err *err)
{
    fy_wbuf w;
    uint64_t offset;
    fy_result rc;

    while (s->next < s->m.n && s->m.e[s->next].kind == FY_ENTRY_DIR)
        s->next++;
    if (s->next == s->m.n) {
        out_frame(s, out, FY_MSG_DONE, 0);
        s->state = SS_WAIT_RESULT;
        return FY_OK;
    }
    s->cur = s->next++;
    s->prog.current = s->m.e[s->cur].path;
    if ((rc = begin_file(s, (uint32_t)s->cur, &offset, err)) != FY_OK)
        return rc;
    s->remaining = s->m.e[s->cur].size - offset;
    s->prog.bytes_done += offset;
    s->prog.bytes_resumed += offset;
    fy_wbuf_init(&w, PAYLOAD(s), 16);
    fy_enc_file(&w, (uint32_t)s->cur, offset);
    out_frame(s, out, FY_MSG_FILE, w.len);
    s->state = s->remaining ? SS_DATA : SS_FILE_END;
    return FY_OK;
}

fy_result fy_send_next(fy_send *s, fy_send_out *out, fy_err *err)
{
    fy_wbuf w;
    fy_result rc;

    switch (s->state) {
    case SS_HELLO:
        fy_wbuf_init(&w, PAYLOAD(s), FY_FRAME_MAX);
        fy_enc_hello(&w, &s->me);
        out_frame(s, out, FY_MSG_HELLO, w.len);
        s->state = SS_OFFER;
        return FY_OK;
    case SS_OFFER: {
        fy_offer o;
        fy_manifest_id(&s->m, o.id);
        o.entries = s->m.n;
        o.files = s->m.files;
        o.total_bytes = s->m.total;
        fy_wbuf_init(&w, PAYLOAD(s), FY_FRAME_MAX);
        fy_enc_offer(&w, &o);
        out_frame(s, out, FY_MSG_OFFER, w.len);
        s->state = SS_MANIFEST;
        s->next = 0;
        return FY_OK;
    }
    case SS_MANIFEST:
        next_manifest(s, out);
        return FY_OK;
    case SS_NEXT_FILE:
        return next_file(s, out, err);
    case SS_DATA: {
        size_t got = 0, want = s->remaining < FY_DATA_MAX ? (size_t)s->remaining : FY_DATA_MAX;
        if ((rc = read_chunk(s, want, &got, err)) != FY_OK)
            return rc;
        fy_hash_update(s->h, PAYLOAD(s), got);
        s->remaining -= got;
        s->prog.bytes_done += got;
        s->prog.bytes_wire += got;
        out_frame(s, out, FY_MSG_DATA, got);
        if (!s->remaining)
            s->state = SS_FILE_END;
        return FY_OK;
    }
    case SS_FILE_END:
        fy_hash_digest(s->h, PAYLOAD(s));
        memcpy(s->digest[s->cur], PAYLOAD(s), FY_HASH_LEN);
        s->sent[s->cur] = 1;
        out_frame(s, out, FY_MSG_FILE_END, FY_HASH_LEN);
        rc = fy_source_close(s->src, err);
        s->src = NULL;
        s->prog.files_done++;
        s->prog.current = NULL;
        s->state = SS_NEXT_FILE;
        return rc;
    case SS_WAIT_ACCEPT:
    case SS_WAIT_HAVE:
    case SS_WAIT_RESULT:
        out->status = FY_SEND_WAIT;
        return FY_OK;
    case SS_FINISHED:
        out->status = FY_SEND_FINISHED;
        return FY_OK;
    }
    return fy_fail(err, FY_ERR_USAGE, "sender in an impossible state");
}

static fy_result on_haves(fy_send *s, const uint8_t *p, size_t n, fy_err *err)
{
    fy_rbuf r;
    uint16_t count;
    fy_result rc;

    fy_rbuf_init(&r, p, n);
    if ((rc = fy_dec_have_head(&r, &count, err)) != FY_OK)
        return rc;
    if (count > s->haves_left)
        return fy_fail(err, FY_ERR_PROTOCOL, "receiver sent more HAVE records than it announced");
    for (uint16_t k = 0; k < count; k++) {
        fy_have h;
        if ((rc = fy_dec_have(&r, &h, err)) != FY_OK)
            return rc;
        if (h.index >= s->m.n || s->m.e[h.index].kind != FY_ENTRY_FILE)
            return fy_fail(err, FY_ERR_PROTOCOL, "HAVE record for entry %u: not a file of this transfer", h.index);
        /* The offset a FILE frame then starts at: past the end, the bytes
         * left to send (size - offset) would wrap. */
        if (h.have > s->m.e[h.index].size)
            return fy_fail(err, FY_ERR_PROTOCOL, "HAVE record for entry %u: %llu bytes held, more than the file's %llu",
                           h.index, (unsigned long long)h.have, (unsigned long long)s->m.e[h.index].size);
        s->m.e[h.index].have = h.have;
        memcpy(s->m.e[h.index].have_hash, h.hash, FY_HASH_LEN);
    }
    if (!fy_r_ok(&r))
        return fy_fail(err, FY_ERR_PROTOCOL, "malformed HAVE frame");
    s->haves_left -= count;
    if (!s->haves_left)
        s->state = SS_NEXT_FILE;
    return FY_OK;
}

fy_result fy_send_frame(fy_send *s, uint8_t type, const uint8_t *p, size_t n, fy_err *err)
{
    fy_status st;
    fy_result rc;

    if (type == FY_MSG_ERROR || type == FY_MSG_DECLINE) {
        fy_result code;
        if ((rc = fy_dec_status(type, p, n, &st, err)) != FY_OK)
            return rc;
        /* A receiver of an older version refuses our HELLO before it says
         * its own: say what that means. */
        if (type == FY_MSG_ERROR && !s->have_peer && s->me.version >= FY_PROTO_VERSION_TEXT &&
            st.code == FY_ERR_PROTOCOL) {
            s->state = SS_FINISHED;
            return fy_fail(err, FY_ERR_PEER,
                           "the receiver's Ferry is too old for text: update Ferry there, or send the text as a "
                           "file (receiver: %s)", st.text);
        }
        code = type == FY_MSG_DECLINE ? FY_ERR_DECLINED
               : st.code == FY_ERR_CANCELLED || st.code == FY_ERR_DISK_FULL || st.code == FY_ERR_VERIFY ||
                       st.code == FY_ERR_BUSY || st.code == FY_ERR_DUPLICATE || st.code == FY_ERR_TAMPERED ||
                       st.code == FY_ERR_IO /* the receiver's disk: exit 8 */
                   ? (fy_result)st.code
                   : FY_ERR_PEER;
        s->state = SS_FINISHED;
        return fy_fail(err, code, "receiver: %s", st.text[0] ? st.text : fy_result_str(code));
    }
    if (type == FY_MSG_HELLO && !s->have_peer && s->state <= SS_WAIT_ACCEPT) {
        if ((rc = fy_dec_hello(p, n, &s->peer, err)) != FY_OK)
            return rc;
        /* A receiver answers with our version (or refuses it). */
        if (s->peer.version != s->me.version)
            return fy_fail(err, FY_ERR_PROTOCOL, "receiver speaks protocol version %u; this Ferry spoke %u",
                           s->peer.version, s->me.version);
        s->have_peer = 1;
        return FY_OK;
    }
    if (type == FY_MSG_ACCEPT && s->state == SS_WAIT_ACCEPT && s->have_peer) {
        if ((rc = fy_dec_accept(p, n, &s->haves_left, err)) != FY_OK)
            return rc;
        if (s->haves_left > s->m.files)
            return fy_fail(err, FY_ERR_PROTOCOL, "receiver announced more HAVE records than files");
        s->next = 0;
        s->state = s->haves_left ? SS_WAIT_HAVE : SS_NEXT_FILE;
        return FY_OK;
    }
    if (type == FY_MSG_HAVE && s->state == SS_WAIT_HAVE)
        return on_haves(s, p, n, err);
    if (type == FY_MSG_SCANNING && s->state == SS_WAIT_RESULT) {
        uint32_t scanned, to_scan;
        if ((rc = fy_dec_scanning(p, n, &scanned, &to_scan, err)) != FY_OK)
            return rc;
        if (to_scan > s->m.files)
            return fy_fail(err, FY_ERR_PROTOCOL, "receiver says it scans %u files of %u", to_scan, s->m.files);
        s->prog.files_scanned = scanned;
        s->prog.files_to_scan = to_scan;
        return FY_OK;
    }
    if (type == FY_MSG_RESULT && s->state == SS_WAIT_RESULT) {
        if ((rc = fy_dec_status(type, p, n, &st, err)) != FY_OK)
            return rc;
        /* Some files were verified, and the receiver's virus scanner
         * rejected the rest: its text names them, one per line. */
        if (st.code == FY_ERR_INFECTED && st.files_ok < s->m.files) {
            s->state = SS_FINISHED;
            s->prog.files_infected = s->m.files - st.files_ok;
            return fy_fail(err, FY_ERR_INFECTED, "%s",
                           st.text[0] ? st.text : "rejected by the receiver's virus scanner");
        }
        if (st.code != FY_OK)
            return fy_fail(err, FY_ERR_PEER, "receiver: %s", st.text[0] ? st.text : "transfer failed");
        if (st.files_ok != s->m.files)
            return fy_fail(err, FY_ERR_PROTOCOL, "receiver confirmed %u of %u files", st.files_ok, s->m.files);
        s->state = SS_FINISHED;
        return FY_OK;
    }
    return fy_fail(err, FY_ERR_PROTOCOL, "unexpected %s frame from the receiver", fy_msg_name(type));
}
