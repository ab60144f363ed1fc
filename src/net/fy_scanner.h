/* fy_scanner.h: a thread that runs the virus scanner on received files,
 * one after another, while the transfer thread goes on receiving: file N
 * is scanned while file N+1 streams, so a transfer takes about as long as
 * the longer of the two, not their sum. */
#ifndef FY_SCANNER_H
#define FY_SCANNER_H

#include <stdint.h>

#include "core/fy_scan.h"

typedef struct fy_scanner fy_scanner;

/* What settings.txt in config_dir says, resolved for one transfer. */
typedef struct fy_scan_setup {
    enum { FY_SCAN_OFF, FY_SCAN_NONE_FOUND, FY_SCAN_ON, FY_SCAN_BAD_COMMAND } mode;
    fy_scan_cmd cmd;
    unsigned timeout_ms;
    char why[FY_ERRMSG_MAX]; /* NONE_FOUND, BAD_COMMAND: what the user reads */
} fy_scan_setup;

void fy_scan_setup_load(const char *config_dir, fy_scan_setup *out);

typedef struct fy_scan_done {
    uint32_t index;
    fy_scan_verdict verdict;
    char words[FY_SCAN_WORDS_MAX + 128];
} fy_scan_done;

fy_scanner *fy_scanner_new(const fy_scan_setup *setup);
/* Queues a file (path: absolute); -1 if out of memory. */
int fy_scanner_submit(fy_scanner *s, uint32_t index, const char *path);
/* Takes a verdict, waiting up to wait_ms; 1 if one was taken. */
int fy_scanner_take(fy_scanner *s, unsigned wait_ms, fy_scan_done *out);
/* Kills a scan under way, and waits for the thread. */
void fy_scanner_free(fy_scanner *s);

#endif
