/* fy_doctor.h: "why can't I see my other machine?" in plain words.
 *
 * The network doctor is split like the rest of Ferry: src/net and
 * src/platform gather facts (interfaces, who holds Ferry's ports, the
 * firewall's rules, who answered discovery, how a connection to one machine
 * went), and this file turns a struct of those facts into lines, each
 * {ok | problem | unknown, a sentence a non-technical person understands,
 * the fix}. Nothing here touches the network or the OS, so every diagnosis
 * is tested on tables of facts (tests/unit/test_doctor.c). */
#ifndef FY_DOCTOR_H
#define FY_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

#define FY_DOC_IFACES_MAX 16
#define FY_DOC_ANSWERS_MAX 32
#define FY_DOC_LINES_MAX 48
#define FY_DOC_REASONS_MAX 20 /* the receiver's reason log keeps this many */
#define FY_DOC_TEXT_MAX 320

typedef enum { FY_DOC_OK = 0, FY_DOC_PROBLEM, FY_DOC_UNKNOWN } fy_doc_status;

typedef struct fy_doc_line {
    fy_doc_status status;
    char check[24];              /* stable id for --json: "tcp_port", "firewall"... */
    char text[FY_DOC_TEXT_MAX];  /* what is the case */
    char fix[FY_DOC_TEXT_MAX];   /* what to do; empty when nothing */
} fy_doc_line;

typedef struct fy_doc_iface {
    char name[64];
    uint32_t addr, netmask; /* host byte order */
    const char *virt;       /* "Docker", "a VPN"...; NULL for a real network */
} fy_doc_iface;

/* Who holds a port on this machine. */
typedef enum {
    FY_DOC_PORT_FREE = 0,
    FY_DOC_PORT_FERRY,   /* a Ferry receiver (owner "ferry"), this process or another */
    FY_DOC_PORT_OTHER,   /* another program: owner and pid when the OS says */
    FY_DOC_PORT_UNKNOWN  /* could not be told */
} fy_doc_port_state;

typedef struct fy_doc_port {
    fy_doc_port_state state;
    char owner[64]; /* program name, "" when the OS would not say */
    int pid;        /* 0 when unknown */
} fy_doc_port;

/* What the firewall does to packets for one of Ferry's ports. */
typedef enum { FY_DOC_FW_PASS = 0, FY_DOC_FW_DROP, FY_DOC_FW_REJECT } fy_doc_fw_verdict;

typedef enum {
    FY_DOC_FW_NOT_READ = 0, /* no tool, or not permitted: fw_why says which */
    FY_DOC_FW_READ,         /* Linux: rules read (nft or iptables-save) */
    FY_DOC_FW_WINDOWS       /* Windows: profile and rule facts below */
} fy_doc_fw_kind;

typedef struct fy_doc_firewall {
    fy_doc_fw_kind kind;
    char tool[16];               /* "nftables", "iptables" */
    int no_permission;           /* NOT_READ: 1 not root, 0 no tool */
    fy_doc_fw_verdict tcp, udp;  /* READ: what happens to Ferry's ports */
    char managers[48];           /* Linux: "ufw active", "firewalld running", "" none seen */
    /* WINDOWS */
    char profile[16];            /* "Private", "Public", "Domain", "" unknown */
    int enabled;                 /* 1 on, 0 off, -1 unknown */
    int allow_rule;              /* 1 an allow rule for this exe covers the profile, 0 none, -1 unknown */
} fy_doc_firewall;

/* A discovery answer, and the interface whose network it came from. */
typedef struct fy_doc_answer {
    char name[64];
    uint32_t addr;
    uint16_t port;
    int iface; /* index into facts.ifaces, -1 none matched */
} fy_doc_answer;

typedef enum {
    FY_DOC_CONN_NOT_TRIED = 0,
    FY_DOC_CONN_OK,
    FY_DOC_CONN_REFUSED,  /* nothing listening, or a firewall rejecting */
    FY_DOC_CONN_TIMEOUT,  /* dropped by a firewall, or switched off */
    FY_DOC_CONN_NO_ROUTE, /* no way to that network from here */
    FY_DOC_CONN_OTHER     /* conn_text says what */
} fy_doc_conn;

typedef enum {
    FY_DOC_HOW_NONE = 0,  /* not found */
    FY_DOC_HOW_ADDRESS,   /* given as an address */
    FY_DOC_HOW_NEARBY,    /* a name that answered discovery */
    FY_DOC_HOW_DNS        /* a name the system resolved */
} fy_doc_how;

typedef struct fy_doc_facts {
    uint16_t port;                      /* Ferry's TCP and UDP port */
    int nifaces;
    fy_doc_iface ifaces[FY_DOC_IFACES_MAX];
    fy_doc_port tcp, udp;
    fy_doc_firewall fw;
    int queried;                        /* discovery was asked */
    int nanswers;
    fy_doc_answer answers[FY_DOC_ANSWERS_MAX];

    /* The way to one machine; target empty = none asked about. */
    char target[256];                   /* as given: "desk", "10.0.5.20:53317" */
    fy_doc_how how;
    uint32_t target_addr;               /* host byte order, when found */
    uint16_t target_port;
    int target_answered;                /* it answered the discovery query */
    fy_doc_conn conn;
    char conn_text[160];                /* OTHER: the system's words */
    unsigned connect_ms, timeout_ms;
    int ferry;                          /* 1 Ferry answered the handshake, 0 not, -1 not tried */
    char ferry_text[200];               /* 0: why not */
    char peer_name[64];
    unsigned version;                   /* protocol version it speaks */
    int paired;                         /* 1 it is among this machine's paired devices */
    int knows_us;                       /* 1 it has this machine paired */
    double rtt_ms;
    /* --speed: 0 not asked, 1 measured, -1 could not (speed_text says why) */
    int speed;
    double speed_mbs;                   /* MB/s (10^6 bytes) the receiver counted */
    unsigned speed_ms;
    char speed_text[200];
} fy_doc_facts;

typedef struct fy_doc_report {
    int n;
    fy_doc_line lines[FY_DOC_LINES_MAX];
    int nreasons;
    char reasons[FY_DOC_REASONS_MAX][FY_DOC_TEXT_MAX]; /* the receiver's log here, oldest first */
    unsigned elapsed_ms;
} fy_doc_report;

/* Turns the facts into lines, in the order: this machine, seeing others,
 * the way to the target. */
void fy_doctor_classify(const fy_doc_facts *f, fy_doc_report *out);

/* Number of lines with status PROBLEM. */
int fy_doctor_problems(const fy_doc_report *r);

/* "ok", "problem", "unknown". */
const char *fy_doctor_status_word(fy_doc_status s);

/* What kind of virtual network an interface name is (Docker, libvirt, a
 * VPN...), NULL for one that looks real. Announcing on them is pointless:
 * no other Ferry machine is there. */
const char *fy_doctor_virtual_kind(const char *ifname);

/* Reads the text of `nft list ruleset` or of `iptables-save` and says what
 * the input rules do to TCP and UDP port. Only chains on the input hook
 * (INPUT) count; a rule matching the port (alone, in a set or a range) or
 * matching everything decides, else the chain's policy. Never fails: text
 * it does not understand passes. */
void fy_doctor_parse_nft(const char *text, uint16_t port, fy_doc_fw_verdict *tcp, fy_doc_fw_verdict *udp);
void fy_doctor_parse_iptables(const char *text, uint16_t port, fy_doc_fw_verdict *tcp, fy_doc_fw_verdict *udp);

/* The report as one line per check ("problem  TEXT  Fix: FIX\n") or as a
 * JSON object; returns the length written (truncated to cap). */
size_t fy_doctor_format_text(const fy_doc_report *r, char *out, size_t cap);
size_t fy_doctor_format_json(const fy_doc_report *r, char *out, size_t cap);

#endif
