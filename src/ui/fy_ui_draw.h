/* fy_ui_draw.h: the few drawing calls the widgets need, in pixels, on an
 * SDL_Renderer: filled and rounded rectangles and cached text. */
#ifndef FY_UI_DRAW_H
#define FY_UI_DRAW_H

#include <SDL.h>

#include "fy_ui_theme.h"

typedef enum { FY_FONT_SMALL, FY_FONT_BODY, FY_FONT_BOLD, FY_FONT_TITLE, FY_FONT_BIG, FY_FONT__COUNT } fy_ui_font;

/* fy_ui_text_in flags. */
#define FY_ALIGN_LEFT 0
#define FY_ALIGN_CENTER 1
#define FY_ALIGN_RIGHT 2
#define FY_ELIDE_START 4   /* keep the end ("...Downloads/Ferry") */

typedef struct fy_ui_draw fy_ui_draw;

/* NULL with a message in err (font missing). */
fy_ui_draw *fy_ui_draw_new(SDL_Renderer *r, const fy_ui_theme *t, char *err, size_t cap);
void fy_ui_draw_free(fy_ui_draw *d);
/* Pixels per point; reopens the fonts when it changes. */
int fy_ui_draw_set_scale(fy_ui_draw *d, float scale);
float fy_ui_draw_scale(const fy_ui_draw *d);
SDL_Renderer *fy_ui_draw_renderer(fy_ui_draw *d);
int fy_ui_px(const fy_ui_draw *d, int points);

void fy_ui_fill(fy_ui_draw *d, SDL_Rect r, SDL_Color c);
void fy_ui_round(fy_ui_draw *d, SDL_Rect r, int radius, SDL_Color c);
/* A rounded box with a one-point border. */
void fy_ui_box(fy_ui_draw *d, SDL_Rect r, int radius, SDL_Color fill, SDL_Color border);
void fy_ui_dashed(fy_ui_draw *d, SDL_Rect r, SDL_Color c);

int fy_ui_font_h(fy_ui_draw *d, fy_ui_font f);
int fy_ui_text_w(fy_ui_draw *d, fy_ui_font f, const char *s);
/* Draws at x,y (top-left); returns the width. */
int fy_ui_text(fy_ui_draw *d, fy_ui_font f, const char *s, int x, int y, SDL_Color c);
/* Centred vertically in r, aligned and shortened with "..." to fit. */
void fy_ui_text_in(fy_ui_draw *d, fy_ui_font f, const char *s, SDL_Rect r, SDL_Color c, int flags);

/* Draws s broken at spaces into lines of at most width w, from x,y (when
 * draw is set); returns the number of lines. Measure first with draw 0. */
int fy_ui_text_wrap(fy_ui_draw *d, fy_ui_font f, const char *s, int x, int y, int w, SDL_Color c, int draw);

/* What was drawn this frame (for the screenshot test): resets, reads. */
void fy_ui_draw_frame_begin(fy_ui_draw *d);
int fy_ui_draw_text_runs(const fy_ui_draw *d);
const char *fy_ui_draw_text_log(const fy_ui_draw *d);
/* Characters drawn this frame from a system font, and with no font at all
 * (a box): the checks of the names-in-every-script tests. */
void fy_ui_draw_glyphs(const fy_ui_draw *d, int *fallback, int *missing);

#endif
