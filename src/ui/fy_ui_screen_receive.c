/* fy_ui_screen_receive.c: the Receive card: the switch, how other
 * machines reach this one, and where files go. */
#include <stdio.h>
#include <string.h>

#include "fy_ui_screens.h"

/* "Label   value" on one line; the value is shortened to fit. */
static void fact(fy_ui_ctx *c, SDL_Rect *r, const char *label, const char *value, int value_flags)
{
    const fy_ui_theme *t = c->t;
    SDL_Rect line = fy_ui_cut_top(r, fy_ui_px(c->d, t->row_h));
    SDL_Rect lab = fy_ui_cut_left(&line, fy_ui_px(c->d, 96));
    fy_ui_text_in(c->d, FY_FONT_BODY, label, lab, t->text_dim, FY_ALIGN_LEFT);
    fy_ui_text_in(c->d, FY_FONT_BODY, value, line, t->text, value_flags);
}

void fy_ui_screen_receive(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    int ch = fy_ui_px(c->d, t->control_h), gap = fy_ui_px(c->d, t->gap);
    SDL_Rect in = fy_ui_card(c, r, "Receive"), line, b;
    char port[16];
    const char *state = m->listening ? "On: other machines can send to this one"
                                     : "Off: offers are refused";

    /* The switch shows what is true; flipping it on retries a failed listen. */
    if (fy_ui_switch(c, fy_ui_cut_top(&in, ch), state, m->listening))
        fy_ui_model_set_listen(m, !m->listening);
    if (m->listen_error[0] && m->listen_wanted) {
        fy_ui_text_in(c->d, FY_FONT_SMALL, m->listen_error, fy_ui_cut_top(&in, fy_ui_px(c->d, t->row_h)), t->danger,
                      FY_ALIGN_LEFT);
    }
    if (m->firewall_note[0] && m->listening) {
        int lines = fy_ui_text_wrap(c->d, FY_FONT_SMALL, m->firewall_note, in.x, in.y, in.w, t->danger, 1);
        fy_ui_cut_top(&in, lines * fy_ui_font_h(c->d, FY_FONT_SMALL));
    }
    fy_ui_cut_top(&in, gap / 2);
    fact(c, &in, "Name", m->device_name, FY_ALIGN_LEFT);
    fact(c, &in, "Addresses", m->addresses, FY_ALIGN_LEFT);
    snprintf(port, sizeof port, "%u", (unsigned)m->port);
    fact(c, &in, "Port", port, FY_ALIGN_LEFT);
    line = fy_ui_cut_top(&in, ch);
    b = fy_ui_cut_right(&line, fy_ui_button_w(c, "Change\xe2\x80\xa6"));
    if (fy_ui_button(c, b, "Change\xe2\x80\xa6", FY_BTN_NORMAL, 0))
        fy_ui_model_push(m, FY_ACT_PICK_DIR, 0, 0, NULL);
    fy_ui_cut_right(&line, gap);
    {
        SDL_Rect lab = fy_ui_cut_left(&line, fy_ui_px(c->d, 96));
        fy_ui_text_in(c->d, FY_FONT_BODY, "Files go to", lab, t->text_dim, FY_ALIGN_LEFT);
        fy_ui_text_in(c->d, FY_FONT_BODY, m->receive_dir, line, t->text, FY_ELIDE_START);
    }
}
