/* fy_ui_model.h: everything the window knows, without a window.
 *
 * Inputs come in as calls (a drop, an engine event, a click decided by the
 * screens); what must happen outside (answer an offer, start a send, save
 * the settings) goes out as actions in a small queue that fy_ui_apply
 * carries out against the engine. Rendering only reads this struct, so the
 * behaviour is testable headless and the drawing code stays dumb. */
#ifndef FY_UI_MODEL_H
#define FY_UI_MODEL_H

#include <stdint.h>

#include "core/fy_doctor.h"
#include "core/fy_settings.h"
#include "fy_ui_list.h"
#include "net/fy_engine.h"

#define FY_UI_ITEMS_MAX 10000   /* entries in the send list (it grows to this) */
#define FY_UI_PATH_MAX 1024
#define FY_UI_XFERS_MAX 32      /* transfers shown; the oldest finished go first */
#define FY_UI_ACTIONS_MAX 32
#define FY_UI_NOTICE_MAX 320
#define FY_UI_SCAN_MAX 100000   /* entries counted inside one dropped folder */
#define FY_UI_NEARBY_MAX 32     /* nearby machines listed */

typedef struct fy_ui_item {
    char path[FY_UI_PATH_MAX];
    char name[256];            /* last component, for display */
    uint64_t bytes;
    uint32_t files;
    int is_dir;
    int partial;               /* folder too large to count fully */
} fy_ui_item;

typedef enum {
    FY_XS_PAIRING,   /* first contact: codes to compare */
    FY_XS_OFFERED,   /* incoming, waiting for Accept / Decline */
    FY_XS_WAITING,   /* outgoing, the receiver is deciding */
    FY_XS_RUNNING,
    FY_XS_DONE,      /* verified */
    FY_XS_FAILED     /* declined, cancelled, lost...: see error */
} fy_ui_xfer_state;

typedef struct fy_ui_xfer {
    fy_xfer_id id;
    int outgoing;
    fy_ui_xfer_state state;
    int is_text;                  /* a text snippet, not files */
    int answered;                 /* our Accept/Decline/pairing went out */
    fy_result result;
    char peer[64], addr[64];
    char claims[64];              /* a paired peer's new name (peer is the paired one) */
    char folder[FY_NAME_SHOW_MAX];
    char current[FY_NAME_SHOW_MAX];
    char names[FY_OFFER_SHOW_NAMES][FY_NAME_SHOW_MAX];
    char code[8], fingerprint[24];
    char error[FY_EVENT_TEXT_MAX];   /* the sentence shown when FAILED, or why a send waits */
    int busy;                     /* WAITING: the receiver was busy; the send tries again */
    int by_peer;                  /* FAILED: the other side ended it */
    /* outgoing: what was typed or picked, and the batch, for Recent and
     * Send again (malloc'd, freed with the row) */
    char dest[FY_SETTINGS_ADDR_MAX];
    char **batch;
    int nbatch;
    int dest_worked;              /* the receiver answered: dest went into Recent */
    /* incoming offer: every top-level item (malloc'd), free space there */
    fy_offer_item *offer;
    int noffer;
    uint64_t space_free;
    int auto_accepted;            /* accepted without asking: a paired machine, by the setting */
    uint32_t files_total, files_done;
    uint64_t bytes_total, bytes_done;
    double rate, elapsed;
    /* The virus scanner: its count while verdicts are due, and the line to
     * show for it (a virus found: red, with the scanner's words; or why
     * files were not scanned). */
    uint32_t files_scanned, files_to_scan;
    char scan_note[FY_EVENT_TEXT_MAX + FY_NAME_SHOW_MAX + 64];
    int scan_infected;
    uint32_t scan_skipped;        /* files not scanned: the note names the first */
} fy_ui_xfer;

typedef enum {
    FY_ACT_ANSWER = 1,   /* xfer, value: 1 accept, 0 decline */
    FY_ACT_CANCEL,       /* xfer */
    FY_ACT_SEND,         /* the send list to dest */
    FY_ACT_LISTEN,       /* value: 1 on, 0 off */
    FY_ACT_OPEN_FOLDER,  /* text */
    FY_ACT_SET_DIR,      /* text */
    FY_ACT_SAVE_SETTINGS,
    FY_ACT_PICK_FILES,   /* the window's business: file dialog */
    FY_ACT_PICK_DIR,
    FY_ACT_OPEN_FILE,    /* text: History's Open */
    FY_ACT_HISTORY,      /* value: recording on (1) or off (0); settings saved */
    FY_ACT_SEND_TEXT,    /* the text draft to dest (text) */
    FY_ACT_COPY_TEXT,    /* the received text to the clipboard */
    FY_ACT_QUIT,
    FY_ACT_SEND_AGAIN,   /* xfer: its batch to its dest */
    FY_ACT_OFFER_ITEMS,  /* xfer: fetch the offer's items from the engine */
    FY_ACT_FIND_LEFTOVERS,   /* look for .part files of stopped transfers */
    FY_ACT_REMOVE_LEFTOVERS, /* and delete them */
    FY_ACT_DOCTOR,       /* the network check; text: the machine to check the way to, or "" */
    FY_ACT_SET_NAME,     /* text: this device's name (engine; listening restarts) */
    FY_ACT_SET_PORT,     /* value: the port to receive on (listening restarts) */
    FY_ACT_SET_DISCOVERY,/* value: 1 announce and find machines nearby */
    FY_ACT_SET_SCALE,    /* value: percent, 0 from the display (the window's) */
    FY_ACT_COPY,         /* text to the clipboard (the window's) */
    FY_ACT_ATTENTION     /* text: the window is not in front: flash it, notify */
} fy_ui_action_type;

#define FY_PATH_FILES 1  /* path entry: files and folders to send */
#define FY_PATH_DIR 2    /* path entry: the receive folder */

typedef struct fy_ui_action {
    fy_ui_action_type type;
    fy_xfer_id xfer;
    int value;
    char text[FY_UI_PATH_MAX];
} fy_ui_action;

typedef struct fy_ui_model {
    fy_settings settings;
    char device_name[64];      /* as shown: settings or host name */
    char receive_dir[FY_UI_PATH_MAX];

    /* Send side. */
    fy_ui_item *items;         /* icap allocated, at most FY_UI_ITEMS_MAX */
    int icap;
    int nitems;
    int drop_open;             /* between DROPBEGIN and DROPCOMPLETE */
    int drag_over;             /* files are dragged over the window (not dropped yet) */
    int drag_x, drag_y;        /* where, in drawing pixels; -1 before the first motion */
    int last_batch;            /* items added by the last drop */
    char dest[FY_SETTINGS_ADDR_MAX];  /* a nearby machine's name, or host[:port] */
    fy_nearby nearby[FY_UI_NEARBY_MAX]; /* from discovery, sorted by name */
    int nnearby;
    char notice[FY_UI_NOTICE_MAX];
    int notice_is_error;
    int picker_available;      /* zenity or kdialog found */

    /* Receive side. */
    int listen_wanted;         /* the switch */
    int listening;
    uint16_t port;
    char addresses[256];       /* "192.168.1.20, 10.0.0.5" */
    char firewall_note[256];   /* the firewall may block senders */
    char listen_error[FY_EVENT_TEXT_MAX];

    fy_ui_xfer xfers[FY_UI_XFERS_MAX];  /* newest last */
    int nxfers;

    /* The Settings panel (fy_ui_model_settings.c). */
    int settings_open;
    char edit_name[64], edit_port[8];  /* the fields while typing */
    char settings_error[FY_EVENT_TEXT_MAX];
    /* Typing a path, where no file dialog exists (no zenity/kdialog). */
    int path_entry;            /* 0, FY_PATH_FILES or FY_PATH_DIR */
    char path_buf[FY_UI_PATH_MAX];
    char path_note[FY_UI_NOTICE_MAX];
    int path_note_error;
    /* Open folder failed (no file manager): the path, shown to copy. */
    char folder_shown[FY_UI_PATH_MAX];
    char folder_error[FY_EVENT_TEXT_MAX];
    int focused;               /* the window has the keyboard (the app sets it) */

    fy_ui_action actions[FY_UI_ACTIONS_MAX];
    int nactions;

    /* Double clicks and second thoughts. */
    int send_queued;           /* FY_ACT_SEND queued, not yet started */
    fy_xfer_id batch_xfer;     /* the send of the list as it is now */
    int batch_gen, batch_xfer_gen; /* the list changes: a new batch */
    fy_xfer_id notice_xfer;    /* the notice is "Sending to ..." for it */
    int ask_quit;              /* transfers run: the window asks first */
    uint32_t dialog_shown;     /* the dialog on screen, to focus its default button once */

    /* Unfinished files (.part) stopped transfers left in the receive
     * folder (fy_leftovers.h), while no transfer comes in. */
    int leftovers_n;
    uint64_t leftovers_bytes;

    /* Scroll and selection of the window's lists. */
    fy_ui_list list_items, list_xfers, list_nearby, list_offer;

    /* History (src/ui/fy_ui_screen_history.c). */
    int view;                  /* FY_UI_VIEW_MAIN or FY_UI_VIEW_HISTORY */
    int history_dirty;         /* a transfer ended: the History view counts again */
    struct fy_ui_hview *hview; /* the view's state, owned by the app */

    /* Text snippets (fy_ui_model_text.c, fy_ui_screen_text.c). */
    int text_box_open;         /* the "Send text" dialog */
    char *text_draft;          /* FY_TEXT_BYTES_MAX + 1 bytes: typed or pasted */
    uint8_t *text;             /* the last text received: its exact bytes, NUL after */
    size_t text_len;
    char text_from[64];
    int text_scroll;           /* first line shown */
    int text_copied;           /* Copy was pressed for this text */

    /* The network report (fy_ui_model_doctor.c, fy_ui_screen_doctor.c). */
    int doctor_open, doctor_running;
    char doctor_target[FY_SETTINGS_ADDR_MAX];
    char doctor_error[FY_EVENT_TEXT_MAX];
    fy_doc_report *doctor;     /* the last report, NULL before the first */
} fy_ui_model;

enum { FY_UI_VIEW_MAIN = 0, FY_UI_VIEW_HISTORY = 1 };

/* host_name is shown when the settings have no device name. */
int fy_ui_model_init(fy_ui_model *m, const fy_settings *s, const char *host_name, const char *default_dir);
void fy_ui_model_free(fy_ui_model *m);
/* Reads this machine's IPv4 addresses again (networks come and go). */
void fy_ui_model_refresh_addresses(fy_ui_model *m);

/* Drops, as SDL delivers them. A file outside BEGIN/COMPLETE is a batch of
 * its own (older desktops send no BEGIN). */
void fy_ui_model_drop_begin(fy_ui_model *m);
void fy_ui_model_drop_path(fy_ui_model *m, const char *path);
void fy_ui_model_drop_complete(fy_ui_model *m);
/* A drag over the window, before any drop: kind is a fy_plat_drag_kind
 * (enter, over at x, y in drawing pixels, leave, drop). The Send card's
 * drop zone lights up from enter until leave or drop; a drop's files
 * still come through drop_begin/path/complete. */
void fy_ui_model_drag(fy_ui_model *m, int kind, int x, int y);
void fy_ui_model_remove(fy_ui_model *m, int index);
void fy_ui_model_clear(fy_ui_model *m);
uint64_t fy_ui_model_total_bytes(const fy_ui_model *m, uint32_t *files, int *partial);

/* Clicks and keys, decided by the screens. */
void fy_ui_model_set_dest(fy_ui_model *m, const char *dest);
/* The nearby machine dest names, or -1 (dest is an address, or nobody by
 * that name is around). */
int fy_ui_model_dest_nearby(const fy_ui_model *m);
/* Validates the list and destination; queues FY_ACT_SEND or sets a notice. */
void fy_ui_model_send(fy_ui_model *m);
/* The list as it is now is on its way (Send is disabled, one click is one
 * transfer). */
int fy_ui_model_batch_in_flight(const fy_ui_model *m);
/* A send from the list to dest was started as id (paths copied for Send
 * again), or failed to start with error. */
void fy_ui_model_send_started_batch(fy_ui_model *m, fy_xfer_id id, const char *dest, const char *const *paths,
                                    int n, const char *error);
/* Quit or close asked: quits at once when nothing runs, else asks. */
void fy_ui_model_quit(fy_ui_model *m);
void fy_ui_model_quit_answer(fy_ui_model *m, int quit);
/* Takes v (malloc'd, n items) for the offer id; frees it if id is gone. */
void fy_ui_model_set_offer(fy_ui_model *m, fy_xfer_id id, fy_offer_item *v, int n);
/* Parses "host", "host:port"; returns 0 if usable. */
int fy_ui_model_parse_dest(const char *dest, char *host, size_t cap, uint16_t *port);
void fy_ui_model_answer(fy_ui_model *m, fy_xfer_id id, int accept);
void fy_ui_model_cancel(fy_ui_model *m, fy_xfer_id id);
void fy_ui_model_dismiss(fy_ui_model *m, fy_xfer_id id);  /* removes a finished row */
void fy_ui_model_set_listen(fy_ui_model *m, int on);
void fy_ui_model_set_receive_dir(fy_ui_model *m, const char *dir);
void fy_ui_model_notice(fy_ui_model *m, int is_error, const char *fmt, ...);
void fy_ui_model_push(fy_ui_model *m, fy_ui_action_type type, fy_xfer_id xfer, int value, const char *text);

/* The Settings panel: open (fields filled from the settings), close (a
 * field still being typed in is applied). Each setter validates, updates
 * the settings, queues what the engine or window must do and a save. */
void fy_ui_model_settings_open(fy_ui_model *m);
void fy_ui_model_settings_close(fy_ui_model *m);
int fy_ui_model_set_name(fy_ui_model *m, const char *name);
int fy_ui_model_set_port(fy_ui_model *m, const char *text);
void fy_ui_model_set_discovery(fy_ui_model *m, int on);
void fy_ui_model_set_scale(fy_ui_model *m, int percent);
void fy_ui_model_set_auto_accept(fy_ui_model *m, int on);
/* A port change was tried: ok, or the error (receiving went on at the
 * old port, which is back in the settings). */
void fy_ui_model_port_result(fy_ui_model *m, uint16_t wanted, uint16_t now, int ok, const char *error);

/* Typing a path instead of a file dialog: open it (FY_PATH_FILES or
 * FY_PATH_DIR), Tab completes path_buf, Enter takes it. */
void fy_ui_model_path_open(fy_ui_model *m, int mode);
void fy_ui_model_path_close(fy_ui_model *m);
void fy_ui_model_path_complete(fy_ui_model *m);
void fy_ui_model_path_take(fy_ui_model *m);
/* Open folder failed with error: show the path with Copy. */
void fy_ui_model_folder_failed(fy_ui_model *m, const char *path, const char *error);

/* Results coming back from the outside. */
void fy_ui_model_event(fy_ui_model *m, const fy_event *ev);
/* The nearby machines now (after FY_EV_PEERS). */
void fy_ui_model_set_nearby(fy_ui_model *m, const fy_nearby *v, int n);
void fy_ui_model_listen_result(fy_ui_model *m, int ok, const char *error);

/* A dialog is open (a question, or quit?): the rest of the window waits. */
int fy_ui_model_dialog_open(fy_ui_model *m);
/* The transfer a dialog should ask about now (pairing or offer), or NULL. */
fy_ui_xfer *fy_ui_model_question(fy_ui_model *m);
fy_ui_xfer *fy_ui_model_find(fy_ui_model *m, fy_xfer_id id);
int fy_ui_model_running(const fy_ui_model *m);
/* Transfers coming in (offered or running). */
int fy_ui_model_incoming(const fy_ui_model *m);

/* Text snippets (fy_ui_model_text.c). */
void fy_ui_model_text_box(fy_ui_model *m, int open);
/* Checks the draft (not empty, at most 64 KiB, UTF-8) and the destination;
 * queues FY_ACT_SEND_TEXT or sets a notice. */
void fy_ui_model_send_text(fy_ui_model *m);
/* A FINISHED event of a received text: the model takes over its payload
 * (ev->payload becomes NULL). Other events are left alone. */
void fy_ui_model_take_text(fy_ui_model *m, fy_event *ev);
void fy_ui_model_copy_text(fy_ui_model *m);
void fy_ui_model_dismiss_text(fy_ui_model *m);

/* The network report: open runs a check (target: a machine, or "");
 * result takes the engine's report (or error). */
void fy_ui_model_doctor_open(fy_ui_model *m, const char *target);
void fy_ui_model_doctor_close(fy_ui_model *m);
void fy_ui_model_doctor_result(fy_ui_model *m, const fy_doc_report *r, const char *error);
void fy_ui_model_doctor_free(fy_ui_model *m);

/* Takes the oldest queued action; returns 0 when there is none. */
int fy_ui_model_take_action(fy_ui_model *m, fy_ui_action *out);

/* A result in words a user understands (peer declined, disk full...). */
void fy_ui_describe_result(fy_result r, int outgoing, int by_peer, const char *peer, const char *detail, char *out,
                           size_t cap);

#endif
