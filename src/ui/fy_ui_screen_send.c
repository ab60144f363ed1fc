/* fy_ui_screen_send.c: the Send card: drop target, send list, destination,
 * and the Send button. */
#include <stdio.h>
#include <string.h>

#include "fy_ui_screens.h"
#include "fy_ui_words.h"

#define CHOOSE_LABEL "Choose files\xe2\x80\xa6"
#define SEND_TEXT_LABEL "Send text\xe2\x80\xa6"
#define DOCTOR_LABEL "Can't see a machine?"

static void drop_zone(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r, int big)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap);
    int bw = fy_ui_button_w(c, CHOOSE_LABEL);
    fy_ui_round(c->d, r, fy_ui_px(c->d, t->radius), t->drop_bg);
    fy_ui_dashed(c->d, r, t->drop_border);
    if (big) {
        int th = fy_ui_font_h(c->d, FY_FONT_BIG), sh = fy_ui_font_h(c->d, FY_FONT_BODY);
        SDL_Rect col = fy_ui_center(r, r.w, th + gap + sh + 2 * gap + ch);
        fy_ui_text_in(c->d, FY_FONT_BIG, "Drop files or folders here", fy_ui_cut_top(&col, th), t->text,
                      FY_ALIGN_CENTER);
        fy_ui_cut_top(&col, gap);
        fy_ui_text_in(c->d, FY_FONT_BODY, "They are sent together, folders with everything inside.",
                      fy_ui_cut_top(&col, sh), t->text_dim, FY_ALIGN_CENTER);
        fy_ui_cut_top(&col, 2 * gap);
        if (fy_ui_button(c, fy_ui_center(col, bw, ch), CHOOSE_LABEL, FY_BTN_NORMAL, 0))
            fy_ui_model_push(m, FY_ACT_PICK_FILES, 0, 0, NULL);
    } else {
        SDL_Rect in = fy_ui_inset(r, gap);
        SDL_Rect b = fy_ui_cut_right(&in, bw);
        fy_ui_text_in(c->d, FY_FONT_BODY, "Drop more files or folders here", in, t->text_dim, FY_ALIGN_LEFT);
        if (fy_ui_button(c, fy_ui_center(b, bw, ch), CHOOSE_LABEL, FY_BTN_NORMAL, 0))
            fy_ui_model_push(m, FY_ACT_PICK_FILES, 0, 0, NULL);
    }
}

static void item_rows(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    int rh = fy_ui_px(c->d, t->row_h), gap = fy_ui_px(c->d, t->gap), fits = r.h / rh;
    int remove = -1;
    if (fits < m->nitems && fits > 0)
        fits--; /* room for "and N more" */
    for (int i = 0; i < m->nitems && i < fits; i++) {
        const fy_ui_item *it = &m->items[i];
        SDL_Rect row = fy_ui_cut_top(&r, rh), in, x, sz;
        char size[32], info[64];
        fy_ui_row(c, row, fy_ui_id_of(it->path, 0x77));
        in = fy_ui_inset(row, 0);
        in.x += gap / 2;
        in.w -= gap / 2;
        x = fy_ui_cut_right(&in, rh);
        if (fy_ui_button(c, fy_ui_inset(x, fy_ui_px(c->d, 3)), "\xc3\x97", FY_BTN_QUIET, (uint32_t)i + 1))
            remove = i;
        fy_ui_format_size(it->bytes, size, sizeof size);
        if (it->is_dir)
            snprintf(info, sizeof info, "%s%u file%s, %s", it->partial ? "over " : "", it->files,
                     it->files == 1 ? "" : "s", size);
        else
            snprintf(info, sizeof info, "%s", size);
        sz = fy_ui_cut_right(&in, fy_ui_text_w(c->d, FY_FONT_SMALL, info) + gap);
        fy_ui_text_in(c->d, FY_FONT_SMALL, info, sz, t->text_dim, FY_ALIGN_RIGHT);
        {
            char name[300];
            snprintf(name, sizeof name, "%s%s", it->name, it->is_dir ? "/" : "");
            fy_ui_text_in(c->d, FY_FONT_BODY, name, in, t->text, FY_ALIGN_LEFT);
        }
    }
    if (fits < m->nitems) {
        char more[48];
        snprintf(more, sizeof more, "and %d more", m->nitems - fits);
        fy_ui_text_in(c->d, FY_FONT_SMALL, more, fy_ui_cut_top(&r, rh), t->text_dim, FY_ALIGN_LEFT);
    }
    if (remove >= 0)
        fy_ui_model_remove(m, remove);
}

#define NEARBY_ROWS 4 /* shown at most; with more, the last row counts the rest */

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
    char label[48], info[64];
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
    for (int i = 0; i < m->nnearby && i < rows; i++) {
        SDL_Rect row = fy_ui_cut_top(r, rh);
        fy_ui_cut_top(r, gap / 3);
        if (i == rows - 1 && m->nnearby > rows) {
            char more[80];
            snprintf(more, sizeof more, "and %d more: type a name or address below", m->nnearby - i);
            fy_ui_text_in(c->d, FY_FONT_SMALL, more, row, t->text_dim, FY_ALIGN_LEFT);
            break;
        }
        nearby_row(c, m, &m->nearby[i], row, sel >= 0 && !strcmp(m->nearby[i].name, m->nearby[sel].name));
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
    int partial;
    uint64_t total = fy_ui_model_total_bytes(m, &files, &partial);
    char label[64], size[32];

    /* Bottom up: Send button, destination, notice; the rest is the list. */
    sendb = fy_ui_cut_bottom(&in, ch + fy_ui_px(c->d, 4));
    /* A text instead of files: a dialog of its own (fy_ui_screen_text.c). */
    if (fy_ui_button(c, fy_ui_cut_left(&sendb, fy_ui_button_w(c, SEND_TEXT_LABEL)), SEND_TEXT_LABEL, FY_BTN_NORMAL, 0))
        fy_ui_model_text_box(m, 1);
    fy_ui_cut_left(&sendb, gap);
    fy_ui_size_label(files, total, partial, size, sizeof size);
    if (m->nitems)
        snprintf(label, sizeof label, "Send %s", size);
    else
        snprintf(label, sizeof label, "Send");
    if (fy_ui_button_enabled(c, sendb, label, FY_BTN_PRIMARY, 0, m->nitems > 0 && m->dest[0]))
        fy_ui_model_send(m);
    fy_ui_cut_bottom(&in, gap);
    bottom = fy_ui_cut_bottom(&in, destination_h(c, m));
    destination(c, m, &bottom);
    fy_ui_cut_bottom(&in, gap);
    notice = fy_ui_cut_bottom(&in, sh + gap);
    if (m->notice[0])
        fy_ui_text_in(c->d, FY_FONT_BODY, m->notice, notice, m->notice_is_error ? t->danger : t->text_dim,
                      FY_ALIGN_LEFT);

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
