/* fy_ui_picker.c: "Choose files..." and "Change..." through the system's
 * own file dialog (fy_plat_pick: zenity or kdialog on Linux, the common
 * dialogs on Windows). The dialog blocks, so it runs on a thread and hands
 * its answer back as an SDL event: the window keeps drawing meanwhile. */
#include <stdlib.h>

#include "fy_ui_app.h"
#include "platform/fy_platform.h"

typedef struct pick_job {
    Uint32 ev;
    int dir;
} pick_job;

int fy_ui_picker_available(void) { return fy_plat_can_pick(); }

static int run(void *ud)
{
    pick_job *job = ud;
    char *out = fy_plat_pick(job->dir);
    SDL_Event e;
    SDL_zero(e);
    e.type = job->ev;
    e.user.code = job->dir;
    e.user.data1 = out; /* NULL: cancelled */
    if (SDL_PushEvent(&e) != 1)
        free(out);
    free(job);
    return 0;
}

void fy_ui_picker_start(fy_ui_app *a, int folders_only)
{
    pick_job *job = fy_plat_can_pick() ? calloc(1, sizeof *job) : NULL;
    SDL_Thread *t;
    if (!job)
        return;
    job->ev = a->ev_picked;
    job->dir = folders_only;
    if (!(t = SDL_CreateThread(run, "ferry-picker", job))) {
        free(job);
        return;
    }
    SDL_DetachThread(t);
    a->picker_busy = 1;
}
