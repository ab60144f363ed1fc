/* fy_ui_history.c: the History view's rows from history.db, on a thread
 * of its own (fy_ui_history.h says why). */
#include "fy_ui_history.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_names.h"
#include "platform/fy_platform.h"

static const char *const type_words[] = {NULL, "image", "video", "audio", "document", "archive", "text"};
#define NTYPES ((int)(sizeof type_words / sizeof *type_words))

const char *fy_ui_history_type_word(int type) { return type > 0 && type < NTYPES ? type_words[type] : NULL; }

int fy_ui_history_type_of(const char *name, int kind)
{
    const char *w = kind == FY_HISTORY_KIND_TEXT ? "text" : fy_history_type_of(name);
    for (int i = 1; w && i < NTYPES; i++)
        if (!strcmp(w, type_words[i]))
            return i;
    return 0;
}

struct fy_ui_history {
    fy_history *db;
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *cond;
    void (*wake)(void *);
    void *wake_ud;
    int stop;
    /* Asked for (under lock). */
    fy_ui_hfilter filter;
    uint64_t gen;              /* bumped by a new filter, refresh or clear */
    int clear_asked;
    int64_t want_first, want_last;
    /* Answered (under lock): the count and one page, for done_gen. */
    uint64_t count_gen;
    int64_t total;
    fy_ui_hrow *rows;          /* FY_UI_HIST_PAGE */
    int64_t rows_first;
    int rows_n;
    uint64_t rows_gen;
    int count_ms, page_ms;
    char error[FY_ERRMSG_MAX];
};

static void to_query(const fy_ui_hfilter *f, fy_history_query *q)
{
    static const int64_t spans[] = {0, 0, 7 * 86400, 30 * 86400};
    memset(q, 0, sizeof q[0]);
    q->text = f->text[0] ? f->text : NULL;
    q->peer = f->peer[0] ? f->peer : NULL;
    q->type = fy_ui_history_type_word(f->type);
    q->direction = f->direction;
    if (f->since == 1) /* today: the last 24 hours, simple and time-zone free */
        q->since = fy_plat_wall_time() - 86400;
    else if (f->since > 1 && f->since < 4)
        q->since = fy_plat_wall_time() - spans[f->since];
}

typedef struct fill {
    fy_ui_hrow *rows;
    int n;
} fill;

static int on_row(void *ud, const fy_history_row *r)
{
    fill *f = ud;
    fy_ui_hrow *o = &f->rows[f->n++];
    memset(o, 0, sizeof *o);
    o->transfer_id = r->transfer_id;
    o->file_id = r->file_id;
    o->ended = r->ended;
    o->outgoing = r->outgoing;
    o->kind = r->kind;
    o->result = r->result;
    o->scan = r->scan;
    o->size = r->file_id ? r->size : r->bytes;
    if (r->kind == FY_HISTORY_KIND_TEXT) {
        fy_names_for_display(r->text, o->name, sizeof o->name);
    } else if (r->file_id) {
        const char *base = strrchr(r->rel, '/');
        fy_names_for_display(base ? base + 1 : r->rel, o->name, sizeof o->name);
        snprintf(o->path, sizeof o->path, "%s", r->path);
    } else {
        /* The top-level names, one per line in the record: "a, b, c". */
        char names[256];
        size_t o2 = 0;
        for (const char *p = r->names; *p && o2 + 3 < sizeof names; p++) {
            if (*p == '\n')
                names[o2++] = ',', names[o2++] = ' ';
            else
                names[o2++] = *p;
        }
        names[o2] = '\0';
        fy_names_for_display(names, o->name, sizeof o->name);
    }
    fy_names_for_display(r->peer_name[0] ? r->peer_name : r->address, o->peer, sizeof o->peer);
    fy_names_for_display(r->result != FY_HISTORY_DONE ? r->error : r->scan_words, o->note, sizeof o->note);
    if (o->path[0]) {
        fy_stat st;
        fy_err e;
        o->exists = fy_plat_stat(o->path, &st, &e) == FY_OK && st.kind != FY_KIND_NONE;
    }
    return f->n >= FY_UI_HIST_PAGE;
}

static int worker(void *arg)
{
    fy_ui_history *h = arg;
    fy_ui_hrow *page = malloc(FY_UI_HIST_PAGE * sizeof *page);
    SDL_LockMutex(h->lock);
    while (!h->stop && page) {
        fy_ui_hfilter f = h->filter;
        uint64_t gen = h->gen;
        int need_count = h->count_gen != gen, clear = h->clear_asked;
        int64_t first = h->want_first;
        int need_page = need_count || h->rows_gen != gen || first < h->rows_first ||
                        h->want_last >= h->rows_first + h->rows_n;
        fy_history_query q;
        fy_err err = {0};
        fill fl = {page, 0};
        int64_t total = -1;
        uint64_t t0;
        int count_ms = -1, page_ms = -1, ok = 1;

        if (!need_count && !need_page && !clear) {
            SDL_CondWait(h->cond, h->lock);
            continue;
        }
        h->clear_asked = 0;
        SDL_UnlockMutex(h->lock);

        if (clear)
            ok = fy_history_clear(h->db, &err) == FY_OK;
        to_query(&f, &q);
        t0 = fy_plat_now_ms();
        if (ok && need_count) {
            ok = fy_history_count(h->db, &q, &total, &err) == FY_OK;
            count_ms = (int)(fy_plat_now_ms() - t0);
        }
        /* A page that starts a little above what shows, so scrolling up a
         * few rows needs no new query. */
        first = first > FY_UI_HIST_PAGE / 4 ? first - FY_UI_HIST_PAGE / 4 : 0;
        q.limit = FY_UI_HIST_PAGE;
        q.offset = first;
        t0 = fy_plat_now_ms();
        if (ok)
            ok = fy_history_query_rows(h->db, &q, on_row, &fl, &err) == FY_OK;
        page_ms = (int)(fy_plat_now_ms() - t0);

        SDL_LockMutex(h->lock);
        if (h->gen == gen) { /* else a newer request came: its answer follows */
            if (need_count) {
                h->total = ok ? total : 0;
                h->count_gen = gen;
                h->count_ms = count_ms;
            }
            memcpy(h->rows, page, (size_t)fl.n * sizeof *page);
            h->rows_n = fl.n;
            h->rows_first = first;
            h->rows_gen = gen;
            h->page_ms = page_ms;
            /* Past the end: nothing more to fetch for this range. */
            if (fl.n < FY_UI_HIST_PAGE && h->want_last >= first + fl.n)
                h->want_last = first + fl.n - 1;
        }
        snprintf(h->error, sizeof h->error, "%s", ok ? "" : err.msg);
        SDL_UnlockMutex(h->lock);
        if (h->wake)
            h->wake(h->wake_ud);
        SDL_LockMutex(h->lock);
    }
    SDL_UnlockMutex(h->lock);
    free(page);
    return 0;
}

fy_ui_history *fy_ui_history_new(const char *config_dir, void (*wake)(void *), void *ud, fy_err *err)
{
    fy_ui_history *h = calloc(1, sizeof *h);
    if (!h) {
        fy_fail(err, FY_ERR_NOMEM, "out of memory");
        return NULL;
    }
    h->wake = wake;
    h->wake_ud = ud;
    h->total = -1;
    h->gen = 1;
    h->rows = malloc(FY_UI_HIST_PAGE * sizeof *h->rows);
    h->lock = SDL_CreateMutex();
    h->cond = SDL_CreateCond();
    if (!h->rows || !h->lock || !h->cond) {
        fy_fail(err, FY_ERR_NOMEM, "out of memory");
        goto fail;
    }
    if (fy_history_open(config_dir, &h->db, err) != FY_OK)
        goto fail;
    if (!(h->thread = SDL_CreateThread(worker, "ferry-history", h))) {
        fy_fail(err, FY_ERR_NOMEM, "cannot start the history thread: %s", SDL_GetError());
        goto fail;
    }
    return h;
fail:
    fy_ui_history_free(h);
    return NULL;
}

void fy_ui_history_free(fy_ui_history *h)
{
    if (!h)
        return;
    if (h->thread) {
        SDL_LockMutex(h->lock);
        h->stop = 1;
        SDL_CondSignal(h->cond);
        SDL_UnlockMutex(h->lock);
        SDL_WaitThread(h->thread, NULL);
    }
    fy_history_close(h->db);
    if (h->cond)
        SDL_DestroyCond(h->cond);
    if (h->lock)
        SDL_DestroyMutex(h->lock);
    free(h->rows);
    free(h);
}

void fy_ui_history_set_filter(fy_ui_history *h, const fy_ui_hfilter *f)
{
    SDL_LockMutex(h->lock);
    if (memcmp(&h->filter, f, sizeof *f) != 0) {
        h->filter = *f;
        h->gen++;
        h->want_first = h->want_last = 0;
        SDL_CondSignal(h->cond);
    }
    SDL_UnlockMutex(h->lock);
}

void fy_ui_history_refresh(fy_ui_history *h)
{
    SDL_LockMutex(h->lock);
    h->gen++;
    SDL_CondSignal(h->cond);
    SDL_UnlockMutex(h->lock);
}

void fy_ui_history_clear(fy_ui_history *h)
{
    SDL_LockMutex(h->lock);
    h->clear_asked = 1;
    h->gen++;
    SDL_CondSignal(h->cond);
    SDL_UnlockMutex(h->lock);
}

void fy_ui_history_want(fy_ui_history *h, int64_t first, int64_t last)
{
    SDL_LockMutex(h->lock);
    if (first != h->want_first || last != h->want_last) {
        h->want_first = first;
        h->want_last = last;
        if (h->rows_gen != h->gen || first < h->rows_first || last >= h->rows_first + h->rows_n)
            SDL_CondSignal(h->cond);
    }
    SDL_UnlockMutex(h->lock);
}

int fy_ui_history_settled(fy_ui_history *h)
{
    int ok;
    SDL_LockMutex(h->lock);
    ok = !h->clear_asked && h->count_gen == h->gen && h->rows_gen == h->gen &&
         (h->total == 0 || (h->want_first >= h->rows_first && h->want_last < h->rows_first + h->rows_n));
    SDL_UnlockMutex(h->lock);
    return ok;
}

int64_t fy_ui_history_total(fy_ui_history *h)
{
    int64_t n;
    SDL_LockMutex(h->lock);
    n = h->count_gen == h->gen ? h->total : (h->count_gen ? h->total : -1);
    SDL_UnlockMutex(h->lock);
    return n;
}

int fy_ui_history_get(fy_ui_history *h, int64_t i, fy_ui_hrow *out)
{
    int ok;
    SDL_LockMutex(h->lock);
    ok = h->rows_gen && i >= h->rows_first && i < h->rows_first + h->rows_n;
    if (ok)
        *out = h->rows[i - h->rows_first];
    SDL_UnlockMutex(h->lock);
    return ok;
}

void fy_ui_history_timing(fy_ui_history *h, int *count_ms, int *page_ms)
{
    SDL_LockMutex(h->lock);
    *count_ms = h->count_ms;
    *page_ms = h->page_ms;
    SDL_UnlockMutex(h->lock);
}

void fy_ui_history_error(fy_ui_history *h, char *out, size_t cap)
{
    SDL_LockMutex(h->lock);
    snprintf(out, cap, "%s", h->error);
    SDL_UnlockMutex(h->lock);
}
