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
 * docs/PROTOCOL.md, "Receiver", has the same diagram. */
#ifndef FY_RECV_H
#define FY_RECV_H

#include <stdint.h>

#include "fy_manifest.h"
#include "fy_result.h"
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
} fy_recv_config;

typedef enum {
    FY_RECV_CONTINUE = 0, /* feed the next frame */
    FY_RECV_ASK,          /* the offer is complete: call fy_recv_answer */
    FY_RECV_FINISHED      /* done (declined or all files verified) */
} fy_recv_status;

typedef struct fy_progress {
    uint32_t files_total, files_done;
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
/* 1 if the offer is a text snippet (one FY_ENTRY_TEXT entry): nothing is
 * written to the receive folder. */
int fy_recv_is_text(const fy_recv *r);
/* After a text transfer finished: its exact bytes, verified and valid
 * UTF-8 (malloc'd, NUL-terminated; *len excludes the NUL), now the
 * caller's to free. NULL if there is none (or it was taken). */
uint8_t *fy_recv_take_text(fy_recv *r, size_t *len);

/* Where the transfer's top-level entries landed (for "open folder"). */
const char *fy_recv_dir(const fy_recv *r);

/* Leaves the receiver after an error: closes the file in flight, keeping
 * NAME.part and the resume journal so a rerun continues (and releases the
 * journal's lock, so that rerun may). */
void fy_recv_abort(fy_recv *r);

#endif
