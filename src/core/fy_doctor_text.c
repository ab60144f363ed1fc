/* fy_doctor_text.c: reading firewall rules as the tools print them, and
 * writing the doctor's report as text or JSON.
 *
 * The rules are read from `nft list ruleset` and `iptables-save` text, not
 * `nft -j`: Ferry has no JSON parser, and the text keeps each rule on one
 * line with stable words (tcp dport 53317 drop; -A INPUT -p udp --dport
 * 53317 -j DROP). A rule counts when it matches every new packet to the
 * port: its only conditions are the protocol and the port (alone, a set, a
 * range), or it has none. Rules with other conditions (a source address,
 * conntrack state, an interface) are not counted; jumps are followed
 * (ufw and firewalld keep their accepts in chains reached by jumps). In
 * nftables an accept ends only its own base chain, so a drop in any input
 * chain wins. Local command output, but parsed like anything else: bounded,
 * fuzzed (tests/fuzz/fuzz_doctor.c). */
#include "fy_doctor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_MAX 8
#define CHAINS_MAX 256

typedef struct line_ref {
    const char *p;
    size_t n;
} line_ref;

typedef struct chain {
    line_ref name;
    int table;
    int input;       /* a base chain on the input hook (nft) / INPUT (iptables) */
    int policy_drop;
    const char *body; /* nft: after the "{" line; iptables: unused */
} chain;

typedef struct ruleset {
    const char *text;
    long budget; /* rule lines left to look at: jumps cannot make it explode */
    int iptables;
    int n;
    chain c[CHAINS_MAX];
} ruleset;

/* Verdict of evaluating a chain for one protocol: UNDECIDED falls through. */
enum { UNDECIDED = -1 };

static int is_word_char(char c) { return c && c != ' ' && c != '\t' && c != '\n' && c != ',' && c != '{' && c != '}' && c != ';'; }

/* Next word of a line: returns its length, 0 at the end. */
static size_t next_word(const char **s, const char *end)
{
    const char *p = *s;
    while (p < end && !is_word_char(*p))
        p++;
    *s = p;
    while (p < end && is_word_char(*p))
        p++;
    return (size_t)(p - *s);
}

static int word_is(const char *w, size_t n, const char *lit) { return strlen(lit) == n && !memcmp(w, lit, n); }

/* Does a port list ("53317", "53000-54000", "22,53317", "{ 22, 53317 }")
 * starting at s contain port? Advances *s past it. */
static int port_list_has(const char **s, const char *end, uint16_t port)
{
    const char *p = *s;
    int has = 0, braces = 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p < end && *p == '{')
        braces = 1, p++;
    for (;;) {
        char *e;
        unsigned long a, b;
        while (p < end && (*p == ' ' || *p == ','))
            p++;
        if (p >= end || *p < '0' || *p > '9')
            break;
        a = strtoul(p, &e, 10);
        b = a;
        p = e;
        if (p < end && (*p == '-' || *p == ':')) {
            b = strtoul(p + 1, &e, 10);
            p = e;
        }
        has |= port >= a && port <= b;
        if (!braces && (p >= end || *p != ','))
            break;
    }
    if (braces)
        while (p < end && *p != '}')
            p++;
    *s = p < end ? p + 1 : p;
    return has;
}

/* One rule line, for protocol udp (1) or tcp (0): returns DROP, REJECT,
 * PASS or UNDECIDED (not counted), or sets *jump to the chain jumped to. */
static int rule_nft(const char *s, const char *end, int udp, uint16_t port, line_ref *jump)
{
    int matched = 1, verdict = UNDECIDED;
    const char *w;
    size_t n;
    jump->p = NULL;
    while ((n = next_word(&s, end)) != 0) {
        w = s;
        s += n;
        if (word_is(w, n, "tcp") || word_is(w, n, "udp") || word_is(w, n, "th")) {
            const char *save = s;
            size_t m = next_word(&s, end);
            if (word_is(s, m, "dport")) {
                s += m;
                if (!port_list_has(&s, end, port) || (word_is(w, n, "tcp") && udp) || (word_is(w, n, "udp") && !udp))
                    matched = 0;
            } else {
                s = save;
                matched = 0; /* another field: flags, sport */
            }
        } else if (word_is(w, n, "counter") || word_is(w, n, "packets") || word_is(w, n, "bytes")) {
            /* statistics, not conditions; their numbers are skipped below */
        } else if (word_is(w, n, "accept")) {
            verdict = FY_DOC_FW_PASS;
            break;
        } else if (word_is(w, n, "drop")) {
            verdict = FY_DOC_FW_DROP;
            break;
        } else if (word_is(w, n, "reject")) {
            verdict = FY_DOC_FW_REJECT;
            break;
        } else if (word_is(w, n, "jump") || word_is(w, n, "goto")) {
            size_t m = next_word(&s, end);
            jump->p = s;
            jump->n = m;
            break;
        } else if (!(*w >= '0' && *w <= '9')) {
            matched = 0; /* any other condition: this rule is not about every packet to the port */
        }
    }
    if (jump->p)
        return UNDECIDED; /* followed whatever its conditions: they gate it, not the rules inside */
    return matched ? verdict : UNDECIDED;
}

static int rule_ipt(const char *s, const char *end, int udp, uint16_t port, line_ref *jump)
{
    int matched = 1, verdict = UNDECIDED;
    const char *w;
    size_t n;
    jump->p = NULL;
    n = next_word(&s, end); /* -A */
    s += n;
    n = next_word(&s, end); /* chain */
    s += n;
    while ((n = next_word(&s, end)) != 0) {
        w = s;
        s += n;
        if (word_is(w, n, "-p")) {
            size_t m = next_word(&s, end);
            if (!((word_is(s, m, "udp") && udp) || (word_is(s, m, "tcp") && !udp)))
                matched = 0;
            s += m;
        } else if (word_is(w, n, "-m")) {
            size_t m = next_word(&s, end);
            if (!word_is(s, m, "udp") && !word_is(s, m, "tcp") && !word_is(s, m, "multiport"))
                matched = 0;
            s += m;
        } else if (word_is(w, n, "--dport") || word_is(w, n, "--dports")) {
            if (!port_list_has(&s, end, port))
                matched = 0;
        } else if (word_is(w, n, "-j") || word_is(w, n, "-g")) {
            size_t m = next_word(&s, end);
            if (word_is(s, m, "ACCEPT"))
                verdict = FY_DOC_FW_PASS;
            else if (word_is(s, m, "DROP"))
                verdict = FY_DOC_FW_DROP;
            else if (word_is(s, m, "REJECT"))
                verdict = FY_DOC_FW_REJECT;
            else if (!word_is(s, m, "RETURN") && !word_is(s, m, "LOG")) {
                jump->p = s;
                jump->n = m;
            }
            break;
        } else
            matched = 0;
    }
    if (jump->p)
        return UNDECIDED;
    return matched ? verdict : UNDECIDED;
}

static const char *line_end(const char *s)
{
    const char *e = strchr(s, '\n');
    return e ? e : s + strlen(s);
}

static int find_chain(const ruleset *rs, int table, line_ref name)
{
    for (int i = 0; i < rs->n; i++)
        if (rs->c[i].table == table && rs->c[i].name.n == name.n && !memcmp(rs->c[i].name.p, name.p, name.n))
            return i;
    return -1;
}

/* Runs chain ci's rules for one protocol; UNDECIDED if none decided. */
static int eval_chain(ruleset *rs, int ci, int udp, uint16_t port, int depth)
{
    const chain *c = &rs->c[ci];
    const char *s;
    int table = 0; /* iptables: "*filter" lines seen */
    if (depth > DEPTH_MAX)
        return UNDECIDED;
    s = rs->iptables ? rs->text : c->body;
    while (s && *s) {
        const char *e = line_end(s), *t = s;
        line_ref jump;
        int v = UNDECIDED;
        if (--rs->budget < 0)
            return UNDECIDED;
        while (t < e && (*t == ' ' || *t == '\t'))
            t++;
        if (!rs->iptables && t < e && *t == '}')
            break; /* end of this chain */
        if (rs->iptables) {
            /* "-A NAME ..." lines of this chain, in its table */
            const char *u = t;
            size_t m;
            jump.p = NULL;
            table += *t == '*';
            if (table == c->table && !strncmp(t, "-A ", 3) && (u = t + 3, (m = next_word(&u, e)) == c->name.n) &&
                !memcmp(u, c->name.p, m))
                v = rule_ipt(t, e, udp, port, &jump);
        } else if (strncmp(t, "type ", 5) && strncmp(t, "policy ", 7))
            v = rule_nft(t, e, udp, port, &jump);
        else
            jump.p = NULL;
        if (v == UNDECIDED && jump.p) {
            int target = find_chain(rs, c->table, jump);
            if (target >= 0)
                v = eval_chain(rs, target, udp, port, depth + 1);
        }
        if (v != UNDECIDED)
            return v;
        s = *e ? e + 1 : e;
    }
    return UNDECIDED;
}

static void combine(ruleset *rs, uint16_t port, fy_doc_fw_verdict *tcp, fy_doc_fw_verdict *udp)
{
    rs->budget = 200000; /* ~50 jumps through a 4,000-line iptables-save: more than real rule sets need */
    for (int i = 0; i < rs->n; i++) {
        if (!rs->c[i].input)
            continue;
        for (int u = 0; u < 2; u++) {
            int v = eval_chain(rs, i, u, port, 0);
            fy_doc_fw_verdict *out = u ? udp : tcp;
            if (v == UNDECIDED)
                v = rs->c[i].policy_drop ? FY_DOC_FW_DROP : FY_DOC_FW_PASS;
            if (v != FY_DOC_FW_PASS && *out == FY_DOC_FW_PASS)
                *out = (fy_doc_fw_verdict)v;
        }
    }
}

void fy_doctor_parse_nft(const char *text, uint16_t port, fy_doc_fw_verdict *tcp, fy_doc_fw_verdict *udp)
{
    ruleset *rsp = calloc(1, sizeof *rsp); /* ~10 KB: kept off the stack of a window's thread */
    int table = 0, cur = -1;
    *tcp = *udp = FY_DOC_FW_PASS;
    if (!rsp)
        return;
    rsp->text = text;
    for (const char *s = text; *s;) {
        const char *e = line_end(s), *t = s, *w;
        size_t n;
        n = next_word(&t, e);
        w = t;
        if (word_is(w, n, "table")) {
            table++;
            cur = -1;
        } else if (word_is(w, n, "chain") && rsp->n < CHAINS_MAX) {
            t += n;
            n = next_word(&t, e);
            cur = rsp->n++;
            rsp->c[cur].name.p = t;
            rsp->c[cur].name.n = n;
            rsp->c[cur].table = table;
            rsp->c[cur].body = *e ? e + 1 : e;
        } else if (word_is(w, n, "type") && cur >= 0) {
            /* "type filter hook input priority filter; policy drop;" */
            rsp->c[cur].input = strstr(w, "hook input") && strstr(w, "hook input") < e;
            {
                const char *pol = strstr(w, "policy drop");
                rsp->c[cur].policy_drop = pol && pol < e;
            }
        }
        s = *e ? e + 1 : e;
    }
    combine(rsp, port, tcp, udp);
    free(rsp);
}

void fy_doctor_parse_iptables(const char *text, uint16_t port, fy_doc_fw_verdict *tcp, fy_doc_fw_verdict *udp)
{
    ruleset *rsp = calloc(1, sizeof *rsp);
    int table = 0, filter = 0;
    *tcp = *udp = FY_DOC_FW_PASS;
    if (!rsp)
        return;
    rsp->text = text;
    rsp->iptables = 1;
    for (const char *s = text; *s;) {
        const char *e = line_end(s);
        if (*s == '*') {
            table++;
            filter = !strncmp(s, "*filter", 7);
        } else if (*s == ':' && filter && rsp->n < CHAINS_MAX) {
            const char *t = s + 1;
            size_t n = next_word(&t, e);
            chain *c = &rsp->c[rsp->n++];
            c->name.p = t;
            c->name.n = n;
            c->table = table;
            c->input = word_is(t, n, "INPUT");
            t += n;
            n = next_word(&t, e);
            c->policy_drop = c->input && word_is(t, n, "DROP");
        }
        s = *e ? e + 1 : e;
    }
    combine(rsp, port, tcp, udp);
    free(rsp);
}

/* ---- output ------------------------------------------------------------------ */

static void put(char *out, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len < cap) {
        size_t room = cap - *len - 1;
        memcpy(out + *len, s, n < room ? n : room);
        out[*len + (n < room ? n : room)] = '\0';
    }
    *len += n;
}

size_t fy_doctor_format_text(const fy_doc_report *r, char *out, size_t cap)
{
    size_t len = 0;
    char buf[FY_DOC_TEXT_MAX * 2 + 32];
    int problems = fy_doctor_problems(r);
    if (cap)
        out[0] = '\0';
    for (int i = 0; i < r->n; i++) {
        const fy_doc_line *l = &r->lines[i];
        snprintf(buf, sizeof buf, "%-8s %s%s%s\n", fy_doctor_status_word(l->status), l->text, l->fix[0] ? "  Fix: " : "",
                 l->fix);
        put(out, cap, &len, buf);
    }
    if (r->nreasons) {
        put(out, cap, &len, "The receiver on this machine refused or dropped, most recent last:\n");
        for (int i = 0; i < r->nreasons; i++) {
            snprintf(buf, sizeof buf, "  %s\n", r->reasons[i]);
            put(out, cap, &len, buf);
        }
    }
    if (problems)
        snprintf(buf, sizeof buf, "%d problem%s found (checked in %.1f s).\n", problems, problems == 1 ? "" : "s",
                 r->elapsed_ms / 1000.0);
    else
        snprintf(buf, sizeof buf, "All good (checked in %.1f s).\n", r->elapsed_ms / 1000.0);
    put(out, cap, &len, buf);
    return len;
}

static void put_json_str(char *out, size_t cap, size_t *len, const char *s)
{
    char esc[8];
    put(out, cap, &len[0], "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            esc[0] = '\\', esc[1] = (char)c, esc[2] = '\0';
            put(out, cap, len, esc);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(out, cap, len, esc);
        } else {
            esc[0] = (char)c, esc[1] = '\0';
            put(out, cap, len, esc);
        }
    }
    put(out, cap, len, "\"");
}

size_t fy_doctor_format_json(const fy_doc_report *r, char *out, size_t cap)
{
    size_t len = 0;
    char buf[64];
    if (cap)
        out[0] = '\0';
    put(out, cap, &len, "{\"checks\":[");
    for (int i = 0; i < r->n; i++) {
        const fy_doc_line *l = &r->lines[i];
        put(out, cap, &len, i ? ",{\"check\":" : "{\"check\":");
        put_json_str(out, cap, &len, l->check);
        put(out, cap, &len, ",\"status\":");
        put_json_str(out, cap, &len, fy_doctor_status_word(l->status));
        put(out, cap, &len, ",\"text\":");
        put_json_str(out, cap, &len, l->text);
        put(out, cap, &len, ",\"fix\":");
        put_json_str(out, cap, &len, l->fix);
        put(out, cap, &len, "}");
    }
    put(out, cap, &len, "],\"receiver_log\":[");
    for (int i = 0; i < r->nreasons; i++) {
        if (i)
            put(out, cap, &len, ",");
        put_json_str(out, cap, &len, r->reasons[i]);
    }
    snprintf(buf, sizeof buf, "],\"problems\":%d,\"elapsed_ms\":%u}\n", fy_doctor_problems(r), r->elapsed_ms);
    put(out, cap, &len, buf);
    return len;
}
