/* fy_ui_screens.h: the window's parts, each drawn from the model into a
 * rectangle. Clicks become model calls; nothing here touches the engine. */
#ifndef FY_UI_SCREENS_H
#define FY_UI_SCREENS_H

#include "fy_ui_history.h"
#include "fy_ui_list.h"
#include "fy_ui_model.h"
#include "fy_ui_widgets.h"

/* The History view's state, kept across frames (the app owns it). */
typedef struct fy_ui_hview {
    fy_ui_history *h;          /* NULL: no history (error says why) */
    char error[FY_ERRMSG_MAX];
    fy_ui_hfilter filter;
    fy_ui_list list;
    int clear_armed;           /* Clear history was clicked once */
} fy_ui_hview;

/* The whole window: header, Send, Receive, Transfers, and a dialog. */
void fy_ui_screen_all(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window);

void fy_ui_screen_send(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r);
void fy_ui_screen_receive(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r);
void fy_ui_screen_xfers(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r);
void fy_ui_screen_history(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r);
void fy_ui_screen_dialog(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window);
/* The network report over the window while m->doctor_open. */
void fy_ui_screen_doctor(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window);
/* Settings, the typed path, the folder to copy: whichever is open. */
void fy_ui_screen_settings(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window);
/* 1 while one of those dialogs (or an offer or pairing question, or the
 * network report) is open: the rest of the window takes no input. */
int fy_ui_screen_modal(fy_ui_model *m);

/* fy_ui_screen_text.c: text snippets. The "Send text" dialog or the text
 * received, whichever is open (returns 1 if one was drawn); an offer of
 * text. */
int fy_ui_screen_text_dialogs(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect window);
void fy_ui_screen_text_offer(fy_ui_ctx *c, fy_ui_model *m, fy_ui_xfer *x, SDL_Rect window);

#endif
