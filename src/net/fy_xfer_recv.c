/* fy_xfer_recv.c: the thread that serves one incoming connection: feed the
 * receiver machine with frames, ask the front end about the offer, report
 * progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_names.h"
#include "core/fy_text.h"
#include "fy_engine_int.h"
#include "fy_scanner.h"
#include "fy_speed.h"
#include "platform/fy_platform.h"

/* How often a receiver still scanning after DONE tells the sender so
 * (SCANNING): well inside the sender's idle timeout of 30 s. */
#define FY_SCAN_KEEPALIVE_MS 10000u

/* The virus scanner's side of one incoming transfer. */
typedef struct recv_scan {
    fy_xfer *x;
    fy_scanner *scanner;
    fy_scan_setup setup;
    char dir[1024];
} recv_scan;

static fy_result scan_submit(void *ud, uint32_t index, const char *part, fy_err *err)
{
    recv_scan *rs = ud;
    char path[1024 + FY_PATH_MAX + 64];
    if (!rs->scanner && !(rs->scanner = fy_scanner_new(&rs->setup)))
        return fy_fail(err, FY_ERR_NOMEM, "cannot start the virus scanner's thread");
    snprintf(path, sizeof path, "%s/%s", rs->dir, part);
    fy_plat_native_path(path);
    if (fy_scanner_submit(rs->scanner, index, path) != 0)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    return FY_OK;
}

/* A verdict the user must see: infected, or not scanned and why. */
static void say_verdict(fy_xfer *x, fy_scan_verdict v, const char *name, const char *words, const char *where)
{
    fy_event ev;
    fy_xfer_event_init(x, &ev, FY_EV_SCANNED);
    ev.verdict = v;
    if (name)
        fy_names_for_display(name, ev.current, sizeof ev.current);
    /* A scanner's words and a quarantine path can be longer than an event
     * holds; the event carries what fits, for display. */
    if (snprintf(ev.text, sizeof ev.text, "%s", words) >= (int)sizeof ev.text)
        ev.text[sizeof ev.text - 1] = '\0';
    if (where)
        if (snprintf(ev.folder, sizeof ev.folder, "%s", where) >= (int)sizeof ev.folder)
            ev.folder[sizeof ev.folder - 1] = '\0';
    fy_queue_push(x->e->q, &ev);
}

/* Applies the verdicts that are in (waiting up to wait_ms for one). */
static fy_result take_verdicts(recv_scan *rs, fy_recv *r, unsigned wait_ms, fy_recv_status *st, fy_err *err)
{
    fy_scan_done d;
    *st = FY_RECV_CONTINUE;
    while (rs->scanner && *st != FY_RECV_FINISHED && fy_scanner_take(rs->scanner, wait_ms, &d)) {
        char final[1024 + FY_PATH_MAX];
        char name[FY_PATH_MAX + 1];
        fy_result rc;
        fy_recv_entry_name(r, d.index, name, sizeof name);
        rc = fy_recv_scanned(r, d.index, d.verdict, d.words, final, sizeof final, st, err);
        if (rc != FY_OK)
            return rc;
        if (d.verdict != FY_SCAN_CLEAN)
            say_verdict(rs->x, d.verdict, name, d.words, d.verdict == FY_SCAN_INFECTED ? final : NULL);
        wait_ms = 0;
    }
    return FY_OK;
}

/* After DONE: the verdicts still due, telling the sender every 10 s that
 * the receiver is still at it. */
static fy_result wait_verdicts(recv_scan *rs, fy_recv *r, fy_progress *p, fy_recv_status *st, fy_err *err)
{
    uint64_t said = fy_plat_now_ms();
    fy_result rc = FY_OK;
    while (rc == FY_OK && *st == FY_RECV_SCANNING) {
        if (SDL_AtomicGet(&rs->x->cancel))
            return fy_fail(err, FY_ERR_CANCELLED, "cancelled");
        if ((rc = take_verdicts(rs, r, 200, st, err)) != FY_OK)
            break;
        if (*st == FY_RECV_CONTINUE)
            *st = FY_RECV_SCANNING;
        fy_recv_progress(r, p);
        fy_xfer_progress(rs->x, p, 0);
        if (*st == FY_RECV_SCANNING && fy_plat_now_ms() - said >= FY_SCAN_KEEPALIVE_MS) {
            rc = fy_recv_scan_keepalive(r, err);
            said = fy_plat_now_ms();
        }
    }
    return rc;
}

static fy_result emit(void *ud, uint8_t type, const uint8_t *p, size_t n, fy_err *err)
{
    fy_channel *ch = ud;
    fy_result rc = fy_channel_send(ch, type, (uint8_t *)p, n, 0, err);
    return rc != FY_OK ? rc : fy_channel_flush(ch, err);
}

static void warn(void *ud, const char *msg)
{
    fy_xfer *x = ud;
    fy_engine_warn(x->e, x->id, msg);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const fy_offer_item *)a)->name, ((const fy_offer_item *)b)->name);
}

/* The offer's top-level items, each folder with the files and bytes under
 * it, so the dialog can list all of them. The sender chose every name and
 * count: at most FY_OFFER_ITEMS_MAX items are listed, and the entries are
 * matched to them by binary search (1,000,000 entries under 10,000 items
 * is ~14 million comparisons, well under a second, on this thread). Sums
 * cannot wrap: the manifest caps the total at 2^63-1. */
static fy_offer_item *offer_items(const fy_manifest *m, int *count)
{
    fy_offer_item *v = calloc(FY_OFFER_ITEMS_MAX, sizeof *v), key;
    int n = 0;
    *count = 0;
    if (!v)
        return NULL;
    for (uint32_t i = 0; i < m->n && n < FY_OFFER_ITEMS_MAX; i++) {
        const fy_entry *en = &m->e[i];
        if (!en->local || strchr(en->local, '/'))
            continue;
        fy_names_for_display(en->local, v[n].name, sizeof v[n].name);
        v[n].is_dir = en->kind == FY_ENTRY_DIR;
        if (en->kind == FY_ENTRY_FILE)
            v[n].files = 1, v[n].bytes = en->size;
        n++;
    }
    qsort(v, (size_t)n, sizeof *v, by_name);
    for (uint32_t i = 0; i < m->n; i++) {
        const fy_entry *en = &m->e[i];
        const char *slash = en->local ? strchr(en->local, '/') : NULL;
        fy_offer_item *top;
        if (!slash || en->kind != FY_ENTRY_FILE)
            continue;
        fy_names_for_display(en->local, key.name, sizeof key.name);
        key.name[SDL_min((size_t)(slash - en->local), sizeof key.name - 1)] = '\0';
        if ((top = bsearch(&key, v, (size_t)n, sizeof *v, by_name)) != NULL && top->is_dir) {
            top->files++;
            top->bytes += en->size;
        }
    }
    *count = n;
    return v;
}

/* Free space where the files would go: the folder may not exist yet (it
 * is made on the first Accept), so its nearest existing parent counts. */
static uint64_t space_free(const char *dir)
{
    char p[1024];
    uint64_t b;
    snprintf(p, sizeof p, "%s", dir);
    for (int up = 0; up < 64; up++) {
        char *cut;
        size_t before = strlen(p);
        if (fy_plat_free_space(p, &b, NULL) == FY_OK)
            return b;
        if (!(cut = strrchr(p, '/')) && !(cut = strrchr(p, '\\')))
            break;
        /* Up one level, keeping a root ("/", "C:\\") whole. */
        cut[cut == p || (cut == p + 2 && p[1] == ':')] = '\0';
        if (strlen(p) == before)
            break;
    }
    return UINT64_MAX;
}

/* Shows the offer to the front end and waits for its answer. */
static int ask(fy_xfer *x, fy_recv *r, const char *dir)
{
    fy_engine *e = x->e;
    const fy_manifest *m = fy_recv_manifest(r);
    fy_event ev;
    int shown = 0, n = 0, yes;
    fy_offer_item *items = offer_items(m, &n);

    fy_xfer_event_init(x, &ev, FY_EV_OFFER);
    ev.files_total = m->files;
    ev.bytes_total = m->total;
    ev.space_free = space_free(dir);
    ev.paired = x->paired;
    /* A text: its first line, shown safely (it is the sender's bytes). */
    if (ev.is_text) {
        size_t len = fy_text_escape((const uint8_t *)m->e[0].path, m->e[0].path_len, 0, ev.names[0],
                                    sizeof ev.names[0] - 4);
        /* More than the preview follows (or it did not fit): say so. */
        if (m->e[0].path_len < m->e[0].size || len >= sizeof ev.names[0] - 4)
            strcat(ev.names[0], "...");
        free(items), items = NULL, n = 0; /* a text has no items to list */
    }
    /* Top-level names first: they say most about what is coming. */
    for (int i = 0; !ev.is_text && i < n && shown < FY_OFFER_SHOW_NAMES; i++)
        snprintf(ev.names[shown++], sizeof ev.names[0], "%s", items[i].name);
    SDL_LockMutex(e->lock);
    x->offer = items;
    x->noffer = n;
    SDL_UnlockMutex(e->lock);
    fy_queue_push(e->q, &ev);
    yes = fy_xfer_wait_answer(x, FY_ANSWER_TIMEOUT_MS);
    SDL_LockMutex(e->lock);
    x->offer = NULL;
    x->noffer = 0;
    SDL_UnlockMutex(e->lock);
    free(items);
    return yes;
}

int fy_xfer_recv_main(void *arg)
{
    fy_xfer *x = arg;
    fy_engine *e = x->e;
    fy_err err = {0};
    fy_channel *ch = NULL;
    fy_recv *r = NULL;
    fy_progress p;
    fy_result rc;
    int peer_spoke = 0, asked = 0, frames = 0;
    char dir[sizeof e->cfg.receive_dir], state_dir[sizeof e->cfg.config_dir + 8];
    char me[sizeof e->cfg.device_name];
    char quarantine[sizeof e->cfg.config_dir + 16];
    recv_scan rs;

    memset(&p, 0, sizeof p);
    memset(&rs, 0, sizeof rs);
    rs.x = x;
    SDL_LockMutex(e->lock);
    snprintf(dir, sizeof dir, "%s", e->cfg.receive_dir);
    snprintf(me, sizeof me, "%s", e->cfg.device_name);
    SDL_UnlockMutex(e->lock);
    /* Resume journals live with the keys, where no sender can write. */
    snprintf(state_dir, sizeof state_dir, "%s/resume", e->cfg.config_dir);
    snprintf(quarantine, sizeof quarantine, "%s/quarantine", e->cfg.config_dir);
    snprintf(rs.dir, sizeof rs.dir, "%s", dir);
    fy_scan_setup_load(e->cfg.config_dir, &rs.setup);

    rc = fy_xfer_secure_channel(x, FY_NOISE_RESPONDER, 1, &ch, &err);
    if (rc == FY_OK) /* receiving and opening on a second core */
        rc = fy_secure_pipeline(x->sec, FY_PIPE_READ, &err);
    if (rc == FY_OK) {
        fy_recv_config cfg = {dir, fy_plat_windows_names(), fy_plat_names_fold_case(), me,
                              fy_plat_os_name(), emit, ch, state_dir, fy_secure_remote_key(x->sec), warn, x,
                              NULL, NULL, quarantine, x->peer_name};
        if (rs.setup.mode == FY_SCAN_ON) {
            cfg.scan = scan_submit;
            cfg.scan_ud = &rs;
        }
        rc = fy_recv_new(&cfg, &r, &err);
        /* scan=off is the user's choice: "not scanned" needs no reason. */
        if (rc == FY_OK && (rs.setup.mode == FY_SCAN_NONE_FOUND || rs.setup.mode == FY_SCAN_BAD_COMMAND))
            fy_recv_set_scan_note(r, rs.setup.why);
    }
    while (rc == FY_OK) {
        uint8_t type;
        const uint8_t *pl;
        size_t n;
        fy_recv_status st;
        if (SDL_AtomicGet(&x->cancel)) {
            rc = fy_fail(&err, FY_ERR_CANCELLED, "cancelled");
            break;
        }
        if ((rc = take_verdicts(&rs, r, 0, &st, &err)) != FY_OK)
            break;
        if ((rc = fy_channel_recv(ch, &type, &pl, &n, &err)) != FY_OK)
            break;
        peer_spoke = x->by_peer = type == FY_MSG_ERROR;
        if (type == FY_MSG_SPEED_TEST && !frames) {
            /* `ferry doctor --speed` instead of an offer: counted, thrown
             * away, said (docs/PROTOCOL.md, section 16). */
            uint64_t bytes;
            uint32_t ms;
            if ((rc = fy_speed_sink(ch, pl, n, &bytes, &ms, &err)) == FY_OK) {
                char msg[160];
                snprintf(msg, sizeof msg, "speed test from %.63s: %.1f MB in %.1f s (%.1f MB/s), thrown away",
                         x->peer_addr, bytes / 1e6, ms / 1000.0, ms ? bytes / 1e3 / ms : 0.0);
                fy_engine_warn(e, x->id, msg);
            }
            break;
        }
        frames++;
        if ((rc = fy_recv_frame(r, type, pl, n, &st, &err)) != FY_OK)
            break;
        x->is_text = fy_recv_is_text(r);
        if (!x->peer_name[0] && fy_recv_peer(r)->device[0])
            fy_names_for_display(fy_recv_peer(r)->device, x->peer_name, sizeof x->peer_name);
        if (st == FY_RECV_ASK) {
            int yes;
            /* A whole offer: the deadline is met, and now it needs a
             * transfer slot (a sender told "busy" tries again later). */
            fy_tcp_set_deadline(x->tcp, 0, NULL);
            if ((rc = fy_engine_take_slot(e, x, &err)) != FY_OK)
                break;
            yes = ask(x, r, dir);
            asked = 1;
            if ((rc = fy_recv_answer(r, yes, &st, &err)) != FY_OK)
                break;
            if (!yes) {
                rc = fy_fail(&err, SDL_AtomicGet(&x->cancel) ? FY_ERR_CANCELLED : FY_ERR_DECLINED, "declined");
                peer_spoke = 1; /* DECLINE already told the sender */
                break;
            }
            {
                fy_event ev;
                x->t0 = fy_plat_now_ms();
                fy_recv_progress(r, &p);
                fy_xfer_keep_awake(x);
                fy_xfer_event_init(x, &ev, FY_EV_STARTED);
                ev.files_total = p.files_total;
                ev.bytes_total = p.bytes_total;
                fy_queue_push(e->q, &ev);
                /* Never a silent pass: no scanner is said once per transfer. */
                if ((rs.setup.mode == FY_SCAN_NONE_FOUND || rs.setup.mode == FY_SCAN_BAD_COMMAND) &&
                    fy_recv_manifest(r)->n && fy_recv_manifest(r)->e[0].kind != FY_ENTRY_TEXT)
                    say_verdict(x, FY_SCAN_NOT_SCANNED, NULL, rs.setup.why, NULL);
            }
        }
        if (st == FY_RECV_SCANNING)
            rc = wait_verdicts(&rs, r, &p, &st, &err);
        fy_recv_progress(r, &p);
        if (rc != FY_OK || st == FY_RECV_FINISHED)
            break;
        if (asked)
            fy_xfer_progress(x, &p, 0);
    }
    if (rc != FY_OK && ch && !peer_spoke && rc != FY_ERR_CLOSED && rc != FY_ERR_TIMEOUT) {
        fy_xfer_send_error(ch, rc, rc == FY_ERR_CANCELLED ? "cancelled by the receiver" : err.msg);
        if (!fy_secure_drain(x->sec, 3000))
            fy_tcp_drain(x->tcp, 3000);
    }
    /* A scan under way is killed; files still waiting stay NAME.part, and
     * a rerun sends, checks and scans them again. */
    fy_scanner_free(rs.scanner);
    if (r) {
        fy_recv_abort(r);
        fy_recv_progress(r, &p);
    }
    /* A connection that never got as far as a whole offer (a port scan,
     * a garbage sender) is reported as a warning, not as a transfer; an
     * offer refused before asking (a read-only folder, the same transfer
     * already running) is a transfer that failed; one told "busy" is a
     * warning again: its sender comes back and is served then. */
    /* Everything went as it should, but the scanner rejected files: the
     * transfer's result says so (the sender was told in RESULT). */
    if (rc == FY_OK && p.files_infected)
        rc = fy_fail(&err, FY_ERR_INFECTED, "%u of %u file%s rejected by the virus scanner and moved to the "
                     "quarantine folder %s", p.files_infected, p.files_total, p.files_total == 1 ? "" : "s",
                     quarantine);
    if (asked || (r && fy_recv_offered(r) && rc != FY_ERR_BUSY)) {
        size_t len = 0;
        uint8_t *text = rc == FY_OK ? fy_recv_take_text(r, &len) : NULL;
        fy_xfer_record_recv(x, r, rc, &err, text, len);
        fy_xfer_finish_text(x, rc, &err, &p, text, len);
    }
    else if (rc != FY_OK) {
        char msg[FY_EVENT_TEXT_MAX];
        snprintf(msg, sizeof msg, "refused a connection from %.63s: %.400s", x->peer_addr, err.msg);
        fy_engine_refused(e, x->id, rc, msg);
    }

    fy_recv_free(r);
    fy_channel_free(ch);
    fy_xfer_free_secure(x);
    SDL_LockMutex(e->lock);
    fy_tcp_close(x->tcp);
    x->tcp = NULL;
    if (x->pending)
        e->pending--;
    if (x->has_slot)
        e->incoming--;
    x->pending = x->has_slot = 0;
    x->done = 1;
    SDL_UnlockMutex(e->lock);
    return 0;
}
