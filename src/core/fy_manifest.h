/* fy_manifest.h: the list of everything a transfer moves.
 *
 * The sender builds it by walking the paths it was given; the receiver
 * rebuilds it from MANIFEST frames. Entries are in pre-order: a folder comes
 * before anything inside it, which the receiver checks. Paths on the wire
 * are relative, UTF-8, with '/' between components. */
#ifndef FY_MANIFEST_H
#define FY_MANIFEST_H

#include <stdint.h>

#include "fy_arena.h"
#include "fy_hash.h"
#include "fy_result.h"
#include "fy_wire.h"

/* path and local live in the manifest's arena until fy_manifest_free:
 * never free() them, never write through them (local may be the very
 * string path is, when the two are equal). To change local, point it at a
 * new string from fy_manifest_strdup; the old one stays until the end. */
typedef struct fy_entry {
    uint8_t kind;       /* fy_entry_kind */
    uint8_t flags;      /* FY_ENTRY_EXEC */
    uint16_t path_len;  /* bytes of path: a received one may hold a NUL */
    uint64_t size;
    int64_t mtime;
    char *path;         /* the wire path */
    char *local;        /* sender: file on disk; receiver: mapped path under the receive folder; or NULL */
    /* resume: what the receiver said it holds (sender) or found (receiver) */
    uint64_t have;
    uint8_t have_hash[FY_HASH_LEN];
} fy_entry;

typedef struct fy_manifest {
    fy_entry *e;
    uint32_t n, cap;
    uint32_t files;     /* entries that carry data: kinds FILE and TEXT */
    uint64_t total;     /* sum of their sizes, at most INT64_MAX */
    uint64_t name_bytes; /* sum of wire path lengths, at most FY_MANIFEST_BYTES_MAX */
    fy_arena names;     /* every path and local */
} fy_manifest;

void fy_manifest_init(fy_manifest *m);
void fy_manifest_free(fy_manifest *m);

/* Appends an entry, copying path (path_len bytes) and local into the
 * arena. Refuses, with FY_ERR_USAGE (the receiver makes that a protocol
 * error): more than FY_ENTRIES_MAX entries, more than FY_MANIFEST_BYTES_MAX
 * bytes of paths, a size over 2^63-1, file sizes whose sum would pass
 * 2^63-1. */
fy_result fy_manifest_add(fy_manifest *m, uint8_t kind, uint8_t flags, uint64_t size, int64_t mtime,
                          const char *path, size_t path_len, const char *local, fy_err *err) FY_MUST_USE;

/* Sender side: the manifest of a text snippet, one FY_ENTRY_TEXT entry
 * whose local holds the text's bytes and whose path is its preview.
 * Refuses (FY_ERR_USAGE) an empty text, one over FY_TEXT_BYTES_MAX bytes
 * and one that is not UTF-8, each with a message for the user. */
fy_result fy_manifest_add_text(fy_manifest *m, const uint8_t *text, size_t len, fy_err *err) FY_MUST_USE;

/* A copy of s that lives as long as m (for a new e->local); NULL when out
 * of memory. */
char *fy_manifest_strdup(fy_manifest *m, const char *s);

/* The transfer id: XXH3-128 over every entry's wire encoding, in order. The
 * same files with the same sizes and times give the same id, which is what
 * lets a rerun of the same send find the receiver's partial files. */
void fy_manifest_id(const fy_manifest *m, uint8_t id[FY_HASH_LEN]);

/* Sender side: adds each path (file or folder, any mix). A symbolic link
 * named here is followed; links inside folders are skipped and reported
 * through warn, as are special files. Two roots with the same last name get
 * collision names ("x", "x (1)"). */
typedef void (*fy_warn_fn)(void *ud, const char *msg);
fy_result fy_manifest_walk(fy_manifest *m, const char *const *paths, int npaths, fy_warn_fn warn, void *ud,
                           fy_err *err) FY_MUST_USE;

/* Formats a byte count for people: "1.5 GB", "812 KB", "17 bytes". */
void fy_format_size(uint64_t bytes, char *out, size_t cap);

#endif
