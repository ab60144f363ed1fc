/* fy_ui_screen_text.c: text snippets in the window: the "Send text"
 * dialog (a multi-line box: type, paste, Enter for a new line), an offer
 * of text ("Text from X: first line"), and a received text with Copy and
 * Dismiss. Everything shown of a text goes through fy_text_escape: a text
 * comes from another machine, and control characters, escape sequences
 * and bidi overrides are shown, not obeyed. Copy puts the exact bytes on
 * the clipboard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_text.h"
#include "fy_ui_screens.h"
#include "fy_ui_words.h"

/* A text laid out in lines: escaped once, broken at its newlines and
 * wherever a line would pass the width. Kept between frames (a 64 KiB
 * text is not measured again every frame), one per use. */
typedef struct layout {
    const void *src;   /* what it was made from, to notice a change */
    size_t src_len;
    int w;
    char *esc;         /* the escaped text, lines cut by NULs */
    int *start;        /* offset of each line in esc */
    int n, cap;
} layout;

static void layout_free(layout *l)
{
    free(l->esc);
    free(l->start);
    memset(l, 0, sizeof *l);
}

static int add_line(layout *l, int at)
{
    if (l->n == l->cap) {
        int ncap = l->cap ? 2 * l->cap : 64, *ns = realloc(l->start, (size_t)ncap * sizeof *ns);
        if (!ns)
            return -1;
        l->start = ns;
        l->cap = ncap;
    }
    l->start[l->n++] = at;
    return 0;
}

/* Width of one character: ASCII from a table made per layout. */
static int char_w(fy_ui_draw *d, const char *s, int len, const int *ascii)
{
    char one[8];
    if (len == 1 && (unsigned char)s[0] < 128)
        return ascii[(unsigned char)s[0]];
    memcpy(one, s, (size_t)len);
    one[len] = '\0';
    return fy_ui_text_w(d, FY_FONT_BODY, one);
}

static int utf8_len(unsigned char c) { return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }

static void layout_make(fy_ui_draw *d, layout *l, const void *src, size_t len, int w)
{
    size_t need;
    int ascii[128], x = 0;
    char *out;
    if (l->esc && l->src == src && l->src_len == len && l->w == w)
        return;
    layout_free(l);
    need = fy_text_escape(src, len, 1, NULL, 0);
    /* A break may add a NUL per character at most: room for both. */
    if (!(l->esc = malloc(2 * need + 2)) || !(out = malloc(need + 1))) {
        layout_free(l);
        return;
    }
    (void)fy_text_escape(src, len, 1, out, need + 1);
    for (int i = 0; i < 128; i++) {
        char one[2] = {(char)(i >= 32 && i < 127 ? i : '?'), 0};
        ascii[i] = fy_ui_text_w(d, FY_FONT_BODY, one);
    }
    l->src = src;
    l->src_len = len;
    l->w = w;
    {
        size_t o = 0;
        if (add_line(l, 0) < 0)
            goto fail;
        for (size_t i = 0; i < need;) {
            int cl = utf8_len((unsigned char)out[i]), cw;
            if (out[i] == '\n') {
                l->esc[o++] = '\0';
                if (add_line(l, (int)o) < 0)
                    goto fail;
                x = 0;
                i++;
                continue;
            }
            if (out[i] == '\t') { /* a tab as four spaces' room, drawn as spaces */
                memcpy(l->esc + o, " ", 1);
                cw = ascii[' '];
                o++, i++;
                x += cw;
                continue;
            }
            cw = char_w(d, out + i, cl, ascii);
            if (x + cw > w && o > (size_t)l->start[l->n - 1]) {
                l->esc[o++] = '\0';
                if (add_line(l, (int)o) < 0)
                    goto fail;
                x = 0;
            }
            memcpy(l->esc + o, out + i, (size_t)cl);
            o += (size_t)cl;
            i += (size_t)cl;
            x += cw;
        }
        l->esc[o] = '\0';
    }
    free(out);
    return;
fail:
    free(out);
    layout_free(l);
}

/* Lines first .. first+rows of l in r; returns how many lines there are. */
static void layout_draw(fy_ui_ctx *c, const layout *l, SDL_Rect r, int first)
{
    int lh = fy_ui_font_h(c->d, FY_FONT_BODY);
    for (int i = first; i < l->n && (i - first + 1) * lh <= r.h; i++)
        fy_ui_text_in(c->d, FY_FONT_BODY, l->esc + l->start[i], (SDL_Rect){r.x, r.y + (i - first) * lh, r.w, lh},
                      c->t->text, FY_ALIGN_LEFT);
}

static SDL_Rect text_line(fy_ui_ctx *c, SDL_Rect *r, fy_ui_font f)
{
    return fy_ui_cut_top(r, fy_ui_font_h(c->d, f) + fy_ui_px(c->d, 4));
}

/* Two buttons on the right of r's last line: 1 for yes, 0 for no, -1. */
static int buttons(fy_ui_ctx *c, SDL_Rect *r, const char *no, const char *yes, uint32_t salt)
{
    int ch = fy_ui_px(c->d, c->t->control_h), gap = fy_ui_px(c->d, c->t->gap);
    SDL_Rect row = fy_ui_cut_bottom(r, ch);
    SDL_Rect y = fy_ui_cut_right(&row, fy_ui_button_w(c, yes) + 2 * gap), n;
    fy_ui_cut_right(&row, gap);
    n = fy_ui_cut_right(&row, fy_ui_button_w(c, no));
    fy_ui_cut_bottom(r, gap);
    if (fy_ui_button(c, n, no, FY_BTN_NORMAL, salt) || c->key_esc)
        return 0;
    if (fy_ui_button(c, y, yes, FY_BTN_PRIMARY, salt))
        return 1;
    return -1;
}

/* The box being typed in: everything typed, pasted or Entered goes to
 * the end (no caret to move: it is a note to send, not an editor). */
static void draft_input(fy_ui_ctx *c, fy_ui_model *m)
{
    char *b = m->text_draft;
    size_t n = strlen(b), add = strlen(c->text_in);
    if (add && n + add <= FY_TEXT_BYTES_MAX)
        memcpy(b + n, c->text_in, add + 1), n += add;
    if (c->key_enter && n + 1 <= FY_TEXT_BYTES_MAX)
        b[n++] = '\n', b[n] = '\0';
    if (c->key_backspace && n > 0) {
        do
            n--;
        while (n > 0 && ((unsigned char)b[n] & 0xC0) == 0x80);
        b[n] = '\0';
    }
    if (c->key_paste) {
        char *clip = SDL_GetClipboardText();
        size_t full = clip ? strlen(clip) : 0, cl = full;
        if (cl > FY_TEXT_BYTES_MAX - n) {
            fy_ui_model_notice(m, 1, "Pasted text cut at 64 KiB: send longer ones as a file.");
            cl = FY_TEXT_BYTES_MAX - n;
            while (cl > 0 && ((unsigned char)clip[cl] & 0xC0) == 0x80)
                cl--; /* not inside a character */
        }
        if (cl)
            memcpy(b + n, clip, cl);
        b[n + cl] = '\0';
        SDL_free(clip);
    }
}

static void send_box(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    static layout l;
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), lh = fy_ui_font_h(c->d, FY_FONT_BODY), rows = 8, first, answer;
    char title[320], count[64];
    SDL_Rect in, box, area;
    in = fy_ui_dialog_begin(c, window,
                            fy_ui_font_h(c->d, FY_FONT_BIG) + 3 * (fy_ui_font_h(c->d, FY_FONT_BODY) + 4) +
                                rows * lh + fy_ui_px(c->d, t->control_h) + 6 * gap + 2 * fy_ui_px(c->d, t->pad + 4));
    snprintf(title, sizeof title, "Send text to %s", m->dest[0] ? m->dest : "\xe2\x80\xa6");
    fy_ui_text_in(c->d, FY_FONT_BIG, title, text_line(c, &in, FY_FONT_BIG), t->text, FY_ALIGN_LEFT);
    fy_ui_text_in(c->d, FY_FONT_SMALL, "Type or paste (Ctrl+V). Enter starts a new line.", text_line(c, &in, FY_FONT_BODY),
                  t->text_dim, FY_ALIGN_LEFT);
    draft_input(c, m);
    answer = buttons(c, &in, "Cancel", "Send text", 0x7e);
    {
        SDL_Rect info = fy_ui_cut_bottom(&in, lh + 4);
        snprintf(count, sizeof count, "%zu of 65536 bytes", strlen(m->text_draft));
        fy_ui_text_in(c->d, FY_FONT_SMALL, m->notice[0] ? m->notice : count, info,
                      m->notice_is_error && m->notice[0] ? t->danger : t->text_dim, FY_ALIGN_LEFT);
    }
    box = fy_ui_cut_top(&in, rows * lh + gap);
    fy_ui_box(c->d, box, fy_ui_px(c->d, t->radius), t->card, t->accent);
    area = fy_ui_inset(box, gap / 2);
    layout_make(c->d, &l, m->text_draft, strlen(m->text_draft), area.w - fy_ui_px(c->d, 2));
    first = l.n > area.h / lh ? l.n - area.h / lh : 0; /* the end, where typing goes */
    if (l.esc)
        layout_draw(c, &l, area, first);
    if (!m->text_draft[0])
        fy_ui_text_in(c->d, FY_FONT_BODY, "A link, a command, a note\xe2\x80\xa6", (SDL_Rect){area.x, area.y, area.w, lh},
                      t->text_dim, FY_ALIGN_LEFT);
    if (answer == 1)
        fy_ui_model_send_text(m);
    else if (answer == 0)
        fy_ui_model_text_box(m, 0);
    if (answer >= 0)
        c->redraw = 1; /* the dialog may be gone: draw what is under it */
    fy_ui_dialog_end(c);
}

static void received(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    static layout l;
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), lh = fy_ui_font_h(c->d, FY_FONT_BODY), rows = 10, fit, answer;
    char title[160], info[96];
    SDL_Rect in, box, area;
    in = fy_ui_dialog_begin(c, window,
                            fy_ui_font_h(c->d, FY_FONT_BIG) + 2 * (fy_ui_font_h(c->d, FY_FONT_BODY) + 4) + rows * lh +
                                fy_ui_px(c->d, t->control_h) + 6 * gap + 2 * fy_ui_px(c->d, t->pad + 4));
    snprintf(title, sizeof title, "Text from %s", m->text_from);
    fy_ui_text_in(c->d, FY_FONT_BIG, title, text_line(c, &in, FY_FONT_BIG), t->text, FY_ALIGN_LEFT);
    answer = buttons(c, &in, "Dismiss", "Copy", 0x7f);
    snprintf(info, sizeof info, "%zu bytes, verified.%s", m->text_len,
             m->text_copied ? " Copied to the clipboard." : " Control characters are shown as \\e, \\xNN.");
    fy_ui_text_in(c->d, FY_FONT_SMALL, info, fy_ui_cut_bottom(&in, lh + 4), m->text_copied ? t->success : t->text_dim,
                  FY_ALIGN_LEFT);
    box = fy_ui_cut_top(&in, rows * lh + gap);
    fy_ui_box(c->d, box, fy_ui_px(c->d, t->radius), t->bg, t->border);
    area = fy_ui_inset(box, gap / 2);
    layout_make(c->d, &l, m->text, m->text_len, area.w - fy_ui_px(c->d, 2));
    fit = area.h / lh;
    /* Long texts scroll: wheel, PgUp and PgDn. */
    m->text_scroll -= 3 * c->wheel;
    m->text_scroll += (c->key_pgdn - c->key_pgup) * (fit > 1 ? fit - 1 : 1);
    if (m->text_scroll > l.n - fit)
        m->text_scroll = l.n - fit;
    if (m->text_scroll < 0)
        m->text_scroll = 0;
    if (l.esc)
        layout_draw(c, &l, area, m->text_scroll);
    if (l.n > fit) {
        SDL_Rect bar = {box.x + box.w - fy_ui_px(c->d, 4), box.y + box.h * m->text_scroll / l.n, fy_ui_px(c->d, 3),
                        SDL_max(box.h * fit / l.n, fy_ui_px(c->d, 8))};
        fy_ui_fill(c->d, bar, t->text_dim);
    }
    if (answer == 1)
        fy_ui_model_copy_text(m);
    else if (answer == 0) {
        fy_ui_model_dismiss_text(m);
        layout_free(&l);
    }
    if (answer >= 0)
        c->redraw = 1; /* the dialog may be gone: draw what is under it */
    fy_ui_dialog_end(c);
}

int fy_ui_screen_text_dialogs(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    if (m->text) {
        received(c, m, window);
        return 1;
    }
    if (m->text_box_open) {
        send_box(c, m, window);
        return 1;
    }
    return 0;
}

void fy_ui_screen_text_offer(fy_ui_ctx *c, fy_ui_model *m, fy_ui_xfer *x, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), answer;
    char text[FY_NAME_SHOW_MAX + 80];
    SDL_Rect in = fy_ui_dialog_begin(c, window,
                                     fy_ui_font_h(c->d, FY_FONT_BIG) + 3 * (fy_ui_font_h(c->d, FY_FONT_BODY) + 4) +
                                         fy_ui_px(c->d, t->control_h) + 5 * gap + 2 * fy_ui_px(c->d, t->pad + 4));
    snprintf(text, sizeof text, "Text from %s", x->peer[0] ? x->peer : "a machine");
    fy_ui_text_in(c->d, FY_FONT_BIG, text, text_line(c, &in, FY_FONT_BIG), t->text, FY_ALIGN_LEFT);
    snprintf(text, sizeof text, "%llu bytes, from %s", (unsigned long long)x->bytes_total, x->addr);
    fy_ui_text_in(c->d, FY_FONT_BODY, text, text_line(c, &in, FY_FONT_BODY), t->text_dim, FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, gap);
    /* names[0]: the first line, escaped by the engine already. */
    snprintf(text, sizeof text, "\xe2\x80\x9c%s\xe2\x80\x9d", x->names[0]);
    fy_ui_text_in(c->d, FY_FONT_BOLD, text, text_line(c, &in, FY_FONT_BODY), t->text, FY_ALIGN_LEFT);
    if ((answer = buttons(c, &in, "Decline", "Accept", x->id)) >= 0)
        fy_ui_model_answer(m, x->id, answer);
    fy_ui_dialog_end(c);
}
