/* fy_ui_screen_xfers.c: the Transfers card: running ones pinned on top,
 * then the finished, newest first; a bar, bytes, speed, time left, the
 * current file, an error in full, and what can be done (Cancel, Open
 * folder, Send again, Change folder, Dismiss). */
#include <stdio.h>
#include <string.h>

#include "fy_ui_screens.h"
#include "fy_ui_words.h"

static void status_text(const fy_ui_xfer *x, char *out, size_t cap, SDL_Color *col, const fy_ui_theme *t)
{
    *col = t->text_dim;
    switch (x->state) {
    case FY_XS_PAIRING: snprintf(out, cap, "Comparing codes..."); break;
    case FY_XS_OFFERED: snprintf(out, cap, x->answered ? "Starting..." : "Waiting for your answer"); break;
    case FY_XS_WAITING:
        /* Short: the title says who, the line below says why. */
        snprintf(out, cap, x->busy ? "Busy: waiting its turn" : "Waiting for an answer");
        break;
    case FY_XS_RUNNING:
        snprintf(out, cap, "%.0f%%", x->bytes_total ? 100.0 * (double)x->bytes_done / (double)x->bytes_total : 0.0);
        *col = t->text;
        break;
    case FY_XS_DONE:
        snprintf(out, cap, "\xe2\x9c\x93 Verified");
        *col = t->success;
        break;
    case FY_XS_FAILED:
        snprintf(out, cap, x->result == FY_ERR_CANCELLED  ? (x->by_peer ? "Stopped" : "Cancelled")
                           : x->result == FY_ERR_DECLINED ? "Declined"
                           : x->result == FY_ERR_INFECTED ? "Virus found"
                                                          : "Failed");
        *col = t->danger;
        break;
    }
}

/* Spaces inside one quantity ("2.10 MB", "5 s left") become no-break
 * spaces: a line that wraps breaks between quantities, not inside one. */
static void glue(char *s, size_t cap)
{
    char tmp[64];
    size_t o = 0, lim = cap < sizeof tmp ? cap : sizeof tmp;
    /* Bounded by the caller's buffer too, so a cut never splits the two
     * bytes of a no-break space. */
    for (const char *p = s; *p && o + 3 < lim; p++) {
        if (*p == ' ')
            tmp[o++] = '\xc2', tmp[o++] = '\xa0';
        else
            tmp[o++] = *p;
    }
    tmp[o] = '\0';
    if (cap)
        memcpy(s, tmp, o + 1);
}

/* Line three: counters while running, the outcome afterwards. */
static void detail_text(const fy_ui_xfer *x, char *out, size_t cap)
{
    char done[32], total[32], rate[32], eta[48];
    fy_ui_format_size(x->bytes_done, done, sizeof done);
    fy_ui_format_size(x->bytes_total, total, sizeof total);
    /* Nobody was asked: say why, on the transfer's own row. */
    if (x->auto_accepted && x->state != FY_XS_FAILED) {
        int n = snprintf(out, cap, "Accepted automatically (paired) \xc2\xb7 ");
        if (n > 0 && (size_t)n < cap)
            out += n, cap -= (size_t)n;
    }
    if (x->state == FY_XS_FAILED || (x->state == FY_XS_WAITING && x->busy)) {
        snprintf(out, cap, "%s", x->error);
    } else if (x->is_text) {
        snprintf(out, cap, "text, %s", total);
    } else if (x->state == FY_XS_DONE) {
        fy_ui_format_size((uint64_t)x->rate, rate, sizeof rate);
        snprintf(out, cap, "%u file%s, %s in %.1f s (%s/s)", x->files_total, x->files_total == 1 ? "" : "s", total,
                 x->elapsed, rate);
    } else if (x->state == FY_XS_RUNNING) {
        fy_ui_format_size((uint64_t)x->rate, rate, sizeof rate);
        fy_ui_format_eta(x->rate > 1 ? (double)(x->bytes_total - x->bytes_done) / x->rate : -1, eta, sizeof eta);
        glue(done, sizeof done), glue(total, sizeof total), glue(rate, sizeof rate), glue(eta, sizeof eta);
        snprintf(out, cap, "%s of %s  \xc2\xb7  %s/s  \xc2\xb7  %s", done, total, rate, eta[0] ? eta : "estimating");
        if (x->files_to_scan > x->files_scanned) /* the scanner's turn: "scanning 3 of 40" */
            snprintf(out + strlen(out), cap - strlen(out), "  \xc2\xb7  scanning %u of %u", x->files_scanned + 1,
                     x->files_to_scan);
    } else {
        snprintf(out, cap, "%u file%s, %s", x->files_total, x->files_total == 1 ? "" : "s", total);
    }
}

/* What can be done about a failed transfer, besides Dismiss. */
static const char *failed_action(const fy_ui_xfer *x)
{
    if (x->outgoing && x->nbatch > 0 && x->result != FY_ERR_DECLINED)
        return "Send again";
    if (!x->outgoing && (x->result == FY_ERR_DISK_FULL || x->result == FY_ERR_IO))
        return "Change folder";
    return NULL;
}

/* Whether the network report can explain a failed send: a way to the
 * other machine that did not work, not a "no" from its user, a file of
 * ours, or its virus scanner. */
static int why_helps(const fy_ui_xfer *x)
{
    if (!x->outgoing || x->state != FY_XS_FAILED)
        return 0;
    switch (x->result) {
    case FY_ERR_CONNECT: case FY_ERR_CLOSED: case FY_ERR_TIMEOUT: case FY_ERR_BUSY:
    case FY_ERR_NOT_FOUND: case FY_ERR_TAMPERED: case FY_ERR_CRYPTO:
        return 1;
    default:
        return 0;
    }
}

/* The button column: as wide as the widest button any row shows now
 * (Cancel alone leaves the text more room than Change folder). */
static int buttons_w(fy_ui_ctx *c, const fy_ui_model *m)
{
    int w = fy_ui_button_w(c, "Dismiss");
    for (int i = 0; i < m->nxfers; i++) {
        const fy_ui_xfer *x = &m->xfers[i];
        const char *b = x->state < FY_XS_DONE                   ? "Cancel"
                        : x->state == FY_XS_DONE && !x->outgoing ? "Open folder"
                        : x->state == FY_XS_FAILED              ? failed_action(x)
                                                                : NULL;
        if (b)
            w = SDL_max(w, fy_ui_button_w(c, b));
    }
    return w;
}

/* The line under the bar wraps whole (an error was cut at "Is Fer...");
 * a running one or a received one has the file or folder below it. */
static int has_path_line(const fy_ui_xfer *x)
{
    return (x->scan_note[0] && (x->state >= FY_XS_DONE || x->scan_infected)) ||
           (x->state == FY_XS_RUNNING && x->current[0]) || (x->state == FY_XS_DONE && !x->outgoing && x->folder[0]);
}

/* The scanner's line, whole: it was cut at "the scanner fail..." with 42
 * more files behind it that the row did not mention. */
static int scan_line(const fy_ui_xfer *x, char *out, size_t cap)
{
    if (!x->scan_note[0] || !(x->state >= FY_XS_DONE || x->scan_infected))
        return 0;
    if (!x->scan_infected && x->scan_skipped > 1)
        snprintf(out, cap, "%s (and %u more file%s not scanned)", x->scan_note, (unsigned)(x->scan_skipped - 1),
                 x->scan_skipped == 2 ? "" : "s");
    else
        snprintf(out, cap, "%s", x->scan_note);
    return 1;
}

static int detail_lines(fy_ui_ctx *c, const fy_ui_xfer *x, int w)
{
    char detail[FY_EVENT_TEXT_MAX + 64], note[sizeof x->scan_note + 64];
    int n;
    detail_text(x, detail, sizeof detail);
    n = SDL_max(1, fy_ui_text_wrap(c->d, FY_FONT_SMALL, detail, 0, 0, w, c->t->danger, 0));
    if (scan_line(x, note, sizeof note))
        return n + SDL_max(1, fy_ui_text_wrap(c->d, FY_FONT_SMALL, note, 0, 0, w, c->t->danger, 0));
    return n + has_path_line(x);
}

static void row_buttons(fy_ui_ctx *c, fy_ui_model *m, fy_ui_xfer *x, SDL_Rect buttons, int pos)
{
    int gap = fy_ui_px(c->d, c->t->gap), ch = fy_ui_px(c->d, c->t->control_h);
    SDL_Rect b = fy_ui_cut_top(&buttons, ch);
    const char *act = failed_action(x);
    char label[32];
    if (x->state < FY_XS_DONE) {
        /* "cancel 3": the third row's, for test scripts. */
        snprintf(label, sizeof label, "cancel %d", pos);
        fy_ui_label(c, label, b);
        if (fy_ui_button(c, b, "Cancel", FY_BTN_DANGER, x->id))
            fy_ui_model_cancel(m, x->id);
        return;
    }
    if (!x->outgoing && x->state == FY_XS_DONE && fy_ui_button(c, b, "Open folder", FY_BTN_NORMAL, x->id))
        fy_ui_model_push(m, FY_ACT_OPEN_FOLDER, x->id, 0, x->folder[0] ? x->folder : m->receive_dir);
    if (x->state == FY_XS_FAILED && act && fy_ui_button(c, b, act, FY_BTN_NORMAL, x->id))
        fy_ui_model_push(m, x->outgoing ? FY_ACT_SEND_AGAIN : FY_ACT_PICK_DIR, x->id, 0, NULL);
    if (why_helps(x)) {
        SDL_Rect w;
        if (act)
            fy_ui_cut_top(&buttons, gap / 2), w = fy_ui_cut_top(&buttons, ch);
        else
            w = b;
        if (fy_ui_button(c, w, "Why?", FY_BTN_NORMAL, x->id))
            fy_ui_model_doctor_open(m, x->addr); /* the network report on the way there */
    }
    fy_ui_cut_top(&buttons, gap / 2);
    if (fy_ui_button(c, fy_ui_cut_top(&buttons, ch), "Dismiss", FY_BTN_QUIET, x->id))
        fy_ui_model_dismiss(m, x->id);
}

static void xfer_row(fy_ui_ctx *c, fy_ui_model *m, fy_ui_xfer *x, SDL_Rect r, int pos)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap);
    int lh = fy_ui_font_h(c->d, FY_FONT_BOLD), sh = fy_ui_font_h(c->d, FY_FONT_SMALL);
    SDL_Rect line1, bar, buttons, st;
    char title[240], status[96], detail[FY_EVENT_TEXT_MAX + 64], note[sizeof x->scan_note + 64];
    SDL_Color scol;
    const char *who = x->peer[0] ? x->peer : x->addr[0] ? x->addr : x->dest;

    /* Buttons on the right, full height; text on the left. */
    buttons = fy_ui_cut_right(&r, buttons_w(c, m));
    fy_ui_cut_right(&r, gap);
    row_buttons(c, m, x, buttons, pos);
    line1 = fy_ui_cut_top(&r, lh);
    status_text(x, status, sizeof status, &scol, t);
    snprintf(title, sizeof title, x->outgoing ? "\xe2\x86\x91 To %s%s%s%s" : "\xe2\x86\x93 From %s%s%s%s", who,
             x->claims[0] ? " (calls itself " : "", x->claims, x->claims[0] ? " now)" : "");
    /* Who comes first: the status gives way when both do not fit. */
    st = fy_ui_cut_right(&line1, SDL_min(fy_ui_text_w(c->d, FY_FONT_BOLD, status) + gap,
                                         line1.w - SDL_min(fy_ui_text_w(c->d, FY_FONT_BOLD, title), line1.w / 2)));
    fy_ui_text_in(c->d, FY_FONT_BOLD, status, st, scol, FY_ALIGN_RIGHT);
    fy_ui_text_in(c->d, FY_FONT_BOLD, title, line1, t->text, FY_ALIGN_LEFT);
    fy_ui_cut_top(&r, gap / 2);
    bar = fy_ui_cut_top(&r, fy_ui_px(c->d, t->bar_h));
    fy_ui_progress(c, bar, x->bytes_total ? (double)x->bytes_done / (double)x->bytes_total : x->state == FY_XS_DONE,
                   x->state == FY_XS_FAILED ? t->danger : x->state == FY_XS_DONE ? t->success : t->accent);
    fy_ui_cut_top(&r, gap / 2);
    detail_text(x, detail, sizeof detail);
    fy_ui_cut_top(&r, sh * fy_ui_text_wrap(c->d, FY_FONT_SMALL, detail, r.x, r.y, r.w,
                                           x->state == FY_XS_FAILED ? t->danger : t->text_dim, 1));
    /* The scanner's line takes the last one's place: red for a virus. */
    if (scan_line(x, note, sizeof note))
        fy_ui_text_wrap(c->d, FY_FONT_SMALL, note, r.x, r.y, r.w, x->scan_infected ? t->danger : t->text, 1);
    else if (x->state == FY_XS_RUNNING && x->current[0])
        fy_ui_text_in(c->d, FY_FONT_SMALL, x->current, fy_ui_cut_top(&r, sh), t->text_dim, FY_ELIDE_START);
    else if (x->state == FY_XS_DONE && !x->outgoing && x->folder[0])
        fy_ui_text_in(c->d, FY_FONT_SMALL, x->folder, fy_ui_cut_top(&r, sh), t->text_dim, FY_ELIDE_START);
}

/* Running first (pinned), then finished; newest first in each. Returns how
 * many run. */
static int order(const fy_ui_model *m, int *idx)
{
    int n = 0, running;
    for (int i = m->nxfers - 1; i >= 0; i--)
        if (m->xfers[i].state < FY_XS_DONE)
            idx[n++] = i;
    running = n;
    for (int i = m->nxfers - 1; i >= 0; i--)
        if (m->xfers[i].state >= FY_XS_DONE)
            idx[n++] = i;
    return running;
}

/* Unfinished files stopped transfers left: what they are, that the sender
 * can resume them (the receiver cannot), and Delete. */
static void leftovers(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect *in)
{
    const fy_ui_theme *t = c->t;
    int gap = fy_ui_px(c->d, t->gap), ch = fy_ui_px(c->d, t->control_h), sh = fy_ui_font_h(c->d, FY_FONT_SMALL);
    char text[200], size[32];
    SDL_Rect line, b;
    int lines;
    if (m->leftovers_n <= 0 || fy_ui_model_incoming(m) > 0)
        return;
    fy_ui_format_size(m->leftovers_bytes, size, sizeof size);
    snprintf(text, sizeof text, "%d unfinished file%s (%s) from stopped transfers. Sending again from the other "
                                "machine resumes them.", m->leftovers_n, m->leftovers_n == 1 ? "" : "s", size);
    b = *in;
    b = fy_ui_cut_right(&b, fy_ui_button_w(c, "Delete them"));
    lines = fy_ui_text_wrap(c->d, FY_FONT_SMALL, text, 0, 0, in->w - b.w - gap, t->text, 0);
    line = fy_ui_cut_top(in, SDL_max(ch, lines * sh));
    b = fy_ui_cut_right(&line, b.w);
    fy_ui_cut_right(&line, gap);
    fy_ui_text_wrap(c->d, FY_FONT_SMALL, text, line.x, line.y + (line.h - lines * sh) / 2, line.w, t->text_dim, 1);
    if (fy_ui_button(c, fy_ui_center(b, b.w, ch), "Delete them", FY_BTN_DANGER, 0))
        fy_ui_model_push(m, FY_ACT_REMOVE_LEFTOVERS, 0, 0, NULL);
    fy_ui_cut_top(in, gap);
}

void fy_ui_screen_xfers(fy_ui_ctx *c, fy_ui_model *m, SDL_Rect r)
{
    const fy_ui_theme *t = c->t;
    SDL_Rect in = fy_ui_card(c, r, "Transfers"), row;
    int gap = fy_ui_px(c->d, t->gap), sh = fy_ui_font_h(c->d, FY_FONT_SMALL);
    int idx[FY_UI_XFERS_MAX], running, lines = 2, text_w, i, rh;
    SDL_Rect head = {in.x, in.y - fy_ui_px(c->d, t->gap) - fy_ui_font_h(c->d, FY_FONT_TITLE), in.w,
                     fy_ui_font_h(c->d, FY_FONT_TITLE)};
    leftovers(c, m, &in);
    if (m->nxfers == 0) {
        fy_ui_text_in(c->d, FY_FONT_BODY, "Nothing yet. Sends and receives show up here.",
                      fy_ui_cut_top(&in, fy_ui_px(c->d, t->row_h)), t->text_dim, FY_ALIGN_LEFT);
        return;
    }
    running = order(m, idx);
    /* One height for every row (fy_ui_list), tall enough for the longest
     * error at this width; the scroll bar's width is kept free for it. */
    text_w = in.w - buttons_w(c, m) - gap - fy_ui_px(c->d, 15);
    for (int k = 0; k < m->nxfers; k++)
        lines = SDL_max(lines, detail_lines(c, &m->xfers[k], text_w));
    rh = fy_ui_px(c->d, t->xfer_h) + (lines - 2) * sh;
    /* A failed send has three buttons (Send again, Why?, Dismiss). */
    for (int k = 0; k < m->nxfers; k++)
        if (m->xfers[k].outgoing && m->xfers[k].state == FY_XS_FAILED && failed_action(&m->xfers[k]))
            rh = SDL_max(rh, 3 * fy_ui_px(c->d, t->control_h) + 2 * gap);
    {
        char count[48];
        if (running)
            snprintf(count, sizeof count, "%d running, %d in all", running, m->nxfers);
        else
            snprintf(count, sizeof count, "%d in all", m->nxfers);
        fy_ui_text_in(c->d, FY_FONT_SMALL, count, head, t->text_dim, FY_ALIGN_RIGHT);
    }
    fy_ui_list_begin(c, &m->list_xfers, in, m->nxfers, rh, running);
    while (fy_ui_list_row(c, &m->list_xfers, &i, &row)) {
        SDL_Rect sep = row;
        row.h -= gap;
        row.x += fy_ui_px(c->d, 4), row.w -= fy_ui_px(c->d, 4);
        {
            char label[32];
            snprintf(label, sizeof label, "transfer %d", i + 1);
            fy_ui_label(c, label, row);
        }
        xfer_row(c, m, &m->xfers[idx[i]], row, i + 1);
        sep.y += sep.h - gap / 2;
        sep.h = fy_ui_px(c->d, 1);
        if (i + 1 < m->nxfers)
            fy_ui_fill(c->d, sep, t->border);
    }
    fy_ui_list_end(c, &m->list_xfers);
}
