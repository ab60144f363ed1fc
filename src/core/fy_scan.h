/* fy_scan.h: virus scanning of received files, the platform-free part.
 *
 * A scan_command ("clamscan --no-summary {}") is split into arguments
 * once; for each file, "{}" becomes the file's path (no shell ever sees
 * it). What the scanner then did (its exit status, a signal, a timeout,
 * its output) becomes one of three verdicts, with words for the user:
 *
 *   clean        exit status says so
 *   infected     the scanner's own words ("Eicar-Test-Signature")
 *   not scanned  why: no scanner, it failed, crashed, or took too long
 *
 * Exit statuses, by the program's name (README, "Virus scanning"):
 *   clamscan, clamdscan: 0 clean, 1 infected, 2 error
 *   MpCmdRun (Defender): 0 clean, 2 threat found, anything else error
 *   any other command:   0 clean, 1 infected, anything else error */
#ifndef FY_SCAN_H
#define FY_SCAN_H

#include <stddef.h>

#include "fy_result.h"
#include "platform/fy_platform.h"

#define FY_SCAN_COMMAND_MAX 1024 /* bytes of a scan_command setting */
#define FY_SCAN_ARGS_MAX 32      /* arguments of one */
#define FY_SCAN_WORDS_MAX 200    /* the scanner's words kept for the user */
#define FY_SCAN_TIMEOUT_S 120    /* default scan_timeout: clamscan loads its database each time (~10-30 s) */

/* Stable values: the transfer history stores them. */
typedef enum { FY_SCAN_NOT_SCANNED = 0, FY_SCAN_CLEAN = 1, FY_SCAN_INFECTED = 2 } fy_scan_verdict;
typedef enum { FY_SCANNER_OTHER = 0, FY_SCANNER_CLAMAV, FY_SCANNER_DEFENDER } fy_scanner_kind;

typedef struct fy_scan_cmd {
    int argc;
    const char *argv[FY_SCAN_ARGS_MAX + 1]; /* into buf; one holds "{}" at least */
    char buf[FY_SCAN_COMMAND_MAX + FY_SCAN_ARGS_MAX + 1];
    fy_scanner_kind kind;
} fy_scan_cmd;

/* Splits cmd at spaces and tabs; "double" or 'single' quotes keep spaces
 * in one argument (Windows paths: "C:\Program Files\..."), a backslash is
 * an ordinary character. Without any "{}", the path is the last argument. */
fy_result fy_scan_parse_command(const char *cmd, fy_scan_cmd *out, fy_err *err) FY_MUST_USE;
/* The arguments for one file: every "{}" replaced by path. argv gets
 * argc + 1 pointers (NULL last) into buf. Returns argc, or -1 if buf is
 * too small. */
int fy_scan_argv(const fy_scan_cmd *c, const char *path, const char **argv, char *buf, size_t cap);
/* The verdict on one run, words filled (always, "" only when clean). */
fy_scan_verdict fy_scan_judge(const fy_scan_cmd *c, const fy_run_outcome *o, unsigned timeout_ms, char *words,
                              size_t cap);
/* "clean", "infected", "not scanned". */
const char *fy_scan_verdict_name(fy_scan_verdict v);

#endif
