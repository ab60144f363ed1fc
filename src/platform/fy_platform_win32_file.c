/* fy_platform_win32_file.c: the platform seam on Windows: open files,
 * their metadata, renaming, removing, free space and the atomic write of
 * small settings files. Paths arrive as UTF-8 and go through fy_win_path
 * (fy_platform_win32.c) to their wide \\?\ form. The receive folder's
 * tree (fy_platform_win32_tree.c) opens its files here too. */
#include "fy_platform.h"
#include "fy_platform_win32_int.h"

#include <windows.h>
#include <winioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- files ------------------------------------------------------------------------- */

struct fy_file {
    HANDLE h;
    int sparse;
    char path[];
};

/* Symbolic links and junctions are "name surrogates": they stand for
 * another path. Other reparse points (OneDrive placeholders, deduplicated
 * files) are the file itself and are treated as such. No real tag is 0:
 * that is a tag that could not be read (wine gives it for a unix symbolic
 * link), and not following is the safe guess. */
int fy_win_is_link(DWORD attr, DWORD tag)
{
    return (attr & FILE_ATTRIBUTE_REPARSE_POINT) && (tag == 0 || IsReparseTagNameSurrogate(tag));
}

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
    st->mtime = fy_win_unix_time(mtime);
    st->executable = 0; /* Windows has no such bit */
}

/* The volume serial number and the file index name one file for as long
 * as it exists, across renames (NTFS; FAT makes the index up from where
 * the name sits, so there it changes with a rename). */
void fy_win_fill_stat(const BY_HANDLE_FILE_INFORMATION *bi, fy_stat *st)
{
    fill_stat(bi->dwFileAttributes, ((uint64_t)bi->nFileSizeHigh << 32) | bi->nFileSizeLow, bi->ftLastWriteTime, st);
    st->dev = bi->dwVolumeSerialNumber;
    st->ino = ((uint64_t)bi->nFileIndexHigh << 32) | bi->nFileIndexLow;
}

static fy_result do_stat(const char *path, fy_stat *st, int follow, fy_err *err)
{
    WIN32_FILE_ATTRIBUTE_DATA a;
    BY_HANDLE_FILE_INFORMATION bi;
    wchar_t *w;
    HANDLE h;
    fy_result rc = FY_OK;
    int link;

    memset(st, 0, sizeof *st);
    if ((rc = fy_win_path(path, "look at", &w, err)) != FY_OK)
        return rc;
    /* This does not follow a link: it describes the link itself. */
    if (!GetFileAttributesExW(w, GetFileExInfoStandard, &a)) {
        DWORD e = GetLastError();
        /* ERROR_DIRECTORY: a part of the path is a file (ENOTDIR). */
        if (!fy_win_is_missing(e) && e != ERROR_DIRECTORY)
            rc = fy_win_os_fail(err, e, "look at", path);
        goto cleanup; /* missing: kind NONE */
    }
    link = (a.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) && fy_win_is_link(a.dwFileAttributes, reparse_tag(w));
    if (link && !follow) {
        st->kind = FY_KIND_LINK;
        st->mtime = fy_win_unix_time(a.ftLastWriteTime);
    } else {
        fill_stat(a.dwFileAttributes, ((uint64_t)a.nFileSizeHigh << 32) | a.nFileSizeLow, a.ftLastWriteTime, st);
    }
    /* A handle gives the identity (and, through a link, the target).
     * OPEN_REPARSE_POINT unless following: what is described is what was
     * looked at. BACKUP_SEMANTICS opens folders; reading attributes only, a
     * placeholder is not downloaded. */
    h = CreateFileW(w, FILE_READ_ATTRIBUTES, FY_SHARE_ALL, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS | (link && follow ? 0 : FILE_FLAG_OPEN_REPARSE_POINT), NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (link && follow) {
            /* A dangling link: kind NONE, as stat(2) says. */
            memset(st, 0, sizeof *st);
            if (!fy_win_is_missing(e))
                rc = fy_win_os_fail(err, e, "look at", path);
        }
        goto cleanup; /* else: described, without an identity (a file in use by the system) */
    }
    if (GetFileInformationByHandle(h, &bi)) {
        fy_file_kind kind = st->kind;
        fy_win_fill_stat(&bi, st);
        if (kind == FY_KIND_LINK) {
            st->kind = FY_KIND_LINK;
            st->size = 0;
        }
    } else if (link && follow) {
        rc = fy_win_os_fail(err, GetLastError(), "look at", path);
    }
    CloseHandle(h);

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
    HANDLE h = CreateFileW(w, FY_WRITE_ACCESS, FY_SHARE_ALL, NULL, OPEN_ALWAYS,
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
    if (fy_win_is_link(ti.FileAttributes, ti.ReparseTag)) {
        *is_link = 1;
        return INVALID_HANDLE_VALUE;
    }
    /* Not a link: open it normally, so its file system filter (cloud
     * files, deduplication) sees an ordinary write. */
    return CreateFileW(w, FY_WRITE_ACCESS, FY_SHARE_ALL, NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
}

fy_result fy_plat_open(const char *path, fy_open_mode mode, fy_file **out, fy_err *err)
{
    const char *what = mode == FY_OPEN_READ ? "open" : "create";
    wchar_t *w = NULL;
    HANDLE h;
    fy_result rc;
    int is_link = 0;

    *out = NULL;
    if ((rc = fy_win_path(path, what, &w, err)) != FY_OK)
        return rc;
    /* Sequential scan is given at open: Windows has no later hint, and every
     * read Ferry makes goes from an offset to the end. */
    if (mode == FY_OPEN_READ)
        h = CreateFileW(w, GENERIC_READ, FY_SHARE_ALL, NULL, OPEN_EXISTING,
                        FILE_ATTRIBUTE_NORMAL | FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    else if (mode == FY_OPEN_PRIVATE_NEW) /* in the user's own profile: private already */
        h = CreateFileW(w, FY_WRITE_ACCESS, FY_SHARE_ALL, NULL, CREATE_NEW,
                        FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    else
        h = open_for_write(w, &is_link);
    if (h == INVALID_HANDLE_VALUE) {
        rc = is_link ? fy_fail(err, FY_ERR_IO, "cannot %s \"%s\": it is a symbolic link", what, path)
                     : fy_win_os_fail(err, GetLastError(), what, path);
        goto cleanup;
    }
    /* OPEN_ALWAYS and a cut rather than CREATE_ALWAYS: the latter fails on a
     * hidden file and drops its attributes. */
    if (mode == FY_OPEN_WRITE_NEW && !SetEndOfFile(h)) {
        rc = fy_win_os_fail(err, GetLastError(), what, path);
        CloseHandle(h);
        goto cleanup;
    }
    rc = fy_win_file_new(h, path, out, err);

cleanup:
    free(w);
    return rc;
}

fy_result fy_win_file_new(HANDLE h, const char *path, fy_file **out, fy_err *err)
{
    size_t n = strlen(path);
    fy_file *f = malloc(sizeof *f + n + 1);
    *out = NULL;
    if (!f) {
        CloseHandle(h);
        return fy_win_nomem(err);
    }
    f->h = h;
    f->sparse = 0;
    memcpy(f->path, path, n + 1);
    *out = f;
    return FY_OK;
}

/* ReadFile and WriteFile take a DWORD length. */
#define FY_IO_CHUNK (1u << 30)

fy_result fy_plat_read(fy_file *f, void *buf, size_t len, size_t *got, fy_err *err)
{
    DWORD n = 0;
    if (!ReadFile(f->h, buf, len > FY_IO_CHUNK ? FY_IO_CHUNK : (DWORD)len, &n, NULL)) {
        *got = 0;
        return fy_win_os_fail(err, GetLastError(), "read", f->path);
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
            return fy_win_os_fail(err, GetLastError(), "write", f->path);
        if (n == 0)
            return fy_win_os_fail(err, ERROR_DISK_FULL, "write", f->path);
        p += n;
        len -= n;
    }
    return FY_OK;
}

fy_result fy_plat_seek(fy_file *f, uint64_t offset, fy_err *err)
{
    LARGE_INTEGER li;
    if (offset > (uint64_t)INT64_MAX)
        return fy_win_os_fail(err, ERROR_NEGATIVE_SEEK, "seek in", f->path);
    li.QuadPart = (LONGLONG)offset;
    if (!SetFilePointerEx(f->h, li, NULL, FILE_BEGIN))
        return fy_win_os_fail(err, GetLastError(), "seek in", f->path);
    return FY_OK;
}

fy_result fy_plat_truncate(fy_file *f, uint64_t size, fy_err *err)
{
    LARGE_INTEGER zero = {0}, cur, old, to;
    DWORD e = 0, n;
    if (size > (uint64_t)INT64_MAX)
        return fy_win_os_fail(err, ERROR_NEGATIVE_SEEK, "resize", f->path);
    if (!GetFileSizeEx(f->h, &old) || !SetFilePointerEx(f->h, zero, &cur, FILE_CURRENT))
        return fy_win_os_fail(err, GetLastError(), "resize", f->path);
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
    return e ? fy_win_os_fail(err, e, "resize", f->path) : FY_OK;
}

/* Given at open (FILE_FLAG_SEQUENTIAL_SCAN): Windows has no later hint. */
void fy_plat_advise_sequential(fy_file *f) { (void)f; }

fy_result fy_plat_close(fy_file *f, fy_err *err)
{
    fy_result rc = FY_OK;
    if (!f)
        return FY_OK;
    if (!CloseHandle(f->h))
        rc = fy_win_os_fail(err, GetLastError(), "close", f->path);
    free(f);
    return rc;
}

const char *fy_plat_file_path(const fy_file *f) { return f->path; }

fy_result fy_plat_file_stat(fy_file *f, fy_stat *st, fy_err *err)
{
    BY_HANDLE_FILE_INFORMATION bi;
    memset(st, 0, sizeof *st);
    if (!GetFileInformationByHandle(f->h, &bi))
        return fy_win_os_fail(err, GetLastError(), "look at", f->path);
    fy_win_fill_stat(&bi, st);
    return FY_OK;
}

/* Windows byte-range locks are mandatory: a lock on the file's bytes would
 * make every read and write through any other handle fail, the user's
 * virus scanner's and Ferry's own hashing of a .part alike, where flock()
 * only stops another flock(). So the lock covers one byte far past any
 * data a file can hold (NTFS files end before 2^63): only another lock
 * there collides, which is the "one owner" flock gives on Linux. */
#define FY_LOCK_OFFSET ((uint64_t)INT64_MAX - 1)

fy_result fy_plat_file_lock(fy_file *f, fy_err *err)
{
    OVERLAPPED ov;
    DWORD e;
    memset(&ov, 0, sizeof ov);
    ov.Offset = (DWORD)FY_LOCK_OFFSET;
    ov.OffsetHigh = (DWORD)(FY_LOCK_OFFSET >> 32);
    if (LockFileEx(f->h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov))
        return FY_OK;
    e = GetLastError();
    if (e == ERROR_LOCK_VIOLATION)
        return fy_fail(err, FY_ERR_BUSY, "\"%s\" is in use by another transfer", f->path);
    return fy_win_os_fail(err, e, "lock", f->path);
}

/* Windows has no executable bit: what runs is decided by the extension. A
 * time of 0 is none given, as on Linux. */
fy_result fy_plat_file_finish(fy_file *f, int64_t mtime, int executable, fy_err *err)
{
    FILETIME ft = fy_win_filetime(mtime);
    (void)executable;
    if (mtime && !SetFileTime(f->h, NULL, NULL, &ft))
        return fy_win_os_fail(err, GetLastError(), "set the time of", f->path);
    return FY_OK;
}

fy_result fy_win_move_noreplace(const wchar_t *from, const wchar_t *to, const char *shown, int *exists, fy_err *err)
{
    DWORD e;
    *exists = 0;
    /* Without MOVEFILE_REPLACE_EXISTING the move refuses an existing target
     * in one step: there is no moment between a check and the move. */
    if (MoveFileExW(from, to, 0))
        return FY_OK;
    e = GetLastError();
    if (e != ERROR_ALREADY_EXISTS && e != ERROR_FILE_EXISTS)
        return fy_win_os_fail(err, e, "rename", shown);
    *exists = 1;
    return FY_OK;
}

fy_result fy_plat_rename_noreplace(const char *from, const char *to, int *exists, fy_err *err)
{
    wchar_t *wf = NULL, *wt = NULL;
    fy_result rc;
    *exists = 0;
    if ((rc = fy_win_path(from, "rename", &wf, err)) == FY_OK && (rc = fy_win_path(to, "rename", &wt, err)) == FY_OK)
        rc = fy_win_move_noreplace(wf, wt, from, exists, err);
    free(wf);
    free(wt);
    return rc;
}

/* Removes a junction or a link to a folder itself, as unlink(2) removes a
 * link: through a handle on the link (FILE_FLAG_OPEN_REPARSE_POINT) that is
 * checked to be one. RemoveDirectory by name would do on Windows, but wine
 * opens a unix link's target instead, and removes that folder if it is
 * empty. Returns 0 or the error; ERROR_CANT_ACCESS_FILE when the handle
 * does not hold the link. */
static DWORD remove_dir_link(const wchar_t *w)
{
    FILE_ATTRIBUTE_TAG_INFO ti;
    FILE_DISPOSITION_INFO di = {TRUE};
    DWORD e = 0;
    HANDLE h = CreateFileW(w, DELETE | FILE_READ_ATTRIBUTES, FY_SHARE_ALL, NULL, OPEN_EXISTING,
                           FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return GetLastError();
    if (!GetFileInformationByHandleEx(h, FileAttributeTagInfo, &ti, sizeof ti))
        e = GetLastError();
    else if (!fy_win_is_link(ti.FileAttributes, ti.ReparseTag))
        e = ERROR_CANT_ACCESS_FILE;
    else if (!SetFileInformationByHandle(h, FileDispositionInfo, &di, sizeof di))
        e = GetLastError();
    CloseHandle(h);
    return e;
}

fy_result fy_win_remove(const wchar_t *w, const char *shown, fy_err *err)
{
    DWORD e, a;
    if (DeleteFileW(w))
        return FY_OK;
    e = GetLastError();
    a = GetFileAttributesW(w);
    if (e == ERROR_ACCESS_DENIED && a != INVALID_FILE_ATTRIBUTES) {
        /* unlink(2) ignores the file's own mode; DeleteFile refuses a
         * read-only file. */
        if ((a & FILE_ATTRIBUTE_READONLY) && SetFileAttributesW(w, a & ~(DWORD)FILE_ATTRIBUTE_READONLY))
            e = DeleteFileW(w) ? 0 : GetLastError();
        else if ((a & FILE_ATTRIBUTE_DIRECTORY) && fy_win_is_link(a, reparse_tag(w)))
            e = remove_dir_link(w);
    }
    if (e == ERROR_CANT_ACCESS_FILE)
        return fy_fail(err, FY_ERR_IO,
                       "cannot remove \"%s\": a link to a folder that this system cannot open as a link", shown);
    if (e && !fy_win_is_missing(e))
        return fy_win_os_fail(err, e, "remove", shown);
    return FY_OK;
}

fy_result fy_plat_remove(const char *path, fy_err *err)
{
    wchar_t *w;
    fy_result rc;
    if ((rc = fy_win_path(path, "remove", &w, err)) != FY_OK)
        return rc;
    rc = fy_win_remove(w, path, err);
    free(w);
    return rc;
}

fy_result fy_plat_set_mtime(const char *path, int64_t mtime, fy_err *err)
{
    FILETIME ft = fy_win_filetime(mtime);
    wchar_t *w;
    HANDLE h;
    fy_result rc;
    if ((rc = fy_win_path(path, "set the time of", &w, err)) != FY_OK)
        return rc;
    /* OPEN_REPARSE_POINT: a link gets the time, not its target, as with
     * AT_SYMLINK_NOFOLLOW. BACKUP_SEMANTICS: folders too. */
    h = CreateFileW(w, FILE_WRITE_ATTRIBUTES, FY_SHARE_ALL, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE || !SetFileTime(h, NULL, NULL, &ft))
        rc = fy_win_os_fail(err, GetLastError(), "set the time of", path);
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
    if ((rc = fy_win_path(path, "measure free space of", &w, err)) != FY_OK)
        return rc;
    /* GetDiskFreeSpaceEx takes a folder, with a final '\' (which fy_win_path
     * leaves only on a root). */
    a = GetFileAttributesW(w);
    if (a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY) && (cut = wcsrchr(w, L'\\')) != NULL &&
        (size_t)(cut - w) >= fy_win_root_len(w))
        *cut = L'\0';
    n = wcslen(w);
    if (!(dir = malloc((n + 2) * sizeof *dir))) {
        rc = fy_win_nomem(err);
        goto cleanup;
    }
    wcscpy(dir, w);
    if (n == 0 || dir[n - 1] != L'\\')
        wcscat(dir, L"\\");
    /* The free bytes this user may use: quotas included, as f_bavail. */
    if (!GetDiskFreeSpaceExW(dir, &avail, NULL, NULL))
        rc = fy_win_os_fail(err, GetLastError(), "measure free space of", path);
    else
        *bytes = avail.QuadPart;

cleanup:
    free(w);
    free(dir);
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

fy_result fy_plat_create_private(const char *path, fy_err *err)
{
    SECURITY_DESCRIPTOR sd;
    SECURITY_ATTRIBUTES sa = {sizeof sa, &sd, FALSE};
    PACL acl = NULL;
    wchar_t *w = NULL;
    HANDLE h;
    fy_result rc;
    DWORD e;

    if ((rc = fy_win_path(path, "create", &w, err)) != FY_OK)
        return rc;
    if ((e = user_only(&sd, &acl)) != 0) {
        rc = fy_win_os_fail(err, e, "restrict to this user", path);
        goto cleanup;
    }
    /* OPEN_ALWAYS: the descriptor applies only when the file is new; an
     * existing one lives in the per-user config folder already. Shared
     * modes: another Ferry may have the database open. */
    h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &sa,
                    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE)
        rc = fy_win_os_fail(err, GetLastError(), "create", path);
    else
        CloseHandle(h);

cleanup:
    free(acl);
    free(w);
    return rc;
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
        return fy_win_nomem(err);
    snprintf(tmp, n, "%s.tmp-%lu", path, (unsigned long)GetCurrentProcessId());
    if ((rc = fy_win_path(tmp, "create", &wtmp, err)) != FY_OK || (rc = fy_win_path(path, "replace", &wdst, err)) != FY_OK)
        goto cleanup;
    if (private_to_user && (e = user_only(&sd, &acl)) != 0) {
        rc = fy_win_os_fail(err, e, "restrict to this user", tmp);
        goto cleanup;
    }
    /* A new file, never one left by a crash: Windows applies the security
     * descriptor only to a file it creates. */
    DeleteFileW(wtmp);
    h = CreateFileW(wtmp, GENERIC_WRITE, 0, private_to_user ? &sa : NULL, CREATE_NEW,
                    FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        rc = fy_win_os_fail(err, GetLastError(), "create", tmp);
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
        rc = fy_win_os_fail(err, e, "write", tmp);
        goto cleanup;
    }
    /* An antivirus or indexer that opened the old file for a moment makes
     * the replace fail with a sharing error; it passes on a retry. */
    for (int tries = 0; !MoveFileExW(wtmp, wdst, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH); tries++) {
        e = GetLastError();
        if (tries >= 10 || (e != ERROR_ACCESS_DENIED && e != ERROR_SHARING_VIOLATION)) {
            rc = fy_win_os_fail(err, e, "replace", path);
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
