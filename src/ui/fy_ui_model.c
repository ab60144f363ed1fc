/* fy_ui_model.c: the window's state and how inputs change it. */
#include "fy_ui_model.h"

#include "core/fy_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_names.h"
#include "core/fy_scan.h"
#include "core/fy_util.h"
#include "platform/fy_platform.h"

int fy_ui_model_init(fy_ui_model *m, const fy_settings *s, const char *host_name, const char *default_dir)
{
    memset(m, 0, sizeof *m);
    m->icap = 64; /* ~1.3 KB each: a 10,000-item list takes 13 MB, only when dropped */
    m->items = calloc((size_t)m->icap, sizeof *m->items);
    m->text_draft = calloc(1, FY_TEXT_BYTES_MAX + 1);
    if (!m->items || !m->text_draft)
        return -1;
    m->settings = *s;
    snprintf(m->device_name, sizeof m->device_name, "%s", s->device_name[0] ? s->device_name : host_name);
    snprintf(m->receive_dir, sizeof m->receive_dir, "%s", s->receive_dir[0] ? s->receive_dir : default_dir);
    m->port = s->port ? s->port : FY_DEFAULT_PORT;
    m->listen_wanted = 1; /* receiving is on while the window is open */
    m->focused = 1;       /* until the window says otherwise */
    if (s->nrecent > 0)
        snprintf(m->dest, sizeof m->dest, "%s", s->recent[0]);
    fy_ui_list_init(&m->list_items, 0x11);
    fy_ui_list_init(&m->list_xfers, 0x12);
    fy_ui_list_init(&m->list_nearby, 0x13);
    fy_ui_list_init(&m->list_offer, 0x14);
    return 0;
}

void fy_ui_model_refresh_addresses(fy_ui_model *m)
{
    fy_iface ifs[16];
    int n = fy_plat_list_ipv4(ifs, 16);
    size_t len = 0;
    m->addresses[0] = '\0';
    for (int i = 0; i < n && len + 20 < sizeof m->addresses; i++) {
        uint32_t a = ifs[i].addr;
        if (ifs[i].loopback)
            continue;
        len += (size_t)snprintf(m->addresses + len, sizeof m->addresses - len, "%s%u.%u.%u.%u", len ? ", " : "",
                                a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    }
    if (!len)
        snprintf(m->addresses, sizeof m->addresses, "no network (this machine only)");
}

static void xfer_release(fy_ui_xfer *x)
{
    for (int i = 0; i < x->nbatch; i++)
        free(x->batch[i]);
    free(x->batch);
    free(x->offer);
    x->batch = NULL, x->offer = NULL;
    x->nbatch = x->noffer = 0;
}

/* Every row leaves through here: its batch and offer go with it. */
static void drop_xfer(fy_ui_model *m, int i)
{
    xfer_release(&m->xfers[i]);
    memmove(&m->xfers[i], &m->xfers[i + 1], (size_t)(m->nxfers - i - 1) * sizeof *m->xfers);
    m->nxfers--;
}

void fy_ui_model_free(fy_ui_model *m)
{
    while (m->nxfers > 0)
        drop_xfer(m, m->nxfers - 1);
    free(m->items);
    m->items = NULL;
    free(m->text_draft);
    m->text_draft = NULL;
    free(m->text);
    m->text = NULL;
    fy_ui_model_doctor_free(m);
}

void fy_ui_model_push(fy_ui_model *m, fy_ui_action_type type, fy_xfer_id xfer, int value, const char *text)
{
    fy_ui_action *a;
    if (m->nactions >= FY_UI_ACTIONS_MAX)
        return; /* applied every frame: only a stuck loop fills it */
    a = &m->actions[m->nactions++];
    memset(a, 0, sizeof *a);
    a->type = type;
    a->xfer = xfer;
    a->value = value;
    if (text)
        snprintf(a->text, sizeof a->text, "%s", text);
}

int fy_ui_model_take_action(fy_ui_model *m, fy_ui_action *out)
{
    if (m->nactions == 0)
        return 0;
    *out = m->actions[0];
    memmove(&m->actions[0], &m->actions[1], (size_t)(m->nactions - 1) * sizeof *m->actions);
    m->nactions--;
    return 1;
}

void fy_ui_model_notice(fy_ui_model *m, int is_error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->notice, sizeof m->notice, fmt, ap);
    va_end(ap);
    m->notice_is_error = is_error;
}

/* ---- the send list ------------------------------------------------------ */

/* Counts files and bytes under a folder, bounded so a drop of / does not
 * hang the window: past FY_UI_SCAN_MAX entries the total is shown as "at
 * least". Links are not followed (the sender does not either). */
static void scan_dir(fy_ui_item *it, const char *path, int depth, uint32_t *seen)
{
    fy_dir *d;
    const char *name;
    fy_err err = {0};
    char child[FY_UI_PATH_MAX];
    if (depth > 64 || fy_plat_opendir(path, &d, &err) != FY_OK)
        return;
    while (fy_plat_readdir(d, &name, &err) == FY_OK && name) {
        fy_stat st;
        if (++*seen > FY_UI_SCAN_MAX) {
            it->partial = 1;
            break;
        }
        if (snprintf(child, sizeof child, "%s/%s", path, name) >= (int)sizeof child)
            continue;
        if (fy_plat_lstat(child, &st, &err) != FY_OK)
            continue;
        if (st.kind == FY_KIND_FILE) {
            it->files++;
            it->bytes += st.size;
        } else if (st.kind == FY_KIND_DIR) {
            scan_dir(it, child, depth + 1, seen);
        }
    }
    fy_plat_closedir(d);
}

static void add_path(fy_ui_model *m, const char *path)
{
    fy_ui_item *it;
    fy_stat st;
    fy_err err = {0};
    const char *base;
    size_t n = strlen(path);
    uint32_t seen = 0;

    if (n == 0 || n >= FY_UI_PATH_MAX) {
        fy_ui_model_notice(m, 1, "That path is too long to send.");
        return;
    }
    for (int i = 0; i < m->nitems; i++)
        if (strcmp(m->items[i].path, path) == 0)
            return; /* dropped twice: once is enough */
    if (m->nitems >= FY_UI_ITEMS_MAX) {
        fy_ui_model_notice(m, 1, "The list is full (%d items). Put the files in a folder and drop the folder.",
                           FY_UI_ITEMS_MAX);
        return;
    }
    if (fy_plat_stat(path, &st, &err) != FY_OK || st.kind == FY_KIND_NONE) {
        fy_ui_model_notice(m, 1, "Cannot read %s.", path);
        return;
    }
    if (st.kind != FY_KIND_FILE && st.kind != FY_KIND_DIR) {
        fy_ui_model_notice(m, 1, "%s is not a file or a folder.", path);
        return;
    }
    if (m->nitems == m->icap) {
        int cap = SDL_min(m->icap * 2, FY_UI_ITEMS_MAX);
        fy_ui_item *bigger = realloc(m->items, (size_t)cap * sizeof *bigger);
        if (!bigger) {
            fy_ui_model_notice(m, 1, "Out of memory for a longer list.");
            return;
        }
        m->items = bigger, m->icap = cap;
    }
    it = &m->items[m->nitems++];
    memset(it, 0, sizeof *it);
    memcpy(it->path, path, n + 1);
    /* Strip trailing separators so "photos/" shows as "photos". */
    while (n > 1 && (it->path[n - 1] == '/' || it->path[n - 1] == '\\'))
        it->path[--n] = '\0';
    base = it->path + n;
    while (base > it->path && base[-1] != '/' && base[-1] != '\\')
        base--;
    fy_names_for_display(base, it->name, sizeof it->name);
    m->batch_gen++;
    it->is_dir = st.kind == FY_KIND_DIR;
    if (it->is_dir)
        scan_dir(it, it->path, 0, &seen);
    else
        it->files = 1, it->bytes = st.size;
    m->last_batch++;
}

void fy_ui_model_drag(fy_ui_model *m, int kind, int x, int y)
{
    switch (kind) {
    case FY_DRAG_ENTER:
        m->drag_over = 1;
        m->drag_x = m->drag_y = -1;
        break;
    case FY_DRAG_OVER: /* a position without an enter (one missed) still counts */
        m->drag_over = 1;
        m->drag_x = x, m->drag_y = y;
        break;
    case FY_DRAG_LEAVE:
    case FY_DRAG_DROP:
        m->drag_over = 0;
        break;
    default:
        break;
    }
}

void fy_ui_model_drop_begin(fy_ui_model *m)
{
    m->drop_open = 1;
    m->drag_over = 0; /* the drop ends the hover, also where nothing said enter */
    m->last_batch = 0;
    m->notice[0] = '\0';
}

void fy_ui_model_drop_path(fy_ui_model *m, const char *path)
{
    if (!m->drop_open) {
        fy_ui_model_drop_begin(m);
        add_path(m, path);
        fy_ui_model_drop_complete(m);
        return;
    }
    add_path(m, path);
}

void fy_ui_model_drop_complete(fy_ui_model *m)
{
    m->drop_open = 0;
    if (m->last_batch > 0 && !m->notice_is_error)
        fy_ui_model_notice(m, 0, "Added %d item%s.", m->last_batch, m->last_batch == 1 ? "" : "s");
}

void fy_ui_model_remove(fy_ui_model *m, int index)
{
    if (index < 0 || index >= m->nitems)
        return;
    memmove(&m->items[index], &m->items[index + 1], (size_t)(m->nitems - index - 1) * sizeof *m->items);
    m->nitems--;
    m->batch_gen++;
    m->notice[0] = '\0';
}

void fy_ui_model_clear(fy_ui_model *m)
{
    m->nitems = 0;
    m->batch_gen++;
    m->notice[0] = '\0';
}

uint64_t fy_ui_model_total_bytes(const fy_ui_model *m, uint32_t *files, int *partial)
{
    uint64_t b = 0;
    uint32_t f = 0;
    int p = 0;
    for (int i = 0; i < m->nitems; i++) {
        b += m->items[i].bytes;
        f += m->items[i].files;
        p |= m->items[i].partial;
    }
    if (files)
        *files = f;
    if (partial)
        *partial = p;
    return b;
}

/* ---- sending ------------------------------------------------------------ */

void fy_ui_model_set_dest(fy_ui_model *m, const char *dest) { snprintf(m->dest, sizeof m->dest, "%s", dest); }

int fy_ui_model_parse_dest(const char *dest, char *host, size_t cap, uint16_t *port)
{
    const char *colon;
    size_t n;
    while (*dest == ' ')
        dest++;
    n = strlen(dest);
    while (n > 0 && dest[n - 1] == ' ')
        n--;
    colon = memchr(dest, ':', n);
    *port = FY_DEFAULT_PORT;
    /* One colon is host:port; more is an IPv6 address, which Ferry does not
     * speak yet, so it is refused rather than misread. */
    if (colon && memchr(colon + 1, ':', n - (size_t)(colon + 1 - dest)))
        return -1;
    if (colon) {
        char num[8];
        char *end;
        long v;
        size_t pn = n - (size_t)(colon + 1 - dest);
        if (pn == 0 || pn >= sizeof num)
            return -1;
        memcpy(num, colon + 1, pn);
        num[pn] = '\0';
        v = strtol(num, &end, 10);
        if (*end || v < 1 || v > 65535)
            return -1;
        *port = (uint16_t)v;
        n = (size_t)(colon - dest);
    }
    if (n == 0 || n >= cap || memchr(dest, ' ', n))
        return -1;
    memcpy(host, dest, n);
    host[n] = '\0';
    return 0;
}

int fy_ui_model_dest_nearby(const fy_ui_model *m)
{
    char host[256];
    uint16_t port;
    if (fy_ui_model_parse_dest(m->dest, host, sizeof host, &port) != 0 || strchr(m->dest, ':'))
        return -1;
    for (int i = 0; i < m->nnearby; i++)
        if (fy_streq_nocase(m->nearby[i].name, host))
            return i;
    return -1;
}

void fy_ui_model_set_nearby(fy_ui_model *m, const fy_nearby *v, int n)
{
    if (n > FY_UI_NEARBY_MAX)
        n = FY_UI_NEARBY_MAX;
    if (n > 0)
        memcpy(m->nearby, v, (size_t)n * sizeof *v);
    m->nnearby = n < 0 ? 0 : n;
}

void fy_ui_model_send(fy_ui_model *m)
{
    char host[256];
    uint16_t port;
    int near;
    if (m->nitems == 0) {
        fy_ui_model_notice(m, 1, "Drop files or folders on the window first.");
        return;
    }
    /* A double click on Send is one transfer: the second click finds the
     * first one queued or running and does nothing. */
    if (fy_ui_model_batch_in_flight(m))
        return;
    if (!m->dest[0]) {
        fy_ui_model_notice(m, 1, "Pick a machine above or type its address, e.g. 192.168.1.20.");
        return;
    }
    if (fy_ui_model_parse_dest(m->dest, host, sizeof host, &port) != 0) {
        fy_ui_model_notice(m, 1, "\"%s\" is not an address. Use a name or IP, optionally with :port.", m->dest);
        return;
    }
    m->notice[0] = '\0';
    /* A nearby machine's name goes to the address it announced. Two
     * different machines with one name cannot be told apart by name. */
    if ((near = fy_ui_model_dest_nearby(m)) >= 0) {
        for (int i = near + 1; i < m->nnearby; i++)
            if (fy_streq_nocase(m->nearby[i].name, host) &&
                strcmp(m->nearby[i].fingerprint, m->nearby[near].fingerprint) != 0) {
                fy_ui_model_notice(m, 1, "Two machines are called \"%s\" (%s and %s): type the address.", host,
                                   m->nearby[near].addr, m->nearby[i].addr);
                return;
            }
        char addr[sizeof m->nearby[0].addr];
        snprintf(addr, sizeof addr, "%s", m->nearby[near].addr);
        fy_ui_model_push(m, FY_ACT_SEND, 0, 0, addr);
        m->send_queued = 1;
        return;
    }
    fy_ui_model_push(m, FY_ACT_SEND, 0, 0, m->dest);
    m->send_queued = 1;
}

int fy_ui_model_batch_in_flight(const fy_ui_model *m)
{
    const fy_ui_xfer *x;
    if (m->send_queued)
        return 1;
    if (!m->batch_xfer || m->batch_xfer_gen != m->batch_gen)
        return 0;
    x = fy_ui_model_find((fy_ui_model *)m, m->batch_xfer);
    return x && x->state < FY_XS_DONE;
}

static fy_ui_xfer *new_row(fy_ui_model *m, fy_xfer_id id, int outgoing);

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Recent keeps only addresses that answered (see FY_EV_WAITING below): a
 * typo or a machine that was off no longer pushes good ones out. */
void fy_ui_model_send_started_batch(fy_ui_model *m, fy_xfer_id id, const char *dest, const char *const *paths,
                                    int n, const char *error)
{
    fy_ui_xfer *x;
    m->send_queued = 0;
    if (!id) {
        fy_ui_model_notice(m, 1, "%s", error ? error : "Could not start the transfer.");
        return;
    }
    if ((x = fy_ui_model_find(m, id)) == NULL && (x = new_row(m, id, 1)) == NULL)
        return;
    snprintf(x->dest, sizeof x->dest, "%s", dest);
    if (paths && n > 0 && !x->batch && (x->batch = calloc((size_t)n, sizeof *x->batch)) != NULL) {
        for (int i = 0; i < n; i++)
            if ((x->batch[x->nbatch] = dup_str(paths[i])) != NULL)
                x->nbatch++;
    }
    m->notice_xfer = id;
    fy_ui_model_notice(m, 0, "Sending to %s...", dest);
}

void fy_ui_model_quit(fy_ui_model *m)
{
    /* Asked twice (the close button again, a second Ctrl+C or SIGTERM
     * from a logout): the person or the system insists. */
    if (fy_ui_model_running(m) == 0 || m->ask_quit)
        fy_ui_model_push(m, FY_ACT_QUIT, 0, 0, NULL);
    else
        m->ask_quit = 1;
}

void fy_ui_model_quit_answer(fy_ui_model *m, int quit)
{
    m->ask_quit = 0;
    if (quit)
        fy_ui_model_push(m, FY_ACT_QUIT, 0, 0, NULL);
}

void fy_ui_model_set_offer(fy_ui_model *m, fy_xfer_id id, fy_offer_item *v, int n)
{
    fy_ui_xfer *x = fy_ui_model_find(m, id);
    if (!x || x->offer) {
        free(v);
        return;
    }
    x->offer = v;
    x->noffer = v ? n : 0;
    fy_ui_list_init(&m->list_offer, 0x14);
}

/* ---- receiving ---------------------------------------------------------- */

void fy_ui_model_set_listen(fy_ui_model *m, int on)
{
    m->listen_wanted = on;
    fy_ui_model_push(m, FY_ACT_LISTEN, 0, on, NULL);
}

void fy_ui_model_listen_result(fy_ui_model *m, int ok, const char *error)
{
    m->listening = ok && m->listen_wanted;
    if (ok)
        m->listen_error[0] = '\0';
    else
        snprintf(m->listen_error, sizeof m->listen_error, "%s", error ? error : "Receiving is off.");
}

void fy_ui_model_set_receive_dir(fy_ui_model *m, const char *dir)
{
    if (!dir[0] || strlen(dir) >= sizeof m->settings.receive_dir)
        return;
    snprintf(m->receive_dir, sizeof m->receive_dir, "%s", dir);
    snprintf(m->settings.receive_dir, sizeof m->settings.receive_dir, "%s", dir);
    fy_ui_model_push(m, FY_ACT_SET_DIR, 0, 0, dir);
    fy_ui_model_push(m, FY_ACT_SAVE_SETTINGS, 0, 0, NULL);
    fy_ui_model_push(m, FY_ACT_FIND_LEFTOVERS, 0, 0, NULL);
}

/* ---- transfers ---------------------------------------------------------- */

fy_ui_xfer *fy_ui_model_find(fy_ui_model *m, fy_xfer_id id)
{
    for (int i = 0; i < m->nxfers; i++)
        if (m->xfers[i].id == id)
            return &m->xfers[i];
    return NULL;
}

/* A row for a new transfer; when full, the oldest finished one leaves. */
static fy_ui_xfer *new_row(fy_ui_model *m, fy_xfer_id id, int outgoing)
{
    fy_ui_xfer *x;
    if (m->nxfers == FY_UI_XFERS_MAX) {
        int drop = -1;
        for (int i = 0; i < m->nxfers && drop < 0; i++)
            if (m->xfers[i].state >= FY_XS_DONE)
                drop = i;
        if (drop < 0)
            return NULL;
        drop_xfer(m, drop);
    }
    x = &m->xfers[m->nxfers++];
    memset(x, 0, sizeof *x);
    x->id = id;
    x->outgoing = outgoing;
    x->state = outgoing ? FY_XS_WAITING : FY_XS_OFFERED;
    return x;
}

static void copy_counters(fy_ui_xfer *x, const fy_event *ev)
{
    if (ev->peer_name[0])
        snprintf(x->peer, sizeof x->peer, "%s", ev->peer_name);
    if (ev->peer_claims[0])
        snprintf(x->claims, sizeof x->claims, "%s", ev->peer_claims);
    if (ev->peer_addr[0])
        snprintf(x->addr, sizeof x->addr, "%s", ev->peer_addr);
    if (ev->folder[0])
        snprintf(x->folder, sizeof x->folder, "%s", ev->folder);
    if (ev->current[0])
        snprintf(x->current, sizeof x->current, "%s", ev->current);
    if (ev->files_total || ev->bytes_total) {
        x->files_total = ev->files_total;
        x->bytes_total = ev->bytes_total;
    }
    x->files_done = ev->files_done;
    x->files_scanned = ev->files_scanned;
    x->files_to_scan = ev->files_to_scan;
    x->bytes_done = ev->bytes_done;
    x->rate = ev->rate;
    x->elapsed = ev->elapsed;
}

/* The receiver answered (an offer went through, or it said busy): the
 * address works and goes into Recent. */
static void remember_dest(fy_ui_model *m, fy_ui_xfer *x)
{
    if (!x->outgoing || x->dest_worked || !x->dest[0])
        return;
    x->dest_worked = 1;
    fy_settings_add_recent(&m->settings, x->dest);
    fy_ui_model_push(m, FY_ACT_SAVE_SETTINGS, 0, 0, NULL);
}

/* Something the user should see while the window is behind others: an
 * offer waiting, a transfer ended. The window flashes and notifies. */
static void attention(fy_ui_model *m, const char *fmt, ...)
{
    char text[200];
    va_list ap;
    if (m->focused)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fy_ui_model_push(m, FY_ACT_ATTENTION, 0, 0, text);
}

void fy_ui_model_event(fy_ui_model *m, const fy_event *ev)
{
    fy_ui_xfer *x;
    switch (ev->type) {
    case FY_EV_LISTENING:
        m->port = ev->port ? ev->port : m->port;
        fy_ui_model_listen_result(m, 1, NULL);
        return;
    case FY_EV_LISTEN_STOPPED:
        m->listening = 0;
        if (ev->result != FY_OK)
            snprintf(m->listen_error, sizeof m->listen_error, "%s", ev->text);
        return;
    default:
        break;
    }
    /* A warning is about a transfer or about none (a connection refused
     * before its offer, a sender told busy): it never makes a row, which
     * showed up as an empty offer dialog, "A machine wants to send you
     * files: 0 files". */
    if (ev->type == FY_EV_WARNING) {
        /* ...but a refusal of a connection that has a row (a pairing that
         * was not confirmed) ends that row, or it said "Comparing codes"
         * for ever. */
        if (ev->result != FY_OK && (x = fy_ui_model_find(m, ev->xfer)) != NULL && x->state < FY_XS_DONE) {
            x->state = FY_XS_FAILED;
            x->result = ev->result;
            fy_ui_describe_result(ev->result, x->outgoing, 0, x->peer[0] ? x->peer : x->addr, ev->text, x->error,
                                  sizeof x->error);
            return;
        }
        fy_ui_model_notice(m, 0, "%s", ev->text);
        return;
    }
    x = fy_ui_model_find(m, ev->xfer);
    if (!x && !(x = new_row(m, ev->xfer, ev->outgoing)))
        return;
    copy_counters(x, ev);
    switch (ev->type) {
    case FY_EV_PAIR:
        attention(m, "%s asks to pair: compare the codes", x->peer[0] ? x->peer : x->addr);
        x->state = FY_XS_PAIRING;
        x->answered = 0;
        snprintf(x->code, sizeof x->code, "%s", ev->code);
        snprintf(x->fingerprint, sizeof x->fingerprint, "%s", ev->fingerprint);
        break;
    case FY_EV_OFFER:
        x->is_text = ev->is_text;
        x->state = FY_XS_OFFERED;
        x->answered = 0;
        for (int i = 0; i < FY_OFFER_SHOW_NAMES; i++)
            snprintf(x->names[i], sizeof x->names[i], "%s", ev->names[i]);
        x->space_free = ev->space_free;
        fy_ui_model_push(m, FY_ACT_OFFER_ITEMS, x->id, 0, NULL);
        /* Quick save, but only from machines paired with a code: an
         * unpaired one let in by allow_unpaired could be anybody. */
        if (m->settings.auto_accept_paired && ev->paired) {
            x->auto_accepted = 1;
            fy_ui_model_answer(m, x->id, 1);
        } else {
            attention(m, "%s wants to send you %u file%s", x->peer[0] ? x->peer : x->addr, x->files_total,
                      x->files_total == 1 ? "" : "s");
        }
        break;
    case FY_EV_WAITING:
        x->is_text = ev->is_text;
        x->state = FY_XS_WAITING;
        x->busy = 0;
        remember_dest(m, x);
        break;
    case FY_EV_BUSY:
        x->state = FY_XS_WAITING;
        x->busy = 1;
        remember_dest(m, x);
        snprintf(x->error, sizeof x->error, "%s", ev->text);
        break;
    case FY_EV_STARTED:
    case FY_EV_PROGRESS:
        x->state = FY_XS_RUNNING;
        remember_dest(m, x);
        break;
    case FY_EV_SCANNED:
        /* A virus found outranks a note that something was not scanned. */
        if (ev->verdict == FY_SCAN_INFECTED) {
            if (!x->scan_infected)
                snprintf(x->scan_note, sizeof x->scan_note, "%s: %s", ev->current, ev->text);
            x->scan_infected = 1;
        } else {
            x->scan_skipped++;
            if (!x->scan_note[0])
                snprintf(x->scan_note, sizeof x->scan_note, ev->current[0] ? "Not scanned: %s: %s" : "Not scanned: %s%s",
                         ev->current, ev->text);
        }
        break;
    case FY_EV_FINISHED:
        if (ev->result == FY_OK)
            attention(m, "%s %u file%s %s %s", x->outgoing ? "Sent" : "Received", x->files_total,
                      x->files_total == 1 ? "" : "s", x->outgoing ? "to" : "from", x->peer[0] ? x->peer : x->addr);
        else if (ev->result != FY_ERR_CANCELLED || !x->outgoing)
            attention(m, "Transfer %s %s did not finish", x->outgoing ? "to" : "from", x->peer[0] ? x->peer : x->addr);
        m->history_dirty = 1;
        x->result = ev->result;
        x->by_peer = ev->by_peer;
        x->state = ev->result == FY_OK ? FY_XS_DONE : FY_XS_FAILED;
        if (ev->result == FY_OK)
            x->bytes_done = x->bytes_total, x->files_done = x->files_total;
        else if (ev->result == FY_ERR_INFECTED && !x->outgoing) /* the row's status says "Virus found" */
            snprintf(x->error, sizeof x->error, "%u of %u file%s quarantined, the rest arrived", ev->files_infected,
                     ev->files_total, ev->files_total == 1 ? "" : "s");
        else
            fy_ui_describe_result(ev->result, x->outgoing, ev->by_peer,
                                  x->peer[0] ? x->peer : x->dest[0] ? x->dest : x->addr, ev->text, x->error,
                                  sizeof x->error);
        /* "Sending to ..." under Send is about this transfer: it is over
         * (its row says how). */
        if (m->notice_xfer == x->id && !m->notice_is_error)
            m->notice[0] = '\0';
        if (m->notice_xfer == x->id)
            m->notice_xfer = 0;
        if (ev->result == FY_OK)
            remember_dest(m, x);
        else if (!x->outgoing)
            fy_ui_model_push(m, FY_ACT_FIND_LEFTOVERS, 0, 0, NULL);
        break;
    default:
        break;
    }
}

fy_ui_xfer *fy_ui_model_question(fy_ui_model *m)
{
    for (int i = 0; i < m->nxfers; i++) {
        fy_ui_xfer *x = &m->xfers[i];
        if (!x->answered && (x->state == FY_XS_PAIRING || (x->state == FY_XS_OFFERED && !x->outgoing)))
            return x;
    }
    return NULL;
}

int fy_ui_model_dialog_open(fy_ui_model *m)
{
    return m->ask_quit || m->doctor_open || m->text_box_open || m->text || fy_ui_model_question(m) != NULL;
}

void fy_ui_model_answer(fy_ui_model *m, fy_xfer_id id, int accept)
{
    fy_ui_xfer *x = fy_ui_model_find(m, id);
    if (!x || x->answered)
        return;
    x->answered = 1;
    fy_ui_model_push(m, FY_ACT_ANSWER, id, accept, NULL);
}

void fy_ui_model_cancel(fy_ui_model *m, fy_xfer_id id)
{
    fy_ui_xfer *x = fy_ui_model_find(m, id);
    if (x && x->state < FY_XS_DONE)
        fy_ui_model_push(m, FY_ACT_CANCEL, id, 0, NULL);
}

void fy_ui_model_dismiss(fy_ui_model *m, fy_xfer_id id)
{
    for (int i = 0; i < m->nxfers; i++) {
        if (m->xfers[i].id == id && m->xfers[i].state >= FY_XS_DONE) {
            drop_xfer(m, i);
            return;
        }
    }
}

int fy_ui_model_incoming(const fy_ui_model *m)
{
    int n = 0;
    for (int i = 0; i < m->nxfers; i++)
        n += !m->xfers[i].outgoing && m->xfers[i].state < FY_XS_DONE;
    return n;
}

int fy_ui_model_running(const fy_ui_model *m)
{
    int n = 0;
    for (int i = 0; i < m->nxfers; i++)
        n += m->xfers[i].state < FY_XS_DONE;
    return n;
}
