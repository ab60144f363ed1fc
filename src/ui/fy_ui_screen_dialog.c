/* fy_ui_screen_dialog.c: the questions the window asks: an incoming offer
 * (nothing is written before Accept) and, on first contact, whether both
 * screens show the same pairing code. Also the layout of the whole window. */
#include <stdio.h>

#include "fy_ui_screens.h"
#include "fy_ui_words.h"

static SDL_Rect line(fy_ui_ctx *c, SDL_Rect *r, fy_ui_font f)
{
    return fy_ui_cut_top(r, fy_ui_font_h(c->d, f) + fy_ui_px(c->d, 4));
}

/* Two buttons on the right of the last line; returns 1 (yes), 0 (no), -1. */
static int yes_no(fy_ui_ctx *c, SDL_Rect r, const char *no, const char *yes, fy_xfer_id id)
{
    int ch = fy_ui_px(c->d, c->t->control_h), gap = fy_ui_px(c->d, c->t->gap);
    SDL_Rect row = fy_ui_cut_bottom(&r, ch);
    SDL_Rect y = fy_ui_cut_right(&row, fy_ui_button_w(c, yes) + 2 * gap), n;
    fy_ui_cut_right(&row, gap);
    n = fy_ui_cut_right(&row, fy_ui_button_w(c, no));
    if (fy_ui_button(c, n, no, FY_BTN_NORMAL, id) || c->key_esc)
        return 0;
    if (fy_ui_button(c, y, yes, FY_BTN_PRIMARY, id))
        return 1;
    return -1;
}

static void offer(fy_ui_ctx *c, fy_ui_model *m, fy_ui_xfer *x, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), nnames = 0, answer;
    char text[FY_UI_PATH_MAX + 16], size[64];
    SDL_Rect in;
    for (int i = 0; i < FY_OFFER_SHOW_NAMES && x->names[i][0]; i++)
        nnames++;
    in = fy_ui_dialog_begin(c, window,
                            fy_ui_font_h(c->d, FY_FONT_BIG) + (4 + nnames) * (fy_ui_font_h(c->d, FY_FONT_BODY) + 4) +
                                fy_ui_px(c->d, t->control_h) + 5 * gap + 2 * fy_ui_px(c->d, t->pad + 4));
    snprintf(text, sizeof text, "%s wants to send you files", x->peer[0] ? x->peer : "A machine");
    fy_ui_text_in(c->d, FY_FONT_BIG, text, line(c, &in, FY_FONT_BIG), t->text, FY_ALIGN_LEFT);
    snprintf(text, sizeof text, "from %s", x->addr);
    fy_ui_text_in(c->d, FY_FONT_BODY, text, line(c, &in, FY_FONT_BODY), t->text_dim, FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, gap);
    fy_ui_size_label(x->files_total, x->bytes_total, 0, size, sizeof size);
    fy_ui_text_in(c->d, FY_FONT_BOLD, size, line(c, &in, FY_FONT_BODY), t->text, FY_ALIGN_LEFT);
    for (int i = 0; i < nnames; i++) {
        SDL_Rect l = line(c, &in, FY_FONT_BODY);
        l.x += gap, l.w -= gap;
        fy_ui_text_in(c->d, FY_FONT_BODY, x->names[i], l, t->text, FY_ALIGN_LEFT);
    }
    fy_ui_cut_top(&in, gap);
    snprintf(text, sizeof text, "Saved in %s", m->receive_dir);
    fy_ui_text_in(c->d, FY_FONT_SMALL, text, line(c, &in, FY_FONT_BODY), t->text_dim, FY_ELIDE_START);
    if ((answer = yes_no(c, in, "Decline", "Accept", x->id)) >= 0)
        fy_ui_model_answer(m, x->id, answer);
    fy_ui_dialog_end(c);
}

static void pairing(fy_ui_ctx *c, fy_ui_model *m, fy_ui_xfer *x, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), answer;
    char text[200];
    SDL_Rect in = fy_ui_dialog_begin(c, window,
                                     2 * fy_ui_font_h(c->d, FY_FONT_BIG) + 4 * (fy_ui_font_h(c->d, FY_FONT_BODY) + 4) +
                                         fy_ui_px(c->d, t->control_h) + 6 * gap + 2 * fy_ui_px(c->d, t->pad + 4));
    snprintf(text, sizeof text, "First transfer with %s", x->peer[0] ? x->peer : x->addr);
    fy_ui_text_in(c->d, FY_FONT_BIG, text, line(c, &in, FY_FONT_BIG), t->text, FY_ALIGN_LEFT);
    fy_ui_text_in(c->d, FY_FONT_BODY, "Check that the other screen shows the same code:", line(c, &in, FY_FONT_BODY),
                  t->text, FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, gap);
    fy_ui_text_in(c->d, FY_FONT_BIG, x->code, line(c, &in, FY_FONT_BIG), t->accent, FY_ALIGN_CENTER);
    fy_ui_cut_top(&in, gap);
    snprintf(text, sizeof text, "Its key: %s", x->fingerprint);
    fy_ui_text_in(c->d, FY_FONT_SMALL, text, line(c, &in, FY_FONT_BODY), t->text_dim, FY_ALIGN_LEFT);
    fy_ui_text_in(c->d, FY_FONT_SMALL, "After this the two machines know each other.", line(c, &in, FY_FONT_BODY),
                  t->text_dim, FY_ALIGN_LEFT);
    if ((answer = yes_no(c, in, "Codes differ", "Codes match", x->id)) >= 0)
        fy_ui_model_answer(m, x->id, answer);
    fy_ui_dialog_end(c);
}

void fy_ui_screen_dialog(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    fy_ui_xfer *x = fy_ui_model_question(m);
    if (!x) {
        if (!m->doctor_open) /* one dialog at a time: a text waits for the report to close */
            fy_ui_screen_text_dialogs(c, m, window);
        return;
    }
    if (x->state == FY_XS_PAIRING)
        pairing(c, m, x, window);
    else if (x->is_text)
        fy_ui_screen_text_offer(c, m, x, window);
    else
        offer(c, m, x, window);
}

static void header(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    int pad = fy_ui_px(c->d, t->pad);
    SDL_Rect in = fy_ui_inset(r, 0), sep = r;
    char who[120];
    fy_ui_fill(c->d, r, t->card);
    sep.y = r.y + r.h - fy_ui_px(c->d, 1);
    sep.h = fy_ui_px(c->d, 1);
    fy_ui_fill(c->d, sep, t->border);
    in.x += pad, in.w -= 2 * pad;
    {
        SDL_Rect title = fy_ui_cut_left(&in, fy_ui_text_w(c->d, FY_FONT_BIG, "Ferry") + pad);
        fy_ui_text_in(c->d, FY_FONT_BIG, "Ferry", title, t->accent, FY_ALIGN_LEFT);
    }
    /* The two views: Send/Receive/Transfers, and History. */
    {
        int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap);
        SDL_Rect tabs = in, b;
        tabs.y = in.y + (in.h - ch) / 2;
        tabs.h = ch;
        b = fy_ui_cut_left(&tabs, fy_ui_button_w(c, "Transfers"));
        if (fy_ui_button(c, b, "Transfers", m->view == FY_UI_VIEW_MAIN ? FY_BTN_PRIMARY : FY_BTN_QUIET, 0x7a))
            m->view = FY_UI_VIEW_MAIN;
        fy_ui_cut_left(&tabs, gap / 2);
        b = fy_ui_cut_left(&tabs, fy_ui_button_w(c, "History"));
        if (fy_ui_button(c, b, "History", m->view == FY_UI_VIEW_HISTORY ? FY_BTN_PRIMARY : FY_BTN_QUIET, 0x7b))
            m->view = FY_UI_VIEW_HISTORY;
        fy_ui_cut_left(&in, b.x + b.w + 2 * gap - in.x);
    }
    {
        int ch = fy_ui_px(c->d, t->control_h);
        SDL_Rect b = fy_ui_cut_right(&in, fy_ui_button_w(c, "Settings"));
        if (fy_ui_button(c, fy_ui_center(b, b.w, ch), "Settings", FY_BTN_NORMAL, 0x5e7))
            fy_ui_model_settings_open(m);
        fy_ui_cut_right(&in, pad);
    }
    if (m->view == FY_UI_VIEW_MAIN)
        fy_ui_text_in(c->d, FY_FONT_BODY, "Files between your machines, verified.", in, t->text_dim, FY_ALIGN_LEFT);
    snprintf(who, sizeof who, "This machine: %s", m->device_name);
    fy_ui_text_in(c->d, FY_FONT_BODY, who, in, t->text_dim, FY_ALIGN_RIGHT);
}

void fy_ui_screen_all(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int pad = fy_ui_px(c->d, t->pad);
    SDL_Rect body = window, left, recv;
    int modal = fy_ui_screen_modal(m);
    fy_ui_fill(c->d, window, t->bg);
    header(c, m, fy_ui_cut_top(&body, fy_ui_px(c->d, t->header_h)));
    body = fy_ui_inset(body, pad);
    if (m->view == FY_UI_VIEW_HISTORY) {
        fy_ui_screen_history(c, m, body);
        fy_ui_screen_dialog(c, m, window);
        fy_ui_screen_doctor(c, m, window);
        return;
    }
    left = fy_ui_cut_left(&body, (body.w - pad) * 11 / 20);
    fy_ui_cut_left(&body, pad);
    fy_ui_screen_send(c, m, left);
    /* The Receive card is as tall as its lines; Transfers gets the rest. */
    int note = m->firewall_note[0] && m->listening
                   ? fy_ui_text_wrap(c->d, FY_FONT_SMALL, m->firewall_note, 0, 0, body.w - 2 * pad, t->danger, 0) *
                         fy_ui_font_h(c->d, FY_FONT_SMALL)
                   : 0;
    recv = fy_ui_cut_top(&body, fy_ui_font_h(c->d, FY_FONT_TITLE) +
                                    fy_ui_px(c->d, t->pad * 2 + t->gap + t->control_h * 2 + t->row_h * 3 + t->gap / 2) +
                                    (m->listen_error[0] && m->listen_wanted ? fy_ui_px(c->d, t->row_h) : 0) +
                                    note);
    fy_ui_screen_receive(c, m, recv);
    fy_ui_cut_top(&body, pad);
    fy_ui_screen_xfers(c, m, body);
    /* One dialog at a time: a question from another machine comes first,
     * then the network report, a text, and the Settings panels. */
    if (fy_ui_model_question(m)) {
        fy_ui_screen_dialog(c, m, window);
    } else {
        fy_ui_screen_doctor(c, m, window);
        if (!m->doctor_open && !fy_ui_screen_text_dialogs(c, m, window))
            fy_ui_screen_settings(c, m, window);
    }
    /* A dialog opened or closed in this frame: the next frame takes input
     * (and labels for the test script) the new way. */
    if (fy_ui_screen_modal(m) != modal)
        c->redraw = 1;
}
