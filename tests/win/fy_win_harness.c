/* fy_win_harness.c: exercises the Windows platform seam on a real (or wine)
 * Windows: UTF-8 names, paths past 260 characters, files past 4 GiB,
 * folders, interfaces, socket errors. Build with mingw and run under wine:
 * tests/win/run_wine.sh. Prints "ok - ..." / "FAIL - ..." and exits 1 on
 * any failure. Argument 1 (optional) must be the UTF-8 text "Ünï✓": it
 * checks that fy_plat_init_args turns the wide command line into UTF-8.
 * Links (wine 8 cannot make them) and Ctrl-C (needs a console) are
 * skipped, with a note, where they cannot be made. Files go in a folder
 * under the current one. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int main(int argc, char **argv)
{
    fy_err err = {0};
    char cwd[1024];
    fy_plat_init_args(&argc, &argv);
    setvbuf(stdout, NULL, _IONBF, 0);
    test_identity(argc, argv);
    test_time();
    test_interrupt();
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
    test_folders();
    test_net();
    printf("%d passed, %d failed\n", checks - fails, fails);
    return fails ? 1 : 0;
}
