/* fy_ui_widgets.c: button, row, text input, progress bar, switch, dialog. */
#include "fy_ui_widgets.h"

#include <string.h>

void fy_ui_begin(fy_ui_ctx *c, int dialog_open)
{
    c->norder = 0;
    c->nlabels = 0;
    c->blocked = dialog_open;
    c->in_dialog = 0;
    c->hot = 0;
    c->redraw = 0;
    fy_ui_draw_frame_begin(c->d);
}

void fy_ui_end(fy_ui_ctx *c)
{
    int at = -1;
    for (int i = 0; i < c->norder; i++)
        if (c->order[i] == c->focus)
            at = i;
    if (at < 0)
        c->focus = 0; /* its widget is gone (a dialog closed) */
    if (c->key_tab && c->norder > 0) {
        if (at < 0)
            at = c->key_tab > 0 ? c->norder - 1 : 0;
        c->focus = c->order[(at + c->key_tab + c->norder) % c->norder];
        c->redraw = 1;
    }
    if (c->mouse_released)
        c->active = 0;
    c->mouse_pressed = c->mouse_released = 0;
    c->key_tab = c->key_enter = c->key_esc = c->key_backspace = c->key_paste = 0;
    c->key_nav = c->key_shift = c->key_select_all = c->key_copy = c->key_cut = 0;
    c->wheel = c->clicks = 0;
    c->clip_on = 0;
    c->text_in[0] = '\0';
    c->key_pgup = c->key_pgdn = 0;
}

fy_ui_id fy_ui_id_of(const char *label, uint32_t salt)
{
    uint32_t h = 2166136261u ^ salt;
    while (*label)
        h = (h ^ (uint8_t)*label++) * 16777619u;
    return h ? h : 1;
}

int fy_ui_find_label(const fy_ui_ctx *c, const char *label, SDL_Rect *r)
{
    for (int i = 0; i < c->nlabels; i++) {
        if (strcmp(c->labels[i].label, label) == 0) {
            *r = c->labels[i].r;
            return 1;
        }
    }
    return 0;
}

/* Labels are remembered where they can be clicked: a button half scrolled
 * out of a list is found by the part that shows, one fully out not at all. */
static void remember(fy_ui_ctx *c, const char *label, SDL_Rect r)
{
    if (c->clip_on && !SDL_IntersectRect(&r, &c->clip, &r))
        return;
    if (c->nlabels < FY_UI_LABELS_MAX && (!c->blocked || c->in_dialog)) {
        SDL_strlcpy(c->labels[c->nlabels].label, label, sizeof c->labels[0].label);
        c->labels[c->nlabels++].r = r;
    }
}

int fy_ui_takes_input(const fy_ui_ctx *c) { return !c->blocked || c->in_dialog; }

int fy_ui_mouse_in(const fy_ui_ctx *c, SDL_Rect r)
{
    SDL_Point p = {c->mx, c->my};
    if (c->clip_on && !SDL_PointInRect(&p, &c->clip))
        return 0;
    return fy_ui_takes_input(c) && SDL_PointInRect(&p, &r);
}

void fy_ui_focusable(fy_ui_ctx *c, fy_ui_id id)
{
    if (fy_ui_takes_input(c) && c->norder < FY_UI_FOCUS_MAX)
        c->order[c->norder++] = id;
}

/* Mouse down and up on the same widget is a click. A click changes the
 * model after parts of this frame were drawn from the old one, so it asks
 * for one more frame: without it the window showed "0 items" next to
 * "Send 29 files" until the mouse moved, and a second click "because
 * nothing happened" removed the next item. */
int fy_ui_clicked(fy_ui_ctx *c, fy_ui_id id, SDL_Rect r)
{
    int over = fy_ui_mouse_in(c, r);
    if (over)
        c->hot = id;
    if (over && c->mouse_pressed)
        c->active = id;
    if (over && c->mouse_released && c->active == id) {
        c->redraw = 1;
        return 1;
    }
    return 0;
}

/* Two points wide in the focus blue, with a white gap on coloured
 * buttons: the ring around the blue Send button was nearly invisible
 * (blue on blue). */
void fy_ui_focus_ring(fy_ui_ctx *c, SDL_Rect r, fy_ui_id id)
{
    if (c->focus == id && fy_ui_takes_input(c)) {
        int w = fy_ui_px(c->d, 2), g = fy_ui_px(c->d, 2);
        SDL_Rect o = {r.x - w - g, r.y - w - g, r.w + 2 * (w + g), r.h + 2 * (w + g)};
        SDL_Rect i = {r.x - g, r.y - g, r.w + 2 * g, r.h + 2 * g};
        fy_ui_round(c->d, o, fy_ui_px(c->d, c->t->radius) + w + g, c->t->focus);
        fy_ui_round(c->d, i, fy_ui_px(c->d, c->t->radius) + g, c->t->card);
    }
}

int fy_ui_button_w(fy_ui_ctx *c, const char *label)
{
    return fy_ui_text_w(c->d, FY_FONT_BOLD, label) + 2 * fy_ui_px(c->d, c->t->pad);
}

int fy_ui_button_enabled(fy_ui_ctx *c, SDL_Rect r, const char *label, fy_ui_btn_kind kind, uint32_t salt,
                         int enabled)
{
    const fy_ui_theme *t = c->t;
    fy_ui_id id = fy_ui_id_of(label, salt);
    int hit = 0, rad = fy_ui_px(c->d, t->radius);
    SDL_Color fill = t->card, border = t->border, text = t->text;

    if (enabled) {
        fy_ui_focusable(c, id);
        remember(c, label, r);
        hit = fy_ui_clicked(c, id, r) || (c->focus == id && c->key_enter && fy_ui_takes_input(c));
        if (hit)
            c->redraw = 1;
    }
    switch (kind) {
    case FY_BTN_PRIMARY:
        fill = border = c->hot == id ? t->accent_hover : t->accent;
        text = t->accent_text;
        break;
    case FY_BTN_DANGER:
        text = t->danger;
        /* fall through */
    case FY_BTN_NORMAL:
        if (c->hot == id)
            fill = t->hover;
        break;
    case FY_BTN_QUIET:
        fill = border = c->hot == id ? t->hover : t->card;
        text = t->accent;
        break;
    }
    if (!enabled) {
        fill = kind == FY_BTN_PRIMARY ? t->track : fill;
        border = kind == FY_BTN_PRIMARY ? t->track : border;
        text = t->text_dim;
    }
    fy_ui_focus_ring(c, r, id);
    fy_ui_box(c->d, r, rad, fill, border);
    fy_ui_text_in(c->d, FY_FONT_BOLD, label, r, text, FY_ALIGN_CENTER);
    return hit;
}

int fy_ui_button(fy_ui_ctx *c, SDL_Rect r, const char *label, fy_ui_btn_kind kind, uint32_t salt)
{
    return fy_ui_button_enabled(c, r, label, kind, salt, 1);
}

int fy_ui_row(fy_ui_ctx *c, SDL_Rect r, uint32_t id)
{
    int hit = fy_ui_clicked(c, id, r);
    if (c->hot == id)
        fy_ui_round(c->d, r, fy_ui_px(c->d, c->t->radius / 2), c->t->hover);
    return hit;
}

int fy_ui_choice(fy_ui_ctx *c, SDL_Rect r, const char *label, uint32_t salt, int selected)
{
    const fy_ui_theme *t = c->t;
    fy_ui_id id = fy_ui_id_of(label, salt);
    int hit;
    fy_ui_focusable(c, id);
    remember(c, label, r);
    hit = fy_ui_clicked(c, id, r) || (c->focus == id && c->key_enter && fy_ui_takes_input(c));
    fy_ui_focus_ring(c, r, id);
    if (selected)
        fy_ui_box(c->d, r, fy_ui_px(c->d, t->radius), t->accent_soft, t->accent);
    else
        fy_ui_box(c->d, r, fy_ui_px(c->d, t->radius), c->hot == id ? t->hover : t->card, t->border);
    return hit;
}

/* Removes the last UTF-8 character. */
static void backspace(char *buf)
{
    size_t n = strlen(buf);
    while (n > 0 && ((uint8_t)buf[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0)
        n--;
    buf[n] = '\0';
}

int fy_ui_input(fy_ui_ctx *c, SDL_Rect r, const char *label, char *buf, size_t cap, const char *placeholder)
{
    const fy_ui_theme *t = c->t;
    fy_ui_id id = fy_ui_id_of(label, 0x1f);
    int pad = fy_ui_px(c->d, t->gap), enter = 0;
    SDL_Rect in = fy_ui_inset(r, 0);

    fy_ui_focusable(c, id);
    remember(c, label, r);
    if (fy_ui_clicked(c, id, r) || (fy_ui_mouse_in(c, r) && c->mouse_pressed))
        c->focus = id;
    if (c->focus == id && fy_ui_takes_input(c)) {
        size_t n = strlen(buf), add = strlen(c->text_in);
        if (add && n + add < cap)
            memcpy(buf + n, c->text_in, add + 1);
        if (c->key_backspace)
            backspace(buf);
        if (c->key_paste) {
            char *clip = SDL_GetClipboardText();
            /* One line only: an address or a path. */
            for (char *p = clip; p && *p && strlen(buf) + 1 < cap; p++)
                if (*p != '\n' && *p != '\r') {
                    size_t m = strlen(buf);
                    buf[m] = *p;
                    buf[m + 1] = '\0';
                }
            SDL_free(clip);
        }
        enter = c->key_enter;
    }
    fy_ui_focus_ring(c, r, id);
    fy_ui_box(c->d, r, fy_ui_px(c->d, t->radius), t->card, c->focus == id ? t->accent : t->border);
    in.x += pad;
    in.w -= 2 * pad;
    if (buf[0]) {
        fy_ui_text_in(c->d, FY_FONT_BODY, buf, in, t->text, FY_ELIDE_START);
    } else if (placeholder) {
        fy_ui_text_in(c->d, FY_FONT_BODY, placeholder, in, t->text_dim, FY_ALIGN_LEFT);
    }
    if (c->focus == id && fy_ui_takes_input(c)) {
        int tw = SDL_min(fy_ui_text_w(c->d, FY_FONT_BODY, buf), in.w);
        int fh = fy_ui_font_h(c->d, FY_FONT_BODY);
        SDL_Rect caret = {in.x + tw + 1, r.y + (r.h - fh) / 2, fy_ui_px(c->d, 1) + 1, fh};
        fy_ui_fill(c->d, caret, t->text);
    }
    return enter;
}

void fy_ui_progress(fy_ui_ctx *c, SDL_Rect r, double fraction, SDL_Color fill)
{
    SDL_Rect done = r;
    if (fraction < 0)
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    fy_ui_round(c->d, r, r.h / 2, c->t->track);
    done.w = (int)(r.w * fraction);
    if (done.w >= r.h / 2)
        fy_ui_round(c->d, done, r.h / 2, fill);
}

int fy_ui_switch(fy_ui_ctx *c, SDL_Rect r, const char *label, int on)
{
    const fy_ui_theme *t = c->t;
    fy_ui_id id = fy_ui_id_of(label, 0x5e);
    int h = r.h * 2 / 3, w = h * 2 - h / 3, knob = h - 2 * fy_ui_px(c->d, 3);
    SDL_Rect track = {r.x, r.y + (r.h - h) / 2, w, h};
    SDL_Rect k = {on ? track.x + track.w - knob - (h - knob) / 2 : track.x + (h - knob) / 2,
                  track.y + (h - knob) / 2, knob, knob};
    SDL_Rect text = r;
    int hit;

    fy_ui_focusable(c, id);
    remember(c, label, r);
    hit = fy_ui_clicked(c, id, r) || (c->focus == id && c->key_enter && fy_ui_takes_input(c));
    fy_ui_focus_ring(c, track, id);
    fy_ui_round(c->d, track, h / 2, on ? t->accent : t->drop_border);
    fy_ui_round(c->d, k, knob / 2, t->card);
    text.x += w + fy_ui_px(c->d, t->gap);
    text.w -= w + fy_ui_px(c->d, t->gap);
    fy_ui_text_in(c->d, FY_FONT_BODY, label, text, t->text, FY_ALIGN_LEFT);
    return hit;
}

SDL_Rect fy_ui_dialog_begin(fy_ui_ctx *c, SDL_Rect window, int h)
{
    return fy_ui_dialog_begin_w(c, window, c->t->dialog_w, h);
}

SDL_Rect fy_ui_dialog_begin_w(fy_ui_ctx *c, SDL_Rect window, int w_points, int h)
{
    const fy_ui_theme *t = c->t;
    int w = SDL_min(fy_ui_px(c->d, w_points), window.w - 2 * fy_ui_px(c->d, t->pad));
    SDL_Rect box = fy_ui_center(window, w, h), shadow = box;
    fy_ui_fill(c->d, window, t->overlay);
    shadow.y += fy_ui_px(c->d, 3);
    fy_ui_round(c->d, shadow, fy_ui_px(c->d, t->radius * 2), t->overlay);
    fy_ui_box(c->d, box, fy_ui_px(c->d, t->radius * 2), t->card, t->border);
    c->in_dialog = 1;
    return fy_ui_inset(box, fy_ui_px(c->d, t->pad + 4));
}

void fy_ui_dialog_end(fy_ui_ctx *c) { c->in_dialog = 0; }

SDL_Rect fy_ui_card(fy_ui_ctx *c, SDL_Rect r, const char *title)
{
    const fy_ui_theme *t = c->t;
    SDL_Rect in;
    fy_ui_box(c->d, r, fy_ui_px(c->d, t->radius), t->card, t->border);
    in = fy_ui_inset(r, fy_ui_px(c->d, t->pad));
    if (title) {
        SDL_Rect head = fy_ui_cut_top(&in, fy_ui_font_h(c->d, FY_FONT_TITLE));
        fy_ui_text_in(c->d, FY_FONT_TITLE, title, head, t->text, FY_ALIGN_LEFT);
        fy_ui_cut_top(&in, fy_ui_px(c->d, t->gap));
    }
    return in;
}
