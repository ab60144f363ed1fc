/* fy_ui_list.h: the one scrolling list every part of the window uses (send
 * list, transfers, nearby machines, the names in an offer).
 *
 * Immediate mode like the other widgets: the caller keeps a fy_ui_list
 * (scroll position, selection) in its model and, each frame, asks which
 * rows are visible and draws only those:
 *
 *   fy_ui_list_begin(c, &l, area, n, row_h, npinned);
 *   while (fy_ui_list_row(c, &l, &i, &row))
 *       draw row i into row (buttons inside take clicks as usual);
 *   fy_ui_list_end(c, &l);
 *
 * Rows have one fixed height per list. That keeps the visible range a
 * division (first = scroll / row_h), the scroll bar exact and 10,000 rows as
 * cheap as 10; a list whose rows need more room (a transfer with an error
 * that wraps) picks a taller row for all of them, which also keeps its
 * buttons at the same place in every row.
 *
 * Input: the wheel over the list, the scroll bar (drag the thumb, click the
 * track for a page), and, when the list has keyboard focus (click a row, or
 * Tab to it), Up/Down, PgUp/PgDn, Home/End move the selection and scroll it
 * into view; Enter activates the selected row. Rows are clipped to the
 * list, and widgets in a row that is partly hidden take clicks only on the
 * part that shows.
 *
 * Pinned rows: the first npinned rows stay on top while the rest scroll
 * below them (running transfers). When they would take more than half the
 * list they scroll with the rest, so nothing is ever out of reach. */
#ifndef FY_UI_LIST_H
#define FY_UI_LIST_H

#include "fy_ui_widgets.h"

typedef struct fy_ui_list {
    uint32_t salt;     /* tells lists apart (focus, scroll bar) */
    int scroll;        /* pixels of the scrolling part above its top */
    int selected;      /* row index, -1 for none */
    int activated;     /* the row Enter (or a double click) picked this frame, else -1 */
    int follow;        /* bring the selection into view on the next begin */
    int grab;          /* scroll bar drag: where in the thumb it was taken, +1 */
    /* This frame's layout (set by begin; read by tests). */
    SDL_Rect area, pinned_area, scroll_area, bar, thumb;
    int n, row_h, npinned, first, last, next;
    SDL_Rect saved_clip;
    int had_clip;
} fy_ui_list;

void fy_ui_list_init(fy_ui_list *l, uint32_t salt);
void fy_ui_list_begin(fy_ui_ctx *c, fy_ui_list *l, SDL_Rect r, int n, int row_h, int npinned);
/* The next visible row: its index and rectangle; 0 when there are no more. */
int fy_ui_list_row(fy_ui_ctx *c, fy_ui_list *l, int *index, SDL_Rect *row);
void fy_ui_list_end(fy_ui_ctx *c, fy_ui_list *l);
/* The largest scroll position for the last begin's rows. */
int fy_ui_list_max_scroll(const fy_ui_list *l);
/* Scrolls so that row i shows (after the next begin). */
void fy_ui_list_show(fy_ui_list *l, int i);

#endif
