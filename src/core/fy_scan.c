/* fy_scan.c: scan_command into arguments, a scanner's run into a verdict. */
#include "fy_scan.h"

#include <stdio.h>
#include <string.h>

#include "fy_names.h"

const char *fy_scan_verdict_name(fy_scan_verdict v)
{
    return v == FY_SCAN_CLEAN ? "clean" : v == FY_SCAN_INFECTED ? "infected" : "not scanned";
}

static int lower_eq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
        if (c != b[i])
            return 0;
    }
    return 1;
}

/* Which exit statuses apply: by the program's last path component, with
 * or without ".exe", in any case (Windows). */
static fy_scanner_kind kind_of(const char *prog)
{
    const char *base = prog;
    size_t n;
    for (const char *p = prog; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    n = strlen(base);
    if (n > 4 && lower_eq(base + n - 4, 4, ".exe"))
        n -= 4;
    if (lower_eq(base, n, "clamscan") || lower_eq(base, n, "clamdscan"))
        return FY_SCANNER_CLAMAV;
    if (lower_eq(base, n, "mpcmdrun"))
        return FY_SCANNER_DEFENDER;
    return FY_SCANNER_OTHER;
}

fy_result fy_scan_parse_command(const char *cmd, fy_scan_cmd *out, fy_err *err)
{
    size_t o = 0;
    int has_path = 0;
    const char *p = cmd;

    memset(out, 0, sizeof *out);
    if (strlen(cmd) > FY_SCAN_COMMAND_MAX)
        return fy_fail(err, FY_ERR_USAGE, "scan_command is longer than %u bytes", FY_SCAN_COMMAND_MAX);
    for (;;) {
        char quote = 0;
        p += strspn(p, " \t");
        if (!*p)
            break;
        if (out->argc == FY_SCAN_ARGS_MAX - 1) /* room for an appended {} */
            return fy_fail(err, FY_ERR_USAGE, "scan_command has more than %d arguments", FY_SCAN_ARGS_MAX - 1);
        out->argv[out->argc++] = out->buf + o;
        while (*p && (quote || (*p != ' ' && *p != '\t'))) {
            if (!quote && (*p == '"' || *p == '\''))
                quote = *p;
            else if (quote && *p == quote)
                quote = 0;
            else
                out->buf[o++] = *p;
            p++;
        }
        if (quote)
            return fy_fail(err, FY_ERR_USAGE, "scan_command has an unclosed %c quote", quote);
        out->buf[o++] = '\0';
        if (strstr(out->argv[out->argc - 1], "{}"))
            has_path = 1;
    }
    if (out->argc == 0)
        return fy_fail(err, FY_ERR_USAGE, "scan_command is empty");
    if (!has_path) {
        out->argv[out->argc++] = out->buf + o;
        memcpy(out->buf + o, "{}", 3);
    }
    out->kind = kind_of(out->argv[0]);
    return FY_OK;
}

int fy_scan_argv(const fy_scan_cmd *c, const char *path, const char **argv, char *buf, size_t cap)
{
    size_t o = 0, pl = strlen(path);
    for (int i = 0; i < c->argc; i++) {
        const char *a = c->argv[i];
        argv[i] = buf + o;
        while (*a) {
            if (a[0] == '{' && a[1] == '}') {
                if (cap - o <= pl)
                    return -1;
                memcpy(buf + o, path, pl);
                o += pl;
                a += 2;
            } else {
                if (cap - o <= 1)
                    return -1;
                buf[o++] = *a++;
            }
        }
        if (cap - o < 1)
            return -1;
        buf[o++] = '\0';
    }
    argv[c->argc] = NULL;
    return c->argc;
}

/* Copies n bytes of s as one line for the user: trimmed, control bytes
 * shown as '?' (a scanner echoes the file's name, which the sender chose). */
static void put_words(char *out, size_t cap, const char *s, size_t n)
{
    char tmp[FY_SCAN_WORDS_MAX + 1];
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n > FY_SCAN_WORDS_MAX)
        n = FY_SCAN_WORDS_MAX;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    fy_names_for_display(tmp, out, cap);
}

/* Calls fn on each line of the output until it returns 1. */
static int each_line(const fy_run_outcome *o, int (*fn)(const char *l, size_t n, char *w, size_t cap), char *w,
                     size_t cap)
{
    const char *p = o->output, *end = o->output + o->output_len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), len = n;
        while (len && (p[len - 1] == '\r' || p[len - 1] == ' ')) /* Windows scanners end lines with CRLF */
            len--;
        if (fn(p, len, w, cap))
            return 1;
        p += n + 1;
    }
    return 0;
}

/* clamscan: "/path/file.part: Eicar-Test-Signature FOUND". The name is
 * between the last ": " and " FOUND" (the path may hold ": " too). */
static int clam_found(const char *l, size_t n, char *w, size_t cap)
{
    const char *colon = NULL;
    if (n < 7 || memcmp(l + n - 6, " FOUND", 6) != 0)
        return 0;
    for (size_t i = 0; i + 1 < n - 6; i++)
        if (l[i] == ':' && l[i + 1] == ' ')
            colon = l + i;
    if (!colon)
        return 0;
    put_words(w, cap, colon + 2, (size_t)(l + n - 6 - (colon + 2)));
    return w[0] != '\0';
}

/* MpCmdRun: "Threat                  : Virus:DOS/EICAR_Test_File". */
static int defender_threat(const char *l, size_t n, char *w, size_t cap)
{
    const char *colon = memchr(l, ':', n);
    if (n < 7 || memcmp(l, "Threat ", 7) != 0 || !colon)
        return 0;
    put_words(w, cap, colon + 1, (size_t)(l + n - colon - 1));
    return w[0] != '\0';
}

static int first_line(const char *l, size_t n, char *w, size_t cap)
{
    put_words(w, cap, l, n);
    return w[0] != '\0';
}

fy_scan_verdict fy_scan_judge(const fy_scan_cmd *c, const fy_run_outcome *o, unsigned timeout_ms, char *words,
                              size_t cap)
{
    long infected = c->kind == FY_SCANNER_DEFENDER ? 2 : 1;
    char line[FY_SCAN_WORDS_MAX + 1] = "";

    words[0] = '\0';
    switch (o->end) {
    case FY_RUN_NOT_FOUND:
        snprintf(words, cap, "the scanner \"%s\" was not found", c->argv[0]);
        return FY_SCAN_NOT_SCANNED;
    case FY_RUN_FAILED:
        snprintf(words, cap, "the scanner could not be started (%s)", o->why);
        return FY_SCAN_NOT_SCANNED;
    case FY_RUN_TIMED_OUT:
        snprintf(words, cap, "the scanner took longer than %u s (scan_timeout)", (timeout_ms + 999) / 1000);
        return FY_SCAN_NOT_SCANNED;
    case FY_RUN_STOPPED:
        snprintf(words, cap, "the transfer stopped before the scan ended");
        return FY_SCAN_NOT_SCANNED;
    case FY_RUN_SIGNALED:
        if (o->code > 255 || o->code < 0) /* a Windows exception: 0xC0000005 */
            snprintf(words, cap, "the scanner crashed (exception 0x%08lX)", (unsigned long)o->code & 0xFFFFFFFFul);
        else
            snprintf(words, cap, "the scanner crashed (signal %ld)", o->code);
        return FY_SCAN_NOT_SCANNED;
    case FY_RUN_EXITED:
        break;
    }
    if (o->code == 0)
        return FY_SCAN_CLEAN;
    if (o->code == infected) {
        if (!(c->kind == FY_SCANNER_DEFENDER && each_line(o, defender_threat, words, cap)) &&
            !each_line(o, clam_found, words, cap) && !each_line(o, first_line, words, cap))
            snprintf(words, cap, "infected (the scanner gave no name)");
        return FY_SCAN_INFECTED;
    }
    /* Windows crash statuses arrive as exit codes (0xC0000005). */
    if ((unsigned long)o->code >= 0xC0000000ul && (unsigned long)o->code <= 0xCFFFFFFFul) {
        snprintf(words, cap, "the scanner crashed (exception 0x%08lX)", (unsigned long)o->code);
        return FY_SCAN_NOT_SCANNED;
    }
    each_line(o, first_line, line, sizeof line);
    snprintf(words, cap, "the scanner failed (exit status %lu)%s%s", (unsigned long)o->code & 0xFFFFFFFFul,
             line[0] ? ": " : "", line);
    return FY_SCAN_NOT_SCANNED;
}
