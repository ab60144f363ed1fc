/* fy_platform_posix_net.c: the network half of the platform seam on Linux:
 * interfaces, socket options, socket errors. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <linux/sockios.h> /* SIOCOUTQ */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "fy_platform.h"

int fy_plat_list_ipv4(fy_iface *out, int cap)
{
    struct ifaddrs *all, *a;
    int n = 0;
    if (getifaddrs(&all) != 0)
        return 0;
    for (a = all; a && n < cap; a = a->ifa_next) {
        fy_iface *f;
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || !(a->ifa_flags & IFF_UP))
            continue;
        f = &out[n++];
        memset(f, 0, sizeof *f);
        snprintf(f->name, sizeof f->name, "%s", a->ifa_name);
        f->addr = ntohl(((struct sockaddr_in *)a->ifa_addr)->sin_addr.s_addr);
        f->netmask = a->ifa_netmask ? ntohl(((struct sockaddr_in *)a->ifa_netmask)->sin_addr.s_addr) : 0xFFFFFFFFu;
        /* The directed broadcast follows from address and mask. What the
         * interface reports is not used: an address added without "brd"
         * reports 0.0.0.0 or the address itself. */
        f->broadcast = f->addr | ~f->netmask;
        f->loopback = (a->ifa_flags & IFF_LOOPBACK) != 0;
    }
    freeifaddrs(all);
    return n;
}

/* The layout every SDL2_net 2.x release gives its TCP socket struct. */
struct sdlnet_tcp_head {
    int ready;
    int channel;
};

fy_sockfd fy_plat_sdlnet_socket(const void *sdl_tcpsocket)
{
    return ((const struct sdlnet_tcp_head *)sdl_tcpsocket)->channel;
}

void fy_plat_sock_tune(fy_sockfd fd, unsigned timeout_ms)
{
    int s = (int)fd, one = 1, buf = 4 << 20;
    struct timeval tv = {(time_t)(timeout_ms / 1000), (suseconds_t)(timeout_ms % 1000) * 1000};
    /* Large buffers keep a fast link busy while the other side hashes or
     * writes; failures only cost speed, so they are ignored. */
    (void)setsockopt(s, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    (void)setsockopt(s, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    (void)setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    (void)setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    fy_plat_sock_peer_timeout(fd, FY_PLAT_PEER_TIMEOUT_MS);
}

/* For a limit of T (30 s by default): the first keepalive probe after T/3
 * of quiet (a live connection waiting on a person costs one small probe and
 * its answer every 10 s), then one every T/6; 3 unanswered probes end it
 * after T/3 + 3 * T/6 = 5T/6 (25 s), inside T. Where TCP_USER_TIMEOUT is
 * set, Linux ignores the count and gives up at the first probe at or past
 * the user timeout instead: at T (the probes at 10, 15, 20, 25, 30 s). */
void fy_plat_sock_peer_timeout(fy_sockfd fd, unsigned timeout_ms)
{
    int s = (int)fd, one = 1;
    unsigned secs = (timeout_ms + 999) / 1000;
    /* Linux takes 1..32767 seconds for both. */
    int idle = secs < 3 ? 1 : secs / 3 > 32767 ? 32767 : (int)(secs / 3);
    int every = secs < 6 ? 1 : secs / 6 > 32767 ? 32767 : (int)(secs / 6), probes = 3;

    if (!timeout_ms)
        return;
    /* Failures leave the system's defaults, and the idle timeout Ferry
     * counts itself: they are ignored. */
    (void)setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
#if defined(TCP_KEEPIDLE) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
    (void)setsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    (void)setsockopt(s, IPPROTO_TCP, TCP_KEEPINTVL, &every, sizeof every);
    (void)setsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
#else
    (void)idle, (void)every, (void)probes;
#endif
#ifdef TCP_USER_TIMEOUT
    /* Without it, data nobody acknowledges is resent for about 15 minutes
     * (tcp_retries2) before a blocked send fails. */
    (void)setsockopt(s, IPPROTO_TCP, TCP_USER_TIMEOUT, &timeout_ms, sizeof timeout_ms);
#endif
}

void fy_plat_sock_broadcast(fy_sockfd fd)
{
    int one = 1;
    (void)setsockopt((int)fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
}

/* Linux desktops ship with incoming connections allowed or ask nothing; a
 * user who set up ufw or firewalld knows it. Nothing to say. */
int fy_plat_firewall_note(char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    return 0;
}

int fy_plat_sock_wait_writable(fy_sockfd fd, unsigned ms)
{
    struct pollfd p = {(int)fd, POLLOUT, 0};
    return poll(&p, 1, (int)ms) != 0;
}

void fy_plat_sock_shutdown(fy_sockfd fd) { (void)shutdown((int)fd, SHUT_RDWR); }

void fy_plat_sock_listen_backlog(fy_sockfd fd, int backlog) { (void)listen((int)fd, backlog); }

long long fy_plat_sock_unacked(fy_sockfd fd)
{
    int n = 0;
    return ioctl((int)fd, SIOCOUTQ, &n) == 0 ? (long long)n : -1;
}

void fy_plat_connect_error(uint32_t addr, uint16_t port, char *out, size_t cap)
{
    (void)addr, (void)port; /* errno survives SDL2_net's close() */
    fy_plat_sock_last_error(out, cap);
}

int fy_plat_sock_last_timed_out(void) { return errno == EAGAIN || errno == EWOULDBLOCK; }

void fy_plat_sock_last_error(char *out, size_t cap)
{
    snprintf(out, cap, "%s", errno ? strerror(errno) : "connection closed");
}
