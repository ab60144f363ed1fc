/* fy_ui_screen_settings.c: the Settings panel (every change applies at
 * once), the path entry that stands in for a file dialog where there is
 * none, and the folder that could not be opened, shown to copy. */
#include <stdio.h>
#include <string.h>

#include "fy_ui_screens.h"

#define LABEL_W 130 /* points: the label column */
#define PANEL_W 600 /* points: the five sizes side by side */

static const struct { const char *label; int percent; } scales[] = {
    {"Automatic", 0}, {"100%", 100}, {"125%", 125}, {"150%", 150}, {"200%", 200},
};

static SDL_Rect label_col(fy_ui_ctx *c, SDL_Rect *line, const char *label)
{
    SDL_Rect lab = fy_ui_cut_left(line, fy_ui_px(c->d, LABEL_W));
    fy_ui_text_in(c->d, FY_FONT_BODY, label, lab, c->t->text_dim, FY_ALIGN_LEFT);
    return lab;
}

/* A text field applied on Enter, or once the focus is elsewhere (Tab, a
 * click on another control) while it holds something new. */
static int field(fy_ui_ctx *c, SDL_Rect r, const char *label, char *buf, size_t cap, const char *current)
{
    int enter = fy_ui_input(c, r, label, buf, cap, NULL);
    return enter || (c->focus != fy_ui_id_of(label, 0x1f) && strcmp(buf, current) != 0);
}

/* Inside width of the panel in window w. */
static int panel_in_w(fy_ui_ctx *c, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    return SDL_min(fy_ui_px(c->d, PANEL_W), window.w - 2 * fy_ui_px(c->d, t->pad)) - 2 * fy_ui_px(c->d, t->pad + 4);
}

static int settings_h(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap), sh = fy_ui_font_h(c->d, FY_FONT_SMALL);
    int err = m->settings_error[0]
                  ? fy_ui_text_wrap(c->d, FY_FONT_SMALL, m->settings_error, 0, 0, panel_in_w(c, window), t->danger, 0)
                  : 0;
    return fy_ui_font_h(c->d, FY_FONT_BIG) + 2 * gap + 6 * (ch + gap) + sh + gap + err * sh + gap + ch +
           2 * fy_ui_px(c->d, t->pad + 4);
}

static void settings(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap), sh = fy_ui_font_h(c->d, FY_FONT_SMALL);
    SDL_Rect in = fy_ui_dialog_begin_w(c, window, PANEL_W, settings_h(c, m, window)), line, b;
    char port[8];

    fy_ui_text_in(c->d, FY_FONT_BIG, "Settings", fy_ui_cut_top(&in, fy_ui_font_h(c->d, FY_FONT_BIG)), t->text,
                  FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, 2 * gap);

    line = fy_ui_cut_top(&in, ch);
    label_col(c, &line, "Device name");
    if (field(c, line, "Device name", m->edit_name, sizeof m->edit_name, m->device_name))
        fy_ui_model_set_name(m, m->edit_name);
    fy_ui_cut_top(&in, gap);

    line = fy_ui_cut_top(&in, ch);
    label_col(c, &line, "Receive folder");
    b = fy_ui_cut_right(&line, fy_ui_button_w(c, "Change\xe2\x80\xa6"));
    if (fy_ui_button(c, b, "Change\xe2\x80\xa6", FY_BTN_NORMAL, 0x5e7))
        fy_ui_model_push(m, FY_ACT_PICK_DIR, 0, 0, NULL);
    fy_ui_cut_right(&line, gap);
    fy_ui_text_in(c->d, FY_FONT_BODY, m->receive_dir, line, t->text, FY_ELIDE_START);
    fy_ui_cut_top(&in, gap);

    line = fy_ui_cut_top(&in, ch);
    label_col(c, &line, "Port");
    snprintf(port, sizeof port, "%u", (unsigned)m->port);
    if (field(c, fy_ui_cut_left(&line, fy_ui_px(c->d, 90)), "Port", m->edit_port, sizeof m->edit_port, port))
        fy_ui_model_set_port(m, m->edit_port);
    fy_ui_cut_left(&line, gap);
    {
        char state[96];
        if (m->listening)
            snprintf(state, sizeof state, "Receiving on port %u", (unsigned)m->port);
        else
            snprintf(state, sizeof state, "Not receiving");
        fy_ui_text_in(c->d, FY_FONT_SMALL, state, line, m->listening ? t->success : t->text_dim, FY_ALIGN_LEFT);
    }
    fy_ui_cut_top(&in, gap);

    if (fy_ui_switch(c, fy_ui_cut_top(&in, ch), "Find machines nearby, and be found", !m->settings.no_discovery))
        fy_ui_model_set_discovery(m, m->settings.no_discovery);
    fy_ui_cut_top(&in, gap);

    line = fy_ui_cut_top(&in, ch);
    label_col(c, &line, "Size");
    for (size_t i = 0; i < sizeof scales / sizeof *scales; i++) {
        const char *lab = scales[i].label;
        SDL_Rect r = fy_ui_cut_left(&line, fy_ui_text_w(c->d, FY_FONT_BODY, lab) + 2 * gap);
        int sel = m->settings.ui_scale == scales[i].percent;
        if (fy_ui_choice(c, r, lab, 0x5ca, sel))
            fy_ui_model_set_scale(m, scales[i].percent);
        fy_ui_text_in(c->d, FY_FONT_BODY, lab, r, sel ? t->accent : t->text, FY_ALIGN_CENTER);
        fy_ui_cut_left(&line, gap / 2);
    }
    fy_ui_cut_top(&in, gap);

    if (fy_ui_switch(c, fy_ui_cut_top(&in, ch), "Accept files from paired machines without asking",
                     m->settings.auto_accept_paired))
        fy_ui_model_set_auto_accept(m, !m->settings.auto_accept_paired);
    fy_ui_text_in(c->d, FY_FONT_SMALL, "Only machines paired with a code; others are still asked.",
                  fy_ui_cut_top(&in, sh), t->text_dim, FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, gap);
    if (m->settings_error[0])
        fy_ui_text_wrap(c->d, FY_FONT_SMALL, m->settings_error, in.x, in.y, in.w, t->danger, 1);

    line = fy_ui_cut_bottom(&in, ch);
    b = fy_ui_cut_right(&line, fy_ui_button_w(c, "Done") + 2 * gap);
    if (fy_ui_button(c, b, "Done", FY_BTN_PRIMARY, 0x5e7) || c->key_esc)
        fy_ui_model_settings_close(m);
    fy_ui_dialog_end(c);
}

/* Typing a path: Tab completes (the focus stays), Enter takes it. */
static void path_entry(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap);
    int dir = m->path_entry == FY_PATH_DIR, lines;
    fy_ui_id id = fy_ui_id_of("Path", 0x1f);
    SDL_Rect in, line, b;
    const char *take = dir ? "Use this folder" : "Add";
    int w = SDL_min(fy_ui_px(c->d, t->dialog_w), window.w - 2 * fy_ui_px(c->d, t->pad)) -
            2 * fy_ui_px(c->d, t->pad + 4);

    lines = fy_ui_text_wrap(c->d, FY_FONT_SMALL, m->path_note, 0, 0, w, t->text_dim, 0);
    in = fy_ui_dialog_begin(c, window,
                            fy_ui_font_h(c->d, FY_FONT_BIG) + 2 * gap + ch + gap +
                                lines * fy_ui_font_h(c->d, FY_FONT_SMALL) + 2 * gap + ch +
                                2 * fy_ui_px(c->d, t->pad + 4));
    fy_ui_text_in(c->d, FY_FONT_BIG, dir ? "Where should files go?" : "Choose files to send",
                  fy_ui_cut_top(&in, fy_ui_font_h(c->d, FY_FONT_BIG)), t->text, FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, 2 * gap);
    /* Typing starts in the field (also when the dialog was opened from a
     * button elsewhere, which held the focus). */
    if (c->focus != id && c->focus != fy_ui_id_of(take, 0x9a7) &&
        c->focus != fy_ui_id_of(dir ? "Cancel" : "Done", 0x9a7))
        c->focus = id;
    if (c->focus == id && c->key_tab > 0) {
        fy_ui_model_path_complete(m);
        c->key_tab = 0;
    }
    if (fy_ui_input(c, fy_ui_cut_top(&in, ch), "Path", m->path_buf, sizeof m->path_buf, "/home/you/file.txt"))
        fy_ui_model_path_take(m);
    fy_ui_cut_top(&in, gap);
    fy_ui_text_wrap(c->d, FY_FONT_SMALL, m->path_note, in.x, in.y, in.w, m->path_note_error ? t->danger : t->text_dim,
                    1);
    line = fy_ui_cut_bottom(&in, ch);
    b = fy_ui_cut_right(&line, fy_ui_button_w(c, take) + 2 * gap);
    if (fy_ui_button(c, b, take, FY_BTN_PRIMARY, 0x9a7))
        fy_ui_model_path_take(m);
    fy_ui_cut_right(&line, gap);
    b = fy_ui_cut_right(&line, fy_ui_button_w(c, dir ? "Cancel" : "Done"));
    if (fy_ui_button(c, b, dir ? "Cancel" : "Done", FY_BTN_NORMAL, 0x9a7) || c->key_esc)
        fy_ui_model_path_close(m);
    fy_ui_dialog_end(c);
}

static void folder_shown(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap), sh = fy_ui_font_h(c->d, FY_FONT_SMALL);
    int bh = fy_ui_font_h(c->d, FY_FONT_BODY);
    int w = SDL_min(fy_ui_px(c->d, t->dialog_w), window.w - 2 * fy_ui_px(c->d, t->pad)) -
            2 * fy_ui_px(c->d, t->pad + 4);
    int el = fy_ui_text_wrap(c->d, FY_FONT_SMALL, m->folder_error, 0, 0, w, t->text_dim, 0);
    int pl = fy_ui_text_wrap(c->d, FY_FONT_BODY, m->folder_shown, 0, 0, w, t->text, 0);
    SDL_Rect in = fy_ui_dialog_begin(c, window,
                                     fy_ui_font_h(c->d, FY_FONT_BIG) + gap + el * sh + gap + pl * bh + 2 * gap + ch +
                                         2 * fy_ui_px(c->d, t->pad + 4)),
             line, b;
    fy_ui_text_in(c->d, FY_FONT_BIG, "The folder could not be opened", fy_ui_cut_top(&in, fy_ui_font_h(c->d, FY_FONT_BIG)),
                  t->text, FY_ALIGN_LEFT);
    fy_ui_cut_top(&in, gap);
    fy_ui_text_wrap(c->d, FY_FONT_SMALL, m->folder_error, in.x, in.y, in.w, t->text_dim, 1);
    fy_ui_cut_top(&in, el * sh + gap);
    /* The whole path, wrapped: this is what the user copies or reads. */
    fy_ui_text_wrap(c->d, FY_FONT_BODY, m->folder_shown, in.x, in.y, in.w, t->text, 1);
    line = fy_ui_cut_bottom(&in, ch);
    b = fy_ui_cut_right(&line, fy_ui_button_w(c, "Close") + 2 * gap);
    if (fy_ui_button(c, b, "Close", FY_BTN_NORMAL, 0xf01) || c->key_esc)
        m->folder_shown[0] = '\0';
    fy_ui_cut_right(&line, gap);
    b = fy_ui_cut_right(&line, fy_ui_button_w(c, "Copy path") + 2 * gap);
    if (fy_ui_button(c, b, "Copy path", FY_BTN_PRIMARY, 0xf01)) {
        fy_ui_model_push(m, FY_ACT_COPY, 0, 0, m->folder_shown);
        m->folder_shown[0] = '\0';
        fy_ui_model_notice(m, 0, "The folder's path is on the clipboard.");
    }
    fy_ui_dialog_end(c);
}

int fy_ui_screen_modal(fy_ui_model *m)
{
    return fy_ui_model_question(m) != NULL || m->doctor_open || m->text_box_open || m->text != NULL ||
           m->path_entry || m->folder_shown[0] || m->settings_open;
}

void fy_ui_screen_settings(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window)
{
    if (m->path_entry)
        path_entry(c, m, window);
    else if (m->folder_shown[0])
        folder_shown(c, m, window);
    else if (m->settings_open)
        settings(c, m, window);
}
