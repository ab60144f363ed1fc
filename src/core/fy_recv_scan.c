/* fy_recv_scan.c: verified files waiting for the virus scanner's verdict,
 * and what each verdict does: the final name, or the quarantine folder.
 *
 * A file waits as NAME.part: never under its final name until a scanner
 * (or the lack of one) has spoken, so an infected file is never in the
 * receive folder looking like any other. Its journal DONE line is written
 * only with the final name, so an interrupted transfer sends it again and
 * it is scanned again; a quarantined one is gone from the folder and
 * counts as not here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_names.h"
#include "fy_recv_int.h"
#include "fy_util.h"

#define QUARANTINE_SUFFIX ".quarantined"

/* The lists the history reads stay until fy_recv_free (fy_recv_abort
 * comes first and must keep them). */
void fy_recv_scan_records_free(fy_recv *r)
{
    for (uint32_t i = 0; i < r->nreasons; i++)
        free(r->reasons[i]);
    for (uint32_t i = 0; i < r->ninfected; i++) {
        free(r->infected[i].words);
        free(r->infected[i].where);
    }
    free(r->infected);
    free(r->scan_note);
}

void fy_recv_set_scan_note(fy_recv *r, const char *why)
{
    free(r->scan_note);
    r->scan_note = fy_strdup(why);
}

fy_scan_verdict fy_recv_file_scan(const fy_recv *r, uint32_t index, const char **words, const char **where)
{
    *words = "";
    *where = NULL;
    if (index >= r->m.n || !r->x)
        return FY_SCAN_NOT_SCANNED;
    switch ((fy_scan_verdict)r->x[index].verdict) {
    case FY_SCAN_CLEAN:
        return FY_SCAN_CLEAN;
    case FY_SCAN_INFECTED:
        for (uint32_t i = 0; i < r->ninfected; i++)
            if (r->infected[i].index == index) {
                *words = r->infected[i].words ? r->infected[i].words : "";
                *where = r->infected[i].where;
            }
        return FY_SCAN_INFECTED;
    case FY_SCAN_NOT_SCANNED:
        break;
    }
    if (r->x[index].reason)
        *words = r->reasons[r->x[index].reason - 1];
    else if (r->scan_note)
        *words = r->scan_note;
    return FY_SCAN_NOT_SCANNED;
}

/* Keeps a verdict for fy_recv_file_scan. Memory is bounded: distinct
 * not-scanned reasons (32; more share the last), and infected files
 * (which each cost a quarantined copy anyway). */
static void keep_verdict(fy_recv *r, uint32_t index, fy_scan_verdict v, const char *words, const char *where)
{
    r->x[index].verdict = (uint8_t)v;
    if (v == FY_SCAN_NOT_SCANNED) {
        uint32_t k;
        for (k = 0; k < r->nreasons && strcmp(r->reasons[k], words); k++)
            ;
        if (k == r->nreasons && k < FY_RECV_REASONS_MAX && (r->reasons[k] = fy_strdup(words)))
            r->nreasons++;
        r->x[index].reason = (uint8_t)(k < r->nreasons ? k + 1 : r->nreasons);
    } else if (v == FY_SCAN_INFECTED) {
        scan_infected *n = realloc(r->infected, (r->ninfected + 1) * sizeof *n);
        if (!n)
            return;
        r->infected = n;
        n[r->ninfected].index = index;
        n[r->ninfected].words = fy_strdup(words);
        n[r->ninfected].where = where && where[0] ? fy_strdup(where) : NULL;
        r->ninfected++;
    }
}

void fy_recv_scan_free(fy_recv *r)
{
    for (uint32_t i = 0; i < r->nwaits; i++)
        if (r->waits[i].f)
            fy_plat_close(r->waits[i].f, NULL);
    free(r->waits);
    r->waits = NULL;
    r->nwaits = r->capwaits = 0;
    free(r->rejected);
    r->rejected = NULL;
    r->rejected_len = 0;
}

uint32_t fy_recv_scans_pending(const fy_recv *r) { return r->nwaits; }

void fy_recv_entry_name(const fy_recv *r, uint32_t index, char *out, size_t cap)
{
    char raw[FY_PATH_MAX + 1];
    const fy_entry *e = &r->m.e[index];
    size_t n = e->path_len < FY_PATH_MAX ? e->path_len : FY_PATH_MAX;
    memcpy(raw, e->path, n);
    raw[n] = '\0'; /* a NUL inside a wire path ends the shown name early */
    fy_names_for_display(raw, out, cap);
}

fy_result fy_recv_hold_for_scan(fy_recv *r, fy_file *f, const uint8_t hash[FY_HASH_LEN], fy_err *err)
{
    scan_wait *w;
    if (r->nwaits == r->capwaits) {
        uint32_t cap = r->capwaits ? r->capwaits * 2 : 16;
        scan_wait *n = realloc(r->waits, cap * sizeof *n);
        if (!n) {
            fy_plat_close(f, NULL);
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
        }
        r->waits = n;
        r->capwaits = cap;
    }
    w = &r->waits[r->nwaits++];
    w->index = (uint32_t)r->cur;
    memcpy(w->hash, hash, FY_HASH_LEN);
    w->f = f;
    /* A descriptor per waiting file: past the cap, the file waits closed
     * (its name stays this transfer's; only the lock is given up). */
    if (r->nwaits > FY_RECV_SCAN_HOLD_MAX) {
        fy_result rc = fy_plat_close(w->f, err);
        w->f = NULL;
        if (rc != FY_OK)
            return rc;
    }
    r->prog.files_to_scan++;
    return r->cfg.scan(r->cfg.scan_ud, w->index, r->part, err);
}

/* Copies the .part into the quarantine folder under a name of its own,
 * owner-only and not executable, with a note beside it; then removes the
 * .part. Copied rather than renamed: the config folder may be on another
 * volume than the receive folder. */
static fy_result quarantine(fy_recv *r, uint32_t index, const char *part, const char *words, char *final,
                            size_t final_cap, fy_err *err)
{
    const fy_entry *e = &r->m.e[index];
    const char *base = strrchr(e->local, '/');
    char qpath[FY_PATH_MAX + 512], note[FY_PATH_MAX * 2 + 1024], shown[FY_PATH_MAX + 1];
    fy_file *in = NULL, *out = NULL;
    uint8_t *buf = NULL;
    fy_stat st;
    fy_result rc;
    int n;

    base = base ? base + 1 : e->local;
    if (!r->cfg.quarantine_dir)
        return fy_fail(err, FY_ERR_IO, "no quarantine folder for the infected \"%s\"", e->local);
    if ((rc = fy_plat_mkdir_private(r->cfg.quarantine_dir, err)) != FY_OK)
        return rc;
    for (unsigned k = 0;; k++) {
        /* Time first: the folder lists in the order things arrived. The
         * name keeps at most 100 bytes of the original (cut at a UTF-8
         * boundary), so it fits any file system's 255. */
        int keep = (int)strlen(base);
        if (keep > 100)
            for (keep = 100; keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80; keep--)
                ;
        snprintf(qpath, sizeof qpath, "%s/%lld-%u-%.*s" QUARANTINE_SUFFIX, r->cfg.quarantine_dir,
                 (long long)fy_plat_wall_time(), k, keep, base);
        if ((rc = fy_plat_lstat(qpath, &st, err)) != FY_OK)
            return rc;
        if (st.kind == FY_KIND_NONE)
            break;
        if (k == 1000)
            return fy_fail(err, FY_ERR_IO, "no free name in the quarantine folder \"%s\"", r->cfg.quarantine_dir);
    }
    if (!(buf = malloc(1u << 20))) {
        rc = fy_fail(err, FY_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = fy_tree_open_file(r->tree, part, FY_TREE_READ, NULL, &in, err)) != FY_OK ||
        (rc = fy_plat_open(qpath, FY_OPEN_PRIVATE_NEW, &out, err)) != FY_OK)
        goto out;
    for (;;) {
        size_t got;
        if ((rc = fy_plat_read(in, buf, 1u << 20, &got, err)) != FY_OK || got == 0)
            break;
        if ((rc = fy_plat_write(out, buf, got, err)) != FY_OK)
            break;
    }
    if (rc == FY_OK) {
        rc = fy_plat_close(out, err);
        out = NULL;
    }
    if (rc != FY_OK)
        goto out;
    fy_recv_entry_name(r, index, shown, sizeof shown);
    n = snprintf(note, sizeof note,
                 "Ferry quarantine note\nfile: %s\nsent as: %s\nfrom: %s\nreceive folder: %s\nverdict: infected: %s\n"
                 "received: %lld (seconds since 1970 UTC)\n",
                 strrchr(qpath, '/') + 1, shown, r->cfg.peer_label ? r->cfg.peer_label : "?", r->dir, words,
                 (long long)fy_plat_wall_time());
    snprintf(qpath + strlen(qpath), sizeof qpath - strlen(qpath), ".txt");
    fy_ignore(fy_plat_write_file_atomic(qpath, note, n > 0 && (size_t)n < sizeof note ? (size_t)n : strlen(note), 1,
                                        NULL));
    qpath[strlen(qpath) - 4] = '\0';
    snprintf(final, final_cap, "%s", qpath);
out:
    if (out) {
        fy_plat_close(out, NULL);
        fy_ignore(fy_plat_remove(qpath, NULL));
    }
    if (in)
        fy_plat_close(in, NULL);
    free(buf);
    /* Whether or not the copy worked, the infected file leaves the
     * receive folder. */
    if (fy_tree_remove(r->tree, part, rc == FY_OK ? err : NULL) != FY_OK && rc == FY_OK)
        rc = FY_ERR_IO;
    return rc;
}

/* One line of RESULT's text per infected file, while they fit. */
static void add_rejected(fy_recv *r, uint32_t index, const char *words)
{
    char name[FY_PATH_MAX + 1], line[FY_PATH_MAX + 512];
    int n;
    fy_recv_entry_name(r, index, name, sizeof name);
    n = snprintf(line, sizeof line, "%srejected by the receiver's virus scanner: %s (%s)",
                 r->rejected_len ? "\n" : "", name, words);
    /* Room for the "and N more" line the last one would need. */
    if (n < 0 || r->rejected_len + (size_t)n > FY_TEXT_MAX - 64)
        return;
    if (!r->rejected && !(r->rejected = malloc(FY_TEXT_MAX + 1)))
        return;
    memcpy(r->rejected + r->rejected_len, line, (size_t)n + 1);
    r->rejected_len += (size_t)n;
    r->rejected_lines++;
}

fy_result fy_recv_scanned(fy_recv *r, uint32_t index, fy_scan_verdict v, const char *words, char *final,
                          size_t final_cap, fy_recv_status *st, fy_err *err)
{
    char part[FY_RESUME_PATH_MAX + 48], dummy[8];
    scan_wait w;
    uint32_t k;
    fy_result rc;

    *st = FY_RECV_CONTINUE;
    if (!final)
        final = dummy, final_cap = sizeof dummy;
    final[0] = '\0';
    for (k = 0; k < r->nwaits && r->waits[k].index != index; k++)
        ;
    if (k == r->nwaits)
        return fy_fail(err, FY_ERR_USAGE, "entry %u is not waiting for a verdict", index);
    w = r->waits[k];
    memmove(r->waits + k, r->waits + k + 1, (r->nwaits - k - 1) * sizeof *r->waits);
    r->nwaits--;
    if (w.f && (rc = fy_plat_close(w.f, err)) != FY_OK)
        return rc;
    fy_recv_part_path(r->m.e[index].local, part, sizeof part);
    if (v == FY_SCAN_INFECTED) {
        rc = quarantine(r, index, part, words, final, final_cap, err);
        r->prog.files_infected++;
        add_rejected(r, index, words);
    } else {
        if (v == FY_SCAN_NOT_SCANNED)
            r->prog.files_unscanned++;
        rc = fy_recv_deliver(r, index, part, w.hash, err);
        snprintf(final, final_cap, "%s", r->m.e[index].local);
    }
    r->prog.files_scanned++;
    keep_verdict(r, index, v, words, v == FY_SCAN_INFECTED && rc == FY_OK ? final : NULL);
    if (rc == FY_OK && r->state == RS_SCAN_WAIT && r->nwaits == 0) {
        if (r->prog.files_infected > r->rejected_lines && r->rejected) {
            snprintf(r->rejected + r->rejected_len, FY_TEXT_MAX + 1 - r->rejected_len,
                     "\nand %u more files rejected by the receiver's virus scanner",
                     r->prog.files_infected - r->rejected_lines);
            r->rejected_len = strlen(r->rejected);
        }
        rc = fy_recv_send_result(r, st, err);
    }
    return rc;
}

fy_result fy_recv_scan_keepalive(fy_recv *r, fy_err *err)
{
    uint8_t buf[16];
    fy_wbuf w;
    if (r->state != RS_SCAN_WAIT)
        return FY_OK;
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_scanning(&w, r->prog.files_scanned, r->prog.files_to_scan);
    return r->cfg.emit(r->cfg.emit_ud, FY_MSG_SCANNING, buf, w.len, err);
}
