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

/* Two buttons on the right of the last line; returns 1 (yes), 0 (no), -1.
 * Esc is no. */
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

/* A dialog that just opened puts the keyboard on its default button, with
 * the ring showing: Enter answers at once, Tab reaches the other. */
static void default_focus(fy_ui_ctx *c, fy_ui_model *m, uint32_t dialog, const char *label, fy_xfer_id id)
{
    if (m->dialog_shown != dialog) {
        m->dialog_shown = dialog;
        c->focus = fy_ui_id_of(label, id);
        c->redraw = 1;
    }
}

static void offer_row(fy_ui_ctx *c, const fy_offer_item *it, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    char size[32], info[80];
    SDL_Rect sz;
    fy_ui_format_size(it->bytes, size, sizeof size);
    if (it->is_dir)
        snprintf(info, sizeof info, "folder \xc2\xb7 %u file%s, %s", it->files, it->files == 1 ? "" : "s", size);
    else
        snprintf(info, sizeof info, "%s", size);
    r.x += fy_ui_px(c->d, t->gap), r.w -= fy_ui_px(c->d, t->gap);
    sz = fy_ui_cut_right(&r, fy_ui_text_w(c->d, FY_FONT_SMALL, info) + fy_ui_px(c->d, t->gap));
    fy_ui_text_in(c->d, FY_FONT_SMALL, info, sz, t->text_dim, FY_ALIGN_RIGHT);
    fy_ui_text_in(c->d, it->is_dir ? FY_FONT_BOLD : FY_FONT_BODY, it->name, r, t->text, FY_ALIGN_LEFT);
}

#define OFFER_ROWS 8 /* rows shown at once; more scroll */

static void offer(fy_ui_ctx *c, fy_ui_model *m, fy_ui_xfer *x, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), nnames = 0, answer, lh = fy_ui_font_h(c->d, FY_FONT_BODY) + 4;
    int rows, no_room = x->space_free != UINT64_MAX && x->bytes_total > x->space_free;
    char text[FY_UI_PATH_MAX + 200], size[64], fr[32];
    SDL_Rect in, list, row;
    for (int i = 0; i < FY_OFFER_SHOW_NAMES && x->names[i][0]; i++)
        nnames++;
    rows = SDL_min(OFFER_ROWS, x->noffer > 0 ? x->noffer : nnames);
    in = fy_ui_dialog_begin(c, window,
                            SDL_min(window.h - 2 * gap,
                                    fy_ui_font_h(c->d, FY_FONT_BIG) + (3 + rows + 2 * no_room) * lh +
                                        fy_ui_px(c->d, t->control_h) + 5 * gap + 2 * fy_ui_px(c->d, t->pad + 4)));
    default_focus(c, m, x->id * 2 + 1, no_room ? "Decline" : "Accept", x->id);
    snprintf(text, sizeof text, "%s wants to send you files", x->peer[0] ? x->peer : "A machine");
    fy_ui_text_in(c->d, FY_FONT_BIG, text, line(c, &in, FY_FONT_BIG), t->text, FY_ALIGN_LEFT);
    if (x->claims[0]) /* paired as peer; the name it sends now differs */
        snprintf(text, sizeof text, "from %s \xc2\xb7 calls itself \"%s\" now", x->addr, x->claims);
    else
        snprintf(text, sizeof text, "from %s", x->addr);
    fy_ui_text_in(c->d, FY_FONT_BODY, text, line(c, &in, FY_FONT_BODY), t->text_dim, FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, gap);
    fy_ui_size_label(x->files_total, x->bytes_total, 0, size, sizeof size);
    /* How many items, so a long list is known to be long before scrolling. */
    if (x->noffer > 1)
        snprintf(text, sizeof text, "%s in %d item%s", size, x->noffer, x->noffer == 1 ? "" : "s");
    else
        snprintf(text, sizeof text, "%s", size);
    fy_ui_text_in(c->d, FY_FONT_BOLD, text, line(c, &in, FY_FONT_BODY), t->text, FY_ALIGN_LEFT);
    list = fy_ui_cut_top(&in, rows * lh);
    if (x->noffer > 0) {
        int i;
        fy_ui_list_begin(c, &m->list_offer, list, x->noffer, lh, 0);
        while (fy_ui_list_row(c, &m->list_offer, &i, &row)) {
            fy_ui_label(c, x->offer[i].name, row);
            offer_row(c, &x->offer[i], row);
        }
        fy_ui_list_end(c, &m->list_offer);
    } else {
        for (int i = 0; i < nnames; i++) {
            SDL_Rect l = fy_ui_cut_top(&list, lh);
            l.x += gap, l.w -= gap;
            fy_ui_text_in(c->d, FY_FONT_BODY, x->names[i], l, t->text, FY_ALIGN_LEFT);
        }
    }
    fy_ui_cut_top(&in, gap);
    snprintf(text, sizeof text, "Saved in %s", m->receive_dir);
    fy_ui_text_in(c->d, FY_FONT_SMALL, text, line(c, &in, FY_FONT_BODY), t->text_dim, FY_ELIDE_START);
    if (no_room) {
        /* Said before Accept: accepting would fail at once (unless much of
         * it is already here from an earlier try, which resumes). */
        fy_ui_format_size(x->space_free, fr, sizeof fr);
        fy_ui_format_size(x->bytes_total, size, sizeof size);
        snprintf(text, sizeof text, "Not enough space: needs %s, %s free in %s. Free some space or change the "
                                    "folder first.", size, fr, m->receive_dir);
        fy_ui_text_wrap(c->d, FY_FONT_SMALL, text, in.x, in.y, in.w, t->danger, 1);
        fy_ui_cut_top(&in, 2 * lh);
    }
    if ((answer = yes_no(c, in, "Decline", "Accept", x->id)) >= 0)
        fy_ui_model_answer(m, x->id, answer);
    fy_ui_dialog_end(c);
}

/* Quit or close while transfers run: say what stops, keep running by
 * default. */
static void quit_dialog(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), n = fy_ui_model_running(m), answer;
    char text[160];
    SDL_Rect in = fy_ui_dialog_begin(c, window,
                                     fy_ui_font_h(c->d, FY_FONT_BIG) + 3 * (fy_ui_font_h(c->d, FY_FONT_BODY) + 4) +
                                         fy_ui_px(c->d, t->control_h) + 4 * gap + 2 * fy_ui_px(c->d, t->pad + 4));
    default_focus(c, m, 2, "Keep running", 0);
    snprintf(text, sizeof text, "%d transfer%s still running", n, n == 1 ? " is" : "s are");
    fy_ui_text_in(c->d, FY_FONT_BIG, text, line(c, &in, FY_FONT_BIG), t->text, FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, gap);
    fy_ui_text_wrap(c->d, FY_FONT_BODY,
                    n == 1 ? "Quitting stops it. What arrived is kept, and sending again resumes."
                           : "Quitting stops them. What arrived is kept, and sending again resumes.",
                    in.x, in.y, in.w, t->text_dim, 1);
    if ((answer = yes_no(c, in, "Keep running", "Quit", 0)) >= 0)
        fy_ui_model_quit_answer(m, answer);
    if (n == 0) /* they ended while the question was up */
        fy_ui_model_quit_answer(m, 1);
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
    if (m->ask_quit) {
        quit_dialog(c, m, window);
        return;
    }
    if (!x) {
        m->dialog_shown = 0;
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

/* One dialog at a time, over either view: a question from another machine
 * comes first, then the network report, a text, and the Settings panels.
 * Both views draw the same set: a panel opened from the header but drawn
 * only over Transfers left the History view blocked by a modal nobody
 * could see (every click ignored). */
static void dialogs(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    if (m->ask_quit || fy_ui_model_question(m)) { /* quit? first: it is the person's own question */
        fy_ui_screen_dialog(c, m, window);
    } else {
        fy_ui_screen_doctor(c, m, window);
        if (!m->doctor_open && !fy_ui_screen_text_dialogs(c, m, window))
            fy_ui_screen_settings(c, m, window);
    }
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
        dialogs(c, m, window);
        if (fy_ui_screen_modal(m) != modal)
            c->redraw = 1;
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
    dialogs(c, m, window);
    /* A dialog opened or closed in this frame: the next frame takes input
     * (and labels for the test script) the new way. */
    if (fy_ui_screen_modal(m) != modal)
        c->redraw = 1;
}
