/* test_ui_list.c: the scrolling list on a software renderer: only visible
 * rows are drawn (10,000 rows, timed), wheel, scroll bar drag and track
 * click, keys, pinned rows, and buttons in rows that stay reachable and
 * are clipped to the list. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

#include "fy_test.h"
#include "platform/fy_platform.h"
#include "ui/fy_ui_list.h"

#define W 400
#define H 300
#define ROW 30

static SDL_Rect area = {20, 20, W, H};

/* One frame: the list with a button per visible row; returns how many rows
 * were handed out and which button was clicked (or -1). */
static int frame(fy_ui_ctx *c, fy_ui_list *l, int n, int pinned, int *hit)
{
    int i, count = 0;
    SDL_Rect row;
    fy_ui_begin(c, 0);
    fy_ui_list_begin(c, l, area, n, ROW, pinned);
    *hit = -1;
    while (fy_ui_list_row(c, l, &i, &row)) {
        char label[32];
        SDL_Rect b = {row.x + row.w - 60, row.y + 2, 56, row.h - 4};
        snprintf(label, sizeof label, "x%d", i);
        if (fy_ui_button(c, b, label, FY_BTN_QUIET, (uint32_t)i))
            *hit = i;
        count++;
    }
    fy_ui_list_end(c, l);
    fy_ui_end(c);
    return count;
}

static void test_virtual(fy_ui_ctx *c)
{
    fy_ui_list l;
    int hit, n;
    uint64_t t0;
    fy_test_case = "10,000 rows: only the visible ones";
    fy_ui_list_init(&l, 1);
    n = frame(c, &l, 10000, 0, &hit);
    CHECK_INT(n, H / ROW);
    CHECK(l.bar.w > 0);
    t0 = fy_plat_now_ms();
    for (int k = 0; k < 200; k++) {
        c->wheel = -1;
        c->mx = area.x + 10, c->my = area.y + 10;
        frame(c, &l, 10000, 0, &hit);
    }
    /* 200 frames of 10-11 rows with text; a frame drawing all 10,000 rows
     * takes ~0.5 s alone. Generous for sanitizers and a loaded machine. */
    CHECK(fy_plat_now_ms() - t0 < 8000);
    fprintf(stderr, "200 frames of a 10,000-row list: %u ms\n", (unsigned)(fy_plat_now_ms() - t0));
    CHECK_INT(l.scroll, 200 * 3 * ROW);
    CHECK_INT(frame(c, &l, 10000, 0, &hit), H / ROW); /* scrolled by whole rows: no partial row */
    l.scroll += ROW / 2;
    CHECK_INT(frame(c, &l, 10000, 0, &hit), H / ROW + 1);
    l.scroll -= ROW / 2;

    fy_test_case = "End, Home, PgDn, Up with the keys";
    c->focus = fy_ui_id_of("list", 1);
    c->key_nav = FY_KEY_END;
    frame(c, &l, 10000, 0, &hit);
    CHECK_INT(l.selected, 9999);
    CHECK_INT(l.scroll, fy_ui_list_max_scroll(&l));
    CHECK_INT(l.scroll, 10000 * ROW - H);
    {
        SDL_Rect r;
        fy_ui_begin(c, 0);
        frame(c, &l, 10000, 0, &hit);
        CHECK(fy_ui_find_label(c, "x9999", &r));
        CHECK_INT(r.y + r.h, area.y + H - 2);
    }
    c->key_nav = FY_KEY_HOME;
    frame(c, &l, 10000, 0, &hit);
    CHECK_INT(l.selected, 0);
    CHECK_INT(l.scroll, 0);
    c->key_nav = FY_KEY_PGDN;
    frame(c, &l, 10000, 0, &hit);
    CHECK_INT(l.selected, H / ROW - 1);
    CHECK_INT(l.scroll, 0);
    c->key_nav = FY_KEY_DOWN;
    frame(c, &l, 10000, 0, &hit);
    CHECK_INT(l.selected, H / ROW);
    CHECK_INT(l.scroll, ROW);
    c->key_nav = FY_KEY_UP;
    frame(c, &l, 10000, 0, &hit);
    c->key_nav = FY_KEY_UP;
    frame(c, &l, 10000, 0, &hit);
    CHECK_INT(l.selected, H / ROW - 2);
    CHECK_INT(l.scroll, ROW);
    c->key_enter = 1;
    frame(c, &l, 10000, 0, &hit);
    CHECK_INT(l.activated, H / ROW - 2);
    c->focus = 0;
}

static void test_bar(fy_ui_ctx *c)
{
    fy_ui_list l;
    int hit;
    fy_test_case = "scroll bar: drag the thumb to the end, click the track";
    fy_ui_list_init(&l, 2);
    frame(c, &l, 1000, 0, &hit);
    c->mx = l.thumb.x + l.thumb.w / 2, c->my = l.thumb.y + 2;
    c->mouse_down = c->mouse_pressed = 1;
    frame(c, &l, 1000, 0, &hit);
    c->my = l.bar.y + l.bar.h + 50; /* past the end: clamped */
    frame(c, &l, 1000, 0, &hit);
    CHECK_INT(l.scroll, fy_ui_list_max_scroll(&l));
    c->my = l.bar.y + l.bar.h / 2;
    frame(c, &l, 1000, 0, &hit);
    CHECK(l.scroll > fy_ui_list_max_scroll(&l) / 3 && l.scroll < fy_ui_list_max_scroll(&l) * 2 / 3);
    c->mouse_down = 0, c->mouse_released = 1;
    frame(c, &l, 1000, 0, &hit);
    {
        int before = l.scroll;
        c->mx = l.bar.x + 1, c->my = l.bar.y + 1; /* above the thumb: a page up */
        c->mouse_down = c->mouse_pressed = 1;
        frame(c, &l, 1000, 0, &hit);
        c->mouse_down = 0, c->mouse_released = 1;
        frame(c, &l, 1000, 0, &hit);
        CHECK_INT(l.scroll, before - (H - ROW));
    }
    fy_test_case = "a short list has no bar and does not scroll";
    fy_ui_list_init(&l, 3);
    c->wheel = -5;
    c->mx = area.x + 5, c->my = area.y + 5;
    CHECK_INT(frame(c, &l, 4, 0, &hit), 4);
    CHECK_INT(l.bar.w, 0);
    CHECK_INT(l.scroll, 0);
}

static void click_at(fy_ui_ctx *c, fy_ui_list *l, int n, int pinned, SDL_Rect r, int *hit)
{
    c->mx = r.x + r.w / 2, c->my = r.y + r.h / 2;
    c->mouse_down = c->mouse_pressed = 1;
    frame(c, l, n, pinned, hit);
    c->mouse_down = 0, c->mouse_released = 1;
    frame(c, l, n, pinned, hit);
}

static void test_pinned_and_buttons(fy_ui_ctx *c)
{
    fy_ui_list l;
    int hit;
    SDL_Rect r;
    fy_test_case = "pinned rows stay on top while the rest scrolls";
    fy_ui_list_init(&l, 4);
    frame(c, &l, 50, 3, &hit);
    c->focus = fy_ui_id_of("list", 4);
    c->key_nav = FY_KEY_END;
    frame(c, &l, 50, 3, &hit);
    c->focus = 0;
    CHECK_INT(frame(c, &l, 50, 3, &hit), 3 + (H - 3 * ROW + ROW - 1) / ROW);
    for (int i = 0; i < 3; i++) {
        char label[16];
        snprintf(label, sizeof label, "x%d", i);
        CHECK(fy_ui_find_label(c, label, &r));
        CHECK_INT(r.y, area.y + i * ROW + 2);
    }
    CHECK(fy_ui_find_label(c, "x49", &r));
    CHECK(!fy_ui_find_label(c, "x3", &r));
    fy_test_case = "a button in a pinned row and in the last row take their click";
    CHECK(fy_ui_find_label(c, "x1", &r));
    click_at(c, &l, 50, 3, r, &hit);
    CHECK_INT(hit, 1);
    CHECK(fy_ui_find_label(c, "x49", &r));
    click_at(c, &l, 50, 3, r, &hit);
    CHECK_INT(hit, 49);
    CHECK_INT(l.selected, 49);

    fy_test_case = "a row half scrolled under the pinned ones: its button is found by the part that shows";
    l.scroll = fy_ui_list_max_scroll(&l) - ROW / 2 - ROW * 3;
    frame(c, &l, 50, 3, &hit);
    {
        int first = 3 + l.first;
        char label[16];
        snprintf(label, sizeof label, "x%d", first);
        CHECK(fy_ui_find_label(c, label, &r));
        CHECK(r.y >= area.y + 3 * ROW);
        /* A press above the scrolling part (on a pinned row) is not its click. */
        c->mx = r.x + 2, c->my = area.y + 3 * ROW - 3;
        c->mouse_down = c->mouse_pressed = 1;
        frame(c, &l, 50, 3, &hit);
        c->mouse_down = 0, c->mouse_released = 1;
        frame(c, &l, 50, 3, &hit);
        CHECK(hit != first);
    }

    fy_test_case = "pinned rows that would fill the list scroll with the rest";
    fy_ui_list_init(&l, 5);
    frame(c, &l, 40, 30, &hit);
    CHECK_INT(l.npinned, 0);
    CHECK(l.bar.w > 0);
}

int main(void)
{
    SDL_Surface *surf;
    SDL_Renderer *r;
    fy_ui_ctx c;
    char err[256];
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "SDL: %s\n", SDL_GetError());
        return 1;
    }
    surf = SDL_CreateRGBSurfaceWithFormat(0, 480, 360, 32, SDL_PIXELFORMAT_ARGB8888);
    r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    memset(&c, 0, sizeof c);
    c.t = fy_ui_theme_default();
    c.d = r ? fy_ui_draw_new(r, c.t, err, sizeof err) : NULL;
    CHECK(c.d != NULL);
    if (c.d) {
        test_virtual(&c);
        test_bar(&c);
        test_pinned_and_buttons(&c);
        fy_ui_draw_free(c.d);
    }
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    TTF_Quit();
    SDL_Quit();
    fy_test_case = NULL;
    return fy_test_done("ui_list");
}
