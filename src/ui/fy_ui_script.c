/* fy_ui_script.c: the test driver. FERRY_UI_SCRIPT names a file of steps
 * that are fed to the window through SDL's own event queue, exactly as a
 * desktop would deliver them, so tests exercise the real code paths:
 *
 *   drop-begin / drop-file PATH / drop-end   a drag and drop, one batch
 *   drag-enter / drag-over LABEL / drag-leave  files dragged over the
 *                      window, not dropped (drag-over: at LABEL's centre),
 *                      as the platform reports them from Xdnd
 *   click LABEL        press and release on the widget with that label
 *   dblclick LABEL     a double click (the second press after one frame)
 *   wheel N            N wheel notches (negative: down) over the mouse
 *   hover LABEL        moves the mouse over it (where wheel then scrolls)
 *   type TEXT          typed text (into the focused field)
 *   key NAME           tab, shift-tab, enter, esc, backspace, delete, up,
 *                      down, pgup, pgdn, home, end, left, right, shift-left,
 *                      shift-right, shift-home, shift-end, ctrl-a, ctrl-c,
 *                      ctrl-x, ctrl-v, ctrl-o, ctrl-q, close (the window's
 *                      close button)
 *   wait COND [SEC]    listening, offer, running, done, failed, nearby (a
 *                      machine is listed), asking (quit? is shown), gone
 *                      (no transfer runs), dialog-closed, doctor (the
 *                      network report is shown), text (a received text
 *                      is shown), sent (a send finished), history (the
 *                      History view has counted and fetched the rows it
 *                      shows), port:N (receiving on port N), settings-error
 *                      (the panel shows one), dragging (files are
 *                      dragged over the window), not-dragging,
 *                      drag-in-zone (dragging, last seen inside the drop
 *                      zone), items:N (the send list holds N) (default 20 s)
 *   click-list         clicks the first row the History list shows
 *   wheel N            turns the mouse wheel N notches (negative: down)
 *   focus in|out       the window gains or loses the keyboard focus
 *   clipboard TEXT     fails unless the clipboard holds exactly TEXT
 *   expect-label LABEL / expect-no-label LABEL  on screen in the last frame
 *   expect-text TEXT   drawn in the last frame (the log of text runs)
 *   where LABEL        prints "ui where: LABEL X Y", its centre in window
 *                      coordinates (for xdotool in a test)
 *   shot NAME          saves $FERRY_UI_SHOTS/NAME.bmp and NAME.txt (the text
 *                      drawn, and how long the frame took to draw)
 *   sleep MS, say TEXT, quit
 *
 * Every step is echoed to stderr as "ui script: ..." so a test can follow.
 * A step that cannot complete (label missing, wait timed out) ends the
 * window with status 1. Not used unless the variable is set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_ui_app.h"
#include "fy_ui_screens.h"
#include "platform/fy_platform.h"

#define SCRIPT_MAX (64 * 1024)

struct fy_ui_script {
    char *text;
    char *next;          /* the next line to run */
    uint64_t deadline;   /* of the step in progress, 0 if none */
    uint64_t sleep_until;
    int failed;
    int second_click;    /* a dblclick's second press, pushed on the next look */
    SDL_Rect second_at;
};

fy_ui_script *fy_ui_script_open(const char *path, char *err, size_t cap)
{
    fy_ui_script *s = calloc(1, sizeof *s);
    FILE *f = fopen(path, "rb");
    size_t n;
    if (!s || !f || !(s->text = malloc(SCRIPT_MAX))) {
        snprintf(err, cap, "cannot read %s", path);
        if (f)
            fclose(f);
        fy_ui_script_close(s);
        return NULL;
    }
    n = fread(s->text, 1, SCRIPT_MAX - 1, f);
    fclose(f);
    s->text[n] = '\0';
    s->next = s->text;
    return s;
}

void fy_ui_script_close(fy_ui_script *s)
{
    if (s)
        free(s->text);
    free(s);
}

static int cond_holds(fy_ui_app *a, const char *cond)
{
    fy_ui_model *m = &a->model;
    int running = fy_ui_model_running(m), done = 0, failed = 0, busy = 0;
    for (int i = 0; i < m->nxfers; i++) {
        done += m->xfers[i].state == FY_XS_DONE;
        failed += m->xfers[i].state == FY_XS_FAILED;
        busy += m->xfers[i].state == FY_XS_RUNNING;
    }
    if (!strcmp(cond, "listening"))
        return m->listening;
    if (!strcmp(cond, "offer"))
        return fy_ui_model_question(m) != NULL;
    if (!strcmp(cond, "running"))
        return busy > 0;
    if (!strcmp(cond, "done"))
        return done > 0 && running == 0;
    if (!strcmp(cond, "failed"))
        return failed > 0 && running == 0;
    if (!strcmp(cond, "nearby"))
        return m->nnearby > 0;
    if (!strcmp(cond, "asking"))
        return m->ask_quit;
    if (!strcmp(cond, "gone"))
        return running == 0;
    if (!strcmp(cond, "dialog-closed"))
        return !fy_ui_model_dialog_open(m);
    if (!strcmp(cond, "history")) {
        fy_ui_hview *v = a->hview;
        return v && v->h && fy_ui_history_settled(v->h);
    }
    if (!strcmp(cond, "text")) /* a received text is on screen */
        return m->text != NULL;
    if (!strcmp(cond, "sent")) { /* a send finished, verified */
        for (int i = 0; i < m->nxfers; i++)
            if (m->xfers[i].outgoing && m->xfers[i].state == FY_XS_DONE)
                return 1;
        return 0;
    }
    if (!strcmp(cond, "doctor"))
        return m->doctor_open && !m->doctor_running && (m->doctor || m->doctor_error[0]);
    if (!strncmp(cond, "port:", 5)) /* receiving on that port */
        return m->listening && m->port == atoi(cond + 5);
    if (!strcmp(cond, "settings-error"))
        return m->settings_error[0] != '\0';
    if (!strcmp(cond, "dragging"))
        return m->drag_over;
    if (!strcmp(cond, "not-dragging"))
        return !m->drag_over;
    if (!strcmp(cond, "drag-in-zone")) {
        SDL_Rect r;
        SDL_Point p = {m->drag_x, m->drag_y};
        return m->drag_over && fy_ui_find_label(&a->ctx, "drop zone", &r) && SDL_PointInRect(&p, &r);
    }
    if (!strncmp(cond, "items:", 6))
        return m->nitems == atoi(cond + 6);
    return -1;
}

static void push_key(SDL_Keycode k, Uint16 mod)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
}

static int key_step(const char *name)
{
    static const struct { const char *name; SDL_Keycode k; Uint16 mod; } keys[] = {
        {"tab", SDLK_TAB, 0},           {"shift-tab", SDLK_TAB, KMOD_LSHIFT}, {"enter", SDLK_RETURN, 0},
        {"esc", SDLK_ESCAPE, 0},        {"backspace", SDLK_BACKSPACE, 0},     {"ctrl-o", SDLK_o, KMOD_LCTRL},
        {"ctrl-q", SDLK_q, KMOD_LCTRL}, {"delete", SDLK_DELETE, 0},           {"up", SDLK_UP, 0},
        {"down", SDLK_DOWN, 0},         {"pgup", SDLK_PAGEUP, 0},             {"pgdn", SDLK_PAGEDOWN, 0},
        {"home", SDLK_HOME, 0},         {"end", SDLK_END, 0},                 {"left", SDLK_LEFT, 0},
        {"right", SDLK_RIGHT, 0},       {"shift-left", SDLK_LEFT, KMOD_LSHIFT}, {"shift-right", SDLK_RIGHT, KMOD_LSHIFT},
        {"shift-home", SDLK_HOME, KMOD_LSHIFT}, {"shift-end", SDLK_END, KMOD_LSHIFT}, {"ctrl-a", SDLK_a, KMOD_LCTRL},
        {"ctrl-c", SDLK_c, KMOD_LCTRL}, {"ctrl-x", SDLK_x, KMOD_LCTRL},       {"ctrl-v", SDLK_v, KMOD_LCTRL},
    };
    if (!strcmp(name, "close")) {
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_QUIT;
        SDL_PushEvent(&e);
        return 0;
    }
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (!strcmp(keys[i].name, name)) {
            push_key(keys[i].k, keys[i].mod);
            return 0;
        }
    }
    return -1;
}

static void push_motion(fy_ui_app *a, SDL_Rect r)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_MOUSEMOTION;
    e.motion.windowID = SDL_GetWindowID(a->win);
    e.motion.x = (int)((float)(r.x + r.w / 2) / a->px_per_win);
    e.motion.y = (int)((float)(r.y + r.h / 2) / a->px_per_win);
    SDL_PushEvent(&e);
}

/* clicks: 1, or 2 for the second press of a double click. */
static void push_click(fy_ui_app *a, SDL_Rect r, int clicks)
{
    SDL_Event e;
    push_motion(a, r);
    SDL_zero(e);
    e.button.windowID = SDL_GetWindowID(a->win);
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = (int)((float)(r.x + r.w / 2) / a->px_per_win);
    e.button.y = (int)((float)(r.y + r.h / 2) / a->px_per_win);
    e.button.clicks = (Uint8)clicks;
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.state = SDL_PRESSED;
    SDL_PushEvent(&e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.state = SDL_RELEASED;
    SDL_PushEvent(&e);
}

static void push_drop(Uint32 type, const char *file)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    e.drop.file = file ? SDL_strdup(file) : NULL; /* the window SDL_frees it */
    SDL_PushEvent(&e);
}

/* What the app's drag filter makes of an Xdnd message: x, y in window
 * coordinates, so the step goes through the same scaling. */
static void push_drag(fy_ui_app *a, int kind, SDL_Rect at)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = a->ev_drag;
    e.user.code = kind;
    e.user.data1 = (void *)(intptr_t)(int)((float)(at.x + at.w / 2) / a->px_per_win);
    e.user.data2 = (void *)(intptr_t)(int)((float)(at.y + at.h / 2) / a->px_per_win);
    SDL_PushEvent(&e);
}

static void push_focus(fy_ui_app *a, int in)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_WINDOWEVENT;
    e.window.windowID = SDL_GetWindowID(a->win);
    e.window.event = in ? SDL_WINDOWEVENT_FOCUS_GAINED : SDL_WINDOWEVENT_FOCUS_LOST;
    SDL_PushEvent(&e);
}

static void push_text(const char *text)
{
    SDL_Event e;
    size_t n = strlen(text);
    while (n > 0) {
        size_t take = SDL_min(n, sizeof e.text.text - 1);
        SDL_zero(e);
        e.type = SDL_TEXTINPUT;
        memcpy(e.text.text, text, take);
        SDL_PushEvent(&e);
        text += take;
        n -= take;
    }
}

static void shot(fy_ui_app *a, const char *name)
{
    char dir[FY_UI_PATH_MAX], path[FY_UI_PATH_MAX + 300];
    uint64_t t0, t1;
    FILE *f;
    /* Copied at once: on Windows the next SDL_getenv reuses the buffer. */
    snprintf(dir, sizeof dir, "%s", SDL_getenv("FERRY_UI_SHOTS") ? SDL_getenv("FERRY_UI_SHOTS") : ".");
    snprintf(path, sizeof path, "%s/%s.bmp", dir, name);
    t0 = fy_plat_now_ms();
    fy_ui_app_frame(a, path);
    t1 = fy_plat_now_ms();
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    if ((f = fopen(path, "wb")) != NULL) { /* "\n" on Windows too */
        int from_system, missing, x, y, w, h;
        SDL_Rect u = {0, 0, 0, 0};
        fy_ui_draw_glyphs(a->draw, &from_system, &missing);
        /* Where the window is and at what scale (the HiDPI tests). */
        SDL_GetWindowPosition(a->win, &x, &y);
        SDL_GetWindowSize(a->win, &w, &h);
        SDL_GetDisplayUsableBounds(SDL_GetWindowDisplayIndex(a->win), &u);
        fprintf(f, "scale: %.2f\nwindow: %d %d %d %d\nusable: %d %d %d %d\n", fy_ui_draw_scale(a->draw), x, y, w, h,
                u.x, u.y, u.w, u.h);
        /* The frame's time includes saving the BMP: an upper bound. */
        fprintf(f, "text runs: %d\nframe ms: %llu\nglyphs from system fonts: %d\nglyphs missing: %d\n%s",
                fy_ui_draw_text_runs(a->draw), (unsigned long long)(t1 - t0), from_system, missing,
                fy_ui_draw_text_log(a->draw));
        fclose(f);
    }
}

/* Whether the frame's text has want, a wrapped line's break read as the
 * space it was. */
static int log_has(const char *log, const char *want)
{
    size_t n = strlen(log);
    char *flat = malloc(n + 1);
    int found;
    if (!flat)
        return 0;
    for (size_t i = 0; i <= n; i++)
        flat[i] = log[i] == '\n' ? ' ' : log[i];
    found = strstr(flat, want) != NULL;
    free(flat);
    return found;
}

/* Runs one line; returns 1 when done with it, 0 to retry later, -1 on
 * failure. */
static int run_line(fy_ui_script *s, fy_ui_app *a, char *cmd, char *arg)
{
    uint64_t now = fy_plat_now_ms();
    if (!strcmp(cmd, "wait")) {
        char *sec = strchr(arg, ' ');
        int holds;
        if (sec)
            *sec++ = '\0';
        if (!s->deadline)
            s->deadline = now + (uint64_t)(sec ? atoi(sec) : 20) * 1000u;
        if ((holds = cond_holds(a, arg)) < 0)
            return -1;
        if (sec)
            sec[-1] = ' '; /* the line is parsed again on the next try */
        return holds ? 1 : now > s->deadline ? -1 : 0;
    }
    if (!strcmp(cmd, "click") || !strcmp(cmd, "dblclick") || !strcmp(cmd, "hover")) {
        SDL_Rect r;
        if (!s->deadline)
            s->deadline = now + 10000;
        if (!fy_ui_find_label(&a->ctx, arg, &r))
            return now > s->deadline ? -1 : 0;
        if (cmd[0] == 'h') {
            push_motion(a, r);
            return 1;
        }
        push_click(a, r, 1);
        /* The second press after the window has handled the first and
         * drawn, as a double click arrives when the window keeps up. */
        if (cmd[0] == 'd')
            s->second_click = 1, s->second_at = r;
        return 1;
    }
    if (!strcmp(cmd, "expect-label") || !strcmp(cmd, "expect-no-label")) {
        SDL_Rect r;
        return fy_ui_find_label(&a->ctx, arg, &r) == (cmd[7] == 'l') ? 1 : -1;
    }
    if (!strcmp(cmd, "where")) {
        SDL_Rect r;
        if (!fy_ui_find_label(&a->ctx, arg, &r))
            return -1;
        fprintf(stderr, "ui where: %s %d %d\n", arg, (int)((float)(r.x + r.w / 2) / a->px_per_win),
                (int)((float)(r.y + r.h / 2) / a->px_per_win));
        return 1;
    }
    if (!strcmp(cmd, "expect-text"))
        return log_has(fy_ui_draw_text_log(a->draw), arg) ? 1 : -1;
    if (!strcmp(cmd, "click-list")) {
        fy_ui_hview *v = a->hview;
        SDL_Rect r;
        if (!v || v->list.n <= 0)
            return -1;
        r = v->list.scroll_area;
        r.h = v->list.row_h;
        push_click(a, r, 1);
        return 1;
    }
    if (!strcmp(cmd, "wheel")) {
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_MOUSEWHEEL;
        e.wheel.windowID = SDL_GetWindowID(a->win);
        e.wheel.y = atoi(arg);
        e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
        SDL_PushEvent(&e);
        return 1;
    }
    if (!strcmp(cmd, "sleep")) {
        if (!s->sleep_until)
            s->sleep_until = now + (uint64_t)atoi(arg);
        return now >= s->sleep_until;
    }
    if (!strcmp(cmd, "drag-over")) {
        SDL_Rect r;
        if (!fy_ui_find_label(&a->ctx, arg, &r))
            return -1;
        push_drag(a, FY_DRAG_OVER, r);
        return 1;
    }
    if (!strcmp(cmd, "drag-enter") || !strcmp(cmd, "drag-leave")) {
        push_drag(a, cmd[5] == 'e' ? FY_DRAG_ENTER : FY_DRAG_LEAVE, (SDL_Rect){0, 0, 0, 0});
        return 1;
    }
    if (!strcmp(cmd, "drop-begin"))
        push_drop(SDL_DROPBEGIN, NULL);
    else if (!strcmp(cmd, "drop-file"))
        push_drop(SDL_DROPFILE, arg);
    else if (!strcmp(cmd, "drop-end"))
        push_drop(SDL_DROPCOMPLETE, NULL);
    else if (!strcmp(cmd, "type"))
        push_text(arg);
    else if (!strcmp(cmd, "clipboard")) { /* the clipboard holds exactly TEXT */
        char *clip = SDL_GetClipboardText();
        int same = clip && !strcmp(clip, arg);
        if (!same)
            fprintf(stderr, "ui script: the clipboard holds \"%s\"\n", clip ? clip : "");
        SDL_free(clip);
        return same ? 1 : -1;
    } else if (!strcmp(cmd, "focus"))
        push_focus(a, !strcmp(arg, "in"));
    else if (!strcmp(cmd, "key"))
        return key_step(arg) == 0 ? 1 : -1;
    else if (!strcmp(cmd, "shot"))
        shot(a, arg);
    else if (!strcmp(cmd, "say"))
        fprintf(stderr, "ui say: %s\n", arg);
    else if (!strcmp(cmd, "quit"))
        a->running = 0; /* the test is over: no question */
    else
        return -1;
    return 1;
}

int fy_ui_script_step(fy_ui_script *s, fy_ui_app *a)
{
    if (s->second_click) {
        s->second_click = 0;
        push_click(a, s->second_at, 2);
        return 0;
    }
    while (*s->next) {
        char *end = strchr(s->next, '\n'), line[FY_UI_PATH_MAX + 32], *arg;
        size_t n = end ? (size_t)(end - s->next) : strlen(s->next);
        int rc;
        if (n >= sizeof line)
            n = sizeof line - 1;
        memcpy(line, s->next, n);
        line[n] = '\0';
        if (n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        if (!line[0] || line[0] == '#') {
            s->next = end ? end + 1 : s->next + n;
            continue;
        }
        arg = strchr(line, ' ');
        if (arg)
            *arg++ = '\0';
        rc = run_line(s, a, line, arg ? arg : (char *)"");
        if (rc == 0)
            return 20;
        if (rc < 0) {
            fprintf(stderr, "ui script: FAILED at: %s %s\n", line, arg ? arg : "");
            s->failed = 1;
            return -1;
        }
        fprintf(stderr, "ui script: %s %s\n", line, arg ? arg : "");
        s->next = end ? end + 1 : s->next + n;
        s->deadline = s->sleep_until = 0;
        /* Let the window take the events and draw before the next step. */
        return 0;
    }
    return -1;
}

int fy_ui_script_failed(const fy_ui_script *s) { return s && s->failed; }
