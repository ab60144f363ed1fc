/* fy_ui_fonts.h: the window's fonts: the embedded DejaVu Sans first, and
 * for each character it has no glyph for, a font of the system's that has
 * one (fontconfig on Linux, the Windows Fonts folder), found once per
 * character and remembered. Text is measured and drawn in runs, one per
 * font, on one baseline. */
#ifndef FY_UI_FONTS_H
#define FY_UI_FONTS_H

#include <SDL.h>

typedef struct fy_ui_fonts fy_ui_fonts;

#define FY_UI_FONT_SLOTS 8  /* sizes and weights the window uses */

fy_ui_fonts *fy_ui_fonts_new(void);
void fy_ui_fonts_free(fy_ui_fonts *fs);
/* (Re)opens slot at px pixels; bold picks DejaVu Sans Bold (and makes
 * fallback glyphs bold). Returns 0, or -1 with TTF_GetError set. */
int fy_ui_fonts_set(fy_ui_fonts *fs, int slot, int px, int bold);
int fy_ui_fonts_height(fy_ui_fonts *fs, int slot);
/* Width of s in pixels (0 for ""). */
int fy_ui_fonts_width(fy_ui_fonts *fs, int slot, const char *s);
/* s drawn in colour c on a transparent surface as tall as the slot's
 * font; NULL on failure or "". */
SDL_Surface *fy_ui_fonts_render(fy_ui_fonts *fs, int slot, const char *s, SDL_Color c);

/* Adds to *fallback the characters of s drawn from a system font, and to
 * *missing those no font has (drawn as DejaVu's box): what the screenshot
 * tests check. */
void fy_ui_fonts_classify(fy_ui_fonts *fs, int slot, const char *s, int *fallback, int *missing);

#endif
