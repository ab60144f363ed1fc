/* fy_ui_fonts.c: DejaVu Sans, and system fonts for what it lacks.
 *
 * DejaVu covers Latin, Greek, Cyrillic and many symbols, but no Chinese,
 * Japanese or Korean: a name like "日本語.txt" drew as three boxes. For a
 * character DejaVu has no glyph for, the fallback fonts already open are
 * asked first (one CJK font covers thousands of characters), then the
 * platform (fy_plat_font_for_char: fontconfig's sorted list on Linux, the
 * Windows Fonts folder). The answer is remembered per character, so the
 * search runs once per character per run of the program; fontconfig's sort
 * took ~2 ms per call here, and a name of ten kanji needs one.
 *
 * Colour emoji: SDL_ttf 2.20 asks FreeType for colour glyphs, so a colour
 * bitmap font (Noto Color Emoji, CBDT) draws in colour, at its one bitmap
 * size; such a run is scaled down to the line here. Fonts whose glyphs are
 * colour layers (COLR, Segoe UI Emoji) draw as FreeType renders them, in
 * one colour with FreeType 2.12. */
#include "fy_ui_fonts.h"

#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "fy_ui_assets.h"
#include "platform/fy_platform.h"

#define FALLBACK_MAX 8        /* system fonts open at once */
#define PLATFORM_TRIES 12     /* candidates asked for one character */
#define CACHE_SLOTS 4096      /* characters remembered (a power of 2) */
#define NO_FONT 0xFF

typedef struct fallback {
    char path[1024];
    int index;                /* face in a .ttc collection */
    TTF_Font *f[FY_UI_FONT_SLOTS];
    int broken;               /* could not be opened: never tried again */
} fallback;

struct fy_ui_fonts {
    TTF_Font *primary[FY_UI_FONT_SLOTS];
    int px[FY_UI_FONT_SLOTS], bold[FY_UI_FONT_SLOTS];
    fallback fb[FALLBACK_MAX];
    int nfb;
    struct { uint32_t cp1; uint8_t font; } cache[CACHE_SLOTS]; /* cp1 = code point + 1; 0 is empty */
    int ncache;
};

fy_ui_fonts *fy_ui_fonts_new(void) { return calloc(1, sizeof(fy_ui_fonts)); }

static void close_fallbacks(fy_ui_fonts *fs, int slot)
{
    for (int i = 0; i < fs->nfb; i++) {
        if (fs->fb[i].f[slot])
            TTF_CloseFont(fs->fb[i].f[slot]);
        fs->fb[i].f[slot] = NULL;
    }
}

void fy_ui_fonts_free(fy_ui_fonts *fs)
{
    if (!fs)
        return;
    for (int s = 0; s < FY_UI_FONT_SLOTS; s++) {
        close_fallbacks(fs, s);
        if (fs->primary[s])
            TTF_CloseFont(fs->primary[s]);
    }
    free(fs);
    fy_plat_fonts_release();
}

int fy_ui_fonts_set(fy_ui_fonts *fs, int slot, int px, int bold)
{
    size_t len;
    const unsigned char *data = fy_ui_asset_font(bold, &len);
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    if (slot < 0 || slot >= FY_UI_FONT_SLOTS)
        return -1;
    close_fallbacks(fs, slot);
    if (fs->primary[slot])
        TTF_CloseFont(fs->primary[slot]);
    fs->primary[slot] = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!fs->primary[slot])
        return -1;
    TTF_SetFontHinting(fs->primary[slot], TTF_HINTING_LIGHT);
    fs->px[slot] = px;
    fs->bold[slot] = bold;
    return 0;
}

int fy_ui_fonts_height(fy_ui_fonts *fs, int slot) { return TTF_FontHeight(fs->primary[slot]); }

static TTF_Font *fallback_font(fy_ui_fonts *fs, int i, int slot)
{
    fallback *b = &fs->fb[i];
    if (!b->f[slot] && !b->broken) {
        /* SDL_RWFromFile takes UTF-8 on Windows too. */
        if (!(b->f[slot] = TTF_OpenFontIndex(b->path, fs->px[slot], b->index))) {
            b->broken = 1;
            return NULL;
        }
        TTF_SetFontHinting(b->f[slot], TTF_HINTING_LIGHT);
        if (fs->bold[slot])
            TTF_SetFontStyle(b->f[slot], TTF_STYLE_BOLD);
    }
    return b->f[slot];
}

static int provides(TTF_Font *f, uint32_t cp) { return f && TTF_GlyphIsProvided32(f, cp) != 0; }

/* The fallback for cp (its index), or NO_FONT. */
static int search(fy_ui_fonts *fs, int slot, uint32_t cp)
{
    char path[1024];
    int index;
    for (int i = 0; i < fs->nfb; i++)
        if (provides(fallback_font(fs, i, slot), cp))
            return i;
    for (int skip = 0; skip < PLATFORM_TRIES && fy_plat_font_for_char(cp, skip, path, sizeof path, &index); skip++) {
        int known = 0;
        for (int i = 0; i < fs->nfb && !known; i++)
            known = fs->fb[i].index == index && strcmp(fs->fb[i].path, path) == 0;
        if (known || fs->nfb >= FALLBACK_MAX)
            continue;
        memset(&fs->fb[fs->nfb], 0, sizeof fs->fb[0]);
        SDL_strlcpy(fs->fb[fs->nfb].path, path, sizeof fs->fb[0].path);
        fs->fb[fs->nfb].index = index;
        fs->nfb++;
        if (provides(fallback_font(fs, fs->nfb - 1, slot), cp))
            return fs->nfb - 1;
    }
    return NO_FONT;
}

/* Which font draws cp: -1 the primary, else a fallback's index; *missing
 * is set when none has it (the primary's box is drawn). */
static int font_for(fy_ui_fonts *fs, int slot, uint32_t cp, int *missing)
{
    uint32_t h = (cp * 2654435761u) & (CACHE_SLOTS - 1);
    int found;
    *missing = 0;
    /* Pictographs (U+1F000 on) come from the emoji font where there is
     * one, though DejaVu has black-and-white smileys: a colour emoji font
     * draws them as people expect. Older symbols (check marks, arrows)
     * stay DejaVu's: the window's own words use them. */
    if (cp < 0x80 || (cp < 0x1F000 && provides(fs->primary[slot], cp)))
        return -1;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
        return -1; /* control characters: nobody draws them */
    while (fs->cache[h].cp1 && fs->cache[h].cp1 != cp + 1)
        h = (h + 1) & (CACHE_SLOTS - 1);
    if (fs->cache[h].cp1) {
        found = fs->cache[h].font;
    } else {
        found = search(fs, slot, cp);
        if (fs->ncache >= CACHE_SLOTS * 3 / 4) { /* full: start over rather than slow down */
            memset(fs->cache, 0, sizeof fs->cache);
            fs->ncache = 0;
            h = (cp * 2654435761u) & (CACHE_SLOTS - 1);
        }
        fs->cache[h].cp1 = cp + 1;
        fs->cache[h].font = (uint8_t)found;
        fs->ncache++;
    }
    if (found == NO_FONT || !fallback_font(fs, found, slot)) {
        *missing = !provides(fs->primary[slot], cp);
        return -1;
    }
    return found;
}

/* One UTF-8 character at *p (advanced); malformed bytes are U+FFFD. */
static uint32_t next_cp(const char **p)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0) {
        *p += 1;
        return 0xFFFD;
    }
    c &= n == 0 ? 0x7F : 0x3F >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p += i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p += n + 1;
    return c;
}

void fy_ui_fonts_classify(fy_ui_fonts *fs, int slot, const char *s, int *from_system, int *missing)
{
    while (*s) {
        int miss, f;
        uint32_t cp = next_cp(&s);
        f = font_for(fs, slot, cp, &miss);
        *from_system += f >= 0;
        *missing += miss;
    }
}

/* A run of s drawn by one font. */
typedef struct run {
    const char *s;
    size_t n;
    int font; /* -1 primary */
} run;

#define RUNS_MAX 64 /* past this, the rest of the string is one primary run */

static int split(fy_ui_fonts *fs, int slot, const char *s, run *out)
{
    int n = 0, miss;
    while (*s) {
        const char *at = s;
        int f = font_for(fs, slot, next_cp(&s), &miss);
        if (n > 0 && (out[n - 1].font == f || n == RUNS_MAX)) {
            out[n - 1].n = (size_t)(s - out[n - 1].s);
            continue;
        }
        out[n].s = at;
        out[n].n = (size_t)(s - at);
        out[n].font = f;
        n++;
    }
    return n;
}

/* A colour bitmap font has one size (Noto Color Emoji: 109 px); drawn at
 * that size, its run is scaled to the line. 1.0 for outline fonts. */
static float run_scale(fy_ui_fonts *fs, int slot, TTF_Font *f)
{
    int ph = TTF_FontHeight(fs->primary[slot]), fh = TTF_FontHeight(f);
    return fh > ph * 2 ? (float)ph / (float)fh : 1.0f;
}

static TTF_Font *run_font(fy_ui_fonts *fs, int slot, const run *r)
{
    return r->font < 0 ? fs->primary[slot] : fs->fb[r->font].f[slot];
}

/* Measures (out NULL) or renders one run into out at x; returns its width. */
static int do_run(fy_ui_fonts *fs, int slot, const run *r, SDL_Color c, SDL_Surface *out, int x)
{
    TTF_Font *f = run_font(fs, slot, r);
    char stack[512], *text = r->n < sizeof stack ? stack : malloc(r->n + 1);
    float k = run_scale(fs, slot, f);
    int w = 0, h = 0;
    if (!text)
        return 0;
    memcpy(text, r->s, r->n);
    text[r->n] = '\0';
    if (!out) {
        if (TTF_SizeUTF8(f, text, &w, &h) != 0)
            w = 0;
    } else {
        SDL_Surface *g = TTF_RenderUTF8_Blended(f, text, c);
        if (g) {
            SDL_Rect dst = {x, 0, (int)SDL_lroundf((float)g->w * k), (int)SDL_lroundf((float)g->h * k)};
            w = g->w;
            SDL_SetSurfaceBlendMode(g, SDL_BLENDMODE_NONE);
            if (k < 1.0f) {
                /* Centred on the line; a smooth shrink, not nearest-pixel. */
                SDL_Surface *small = SDL_CreateRGBSurfaceWithFormat(0, dst.w, dst.h, 32, g->format->format);
                dst.y = (out->h - dst.h) / 2;
                if (small && SDL_SoftStretchLinear(g, NULL, small, NULL) == 0) {
                    SDL_SetSurfaceBlendMode(small, SDL_BLENDMODE_NONE);
                    SDL_BlitSurface(small, NULL, out, &dst);
                }
                SDL_FreeSurface(small);
            } else {
                /* One baseline: the fallback's ascent may differ. */
                dst.y = TTF_FontAscent(fs->primary[slot]) - TTF_FontAscent(f);
                SDL_BlitSurface(g, NULL, out, &dst);
            }
            SDL_FreeSurface(g);
        }
    }
    if (text != stack)
        free(text);
    return (int)SDL_lroundf((float)w * k);
}

static int all_primary(const run *v, int n) { return n == 1 && v[0].font < 0; }

int fy_ui_fonts_width(fy_ui_fonts *fs, int slot, const char *s)
{
    run v[RUNS_MAX];
    int n, w = 0, h;
    if (!*s)
        return 0;
    n = split(fs, slot, s, v);
    if (all_primary(v, n))
        return TTF_SizeUTF8(fs->primary[slot], s, &w, &h) == 0 ? w : 0;
    for (int i = 0; i < n; i++)
        w += do_run(fs, slot, &v[i], (SDL_Color){0, 0, 0, 255}, NULL, 0);
    return w;
}

SDL_Surface *fy_ui_fonts_render(fy_ui_fonts *fs, int slot, const char *s, SDL_Color c)
{
    run v[RUNS_MAX];
    SDL_Surface *out;
    int n, w = 0, x = 0;
    if (!*s)
        return NULL;
    n = split(fs, slot, s, v);
    if (all_primary(v, n))
        return TTF_RenderUTF8_Blended(fs->primary[slot], s, c);
    for (int i = 0; i < n; i++)
        w += do_run(fs, slot, &v[i], c, NULL, 0);
    out = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1, TTF_FontHeight(fs->primary[slot]), 32,
                                         SDL_PIXELFORMAT_ARGB8888);
    if (!out)
        return NULL;
    SDL_FillRect(out, NULL, SDL_MapRGBA(out->format, c.r, c.g, c.b, 0));
    for (int i = 0; i < n; i++)
        x += do_run(fs, slot, &v[i], c, out, x);
    return out;
}
