/* fy_ui_list.c: the scrolling list (see fy_ui_list.h for the contract). */
#include "fy_ui_list.h"

#define BAR_W 10       /* points: wide enough to grab with a touchpad */
#define THUMB_MIN 24   /* points: a thumb over 10,000 rows is still a target */
#define WHEEL_ROWS 3   /* rows per wheel notch, as GTK and Windows lists do */

void fy_ui_list_init(fy_ui_list *l, uint32_t salt)
{
    SDL_zerop(l);
    l->salt = salt;
    l->selected = l->activated = -1;
}

static fy_ui_id list_id(const fy_ui_list *l) { return fy_ui_id_of("list", l->salt); }
static fy_ui_id bar_id(const fy_ui_list *l) { return fy_ui_id_of("list-bar", l->salt); }

int fy_ui_list_max_scroll(const fy_ui_list *l)
{
    int content = (l->n - l->npinned) * l->row_h;
    return content > l->scroll_area.h ? content - l->scroll_area.h : 0;
}

void fy_ui_list_show(fy_ui_list *l, int i)
{
    l->selected = i;
    l->follow = 1;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Keys for the focused list: the selection moves, the view follows. */
static void keys(fy_ui_ctx *c, fy_ui_list *l)
{
    int page = l->row_h > 0 ? SDL_max(1, l->scroll_area.h / l->row_h - 1) : 1;
    int sel = l->selected;
    if (c->focus != list_id(l) || !fy_ui_takes_input(c) || l->n == 0)
        return;
    switch (c->key_nav) {
    case FY_KEY_UP: sel = sel < 0 ? l->n - 1 : sel - 1; break;
    case FY_KEY_DOWN: sel = sel < 0 ? 0 : sel + 1; break;
    case FY_KEY_PGUP: sel = sel < 0 ? 0 : sel - page; break;
    case FY_KEY_PGDN: sel = sel < 0 ? 0 : sel + page; break;
    case FY_KEY_HOME: sel = 0; break;
    case FY_KEY_END: sel = l->n - 1; break;
    default:
        if (c->key_enter && sel >= 0)
            l->activated = sel;
        return;
    }
    l->selected = clamp(sel, 0, l->n - 1);
    l->follow = 1;
    c->redraw = 1;
}

/* The thumb: dragged, or the track clicked for a page up or down. */
static void scroll_bar(fy_ui_ctx *c, fy_ui_list *l, int max)
{
    int span = l->bar.h - l->thumb.h;
    fy_ui_id id = bar_id(l);
    if (c->active == id && c->mouse_down && l->grab && span > 0) {
        int top = c->my - (l->grab - 1) - l->bar.y;
        l->scroll = (int)((int64_t)clamp(top, 0, span) * max / span);
        c->redraw = 1;
    } else if (fy_ui_mouse_in(c, l->bar) && c->mouse_pressed) {
        SDL_Point p = {c->mx, c->my};
        c->active = id;
        c->redraw = 1;
        if (SDL_PointInRect(&p, &l->thumb))
            l->grab = c->my - l->thumb.y + 1;
        else
            l->scroll += (c->my < l->thumb.y ? -1 : 1) * SDL_max(l->row_h, l->scroll_area.h - l->row_h);
    }
    if (!c->mouse_down)
        l->grab = 0;
}

static void place_thumb(fy_ui_ctx *c, fy_ui_list *l, int max)
{
    int content = (l->n - l->npinned) * l->row_h;
    l->thumb = l->bar;
    if (max <= 0)
        return;
    l->thumb.h = SDL_max(fy_ui_px(c->d, THUMB_MIN), (int)((int64_t)l->bar.h * l->scroll_area.h / content));
    l->thumb.h = SDL_min(l->thumb.h, l->bar.h);
    l->thumb.y = l->bar.y + (int)((int64_t)(l->bar.h - l->thumb.h) * l->scroll / max);
}

void fy_ui_list_begin(fy_ui_ctx *c, fy_ui_list *l, SDL_Rect r, int n, int row_h, int npinned)
{
    int bw = fy_ui_px(c->d, BAR_W), max;
    l->area = r;
    l->n = n < 0 ? 0 : n;
    l->row_h = row_h > 0 ? row_h : 1;
    l->npinned = clamp(npinned, 0, l->n);
    l->activated = -1;
    l->next = 0;
    if (l->selected >= l->n)
        l->selected = l->n - 1;
    /* Pinned rows that would crowd out the rest scroll with them. */
    if (l->npinned * l->row_h > r.h / 2)
        l->npinned = 0;
    l->pinned_area = fy_ui_cut_top(&r, l->npinned * l->row_h);
    l->scroll_area = r;
    SDL_zero(l->bar);
    if ((l->n - l->npinned) * l->row_h > r.h) {
        l->bar = fy_ui_cut_right(&l->scroll_area, bw);
        fy_ui_cut_right(&l->scroll_area, bw / 2);
        l->pinned_area.w = l->scroll_area.w;
    }
    fy_ui_focusable(c, list_id(l));
    keys(c, l);
    max = fy_ui_list_max_scroll(l);
    if (c->wheel && fy_ui_mouse_in(c, l->area)) {
        l->scroll -= c->wheel * WHEEL_ROWS * SDL_min(l->row_h, fy_ui_px(c->d, 40));
        c->redraw = 1;
    }
    place_thumb(c, l, max);
    if (max > 0)
        scroll_bar(c, l, max);
    if (l->follow && l->selected >= l->npinned) {
        int top = (l->selected - l->npinned) * l->row_h;
        if (top < l->scroll)
            l->scroll = top;
        if (top + l->row_h > l->scroll + l->scroll_area.h)
            l->scroll = top + l->row_h - l->scroll_area.h;
    }
    l->follow = 0;
    l->scroll = clamp(l->scroll, 0, max);
    place_thumb(c, l, max);
    l->first = l->scroll / l->row_h;
    l->last = SDL_min(l->n - l->npinned, (l->scroll + l->scroll_area.h + l->row_h - 1) / l->row_h);
    l->had_clip = c->clip_on;
    l->saved_clip = c->clip;
}

static void set_clip(fy_ui_ctx *c, const fy_ui_list *l, SDL_Rect r)
{
    if (l->had_clip && !SDL_IntersectRect(&r, &l->saved_clip, &r))
        r.w = r.h = 0;
    c->clip = r;
    c->clip_on = 1;
    SDL_RenderSetClipRect(fy_ui_draw_renderer(c->d), &r);
}

int fy_ui_list_row(fy_ui_ctx *c, fy_ui_list *l, int *index, SDL_Rect *row)
{
    int i;
    SDL_Rect rr;
    if (l->next < l->npinned) {
        i = l->next;
        rr = l->pinned_area;
        rr.y += i * l->row_h;
        rr.h = l->row_h;
        set_clip(c, l, l->pinned_area);
    } else {
        int k = l->first + (l->next - l->npinned);
        if (k >= l->last)
            return 0;
        i = l->npinned + k;
        rr = l->scroll_area;
        rr.y += k * l->row_h - l->scroll;
        rr.h = l->row_h;
        set_clip(c, l, l->scroll_area);
    }
    l->next++;
    /* A press anywhere on the row selects it and gives the list the keys;
     * buttons in the row still take their click. */
    if (fy_ui_mouse_in(c, rr) && c->mouse_pressed) {
        l->selected = i;
        c->focus = list_id(l);
        c->redraw = 1;
        if (c->clicks >= 2)
            l->activated = i;
    }
    if (l->selected == i) {
        fy_ui_round(c->d, rr, fy_ui_px(c->d, c->t->radius / 2), c->t->accent_soft);
        if (c->focus == list_id(l) && fy_ui_takes_input(c)) {
            SDL_Rect edge = rr;
            edge.w = fy_ui_px(c->d, 3);
            fy_ui_fill(c->d, edge, c->t->focus);
        }
    }
    *index = i;
    *row = rr;
    return 1;
}

void fy_ui_list_end(fy_ui_ctx *c, fy_ui_list *l)
{
    c->clip_on = l->had_clip;
    c->clip = l->saved_clip;
    SDL_RenderSetClipRect(fy_ui_draw_renderer(c->d), l->had_clip ? &l->saved_clip : NULL);
    if (l->bar.w > 0) {
        fy_ui_round(c->d, l->bar, l->bar.w / 2, c->t->track);
        fy_ui_round(c->d, l->thumb, l->bar.w / 2,
                    c->active == bar_id(l) || c->hot == bar_id(l) ? c->t->text_dim : c->t->drop_border);
        if (fy_ui_mouse_in(c, l->bar))
            c->hot = bar_id(l);
    }
    /* The list has the keys but nothing is selected yet: a ring says so. */
    if (c->focus == list_id(l) && l->selected < 0 && fy_ui_takes_input(c)) {
        SDL_Rect edge = l->area;
        edge.w = fy_ui_px(c->d, 3);
        fy_ui_fill(c->d, edge, c->t->focus);
    }
    if (c->active == bar_id(l) && !c->mouse_down)
        l->grab = 0;
}
