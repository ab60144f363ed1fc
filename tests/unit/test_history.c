/* test_history.c: the history database (src/history): schema and its
 * migration from an older version, recording, the trigram search, every
 * filter, paging, forget and clear, and 100,000 files searched by three
 * letters (the time printed, not asserted).
 *
 * Also a helper for tests/e2e/t_history.sh:
 *   test_history --insert-loop DB   records transfers until killed
 *   test_history --writer DB N TAG  records N transfers (one file each)
 *   test_history --check DB         opens DB, prints the integrity check and
 *                                   the count of transfers; 0 if "ok"
 *   test_history --fill DB N        records N files in transfers of 1,000
 *                                   over the last days (tests/ui) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_test.h"
#include "history/fy_history.h"
#include "platform/fy_platform.h"

#define DB "test_history.db"

static void remove_db(const char *path)
{
    char p[512];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        fy_ignore(fy_plat_remove(p, NULL));
    }
}

/* Records one transfer (received unless out) of nnames entries, the
 * first n of them files that arrived. */
static int64_t record_n(fy_history *h, int64_t ended, int out, const char *peer, fy_history_result res,
                        const char *err, const char *const *names, int nnames, int n)
{
    fy_history_transfer t;
    fy_err e = {0};
    int64_t id = 0;
    char all[1024] = "";
    memset(&t, 0, sizeof t);
    for (int i = 0; i < nnames; i++)
        if (!strchr(names[i], '/'))
            snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", all[0] ? "\n" : "", names[i]);
    t.started = ended - 2;
    t.ended = ended;
    t.duration_ms = 2000;
    t.outgoing = out;
    t.peer_name = peer;
    t.peer_key = "abcd-ef01-2345-6789";
    t.address = "192.0.2.7:53317";
    t.names = all;
    t.folder = "/home/ana/Downloads/Ferry";
    t.files = (uint32_t)n;
    t.bytes = 100u * (uint64_t)n;
    t.result = res;
    t.error = err;
    CHECK_INT(fy_history_begin(h, &t, &id, &e), FY_OK);
    for (int i = 0; i < n; i++) {
        char path[512];
        uint8_t hash[16];
        fy_history_file f;
        memset(hash, i, sizeof hash);
        snprintf(path, sizeof path, "/home/ana/Downloads/Ferry/%s", names[i]);
        memset(&f, 0, sizeof f);
        f.path = path;
        f.rel = names[i];
        f.size = 100;
        f.xxh3 = hash;
        f.scan = i == 0 && !out ? FY_SCAN_CLEAN : FY_SCAN_NOT_SCANNED;
        f.scan_words = i == 0 && !out ? "clamscan: OK" : "";
        CHECK_INT(fy_history_add_file(h, &f, &e), FY_OK);
    }
    CHECK_INT(fy_history_commit(h, &e), FY_OK);
    if (e.msg[0])
        printf("  %s\n", e.msg);
    return id;
}

static int64_t record(fy_history *h, int64_t ended, int out, const char *peer, fy_history_result res, const char *err,
                      const char *const *names, int n)
{
    return record_n(h, ended, out, peer, res, err, names, n, n);
}

/* Collects rows as "rel|peer|result" lines. */
typedef struct seen {
    char text[8192];
    int n;
} seen;

static int collect(void *ud, const fy_history_row *r)
{
    seen *s = ud;
    size_t len = strlen(s->text);
    char names[1024];
    snprintf(names, sizeof names, "%s", r->file_id ? r->rel : r->names);
    for (char *p = names; *p; p++)
        if (*p == '\n')
            *p = ',';
    snprintf(s->text + len, sizeof s->text - len, "%s%s|%s|%s", s->n ? "\n" : "", names, r->peer_name,
             fy_history_result_word(r->result));
    s->n++;
    return 0;
}

static const char *run(fy_history *h, const fy_history_query *q, seen *s)
{
    fy_err e = {0};
    memset(s, 0, sizeof *s);
    CHECK_INT(fy_history_query_rows(h, q, collect, s, &e), FY_OK);
    if (e.msg[0])
        printf("  query: %s\n", e.msg);
    return s->text;
}

static void fill_sample(fy_history *h)
{
    static const char *const a[] = {"Report-2026.PDF", "photos/beach.jpg", "photos"};
    static const char *const b[] = {"song.flac"};
    static const char *const c[] = {"notes.txt"};
    static const char *const d[] = {"backup.tar.gz", "100%_done.txt"};
    record_n(h, 1000, 0, "Ana laptop", FY_HISTORY_DONE, "", a, 3, 2);
    record(h, 2000, 1, "desk", FY_HISTORY_DONE, "", b, 1);
    record(h, 3000, 0, "desk", FY_HISTORY_FAILED, "disk full on the receiving side", c, 1);
    record_n(h, 4000, 0, "Ana laptop", FY_HISTORY_DECLINED, "declined", c, 1, 0);
    record(h, 5000, 1, "phone", FY_HISTORY_CANCELLED, "cancelled", d, 2);
}

static void test_schema_and_filters(void)
{
    fy_history *h = NULL;
    fy_err e = {0};
    fy_history_query q;
    seen s;
    int64_t n = 0;

    remove_db(DB);
    CHECK_INT(fy_history_open_file(DB, 0, &h, &e), FY_OK);
    if (!h) {
        printf("  open: %s\n", e.msg);
        return;
    }
    CHECK_INT(fy_history_version(h), FY_HISTORY_VERSION);
    CHECK(fy_history_check(h, &e));
    fill_sample(h);

    static const struct {
        const char *name, *text, *peer, *type;
        int64_t since;
        int direction, failed, transfers;
        const char *want;
    } cases[] = {
        {"all, newest first, files in order", NULL, NULL, NULL, 0, 0, 0, 0,
         "backup.tar.gz|phone|cancelled\n100%_done.txt|phone|cancelled\nnotes.txt|Ana laptop|declined\n"
         "notes.txt|desk|failed\nsong.flac|desk|done\nReport-2026.PDF|Ana laptop|done\nphotos/beach.jpg|Ana laptop|done"},
        {"3 letters inside a name, any case", "port", NULL, NULL, 0, 0, 0, 0, "Report-2026.PDF|Ana laptop|done"},
        {"trigram across a folder", "tos/bea", NULL, NULL, 0, 0, 0, 0, "photos/beach.jpg|Ana laptop|done"},
        {"a peer's name finds its files", "laptop", NULL, NULL, 0, 0, 0, 0,
         "notes.txt|Ana laptop|declined\nReport-2026.PDF|Ana laptop|done\nphotos/beach.jpg|Ana laptop|done"},
        {"the error text", "disk full", NULL, NULL, 0, 0, 0, 0, "notes.txt|desk|failed"},
        {"two letters: a scan", "fl", NULL, NULL, 0, 0, 0, 0, "song.flac|desk|done"},
        {"LIKE wildcards are literal", "0%", NULL, NULL, 0, 0, 0, 0, "100%_done.txt|phone|cancelled"},
        {"quotes in FTS text", "a\"b", NULL, NULL, 0, 0, 0, 0, ""},
        {"no match", "zzzz", NULL, NULL, 0, 0, 0, 0, ""},
        {"peer, any case", NULL, "DESK", NULL, 0, 0, 0, 0, "notes.txt|desk|failed\nsong.flac|desk|done"},
        {"peer by key", NULL, "abcd-ef01-2345-6789", NULL, 4500, 0, 0, 0,
         "backup.tar.gz|phone|cancelled\n100%_done.txt|phone|cancelled"},
        {"type image", NULL, NULL, "image", 0, 0, 0, 0, "photos/beach.jpg|Ana laptop|done"},
        {"type document (upper-case extension)", NULL, NULL, "document", 0, 0, 0, 0,
         "100%_done.txt|phone|cancelled\nnotes.txt|desk|failed\nReport-2026.PDF|Ana laptop|done"},
        {"type archive (.gz)", NULL, NULL, "archive", 0, 0, 0, 0, "backup.tar.gz|phone|cancelled"},
        {"type .EXT", NULL, NULL, ".FLAC", 0, 0, 0, 0, "song.flac|desk|done"},
        {"type text: snippets only", NULL, NULL, "text", 0, 0, 0, 0, ""},
        {"since", NULL, NULL, NULL, 3000, 0, 0, 0,
         "backup.tar.gz|phone|cancelled\n100%_done.txt|phone|cancelled\nnotes.txt|Ana laptop|declined\n"
         "notes.txt|desk|failed"},
        {"received", NULL, NULL, NULL, 2500, 1, 0, 0, "notes.txt|Ana laptop|declined\nnotes.txt|desk|failed"},
        {"sent", NULL, NULL, NULL, 0, 2, 0, 0,
         "backup.tar.gz|phone|cancelled\n100%_done.txt|phone|cancelled\nsong.flac|desk|done"},
        {"failed", NULL, NULL, NULL, 0, 1, 1, 0, "notes.txt|Ana laptop|declined\nnotes.txt|desk|failed"},
        {"per transfer", NULL, NULL, NULL, 0, 0, 0, 1,
         "backup.tar.gz,100%_done.txt|phone|cancelled\nnotes.txt|Ana laptop|declined\nnotes.txt|desk|failed\n"
         "song.flac|desk|done\nReport-2026.PDF,photos|Ana laptop|done"},
        {"text and type together", "a", NULL, "image", 0, 0, 0, 0, "photos/beach.jpg|Ana laptop|done"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_test_case = cases[i].name;
        memset(&q, 0, sizeof q);
        q.text = cases[i].text;
        q.peer = cases[i].peer;
        q.type = cases[i].type;
        q.since = cases[i].since;
        q.direction = cases[i].direction;
        q.failed = cases[i].failed;
        q.transfers = cases[i].transfers;
        CHECK_STR(run(h, &q, &s), cases[i].want);
        CHECK_INT(fy_history_count(h, &q, &n, &e), FY_OK);
        CHECK_INT(n, s.n);
    }
    fy_test_case = NULL;

    /* Paging: the pages together are the whole list, in order. */
    {
        seen all, page;
        char joined[sizeof all.text + 16] = "";
        memset(&q, 0, sizeof q);
        run(h, &q, &all);
        for (int off = 0; off < all.n; off += 3) {
            q.limit = 3;
            q.offset = off;
            run(h, &q, &page);
            CHECK(page.n == 3 || off + page.n == all.n);
            if (strlen(joined) + strlen(page.text) + 2 < sizeof joined) {
                strcat(joined, off ? "\n" : "");
                strcat(joined, page.text);
            }
        }
        CHECK_STR(joined, all.text);
    }

    /* Forget: the transfers with a match go, with their files and their
     * search entries; the rest stay. */
    memset(&q, 0, sizeof q);
    q.peer = "desk";
    CHECK_INT(fy_history_forget(h, &q, &n, &e), FY_OK);
    CHECK_INT(n, 2);
    memset(&q, 0, sizeof q);
    q.text = "song";
    CHECK_STR(run(h, &q, &s), "");
    q.text = "disk full";
    CHECK_STR(run(h, &q, &s), "");
    memset(&q, 0, sizeof q);
    q.transfers = 1;
    CHECK_INT(fy_history_count(h, &q, &n, &e), FY_OK);
    CHECK_INT(n, 3);
    q.transfers = 0;
    q.text = "beach";
    CHECK_STR(run(h, &q, &s), "photos/beach.jpg|Ana laptop|done");
    CHECK(fy_history_check(h, &e));

    /* A snippet: kind text, found by its words. */
    {
        fy_history_transfer t;
        memset(&t, 0, sizeof t);
        t.ended = t.started = 6000;
        t.kind = FY_HISTORY_KIND_TEXT;
        t.peer_name = "phone";
        t.text = "https://example.org/wiki?id=42";
        t.bytes = strlen(t.text);
        CHECK_INT(fy_history_begin(h, &t, NULL, &e), FY_OK);
        CHECK_INT(fy_history_commit(h, &e), FY_OK);
        memset(&q, 0, sizeof q);
        q.text = "example.org";
        CHECK_INT(fy_history_count(h, &q, &n, &e), FY_OK);
        CHECK_INT(n, 1);
        q.text = NULL;
        q.type = "text";
        CHECK_INT(fy_history_count(h, &q, &n, &e), FY_OK);
        CHECK_INT(n, 1);
    }

    /* A rolled-back transfer leaves nothing. */
    {
        fy_history_transfer t;
        memset(&t, 0, sizeof t);
        t.ended = 7000;
        t.names = "ghost.bin";
        CHECK_INT(fy_history_begin(h, &t, NULL, &e), FY_OK);
        fy_history_rollback(h);
        memset(&q, 0, sizeof q);
        q.text = "ghost";
        CHECK_INT(fy_history_count(h, &q, &n, &e), FY_OK);
        CHECK_INT(n, 0);
    }

    CHECK_INT(fy_history_clear(h, &e), FY_OK);
    memset(&q, 0, sizeof q);
    CHECK_INT(fy_history_count(h, &q, &n, &e), FY_OK);
    CHECK_INT(n, 0);
    CHECK(fy_history_check(h, &e));
    fy_history_close(h);
    remove_db(DB);
}

/* A version-1 database (no search index yet) with records in it: opening
 * it migrates to the current version and its old records are found. */
static void test_migration(void)
{
    fy_history *h = NULL;
    fy_err e = {0};
    fy_history_query q;
    seen s;
    static const char *const a[] = {"old-invoice.odt"};

    remove_db(DB);
    CHECK_INT(fy_history_open_file(DB, 1, &h, &e), FY_OK);
    if (!h)
        return;
    CHECK_INT(fy_history_version(h), 1);
    record(h, 100, 0, "old desk", FY_HISTORY_DONE, "", a, 1);
    fy_history_close(h);

    CHECK_INT(fy_history_open_file(DB, 0, &h, &e), FY_OK);
    if (!h)
        return;
    CHECK_INT(fy_history_version(h), FY_HISTORY_VERSION);
    memset(&q, 0, sizeof q);
    q.text = "invoice";
    CHECK_STR(run(h, &q, &s), "old-invoice.odt|old desk|done");
    q.text = "old desk";
    CHECK_STR(run(h, &q, &s), "old-invoice.odt|old desk|done");
    CHECK(fy_history_check(h, &e));
    fy_history_close(h);

    /* Reopening a current database changes nothing. */
    CHECK_INT(fy_history_open_file(DB, 0, &h, &e), FY_OK);
    if (h) {
        CHECK_INT(fy_history_version(h), FY_HISTORY_VERSION);
        fy_history_close(h);
    }
    remove_db(DB);
}

/* A week of use: 100,000 files (1,000 transfers of 100), then three
 * letters of one name. */
static void test_big(void)
{
    fy_history *h = NULL;
    fy_err e = {0};
    fy_history_query q;
    seen s;
    int64_t n = 0;
    uint64_t t0, t1, t2, t3;
    char names[100][64];
    const char *ptrs[100];

    remove_db(DB);
    CHECK_INT(fy_history_open_file(DB, 0, &h, &e), FY_OK);
    if (!h)
        return;
    t0 = fy_plat_now_ms();
    for (int t = 0; t < 1000; t++) {
        for (int i = 0; i < 100; i++) {
            /* One file in all of them is called "zqx-...": the needle. */
            if (t == 500 && i == 42)
                snprintf(names[i], sizeof names[i], "holiday/IMG_zqx_%05d.jpg", t * 100 + i);
            else
                snprintf(names[i], sizeof names[i], "%s/file_%05d.%s", t % 2 ? "photos" : "docs", t * 100 + i,
                         i % 3 ? "jpg" : "pdf");
            ptrs[i] = names[i];
        }
        record(h, 1000000 + t, t % 3 == 0, t % 5 ? "desk" : "phone", FY_HISTORY_DONE, "", ptrs, 100);
    }
    t1 = fy_plat_now_ms();
    memset(&q, 0, sizeof q);
    q.text = "zqx";
    q.limit = 50;
    run(h, &q, &s);
    t2 = fy_plat_now_ms();
    CHECK_STR(s.text, "holiday/IMG_zqx_50042.jpg|phone|done");
    CHECK_INT(fy_history_count(h, &q, &n, &e), FY_OK);
    CHECK_INT(n, 1);
    /* The window's first page of everything, and a page deep down. */
    memset(&q, 0, sizeof q);
    q.limit = 50;
    run(h, &q, &s);
    CHECK_INT(s.n, 50);
    q.offset = 99950;
    run(h, &q, &s);
    t3 = fy_plat_now_ms();
    CHECK_INT(s.n, 50);
    CHECK(strncmp(s.text, "docs/file_00050.", 16) == 0);
    memset(&q, 0, sizeof q);
    q.text = "_000"; /* file_00000 ... file_00099 */
    CHECK_INT(fy_history_count(h, &q, &n, &e), FY_OK);
    CHECK_INT(n, 100);
    printf("100,000 files recorded in %llu ms; \"zqx\" found in %llu ms; first and last pages in %llu ms\n",
           (unsigned long long)(t1 - t0), (unsigned long long)(t2 - t1), (unsigned long long)(t3 - t2));
    fy_history_close(h);
    remove_db(DB);
}

/* ---- helpers for tests/e2e/t_history.sh -------------------------------------- */

static int insert_loop(const char *db, long count, const char *tag)
{
    fy_history *h = NULL;
    fy_err e = {0};
    char name[64];
    if (fy_history_open_file(db, 0, &h, &e) != FY_OK) {
        fprintf(stderr, "open: %s\n", e.msg);
        return 1;
    }
    printf("writing\n");
    fflush(stdout);
    for (long i = 0; count < 0 || i < count; i++) {
        fy_history_transfer t;
        fy_history_file f;
        memset(&t, 0, sizeof t);
        memset(&f, 0, sizeof f);
        snprintf(name, sizeof name, "%s-%06ld.bin", tag, i);
        t.ended = t.started = fy_plat_wall_time();
        t.peer_name = tag;
        t.names = name;
        t.files = 1;
        f.path = name;
        f.rel = name;
        if (fy_history_begin(h, &t, NULL, &e) != FY_OK || fy_history_add_file(h, &f, &e) != FY_OK ||
            fy_history_commit(h, &e) != FY_OK) {
            fprintf(stderr, "record %ld: %s\n", i, e.msg);
            fy_history_close(h);
            return 1;
        }
    }
    fy_history_close(h);
    return 0;
}

static int check_db(const char *db)
{
    fy_history *h = NULL;
    fy_err e = {0};
    fy_history_query q;
    int64_t n = -1;
    int ok;
    if (fy_history_open_file(db, 0, &h, &e) != FY_OK) {
        printf("open: %s\n", e.msg);
        return 1;
    }
    ok = fy_history_check(h, &e);
    memset(&q, 0, sizeof q);
    q.transfers = 1;
    if (fy_history_count(h, &q, &n, &e) != FY_OK)
        ok = 0;
    printf("%s %lld\n", ok ? "ok" : e.msg, (long long)n);
    fy_history_close(h);
    return ok ? 0 : 1;
}

/* A week of use for the window's test: kinds, peers and both directions
 * mixed; the very first file is "oldest-file.txt". */
static int fill_db(const char *db, long n)
{
    static const char *const peers[] = {"desk", "phone", "Ana laptop"};
    static const char *const exts[] = {"jpg", "pdf", "mp3", "zip", "mkv", "txt"};
    fy_history *h = NULL;
    fy_err e = {0};
    int64_t now = fy_plat_wall_time();
    long per = 1000, nt = (n + per - 1) / per, k = 0;
    char name[96], path[160];
    if (fy_history_open_file(db, 0, &h, &e) != FY_OK) {
        fprintf(stderr, "open: %s\n", e.msg);
        return 1;
    }
    for (long t = 0; t < nt; t++) {
        fy_history_transfer tr;
        memset(&tr, 0, sizeof tr);
        tr.ended = now - (nt - t) * 600;
        tr.started = tr.ended - 5;
        tr.outgoing = t % 4 == 3;
        tr.peer_name = peers[t % 3];
        tr.peer_key = "abcd-ef01-2345-6789";
        tr.names = "batch";
        tr.files = (uint32_t)per;
        tr.bytes = (uint64_t)per * 4096;
        tr.result = t % 17 == 5 ? FY_HISTORY_FAILED : FY_HISTORY_DONE;
        tr.error = tr.result ? "connection lost mid-transfer" : "";
        if (fy_history_begin(h, &tr, NULL, &e) != FY_OK)
            break;
        for (long i = 0; i < per && k < n; i++, k++) {
            fy_history_file f;
            memset(&f, 0, sizeof f);
            if (k == 0)
                snprintf(name, sizeof name, "batch/oldest-file.txt");
            else
                snprintf(name, sizeof name, "batch/file_%06ld.%s", k, exts[k % 6]);
            snprintf(path, sizeof path, "/home/ana/Downloads/Ferry/%s", name);
            f.path = path;
            f.rel = name;
            f.size = 4096 + (uint64_t)(k % 1000) * 1000;
            if (fy_history_add_file(h, &f, &e) != FY_OK)
                break;
        }
        if (fy_history_commit(h, &e) != FY_OK)
            break;
    }
    if (e.msg[0])
        fprintf(stderr, "fill: %s\n", e.msg);
    fy_history_close(h);
    return e.msg[0] ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--fill"))
        return fill_db(argv[2], atol(argv[3]));
    if (argc == 3 && !strcmp(argv[1], "--insert-loop"))
        return insert_loop(argv[2], -1, "loop");
    if (argc == 5 && !strcmp(argv[1], "--writer"))
        return insert_loop(argv[2], atol(argv[3]), argv[4]);
    if (argc == 3 && !strcmp(argv[1], "--check"))
        return check_db(argv[2]);
    test_schema_and_filters();
    test_migration();
    test_big();
    return fy_test_done("history");
}
