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
    (void)setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    (void)setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
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
