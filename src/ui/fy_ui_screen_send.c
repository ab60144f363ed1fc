/* fy_ui_screen_send.c: the Send card: drop target, send list, destination,
 * and the Send button. */
#include <stdio.h>
#include <string.h>

#include "fy_ui_screens.h"
#include "fy_ui_words.h"

#define CHOOSE_LABEL "Choose files\xe2\x80\xa6"
#define SEND_TEXT_LABEL "Send text\xe2\x80\xa6"
#define DOCTOR_LABEL "Can't see a machine?"

/* While files are dragged over the window (m->drag_over) the zone lights
 * up in the accent colour, its border doubled, and says what letting go
 * does. */
static void drop_zone(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r, int big)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap);
    int bw = fy_ui_button_w(c, CHOOSE_LABEL), lit = m->drag_over;
    fy_ui_label(c, "drop zone", r);
    fy_ui_round(c->d, r, fy_ui_px(c->d, t->radius), lit ? t->accent_soft : t->drop_bg);
    fy_ui_dashed(c->d, r, lit ? t->accent : t->drop_border);
    if (lit)
        fy_ui_dashed(c->d, fy_ui_inset(r, fy_ui_px(c->d, 2)), t->accent);
    if (big) {
        int th = fy_ui_font_h(c->d, FY_FONT_BIG), sh = fy_ui_font_h(c->d, FY_FONT_BODY);
        SDL_Rect col = fy_ui_center(r, r.w, th + gap + sh + 2 * gap + ch);
        fy_ui_text_in(c->d, FY_FONT_BIG, lit ? "Drop to add" : "Drop files or folders here", fy_ui_cut_top(&col, th),
                      lit ? t->accent : t->text, FY_ALIGN_CENTER);
        fy_ui_cut_top(&col, gap);
        fy_ui_text_in(c->d, FY_FONT_BODY, "They are sent together, folders with everything inside.",
                      fy_ui_cut_top(&col, sh), t->text_dim, FY_ALIGN_CENTER);
        fy_ui_cut_top(&col, 2 * gap);
        if (fy_ui_button(c, fy_ui_center(col, bw, ch), CHOOSE_LABEL, FY_BTN_NORMAL, 0))
            fy_ui_model_push(m, FY_ACT_PICK_FILES, 0, 0, NULL);
    } else {
        SDL_Rect in = fy_ui_inset(r, gap);
        SDL_Rect b = fy_ui_cut_right(&in, bw);
        fy_ui_text_in(c->d, lit ? FY_FONT_BOLD : FY_FONT_BODY, lit ? "Drop to add" : "Drop more files or folders here",
                      in, lit ? t->accent : t->text_dim, FY_ALIGN_LEFT);
        if (fy_ui_button(c, fy_ui_center(b, bw, ch), CHOOSE_LABEL, FY_BTN_NORMAL, 0))
            fy_ui_model_push(m, FY_ACT_PICK_FILES, 0, 0, NULL);
    }
}

/* The little mark before a name: a folder (tab and body) or a page. */
static void kind_mark(fy_ui_ctx *c, SDL_Rect r, int is_dir)
{
    int u = fy_ui_px(c->d, 1), h = fy_ui_font_h(c->d, FY_FONT_SMALL);
    SDL_Rect body = {r.x, r.y + (r.h - h) / 2 + 2 * u, h + h / 3, h - 2 * u}, tab = body;
    if (is_dir) {
        tab.y -= 2 * u, tab.h = 4 * u, tab.w = body.w / 2;
        fy_ui_round(c->d, tab, u, c->t->drop_border);
        fy_ui_round(c->d, body, 2 * u, c->t->drop_border);
    } else {
        body.w = h * 3 / 4, body.x += h / 4, body.y -= u, body.h += u;
        fy_ui_box(c->d, body, u, c->t->card, c->t->drop_border);
    }
}

/* The send list: every item, scrolled (1,000 items reach the end), each
 * with its × and, for a folder, what is inside. Delete removes the
 * selected item. */
static void item_rows(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    int rh = fy_ui_px(c->d, t->row_h), gap = fy_ui_px(c->d, t->gap);
    int remove = -1, i;
    SDL_Rect row;
    fy_ui_list *l = &m->list_items;
    if (c->key_nav == FY_KEY_DELETE && c->focus == fy_ui_id_of("list", l->salt) && l->selected >= 0)
        remove = l->selected;
    fy_ui_list_begin(c, l, r, m->nitems, rh, 0);
    while (fy_ui_list_row(c, l, &i, &row)) {
        const fy_ui_item *it = &m->items[i];
        SDL_Rect in, x, sz, mark;
        char size[32], info[64], label[24];
        in = row;
        in.x += gap / 2;
        in.w -= gap / 2;
        x = fy_ui_cut_right(&in, rh);
        /* One label per row so a test can click the × of row 999. */
        snprintf(label, sizeof label, "remove %d", i + 1);
        if (fy_ui_button(c, fy_ui_inset(x, fy_ui_px(c->d, 3)), "\xc3\x97", FY_BTN_QUIET, (uint32_t)i + 1))
            remove = i;
        fy_ui_label(c, label, x);
        fy_ui_format_size(it->bytes, size, sizeof size);
        if (it->is_dir)
            snprintf(info, sizeof info, "folder \xc2\xb7 %s%u file%s, %s", it->partial ? "over " : "", it->files,
                     it->files == 1 ? "" : "s", size);
        else
            snprintf(info, sizeof info, "%s", size);
        sz = fy_ui_cut_right(&in, fy_ui_text_w(c->d, FY_FONT_SMALL, info) + gap);
        fy_ui_text_in(c->d, FY_FONT_SMALL, info, sz, t->text_dim, FY_ALIGN_RIGHT);
        mark = fy_ui_cut_left(&in, fy_ui_font_h(c->d, FY_FONT_SMALL) * 3 / 2 + gap / 2);
        kind_mark(c, mark, it->is_dir);
        fy_ui_text_in(c->d, it->is_dir ? FY_FONT_BOLD : FY_FONT_BODY, it->name, in, t->text, FY_ALIGN_LEFT);
    }
    fy_ui_list_end(c, l);
    if (remove >= 0) {
        fy_ui_model_remove(m, remove);
        c->redraw = 1;
    }
}

#define NEARBY_ROWS 4 /* the height of the nearby list; more scroll */

static int nearby_rows(const fy_ui_model *m)
{
    return m->nnearby < 1 ? 1 : m->nnearby > NEARBY_ROWS ? NEARBY_ROWS : m->nnearby;
}

/* The height destination() needs: title, the nearby rows, the field, the
 * recent line. */
static int destination_h(fy_ui_ctx *c, const fy_ui_model *m)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap), rh = fy_ui_px(c->d, t->row_h);
    return fy_ui_font_h(c->d, FY_FONT_BOLD) + gap / 2 + nearby_rows(m) * (rh + gap / 3) + gap / 2 + ch + gap / 2 +
           ch;
}

/* One nearby machine: its name, OS and address, and whether it is paired.
 * Picking it puts its name in the field; the send goes to the address it
 * announced. */
static void nearby_row(fy_ui_ctx *c, fy_ui_model *m, const fy_nearby *p, SDL_Rect row, int selected)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap);
    char label[sizeof p->name], info[64];
    const char *mark = p->paired ? "paired" : "not paired yet";
    SDL_Rect in, right;
    /* The label identifies the row for keyboard focus and test scripts;
     * a name on two networks is two rows, told apart by the address. */
    snprintf(label, sizeof label, "%s", p->name);
    if (fy_ui_choice(c, row, label, fy_ui_id_of(p->addr, 0x4e), selected))
        fy_ui_model_set_dest(m, p->name);
    in = fy_ui_inset(row, 0);
    in.x += gap;
    in.w -= 2 * gap;
    right = fy_ui_cut_right(&in, fy_ui_text_w(c->d, FY_FONT_SMALL, mark) + gap);
    fy_ui_text_in(c->d, FY_FONT_SMALL, mark, right, p->paired ? t->success : t->text_dim, FY_ALIGN_RIGHT);
    {
        SDL_Rect name = fy_ui_cut_left(&in, SDL_min(in.w / 2, fy_ui_text_w(c->d, FY_FONT_BOLD, p->name) + gap));
        fy_ui_text_in(c->d, FY_FONT_BOLD, p->name, name, selected ? t->accent : t->text, FY_ALIGN_LEFT);
    }
    snprintf(info, sizeof info, "%s \xc2\xb7 %s", p->os[0] ? p->os : "?", p->addr);
    fy_ui_text_in(c->d, FY_FONT_SMALL, info, in, t->text_dim, FY_ALIGN_LEFT);
}

/* "Send to": machines nearby to pick from, the address field for the rest,
 * then recently used addresses as buttons. */
static void destination(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect *r)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap), rh = fy_ui_px(c->d, t->row_h);
    int sel = fy_ui_model_dest_nearby(m), rows = nearby_rows(m);
    SDL_Rect line, head = fy_ui_cut_top(r, fy_ui_font_h(c->d, FY_FONT_BOLD));
    fy_ui_text_in(c->d, FY_FONT_BOLD, "Send to", head, t->text, FY_ALIGN_LEFT);
    {
        /* The network report: why a machine is missing from the list. */
        SDL_Rect link = fy_ui_cut_right(&head, fy_ui_button_w(c, DOCTOR_LABEL));
        if (fy_ui_button(c, link, DOCTOR_LABEL, FY_BTN_QUIET, 0xd0c))
            fy_ui_model_doctor_open(m, "");
        fy_ui_cut_right(&head, gap);
    }
    if (m->nnearby > 0) {
        char n[48];
        snprintf(n, sizeof n, "%d machine%s nearby", m->nnearby, m->nnearby == 1 ? "" : "s");
        fy_ui_text_in(c->d, FY_FONT_SMALL, n, head, t->text_dim, FY_ALIGN_RIGHT);
    }
    fy_ui_cut_top(r, gap / 2);
    if (m->nnearby == 0) {
        /* Discovery runs while this machine receives; say why the list is
         * empty and what still works. */
        const char *why = m->settings.no_discovery ? "Finding machines nearby is off (Settings)."
                          : !m->listening      ? "Turn on receiving to see the machines nearby."
                                               : "Looking for machines on this network\xe2\x80\xa6";
        fy_ui_text_in(c->d, FY_FONT_SMALL, why, fy_ui_cut_top(r, rh), t->text_dim, FY_ALIGN_LEFT);
        fy_ui_cut_top(r, gap / 3);
    }
    if (m->nnearby > 0) {
        /* All of them, scrolled past NEARBY_ROWS: a machine that is there
         * can always be picked. */
        SDL_Rect area = fy_ui_cut_top(r, rows * (rh + gap / 3)), row;
        int i;
        m->list_nearby.selected = sel;
        fy_ui_list_begin(c, &m->list_nearby, area, m->nnearby, rh + gap / 3, 0);
        while (fy_ui_list_row(c, &m->list_nearby, &i, &row)) {
            row.h -= gap / 3;
            nearby_row(c, m, &m->nearby[i], row, sel >= 0 && !strcmp(m->nearby[i].name, m->nearby[sel].name));
        }
        fy_ui_list_end(c, &m->list_nearby);
        if (m->list_nearby.selected >= 0 && m->list_nearby.selected != sel)
            fy_ui_model_set_dest(m, m->nearby[m->list_nearby.selected].name);
    }
    fy_ui_cut_top(r, gap / 2);
    if (fy_ui_input(c, fy_ui_cut_top(r, ch), "Address", m->dest, sizeof m->dest,
                    "Or type a name or address, e.g. 192.168.1.20"))
        fy_ui_model_send(m);
    fy_ui_cut_top(r, gap / 2);
    line = fy_ui_cut_top(r, ch);
    if (m->settings.nrecent > 0) {
        SDL_Rect lab = fy_ui_cut_left(&line, fy_ui_text_w(c->d, FY_FONT_SMALL, "Recent:") + gap);
        fy_ui_text_in(c->d, FY_FONT_SMALL, "Recent:", lab, t->text_dim, FY_ALIGN_LEFT);
        for (int i = 0; i < m->settings.nrecent; i++) {
            const char *a = m->settings.recent[i];
            int w = fy_ui_text_w(c->d, FY_FONT_BOLD, a) + 2 * gap;
            if (w > line.w)
                break;
            if (fy_ui_button(c, fy_ui_cut_left(&line, w), a, FY_BTN_QUIET, 0x400))
                fy_ui_model_set_dest(m, a);
            fy_ui_cut_left(&line, gap / 2);
        }
    }
}

void fy_ui_screen_send(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap);
    int sh = fy_ui_font_h(c->d, FY_FONT_BODY);
    SDL_Rect in = fy_ui_card(c, r, "Send"), bottom, sendb, notice;
    uint32_t files;
    int partial, in_flight;
    uint64_t total = fy_ui_model_total_bytes(m, &files, &partial);
    char label[64], size[32];

    /* Bottom up: Send button, destination, notice; the rest is the list. */
    sendb = fy_ui_cut_bottom(&in, ch + fy_ui_px(c->d, 4));
    /* A text instead of files: a dialog of its own (fy_ui_screen_text.c). */
    if (fy_ui_button(c, fy_ui_cut_left(&sendb, fy_ui_button_w(c, SEND_TEXT_LABEL)), SEND_TEXT_LABEL, FY_BTN_NORMAL, 0))
        fy_ui_model_text_box(m, 1);
    fy_ui_cut_left(&sendb, gap);
    fy_ui_size_label(files, total, partial, size, sizeof size);
    in_flight = fy_ui_model_batch_in_flight(m);
    if (in_flight)
        snprintf(label, sizeof label, "Sending\xe2\x80\xa6");
    else if (m->nitems)
        snprintf(label, sizeof label, "Send %s", size);
    else
        snprintf(label, sizeof label, "Send");
    /* Disabled while this very list is on its way: a double click is one
     * transfer (it was two: x.bin and x (1).bin). */
    fy_ui_label(c, "Send", sendb);
    if (fy_ui_button_enabled(c, sendb, label, FY_BTN_PRIMARY, 0, m->nitems > 0 && m->dest[0] && !in_flight) &&
        c->clicks < 2) /* the second half of a double click, even after a send that ended at once */
        fy_ui_model_send(m);
    fy_ui_cut_bottom(&in, gap);
    bottom = fy_ui_cut_bottom(&in, destination_h(c, m));
    destination(c, m, &bottom);
    fy_ui_cut_bottom(&in, gap);
    {
        /* Whole, on as many lines as it takes (it was cut mid-sentence). */
        int lines = m->notice[0] ? fy_ui_text_wrap(c->d, FY_FONT_BODY, m->notice, 0, 0, in.w, t->text, 0) : 1;
        notice = fy_ui_cut_bottom(&in, SDL_max(1, lines) * sh + gap);
        if (m->notice[0])
            fy_ui_text_wrap(c->d, FY_FONT_BODY, m->notice, notice.x, notice.y + gap / 2, notice.w,
                            m->notice_is_error ? t->danger : t->text_dim, 1);
    }

    if (m->nitems == 0) {
        drop_zone(c, m, in, 1);
        return;
    }
    drop_zone(c, m, fy_ui_cut_top(&in, ch + 2 * gap), 0);
    fy_ui_cut_top(&in, gap);
    {
        SDL_Rect sum = fy_ui_cut_bottom(&in, ch), clear;
        char text[96];
        clear = fy_ui_cut_right(&sum, fy_ui_button_w(c, "Clear"));
        if (fy_ui_button(c, clear, "Clear", FY_BTN_QUIET, 0))
            fy_ui_model_clear(m);
        snprintf(text, sizeof text, "%d item%s: %s", m->nitems, m->nitems == 1 ? "" : "s", size);
        fy_ui_text_in(c->d, FY_FONT_BOLD, text, sum, t->text, FY_ALIGN_LEFT);
    }
    item_rows(c, m, in);
}
