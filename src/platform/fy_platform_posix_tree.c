/* fy_platform_posix_tree.c: the receive folder as a tree that follows no
 * links (fy_platform.h, "a folder tree that follows no links").
 *
 * Every operation starts from a descriptor on the receive folder and opens
 * one component at a time with openat(O_NOFOLLOW | O_DIRECTORY), so a
 * folder that someone swapped for a symbolic link between two runs stops
 * the operation instead of redirecting it: O_NOFOLLOW on open() alone only
 * guards the last component, and mkdir() happily accepts an existing link.
 * The last component is then handled with the *at() call that does not
 * follow it either (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, renameat2, unlinkat). */
#define _GNU_SOURCE
#include "fy_platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/fy_names.h"
#include "fy_platform_posix_int.h"

struct fy_tree {
    int fd;
    char path[];
};

/* Where a relative path's last component lives: an open parent folder
 * (which may be the tree's own descriptor: then it is not closed). */
typedef struct at {
    int dirfd;
    const char *base;    /* last component, points into name */
    char name[FY_PATH_MAX + FY_NAME_MAX + 16];
    char shown[FY_PATH_MAX * 2]; /* tree path + "/" + rel, for messages */
} at;

fy_result fy_tree_open(const char *path, int create, fy_tree **out, fy_err *err)
{
    size_t n = strlen(path);
    fy_tree *t;
    int fd;

    *out = NULL;
    if (create) {
        fy_result rc = fy_plat_mkdirs(path, err);
        if (rc != FY_OK)
            return rc;
    }
    /* The folder itself is followed if it is a link: the user chose it. */
    fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fy_posix_fail(err, "open folder", path);
    if (!(t = malloc(sizeof *t + n + 1))) {
        close(fd);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    t->fd = fd;
    memcpy(t->path, path, n + 1);
    *out = t;
    return FY_OK;
}

void fy_tree_close(fy_tree *t)
{
    if (!t)
        return;
    close(t->fd);
    free(t);
}

const char *fy_tree_path(const fy_tree *t) { return t->path; }

static void at_release(fy_tree *t, at *a)
{
    if (a->dirfd >= 0 && a->dirfd != t->fd)
        close(a->dirfd);
    a->dirfd = -1;
}

/* Why opening component `comp` of a->shown (in dirfd) failed. */
static fy_result walk_fail(at *a, int dirfd, const char *comp, size_t shown_len, fy_err *err)
{
    int e = errno;
    struct stat s;
    char what[sizeof a->shown];
    snprintf(what, sizeof what, "%.*s", (int)shown_len, a->shown);
    if ((e == ELOOP || e == ENOTDIR) && fstatat(dirfd, comp, &s, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(s.st_mode))
        return fy_fail(err, FY_ERR_IO, "\"%s\" is a symbolic link; Ferry never follows links inside the receive folder",
                       what);
    if (e == ENOTDIR)
        return fy_fail(err, FY_ERR_IO, "\"%s\" is not a folder", what);
    errno = e;
    return fy_posix_fail(err, "open folder", what);
}

/* Opens every folder on the way to rel's last component. *missing is set
 * (with FY_OK) when one of them does not exist, if missing is not NULL. */
static fy_result walk(fy_tree *t, const char *rel, at *a, int *missing, fy_err *err)
{
    size_t tl = strlen(t->path), rl = strlen(rel);
    char *p, *slash;

    a->dirfd = t->fd;
    if (missing)
        *missing = 0;
    if (rl == 0 || rl >= sizeof a->name || rel[0] == '/')
        return fy_fail(err, FY_ERR_IO, "bad path below the receive folder: \"%s\"", rel);
    memcpy(a->name, rel, rl + 1);
    snprintf(a->shown, sizeof a->shown, "%s/%s", t->path, rel);
    for (p = a->name; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
        int fd;
        *slash = '\0';
        if (!*p || !strcmp(p, ".") || !strcmp(p, "..")) {
            at_release(t, a);
            return fy_fail(err, FY_ERR_IO, "bad path below the receive folder: \"%s\"", rel);
        }
        fd = openat(a->dirfd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            fy_result rc;
            if (errno == ENOENT && missing) {
                at_release(t, a);
                *missing = 1;
                return FY_OK;
            }
            rc = walk_fail(a, a->dirfd, p, tl + 1 + (size_t)(slash - a->name), err);
            at_release(t, a);
            return rc;
        }
        at_release(t, a);
        a->dirfd = fd;
    }
    if (!*p || !strcmp(p, ".") || !strcmp(p, "..")) {
        at_release(t, a);
        return fy_fail(err, FY_ERR_IO, "bad path below the receive folder: \"%s\"", rel);
    }
    a->base = p;
    return FY_OK;
}

fy_result fy_tree_lstat(fy_tree *t, const char *rel, fy_stat *st, fy_err *err)
{
    at a;
    struct stat s;
    int missing;
    fy_result rc;

    memset(st, 0, sizeof *st);
    if ((rc = walk(t, rel, &a, &missing, err)) != FY_OK || missing)
        return rc;
    if (fstatat(a.dirfd, a.base, &s, AT_SYMLINK_NOFOLLOW) == 0)
        fy_posix_fill_stat(&s, st);
    else if (errno != ENOENT)
        rc = fy_posix_fail(err, "look at", a.shown);
    at_release(t, &a);
    return rc;
}

fy_result fy_tree_mkdir(fy_tree *t, const char *rel, int exclusive, int *existed, fy_err *err)
{
    at a;
    struct stat s;
    int dummy;
    fy_result rc;

    if (!existed)
        existed = &dummy;
    *existed = 0;
    if ((rc = walk(t, rel, &a, NULL, err)) != FY_OK)
        return rc;
    if (mkdirat(a.dirfd, a.base, 0777) != 0) {
        if (errno == EEXIST && exclusive) {
            *existed = 1; /* whatever it is, the name is not free */
        } else if (errno != EEXIST) {
            rc = fy_posix_fail(err, "create folder", a.shown);
        } else if (fstatat(a.dirfd, a.base, &s, AT_SYMLINK_NOFOLLOW) != 0) {
            rc = fy_posix_fail(err, "look at", a.shown);
        } else if (S_ISLNK(s.st_mode)) {
            rc = fy_fail(err, FY_ERR_IO,
                         "\"%s\" is a symbolic link; Ferry never follows links inside the receive folder", a.shown);
        } else if (!S_ISDIR(s.st_mode)) {
            rc = fy_fail(err, FY_ERR_IO, "cannot create folder \"%s\": a file with that name exists", a.shown);
        } else {
            *existed = 1;
        }
    }
    at_release(t, &a);
    return rc;
}

fy_result fy_tree_open_file(fy_tree *t, const char *rel, fy_tree_mode mode, int *existed, fy_file **out,
                            fy_err *err)
{
    static const int flags[] = {O_RDONLY, O_WRONLY | O_CREAT | O_EXCL, O_WRONLY};
    at a;
    struct stat s;
    int fd, dummy;
    fy_result rc;

    *out = NULL;
    if (!existed)
        existed = &dummy;
    *existed = 0;
    if ((rc = walk(t, rel, &a, NULL, err)) != FY_OK)
        return rc;
    /* O_NONBLOCK: opening a fifo someone put there must not hang; it is
     * refused below as not a regular file. */
    fd = openat(a.dirfd, a.base, flags[mode] | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0666);
    if (fd < 0) {
        int e = errno;
        if (mode == FY_TREE_CREATE && e == EEXIST) {
            *existed = 1;
        } else if (e == ELOOP || (e == ENXIO && fstatat(a.dirfd, a.base, &s, AT_SYMLINK_NOFOLLOW) == 0 &&
                                  S_ISLNK(s.st_mode))) {
            rc = fy_fail(err, FY_ERR_IO,
                         "\"%s\" is a symbolic link; Ferry never follows links inside the receive folder", a.shown);
        } else {
            errno = e;
            rc = fy_posix_fail(err, mode == FY_TREE_READ ? "open" : "create", a.shown);
        }
        at_release(t, &a);
        return rc;
    }
    at_release(t, &a);
    if (fstat(fd, &s) != 0 || !S_ISREG(s.st_mode) || fcntl(fd, F_SETFL, 0) != 0) {
        close(fd);
        return fy_fail(err, FY_ERR_IO, "\"%s\" is not a regular file", a.shown);
    }
    return fy_posix_file_new(fd, a.shown, out, err);
}

fy_result fy_tree_rename_noreplace(fy_tree *t, const char *from, const char *to, int *exists, fy_err *err)
{
    at a, b;
    fy_result rc;

    *exists = 0;
    if ((rc = walk(t, from, &a, NULL, err)) != FY_OK)
        return rc;
    if ((rc = walk(t, to, &b, NULL, err)) != FY_OK) {
        at_release(t, &a);
        return rc;
    }
#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, a.dirfd, a.base, b.dirfd, b.base, 1 /* RENAME_NOREPLACE */) == 0)
        goto out;
    if (errno == EEXIST) {
        *exists = 1;
        goto out;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        rc = fy_posix_fail(err, "rename", a.shown);
        goto out;
    }
#endif
    /* File systems without RENAME_NOREPLACE: linkat() refuses to replace
     * too, and without AT_SYMLINK_FOLLOW it links a link, not its target. */
    if (linkat(a.dirfd, a.base, b.dirfd, b.base, 0) != 0) {
        if (errno == EEXIST)
            *exists = 1;
        else
            rc = fy_posix_fail(err, "rename", a.shown);
    } else if (unlinkat(a.dirfd, a.base, 0) != 0) {
        rc = fy_posix_fail(err, "remove", a.shown);
    }
out:
    at_release(t, &a);
    at_release(t, &b);
    return rc;
}

fy_result fy_tree_remove(fy_tree *t, const char *rel, fy_err *err)
{
    at a;
    int missing;
    fy_result rc;
    if ((rc = walk(t, rel, &a, &missing, err)) != FY_OK || missing)
        return rc;
    if (unlinkat(a.dirfd, a.base, 0) != 0 && errno != ENOENT)
        rc = fy_posix_fail(err, "remove", a.shown);
    at_release(t, &a);
    return rc;
}

fy_result fy_tree_set_dir_mtime(fy_tree *t, const char *rel, int64_t mtime, fy_err *err)
{
    struct timespec ts[2] = {{0, UTIME_OMIT}, {(time_t)mtime, 0}};
    at a;
    fy_result rc;
    if ((rc = walk(t, rel, &a, NULL, err)) != FY_OK)
        return rc;
    if (utimensat(a.dirfd, a.base, ts, AT_SYMLINK_NOFOLLOW) != 0)
        rc = fy_posix_fail(err, "set the time of", a.shown);
    at_release(t, &a);
    return rc;
}

/* Linux has no Mark of the Web: nothing to do. */
fy_result fy_tree_mark_downloaded(fy_tree *t, const char *rel, fy_err *err)
{
    (void)t;
    (void)rel;
    (void)err;
    return FY_OK;
}

fy_result fy_tree_check_writable(fy_tree *t, fy_err *err)
{
    static atomic_uint seq;
    char name[64];
    int fd;
    /* access(W_OK) is not enough: root passes it on a read-only mount's
     * permission bits, and a full or read-only file system only shows
     * when something is created. The name is new for every check (several
     * transfers check at once), and one that exists is passed over. */
    do {
        snprintf(name, sizeof name, ".ferry-write-test-%ld-%u", (long)getpid(), atomic_fetch_add(&seq, 1));
        fd = openat(t->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    } while (fd < 0 && errno == EEXIST && atomic_load(&seq) % 1000 != 0);
    if (fd < 0) {
        int e = errno;
        const char *why = e == EROFS ? "read-only file system"
                          : e == EACCES || e == EPERM ? "permission denied (read-only for this user)"
                                                      : strerror(e);
        return fy_fail(err, e == ENOSPC || e == EDQUOT ? FY_ERR_DISK_FULL : FY_ERR_IO, "cannot write to %s: %s",
                       t->path, why);
    }
    close(fd);
    (void)unlinkat(t->fd, name, 0);
    return FY_OK;
}

fy_result fy_tree_free_space(fy_tree *t, uint64_t *bytes, fy_err *err)
{
    struct statvfs v;
    if (fstatvfs(t->fd, &v) != 0)
        return fy_posix_fail(err, "measure free space of", t->path);
    *bytes = (uint64_t)v.f_bavail * (uint64_t)v.f_frsize;
    return FY_OK;
}
