/* fy_doctor.c: facts in, plain sentences out (see fy_doctor.h). The words
 * are for someone who does not know what a subnet is: every sentence says
 * what it means for them, and every problem says what to do. */
#include "fy_doctor.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fy_result.h"

static void add(fy_doc_report *r, fy_doc_status st, const char *check, const char *fix, const char *fmt, ...)
    FY_PRINTF(5, 6);

static void add(fy_doc_report *r, fy_doc_status st, const char *check, const char *fix, const char *fmt, ...)
{
    fy_doc_line *l;
    va_list ap;
    if (r->n >= FY_DOC_LINES_MAX)
        return;
    l = &r->lines[r->n++];
    memset(l, 0, sizeof *l);
    l->status = st;
    snprintf(l->check, sizeof l->check, "%s", check);
    snprintf(l->fix, sizeof l->fix, "%s", fix ? fix : "");
    va_start(ap, fmt);
    vsnprintf(l->text, sizeof l->text, fmt, ap);
    va_end(ap);
}

static void ip_str(uint32_t a, char *out, size_t cap)
{
    snprintf(out, cap, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255u, (a >> 8) & 255u, a & 255u);
}

static int mask_bits(uint32_t m)
{
    int n = 0;
    while (m & 0x80000000u)
        n++, m <<= 1;
    return n;
}

/* "10.0.5.0/24" */
static void net_str(const fy_doc_iface *i, char *out, size_t cap)
{
    char a[16];
    ip_str(i->addr & i->netmask, a, sizeof a);
    /* 18 bytes at most ("255.255.255.255/32"); callers give 24 or more. */
    if (snprintf(out, cap, "%s/%d", a, mask_bits(i->netmask)) >= (int)cap && cap)
        out[cap - 1] = '\0';
}

const char *fy_doctor_status_word(fy_doc_status s)
{
    return s == FY_DOC_OK ? "ok" : s == FY_DOC_PROBLEM ? "problem" : "unknown";
}

int fy_doctor_problems(const fy_doc_report *r)
{
    int n = 0;
    for (int i = 0; i < r->n; i++)
        n += r->lines[i].status == FY_DOC_PROBLEM;
    return n;
}

/* Name prefixes of interfaces that lead to no other machine on the LAN:
 * container and VM bridges, VPN tunnels. Measured on Debian, Ubuntu and
 * Windows hosts with Docker, libvirt, VirtualBox, VMware, WireGuard,
 * Tailscale and ZeroTier installed. */
const char *fy_doctor_virtual_kind(const char *n)
{
    static const struct { const char *prefix, *kind; } v[] = {
        {"docker", "Docker"}, {"br-", "Docker"}, {"veth", "a container"}, {"virbr", "virtual machines (libvirt)"},
        {"vboxnet", "VirtualBox"}, {"vmnet", "VMware"}, {"tun", "a VPN"}, {"tap", "a VPN"},
        {"wg", "a VPN (WireGuard)"}, {"tailscale", "a VPN (Tailscale)"}, {"zt", "a VPN (ZeroTier)"},
        {"vEthernet", "Hyper-V or WSL"}, {"VirtualBox", "VirtualBox"}, {"VMware", "VMware"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!strncmp(n, v[i].prefix, strlen(v[i].prefix)))
            return v[i].kind;
    return NULL;
}

static int real_iface_for(const fy_doc_facts *f, uint32_t addr)
{
    for (int i = 0; i < f->nifaces; i++)
        if (!f->ifaces[i].virt && f->ifaces[i].netmask && (addr & f->ifaces[i].netmask) ==
                                                              (f->ifaces[i].addr & f->ifaces[i].netmask))
            return i;
    return -1;
}

static void check_ifaces(const fy_doc_facts *f, fy_doc_report *r)
{
    int real = 0;
    for (int i = 0; i < f->nifaces; i++) {
        const fy_doc_iface *x = &f->ifaces[i];
        char a[16], net[24];
        ip_str(x->addr, a, sizeof a);
        net_str(x, net, sizeof net);
        if (x->virt) {
            add(r, FY_DOC_OK, "interface", NULL,
                "%s (%s) is a virtual network for %s: skipped, no other machine is there.", x->name, a, x->virt);
            continue;
        }
        real++;
        add(r, FY_DOC_OK, "interface", NULL, "This machine is %s on network %s (%s).", a, net, x->name);
    }
    if (!real)
        add(r, FY_DOC_PROBLEM, "interface", "Connect to the Wi-Fi or plug in the network cable, then try again.",
            "This machine is not connected to a network (no interface with an IPv4 address).");
}

static void check_port(const fy_doc_facts *f, fy_doc_report *r, const fy_doc_port *p, int udp)
{
    const char *check = udp ? "udp_port" : "tcp_port", *what = udp ? "UDP" : "TCP";
    const char *use = udp ? "finding machines nearby" : "receiving files";
    char fix[FY_DOC_TEXT_MAX], who[96];
    switch (p->state) {
    case FY_DOC_PORT_FREE:
        add(r, FY_DOC_OK, check, NULL, "%s port %u (%s) is free: Ferry is not receiving on this machine now.", what,
            (unsigned)f->port, use);
        return;
    case FY_DOC_PORT_FERRY:
        if (p->pid)
            add(r, FY_DOC_OK, check, NULL, "Ferry is receiving here on %s port %u (process %d).", what,
                (unsigned)f->port, p->pid);
        else
            add(r, FY_DOC_OK, check, NULL, "Ferry is receiving here on %s port %u.", what, (unsigned)f->port);
        return;
    case FY_DOC_PORT_OTHER:
        if (p->owner[0] && p->pid)
            snprintf(who, sizeof who, "\"%s\" (process %d)", p->owner, p->pid);
        else
            snprintf(who, sizeof who, "%s", "a program this user cannot see");
        if (udp)
            snprintf(fix, sizeof fix, "Close %s, or use another port on every machine (--port).",
                     p->owner[0] ? p->owner : "it");
        else
            snprintf(fix, sizeof fix,
                     "Close %s, or receive on another port: ferry receive --port %u (senders then add :%u).",
                     p->owner[0] ? p->owner : "it", (unsigned)(f->port + 1u), (unsigned)(f->port + 1u));
        add(r, FY_DOC_PROBLEM, check, fix, "%s port %u (%s) is taken by another program, %s: Ferry cannot use it.",
            what, (unsigned)f->port, use, who);
        return;
    case FY_DOC_PORT_UNKNOWN:
        add(r, FY_DOC_UNKNOWN, check, NULL, "Could not tell whether %s port %u is free.", what, (unsigned)f->port);
        return;
    }
}

static const char *verdict_word(fy_doc_fw_verdict v) { return v == FY_DOC_FW_DROP ? "drops" : "rejects"; }

static void check_firewall(const fy_doc_facts *f, fy_doc_report *r)
{
    const fy_doc_firewall *w = &f->fw;
    char fix[FY_DOC_TEXT_MAX * 2];
    unsigned p = f->port;
    switch (w->kind) {
    case FY_DOC_FW_NOT_READ:
        if (w->no_permission && w->managers[0])
            add(r, FY_DOC_UNKNOWN, "firewall",
                "To check, run as root: nft list ruleset (or iptables -S, ufw status, firewall-cmd --list-all), "
                "and look for drop or reject rules on port 53317 or a policy drop on input.",
                "Can't read the firewall rules without root (%s).", w->managers);
        else if (w->no_permission)
            add(r, FY_DOC_UNKNOWN, "firewall",
                "To check, run as root: nft list ruleset (or iptables -S), and look for drop or reject rules on "
                "port 53317 or a policy drop on input.",
                "Can't read the firewall rules without root.");
        else
            add(r, FY_DOC_UNKNOWN, "firewall", NULL,
                "No firewall tool (nft, iptables) was found, so its rules could not be checked; there is "
                "probably no firewall.");
        return;
    case FY_DOC_FW_READ:
        if (w->tcp == FY_DOC_FW_PASS && w->udp == FY_DOC_FW_PASS) {
            add(r, FY_DOC_OK, "firewall", NULL, "The firewall (%s%s%s) lets Ferry's ports (TCP and UDP %u) in.",
                w->tool, w->managers[0] ? ", " : "", w->managers, p);
            return;
        }
        if (w->tcp != FY_DOC_FW_PASS) {
            snprintf(fix, sizeof fix,
                     "Allow TCP port %u in: e.g. sudo ufw allow %u, or an nftables rule \"tcp dport %u accept\" "
                     "before the %s.",
                     p, p, p, w->tcp == FY_DOC_FW_DROP ? "drop" : "reject");
            add(r, FY_DOC_PROBLEM, "firewall", fix,
                "This machine's firewall (%s) %s connections to TCP port %u: other machines cannot send here.",
                w->tool, verdict_word(w->tcp), p);
        }
        if (w->udp != FY_DOC_FW_PASS) {
            snprintf(fix, sizeof fix,
                     "Allow UDP port %u in: e.g. sudo ufw allow %u, or an nftables rule \"udp dport %u accept\" "
                     "before the %s.",
                     p, p, p, w->udp == FY_DOC_FW_DROP ? "drop" : "reject");
            add(r, FY_DOC_PROBLEM, "firewall", fix,
                "This machine's firewall (%s) %s discovery packets (UDP port %u): other machines cannot find "
                "this one nearby.",
                w->tool, verdict_word(w->udp), p);
        }
        return;
    case FY_DOC_FW_WINDOWS:
        if (w->enabled == 0) {
            add(r, FY_DOC_OK, "firewall", NULL, "Windows Firewall is off for this network%s%s%s.",
                w->profile[0] ? " (" : "", w->profile, w->profile[0] ? ")" : "");
            return;
        }
        if (!w->profile[0]) {
            add(r, FY_DOC_UNKNOWN, "firewall", "Check Settings > Network for the network type.",
                "Could not tell which kind of network Windows thinks this is.");
            return;
        }
        if (w->allow_rule == 1) {
            add(r, FY_DOC_OK, "firewall", NULL, "Windows calls this network %s, and its firewall lets Ferry in.",
                w->profile);
            return;
        }
        if (!strcmp(w->profile, "Public"))
            snprintf(fix, sizeof fix, "%s",
                     "Allow Ferry for Public networks (Windows Security > Firewall > Allow an app), or make "
                     "this network Private (Settings > Network).");
        else
            snprintf(fix, sizeof fix,
                     "Allow Ferry for %s networks (Windows Security > Firewall > Allow an app); Windows also asks "
                     "the first time Ferry receives.",
                     w->profile);
        add(r, w->allow_rule == 0 ? FY_DOC_PROBLEM : FY_DOC_UNKNOWN, "firewall", fix,
            w->allow_rule == 0 ? "Windows calls this network %s, and its firewall has no rule letting Ferry in: "
                                 "other machines cannot send here."
                               : "Windows calls this network %s; could not tell whether its firewall lets Ferry in.",
            w->profile);
        return;
    }
}

static void check_discovery(const fy_doc_facts *f, fy_doc_report *r)
{
    int any = 0;
    if (!f->queried)
        return;
    for (int i = 0; i < f->nifaces; i++) {
        char list[FY_DOC_TEXT_MAX] = "", net[24];
        size_t len = 0;
        int n = 0;
        if (f->ifaces[i].virt)
            continue;
        for (int k = 0; k < f->nanswers; k++) {
            char a[16];
            if (f->answers[k].iface != i)
                continue;
            ip_str(f->answers[k].addr, a, sizeof a);
            if (len < sizeof list)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s (%s)", n ? ", " : "",
                                        f->answers[k].name, a);
            n++;
        }
        if (!n)
            continue;
        any++;
        net_str(&f->ifaces[i], net, sizeof net);
        add(r, FY_DOC_OK, "discovery", NULL, "On network %s (%s) %d Ferry machine%s answered: %s.", net,
            f->ifaces[i].name, n, n == 1 ? "" : "s", list);
    }
    if (!any)
        add(r, FY_DOC_PROBLEM, "discovery",
            "Open Ferry on the other machine and check its firewall lets UDP port 53317 in; on a guest Wi-Fi or "
            "one with client isolation, send to its address instead (ferry send --to ADDRESS).",
            "No Ferry machine answered on this machine's networks. Usually: none is receiving, a firewall on it "
            "drops discovery, the Wi-Fi keeps devices apart, or it is on another network.");
}

/* The name of the target for sentences: its Ferry name when known. */
static const char *target_name(const fy_doc_facts *f) { return f->peer_name[0] ? f->peer_name : f->target; }

static void check_route(const fy_doc_facts *f, fy_doc_report *r, const char *addr)
{
    char net[24], here[FY_DOC_TEXT_MAX] = "", fix[FY_DOC_TEXT_MAX * 2];
    size_t len = 0;
    int i = real_iface_for(f, f->target_addr), n = 0;
    for (int k = 0; k < f->nifaces; k++)
        if (f->ifaces[k].addr == f->target_addr || f->target_addr >> 24 == 127) {
            add(r, FY_DOC_OK, "route", NULL, "%s is this machine itself.", addr);
            return;
        }
    if (i >= 0) {
        net_str(&f->ifaces[i], net, sizeof net);
        add(r, FY_DOC_OK, "route", NULL, "%s is on this machine's network %s (%s).", addr, net, f->ifaces[i].name);
        return;
    }
    for (int k = 0; k < f->nifaces; k++) {
        if (f->ifaces[k].virt)
            continue;
        net_str(&f->ifaces[k], net, sizeof net);
        if (len < sizeof here)
            len += (size_t)snprintf(here + len, sizeof here - len, "%s%s", n++ ? " and " : "", net);
    }
    snprintf(fix, sizeof fix, "Send to it by address: ferry send --to %s FILE (in the window: type %s).", addr, addr);
    add(r, FY_DOC_PROBLEM, "route", fix,
        "%s (%s) is not on this machine's network (%s): discovery does not cross routers, so it is not listed "
        "nearby.",
        f->target, addr, n ? here : "none");
}

static void check_connect(const fy_doc_facts *f, fy_doc_report *r, const char *addr)
{
    char fix[FY_DOC_TEXT_MAX * 2];
    unsigned p = f->target_port;
    switch (f->conn) {
    case FY_DOC_CONN_NOT_TRIED:
        return;
    case FY_DOC_CONN_OK:
        add(r, FY_DOC_OK, "connect", NULL, "Connected to %s on TCP port %u.", addr, p);
        return;
    case FY_DOC_CONN_REFUSED:
        if (f->target_answered) {
            snprintf(fix, sizeof fix,
                     "On %s, allow TCP port %u in its firewall (on Windows: allow Ferry through Windows Firewall).",
                     f->target, p);
            add(r, FY_DOC_PROBLEM, "connect", fix,
                "%s answers discovery but refuses connections on TCP port %u: a firewall on it rejects them.",
                f->target, p);
        } else
            add(r, FY_DOC_PROBLEM, "connect",
                "Open Ferry on that machine (the window, or ferry receive), then try again.",
                "Nothing is listening on %s port %u: Ferry is not receiving there.", addr, p);
        return;
    case FY_DOC_CONN_TIMEOUT:
        snprintf(fix, sizeof fix,
                 "Check that it is on and awake; on it, allow TCP port %u in the firewall (on Windows: allow Ferry "
                 "for this network type).",
                 p);
        add(r, FY_DOC_PROBLEM, "connect", fix,
            "%s did not answer on TCP port %u within %.1f s: a firewall drops the connection, or the machine is "
            "off or asleep.",
            addr, p, f->timeout_ms / 1000.0);
        return;
    case FY_DOC_CONN_NO_ROUTE:
        add(r, FY_DOC_PROBLEM, "connect",
            "Check that both machines are on the same network (the same Wi-Fi), or connect the VPN that leads "
            "there.",
            "There is no way from this machine to %s: its network cannot be reached from here.", addr);
        return;
    case FY_DOC_CONN_OTHER:
        add(r, FY_DOC_PROBLEM, "connect", "Check the address and that both machines are on the same network.",
            "Could not connect to %s port %u: %s.", addr, p, f->conn_text);
        return;
    }
}

static void check_ferry(const fy_doc_facts *f, fy_doc_report *r, const char *addr)
{
    char fix[FY_DOC_TEXT_MAX * 2];
    if (f->conn != FY_DOC_CONN_OK || f->ferry < 0)
        return;
    if (!f->ferry) {
        add(r, FY_DOC_PROBLEM, "ferry",
            "Another program uses that port there: start Ferry there on another port (--port), and send to "
            "ADDRESS:PORT.",
            "Something answers on %s port %u, but it is not Ferry (or a much older one): %s.", addr,
            (unsigned)f->target_port, f->ferry_text);
        return;
    }
    if (f->paired && f->knows_us)
        add(r, FY_DOC_OK, "ferry", NULL, "%s runs Ferry (protocol %u) and is paired with this machine; round trip %.1f ms.",
            target_name(f), f->version, f->rtt_ms);
    else if (!f->paired && !f->knows_us)
        add(r, FY_DOC_OK, "ferry", NULL,
            "%s runs Ferry (protocol %u), not paired with this machine yet: the first send shows a code to compare "
            "on both screens; round trip %.1f ms.",
            target_name(f), f->version, f->rtt_ms);
    else {
        snprintf(fix, sizeof fix, "%s",
                 "Unpair on the side that still lists the other (ferry forget NAME there), then send again and "
                 "compare the code.");
        add(r, FY_DOC_PROBLEM, "ferry", fix,
            "%s runs Ferry (protocol %u), but only %s remembers the pairing (one side was reinstalled or unpaired); "
            "round trip %.1f ms.",
            target_name(f), f->version, f->paired ? "this machine" : "it", f->rtt_ms);
    }
    if (f->speed > 0 && f->speed_mbs < 2.0)
        add(r, FY_DOC_PROBLEM, "speed",
            "Use a cable, or bring the machines closer to the Wi-Fi access point; a 5 GHz Wi-Fi is faster.",
            "The network to %s is slow: %.1f MB/s (%.1f s of encrypted data, thrown away on arrival).",
            target_name(f), f->speed_mbs, f->speed_ms / 1000.0);
    else if (f->speed > 0)
        add(r, FY_DOC_OK, "speed", NULL,
            "Data reaches %s at %.1f MB/s (%.1f s of encrypted data, thrown away on arrival): a transfer slower "
            "than that is held back by a disk, not the network.",
            target_name(f), f->speed_mbs, f->speed_ms / 1000.0);
    else if (f->speed < 0)
        add(r, FY_DOC_UNKNOWN, "speed", NULL, "Could not measure the speed to %s: %s.", target_name(f), f->speed_text);
    /* It takes Ferry connections, it is on our network, yet it did not
     * answer discovery: UDP is dropped on the way or on it. */
    if (f->queried && !f->target_answered && real_iface_for(f, f->target_addr) >= 0) {
        snprintf(fix, sizeof fix,
                 "On %s, allow UDP port %u in its firewall; until then send to it by address: ferry send --to %s "
                 "FILE.",
                 target_name(f), (unsigned)f->port, addr);
        add(r, FY_DOC_PROBLEM, "discovery_peer", fix,
            "%s accepts Ferry connections but did not answer discovery: a firewall drops UDP port %u on the way "
            "or on it (or the Wi-Fi drops broadcasts), so it is not listed nearby.",
            target_name(f), (unsigned)f->port);
    }
}

static void check_target(const fy_doc_facts *f, fy_doc_report *r)
{
    char addr[16];
    if (!f->target[0])
        return;
    if (f->how == FY_DOC_HOW_NONE) {
        add(r, FY_DOC_PROBLEM, "resolve", "Check the name with ferry peers, or use the machine's address.",
            "No machine called \"%s\" answered nearby, and the network's name service does not know it either.",
            f->target);
        return;
    }
    ip_str(f->target_addr, addr, sizeof addr);
    if (f->how == FY_DOC_HOW_NEARBY)
        add(r, FY_DOC_OK, "resolve", NULL, "\"%s\" is %s (it answered nearby).", f->target, addr);
    else if (f->how == FY_DOC_HOW_DNS)
        add(r, FY_DOC_OK, "resolve", NULL, "\"%s\" is %s (from the network's name service).", f->target, addr);
    check_route(f, r, addr);
    check_connect(f, r, addr);
    check_ferry(f, r, addr);
}

void fy_doctor_classify(const fy_doc_facts *f, fy_doc_report *out)
{
    out->n = 0;
    check_ifaces(f, out);
    check_port(f, out, &f->tcp, 0);
    check_port(f, out, &f->udp, 1);
    check_firewall(f, out);
    check_discovery(f, out);
    check_target(f, out);
}
