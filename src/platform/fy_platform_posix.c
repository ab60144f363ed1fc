/* fy_platform_posix.c: the platform seam on Linux (files, folders, time,
 * terminal). Network helpers are in fy_platform_posix_net.c. */
#define _GNU_SOURCE
#include "fy_platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/fy_util.h"
#include "fy_platform_posix_int.h"

/* ---- identity ------------------------------------------------------------ */

const char *fy_plat_os_name(void) { return "Linux"; }
int fy_plat_names_fold_case(void) { return 0; }
int fy_plat_windows_names(void) { return 0; }

void fy_plat_host_name(char *out, size_t cap)
{
    if (gethostname(out, cap) != 0 || !out[0])
        snprintf(out, cap, "linux");
    out[cap - 1] = '\0';
}

void fy_plat_init_args(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* A peer that closes mid-send must be an error return, not a signal
     * that kills the process (SDL2_net does not pass MSG_NOSIGNAL). */
    signal(SIGPIPE, SIG_IGN);
}

int fy_plat_started_from_gui(void) { return 0; }

/* ---- time ------------------------------------------------------------------ */

uint64_t fy_plat_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int64_t fy_plat_wall_time(void) { return (int64_t)time(NULL); }

void fy_plat_sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- files ----------------------------------------------------------------- */

struct fy_dir {
    DIR *d;
    char path[];
};

fy_result fy_posix_fail(fy_err *err, const char *what, const char *path)
{
    int e = errno;
    fy_result code = e == ENOSPC || e == EDQUOT ? FY_ERR_DISK_FULL : e == ENOENT ? FY_ERR_NOT_FOUND : FY_ERR_IO;
    if (code == FY_ERR_DISK_FULL)
        return fy_fail(err, code, "disk full writing %s", path);
    return fy_fail(err, code, "cannot %s \"%s\": %s", what, path, strerror(e));
}

void fy_posix_fill_stat(const struct stat *s, fy_stat *st)
{
    st->kind = S_ISREG(s->st_mode)   ? FY_KIND_FILE
               : S_ISDIR(s->st_mode) ? FY_KIND_DIR
               : S_ISLNK(s->st_mode) ? FY_KIND_LINK
                                     : FY_KIND_OTHER;
    st->size = S_ISREG(s->st_mode) ? (uint64_t)s->st_size : 0;
    st->mtime = (int64_t)s->st_mtime;
    st->executable = (s->st_mode & S_IXUSR) != 0;
    st->dev = (uint64_t)s->st_dev;
    st->ino = (uint64_t)s->st_ino;
}

fy_result fy_posix_file_new(int fd, const char *path, fy_file **out, fy_err *err)
{
    size_t n = strlen(path);
    fy_file *f = malloc(sizeof *f + n + 1);
    *out = NULL;
    if (!f) {
        close(fd);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    f->fd = fd;
    memcpy(f->path, path, n + 1);
    *out = f;
    return FY_OK;
}

static fy_result do_stat(const char *path, fy_stat *st, int follow, fy_err *err)
{
    struct stat s;
    memset(st, 0, sizeof *st);
    if ((follow ? stat(path, &s) : lstat(path, &s)) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return FY_OK; /* kind NONE */
        return fy_posix_fail(err, "look at", path);
    }
    fy_posix_fill_stat(&s, st);
    return FY_OK;
}

fy_result fy_plat_stat(const char *path, fy_stat *st, fy_err *err) { return do_stat(path, st, 1, err); }
fy_result fy_plat_lstat(const char *path, fy_stat *st, fy_err *err) { return do_stat(path, st, 0, err); }

fy_result fy_plat_open(const char *path, fy_open_mode mode, fy_file **out, fy_err *err)
{
    /* O_NOFOLLOW on writes: a link planted where a received file goes must
     * not redirect the write elsewhere. */
    static const int flags[] = {O_RDONLY, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, O_WRONLY | O_CREAT | O_NOFOLLOW,
                                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW};
    int fd;

    *out = NULL;
    fd = open(path, flags[mode] | O_CLOEXEC, mode == FY_OPEN_PRIVATE_NEW ? 0600 : 0666);
    if (fd < 0)
        return fy_posix_fail(err, mode == FY_OPEN_READ ? "open" : "create", path);
    return fy_posix_file_new(fd, path, out, err);
}

fy_result fy_plat_file_stat(fy_file *f, fy_stat *st, fy_err *err)
{
    struct stat s;
    memset(st, 0, sizeof *st);
    if (fstat(f->fd, &s) != 0)
        return fy_posix_fail(err, "look at", f->path);
    fy_posix_fill_stat(&s, st);
    return FY_OK;
}

fy_result fy_plat_file_lock(fy_file *f, fy_err *err)
{
    /* flock, not fcntl locks: those belong to the process, so a second
     * transfer thread in the same process would get the lock as well. */
    if (flock(f->fd, LOCK_EX | LOCK_NB) == 0)
        return FY_OK;
    if (errno == EWOULDBLOCK)
        return fy_fail(err, FY_ERR_BUSY, "\"%s\" is in use by another transfer", f->path);
    return fy_posix_fail(err, "lock", f->path);
}

fy_result fy_plat_file_finish(fy_file *f, int64_t mtime, int executable, fy_err *err)
{
    struct stat s;
    if (mtime) {
        struct timespec ts[2] = {{0, UTIME_OMIT}, {(time_t)mtime, 0}};
        if (futimens(f->fd, ts) != 0)
            return fy_posix_fail(err, "set the time of", f->path);
    }
    if (executable) {
        mode_t m;
        if (fstat(f->fd, &s) != 0)
            return fy_posix_fail(err, "look at", f->path);
        /* x wherever r is: the same people who may read it may run it. */
        m = s.st_mode | S_IXUSR | ((s.st_mode & S_IRGRP) ? S_IXGRP : 0) | ((s.st_mode & S_IROTH) ? S_IXOTH : 0);
        if (fchmod(f->fd, m & 07777) != 0)
            return fy_posix_fail(err, "make executable", f->path);
    }
    return FY_OK;
}

fy_result fy_plat_read(fy_file *f, void *buf, size_t len, size_t *got, fy_err *err)
{
    ssize_t n;
    do
        n = read(f->fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        *got = 0;
        return fy_posix_fail(err, "read", f->path);
    }
    *got = (size_t)n;
    return FY_OK;
}

fy_result fy_plat_write(fy_file *f, const void *buf, size_t len, fy_err *err)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(f->fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return fy_posix_fail(err, "write", f->path);
        }
        p += n;
        len -= (size_t)n;
    }
    return FY_OK;
}

fy_result fy_plat_seek(fy_file *f, uint64_t offset, fy_err *err)
{
    if (offset > (uint64_t)INT64_MAX || lseek(f->fd, (off_t)offset, SEEK_SET) < 0)
        return fy_posix_fail(err, "seek in", f->path);
    return FY_OK;
}

fy_result fy_plat_truncate(fy_file *f, uint64_t size, fy_err *err)
{
    if (size > (uint64_t)INT64_MAX || ftruncate(f->fd, (off_t)size) != 0)
        return fy_posix_fail(err, "resize", f->path);
    return FY_OK;
}

void fy_plat_advise_sequential(fy_file *f) { (void)posix_fadvise(f->fd, 0, 0, POSIX_FADV_SEQUENTIAL); }

fy_result fy_plat_close(fy_file *f, fy_err *err)
{
    fy_result rc = FY_OK;
    if (!f)
        return FY_OK;
    if (close(f->fd) != 0 && errno != EINTR)
        rc = fy_posix_fail(err, "close", f->path);
    free(f);
    return rc;
}

const char *fy_plat_file_path(const fy_file *f) { return f->path; }

fy_result fy_plat_rename_noreplace(const char *from, const char *to, int *exists, fy_err *err)
{
    *exists = 0;
#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */) == 0)
        return FY_OK;
    if (errno == EEXIST) {
        *exists = 1;
        return FY_OK;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return fy_posix_fail(err, "rename", from);
#endif
    /* File systems without RENAME_NOREPLACE: link() refuses to replace too. */
    if (link(from, to) != 0) {
        if (errno == EEXIST) {
            *exists = 1;
            return FY_OK;
        }
        return fy_posix_fail(err, "rename", from);
    }
    if (unlink(from) != 0)
        return fy_posix_fail(err, "remove", from);
    return FY_OK;
}

fy_result fy_plat_remove(const char *path, fy_err *err)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return fy_posix_fail(err, "remove", path);
    return FY_OK;
}

fy_result fy_plat_mkdir(const char *path, fy_err *err)
{
    struct stat s;
    if (mkdir(path, 0777) == 0)
        return FY_OK;
    if (errno == EEXIST && stat(path, &s) == 0 && S_ISDIR(s.st_mode))
        return FY_OK;
    if (errno == EEXIST)
        return fy_fail(err, FY_ERR_IO, "cannot create folder \"%s\": a file with that name exists", path);
    return fy_posix_fail(err, "create folder", path);
}

fy_result fy_plat_mkdirs(const char *path, fy_err *err)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    fy_result rc;
    if (n >= sizeof buf)
        return fy_fail(err, FY_ERR_IO, "path too long: %s", path);
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i < n; i++) {
        if (buf[i] != '/')
            continue;
        buf[i] = '\0';
        rc = fy_plat_mkdir(buf, err);
        buf[i] = '/';
        if (rc != FY_OK)
            return rc;
    }
    return fy_plat_mkdir(buf, err);
}

fy_result fy_plat_set_mtime(const char *path, int64_t mtime, fy_err *err)
{
    struct timespec ts[2] = {{0, UTIME_OMIT}, {(time_t)mtime, 0}};
    if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) != 0)
        return fy_posix_fail(err, "set the time of", path);
    return FY_OK;
}

fy_result fy_plat_set_executable(const char *path, fy_err *err)
{
    struct stat s;
    mode_t m;
    if (lstat(path, &s) != 0)
        return fy_posix_fail(err, "look at", path);
    if (!S_ISREG(s.st_mode))
        return FY_OK;
    /* x wherever r is: the same people who may read it may run it. */
    m = s.st_mode | S_IXUSR | ((s.st_mode & S_IRGRP) ? S_IXGRP : 0) | ((s.st_mode & S_IROTH) ? S_IXOTH : 0);
    if (chmod(path, m & 07777) != 0)
        return fy_posix_fail(err, "make executable", path);
    return FY_OK;
}

fy_result fy_plat_free_space(const char *path, uint64_t *bytes, fy_err *err)
{
    struct statvfs v;
    if (statvfs(path, &v) != 0)
        return fy_posix_fail(err, "measure free space of", path);
    *bytes = (uint64_t)v.f_bavail * (uint64_t)v.f_frsize;
    return FY_OK;
}

fy_result fy_plat_abspath(const char *path, char *out, size_t cap, fy_err *err)
{
    char buf[PATH_MAX];
    if (realpath(path, buf)) {
        if (strlen(buf) >= cap)
            return fy_fail(err, FY_ERR_IO, "path too long: %s", path);
        strcpy(out, buf);
        return FY_OK;
    }
    if (path[0] == '/') {
        if (strlen(path) >= cap)
            return fy_fail(err, FY_ERR_IO, "path too long: %s", path);
        strcpy(out, path);
        return FY_OK;
    }
    if (!getcwd(buf, sizeof buf))
        return fy_posix_fail(err, "find the current folder for", path);
    if ((size_t)snprintf(out, cap, "%s/%s", buf, path) >= cap)
        return fy_fail(err, FY_ERR_IO, "path too long: %s", path);
    return FY_OK;
}

fy_result fy_plat_create_private(const char *path, fy_err *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return fy_posix_fail(err, "create", path);
    /* A file made under a looser umask, or by an older Ferry: owner-only
     * now. Not ours (someone else's config folder): left alone. */
    if (fchmod(fd, 0600) != 0 && errno != EPERM) {
        fy_result rc = fy_posix_fail(err, "restrict to this user", path);
        close(fd);
        return rc;
    }
    close(fd);
    return FY_OK;
}

fy_result fy_plat_write_file_atomic(const char *path, const void *data, size_t len, int private_to_user, fy_err *err)
{
    char tmp[PATH_MAX];
    int fd;
    const char *p = data;
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= sizeof tmp)
        return fy_fail(err, FY_ERR_IO, "path too long: %s", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, private_to_user ? 0600 : 0666);
    if (fd < 0)
        return fy_posix_fail(err, "create", tmp);
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fy_result rc = fy_posix_fail(err, "write", tmp);
            close(fd);
            unlink(tmp);
            return rc;
        }
        p += n;
        len -= (size_t)n;
    }
    /* fsync before rename: after a crash the file is the old one or the
     * whole new one, never an empty one. */
    if (fsync(fd) != 0 || close(fd) != 0) {
        fy_result rc = fy_posix_fail(err, "write", tmp);
        unlink(tmp);
        return rc;
    }
    if (rename(tmp, path) != 0) {
        fy_result rc = fy_posix_fail(err, "replace", path);
        unlink(tmp);
        return rc;
    }
    return FY_OK;
}

fy_result fy_plat_opendir(const char *path, fy_dir **out, fy_err *err)
{
    size_t n = strlen(path);
    fy_dir *d = malloc(sizeof *d + n + 1);
    *out = NULL;
    if (!d)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    memcpy(d->path, path, n + 1);
    if (!(d->d = opendir(path))) {
        fy_result rc = fy_posix_fail(err, "list folder", path);
        free(d);
        return rc;
    }
    *out = d;
    return FY_OK;
}

fy_result fy_plat_readdir(fy_dir *d, const char **name, fy_err *err)
{
    struct dirent *e;
    for (;;) {
        errno = 0;
        e = readdir(d->d);
        if (!e) {
            *name = NULL;
            return errno ? fy_posix_fail(err, "list folder", d->path) : FY_OK;
        }
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            break;
    }
    *name = e->d_name;
    return FY_OK;
}

void fy_plat_closedir(fy_dir *d)
{
    if (!d)
        return;
    closedir(d->d);
    free(d);
}

/* ---- folders the user expects ----------------------------------------------- */

static const char *home_dir(void)
{
    const char *h = getenv("HOME");
    return h && *h ? h : "/tmp";
}

/* XDG_DOWNLOAD_DIR from user-dirs.dirs, "$HOME/..." expanded. */
static int xdg_download_dir(char *out, size_t cap)
{
    char path[PATH_MAX], line[PATH_MAX];
    const char *cfg = getenv("XDG_CONFIG_HOME");
    FILE *f;
    int found = 0;
    if (cfg && *cfg)
        snprintf(path, sizeof path, "%s/user-dirs.dirs", cfg);
    else
        snprintf(path, sizeof path, "%s/.config/user-dirs.dirs", home_dir());
    if (!(f = fopen(path, "r")))
        return 0;
    while (!found && fgets(line, sizeof line, f)) {
        char *v, *end;
        if (strncmp(line, "XDG_DOWNLOAD_DIR=\"", 18) != 0)
            continue;
        v = line + 18;
        if (!(end = strchr(v, '"')))
            continue;
        *end = '\0';
        if (strncmp(v, "$HOME", 5) == 0)
            found = (size_t)snprintf(out, cap, "%s%s", home_dir(), v + 5) < cap;
        else if (v[0] == '/')
            found = (size_t)snprintf(out, cap, "%s", v) < cap;
    }
    fclose(f);
    return found;
}

fy_result fy_plat_default_receive_dir(char *out, size_t cap, fy_err *err)
{
    char dl[PATH_MAX];
    if (!xdg_download_dir(dl, sizeof dl))
        snprintf(dl, sizeof dl, "%s/Downloads", home_dir());
    if ((size_t)snprintf(out, cap, "%s/Ferry", dl) >= cap)
        return fy_fail(err, FY_ERR_IO, "download folder path too long");
    return FY_OK;
}

/* FERRY_CONFIG_DIR, when set, is the folder itself (as on Windows); else
 * $XDG_CONFIG_HOME/ferry, else ~/.config/ferry. */
fy_result fy_plat_config_dir(char *out, size_t cap, fy_err *err)
{
    const char *own = getenv("FERRY_CONFIG_DIR"), *cfg = getenv("XDG_CONFIG_HOME");
    int n = own && *own   ? snprintf(out, cap, "%s", own)
            : cfg && *cfg ? snprintf(out, cap, "%s/ferry", cfg)
                          : snprintf(out, cap, "%s/.config/ferry", home_dir());
    fy_result rc;
    if (n < 0 || (size_t)n >= cap)
        return fy_fail(err, FY_ERR_IO, "config folder path too long");
    if ((rc = fy_plat_mkdirs(out, err)) != FY_OK)
        return rc;
    (void)chmod(out, 0700); /* keys live here */
    return FY_OK;
}

fy_result fy_plat_open_file(const char *path, fy_err *err)
{
    struct stat st;
    size_t n = strlen(path);
    if (stat(path, &st) != 0)
        return fy_posix_fail(err, "open", path);
    /* xdg-open would hand a launcher or a program to something that runs it. */
    if (!S_ISREG(st.st_mode) || (st.st_mode & 0111) || (n >= 8 && !strcmp(path + n - 8, ".desktop")))
        return fy_fail(err, FY_ERR_USAGE, "not opened: %s is a program or not a plain file (use Show in folder)",
                       path);
    return fy_plat_open_folder(path, err);
}

fy_result fy_plat_open_folder(const char *path, fy_err *err)
{
    /* Double fork: xdg-open may live long, and must not become a zombie of
     * ours. exec without a shell: the path may contain anything. */
    pid_t pid;
    /* Minimal systems have no xdg-open: say so (the window then shows the
     * path to copy) instead of a child that fails unseen. */
    if (!fy_posix_on_path("xdg-open"))
        return fy_fail(err, FY_ERR_NOT_FOUND, "there is no file manager to open it with (xdg-open is not installed)");
    pid = fork();
    if (pid < 0)
        return fy_posix_fail(err, "start xdg-open for", path);
    if (pid == 0) {
        if (fork() == 0) {
            int null = open("/dev/null", O_RDWR);
            if (null >= 0) {
                dup2(null, 0);
                dup2(null, 1);
                dup2(null, 2);
            }
            execlp("xdg-open", "xdg-open", path, (char *)NULL);
            _exit(127);
        }
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return FY_OK;
}

/* ---- terminal -------------------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    /* A second Ctrl-C means "now": the default action takes over. */
    if (interrupted) {
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
    }
    interrupted = 1;
}

void fy_plat_catch_interrupt(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int fy_plat_interrupted(void) { return interrupted != 0; }

int fy_plat_isatty_stderr(void) { return isatty(2); }
int fy_plat_isatty_stdin(void) { return isatty(0); }
int fy_plat_isatty_stdout(void) { return isatty(1); }
void fy_plat_stdio_binary(void) {}

int fy_plat_term_width(void)
{
    struct winsize ws;
    if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

int fy_plat_term_ask(const char *prompt, char *out, size_t cap)
{
    /* The controlling terminal, not stdin: stdin may be a pipe of data, and
     * an answer must come from a person. */
    FILE *tty = fopen("/dev/tty", "r+");
    size_t n;
    if (!tty)
        return -1;
    /* Unbuffered: a buffered read could swallow the answer to the next
     * question typed ahead, and fclose would throw it away. */
    setvbuf(tty, NULL, _IONBF, 0);
    fputs(prompt, tty);
    fflush(tty);
    if (!fgets(out, (int)cap, tty)) {
        fclose(tty);
        return -1;
    }
    fclose(tty);
    n = strlen(out);
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return 0;
}
