/* fy_ui_theme.h: colours and sizes in one place, and the rectangle cuts
 * every screen lays itself out with. Sizes are in points (1/96 inch);
 * fy_ui_px turns them into pixels for the current scale. */
#ifndef FY_UI_THEME_H
#define FY_UI_THEME_H

#include <SDL.h>

typedef struct fy_ui_theme {
    SDL_Color bg, card, border, text, text_dim, accent, accent_hover, accent_text, accent_soft;
    SDL_Color danger, success, track, drop_bg, drop_border, focus, overlay, hover;
    /* Points. */
    int pad;         /* inside cards and dialogs */
    int gap;         /* between controls */
    int radius;      /* rounded corners */
    int header_h;    /* the bar at the top */
    int control_h;   /* buttons, inputs, switch */
    int row_h;       /* list rows */
    int xfer_h;      /* a transfer in the list */
    int bar_h;       /* progress bars */
    int dialog_w;
    int font_small, font_body, font_title, font_big;
    int min_w, min_h, start_w, start_h;  /* window */
} fy_ui_theme;

const fy_ui_theme *fy_ui_theme_default(void);

/* ---- rectangle cuts: take a slice off one side, return it ------------- */
SDL_Rect fy_ui_cut_top(SDL_Rect *r, int h);
SDL_Rect fy_ui_cut_bottom(SDL_Rect *r, int h);
SDL_Rect fy_ui_cut_left(SDL_Rect *r, int w);
SDL_Rect fy_ui_cut_right(SDL_Rect *r, int w);
SDL_Rect fy_ui_inset(SDL_Rect r, int d);
SDL_Rect fy_ui_center(SDL_Rect outer, int w, int h);

#endif
