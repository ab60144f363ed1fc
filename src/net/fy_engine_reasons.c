/* fy_engine_reasons.c: the receiver's reason log. Why a connection was
 * refused or dropped, or a discovery query ignored, is otherwise only seen
 * on the receiver's screen, if anywhere; `ferry doctor` and the window's
 * report show the last FY_DOC_REASONS_MAX.
 *
 * Kept in memory under e->lock, and written by the listener thread (at
 * most once a second) to <config folder>/receiver-log.txt, private to the
 * user, through a temporary file and a rename. A file rather than a local
 * query port: nothing new listens (no new surface for anyone on the
 * machine or the network), only this user can read it (the reasons name
 * addresses and device names), it works while the window or a `ferry
 * receive` runs and still explains a failure after they stopped.
 *
 * File: "ferry-receiver-log 1\n", then "<unix seconds> <text>\n", oldest
 * first. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_doctor_probe.h"
#include "fy_engine_int.h"
#include "platform/fy_platform.h"

#define WRITE_EVERY_MS 1000u

void fy_engine_reason(fy_engine *e, const char *fmt, ...)
{
    char text[FY_DOC_TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    /* One line each: a device name with a newline must not forge another. */
    for (char *c = text; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    SDL_LockMutex(e->lock);
    {
        int slot = (e->reason_first + e->reason_n) % FY_DOC_REASONS_MAX;
        if (e->reason_n == FY_DOC_REASONS_MAX)
            e->reason_first = (e->reason_first + 1) % FY_DOC_REASONS_MAX;
        else
            e->reason_n++;
        snprintf(e->reasons[slot], sizeof e->reasons[slot], "%s", text);
        e->reason_time[slot] = fy_plat_wall_time();
        e->reasons_dirty = 1;
    }
    SDL_UnlockMutex(e->lock);
}

void fy_engine_reasons_flush(fy_engine *e, int force)
{
    enum { CAP = FY_DOC_REASONS_MAX * (FY_DOC_TEXT_MAX + 24) + 32 };
    char *buf, path[sizeof e->cfg.config_dir + 32];
    size_t len = 0;
    uint64_t now = fy_plat_now_ms();
    uint32_t from = 0;
    int limited = e->disco ? fy_discovery_limited(e->disco, &from) : 0;
    fy_err err = {0};

    if (limited)
        fy_engine_reason(e, "ignored %d discovery quer%s (reply limit), the last from %u.%u.%u.%u", limited,
                         limited == 1 ? "y" : "ies", from >> 24, (from >> 16) & 255u, (from >> 8) & 255u,
                         from & 255u);
    SDL_LockMutex(e->lock);
    if (!e->reasons_dirty || (!force && now - e->reasons_written_ms < WRITE_EVERY_MS)) {
        SDL_UnlockMutex(e->lock);
        return;
    }
    if (!(buf = malloc(CAP))) {
        SDL_UnlockMutex(e->lock);
        return;
    }
    len = (size_t)snprintf(buf, CAP, "ferry-receiver-log 1\n");
    for (int i = 0; i < e->reason_n && len < CAP; i++) {
        int k = (e->reason_first + i) % FY_DOC_REASONS_MAX;
        len += (size_t)snprintf(buf + len, CAP - len, "%lld %s\n", (long long)e->reason_time[k], e->reasons[k]);
    }
    e->reasons_dirty = 0;
    e->reasons_written_ms = now;
    SDL_UnlockMutex(e->lock);
    if (len >= CAP)
        len = CAP - 1;
    snprintf(path, sizeof path, "%s/%s", e->cfg.config_dir, FY_DOCTOR_REASONS_FILE);
    /* Best effort: a log that cannot be written must not stop receiving. */
    fy_ignore(fy_plat_write_file_atomic(path, buf, len, 1, &err));
    free(buf);
}
