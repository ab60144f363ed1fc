/* fy_win_sqlite.c: the SQLite that cmake/ferry-win-deps.sh builds into
 * ferry.exe, found the way the history module finds it (find_package(SQLite3),
 * SQLite::SQLite3), and run on Windows (wine): a database in a temporary
 * folder whose name is not ASCII (SQLite turns UTF-8 names into wide ones
 * on Windows; a user's profile folder may be named so), WAL journal, an FTS5
 * table with the trigram tokenizer (substring search of file names, also
 * CJK and accented ones), and the compile options the deps script promises:
 * thread-safe, foreign keys on by default, no double-quoted strings, no
 * extension loading. Prints "ok - ..." / "FAIL - ..." and exits 1 on any
 * failure. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

static int fails, checks;

#define CHECK(cond, ...)                                                                                              \
    do {                                                                                                              \
        checks++;                                                                                                     \
        if (cond) {                                                                                                   \
            printf("ok - ");                                                                                          \
        } else {                                                                                                      \
            fails++;                                                                                                  \
            printf("FAIL - (%s:%d) ", __FILE__, __LINE__);                                                            \
        }                                                                                                             \
        printf(__VA_ARGS__);                                                                                          \
        printf("\n");                                                                                                 \
    } while (0)

/* The first column of the first row of sql as text ("" when none, NULL on
 * an error, with the message in err). */
static const char *one(sqlite3 *db, const char *sql, const char **err)
{
    static char out[256];
    sqlite3_stmt *st = NULL;
    const char *r = NULL;
    *err = "";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        *err = sqlite3_errmsg(db);
        return NULL;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(out, sizeof out, "%s", t ? (const char *)t : "");
        r = out;
    } else if (rc == SQLITE_DONE) {
        r = "";
    } else {
        *err = sqlite3_errmsg(db);
    }
    sqlite3_finalize(st);
    return r;
}

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        printf("  # %s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    return rc;
}

/* How many rows MATCH q finds, -1 on an error. */
static int matches(sqlite3 *db, const char *q)
{
    sqlite3_stmt *st = NULL;
    int n = 0, rc;
    if (sqlite3_prepare_v2(db, "SELECT name FROM names WHERE names MATCH ?1", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        n++;
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? n : -1;
}

static int exists_utf8(const char *path)
{
    wchar_t w[1024];
    if (!MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, w, 1024))
        return 0;
    return GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES;
}

static void remove_utf8(const char *path, int dir)
{
    wchar_t w[1024];
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, w, 1024))
        dir ? RemoveDirectoryW(w) : DeleteFileW(w);
}

int main(void)
{
    static const char *names[] = {
        "Holiday photos 2026.zip", "Résumé final.pdf", "報告書2026.docx", "notes.txt", "holiday-video.mkv",
    };
    static const struct {
        const char *q;
        int want;
    } cases[] = {
        {"\"liday\"", 2},   /* inside a word, in both holiday names, any case */
        {"\"HOLIDAY\"", 2}, /* trigram folds ASCII case */
        {"\"sumé\"", 1},    /* UTF-8 letters past ASCII */
        {"\"報告書\"", 1},  /* CJK: three characters make one trigram */
        {"\"2026\"", 2},
        {"\"xyz\"", 0},
    };
    wchar_t wtmp[MAX_PATH + 1];
    char tmp[MAX_PATH * 3], dir[1024], db_path[1100], wal[1200];
    sqlite3 *db = NULL;
    const char *v, *err;
    size_t i;

    CHECK(sqlite3_libversion_number() == SQLITE_VERSION_NUMBER, "header and library agree: SQLite %s",
          sqlite3_libversion());
    CHECK(sqlite3_threadsafe() == 1, "thread-safe (serialized) by default");
    CHECK(sqlite3_compileoption_used("ENABLE_FTS5"), "built with FTS5");
    CHECK(sqlite3_compileoption_used("OMIT_LOAD_EXTENSION"), "built without extension loading");

    if (!GetTempPathW(MAX_PATH + 1, wtmp) || !WideCharToMultiByte(CP_UTF8, 0, wtmp, -1, tmp, sizeof tmp, NULL, NULL)) {
        printf("FAIL - no temporary folder\n");
        return 1;
    }
    snprintf(dir, sizeof dir, "%sferry-sqlite-%lu-Ünï✓", tmp, (unsigned long)GetCurrentProcessId());
    {
        wchar_t w[1024];
        MultiByteToWideChar(CP_UTF8, 0, dir, -1, w, 1024);
        CHECK(CreateDirectoryW(w, NULL), "made %s", dir);
    }
    snprintf(db_path, sizeof db_path, "%s\\history.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", db_path);

    CHECK(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK,
          "opened a database under a non-ASCII folder name");
    v = one(db, "PRAGMA journal_mode=WAL", &err);
    CHECK(v && !strcmp(v, "wal"), "journal_mode=WAL took (%s%s)", v ? v : "error: ", v ? "" : err);
    v = one(db, "PRAGMA foreign_keys", &err);
    CHECK(v && !strcmp(v, "1"), "foreign keys on by default (%s)", v ? v : err);
    v = one(db, "SELECT \"no such column\"", &err);
    CHECK(!v && strstr(err, "no such column"), "a double-quoted string is a column name (%s)", v ? v : err);
    v = one(db, "SELECT load_extension('x')", &err);
    CHECK(!v && strstr(err, "no such function"), "load_extension() does not exist (%s)", v ? v : err);

    CHECK(exec(db, "CREATE VIRTUAL TABLE names USING fts5(name, tokenize='trigram')") == SQLITE_OK,
          "FTS5 table with the trigram tokenizer");
    CHECK(exec(db, "BEGIN") == SQLITE_OK, "begin");
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        sqlite3_stmt *st = NULL;
        int ok = sqlite3_prepare_v2(db, "INSERT INTO names(name) VALUES (?1)", -1, &st, NULL) == SQLITE_OK &&
                 sqlite3_bind_text(st, 1, names[i], -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
        CHECK(ok, "inserted \"%s\"", names[i]);
    }
    CHECK(exec(db, "COMMIT") == SQLITE_OK, "commit");
    CHECK(exists_utf8(wal), "the WAL file exists beside the database after a commit");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = matches(db, cases[i].q);
        CHECK(n == cases[i].want, "MATCH %s finds %d (want %d)", cases[i].q, n, cases[i].want);
    }
    CHECK(sqlite3_close(db) == SQLITE_OK, "closed");

    /* Reopened: the rows were written to disk, not only kept in memory. */
    db = NULL;
    CHECK(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "reopened read-only");
    v = one(db, "SELECT count(*) FROM names", &err);
    CHECK(v && !strcmp(v, "5"), "5 rows after reopening (%s)", v ? v : err);
    CHECK(matches(db, "\"photos\"") == 1, "and the index still finds \"photos\"");
    sqlite3_close(db);

    remove_utf8(wal, 0);
    {
        char shm[1200];
        snprintf(shm, sizeof shm, "%s-shm", db_path);
        remove_utf8(shm, 0);
    }
    remove_utf8(db_path, 0);
    remove_utf8(dir, 1);
    CHECK(!exists_utf8(dir), "temporary folder removed");

    printf("%d checks, %d failed\n", checks, fails);
    return fails ? 1 : 0;
}
