/* fy_ui_edit.h: editing one line of UTF-8 in place, as every desktop text
 * field does: a caret and a selection (byte offsets on character
 * boundaries), typed text replacing the selection, Backspace/Delete,
 * Left/Right and Home/End (with Shift: select), Ctrl+A, and the clipboard
 * (Ctrl+C, Ctrl+X, Ctrl+V; a pasted line break ends the paste: a field
 * holds an address or a path). The keys come from the frame's fy_ui_ctx. */
#ifndef FY_UI_EDIT_H
#define FY_UI_EDIT_H

#include "fy_ui_widgets.h"

/* Applies this frame's keys and text to buf (cap bytes with the NUL);
 * returns 1 when buf changed. */
int fy_ui_edit_apply(fy_ui_ctx *c, fy_ui_edit *e, char *buf, size_t cap);
/* The character boundary in buf nearest to x pixels from its start. */
size_t fy_ui_edit_hit(fy_ui_draw *d, fy_ui_font f, const char *buf, int x);

#endif
