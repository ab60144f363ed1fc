/* fy_engine.h: the transfer engine as a front end sees it.
 *
 * The engine owns every socket and every file handle. It runs transfers on
 * threads of its own and reports to the front end (terminal or window)
 * through one queue of fy_event values. The front end never blocks on the
 * network: it polls or waits on the queue, answers offers and cancels.
 *
 *   front end --fy_engine_send/answer/cancel--> engine threads
 *   front end <------- fy_engine_poll/wait ----- event queue
 *
 * The wake callback runs on an engine thread each time an event is queued;
 * the window uses it to push an SDL user event so its loop can sleep in
 * SDL_WaitEventTimeout. */
#ifndef FY_ENGINE_H
#define FY_ENGINE_H

#include <stdint.h>

#include "../core/fy_result.h"

typedef struct fy_engine fy_engine;

/* A local handle for one transfer, unique for the engine's lifetime. 0 means
 * "the engine itself" in events that belong to no transfer. */
typedef uint32_t fy_xfer_id;

#define FY_DEFAULT_PORT 53317u
#define FY_NAME_SHOW_MAX 256   /* names in events, truncated for display */
#define FY_EVENT_TEXT_MAX 512
#define FY_OFFER_SHOW_NAMES 4  /* how many names an offer event carries */

typedef enum {
    FY_EV_LISTENING = 1, /* receiving is on: port */
    FY_EV_LISTEN_STOPPED,/* receiving is off; result/text say why if failed */
    FY_EV_OFFER,         /* incoming offer waits for fy_engine_answer */
    FY_EV_WAITING,       /* outgoing: offer sent, the receiver is deciding */
    FY_EV_STARTED,       /* a transfer began moving data (both directions) */
    FY_EV_PROGRESS,      /* counters moved; at most ~10 per second each */
    FY_EV_WARNING,       /* something skipped or odd, transfer goes on */
    FY_EV_FINISHED,      /* a transfer ended: result says how */
    FY_EV_PAIR,          /* first contact: show code, then fy_engine_answer
                          * (1 = the other screen shows the same code) */
    FY_EV_PEERS,         /* nearby machines changed: call fy_engine_nearby */
    FY_EV_BUSY,          /* outgoing: the receiver is busy; text says when
                          * the send tries again (it waits its turn) */
    FY_EV_SCANNED,       /* incoming: a file's virus scan needs saying:
                          * verdict INFECTED (current: its name, text: the
                          * scanner's words, folder: where it was moved in
                          * the quarantine) or NOT_SCANNED (text: why; with
                          * current empty, for the whole transfer) */
    FY_EV_DOCTOR         /* the network check finished: fy_engine_doctor_report;
                          * result/text say why if it could not run */
} fy_event_type;

typedef struct fy_event {
    fy_event_type type;
    fy_xfer_id xfer;
    int outgoing;           /* 1 for a send, 0 for a receive */
    fy_result result;       /* FINISHED, LISTEN_STOPPED */
    uint16_t port;          /* LISTENING */
    char text[FY_EVENT_TEXT_MAX];      /* message: error, warning */
    char peer_name[64];     /* the other side's device name */
    char peer_addr[64];     /* "192.0.2.7:53317" */
    char folder[FY_NAME_SHOW_MAX];     /* receive: where files land */
    char current[FY_NAME_SHOW_MAX];    /* PROGRESS: file being moved */
    char names[FY_OFFER_SHOW_NAMES][FY_NAME_SHOW_MAX]; /* OFFER: first names */
    uint32_t files_total, files_done;
    uint64_t bytes_total;   /* sum of all file sizes in the transfer */
    uint64_t bytes_done;    /* verified or skipped-as-present, plus in flight */
    uint64_t bytes_resumed; /* bytes the receiver already had: not resent */
    uint64_t bytes_wire;    /* file data bytes that crossed the network */
    double rate;            /* bytes per second, smoothed */
    double elapsed;         /* seconds since the transfer started */
    char code[8];           /* PAIR: "123 456" */
    char fingerprint[24];   /* PAIR: the peer's key, "abcd-ef01-2345-6789" */
    int paired;             /* OFFER: the sender's key was paired with a code
                             * (not merely let in by allow_unpaired) */
    int verdict;            /* SCANNED: an fy_scan_verdict */
    /* PROGRESS, FINISHED of a receive: the virus scanner's count of
     * verdicts, of files handed to it, of files it rejected, and of
     * files it could not scan (kept) */
    uint32_t files_scanned, files_to_scan, files_infected, files_unscanned;
    int is_text;            /* OFFER, WAITING, STARTED, FINISHED: a text snippet,
                             * not files; OFFER's names[0] is its first line,
                             * escaped for display (fy_text_escape) */
    /* FINISHED of a received text: its exact bytes (valid UTF-8, at most
     * FY_TEXT_BYTES_MAX, NUL after the last), owned by the event: whoever
     * takes the event calls fy_event_release. NULL otherwise, or when the
     * queue already held FY_QUEUE_PAYLOAD_MAX bytes of texts nobody took
     * (text then says so). */
    uint8_t *payload;
    size_t payload_len;
} fy_event;

/* Frees what an event owns (its payload); the event stays readable. */
void fy_event_release(fy_event *ev);

typedef struct fy_engine_config {
    char device_name[64];
    char receive_dir[1024];     /* UTF-8; created when the first offer is accepted */
    uint16_t port;              /* listening port (FY_DEFAULT_PORT if 0) */
    unsigned idle_timeout_ms;   /* silence that ends a connection (default 30 s) */
    int max_incoming;           /* concurrent incoming transfers (default 8) */
    uint64_t send_rate_limit;   /* bytes per second for outgoing data, 0 = no limit */
    int can_pair;               /* a person can answer FY_EV_PAIR */
    int allow_unpaired;         /* talk to unpaired peers without a code: MITM risk */
    char config_dir[1024];      /* identity key and paired devices; default fy_plat_config_dir */
    int no_discovery;           /* do not announce this machine while listening */
    int no_history;             /* record no transfer in <config_dir>/history.db */
    void (*wake)(void *ud);     /* called on an engine thread per queued event */
    void *wake_ud;
} fy_engine_config;

fy_result fy_engine_create(const fy_engine_config *cfg, fy_engine **out, fy_err *err) FY_MUST_USE;
/* Stops listening, cancels every transfer and waits for the threads. */
void fy_engine_destroy(fy_engine *e);

/* Receiving on or off. Listening binds at once, so a taken port fails here
 * with a message; afterwards FY_EV_LISTENING is queued. */
fy_result fy_engine_listen(fy_engine *e, fy_err *err) FY_MUST_USE;
void fy_engine_stop_listening(fy_engine *e);
/* Applies to offers that arrive after the call. */
void fy_engine_set_receive_dir(fy_engine *e, const char *dir);
/* Settings a front end changes while the engine runs (the window's
 * Settings panel). The name applies to transfers that start after the
 * call; the port and discovery at the next fy_engine_listen (the window
 * stops and starts listening to apply them at once). */
void fy_engine_set_name(fy_engine *e, const char *name);
void fy_engine_set_port(fy_engine *e, uint16_t port);
void fy_engine_set_discovery(fy_engine *e, int on);

/* Starts sending paths (files and folders, any mix) to host:port. Returns at
 * once; everything else, including a failed connect, arrives as events. */
fy_result fy_engine_send(fy_engine *e, const char *host, uint16_t port, const char *const *paths, int npaths,
                         fy_xfer_id *id, fy_err *err) FY_MUST_USE;

/* Starts sending a text snippet: len bytes of UTF-8, 1 ... 65536
 * (FY_TEXT_BYTES_MAX); copied. The receiver shows it, never saves it as
 * a file. Refuses an empty text, one over the cap, one that is not UTF-8. */
fy_result fy_engine_send_text(fy_engine *e, const char *host, uint16_t port, const uint8_t *text, size_t len,
                              fy_xfer_id *id, fy_err *err) FY_MUST_USE;

/* Answer an FY_EV_OFFER or FY_EV_PAIR. Not answered within 5 minutes
 * counts as no. */
void fy_engine_answer(fy_engine *e, fy_xfer_id id, int accept);
/* Recording transfers in the history on or off (for transfers that end
 * after the call). */
void fy_engine_set_history(fy_engine *e, int on);
/* Stops a transfer, either direction; the peer is told. */
void fy_engine_cancel(fy_engine *e, fy_xfer_id id);

/* A Ferry machine heard on the network, as a front end shows it. */
typedef struct fy_nearby {
    char name[64];          /* its device name */
    char os[16];            /* "Linux", "Windows" */
    char addr[24];          /* "192.0.2.7:53317": where to send */
    char fingerprint[24];   /* its key, "abcd-ef01-2345-6789" */
    int paired;             /* its key is among the paired devices */
} fy_nearby;

/* Machines heard recently while listening, sorted by name then address (a
 * machine on two networks shows once per address). Returns how many were
 * written, at most cap. */
int fy_engine_nearby(fy_engine *e, fy_nearby *out, int cap);

/* The network doctor (src/core/fy_doctor.h): checks this machine and,
 * with target ("desk", "192.168.1.20:53317"; NULL or "" for none), the way
 * to another one, on a thread; FY_EV_DOCTOR says when the report is ready.
 * One check at a time (FY_ERR_BUSY). */
typedef struct fy_doc_report fy_doc_report;
fy_result fy_engine_doctor(fy_engine *e, const char *target, fy_err *err) FY_MUST_USE;
/* Copies the last report; returns 0 if there is none. */
int fy_engine_doctor_report(fy_engine *e, fy_doc_report *out);

/* Takes the next event; returns 1 if one was taken. */
int fy_engine_poll(fy_engine *e, fy_event *ev);
/* Like poll, but waits up to timeout_ms for an event. */
int fy_engine_wait(fy_engine *e, fy_event *ev, unsigned timeout_ms);
/* Number of transfers still running (offers waiting count too). */
int fy_engine_active(fy_engine *e);

#endif
