/* fy_ui_screen_history.c: the History view: a search box that filters as
 * you type, chips (direction, type, time, peer), the scrolling list of
 * what was sent and received (only the visible rows are drawn, the rows
 * come a page at a time from fy_ui_history's thread), and Open, Show in
 * folder, Copy path for the selected row. Recording on/off and Clear
 * history sit on top. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fy_ui_screens.h"
#include "fy_ui_words.h"

static const char *const dir_words[] = {"All", "Received", "Sent"};
static const char *const since_words[] = {"Any time", "Last 24 hours", "Last 7 days", "Last 30 days"};
static const char *const type_labels[] = {"Any type", "Images", "Videos", "Audio", "Documents", "Archives",
                                          "Text snippets"};

/* The icon by type: a coloured tile with a letter (no emoji font needed). */
static void type_icon(fy_ui_ctx *c, SDL_Rect r, int type, int is_text)
{
    static const struct {
        const char *letter;
        SDL_Color col;
    } icons[] = {{"F", {120, 130, 145, 255}}, {"I", {46, 139, 87, 255}},  {"V", {142, 68, 173, 255}},
                 {"A", {230, 126, 34, 255}},  {"D", {41, 98, 184, 255}},  {"Z", {127, 96, 62, 255}},
                 {"T", {22, 160, 160, 255}}};
    int i = is_text ? 6 : type;
    SDL_Color white = {255, 255, 255, 255};
    if (i < 0 || i > 6)
        i = 0;
    fy_ui_round(c->d, r, fy_ui_px(c->d, 4), icons[i].col);
    fy_ui_text_in(c->d, FY_FONT_BOLD, icons[i].letter, r, white, FY_ALIGN_CENTER);
}

static void when_text(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm *tm = localtime(&tt);
    if (!tm || !strftime(out, cap, "%Y-%m-%d %H:%M", tm))
        snprintf(out, cap, "?");
}

static void verdict_text(const fy_ui_hrow *row, const fy_ui_theme *t, char *out, size_t cap, SDL_Color *col)
{
    *col = t->text_dim;
    if (row->result != FY_HISTORY_DONE) {
        snprintf(out, cap, "%s", fy_history_result_word((fy_history_result)row->result));
        *col = t->danger;
    } else if (row->kind == FY_HISTORY_KIND_TEXT) {
        snprintf(out, cap, "text");
    } else if (row->outgoing) {
        snprintf(out, cap, "sent");
    } else if (row->scan == FY_SCAN_INFECTED) {
        snprintf(out, cap, "INFECTED");
        *col = t->danger;
    } else if (row->scan == FY_SCAN_CLEAN) {
        snprintf(out, cap, "clean");
        *col = t->success;
    } else {
        snprintf(out, cap, "not scanned");
    }
}

static void draw_row(fy_ui_ctx *c, const fy_ui_hrow *row, SDL_Rect r, int selected)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), lh = fy_ui_font_h(c->d, FY_FONT_BOLD), sh = fy_ui_font_h(c->d, FY_FONT_SMALL);
    SDL_Rect icon, right, line;
    char size[32], when[32], who[160], verdict[32], sub[1200];
    SDL_Color vcol;
    int type = fy_ui_history_type_of(row->path[0] ? row->path : row->name, row->kind);

    if (selected)
        fy_ui_round(c->d, r, fy_ui_px(c->d, 4), t->accent_soft);
    r = fy_ui_inset(r, gap / 2);
    icon = fy_ui_cut_left(&r, lh + sh);
    icon.h = lh + sh;
    icon.y = r.y + (r.h - icon.h) / 2;
    type_icon(c, icon, type, row->kind == FY_HISTORY_KIND_TEXT);
    fy_ui_cut_left(&r, gap);

    /* Right column: size and verdict; peer and time. */
    right = fy_ui_cut_right(&r, fy_ui_text_w(c->d, FY_FONT_SMALL, "2026-11-29 18:02  to a-long-name") + gap);
    fy_ui_format_size(row->size, size, sizeof size);
    verdict_text(row, t, verdict, sizeof verdict, &vcol);
    when_text(row->ended, when, sizeof when);
    snprintf(who, sizeof who, "%s %s  %s", row->outgoing ? "to" : "from", row->peer, when);
    line = fy_ui_cut_top(&right, lh);
    fy_ui_text_in(c->d, FY_FONT_BOLD, verdict, line, vcol, FY_ALIGN_RIGHT);
    fy_ui_text_in(c->d, FY_FONT_BODY, size, line, t->text, FY_ALIGN_LEFT);
    fy_ui_text_in(c->d, FY_FONT_SMALL, who, fy_ui_cut_top(&right, sh), t->text_dim, FY_ALIGN_LEFT);

    fy_ui_cut_right(&r, gap);
    fy_ui_text_in(c->d, FY_FONT_BOLD, row->name, fy_ui_cut_top(&r, lh), t->text, FY_ALIGN_LEFT);
    if (row->path[0] && !row->exists) {
        snprintf(sub, sizeof sub, "moved or deleted: %s", row->path);
        fy_ui_text_in(c->d, FY_FONT_SMALL, sub, fy_ui_cut_top(&r, sh), t->danger, FY_ELIDE_START);
    } else if (row->note[0]) {
        fy_ui_text_in(c->d, FY_FONT_SMALL, row->note, fy_ui_cut_top(&r, sh),
                      row->result != FY_HISTORY_DONE || row->scan == FY_SCAN_INFECTED ? t->danger : t->text_dim,
                      FY_ALIGN_LEFT);
    } else {
        fy_ui_text_in(c->d, FY_FONT_SMALL, row->path, fy_ui_cut_top(&r, sh), t->text_dim, FY_ELIDE_START);
    }
}

/* A chip that cycles through words; returns 1 when clicked. */
static int chip(fy_ui_ctx *c, SDL_Rect *bar, const char *label, int on, uint32_t salt)
{
    int w = fy_ui_button_w(c, label);
    SDL_Rect r = fy_ui_cut_left(bar, SDL_min(w, bar->w));
    int hit = fy_ui_button(c, r, label, on ? FY_BTN_PRIMARY : FY_BTN_NORMAL, salt);
    fy_ui_cut_left(bar, fy_ui_px(c->d, c->t->gap) / 2);
    return hit;
}

static void top_bar(fy_ui_ctx *c, fy_ui_model *m, fy_ui_hview *v, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap);
    const char *clear = v->clear_armed ? "Click again to clear" : "Clear history";
    SDL_Rect b = fy_ui_cut_right(&r, fy_ui_button_w(c, clear));
    if (fy_ui_button(c, b, clear, FY_BTN_DANGER, 0x4c)) {
        if (v->clear_armed && v->h) {
            fy_ui_history_clear(v->h);
            v->list.selected = -1;
            v->clear_armed = 0;
        } else {
            v->clear_armed = 1;
        }
    }
    fy_ui_cut_right(&r, gap);
    {
        const char *label = "Record history";
        SDL_Rect sw = fy_ui_cut_right(&r, fy_ui_px(c->d, 44) + gap + fy_ui_text_w(c->d, FY_FONT_BODY, label));
        if (fy_ui_switch(c, sw, label, !m->settings.no_history))
            fy_ui_model_push(m, FY_ACT_HISTORY, 0, m->settings.no_history, NULL);
    }
    fy_ui_cut_right(&r, gap);
    fy_ui_input(c, r, "Search history", v->filter.text, sizeof v->filter.text,
                "Search names, peers, snippets (3 letters are enough)");
}

static void chips(fy_ui_ctx *c, fy_ui_hview *v, const fy_ui_hrow *sel, SDL_Rect r)
{
    char peer[96];
    for (int d = 0; d < 3; d++)
        if (chip(c, &r, dir_words[d], v->filter.direction == d, 0x50 + (uint32_t)d))
            v->filter.direction = d;
    fy_ui_cut_left(&r, fy_ui_px(c->d, c->t->gap));
    if (chip(c, &r, type_labels[v->filter.type], v->filter.type != 0, 0x60))
        v->filter.type = (v->filter.type + 1) % (int)(sizeof type_labels / sizeof *type_labels);
    if (chip(c, &r, since_words[v->filter.since], v->filter.since != 0, 0x61))
        v->filter.since = (v->filter.since + 1) % 4;
    /* Peer: the selected row's peer, or back to everyone. */
    if (v->filter.peer[0])
        snprintf(peer, sizeof peer, "Peer: %s", v->filter.peer);
    else
        snprintf(peer, sizeof peer, "%s", sel ? "Only this peer" : "Every peer");
    if (chip(c, &r, peer, v->filter.peer[0] != 0, 0x62)) {
        if (v->filter.peer[0])
            v->filter.peer[0] = 0;
        else if (sel)
            snprintf(v->filter.peer, sizeof v->filter.peer, "%s", sel->peer);
    }
}

static void actions(fy_ui_ctx *c, fy_ui_model *m, const fy_ui_hrow *sel, SDL_Rect r)
{
    int gap = fy_ui_px(c->d, c->t->gap), ok = sel && sel->path[0] && sel->exists;
    SDL_Rect b = fy_ui_cut_left(&r, fy_ui_button_w(c, "Open"));
    if (fy_ui_button_enabled(c, b, "Open", FY_BTN_PRIMARY, 0x70, ok))
        fy_ui_model_push(m, FY_ACT_OPEN_FILE, 0, 0, sel->path);
    fy_ui_cut_left(&r, gap);
    b = fy_ui_cut_left(&r, fy_ui_button_w(c, "Show in folder"));
    if (fy_ui_button_enabled(c, b, "Show in folder", FY_BTN_NORMAL, 0x71, ok)) {
        char dir[sizeof sel->path];
        char *slash;
        snprintf(dir, sizeof dir, "%s", sel->path);
        slash = strrchr(dir, '/');
        if (!slash || (strrchr(dir, '\\') && strrchr(dir, '\\') > slash))
            slash = strrchr(dir, '\\');
        if (slash && slash != dir)
            *slash = '\0';
        fy_ui_model_push(m, FY_ACT_OPEN_FOLDER, 0, 0, dir);
    }
    fy_ui_cut_left(&r, gap);
    b = fy_ui_cut_left(&r, fy_ui_button_w(c, "Copy path"));
    if (fy_ui_button_enabled(c, b, "Copy path", FY_BTN_NORMAL, 0x72, sel && sel->path[0])) {
        SDL_SetClipboardText(sel->path);
        fy_ui_model_notice(m, 0, "Copied: %s", sel->path);
    }
    fy_ui_cut_left(&r, gap);
    if (m->notice[0])
        fy_ui_text_in(c->d, FY_FONT_SMALL, m->notice, r, m->notice_is_error ? c->t->danger : c->t->text_dim,
                      FY_ELIDE_START);
}

void fy_ui_screen_history(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    fy_ui_hview *v = m->hview;
    SDL_Rect in = fy_ui_card(c, r, "History"), list_r, status;
    int gap = fy_ui_px(c->d, t->gap), ch = fy_ui_px(c->d, t->control_h);
    int row_h = fy_ui_font_h(c->d, FY_FONT_BOLD) + fy_ui_font_h(c->d, FY_FONT_SMALL) + gap;
    fy_ui_hrow sel_row, row;
    int has_sel = 0;
    int64_t total;
    char line[200];

    if (!v || !v->h) {
        snprintf(line, sizeof line, "The history cannot be shown: %.150s", v ? v->error : "not available");
        fy_ui_text_in(c->d, FY_FONT_BODY, line, fy_ui_cut_top(&in, fy_ui_px(c->d, t->row_h)), t->danger,
                      FY_ALIGN_LEFT);
        return;
    }
    if (m->history_dirty) {
        m->history_dirty = 0;
        fy_ui_history_refresh(v->h);
    }
    if (v->list.selected >= 0)
        has_sel = fy_ui_history_get(v->h, v->list.selected, &sel_row);

    top_bar(c, m, v, fy_ui_cut_top(&in, ch));
    fy_ui_cut_top(&in, gap);
    chips(c, v, has_sel ? &sel_row : NULL, fy_ui_cut_top(&in, ch));
    fy_ui_cut_top(&in, gap);
    fy_ui_history_set_filter(v->h, &v->filter);

    total = fy_ui_history_total(v->h);
    status = fy_ui_cut_top(&in, fy_ui_font_h(c->d, FY_FONT_SMALL));
    {
        int cms, pms;
        char err[160];
        fy_ui_history_timing(v->h, &cms, &pms);
        fy_ui_history_error(v->h, err, sizeof err);
        if (err[0])
            snprintf(line, sizeof line, "%s", err);
        else if (total < 0)
            snprintf(line, sizeof line, "Searching...");
        else
            snprintf(line, sizeof line, "%lld %s  \xc2\xb7  counted in %d ms, page in %d ms", (long long)total,
                     total == 1 ? "entry" : "entries", cms, pms);
        fy_ui_text_in(c->d, FY_FONT_SMALL, line, status, err[0] ? t->danger : t->text_dim, FY_ALIGN_LEFT);
    }
    fy_ui_cut_top(&in, gap / 2);

    actions(c, m, has_sel ? &sel_row : NULL, fy_ui_cut_bottom(&in, ch));
    fy_ui_cut_bottom(&in, gap);
    list_r = in;
    if (total == 0) {
        fy_ui_text_in(c->d, FY_FONT_BODY,
                      v->filter.text[0] || v->filter.direction || v->filter.type || v->filter.since ||
                              v->filter.peer[0]
                          ? "Nothing matches."
                          : "Nothing yet: every transfer, both ways, is listed here when it ends.",
                      fy_ui_cut_top(&list_r, fy_ui_px(c->d, t->row_h)), t->text_dim, FY_ALIGN_LEFT);
        return;
    }
    fy_ui_list_begin(c, &v->list, list_r, total > 0 ? (int)SDL_min(total, 2000000000) : 0, row_h, 0);
    {
        int i;
        SDL_Rect rr;
        while (fy_ui_list_row(c, &v->list, &i, &rr)) {
            if (fy_ui_history_get(v->h, i, &row))
                draw_row(c, &row, rr, i == v->list.selected);
            else
                fy_ui_text_in(c->d, FY_FONT_SMALL, "...", rr, t->text_dim, FY_ALIGN_LEFT);
        }
    }
    fy_ui_list_end(c, &v->list);
    /* last is one past the last visible row */
    fy_ui_history_want(v->h, v->list.first, SDL_max(v->list.first, v->list.last - 1));
    if (v->list.activated >= 0 && fy_ui_history_get(v->h, v->list.activated, &row) && row.path[0] && row.exists)
        fy_ui_model_push(m, FY_ACT_OPEN_FILE, 0, 0, row.path);
}
