/* fy_cli_history.c: `ferry history`: what was sent and received, where it
 * went, searchable; `--forget` and `--clear` remove records (never files). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fy_manifest.h"
#include "core/fy_names.h"
#include "core/fy_settings.h"
#include "fy_cli.h"
#include "history/fy_history.h"
#include "platform/fy_platform.h"

#define DEFAULT_LIMIT 100   /* lines without --limit: a week of use is 100,000 */

static const char usage_history[] =
    "Usage: ferry history [TEXT] [--peer NAME] [--type TYPE] [--since WHEN] [--sent|--received]\n"
    "                     [--failed] [--transfers] [--json] [--limit N]\n"
    "       ferry history --forget [the same filters | --all]\n"
    "       ferry history --clear\n"
    "\n"
    "Lists what this machine sent and received, newest first, one line per file: when, the\n"
    "peer, the size, where the file is now, and its virus scan verdict. A file no longer at\n"
    "that path says \"moved or deleted\". Transfers that did not finish (failed, cancelled,\n"
    "declined) are listed too, with why.\n"
    "\n"
    "  TEXT               part of a name (any 3 letters match anywhere), a peer or a snippet\n"
    "      --peer NAME    only transfers with this device (its name or key fingerprint)\n"
    "      --type TYPE    image, video, audio, document, archive, text (snippets), or .EXT\n"
    "      --since WHEN   7d, 12h, 30m, 2w (ago) or a date, 2026-11-01 (local time)\n"
    "      --sent         only what this machine sent\n"
    "      --received     only what it received\n"
    "      --failed       only transfers that failed, were cancelled or declined\n"
    "      --transfers    one line per transfer instead of per file\n"
    "      --json         one JSON object per line (README.md, \"History\", has the fields)\n"
    "      --limit N      at most N lines (default 100; 0: all)\n"
    "      --forget       remove every matching transfer from the history (files stay);\n"
    "                     with no filter it needs --all\n"
    "      --clear        remove the whole history\n"
    "  -h, --help         this help\n"
    "\n"
    "The history is history.db in Ferry's config folder. `history=off` in settings.txt\n"
    "stops recording.\n";

typedef struct hist_opts {
    fy_history_query q;
    char text[1024];
    int json, forget, all, clear, limit_set;
    int64_t limit;
} hist_opts;

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "ferry history: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'ferry history --help'.\n");
    return FY_EXIT_USAGE;
}

/* "7d" -> now - 7 days; "2026-11-01" -> that day's local midnight. */
static int parse_since(const char *s, int64_t now, int64_t *out)
{
    char *end;
    long long v;
    int y, mo, d;
    char extra;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &extra) == 3) {
        struct tm tm;
        time_t t;
        if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
            return -1;
        memset(&tm, 0, sizeof tm);
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_isdst = -1;
        if ((t = mktime(&tm)) == (time_t)-1)
            return -1;
        *out = (int64_t)t;
        return 0;
    }
    v = strtoll(s, &end, 10);
    if (end == s || v < 0 || v > 100000 || end[0] == 0 || end[1] != 0)
        return -1;
    switch (end[0]) {
    case 'm': *out = now - v * 60; return 0;
    case 'h': *out = now - v * 3600; return 0;
    case 'd': *out = now - v * 86400; return 0;
    case 'w': *out = now - v * 7 * 86400; return 0;
    default: return -1;
    }
}

static int parse_args(int argc, char **argv, hist_opts *o)
{
    size_t tlen = 0;
    memset(o, 0, sizeof *o);
    o->limit = DEFAULT_LIMIT;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        char opt[32];
        if (a[0] != '-' || !a[1]) { /* words of TEXT, joined by spaces */
            size_t n = strlen(a);
            if (tlen + n + 2 > sizeof o->text)
                return usage("search text too long%s", "");
            if (tlen)
                o->text[tlen++] = ' ';
            memcpy(o->text + tlen, a, n + 1);
            tlen += n;
            continue;
        }
        snprintf(opt, sizeof opt, "%.*s", eq ? (int)(eq - a) : (int)strlen(a), a);
        if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
            fputs(usage_history, stdout);
            return FY_EXIT_OK;
        }
        if (!strcmp(opt, "--sent") || !strcmp(opt, "--received")) {
            int d = opt[2] == 's' ? 2 : 1;
            if (o->q.direction && o->q.direction != d)
                return usage("--sent and --received exclude each other%s", "");
            o->q.direction = d;
            continue;
        }
        if (!strcmp(opt, "--failed")) { o->q.failed = 1; continue; }
        if (!strcmp(opt, "--transfers")) { o->q.transfers = 1; continue; }
        if (!strcmp(opt, "--json")) { o->json = 1; continue; }
        if (!strcmp(opt, "--forget")) { o->forget = 1; continue; }
        if (!strcmp(opt, "--all")) { o->all = 1; continue; }
        if (!strcmp(opt, "--clear")) { o->clear = 1; continue; }
        if (strcmp(opt, "--peer") && strcmp(opt, "--type") && strcmp(opt, "--since") && strcmp(opt, "--limit"))
            return usage("unknown option '%s'", a);
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else
            return usage("option '%s' needs a value", opt);
        if (!strcmp(opt, "--peer")) {
            o->q.peer = val;
        } else if (!strcmp(opt, "--type")) {
            if (!fy_history_type_valid(val))
                return usage("unknown type '%s' (image, video, audio, document, archive, text or .EXT)", val);
            o->q.type = val;
        } else if (!strcmp(opt, "--since")) {
            if (parse_since(val, fy_plat_wall_time(), &o->q.since) != 0)
                return usage("invalid time '%s' (examples: 7d, 12h, 2026-11-01)", val);
        } else {
            char *end;
            long long v = strtoll(val, &end, 10);
            if (!*val || *end || v < 0)
                return usage("invalid limit '%s' (a count; 0 for all)", val);
            o->limit = v;
            o->limit_set = 1;
        }
    }
    if (tlen)
        o->q.text = o->text;
    if (o->clear && (o->forget || o->q.text || o->q.peer || o->q.type || o->q.since || o->q.direction || o->q.failed))
        return usage("--clear removes everything: it takes no filter (use --forget)%s", "");
    if (o->all && !o->forget)
        return usage("--all goes with --forget%s", "");
    return -1;
}

/* ---- printing ---------------------------------------------------------------- */

static void print_time(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm *tm = localtime(&tt);
    if (!tm || !strftime(out, cap, "%Y-%m-%d %H:%M", tm))
        snprintf(out, cap, "%lld", (long long)t);
}

static void print_utc(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm *tm = gmtime(&tt);
    if (!tm || !strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", tm))
        snprintf(out, cap, "%lld", (long long)t);
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0. */
static int utf8_len(const unsigned char *s)
{
    int n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    uint32_t cp;
    if (n <= 1)
        return n;
    cp = s[0] & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and past U+10FFFF are not UTF-8. */
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* A JSON string: quotes, backslashes and control characters escaped;
 * valid UTF-8 passes as it is, any other byte (a Linux file name need not
 * be UTF-8) becomes U+FFFD, so every line stays valid JSON. */
static void json_str(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    putchar('"');
    while (*s) {
        unsigned char c = *s;
        int n = utf8_len(s);
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c < 0x20 || c == 0x7f)
            printf("\\u%04x", c);
        else if (n == 0)
            fputs("\\ufffd", stdout);
        else
            fwrite(s, 1, (size_t)n, stdout);
        s += n ? n : 1;
    }
    putchar('"');
}

/* A name list as shown: "a, b, c" (stored one per line). */
static void names_line(const char *names, char *out, size_t cap)
{
    char tmp[2048];
    size_t o = 0;
    for (const char *p = names; *p && o + 3 < sizeof tmp; p++) {
        if (*p == '\n') {
            tmp[o++] = ',';
            tmp[o++] = ' ';
        } else {
            tmp[o++] = *p;
        }
    }
    tmp[o] = 0;
    fy_names_for_display(tmp, out, cap);
}

static int path_exists(const char *path)
{
    fy_stat st;
    fy_err err;
    return path[0] && fy_plat_stat(path, &st, &err) == FY_OK && st.kind != FY_KIND_NONE;
}

typedef struct printer {
    const hist_opts *o;
    int64_t shown;
} printer;

static void json_row(const fy_history_row *r, int transfers)
{
    char t0[32], t1[32];
    print_utc(r->started, t0, sizeof t0);
    print_utc(r->ended, t1, sizeof t1);
    printf("{\"transfer\":%lld,", (long long)r->transfer_id);
    if (!transfers) {
        if (r->file_id)
            printf("\"file\":%lld,", (long long)r->file_id);
        else
            printf("\"file\":null,");
    }
    printf("\"started\":\"%s\",\"ended\":\"%s\",\"duration_ms\":%lld,\"direction\":\"%s\",\"kind\":\"%s\",", t0, t1,
           (long long)r->duration_ms, r->outgoing ? "sent" : "received",
           r->kind == FY_HISTORY_KIND_TEXT ? "text" : "files");
    fputs("\"peer\":", stdout);
    json_str(r->peer_name);
    fputs(",\"peer_key\":", stdout);
    json_str(r->peer_key);
    fputs(",\"address\":", stdout);
    json_str(r->address);
    printf(",\"result\":\"%s\",\"error\":", fy_history_result_word(r->result));
    json_str(r->error);
    if (transfers || !r->file_id) {
        fputs(",\"names\":[", stdout);
        for (const char *p = r->names; *p;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            char one[1024];
            snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), p);
            if (p != r->names)
                putchar(',');
            json_str(one);
            p += n + (nl != NULL);
        }
        printf("],\"files\":%u,\"bytes\":%llu,\"folder\":", r->files, (unsigned long long)r->bytes);
        json_str(r->folder);
        if (r->kind == FY_HISTORY_KIND_TEXT) {
            fputs(",\"text\":", stdout);
            json_str(r->text);
        }
    }
    if (!transfers && r->file_id) {
        fputs(",\"path\":", stdout);
        json_str(r->path);
        fputs(",\"name\":", stdout);
        json_str(r->rel);
        printf(",\"size\":%llu,\"xxh3\":\"%s\",\"scan\":\"%s\",\"scan_words\":", (unsigned long long)r->size, r->xxh3,
               fy_history_scan_word(r->scan));
        json_str(r->scan_words);
        printf(",\"exists\":%s", path_exists(r->path) ? "true" : "false");
    }
    fputs("}\n", stdout);
}

/* How a transfer ended, for a line: "" when done, else "failed: why". */
static void ending(const fy_history_row *r, char *out, size_t cap)
{
    char why[256];
    out[0] = 0;
    if (r->result == FY_HISTORY_DONE)
        return;
    fy_names_for_display(r->error, why, sizeof why);
    if (!why[0] || !strcmp(why, fy_history_result_word(r->result)))
        snprintf(out, cap, "%s", fy_history_result_word(r->result));
    else
        snprintf(out, cap, "%s: %s", fy_history_result_word(r->result), why);
}

static void text_line(const fy_history_row *r, const hist_opts *o)
{
    char when[32], peer[80], what[1200], size[32], end[300], status[600];
    int transfers = o->q.transfers;
    print_time(r->ended, when, sizeof when);
    fy_names_for_display(r->peer_name[0] ? r->peer_name : r->address, peer, sizeof peer);
    ending(r, end, sizeof end);
    if (r->kind == FY_HISTORY_KIND_TEXT) {
        char shown[80];
        fy_names_for_display(r->text, shown, sizeof shown);
        snprintf(what, sizeof what, "text \"%s\"", shown);
        fy_format_size(r->bytes, size, sizeof size);
        snprintf(status, sizeof status, "%s", end);
    } else if (transfers || !r->file_id) {
        char names[1000];
        names_line(r->names, names, sizeof names);
        fy_format_size(r->bytes, size, sizeof size);
        snprintf(what, sizeof what, "%u file%s: %s", r->files, r->files == 1 ? "" : "s", names);
        snprintf(status, sizeof status, "%s", end[0] ? end : "done");
    } else {
        char path[1100];
        fy_names_for_display(r->path, path, sizeof path);
        fy_format_size(r->size, size, sizeof size);
        snprintf(what, sizeof what, "%s%s", path, path_exists(r->path) ? "" : " (moved or deleted)");
        if (r->outgoing) {
            snprintf(status, sizeof status, "sent%s%s", end[0] ? "; " : "", end);
        } else {
            char words[300] = "";
            if (r->scan_words[0]) {
                char w[256];
                fy_names_for_display(r->scan_words, w, sizeof w);
                snprintf(words, sizeof words, " (%s)", w);
            }
            snprintf(status, sizeof status, "%s%s%s%s", fy_history_scan_word(r->scan), words, end[0] ? "; " : "",
                     end);
        }
    }
    printf("%s  %s %s  %s  %s%s%s\n", when, r->outgoing ? "to" : "from", peer, size, what, status[0] ? "  " : "",
           status);
}

static int on_row(void *ud, const fy_history_row *r)
{
    printer *p = ud;
    if (p->o->json)
        json_row(r, p->o->q.transfers);
    else
        text_line(r, p->o);
    p->shown++;
    return 0;
}

/* settings.txt says history=off. */
int fy_cli_history_off(const char *config_dir)
{
    char path[1200], *text = NULL;
    fy_file *f = NULL;
    fy_settings s;
    size_t len = 0, got;
    fy_err err;
    fy_settings_defaults(&s);
    if ((size_t)snprintf(path, sizeof path, "%s/settings.txt", config_dir) >= sizeof path ||
        fy_plat_open(path, FY_OPEN_READ, &f, &err) != FY_OK)
        return 0;
    if ((text = malloc(FY_SETTINGS_TEXT_MAX)) != NULL) {
        while (len < FY_SETTINGS_TEXT_MAX && fy_plat_read(f, text + len, FY_SETTINGS_TEXT_MAX - len, &got, &err) == FY_OK &&
               got > 0)
            len += got;
        fy_settings_parse(&s, text, len);
    }
    fy_plat_close(f, NULL);
    free(text);
    return s.no_history;
}

int fy_cli_history(int argc, char **argv)
{
    hist_opts o;
    char dir[1024];
    fy_history *h = NULL;
    fy_err err = {0};
    int status = FY_EXIT_OK, rc;

    if ((rc = parse_args(argc, argv, &o)) >= 0)
        return rc;
    if (fy_plat_config_dir(dir, sizeof dir, &err) != FY_OK || fy_history_open(dir, &h, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        return FY_EXIT_ERROR;
    }
    if (o.clear || (o.forget && o.all && !o.q.text && !o.q.peer && !o.q.type && !o.q.since && !o.q.direction &&
                    !o.q.failed)) {
        if (fy_history_clear(h, &err) != FY_OK)
            goto fail;
        printf("History cleared (the files themselves are untouched).\n");
    } else if (o.forget) {
        int64_t n;
        if (!o.all && !o.q.text && !o.q.peer && !o.q.type && !o.q.since && !o.q.direction && !o.q.failed) {
            fy_history_close(h);
            return usage("--forget with no filter would remove everything: add --all (or use --clear)%s", "");
        }
        if (fy_history_forget(h, &o.q, &n, &err) != FY_OK)
            goto fail;
        printf("Forgot %lld transfer%s (the files themselves are untouched).\n", (long long)n, n == 1 ? "" : "s");
    } else {
        printer p = {&o, 0};
        int64_t total = 0;
        o.q.limit = o.limit;
        if (fy_history_query_rows(h, &o.q, on_row, &p, &err) != FY_OK)
            goto fail;
        /* Said on stderr, so a script reading stdout sees only rows. */
        if (!o.limit_set && p.shown == o.limit && fy_history_count(h, &o.q, &total, &err) == FY_OK && total > p.shown)
            fprintf(stderr, "(%lld of %lld shown; --limit N for more, --limit 0 for all)\n", (long long)p.shown,
                    (long long)total);
        if (p.shown == 0 && !o.json)
            fprintf(stderr, "Nothing in the history matches.\n");
    }
    fy_history_close(h);
    return status;
fail:
    fprintf(stderr, "ferry: %s\n", err.msg);
    fy_history_close(h);
    return FY_EXIT_ERROR;
}
