/* fy_recv.h: the receiving side of a transfer as a state machine.
 *
 * It is fed the frames that arrive (fy_recv_frame) and the user's decision
 * (fy_recv_answer), and answers with frames to send (through the emit
 * callback) and a status: go on, ask the user, or finished. It writes files
 * only under the receive folder, through the platform seam's fy_tree (no
 * link below the folder is ever followed), into NAME.part until the file's
 * checksum matched. It never touches a socket.
 *
 *   HELLO -> OFFER -> MANIFEST... -> [ask] -> FILE (DATA...) FILE_END ... -> DONE
 *
 * With a virus scanner (cfg.scan), a verified file stays NAME.part, open
 * and locked, and is handed to cfg.scan; the next file streams meanwhile.
 * Its verdict (fy_recv_scanned) gives it its final name, or moves it into
 * the quarantine folder. After DONE the machine waits for the verdicts
 * still due (FY_RECV_SCANNING) before it sends RESULT.
 *
 * docs/PROTOCOL.md, "Receiver", has the same diagram. */
#ifndef FY_RECV_H
#define FY_RECV_H

#include <stdint.h>

#include "fy_manifest.h"
#include "fy_result.h"
#include "fy_scan.h"
#include "fy_wire.h"

typedef struct fy_recv fy_recv;

/* Sends one frame to the peer; a failure ends the transfer. */
typedef fy_result (*fy_emit_fn)(void *ud, uint8_t type, const uint8_t *payload, size_t len, fy_err *err);

typedef struct fy_recv_config {
    const char *dir;        /* receive folder; created on accept */
    int windows_names;      /* apply the Windows name rules */
    int fold_case;          /* names differing only in case collide */
    const char *device;     /* our name and OS, for HELLO */
    const char *os;
    fy_emit_fn emit;
    void *emit_ud;
    /* The receiver's own folder for resume journals (the config folder's
     * "resume"); NULL: no journal, so an interrupted transfer starts over. */
    const char *state_dir;
    /* The sender's static key (32 bytes) once the handshake is done; a
     * journal only ever serves the same peer. NULL counts as all zeros. */
    const uint8_t *peer_key;
    /* Things the user should know that do not stop the transfer ("x.part
     * is a link, receiving x as x (1)"); may be NULL. */
    void (*warn)(void *ud, const char *msg);
    void *warn_ud;
    /* Virus scanning; NULL: none, a verified file takes its name at once.
     * Else called with each verified file's index and its NAME.part path
     * relative to dir; the verdict comes back through fy_recv_scanned. */
    fy_result (*scan)(void *ud, uint32_t index, const char *part, fy_err *err);
    void *scan_ud;
    /* Where an infected file goes (the config folder's "quarantine"),
     * and who sent it (for the note kept beside it). */
    const char *quarantine_dir;
    const char *peer_label;
} fy_recv_config;

typedef enum {
    FY_RECV_CONTINUE = 0, /* feed the next frame */
    FY_RECV_ASK,          /* the offer is complete: call fy_recv_answer */
    FY_RECV_FINISHED,     /* done (declined or all files verified) */
    FY_RECV_SCANNING      /* the sender is done: give fy_recv_scanned every
                           * verdict still due (fy_recv_scans_pending) */
} fy_recv_status;

typedef struct fy_progress {
    uint32_t files_total, files_done;
    uint32_t files_scanned, files_to_scan; /* verdicts in, files handed to the scanner */
    uint32_t files_infected, files_unscanned; /* verdicts: infected, not scanned */
    uint64_t bytes_total, bytes_done, bytes_resumed, bytes_wire;
    const char *current;    /* path of the file in flight, or NULL */
} fy_progress;

fy_result fy_recv_new(const fy_recv_config *cfg, fy_recv **out, fy_err *err) FY_MUST_USE;
void fy_recv_free(fy_recv *r);

fy_result fy_recv_frame(fy_recv *r, uint8_t type, const uint8_t *p, size_t n, fy_recv_status *st,
                        fy_err *err) FY_MUST_USE;
/* After FY_RECV_ASK. Declining sends DECLINE and finishes with FY_OK and
 * fy_recv_declined() true. */
fy_result fy_recv_answer(fy_recv *r, int accept, fy_recv_status *st, fy_err *err) FY_MUST_USE;

const fy_hello *fy_recv_peer(const fy_recv *r);
const fy_offer *fy_recv_offer(const fy_recv *r);
const fy_manifest *fy_recv_manifest(const fy_recv *r);
int fy_recv_declined(const fy_recv *r);
/* 1 once a whole offer (OFFER and every MANIFEST entry, id checked) came
 * in: from then on a failure is a transfer that failed, not a stray
 * connection. */
int fy_recv_offered(const fy_recv *r);
void fy_recv_progress(const fy_recv *r, fy_progress *p);
/* 1 if file entry i is verified and under its final name (the manifest's
 * local path, after name mapping and collisions); its XXH3-128 in hash. */
int fy_recv_file_done(const fy_recv *r, uint32_t i, uint8_t hash[FY_HASH_LEN]);
/* 1 if the offer is a text snippet (one FY_ENTRY_TEXT entry): nothing is
 * written to the receive folder. */
int fy_recv_is_text(const fy_recv *r);
/* After a text transfer finished: its exact bytes, verified and valid
 * UTF-8 (malloc'd, NUL-terminated; *len excludes the NUL), now the
 * caller's to free. NULL if there is none (or it was taken). */
uint8_t *fy_recv_take_text(fy_recv *r, size_t *len);

/* Where the transfer's top-level entries landed (for "open folder"). */
const char *fy_recv_dir(const fy_recv *r);

/* The scanner's verdict on entry index (handed to cfg.scan): clean and
 * not scanned give the file its final name; infected moves it into
 * cfg.quarantine_dir (0600, a name of its own, a note beside it) and the
 * sender is told in RESULT. final (may be NULL) gets where it went. After
 * DONE, the last verdict sends RESULT and sets *st to FY_RECV_FINISHED. */
fy_result fy_recv_scanned(fy_recv *r, uint32_t index, fy_scan_verdict v, const char *words, char *final,
                          size_t final_cap, fy_recv_status *st, fy_err *err) FY_MUST_USE;
uint32_t fy_recv_scans_pending(const fy_recv *r);
/* Entry index's verdict, for the transfer history: the scanner's words
 * (or why it was not scanned) and, when infected, where it now is in the
 * quarantine. A file never handed to a scanner is NOT_SCANNED with the
 * words of fy_recv_set_scan_note. Pointers stay valid until fy_recv_free. */
fy_scan_verdict fy_recv_file_scan(const fy_recv *r, uint32_t index, const char **words, const char **where);
/* Why this transfer's files are not handed to a scanner ("scanning is
 * off", "no virus scanner found ..."). */
void fy_recv_set_scan_note(fy_recv *r, const char *why);
/* While verdicts are due after DONE: tells the sender the receiver is
 * still scanning (SCANNING), so its idle timeout does not run out. */
fy_result fy_recv_scan_keepalive(fy_recv *r, fy_err *err) FY_MUST_USE;
/* The wire path of entry index as the user should see it. */
void fy_recv_entry_name(const fy_recv *r, uint32_t index, char *out, size_t cap);

/* Leaves the receiver after an error: closes the file in flight, keeping
 * NAME.part and the resume journal so a rerun continues (and releases the
 * journal's lock, so that rerun may). */
void fy_recv_abort(fy_recv *r);

#endif
