/* fy_platform_win32_pick.c: the Windows common dialogs for "Choose
 * files..." (GetOpenFileNameW, several files at once) and "Change..."
 * (SHBrowseForFolderW). Both block: the window calls them from a thread of
 * its own, which gets its own COM apartment here. */
#include <windows.h>
#include <commdlg.h>
#include <shlobj.h>

#include <stdlib.h>
#include <string.h>

#include "fy_platform.h"

#define PICK_WCHARS (64 * 1024) /* the dialog's buffer: many files */

int fy_plat_can_pick(void) { return 1; }

/* Appends w as UTF-8 and a '\n' to the list *out of *len bytes. */
static int append(char **out, size_t *len, const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *grown;
    if (n <= 0 || !(grown = realloc(*out, *len + (size_t)n + 1)))
        return -1;
    *out = grown;
    WideCharToMultiByte(CP_UTF8, 0, w, -1, *out + *len, n, NULL, NULL);
    *len += (size_t)n - 1;
    (*out)[(*len)++] = '\n';
    (*out)[*len] = '\0';
    return 0;
}

static char *pick_files(void)
{
    wchar_t *buf = calloc(PICK_WCHARS, sizeof *buf), path[MAX_PATH * 4];
    OPENFILENAMEW ofn;
    char *out = NULL;
    size_t len = 0;
    if (!buf)
        return NULL;
    memset(&ofn, 0, sizeof ofn);
    ofn.lStructSize = sizeof ofn;
    ofn.hwndOwner = GetActiveWindow();
    ofn.lpstrFile = buf;
    ofn.nMaxFile = PICK_WCHARS;
    ofn.lpstrTitle = L"Choose files to send";
    ofn.Flags = OFN_ALLOWMULTISELECT | OFN_EXPLORER | OFN_FILEMUSTEXIST | OFN_PATHMUSTEXIST | OFN_NOCHANGEDIR;
    if (GetOpenFileNameW(&ofn)) {
        /* One file: its full path. Several: the folder, then each name,
         * each ended by a NUL, the list by a second NUL. */
        const wchar_t *dir = buf, *name = buf + wcslen(buf) + 1;
        if (!*name) {
            append(&out, &len, dir);
        } else {
            for (; *name; name += wcslen(name) + 1) {
                if (wcslen(dir) + 1 + wcslen(name) + 1 > sizeof path / sizeof *path)
                    continue;
                wcscpy(path, dir);
                wcscat(path, L"\\");
                wcscat(path, name);
                if (append(&out, &len, path) != 0)
                    break;
            }
        }
    }
    free(buf);
    return out;
}

static char *pick_folder(void)
{
    BROWSEINFOW bi;
    PIDLIST_ABSOLUTE id;
    wchar_t path[MAX_PATH];
    char *out = NULL;
    size_t len = 0;
    memset(&bi, 0, sizeof bi);
    bi.hwndOwner = GetActiveWindow();
    bi.lpszTitle = L"Where should received files go?";
    bi.ulFlags = BIF_RETURNONLYFSDIRS | BIF_NEWDIALOGSTYLE;
    if ((id = SHBrowseForFolderW(&bi)) != NULL) {
        if (SHGetPathFromIDListW(id, path))
            append(&out, &len, path);
        CoTaskMemFree(id);
    }
    return out;
}

char *fy_plat_pick(int folders_only)
{
    HRESULT init = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    char *out = folders_only ? pick_folder() : pick_files();
    if (SUCCEEDED(init))
        CoUninitialize();
    return out;
}
