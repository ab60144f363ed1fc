/* fy_platform_win32.c: the platform seam on Windows: UTF-8 and UTF-16,
 * error texts, paths, time and the folders the user expects. Open files are
 * in fy_platform_win32_file.c, creating and listing folders in _dir.c, the
 * console and the process in _term.c, network helpers in _net.c, file
 * dialogs in _pick.c.
 *
 * Ferry speaks UTF-8; Windows file names are UTF-16. Every path is turned
 * into its UTF-16, absolute, \\?\ form here, at the boundary, and only the
 * wide (W) calls are used: the narrow ones would go through the ANSI code
 * page and lose every name it cannot spell. */
#include "fy_platform.h"
#include "fy_platform_win32_int.h"

#include <windows.h>
#include <objbase.h>
#include <shellapi.h>
#include <shlobj.h>
#include <knownfolders.h>

#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* 100 ns ticks from 1601 (FILETIME) to 1970 (Unix time), in seconds. */
#define FY_EPOCH_DIFF 11644473600LL
/* Room for "\\?\UNC\" in front of a path. */
#define FY_PREFIX_MAX 8

/* ---- UTF-8 <-> UTF-16 ------------------------------------------------------ */

/* NULL with the last error set: bad UTF-8, or no memory. */
wchar_t *fy_win_wide_dup(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    wchar_t *w;
    if (n <= 0)
        return NULL;
    if (!(w = malloc((size_t)n * sizeof *w))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n) != n) {
        free(w);
        return NULL;
    }
    return w;
}

/* A lone surrogate (Windows allows them in names) becomes U+FFFD: such a
 * name cannot be opened again by its UTF-8 spelling, so it fails loudly
 * with its path rather than silently. */
char *fy_win_utf8_dup(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s;
    if (n <= 0 || !(s = malloc((size_t)n)))
        return NULL;
    if (WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL) != n) {
        free(s);
        return NULL;
    }
    return s;
}

/* Copies w into out as UTF-8, cut before a character that does not fit
 * whole: a half character would be invalid UTF-8 on the wire. */
void fy_win_utf8_copy(char *out, size_t cap, const wchar_t *w)
{
    char *s;
    size_t n;
    if (!cap)
        return;
    if (!(s = fy_win_utf8_dup(w))) {
        out[0] = '\0';
        return;
    }
    n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    free(s);
}

/* ---- errors ------------------------------------------------------------------ */

/* The system's text for an error, shaped like strerror's: one line and no
 * final period, so it reads the same inside Ferry's messages as on Linux. */
void fy_win_err_text(unsigned long e, char *out, size_t cap)
{
    wchar_t w[512];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, (DWORD)e, 0, w,
                             sizeof w / sizeof w[0], NULL);
    while (n > 0 && (w[n - 1] == L'\r' || w[n - 1] == L'\n' || w[n - 1] == L' ' || w[n - 1] == L'.'))
        n--;
    if (n == 0) {
        snprintf(out, cap, "Windows error %lu", (unsigned long)e);
        return;
    }
    w[n] = L'\0';
    for (DWORD i = 0; i < n; i++)
        if (w[i] == L'\r' || w[i] == L'\n')
            w[i] = L' ';
    fy_win_utf8_copy(out, cap, w);
}

int fy_win_is_missing(DWORD e)
{
    return e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND || e == ERROR_BAD_NETPATH ||
           e == ERROR_BAD_NET_NAME;
}

static int is_disk_full(DWORD e)
{
#ifdef ERROR_DISK_QUOTA_EXCEEDED
    if (e == ERROR_DISK_QUOTA_EXCEEDED)
        return 1;
#endif
    return e == ERROR_DISK_FULL || e == ERROR_HANDLE_DISK_FULL;
}

/* The Windows twin of the posix os_fail; e is passed in because any call
 * made after the failing one (even free) may change the last error. */
fy_result fy_win_os_fail(fy_err *err, DWORD e, const char *what, const char *path)
{
    char text[256];
    if (is_disk_full(e))
        return fy_fail(err, FY_ERR_DISK_FULL, "disk full writing %s", path);
    fy_win_err_text(e, text, sizeof text);
    return fy_fail(err, fy_win_is_missing(e) ? FY_ERR_NOT_FOUND : FY_ERR_IO, "cannot %s \"%s\": %s", what, path, text);
}

fy_result fy_win_nomem(fy_err *err) { return fy_fail(err, FY_ERR_NOMEM, "out of memory"); }

/* ---- paths -------------------------------------------------------------------- */

/* Length of the root of a \\?\ path: "\\?\C:\" or "\\?\UNC\server\share\".
 * Nothing above it can be created or needs to be. */
size_t fy_win_root_len(const wchar_t *w)
{
    int unc = wcsncmp(w, L"\\\\?\\UNC\\", 8) == 0, parts = unc ? 2 : 1;
    const wchar_t *p = w + (unc ? 8 : 4);
    if (wcsncmp(w, L"\\\\?\\", 4) != 0 && wcsncmp(w, L"\\\\.\\", 4) != 0)
        return 0;
    while (parts-- > 0 && (p = wcschr(p, L'\\')) != NULL)
        p++;
    return p ? (size_t)(p - w) : wcslen(w);
}

/* path as UTF-16, '/' turned to '\', made absolute. With prefix, it also
 * gets \\?\ (\\?\UNC\ for \\server\share), which lifts the 260-character
 * limit. That prefix also turns off the parsing of '/', "." and "..", which
 * is why the path is made absolute and normal first. A path that already
 * has \\?\ or \\.\ is taken as it is. */
static fy_result wfull(const char *path, const char *what, int prefix, wchar_t **out, fy_err *err)
{
    wchar_t *w, *full = NULL, *res = NULL;
    DWORD need, got;
    size_t len, root;
    fy_result rc = FY_OK;

    *out = NULL;
    if (!(w = fy_win_wide_dup(path))) {
        if (GetLastError() == ERROR_NOT_ENOUGH_MEMORY)
            return fy_win_nomem(err);
        return fy_fail(err, FY_ERR_IO, "cannot %s \"%s\": the name is not valid UTF-8", what, path);
    }
    for (wchar_t *p = w; *p; p++)
        if (*p == L'/')
            *p = L'\\';
    if (wcsncmp(w, L"\\\\?\\", 4) == 0 || wcsncmp(w, L"\\\\.\\", 4) == 0) {
        *out = w;
        return FY_OK;
    }
    /* Asked twice: the first call gives the size. Another thread may change
     * the current folder in between, hence the loop. */
    need = GetFullPathNameW(w, 0, NULL, NULL);
    for (;;) {
        if (need == 0) {
            rc = fy_win_os_fail(err, GetLastError(), what, path);
            goto cleanup;
        }
        free(full);
        if (!(full = malloc((size_t)need * sizeof *full))) {
            rc = fy_win_nomem(err);
            goto cleanup;
        }
        got = GetFullPathNameW(w, need, full, NULL);
        if (got != 0 && got < need)
            break;
        need = got;
    }
    len = wcslen(full);
    if (!(res = malloc((len + FY_PREFIX_MAX + 1) * sizeof *res))) {
        rc = fy_win_nomem(err);
        goto cleanup;
    }
    if (!prefix) {
        wcscpy(res, full);
    } else if (wcsncmp(full, L"\\\\.\\", 4) == 0) {
        /* GetFullPathName turns a last part named CON, NUL, COM1... into the
         * device; a file can have none of these names. */
        rc = fy_fail(err, FY_ERR_IO, "cannot %s \"%s\": the name is reserved by Windows", what, path);
        goto cleanup;
    } else if (full[0] == L'\\' && full[1] == L'\\') {
        wcscpy(res, L"\\\\?\\UNC\\");
        wcscat(res, full + 2);
    } else {
        wcscpy(res, full[0] && full[1] == L':' ? L"\\\\?\\" : L"");
        wcscat(res, full);
    }
    /* "dir\" and "dir" are one folder; some calls refuse the first form. */
    len = wcslen(res);
    root = prefix ? fy_win_root_len(res) : 3; /* "C:\" */
    while (len > root && res[len - 1] == L'\\')
        res[--len] = L'\0';
    *out = res;
    res = NULL;

cleanup:
    free(w);
    free(full);
    free(res);
    return rc;
}

fy_result fy_win_path(const char *path, const char *what, wchar_t **out, fy_err *err)
{
    return wfull(path, what, 1, out, err);
}

/* A \\?\ path as the user would write it, for messages. */
char *fy_win_shown_path(const wchar_t *w)
{
    char *s;
    if (wcsncmp(w, L"\\\\?\\UNC\\", 8) == 0) {
        /* "\\?\UNC\srv\share": the 'C' of UNC becomes the second '\'. */
        if ((s = fy_win_utf8_dup(w + 6)) != NULL)
            s[0] = '\\';
        return s;
    }
    return fy_win_utf8_dup(wcsncmp(w, L"\\\\?\\", 4) == 0 ? w + 4 : w);
}

/* ---- time ------------------------------------------------------------------------ */

int64_t fy_win_unix_time(FILETIME ft)
{
    uint64_t t = ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    return (int64_t)(t / 10000000u) - FY_EPOCH_DIFF;
}

FILETIME fy_win_filetime(int64_t s)
{
    FILETIME ft;
    uint64_t t;
    /* Out of FILETIME's range: the nearest time it can hold. */
    if (s < -FY_EPOCH_DIFF)
        s = -FY_EPOCH_DIFF;
    if (s > INT64_MAX / 10000000 - FY_EPOCH_DIFF)
        s = INT64_MAX / 10000000 - FY_EPOCH_DIFF;
    t = (uint64_t)(s + FY_EPOCH_DIFF) * 10000000u;
    ft.dwLowDateTime = (DWORD)t;
    ft.dwHighDateTime = (DWORD)(t >> 32);
    return ft;
}

uint64_t fy_plat_now_ms(void) { return GetTickCount64(); }

int64_t fy_plat_wall_time(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    return fy_win_unix_time(ft);
}

void fy_plat_sleep_ms(unsigned ms) { Sleep(ms); }

fy_result fy_plat_abspath(const char *path, char *out, size_t cap, fy_err *err)
{
    wchar_t *w;
    char *s;
    fy_result rc;
    if ((rc = wfull(path, "find the current folder for", 0, &w, err)) != FY_OK)
        return rc;
    s = fy_win_utf8_dup(w);
    free(w);
    if (!s)
        return fy_win_nomem(err);
    if (strlen(s) >= cap)
        rc = fy_fail(err, FY_ERR_IO, "path too long: %s", path);
    else
        strcpy(out, s);
    free(s);
    return rc;
}

/* ---- folders the user expects ------------------------------------------------- */

/* A known folder (it may have been moved, to another drive even) + "\sub". */
static fy_result known_folder(REFKNOWNFOLDERID id, const char *sub, const char *what, char *out, size_t cap,
                              fy_err *err)
{
    PWSTR p = NULL;
    char *s;
    int n;
    /* DONT_VERIFY: a Downloads folder the user deleted is still where
     * files go; Ferry creates it when it receives, as on Linux. */
    if (FAILED(SHGetKnownFolderPath(id, KF_FLAG_DONT_VERIFY, NULL, &p)) || !p) {
        CoTaskMemFree(p);
        return fy_fail(err, FY_ERR_IO, "cannot find your %s folder", what);
    }
    s = fy_win_utf8_dup(p);
    CoTaskMemFree(p);
    if (!s)
        return fy_win_nomem(err);
    n = snprintf(out, cap, "%s\\%s", s, sub);
    free(s);
    if (n < 0 || (size_t)n >= cap)
        return fy_fail(err, FY_ERR_IO, "%s folder path too long", what);
    return FY_OK;
}

fy_result fy_plat_default_receive_dir(char *out, size_t cap, fy_err *err)
{
    return known_folder(&FOLDERID_Downloads, "Ferry", "download", out, cap, err);
}

/* FERRY_CONFIG_DIR, when set, is the config folder itself. It is what the
 * Linux build's XDG_CONFIG_HOME/ferry is for tests: a test run under wine
 * sets it to keep keys, pairings and settings inside its temp folder, away
 * from the prefix's %APPDATA%. XDG_CONFIG_HOME itself is not read here: a
 * Git Bash profile may set it, and the same user would then have two
 * identities, one from the shell and one from the Start menu. */
fy_result fy_plat_config_dir(char *out, size_t cap, fy_err *err)
{
    wchar_t *env = NULL;
    DWORD n = GetEnvironmentVariableW(L"FERRY_CONFIG_DIR", NULL, 0);
    fy_result rc;
    if (n > 1 && (env = malloc((size_t)n * sizeof *env)) != NULL &&
        GetEnvironmentVariableW(L"FERRY_CONFIG_DIR", env, n) == n - 1) {
        char *s = fy_win_utf8_dup(env);
        if (!s)
            rc = fy_win_nomem(err);
        else if (strlen(s) >= cap)
            rc = fy_fail(err, FY_ERR_IO, "config folder path too long");
        else
            rc = (strcpy(out, s), FY_OK);
        free(s);
    } else {
        rc = known_folder(&FOLDERID_RoamingAppData, "Ferry", "config", out, cap, err);
    }
    free(env);
    if (rc != FY_OK)
        return rc;
    return fy_plat_mkdirs(out, err);
}

/* What ShellExecute "open" would run rather than show (PATHEXT and the
 * other handlers that execute). */
static int runs_on_open(const char *path)
{
    static const char *const exts[] = {".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".msp", ".mst",
                                       ".ps1", ".psm1", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta",
                                       ".cpl", ".lnk", ".url", ".reg", ".jar", ".msc", ".application", ".appref-ms",
                                       ".scf", ".inf", ".gadget", ".settingcontent-ms", ".library-ms"};
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '\\') || strchr(dot, '/'))
        return 0;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (!_stricmp(dot, exts[i]))
            return 1;
    return 0;
}

fy_result fy_plat_open_file(const char *path, fy_err *err)
{
    wchar_t *w;
    HINSTANCE r;
    HRESULT co;
    DWORD a, e;
    fy_result rc;
    size_t n = strlen(path);
    /* A name ending in dots or spaces: Windows drops them, so ".exe." runs. */
    if (runs_on_open(path) || (n && (path[n - 1] == '.' || path[n - 1] == ' ')))
        return fy_fail(err, FY_ERR_USAGE, "not opened: %s is a program (use Show in folder)", path);
    if ((rc = wfull(path, "open", 0, &w, err)) != FY_OK)
        return rc;
    a = GetFileAttributesW(w);
    if (a == INVALID_FILE_ATTRIBUTES || (a & FILE_ATTRIBUTE_DIRECTORY)) {
        rc = fy_win_os_fail(err, a == INVALID_FILE_ATTRIBUTES ? GetLastError() : ERROR_DIRECTORY, "open", path);
        goto cleanup;
    }
    co = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    r = ShellExecuteW(NULL, L"open", w, NULL, NULL, SW_SHOWNORMAL);
    if ((INT_PTR)r <= 32) {
        e = GetLastError();
        if (!e)
            e = (INT_PTR)r == SE_ERR_NOASSOC ? ERROR_NO_ASSOCIATION : (DWORD)(INT_PTR)r;
        rc = fy_win_os_fail(err, e, "open", path);
    }
    if (SUCCEEDED(co))
        CoUninitialize();

cleanup:
    free(w);
    return rc;
}

fy_result fy_plat_open_folder(const char *path, fy_err *err)
{
    wchar_t *w;
    HINSTANCE r;
    HRESULT co;
    DWORD a, e;
    fy_result rc;
    /* Without \\?\: Explorer does not take it. */
    if ((rc = wfull(path, "open folder", 0, &w, err)) != FY_OK)
        return rc;
    /* "open" on a file would run it (an .exe just received, say). */
    a = GetFileAttributesW(w);
    if (a == INVALID_FILE_ATTRIBUTES || !(a & FILE_ATTRIBUTE_DIRECTORY)) {
        rc = fy_win_os_fail(err, a == INVALID_FILE_ATTRIBUTES ? GetLastError() : ERROR_DIRECTORY, "open folder", path);
        goto cleanup;
    }
    /* Shell extensions behind ShellExecute may need COM on this thread. */
    co = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    r = ShellExecuteW(NULL, L"open", w, NULL, NULL, SW_SHOWNORMAL);
    if ((INT_PTR)r <= 32) {
        /* Its result is an old SE_ERR_ code, most of which are Win32 codes
         * too; the last error is set only sometimes. */
        e = GetLastError();
        if (!e)
            e = (INT_PTR)r == SE_ERR_NOASSOC ? ERROR_NO_ASSOCIATION : (DWORD)(INT_PTR)r;
        rc = fy_win_os_fail(err, e, "open folder", path);
    }
    if (SUCCEEDED(co))
        CoUninitialize();

cleanup:
    free(w);
    return rc;
}
