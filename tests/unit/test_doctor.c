/* test_doctor.c: the network doctor's classification on tables of facts:
 * each case sets up the facts of one situation and names the exact line
 * (status, sentence, fix) it must produce; the firewall rule readers on
 * nft and iptables-save texts; virtual interface names; the JSON output. */
#include <stdio.h>
#include <stdlib.h>

#include "core/fy_doctor.h"
#include "fy_test.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* A machine on 192.168.1.0/24 with Docker, ports free, firewall open,
 * desk (192.168.1.20) answering discovery: everything fine. */
static void base(fy_doc_facts *f)
{
    memset(f, 0, sizeof *f);
    f->port = 53317;
    f->nifaces = 2;
    snprintf(f->ifaces[0].name, sizeof f->ifaces[0].name, "wlan0");
    f->ifaces[0].addr = IP(192, 168, 1, 10);
    f->ifaces[0].netmask = 0xFFFFFF00u;
    snprintf(f->ifaces[1].name, sizeof f->ifaces[1].name, "docker0");
    f->ifaces[1].addr = IP(172, 17, 0, 1);
    f->ifaces[1].netmask = 0xFFFF0000u;
    f->ifaces[1].virt = "Docker";
    f->fw.kind = FY_DOC_FW_READ;
    snprintf(f->fw.tool, sizeof f->fw.tool, "nftables");
    f->queried = 1;
    f->nanswers = 1;
    snprintf(f->answers[0].name, sizeof f->answers[0].name, "desk");
    f->answers[0].addr = IP(192, 168, 1, 20);
    f->answers[0].port = 53317;
    f->answers[0].iface = 0;
    f->ferry = -1;
}

/* The way to desk, found nearby, connected, Ferry answering. */
static void to_desk(fy_doc_facts *f)
{
    snprintf(f->target, sizeof f->target, "desk");
    f->how = FY_DOC_HOW_NEARBY;
    f->target_addr = IP(192, 168, 1, 20);
    f->target_port = 53317;
    f->target_answered = 1;
    f->conn = FY_DOC_CONN_OK;
    f->timeout_ms = 2000;
    f->ferry = 1;
    snprintf(f->peer_name, sizeof f->peer_name, "desk");
    f->version = 1;
    f->paired = f->knows_us = 1;
    f->rtt_ms = 1.25;
}

static void all_good(fy_doc_facts *f) { base(f), to_desk(f); }
static void virt_only(fy_doc_facts *f) { base(f), f->ifaces[0].virt = "a VPN (WireGuard)", f->nanswers = 0; }
static void tcp_taken(fy_doc_facts *f)
{
    base(f);
    f->tcp.state = FY_DOC_PORT_OTHER;
    snprintf(f->tcp.owner, sizeof f->tcp.owner, "localsend");
    f->tcp.pid = 4242;
}
static void tcp_taken_hidden(fy_doc_facts *f) { base(f), f->tcp.state = FY_DOC_PORT_OTHER; }
static void ferry_here(fy_doc_facts *f) { base(f), f->udp.state = FY_DOC_PORT_FERRY, f->udp.pid = 77; }
static void fw_udp_drop(fy_doc_facts *f) { base(f), f->fw.udp = FY_DOC_FW_DROP; }
static void fw_tcp_reject(fy_doc_facts *f) { base(f), f->fw.tcp = FY_DOC_FW_REJECT; }
static void fw_noroot(fy_doc_facts *f) { base(f), f->fw.kind = FY_DOC_FW_NOT_READ, f->fw.no_permission = 1; }
static void fw_noroot_ufw(fy_doc_facts *f) { fw_noroot(f), snprintf(f->fw.managers, 48, "ufw active"); }
static void fw_read_ufw(fy_doc_facts *f) { base(f), snprintf(f->fw.managers, 48, "ufw inactive, firewalld running"); }
static void win_public(fy_doc_facts *f)
{
    base(f);
    memset(&f->fw, 0, sizeof f->fw);
    f->fw.kind = FY_DOC_FW_WINDOWS;
    snprintf(f->fw.profile, sizeof f->fw.profile, "Public");
    f->fw.enabled = 1;
    f->fw.allow_rule = 0;
}
static void win_private_ok(fy_doc_facts *f) { win_public(f), snprintf(f->fw.profile, 16, "Private"), f->fw.allow_rule = 1; }
static void win_rules_unknown(fy_doc_facts *f) { win_public(f), f->fw.allow_rule = -1; }
static void nobody(fy_doc_facts *f) { base(f), f->nanswers = 0; }
static void not_found(fy_doc_facts *f) { all_good(f), f->how = FY_DOC_HOW_NONE; }
static void other_subnet(fy_doc_facts *f)
{
    all_good(f);
    snprintf(f->target, sizeof f->target, "10.0.5.20");
    f->how = FY_DOC_HOW_ADDRESS;
    f->target_addr = IP(10, 0, 5, 20);
    f->target_answered = 0;
}
static void refused_fw(fy_doc_facts *f) { all_good(f), f->conn = FY_DOC_CONN_REFUSED; }
static void refused_none(fy_doc_facts *f) { all_good(f), f->conn = FY_DOC_CONN_REFUSED, f->target_answered = 0; }
static void timed_out(fy_doc_facts *f) { all_good(f), f->conn = FY_DOC_CONN_TIMEOUT; }
static void no_route(fy_doc_facts *f) { all_good(f), f->conn = FY_DOC_CONN_NO_ROUTE; }
static void not_ferry(fy_doc_facts *f)
{
    all_good(f);
    f->ferry = 0;
    f->peer_name[0] = '\0';
    snprintf(f->ferry_text, sizeof f->ferry_text, "peer is not speaking the Ferry protocol");
}
static void udp_blocked_there(fy_doc_facts *f) { all_good(f), f->target_answered = 0; }
static void half_paired(fy_doc_facts *f) { all_good(f), f->knows_us = 0; }
static void speed_fast(fy_doc_facts *f) { all_good(f), f->speed = 1, f->speed_mbs = 94.25, f->speed_ms = 3004; }
static void speed_slow(fy_doc_facts *f) { all_good(f), f->speed = 1, f->speed_mbs = 1.5, f->speed_ms = 3000; }
static void speed_none(fy_doc_facts *f)
{
    all_good(f);
    f->speed = -1;
    snprintf(f->speed_text, sizeof f->speed_text, "it refused the speed test: unexpected SPEED_TEST frame");
}

static const struct {
    const char *name;
    void (*setup)(fy_doc_facts *);
    const char *want; /* the one line that must be there: "status|text|fix" */
    int problems;
} cases[] = {
    {"all good: the virtual interface skipped", all_good,
     "ok|docker0 (172.17.0.1) is a virtual network for Docker: skipped, no other machine is there.|", 0},
    {"all good: Ferry answered", all_good,
     "ok|desk runs Ferry (protocol 1) and is paired with this machine; round trip 1.2 ms.|", 0},
    {"all good: on our network", all_good, "ok|192.168.1.20 is on this machine's network 192.168.1.0/24 (wlan0).|", 0},
    {"all good: who answered", all_good,
     "ok|On network 192.168.1.0/24 (wlan0) 1 Ferry machine answered: desk (192.168.1.20).|", 0},
    {"only virtual networks", virt_only,
     "problem|This machine is not connected to a network (no interface with an IPv4 address).|Connect to the "
     "Wi-Fi or plug in the network cable, then try again.",
     2},
    {"TCP port taken, named", tcp_taken,
     "problem|TCP port 53317 (receiving files) is taken by another program, \"localsend\" (process 4242): Ferry "
     "cannot use it.|Close localsend, or receive on another port: ferry receive --port 53318 (senders then add "
     ":53318).",
     1},
    {"TCP port taken, owner hidden", tcp_taken_hidden,
     "problem|TCP port 53317 (receiving files) is taken by another program, a program this user cannot see: Ferry "
     "cannot use it.|Close it, or receive on another port: ferry receive --port 53318 (senders then add :53318).",
     1},
    {"Ferry holds the port", ferry_here, "ok|Ferry is receiving here on UDP port 53317 (process 77).|", 0},
    {"firewall drops discovery", fw_udp_drop,
     "problem|This machine's firewall (nftables) drops discovery packets (UDP port 53317): other machines cannot "
     "find this one nearby.|Allow UDP port 53317 in: e.g. sudo ufw allow 53317, or an nftables rule \"udp dport "
     "53317 accept\" before the drop.",
     1},
    {"firewall rejects connections", fw_tcp_reject,
     "problem|This machine's firewall (nftables) rejects connections to TCP port 53317: other machines cannot send "
     "here.|Allow TCP port 53317 in: e.g. sudo ufw allow 53317, or an nftables rule \"tcp dport 53317 accept\" "
     "before the reject.",
     1},
    {"firewall without root", fw_noroot,
     "unknown|Can't read the firewall rules without root.|To check, run as root: nft list ruleset (or iptables -S), "
     "and look for drop or reject rules on port 53317 or a policy drop on input.",
     0},
    {"firewall without root, ufw seen", fw_noroot_ufw,
     "unknown|Can't read the firewall rules without root (ufw active).|To check, run as root: nft list ruleset (or "
     "iptables -S, ufw status, firewall-cmd --list-all), and look for drop or reject rules on port 53317 or a policy "
     "drop on input.",
     0},
    {"firewall read, managers named", fw_read_ufw,
     "ok|The firewall (nftables, ufw inactive, firewalld running) lets Ferry's ports (TCP and UDP 53317) in.|", 0},
    {"Windows, Public, no rule", win_public,
     "problem|Windows calls this network Public, and its firewall has no rule letting Ferry in: other machines "
     "cannot send here.|Allow Ferry for Public networks (Windows Security > Firewall > Allow an app), or make this "
     "network Private (Settings > Network).",
     1},
    {"Windows, Private, allowed", win_private_ok,
     "ok|Windows calls this network Private, and its firewall lets Ferry in.|", 0},
    {"Windows, rules unreadable", win_rules_unknown,
     "unknown|Windows calls this network Public; could not tell whether its firewall lets Ferry in.|Allow Ferry for "
     "Public networks (Windows Security > Firewall > Allow an app), or make this network Private (Settings > "
     "Network).",
     0},
    {"nobody answered", nobody,
     "problem|No Ferry machine answered on this machine's networks. Usually: none is receiving, a firewall on it "
     "drops discovery, the Wi-Fi keeps devices apart, or it is on another network.|Open Ferry on the other machine "
     "and check its firewall lets UDP port 53317 in; on a guest Wi-Fi or one with client isolation, send to its "
     "address instead (ferry send --to ADDRESS).",
     1},
    {"name not found", not_found,
     "problem|No machine called \"desk\" answered nearby, and the network's name service does not know it "
     "either.|Check the name with ferry peers, or use the machine's address.",
     1},
    {"other subnet", other_subnet,
     "problem|10.0.5.20 (10.0.5.20) is not on this machine's network (192.168.1.0/24): discovery does not cross "
     "routers, so it is not listed nearby.|Send to it by address: ferry send --to 10.0.5.20 FILE (in the window: "
     "type 10.0.5.20).",
     1},
    {"refused, but it answers discovery", refused_fw,
     "problem|desk answers discovery but refuses connections on TCP port 53317: a firewall on it rejects them.|On "
     "desk, allow TCP port 53317 in its firewall (on Windows: allow Ferry through Windows Firewall).",
     1},
    {"refused, nothing there", refused_none,
     "problem|Nothing is listening on 192.168.1.20 port 53317: Ferry is not receiving there.|Open Ferry on that "
     "machine (the window, or ferry receive), then try again.",
     1},
    {"timed out", timed_out,
     "problem|192.168.1.20 did not answer on TCP port 53317 within 2.0 s: a firewall drops the connection, or the "
     "machine is off or asleep.|Check that it is on and awake; on it, allow TCP port 53317 in the firewall (on "
     "Windows: allow Ferry for this network type).",
     1},
    {"no route", no_route,
     "problem|There is no way from this machine to 192.168.1.20: its network cannot be reached from here.|Check "
     "that both machines are on the same network (the same Wi-Fi), or connect the VPN that leads there.",
     1},
    {"not Ferry", not_ferry,
     "problem|Something answers on 192.168.1.20 port 53317, but it is not Ferry (or a much older one): peer is not "
     "speaking the Ferry protocol.|Another program uses that port there: start Ferry there on another port "
     "(--port), and send to ADDRESS:PORT.",
     1},
    {"discovery dropped on the way", udp_blocked_there,
     "problem|desk accepts Ferry connections but did not answer discovery: a firewall drops UDP port 53317 on the "
     "way or on it (or the Wi-Fi drops broadcasts), so it is not listed nearby.|On desk, allow UDP port 53317 in its "
     "firewall; until then send to it by address: ferry send --to 192.168.1.20 FILE.",
     1},
    {"paired on one side only", half_paired,
     "problem|desk runs Ferry (protocol 1), but only this machine remembers the pairing (one side was reinstalled "
     "or unpaired); round trip 1.2 ms.|Unpair on the side that still lists the other (ferry forget NAME there), then "
     "send again and compare the code.",
     1},
    {"speed measured", speed_fast,
     "ok|Data reaches desk at 94.2 MB/s (3.0 s of encrypted data, thrown away on arrival): a transfer slower than "
     "that is held back by a disk, not the network.|",
     0},
    {"speed slow", speed_slow,
     "problem|The network to desk is slow: 1.5 MB/s (3.0 s of encrypted data, thrown away on arrival).|Use a cable, "
     "or bring the machines closer to the Wi-Fi access point; a 5 GHz Wi-Fi is faster.",
     1},
    {"speed not measured (an older Ferry)", speed_none,
     "unknown|Could not measure the speed to desk: it refused the speed test: unexpected SPEED_TEST frame.|", 0},
};

static void test_classify(void)
{
    static fy_doc_facts f;
    static fy_doc_report r;
    char line[FY_DOC_TEXT_MAX * 3];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int found = 0;
        fy_test_case = cases[i].name;
        cases[i].setup(&f);
        fy_doctor_classify(&f, &r);
        for (int k = 0; k < r.n && !found; k++) {
            snprintf(line, sizeof line, "%s|%s|%s", fy_doctor_status_word(r.lines[k].status), r.lines[k].text,
                     r.lines[k].fix);
            found = !strcmp(line, cases[i].want);
        }
        if (!found) {
            for (int k = 0; k < r.n; k++)
                fprintf(stderr, "  got: %s|%s|%s\n", fy_doctor_status_word(r.lines[k].status), r.lines[k].text,
                        r.lines[k].fix);
        }
        CHECK(found);
        CHECK_INT(fy_doctor_problems(&r), cases[i].problems);
    }
}

static const struct {
    const char *name, *text;
    int iptables;
    fy_doc_fw_verdict tcp, udp;
} rules[] = {
    {"empty", "", 0, FY_DOC_FW_PASS, FY_DOC_FW_PASS},
    {"udp drop", "table inet t {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n"
                 "\t\tudp dport 53317 drop\n\t}\n}\n",
     0, FY_DOC_FW_PASS, FY_DOC_FW_DROP},
    {"counter, set, reject", "table inet t {\n chain input {\n  type filter hook input priority 0; policy accept;\n"
                             "  tcp dport { 22, 53317 } counter packets 3 bytes 180 reject with tcp reset\n }\n}\n",
     0, FY_DOC_FW_REJECT, FY_DOC_FW_PASS},
    {"range", "table ip t {\n chain in {\n  type filter hook input priority 0; policy accept;\n"
              "  th dport 53000-54000 drop\n }\n}\n",
     0, FY_DOC_FW_DROP, FY_DOC_FW_DROP},
    {"another port", "table ip t {\n chain in {\n  type filter hook input priority 0; policy accept;\n"
                     "  tcp dport 22 drop\n }\n}\n",
     0, FY_DOC_FW_PASS, FY_DOC_FW_PASS},
    {"policy drop, accept first", "table inet f {\n chain input {\n  type filter hook input priority 0; policy drop;\n"
                                  "  ct state established,related accept\n  tcp dport 53317 accept\n }\n}\n",
     0, FY_DOC_FW_PASS, FY_DOC_FW_DROP},
    {"accept through a jump", "table inet f {\n chain allow {\n  udp dport 53317 accept\n  tcp dport 53317 accept\n }\n"
                              " chain input {\n  type filter hook input priority 0; policy drop;\n  iif \"eth0\" jump "
                              "allow\n }\n}\n",
     0, FY_DOC_FW_PASS, FY_DOC_FW_PASS},
    {"an output chain does not count", "table inet f {\n chain out {\n  type filter hook output priority 0; policy "
                                       "drop;\n }\n}\n",
     0, FY_DOC_FW_PASS, FY_DOC_FW_PASS},
    {"a conditional drop does not count", "table inet f {\n chain input {\n  type filter hook input priority 0;\n"
                                          "  ip saddr 10.0.0.9 drop\n }\n}\n",
     0, FY_DOC_FW_PASS, FY_DOC_FW_PASS},
    {"a jump loop ends", "table inet f {\n chain a {\n  jump b\n }\n chain b {\n  jump a\n }\n chain input {\n  type "
                         "filter hook input priority 0; policy accept;\n  jump a\n }\n}\n",
     0, FY_DOC_FW_PASS, FY_DOC_FW_PASS},
    {"iptables drop", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p udp -m udp --dport 53317 -j DROP\nCOMMIT\n", 1,
     FY_DOC_FW_PASS, FY_DOC_FW_DROP},
    {"iptables multiport reject", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m multiport --dports 22,53317 -j "
                                  "REJECT --reject-with icmp-port-unreachable\nCOMMIT\n",
     1, FY_DOC_FW_REJECT, FY_DOC_FW_PASS},
    {"iptables ufw-like", "*filter\n:INPUT DROP [0:0]\n:ufw-user-input - [0:0]\n-A INPUT -j ufw-user-input\n"
                          "-A ufw-user-input -p tcp -m tcp --dport 53317 -j ACCEPT\nCOMMIT\n",
     1, FY_DOC_FW_PASS, FY_DOC_FW_DROP},
    {"iptables nat table ignored", "*nat\n:INPUT DROP [0:0]\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", 1,
     FY_DOC_FW_PASS, FY_DOC_FW_PASS},
};

static void test_rules(void)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        fy_doc_fw_verdict t, u;
        fy_test_case = rules[i].name;
        if (rules[i].iptables)
            fy_doctor_parse_iptables(rules[i].text, 53317, &t, &u);
        else
            fy_doctor_parse_nft(rules[i].text, 53317, &t, &u);
        CHECK_INT(t, rules[i].tcp);
        CHECK_INT(u, rules[i].udp);
    }
}

static void test_virtual(void)
{
    static const struct { const char *name, *kind; } v[] = {
        {"eth0", NULL},         {"wlan0", NULL},         {"enp3s0", NULL},          {"docker0", "Docker"},
        {"br-1a2b", "Docker"},  {"virbr0", "virtual machines (libvirt)"}, {"wg0", "a VPN (WireGuard)"},
        {"tailscale0", "a VPN (Tailscale)"}, {"tun0", "a VPN"}, {"vboxnet0", "VirtualBox"}, {"Wi-Fi", NULL},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        const char *k = fy_doctor_virtual_kind(v[i].name);
        fy_test_case = v[i].name;
        CHECK_STR(k ? k : "(real)", v[i].kind ? v[i].kind : "(real)");
    }
}

static void test_format(void)
{
    static fy_doc_facts f;
    static fy_doc_report r;
    char *out = malloc(65536);
    fy_test_case = "json";
    refused_none(&f);
    fy_doctor_classify(&f, &r);
    snprintf(r.reasons[0], sizeof r.reasons[0], "refused \"x\"\\y");
    r.nreasons = 1;
    r.elapsed_ms = 1234;
    fy_doctor_format_json(&r, out, 65536);
    CHECK(strstr(out, "{\"check\":\"connect\",\"status\":\"problem\",\"text\":\"Nothing is listening on 192.168.1.20 "
                      "port 53317: Ferry is not receiving there.\",\"fix\":") != NULL);
    CHECK(strstr(out, "\"receiver_log\":[\"refused \\\"x\\\"\\\\y\"],\"problems\":1,\"elapsed_ms\":1234}\n") != NULL);
    fy_test_case = "text";
    fy_doctor_format_text(&r, out, 65536);
    CHECK(strstr(out, "\nproblem  Nothing is listening on 192.168.1.20 port 53317: Ferry is not receiving there.  "
                      "Fix: Open Ferry") != NULL);
    CHECK(strstr(out, "most recent last:\n  refused \"x\"\\y\n1 problem found (checked in 1.2 s).\n") != NULL);
    fy_test_case = "truncated output stays a string";
    CHECK_INT(fy_doctor_format_text(&r, out, 10) > 10, 1);
    CHECK_INT(strlen(out), 9);
    free(out);
}

int main(void)
{
    test_classify();
    test_rules();
    test_virtual();
    test_format();
    return fy_test_done("doctor");
}
