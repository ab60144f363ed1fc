#include "fy_wire.h"

#include <string.h>

#include "fy_names.h"
#include "fy_text.h"

const char *fy_msg_name(uint8_t type)
{
    switch (type) {
    case FY_MSG_HELLO: return "HELLO";
    case FY_MSG_OFFER: return "OFFER";
    case FY_MSG_MANIFEST: return "MANIFEST";
    case FY_MSG_ACCEPT: return "ACCEPT";
    case FY_MSG_HAVE: return "HAVE";
    case FY_MSG_DECLINE: return "DECLINE";
    case FY_MSG_FILE: return "FILE";
    case FY_MSG_DATA: return "DATA";
    case FY_MSG_FILE_END: return "FILE_END";
    case FY_MSG_DONE: return "DONE";
    case FY_MSG_RESULT: return "RESULT";
    case FY_MSG_SCANNING: return "SCANNING";
    case FY_MSG_PAIR_STATUS: return "PAIR_STATUS";
    case FY_MSG_PAIR_COMMIT: return "PAIR_COMMIT";
    case FY_MSG_PAIR_RANDOM: return "PAIR_RANDOM";
    case FY_MSG_PAIR_REVEAL: return "PAIR_REVEAL";
    case FY_MSG_PAIR_CONFIRM: return "PAIR_CONFIRM";
    case FY_MSG_SPEED_TEST: return "SPEED_TEST";
    case FY_MSG_SPEED_RESULT: return "SPEED_RESULT";
    case FY_MSG_ERROR: return "ERROR";
    default: return "unknown";
    }
}

/* ---- buffers ---------------------------------------------------------- */

void fy_put_u32be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

uint32_t fy_get_u32be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void fy_wbuf_init(fy_wbuf *w, uint8_t *p, size_t cap)
{
    w->p = p;
    w->len = 0;
    w->cap = cap;
    w->overflow = 0;
}

void fy_w_bytes(fy_wbuf *w, const void *p, size_t n)
{
    if (w->overflow || n > w->cap - w->len) {
        w->overflow = 1;
        return;
    }
    if (n)
        memcpy(w->p + w->len, p, n);
    w->len += n;
}

void fy_w_u8(fy_wbuf *w, uint8_t v) { fy_w_bytes(w, &v, 1); }

void fy_w_u16(fy_wbuf *w, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    fy_w_bytes(w, b, 2);
}

void fy_w_u32(fy_wbuf *w, uint32_t v)
{
    uint8_t b[4];
    fy_put_u32be(b, v);
    fy_w_bytes(w, b, 4);
}

void fy_w_u64(fy_wbuf *w, uint64_t v)
{
    fy_w_u32(w, (uint32_t)(v >> 32));
    fy_w_u32(w, (uint32_t)v);
}

void fy_w_str(fy_wbuf *w, const char *s, size_t n)
{
    if (n > 0xFFFF) {
        w->overflow = 1;
        return;
    }
    fy_w_u16(w, (uint16_t)n);
    fy_w_bytes(w, s, n);
}

void fy_rbuf_init(fy_rbuf *r, const uint8_t *p, size_t len)
{
    r->p = p;
    r->len = len;
    r->pos = 0;
    r->bad = 0;
}

const uint8_t *fy_r_bytes(fy_rbuf *r, size_t n)
{
    const uint8_t *at;
    if (r->bad || n > r->len - r->pos) {
        r->bad = 1;
        return NULL;
    }
    at = r->p + r->pos;
    r->pos += n;
    return at;
}

uint8_t fy_r_u8(fy_rbuf *r)
{
    const uint8_t *b = fy_r_bytes(r, 1);
    return b ? b[0] : 0;
}

uint16_t fy_r_u16(fy_rbuf *r)
{
    const uint8_t *b = fy_r_bytes(r, 2);
    return b ? (uint16_t)(b[0] << 8 | b[1]) : 0;
}

uint32_t fy_r_u32(fy_rbuf *r)
{
    const uint8_t *b = fy_r_bytes(r, 4);
    return b ? fy_get_u32be(b) : 0;
}

uint64_t fy_r_u64(fy_rbuf *r)
{
    uint64_t hi = fy_r_u32(r);
    return hi << 32 | fy_r_u32(r);
}

const char *fy_r_str(fy_rbuf *r, size_t max, size_t *n)
{
    size_t len = fy_r_u16(r);
    if (len > max) {
        r->bad = 1;
        *n = 0;
        return NULL;
    }
    *n = len;
    return (const char *)fy_r_bytes(r, len);
}

int fy_r_ok(const fy_rbuf *r) { return !r->bad && r->pos == r->len; }

/* ---- encoders ------------------------------------------------------------ */

void fy_enc_hello(fy_wbuf *w, const fy_hello *m)
{
    fy_w_bytes(w, FY_MAGIC, FY_MAGIC_LEN);
    fy_w_u8(w, m->version);
    fy_w_str(w, m->device, strlen(m->device));
    fy_w_str(w, m->os, strlen(m->os));
}

void fy_enc_offer(fy_wbuf *w, const fy_offer *m)
{
    fy_w_bytes(w, m->id, FY_HASH_LEN);
    fy_w_u32(w, m->entries);
    fy_w_u32(w, m->files);
    fy_w_u64(w, m->total_bytes);
}

void fy_enc_manifest_head(fy_wbuf *w, uint32_t first_index, uint16_t count)
{
    fy_w_u32(w, first_index);
    fy_w_u16(w, count);
}

void fy_enc_entry(fy_wbuf *w, const fy_wire_entry *e)
{
    fy_w_u8(w, e->kind);
    fy_w_u8(w, e->flags);
    fy_w_u64(w, e->size);
    fy_w_u64(w, (uint64_t)e->mtime);
    fy_w_str(w, e->path, e->path_len);
}

void fy_enc_accept(fy_wbuf *w, uint32_t have_count) { fy_w_u32(w, have_count); }

void fy_enc_have_head(fy_wbuf *w, uint16_t count) { fy_w_u16(w, count); }

void fy_enc_have(fy_wbuf *w, const fy_have *h)
{
    fy_w_u32(w, h->index);
    fy_w_u64(w, h->have);
    fy_w_bytes(w, h->hash, FY_HASH_LEN);
}

void fy_enc_file(fy_wbuf *w, uint32_t index, uint64_t offset)
{
    fy_w_u32(w, index);
    fy_w_u64(w, offset);
}

void fy_enc_file_end(fy_wbuf *w, const uint8_t hash[FY_HASH_LEN]) { fy_w_bytes(w, hash, FY_HASH_LEN); }

void fy_enc_scanning(fy_wbuf *w, uint32_t scanned, uint32_t to_scan)
{
    fy_w_u32(w, scanned);
    fy_w_u32(w, to_scan);
}

void fy_enc_status(fy_wbuf *w, uint8_t type, const fy_status *s)
{
    size_t n = strlen(s->text);
    fy_w_u8(w, s->code);
    if (type == FY_MSG_RESULT)
        fy_w_u32(w, s->files_ok);
    fy_w_str(w, s->text, n > FY_TEXT_MAX ? FY_TEXT_MAX : n);
}

/* ---- decoders ------------------------------------------------------------ */

static fy_result bad_frame(fy_err *err, uint8_t type)
{
    return fy_fail(err, FY_ERR_PROTOCOL, "malformed %s frame", fy_msg_name(type));
}

/* Copies a wire string into a fixed buffer, requiring valid UTF-8 so that
 * names shown to the user cannot smuggle invalid byte sequences. */
static int copy_text(const char *s, size_t n, char *out, size_t cap)
{
    if (n >= cap || (n && !fy_names_valid_utf8(s, n)))
        return -1;
    if (n)
        memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

fy_result fy_dec_hello(const uint8_t *p, size_t n, fy_hello *m, fy_err *err)
{
    fy_rbuf r;
    const uint8_t *magic;
    const char *dev, *os;
    size_t dn, on;

    fy_rbuf_init(&r, p, n);
    magic = fy_r_bytes(&r, FY_MAGIC_LEN);
    if (!magic || memcmp(magic, FY_MAGIC, FY_MAGIC_LEN) != 0)
        return fy_fail(err, FY_ERR_PROTOCOL, "peer is not speaking the Ferry protocol");
    m->version = fy_r_u8(&r);
    dev = fy_r_str(&r, FY_DEVICE_NAME_MAX, &dn);
    os = fy_r_str(&r, FY_OS_NAME_MAX, &on);
    if (!fy_r_ok(&r) || copy_text(dev, dn, m->device, sizeof m->device) ||
        copy_text(os, on, m->os, sizeof m->os))
        return bad_frame(err, FY_MSG_HELLO);
    return FY_OK;
}

fy_result fy_dec_offer(const uint8_t *p, size_t n, fy_offer *m, fy_err *err)
{
    fy_rbuf r;
    const uint8_t *id;

    fy_rbuf_init(&r, p, n);
    id = fy_r_bytes(&r, FY_HASH_LEN);
    m->entries = fy_r_u32(&r);
    m->files = fy_r_u32(&r);
    m->total_bytes = fy_r_u64(&r);
    if (!fy_r_ok(&r))
        return bad_frame(err, FY_MSG_OFFER);
    memcpy(m->id, id, FY_HASH_LEN);
    if (m->entries == 0)
        return fy_fail(err, FY_ERR_PROTOCOL, "offer has no entries");
    if (m->entries > FY_ENTRIES_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "offer has %u entries, more than the limit of %u", m->entries,
                       FY_ENTRIES_MAX);
    if (m->files > m->entries)
        return fy_fail(err, FY_ERR_PROTOCOL, "offer counts more files than entries");
    /* Every size is at most 2^63-1 and so is their sum (fy_manifest_add):
     * a larger total can only be a lie, refused before any entry. */
    if (m->total_bytes > (uint64_t)INT64_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "offer total of %llu bytes is over 2^63-1",
                       (unsigned long long)m->total_bytes);
    return FY_OK;
}

fy_result fy_dec_manifest_head(fy_rbuf *r, uint32_t *first_index, uint16_t *count, fy_err *err)
{
    *first_index = fy_r_u32(r);
    *count = fy_r_u16(r);
    if (r->bad || *count == 0)
        return bad_frame(err, FY_MSG_MANIFEST);
    return FY_OK;
}

fy_result fy_dec_entry(fy_rbuf *r, fy_wire_entry *e, fy_err *err)
{
    e->kind = fy_r_u8(r);
    e->flags = fy_r_u8(r);
    e->size = fy_r_u64(r);
    e->mtime = (int64_t)fy_r_u64(r);
    e->path = fy_r_str(r, FY_PATH_MAX, &e->path_len);
    if (r->bad)
        return fy_fail(err, FY_ERR_PROTOCOL, "malformed MANIFEST entry (truncated, or path over %u bytes)",
                       FY_PATH_MAX);
    if (e->kind != FY_ENTRY_FILE && e->kind != FY_ENTRY_DIR && e->kind != FY_ENTRY_TEXT)
        return fy_fail(err, FY_ERR_PROTOCOL, "MANIFEST entry of unknown kind %u", e->kind);
    if (e->kind == FY_ENTRY_TEXT) {
        /* Checked here, before the receiver allocates anything for it. */
        if (e->size == 0 || e->size > FY_TEXT_BYTES_MAX)
            return fy_fail(err, FY_ERR_PROTOCOL, "text of %llu bytes refused: the limit is %u bytes (64 KiB)",
                           (unsigned long long)e->size, FY_TEXT_BYTES_MAX);
        if (e->path_len > FY_TEXT_PREVIEW_MAX || fy_text_utf8_check((const uint8_t *)e->path, e->path_len) != e->path_len ||
            memchr(e->path, '\n', e->path_len) || memchr(e->path, '\r', e->path_len) || e->path_len > e->size)
            return fy_fail(err, FY_ERR_PROTOCOL,
                           "MANIFEST text entry with a bad preview (over %u bytes, not UTF-8, or more than one line)",
                           FY_TEXT_PREVIEW_MAX);
    }
    if (e->kind == FY_ENTRY_DIR && e->size != 0)
        return fy_fail(err, FY_ERR_PROTOCOL, "MANIFEST folder entry with a size");
    /* Sizes are used as file offsets: keep them inside int64. */
    if (e->size > (uint64_t)INT64_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "MANIFEST entry size out of range");
    return FY_OK;
}

fy_result fy_dec_accept(const uint8_t *p, size_t n, uint32_t *have_count, fy_err *err)
{
    fy_rbuf r;
    fy_rbuf_init(&r, p, n);
    *have_count = fy_r_u32(&r);
    if (!fy_r_ok(&r))
        return bad_frame(err, FY_MSG_ACCEPT);
    return FY_OK;
}

fy_result fy_dec_have_head(fy_rbuf *r, uint16_t *count, fy_err *err)
{
    *count = fy_r_u16(r);
    if (r->bad || *count == 0)
        return bad_frame(err, FY_MSG_HAVE);
    return FY_OK;
}

fy_result fy_dec_have(fy_rbuf *r, fy_have *h, fy_err *err)
{
    const uint8_t *hash;
    h->index = fy_r_u32(r);
    h->have = fy_r_u64(r);
    hash = fy_r_bytes(r, FY_HASH_LEN);
    if (!hash)
        return bad_frame(err, FY_MSG_HAVE);
    memcpy(h->hash, hash, FY_HASH_LEN);
    /* A receiver holding nothing of a file sends no record for it; the
     * upper end, the file's size, is the sender's to check. */
    if (h->have == 0)
        return fy_fail(err, FY_ERR_PROTOCOL,
                       "HAVE record for entry %u: 0 bytes held (the range is 1 to the file's size)", h->index);
    return FY_OK;
}

fy_result fy_dec_file(const uint8_t *p, size_t n, uint32_t *index, uint64_t *offset, fy_err *err)
{
    fy_rbuf r;
    fy_rbuf_init(&r, p, n);
    *index = fy_r_u32(&r);
    *offset = fy_r_u64(&r);
    if (!fy_r_ok(&r))
        return bad_frame(err, FY_MSG_FILE);
    return FY_OK;
}

fy_result fy_dec_file_end(const uint8_t *p, size_t n, uint8_t hash[FY_HASH_LEN], fy_err *err)
{
    if (n != FY_HASH_LEN)
        return bad_frame(err, FY_MSG_FILE_END);
    memcpy(hash, p, FY_HASH_LEN);
    return FY_OK;
}

void fy_enc_speed_test(fy_wbuf *w, uint32_t ms) { fy_w_u32(w, ms); }

fy_result fy_dec_speed_test(const uint8_t *p, size_t n, uint32_t *ms, fy_err *err)
{
    fy_rbuf r;
    fy_rbuf_init(&r, p, n);
    *ms = fy_r_u32(&r);
    if (!fy_r_ok(&r) || *ms < 1 || *ms > FY_SPEED_MS_MAX)
        return bad_frame(err, FY_MSG_SPEED_TEST);
    return FY_OK;
}

void fy_enc_speed_result(fy_wbuf *w, uint64_t bytes, uint32_t ms)
{
    fy_w_u64(w, bytes);
    fy_w_u32(w, ms);
}

fy_result fy_dec_speed_result(const uint8_t *p, size_t n, uint64_t *bytes, uint32_t *ms, fy_err *err)
{
    fy_rbuf r;
    fy_rbuf_init(&r, p, n);
    *bytes = fy_r_u64(&r);
    *ms = fy_r_u32(&r);
    if (!fy_r_ok(&r) || *bytes > (uint64_t)INT64_MAX)
        return bad_frame(err, FY_MSG_SPEED_RESULT);
    return FY_OK;
}

fy_result fy_dec_status(uint8_t type, const uint8_t *p, size_t n, fy_status *s, fy_err *err)
{
    fy_rbuf r;
    const char *text;
    size_t tn;

    fy_rbuf_init(&r, p, n);
    s->code = fy_r_u8(&r);
    s->files_ok = type == FY_MSG_RESULT ? fy_r_u32(&r) : 0;
    text = fy_r_str(&r, FY_TEXT_MAX, &tn);
    if (!fy_r_ok(&r))
        return bad_frame(err, type);
    /* The peer's text is shown to the user: make it safe to print. */
    if (tn) {
        char raw[FY_TEXT_MAX + 1];
        size_t o = 0;
        memcpy(raw, text, tn);
        raw[tn] = '\0';
        /* RESULT's text may be several lines (one per file the receiver's
         * virus scanner rejected): each is filtered, the breaks kept. */
        for (char *line = raw, *nl;; line = nl + 1) {
            nl = type == FY_MSG_RESULT ? strchr(line, '\n') : NULL;
            if (nl)
                *nl = '\0';
            fy_names_for_display(line, s->text + o, sizeof s->text - o);
            o += strlen(s->text + o);
            if (!nl || o + 1 >= sizeof s->text)
                break;
            s->text[o++] = '\n';
            s->text[o] = '\0';
        }
    } else {
        s->text[0] = '\0';
    }
    return FY_OK;
}

fy_result fy_dec_scanning(const uint8_t *p, size_t n, uint32_t *scanned, uint32_t *to_scan, fy_err *err)
{
    fy_rbuf r;
    fy_rbuf_init(&r, p, n);
    *scanned = fy_r_u32(&r);
    *to_scan = fy_r_u32(&r);
    if (!fy_r_ok(&r) || *scanned > *to_scan)
        return fy_fail(err, FY_ERR_PROTOCOL, "malformed SCANNING frame");
    return FY_OK;
}
