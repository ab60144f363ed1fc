/* fy_resume.h: the receiver's resume journal.
 *
 * It lives in the receiver's own state folder (the config folder's
 * "resume"), never in the receive folder: a sender can create any name in
 * the receive folder, so state kept there could be planted by a sender to
 * steer a later transfer into a folder it chose (a link the user keeps
 * there, say). One journal per (peer key, transfer id, receive folder):
 * a journal only ever continues what this receiver created for that same
 * peer, in that same folder.
 *
 *   ferry-resume 2
 *   root <index> <dev> <ino> <local name>
 *   done <index> <32 hex digits> <local path>
 *
 * `root` names where a top-level entry went (so a rerun writes into the
 * same "docs (1)" instead of making "docs (2)") and which file system
 * object that was (the folder, or the file's NAME.part, which keeps its
 * identity when renamed to NAME): a resume uses it only if the object there
 * is still that one, so a folder swapped for another (or a link) between
 * two runs is never written into. `done` records a verified file, where it
 * ended up, and its checksum. A later line for the same index replaces an
 * earlier one. Unknown or malformed lines are ignored: the journal only
 * ever saves work. */
#ifndef FY_RESUME_H
#define FY_RESUME_H

#include <stddef.h>
#include <stdint.h>

#include "fy_hash.h"
#include "fy_names.h"

#define FY_RESUME_HEADER "ferry-resume 2\n"
#define FY_RESUME_MAX_BYTES (64u << 20) /* a journal larger than this is not read */
#define FY_RESUME_PATH_MAX (FY_PATH_MAX + 32) /* a local path, with a collision suffix */
#define FY_RESUME_KEEP_DAYS 30 /* a journal not written to for this long is removed */

typedef struct fy_resume_line {
    enum { FY_RESUME_ROOT, FY_RESUME_DONE } kind;
    uint32_t index;
    uint64_t dev, ino;                  /* root */
    uint8_t hash[FY_HASH_LEN];          /* done */
    char name[FY_RESUME_PATH_MAX + 1];  /* root: one component; done: a relative path */
} fy_resume_line;

/* state_dir + "/" + 32 hex digits of XXH3-128(peer key, transfer id,
 * receive folder) + ".resume". */
int fy_resume_path(const char *state_dir, const uint8_t peer_key[32], const uint8_t id[FY_HASH_LEN],
                   const char *recv_dir, char *out, size_t cap);
/* Parses one line (without its '\n'); returns 1 if it is a valid record. */
int fy_resume_parse_line(const char *line, size_t len, fy_resume_line *out);
/* Formats a record with its '\n'; returns its length, or 0 if cap is too small. */
size_t fy_resume_format(const fy_resume_line *l, char *out, size_t cap);

#endif
