/* fy_cli_text.h: text snippets in `ferry send --text` and `ferry receive`. */
#ifndef FY_CLI_TEXT_H
#define FY_CLI_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "fy_cli.h"

/* The text to send: arg itself, or standard input for "-" (at most
 * FY_TEXT_BYTES_MAX bytes). Returns -1 with *out (malloc'd) and *len set,
 * or an exit status after saying why on stderr (empty, over 64 KiB, not
 * UTF-8). */
int fy_cli_text_read(const char *arg, uint8_t **out, size_t *len);
/* An offer of text: who, how long, its first line (escaped already). */
void fy_cli_text_offer(const fy_event *ev);
/* A received text (FINISHED with a payload): escaped on stdout, or its
 * exact bytes when raw. */
void fy_cli_text_show(const fy_event *ev, int raw, int quiet);

#endif
