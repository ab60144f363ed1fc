/* fy_platform_win32_doctor.c: what the network doctor asks Windows: who
 * holds a port (GetExtendedTcpTable / GetExtendedUdpTable and the owning
 * process's image name), the firewall (INetFwPolicy2: the active profile,
 * whether the firewall is on for it, and whether an enabled inbound allow
 * rule names this ferry.exe for it), and a timed connection attempt.
 *
 * Under wine 8 (tests/win/fy_win_harness.c, test_doctor): the tables list
 * the sockets but every owning process id is 0 (so a port is "taken by a
 * program this user cannot see", never named, even when Ferry holds it);
 * INetFwPolicy2 gives no current profile, so the firewall line reads
 * "could not tell which kind of network"; the allow-rule walk is never
 * reached there. The timed connection works as on Windows. */
#define COBJMACROS /* before any header that declares a COM interface */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <netfw.h>
#include <oleauto.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_doctor.h"
#include "fy_platform.h"

static const CLSID clsid_fw_policy2 = {0xe2b3c97f, 0x6ae1, 0x41ac, {0x81, 0x7a, 0xf6, 0xf9, 0x21, 0x66, 0xd7, 0xdd}};
static const IID iid_fw_policy2 = {0x98325047, 0xc671, 0x4174, {0x8d, 0x81, 0xde, 0xfc, 0xd3, 0xf0, 0x31, 0x86}};
static const IID iid_fw_rule = {0xaf230d27, 0xbaba, 0x4e42, {0xac, 0xed, 0xf5, 0x24, 0xf2, 0x2c, 0xfc, 0xe2}};
static const IID iid_enum_variant = {0x00020404, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

/* The program name of a process ("ferry", without ".exe"), "" if the
 * system will not say (another user's, a system process). */
static void process_name(DWORD pid, char *out, size_t cap)
{
    wchar_t path[MAX_PATH];
    DWORD n = MAX_PATH;
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    out[0] = '\0';
    if (!h)
        return;
    if (QueryFullProcessImageNameW(h, 0, path, &n)) {
        const wchar_t *base = wcsrchr(path, L'\\');
        char *dot;
        WideCharToMultiByte(CP_UTF8, 0, base ? base + 1 : path, -1, out, (int)cap, NULL, NULL);
        if ((dot = strrchr(out, '.')) != NULL && !_stricmp(dot, ".exe"))
            *dot = '\0';
    }
    CloseHandle(h);
}

void fy_plat_port_owner(int udp, uint16_t port, fy_doc_port *out)
{
    ULONG size = 0;
    void *buf = NULL;
    DWORD r, pid = 0;
    int found = 0;
    memset(out, 0, sizeof *out);
    out->state = FY_DOC_PORT_UNKNOWN;
    /* The table may grow between the call that sizes it and the next. */
    for (int tries = 0; tries < 4; tries++) {
        r = udp ? GetExtendedUdpTable(buf, &size, FALSE, AF_INET, UDP_TABLE_OWNER_PID, 0)
                : GetExtendedTcpTable(buf, &size, FALSE, AF_INET, TCP_TABLE_OWNER_PID_LISTENER, 0);
        if (r != ERROR_INSUFFICIENT_BUFFER)
            break;
        free(buf);
        if (!(buf = malloc(size)))
            return;
    }
    if (r != NO_ERROR || !buf) {
        free(buf);
        return;
    }
    if (udp) {
        MIB_UDPTABLE_OWNER_PID *t = buf;
        for (DWORD i = 0; i < t->dwNumEntries && !found; i++)
            if (ntohs((u_short)t->table[i].dwLocalPort) == port)
                found = 1, pid = t->table[i].dwOwningPid;
    } else {
        MIB_TCPTABLE_OWNER_PID *t = buf;
        for (DWORD i = 0; i < t->dwNumEntries && !found; i++)
            if (ntohs((u_short)t->table[i].dwLocalPort) == port)
                found = 1, pid = t->table[i].dwOwningPid;
    }
    free(buf);
    if (!found) {
        out->state = FY_DOC_PORT_FREE;
        return;
    }
    /* pid 0 is the idle process on Windows: never an owner; wine leaves
     * every owner 0. Then the program cannot be named. */
    out->pid = (int)pid;
    process_name(pid, out->owner, sizeof out->owner);
    out->state = pid == GetCurrentProcessId() || !_strnicmp(out->owner, "ferry", 5) ? FY_DOC_PORT_FERRY
                                                                                    : FY_DOC_PORT_OTHER;
}

/* 1 if an enabled inbound allow rule for this program covers profile, 0
 * if none does, -1 if the rules cannot be read. */
static int allow_rule(INetFwPolicy2 *fw, long profile)
{
    INetFwRules *rules = NULL;
    IUnknown *unk = NULL;
    IEnumVARIANT *it = NULL;
    wchar_t me[MAX_PATH];
    int found = -1;
    if (!GetModuleFileNameW(NULL, me, MAX_PATH) || FAILED(INetFwPolicy2_get_Rules(fw, &rules)) ||
        FAILED(INetFwRules_get__NewEnum(rules, &unk)) ||
        FAILED(IUnknown_QueryInterface(unk, &iid_enum_variant, (void **)&it)))
        goto out;
    found = 0;
    for (;;) {
        VARIANT v;
        ULONG got = 0;
        INetFwRule *rule = NULL;
        VariantInit(&v);
        if (IEnumVARIANT_Next(it, 1, &v, &got) != S_OK || !got)
            break;
        if (v.vt == VT_DISPATCH && v.pdispVal &&
            SUCCEEDED(IDispatch_QueryInterface(v.pdispVal, &iid_fw_rule, (void **)&rule))) {
            BSTR app = NULL;
            VARIANT_BOOL on = VARIANT_FALSE;
            NET_FW_RULE_DIRECTION dir = NET_FW_RULE_DIR_OUT;
            NET_FW_ACTION act = NET_FW_ACTION_BLOCK;
            long profiles = 0;
            if (SUCCEEDED(INetFwRule_get_ApplicationName(rule, &app)) && app && !_wcsicmp(app, me) &&
                SUCCEEDED(INetFwRule_get_Enabled(rule, &on)) && on &&
                SUCCEEDED(INetFwRule_get_Direction(rule, &dir)) && dir == NET_FW_RULE_DIR_IN &&
                SUCCEEDED(INetFwRule_get_Action(rule, &act)) && act == NET_FW_ACTION_ALLOW &&
                SUCCEEDED(INetFwRule_get_Profiles(rule, &profiles)) && (profiles & profile))
                found = 1;
            SysFreeString(app);
            INetFwRule_Release(rule);
        }
        VariantClear(&v);
        if (found)
            break;
    }
out:
    if (it)
        IEnumVARIANT_Release(it);
    if (unk)
        IUnknown_Release(unk);
    if (rules)
        INetFwRules_Release(rules);
    return found;
}

void fy_plat_firewall(uint16_t port, fy_doc_firewall *out)
{
    INetFwPolicy2 *fw = NULL;
    long types = 0, profile = 0;
    VARIANT_BOOL on = VARIANT_FALSE;
    /* The window's thread may have COM set up already; only a successful
     * init here is undone here. */
    HRESULT init = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    (void)port;
    memset(out, 0, sizeof *out);
    out->kind = FY_DOC_FW_WINDOWS;
    out->enabled = -1;
    out->allow_rule = -1;
    if (SUCCEEDED(CoCreateInstance(&clsid_fw_policy2, NULL, CLSCTX_INPROC_SERVER, &iid_fw_policy2, (void **)&fw)) &&
        SUCCEEDED(INetFwPolicy2_get_CurrentProfileTypes(fw, &types))) {
        /* Several can be active (one per network); the strictest speaks. */
        if (types & NET_FW_PROFILE2_PUBLIC)
            profile = NET_FW_PROFILE2_PUBLIC, snprintf(out->profile, sizeof out->profile, "Public");
        else if (types & NET_FW_PROFILE2_PRIVATE)
            profile = NET_FW_PROFILE2_PRIVATE, snprintf(out->profile, sizeof out->profile, "Private");
        else if (types & NET_FW_PROFILE2_DOMAIN)
            profile = NET_FW_PROFILE2_DOMAIN, snprintf(out->profile, sizeof out->profile, "Domain");
        if (profile && SUCCEEDED(INetFwPolicy2_get_FirewallEnabled(fw, (NET_FW_PROFILE_TYPE2)profile, &on)))
            out->enabled = on ? 1 : 0;
        if (profile && out->enabled == 1)
            out->allow_rule = allow_rule(fw, profile);
    }
    if (fw)
        INetFwPolicy2_Release(fw);
    if (SUCCEEDED(init))
        CoUninitialize();
}

int fy_plat_connect_probe(uint32_t addr, uint16_t port, unsigned timeout_ms, double *ms, char *why, size_t cap)
{
    struct sockaddr_in sa;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    u_long nb = 1;
    fd_set w, x;
    struct timeval tv = {(long)(timeout_ms / 1000), (long)(timeout_ms % 1000) * 1000};
    LARGE_INTEGER f, t0, t1;
    int e = 0, len = sizeof e, r;
    if (cap)
        why[0] = '\0';
    *ms = 0;
    if (s == INVALID_SOCKET) {
        fy_plat_sock_last_error(why, cap);
        return FY_DOC_CONN_OTHER;
    }
    ioctlsocket(s, FIONBIO, &nb);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(addr);
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t0);
    r = connect(s, (struct sockaddr *)&sa, sizeof sa);
    if (r != 0 && WSAGetLastError() == WSAEWOULDBLOCK) {
        /* A failed connect shows in the exception set on Windows. */
        FD_ZERO(&w);
        FD_ZERO(&x);
        FD_SET(s, &w);
        FD_SET(s, &x);
        r = select(0, NULL, &w, &x, &tv);
        if (r == 0) {
            closesocket(s);
            return FY_DOC_CONN_TIMEOUT;
        }
        if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&e, &len) != 0)
            e = WSAGetLastError();
    } else if (r != 0)
        e = WSAGetLastError();
    QueryPerformanceCounter(&t1);
    *ms = (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart;
    closesocket(s);
    switch (e) {
    case 0: return FY_DOC_CONN_OK;
    case WSAECONNREFUSED: return FY_DOC_CONN_REFUSED;
    case WSAETIMEDOUT: return FY_DOC_CONN_TIMEOUT;
    case WSAEHOSTUNREACH:
    case WSAENETUNREACH: return FY_DOC_CONN_NO_ROUTE;
    default: snprintf(why, cap, "error %d", e); return FY_DOC_CONN_OTHER;
    }
}
