/* fy_ui_screen_xfers.c: the Transfers card, newest first: a bar, bytes,
 * speed, time left, the current file, and Cancel / Open folder. */
#include <stdio.h>
#include <string.h>

#include "fy_ui_screens.h"
#include "fy_ui_words.h"

static void status_text(const fy_ui_xfer *x, char *out, size_t cap, SDL_Color *col, const fy_ui_theme *t)
{
    const char *who = x->peer[0] ? x->peer : x->addr;
    *col = t->text_dim;
    switch (x->state) {
    case FY_XS_PAIRING: snprintf(out, cap, "Comparing codes..."); break;
    case FY_XS_OFFERED: snprintf(out, cap, x->answered ? "Starting..." : "Waiting for your answer"); break;
    case FY_XS_WAITING:
        snprintf(out, cap, x->busy ? "%s is busy: waiting its turn" : "Waiting for %s to accept...", who);
        break;
    case FY_XS_RUNNING:
        snprintf(out, cap, "%.0f%%", x->bytes_total ? 100.0 * (double)x->bytes_done / (double)x->bytes_total : 0.0);
        *col = t->text;
        break;
    case FY_XS_DONE:
        snprintf(out, cap, "\xe2\x9c\x93 Verified");
        *col = t->success;
        break;
    case FY_XS_FAILED:
        snprintf(out, cap, x->result == FY_ERR_CANCELLED  ? "Cancelled"
                           : x->result == FY_ERR_DECLINED ? "Declined"
                           : x->result == FY_ERR_INFECTED ? "Virus found"
                                                          : "Failed");
        *col = t->danger;
        break;
    }
}

/* Line three: counters while running, the outcome afterwards. */
static void detail_text(const fy_ui_xfer *x, char *out, size_t cap)
{
    char done[32], total[32], rate[32], eta[48];
    fy_ui_format_size(x->bytes_done, done, sizeof done);
    fy_ui_format_size(x->bytes_total, total, sizeof total);
    /* Nobody was asked: say why, on the transfer's own row. */
    if (x->auto_accepted && x->state != FY_XS_FAILED) {
        int n = snprintf(out, cap, "Accepted automatically (paired) \xc2\xb7 ");
        if (n > 0 && (size_t)n < cap)
            out += n, cap -= (size_t)n;
    }
    if (x->state == FY_XS_FAILED || (x->state == FY_XS_WAITING && x->busy)) {
        snprintf(out, cap, "%s", x->error);
    } else if (x->is_text) {
        snprintf(out, cap, "text, %s", total);
    } else if (x->state == FY_XS_DONE) {
        fy_ui_format_size((uint64_t)x->rate, rate, sizeof rate);
        snprintf(out, cap, "%u file%s, %s in %.1f s (%s/s)", x->files_total, x->files_total == 1 ? "" : "s", total,
                 x->elapsed, rate);
    } else if (x->state == FY_XS_RUNNING) {
        fy_ui_format_size((uint64_t)x->rate, rate, sizeof rate);
        fy_ui_format_eta(x->rate > 1 ? (double)(x->bytes_total - x->bytes_done) / x->rate : -1, eta, sizeof eta);
        snprintf(out, cap, "%s of %s  \xc2\xb7  %s/s  \xc2\xb7  %s", done, total, rate, eta[0] ? eta : "estimating");
        if (x->files_to_scan > x->files_scanned) /* the scanner's turn: "scanning 3 of 40" */
            snprintf(out + strlen(out), cap - strlen(out), "  \xc2\xb7  scanning %u of %u", x->files_scanned + 1,
                     x->files_to_scan);
    } else {
        snprintf(out, cap, "%u file%s, %s", x->files_total, x->files_total == 1 ? "" : "s", total);
    }
}

static void xfer_row(fy_ui_ctx *c, fy_ui_model *m, fy_ui_xfer *x, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), ch = fy_ui_px(c->d, t->control_h);
    int lh = fy_ui_font_h(c->d, FY_FONT_BOLD), sh = fy_ui_font_h(c->d, FY_FONT_SMALL);
    SDL_Rect line1, bar, buttons, st;
    char title[160], status[96], detail[FY_EVENT_TEXT_MAX + 64];
    SDL_Color scol;
    const char *who = x->peer[0] ? x->peer : x->addr;

    /* Buttons on the right, full height; text on the left. */
    buttons = fy_ui_cut_right(&r, fy_ui_button_w(c, "Open folder"));
    fy_ui_cut_right(&r, gap);
    {
        SDL_Rect b = fy_ui_cut_top(&buttons, ch);
        if (x->state < FY_XS_DONE) {
            if (fy_ui_button(c, b, "Cancel", FY_BTN_DANGER, x->id))
                fy_ui_model_cancel(m, x->id);
        } else {
            if (!x->outgoing && x->state == FY_XS_DONE && fy_ui_button(c, b, "Open folder", FY_BTN_NORMAL, x->id))
                fy_ui_model_push(m, FY_ACT_OPEN_FOLDER, x->id, 0, x->folder[0] ? x->folder : m->receive_dir);
            if (x->outgoing && x->state == FY_XS_FAILED && fy_ui_button(c, b, "Why?", FY_BTN_NORMAL, x->id))
                fy_ui_model_doctor_open(m, x->addr); /* the network report on the way there */
            fy_ui_cut_top(&buttons, gap / 2);
            if (fy_ui_button(c, fy_ui_cut_top(&buttons, ch), "Dismiss", FY_BTN_QUIET, x->id))
                fy_ui_model_dismiss(m, x->id);
        }
    }
    line1 = fy_ui_cut_top(&r, lh);
    status_text(x, status, sizeof status, &scol, t);
    st = fy_ui_cut_right(&line1, fy_ui_text_w(c->d, FY_FONT_BOLD, status) + gap);
    fy_ui_text_in(c->d, FY_FONT_BOLD, status, st, scol, FY_ALIGN_RIGHT);
    snprintf(title, sizeof title, x->outgoing ? "\xe2\x86\x91 To %s" : "\xe2\x86\x93 From %s", who);

    fy_ui_text_in(c->d, FY_FONT_BOLD, title, line1, t->text, FY_ALIGN_LEFT);
    fy_ui_cut_top(&r, gap / 2);
    bar = fy_ui_cut_top(&r, fy_ui_px(c->d, t->bar_h));
    fy_ui_progress(c, bar, x->bytes_total ? (double)x->bytes_done / (double)x->bytes_total : x->state == FY_XS_DONE,
                   x->state == FY_XS_FAILED ? t->danger : x->state == FY_XS_DONE ? t->success : t->accent);
    fy_ui_cut_top(&r, gap / 2);
    detail_text(x, detail, sizeof detail);
    fy_ui_text_in(c->d, FY_FONT_SMALL, detail, fy_ui_cut_top(&r, sh), x->state == FY_XS_FAILED ? t->danger : t->text_dim,
                  FY_ALIGN_LEFT);
    /* The scanner's line takes the last one's place: red for a virus. */
    if (x->scan_note[0] && (x->state >= FY_XS_DONE || x->scan_infected))
        fy_ui_text_in(c->d, FY_FONT_SMALL, x->scan_note, fy_ui_cut_top(&r, sh), x->scan_infected ? t->danger : t->text,
                      FY_ALIGN_LEFT);
    else if (x->state == FY_XS_RUNNING && x->current[0])
        fy_ui_text_in(c->d, FY_FONT_SMALL, x->current, fy_ui_cut_top(&r, sh), t->text_dim, FY_ELIDE_START);
    else if (x->state == FY_XS_DONE && !x->outgoing && x->folder[0])
        fy_ui_text_in(c->d, FY_FONT_SMALL, x->folder, fy_ui_cut_top(&r, sh), t->text_dim, FY_ELIDE_START);
}

void fy_ui_screen_xfers(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    SDL_Rect in = fy_ui_card(c, r, "Transfers");
    int xh = fy_ui_px(c->d, t->xfer_h), gap = fy_ui_px(c->d, t->gap);
    if (m->nxfers == 0) {
        fy_ui_text_in(c->d, FY_FONT_BODY, "Nothing yet. Sends and receives show up here.",
                      fy_ui_cut_top(&in, fy_ui_px(c->d, t->row_h)), t->text_dim, FY_ALIGN_LEFT);
        return;
    }
    for (int i = m->nxfers - 1; i >= 0 && in.h >= xh; i--) {
        xfer_row(c, m, &m->xfers[i], fy_ui_cut_top(&in, xh - gap));
        if (i > 0 && in.h >= xh) {
            SDL_Rect sep = fy_ui_cut_top(&in, gap);
            sep.y += gap / 2;
            sep.h = fy_ui_px(c->d, 1);
            fy_ui_fill(c->d, sep, t->border);
        }
    }
}
