/* fy_ui_widgets.h: a handful of immediate-mode widgets. Each call draws the
 * widget for this frame and says whether it was used; the caller keeps all
 * state (the model), the context keeps only input, hover and focus.
 *
 * Focus: every focusable widget registers itself in drawing order, so Tab
 * and Shift+Tab walk the screen as it is drawn. While a dialog is open,
 * only widgets drawn inside fy_ui_dialog_begin/end take input. */
#ifndef FY_UI_WIDGETS_H
#define FY_UI_WIDGETS_H

#include <SDL.h>

#include "fy_ui_draw.h"

#define FY_UI_FOCUS_MAX 128
#define FY_UI_LABELS_MAX 128

typedef uint32_t fy_ui_id;

enum { FY_KEY_NONE, FY_KEY_UP, FY_KEY_DOWN, FY_KEY_LEFT, FY_KEY_RIGHT, FY_KEY_PGUP, FY_KEY_PGDN, FY_KEY_HOME,
       FY_KEY_END, FY_KEY_DELETE };

typedef struct fy_ui_ctx {
    fy_ui_draw *d;
    const fy_ui_theme *t;
    /* Input for this frame, in pixels. */
    int mx, my;
    int mouse_down, mouse_pressed, mouse_released;
    int key_tab;            /* +1 Tab, -1 Shift+Tab */
    int key_enter, key_esc, key_backspace, key_paste;
    int key_nav;            /* FY_KEY_* this frame, for the focused widget */
    int key_shift;          /* Shift held with key_nav (extends a selection) */
    int key_select_all, key_copy, key_cut;
    int wheel;              /* wheel notches this frame, + away from the user (up) */
    int clicks;             /* 2 when this frame's press was a double click */
    char text_in[64];       /* typed this frame, UTF-8 */
    /* Only this part takes the mouse and is drawn into (a list clips its
     * rows); clip_on 0 means the whole window. */
    SDL_Rect clip;
    int clip_on;
    int key_pgup, key_pgdn;  /* PgUp/PgDn this frame (the received text's view) */
    /* Widget state across frames. */
    fy_ui_id hot, active, focus;
    fy_ui_id order[FY_UI_FOCUS_MAX];
    int norder;
    int blocked;            /* a dialog is open; input only inside it */
    int in_dialog;
    int redraw;             /* focus moved: draw once more */
    /* Labels and their rectangles, for the test script's "click LABEL". */
    struct { char label[48]; SDL_Rect r; } labels[FY_UI_LABELS_MAX];
    int nlabels;
} fy_ui_ctx;

void fy_ui_begin(fy_ui_ctx *c, int dialog_open);
void fy_ui_end(fy_ui_ctx *c);
fy_ui_id fy_ui_id_of(const char *label, uint32_t salt);
/* The rectangle of the widget with that label in the last frame. */
int fy_ui_find_label(const fy_ui_ctx *c, const char *label, SDL_Rect *r);

/* For widgets built on these (fy_ui_list): input is taken only outside a
 * dialog or inside the open one, and only inside the clip. */
int fy_ui_takes_input(const fy_ui_ctx *c);
int fy_ui_mouse_in(const fy_ui_ctx *c, SDL_Rect r);
void fy_ui_focusable(fy_ui_ctx *c, fy_ui_id id);
/* Mouse down and up on the same widget; marks it hot while over it. */
int fy_ui_clicked(fy_ui_ctx *c, fy_ui_id id, SDL_Rect r);
/* The focus ring around r, drawn when id has the keyboard focus. */
void fy_ui_focus_ring(fy_ui_ctx *c, SDL_Rect r, fy_ui_id id);

typedef enum { FY_BTN_PRIMARY, FY_BTN_NORMAL, FY_BTN_QUIET, FY_BTN_DANGER } fy_ui_btn_kind;

/* Returns 1 when clicked or activated with Enter. */
int fy_ui_button(fy_ui_ctx *c, SDL_Rect r, const char *label, fy_ui_btn_kind kind, uint32_t salt);
int fy_ui_button_enabled(fy_ui_ctx *c, SDL_Rect r, const char *label, fy_ui_btn_kind kind, uint32_t salt,
                         int enabled);
/* The width a button needs for its label. */
int fy_ui_button_w(fy_ui_ctx *c, const char *label);
/* A clickable row (hover highlight); returns 1 when clicked. */
int fy_ui_row(fy_ui_ctx *c, SDL_Rect r, uint32_t id);
/* A selectable row (one of a list of choices), drawn as a box with an
 * accent when selected; focusable, Enter picks it. The caller draws its
 * contents inside. Returns 1 when picked. */
int fy_ui_choice(fy_ui_ctx *c, SDL_Rect r, const char *label, uint32_t salt, int selected);
/* One-line text field editing buf in place; returns 1 on Enter. */
int fy_ui_input(fy_ui_ctx *c, SDL_Rect r, const char *label, char *buf, size_t cap, const char *placeholder);
void fy_ui_progress(fy_ui_ctx *c, SDL_Rect r, double fraction, SDL_Color fill);
/* On/off switch; returns 1 when flipped (the caller flips its value). */
int fy_ui_switch(fy_ui_ctx *c, SDL_Rect r, const char *label, int on);
/* A centred card over a dimmed window; returns its inside area. */
SDL_Rect fy_ui_dialog_begin(fy_ui_ctx *c, SDL_Rect window, int h);
/* The same, w points wide (at most the window less its padding). */
SDL_Rect fy_ui_dialog_begin_w(fy_ui_ctx *c, SDL_Rect window, int w_points, int h);
void fy_ui_dialog_end(fy_ui_ctx *c);
/* A card: white box with a title; returns the area below the title. */
SDL_Rect fy_ui_card(fy_ui_ctx *c, SDL_Rect r, const char *title);

#endif
