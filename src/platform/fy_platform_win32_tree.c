/* fy_platform_win32_tree.c: the receive folder as a tree that follows no
 * links (fy_platform.h, "a folder tree that follows no links"), on Windows.
 *
 * Windows has no openat(), so every operation goes by full path, made safe
 * this way: each folder on the way is opened, from the receive folder
 * down, with FILE_FLAG_OPEN_REPARSE_POINT (which opens a link itself, not
 * its target), refused if it is a link or a junction, and held open
 * without FILE_SHARE_DELETE until the operation is over. A folder open
 * without that sharing cannot be renamed, deleted or swapped for a
 * junction, so the full path then names exactly the folders that were
 * checked. The last component is opened with FILE_FLAG_OPEN_REPARSE_POINT
 * too and checked on its own handle before anything is written.
 *
 * One gap is left: an empty folder held this way can still be made a
 * junction in place (FSCTL_SET_REPARSE_POINT needs only
 * FILE_WRITE_ATTRIBUTES, which sharing does not guard). Closing it takes
 * opening each component relative to its parent's handle (NtCreateFile
 * with RootDirectory), the true openat. */
#include "fy_platform.h"
#include "fy_platform_win32_int.h"

#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/fy_names.h"

struct fy_tree {
    HANDLE h;   /* the receive folder, held open for the tree's life */
    wchar_t *w; /* its \\?\ path, with a final '\' */
    size_t wlen;
    char path[]; /* as given, for messages */
};

/* One path below the tree, with the folders on its way held open. */
typedef struct at {
    HANDLE held[FY_DEPTH_MAX];
    int nheld;
    wchar_t *w;                  /* the full \\?\ path */
    char shown[FY_PATH_MAX * 2]; /* tree path + '\' + rel, for messages */
} at;

/* Held folders, the tree's own included: open for listing (which the
 * sharing rules count, unlike reading attributes only) and shared for
 * reading and writing, not deleting: renaming or removing the folder then
 * fails with a sharing violation until the handle is closed. Writing is
 * shared because a rename into the folder opens it for writing. */
#define FY_HOLD_ACCESS (FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES)
#define FY_HOLD_SHARE (FILE_SHARE_READ | FILE_SHARE_WRITE)

static fy_result link_fail(const char *shown, fy_err *err)
{
    return fy_fail(err, FY_ERR_IO,
                   "\"%s\" is a symbolic link or junction; Ferry never follows links inside the receive folder", shown);
}

/* Whether h, opened at w with FILE_FLAG_OPEN_REPARSE_POINT, is a link.
 * Wine opens the target of a unix symbolic link even with that flag, and
 * shows FILE_ATTRIBUTE_REPARSE_POINT (for a link to a folder) only in the
 * attributes looked up by name; on Windows that lookup sees what the
 * handle holds, so asking both costs one call and loses nothing. */
static int handle_is_link(HANDLE h, const wchar_t *w, const BY_HANDLE_FILE_INFORMATION *bi)
{
    FILE_ATTRIBUTE_TAG_INFO ti;
    DWORD a;
    if (bi->dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) {
        if (!GetFileInformationByHandleEx(h, FileAttributeTagInfo, &ti, sizeof ti))
            ti.ReparseTag = 0; /* unknown: a link, to be safe */
        return fy_win_is_link(bi->dwFileAttributes, ti.ReparseTag);
    }
    a = GetFileAttributesW(w);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_REPARSE_POINT);
}

fy_result fy_tree_open(const char *path, int create, fy_tree **out, fy_err *err)
{
    BY_HANDLE_FILE_INFORMATION bi;
    wchar_t *w = NULL, *final = NULL;
    const wchar_t *root;
    HANDLE h = INVALID_HANDLE_VALUE;
    fy_tree *t = NULL;
    size_t n;
    DWORD got;
    fy_result rc;

    *out = NULL;
    if (create && (rc = fy_plat_mkdirs(path, err)) != FY_OK)
        return rc;
    if ((rc = fy_win_path(path, "open folder", &w, err)) != FY_OK)
        return rc;
    /* The folder itself is followed if it is a link: the user chose it. */
    h = CreateFileW(w, FY_HOLD_ACCESS, FY_HOLD_SHARE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        rc = fy_win_os_fail(err, GetLastError(), "open folder", path);
        goto cleanup;
    }
    if (!GetFileInformationByHandle(h, &bi)) {
        rc = fy_win_os_fail(err, GetLastError(), "open folder", path);
        goto cleanup;
    }
    if (!(bi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
        rc = fy_fail(err, FY_ERR_IO, "\"%s\" is not a folder", path);
        goto cleanup;
    }
    /* Paths are built on the folder the handle holds, not on path: were
     * path a link, it could be pointed elsewhere while the tree is open.
     * Some file systems (RAM disks) cannot say; path is the fallback. */
    got = GetFinalPathNameByHandleW(h, NULL, 0, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    if (got > 0 && (final = malloc((size_t)got * sizeof *final)) != NULL) {
        DWORD len = GetFinalPathNameByHandleW(h, final, got, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
        if (len == 0 || len >= got || wcsncmp(final, L"\\\\?\\", 4) != 0) {
            free(final);
            final = NULL;
        }
    }
    root = final ? final : w;
    n = wcslen(root);
    if (!(t = malloc(sizeof *t + strlen(path) + 1)) || !(t->w = malloc((n + 2) * sizeof *t->w))) {
        free(t);
        t = NULL;
        rc = fy_win_nomem(err);
        goto cleanup;
    }
    wcscpy(t->w, root);
    if (n == 0 || t->w[n - 1] != L'\\')
        t->w[n++] = L'\\';
    t->w[n] = L'\0';
    t->wlen = n;
    t->h = h;
    h = INVALID_HANDLE_VALUE;
    strcpy(t->path, path);
    *out = t;

cleanup:
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    free(w);
    free(final);
    return rc;
}

void fy_tree_close(fy_tree *t)
{
    if (!t)
        return;
    CloseHandle(t->h);
    free(t->w);
    free(t);
}

const char *fy_tree_path(const fy_tree *t) { return t->path; }

static void at_release(at *a)
{
    while (a->nheld > 0)
        CloseHandle(a->held[--a->nheld]);
    free(a->w);
    a->w = NULL;
}

/* rel as fy_names_map_path makes it: '/'-separated components, none empty,
 * "." or "..", at most FY_DEPTH_MAX. No '\' or ':' either, which Windows
 * would read as a separator or a stream name, past the checks below. */
static int rel_ok(const char *rel)
{
    size_t len = 0;
    int depth = 1;
    if (!*rel || strlen(rel) > FY_PATH_MAX)
        return 0;
    for (const char *p = rel;; p++) {
        if (*p == '/' || !*p) {
            if (len == 0 || (len == 1 && p[-1] == '.') || (len == 2 && p[-1] == '.' && p[-2] == '.'))
                return 0;
            if (!*p)
                return depth <= FY_DEPTH_MAX;
            depth++;
            len = 0;
        } else if (*p == '\\' || *p == ':') {
            return 0;
        } else {
            len++;
        }
    }
}

/* Opens and holds every folder on the way to rel's last component, and
 * builds its full path in a->w. *missing is set (with FY_OK) when one of
 * them does not exist, if missing is not NULL. On anything but FY_OK with
 * *missing 0, a holds nothing. */
static fy_result walk(fy_tree *t, const char *rel, at *a, int *missing, fy_err *err)
{
    size_t tl = strlen(t->path);
    const char *slash = rel;
    wchar_t *wrel = NULL, *p;
    fy_result rc = FY_OK;

    a->nheld = 0;
    a->w = NULL;
    if (missing)
        *missing = 0;
    while (tl > 0 && (t->path[tl - 1] == '\\' || t->path[tl - 1] == '/'))
        tl--;
    snprintf(a->shown, sizeof a->shown, "%.*s\\%s", (int)tl, t->path, rel);
    for (char *s = a->shown + tl; *s; s++)
        if (*s == '/')
            *s = '\\';
    if (!rel_ok(rel))
        return fy_fail(err, FY_ERR_IO, "bad path below the receive folder: \"%s\"", rel);
    if (!(wrel = fy_win_wide_dup(rel))) {
        if (GetLastError() == ERROR_NOT_ENOUGH_MEMORY)
            return fy_win_nomem(err);
        return fy_fail(err, FY_ERR_IO, "bad path below the receive folder (not UTF-8): \"%s\"", a->shown);
    }
    if (!(a->w = malloc((t->wlen + wcslen(wrel) + 1) * sizeof *a->w))) {
        free(wrel);
        return fy_win_nomem(err);
    }
    wcscpy(a->w, t->w);
    wcscat(a->w, wrel);
    free(wrel);
    for (p = a->w + t->wlen; *p; p++)
        if (*p == L'/')
            *p = L'\\';

    /* The k-th '\' after the tree's part of a->w is the k-th '/' of rel. */
    for (p = a->w + t->wlen; (p = wcschr(p, L'\\')) != NULL; p++) {
        BY_HANDLE_FILE_INFORMATION bi;
        HANDLE h;
        DWORD e = 0;
        int link = 0, notdir = 0;
        size_t shown_len;
        slash = strchr(slash, '/');
        shown_len = tl + 1 + (size_t)(slash - rel);
        slash++;
        *p = L'\0';
        h = CreateFileW(a->w, FY_HOLD_ACCESS, FY_HOLD_SHARE, NULL, OPEN_EXISTING,
                        FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
        if (h == INVALID_HANDLE_VALUE || !GetFileInformationByHandle(h, &bi))
            e = GetLastError();
        else if (!(link = handle_is_link(h, a->w, &bi)))
            notdir = !(bi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
        if (!e && !link && !notdir) {
            a->held[a->nheld++] = h;
            *p = L'\\';
            continue;
        }
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        if (shown_len < sizeof a->shown)
            a->shown[shown_len] = '\0'; /* a->shown now names this folder */
        if (e && fy_win_is_missing(e) && missing)
            *missing = 1;
        else if (e)
            rc = fy_win_os_fail(err, e, "open folder", a->shown);
        else if (link)
            rc = link_fail(a->shown, err);
        else
            rc = fy_fail(err, FY_ERR_IO, "\"%s\" is not a folder", a->shown);
        goto fail;
    }
    return FY_OK;

fail:
    at_release(a);
    return rc;
}

/* Describes a's last component without following it (kind NONE when it is
 * not there). */
static fy_result stat_last(at *a, fy_stat *st, fy_err *err)
{
    BY_HANDLE_FILE_INFORMATION bi;
    HANDLE h;
    fy_result rc = FY_OK;
    memset(st, 0, sizeof *st);
    h = CreateFileW(a->w, FILE_READ_ATTRIBUTES, FY_SHARE_ALL, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        return fy_win_is_missing(e) ? FY_OK : fy_win_os_fail(err, e, "look at", a->shown);
    }
    if (!GetFileInformationByHandle(h, &bi)) {
        rc = fy_win_os_fail(err, GetLastError(), "look at", a->shown);
    } else {
        fy_win_fill_stat(&bi, st);
        if (handle_is_link(h, a->w, &bi)) {
            st->kind = FY_KIND_LINK;
            st->size = 0;
        }
    }
    CloseHandle(h);
    return rc;
}

fy_result fy_tree_lstat(fy_tree *t, const char *rel, fy_stat *st, fy_err *err)
{
    at a;
    int missing;
    fy_result rc;
    memset(st, 0, sizeof *st);
    if ((rc = walk(t, rel, &a, &missing, err)) != FY_OK || missing)
        return rc;
    rc = stat_last(&a, st, err);
    at_release(&a);
    return rc;
}

fy_result fy_tree_mkdir(fy_tree *t, const char *rel, int exclusive, int *existed, fy_err *err)
{
    at a;
    fy_stat st;
    int dummy;
    DWORD e;
    fy_result rc;

    if (!existed)
        existed = &dummy;
    *existed = 0;
    if ((rc = walk(t, rel, &a, NULL, err)) != FY_OK)
        return rc;
    if (CreateDirectoryW(a.w, NULL))
        goto out;
    e = GetLastError();
    /* What is there decides: CreateDirectory says "exists" for a link, a
     * file or a folder alike. */
    if ((rc = stat_last(&a, &st, err)) != FY_OK)
        goto out;
    if (exclusive && st.kind != FY_KIND_NONE)
        *existed = 1; /* whatever it is, the name is not free */
    else if (st.kind == FY_KIND_LINK)
        rc = link_fail(a.shown, err);
    else if (st.kind == FY_KIND_DIR)
        *existed = 1;
    else if (st.kind != FY_KIND_NONE)
        rc = fy_fail(err, FY_ERR_IO, "cannot create folder \"%s\": a file with that name exists", a.shown);
    else
        rc = fy_win_os_fail(err, e, "create folder", a.shown);
out:
    at_release(&a);
    return rc;
}

/* Checks the file opened as *h at a->w (link, folder, device), and reopens
 * a reparse point that is not a link without FILE_FLAG_OPEN_REPARSE_POINT,
 * so its file system filter (OneDrive, deduplication) sees an ordinary
 * read or write; that handle must hold the same file as the first one. */
static fy_result check_opened(at *a, HANDLE *h, DWORD access, DWORD flags, fy_err *err)
{
    BY_HANDLE_FILE_INFORMATION bi, again;
    HANDLE h2;
    if (!GetFileInformationByHandle(*h, &bi))
        return fy_win_os_fail(err, GetLastError(), "look at", a->shown);
    if (handle_is_link(*h, a->w, &bi))
        return link_fail(a->shown, err);
    if ((bi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || GetFileType(*h) != FILE_TYPE_DISK)
        return fy_fail(err, FY_ERR_IO, "\"%s\" is not a regular file", a->shown);
    if (!(bi.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT))
        return FY_OK;
    h2 = CreateFileW(a->w, access, FY_SHARE_ALL, NULL, OPEN_EXISTING, flags, NULL);
    if (h2 == INVALID_HANDLE_VALUE)
        return fy_win_os_fail(err, GetLastError(), "open", a->shown);
    if (!GetFileInformationByHandle(h2, &again) || again.dwVolumeSerialNumber != bi.dwVolumeSerialNumber ||
        again.nFileIndexHigh != bi.nFileIndexHigh || again.nFileIndexLow != bi.nFileIndexLow) {
        CloseHandle(h2);
        return fy_fail(err, FY_ERR_IO, "\"%s\" changed while it was being opened", a->shown);
    }
    CloseHandle(*h);
    *h = h2;
    return FY_OK;
}

fy_result fy_tree_open_file(fy_tree *t, const char *rel, fy_tree_mode mode, int *existed, fy_file **out, fy_err *err)
{
    /* Sequential scan is given at open: Windows has no later hint. */
    static const DWORD access[] = {GENERIC_READ, FY_WRITE_ACCESS, FY_WRITE_ACCESS};
    static const DWORD disposition[] = {OPEN_EXISTING, CREATE_NEW, OPEN_EXISTING};
    static const DWORD flags[] = {FILE_FLAG_SEQUENTIAL_SCAN, FILE_ATTRIBUTE_NORMAL, FILE_ATTRIBUTE_NORMAL};
    at a;
    fy_stat st;
    HANDLE h;
    int dummy;
    fy_result rc;

    *out = NULL;
    if (!existed)
        existed = &dummy;
    *existed = 0;
    if ((rc = walk(t, rel, &a, NULL, err)) != FY_OK)
        return rc;
    h = CreateFileW(a.w, access[mode], FY_SHARE_ALL, NULL, disposition[mode],
                    flags[mode] | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (mode == FY_TREE_CREATE && (e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS))
            *existed = 1; /* anything by that name: the caller picks another */
        else if (stat_last(&a, &st, NULL) == FY_OK && st.kind == FY_KIND_LINK)
            rc = link_fail(a.shown, err);
        else if (st.kind == FY_KIND_DIR || st.kind == FY_KIND_OTHER)
            rc = fy_fail(err, FY_ERR_IO, "\"%s\" is not a regular file", a.shown);
        else
            rc = fy_win_os_fail(err, e, mode == FY_TREE_CREATE ? "create" : "open", a.shown);
        goto out;
    }
    if ((rc = check_opened(&a, &h, access[mode], flags[mode], err)) != FY_OK) {
        CloseHandle(h);
        goto out;
    }
    rc = fy_win_file_new(h, a.shown, out, err);
out:
    at_release(&a);
    return rc;
}

/* The Mark of the Web, as Edge and Chrome write it for a download without
 * a known address (no HostUrl: the file came from a LAN peer, which has
 * none to give). ZoneId 3 is the Internet zone: SmartScreen asks before
 * running it, Office opens it in Protected View. The stream is written on
 * the walked (link-checked) path, before the rename, which keeps it. */
fy_result fy_tree_mark_downloaded(fy_tree *t, const char *rel, fy_err *err)
{
    static const char zone[] = "[ZoneTransfer]\r\nZoneId=3\r\n";
    at a;
    wchar_t *w;
    HANDLE h;
    DWORD put = 0, flags = 0;
    size_t n;
    fy_result rc;
    if ((rc = walk(t, rel, &a, NULL, err)) != FY_OK)
        return rc;
    n = wcslen(a.w);
    if (!(w = malloc((n + 20) * sizeof *w))) {
        at_release(&a);
        return fy_win_nomem(err);
    }
    memcpy(w, a.w, n * sizeof *w);
    memcpy(w + n, L":Zone.Identifier", 17 * sizeof *w);
    /* Only where the volume keeps named streams (NTFS, ReFS): elsewhere
     * (FAT, and wine's Unix folders) the name would make a second file
     * called "NAME:Zone.Identifier", or fail. */
    h = CreateFileW(a.w, FILE_READ_ATTRIBUTES, FY_SHARE_ALL, NULL, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE || !GetVolumeInformationByHandleW(h, NULL, 0, NULL, NULL, &flags, NULL, 0) ||
        !(flags & FILE_NAMED_STREAMS)) {
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        free(w);
        at_release(&a);
        return fy_fail(err, FY_ERR_IO, "\"%s\": its volume keeps no file streams (no Mark of the Web)", rel);
    }
    CloseHandle(h);
    h = CreateFileW(w, GENERIC_WRITE, FY_SHARE_ALL, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE || !WriteFile(h, zone, sizeof zone - 1, &put, NULL) || put != sizeof zone - 1)
        rc = fy_win_os_fail(err, GetLastError(), "mark as downloaded", a.shown);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    free(w);
    at_release(&a);
    return rc;
}

fy_result fy_tree_rename_noreplace(fy_tree *t, const char *from, const char *to, int *exists, fy_err *err)
{
    at a, b;
    fy_result rc;
    *exists = 0;
    if ((rc = walk(t, from, &a, NULL, err)) != FY_OK)
        return rc;
    if ((rc = walk(t, to, &b, NULL, err)) == FY_OK) {
        rc = fy_win_move_noreplace(a.w, b.w, a.shown, exists, err);
        at_release(&b);
    }
    at_release(&a);
    return rc;
}

fy_result fy_tree_remove(fy_tree *t, const char *rel, fy_err *err)
{
    at a;
    int missing;
    fy_result rc;
    if ((rc = walk(t, rel, &a, &missing, err)) != FY_OK || missing)
        return rc;
    rc = fy_win_remove(a.w, a.shown, err);
    at_release(&a);
    return rc;
}

fy_result fy_tree_set_dir_mtime(fy_tree *t, const char *rel, int64_t mtime, fy_err *err)
{
    FILETIME ft = fy_win_filetime(mtime);
    BY_HANDLE_FILE_INFORMATION bi;
    at a;
    HANDLE h;
    fy_result rc;
    if ((rc = walk(t, rel, &a, NULL, err)) != FY_OK)
        return rc;
    h = CreateFileW(a.w, FILE_WRITE_ATTRIBUTES | FILE_READ_ATTRIBUTES, FY_SHARE_ALL, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        rc = fy_win_os_fail(err, GetLastError(), "set the time of", a.shown);
    } else {
        /* Under wine the handle may hold a unix link's target: no time is
         * set through a link. */
        if (!GetFileInformationByHandle(h, &bi))
            rc = fy_win_os_fail(err, GetLastError(), "set the time of", a.shown);
        else if (handle_is_link(h, a.w, &bi))
            rc = link_fail(a.shown, err);
        else if (!SetFileTime(h, NULL, NULL, &ft))
            rc = fy_win_os_fail(err, GetLastError(), "set the time of", a.shown);
        CloseHandle(h);
    }
    at_release(&a);
    return rc;
}

fy_result fy_tree_check_writable(fy_tree *t, fy_err *err)
{
    char name[64], why[256];
    wchar_t *w;
    HANDLE h;
    DWORD e;
    size_t n;

    static volatile LONG seq;
    int tries = 0;

    /* Checking the folder's security descriptor is not enough: a
     * write-protected disk, a read-only share or a full disk only shows
     * when something is created. The name is new for every check (several
     * transfers check at once), and one that exists is passed over. */
    do {
        n = (size_t)snprintf(name, sizeof name, ".ferry-write-test-%lu-%ld", (unsigned long)GetCurrentProcessId(),
                             (long)InterlockedIncrement(&seq));
        if (!(w = malloc((t->wlen + n + 1) * sizeof *w)))
            return fy_win_nomem(err);
        wcscpy(w, t->w);
        for (size_t i = 0; i <= n; i++)
            w[t->wlen + i] = (wchar_t)(unsigned char)name[i]; /* ASCII */
        h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                        FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
        e = h == INVALID_HANDLE_VALUE ? GetLastError() : 0;
        if (h == INVALID_HANDLE_VALUE && (e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS) && ++tries < 1000) {
            free(w);
            continue;
        }
        break;
    } while (1);
    if (h == INVALID_HANDLE_VALUE) {
        free(w);
        if (e == ERROR_WRITE_PROTECT)
            return fy_fail(err, FY_ERR_IO, "cannot write to %s: read-only (the disk is write-protected)", t->path);
        if (e == ERROR_ACCESS_DENIED)
            return fy_fail(err, FY_ERR_IO, "cannot write to %s: permission denied (read-only for this user)", t->path);
        fy_win_err_text(e, why, sizeof why);
        return fy_fail(err, e == ERROR_DISK_FULL || e == ERROR_HANDLE_DISK_FULL ? FY_ERR_DISK_FULL : FY_ERR_IO,
                       "cannot write to %s: %s", t->path, why);
    }
    CloseHandle(h);
    DeleteFileW(w); /* a leftover is a hidden empty file, not worth failing for */
    free(w);
    return FY_OK;
}

fy_result fy_tree_free_space(fy_tree *t, uint64_t *bytes, fy_err *err)
{
    ULARGE_INTEGER avail;
    /* The free bytes this user may use: quotas included, as f_bavail. */
    if (!GetDiskFreeSpaceExW(t->w, &avail, NULL, NULL))
        return fy_win_os_fail(err, GetLastError(), "measure free space of", t->path);
    *bytes = avail.QuadPart;
    return FY_OK;
}
