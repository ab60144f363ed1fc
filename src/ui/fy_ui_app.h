/* fy_ui_app.h: the running window, shared by the main loop, the file
 * dialogs and the test script driver. */
#ifndef FY_UI_APP_H
#define FY_UI_APP_H

#include <SDL.h>

#include "fy_ui_model.h"
#include "fy_ui_widgets.h"

typedef struct fy_ui_script fy_ui_script;

typedef struct fy_ui_app {
    SDL_Window *win;
    SDL_Renderer *ren;
    fy_ui_draw *draw;
    fy_ui_ctx ctx;
    fy_ui_model model;
    fy_engine *engine;
    Uint32 ev_wake, ev_picked, ev_drag;  /* registered SDL user events */
    float px_per_win;           /* drawable pixels per window coordinate */
    float scale;                /* pixels per point, as drawn */
    int running;
    int picker_busy;
    fy_ui_script *script;
    struct fy_ui_hview *hview;  /* the History view's state and rows */
} fy_ui_app;

/* Draws one frame; when shot is given, saves it (BMP) before presenting. */
void fy_ui_app_frame(fy_ui_app *a, const char *shot);

/* File dialogs (zenity or kdialog) on a thread of their own, so the window
 * keeps drawing; the result arrives as an ev_picked user event whose
 * data1 is a malloc'd list of paths, one a line. */
int fy_ui_picker_available(void);
void fy_ui_picker_start(fy_ui_app *a, int folders_only);

/* The test driver (FERRY_UI_SCRIPT). NULL when the variable is not set. */
fy_ui_script *fy_ui_script_open(const char *path, char *err, size_t cap);
void fy_ui_script_close(fy_ui_script *s);
/* Runs the steps whose conditions hold; returns the wait (ms) until it
 * wants to look again, or -1 when the script has ended. */
int fy_ui_script_step(fy_ui_script *s, fy_ui_app *a);
int fy_ui_script_failed(const fy_ui_script *s);

#endif
