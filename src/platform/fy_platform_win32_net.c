/* fy_platform_win32_net.c: the network half of the platform seam on
 * Windows: interfaces, socket options, socket errors.
 *
 * Winsock is started by SDL2_net (SDLNet_Init) before any socket exists,
 * and every function here is given a socket or reads the last socket
 * error, so none calls WSAStartup. GetAdaptersAddresses does not need it. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <mstcpip.h> /* SIO_KEEPALIVE_VALS */
#define COBJMACROS
#include <netfw.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_platform.h"
#include "fy_platform_win32_int.h"

int fy_plat_list_ipv4(fy_iface *out, int cap)
{
    IP_ADAPTER_ADDRESSES *all = NULL, *a;
    ULONG size = 16 * 1024, r;
    int n = 0;
    /* The list may grow between the call that sizes it and the next. */
    for (int tries = 0; tries < 4; tries++) {
        free(all);
        if (!(all = malloc(size)))
            return 0;
        r = GetAdaptersAddresses(AF_INET,
                                 GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER, NULL,
                                 all, &size);
        if (r != ERROR_BUFFER_OVERFLOW)
            break;
    }
    if (r != NO_ERROR) {
        free(all);
        return 0;
    }
    for (a = all; a && n < cap; a = a->Next) {
        if (a->OperStatus != IfOperStatusUp)
            continue;
        for (IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u && n < cap; u = u->Next) {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)u->Address.lpSockaddr;
            unsigned bits = u->OnLinkPrefixLength;
            fy_iface *f;
            if (!sin || sin->sin_family != AF_INET)
                continue;
            f = &out[n++];
            memset(f, 0, sizeof *f);
            /* The name people see ("Wi-Fi", "Ethernet"), not the GUID. */
            fy_win_utf8_copy(f->name, sizeof f->name, a->FriendlyName ? a->FriendlyName : L"");
            f->addr = ntohl(sin->sin_addr.s_addr);
            f->netmask = bits == 0 ? 0 : bits >= 32 ? 0xFFFFFFFFu : 0xFFFFFFFFu << (32 - bits);
            /* The directed broadcast follows from address and mask, as on
             * Linux. */
            f->broadcast = f->addr | ~f->netmask;
            f->loopback = a->IfType == IF_TYPE_SOFTWARE_LOOPBACK;
        }
    }
    free(all);
    return n;
}

/* The layout every SDL2_net 2.x release gives its TCP socket struct. On
 * Windows the channel is a SOCKET, pointer-sized: on 64-bit it starts 8
 * bytes in, not 4. */
struct sdlnet_tcp_head {
    int ready;
    SOCKET channel;
};

fy_sockfd fy_plat_sdlnet_socket(const void *sdl_tcpsocket)
{
    return (fy_sockfd)((const struct sdlnet_tcp_head *)sdl_tcpsocket)->channel;
}

void fy_plat_sock_tune(fy_sockfd fd, unsigned timeout_ms)
{
    SOCKET s = (SOCKET)fd;
    int one = 1, buf = 4 << 20;
    /* Winsock takes these timeouts as a DWORD of milliseconds, where Linux
     * takes a struct timeval. After one runs out Winsock calls the socket's
     * state "indeterminate"; in practice a timed-out recv has taken nothing
     * and the next one goes on. */
    DWORD tv = timeout_ms;
    /* Large buffers keep a fast link busy while the other side hashes or
     * writes; failures only cost speed, so they are ignored. */
    (void)setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&buf, sizeof buf);
    (void)setsockopt(s, SOL_SOCKET, SO_RCVBUF, (const char *)&buf, sizeof buf);
    (void)setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    (void)setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&tv, sizeof tv);
    (void)setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&tv, sizeof tv);
    fy_plat_sock_peer_timeout(fd, FY_PLAT_PEER_TIMEOUT_MS);
}

/* mingw-w64's headers lack these IPPROTO_TCP options; the values are the
 * ones Microsoft documents (ws2ipdef.h, "IPPROTO_TCP socket options"). */
#ifndef TCP_MAXRT
#define TCP_MAXRT 5 /* DWORD seconds: retransmit no longer than this (Vista and later) */
#endif
#ifndef TCP_KEEPCNT
#define TCP_KEEPCNT 16 /* DWORD: keepalive probes before giving up (Windows 10 1703 and later) */
#endif

/* For a limit of T (30 s by default): the first keepalive probe after T/3
 * of quiet (a live connection waiting on a person costs one small probe and
 * its answer every 10 s), then one every T/6; 3 unanswered probes end it
 * after T/3 + 3 * T/6 = 5T/6 (25 s), inside T. Windows before 10 1703 cannot
 * set the count and sends 10 probes (60 s); there Ferry's own idle timeout
 * still ends a transfer whose data stopped. */
void fy_plat_sock_peer_timeout(fy_sockfd fd, unsigned timeout_ms)
{
    SOCKET s = (SOCKET)fd;
    struct tcp_keepalive ka;
    BOOL one = TRUE;
    DWORD probes = 3, secs = (timeout_ms + 999) / 1000, unused = 0;

    if (!timeout_ms)
        return;
    ka.onoff = 1;
    ka.keepalivetime = timeout_ms / 3 > 1000 ? timeout_ms / 3 : 1000;
    ka.keepaliveinterval = timeout_ms / 6 > 1000 ? timeout_ms / 6 : 1000;
    /* Failures leave the system's defaults, and the idle timeout Ferry
     * counts itself: they are ignored. */
    (void)setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (const char *)&one, sizeof one);
    (void)WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &unused, NULL, NULL);
    (void)setsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, (const char *)&probes, sizeof probes);
    /* Resending data the peer does not acknowledge stops after T, as
     * TCP_USER_TIMEOUT makes it on Linux, whatever the system's retry count
     * (TcpMaxDataRetransmissions, with a doubling wait) would give. */
    (void)setsockopt(s, IPPROTO_TCP, TCP_MAXRT, (const char *)&secs, sizeof secs);
}

void fy_plat_sock_broadcast(fy_sockfd fd)
{
    BOOL one = TRUE;
    (void)setsockopt((SOCKET)fd, SOL_SOCKET, SO_BROADCAST, (const char *)&one, sizeof one);
}

/* shutdown() stops the socket for good, but Winsock does not promise to
 * end a recv another thread is blocked in (Linux returns 0 there at once);
 * CancelIoEx ends it, with an error, instead of at the next timeout. */
/* listen() on a listening socket succeeds without changing the length
 * (Winsock's documented behaviour), so there is nothing to do. */
void fy_plat_sock_listen_backlog(fy_sockfd fd, int backlog) { (void)fd, (void)backlog; }

/* SIO_TCP_INFO (Windows 10 1703) has it, but not mingw's headers nor wine:
 * unknown, so a silent peer is judged by the idle timeout alone. */
long long fy_plat_sock_unacked(fy_sockfd fd)
{
    (void)fd;
    return -1;
}

void fy_plat_sock_shutdown(fy_sockfd fd)
{
    (void)shutdown((SOCKET)fd, SD_BOTH);
    (void)CancelIoEx((HANDLE)fd, NULL);
}

/* A blocking socket's SO_RCVTIMEO/SO_SNDTIMEO running out is WSAETIMEDOUT
 * on Windows (EAGAIN on Linux). */
int fy_plat_sock_last_timed_out(void) { return WSAGetLastError() == WSAETIMEDOUT; }

/* The system's text for the error, shaped like strerror's (one line, no
 * final period) to read the same inside Ferry's messages. */
void fy_plat_sock_last_error(char *out, size_t cap)
{
    int e = WSAGetLastError();
    if (!e)
        snprintf(out, cap, "connection closed");
    else
        fy_win_err_text((unsigned long)e, out, cap);
}

void fy_plat_connect_error(uint32_t addr, uint16_t port, char *out, size_t cap)
{
    struct sockaddr_in sa;
    SOCKET s;
    u_long nb = 1;
    fd_set w, x;
    struct timeval tv = {3, 0};
    int e = 0, len = sizeof e;
    if (WSAGetLastError()) {
        fy_plat_sock_last_error(out, cap);
        return;
    }
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(addr);
    sa.sin_port = htons(port);
    if ((s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) == INVALID_SOCKET) {
        fy_plat_sock_last_error(out, cap);
        return;
    }
    /* Non-blocking, so an unreachable host costs 3 seconds, not a minute. */
    (void)ioctlsocket(s, FIONBIO, &nb);
    if (connect(s, (struct sockaddr *)&sa, sizeof sa) == 0) {
        e = 0;
    } else if ((e = WSAGetLastError()) == WSAEWOULDBLOCK) {
        FD_ZERO(&w);
        FD_ZERO(&x);
        FD_SET(s, &w);
        FD_SET(s, &x);
        if (select(0, NULL, &w, &x, &tv) == 0)
            e = WSAETIMEDOUT;
        else if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&e, &len) != 0)
            e = WSAGetLastError();
    }
    closesocket(s);
    WSASetLastError(e);
    if (e)
        fy_plat_sock_last_error(out, cap);
    else
        snprintf(out, cap, "the connection was closed at once");
}

int fy_plat_sock_wait_writable(fy_sockfd fd, unsigned ms)
{
    fd_set w;
    struct timeval tv = {(long)(ms / 1000), (long)(ms % 1000) * 1000};
    FD_ZERO(&w);
    FD_SET((SOCKET)fd, &w);
    return select(0, NULL, &w, NULL, &tv) != 0;
}

/* Windows Firewall, asked through its COM interface (INetFwPolicy2). The
 * GUIDs are spelled out here: not every mingw-w64 libuuid carries them. */
static const CLSID fy_clsid_fw_policy2 = {0xe2b3c97f, 0x6ae1, 0x41ac, {0x81, 0x7a, 0xf6, 0xf9, 0x21, 0x66, 0xd7, 0xdd}};
static const IID fy_iid_fw_policy2 = {0x98325047, 0xc671, 0x4174, {0x8d, 0x81, 0xde, 0xfc, 0xd3, 0xf0, 0x31, 0x86}};

int fy_plat_firewall_note(char *out, size_t cap)
{
    INetFwPolicy2 *fw = NULL;
    long types = 0;
    VARIANT_BOOL on = VARIANT_FALSE;
    /* The window's thread may have COM set up already (SDL does for drag
     * and drop); only a successful init here is undone here. */
    HRESULT init = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    const char *note = NULL;

    if (cap)
        out[0] = '\0';
    if (SUCCEEDED(CoCreateInstance(&fy_clsid_fw_policy2, NULL, CLSCTX_INPROC_SERVER, &fy_iid_fw_policy2,
                                   (void **)&fw)) &&
        SUCCEEDED(INetFwPolicy2_get_CurrentProfileTypes(fw, &types))) {
        if ((types & NET_FW_PROFILE2_PUBLIC) &&
            SUCCEEDED(INetFwPolicy2_get_FirewallEnabled(fw, NET_FW_PROFILE2_PUBLIC, &on)) && on)
            note = "This network is set to Public, where Windows Firewall usually keeps other machines from "
                   "sending here: make it Private (Settings > Network), or allow Ferry when Windows asks.";
    /* On a Private network Windows asks once, itself, when Ferry first
     * listens; a note there would stay on screen long after the answer. */
    }
    if (fw)
        INetFwPolicy2_Release(fw);
    if (SUCCEEDED(init))
        CoUninitialize();
    if (note)
        snprintf(out, cap, "%s", note);
    return note != NULL;
}
