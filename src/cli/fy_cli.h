/* fy_cli.h: the terminal front end: `ferry send`, `ferry receive`. */
#ifndef FY_CLI_H
#define FY_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "core/fy_result.h"

/* Exit statuses (README.md, "Exit status"). */
enum {
    FY_EXIT_OK = 0,
    FY_EXIT_ERROR = 1,      /* anything not listed below */
    FY_EXIT_USAGE = 2,      /* bad command line */
    FY_EXIT_CONNECT = 3,    /* could not reach the receiver */
    FY_EXIT_DECLINED = 4,   /* the receiver said no */
    FY_EXIT_LOST = 5,       /* connection lost or peer went silent */
    FY_EXIT_PROTOCOL = 6,   /* the peer broke the protocol or reported an error */
    FY_EXIT_VERIFY = 7,     /* a checksum did not match */
    FY_EXIT_LOCAL_IO = 8,   /* a local file could not be read or written (disk full too) */
    FY_EXIT_CANCELLED = 9,  /* cancelled by either side */
    FY_EXIT_TRUST = 10,     /* not paired, pairing refused, or a changed key */
    FY_EXIT_BUSY = 11,      /* the receiver stayed busy, or is receiving these very files already */
    FY_EXIT_TAMPERED = 12,  /* data was altered on the way (a record failed authentication) */
    FY_EXIT_INFECTED = 13   /* the receiver's virus scanner rejected files (both sides) */
};

int fy_cli_exit_code(fy_result rc);
int fy_cli_main(int argc, char **argv);
int fy_cli_forget(int argc, char **argv); /* fy_cli_forget.c */
int fy_cli_peers(int argc, char **argv);  /* fy_cli_peers.c */
int fy_cli_history(int argc, char **argv); /* fy_cli_history.c */
/* 1 if <config_dir>/settings.txt says history=off. */
int fy_cli_history_off(const char *config_dir);
int fy_cli_doctor(int argc, char **argv); /* fy_cli_doctor.c */
/* Finds a machine called name by discovery: 1 found (host, tcp_port
 * set), 0 not found, -1 ambiguous (already reported). */
int fy_cli_resolve_name(const char *name, uint16_t port, char *host, size_t cap, uint16_t *tcp_port);
void fy_cli_usage(void);
/* 1 if argv[1...] are files and folders to open the window with (`ferry
 * FILE...`, what a desktop's "Open with Ferry" or a drop on the launcher
 * runs): no command or option, and the first one exists. Anything else
 * stays a command line, so a typo is still "unknown command". */
int fy_cli_wants_window(int argc, char **argv);

/* Progress line on stderr (a terminal only). */
typedef struct fy_event fy_event;
void fy_cli_progress_line(const fy_event *ev);
void fy_cli_progress_clear(void);

#endif
