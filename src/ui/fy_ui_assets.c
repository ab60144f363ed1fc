/* fy_ui_assets.c: access to the generated asset arrays. */
#include "fy_ui_assets.h"

extern const unsigned char fy_asset_font[], fy_asset_font_bold[], fy_asset_icon_bmp[];
extern const size_t fy_asset_font_len, fy_asset_font_bold_len, fy_asset_icon_bmp_len;

const unsigned char *fy_ui_asset_font(int bold, size_t *len)
{
    *len = bold ? fy_asset_font_bold_len : fy_asset_font_len;
    return bold ? fy_asset_font_bold : fy_asset_font;
}

SDL_Surface *fy_ui_asset_icon(void)
{
    SDL_RWops *rw = SDL_RWFromConstMem(fy_asset_icon_bmp, (int)fy_asset_icon_bmp_len);
    return rw ? SDL_LoadBMP_RW(rw, 1) : NULL;
}
