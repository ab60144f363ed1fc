/* fy_platform_win32.c: the platform seam on Windows: files, folders, time.
 * The console and the process are in fy_platform_win32_term.c, network
 * helpers in fy_platform_win32_net.c, file dialogs in _pick.c.
 *
 * Ferry speaks UTF-8; Windows file names are UTF-16. Every path is turned
 * into its UTF-16, absolute, \\?\ form here, at the boundary, and only the
 * wide (W) calls are used: the narrow ones would go through the ANSI code
 * page and lose every name it cannot spell. */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601 /* Windows 7: GetTickCount64, FindExInfoBasic, known folders */
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include "fy_platform.h"
#include "fy_platform_win32_int.h"

#include <windows.h>
#include <winioctl.h>
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

static int is_missing(DWORD e)
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
static fy_result os_fail(fy_err *err, DWORD e, const char *what, const char *path)
{
    char text[256];
    if (is_disk_full(e))
        return fy_fail(err, FY_ERR_DISK_FULL, "disk full writing %s", path);
    fy_win_err_text(e, text, sizeof text);
    return fy_fail(err, is_missing(e) ? FY_ERR_NOT_FOUND : FY_ERR_IO, "cannot %s \"%s\": %s", what, path, text);
}

static fy_result nomem(fy_err *err) { return fy_fail(err, FY_ERR_NOMEM, "out of memory"); }

/* ---- paths -------------------------------------------------------------------- */

/* Length of the root of a \\?\ path: "\\?\C:\" or "\\?\UNC\server\share\".
 * Nothing above it can be created or needs to be. */
static size_t wroot_len(const wchar_t *w)
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
            return nomem(err);
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
            rc = os_fail(err, GetLastError(), what, path);
            goto cleanup;
        }
        free(full);
        if (!(full = malloc((size_t)need * sizeof *full))) {
            rc = nomem(err);
            goto cleanup;
        }
        got = GetFullPathNameW(w, need, full, NULL);
        if (got != 0 && got < need)
            break;
        need = got;
    }
    len = wcslen(full);
    if (!(res = malloc((len + FY_PREFIX_MAX + 1) * sizeof *res))) {
        rc = nomem(err);
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
    root = prefix ? wroot_len(res) : 3; /* "C:\" */
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

static fy_result wpath(const char *path, const char *what, wchar_t **out, fy_err *err)
{
    return wfull(path, what, 1, out, err);
}

/* A \\?\ path as the user would write it, for messages. */
static char *shown_path(const wchar_t *w)
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

static int64_t unix_from_filetime(FILETIME ft)
{
    uint64_t t = ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    return (int64_t)(t / 10000000u) - FY_EPOCH_DIFF;
}

static FILETIME filetime_from_unix(int64_t s)
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
    return unix_from_filetime(ft);
}

void fy_plat_sleep_ms(unsigned ms) { Sleep(ms); }

/* ---- files ------------------------------------------------------------------------- */

struct fy_file {
    HANDLE h;
    int sparse;
    char path[];
};

struct fy_dir {
    HANDLE h;
    WIN32_FIND_DATAW fd;
    int pending; /* fd holds an entry not yet returned */
    char *name;
    char path[];
};

/* Other programs may read, write, rename or delete a file Ferry has open,
 * as on Linux; without FILE_SHARE_DELETE a .part file could not be renamed
 * while its handle is still open. */
#define FY_SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

/* Symbolic links and junctions are "name surrogates": they stand for
 * another path. Other reparse points (OneDrive placeholders, deduplicated
 * files) are the file itself and are treated as such. */
static int is_link_tag(DWORD tag) { return IsReparseTagNameSurrogate(tag); }

static DWORD reparse_tag(const wchar_t *w)
{
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileExW(w, FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, 0);
    if (h == INVALID_HANDLE_VALUE)
        return IO_REPARSE_TAG_SYMLINK; /* unknown: not following is the safe guess */
    FindClose(h);
    return fd.dwReserved0;
}

static void fill_stat(DWORD attr, uint64_t size, FILETIME mtime, fy_stat *st)
{
    st->kind = (attr & FILE_ATTRIBUTE_DIRECTORY) ? FY_KIND_DIR
               : (attr & FILE_ATTRIBUTE_DEVICE)  ? FY_KIND_OTHER
                                                 : FY_KIND_FILE;
    st->size = st->kind == FY_KIND_FILE ? size : 0;
    st->mtime = unix_from_filetime(mtime);
    st->executable = 0; /* Windows has no such bit */
}

static fy_result do_stat(const char *path, fy_stat *st, int follow, fy_err *err)
{
    WIN32_FILE_ATTRIBUTE_DATA a;
    BY_HANDLE_FILE_INFORMATION bi;
    wchar_t *w;
    HANDLE h;
    fy_result rc = FY_OK;

    memset(st, 0, sizeof *st);
    if ((rc = wpath(path, "look at", &w, err)) != FY_OK)
        return rc;
    /* This does not follow a link: it describes the link itself. */
    if (!GetFileAttributesExW(w, GetFileExInfoStandard, &a)) {
        DWORD e = GetLastError();
        /* ERROR_DIRECTORY: a part of the path is a file (ENOTDIR). */
        if (!is_missing(e) && e != ERROR_DIRECTORY)
            rc = os_fail(err, e, "look at", path);
        goto cleanup; /* missing: kind NONE */
    }
    if (!(a.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) || !is_link_tag(reparse_tag(w))) {
        fill_stat(a.dwFileAttributes, ((uint64_t)a.nFileSizeHigh << 32) | a.nFileSizeLow, a.ftLastWriteTime, st);
    } else if (!follow) {
        st->kind = FY_KIND_LINK;
        st->mtime = unix_from_filetime(a.ftLastWriteTime);
    } else {
        /* Opening follows the link; BACKUP_SEMANTICS lets it open folders.
         * Reading attributes only: a placeholder is not downloaded. */
        h = CreateFileW(w, FILE_READ_ATTRIBUTES, FY_SHARE_ALL, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
        if (h == INVALID_HANDLE_VALUE) {
            DWORD e = GetLastError();
            if (!is_missing(e))
                rc = os_fail(err, e, "look at", path);
            goto cleanup; /* a dangling link: kind NONE, as stat(2) says */
        }
        if (GetFileInformationByHandle(h, &bi))
            fill_stat(bi.dwFileAttributes, ((uint64_t)bi.nFileSizeHigh << 32) | bi.nFileSizeLow,
                      bi.ftLastWriteTime, st);
        else
            rc = os_fail(err, GetLastError(), "look at", path);
        CloseHandle(h);
    }

cleanup:
    free(w);
    return rc;
}

fy_result fy_plat_stat(const char *path, fy_stat *st, fy_err *err) { return do_stat(path, st, 1, err); }
fy_result fy_plat_lstat(const char *path, fy_stat *st, fy_err *err) { return do_stat(path, st, 0, err); }

/* Opens for writing without following a final link: a link planted where a
 * received file goes must not redirect the write elsewhere. The handle to
 * the link itself is checked, so nothing can swap the file in between. */
static HANDLE open_for_write(const wchar_t *w, int *is_link)
{
    FILE_ATTRIBUTE_TAG_INFO ti;
    BY_HANDLE_FILE_INFORMATION bi;
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FY_SHARE_ALL, NULL, OPEN_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    *is_link = 0;
    if (h == INVALID_HANDLE_VALUE)
        return h;
    if (!GetFileInformationByHandleEx(h, FileAttributeTagInfo, &ti, sizeof ti)) {
        ti.FileAttributes = GetFileInformationByHandle(h, &bi) ? bi.dwFileAttributes : 0;
        ti.ReparseTag = IO_REPARSE_TAG_SYMLINK; /* unknown: not following is the safe guess */
    }
    if (!(ti.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT))
        return h;
    CloseHandle(h);
    if (is_link_tag(ti.ReparseTag)) {
        *is_link = 1;
        return INVALID_HANDLE_VALUE;
    }
    /* Not a link: open it normally, so its file system filter (cloud
     * files, deduplication) sees an ordinary write. */
    return CreateFileW(w, GENERIC_WRITE, FY_SHARE_ALL, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
}

fy_result fy_plat_open(const char *path, fy_open_mode mode, fy_file **out, fy_err *err)
{
    const char *what = mode == FY_OPEN_READ ? "open" : "create";
    size_t n = strlen(path);
    wchar_t *w = NULL;
    HANDLE h;
    fy_file *f;
    fy_result rc;
    int is_link = 0;

    *out = NULL;
    if ((rc = wpath(path, what, &w, err)) != FY_OK)
        return rc;
    /* Sequential scan is given at open: Windows has no later hint, and every
     * read Ferry makes goes from an offset to the end. */
    if (mode == FY_OPEN_READ)
        h = CreateFileW(w, GENERIC_READ, FY_SHARE_ALL, NULL, OPEN_EXISTING,
                        FILE_ATTRIBUTE_NORMAL | FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    else
        h = open_for_write(w, &is_link);
    if (h == INVALID_HANDLE_VALUE) {
        rc = is_link ? fy_fail(err, FY_ERR_IO, "cannot %s \"%s\": it is a symbolic link", what, path)
                     : os_fail(err, GetLastError(), what, path);
        goto cleanup;
    }
    /* OPEN_ALWAYS and a cut rather than CREATE_ALWAYS: the latter fails on a
     * hidden file and drops its attributes. */
    if (mode == FY_OPEN_WRITE_NEW && !SetEndOfFile(h)) {
        rc = os_fail(err, GetLastError(), what, path);
        CloseHandle(h);
        goto cleanup;
    }
    if (!(f = malloc(sizeof *f + n + 1))) {
        CloseHandle(h);
        rc = nomem(err);
        goto cleanup;
    }
    f->h = h;
    f->sparse = 0;
    memcpy(f->path, path, n + 1);
    *out = f;

cleanup:
    free(w);
    return rc;
}

/* ReadFile and WriteFile take a DWORD length. */
#define FY_IO_CHUNK (1u << 30)

fy_result fy_plat_read(fy_file *f, void *buf, size_t len, size_t *got, fy_err *err)
{
    DWORD n = 0;
    if (!ReadFile(f->h, buf, len > FY_IO_CHUNK ? FY_IO_CHUNK : (DWORD)len, &n, NULL)) {
        *got = 0;
        return os_fail(err, GetLastError(), "read", f->path);
    }
    *got = n;
    return FY_OK;
}

fy_result fy_plat_write(fy_file *f, const void *buf, size_t len, fy_err *err)
{
    const char *p = buf;
    while (len > 0) {
        DWORD n = 0;
        if (!WriteFile(f->h, p, len > FY_IO_CHUNK ? FY_IO_CHUNK : (DWORD)len, &n, NULL))
            return os_fail(err, GetLastError(), "write", f->path);
        if (n == 0)
            return os_fail(err, ERROR_DISK_FULL, "write", f->path);
        p += n;
        len -= n;
    }
    return FY_OK;
}

fy_result fy_plat_seek(fy_file *f, uint64_t offset, fy_err *err)
{
    LARGE_INTEGER li;
    if (offset > (uint64_t)INT64_MAX)
        return os_fail(err, ERROR_NEGATIVE_SEEK, "seek in", f->path);
    li.QuadPart = (LONGLONG)offset;
    if (!SetFilePointerEx(f->h, li, NULL, FILE_BEGIN))
        return os_fail(err, GetLastError(), "seek in", f->path);
    return FY_OK;
}

fy_result fy_plat_truncate(fy_file *f, uint64_t size, fy_err *err)
{
    LARGE_INTEGER zero = {0}, cur, old, to;
    DWORD e = 0, n;
    if (size > (uint64_t)INT64_MAX)
        return os_fail(err, ERROR_NEGATIVE_SEEK, "resize", f->path);
    if (!GetFileSizeEx(f->h, &old) || !SetFilePointerEx(f->h, zero, &cur, FILE_CURRENT))
        return os_fail(err, GetLastError(), "resize", f->path);
    /* Growing a file that is not sparse makes NTFS write zeros up to the
     * new end before the next write lands, as ftruncate on Linux does not.
     * A file system without sparse files just grows it the slow way. */
    if (size > (uint64_t)old.QuadPart && !f->sparse)
        f->sparse = DeviceIoControl(f->h, FSCTL_SET_SPARSE, NULL, 0, NULL, 0, &n, NULL) != 0;
    /* SetEndOfFile cuts at the file pointer; ftruncate leaves the pointer
     * where it was, so it is put back. */
    to.QuadPart = (LONGLONG)size;
    if (!SetFilePointerEx(f->h, to, NULL, FILE_BEGIN) || !SetEndOfFile(f->h))
        e = GetLastError();
    if (!SetFilePointerEx(f->h, cur, NULL, FILE_BEGIN) && !e)
        e = GetLastError();
    return e ? os_fail(err, e, "resize", f->path) : FY_OK;
}

/* Given at open (FILE_FLAG_SEQUENTIAL_SCAN): Windows has no later hint. */
void fy_plat_advise_sequential(fy_file *f) { (void)f; }

fy_result fy_plat_close(fy_file *f, fy_err *err)
{
    fy_result rc = FY_OK;
    if (!f)
        return FY_OK;
    if (!CloseHandle(f->h))
        rc = os_fail(err, GetLastError(), "close", f->path);
    free(f);
    return rc;
}

const char *fy_plat_file_path(const fy_file *f) { return f->path; }

fy_result fy_plat_rename_noreplace(const char *from, const char *to, int *exists, fy_err *err)
{
    wchar_t *wf = NULL, *wt = NULL;
    fy_result rc;
    *exists = 0;
    if ((rc = wpath(from, "rename", &wf, err)) != FY_OK || (rc = wpath(to, "rename", &wt, err)) != FY_OK)
        goto cleanup;
    /* Without MOVEFILE_REPLACE_EXISTING the move refuses an existing target
     * in one step: there is no moment between a check and the move. */
    if (!MoveFileExW(wf, wt, 0)) {
        DWORD e = GetLastError();
        if (e == ERROR_ALREADY_EXISTS || e == ERROR_FILE_EXISTS)
            *exists = 1;
        else
            rc = os_fail(err, e, "rename", from);
    }

cleanup:
    free(wf);
    free(wt);
    return rc;
}

fy_result fy_plat_remove(const char *path, fy_err *err)
{
    wchar_t *w;
    fy_result rc;
    DWORD e = 0, a;
    if ((rc = wpath(path, "remove", &w, err)) != FY_OK)
        return rc;
    if (!DeleteFileW(w)) {
        e = GetLastError();
        /* unlink(2) ignores the file's own mode; DeleteFile refuses a
         * read-only file. */
        if (e == ERROR_ACCESS_DENIED && (a = GetFileAttributesW(w)) != INVALID_FILE_ATTRIBUTES &&
            (a & FILE_ATTRIBUTE_READONLY) && SetFileAttributesW(w, a & ~(DWORD)FILE_ATTRIBUTE_READONLY))
            e = DeleteFileW(w) ? 0 : GetLastError();
        if (e && !is_missing(e))
            rc = os_fail(err, e, "remove", path);
    }
    free(w);
    return rc;
}

/* shown names w in messages; NULL: w itself, as the user would write it. */
static fy_result mkdir_w(const wchar_t *w, const char *shown, fy_err *err)
{
    DWORD e, a;
    char *own = NULL;
    fy_result rc;
    if (CreateDirectoryW(w, NULL))
        return FY_OK;
    e = GetLastError();
    /* Any error on a folder that is there is success: creating a drive's
     * root, or a folder one may not write into, fails with access denied. */
    a = GetFileAttributesW(w);
    if (a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY))
        return FY_OK;
    if (!shown && !(shown = own = shown_path(w)))
        return nomem(err);
    if (e == ERROR_ALREADY_EXISTS)
        rc = fy_fail(err, FY_ERR_IO, "cannot create folder \"%s\": a file with that name exists", shown);
    else
        rc = os_fail(err, e, "create folder", shown);
    free(own);
    return rc;
}

fy_result fy_plat_mkdir(const char *path, fy_err *err)
{
    wchar_t *w;
    fy_result rc;
    if ((rc = wpath(path, "create folder", &w, err)) != FY_OK)
        return rc;
    rc = mkdir_w(w, path, err);
    free(w);
    return rc;
}

fy_result fy_plat_mkdirs(const char *path, fy_err *err)
{
    wchar_t *w;
    size_t n;
    fy_result rc = FY_OK;
    if ((rc = wpath(path, "create folder", &w, err)) != FY_OK)
        return rc;
    /* wpath made it absolute and '\'-only: each '\' past the root ends one
     * folder to create. */
    n = wcslen(w);
    for (size_t i = wroot_len(w); i < n && rc == FY_OK; i++) {
        if (w[i] != L'\\')
            continue;
        w[i] = L'\0';
        rc = mkdir_w(w, NULL, err);
        w[i] = L'\\';
    }
    if (rc == FY_OK)
        rc = mkdir_w(w, path, err);
    free(w);
    return rc;
}

fy_result fy_plat_set_mtime(const char *path, int64_t mtime, fy_err *err)
{
    FILETIME ft = filetime_from_unix(mtime);
    wchar_t *w;
    HANDLE h;
    fy_result rc;
    if ((rc = wpath(path, "set the time of", &w, err)) != FY_OK)
        return rc;
    /* OPEN_REPARSE_POINT: a link gets the time, not its target, as with
     * AT_SYMLINK_NOFOLLOW. BACKUP_SEMANTICS: folders too. */
    h = CreateFileW(w, FILE_WRITE_ATTRIBUTES, FY_SHARE_ALL, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE || !SetFileTime(h, NULL, NULL, &ft))
        rc = os_fail(err, GetLastError(), "set the time of", path);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    free(w);
    return rc;
}

/* Windows has no executable bit: what runs is decided by the extension. */
fy_result fy_plat_set_executable(const char *path, fy_err *err)
{
    (void)path;
    (void)err;
    return FY_OK;
}

fy_result fy_plat_free_space(const char *path, uint64_t *bytes, fy_err *err)
{
    ULARGE_INTEGER avail;
    wchar_t *w, *dir = NULL, *cut;
    size_t n;
    DWORD a;
    fy_result rc;
    if ((rc = wpath(path, "measure free space of", &w, err)) != FY_OK)
        return rc;
    /* GetDiskFreeSpaceEx takes a folder, with a final '\' (which wpath
     * leaves only on a root). */
    a = GetFileAttributesW(w);
    if (a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY) && (cut = wcsrchr(w, L'\\')) != NULL &&
        (size_t)(cut - w) >= wroot_len(w))
        *cut = L'\0';
    n = wcslen(w);
    if (!(dir = malloc((n + 2) * sizeof *dir))) {
        rc = nomem(err);
        goto cleanup;
    }
    wcscpy(dir, w);
    if (n == 0 || dir[n - 1] != L'\\')
        wcscat(dir, L"\\");
    /* The free bytes this user may use: quotas included, as f_bavail. */
    if (!GetDiskFreeSpaceExW(dir, &avail, NULL, NULL))
        rc = os_fail(err, GetLastError(), "measure free space of", path);
    else
        *bytes = avail.QuadPart;

cleanup:
    free(w);
    free(dir);
    return rc;
}

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
        return nomem(err);
    if (strlen(s) >= cap)
        rc = fy_fail(err, FY_ERR_IO, "path too long: %s", path);
    else
        strcpy(out, s);
    free(s);
    return rc;
}

/* A DACL that names only this user and inherits nothing from the folder:
 * the Windows form of mode 0600. %APPDATA% is per-user already, but
 * FERRY_CONFIG_DIR may point anywhere. Returns 0 or the error; the caller
 * frees *acl. */
static DWORD user_only(SECURITY_DESCRIPTOR *sd, PACL *acl)
{
    HANDLE tok = NULL;
    TOKEN_USER *tu = NULL;
    DWORD n = 0, size, e = 0;
    int ok = 0;
    *acl = NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        goto cleanup;
    GetTokenInformation(tok, TokenUser, NULL, 0, &n); /* fails, giving the size */
    SetLastError(ERROR_SUCCESS);
    if (!n || !(tu = malloc(n)) || !GetTokenInformation(tok, TokenUser, tu, n, &n))
        goto cleanup;
    size = sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) - sizeof(DWORD) + GetLengthSid(tu->User.Sid);
    if (!(*acl = malloc(size)) || !InitializeAcl(*acl, size, ACL_REVISION) ||
        !AddAccessAllowedAce(*acl, ACL_REVISION, FILE_ALL_ACCESS, tu->User.Sid) ||
        !InitializeSecurityDescriptor(sd, SECURITY_DESCRIPTOR_REVISION) ||
        !SetSecurityDescriptorDacl(sd, TRUE, *acl, FALSE) ||
        !SetSecurityDescriptorControl(sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED))
        goto cleanup;
    ok = 1;

cleanup:
    if (!ok) {
        e = GetLastError();
        if (!e)
            e = ERROR_NOT_ENOUGH_MEMORY; /* a malloc failed */
        free(*acl);
        *acl = NULL;
    }
    free(tu);
    if (tok)
        CloseHandle(tok);
    return e;
}

fy_result fy_plat_write_file_atomic(const char *path, const void *data, size_t len, int private_to_user, fy_err *err)
{
    SECURITY_DESCRIPTOR sd;
    SECURITY_ATTRIBUTES sa = {sizeof sa, &sd, FALSE};
    PACL acl = NULL;
    char *tmp = NULL;
    wchar_t *wtmp = NULL, *wdst = NULL;
    HANDLE h = INVALID_HANDLE_VALUE;
    const char *p = data;
    size_t n = strlen(path) + 32;
    fy_result rc;
    DWORD e = 0;

    if (!(tmp = malloc(n)))
        return nomem(err);
    snprintf(tmp, n, "%s.tmp-%lu", path, (unsigned long)GetCurrentProcessId());
    if ((rc = wpath(tmp, "create", &wtmp, err)) != FY_OK || (rc = wpath(path, "replace", &wdst, err)) != FY_OK)
        goto cleanup;
    if (private_to_user && (e = user_only(&sd, &acl)) != 0) {
        rc = os_fail(err, e, "restrict to this user", tmp);
        goto cleanup;
    }
    /* A new file, never one left by a crash: Windows applies the security
     * descriptor only to a file it creates. */
    DeleteFileW(wtmp);
    h = CreateFileW(wtmp, GENERIC_WRITE, 0, private_to_user ? &sa : NULL, CREATE_NEW,
                    FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        rc = os_fail(err, GetLastError(), "create", tmp);
        goto cleanup;
    }
    while (len > 0 && !e) {
        DWORD put = 0;
        if (!WriteFile(h, p, len > FY_IO_CHUNK ? FY_IO_CHUNK : (DWORD)len, &put, NULL))
            e = GetLastError();
        else if (put == 0)
            e = ERROR_DISK_FULL;
        p += put;
        len -= put;
    }
    /* Flushed before the rename: after a crash the file is the old one or
     * the whole new one, never an empty one. */
    if (!e && !FlushFileBuffers(h))
        e = GetLastError();
    if (!CloseHandle(h) && !e)
        e = GetLastError();
    h = INVALID_HANDLE_VALUE;
    if (e) {
        rc = os_fail(err, e, "write", tmp);
        goto cleanup;
    }
    /* An antivirus or indexer that opened the old file for a moment makes
     * the replace fail with a sharing error; it passes on a retry. */
    for (int tries = 0; !MoveFileExW(wtmp, wdst, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH); tries++) {
        e = GetLastError();
        if (tries >= 10 || (e != ERROR_ACCESS_DENIED && e != ERROR_SHARING_VIOLATION)) {
            rc = os_fail(err, e, "replace", path);
            goto cleanup;
        }
        Sleep(50);
    }

cleanup:
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    if (rc != FY_OK && wtmp)
        DeleteFileW(wtmp);
    free(acl);
    free(tmp);
    free(wtmp);
    free(wdst);
    return rc;
}

fy_result fy_plat_opendir(const char *path, fy_dir **out, fy_err *err)
{
    size_t n = strlen(path), wn;
    wchar_t *w = NULL, *pat = NULL;
    fy_dir *d;
    fy_result rc;
    DWORD e, a;

    *out = NULL;
    if (!(d = calloc(1, sizeof *d + n + 1)))
        return nomem(err);
    memcpy(d->path, path, n + 1);
    if ((rc = wpath(path, "list folder", &w, err)) != FY_OK)
        goto cleanup;
    wn = wcslen(w);
    if (!(pat = malloc((wn + 3) * sizeof *pat))) {
        rc = nomem(err);
        goto cleanup;
    }
    wcscpy(pat, w);
    wcscat(pat, wn && w[wn - 1] == L'\\' ? L"*" : L"\\*");
    /* Basic info: no 8.3 short names to look up. Large fetch: fewer trips
     * to the file system for big folders. */
    d->h = FindFirstFileExW(pat, FindExInfoBasic, &d->fd, FindExSearchNameMatch, NULL, FIND_FIRST_EX_LARGE_FETCH);
    d->pending = d->h != INVALID_HANDLE_VALUE;
    if (!d->pending) {
        e = GetLastError();
        a = GetFileAttributesW(w);
        if (a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY))
            e = ERROR_DIRECTORY; /* a file: say so, as ENOTDIR does */
        /* No match at all in a folder is an empty drive root: a root has no
         * "." entry. */
        if (e != ERROR_FILE_NOT_FOUND || a == INVALID_FILE_ATTRIBUTES) {
            rc = os_fail(err, e, "list folder", path);
            goto cleanup;
        }
    }
    *out = d;
    d = NULL;

cleanup:
    free(d);
    free(w);
    free(pat);
    return rc;
}

fy_result fy_plat_readdir(fy_dir *d, const char **name, fy_err *err)
{
    *name = NULL;
    for (;;) {
        const wchar_t *n;
        if (d->h == INVALID_HANDLE_VALUE)
            return FY_OK; /* an empty root */
        if (!d->pending && !FindNextFileW(d->h, &d->fd)) {
            DWORD e = GetLastError();
            return e == ERROR_NO_MORE_FILES ? FY_OK : os_fail(err, e, "list folder", d->path);
        }
        d->pending = 0;
        n = d->fd.cFileName;
        if (wcscmp(n, L".") == 0 || wcscmp(n, L"..") == 0)
            continue;
        free(d->name);
        if (!(d->name = fy_win_utf8_dup(n)))
            return nomem(err);
        *name = d->name;
        return FY_OK;
    }
}

void fy_plat_closedir(fy_dir *d)
{
    if (!d)
        return;
    if (d->h != INVALID_HANDLE_VALUE)
        FindClose(d->h);
    free(d->name);
    free(d);
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
        return nomem(err);
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
            rc = nomem(err);
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
        rc = os_fail(err, a == INVALID_FILE_ATTRIBUTES ? GetLastError() : ERROR_DIRECTORY, "open folder", path);
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
        rc = os_fail(err, e, "open folder", path);
    }
    if (SUCCEEDED(co))
        CoUninitialize();

cleanup:
    free(w);
    return rc;
}
