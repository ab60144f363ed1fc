/* fy_history.h: the record of every transfer, in SQLite.
 *
 * <config>/history.db, owner-only, in WAL mode: the window and a `ferry
 * receive` in a terminal write at the same time (each write is one
 * transaction that waits its turn, up to FY_HISTORY_BUSY_MS), and a crash
 * or kill -9 mid-write leaves the last committed state. Every statement of
 * SQL in Ferry lives in fy_history.c; the rest sees records and rows.
 *
 * One transfer (either direction, whatever its end: done, failed,
 * cancelled, declined) is one row of `transfers`; each file that reached
 * its final path (received: after name mapping and collisions; sent: the
 * file read) is one row of `files`. Names, peers and snippet text are
 * found by a trigram index, so any 3 letters of a name match anywhere in
 * it; shorter text falls back to a scan.
 *
 * A handle is used by one thread at a time; open one per thread (opening
 * costs ~1 ms: the engine opens one per finished transfer). */
#ifndef FY_HISTORY_H
#define FY_HISTORY_H

#include <stdint.h>

#include "core/fy_result.h"
#include "core/fy_scan.h"

typedef struct fy_history fy_history;

#define FY_HISTORY_FILE "history.db"
#define FY_HISTORY_VERSION 2         /* PRAGMA user_version after every migration */
#define FY_HISTORY_BUSY_MS 10000     /* how long a write waits for another process's */
#define FY_HISTORY_TEXT_MAX 65536    /* bytes of a text snippet kept */

typedef enum {
    FY_HISTORY_DONE = 0,
    FY_HISTORY_FAILED = 1,
    FY_HISTORY_CANCELLED = 2,
    FY_HISTORY_DECLINED = 3
} fy_history_result;

/* A received file's virus scan is an fy_scan_verdict (core/fy_scan.h,
 * stored as its value: 0 not scanned, also for a file sent; 1 clean;
 * 2 infected, path then being the quarantine copy). The scanner's own
 * words (its report line, or why it did not run) go in scan_words. */

typedef enum {
    FY_HISTORY_KIND_FILES = 0,
    FY_HISTORY_KIND_TEXT = 1   /* a text snippet: text holds it */
} fy_history_kind;

/* What the engine knows when a transfer ends. Strings may be NULL (empty). */
typedef struct fy_history_transfer {
    int64_t started, ended;    /* seconds since 1970 UTC */
    int64_t duration_ms;       /* from accept to end; 0 if never started */
    int outgoing;              /* 1 sent, 0 received */
    fy_history_kind kind;
    const char *peer_name;
    const char *peer_key;      /* fingerprint "abcd-ef01-2345-6789" */
    const char *address;       /* "192.0.2.7:53317" */
    const char *names;         /* top-level names, one per line */
    const char *folder;        /* received: the receive folder */
    uint32_t files;            /* files offered */
    uint64_t bytes;            /* bytes offered */
    fy_history_result result;
    const char *error;         /* why it did not end done */
    const char *text;          /* KIND_TEXT: the snippet (cut at FY_HISTORY_TEXT_MAX) */
} fy_history_transfer;

typedef struct fy_history_file {
    const char *path;          /* absolute, on this machine */
    const char *rel;           /* path inside the transfer, '/' between parts */
    uint64_t size;
    const uint8_t *xxh3;       /* 16 bytes, or NULL when unknown */
    fy_scan_verdict scan;
    const char *scan_words;
} fy_history_file;

/* 0 in a build without SQLite (every call then fails saying so). */
int fy_history_available(void);
/* Opens (creating, owner-only, and migrating to FY_HISTORY_VERSION)
 * <config_dir>/history.db. */
fy_result fy_history_open(const char *config_dir, fy_history **out, fy_err *err) FY_MUST_USE;
/* The same for a database file, migrated at most to version max_version
 * (tests build an older database with it; 0 means the latest). */
fy_result fy_history_open_file(const char *path, int max_version, fy_history **out, fy_err *err) FY_MUST_USE;
void fy_history_close(fy_history *h);
/* PRAGMA user_version. */
int fy_history_version(fy_history *h);
/* PRAGMA integrity_check says "ok": 1, else 0 (and the reason in err). */
int fy_history_check(fy_history *h, fy_err *err);

/* Recording one transfer: begin, a file at a time, commit. Nothing of it
 * is visible to readers before the commit, and a crash before it leaves
 * nothing. A failed step leaves the transaction open: call rollback. */
fy_result fy_history_begin(fy_history *h, const fy_history_transfer *t, int64_t *id, fy_err *err) FY_MUST_USE;
fy_result fy_history_add_file(fy_history *h, const fy_history_file *f, fy_err *err) FY_MUST_USE;
fy_result fy_history_commit(fy_history *h, fy_err *err) FY_MUST_USE;
void fy_history_rollback(fy_history *h);

/* Which rows a query, count or forget sees. Zero everywhere: all. */
typedef struct fy_history_query {
    const char *text;          /* substring of a name, path, peer, error or snippet */
    const char *peer;          /* peer name (any case) or key fingerprint */
    const char *type;          /* image|video|audio|document|archive|text or ".ext" */
    int64_t since, until;      /* ended in [since, until), seconds since 1970; 0: open */
    int direction;             /* 0 both, 1 received only, 2 sent only */
    int failed;                /* 1: only transfers that did not end done */
    int transfers;             /* 1: one row per transfer, not per file */
    int64_t limit, offset;     /* paging; limit 0: no limit */
} fy_history_query;

/* The --type word a file name belongs to ("image", ...), or NULL. */
const char *fy_history_type_of(const char *rel);
/* 1 if type is a word fy_history_query knows (or ".ext"). */
int fy_history_type_valid(const char *type);

/* One row of a query. Strings are never NULL and live until the callback
 * returns. Per-file rows have file_id 0 for a transfer with no file
 * (declined, failed before the first file, a snippet); then path is
 * empty and rel holds the top-level names, comma-separated. */
typedef struct fy_history_row {
    int64_t transfer_id, file_id;
    int64_t started, ended, duration_ms;
    int outgoing;
    fy_history_kind kind;
    fy_history_result result;
    const char *peer_name, *peer_key, *address, *names, *folder, *error, *text;
    uint32_t files;
    uint64_t bytes;
    const char *path, *rel, *xxh3, *scan_words;
    uint64_t size;
    fy_scan_verdict scan;
} fy_history_row;

/* Calls row for each match, newest first (files in transfer order);
 * row returns nonzero to stop early. */
typedef int (*fy_history_row_fn)(void *ud, const fy_history_row *r);
fy_result fy_history_query_rows(fy_history *h, const fy_history_query *q, fy_history_row_fn row, void *ud,
                                fy_err *err) FY_MUST_USE;
/* How many rows query_rows would give without limit and offset. */
fy_result fy_history_count(fy_history *h, const fy_history_query *q, int64_t *n, fy_err *err) FY_MUST_USE;
/* Removes every transfer with a matching row, with all its files (only the
 * record: no file on disk is touched); *removed counts transfers. */
fy_result fy_history_forget(fy_history *h, const fy_history_query *q, int64_t *removed, fy_err *err) FY_MUST_USE;
/* Removes everything, and the deleted pages' bytes with it. */
fy_result fy_history_clear(fy_history *h, fy_err *err) FY_MUST_USE;

const char *fy_history_result_word(fy_history_result r);  /* "done", "failed", ... */
const char *fy_history_scan_word(fy_scan_verdict v);      /* "not scanned", "clean", "infected" */

#endif
