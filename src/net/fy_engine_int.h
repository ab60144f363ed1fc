/* fy_engine_int.h: what the engine's files share; not for front ends. */
#ifndef FY_ENGINE_INT_H
#define FY_ENGINE_INT_H

#include <SDL.h>

#include "core/fy_doctor.h"
#include "core/fy_recv.h"
#include "core/fy_trust.h"
#include "fy_discovery.h"
#include "fy_secure.h"
#include "fy_channel.h"
#include "fy_engine.h"
#include "fy_queue.h"
#include "fy_tcp.h"

#define FY_ANSWER_TIMEOUT_MS (5u * 60u * 1000u) /* a person deciding on an offer */
/* A connection that has not finished its handshake and its whole offer
 * within this is dropped, however slowly it keeps sending (time a person
 * spends comparing a pairing code does not count). 1,000,000 manifest
 * entries of ~100 bytes take ~10 s at 10 MB/s. */
#define FY_OFFER_DEADLINE_MS 30000u
/* Connections still before their offer, in all and from one address: past
 * these, new ones are closed at once, without a thread or a handshake, so
 * idle or dribbling sockets cannot lock real senders out. Only offers hold
 * one of the max_incoming transfer slots. */
#define FY_PENDING_MAX 64
#define FY_PENDING_PER_SOURCE 8
/* A sender told "busy" tries again after 1, 2, 4, ... 15 s, for so long. */
#define FY_BUSY_GIVE_UP_MS (10u * 60u * 1000u)
#define FY_BUSY_RETRY_MAX_MS 15000u
#define FY_PROGRESS_EVERY_MS 100u

typedef struct fy_xfer {
    struct fy_engine *e;
    fy_xfer_id id;
    int outgoing;
    SDL_Thread *thread;
    SDL_atomic_t cancel;      /* set by fy_engine_cancel; read by the thread and fy_tcp */
    int done;                 /* thread finished (under e->lock) */
    int answer;               /* -1 waiting, 0 decline, 1 accept (under e->lock) */
    fy_tcp *tcp;
    fy_secure *sec;
    /* incoming: before the offer (counted in e->pending), or holding one
     * of the transfer slots (e->incoming); under e->lock */
    int pending, has_slot;
    uint32_t src_ip;
    /* outgoing */
    char host[256];
    uint16_t port;
    char **paths;
    int npaths;
    uint8_t *text;            /* or a text snippet (fy_engine_send_text) */
    size_t text_len;
    int is_text;              /* either direction: the transfer is a text */
    /* progress */
    uint64_t t0, last_emit, rate_t, rate_bytes;
    double rate;
    char peer_name[64];
    char peer_addr[64];
    char folder[FY_NAME_SHOW_MAX];
    int paired;               /* the peer's key was paired with a code (now or before) */
    int awake;                /* holds a keep-awake request (this thread's) */
    /* history: the peer's key fingerprint (kept past the secure channel)
     * and when the transfer began, wall clock */
    char peer_fp[24];
    int64_t wall_start;
    struct fy_xfer *next;
} fy_xfer;

struct fy_engine {
    fy_engine_config cfg;
    fy_queue *q;
    SDL_mutex *lock;
    SDL_cond *answered;
    fy_xfer *xfers;
    uint32_t next_id;
    SDL_Thread *listener;
    SDL_atomic_t listen_stop;
    fy_tcp *listen_sock;
    int incoming;             /* incoming transfers holding a slot */
    int pending;              /* incoming connections before their offer */
    uint8_t priv[32], pub[32];/* this device's identity */
    fy_trust trust;           /* paired devices (under lock) */
    fy_discovery *disco;      /* while listening */
    SDL_atomic_t no_history;  /* cfg.no_history, changed by fy_engine_set_history */
    /* the reason log (fy_engine_reasons.c), under lock */
    char reasons[FY_DOC_REASONS_MAX][FY_DOC_TEXT_MAX];
    int64_t reason_time[FY_DOC_REASONS_MAX];
    int reason_first, reason_n, reasons_dirty;
    uint64_t reasons_written_ms;
    /* the network doctor's thread (fy_engine_doctor.c) */
    SDL_Thread *doctor_thread;
    char doctor_target[256];  /* under lock */
    int doctor_done;          /* under lock */
    fy_doc_report *doctor_report; /* under lock */
};

void fy_xfer_event_init(fy_xfer *x, fy_event *ev, fy_event_type type);
void fy_xfer_progress(fy_xfer *x, const fy_progress *p, int force);
/* Data is moving: the machine must not sleep until fy_xfer_finish (both
 * on the transfer's thread). */
void fy_xfer_keep_awake(fy_xfer *x);
/* This device's name now (the front end may change it meanwhile). */
void fy_engine_device_name(fy_engine *e, char *out, size_t cap);
void fy_xfer_finish(fy_xfer *x, fy_result rc, const fy_err *err, const fy_progress *p);
/* The same for a transfer that received a text: the event takes over
 * payload (len bytes, malloc'd) and is_text is set. */
void fy_xfer_finish_text(fy_xfer *x, fy_result rc, const fy_err *err, const fy_progress *p, uint8_t *payload,
                         size_t len);
void fy_engine_warn(fy_engine *e, fy_xfer_id id, const char *msg);
/* A connection refused before it made a whole offer: a warning carrying
 * the result (so `receive --once` can end with it). */
void fy_engine_refused(fy_engine *e, fy_xfer_id id, fy_result rc, const char *msg);
/* The offer is complete: leave the pending count and take a transfer slot.
 * FY_ERR_BUSY (with the message for the sender) if none is free. */
fy_result fy_engine_take_slot(fy_engine *e, fy_xfer *x, fy_err *err);
/* Queues FY_EV_PEERS (the nearby list or a peer's paired mark changed). */
void fy_engine_peers_changed(void *e);
/* Encrypted channel over x->tcp: Noise handshake, then trust check or
 * pairing (fy_xfer_pair.c). Sets x->peer_name. */
fy_result fy_xfer_secure_channel(fy_xfer *x, fy_noise_role role, int pair, fy_channel **out, fy_err *err);
/* Waits for fy_engine_answer on x (or cancel, or timeout): 1 yes, 0 no. */
int fy_xfer_wait_answer(fy_xfer *x, unsigned timeout_ms);
void fy_xfer_free_secure(fy_xfer *x);
/* Tells the peer why we stop (best effort; the connection may be gone). */
void fy_xfer_send_error(fy_channel *ch, fy_result code, const char *text);

/* Remembers why something was refused or dropped (the receiver's reason
 * log), and writes the log to the config folder when it changed (at most
 * once a second unless force). fy_engine_reasons.c. */
void fy_engine_reason(fy_engine *e, const char *fmt, ...) FY_PRINTF(2, 3);
void fy_engine_reasons_flush(fy_engine *e, int force);
/* Waits for a running doctor and frees its report (engine destroy). */
void fy_engine_doctor_end(fy_engine *e);

/* fy_xfer_pair.c: after the handshake, know the peer or pair with it. */
fy_result fy_xfer_pair(fy_xfer *x, fy_channel *ch, fy_noise_role role, fy_err *err);

/* fy_xfer_history.c: the finished transfer into history.db (unless the
 * setting is off), on the transfer's own thread, before FY_EV_FINISHED
 * (so a front end that reacts to it finds the record). A database error
 * is a warning, never a failed transfer. */
/* text: a received snippet's bytes (NULL when none or not verified). */
void fy_xfer_record_recv(fy_xfer *x, const fy_recv *r, fy_result rc, const fy_err *err, const uint8_t *text,
                         size_t text_len);
struct fy_send;
void fy_xfer_record_send(fy_xfer *x, const struct fy_send *s, fy_result rc, const fy_err *err);

int fy_xfer_send_main(void *arg);
int fy_xfer_recv_main(void *arg);

#endif
