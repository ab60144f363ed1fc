/* fy_recv_int.h: the receiver machine's state, shared by fy_recv.c (the
 * frame-by-frame machine) and fy_recv_accept.c (preparing and accepting an
 * offer: the journal, names on disk, what is already here). */
#ifndef FY_RECV_INT_H
#define FY_RECV_INT_H

#include "fy_recv.h"
#include "fy_resume.h"
#include "fy_sink.h"
#include "fy_strset.h"
#include "platform/fy_platform.h"

typedef enum {
    RS_HELLO,     /* waiting for the sender's HELLO */
    RS_OFFER,     /* waiting for OFFER */
    RS_MANIFEST,  /* collecting MANIFEST entries */
    RS_ASK,       /* the user decides */
    RS_WAIT_FILE, /* FILE or DONE next */
    RS_IN_FILE,   /* DATA or FILE_END next */
    RS_SCAN_WAIT, /* DONE came; verdicts still due */
    RS_FINISHED
} recv_state;

/* A kept NAME.part found on resume: the hash of its bytes so far, and
 * which file that was (a resume writes only to that very file). */
typedef struct part_prefix {
    fy_hash *h;
    uint64_t dev, ino;
} part_prefix;

/* Per-entry bookkeeping beyond fy_entry (16 bytes: there may be 1,000,000). */
typedef struct entry_extra {
    uint32_t root;       /* index of the top-level entry this one lives under */
    uint8_t done;        /* verified in this or an earlier run */
    uint8_t verdict;     /* fy_scan_verdict, once one came */
    uint8_t reason;      /* NOT_SCANNED: 1 + index in reasons[], 0 none */
    part_prefix *prefix; /* until the file's FILE frame */
} entry_extra;

#define FY_RECV_REASONS_MAX 32
typedef struct scan_infected {
    uint32_t index;
    char *words, *where;
} scan_infected;

struct fy_recv {
    fy_recv_config cfg;
    char dir[FY_PATH_MAX];
    uint8_t peer_key[32];
    recv_state state;
    fy_hello peer;
    fy_offer offer;
    fy_manifest m;
    fy_hash *idh;        /* the transfer id, over the entries' bytes as they came */
    entry_extra *x;
    fy_strset *taken;    /* keys of local paths in use by this transfer */
    fy_strset *dirs;     /* key of a mapped wire path -> index of its folder entry */
    int declined;
    int offered;         /* the whole offer is in (fy_recv_offered) */
    int resuming;        /* a journal from an earlier run was found */
    fy_tree *tree;       /* the receive folder, opened before asking */
    int text;            /* the offer is one text entry: no folder, no journal */
    uint8_t *text_bytes; /* the verified text, until fy_recv_take_text */
    size_t text_len;

    /* the file in flight */
    int64_t cur;         /* entry index, -1 if none */
    int64_t last;        /* last FILE index: files come in increasing order */
    int cur_complete;    /* the file was already here: FILE_END only checks */
    fy_file *f;          /* NAME.part while it is being opened */
    fy_sink *sink;       /* where DATA goes: the file, or the text */
    fy_hash *h;
    uint64_t remaining;
    char part[FY_PATH_MAX + 48];

    fy_file *journal;    /* open and locked from the offer to the end */
    int journal_new;     /* created by this run (removed again on decline) */
    char *jbuf;          /* an earlier run's journal, read before asking */
    size_t jlen;
    char journal_path[FY_PATH_MAX + 128];
    fy_progress prog;

    /* files waiting for the scanner's verdict (fy_recv_scan.c) */
    struct scan_wait *waits;
    uint32_t nwaits, capwaits;
    char *reasons[FY_RECV_REASONS_MAX]; /* distinct "not scanned" words (one per file would be 1,000,000) */
    uint32_t nreasons;
    struct scan_infected *infected; /* words and quarantine path of each infected file */
    uint32_t ninfected;
    char *scan_note;     /* why files were never handed to a scanner */
    char *rejected;      /* RESULT's text: one line per infected file */
    size_t rejected_len;
    uint32_t rejected_lines;
};

/* A verified file waiting for its verdict: still NAME.part, its handle
 * kept open and locked (up to FY_RECV_SCAN_HOLD_MAX of them: a descriptor
 * each), and the hash for the journal's DONE line. */
#define FY_RECV_SCAN_HOLD_MAX 256
typedef struct scan_wait {
    uint32_t index;
    fy_file *f;
    uint8_t hash[FY_HASH_LEN];
} scan_wait;

/* fy_recv.c */
/* Where file `local` is written until verified: "local.part", or, when its
 * last component is too long to take ".part" (over 250 bytes), that
 * component cut at a UTF-8 boundary with "~" and 16 hex digits of its hash
 * before ".part", so every name fits FY_NAME_MAX and stays distinct. */
void fy_recv_part_path(const char *local, char *out, size_t cap);
/* 1 if local (a file's, when is_file) collides with a name this transfer
 * uses; a file owns both NAME and NAME.part. */
int fy_recv_name_taken(const fy_recv *r, const char *local, int is_file);
int fy_recv_name_reserve(fy_recv *r, const char *local, int is_file);

/* Moves part to entry index's name (or "NAME (k)" if that appeared),
 * marks it as downloaded (Windows) and records it in the journal. */
fy_result fy_recv_deliver(fy_recv *r, uint32_t index, const char *part, const uint8_t hash[FY_HASH_LEN],
                          fy_err *err);
/* RESULT: code 0, or 19 with the lines of r->rejected. */
fy_result fy_recv_send_result(fy_recv *r, fy_recv_status *st, fy_err *err);

/* fy_recv_scan.c */
/* Hands the verified file in flight (its open file f, r->part) to the
 * scanner. */
fy_result fy_recv_hold_for_scan(fy_recv *r, fy_file *f, const uint8_t hash[FY_HASH_LEN], fy_err *err);
void fy_recv_scan_free(fy_recv *r);
void fy_recv_scan_records_free(fy_recv *r);

/* fy_recv_accept.c */
/* Before asking: the folder can be written, and the same transfer from the
 * same peer is not already being received (the journal's lock). */
fy_result fy_recv_prepare(fy_recv *r, fy_err *err);
fy_result fy_recv_accept_offer(fy_recv *r, fy_err *err);
fy_result fy_recv_journal_append(fy_recv *r, const fy_resume_line *l, fy_err *err);
/* Closes the journal; remove: delete it too (transfer done or declined). */
void fy_recv_journal_close(fy_recv *r, int remove);
/* Replaces entry i's local path (moving nothing on disk). */
fy_result fy_recv_set_local(fy_recv *r, uint32_t i, const char *local, fy_err *err);
void fy_recv_warn(fy_recv *r, const char *fmt, ...);
void fy_recv_prefix_free(fy_recv *r, uint32_t i);

static inline void fy_recv_key(const fy_recv *r, const char *path, char *out, size_t cap)
{
    fy_names_key(path, r->cfg.fold_case, out, cap);
}

#endif
