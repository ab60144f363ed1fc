/* fy_engine_doctor.c: the network doctor for the window: runs on a thread
 * of its own (it waits a second for discovery answers and up to 2 s for a
 * connection), and its report comes back as an FY_EV_DOCTOR event, so the
 * window never blocks. */
#include <stdlib.h>
#include <string.h>

#include "fy_doctor_probe.h"
#include "fy_engine_int.h"

static int doctor_main(void *arg)
{
    fy_engine *e = arg;
    fy_doc_report *r = calloc(1, sizeof *r);
    fy_doctor_opts o;
    fy_err err = {0};
    fy_event ev;
    char target[256];

    SDL_LockMutex(e->lock);
    snprintf(target, sizeof target, "%s", e->doctor_target);
    SDL_UnlockMutex(e->lock);
    memset(&o, 0, sizeof o);
    o.target = target;
    o.port = e->cfg.port;
    o.config_dir = e->cfg.config_dir;
    o.device_name = e->cfg.device_name;
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_DOCTOR;
    if (!r)
        ev.result = fy_fail(&err, FY_ERR_NOMEM, "out of memory");
    else
        ev.result = fy_doctor_run(&o, r, &err);
    if (ev.result != FY_OK)
        snprintf(ev.text, sizeof ev.text, "%s", err.msg);
    SDL_LockMutex(e->lock);
    free(e->doctor_report);
    e->doctor_report = ev.result == FY_OK ? r : NULL;
    e->doctor_done = 1;
    SDL_UnlockMutex(e->lock);
    if (ev.result != FY_OK)
        free(r);
    fy_queue_push(e->q, &ev);
    return 0;
}

/* Joins a finished doctor thread (under no lock). */
static void doctor_reap(fy_engine *e, int wait)
{
    int done;
    SDL_LockMutex(e->lock);
    done = e->doctor_done;
    SDL_UnlockMutex(e->lock);
    if (e->doctor_thread && (done || wait)) {
        SDL_WaitThread(e->doctor_thread, NULL);
        e->doctor_thread = NULL;
    }
}

fy_result fy_engine_doctor(fy_engine *e, const char *target, fy_err *err)
{
    doctor_reap(e, 0);
    if (e->doctor_thread)
        return fy_fail(err, FY_ERR_BUSY, "a network check is already running");
    SDL_LockMutex(e->lock);
    snprintf(e->doctor_target, sizeof e->doctor_target, "%s", target ? target : "");
    e->doctor_done = 0;
    SDL_UnlockMutex(e->lock);
    if (!(e->doctor_thread = SDL_CreateThread(doctor_main, "ferry-doctor", e)))
        return fy_fail(err, FY_ERR_NOMEM, "cannot start a thread: %s", SDL_GetError());
    return FY_OK;
}

int fy_engine_doctor_report(fy_engine *e, fy_doc_report *out)
{
    int have;
    SDL_LockMutex(e->lock);
    have = e->doctor_report != NULL;
    if (have)
        *out = *e->doctor_report;
    SDL_UnlockMutex(e->lock);
    return have;
}

void fy_engine_doctor_end(fy_engine *e)
{
    doctor_reap(e, 1);
    free(e->doctor_report);
    e->doctor_report = NULL;
}
