/* fy_ui_model_text.c: text snippets in the window's model: the "Send
 * text" draft, and the last text received (its exact bytes, shown
 * escaped by fy_ui_screen_text.c, copied as they are). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_text.h"
#include "fy_ui_model.h"

void fy_ui_model_text_box(fy_ui_model *m, int open)
{
    m->text_box_open = open;
    if (open)
        m->notice[0] = '\0';
}

void fy_ui_model_send_text(fy_ui_model *m)
{
    char host[256];
    uint16_t port;
    size_t n = strlen(m->text_draft), bad;
    int near;
    if (n == 0) {
        fy_ui_model_notice(m, 1, "Type or paste the text to send first.");
        return;
    }
    if (n > FY_TEXT_BYTES_MAX) {
        fy_ui_model_notice(m, 1, "The text is over 64 KiB: send it as a file.");
        return;
    }
    if ((bad = fy_text_utf8_check((const uint8_t *)m->text_draft, n)) != n) {
        fy_ui_model_notice(m, 1, "The text is not valid UTF-8 (byte %zu).", bad);
        return;
    }
    if (!m->dest[0] || fy_ui_model_parse_dest(m->dest, host, sizeof host, &port) != 0) {
        fy_ui_model_notice(m, 1, "Pick a machine on the Send card or type its address first.");
        return;
    }
    m->text_box_open = 0;
    near = fy_ui_model_dest_nearby(m);
    fy_ui_model_push(m, FY_ACT_SEND_TEXT, 0, 0, near >= 0 ? m->nearby[near].addr : m->dest);
}

void fy_ui_model_take_text(fy_ui_model *m, fy_event *ev)
{
    if (ev->type != FY_EV_FINISHED || ev->outgoing || !ev->payload)
        return;
    free(m->text);
    m->text = ev->payload;
    m->text_len = ev->payload_len;
    ev->payload = NULL;
    ev->payload_len = 0;
    snprintf(m->text_from, sizeof m->text_from, "%s", ev->peer_name[0] ? ev->peer_name : ev->peer_addr);
    m->text_scroll = 0;
    m->text_copied = 0;
}

void fy_ui_model_copy_text(fy_ui_model *m)
{
    if (!m->text)
        return;
    fy_ui_model_push(m, FY_ACT_COPY_TEXT, 0, 0, NULL);
    m->text_copied = 1;
}

void fy_ui_model_dismiss_text(fy_ui_model *m)
{
    free(m->text);
    m->text = NULL;
    m->text_len = 0;
    m->text_copied = 0;
}
