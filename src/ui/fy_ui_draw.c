/* fy_ui_draw.c: rectangles, and text through SDL2_ttf with a texture cache:
 * an immediate-mode UI asks for the same strings every frame, and making a
 * texture per string per frame would be most of the frame's cost. */
#include "fy_ui_draw.h"

#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "fy_ui_fonts.h"

#define CACHE_SLOTS 384
#define CACHE_KEY_MAX 200   /* longer strings are drawn uncached */
#define LOG_MAX 8192

typedef struct cache_slot {
    SDL_Texture *tex;
    int w, h, font;
    uint32_t color, hash;
    uint64_t used;          /* frame it was last drawn in */
    char key[CACHE_KEY_MAX];
} cache_slot;

struct fy_ui_draw {
    SDL_Renderer *r;
    const fy_ui_theme *t;
    float scale;
    fy_ui_fonts *fonts;       /* DejaVu, and system fonts for what it lacks */
    cache_slot cache[CACHE_SLOTS];
    uint64_t frame;
    int runs, glyphs_fallback, glyphs_missing;
    size_t log_len;
    char log[LOG_MAX];
};

static int font_points(const fy_ui_theme *t, int f)
{
    switch (f) {
    case FY_FONT_SMALL: return t->font_small;
    case FY_FONT_TITLE: return t->font_title;
    case FY_FONT_BIG: return t->font_big;
    default: return t->font_body;
    }
}

static void cache_clear(fy_ui_draw *d)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (d->cache[i].tex)
            SDL_DestroyTexture(d->cache[i].tex);
        d->cache[i].tex = NULL;
    }
}

int fy_ui_draw_set_scale(fy_ui_draw *d, float scale)
{
    if (scale < 0.5f)
        scale = 0.5f;
    if (d->scale > 0 && SDL_fabsf(scale - d->scale) < 0.01f)
        return 0;
    cache_clear(d);
    d->scale = scale;
    for (int i = 0; i < FY_FONT__COUNT; i++) {
        int bold = i == FY_FONT_BOLD || i == FY_FONT_TITLE || i == FY_FONT_BIG;
        if (fy_ui_fonts_set(d->fonts, i, (int)SDL_lroundf((float)font_points(d->t, i) * scale), bold) != 0) {
            d->scale = 0;
            return -1;
        }
    }
    return 0;
}

fy_ui_draw *fy_ui_draw_new(SDL_Renderer *r, const fy_ui_theme *t, char *err, size_t cap)
{
    fy_ui_draw *d = calloc(1, sizeof *d);
    if (!d) {
        SDL_snprintf(err, cap, "out of memory");
        return NULL;
    }
    d->r = r;
    d->t = t;
    if (!(d->fonts = fy_ui_fonts_new())) {
        SDL_snprintf(err, cap, "out of memory");
        free(d);
        return NULL;
    }
    if (fy_ui_draw_set_scale(d, 1.0f) != 0) {
        SDL_snprintf(err, cap, "cannot load the font: %s", TTF_GetError());
        fy_ui_draw_free(d);
        return NULL;
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    return d;
}

void fy_ui_draw_free(fy_ui_draw *d)
{
    if (!d)
        return;
    cache_clear(d);
    fy_ui_fonts_free(d->fonts);
    free(d);
}

float fy_ui_draw_scale(const fy_ui_draw *d) { return d->scale; }
SDL_Renderer *fy_ui_draw_renderer(fy_ui_draw *d) { return d->r; }
int fy_ui_px(const fy_ui_draw *d, int points) { return (int)SDL_lroundf((float)points * d->scale); }

void fy_ui_fill(fy_ui_draw *d, SDL_Rect r, SDL_Color c)
{
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(d->r, &r);
}

void fy_ui_round(fy_ui_draw *d, SDL_Rect r, int radius, SDL_Color c)
{
    if (radius * 2 > r.h)
        radius = r.h / 2;
    if (radius * 2 > r.w)
        radius = r.w / 2;
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    if (radius <= 0) {
        SDL_RenderFillRect(d->r, &r);
        return;
    }
    /* One span per corner row; the middle is one rectangle. */
    for (int y = 0; y < radius; y++) {
        float dy = (float)radius - (float)y - 0.5f;
        int inset = radius - (int)SDL_lroundf(SDL_sqrtf((float)(radius * radius) - dy * dy));
        SDL_Rect top = {r.x + inset, r.y + y, r.w - 2 * inset, 1};
        SDL_Rect bot = {r.x + inset, r.y + r.h - 1 - y, r.w - 2 * inset, 1};
        SDL_RenderFillRect(d->r, &top);
        SDL_RenderFillRect(d->r, &bot);
    }
    SDL_Rect mid = {r.x, r.y + radius, r.w, r.h - 2 * radius};
    SDL_RenderFillRect(d->r, &mid);
}

void fy_ui_box(fy_ui_draw *d, SDL_Rect r, int radius, SDL_Color fill, SDL_Color border)
{
    int b = fy_ui_px(d, 1);
    fy_ui_round(d, r, radius, border);
    fy_ui_round(d, fy_ui_inset(r, b), radius > b ? radius - b : 0, fill);
}

void fy_ui_dashed(fy_ui_draw *d, SDL_Rect r, SDL_Color c)
{
    int dash = fy_ui_px(d, 8), th = fy_ui_px(d, 2);
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    for (int x = r.x; x < r.x + r.w; x += 2 * dash) {
        int w = SDL_min(dash, r.x + r.w - x);
        SDL_Rect a = {x, r.y, w, th}, b = {x, r.y + r.h - th, w, th};
        SDL_RenderFillRect(d->r, &a);
        SDL_RenderFillRect(d->r, &b);
    }
    for (int y = r.y; y < r.y + r.h; y += 2 * dash) {
        int h = SDL_min(dash, r.y + r.h - y);
        SDL_Rect a = {r.x, y, th, h}, b = {r.x + r.w - th, y, th, h};
        SDL_RenderFillRect(d->r, &a);
        SDL_RenderFillRect(d->r, &b);
    }
}

int fy_ui_font_h(fy_ui_draw *d, fy_ui_font f) { return fy_ui_fonts_height(d->fonts, f); }

int fy_ui_text_w(fy_ui_draw *d, fy_ui_font f, const char *s)
{
    return fy_ui_fonts_width(d->fonts, f, s);
}

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

static cache_slot *cache_get(fy_ui_draw *d, fy_ui_font f, const char *s, SDL_Color c)
{
    uint32_t col = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a, h = hash_str(s);
    cache_slot *victim = &d->cache[0];
    SDL_Surface *surf;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        cache_slot *e = &d->cache[i];
        if (e->tex && e->hash == h && e->font == (int)f && e->color == col && strcmp(e->key, s) == 0) {
            e->used = d->frame;
            return e;
        }
        /* An empty slot first, else the one unused for longest. */
        if (!e->tex) {
            if (victim->tex)
                victim = e;
        } else if (victim->tex && e->used < victim->used) {
            victim = e;
        }
    }
    if (victim->tex)
        SDL_DestroyTexture(victim->tex);
    victim->tex = NULL;
    surf = fy_ui_fonts_render(d->fonts, f, s, c);
    if (!surf)
        return NULL;
    victim->tex = SDL_CreateTextureFromSurface(d->r, surf);
    victim->w = surf->w;
    victim->h = surf->h;
    SDL_FreeSurface(surf);
    if (!victim->tex)
        return NULL;
    victim->font = (int)f;
    victim->color = col;
    victim->hash = h;
    victim->used = d->frame;
    SDL_strlcpy(victim->key, s, sizeof victim->key);
    return victim;
}

static void log_text(fy_ui_draw *d, const char *s)
{
    size_t n = strlen(s);
    d->runs++;
    if (d->log_len + n + 2 > LOG_MAX)
        return;
    memcpy(d->log + d->log_len, s, n);
    d->log_len += n;
    d->log[d->log_len++] = '\n';
    d->log[d->log_len] = '\0';
}

int fy_ui_text(fy_ui_draw *d, fy_ui_font f, const char *s, int x, int y, SDL_Color c)
{
    if (!*s)
        return 0;
    log_text(d, s);
    fy_ui_fonts_classify(d->fonts, f, s, &d->glyphs_fallback, &d->glyphs_missing);
    if (strlen(s) < CACHE_KEY_MAX) {
        cache_slot *e = cache_get(d, f, s, c);
        SDL_Rect dst;
        if (!e)
            return 0;
        dst = (SDL_Rect){x, y, e->w, e->h};
        SDL_RenderCopy(d->r, e->tex, NULL, &dst);
        return e->w;
    }
    {
        SDL_Surface *surf = fy_ui_fonts_render(d->fonts, f, s, c);
        SDL_Texture *tex = surf ? SDL_CreateTextureFromSurface(d->r, surf) : NULL;
        int w = surf ? surf->w : 0;
        if (tex) {
            SDL_Rect dst = {x, y, surf->w, surf->h};
            SDL_RenderCopy(d->r, tex, NULL, &dst);
            SDL_DestroyTexture(tex);
        }
        SDL_FreeSurface(surf);
        return w;
    }
}

/* The longest start (or end) of s that fits in w with "..." added. Cuts
 * fall on UTF-8 character boundaries only. */
static void elide(fy_ui_draw *d, fy_ui_font f, const char *s, int w, int from_start, char *out, size_t cap)
{
    static const char dots[] = "\xe2\x80\xa6"; /* U+2026 */
    size_t n = strlen(s), lo = 0, hi = n;
    char buf[1024];
    if (n >= sizeof buf - 4)
        n = hi = sizeof buf - 5;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2, keep = mid;
        if (from_start) {
            const char *p = s + n - keep;
            while (keep > 0 && ((uint8_t)*p & 0xC0) == 0x80)
                p++, keep--;
            SDL_snprintf(buf, sizeof buf, "%s%.*s", dots, (int)keep, p);
        } else {
            while (keep > 0 && ((uint8_t)s[keep] & 0xC0) == 0x80)
                keep--;
            SDL_snprintf(buf, sizeof buf, "%.*s%s", (int)keep, s, dots);
        }
        if (fy_ui_text_w(d, f, buf) <= w)
            lo = mid;
        else
            hi = mid - 1;
    }
    if (from_start) {
        const char *p = s + n - lo;
        while (lo > 0 && ((uint8_t)*p & 0xC0) == 0x80)
            p++, lo--;
        SDL_snprintf(out, cap, "%s%s", dots, p);
    } else {
        while (lo > 0 && ((uint8_t)s[lo] & 0xC0) == 0x80)
            lo--;
        SDL_snprintf(out, cap, "%.*s%s", (int)lo, s, dots);
    }
}

void fy_ui_text_in(fy_ui_draw *d, fy_ui_font f, const char *s, SDL_Rect r, SDL_Color c, int flags)
{
    char buf[1024];
    int w = fy_ui_text_w(d, f, s), x = r.x, y = r.y + (r.h - fy_ui_font_h(d, f)) / 2;
    if (w > r.w) {
        elide(d, f, s, r.w, flags & FY_ELIDE_START, buf, sizeof buf);
        s = buf;
        w = fy_ui_text_w(d, f, s);
    }
    if ((flags & 3) == FY_ALIGN_CENTER)
        x = r.x + (r.w - w) / 2;
    else if ((flags & 3) == FY_ALIGN_RIGHT)
        x = r.x + r.w - w;
    fy_ui_text(d, f, s, x, y, c);
}

int fy_ui_text_wrap(fy_ui_draw *d, fy_ui_font f, const char *s, int x, int y, int w, SDL_Color c, int draw)
{
    char line[512];
    int lines = 0, lh = fy_ui_font_h(d, f);
    while (*s) {
        /* The longest run of whole words that fits; a word longer than the
         * line goes alone (and is shortened by the draw). */
        size_t n = 0, fit = 0;
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        for (;;) {
            size_t e = n;
            while (s[e] == ' ')
                e++;
            while (s[e] && s[e] != ' ')
                e++;
            if (e >= sizeof line)
                break;
            memcpy(line, s, e);
            line[e] = '\0';
            if (fit > 0 && fy_ui_text_w(d, f, line) > w)
                break;
            fit = n = e;
            if (!s[e])
                break;
        }
        if (fit == 0) /* one word longer than the buffer */
            fit = strlen(s) < sizeof line - 1 ? strlen(s) : sizeof line - 1;
        memcpy(line, s, fit);
        line[fit] = '\0';
        if (draw)
            fy_ui_text_in(d, f, line, (SDL_Rect){x, y + lines * lh, w, lh}, c, FY_ALIGN_LEFT);
        lines++;
        s += fit;
    }
    return lines;
}

void fy_ui_draw_frame_begin(fy_ui_draw *d)
{
    d->frame++;
    d->runs = d->glyphs_fallback = d->glyphs_missing = 0;
    d->log_len = 0;
    d->log[0] = '\0';
}

int fy_ui_draw_text_runs(const fy_ui_draw *d) { return d->runs; }
const char *fy_ui_draw_text_log(const fy_ui_draw *d) { return d->log; }

void fy_ui_draw_glyphs(const fy_ui_draw *d, int *fallback, int *missing)
{
    *fallback = d->glyphs_fallback;
    *missing = d->glyphs_missing;
}
