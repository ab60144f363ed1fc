/* fy_ui_edit.c: one line of text, edited (see fy_ui_edit.h). */
#include "fy_ui_edit.h"

#include <string.h>

static int cont(char ch) { return ((unsigned char)ch & 0xC0) == 0x80; }

static size_t prev_char(const char *buf, size_t at)
{
    while (at > 0 && cont(buf[--at]))
        ;
    return at;
}

static size_t next_char(const char *buf, size_t at)
{
    size_t n = strlen(buf);
    if (at < n)
        at++;
    while (at < n && cont(buf[at]))
        at++;
    return at;
}

static void sel(const fy_ui_edit *e, size_t *a, size_t *b)
{
    *a = e->caret < e->anchor ? e->caret : e->anchor;
    *b = e->caret < e->anchor ? e->anchor : e->caret;
}

static int cut_range(fy_ui_edit *e, char *buf, size_t a, size_t b)
{
    if (a >= b)
        return 0;
    memmove(buf + a, buf + b, strlen(buf + b) + 1);
    e->caret = e->anchor = a;
    return 1;
}

/* Inserts s (n bytes) at the caret, as much as fits, whole characters. */
static int insert(fy_ui_edit *e, char *buf, size_t cap, const char *s, size_t n)
{
    size_t len = strlen(buf);
    if (len + 1 >= cap)
        return 0;
    if (n > cap - 1 - len) {
        n = cap - 1 - len;
        while (n > 0 && cont(s[n]))
            n--;
    }
    if (!n)
        return 0;
    memmove(buf + e->caret + n, buf + e->caret, len - e->caret + 1);
    memcpy(buf + e->caret, s, n);
    e->caret = e->anchor = e->caret + n;
    return 1;
}

static int paste(fy_ui_edit *e, char *buf, size_t cap)
{
    char *clip = SDL_GetClipboardText();
    int changed = 0;
    size_t a, b, n;
    if (clip && clip[0]) {
        sel(e, &a, &b);
        changed = cut_range(e, buf, a, b);
        n = strcspn(clip, "\r\n");
        changed |= insert(e, buf, cap, clip, n);
    }
    SDL_free(clip);
    return changed;
}

static void copy(const fy_ui_edit *e, const char *buf)
{
    char tmp[1024];
    size_t a, b;
    sel(e, &a, &b);
    if (a < b && b - a < sizeof tmp) {
        memcpy(tmp, buf + a, b - a);
        tmp[b - a] = '\0';
        SDL_SetClipboardText(tmp);
    }
}

static void move(fy_ui_ctx *c, fy_ui_edit *e, const char *buf)
{
    size_t a, b, to = e->caret;
    sel(e, &a, &b);
    switch (c->key_nav) {
    case FY_KEY_LEFT: to = !c->key_shift && a < b ? a : prev_char(buf, e->caret); break;
    case FY_KEY_RIGHT: to = !c->key_shift && a < b ? b : next_char(buf, e->caret); break;
    case FY_KEY_HOME: to = 0; break;
    case FY_KEY_END: to = strlen(buf); break;
    default: return;
    }
    e->caret = to;
    if (!c->key_shift)
        e->anchor = to;
    c->redraw = 1;
}

int fy_ui_edit_apply(fy_ui_ctx *c, fy_ui_edit *e, char *buf, size_t cap)
{
    size_t len = strlen(buf), a, b;
    int changed = 0;
    /* The model may have changed buf (a nearby machine picked). */
    if (e->caret > len || e->anchor > len)
        e->caret = e->anchor = len;
    sel(e, &a, &b);
    if (c->key_select_all) {
        e->anchor = 0, e->caret = len;
        c->redraw = 1;
    }
    if (c->key_copy || c->key_cut)
        copy(e, buf);
    if (c->key_cut)
        changed |= cut_range(e, buf, a, b);
    if (c->key_paste)
        changed |= paste(e, buf, cap);
    if (c->text_in[0]) {
        sel(e, &a, &b);
        changed |= cut_range(e, buf, a, b);
        changed |= insert(e, buf, cap, c->text_in, strlen(c->text_in));
    }
    if (c->key_backspace || c->key_nav == FY_KEY_DELETE) {
        sel(e, &a, &b);
        if (a == b && c->key_backspace)
            a = prev_char(buf, a);
        else if (a == b)
            b = next_char(buf, b);
        changed |= cut_range(e, buf, a, b);
    }
    move(c, e, buf);
    if (changed)
        c->redraw = 1;
    return changed;
}

size_t fy_ui_edit_hit(fy_ui_draw *d, fy_ui_font f, const char *buf, int x)
{
    char tmp[1024];
    size_t at = 0, best = 0, n = strlen(buf);
    int best_d = x < 0 ? -x : x;
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    while (at < n) {
        int w, dist;
        at = next_char(buf, at);
        if (at > n)
            break;
        memcpy(tmp, buf, at);
        tmp[at] = '\0';
        w = fy_ui_text_w(d, f, tmp);
        dist = w > x ? w - x : x - w;
        if (dist < best_d)
            best_d = dist, best = at;
        if (w > x)
            break;
    }
    return best;
}
