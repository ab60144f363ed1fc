/* fy_recv_int.h: the receiver machine's state, shared by fy_recv.c (the
 * frame-by-frame machine) and fy_recv_accept.c (what happens when the user
 * accepts: names on disk, the resume journal, what is already here). */
#ifndef FY_RECV_INT_H
#define FY_RECV_INT_H

#include "fy_recv.h"
#include "fy_resume.h"
#include "fy_strset.h"
#include "platform/fy_platform.h"

typedef enum {
    RS_HELLO,     /* waiting for the sender's HELLO */
    RS_OFFER,     /* waiting for OFFER */
    RS_MANIFEST,  /* collecting MANIFEST entries */
    RS_ASK,       /* the user decides */
    RS_WAIT_FILE, /* FILE or DONE next */
    RS_IN_FILE,   /* DATA or FILE_END next */
    RS_FINISHED
} recv_state;

/* Per-entry bookkeeping beyond fy_entry. */
typedef struct entry_extra {
    uint32_t root;       /* index of the top-level entry this one lives under */
    uint8_t done;        /* verified in this or an earlier run */
    fy_hash *prefix;     /* hash state of a kept .part prefix, until used */
} entry_extra;

struct fy_recv {
    fy_recv_config cfg;
    char dir[FY_PATH_MAX];
    recv_state state;
    fy_hello peer;
    fy_offer offer;
    fy_manifest m;
    entry_extra *x;
    fy_strset *taken;    /* keys of local paths in use by this transfer */
    fy_strset *dirs;     /* key of a mapped wire path -> index of its folder entry */
    int declined;
    int resuming;        /* a journal from an earlier run was found */

    /* the file in flight */
    int64_t cur;         /* entry index, -1 if none */
    int64_t last;        /* last FILE index: files come in increasing order */
    fy_file *f;
    fy_hash *h;
    uint64_t remaining;
    char part[FY_PATH_MAX + 8];

    fy_file *journal;
    char journal_path[FY_PATH_MAX + 64];
    fy_progress prog;
};

/* fy_recv_accept.c */
fy_result fy_recv_accept_offer(fy_recv *r, fy_err *err);
fy_result fy_recv_journal_append(fy_recv *r, const fy_resume_line *l, fy_err *err);

static inline void fy_recv_key(const fy_recv *r, const char *path, char *out, size_t cap)
{
    fy_names_key(path, r->cfg.fold_case, out, cap);
}

#endif
