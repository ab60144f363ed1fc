/* fy_cli.c: argument parsing and the two terminal commands. The engine does
 * the work; this file turns its events into lines on the terminal and an
 * exit status. */
#include "fy_cli.h"
#include "fy_cli_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_manifest.h"
#include "fy_version.h" /* generated: FERRY_BUILD_INFO (cmake/FerryVersion.cmake) */
#include "core/fy_names.h"
#include "core/fy_scan.h"
#include "core/fy_wire.h"
#include "net/fy_engine.h"
#include "platform/fy_platform.h"

typedef struct cli_opts {
    const char *to;
    const char *dir;
    const char *name;
    uint16_t port;
    uint64_t limit;
    unsigned timeout_s;
    int once, yes, quiet, unpaired_ok, no_discovery;
    const char *text;       /* send --text: the text, or "-" for stdin */
    int raw_text;           /* receive --raw-text */
    const char **paths;
    int npaths;
} cli_opts;

int fy_cli_exit_code(fy_result rc)
{
    switch (rc) {
    case FY_OK: return FY_EXIT_OK;
    case FY_ERR_USAGE: return FY_EXIT_USAGE;
    case FY_ERR_CONNECT: return FY_EXIT_CONNECT;
    case FY_ERR_DECLINED: return FY_EXIT_DECLINED;
    case FY_ERR_CLOSED:
    case FY_ERR_TIMEOUT: return FY_EXIT_LOST;
    case FY_ERR_PROTOCOL:
    case FY_ERR_PEER: return FY_EXIT_PROTOCOL;
    case FY_ERR_BUSY:
    case FY_ERR_DUPLICATE: return FY_EXIT_BUSY;
    case FY_ERR_TAMPERED: return FY_EXIT_TAMPERED;
    case FY_ERR_INFECTED: return FY_EXIT_INFECTED;
    case FY_ERR_VERIFY: return FY_EXIT_VERIFY;
    case FY_ERR_IO:
    case FY_ERR_DISK_FULL:
    case FY_ERR_NOT_FOUND: return FY_EXIT_LOCAL_IO;
    case FY_ERR_CANCELLED: return FY_EXIT_CANCELLED;
    case FY_ERR_UNTRUSTED:
    case FY_ERR_CRYPTO: return FY_EXIT_TRUST;
    default: return FY_EXIT_ERROR;
    }
}

static const char usage_main[] =
    "Ferry moves files and folders between machines on your network, verified and resumable.\n"
    "\n"
    "Usage:\n"
    "  ferry                                  open the Ferry window\n"
    "  ferry FILE...                          open the window with these files to send\n"
    "  ferry send --to NAME|HOST[:PORT] PATH...  send files and folders\n"
    "  ferry send --to NAME|HOST[:PORT] --text TEXT|-  send a text snippet (a URL, a command)\n"
    "  ferry receive [options]                wait for files from other machines\n"
    "  ferry peers                            list machines nearby and paired ones\n"
    "  ferry forget NAME                      unpair a device\n"
    "  ferry history [TEXT] [filters]         what was sent and received, and where it is now\n"
    "  ferry history --forget FILTERS | --clear  remove history entries (not files)\n"
    "  ferry doctor [NAME|HOST[:PORT]]        why a machine can't be seen or reached, and the fix\n"
    "  ferry --help | --version\n"
    "  ferry COMMAND --help                   options of one command\n"
    "\n"
    "Exit status: 0 done and verified, 2 usage, 3 cannot connect, 4 declined, 5 connection lost,\n"
    "6 protocol or peer error, 7 checksum mismatch, 8 file error, 9 cancelled,\n"
    "10 not paired or pairing refused, 11 receiver busy (or already receiving these files),\n"
    "12 data altered on the way, 13 the receiver's virus scanner rejected files (quarantined), 1 other.\n";

static const char usage_send[] =
    "Usage: ferry send --to NAME|HOST[:PORT] [--limit RATE] [--name NAME] [--quiet] PATH...\n"
    "       ferry send --to NAME|HOST[:PORT] [--name NAME] [--quiet] --text TEXT|-\n"
    "\n"
    "Sends files and folders (any mix) to a machine running `ferry receive` or the Ferry window.\n"
    "Running the same command again after an interruption resumes where it stopped.\n"
    "\n"
    "  -t, --to NAME|HOST[:PORT]\n"
    "                         the receiver: its name as `ferry peers` shows it, or its address\n"
    "                         (port defaults to 53317)\n"
    "  -l, --limit RATE       at most RATE bytes per second (suffixes K, M, G: --limit 20M)\n"
    "  -n, --name NAME        the name the receiver sees (default: this machine's host name)\n"
    "  -q, --quiet            print nothing but errors\n"
    "      --text TEXT|-      send TEXT (or standard input, for -) instead of files: UTF-8, at most\n"
    "                         65536 bytes (64 KiB); the receiver shows it, with a Copy button\n"
    "      --allow-unpaired-mitm-risk\n"
    "                         send to a receiver never paired with, without comparing a code:\n"
    "                         anyone on the network path could read and change the files\n"
    "  -h, --help             this help\n"
    "\n"
    "The first transfer between two machines shows a 6-digit code on both; confirm that\n"
    "they match and the machines are paired from then on.\n";

static const char usage_receive[] =
    "Usage: ferry receive [--dir DIR] [--port PORT] [--name NAME] [--timeout SEC] [--once] [--yes] [--quiet]\n"
    "\n"
    "Waits for other machines to send files, asks before accepting each offer, and saves\n"
    "verified files in DIR. Partial files are kept as NAME.part so a resent transfer resumes.\n"
    "\n"
    "  -d, --dir DIR      where files go (default: your Downloads folder + /Ferry)\n"
    "  -p, --port PORT    TCP port to listen on (default 53317)\n"
    "  -n, --name NAME    the name senders see (default: this machine's host name)\n"
    "      --timeout SEC  drop a sender that stays silent this long (default 30)\n"
    "      --once         exit after one transfer; status 0 only if it completed and verified\n"
    "      --no-discovery don't announce this machine on the network (senders need its address)\n"
    "  -y, --yes          accept every offer without asking\n"
    "      --raw-text     print a received text exactly as sent on stdout, for scripts (stdout\n"
    "                     must be a file or a pipe). Without it a text is printed with control\n"
    "                     characters and escape sequences shown as \\e, \\xNN and \\uNNNN\n"
    "  -q, --quiet        print nothing but errors\n"
    "      --allow-unpaired-mitm-risk\n"
    "                     accept senders never paired with, without comparing a code:\n"
    "                     anyone on the network path could read and change the files\n"
    "  -h, --help         this help\n"
    "\n"
    "Each verified file is scanned for viruses before it gets its name (clamdscan or clamscan;\n"
    "Microsoft Defender on Windows). A file the scanner flags goes to the quarantine folder in\n"
    "Ferry's config folder, the sender is told, and both exit with status 13. Settings in\n"
    "settings.txt there: scan=off, scan_command=COMMAND ({} is the file), scan_timeout=SECONDS.\n";

void fy_cli_usage(void) { fputs(usage_main, stdout); }

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "ferry%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'ferry%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
    return FY_EXIT_USAGE;
}

/* "20M" -> 20000000. */
static int parse_rate(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t mult = 1;
    if (end == s || s[0] == '-')
        return -1;
    if (*end == 'K' || *end == 'k')
        mult = 1000, end++;
    else if (*end == 'M' || *end == 'm')
        mult = 1000000, end++;
    else if (*end == 'G' || *end == 'g')
        mult = 1000000000, end++;
    if (*end || v == 0 || v > UINT64_MAX / mult)
        return -1;
    *out = v * mult;
    return 0;
}

static int parse_port(const char *s, uint16_t *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 65535)
        return -1;
    *out = (uint16_t)v;
    return 0;
}

/* Parses options for cmd; returns -1 to go on, or an exit status. */
static int parse(const char *cmd, int argc, char **argv, cli_opts *o)
{
    int is_send = strcmp(cmd, "send") == 0, only_paths = 0;
    static const char *paths_buf[4096];
    memset(o, 0, sizeof *o);
    o->paths = paths_buf;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        char opt[32];
        if (only_paths || a[0] != '-' || !a[1]) {
            if (!is_send)
                return usage_error(cmd, "unexpected argument '%s'", a);
            if (o->npaths >= (int)(sizeof paths_buf / sizeof *paths_buf))
                return usage_error(cmd, "too many paths (at most 4096; send their folder instead)%s", "");
            o->paths[o->npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        snprintf(opt, sizeof opt, "%.*s", eq ? (int)(eq - a) : (int)strlen(a), a);
        if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
            fputs(is_send ? usage_send : usage_receive, stdout);
            return FY_EXIT_OK;
        }
        if (!strcmp(opt, "-q") || !strcmp(opt, "--quiet")) {
            o->quiet = 1;
            continue;
        }
        if (!strcmp(opt, "--allow-unpaired-mitm-risk")) {
            o->unpaired_ok = 1;
            continue;
        }
        if (!is_send && (!strcmp(opt, "-y") || !strcmp(opt, "--yes"))) {
            o->yes = 1;
            continue;
        }
        if (!is_send && !strcmp(opt, "--no-discovery")) {
            o->no_discovery = 1;
            continue;
        }
        if (!is_send && !strcmp(opt, "--raw-text")) {
            o->raw_text = 1;
            continue;
        }
        if (!is_send && !strcmp(opt, "--once")) {
            o->once = 1;
            continue;
        }
        /* Options with a value: "--to X", "--to=X", "-t X". */
        if ((is_send && (!strcmp(opt, "-t") || !strcmp(opt, "--to") || !strcmp(opt, "-l") ||
                         !strcmp(opt, "--limit") || !strcmp(opt, "-n") || !strcmp(opt, "--name") ||
                         !strcmp(opt, "--text"))) ||
            (!is_send && (!strcmp(opt, "-d") || !strcmp(opt, "--dir") || !strcmp(opt, "-p") ||
                          !strcmp(opt, "--port") || !strcmp(opt, "-n") || !strcmp(opt, "--name") ||
                          !strcmp(opt, "--timeout")))) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return usage_error(cmd, "option '%s' needs a value", opt);
            if (!strcmp(opt, "--text"))
                o->text = val;
            else if (opt[1] == 't' || !strcmp(opt, "--to"))
                o->to = val;
            else if (opt[1] == 'l' || !strcmp(opt, "--limit")) {
                if (parse_rate(val, &o->limit) != 0)
                    return usage_error(cmd, "invalid rate '%s' (examples: 500K, 20M, 1G)", val);
            }
            else if (opt[1] == 'd' || !strcmp(opt, "--dir"))
                o->dir = val;
            else if (opt[1] == 'n' || !strcmp(opt, "--name"))
                o->name = val;
            else if (!strcmp(opt, "--timeout")) {
                char *end;
                long v = strtol(val, &end, 10);
                if (!*val || *end || v < 1 || v > 86400)
                    return usage_error(cmd, "invalid timeout '%s' (seconds, 1-86400)", val);
                o->timeout_s = (unsigned)v;
            }
            else if (parse_port(val, &o->port) != 0)
                return usage_error(cmd, "invalid port '%s' (use 1-65535)", val);
            continue;
        }
        return usage_error(cmd, "unknown option '%s'", a);
    }
    if (is_send && !o->to)
        return usage_error(cmd, "missing --to HOST: where should the files go?%s", "");
    if (is_send && o->text && o->npaths > 0)
        return usage_error(cmd, "--text sends a text, not files: leave out '%s' (or send the files apart)",
                           o->paths[0]);
    if (is_send && !o->text && o->npaths == 0)
        return usage_error(cmd, "nothing to send: name at least one file or folder%s", "");
    /* The exact bytes may hold escape sequences: never to a terminal. */
    if (o->raw_text && fy_plat_isatty_stdout())
        return usage_error(cmd, "--raw-text writes a text's exact bytes, escape sequences too: redirect "
                                "stdout to a file or a pipe%s", "");
    return -1;
}

static void say(const cli_opts *o, const char *fmt, const char *a, const char *b)
{
    if (o->quiet)
        return;
    fy_cli_progress_clear();
    fprintf(stderr, fmt, a, b);
}

static void summary(const fy_event *ev, const char *verb)
{
    char total[32], rate[32];
    if (ev->is_text) {
        fprintf(stderr, "%s text (%llu bytes) %s %s, verified.\n", verb, (unsigned long long)ev->bytes_total,
                ev->outgoing ? "to" : "from", ev->peer_name[0] ? ev->peer_name : ev->peer_addr);
        return;
    }
    fy_format_size(ev->bytes_total, total, sizeof total);
    fy_format_size((uint64_t)ev->rate, rate, sizeof rate);
    fprintf(stderr, "%s %u file%s (%s) %s %s, all verified, in %.1f s (%s/s).\n", verb, ev->files_total,
            ev->files_total == 1 ? "" : "s", total, ev->outgoing ? "to" : "from",
            ev->peer_name[0] ? ev->peer_name : ev->peer_addr, ev->elapsed, rate);
    fprintf(stderr, "Data sent over the network: %llu bytes; already there (resumed or skipped): %llu bytes.\n",
            (unsigned long long)ev->bytes_wire, (unsigned long long)ev->bytes_resumed);
}

/* "ferry: " before each line (the receiver's scanner names one file a line). */
static void print_lines(const char *text)
{
    while (*text) {
        size_t n = strcspn(text, "\n");
        fprintf(stderr, "ferry: %.*s\n", (int)n, text);
        text += n + (text[n] == '\n');
    }
}

/* A received file's scan verdict that the user must read. */
static void print_scanned(const fy_event *ev)
{
    fy_cli_progress_clear();
    if (ev->verdict == FY_SCAN_INFECTED)
        fprintf(stderr, "ferry: infected: %s (%s): moved to the quarantine folder: %s\n", ev->current, ev->text,
                ev->folder);
    else if (ev->current[0])
        fprintf(stderr, "ferry: not scanned: %s: %s\n", ev->current, ev->text);
    else
        fprintf(stderr, "ferry: not scanned: %s\n", ev->text);
}

/* First contact: both screens show a code; a person compares them. */
static int confirm_pairing(const fy_event *ev)
{
    char line[16];
    fy_cli_progress_clear();
    fprintf(stderr,
            "First transfer with \"%s\" (%s), key %s.\n"
            "Pairing code: %s\n",
            ev->peer_name, ev->peer_addr, ev->fingerprint, ev->code);
    if (fy_plat_term_ask("Does the other screen show the same code? [y/N] ", line, sizeof line) < 0)
        return 0;
    if (line[0] == 'y' || line[0] == 'Y') {
        fprintf(stderr, "Waiting for \"%s\" to confirm too...\n", ev->peer_name);
        return 1;
    }
    return 0;
}

static fy_result make_engine(const cli_opts *o, const char *dir, fy_engine **e, fy_err *err)
{
    fy_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    if (o->name)
        snprintf(cfg.device_name, sizeof cfg.device_name, "%s", o->name);
    snprintf(cfg.receive_dir, sizeof cfg.receive_dir, "%s", dir ? dir : "");
    cfg.port = o->port;
    cfg.send_rate_limit = o->limit;
    cfg.allow_unpaired = o->unpaired_ok;
    cfg.no_discovery = o->no_discovery;
    /* Pairing needs a person at a terminal to compare codes. */
    cfg.can_pair = fy_plat_isatty_stdin() || fy_plat_isatty_stderr();
    cfg.idle_timeout_ms = o->timeout_s * 1000u;
    /* settings.txt's history=off holds for the terminal too. */
    if (fy_plat_config_dir(cfg.config_dir, sizeof cfg.config_dir, err) == FY_OK)
        cfg.no_history = fy_cli_history_off(cfg.config_dir);
    fy_err_clear(err);
    return fy_engine_create(&cfg, e, err);
}

/* "192.0.2.7" or "localhost": used as given, no discovery needed. */
static int looks_like_address(const char *s)
{
    if (!strcmp(s, "localhost"))
        return 1;
    for (; *s; s++)
        if ((*s < '0' || *s > '9') && *s != '.')
            return 0;
    return 1;
}

static int cmd_send(const cli_opts *o)
{
    char host[256];
    uint16_t port = FY_DEFAULT_PORT;
    const char *colon = strrchr(o->to, ':');
    fy_engine *e = NULL;
    fy_err err = {0};
    fy_xfer_id id;
    int status = FY_EXIT_ERROR, progress = !o->quiet && fy_plat_isatty_stderr(), cancelled = 0;
    uint8_t *text = NULL;
    size_t text_len = 0;
    fy_result rc;

    if (colon && strchr(o->to, ':') == colon) {
        if (parse_port(colon + 1, &port) != 0)
            return usage_error("send", "invalid port in '%s'", o->to);
        snprintf(host, sizeof host, "%.*s", (int)(colon - o->to), o->to);
    } else {
        snprintf(host, sizeof host, "%s", o->to);
    }
    if (!looks_like_address(host)) {
        /* A device name: nearby machines first, then the host name system. */
        int found = fy_cli_resolve_name(o->to, port, host, sizeof host, &port);
        if (found < 0)
            return FY_EXIT_CONNECT;
        if (found == 0)
            snprintf(host, sizeof host, "%s", o->to);
    }
    if (o->text && (status = fy_cli_text_read(o->text, &text, &text_len)) >= 0)
        return status;
    rc = make_engine(o, NULL, &e, &err);
    if (rc == FY_OK)
        rc = text ? fy_engine_send_text(e, host, port, text, text_len, &id, &err)
                  : fy_engine_send(e, host, port, o->paths, o->npaths, &id, &err);
    free(text);
    if (rc != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        fy_engine_destroy(e);
        return fy_cli_exit_code(err.code);
    }
    fy_plat_catch_interrupt();
    for (;;) {
        fy_event ev;
        char total[32];
        if (fy_plat_interrupted() && !cancelled) {
            fy_engine_cancel(e, id); /* the receiver is told; FINISHED follows */
            cancelled = 1;
        }
        if (!fy_engine_wait(e, &ev, 200))
            continue;
        switch (ev.type) {
        case FY_EV_WARNING:
            fy_cli_progress_clear();
            fprintf(stderr, "ferry: warning: %s\n", ev.text);
            break;
        case FY_EV_PAIR:
            fy_engine_answer(e, ev.xfer, confirm_pairing(&ev));
            break;
        case FY_EV_WAITING:
            fy_format_size(ev.bytes_total, total, sizeof total);
            if (!o->quiet) {
                fy_cli_progress_clear();
                if (ev.is_text)
                    fprintf(stderr, "Offering text (%llu bytes) to %s at %s; waiting for it to accept...\n",
                            (unsigned long long)ev.bytes_total, ev.peer_name, ev.peer_addr);
                else
                    fprintf(stderr, "Offering %u file%s (%s) to %s at %s; waiting for it to accept...\n",
                            ev.files_total, ev.files_total == 1 ? "" : "s", total, ev.peer_name, ev.peer_addr);
            }
            break;
        case FY_EV_PROGRESS:
            if (progress)
                fy_cli_progress_line(&ev);
            break;
        case FY_EV_BUSY:
            if (!o->quiet) {
                fy_cli_progress_clear();
                fprintf(stderr, "ferry: %s\n", ev.text);
            }
            break;
        case FY_EV_FINISHED:
            fy_cli_progress_clear();
            if (ev.result == FY_OK) {
                if (!o->quiet)
                    summary(&ev, "Sent");
            } else {
                print_lines(ev.text);
            }
            status = fy_cli_exit_code(ev.result);
            fy_engine_destroy(e);
            return status;
        default:
            break;
        }
    }
}

/* Lists the addresses a sender can use to reach this machine. */
static void print_addresses(uint16_t port)
{
    fy_iface ifs[16];
    int n = fy_plat_list_ipv4(ifs, 16), shown = 0;
    fprintf(stderr, "Reachable at:");
    for (int i = 0; i < n; i++) {
        uint32_t a = ifs[i].addr;
        if (ifs[i].loopback)
            continue;
        fprintf(stderr, "%s %u.%u.%u.%u:%u", shown ? "," : "", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255,
                port);
        shown++;
    }
    fprintf(stderr, shown ? "\n" : " this machine only (no network interface is up)\n");
}

static int decide(const cli_opts *o, const fy_event *ev)
{
    char total[32], line[16];
    fy_format_size(ev->bytes_total, total, sizeof total);
    if ((!o->quiet || !o->yes) && ev->is_text) {
        fy_cli_progress_clear();
        fy_cli_text_offer(ev);
    } else if (!o->quiet || !o->yes) {
        fy_cli_progress_clear();
        fprintf(stderr, "%s (%s) wants to send %u file%s, %s:\n", ev->peer_name[0] ? ev->peer_name : "A sender",
                ev->peer_addr, ev->files_total, ev->files_total == 1 ? "" : "s", total);
        for (int i = 0; i < FY_OFFER_SHOW_NAMES && ev->names[i][0]; i++)
            fprintf(stderr, "  %s\n", ev->names[i]);
    }
    if (o->yes) {
        say(o, "Accepted (--yes).%s%s\n", "", "");
        return 1;
    }
    if (fy_plat_term_ask("Accept? [y/N] ", line, sizeof line) < 0) {
        if (fy_plat_interrupted())
            return 0; /* Ctrl-C at the prompt: the loop stops next */
        fprintf(stderr, "ferry: declined: there is no terminal to ask on (use --yes to accept without asking)\n");
        return 0;
    }
    return line[0] == 'y' || line[0] == 'Y';
}

static int cmd_receive(const cli_opts *o)
{
    char dir[1024], abs[1024], host[64];
    fy_engine *e = NULL;
    fy_err err = {0};
    int progress = !o->quiet && fy_plat_isatty_stderr();
    fy_xfer_id shown = 0;

    if (o->dir) {
        snprintf(dir, sizeof dir, "%s", o->dir);
    } else if (fy_plat_default_receive_dir(dir, sizeof dir, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        return FY_EXIT_LOCAL_IO;
    }
    if (fy_plat_mkdirs(dir, &err) != FY_OK || fy_plat_abspath(dir, abs, sizeof abs, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        return FY_EXIT_LOCAL_IO;
    }
    if (make_engine(o, abs, &e, &err) != FY_OK || fy_engine_listen(e, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        fy_engine_destroy(e);
        return fy_cli_exit_code(err.code);
    }
    if (o->name)
        snprintf(host, sizeof host, "%s", o->name);
    else
        fy_plat_host_name(host, sizeof host);
    if (!o->quiet) {
        fprintf(stderr, "Ferry is receiving as \"%s\" on port %u.\n", host, o->port ? o->port : FY_DEFAULT_PORT);
        print_addresses(o->port ? o->port : FY_DEFAULT_PORT);
        fprintf(stderr, "Files go to: %s\n", abs);
    }
    fy_plat_catch_interrupt();
    for (;;) {
        fy_event ev;
        if (fy_plat_interrupted()) {
            /* Cancels what is running (senders are told) and stops. */
            int active = fy_engine_active(e);
            fy_cli_progress_clear();
            fy_engine_destroy(e);
            if (active)
                fprintf(stderr, "ferry: cancelled; partial files are kept and resume when sent again\n");
            return active ? FY_EXIT_CANCELLED : FY_EXIT_OK;
        }
        if (!fy_engine_wait(e, &ev, 200))
            continue;
        switch (ev.type) {
        case FY_EV_OFFER:
            fy_engine_answer(e, ev.xfer, decide(o, &ev));
            break;
        case FY_EV_PAIR:
            fy_engine_answer(e, ev.xfer, confirm_pairing(&ev));
            break;
        case FY_EV_WARNING:
            fy_cli_progress_clear();
            fprintf(stderr, "ferry: %s\n", ev.text);
            /* --once serves one connection: one that failed before its
             * offer was whole ends it too, so a script learns (a sender
             * told "busy" comes back, and is not the one). */
            if (o->once && ev.result != FY_OK && ev.result != FY_ERR_BUSY) {
                int status = fy_cli_exit_code(ev.result);
                fy_engine_destroy(e);
                return status;
            }
            break;
        case FY_EV_STARTED:
            shown = ev.xfer;
            break;
        case FY_EV_PROGRESS:
            if (progress && ev.xfer == shown)
                fy_cli_progress_line(&ev);
            break;
        case FY_EV_SCANNED:
            print_scanned(&ev);
            break;
        case FY_EV_FINISHED:
            fy_cli_progress_clear();
            if (ev.result == FY_OK && ev.is_text) {
                fy_cli_text_show(&ev, o->raw_text, o->quiet);
                fy_event_release(&ev);
            } else if (ev.result == FY_OK) {
                if (!o->quiet) {
                    summary(&ev, "Received");
                    if (ev.files_unscanned)
                        fprintf(stderr, "Virus scan: %u clean, %u not scanned (see above).\n",
                                ev.files_scanned - ev.files_unscanned, ev.files_unscanned);
                    else if (ev.files_scanned)
                        fprintf(stderr, "Virus scan: %u file%s, all clean.\n", ev.files_scanned,
                                ev.files_scanned == 1 ? "" : "s");
                }
            } else if (ev.result == FY_ERR_INFECTED) {
                fprintf(stderr, "ferry: transfer from %s: %s\n", ev.peer_name[0] ? ev.peer_name : ev.peer_addr,
                        ev.text);
            } else if (ev.result == FY_ERR_DECLINED) {
                say(o, "Declined the offer from %s.\n", ev.peer_name[0] ? ev.peer_name : ev.peer_addr, "");
            } else {
                fprintf(stderr, "ferry: transfer from %s failed: %s\n",
                        ev.peer_name[0] ? ev.peer_name : ev.peer_addr, ev.text);
            }
            if (o->once) {
                int status = fy_cli_exit_code(ev.result);
                fy_engine_destroy(e);
                return status;
            }
            break;
        default:
            break;
        }
    }
}

int fy_cli_wants_window(int argc, char **argv)
{
    static const char *const commands[] = {"send", "receive", "peers", "forget", "history", "doctor", "help"};
    fy_stat st;
    fy_err err = {0};
    if (argc < 2 || argv[1][0] == '-' || !argv[1][0])
        return 0;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i]))
            return 0;
    return fy_plat_stat(argv[1], &st, &err) == FY_OK && st.kind != FY_KIND_NONE;
}

int fy_cli_main(int argc, char **argv)
{
    cli_opts o;
    int rc;
    const char *cmd = argc > 1 ? argv[1] : "--help";

    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fy_cli_usage();
        return FY_EXIT_OK;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("ferry %s (protocol %d to %d)\n%s\n", FERRY_VERSION, FY_PROTO_VERSION_MIN, FY_PROTO_VERSION,
               FERRY_BUILD_INFO);
        return FY_EXIT_OK;
    }
    if (!strcmp(cmd, "forget"))
        return fy_cli_forget(argc - 2, argv + 2);
    if (!strcmp(cmd, "history"))
        return fy_cli_history(argc - 2, argv + 2);
    if (!strcmp(cmd, "peers"))
        return fy_cli_peers(argc - 2, argv + 2);
    if (!strcmp(cmd, "doctor"))
        return fy_cli_doctor(argc - 2, argv + 2);
    if (strcmp(cmd, "send") != 0 && strcmp(cmd, "receive") != 0) {
        if (cmd[0] == '-')
            return usage_error(NULL, "unknown option '%s'", cmd);
        return usage_error(NULL, "unknown command '%s'", cmd);
    }
    if ((rc = parse(cmd, argc - 2, argv + 2, &o)) >= 0)
        return rc;
    return !strcmp(cmd, "send") ? cmd_send(&o) : cmd_receive(&o);
}
