/* fy_settings.c: the settings file as text, both ways. */
#include "fy_settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fy_settings_defaults(fy_settings *s) { memset(s, 0, sizeof *s); }

/* Copies a value only when it fits: a cut path would point elsewhere. */
static int set_text(char *dst, size_t cap, const char *v, size_t n)
{
    if (n >= cap)
        return -1;
    memcpy(dst, v, n);
    dst[n] = '\0';
    return 0;
}

static int parse_line(fy_settings *s, const char *key, size_t klen, const char *v, size_t n)
{
#define KEY_IS(k) (klen == sizeof(k) - 1 && memcmp(key, k, klen) == 0)
    if (KEY_IS("device_name"))
        return set_text(s->device_name, sizeof s->device_name, v, n);
    if (KEY_IS("receive_dir"))
        return set_text(s->receive_dir, sizeof s->receive_dir, v, n);
    if (KEY_IS("port") || KEY_IS("allow_unpaired_mitm_risk") || KEY_IS("discovery") || KEY_IS("ui_scale") ||
        KEY_IS("auto_accept_paired")) {
        char num[8];
        char *end;
        long x;
        if (set_text(num, sizeof num, v, n) != 0 || !num[0])
            return -1;
        x = strtol(num, &end, 10);
        if (*end)
            return -1;
        if (KEY_IS("port")) {
            if (x < 1 || x > 65535)
                return -1;
            s->port = (uint16_t)x;
        } else if (KEY_IS("discovery")) {
            s->no_discovery = x == 0;
        } else if (KEY_IS("ui_scale")) {
            if (x != 0 && (x < 50 || x > 400))
                return -1;
            s->ui_scale = (int)x;
        } else if (KEY_IS("auto_accept_paired")) {
            s->auto_accept_paired = x != 0;
        } else {
            s->allow_unpaired = x != 0;
        }
        return 0;
    }
    if (KEY_IS("history")) {
        if ((n == 3 && !memcmp(v, "off", 3)) || (n == 1 && v[0] == '0'))
            s->no_history = 1;
        else if ((n == 2 && !memcmp(v, "on", 2)) || (n == 1 && v[0] == '1'))
            s->no_history = 0;
        else
            return -1;
        return 0;
    }
    if (KEY_IS("scan")) {
        if ((n == 3 && !memcmp(v, "off", 3)) || (n == 1 && v[0] == '0'))
            s->scan_off = 1;
        else if ((n == 2 && !memcmp(v, "on", 2)) || (n == 1 && v[0] == '1'))
            s->scan_off = 0;
        else
            return -1;
        return 0;
    }
    if (KEY_IS("scan_command"))
        return set_text(s->scan_command, sizeof s->scan_command, v, n);
    if (KEY_IS("scan_timeout")) {
        char num[12];
        char *end;
        long x;
        if (set_text(num, sizeof num, v, n) != 0 || !num[0])
            return -1;
        x = strtol(num, &end, 10);
        if (*end || x < 1 || x > 86400)
            return -1;
        s->scan_timeout = (unsigned)x;
        return 0;
    }
    if (KEY_IS("recent")) {
        if (n == 0 || n >= FY_SETTINGS_ADDR_MAX || s->nrecent >= FY_SETTINGS_RECENT_MAX)
            return -1;
        return set_text(s->recent[s->nrecent++], FY_SETTINGS_ADDR_MAX, v, n);
    }
    return 0; /* a key from a newer Ferry: not an error */
#undef KEY_IS
}

int fy_settings_parse(fy_settings *s, const char *text, size_t len)
{
    size_t i = 0;
    int bad = 0, seen_recent = 0;
    if (len > FY_SETTINGS_TEXT_MAX)
        len = FY_SETTINGS_TEXT_MAX;
    while (i < len) {
        size_t start = i, end, eq;
        while (i < len && text[i] != '\n')
            i++;
        end = i++;
        if (end > start && text[end - 1] == '\r') /* edited on Windows */
            end--;
        if (end == start || text[start] == '#')
            continue;
        for (eq = start; eq < end && text[eq] != '='; eq++)
            ;
        if (eq == end) {
            bad++;
            continue;
        }
        /* The file's recent list replaces the defaults', not appends. */
        if (!seen_recent && eq - start == 6 && memcmp(text + start, "recent", 6) == 0) {
            s->nrecent = 0;
            seen_recent = 1;
        }
        if (parse_line(s, text + start, eq - start, text + eq + 1, end - eq - 1) != 0)
            bad++;
    }
    return bad;
}

size_t fy_settings_format(const fy_settings *s, char *out, size_t cap)
{
    size_t len = 0;
    int n = snprintf(out, cap, "# Ferry settings: key=value, one a line.\n");
#define ADD(...)                                                          \
    do {                                                                  \
        if (n < 0 || (size_t)n >= cap - len)                              \
            return 0;                                                     \
        len += (size_t)n;                                                 \
        n = snprintf(out + len, cap - len, __VA_ARGS__);                  \
    } while (0)
    ADD("device_name=%s\n", s->device_name);
    ADD("receive_dir=%s\n", s->receive_dir);
    if (s->port)
        ADD("port=%u\n", (unsigned)s->port);
    if (s->allow_unpaired)
        ADD("allow_unpaired_mitm_risk=1\n");
    if (s->no_discovery)
        ADD("discovery=0\n");
    if (s->ui_scale)
        ADD("ui_scale=%d\n", s->ui_scale);
    if (s->auto_accept_paired)
        ADD("auto_accept_paired=1\n");
    if (s->scan_off)
        ADD("scan=off\n");
    if (s->scan_command[0])
        ADD("scan_command=%s\n", s->scan_command);
    if (s->scan_timeout)
        ADD("scan_timeout=%u\n", s->scan_timeout);
    if (s->no_history)
        ADD("history=off\n");
    for (int i = 0; i < s->nrecent && i < FY_SETTINGS_RECENT_MAX; i++)
        ADD("recent=%s\n", s->recent[i]);
    ADD("%s", "");
#undef ADD
    return len;
}

void fy_settings_add_recent(fy_settings *s, const char *addr)
{
    size_t n = strlen(addr);
    int at = -1;
    if (n == 0 || n >= FY_SETTINGS_ADDR_MAX || strpbrk(addr, "\r\n"))
        return;
    for (int i = 0; i < s->nrecent; i++)
        if (strcmp(s->recent[i], addr) == 0)
            at = i;
    if (at < 0)
        at = s->nrecent < FY_SETTINGS_RECENT_MAX ? s->nrecent++ : FY_SETTINGS_RECENT_MAX - 1;
    memmove(s->recent[1], s->recent[0], (size_t)at * FY_SETTINGS_ADDR_MAX);
    memcpy(s->recent[0], addr, n + 1);
}
