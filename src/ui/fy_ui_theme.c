/* fy_ui_theme.c: Ferry's look: light, calm, one blue for what to do next. */
#include "fy_ui_theme.h"

static const fy_ui_theme theme = {
    .bg = {243, 245, 248, 255},
    .card = {255, 255, 255, 255},
    .border = {219, 224, 231, 255},
    .text = {28, 33, 41, 255},
    .text_dim = {98, 108, 122, 255},
    .accent = {29, 78, 216, 255},
    .accent_hover = {30, 64, 175, 255},
    .accent_text = {255, 255, 255, 255},
    .accent_soft = {232, 239, 253, 255},
    .danger = {185, 28, 28, 255},
    .success = {21, 128, 61, 255},
    .track = {226, 231, 238, 255},
    .drop_bg = {247, 250, 255, 255},
    .drop_border = {147, 172, 230, 255},
    .focus = {96, 140, 245, 255},
    .overlay = {15, 23, 42, 110},
    .hover = {241, 244, 249, 255},
    .pad = 16,
    .gap = 10,
    .radius = 8,
    .header_h = 56,
    .control_h = 34,
    .row_h = 30,
    .xfer_h = 92,
    .bar_h = 8,
    .dialog_w = 460,
    .font_small = 12,
    .font_body = 14,
    .font_title = 16,
    .font_big = 20,
    .min_w = 760,
    .min_h = 540,
    .start_w = 980,
    .start_h = 660,
};

const fy_ui_theme *fy_ui_theme_default(void) { return &theme; }

SDL_Rect fy_ui_cut_top(SDL_Rect *r, int h)
{
    SDL_Rect s = *r;
    if (h > r->h)
        h = r->h;
    s.h = h;
    r->y += h;
    r->h -= h;
    return s;
}

SDL_Rect fy_ui_cut_bottom(SDL_Rect *r, int h)
{
    SDL_Rect s = *r;
    if (h > r->h)
        h = r->h;
    r->h -= h;
    s.y = r->y + r->h;
    s.h = h;
    return s;
}

SDL_Rect fy_ui_cut_left(SDL_Rect *r, int w)
{
    SDL_Rect s = *r;
    if (w > r->w)
        w = r->w;
    s.w = w;
    r->x += w;
    r->w -= w;
    return s;
}

SDL_Rect fy_ui_cut_right(SDL_Rect *r, int w)
{
    SDL_Rect s = *r;
    if (w > r->w)
        w = r->w;
    r->w -= w;
    s.x = r->x + r->w;
    s.w = w;
    return s;
}

SDL_Rect fy_ui_inset(SDL_Rect r, int d)
{
    SDL_Rect s = {r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
    if (s.w < 0)
        s.w = 0;
    if (s.h < 0)
        s.h = 0;
    return s;
}

SDL_Rect fy_ui_center(SDL_Rect outer, int w, int h)
{
    SDL_Rect s = {outer.x + (outer.w - w) / 2, outer.y + (outer.h - h) / 2, w, h};
    return s;
}
