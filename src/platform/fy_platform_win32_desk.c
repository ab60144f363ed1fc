/* fy_platform_win32_desk.c: fonts for characters the window's own font
 * lacks, a notification balloon, and keeping the machine awake. */
#include "fy_platform_win32_int.h"

#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fonts ---------------------------------------------------------------- */

/* Fonts every Windows since 7 or 10 has (with its language packs), CJK
 * first: Japanese, Simplified Chinese, Korean, Traditional Chinese, then
 * symbols and emoji. Whichever exist are offered in turn; the window keeps
 * the first that has the glyph. Emoji code points try the emoji font
 * first, so they do not come out of MS Gothic's black-and-white set. */
static const char *const cjk_first[] = {"msgothic.ttc", "msyh.ttc", "malgun.ttf", "msjh.ttc", "simsun.ttc",
                                        "seguisym.ttf", "seguiemj.ttf", "Nirmala.ttf", "segoeui.ttf"};
static const char *const emoji_first[] = {"seguiemj.ttf", "seguisym.ttf", "msgothic.ttc", "msyh.ttc",
                                          "malgun.ttf", "msjh.ttc", "simsun.ttc", "Nirmala.ttf", "segoeui.ttf"};

static int is_emoji(uint32_t cp) { return cp >= 0x1F000 || (cp >= 0x2600 && cp < 0x27C0); }

int fy_plat_font_for_char(uint32_t cp, int skip, char *path, size_t cap, int *index)
{
    const char *const *list = is_emoji(cp) ? emoji_first : cjk_first;
    wchar_t dir[MAX_PATH];
    char udir[MAX_PATH * 3];
    UINT n = GetWindowsDirectoryW(dir, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return 0;
    fy_win_utf8_copy(udir, sizeof udir, dir);
    for (size_t i = 0; i < sizeof cjk_first / sizeof *cjk_first; i++) {
        wchar_t *w;
        DWORD attr;
        int len = snprintf(path, cap, "%s\\Fonts\\%s", udir, list[i]);
        if (len < 0 || (size_t)len >= cap || !(w = fy_win_wide_dup(path)))
            continue;
        attr = GetFileAttributesW(w);
        free(w);
        if (attr == INVALID_FILE_ATTRIBUTES || (attr & FILE_ATTRIBUTE_DIRECTORY) || skip-- > 0)
            continue;
        *index = 0;
        return 1;
    }
    return 0;
}

void fy_plat_fonts_release(void) {}

/* ---- notifications ------------------------------------------------------- */

/* A notification-area icon owned by a message-only window of the thread
 * that first notifies (the window's thread, whose SDL loop pumps its
 * messages); each notification is a balloon on it (Windows 10 and 11 show
 * it as a toast). The icon is removed by fy_plat_notify_end. */
static NOTIFYICONDATAW icon;
static int icon_added;

static void wide_copy(wchar_t *out, size_t cap, const char *s)
{
    if (!MultiByteToWideChar(CP_UTF8, 0, s, -1, out, (int)cap))
        out[0] = 0;
    out[cap - 1] = 0;
}

int fy_plat_notify(const char *title, const char *body)
{
    if (!icon_added) {
        HWND wnd = CreateWindowExW(0, L"STATIC", L"Ferry", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
        if (!wnd)
            return -1;
        memset(&icon, 0, sizeof icon);
        icon.cbSize = sizeof icon;
        icon.hWnd = wnd;
        icon.uID = 1;
        icon.uFlags = NIF_ICON | NIF_TIP;
        icon.hIcon = LoadIconW(GetModuleHandleW(NULL), MAKEINTRESOURCEW(1));
        if (!icon.hIcon)
            icon.hIcon = LoadIconW(NULL, (LPCWSTR)IDI_APPLICATION);
        wcscpy(icon.szTip, L"Ferry");
        if (!Shell_NotifyIconW(NIM_ADD, &icon)) {
            DestroyWindow(wnd);
            return -1;
        }
        icon_added = 1;
    }
    icon.uFlags = NIF_INFO;
    icon.dwInfoFlags = NIIF_INFO;
    wide_copy(icon.szInfoTitle, sizeof icon.szInfoTitle / sizeof(wchar_t), title);
    wide_copy(icon.szInfo, sizeof icon.szInfo / sizeof(wchar_t), body);
    return Shell_NotifyIconW(NIM_MODIFY, &icon) ? 0 : -1;
}

void fy_plat_notify_end(void)
{
    if (icon_added) {
        Shell_NotifyIconW(NIM_DELETE, &icon);
        DestroyWindow(icon.hWnd);
        icon_added = 0;
    }
}

/* ---- keeping the machine awake ------------------------------------------ */

/* SetThreadExecutionState is per thread: the system stays awake while any
 * thread has ES_SYSTEM_REQUIRED set, and a thread's request ends with it.
 * Each transfer thread sets it for itself; the count is only for tests. */
static volatile LONG awake_count;

void fy_plat_keep_awake_begin(void)
{
    /* It returns the previous state, which may be 0: no failure to see. */
    SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED);
    InterlockedIncrement(&awake_count);
}

void fy_plat_keep_awake_end(void)
{
    SetThreadExecutionState(ES_CONTINUOUS);
    if (InterlockedCompareExchange(&awake_count, 0, 0) > 0)
        InterlockedDecrement(&awake_count);
}

int fy_plat_keep_awake_held(void) { return InterlockedCompareExchange(&awake_count, 0, 0) > 0; }

/* SDL_GetDisplayDPI answers on Windows (the manifest makes Ferry DPI-aware). */
float fy_plat_desktop_scale(void) { return 0.0f; }

/* SDL's WM_DROPFILES has no hover: the drop works, without the highlight. */
int fy_plat_drag_read(const void *syswm_msg, fy_plat_drag *out)
{
    (void)syswm_msg;
    memset(out, 0, sizeof *out);
    return 0;
}
