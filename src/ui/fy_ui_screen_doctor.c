/* fy_ui_screen_doctor.c: the network report over the window: one line per
 * check (ok / problem / unknown, what it means, the fix), then what the
 * receiver here refused or dropped lately. Opened by "Can't see a
 * machine?" beside the nearby list and by "Why?" on a failed send; the
 * check itself runs on an engine thread (fy_ui_model_doctor.c). */
#include <stdio.h>
#include <string.h>

#include "fy_ui_screens.h"

#define REPORT_W 860 /* points: the sentences are long, a narrow box makes them tall */

/* Draws wrapped text at the top of *r and takes its height; returns 0
 * (drawing nothing) when it does not fit. */
static int para(fy_ui_ctx *c, SDL_Rect *r, fy_ui_font f, const char *s, SDL_Color col)
{
    int lh = fy_ui_font_h(c->d, f), n = fy_ui_text_wrap(c->d, f, s, 0, 0, r->w, col, 0);
    if (n * lh > r->h)
        return 0;
    fy_ui_text_wrap(c->d, f, s, r->x, r->y, r->w, col, 1);
    fy_ui_cut_top(r, n * lh);
    return 1;
}

static SDL_Color status_colour(const fy_ui_theme *t, fy_doc_status s)
{
    return s == FY_DOC_OK ? t->success : s == FY_DOC_PROBLEM ? t->danger : t->text_dim;
}

static void lines(fy_ui_ctx *c, const fy_doc_report *rep, SDL_Rect *r)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), col = fy_ui_text_w(c->d, FY_FONT_BOLD, "unknown") + gap;
    char fix[FY_DOC_TEXT_MAX + 8], sum[96];
    int problems = fy_doctor_problems(rep);
    for (int i = 0; i < rep->n; i++) {
        const fy_doc_line *l = &rep->lines[i];
        SDL_Rect row = *r, word = fy_ui_cut_left(&row, col);
        int top = row.y;
        word.h = fy_ui_font_h(c->d, FY_FONT_BODY);
        if (!para(c, &row, FY_FONT_BODY, l->text, t->text))
            return;
        fy_ui_text_in(c->d, FY_FONT_BOLD, fy_doctor_status_word(l->status), word, status_colour(t, l->status),
                      FY_ALIGN_LEFT);
        if (l->fix[0]) {
            snprintf(fix, sizeof fix, "Fix: %s", l->fix);
            if (!para(c, &row, FY_FONT_SMALL, fix, t->text_dim))
                return;
        }
        fy_ui_cut_top(r, row.y - top + gap / 2);
    }
    if (rep->nreasons) {
        fy_ui_cut_top(r, gap / 2);
        if (!para(c, r, FY_FONT_BOLD, "Refused or dropped by this machine lately:", t->text))
            return;
        for (int i = 0; i < rep->nreasons; i++)
            if (!para(c, r, FY_FONT_SMALL, rep->reasons[i], t->text_dim))
                return;
    }
    fy_ui_cut_top(r, gap / 2);
    if (problems)
        snprintf(sum, sizeof sum, "%d problem%s found (checked in %.1f s).", problems, problems == 1 ? "" : "s",
                 rep->elapsed_ms / 1000.0);
    else
        snprintf(sum, sizeof sum, "All good (checked in %.1f s).", rep->elapsed_ms / 1000.0);
    para(c, r, FY_FONT_BOLD, sum, problems ? t->danger : t->success);
}

void fy_ui_screen_doctor(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int pad = fy_ui_px(c->d, t->pad), gap = fy_ui_px(c->d, t->gap), ch = fy_ui_px(c->d, t->control_h);
    int w = SDL_min(fy_ui_px(c->d, REPORT_W), window.w - 2 * pad);
    SDL_Rect box = fy_ui_center(window, w, window.h - 2 * pad), in, buttons, b;
    char title[FY_SETTINGS_ADDR_MAX + 48];

    if (!m->doctor_open || fy_ui_model_question(m))
        return;
    fy_ui_fill(c->d, window, t->overlay);
    fy_ui_box(c->d, box, fy_ui_px(c->d, t->radius * 2), t->card, t->border);
    c->in_dialog = 1;
    in = fy_ui_inset(box, pad + fy_ui_px(c->d, 4));
    if (m->doctor_target[0])
        snprintf(title, sizeof title, "Network check: the way to %s", m->doctor_target);
    else
        snprintf(title, sizeof title, "Network check: can't see a machine?");
    fy_ui_text_in(c->d, FY_FONT_BIG, title, fy_ui_cut_top(&in, fy_ui_font_h(c->d, FY_FONT_BIG)), t->text,
                  FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, gap);

    buttons = fy_ui_cut_bottom(&in, ch);
    fy_ui_cut_bottom(&in, gap);
    b = fy_ui_cut_right(&buttons, fy_ui_button_w(c, "Close") + 2 * gap);
    if (fy_ui_button(c, b, "Close", FY_BTN_PRIMARY, 0xd0c) || c->key_esc)
        fy_ui_model_doctor_close(m);
    fy_ui_cut_right(&buttons, gap);
    b = fy_ui_cut_right(&buttons, fy_ui_button_w(c, "Check again"));
    if (fy_ui_button_enabled(c, b, "Check again", FY_BTN_NORMAL, 0xd0c, !m->doctor_running))
        fy_ui_model_doctor_open(m, m->doctor_target);

    if (m->doctor_running)
        para(c, &in, FY_FONT_BODY, "Checking this machine and the network\xe2\x80\xa6 (about a second)", t->text_dim);
    else if (m->doctor_error[0])
        para(c, &in, FY_FONT_BODY, m->doctor_error, t->danger);
    else if (m->doctor)
        lines(c, m->doctor, &in);
    fy_ui_dialog_end(c);
}
