/* fy_platform_posix_font.c: fonts for characters the window's own font
 * lacks, from fontconfig: the desktop's own answer to "which installed font
 * draws this character", with the user's font preferences applied (the
 * same list GTK and Qt applications fall back through). */
#include <fontconfig/fontconfig.h>
#include <string.h>

#include "fy_platform.h"

/* The sorted list for the last character asked about: the caller walks it
 * with skip = 0, 1, 2... and sorting takes milliseconds. UI thread only. */
static FcFontSet *sorted;
static uint32_t sorted_cp;

static FcFontSet *sort_for(uint32_t cp)
{
    FcPattern *pat;
    FcCharSet *cs;
    FcResult res;
    if (sorted && sorted_cp == cp)
        return sorted;
    if (sorted)
        FcFontSetDestroy(sorted);
    sorted = NULL;
    if (!FcInit() || !(pat = FcPatternCreate()))
        return NULL;
    /* Emoji: ask for the desktop's emoji font (fontconfig's generic
     * "emoji" family, a colour one where installed) before the plain
     * symbols that DejaVu and others draw in black and white. */
    if (cp >= 0x1F000 || (cp >= 0x2600 && cp < 0x27C0))
        FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"emoji");
    if ((cs = FcCharSetCreate()) != NULL) {
        FcCharSetAddChar(cs, cp);
        FcPatternAddCharSet(pat, FC_CHARSET, cs);
        FcCharSetDestroy(cs);
    }
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    sorted = FcFontSort(NULL, pat, FcFalse, NULL, &res);
    sorted_cp = cp;
    FcPatternDestroy(pat);
    return sorted;
}

int fy_plat_font_for_char(uint32_t cp, int skip, char *path, size_t cap, int *index)
{
    FcFontSet *set = sort_for(cp);
    for (int i = 0; set && i < set->nfont; i++) {
        FcCharSet *cs;
        FcChar8 *file;
        int idx = 0;
        /* The sort puts fonts covering cp first, but lists all of them. */
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch || !FcCharSetHasChar(cs, cp))
            continue;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        if (skip-- > 0)
            continue;
        if (strlen((const char *)file) >= cap)
            return 0;
        memcpy(path, file, strlen((const char *)file) + 1);
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &idx);
        *index = idx;
        return 1;
    }
    return 0;
}

void fy_plat_fonts_release(void)
{
    if (sorted)
        FcFontSetDestroy(sorted);
    sorted = NULL;
    /* Fontconfig's own caches: nothing else in Ferry uses it. */
    FcFini();
}
