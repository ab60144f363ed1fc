/* fy_resume.h: the receiver's resume journal.
 *
 * While a transfer runs, the receive folder holds ".ferry-<id>.resume", a
 * small text file: which local name each top-level entry got (so a rerun
 * writes into the same "docs (1)" instead of making "docs (2)") and which
 * files were verified, with their checksums (so a rerun skips them without
 * reading them again). It is removed when the transfer completes.
 *
 *   ferry-resume 1
 *   root <index> <local name>
 *   done <index> <32 hex digits>
 *
 * Unknown or malformed lines are ignored: the journal only ever saves work,
 * every claim in it is checked against the sender's checksums. */
#ifndef FY_RESUME_H
#define FY_RESUME_H

#include <stddef.h>
#include <stdint.h>

#include "fy_hash.h"
#include "fy_names.h"

#define FY_RESUME_HEADER "ferry-resume 1\n"
#define FY_RESUME_MAX_BYTES (64u << 20) /* a journal larger than this is not read */

typedef struct fy_resume_line {
    enum { FY_RESUME_ROOT, FY_RESUME_DONE } kind;
    uint32_t index;
    char name[FY_NAME_MAX + 1];
    uint8_t hash[FY_HASH_LEN];
} fy_resume_line;

/* dir + "/.ferry-<32 hex>.resume" */
int fy_resume_path(const char *dir, const uint8_t id[FY_HASH_LEN], char *out, size_t cap);
/* Parses one line (without its '\n'); returns 1 if it is a valid record. */
int fy_resume_parse_line(const char *line, size_t len, fy_resume_line *out);
/* Formats a record with its '\n'; returns its length, or 0 if cap is too small. */
size_t fy_resume_format(const fy_resume_line *l, char *out, size_t cap);

#endif
