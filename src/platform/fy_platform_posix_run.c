/* fy_platform_posix_run.c: running the virus scanner on Linux (no shell),
 * and finding one. */
#define _GNU_SOURCE
#include "fy_platform.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fy_platform_posix_int.h"

extern char **environ;

fy_result fy_plat_mkdir_private(const char *path, fy_err *err)
{
    struct stat s;
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return fy_posix_fail(err, "create folder", path);
    /* An existing one must be a real folder of ours, not a link to one. */
    if (lstat(path, &s) != 0)
        return fy_posix_fail(err, "look at", path);
    if (!S_ISDIR(s.st_mode))
        return fy_fail(err, FY_ERR_IO, "\"%s\" is not a folder", path);
    if ((s.st_mode & 0777) != 0700 && chmod(path, 0700) != 0)
        return fy_posix_fail(err, "make private", path);
    return FY_OK;
}

static void keep_output(fy_run_outcome *out, const char *buf, size_t n)
{
    size_t room = FY_RUN_OUTPUT_MAX - out->output_len;
    if (n > room)
        n = room;
    memcpy(out->output + out->output_len, buf, n);
    out->output_len += n;
    out->output[out->output_len] = '\0';
}

/* posix_spawn rather than fork: the engine has threads, and only exec-safe
 * work may happen in a forked child of a threaded process. The child gets
 * a process group of its own, so a scanner that is a script (or clamscan's
 * helpers) dies whole on a timeout. */
void fy_plat_run(const char *const *argv, unsigned timeout_ms, int (*stop)(void *ud), void *ud,
                 fy_run_outcome *out)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    int pipefd[2] = {-1, -1}, status = 0, rc, open_pipe, killed = 0, naps = 0;
    pid_t pid;
    uint64_t until = fy_plat_now_ms() + timeout_ms;

    memset(out, 0, sizeof *out);
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        out->end = FY_RUN_FAILED;
        snprintf(out->why, sizeof out->why, "pipe: %s", strerror(errno));
        return;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    /* Sockets SDL2_net opened without CLOEXEC must not live on in a hung
     * scanner and keep a finished connection open. */
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup(&at, 0);
    {
        sigset_t none, def;
        sigemptyset(&none);
        sigemptyset(&def);
        sigaddset(&def, SIGPIPE); /* ignored here; a scanner gets the default */
        sigaddset(&def, SIGINT);
        sigaddset(&def, SIGTERM);
        posix_spawnattr_setsigmask(&at, &none);
        posix_spawnattr_setsigdefault(&at, &def);
    }
    rc = posix_spawnp(&pid, argv[0], &fa, &at, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        out->end = rc == ENOENT ? FY_RUN_NOT_FOUND : FY_RUN_FAILED;
        snprintf(out->why, sizeof out->why, "%s: %s", argv[0], strerror(rc));
        return;
    }
    /* Read until the pipe closes (every process holding it ended), the
     * time is up, or the caller stops. */
    open_pipe = 1;
    while (open_pipe) {
        struct pollfd p = {pipefd[0], POLLIN, 0};
        uint64_t now = fy_plat_now_ms();
        if (now >= until || (stop && stop(ud))) {
            out->end = now >= until ? FY_RUN_TIMED_OUT : FY_RUN_STOPPED;
            kill(-pid, SIGKILL);
            killed = 1;
            break;
        }
        if (poll(&p, 1, 50) > 0) {
            char buf[4096];
            ssize_t n = read(pipefd[0], buf, sizeof buf);
            if (n > 0)
                keep_output(out, buf, (size_t)n);
            else if (n == 0 || (errno != EINTR && errno != EAGAIN))
                open_pipe = 0;
        }
    }
    close(pipefd[0]);
    /* The pipe is closed: the scanner is exiting, or closed its output
     * and goes on (it still has until the deadline). */
    for (;;) {
        pid_t w = waitpid(pid, &status, killed ? 0 : WNOHANG);
        uint64_t now;
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        now = fy_plat_now_ms();
        if (!killed && (now >= until || (stop && stop(ud)))) {
            out->end = now >= until ? FY_RUN_TIMED_OUT : FY_RUN_STOPPED;
            kill(-pid, SIGKILL);
            killed = 1;
        } else if (!killed) {
            /* Usually gone within a millisecond of closing its output:
             * short naps first (200 files x 10 ms added up to 2 s). */
            fy_plat_sleep_ms(naps < 10 ? 1 : 10);
            naps++;
        }
    }
    kill(-pid, SIGKILL); /* anything it left behind in its group */
    if (killed)
        return;
    if (WIFEXITED(status)) {
        out->end = FY_RUN_EXITED;
        out->code = WEXITSTATUS(status);
        /* posix_spawnp reports a missing program as exit 127 where it
         * cannot tell before the exec (glibc can, musl cannot). */
    } else {
        out->end = FY_RUN_SIGNALED;
        out->code = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
}

/* clamd's LocalSocket from clamd.conf ("LocalSocket /run/clamav/clamd.ctl"),
 * and whether something listens there. */
static int clamd_answers(void)
{
    const char *conf = getenv("FERRY_CLAMD_CONF");
    char line[512], path[sizeof ((struct sockaddr_un *)0)->sun_path] = "";
    FILE *f = fopen(conf && conf[0] ? conf : "/etc/clamav/clamd.conf", "re");
    struct sockaddr_un sa;
    int fd, ok;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        char *v;
        if (strncmp(line, "LocalSocket", 11) != 0 || (line[11] != ' ' && line[11] != '\t'))
            continue;
        v = line + 11;
        v += strspn(v, " \t");
        v[strcspn(v, "\r\n")] = '\0';
        snprintf(path, sizeof path, "%s", v);
    }
    fclose(f);
    if (!path[0])
        return 0;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, strlen(path));
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
        return 0;
    ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    close(fd);
    return ok;
}

static int on_path(const char *prog)
{
    const char *p = getenv("PATH");
    char buf[4096];
    if (!p)
        p = "/usr/local/bin:/usr/bin:/bin";
    while (*p) {
        size_t n = strcspn(p, ":");
        if (n > 0 && snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, prog) < (int)sizeof buf &&
            access(buf, X_OK) == 0)
            return 1;
        p += n + (p[n] == ':');
    }
    return 0;
}

void fy_plat_native_path(char *path) { (void)path; }

int fy_plat_find_scanner(char *out, size_t cap)
{
    const char *db = getenv("FERRY_CLAMSCAN_DB");
    out[0] = '\0';
    if (on_path("clamdscan") && clamd_answers()) {
        snprintf(out, cap, "clamdscan --fdpass --no-summary {}");
    } else if (on_path("clamscan")) {
        /* The database path is quoted: fy_scan_parse_command splits. */
        if (db && db[0] && !strchr(db, '"'))
            snprintf(out, cap, "clamscan --no-summary -d \"%s\" {}", db);
        else
            snprintf(out, cap, "clamscan --no-summary {}");
    }
    return out[0] != '\0';
}
