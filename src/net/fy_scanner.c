/* fy_scanner.c: the scanner thread of one incoming transfer. */
#include "fy_scanner.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_settings.h"
#include "platform/fy_platform.h"

void fy_scan_setup_load(const char *config_dir, fy_scan_setup *out)
{
    fy_settings s;
    char path[1100], cmd[FY_SCAN_COMMAND_MAX + 1];
    fy_file *f = NULL;
    fy_err err = {0};

    memset(out, 0, sizeof *out);
    fy_settings_defaults(&s);
    /* Read at each transfer, so a changed setting applies to the next one
     * without a restart (the window and `ferry receive` alike). */
    snprintf(path, sizeof path, "%s/settings.txt", config_dir);
    if (fy_plat_open(path, FY_OPEN_READ, &f, NULL) == FY_OK) {
        char *text = malloc(FY_SETTINGS_TEXT_MAX);
        size_t len = 0, got = 1;
        while (text && len < FY_SETTINGS_TEXT_MAX && got &&
               fy_plat_read(f, text + len, FY_SETTINGS_TEXT_MAX - len, &got, NULL) == FY_OK)
            len += got;
        if (text)
            (void)fy_settings_parse(&s, text, len);
        free(text);
        fy_plat_close(f, NULL);
    }
    out->timeout_ms = (s.scan_timeout ? s.scan_timeout : FY_SCAN_TIMEOUT_S) * 1000u;
    if (s.scan_off) {
        out->mode = FY_SCAN_OFF;
        return;
    }
    if (s.scan_command[0]) {
        snprintf(cmd, sizeof cmd, "%s", s.scan_command);
    } else if (!fy_plat_find_scanner(cmd, sizeof cmd)) {
        out->mode = FY_SCAN_NONE_FOUND;
        snprintf(out->why, sizeof out->why, "no virus scanner found (install %s, or set scan_command in %.300s; "
                 "scan=off there turns scanning and this note off)",
                 fy_plat_windows_names() ? "or turn on Microsoft Defender" : "clamav", path);
        return;
    }
    if (fy_scan_parse_command(cmd, &out->cmd, &err) != FY_OK) {
        out->mode = FY_SCAN_BAD_COMMAND;
        snprintf(out->why, sizeof out->why, "%.200s in %.300s", err.msg, path);
        return;
    }
    out->mode = FY_SCAN_ON;
}

typedef struct job {
    struct job *next;
    uint32_t index;
    fy_scan_done done;
    char path[];
} job;

struct fy_scanner {
    fy_scan_setup setup;
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *more, *ready;
    job *todo, **todo_tail, *done, **done_tail;
    SDL_atomic_t stop;
};

static int stopped(void *ud) { return SDL_AtomicGet(&((fy_scanner *)ud)->stop); }

static void scan_one(fy_scanner *s, job *j)
{
    fy_run_outcome *o = malloc(sizeof *o);
    size_t cap = strlen(j->path) * FY_SCAN_ARGS_MAX + FY_SCAN_COMMAND_MAX + 64;
    char *buf = malloc(cap);
    const char *argv[FY_SCAN_ARGS_MAX + 1];

    j->done.index = j->index;
    j->done.verdict = FY_SCAN_NOT_SCANNED;
    if (!o || !buf || fy_scan_argv(&s->setup.cmd, j->path, argv, buf, cap) < 0) {
        snprintf(j->done.words, sizeof j->done.words, "out of memory for the scanner");
    } else {
        fy_plat_run(argv, s->setup.timeout_ms, stopped, s, o);
        j->done.verdict = fy_scan_judge(&s->setup.cmd, o, s->setup.timeout_ms, j->done.words, sizeof j->done.words);
    }
    free(o);
    free(buf);
}

static int scanner_main(void *arg)
{
    fy_scanner *s = arg;
    SDL_LockMutex(s->lock);
    for (;;) {
        job *j;
        while (!s->todo && !SDL_AtomicGet(&s->stop))
            SDL_CondWait(s->more, s->lock);
        if (SDL_AtomicGet(&s->stop))
            break;
        j = s->todo;
        s->todo = j->next;
        if (!s->todo)
            s->todo_tail = &s->todo;
        SDL_UnlockMutex(s->lock);
        scan_one(s, j);
        SDL_LockMutex(s->lock);
        j->next = NULL;
        *s->done_tail = j;
        s->done_tail = &j->next;
        SDL_CondSignal(s->ready);
    }
    SDL_UnlockMutex(s->lock);
    return 0;
}

fy_scanner *fy_scanner_new(const fy_scan_setup *setup)
{
    fy_scanner *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->setup = *setup;
    /* argv points into the copied buf */
    for (int i = 0; i < s->setup.cmd.argc; i++)
        s->setup.cmd.argv[i] = s->setup.cmd.buf + (setup->cmd.argv[i] - setup->cmd.buf);
    s->todo_tail = &s->todo;
    s->done_tail = &s->done;
    s->lock = SDL_CreateMutex();
    s->more = SDL_CreateCond();
    s->ready = SDL_CreateCond();
    if (s->lock && s->more && s->ready)
        s->thread = SDL_CreateThread(scanner_main, "ferry-scan", s);
    if (!s->thread) {
        fy_scanner_free(s);
        return NULL;
    }
    return s;
}

int fy_scanner_submit(fy_scanner *s, uint32_t index, const char *path)
{
    size_t n = strlen(path);
    job *j = malloc(sizeof *j + n + 1);
    if (!j)
        return -1;
    memset(j, 0, sizeof *j);
    j->index = index;
    memcpy(j->path, path, n + 1);
    SDL_LockMutex(s->lock);
    *s->todo_tail = j;
    s->todo_tail = &j->next;
    SDL_CondSignal(s->more);
    SDL_UnlockMutex(s->lock);
    return 0;
}

int fy_scanner_take(fy_scanner *s, unsigned wait_ms, fy_scan_done *out)
{
    job *j;
    SDL_LockMutex(s->lock);
    if (!s->done && wait_ms)
        SDL_CondWaitTimeout(s->ready, s->lock, wait_ms);
    j = s->done;
    if (j) {
        s->done = j->next;
        if (!s->done)
            s->done_tail = &s->done;
    }
    SDL_UnlockMutex(s->lock);
    if (!j)
        return 0;
    *out = j->done;
    free(j);
    return 1;
}

static void free_list(job *j)
{
    while (j) {
        job *next = j->next;
        free(j);
        j = next;
    }
}

void fy_scanner_free(fy_scanner *s)
{
    if (!s)
        return;
    SDL_AtomicSet(&s->stop, 1);
    if (s->thread) {
        SDL_LockMutex(s->lock);
        SDL_CondSignal(s->more);
        SDL_UnlockMutex(s->lock);
        SDL_WaitThread(s->thread, NULL);
    }
    free_list(s->todo);
    free_list(s->done);
    if (s->ready)
        SDL_DestroyCond(s->ready);
    if (s->more)
        SDL_DestroyCond(s->more);
    if (s->lock)
        SDL_DestroyMutex(s->lock);
    free(s);
}
