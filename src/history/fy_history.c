/* fy_history.c: every statement of SQL in Ferry (fy_history.h says why
 * SQLite and how it is used). */
#include "fy_history.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/fy_hash.h"
#include "platform/fy_platform.h"

struct fy_history {
    sqlite3 *db;
    sqlite3_stmt *ins_transfer, *ins_file;
    int64_t cur;               /* the transfer being recorded, 0 if none */
};

/* ---- schema ---------------------------------------------------------------
 *
 * migrations[k] takes a database from user_version k to k + 1. Append
 * only: a released migration never changes, a new column or index is a
 * new entry, so every older database reaches the newest shape the same
 * way. Times are seconds since 1970 UTC; direction 0 received, 1 sent;
 * result and scan are fy_history_result and fy_scan_verdict. */
/* The triggers that take deleted rows out of the search index; clear
 * drops them for its one big delete and makes them again. */
#define FILES_AD                                                                                                   \
    "CREATE TRIGGER files_ad AFTER DELETE ON files BEGIN"                                                          \
    " INSERT INTO files_fts(files_fts, rowid, rel) VALUES ('delete', old.id, old.rel); END;"
#define TRANSFERS_AD                                                                                               \
    "CREATE TRIGGER transfers_ad AFTER DELETE ON transfers BEGIN"                                                  \
    " INSERT INTO transfers_fts(transfers_fts, rowid, peer_name, names, error, text)"                              \
    " VALUES ('delete', old.id, old.peer_name, old.names, old.error, old.text); END;"

static const char *const migrations[] = {
    /* 0 -> 1: the records. */
    "CREATE TABLE transfers("
    " id INTEGER PRIMARY KEY,"
    " started INTEGER NOT NULL, ended INTEGER NOT NULL, duration_ms INTEGER NOT NULL DEFAULT 0,"
    " direction INTEGER NOT NULL CHECK(direction IN (0, 1)),"
    " kind INTEGER NOT NULL DEFAULT 0,"
    " peer_name TEXT NOT NULL DEFAULT '', peer_key TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '',"
    " names TEXT NOT NULL DEFAULT '', folder TEXT NOT NULL DEFAULT '',"
    " files INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0,"
    " result INTEGER NOT NULL, error TEXT NOT NULL DEFAULT '', text TEXT);"
    "CREATE INDEX transfers_ended ON transfers(ended, id);"
    "CREATE TABLE files("
    " id INTEGER PRIMARY KEY,"
    " transfer_id INTEGER NOT NULL REFERENCES transfers(id) ON DELETE CASCADE,"
    " path TEXT NOT NULL, rel TEXT NOT NULL, ext TEXT NOT NULL DEFAULT '',"
    " size INTEGER NOT NULL, xxh3 TEXT NOT NULL DEFAULT '',"
    " scan INTEGER NOT NULL DEFAULT 0, scan_words TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX files_transfer ON files(transfer_id);"
    "CREATE INDEX files_ext ON files(ext);",
    /* 1 -> 2: name search. Trigram tokens make any 3 letters match
     * anywhere in a name, in any case; the tables index the records'
     * own columns (external content) and triggers keep them in step, so
     * no code path can forget to. The index covers the name inside the
     * transfer, not the receive folder: "fer" must not match every file
     * under ~/Downloads/Ferry. */
    "CREATE VIRTUAL TABLE files_fts USING fts5(rel, content='files', content_rowid='id', tokenize='trigram');"
    "CREATE VIRTUAL TABLE transfers_fts USING fts5(peer_name, names, error, text, content='transfers',"
    " content_rowid='id', tokenize='trigram');"
    "CREATE TRIGGER files_ai AFTER INSERT ON files BEGIN"
    " INSERT INTO files_fts(rowid, rel) VALUES (new.id, new.rel); END;"
    FILES_AD
    "CREATE TRIGGER transfers_ai AFTER INSERT ON transfers BEGIN"
    " INSERT INTO transfers_fts(rowid, peer_name, names, error, text)"
    " VALUES (new.id, new.peer_name, new.names, new.error, new.text); END;"
    TRANSFERS_AD
    "INSERT INTO files_fts(files_fts) VALUES ('rebuild');"
    "INSERT INTO transfers_fts(transfers_fts) VALUES ('rebuild');",
};

_Static_assert(sizeof migrations / sizeof *migrations == FY_HISTORY_VERSION, "one migration per version");

static fy_result db_fail(fy_history *h, fy_err *err, const char *what)
{
    return fy_fail(err, FY_ERR_IO, "history database: %s: %s", what, sqlite3_errmsg(h->db));
}

static fy_result exec(fy_history *h, const char *sql, const char *what, fy_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(h->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fy_result rc = fy_fail(err, FY_ERR_IO, "history database: %s: %s", what, msg ? msg : sqlite3_errmsg(h->db));
        sqlite3_free(msg);
        return rc;
    }
    return FY_OK;
}

static int64_t pragma_int(fy_history *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int fy_history_version(fy_history *h) { return (int)pragma_int(h, "PRAGMA user_version"); }

/* Brings the schema to target in one transaction: two processes opening a
 * new database at once take turns, and the second finds nothing to do. A
 * database newer than this Ferry is used as it is (columns are only ever
 * added). */
static fy_result migrate(fy_history *h, int target, fy_err *err)
{
    fy_result rc;
    int v;
    char sql[64];

    if ((rc = exec(h, "BEGIN IMMEDIATE", "lock for the schema", err)) != FY_OK)
        return rc;
    v = fy_history_version(h);
    if (v < 0) {
        rc = db_fail(h, err, "read the schema version");
        goto out;
    }
    for (; v < target; v++) {
        if ((rc = exec(h, migrations[v], "update the schema", err)) != FY_OK)
            goto out;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(h, sql, "update the schema", err)) != FY_OK)
            goto out;
    }
    rc = exec(h, "COMMIT", "update the schema", err);
out:
    if (rc != FY_OK)
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int fy_history_available(void) { return 1; }

fy_result fy_history_open_file(const char *path, int max_version, fy_history **out, fy_err *err)
{
    fy_history *h = calloc(1, sizeof *h);
    fy_result rc;
    int target = max_version > 0 && max_version < FY_HISTORY_VERSION ? max_version : FY_HISTORY_VERSION;

    *out = NULL;
    if (!h)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    /* SQLite would create the file with the umask's permissions; it makes
     * its -wal and -shm files with the database's own. */
    if ((rc = fy_plat_create_private(path, err)) != FY_OK)
        goto fail;
    if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
        rc = h->db ? db_fail(h, err, path) : fy_fail(err, FY_ERR_NOMEM, "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(h->db, FY_HISTORY_BUSY_MS);
    /* WAL: readers never wait for the writer, and a writer killed at any
     * point leaves the last commit. synchronous=NORMAL in WAL mode loses
     * at most the last commits on power loss, never consistency; a killed
     * process loses nothing committed. secure_delete: what forget and
     * clear remove is overwritten, not left in free pages. */
    if ((rc = exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                      "PRAGMA secure_delete=ON;", "open", err)) != FY_OK ||
        (rc = migrate(h, target, err)) != FY_OK)
        goto fail;
    if (sqlite3_prepare_v2(h->db,
                           "INSERT INTO transfers(started, ended, duration_ms, direction, kind, peer_name, peer_key,"
                           " address, names, folder, files, bytes, result, error, text)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &h->ins_transfer, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h->db,
                           "INSERT INTO files(transfer_id, path, rel, ext, size, xxh3, scan, scan_words)"
                           " VALUES (?,?,?,?,?,?,?,?)", -1, &h->ins_file, NULL) != SQLITE_OK) {
        rc = db_fail(h, err, "prepare");
        goto fail;
    }
    *out = h;
    return FY_OK;
fail:
    fy_history_close(h);
    return rc;
}

fy_result fy_history_open(const char *config_dir, fy_history **out, fy_err *err)
{
    char path[1200];
    fy_result rc;
    *out = NULL;
    if ((rc = fy_plat_mkdirs(config_dir, err)) != FY_OK)
        return rc;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", config_dir, FY_HISTORY_FILE) >= sizeof path)
        return fy_fail(err, FY_ERR_IO, "path too long: %s", config_dir);
    return fy_history_open_file(path, 0, out, err);
}

void fy_history_close(fy_history *h)
{
    if (!h)
        return;
    if (h->cur)
        fy_history_rollback(h);
    sqlite3_finalize(h->ins_transfer);
    sqlite3_finalize(h->ins_file);
    sqlite3_close(h->db);
    free(h);
}

int fy_history_check(fy_history *h, fy_err *err)
{
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(h->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
        db_fail(h, err, "integrity check");
        return 0;
    }
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        ok = s && !strcmp(s, "ok");
        if (!ok)
            fy_fail(err, FY_ERR_IO, "history database: integrity check: %s", s ? s : "?");
    } else {
        db_fail(h, err, "integrity check");
    }
    sqlite3_finalize(st);
    return ok;
}

/* ---- recording ------------------------------------------------------------ */

static const char *nz(const char *s) { return s ? s : ""; }

/* The lowercase extension of a path's last part ("IMG_1.JPG" -> "jpg"),
 * without a leading dot of a hidden name; empty if none or too long. */
static void extension(const char *rel, char *out, size_t cap)
{
    const char *base = strrchr(rel, '/'), *dot;
    size_t n, i;
    base = base ? base + 1 : rel;
    dot = strrchr(base, '.');
    out[0] = 0;
    if (!dot || dot == base || !dot[1] || (n = strlen(dot + 1)) >= cap)
        return;
    for (i = 0; i < n; i++) {
        char c = dot[1 + i];
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = 0;
}

fy_result fy_history_begin(fy_history *h, const fy_history_transfer *t, int64_t *id, fy_err *err)
{
    sqlite3_stmt *st = h->ins_transfer;
    size_t tlen = t->text ? strlen(t->text) : 0;
    fy_result rc;

    if (h->cur)
        return fy_fail(err, FY_ERR_USAGE, "history: a transfer is already being recorded");
    /* IMMEDIATE: take the write lock now, waiting (busy_timeout) for
     * another process's write, rather than fail halfway on an upgrade. */
    if ((rc = exec(h, "BEGIN IMMEDIATE", "begin", err)) != FY_OK)
        return rc;
    if (tlen > FY_HISTORY_TEXT_MAX) { /* cut at a UTF-8 boundary */
        tlen = FY_HISTORY_TEXT_MAX;
        while (tlen > 0 && ((unsigned char)t->text[tlen] & 0xC0) == 0x80)
            tlen--;
    }
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, t->started);
    sqlite3_bind_int64(st, 2, t->ended);
    sqlite3_bind_int64(st, 3, t->duration_ms);
    sqlite3_bind_int(st, 4, t->outgoing ? 1 : 0);
    sqlite3_bind_int(st, 5, (int)t->kind);
    sqlite3_bind_text(st, 6, nz(t->peer_name), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, nz(t->peer_key), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, nz(t->address), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, nz(t->names), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, nz(t->folder), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, t->files);
    sqlite3_bind_int64(st, 12, (int64_t)(t->bytes > INT64_MAX ? INT64_MAX : t->bytes));
    sqlite3_bind_int(st, 13, (int)t->result);
    sqlite3_bind_text(st, 14, nz(t->error), -1, SQLITE_STATIC);
    if (t->text)
        sqlite3_bind_text(st, 15, t->text, (int)tlen, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 15);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = db_fail(h, err, "record a transfer");
        sqlite3_reset(st);
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    sqlite3_reset(st);
    h->cur = sqlite3_last_insert_rowid(h->db);
    if (id)
        *id = h->cur;
    return FY_OK;
}

fy_result fy_history_add_file(fy_history *h, const fy_history_file *f, fy_err *err)
{
    sqlite3_stmt *st = h->ins_file;
    char ext[17], hex[2 * FY_HASH_LEN + 1] = "";
    int step;

    if (!h->cur)
        return fy_fail(err, FY_ERR_USAGE, "history: a file outside a transfer");
    extension(nz(f->rel), ext, sizeof ext);
    if (f->xxh3)
        fy_hash_hex(f->xxh3, hex);
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, h->cur);
    sqlite3_bind_text(st, 2, nz(f->path), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, nz(f->rel), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ext, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, (int64_t)(f->size > INT64_MAX ? INT64_MAX : f->size));
    sqlite3_bind_text(st, 6, hex, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, (int)f->scan);
    sqlite3_bind_text(st, 8, nz(f->scan_words), -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    sqlite3_reset(st);
    return step == SQLITE_DONE ? FY_OK : db_fail(h, err, "record a file");
}

fy_result fy_history_commit(fy_history *h, fy_err *err)
{
    fy_result rc;
    if (!h->cur)
        return fy_fail(err, FY_ERR_USAGE, "history: nothing to commit");
    if ((rc = exec(h, "COMMIT", "commit", err)) != FY_OK)
        return rc;
    h->cur = 0;
    return FY_OK;
}

void fy_history_rollback(fy_history *h)
{
    sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    h->cur = 0;
}

/* ---- queries ---------------------------------------------------------------- */

/* Extensions per --type word. Sorted by how people think of them, not
 * exhaustive: ".ext" names any other. */
static const struct {
    const char *type, *exts;
} types[] = {
    {"image", "'jpg','jpeg','png','gif','webp','heic','heif','avif','bmp','tif','tiff','svg','ico','raw','cr2',"
              "'cr3','nef','arw','dng','orf','rw2','psd','xcf'"},
    {"video", "'mp4','m4v','mkv','mov','avi','webm','wmv','flv','mpg','mpeg','3gp','ts','mts','m2ts','ogv','vob'"},
    {"audio", "'mp3','flac','wav','ogg','oga','opus','m4a','aac','wma','aif','aiff','alac','mid','midi','ape'"},
    {"document", "'pdf','doc','docx','odt','rtf','txt','md','tex','xls','xlsx','ods','csv','ppt','pptx','odp',"
                 "'epub','mobi','djvu','pages','numbers','key','html','htm'"},
    {"archive", "'zip','tar','gz','tgz','bz2','tbz2','xz','txz','zst','7z','rar','iso','dmg','deb','rpm','cab',"
                "'lz','lzma','cpio','apk','jar'"},
};

/* A ".ext" filter: a dot and 1-16 letters or digits. */
static int dot_ext(const char *type)
{
    size_t n;
    if (!type || type[0] != '.' || !(n = strlen(type + 1)) || n > 16)
        return 0;
    for (size_t i = 1; i <= n; i++) {
        char c = type[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

const char *fy_history_type_of(const char *rel)
{
    char ext[17], quoted[20];
    extension(rel ? rel : "", ext, sizeof ext);
    if (!ext[0])
        return NULL;
    snprintf(quoted, sizeof quoted, "'%s'", ext);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strstr(types[i].exts, quoted))
            return types[i].type;
    return NULL;
}

int fy_history_type_valid(const char *type)
{
    if (!type)
        return 0;
    if (!strcmp(type, "text") || dot_ext(type))
        return 1;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (!strcmp(type, types[i].type))
            return 1;
    return 0;
}

#define SQL_CAP 4096
#define BINDS_MAX 16

typedef struct sqlbuf {
    char s[SQL_CAP];
    size_t len;
    int overflow;
    int nb;
    struct {
        const char *text;  /* NULL: an integer */
        int64_t i;
        char own[96];      /* a text built here */
    } b[BINDS_MAX];
} sqlbuf;

static void put(sqlbuf *q, const char *fmt, ...) FY_PRINTF(2, 3);
static void put(sqlbuf *q, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (q->overflow)
        return;
    va_start(ap, fmt);
    n = vsnprintf(q->s + q->len, SQL_CAP - q->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= SQL_CAP - q->len)
        q->overflow = 1;
    else
        q->len += (size_t)n;
}

static void bind_text(sqlbuf *q, const char *s)
{
    if (q->nb < BINDS_MAX)
        q->b[q->nb].text = s;
    q->nb++;
}

static void bind_int(sqlbuf *q, int64_t v)
{
    if (q->nb < BINDS_MAX)
        q->b[q->nb].text = NULL, q->b[q->nb].i = v;
    q->nb++;
}

/* The WHERE clause for q over "transfers t LEFT JOIN files f". The search
 * text arrives as bound values only: never pasted into the SQL. */
/* Up to how many trigram matches a search is driven from the index: the
 * transfers holding them are looked up by id and only those sorted. With
 * more, walking the list newest first and testing each row is cheaper, and
 * a page stops as soon as it is full. At 100,000 files: a rare name, 53 ms
 * walking and under 1 ms from the index; a name in every file, 105 ms
 * walking and 275 ms from the index (sorting them all). */
#define FEW_MATCHES 2000

static int few_matches(fy_history *h, const char *phrase)
{
    static const char *const sql[] = {
        "SELECT count(*) FROM (SELECT 1 FROM files_fts WHERE files_fts MATCH ?1 LIMIT 2001)",
        "SELECT count(*) FROM (SELECT 1 FROM transfers_fts WHERE transfers_fts MATCH ?1 LIMIT 2001)"};
    int64_t n = 0;
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h->db, sql[i], -1, &st, NULL) != SQLITE_OK)
            return 0;
        sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n += sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return n <= FEW_MATCHES;
}

static void where(fy_history *h, sqlbuf *sb, const fy_history_query *q, char *phrase, size_t phrase_cap,
                  char *phrase_cols, char *like, size_t like_cap)
{
    put(sb, " WHERE 1");
    if (q->text && q->text[0]) {
        if (strlen(q->text) >= 3 && 2 * strlen(q->text) + 3 <= phrase_cap) {
            /* One FTS5 phrase: the text's trigrams in a row, i.e. the text
             * as a substring. Quotes are doubled inside the phrase. */
            size_t o = 0;
            phrase[o++] = '"';
            for (const char *p = q->text; *p; p++) {
                if (*p == '"')
                    phrase[o++] = '"';
                phrase[o++] = *p;
            }
            phrase[o++] = '"';
            phrase[o] = 0;
            snprintf(phrase_cols, phrase_cap + 40, "{peer_name error text} : %s", phrase);
            /* A file row matches by its own name, or by its transfer's
             * peer, error or snippet; the transfer's top-level names
             * stand for files only in a row without any (declined):
             * else "port" would list every file sent with a report. */
            put(sb, " AND (f.id IN (SELECT rowid FROM files_fts WHERE files_fts MATCH ?%d)"
                    " OR t.id IN (SELECT rowid FROM transfers_fts WHERE transfers_fts MATCH ?%d)"
                    " OR (f.id IS NULL AND t.id IN (SELECT rowid FROM transfers_fts WHERE transfers_fts MATCH ?%d)))",
                sb->nb + 1, sb->nb + 2, sb->nb + 1);
            bind_text(sb, phrase);
            bind_text(sb, phrase_cols);
            if (few_matches(h, phrase))
                put(sb, " AND t.id IN (SELECT transfer_id FROM files WHERE id IN (SELECT rowid FROM files_fts"
                        " WHERE files_fts MATCH ?%d) UNION SELECT rowid FROM transfers_fts WHERE transfers_fts MATCH ?%d)",
                    sb->nb - 1, sb->nb - 1);
        } else {
            /* 1-2 letters make no trigram: a scan, with LIKE's own
             * wildcards escaped. */
            size_t o = 0;
            like[o++] = '%';
            for (const char *p = q->text; *p && o + 3 < like_cap; p++) {
                if (*p == '%' || *p == '_' || *p == '\\')
                    like[o++] = '\\';
                like[o++] = *p;
            }
            like[o++] = '%';
            like[o] = 0;
            put(sb, " AND (f.rel LIKE ?%d ESCAPE '\\' OR t.peer_name LIKE ?%d ESCAPE '\\'"
                    " OR (f.id IS NULL AND t.names LIKE ?%d ESCAPE '\\') OR t.error LIKE ?%d ESCAPE '\\'"
                    " OR t.text LIKE ?%d ESCAPE '\\')",
                sb->nb + 1, sb->nb + 1, sb->nb + 1, sb->nb + 1, sb->nb + 1);
            bind_text(sb, like);
        }
    }
    if (q->peer && q->peer[0]) {
        put(sb, " AND (t.peer_name = ?%d COLLATE NOCASE OR t.peer_key = ?%d COLLATE NOCASE)", sb->nb + 1, sb->nb + 1);
        bind_text(sb, q->peer);
    }
    if (q->type && q->type[0]) {
        if (!strcmp(q->type, "text")) {
            put(sb, " AND t.kind = %d", FY_HISTORY_KIND_TEXT);
        } else if (dot_ext(q->type)) {
            put(sb, " AND f.ext = lower(?%d)", sb->nb + 1);
            bind_text(sb, q->type + 1);
        } else {
            const char *exts = "''";
            for (size_t i = 0; i < sizeof types / sizeof *types; i++)
                if (!strcmp(q->type, types[i].type))
                    exts = types[i].exts;
            put(sb, " AND f.ext IN (%s)", exts);
        }
    }
    if (q->since) {
        put(sb, " AND t.ended >= ?%d", sb->nb + 1);
        bind_int(sb, q->since);
    }
    if (q->until) {
        put(sb, " AND t.ended < ?%d", sb->nb + 1);
        bind_int(sb, q->until);
    }
    if (q->direction == 1 || q->direction == 2)
        put(sb, " AND t.direction = %d", q->direction == 2);
    if (q->failed)
        put(sb, " AND t.result <> %d", FY_HISTORY_DONE);
}

static fy_result prepare(fy_history *h, sqlbuf *sb, sqlite3_stmt **st, fy_err *err)
{
    if (sb->overflow || sb->nb > BINDS_MAX)
        return fy_fail(err, FY_ERR_USAGE, "history: query too long");
    if (sqlite3_prepare_v2(h->db, sb->s, (int)sb->len, st, NULL) != SQLITE_OK)
        return db_fail(h, err, "query");
    for (int i = 0; i < sb->nb; i++) {
        if (sb->b[i].text)
            sqlite3_bind_text(*st, i + 1, sb->b[i].text, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(*st, i + 1, sb->b[i].i);
    }
    return FY_OK;
}

#define TEXT_ARG_MAX 1024   /* a search text longer than this is cut */

static const char *col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

fy_result fy_history_query_rows(fy_history *h, const fy_history_query *q, fy_history_row_fn fn, void *ud,
                                fy_err *err)
{
    static sqlbuf sb_zero;
    sqlbuf *sb = malloc(sizeof *sb);
    char phrase[2 * TEXT_ARG_MAX + 3], phrase_cols[2 * TEXT_ARG_MAX + 43], like[2 * TEXT_ARG_MAX + 3];
    sqlite3_stmt *st = NULL;
    fy_result rc;
    int step;

    if (!sb)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    *sb = sb_zero;
    /* Per transfer: its first file stands for it (its path and size are
     * not shown then). */
    put(sb, "SELECT t.id, %s, t.started, t.ended, t.duration_ms, t.direction, t.kind, t.result, t.peer_name,"
            " t.peer_key, t.address, t.names, t.folder, t.error, t.text, t.files, t.bytes, f.path, f.rel, f.xxh3,"
            " f.scan_words, f.size, f.scan FROM transfers t LEFT JOIN files f ON f.transfer_id = t.id",
        q->transfers ? "NULL" : "f.id");
    where(h, sb, q, phrase, sizeof phrase, phrase_cols, like, sizeof like);
    if (q->transfers)
        put(sb, " GROUP BY t.id");
    put(sb, " ORDER BY t.ended DESC, t.id DESC%s", q->transfers ? "" : ", f.id");
    if (q->limit > 0 || q->offset > 0) {
        put(sb, " LIMIT ?%d OFFSET ?%d", sb->nb + 1, sb->nb + 2);
        bind_int(sb, q->limit > 0 ? q->limit : -1);
        bind_int(sb, q->offset > 0 ? q->offset : 0);
    }
    if ((rc = prepare(h, sb, &st, err)) != FY_OK)
        goto out;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        fy_history_row r;
        memset(&r, 0, sizeof r);
        r.transfer_id = sqlite3_column_int64(st, 0);
        r.file_id = sqlite3_column_int64(st, 1);
        r.started = sqlite3_column_int64(st, 2);
        r.ended = sqlite3_column_int64(st, 3);
        r.duration_ms = sqlite3_column_int64(st, 4);
        r.outgoing = sqlite3_column_int(st, 5);
        r.kind = (fy_history_kind)sqlite3_column_int(st, 6);
        r.result = (fy_history_result)sqlite3_column_int(st, 7);
        r.peer_name = col(st, 8);
        r.peer_key = col(st, 9);
        r.address = col(st, 10);
        r.names = col(st, 11);
        r.folder = col(st, 12);
        r.error = col(st, 13);
        r.text = col(st, 14);
        r.files = (uint32_t)sqlite3_column_int64(st, 15);
        r.bytes = (uint64_t)sqlite3_column_int64(st, 16);
        r.path = col(st, 17);
        r.rel = col(st, 18);
        r.xxh3 = col(st, 19);
        r.scan_words = col(st, 20);
        r.size = (uint64_t)sqlite3_column_int64(st, 21);
        r.scan = (fy_scan_verdict)sqlite3_column_int(st, 22);
        if (fn(ud, &r))
            break;
    }
    rc = step == SQLITE_ROW || step == SQLITE_DONE ? FY_OK : db_fail(h, err, "query");
out:
    sqlite3_finalize(st);
    free(sb);
    return rc;
}

fy_result fy_history_count(fy_history *h, const fy_history_query *q, int64_t *n, fy_err *err)
{
    static sqlbuf sb_zero;
    sqlbuf *sb = malloc(sizeof *sb);
    char phrase[2 * TEXT_ARG_MAX + 3], phrase_cols[2 * TEXT_ARG_MAX + 43], like[2 * TEXT_ARG_MAX + 3];
    sqlite3_stmt *st = NULL;
    fy_result rc;

    *n = 0;
    if (!sb)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    *sb = sb_zero;
    put(sb, "SELECT count(%s) FROM transfers t LEFT JOIN files f ON f.transfer_id = t.id",
        q->transfers ? "DISTINCT t.id" : "*");
    where(h, sb, q, phrase, sizeof phrase, phrase_cols, like, sizeof like);
    if ((rc = prepare(h, sb, &st, err)) == FY_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            *n = sqlite3_column_int64(st, 0);
        else
            rc = db_fail(h, err, "count");
    }
    sqlite3_finalize(st);
    free(sb);
    return rc;
}

fy_result fy_history_forget(fy_history *h, const fy_history_query *q, int64_t *removed, fy_err *err)
{
    static sqlbuf sb_zero;
    sqlbuf *sb = malloc(sizeof *sb);
    char phrase[2 * TEXT_ARG_MAX + 3], phrase_cols[2 * TEXT_ARG_MAX + 43], like[2 * TEXT_ARG_MAX + 3];
    sqlite3_stmt *st = NULL;
    fy_result rc;

    *removed = 0;
    if (!sb)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    *sb = sb_zero;
    /* Files go with their transfer (ON DELETE CASCADE), and the search
     * index with both (triggers). */
    put(sb, "DELETE FROM transfers WHERE id IN (SELECT t.id FROM transfers t LEFT JOIN files f"
            " ON f.transfer_id = t.id");
    where(h, sb, q, phrase, sizeof phrase, phrase_cols, like, sizeof like);
    put(sb, ")");
    if ((rc = prepare(h, sb, &st, err)) == FY_OK) {
        if (sqlite3_step(st) == SQLITE_DONE)
            *removed = sqlite3_changes(h->db);
        else
            rc = db_fail(h, err, "forget");
    }
    sqlite3_finalize(st);
    free(sb);
    /* The write-ahead log may still hold the removed rows' pages. */
    if (rc == FY_OK)
        sqlite3_exec(h->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    return rc;
}

fy_result fy_history_clear(fy_history *h, fy_err *err)
{
    fy_result rc;
    /* Row by row through the triggers, 100,000 files took seconds; the
     * index is emptied at once instead, in the same transaction. */
    if ((rc = exec(h,
                   "BEGIN IMMEDIATE; DROP TRIGGER files_ad; DROP TRIGGER transfers_ad;"
                   " DELETE FROM files; DELETE FROM transfers;"
                   " INSERT INTO files_fts(files_fts) VALUES ('delete-all');"
                   " INSERT INTO transfers_fts(transfers_fts) VALUES ('delete-all');" FILES_AD TRANSFERS_AD "COMMIT;",
                   "clear", err)) != FY_OK) {
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    /* VACUUM may wait for readers (the window); the rows are gone either
     * way, their bytes overwritten (secure_delete). */
    sqlite3_exec(h->db, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
    return FY_OK;
}

const char *fy_history_result_word(fy_history_result r)
{
    switch (r) {
    case FY_HISTORY_DONE: return "done";
    case FY_HISTORY_FAILED: return "failed";
    case FY_HISTORY_CANCELLED: return "cancelled";
    case FY_HISTORY_DECLINED: return "declined";
    }
    return "failed";
}

const char *fy_history_scan_word(fy_scan_verdict v)
{
    switch (v) {
    case FY_SCAN_CLEAN: return "clean";
    case FY_SCAN_INFECTED: return "infected";
    case FY_SCAN_NOT_SCANNED: return "not scanned";
    }
    return "not scanned";
}
