/* fy_cli_text.c: text snippets on the command line: reading the text to
 * send (an argument or stdin) and showing a received one. A received text
 * is the sender's bytes: on a terminal it is printed escaped
 * (fy_text_escape), so no escape sequence in it ever reaches the terminal;
 * --raw-text writes it exactly, and only to a file or pipe. */
#include "fy_cli_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_manifest.h"
#include "core/fy_text.h"
#include "net/fy_engine.h"
#include "platform/fy_platform.h"

int fy_cli_text_read(const char *arg, uint8_t **out, size_t *len)
{
    uint8_t *buf;
    size_t n = 0, bad;
    *out = NULL;
    *len = 0;
    if (strcmp(arg, "-") != 0) {
        n = strlen(arg);
        buf = malloc(n + 1);
        if (!buf)
            return FY_EXIT_ERROR;
        memcpy(buf, arg, n + 1);
    } else {
        /* One byte past the cap tells "too long" from "exactly 64 KiB"
         * without reading the rest of a huge stream. */
        fy_plat_stdio_binary();
        if (!(buf = malloc(FY_TEXT_BYTES_MAX + 1)))
            return FY_EXIT_ERROR;
        while (n < FY_TEXT_BYTES_MAX + 1) {
            size_t got = fread(buf + n, 1, FY_TEXT_BYTES_MAX + 1 - n, stdin);
            if (got == 0)
                break;
            n += got;
        }
        if (ferror(stdin)) {
            fprintf(stderr, "ferry send: could not read the text from standard input\n");
            free(buf);
            return FY_EXIT_LOCAL_IO;
        }
    }
    if (n == 0) {
        fprintf(stderr, "ferry send: nothing to send: the text is empty\n");
        free(buf);
        return FY_EXIT_USAGE;
    }
    if (n > FY_TEXT_BYTES_MAX) {
        fprintf(stderr, "ferry send: the text is over the limit of %u bytes (64 KiB); send it as a file\n",
                FY_TEXT_BYTES_MAX);
        free(buf);
        return FY_EXIT_USAGE;
    }
    if ((bad = fy_text_utf8_check(buf, n)) != n) {
        fprintf(stderr, "ferry send: the text is not valid UTF-8 (byte %zu); send it as a file\n", bad);
        free(buf);
        return FY_EXIT_USAGE;
    }
    *out = buf;
    *len = n;
    return -1;
}

void fy_cli_text_offer(const fy_event *ev)
{
    fprintf(stderr, "%s (%s) wants to send text, %llu byte%s:\n  %s\n",
            ev->peer_name[0] ? ev->peer_name : "A sender", ev->peer_addr, (unsigned long long)ev->bytes_total,
            ev->bytes_total == 1 ? "" : "s", ev->names[0]);
}

void fy_cli_text_show(const fy_event *ev, int raw, int quiet)
{
    const char *from = ev->peer_name[0] ? ev->peer_name : ev->peer_addr;
    char *shown;
    size_t need;
    if (!ev->payload) { /* the queue had no room for its bytes */
        fprintf(stderr, "ferry: text from %s not shown: %s\n", from, ev->text);
        return;
    }
    if (raw) {
        fy_plat_stdio_binary();
        fwrite(ev->payload, 1, ev->payload_len, stdout);
        fflush(stdout);
        if (!quiet)
            fprintf(stderr, "Received text (%zu bytes) from %s, verified; written as it is.\n", ev->payload_len,
                    from);
        return;
    }
    need = fy_text_escape(ev->payload, ev->payload_len, 1, NULL, 0);
    if (!(shown = malloc(need + 1))) {
        fprintf(stderr, "ferry: out of memory for a text of %zu bytes\n", ev->payload_len);
        return;
    }
    (void)fy_text_escape(ev->payload, ev->payload_len, 1, shown, need + 1);
    if (!quiet)
        fprintf(stderr, "Text from %s (%zu bytes, verified; control characters shown as \\e, \\xNN, \\uNNNN):\n",
                from, ev->payload_len);
    fputs(shown, stdout);
    if (need == 0 || shown[need - 1] != '\n')
        fputc('\n', stdout);
    fflush(stdout);
    free(shown);
}
