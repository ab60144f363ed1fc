/* fy_settings.h: what the window remembers between runs, as plain text.
 *
 *   # Ferry settings
 *   device_name=desk
 *   receive_dir=/home/ana/Downloads/Ferry
 *   port=53317
 *   ui_scale=150                     (percent; absent: from the display)
 *   auto_accept_paired=1             (offers from paired machines: no question)
 *   history=off                      (record no transfers; default on)
 *   recent=192.168.1.20:53317        (one line each, newest first)
 *   scan=off                         (virus scanning; default on when a scanner is found)
 *   scan_command=clamscan --no-summary {}
 *   scan_timeout=120                 (seconds per file)
 *
 * Pure code: parse and format work on buffers. The window reads and writes
 * the file (atomically, via the platform layer). Unknown keys and lines
 * that do not parse are skipped, so an older Ferry reads a newer file. */
#ifndef FY_SETTINGS_H
#define FY_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#define FY_SETTINGS_RECENT_MAX 8      /* addresses remembered */
#define FY_SETTINGS_ADDR_MAX 256      /* "host:port", with its NUL */
#define FY_SETTINGS_TEXT_MAX 16384    /* a settings file longer is cut here */

typedef struct fy_settings {
    char device_name[64];        /* empty: this machine's host name */
    char receive_dir[1024];      /* empty: the platform's default */
    uint16_t port;               /* 0: FY_DEFAULT_PORT */
    int allow_unpaired;          /* the CLI's --allow-unpaired-mitm-risk */
    int no_discovery;            /* discovery=0: don't announce (the CLI's --no-discovery) */
    int ui_scale;                /* percent, 50..400; 0: from the display */
    int auto_accept_paired;      /* offers from machines paired with a code are accepted */
    int scan_off;                /* scan=off: received files are not scanned */
    char scan_command[1025];     /* empty: the scanner this machine has (fy_plat_find_scanner) */
    unsigned scan_timeout;       /* seconds; 0: FY_SCAN_TIMEOUT_S */
    int no_history;              /* history=off: record no transfer in history.db */
    int nrecent;
    char recent[FY_SETTINGS_RECENT_MAX][FY_SETTINGS_ADDR_MAX];
} fy_settings;

void fy_settings_defaults(fy_settings *s);
/* Reads key=value lines into s (which keeps its values for missing keys);
 * returns how many lines were skipped as invalid. */
int fy_settings_parse(fy_settings *s, const char *text, size_t len);
/* Writes s as text into out; returns the length, or 0 if cap is too small. */
size_t fy_settings_format(const fy_settings *s, char *out, size_t cap);
/* Puts addr first in the recent list (moving it if present, dropping the
 * oldest when full). Empty addresses and ones with line breaks are ignored. */
void fy_settings_add_recent(fy_settings *s, const char *addr);

#endif
