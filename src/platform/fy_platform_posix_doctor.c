/* fy_platform_posix_doctor.c: what the network doctor asks Linux: who holds
 * a port (/proc/net/{tcp,udp}[6], then /proc/PID/fd), and what the firewall
 * does to Ferry's ports (`nft list ruleset`, else `iptables-save`, read
 * where permitted). The verdicts themselves are worked out in the core
 * (fy_doctor_parse_nft/iptables). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/fy_doctor.h"
#include "fy_platform.h"

/* Inode of the socket bound to port in one /proc/net table: for TCP only
 * listening sockets (state 0A) count, for UDP any bound one. 0 if none. */
static unsigned long socket_inode(const char *table, int tcp, uint16_t port)
{
    char line[512];
    unsigned long inode = 0;
    FILE *f = fopen(table, "r");
    if (!f)
        return 0;
    if (!fgets(line, sizeof line, f)) { /* the header */
        fclose(f);
        return 0;
    }
    while (!inode && fgets(line, sizeof line, f)) {
        char local[64], remote[64];
        unsigned st, lport;
        unsigned long ino;
        const char *colon;
        if (sscanf(line, "%*s %63s %63s %x %*s %*s %*s %*s %*s %lu", local, remote, &st, &ino) != 4)
            continue;
        if (!(colon = strrchr(local, ':')) || sscanf(colon + 1, "%x", &lport) != 1)
            continue;
        if (lport == port && (!tcp || st == 0x0A))
            inode = ino;
    }
    fclose(f);
    return inode;
}

/* The process holding socket inode: scans /proc/PID/fd (only this user's
 * processes can be read without root). */
static int inode_owner(unsigned long inode, char *comm, size_t cap)
{
    char want[48], path[600], link[64];
    DIR *d = opendir("/proc");
    struct dirent *de;
    int found = 0;
    if (!d)
        return 0;
    snprintf(want, sizeof want, "socket:[%lu]", inode);
    while (!found && (de = readdir(d)) != NULL) {
        DIR *fds;
        struct dirent *fe;
        if (de->d_name[0] < '1' || de->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/fd", de->d_name);
        if (!(fds = opendir(path)))
            continue;
        while ((fe = readdir(fds)) != NULL) {
            ssize_t n;
            snprintf(path, sizeof path, "/proc/%s/fd/%s", de->d_name, fe->d_name);
            n = readlink(path, link, sizeof link - 1);
            if (n <= 0)
                continue;
            link[n] = '\0';
            if (!strcmp(link, want)) {
                found = atoi(de->d_name);
                break;
            }
        }
        closedir(fds);
    }
    closedir(d);
    if (found) {
        FILE *f;
        snprintf(path, sizeof path, "/proc/%d/comm", found);
        comm[0] = '\0';
        if ((f = fopen(path, "r")) != NULL) {
            if (fgets(comm, (int)cap, f))
                comm[strcspn(comm, "\n")] = '\0';
            fclose(f);
        }
    }
    return found;
}

void fy_plat_port_owner(int udp, uint16_t port, fy_doc_port *out)
{
    const char *v4 = udp ? "/proc/net/udp" : "/proc/net/tcp", *v6 = udp ? "/proc/net/udp6" : "/proc/net/tcp6";
    unsigned long inode = socket_inode(v4, !udp, port);
    memset(out, 0, sizeof *out);
    if (!inode)
        inode = socket_inode(v6, !udp, port); /* a [::] socket takes the IPv4 port too */
    if (!inode) {
        FILE *f = fopen(v4, "r");
        out->state = f ? FY_DOC_PORT_FREE : FY_DOC_PORT_UNKNOWN;
        if (f)
            fclose(f);
        return;
    }
    out->pid = inode_owner(inode, out->owner, sizeof out->owner);
    out->state = out->pid == (int)getpid() || !strncmp(out->owner, "ferry", 5) ? FY_DOC_PORT_FERRY
                                                                                : FY_DOC_PORT_OTHER;
}

/* Runs cmd and reads its standard output (at most cap - 1 bytes). Returns
 * the exit status, -1 if it could not run. */
static int run_read(const char *cmd, char *buf, size_t cap)
{
    size_t len = 0, got;
    int st;
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    while (len + 1 < cap && (got = fread(buf + len, 1, cap - 1 - len, p)) > 0)
        len += got;
    buf[len] = '\0';
    {
        /* Past the cap: read and drop the rest, or the tool blocks on a
         * full pipe and pclose waits for ever. */
        char sink[4096];
        while (fread(sink, 1, sizeof sink, p) > 0)
            ;
    }
    st = pclose(p);
    return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

static int have_tool(const char *name)
{
    static const char *dirs[] = {"/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"};
    char path[64];
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s%s", dirs[i], name);
        if (access(path, X_OK) == 0)
            return 1;
    }
    return 0;
}

/* ufw and firewalld, the two front ends people meet: their state, said
 * beside the rules (ufw status needs root; firewall-cmd --state does not). */
static void managers(fy_doc_firewall *out, char *buf)
{
    size_t len = 0;
    out->managers[0] = '\0';
    if (have_tool("ufw") && run_read("PATH=/usr/sbin:/sbin:/usr/bin:/bin ufw status 2>/dev/null", buf, 4096) == 0) {
        if (!strncmp(buf, "Status: active", 14))
            len += (size_t)snprintf(out->managers, sizeof out->managers, "ufw active");
        else if (!strncmp(buf, "Status: inactive", 16))
            len += (size_t)snprintf(out->managers, sizeof out->managers, "ufw inactive");
    }
    if (have_tool("firewall-cmd") &&
        run_read("PATH=/usr/sbin:/sbin:/usr/bin:/bin firewall-cmd --state 2>/dev/null", buf, 4096) >= 0 && buf[0] &&
        len < sizeof out->managers)
        snprintf(out->managers + len, sizeof out->managers - len, "%sfirewalld %s", len ? ", " : "",
                 !strncmp(buf, "running", 7) ? "running" : "not running");
}

/* Rule sets of a few thousand lines are a few hundred KB; past 4 MB the
 * rest is not read (what was read still counts). */
#define RULES_MAX (4u << 20)

void fy_plat_firewall(uint16_t port, fy_doc_firewall *out)
{
    /* The tools live in /usr/sbin, which a user's PATH often lacks. */
    static const char nft[] = "PATH=/usr/sbin:/sbin:/usr/bin:/bin nft list ruleset 2>/dev/null";
    static const char ipt[] = "PATH=/usr/sbin:/sbin:/usr/bin:/bin iptables-save 2>/dev/null";
    char *buf = malloc(RULES_MAX);
    memset(out, 0, sizeof *out);
    if (!buf)
        return;
    managers(out, buf);
    if (have_tool("nft") && run_read(nft, buf, RULES_MAX) == 0) {
        out->kind = FY_DOC_FW_READ;
        snprintf(out->tool, sizeof out->tool, "nftables");
        fy_doctor_parse_nft(buf, port, &out->tcp, &out->udp);
    } else if (have_tool("iptables-save") && run_read(ipt, buf, RULES_MAX) == 0 && buf[0]) {
        out->kind = FY_DOC_FW_READ;
        snprintf(out->tool, sizeof out->tool, "iptables");
        fy_doctor_parse_iptables(buf, port, &out->tcp, &out->udp);
    } else {
        out->kind = FY_DOC_FW_NOT_READ;
        out->no_permission = have_tool("nft") || have_tool("iptables-save");
    }
    free(buf);
}

int fy_plat_connect_probe(uint32_t addr, uint16_t port, unsigned timeout_ms, double *ms, char *why, size_t cap)
{
    struct sockaddr_in sa;
    struct pollfd p;
    struct timespec t0, t1;
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), e = 0, r;
    socklen_t len = sizeof e;
    if (cap)
        why[0] = '\0';
    *ms = 0;
    if (s < 0) {
        snprintf(why, cap, "%s", strerror(errno));
        return FY_DOC_CONN_OTHER;
    }
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(addr);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = connect(s, (struct sockaddr *)&sa, sizeof sa);
    if (r != 0 && errno == EINPROGRESS) {
        p.fd = s;
        p.events = POLLOUT;
        p.revents = 0;
        r = poll(&p, 1, (int)timeout_ms);
        if (r == 0) {
            close(s);
            return FY_DOC_CONN_TIMEOUT;
        }
        if (getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
            e = errno;
    } else if (r != 0)
        e = errno;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *ms = (double)(t1.tv_sec - t0.tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    close(s);
    switch (e) {
    case 0: return FY_DOC_CONN_OK;
    case ECONNREFUSED: return FY_DOC_CONN_REFUSED;
    case ETIMEDOUT: return FY_DOC_CONN_TIMEOUT;
    case EHOSTUNREACH:
    case ENETUNREACH: return FY_DOC_CONN_NO_ROUTE;
    default: snprintf(why, cap, "%s", strerror(e)); return FY_DOC_CONN_OTHER;
    }
}
