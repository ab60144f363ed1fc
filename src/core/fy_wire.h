/* fy_wire.h: Ferry's wire format, version 1 (docs/PROTOCOL.md).
 *
 * A connection carries frames. On the wire a frame is a 4-byte big-endian
 * body length, then the body: one type byte and the payload. All integers
 * are big-endian; strings are a 16-bit length and UTF-8 bytes (no NUL).
 *
 * This module encodes and decodes frame payloads on byte buffers. Decoders
 * check every length against the caps below before using it, and reject
 * trailing bytes, so a frame either parses completely or not at all. */
#ifndef FY_WIRE_H
#define FY_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "fy_hash.h"
#include "fy_result.h"

/* Protocol versions (docs/PROTOCOL.md, section 5, HELLO). Version 2 only
 * adds the text entry. A sender says 1 unless its offer holds text, so
 * receivers of version 1 keep taking its files; a receiver speaks 1 and 2
 * and answers with the sender's version. A version-1 receiver refuses a
 * HELLO of version 2 outright, before it sees an entry it would not
 * understand. */
#define FY_PROTO_VERSION 2      /* the newest this Ferry speaks */
#define FY_PROTO_VERSION_MIN 1  /* the oldest it speaks */
#define FY_PROTO_VERSION_TEXT 2 /* the first with text entries */
#define FY_MAGIC "FERRY"   /* first bytes of HELLO: garbage is refused early */
#define FY_MAGIC_LEN 5

/* Caps (all written in docs/PROTOCOL.md). */
#define FY_DATA_MAX (1u << 20)            /* file bytes in one DATA frame: large frames, few syscalls */
#define FY_FRAME_MAX (FY_DATA_MAX + 64u)  /* largest frame body accepted */
#define FY_ENTRIES_MAX 1000000u           /* manifest entries: bounds receiver memory with the next cap */
/* Bytes of all the paths of one manifest together. FY_ENTRIES_MAX entries
 * of up to FY_PATH_MAX bytes would be 4 GB of names, which a receiver keeps
 * up to four times over (wire path, local path, taken name, folder key).
 * 128 MiB holds 1,000,000 real paths of 134 bytes on average and keeps the
 * worst list a receiver can be sent to about 650 MiB
 * (bench/manifest_memory.sh). */
#define FY_MANIFEST_BYTES_MAX (128u << 20)
#define FY_MANIFEST_CHUNK (60u * 1024u)   /* sender packs manifest frames up to this size */
#define FY_DEVICE_NAME_MAX 63             /* bytes in a device name */
#define FY_OS_NAME_MAX 15
#define FY_TEXT_MAX 1000                  /* bytes in an error or decline text */
#define FY_FRAME_HEADER 5                 /* length (4) + type (1) */

typedef enum {
    FY_MSG_HELLO = 0x01,
    FY_MSG_OFFER = 0x02,
    FY_MSG_MANIFEST = 0x03,
    FY_MSG_ACCEPT = 0x04,
    FY_MSG_HAVE = 0x05,
    FY_MSG_DECLINE = 0x06,
    FY_MSG_FILE = 0x10,
    FY_MSG_DATA = 0x11,
    FY_MSG_FILE_END = 0x12,
    FY_MSG_DONE = 0x13,
    FY_MSG_RESULT = 0x14,
    FY_MSG_SCANNING = 0x15,     /* R->S after DONE: u32 files scanned, u32 files to scan */
    FY_MSG_PAIR_STATUS = 0x20,  /* both: u8 flags, str16 device name */
    FY_MSG_PAIR_COMMIT = 0x21,  /* initiator: 32-byte commitment */
    FY_MSG_PAIR_RANDOM = 0x22,  /* responder: 32-byte random value */
    FY_MSG_PAIR_REVEAL = 0x23,  /* initiator: its 32-byte random value */
    FY_MSG_PAIR_CONFIRM = 0x24, /* both: u8 1 = the person confirmed the code */
    FY_MSG_SPEED_TEST = 0x30,   /* S->R instead of HELLO: u32 ms of DATA to follow, then DONE */
    FY_MSG_SPEED_RESULT = 0x31, /* R->S after DONE: u64 bytes received, u32 ms they took */
    FY_MSG_ERROR = 0x7F
} fy_msg_type;

const char *fy_msg_name(uint8_t type);

/* ---- buffers ---------------------------------------------------------- */

/* A writer over a caller's buffer; overflow is sticky and checked once. */
typedef struct fy_wbuf {
    uint8_t *p;
    size_t len, cap;
    int overflow;
} fy_wbuf;

void fy_wbuf_init(fy_wbuf *w, uint8_t *p, size_t cap);
void fy_w_u8(fy_wbuf *w, uint8_t v);
void fy_w_u16(fy_wbuf *w, uint16_t v);
void fy_w_u32(fy_wbuf *w, uint32_t v);
void fy_w_u64(fy_wbuf *w, uint64_t v);
void fy_w_bytes(fy_wbuf *w, const void *p, size_t n);
void fy_w_str(fy_wbuf *w, const char *s, size_t n); /* 16-bit length + bytes */

/* A reader over received bytes; any short read sets bad. */
typedef struct fy_rbuf {
    const uint8_t *p;
    size_t len, pos;
    int bad;
} fy_rbuf;

void fy_rbuf_init(fy_rbuf *r, const uint8_t *p, size_t len);
uint8_t fy_r_u8(fy_rbuf *r);
uint16_t fy_r_u16(fy_rbuf *r);
uint32_t fy_r_u32(fy_rbuf *r);
uint64_t fy_r_u64(fy_rbuf *r);
const uint8_t *fy_r_bytes(fy_rbuf *r, size_t n);
/* A string of at most max bytes; *n gets its length. Longer sets bad. */
const char *fy_r_str(fy_rbuf *r, size_t max, size_t *n);
/* 1 if everything was read and nothing is left over. */
int fy_r_ok(const fy_rbuf *r);

void fy_put_u32be(uint8_t *p, uint32_t v);
uint32_t fy_get_u32be(const uint8_t *p);

/* ---- messages ----------------------------------------------------------- */

typedef struct fy_hello {
    uint8_t version;
    char device[FY_DEVICE_NAME_MAX + 1];
    char os[FY_OS_NAME_MAX + 1];
} fy_hello;

typedef struct fy_offer {
    uint8_t id[FY_HASH_LEN];  /* transfer id: XXH3-128 of the manifest entries */
    uint32_t entries;
    uint32_t files;
    uint64_t total_bytes;
} fy_offer;

/* A text entry (version 2) is a snippet for the screen, never a file: its
 * path is a preview of its first line, its size at most
 * FY_TEXT_BYTES_MAX, and it is the only entry of its offer. */
typedef enum { FY_ENTRY_FILE = 0, FY_ENTRY_DIR = 1, FY_ENTRY_TEXT = 2 } fy_entry_kind;
#define FY_ENTRY_EXEC 0x01u /* flags: owner-executable file */

/* One manifest entry as it crosses the wire; path points into the frame. */
typedef struct fy_wire_entry {
    uint8_t kind;
    uint8_t flags;
    uint64_t size;
    int64_t mtime;
    const char *path;
    size_t path_len;
} fy_wire_entry;

typedef struct fy_have {
    uint32_t index;
    uint64_t have;                /* bytes of the file the receiver holds */
    uint8_t hash[FY_HASH_LEN];    /* XXH3-128 of those bytes */
} fy_have;
#define FY_HAVE_WIRE 28           /* bytes of one fy_have on the wire */

typedef struct fy_status {       /* DECLINE, RESULT and ERROR */
    uint8_t code;                 /* an fy_result value */
    uint32_t files_ok;            /* RESULT only */
    char text[FY_TEXT_MAX + 1];
} fy_status;

/* Encoders write a whole payload into w (check w->overflow after). */
void fy_enc_hello(fy_wbuf *w, const fy_hello *m);
void fy_enc_offer(fy_wbuf *w, const fy_offer *m);
void fy_enc_manifest_head(fy_wbuf *w, uint32_t first_index, uint16_t count);
void fy_enc_entry(fy_wbuf *w, const fy_wire_entry *e);
void fy_enc_accept(fy_wbuf *w, uint32_t have_count);
void fy_enc_have_head(fy_wbuf *w, uint16_t count);
void fy_enc_have(fy_wbuf *w, const fy_have *h);
void fy_enc_file(fy_wbuf *w, uint32_t index, uint64_t offset);
void fy_enc_file_end(fy_wbuf *w, const uint8_t hash[FY_HASH_LEN]);
void fy_enc_scanning(fy_wbuf *w, uint32_t scanned, uint32_t to_scan);
void fy_enc_status(fy_wbuf *w, uint8_t type, const fy_status *s);

/* Decoders check lengths and caps; a failure is FY_ERR_PROTOCOL with a
 * message naming the frame. */
fy_result fy_dec_hello(const uint8_t *p, size_t n, fy_hello *m, fy_err *err) FY_MUST_USE;
fy_result fy_dec_offer(const uint8_t *p, size_t n, fy_offer *m, fy_err *err) FY_MUST_USE;
/* MANIFEST: reads the head; then call fy_dec_entry count times on r and
 * finish with fy_r_ok. */
fy_result fy_dec_manifest_head(fy_rbuf *r, uint32_t *first_index, uint16_t *count, fy_err *err) FY_MUST_USE;
fy_result fy_dec_entry(fy_rbuf *r, fy_wire_entry *e, fy_err *err) FY_MUST_USE;
fy_result fy_dec_accept(const uint8_t *p, size_t n, uint32_t *have_count, fy_err *err) FY_MUST_USE;
fy_result fy_dec_have_head(fy_rbuf *r, uint16_t *count, fy_err *err) FY_MUST_USE;
/* Refuses have = 0; have <= the file's size is the caller's to check. */
fy_result fy_dec_have(fy_rbuf *r, fy_have *h, fy_err *err) FY_MUST_USE;
fy_result fy_dec_file(const uint8_t *p, size_t n, uint32_t *index, uint64_t *offset, fy_err *err) FY_MUST_USE;
fy_result fy_dec_file_end(const uint8_t *p, size_t n, uint8_t hash[FY_HASH_LEN], fy_err *err) FY_MUST_USE;
/* scanned <= to_scan, or it is refused. */
fy_result fy_dec_scanning(const uint8_t *p, size_t n, uint32_t *scanned, uint32_t *to_scan, fy_err *err) FY_MUST_USE;
/* `ferry doctor --speed` (docs/PROTOCOL.md, section 16): the test lasts
 * 1 ... FY_SPEED_MS_MAX ms of DATA; the receiver throws the bytes away. */
#define FY_SPEED_MS_MAX 5000u
void fy_enc_speed_test(fy_wbuf *w, uint32_t ms);
fy_result fy_dec_speed_test(const uint8_t *p, size_t n, uint32_t *ms, fy_err *err) FY_MUST_USE;
void fy_enc_speed_result(fy_wbuf *w, uint64_t bytes, uint32_t ms);
fy_result fy_dec_speed_result(const uint8_t *p, size_t n, uint64_t *bytes, uint32_t *ms, fy_err *err) FY_MUST_USE;
fy_result fy_dec_status(uint8_t type, const uint8_t *p, size_t n, fy_status *s, fy_err *err) FY_MUST_USE;

#endif
