/* fy_ui_picker.c: "Choose files..." and "Change..." through the desktop's
 * own dialog program (zenity on GNOME and most others, kdialog on KDE).
 * The program runs on a thread so the window keeps drawing while the
 * dialog is open. popen is POSIX; _POSIX_C_SOURCE asks for it under C11.
 * On Windows, where neither program exists, the button explains that
 * dropping works (the common dialog belongs in the platform layer). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_ui_app.h"
#include "platform/fy_platform.h"

#define PICK_MAX (256 * 1024) /* bytes of paths from one dialog */

typedef struct pick_job {
    char cmd[256];
    Uint32 ev;
    int dir;
} pick_job;

static int on_path(const char *prog)
{
    const char *path = SDL_getenv("PATH");
    char full[1024];
    while (path && *path) {
        const char *end = strchr(path, ':');
        size_t n = end ? (size_t)(end - path) : strlen(path);
        fy_stat st;
        fy_err err = {0};
        if (n > 0 && snprintf(full, sizeof full, "%.*s/%s", (int)n, path, prog) < (int)sizeof full &&
            fy_plat_stat(full, &st, &err) == FY_OK && st.kind == FY_KIND_FILE)
            return 1;
        path = end ? end + 1 : NULL;
    }
    return 0;
}

static const char *which(void)
{
    static int found = -1;
    if (found < 0)
        found = on_path("zenity") ? 1 : on_path("kdialog") ? 2 : 0;
    return found == 1 ? "zenity" : found == 2 ? "kdialog" : NULL;
}

int fy_ui_picker_available(void) { return which() != NULL; }

static int run(void *ud)
{
    pick_job *job = ud;
    char *out = malloc(PICK_MAX);
    size_t len = 0, got;
    FILE *p = out ? popen(job->cmd, "r") : NULL;
    SDL_Event e;
    if (p) {
        while (len + 1 < PICK_MAX && (got = fread(out + len, 1, PICK_MAX - 1 - len, p)) > 0)
            len += got;
        pclose(p);
    }
    if (out)
        out[len] = '\0';
    if (!p || len == 0) { /* cancelled */
        free(out);
        out = NULL;
    }
    SDL_zero(e);
    e.type = job->ev;
    e.user.code = job->dir;
    e.user.data1 = out;
    if (SDL_PushEvent(&e) != 1)
        free(out);
    free(job);
    return 0;
}

void fy_ui_picker_start(fy_ui_app *a, int folders_only)
{
    const char *prog = which();
    pick_job *job = calloc(1, sizeof *job);
    SDL_Thread *t;
    if (!job || !prog) {
        free(job);
        return;
    }
    job->ev = a->ev_picked;
    job->dir = folders_only;
    if (!strcmp(prog, "zenity"))
        snprintf(job->cmd, sizeof job->cmd, "zenity --file-selection %s 2>/dev/null",
                 folders_only ? "--directory --title='Where should received files go?'"
                              : "--multiple --separator='\n' --title='Choose files to send'");
    else
        snprintf(job->cmd, sizeof job->cmd, "kdialog %s 2>/dev/null",
                 folders_only ? "--getexistingdirectory ." : "--getopenfilename . --multiple --separate-output");
    if (!(t = SDL_CreateThread(run, "ferry-picker", job))) {
        free(job);
        return;
    }
    SDL_DetachThread(t);
    a->picker_busy = 1;
}
