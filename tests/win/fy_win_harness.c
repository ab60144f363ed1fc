/* fy_win_harness.c: exercises the Windows platform seam on a real (or wine)
 * Windows: UTF-8 names, paths past 260 characters, files past 4 GiB,
 * folders, interfaces, socket errors. Build with mingw and run under wine:
 * tests/win/run_wine.sh. Prints "ok - ..." / "FAIL - ..." and exits 1 on
 * any failure. Argument 1 (optional) must be the UTF-8 text "Ünï✓": it
 * checks that fy_plat_init_args turns the wide command line into UTF-8.
 * The receive folder's tree (fy_tree_*) is checked against junctions and
 * links to folders placed below it. Links and junctions (wine 8 makes
 * neither: a test made under wine uses a unix symbolic link instead) and
 * Ctrl-C (needs a console) are reported as NOT TESTED, with why, where
 * they cannot be made. Files go in a folder under the current one. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <winioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "core/fy_doctor.h"
#include "platform/fy_platform.h"

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

#define GIB (1024ull * 1024 * 1024)

static char base[1024];

static const char *at(const char *rel)
{
    static char buf[8][4096];
    static int k;
    char *b = buf[k++ % 8];
    snprintf(b, sizeof buf[0], "%s/%s", base, rel);
    return b;
}

static int write_all(const char *path, fy_open_mode mode, const char *text)
{
    fy_file *f = NULL;
    fy_err err = {0};
    int ok = fy_plat_open(path, mode, &f, &err) == FY_OK && fy_plat_write(f, text, strlen(text), &err) == FY_OK;
    if (f)
        ok &= fy_plat_close(f, &err) == FY_OK;
    if (!ok)
        printf("  # %s\n", err.msg);
    return ok;
}

static int read_all(const char *path, char *out, size_t cap)
{
    fy_file *f = NULL;
    fy_err err = {0};
    size_t got, n = 0;
    if (fy_plat_open(path, FY_OPEN_READ, &f, &err) != FY_OK) {
        printf("  # %s\n", err.msg);
        return 0;
    }
    while (n + 1 < cap && fy_plat_read(f, out + n, cap - 1 - n, &got, &err) == FY_OK && got > 0)
        n += got;
    out[n] = '\0';
    fy_ignore(fy_plat_close(f, &err));
    return 1;
}

static int dir_has(const char *dir, const char *name, int *count)
{
    fy_dir *d;
    fy_err err = {0};
    const char *n;
    int found = 0;
    *count = 0;
    if (fy_plat_opendir(dir, &d, &err) != FY_OK) {
        printf("  # %s\n", err.msg);
        return 0;
    }
    while (fy_plat_readdir(d, &n, &err) == FY_OK && n) {
        (*count)++;
        if (!strcmp(n, name))
            found = 1;
    }
    fy_plat_closedir(d);
    return found;
}

static void test_identity(int argc, char **argv)
{
    char host[64];
    CHECK(!strcmp(fy_plat_os_name(), "Windows"), "os_name is Windows");
    CHECK(fy_plat_names_fold_case() == 1 && fy_plat_windows_names() == 1, "names fold case, Windows rules");
    fy_plat_host_name(host, sizeof host);
    CHECK(host[0] != '\0', "host_name: \"%s\"", host);
    fy_plat_host_name(host, 4);
    CHECK(strlen(host) <= 3, "host_name truncates to fit (\"%s\")", host);
    if (argc > 1)
        CHECK(!strcmp(argv[1], "\xc3\x9cn\xc3\xaf\xe2\x9c\x93"), "init_args: argv[1] is UTF-8 \"%s\" (argc %d)",
              argv[1], argc);
    printf("  # started_from_gui=%d isatty_stderr=%d isatty_stdin=%d term_width=%d\n", fy_plat_started_from_gui(),
           fy_plat_isatty_stderr(), fy_plat_isatty_stdin(), fy_plat_term_width());
}

static void test_time(void)
{
    uint64_t t0 = fy_plat_now_ms(), t1;
    int64_t w = fy_plat_wall_time(), now = (int64_t)time(NULL);
    fy_plat_sleep_ms(120);
    t1 = fy_plat_now_ms();
    CHECK(t1 - t0 >= 100 && t1 - t0 < 2000, "sleep_ms(120) took %llu ms on now_ms", (unsigned long long)(t1 - t0));
    CHECK(w - now >= -2 && w - now <= 2, "wall_time %lld is time() %lld", (long long)w, (long long)now);
}

static void test_interrupt(void)
{
    fy_plat_catch_interrupt();
    CHECK(!fy_plat_interrupted(), "not interrupted yet");
    /* Ctrl-C to every process on this console: the handler only sets the
     * flag, so the harness goes on. */
    if (!GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0)) {
        printf("  # SKIP Ctrl-C check: no console to send it on (error %lu)\n", (unsigned long)GetLastError());
        return;
    }
    for (int i = 0; i < 50 && !fy_plat_interrupted(); i++)
        Sleep(20);
    CHECK(fy_plat_interrupted(), "Ctrl-C sets the interrupted flag and does not end the process");
}

static void test_utf8_names(void)
{
    const char *name = "Gr\xc3\xbc\xc3\x9f" "e-\xe6\x97\xa5\xe6\x9c\xac-\xf0\x9f\x98\x80.txt"; /* Grüße-日本-😀 */
    const char *name2 = "\xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac.txt"; /* Ελληνικά */
    char buf[256];
    fy_stat st;
    fy_err err = {0};
    int exists = -1, count;

    CHECK(write_all(at(name), FY_OPEN_WRITE_NEW, "hello, world"), "create and write %s", name);
    CHECK(fy_plat_stat(at(name), &st, &err) == FY_OK && st.kind == FY_KIND_FILE && st.size == 12 &&
              st.executable == 0,
          "stat: file of 12 bytes (kind %d size %llu)", st.kind, (unsigned long long)st.size);
    CHECK(read_all(at(name), buf, sizeof buf) && !strcmp(buf, "hello, world"), "read back \"%s\"", buf);
    CHECK(dir_has(base, name, &count), "readdir lists %s", name);

    /* Rename to a free name, then onto an existing one: refused, both kept. */
    CHECK(fy_plat_rename_noreplace(at(name), at(name2), &exists, &err) == FY_OK && exists == 0,
          "rename_noreplace to a free name (%s)", err.msg);
    CHECK(write_all(at(name), FY_OPEN_WRITE_NEW, "second"), "create %s again", name);
    exists = -1;
    CHECK(fy_plat_rename_noreplace(at(name), at(name2), &exists, &err) == FY_OK && exists == 1,
          "rename_noreplace onto an existing file: *exists = 1 (%s)", err.msg);
    CHECK(read_all(at(name2), buf, sizeof buf) && !strcmp(buf, "hello, world"), "target kept: \"%s\"", buf);
    CHECK(read_all(at(name), buf, sizeof buf) && !strcmp(buf, "second"), "source kept: \"%s\"", buf);
    /* Names fold case on Windows: "ελληνικά.TXT" is the same file. */
    exists = -1;
    CHECK(fy_plat_rename_noreplace(at(name), at("\xce\xb5\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac.TXT"),
                                   &exists, &err) == FY_OK &&
              exists == 1,
          "rename_noreplace onto the same name in other case: *exists = 1");

    /* WRITE_KEEP keeps, WRITE_NEW cuts. */
    CHECK(write_all(at(name), FY_OPEN_WRITE_KEEP, "SEC"), "WRITE_KEEP writes over the start");
    CHECK(read_all(at(name), buf, sizeof buf) && !strcmp(buf, "SECond"), "WRITE_KEEP kept the rest: \"%s\"", buf);
    CHECK(write_all(at(name), FY_OPEN_WRITE_NEW, "x"), "WRITE_NEW on an existing file");
    CHECK(read_all(at(name), buf, sizeof buf) && !strcmp(buf, "x"), "WRITE_NEW cut it: \"%s\"", buf);

    CHECK(fy_plat_set_mtime(at(name), 1000000000, &err) == FY_OK && fy_plat_stat(at(name), &st, &err) == FY_OK &&
              st.mtime == 1000000000,
          "set_mtime 1000000000, stat gives %lld", (long long)st.mtime);
    CHECK(fy_plat_set_mtime(at(name), -86400, &err) == FY_OK && fy_plat_stat(at(name), &st, &err) == FY_OK &&
              st.mtime == -86400,
          "set_mtime before 1970, stat gives %lld", (long long)st.mtime);
    CHECK(fy_plat_set_executable(at(name), &err) == FY_OK, "set_executable is a no-op success");

    CHECK(fy_plat_remove(at(name), &err) == FY_OK && fy_plat_stat(at(name), &st, &err) == FY_OK &&
              st.kind == FY_KIND_NONE,
          "remove, then stat says NONE");
    CHECK(fy_plat_remove(at(name), &err) == FY_OK, "remove of a missing file is success");
    /* A read-only file goes too, as unlink(2) ignores the mode. */
    {
        wchar_t w[1024];
        MultiByteToWideChar(CP_UTF8, 0, at(name2), -1, w, 1024);
        SetFileAttributesW(w, FILE_ATTRIBUTE_READONLY);
        CHECK(fy_plat_remove(at(name2), &err) == FY_OK, "remove of a read-only file (%s)", err.msg);
    }
}

static void test_errors(void)
{
    fy_file *f = NULL;
    fy_stat st;
    fy_err err = {0};
    fy_result rc;

    CHECK(fy_plat_stat(at("no/such/thing"), &st, &err) == FY_OK && st.kind == FY_KIND_NONE,
          "stat of a missing path: FY_OK, NONE");
    rc = fy_plat_open(at("missing.txt"), FY_OPEN_READ, &f, &err);
    CHECK(rc == FY_ERR_NOT_FOUND && strstr(err.msg, "cannot open \"") && strstr(err.msg, "missing.txt\": ") &&
              err.msg[strlen(err.msg) - 1] != '.',
          "open of a missing file: NOT_FOUND, message %s", err.msg);
    fy_err_clear(&err);
    CHECK(write_all(at("plain"), FY_OPEN_WRITE_NEW, "x"), "create plain");
    CHECK(fy_plat_stat(at("plain/x"), &st, &err) == FY_OK && st.kind == FY_KIND_NONE,
          "stat under a file: FY_OK, NONE (%s)", err.msg);
    rc = fy_plat_open_folder(at("plain"), &err);
    CHECK(rc == FY_ERR_IO, "open_folder of a file is refused: %s", err.msg);
    fy_err_clear(&err);
    rc = fy_plat_open_folder(at("nowhere"), &err);
    CHECK(rc == FY_ERR_NOT_FOUND, "open_folder of a missing folder: %s", err.msg);
    fy_err_clear(&err);
    rc = fy_plat_mkdir(at("plain"), &err);
    CHECK(rc == FY_ERR_IO && strstr(err.msg, "a file with that name exists"), "mkdir on a file: %s", err.msg);
    fy_err_clear(&err);
    CHECK(fy_plat_mkdir(at("dir1"), &err) == FY_OK && fy_plat_mkdir(at("dir1"), &err) == FY_OK,
          "mkdir twice: existing folder is success");
    CHECK(fy_plat_stat(at("dir1"), &st, &err) == FY_OK && st.kind == FY_KIND_DIR && st.size == 0,
          "stat of a folder: DIR");
    CHECK(fy_plat_stat(at("dir1/"), &st, &err) == FY_OK && st.kind == FY_KIND_DIR, "stat of \"dir1/\": DIR");
    {
        fy_dir *d = NULL;
        const char *n = "x";
        int count;
        CHECK(fy_plat_opendir(at("dir1"), &d, &err) == FY_OK && fy_plat_readdir(d, &n, &err) == FY_OK && !n,
              "empty folder lists nothing (no . or ..)");
        fy_plat_closedir(d);
        rc = fy_plat_opendir(at("plain"), &d, &err);
        CHECK(rc != FY_OK, "opendir of a file fails: %s", err.msg);
        fy_err_clear(&err);
        CHECK(dir_has(base, "dir1", &count) && count >= 2, "readdir of base: %d entries", count);
    }
    rc = fy_plat_open(at("sub/CON"), FY_OPEN_WRITE_NEW, &f, &err);
    CHECK(rc != FY_OK, "a file named CON is refused: %s", err.msg);
    if (rc == FY_OK)
        fy_ignore(fy_plat_close(f, NULL));
    fy_err_clear(&err);
    rc = fy_plat_stat("\xff\xfe bad", &st, &err);
    CHECK(rc == FY_ERR_IO && strstr(err.msg, "not valid UTF-8"), "invalid UTF-8 path: %s", err.msg);
}

static void test_long_path(void)
{
    char rel[2048] = "", deep[4096], file[4096], buf[64];
    fy_stat st;
    fy_err err = {0};
    int count;
    /* 8 folders of 48 characters: the path is well past 300 and 260. */
    for (int i = 0; i < 8; i++)
        snprintf(rel + strlen(rel), sizeof rel - strlen(rel), "%sfolder-%d-abcdefghijklmnopqrstuvwxyz-0123456789-%02d",
                 i ? "/" : "", i, i);
    snprintf(deep, sizeof deep, "%s", at(rel));
    snprintf(file, sizeof file, "%s/deep \xe2\x9c\x93 file.txt", deep);
    CHECK(strlen(file) > 300, "the deep file's path has %zu characters", strlen(file));
    CHECK(fy_plat_mkdirs(deep, &err) == FY_OK, "mkdirs of the deep folder (%s)", err.msg);
    CHECK(write_all(file, FY_OPEN_WRITE_NEW, "deep down"), "create and write the deep file");
    CHECK(read_all(file, buf, sizeof buf) && !strcmp(buf, "deep down"), "read the deep file: \"%s\"", buf);
    CHECK(fy_plat_stat(file, &st, &err) == FY_OK && st.kind == FY_KIND_FILE && st.size == 9, "stat the deep file");
    CHECK(dir_has(deep, "deep \xe2\x9c\x93 file.txt", &count) && count == 1, "readdir of the deep folder");
    {
        char back[4096];
        /* Backslashes and "..": normalised before \\?\ turns parsing off. */
        snprintf(back, sizeof back, "%s\\..\\%s\\deep \xe2\x9c\x93 file.txt", deep, strrchr(deep, '/') + 1);
        CHECK(fy_plat_stat(back, &st, &err) == FY_OK && st.kind == FY_KIND_FILE, "stat via \"..\" and '\\'");
    }
    {
        uint64_t free_b = 0;
        CHECK(fy_plat_free_space(deep, &free_b, &err) == FY_OK && free_b > 0, "free_space of the deep folder: %llu MiB",
              (unsigned long long)(free_b >> 20));
        CHECK(fy_plat_free_space(file, &free_b, &err) == FY_OK && free_b > 0, "free_space of a file's volume");
    }
    {
        char moved[4096];
        int exists = -1;
        snprintf(moved, sizeof moved, "%s/renamed.txt", deep);
        CHECK(fy_plat_rename_noreplace(file, moved, &exists, &err) == FY_OK && exists == 0,
              "rename in the deep folder (%s)", err.msg);
    }
}

static void test_big_file(void)
{
    const char *big = at("big.bin"), *farp = at("far.bin");
    fy_file *f = NULL;
    fy_stat st;
    fy_err err = {0};
    char buf[16] = "";
    size_t got = 0;
    uint64_t off = 4 * GIB + GIB / 2;

    CHECK(fy_plat_open(big, FY_OPEN_WRITE_KEEP, &f, &err) == FY_OK, "open big.bin");
    if (f) {
        CHECK(fy_plat_write(f, "abc", 3, &err) == FY_OK, "write 3 bytes");
        CHECK(fy_plat_truncate(f, 5 * GIB, &err) == FY_OK, "truncate to 5 GiB (%s)", err.msg);
        CHECK(fy_plat_write(f, "d", 1, &err) == FY_OK, "truncate left the file pointer at 3: write 'd'");
        CHECK(fy_plat_close(f, &err) == FY_OK, "close");
    }
    CHECK(fy_plat_stat(big, &st, &err) == FY_OK && st.size == 5 * GIB, "stat: %llu bytes",
          (unsigned long long)st.size);
    CHECK(read_all(big, buf, 5) && !memcmp(buf, "abcd", 4) && buf[4] == '\0', "start reads \"abcd\" then zeros");
    f = NULL;
    CHECK(fy_plat_open(big, FY_OPEN_WRITE_KEEP, &f, &err) == FY_OK && fy_plat_truncate(f, 2, &err) == FY_OK,
          "truncate back to 2");
    fy_ignore(fy_plat_close(f, &err));
    CHECK(fy_plat_stat(big, &st, &err) == FY_OK && st.size == 2, "stat: %llu bytes", (unsigned long long)st.size);
    CHECK(fy_plat_remove(big, &err) == FY_OK, "remove big.bin");

    f = NULL;
    CHECK(fy_plat_open(farp, FY_OPEN_WRITE_NEW, &f, &err) == FY_OK && fy_plat_seek(f, off, &err) == FY_OK &&
              fy_plat_write(f, "farp", 3, &err) == FY_OK,
          "seek to 4.5 GiB and write (%s)", err.msg);
    fy_ignore(fy_plat_close(f, &err));
    CHECK(fy_plat_stat(farp, &st, &err) == FY_OK && st.size == off + 3, "stat: %llu bytes",
          (unsigned long long)st.size);
    f = NULL;
    CHECK(fy_plat_open(farp, FY_OPEN_READ, &f, &err) == FY_OK && fy_plat_seek(f, off, &err) == FY_OK &&
              fy_plat_read(f, buf, sizeof buf, &got, &err) == FY_OK && got == 3 && !memcmp(buf, "farp", 3),
          "seek past 4 GiB and read back (%zu bytes)", got);
    if (f) {
        CHECK(fy_plat_read(f, buf, sizeof buf, &got, &err) == FY_OK && got == 0, "read at the end gives 0");
        fy_ignore(fy_plat_close(f, &err));
    }
    CHECK(fy_plat_remove(farp, &err) == FY_OK, "remove far.bin");
}

/* How many allow-ACEs on path name someone other than this user and SYSTEM
 * (wine shows the unix mode as a DACL, with SYSTEM added, and does not
 * keep the protected flag: so SYSTEM is tolerated here). -1: unreadable. */
static int dacl_others(const char *path)
{
    static char sd[8192], tu[256];
    wchar_t w[1024];
    DWORD need = 0;
    BOOL present = FALSE, defaulted = FALSE;
    PACL acl = NULL;
    HANDLE tok;
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    PSID system = NULL;
    int others = 0, mine = 0;
    MultiByteToWideChar(CP_UTF8, 0, path, -1, w, 1024);
    if (!GetFileSecurityW(w, DACL_SECURITY_INFORMATION, sd, sizeof sd, &need) ||
        !GetSecurityDescriptorDacl(sd, &present, &acl, &defaulted) || !present || !acl ||
        !OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        return -1;
    GetTokenInformation(tok, TokenUser, tu, sizeof tu, &need);
    CloseHandle(tok);
    AllocateAndInitializeSid(&nt, 1, SECURITY_LOCAL_SYSTEM_RID, 0, 0, 0, 0, 0, 0, 0, &system);
    for (DWORD i = 0; i < acl->AceCount; i++) {
        ACCESS_ALLOWED_ACE *ace;
        PSID sid;
        if (!GetAce(acl, i, (void **)&ace) || ace->Header.AceType != ACCESS_ALLOWED_ACE_TYPE)
            continue;
        sid = (PSID)&ace->SidStart;
        if (EqualSid(sid, ((TOKEN_USER *)tu)->User.Sid))
            mine |= (ace->Mask & FILE_ALL_ACCESS) == FILE_ALL_ACCESS;
        else if (!EqualSid(sid, system))
            others++;
    }
    FreeSid(system);
    return mine ? others : -1;
}

static void test_atomic(void)
{
    const char *p = at("atomic.txt");
    char buf[64];
    fy_err err = {0};
    int count;
    CHECK(fy_plat_write_file_atomic(p, "one", 3, 1, &err) == FY_OK, "write_file_atomic private (%s)", err.msg);
    CHECK(read_all(p, buf, sizeof buf) && !strcmp(buf, "one"), "read back \"%s\"", buf);
    CHECK(fy_plat_write_file_atomic(p, "two!", 4, 0, &err) == FY_OK, "write_file_atomic replaces (%s)", err.msg);
    CHECK(read_all(p, buf, sizeof buf) && !strcmp(buf, "two!"), "read back \"%s\"", buf);
    CHECK(dacl_others(p) > 0, "a file not private grants others access (%d ACEs for others)", dacl_others(p));
    CHECK(fy_plat_write_file_atomic(p, "three", 5, 1, &err) == FY_OK, "write_file_atomic private again");
    CHECK(dacl_others(p) == 0, "the private file grants nobody else access");
    CHECK(dir_has(base, "atomic.txt", &count), "atomic.txt listed");
    {
        fy_dir *d;
        const char *n;
        int tmp = 0;
        if (fy_plat_opendir(base, &d, &err) == FY_OK) {
            while (fy_plat_readdir(d, &n, &err) == FY_OK && n)
                tmp |= strstr(n, ".tmp-") != NULL;
            fy_plat_closedir(d);
        }
        CHECK(!tmp, "no temp file left behind");
    }
}

static void test_links(void)
{
    wchar_t target[1024], link[1024];
    fy_stat st;
    fy_err err = {0};
    fy_file *f = NULL;
    char buf[64];
    fy_result rc;
    CHECK(write_all(at("target.txt"), FY_OPEN_WRITE_NEW, "target"), "create target.txt");
    MultiByteToWideChar(CP_UTF8, 0, at("target.txt"), -1, target, 1024);
    MultiByteToWideChar(CP_UTF8, 0, at("link.txt"), -1, link, 1024);
    for (wchar_t *q = target; *q; q++)
        if (*q == L'/')
            *q = L'\\';
    for (wchar_t *q = link; *q; q++)
        if (*q == L'/')
            *q = L'\\';
    /* 2: SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE (developer mode). */
    /* Wine 8's CreateSymbolicLinkW says yes and creates nothing. */
    if ((!CreateSymbolicLinkW(link, target, 2) && !CreateSymbolicLinkW(link, target, 0)) ||
        !(GetFileAttributesW(link) & FILE_ATTRIBUTE_REPARSE_POINT) || GetFileAttributesW(link) == INVALID_FILE_ATTRIBUTES) {
        printf("  # SKIP symbolic link checks: cannot create one here (error %lu)\n", (unsigned long)GetLastError());
        return;
    }
    CHECK(fy_plat_lstat(at("link.txt"), &st, &err) == FY_OK && st.kind == FY_KIND_LINK, "lstat of a link: LINK (%d)",
          st.kind);
    CHECK(fy_plat_stat(at("link.txt"), &st, &err) == FY_OK && st.kind == FY_KIND_FILE && st.size == 6,
          "stat of a link follows it: FILE of 6 bytes (%d, %llu)", st.kind, (unsigned long long)st.size);
    rc = fy_plat_open(at("link.txt"), FY_OPEN_WRITE_NEW, &f, &err);
    CHECK(rc != FY_OK, "WRITE_NEW refuses a final link: %s", err.msg);
    if (f)
        fy_ignore(fy_plat_close(f, NULL));
    CHECK(read_all(at("target.txt"), buf, sizeof buf) && !strcmp(buf, "target"), "the target is untouched: \"%s\"",
          buf);
}

/* ---- the receive folder's tree ------------------------------------------ */

static void widen(const char *s, wchar_t *w, int cap)
{
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, cap);
    for (; *w; w++)
        if (*w == L'/')
            *w = L'\\';
}

static int tree_write(fy_tree *t, const char *rel, fy_tree_mode mode, const char *text)
{
    fy_file *f = NULL;
    fy_err err = {0};
    int existed = -1;
    int ok = fy_tree_open_file(t, rel, mode, &existed, &f, &err) == FY_OK && f && existed == 0 &&
             fy_plat_write(f, text, strlen(text), &err) == FY_OK;
    if (f)
        ok &= fy_plat_close(f, &err) == FY_OK;
    if (!ok)
        printf("  # %s: %s\n", rel, err.msg);
    return ok;
}

static int tree_read(fy_tree *t, const char *rel, char *out, size_t cap)
{
    fy_file *f = NULL;
    fy_err err = {0};
    size_t got, n = 0;
    if (fy_tree_open_file(t, rel, FY_TREE_READ, NULL, &f, &err) != FY_OK) {
        printf("  # %s: %s\n", rel, err.msg);
        return 0;
    }
    while (n + 1 < cap && fy_plat_read(f, out + n, cap - 1 - n, &got, &err) == FY_OK && got > 0)
        n += got;
    out[n] = '\0';
    fy_ignore(fy_plat_close(f, &err));
    return 1;
}

static int file_ident(fy_tree *t, const char *rel, fy_stat *st)
{
    fy_file *f = NULL;
    fy_err err = {0};
    int ok =
        fy_tree_open_file(t, rel, FY_TREE_READ, NULL, &f, &err) == FY_OK && fy_plat_file_stat(f, st, &err) == FY_OK;
    fy_ignore(fy_plat_close(f, NULL));
    return ok;
}

static void test_tree_basics(fy_tree *t)
{
    fy_stat st, a, b, c;
    fy_err err = {0};
    fy_file *f = NULL, *g = NULL;
    char buf[64];
    int existed = -1, exists = -1;
    fy_result rc;

    CHECK(fy_tree_lstat(t, "nothing", &st, &err) == FY_OK && st.kind == FY_KIND_NONE,
          "tree lstat of a missing name: NONE");
    CHECK(fy_tree_lstat(t, "no/such/folder", &st, &err) == FY_OK && st.kind == FY_KIND_NONE,
          "tree lstat below a missing folder: NONE (%s)", err.msg);
    CHECK(fy_tree_mkdir(t, "sub", 1, &existed, &err) == FY_OK && existed == 0, "tree mkdir sub (%s)", err.msg);
    CHECK(fy_tree_mkdir(t, "sub", 1, &existed, &err) == FY_OK && existed == 1,
          "tree mkdir sub exclusive again: existed");
    CHECK(fy_tree_mkdir(t, "sub", 0, NULL, &err) == FY_OK, "tree mkdir sub not exclusive: success");
    CHECK(fy_tree_mkdir(t, "sub/deeper \xe2\x9c\x93", 0, &existed, &err) == FY_OK && existed == 0,
          "tree mkdir a subfolder");
    rc = fy_tree_mkdir(t, "none/x", 0, NULL, &err);
    CHECK(rc != FY_OK, "tree mkdir under a missing folder fails: %s", err.msg);
    fy_err_clear(&err);

    CHECK(tree_write(t, "sub/f.part", FY_TREE_CREATE, "hello"), "tree CREATE sub/f.part and write");
    f = (fy_file *)1;
    existed = -1;
    CHECK(fy_tree_open_file(t, "sub/f.part", FY_TREE_CREATE, &existed, &f, &err) == FY_OK && existed == 1 && !f,
          "tree CREATE of a taken name: FY_OK, existed, no file");
    CHECK(fy_tree_open_file(t, "sub", FY_TREE_CREATE, &existed, &f, &err) == FY_OK && existed == 1 && !f,
          "tree CREATE over a folder's name: existed");
    f = NULL;
    CHECK(fy_tree_open_file(t, "sub/f.part", FY_TREE_WRITE, NULL, &f, &err) == FY_OK &&
              fy_plat_seek(f, 5, &err) == FY_OK && fy_plat_write(f, " world", 6, &err) == FY_OK,
          "tree WRITE opens without cutting and writes at 5 (%s)", err.msg);
    fy_ignore(fy_plat_close(f, &err));
    CHECK(tree_read(t, "sub/f.part", buf, sizeof buf) && !strcmp(buf, "hello world"), "tree READ: \"%s\"", buf);
    CHECK(fy_tree_lstat(t, "sub/f.part", &st, &err) == FY_OK && st.kind == FY_KIND_FILE && st.size == 11,
          "tree lstat: FILE of 11 bytes");
    CHECK(fy_tree_lstat(t, "sub", &st, &err) == FY_OK && st.kind == FY_KIND_DIR, "tree lstat of a folder: DIR");
    rc = fy_tree_open_file(t, "missing.txt", FY_TREE_WRITE, NULL, &f, &err);
    CHECK(rc == FY_ERR_NOT_FOUND, "tree WRITE of a missing file: NOT_FOUND (%s)", err.msg);
    fy_err_clear(&err);
    rc = fy_tree_open_file(t, "sub", FY_TREE_READ, NULL, &f, &err);
    CHECK(rc == FY_ERR_IO && strstr(err.msg, "not a regular file"), "tree READ of a folder: %s", err.msg);
    fy_err_clear(&err);
    rc = fy_tree_lstat(t, "sub/f.part/x", &st, &err);
    CHECK(rc == FY_ERR_IO && strstr(err.msg, "is not a folder"), "tree lstat through a file: %s", err.msg);
    fy_err_clear(&err);
    rc = fy_tree_mkdir(t, "sub/f.part", 0, NULL, &err);
    CHECK(rc == FY_ERR_IO && strstr(err.msg, "a file with that name exists"), "tree mkdir over a file: %s", err.msg);
    fy_err_clear(&err);
    {
        static const char *bad[] = {"",     "../x", "a/../b", "./a", "a//b",
                                    "/abs", "a/",   "a\\b",   "x:y", "sub/f.part:stream"};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            rc = fy_tree_lstat(t, bad[i], &st, &err);
            CHECK(rc == FY_ERR_IO, "tree refuses the path \"%s\": %s", bad[i], err.msg);
            fy_err_clear(&err);
        }
    }

    /* Identity: the same file through two handles and by name, not another. */
    CHECK(tree_write(t, "sub/g", FY_TREE_CREATE, "g"), "tree CREATE sub/g");
    CHECK(file_ident(t, "sub/f.part", &a) && file_ident(t, "sub/f.part", &b) && file_ident(t, "sub/g", &c),
          "file_stat of three opens");
    CHECK(a.ino != 0 && a.dev == b.dev && a.ino == b.ino, "two opens of one file: same dev/ino (%llx/%llx)",
          (unsigned long long)a.dev, (unsigned long long)a.ino);
    CHECK(c.dev == a.dev && c.ino != a.ino, "another file: same dev, other ino (%llx)", (unsigned long long)c.ino);
    CHECK(fy_tree_lstat(t, "sub/f.part", &st, &err) == FY_OK && st.dev == a.dev && st.ino == a.ino,
          "tree lstat gives the same dev/ino");
    CHECK(fy_plat_stat(at("tree/sub/f.part"), &st, &err) == FY_OK && st.dev == a.dev && st.ino == a.ino,
          "plat stat gives the same dev/ino");

    /* One owner per .part: a second handle cannot take the lock, readers
     * are not blocked, and closing the owner frees it. */
    f = g = NULL;
    CHECK(fy_tree_open_file(t, "sub/f.part", FY_TREE_WRITE, NULL, &f, &err) == FY_OK &&
              fy_plat_file_lock(f, &err) == FY_OK,
          "lock an open .part (%s)", err.msg);
    CHECK(fy_tree_open_file(t, "sub/f.part", FY_TREE_WRITE, NULL, &g, &err) == FY_OK, "open it a second time");
    rc = g ? fy_plat_file_lock(g, &err) : FY_ERR_IO;
    CHECK(rc == FY_ERR_BUSY && strstr(err.msg, "in use by another transfer"), "the second lock: BUSY: %s", err.msg);
    fy_err_clear(&err);
    CHECK(tree_read(t, "sub/f.part", buf, sizeof buf) && !strcmp(buf, "hello world"),
          "a reader is not blocked by the lock");
    CHECK(fy_plat_file_finish(f, 1000000000, 1, &err) == FY_OK && fy_plat_file_stat(f, &st, &err) == FY_OK &&
              st.mtime == 1000000000,
          "file_finish sets the time: %lld", (long long)st.mtime);
    fy_ignore(fy_plat_close(f, &err));
    CHECK(g && fy_plat_file_lock(g, &err) == FY_OK, "after the owner closed, the lock is free (%s)", err.msg);
    fy_ignore(fy_plat_close(g, &err));

    /* Renames keep the identity and never replace. */
    CHECK(fy_tree_rename_noreplace(t, "sub/f.part", "sub/f.txt", &exists, &err) == FY_OK && exists == 0,
          "tree rename .part to its name (%s)", err.msg);
    CHECK(fy_tree_lstat(t, "sub/f.txt", &st, &err) == FY_OK && st.ino == a.ino && st.mtime == 1000000000,
          "the renamed file keeps its ino and time");
    CHECK(fy_tree_rename_noreplace(t, "sub/g", "sub/F.TXT", &exists, &err) == FY_OK && exists == 1,
          "tree rename onto an existing name (other case): exists");
    CHECK(fy_tree_rename_noreplace(t, "sub/g", "sub/deeper \xe2\x9c\x93/g", &exists, &err) == FY_OK && exists == 0,
          "tree rename into a subfolder (%s)", err.msg);
    CHECK(fy_tree_remove(t, "sub/deeper \xe2\x9c\x93/g", &err) == FY_OK &&
              fy_tree_lstat(t, "sub/deeper \xe2\x9c\x93/g", &st, &err) == FY_OK && st.kind == FY_KIND_NONE,
          "tree remove, then NONE");
    CHECK(fy_tree_remove(t, "sub/deeper \xe2\x9c\x93/g", &err) == FY_OK && fy_tree_remove(t, "no/such", &err) == FY_OK,
          "tree remove of a missing file or folder: success");
    CHECK(fy_tree_set_dir_mtime(t, "sub", 1200000000, &err) == FY_OK && fy_tree_lstat(t, "sub", &st, &err) == FY_OK &&
              st.mtime == 1200000000,
          "tree set_dir_mtime: %lld (%s)", (long long)st.mtime, err.msg);
    {
        uint64_t bytes = 0;
        fy_dir *d;
        const char *n;
        int left = 0;
        CHECK(fy_tree_free_space(t, &bytes, &err) == FY_OK && bytes > 0, "tree free_space: %llu MiB",
              (unsigned long long)(bytes >> 20));
        CHECK(fy_tree_check_writable(t, &err) == FY_OK, "tree check_writable (%s)", err.msg);
        if (fy_plat_opendir(at("tree"), &d, &err) == FY_OK) {
            while (fy_plat_readdir(d, &n, &err) == FY_OK && n)
                left |= strstr(n, ".ferry-write-test") != NULL;
            fy_plat_closedir(d);
        }
        CHECK(!left, "check_writable left no test file");
    }
}

/* A junction at link pointing to target, made as mklink /J does. Returns 0
 * or the Windows error. */
static DWORD make_junction(const wchar_t *link, const wchar_t *target)
{
    struct {
        DWORD tag;
        WORD len, reserved, sub_off, sub_len, print_off, print_len;
        wchar_t buf[2048];
    } rp;
    wchar_t sub[1100];
    size_t sl, pl;
    DWORD n, e = 0;
    HANDLE h;
    if (!CreateDirectoryW(link, NULL))
        return GetLastError();
    h = CreateFileW(link, GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        e = GetLastError();
        RemoveDirectoryW(link);
        return e;
    }
    _snwprintf(sub, 1100, L"\\??\\%ls", target);
    sl = wcslen(sub);
    pl = wcslen(target);
    memset(&rp, 0, sizeof rp);
    rp.tag = IO_REPARSE_TAG_MOUNT_POINT;
    rp.sub_len = (WORD)(sl * 2);
    rp.print_off = (WORD)((sl + 1) * 2);
    rp.print_len = (WORD)(pl * 2);
    memcpy(rp.buf, sub, (sl + 1) * 2);
    memcpy(rp.buf + sl + 1, target, (pl + 1) * 2);
    rp.len = (WORD)(8 + (sl + 1 + pl + 1) * 2);
    if (!DeviceIoControl(h, FSCTL_SET_REPARSE_POINT, &rp, 8u + rp.len, NULL, 0, &n, NULL))
        e = GetLastError();
    CloseHandle(h);
    if (e)
        RemoveDirectoryW(link);
    return e;
}

/* Under wine: a unix symbolic link, made by running ln(1) (wine starts a
 * unix program given by its Z: path). Returns 0 or why not. */
static DWORD make_unix_link(const char *dir, const char *name, const char *target)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    wchar_t cmd[512], wdir[1024], wlink[1100];
    char link[1100];
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    if (!GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version"))
        return ERROR_NOT_SUPPORTED;
    _snwprintf(cmd, 512, L"ln -s %hs %hs", target, name);
    widen(dir, wdir, 1024);
    if (!CreateProcessW(L"Z:\\bin\\ln", cmd, NULL, NULL, FALSE, 0, NULL, wdir, &si, &pi))
        return GetLastError();
    WaitForSingleObject(pi.hProcess, 5000);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    snprintf(link, sizeof link, "%s/%s", dir, name);
    widen(link, wlink, 1100);
    for (int i = 0; i < 100; i++, Sleep(20))
        if (GetFileAttributesW(wlink) != INVALID_FILE_ATTRIBUTES)
            return 0;
    return ERROR_FILE_NOT_FOUND;
}

/* Everything that goes through or onto the link L (a junction, or a link
 * to a folder, pointing at "outside" with victim.txt in it) is refused,
 * and nothing lands in outside. */
static void tree_link_checks(fy_tree *t, const char *L, const char *what, int unix_link)
{
    char rel[64], buf[64];
    fy_stat st;
    fy_err err = {0};
    fy_file *f = NULL;
    int existed = 0, exists = 0, count = 0;
    fy_result rc;

#define REL(s) (snprintf(rel, sizeof rel, "%s%s", L, s), rel)
    CHECK(fy_tree_lstat(t, L, &st, &err) == FY_OK && st.kind == FY_KIND_LINK,
          "%s as last component: lstat says LINK (%d)", what, st.kind);
    rc = fy_tree_lstat(t, REL("/victim.txt"), &st, &err);
    CHECK(rc == FY_ERR_IO && strstr(err.msg, "symbolic link or junction; Ferry never follows links"),
          "%s on the way: lstat refused: %s", what, err.msg);
    fy_err_clear(&err);
    rc = fy_tree_open_file(t, REL("/new.txt"), FY_TREE_CREATE, &existed, &f, &err);
    CHECK(rc == FY_ERR_IO && !f, "%s on the way: CREATE refused: %s", what, err.msg);
    fy_err_clear(&err);
    rc = fy_tree_open_file(t, REL("/victim.txt"), FY_TREE_WRITE, NULL, &f, &err);
    CHECK(rc == FY_ERR_IO && !f, "%s on the way: WRITE refused: %s", what, err.msg);
    fy_err_clear(&err);
    rc = fy_tree_open_file(t, REL("/victim.txt"), FY_TREE_READ, NULL, &f, &err);
    CHECK(rc == FY_ERR_IO && !f, "%s on the way: READ refused", what);
    fy_err_clear(&err);
    rc = fy_tree_mkdir(t, REL("/d"), 0, NULL, &err);
    CHECK(rc == FY_ERR_IO, "%s on the way: mkdir refused: %s", what, err.msg);
    fy_err_clear(&err);
    rc = fy_tree_mkdir(t, L, 0, &existed, &err);
    CHECK(rc == FY_ERR_IO && strstr(err.msg, "symbolic link or junction"), "%s as last component: mkdir refused: %s",
          what, err.msg);
    fy_err_clear(&err);
    rc = fy_tree_open_file(t, L, FY_TREE_WRITE, NULL, &f, &err);
    CHECK(rc == FY_ERR_IO && !f, "%s as last component: WRITE refused: %s", what, err.msg);
    fy_err_clear(&err);
    rc = fy_tree_set_dir_mtime(t, L, 1000000000, &err);
    CHECK(rc == FY_ERR_IO, "%s as last component: set_dir_mtime refused: %s", what, err.msg);
    fy_err_clear(&err);
    rc = fy_tree_rename_noreplace(t, "sub/f.txt", REL("/moved.txt"), &exists, &err);
    CHECK(rc == FY_ERR_IO, "%s on the way: rename into it refused: %s", what, err.msg);
    fy_err_clear(&err);
    rc = fy_tree_remove(t, REL("/victim.txt"), &err);
    CHECK(rc == FY_ERR_IO, "%s on the way: remove refused: %s", what, err.msg);
    fy_err_clear(&err);
    if (f)
        fy_ignore(fy_plat_close(f, NULL));
    CHECK(read_all(at("outside/victim.txt"), buf, sizeof buf) && !strcmp(buf, "victim"),
          "the target's file is untouched");
    CHECK(dir_has(at("outside"), "victim.txt", &count) && count == 1, "nothing was written in the target (%d entries)",
          count);
    rc = fy_tree_remove(t, L, &err);
    if (unix_link) {
        /* Wine opens the target of a unix link whatever the flags: it
         * cannot remove the link itself, and must not remove the target. */
        CHECK(rc == FY_ERR_IO, "%s: remove is refused (wine cannot open the link itself): %s", what, err.msg);
        CHECK(fy_tree_lstat(t, L, &st, &err) == FY_OK && st.kind == FY_KIND_LINK, "%s: the link is still there", what);
    } else {
        CHECK(rc == FY_OK && fy_tree_lstat(t, L, &st, &err) == FY_OK && st.kind == FY_KIND_NONE,
              "%s: remove takes the link away (%s)", what, err.msg);
    }
    CHECK(read_all(at("outside/victim.txt"), buf, sizeof buf) && !strcmp(buf, "victim"), "and not its target");
    fy_err_clear(&err);
#undef REL
}

static void test_tree_links(fy_tree *t)
{
    wchar_t wlink[1100], wout[1100];
    DWORD e;
    int tested = 0;

    CHECK(fy_plat_mkdir(at("outside"), NULL) == FY_OK &&
              write_all(at("outside/victim.txt"), FY_OPEN_WRITE_NEW, "victim"),
          "a folder outside the tree with victim.txt");
    widen(at("outside"), wout, 1100);

    widen(at("tree/j"), wlink, 1100);
    if ((e = make_junction(wlink, wout)) == 0) {
        tree_link_checks(t, "j", "a junction", 0);
        tested++;
    } else {
        printf("NOT TESTED - junctions below the tree: this system cannot make one "
               "(DeviceIoControl FSCTL_SET_REPARSE_POINT, IO_REPARSE_TAG_MOUNT_POINT: error %lu)\n",
               (unsigned long)e);
    }

    /* 3: SYMBOLIC_LINK_FLAG_DIRECTORY | ALLOW_UNPRIVILEGED_CREATE (developer
     * mode). Wine 8 says yes and makes nothing, hence the look after. */
    widen(at("tree/s"), wlink, 1100);
    if ((CreateSymbolicLinkW(wlink, wout, 3) || CreateSymbolicLinkW(wlink, wout, 1)) &&
        GetFileAttributesW(wlink) != INVALID_FILE_ATTRIBUTES) {
        tree_link_checks(t, "s", "a symbolic link to a folder", 0);
        tested++;
    } else {
        e = GetLastError();
        printf("NOT TESTED - symbolic links to folders below the tree: CreateSymbolicLinkW made none (error %lu%s)\n",
               (unsigned long)e, e == 0 ? ": it reported success and created nothing, as wine 8 does" : "");
    }

    if ((e = make_unix_link(at("tree"), "u", "../outside")) == 0) {
        tree_link_checks(t, "u", "a unix symbolic link to a folder (wine)", 1);
        tested++;
        /* RemoveDirectoryW on such a link removes its target when that is
         * an empty folder: the tree must not. */
        if (fy_plat_mkdir(at("outside-empty"), NULL) == FY_OK &&
            make_unix_link(at("tree"), "ue", "../outside-empty") == 0) {
            fy_stat st;
            fy_err err = {0};
            fy_result rc = fy_tree_remove(t, "ue", &err);
            CHECK(rc == FY_ERR_IO && fy_plat_stat(at("outside-empty"), &st, NULL) == FY_OK && st.kind == FY_KIND_DIR,
                  "a unix link to an empty folder (wine): remove refused, the empty target kept: %s", err.msg);
        }
        /* Wine shows a unix link to a file as the file itself: no Windows
         * call can tell, so a tree under wine cannot refuse one. */
        if (make_unix_link(at("tree"), "uf", "../outside/victim.txt") == 0) {
            fy_stat st;
            fy_err err = {0};
            fy_ignore(fy_tree_lstat(t, "uf", &st, &err));
            printf("NOT TESTED - a unix symbolic link to a file as last component: wine shows it as %s, not a link "
                   "(kind %d)\n",
                   st.kind == FY_KIND_FILE ? "a plain file" : "something else", st.kind);
            fy_ignore(fy_tree_remove(t, "uf", &err));
        }
    } else if (e != ERROR_NOT_SUPPORTED) {
        printf("NOT TESTED - unix symbolic links under wine: running /bin/ln failed (error %lu)\n", (unsigned long)e);
    }
    if (!tested)
        printf("NOT TESTED - no link or junction of any kind could be made here: the tree's refusal of links is "
               "unchecked on this system\n");
}

/* What the tree relies on: a folder open for listing without
 * FILE_SHARE_DELETE (as the tree holds the folders on a path) cannot be
 * renamed or removed, so it cannot be swapped for a link meanwhile. */
static void test_held_folder(void)
{
    wchar_t w[1100], w2[1100];
    HANDLE h;
    CHECK(fy_plat_mkdir(at("held"), NULL) == FY_OK, "mkdir held");
    widen(at("held"), w, 1100);
    widen(at("held-moved"), w2, 1100);
    h = CreateFileW(w, FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                    OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    CHECK(h != INVALID_HANDLE_VALUE, "open a folder as the tree holds one");
    CHECK(!MoveFileExW(w, w2, 0), "a held folder cannot be renamed (error %lu)", (unsigned long)GetLastError());
    CHECK(!RemoveDirectoryW(w), "a held folder cannot be removed (error %lu)", (unsigned long)GetLastError());
    CloseHandle(h);
    CHECK(MoveFileExW(w, w2, 0), "once closed it can be renamed");
}

static void test_tree(void)
{
    fy_tree *t = NULL;
    fy_err err = {0};
    fy_result rc;

    rc = fy_tree_open(at("tree"), 0, &t, &err);
    CHECK(rc == FY_ERR_NOT_FOUND && !t, "tree_open of a missing folder without create: %s", err.msg);
    fy_err_clear(&err);
    rc = fy_tree_open(at("plain"), 0, &t, &err);
    CHECK(rc == FY_ERR_IO && !t, "tree_open of a file: %s", err.msg);
    fy_err_clear(&err);
    CHECK(fy_tree_open(at("tree"), 1, &t, &err) == FY_OK && t, "tree_open with create (%s)", err.msg);
    if (!t)
        return;
    CHECK(!strcmp(fy_tree_path(t), at("tree")), "tree_path is the path given");
    test_tree_basics(t);
    test_tree_links(t);
    fy_tree_close(t);
    test_held_folder();
}

static void test_folders(void)
{
    char dir[1024], want[1100], abs[2048];
    fy_stat st;
    fy_err err = {0};
    CHECK(fy_plat_default_receive_dir(dir, sizeof dir, &err) == FY_OK, "default_receive_dir: %s", dir);
    CHECK(strlen(dir) > 16 && !strcmp(dir + strlen(dir) - 16, "\\Downloads\\Ferry"), "ends with \\Downloads\\Ferry");

    SetEnvironmentVariableW(L"FERRY_CONFIG_DIR", NULL);
    CHECK(fy_plat_config_dir(dir, sizeof dir, &err) == FY_OK, "config_dir: %s (%s)", dir, err.msg);
    CHECK(strstr(dir, "\\AppData\\Roaming\\Ferry") != NULL, "config_dir is under %%APPDATA%%");
    CHECK(fy_plat_stat(dir, &st, &err) == FY_OK && st.kind == FY_KIND_DIR, "config_dir was created");

    snprintf(want, sizeof want, "%s", at("cfg \xc3\xa9t\xc3\xa9/ferry"));
    {
        wchar_t w[1100];
        MultiByteToWideChar(CP_UTF8, 0, want, -1, w, 1100);
        SetEnvironmentVariableW(L"FERRY_CONFIG_DIR", w);
    }
    CHECK(fy_plat_config_dir(dir, sizeof dir, &err) == FY_OK && !strcmp(dir, want),
          "FERRY_CONFIG_DIR is honoured as is: %s", dir);
    CHECK(fy_plat_stat(want, &st, &err) == FY_OK && st.kind == FY_KIND_DIR, "and created");
    SetEnvironmentVariableW(L"FERRY_CONFIG_DIR", NULL);

    CHECK(fy_plat_abspath(".", abs, sizeof abs, &err) == FY_OK && abs[1] == ':' && abs[2] == '\\',
          "abspath(\".\") = %s", abs);
    CHECK(fy_plat_abspath("a/b/../c", abs, sizeof abs, &err) == FY_OK && strlen(abs) > 4 &&
              !strcmp(abs + strlen(abs) - 4, "\\a\\c"),
          "abspath(\"a/b/../c\") = %s", abs);
    CHECK(fy_plat_abspath("x", abs, 3, &err) == FY_ERR_IO && strstr(err.msg, "path too long"),
          "abspath into a small buffer: %s", err.msg);
}

static DWORD WINAPI blocked_recv(void *arg)
{
    char ch;
    int r = recv((SOCKET)arg, &ch, 1, 0);
    return r < 0 ? (DWORD)WSAGetLastError() : (DWORD)r;
}

static void test_net(void)
{
    fy_iface ifs[16];
    int n = fy_plat_list_ipv4(ifs, 16), loop = 0;
    WSADATA wsa;
    SOCKET s, l, c;
    struct sockaddr_in sa;
    int len = sizeof sa;
    char why[128];

    CHECK(n >= 1, "list_ipv4: %d interfaces", n);
    for (int i = 0; i < n; i++) {
        uint32_t a = ifs[i].addr, m = ifs[i].netmask, b = ifs[i].broadcast;
        printf("  # %-24s %u.%u.%u.%u mask %u.%u.%u.%u bcast %u.%u.%u.%u%s\n", ifs[i].name, a >> 24, (a >> 16) & 255,
               (a >> 8) & 255, a & 255, m >> 24, (m >> 16) & 255, (m >> 8) & 255, m & 255, b >> 24, (b >> 16) & 255,
               (b >> 8) & 255, b & 255, ifs[i].loopback ? " loopback" : "");
        CHECK(b == (a | ~m), "%s: broadcast = addr | ~mask", ifs[i].name);
        loop |= ifs[i].loopback && a == 0x7F000001u;
    }
    if (!loop)
        printf("  # no loopback 127.0.0.1 among them (wine lists only the host's real interfaces)\n");
    CHECK(fy_plat_list_ipv4(ifs, 0) == 0, "list_ipv4 with cap 0 writes nothing");

    WSAStartup(MAKEWORD(2, 2), &wsa);
    /* A port that is certainly closed: bind one, learn it, close it. */
    l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)&sa, sizeof sa);
    getsockname(l, (struct sockaddr *)&sa, &len);
    closesocket(l);
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    CHECK(connect(s, (struct sockaddr *)&sa, sizeof sa) != 0, "connect to closed port %u fails", ntohs(sa.sin_port));
    fy_plat_sock_last_error(why, sizeof why);
    CHECK(why[0] && (why[0] < '0' || why[0] > '9') && why[strlen(why) - 1] != '.' && !strchr(why, '\n'),
          "sock_last_error: \"%s\"", why);
    closesocket(s);
    WSASetLastError(0);
    fy_plat_sock_last_error(why, sizeof why);
    CHECK(!strcmp(why, "connection closed"), "sock_last_error with no error: \"%s\"", why);
    fy_plat_sock_last_error(why, 6);
    CHECK(strlen(why) == 5, "sock_last_error truncates: \"%s\"", why);

    /* Tuning and a receive timeout on a real connection. */
    l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sa.sin_port = 0;
    bind(l, (struct sockaddr *)&sa, sizeof sa);
    len = sizeof sa;
    getsockname(l, (struct sockaddr *)&sa, &len);
    listen(l, 1);
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    CHECK(connect(c, (struct sockaddr *)&sa, sizeof sa) == 0, "connect to a listening socket");
    {
        struct {
            int ready;
            SOCKET channel;
        } fake = {0, c};
        DWORD tv = 0;
        int nd = 0, ol = sizeof tv, bufsz = 0;
        char ch;
        uint64_t t0;
        int r;
        CHECK(fy_plat_sdlnet_socket(&fake) == (fy_sockfd)c, "sdlnet_socket reads the SOCKET after int ready");
        fy_plat_sock_tune((fy_sockfd)c, 300);
        getsockopt(c, SOL_SOCKET, SO_RCVTIMEO, (char *)&tv, &ol);
        CHECK(tv == 300, "SO_RCVTIMEO is 300 ms (%lu)", (unsigned long)tv);
        ol = sizeof nd;
        getsockopt(c, IPPROTO_TCP, TCP_NODELAY, (char *)&nd, &ol);
        CHECK(nd != 0, "TCP_NODELAY set");
        ol = sizeof bufsz;
        getsockopt(c, SOL_SOCKET, SO_RCVBUF, (char *)&bufsz, &ol);
        printf("  # SO_RCVBUF now %d\n", bufsz);
        t0 = fy_plat_now_ms();
        r = recv(c, &ch, 1, 0);
        CHECK(r < 0 && fy_plat_sock_last_timed_out(), "recv times out after %llu ms: timed_out=1 (error %d)",
              (unsigned long long)(fy_plat_now_ms() - t0), WSAGetLastError());
        WSASetLastError(WSAECONNRESET);
        CHECK(!fy_plat_sock_last_timed_out(), "another error is not a timeout");
        /* A thread blocked in recv (10 s timeout) is woken by sock_shutdown. */
        fy_plat_sock_tune((fy_sockfd)c, 10000);
        {
            HANDLE th = CreateThread(NULL, 0, blocked_recv, (void *)c, 0, NULL);
            DWORD code = 0;
            Sleep(300);
            t0 = fy_plat_now_ms();
            fy_plat_sock_shutdown((fy_sockfd)c);
            CHECK(WaitForSingleObject(th, 3000) == WAIT_OBJECT_0 && GetExitCodeThread(th, &code),
                  "sock_shutdown woke a thread blocked in recv after %llu ms",
                  (unsigned long long)(fy_plat_now_ms() - t0));
            printf("  # the blocked recv returned %d\n", (int)code);
            CloseHandle(th);
        }
        r = recv(c, &ch, 1, 0);
        CHECK(r <= 0, "recv after sock_shutdown does not block (%d, error %d)", r, WSAGetLastError());
    }
    closesocket(c);
    closesocket(l);
    {
        SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        BOOL b = FALSE;
        int ol = sizeof b;
        fy_plat_sock_broadcast((fy_sockfd)u);
        getsockopt(u, SOL_SOCKET, SO_BROADCAST, (char *)&b, &ol);
        CHECK(b, "SO_BROADCAST set");
        closesocket(u);
    }
    WSACleanup();
}


/* The network doctor's seam: who holds a port (GetExtendedTcpTable /
 * GetExtendedUdpTable, the owner's name), the firewall (INetFwPolicy2) and
 * a timed connection told apart. What wine does not implement is printed
 * as NOT TESTED with what it answered. */
static void test_doctor(void)
{
    WSADATA wsa;
    SOCKET l, u;
    struct sockaddr_in sa, ua;
    int len = sizeof sa;
    fy_doc_port p;
    fy_doc_firewall fw;
    char why[128];
    double ms;
    int r;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)&sa, sizeof sa);
    getsockname(l, (struct sockaddr *)&sa, &len);
    listen(l, 4);
    fy_plat_port_owner(0, ntohs(sa.sin_port), &p);
    CHECK(p.state != FY_DOC_PORT_FREE && p.state != FY_DOC_PORT_UNKNOWN, "port_owner: TCP %u is seen held (state %d)",
          ntohs(sa.sin_port), p.state);
    if (p.pid == 0) /* wine 8 fills the table but leaves dwOwningPid 0 */
        printf("  # NOT TESTED: the owning process (this Windows, e.g. wine, reports pid 0)\n");
    else
        CHECK(p.state == FY_DOC_PORT_FERRY && p.pid == (int)GetCurrentProcessId(),
              "port_owner: TCP %u held by this process (pid %d, \"%s\")", ntohs(sa.sin_port), p.pid, p.owner);

    u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    memset(&ua, 0, sizeof ua);
    ua.sin_family = AF_INET;
    len = sizeof ua;
    bind(u, (struct sockaddr *)&ua, sizeof ua);
    getsockname(u, (struct sockaddr *)&ua, &len);
    fy_plat_port_owner(1, ntohs(ua.sin_port), &p);
    CHECK(p.state != FY_DOC_PORT_FREE && p.state != FY_DOC_PORT_UNKNOWN, "port_owner: UDP %u is seen held (state %d)",
          ntohs(ua.sin_port), p.state);
    if (p.pid != 0)
        CHECK(p.state == FY_DOC_PORT_FERRY && p.pid == (int)GetCurrentProcessId(),
              "port_owner: UDP %u held by this process (pid %d)", ntohs(ua.sin_port), p.pid);

    r = fy_plat_connect_probe(ntohl(sa.sin_addr.s_addr), ntohs(sa.sin_port), 2000, &ms, why, sizeof why);
    CHECK(r == FY_DOC_CONN_OK, "connect_probe to a listening port: ok (%d, %.2f ms)", r, ms);
    closesocket(l);
    closesocket(u);
    fy_plat_port_owner(0, ntohs(sa.sin_port), &p);
    CHECK(p.state == FY_DOC_PORT_FREE, "port_owner: TCP %u free once closed (state %d)", ntohs(sa.sin_port), p.state);
    fy_plat_port_owner(1, ntohs(ua.sin_port), &p);
    CHECK(p.state == FY_DOC_PORT_FREE, "port_owner: UDP %u free once closed (state %d)", ntohs(ua.sin_port), p.state);
    r = fy_plat_connect_probe(ntohl(sa.sin_addr.s_addr), ntohs(sa.sin_port), 2000, &ms, why, sizeof why);
    CHECK(r == FY_DOC_CONN_REFUSED, "connect_probe to a closed port: refused (%d %s)", r, why);

    fy_plat_firewall(53317, &fw);
    CHECK(fw.kind == FY_DOC_FW_WINDOWS, "firewall: Windows facts (kind %d)", fw.kind);
    printf("  # profile \"%s\", enabled %d, allow rule %d\n", fw.profile, fw.enabled, fw.allow_rule);
    if (!fw.profile[0])
        printf("  # NOT TESTED: the network profile (this Windows, e.g. wine, gives no current profile)\n");
    else
        CHECK(!strcmp(fw.profile, "Public") || !strcmp(fw.profile, "Private") || !strcmp(fw.profile, "Domain"),
              "firewall: profile is a known one");
    if (fw.allow_rule < 0)
        printf("  # NOT TESTED: the allow rule (the firewall is off, or its rules cannot be listed here)\n");
    WSACleanup();
}

/* Keeping the machine awake: the thread's execution state holds
 * ES_SYSTEM_REQUIRED between begin and end (read back by setting it again:
 * SetThreadExecutionState returns the previous state). */
static void test_keep_awake(void)
{
    EXECUTION_STATE was;
    CHECK(!fy_plat_keep_awake_held(), "keep-awake not held at start");
    fy_plat_keep_awake_begin();
    CHECK(fy_plat_keep_awake_held(), "keep-awake held after begin");
    was = SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED);
    CHECK((was & ES_SYSTEM_REQUIRED) && (was & ES_CONTINUOUS), "begin set ES_CONTINUOUS|ES_SYSTEM_REQUIRED (0x%lx)",
          (unsigned long)was);
    fy_plat_keep_awake_end();
    CHECK(!fy_plat_keep_awake_held(), "keep-awake released after end");
    was = SetThreadExecutionState(ES_CONTINUOUS);
    CHECK(!(was & ES_SYSTEM_REQUIRED), "end cleared ES_SYSTEM_REQUIRED (0x%lx)", (unsigned long)was);
}

int main(int argc, char **argv)
{
    fy_err err = {0};
    char cwd[1024];
    fy_plat_init_args(&argc, &argv);
    setvbuf(stdout, NULL, _IONBF, 0);
    test_identity(argc, argv);
    test_time();
    test_interrupt();
    test_keep_awake();
    if (fy_plat_abspath(".", cwd, sizeof cwd, &err) != FY_OK) {
        printf("FAIL - abspath: %s\n", err.msg);
        return 1;
    }
    /* Wine hands out the same few process ids run after run: the tick count
     * keeps a rerun from finding the last run's files (nothing removes them,
     * so a failure can be looked at). */
    snprintf(base, sizeof base, "%s/fywin-%lu-%llu-\xc3\xa4", cwd, (unsigned long)GetCurrentProcessId(),
             (unsigned long long)GetTickCount64());
    CHECK(fy_plat_mkdirs(base, &err) == FY_OK, "mkdirs %s (%s)", base, err.msg);
    test_utf8_names();
    test_errors();
    test_long_path();
    test_big_file();
    test_atomic();
    test_links();
    test_tree();
    test_folders();
    test_net();
    test_doctor();
    printf("%d passed, %d failed\n", checks - fails, fails);
    return fails ? 1 : 0;
}
