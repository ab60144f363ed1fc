/* fy_ui_assets.h: the font and icon compiled into the executable
 * (cmake/FerryAssets.cmake turns assets/ into C arrays). */
#ifndef FY_UI_ASSETS_H
#define FY_UI_ASSETS_H

#include <SDL.h>
#include <stddef.h>

/* DejaVu Sans, regular or bold. */
const unsigned char *fy_ui_asset_font(int bold, size_t *len);
/* The window icon (64x64 with alpha); NULL if it cannot be read. */
SDL_Surface *fy_ui_asset_icon(void);

#endif
