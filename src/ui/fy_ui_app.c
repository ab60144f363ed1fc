/* fy_ui_app.c: the window's life: open it, run the loop, close it.
 *
 * The loop sleeps in SDL_WaitEventTimeout. Engine threads wake it with a
 * user event; input wakes it by itself. Each batch of events is followed by
 * one frame (immediate mode: drawing is where clicks are decided), then the
 * model's actions are carried out. Nothing here blocks on the network. */
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_ui.h"
#include "fy_ui_app.h"
#include "fy_ui_apply.h"
#include "fy_ui_assets.h"
#include "fy_ui_screens.h"
#include "platform/fy_platform.h"

static SDL_atomic_t wake_pending;
static Uint32 wake_event;

/* Engine thread: one pending wake is enough, the loop drains everything. */
static void wake(void *ud)
{
    SDL_Event e;
    if (!SDL_AtomicCAS(&wake_pending, 0, 1))
        return;
    SDL_zero(e);
    e.type = wake_event;
    SDL_PushEvent(&e);
}

/* Scale steps of a quarter: text rasterized at 1.3x looks no better than
 * at 1.25x, and the layout's sizes stay whole pixels more often. */
static float quarter(float f) { return SDL_floorf(f * 4.0f + 0.01f) / 4.0f; }

/* The scale asked for by hand: FERRY_UI_SCALE (tests, odd displays), then
 * the Settings panel's; 0 when the display decides. */
static float asked_scale(fy_ui_app *a)
{
    const char *env = SDL_getenv("FERRY_UI_SCALE");
    if (env && atof(env) >= 0.5 && atof(env) <= 4)
        return (float)atof(env);
    return a->model.settings.ui_scale ? (float)a->model.settings.ui_scale / 100.0f : 0.0f;
}

/* Points to pixels from the display, where the system does not scale for
 * us (X11, and Windows with its DPI given): SDL's DPI, else the desktop's
 * own setting (Xft.dpi, GDK_SCALE, the X screen's DPI: SDL_GetDisplayDPI
 * fails on an X screen that reports no physical size, Xvfb's among them).
 * Under 120 DPI scaling blurs more than it helps. */
static float display_scale(SDL_Window *w)
{
    float hdpi = 0, f = 0;
    if (SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(w), NULL, &hdpi, NULL) == 0 && hdpi > 0)
        f = hdpi / 96.0f;
    else
        f = fy_plat_desktop_scale();
    return f < 1.25f ? 1.0f : SDL_min(3.0f, quarter(f));
}

/* The screen area a window may take: the display's usable bounds (no
 * panels, docks or taskbar) less room for the title bar and frame. */
static SDL_Rect usable_area(SDL_Window *w)
{
    SDL_Rect u;
    int d = SDL_GetWindowDisplayIndex(w);
    if (SDL_GetDisplayUsableBounds(d < 0 ? 0 : d, &u) != 0 && SDL_GetDisplayBounds(d < 0 ? 0 : d, &u) != 0)
        u = (SDL_Rect){0, 0, 1024, 600};
    u.h -= SDL_min(48, u.h / 10);
    u.w -= SDL_min(16, u.w / 20);
    return u;
}

/* The scale to draw at: the one asked for, else the display's, lowered
 * (in quarters, not under 1) until the smallest layout fits the screen:
 * 192 DPI on a 1400x900 screen draws at 1.5, not at 2 off the screen, and
 * 200% asked for on a 1024x600 screen draws at 1 (at 2, the cards drew
 * over each other in a window the screen could hold). */
static float choose_scale(fy_ui_app *a)
{
    const fy_ui_theme *t = fy_ui_theme_default();
    SDL_Rect u = usable_area(a->win);
    float f = asked_scale(a);
    if (f <= 0 && a->px_per_win > 1.01f)
        return a->px_per_win; /* the system scales (Wayland, macOS): its window units are points */
    if (f <= 0)
        f = display_scale(a->win);
    while (f > 1.0f && ((float)t->min_w * f > (float)u.w || (float)t->min_h * f > (float)u.h))
        f = SDL_max(1.0f, quarter(f - 0.25f));
    return f;
}

/* Once the window manager has framed the window, the frame too must lie
 * inside the usable area: a title bar pushed it over the bottom edge. */
static void keep_inside(fy_ui_app *a)
{
    SDL_Rect u;
    int top = 0, left = 0, bottom = 0, right = 0, x, y, w, h, mw, mh, d = SDL_GetWindowDisplayIndex(a->win);
    if (SDL_GetDisplayUsableBounds(d < 0 ? 0 : d, &u) != 0)
        return;
    SDL_GetWindowBordersSize(a->win, &top, &left, &bottom, &right); /* 0s where unknown */
    SDL_GetWindowPosition(a->win, &x, &y);
    SDL_GetWindowSize(a->win, &w, &h);
    SDL_GetWindowMinimumSize(a->win, &mw, &mh);
    u.x += left, u.y += top, u.w -= left + right, u.h -= top + bottom;
    if (mw > u.w || mh > u.h)
        SDL_SetWindowMinimumSize(a->win, SDL_min(mw, u.w), SDL_min(mh, u.h));
    if (w > u.w || h > u.h)
        SDL_SetWindowSize(a->win, w = SDL_min(w, u.w), h = SDL_min(h, u.h));
    if (x < u.x || y < u.y || x + w > u.x + u.w || y + h > u.y + u.h)
        SDL_SetWindowPosition(a->win, SDL_clamp(x, u.x, u.x + u.w - w), SDL_clamp(y, u.y, u.y + u.h - h));
}

/* Window size and minimum for scale f, both inside the usable area,
 * centred on it. A minimum larger than the screen put the window partly
 * off-screen (1520x1080 at scale 2 on a 1400x900 screen). */
static void fit_window(fy_ui_app *a, float f)
{
    const fy_ui_theme *t = fy_ui_theme_default();
    SDL_Rect u = usable_area(a->win);
    float k = a->px_per_win > 1.01f ? 1.0f / a->px_per_win : 1.0f; /* pixels to window units */
    int minw = SDL_min((int)((float)t->min_w * f * k), u.w), minh = SDL_min((int)((float)t->min_h * f * k), u.h);
    int w = SDL_clamp((int)((float)t->start_w * f * k), minw, u.w);
    int h = SDL_clamp((int)((float)t->start_h * f * k), minh, u.h);
    SDL_SetWindowMinimumSize(a->win, minw, minh);
    SDL_SetWindowSize(a->win, w, h);
    SDL_SetWindowPosition(a->win, u.x + (u.w - w) / 2, u.y + (u.h - h) / 2 + SDL_min(48, u.h / 10) / 2);
}

static void update_scale(fy_ui_app *a)
{
    int ww, wh, dw, dh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    SDL_GetRendererOutputSize(a->ren, &dw, &dh);
    a->px_per_win = ww > 0 ? (float)dw / (float)ww : 1.0f;
    fy_ui_draw_set_scale(a->draw, a->scale);
}

/* The scale changed (Settings): draw at the new one, and size the window
 * for it. */
static void rescale(fy_ui_app *a)
{
    a->scale = choose_scale(a);
    fit_window(a, a->scale);
    update_scale(a);
}

void fy_ui_app_frame(fy_ui_app *a, const char *shot)
{
    SDL_Rect win = {0, 0, 0, 0};
    SDL_GetRendererOutputSize(a->ren, &win.w, &win.h);
    fy_ui_begin(&a->ctx, fy_ui_screen_modal(&a->model));
    fy_ui_screen_all(&a->ctx, &a->model, win);
    fy_ui_end(&a->ctx);
    if (shot) {
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, win.w, win.h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (s && SDL_RenderReadPixels(a->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0)
            SDL_SaveBMP(s, shot);
        SDL_FreeSurface(s);
    }
    SDL_RenderPresent(a->ren);
}

static void window_action(const fy_ui_action *act, void *ud)
{
    fy_ui_app *a = ud;
    switch (act->type) {
    case FY_ACT_PICK_FILES:
    case FY_ACT_PICK_DIR:
        /* Without zenity or kdialog the path is typed in the window, so
         * a keyboard user on a minimal system can still send. */
        if (!a->model.picker_available)
            fy_ui_model_path_open(&a->model, act->type == FY_ACT_PICK_DIR ? FY_PATH_DIR : FY_PATH_FILES);
        else if (!a->picker_busy)
            fy_ui_picker_start(a, act->type == FY_ACT_PICK_DIR);
        break;
    case FY_ACT_QUIT:
        a->running = 0;
        break;
    case FY_ACT_COPY:
        SDL_SetClipboardText(act->text);
        break;
    case FY_ACT_SET_SCALE:
        rescale(a);
        break;
    case FY_ACT_ATTENTION:
        /* Only while the window is behind others (the model checked; the
         * window may have come forward since). */
        if (!(SDL_GetWindowFlags(a->win) & SDL_WINDOW_INPUT_FOCUS) || !a->model.focused) {
            SDL_FlashWindow(a->win, SDL_FLASH_UNTIL_FOCUSED);
            if (fy_plat_notify("Ferry", act->text) != 0)
                fprintf(stderr, "ferry: %s (no desktop notification service)\n", act->text);
        }
        break;
    default:
        break;
    }
}

static void picked(fy_ui_app *a, const SDL_Event *e)
{
    char *list = e->user.data1, *p = list;
    int dir = e->user.code;
    a->picker_busy = 0;
    if (!list)
        return;
    if (!dir)
        fy_ui_model_drop_begin(&a->model);
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (*p && dir)
            fy_ui_model_set_receive_dir(&a->model, p);
        else if (*p)
            fy_ui_model_drop_path(&a->model, p);
        p = nl ? nl + 1 : NULL;
    }
    if (!dir)
        fy_ui_model_drop_complete(&a->model);
    free(list);
}

/* Files dragged over the window before the drop, which SDL2 does not
 * report: the window system's own messages (SDL_SYSWMEVENT, X11 only) are
 * read by the platform (fy_plat_drag_read) as they are queued, on the UI
 * thread, and each one that is a drag becomes an ev_drag event in its
 * place; the others are dropped here so they neither queue nor draw a
 * frame. The filter also sees events pushed from engine threads: it only
 * reads ev_drag, set before it is installed. */
static int SDLCALL drag_filter(void *ud, SDL_Event *e)
{
    const fy_ui_app *a = ud;
    fy_plat_drag d;
    if (e->type != SDL_SYSWMEVENT)
        return 1;
    if (!fy_plat_drag_read(e->syswm.msg, &d))
        return 0;
    SDL_zero(*e);
    e->type = a->ev_drag;
    e->user.code = (Sint32)d.kind;
    e->user.data1 = (void *)(intptr_t)d.x;
    e->user.data2 = (void *)(intptr_t)d.y;
    return 1;
}

static void drag(fy_ui_app *a, const SDL_UserEvent *u)
{
    int x = (int)SDL_lroundf((float)(intptr_t)u->data1 * a->px_per_win);
    int y = (int)SDL_lroundf((float)(intptr_t)u->data2 * a->px_per_win);
    fy_ui_model_drag(&a->model, u->code, x, y);
}

static void key(fy_ui_app *a, const SDL_KeyboardEvent *k)
{
    fy_ui_ctx *c = &a->ctx;
    int ctrl = (k->keysym.mod & (KMOD_CTRL | KMOD_GUI)) != 0;
    switch (k->keysym.sym) {
    case SDLK_TAB: c->key_tab = (k->keysym.mod & KMOD_SHIFT) ? -1 : 1; break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER: c->key_enter = 1; break;
    case SDLK_ESCAPE: c->key_esc = 1; break;
    case SDLK_BACKSPACE: c->key_backspace = 1; break;
    case SDLK_v: c->key_paste = ctrl; break;
    case SDLK_a: c->key_select_all = ctrl; break;
    case SDLK_c: c->key_copy = ctrl; break;
    case SDLK_x: c->key_cut = ctrl; break;
    case SDLK_UP: c->key_nav = FY_KEY_UP; break;
    case SDLK_DOWN: c->key_nav = FY_KEY_DOWN; break;
    case SDLK_LEFT: c->key_nav = FY_KEY_LEFT; break;
    case SDLK_RIGHT: c->key_nav = FY_KEY_RIGHT; break;
    /* The list takes them as key_nav, the text view as key_pgup/pgdn. */
    case SDLK_PAGEUP: c->key_nav = FY_KEY_PGUP, c->key_pgup = 1; break;
    case SDLK_PAGEDOWN: c->key_nav = FY_KEY_PGDN, c->key_pgdn = 1; break;
    case SDLK_HOME: c->key_nav = FY_KEY_HOME; break;
    case SDLK_END: c->key_nav = FY_KEY_END; break;
    case SDLK_DELETE: c->key_nav = FY_KEY_DELETE; break;
    case SDLK_o:
        if (ctrl)
            fy_ui_model_push(&a->model, FY_ACT_PICK_FILES, 0, 0, NULL);
        break;
    case SDLK_q:
        if (ctrl) /* asks first while transfers run */
            fy_ui_model_quit(&a->model);
        break;
    default: break;
    }
    if (c->key_nav)
        c->key_shift = (k->keysym.mod & KMOD_SHIFT) != 0;
}

static void handle(fy_ui_app *a, SDL_Event *e)
{
    fy_ui_ctx *c = &a->ctx;
    if (e->type == a->ev_wake) {
        SDL_AtomicSet(&wake_pending, 0);
        fy_ui_drain(&a->model, a->engine);
        return;
    }
    if (e->type == a->ev_picked) {
        picked(a, e);
        return;
    }
    if (e->type == a->ev_drag) {
        drag(a, &e->user);
        return;
    }
    switch (e->type) {
    case SDL_QUIT: fy_ui_model_quit(&a->model); break; /* the close button, a logout */
    case SDL_MOUSEMOTION:
        c->mx = (int)SDL_lroundf((float)e->motion.x * a->px_per_win);
        c->my = (int)SDL_lroundf((float)e->motion.y * a->px_per_win);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.button != SDL_BUTTON_LEFT)
            break;
        c->mx = (int)SDL_lroundf((float)e->button.x * a->px_per_win);
        c->my = (int)SDL_lroundf((float)e->button.y * a->px_per_win);
        if (e->type == SDL_MOUSEBUTTONDOWN) {
            /* A press means no drag is on: a source that died without
             * XdndLeave does not leave the zone lit. */
            a->model.drag_over = 0;
            c->mouse_down = c->mouse_pressed = 1;
            c->clicks = e->button.clicks;
        }
        else
            c->mouse_down = 0, c->mouse_released = 1;
        break;
    case SDL_MOUSEWHEEL:
        c->wheel += e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e->wheel.y : e->wheel.y;
        break;
    case SDL_KEYDOWN: key(a, &e->key); break;
    case SDL_TEXTINPUT:
        if (strlen(c->text_in) + strlen(e->text.text) < sizeof c->text_in)
            strcat(c->text_in, e->text.text);
        break;
    case SDL_DROPBEGIN: fy_ui_model_drop_begin(&a->model); break;
    case SDL_DROPFILE:
        fy_ui_model_drop_path(&a->model, e->drop.file);
        SDL_free(e->drop.file);
        break;
    case SDL_DROPCOMPLETE: fy_ui_model_drop_complete(&a->model); break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED)
            update_scale(a);
        else if (e->window.event == SDL_WINDOWEVENT_SHOWN || e->window.event == SDL_WINDOWEVENT_MOVED)
            keep_inside(a);
        else if (e->window.event == SDL_WINDOWEVENT_FOCUS_GAINED)
            a->model.focused = 1;
        else if (e->window.event == SDL_WINDOWEVENT_FOCUS_LOST)
            a->model.focused = 0;
        break;
    default: break;
    }
}

static int open_window(fy_ui_app *a)
{
    const fy_ui_theme *t = fy_ui_theme_default();
    SDL_Surface *icon;
    char err[256];
    a->win = SDL_CreateWindow("Ferry", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, t->start_w, t->start_h,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_HIDDEN);
    if (!a->win)
        return -1;
    if ((icon = fy_ui_asset_icon()) != NULL) {
        SDL_SetWindowIcon(a->win, icon);
        SDL_FreeSurface(icon);
    }
    /* Software first: Ferry draws flat boxes and text, only when something
     * changed, and the GPU path costs more than it gives: loading a GL
     * driver took ~300 ms of a ~700 ms start on Mesa, and GPU drivers in
     * VMs and remote desktops are a common cause of blank windows.
     * SDL_RENDER_DRIVER still chooses another. */
    if (!SDL_GetHint(SDL_HINT_RENDER_DRIVER)) {
        /* ...and the window's pixels go to X11 or GDI directly, not through
         * a GL texture SDL would set up for them otherwise. */
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
        a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!a->ren)
        a->ren = SDL_CreateRenderer(a->win, -1, 0);
    if (!a->ren)
        return -1;
    if (!(a->draw = fy_ui_draw_new(a->ren, t, err, sizeof err))) {
        SDL_SetError("%s", err);
        return -1;
    }
    a->ctx.d = a->draw;
    a->ctx.t = t;
    /* The drawable/window ratio first (it says whether the system scales),
     * then the scale, and the window sized for it inside the screen. */
    update_scale(a);
    rescale(a);
    SDL_ShowWindow(a->win);
    a->model.focused = (SDL_GetWindowFlags(a->win) & SDL_WINDOW_INPUT_FOCUS) != 0;
    SDL_StartTextInput();
    return 0;
}

static int setup_model(fy_ui_app *a)
{
    fy_settings s;
    char host[64], dir[FY_UI_PATH_MAX] = "";
    fy_err err = {0};
    fy_ui_settings_load(&s);
    fy_plat_host_name(host, sizeof host);
    fy_ignore(fy_plat_default_receive_dir(dir, sizeof dir, &err));
    if (fy_ui_model_init(&a->model, &s, host, dir) != 0)
        return -1;
    fy_ui_model_refresh_addresses(&a->model);
    fy_plat_firewall_note(a->model.firewall_note, sizeof a->model.firewall_note);
    a->model.picker_available = fy_ui_picker_available();
    return 0;
}

static void loop(fy_ui_app *a)
{
    int need = 1;
    a->running = 1;
    while (a->running) {
        SDL_Event e;
        int timeout = 1000;
        if (need) {
            fy_ui_app_frame(a, NULL);
            need = a->ctx.redraw;
        }
        if (a->model.nactions > 0) {
            fy_ui_apply(&a->model, a->engine, window_action, a);
            need = 1;
            continue;
        }
        if (a->script) {
            int t = fy_ui_script_step(a->script, a);
            if (t < 0)
                break;
            timeout = SDL_min(timeout, t);
        }
        if (need)
            timeout = 0;
        if (SDL_WaitEventTimeout(&e, timeout)) {
            handle(a, &e);
            while (SDL_PollEvent(&e))
                handle(a, &e);
            need = 1;
        }
    }
}

int fy_ui_run(int argc, char **argv)
{
    fy_ui_app app;
    fy_ui_app *a = &app;
    fy_err err = {0};
    /* Copied: on Windows SDL_getenv returns a buffer the next call reuses. */
    char *script = SDL_getenv("FERRY_UI_SCRIPT") ? SDL_strdup(SDL_getenv("FERRY_UI_SCRIPT")) : NULL;
    int status = 1;

    memset(a, 0, sizeof *a);
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    /* The click that brings the window forward also counts: without it
     * the first click from another app was swallowed and looked failed. */
    SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
    /* SDL falls back to its invisible "offscreen" driver when there is no
     * display; a window nobody can see is no window. SDL_VIDEODRIVER set by
     * hand (tests) is respected. */
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0 ||
        (!SDL_getenv("SDL_VIDEODRIVER") && (!strcmp(SDL_GetCurrentVideoDriver(), "offscreen") ||
                                            !strcmp(SDL_GetCurrentVideoDriver(), "dummy")))) {
        if (SDL_WasInit(SDL_INIT_VIDEO))
            SDL_SetError("no display found");
        fprintf(stderr,
                "ferry: cannot open the window: %s\n"
                "No display? Ferry also works from the terminal: 'ferry receive' to receive,\n"
                "'ferry send --to HOST PATH...' to send; see 'ferry --help'.\n",
                SDL_GetError());
        SDL_Quit();
        return 1;
    }
    if (TTF_Init() != 0 || setup_model(a) != 0 || open_window(a) != 0) {
        fprintf(stderr, "ferry: cannot open the window: %s\n", SDL_GetError());
        goto out;
    }
    a->ev_wake = wake_event = SDL_RegisterEvents(3);
    a->ev_picked = a->ev_wake + 1;
    a->ev_drag = a->ev_wake + 2;
    /* The drag hover (drag_filter): X11 only, where the platform reads
     * Xdnd; elsewhere the window's messages stay off (each would be an
     * event). */
    if (!strcmp(SDL_GetCurrentVideoDriver(), "x11")) {
        SDL_SetEventFilter(drag_filter, a);
        SDL_EventState(SDL_SYSWMEVENT, SDL_ENABLE);
    }
    if (script) {
        char msg[256];
        if (!(a->script = fy_ui_script_open(script, msg, sizeof msg))) {
            fprintf(stderr, "ferry: FERRY_UI_SCRIPT: %s\n", msg);
            goto out;
        }
    }
    if (fy_ui_engine_create(&a->model, wake, a, &a->engine, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        goto out;
    }
    fy_ui_model_set_listen(&a->model, 1);
    /* The History view's rows come from a thread of its own, which wakes
     * the loop like the engine does. Without a database the view says why. */
    if ((a->hview = calloc(1, sizeof *a->hview)) != NULL) {
        char cfg[1024];
        fy_err herr = {0};
        fy_ui_list_init(&a->hview->list, 0x4859);
        if (fy_plat_config_dir(cfg, sizeof cfg, &herr) == FY_OK)
            a->hview->h = fy_ui_history_new(cfg, wake, a, &herr);
        snprintf(a->hview->error, sizeof a->hview->error, "%s", herr.msg);
        a->model.hview = a->hview;
    }
    /* `ferry FILE...` (main.c): the files start in the send list, as one
     * drop would put them there, with the same checks and notice. */
    if (argc > 1) {
        fy_ui_model_drop_begin(&a->model);
        for (int i = 1; i < argc; i++)
            fy_ui_model_drop_path(&a->model, argv[i]);
        fy_ui_model_drop_complete(&a->model);
    }
    fy_ui_model_push(&a->model, FY_ACT_FIND_LEFTOVERS, 0, 0, NULL);
    loop(a);
    status = fy_ui_script_failed(a->script) ? 1 : 0;
out:
    fy_engine_destroy(a->engine); /* cancels what runs; peers are told */
    if (a->hview) {
        fy_ui_history_free(a->hview->h);
        free(a->hview);
        a->model.hview = NULL;
    }
    fy_ui_script_close(a->script);
    fy_ui_draw_free(a->draw);
    if (a->ren)
        SDL_DestroyRenderer(a->ren);
    if (a->win)
        SDL_DestroyWindow(a->win);
    fy_ui_model_free(&a->model);
    SDL_free(script);
    if (TTF_WasInit())
        TTF_Quit();
    SDL_Quit();
    return status;
}
