/* fy_ui_history.h: the History view's rows, fetched off the UI thread.
 *
 * A thread of its own holds a history.db handle and answers the newest
 * request only: a count when the search or a filter changed, and a page of
 * rows around what the list shows. The window never waits on SQLite (a
 * search over 100,000 files takes ~30 ms, a page deep in the list ~10 ms,
 * more while a transfer writes); a row not fetched yet is drawn empty for
 * that frame, and the thread's answer wakes the loop. */
#ifndef FY_UI_HISTORY_H
#define FY_UI_HISTORY_H

#include <stdint.h>

#include "history/fy_history.h"

#define FY_UI_HIST_PAGE 200   /* rows fetched around the visible ones */

typedef struct fy_ui_hrow {
    int64_t transfer_id, file_id;
    int64_t ended;             /* seconds since 1970 UTC */
    int outgoing, kind, result, scan, exists;
    uint64_t size;
    char name[256];            /* the file's name, or the transfer's names */
    char path[1024];           /* on this machine; empty for a row without a file */
    char peer[64];
    char note[256];            /* why it failed, or the scanner's words */
} fy_ui_hrow;

/* The chips and search box, as the window holds them. */
typedef struct fy_ui_hfilter {
    char text[128];
    int direction;             /* 0 all, 1 received, 2 sent */
    int type;                  /* 0 any, then fy_ui_history_type_word(type) */
    int since;                 /* 0 any time, 1 today, 2 7 days, 3 30 days */
    char peer[64];             /* empty: every peer */
} fy_ui_hfilter;

typedef struct fy_ui_history fy_ui_history;

/* Starts the thread; wake runs on it after each answer. NULL when the
 * history cannot be opened (err says why). */
fy_ui_history *fy_ui_history_new(const char *config_dir, void (*wake)(void *), void *ud, fy_err *err);
void fy_ui_history_free(fy_ui_history *h);
/* The filter to show; a different one starts over (count, first page). */
void fy_ui_history_set_filter(fy_ui_history *h, const fy_ui_hfilter *f);
/* Counts again and drops the cached rows (a transfer ended, or cleared). */
void fy_ui_history_refresh(fy_ui_history *h);
/* Rows the list is about to draw; fetched if not cached. */
void fy_ui_history_want(fy_ui_history *h, int64_t first, int64_t last);
/* 1 when the answer to the latest filter, refresh or clear is in, with
 * the rows last wanted (the test script waits for it). */
int fy_ui_history_settled(fy_ui_history *h);
/* Rows matching the filter, -1 while counting. */
int64_t fy_ui_history_total(fy_ui_history *h);
/* Copies row i if cached: 1, else 0. */
int fy_ui_history_get(fy_ui_history *h, int64_t i, fy_ui_hrow *out);
/* Removes every record (on the thread). */
void fy_ui_history_clear(fy_ui_history *h);
/* How long the last count and page took, ms (shown, and read by tests). */
void fy_ui_history_timing(fy_ui_history *h, int *count_ms, int *page_ms);
/* A failure of the last request, or "". */
void fy_ui_history_error(fy_ui_history *h, char *out, size_t cap);

/* "image", "video", ... for type 1..N; NULL past the end. */
const char *fy_ui_history_type_word(int type);
/* The type of a file name, for its icon: 0 other, else as above. */
int fy_ui_history_type_of(const char *name, int kind);

#endif
