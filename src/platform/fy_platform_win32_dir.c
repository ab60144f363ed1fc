/* fy_platform_win32_dir.c: the platform seam on Windows: creating and
 * listing folders. */
#include "fy_platform.h"
#include "fy_platform_win32_int.h"

#include <windows.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- folders ----------------------------------------------------------------------- */

struct fy_dir {
    HANDLE h;
    WIN32_FIND_DATAW fd;
    int pending; /* fd holds an entry not yet returned */
    char *name;
    char path[];
};

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
    if (!shown && !(shown = own = fy_win_shown_path(w)))
        return fy_win_nomem(err);
    if (e == ERROR_ALREADY_EXISTS)
        rc = fy_fail(err, FY_ERR_IO, "cannot create folder \"%s\": a file with that name exists", shown);
    else
        rc = fy_win_os_fail(err, e, "create folder", shown);
    free(own);
    return rc;
}

fy_result fy_plat_mkdir(const char *path, fy_err *err)
{
    wchar_t *w;
    fy_result rc;
    if ((rc = fy_win_path(path, "create folder", &w, err)) != FY_OK)
        return rc;
    rc = mkdir_w(w, path, err);
    free(w);
    return rc;
}

/* The config folder is in the user's profile (%APPDATA%), whose ACL
 * already keeps other users out: a folder made there inherits it. */
fy_result fy_plat_mkdir_private(const char *path, fy_err *err) { return fy_plat_mkdir(path, err); }

fy_result fy_plat_mkdirs(const char *path, fy_err *err)
{
    wchar_t *w;
    size_t n;
    fy_result rc = FY_OK;
    if ((rc = fy_win_path(path, "create folder", &w, err)) != FY_OK)
        return rc;
    /* fy_win_path made it absolute and '\'-only: each '\' past the root ends one
     * folder to create. */
    n = wcslen(w);
    for (size_t i = fy_win_root_len(w); i < n && rc == FY_OK; i++) {
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

fy_result fy_plat_opendir(const char *path, fy_dir **out, fy_err *err)
{
    size_t n = strlen(path), wn;
    wchar_t *w = NULL, *pat = NULL;
    fy_dir *d;
    fy_result rc;
    DWORD e, a;

    *out = NULL;
    if (!(d = calloc(1, sizeof *d + n + 1)))
        return fy_win_nomem(err);
    memcpy(d->path, path, n + 1);
    if ((rc = fy_win_path(path, "list folder", &w, err)) != FY_OK)
        goto cleanup;
    wn = wcslen(w);
    if (!(pat = malloc((wn + 3) * sizeof *pat))) {
        rc = fy_win_nomem(err);
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
            rc = fy_win_os_fail(err, e, "list folder", path);
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
            return e == ERROR_NO_MORE_FILES ? FY_OK : fy_win_os_fail(err, e, "list folder", d->path);
        }
        d->pending = 0;
        n = d->fd.cFileName;
        if (wcscmp(n, L".") == 0 || wcscmp(n, L"..") == 0)
            continue;
        free(d->name);
        if (!(d->name = fy_win_utf8_dup(n)))
            return fy_win_nomem(err);
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
