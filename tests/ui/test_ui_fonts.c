/* test_ui_fonts.c: names in every script. Japanese characters, which the
 * embedded DejaVu Sans lacks, must come out as real glyphs from a system
 * font, not as DejaVu's missing-glyph box: each is drawn alone and its
 * pixels compared with the box's (drawn for a code point no font has), and
 * with each other (three boxes would be identical). Needs a CJK font
 * (CI installs fonts-wqy-microhei); without one it says so and skips. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_test.h"
#include "platform/fy_platform.h"
#include "ui/fy_ui_fonts.h"

#define PX 32

/* Alpha of every pixel, and how many are inked (alpha > 128). */
typedef struct shape {
    int w, h, inked;
    unsigned char *alpha;
    int coloured; /* pixels that are not the text colour (colour emoji) */
} shape;

static shape draw(fy_ui_fonts *fs, const char *s)
{
    shape sh = {0, 0, 0, NULL, 0};
    SDL_Color black = {0, 0, 0, 255};
    SDL_Surface *raw = fy_ui_fonts_render(fs, 0, s, black), *g;
    if (!raw)
        return sh;
    g = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    if (!g)
        return sh;
    sh.w = g->w, sh.h = g->h;
    sh.alpha = calloc((size_t)g->w * (size_t)g->h, 1);
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w; x++) {
            Uint32 p = ((Uint32 *)((Uint8 *)g->pixels + y * g->pitch))[x];
            Uint8 r, gg, b, a;
            SDL_GetRGBA(p, g->format, &r, &gg, &b, &a);
            sh.alpha[y * g->w + x] = a;
            sh.inked += a > 128;
            sh.coloured += a > 128 && (r > 40 || gg > 40 || b > 40);
        }
    SDL_FreeSurface(g);
    return sh;
}

/* Share of pixels whose alpha differs by more than 64 (0 to 100). */
static int differ_pct(const shape *a, const shape *b)
{
    int n = 0, w = SDL_max(a->w, b->w), h = SDL_max(a->h, b->h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int va = x < a->w && y < a->h ? a->alpha[y * a->w + x] : 0;
            int vb = x < b->w && y < b->h ? b->alpha[y * b->w + x] : 0;
            n += abs(va - vb) > 64;
        }
    return w > 0 && h > 0 ? n * 100 / (w * h) : 0;
}

int main(int argc, char **argv)
{
    static const char *const cjk[] = {"\xe6\x97\xa5", "\xe6\x9c\xac", "\xe8\xaa\x9e"}; /* 日 本 語 */
    const char *none = "\xf4\x8f\xbf\xbd"; /* U+10FFFD: private use, no font has it */
    char path[1024];
    int index, from_system = 0, missing = 0;
    fy_ui_fonts *fs;
    shape box, g[3];
    (void)argc, (void)argv;

    if (!fy_plat_font_for_char(0x65E5, 0, path, sizeof path, &index)) {
        printf("SKIP: no font on this system has Japanese characters (install fonts-wqy-microhei)\n");
        return 77;
    }
    printf("a font for U+65E5: %s (face %d)\n", path, index);
    if (TTF_Init() != 0 || !(fs = fy_ui_fonts_new()) || fy_ui_fonts_set(fs, 0, PX, 0) != 0) {
        printf("cannot open the fonts: %s\n", TTF_GetError());
        return 1;
    }
    fy_ui_fonts_classify(fs, 0, "Fotos \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.txt", &from_system, &missing);
    CHECK_INT(from_system, 3);
    CHECK_INT(missing, 0);
    from_system = missing = 0;
    fy_ui_fonts_classify(fs, 0, none, &from_system, &missing);
    CHECK_INT(missing, 1);

    box = draw(fs, none);
    CHECK(box.inked > 0);
    for (int i = 0; i < 3; i++) {
        g[i] = draw(fs, cjk[i]);
        printf("%s: %dx%d, %d pixels inked (the box: %dx%d, %d); %d%% differ from the box\n", cjk[i], g[i].w,
               g[i].h, g[i].inked, box.w, box.h, box.inked, differ_pct(&g[i], &box));
        CHECK(g[i].inked > 0);
        CHECK(differ_pct(&g[i], &box) >= 5);
        CHECK(g[i].h == fy_ui_fonts_height(fs, 0)); /* on the line, not taller */
    }
    CHECK(differ_pct(&g[0], &g[1]) >= 5);
    CHECK(differ_pct(&g[1], &g[2]) >= 5);

    /* Mixed text is measured as it is drawn: runs side by side. */
    {
        const char *mixed = "a\xe6\x97\xa5" "b";
        shape m = draw(fs, mixed);
        int wa = fy_ui_fonts_width(fs, 0, "a"), wb = fy_ui_fonts_width(fs, 0, "b");
        CHECK_INT(m.w, fy_ui_fonts_width(fs, 0, mixed));
        CHECK_INT(m.w, wa + g[0].w + wb);
        free(m.alpha);
    }

    /* An emoji, when the system has an emoji font: drawn, not a box. */
    if (fy_plat_font_for_char(0x1F600, 0, path, sizeof path, &index)) {
        shape e = draw(fs, "\xf0\x9f\x98\x80");
        from_system = missing = 0;
        fy_ui_fonts_classify(fs, 0, "\xf0\x9f\x98\x80", &from_system, &missing);
        printf("emoji font %s: %dx%d, %d inked, %d in colour\n", path, e.w, e.h, e.inked, e.coloured);
        CHECK_INT(missing, 0);
        CHECK(e.inked > 0 && e.h == fy_ui_fonts_height(fs, 0));
        CHECK(differ_pct(&e, &box) >= 5);
        if (strstr(path, "Color")) /* Noto Color Emoji: SDL_ttf 2.20 draws it in colour */
            CHECK(e.coloured > e.inked / 4);
        free(e.alpha);
    }
    for (int i = 0; i < 3; i++)
        free(g[i].alpha);
    free(box.alpha);
    fy_ui_fonts_free(fs);
    TTF_Quit();
    return fy_test_done("ui.fonts");
}
