/* fy_names.h: received names are untrusted input. This module turns a path
 * from a peer's manifest into a relative path that is safe to create under
 * the receive folder on this OS, and picks collision names.
 *
 * Rules (docs/PROTOCOL.md, "Names"):
 *  - components are split on '/'; a '\\' is never a separator: it becomes '_'
 *    (a Windows receiver would otherwise treat it as one);
 *  - empty components, "." and ".." are dropped (never climb), so a leading
 *    '/' and "../etc/passwd" cannot escape: "../etc/passwd" -> "etc/passwd";
 *  - NUL and control characters (0x01-0x1F, 0x7F) become '_'; bytes that
 *    are not valid UTF-8 become '_';
 *  - with Windows rules also: <>:"|?* become '_'; trailing dots and spaces
 *    are removed; reserved device names (CON PRN AUX NUL COM1-9 LPT1-9, any
 *    case, with or without an extension) get '_' after the base name:
 *    "CON.txt" -> "CON_.txt", "aux" -> "aux_";
 *  - a component that ends up empty becomes "_";
 *  - limits are checked on the input: a component longer than FY_NAME_MAX
 *    bytes, a path longer than FY_PATH_MAX bytes or deeper than FY_DEPTH_MAX
 *    components, or a path with no component left is rejected with
 *    FY_ERR_PROTOCOL and a message naming the problem. */
#ifndef FY_NAMES_H
#define FY_NAMES_H

#include <stddef.h>

#include "fy_result.h"

#define FY_NAME_MAX 255   /* bytes in one component: the common file-system limit */
#define FY_PATH_MAX 4096  /* bytes in one relative path on the wire */
#define FY_DEPTH_MAX 64   /* components in one path: stops pathological nesting */

/* Maps one untrusted path (in, inlen bytes, may contain NUL) to a safe
 * '/'-separated relative path in out (NUL-terminated). windows_rules adds
 * the Windows rules. */
fy_result fy_names_map_path(const char *in, size_t inlen, int windows_rules, char *out, size_t cap,
                            fy_err *err) FY_MUST_USE;

/* The k-th alternative for a name that is taken (k >= 1): "photo.jpg" ->
 * "photo (1).jpg", "archive.tar.gz" -> "archive (1).tar.gz", ".bashrc" ->
 * ".bashrc (1)", folder "docs" -> "docs (1)" (folders keep dots: "v1.2" ->
 * "v1.2 (1)"). The stem is shortened at a UTF-8 boundary if the result
 * would exceed FY_NAME_MAX bytes. Returns FY_ERR_USAGE if out is too
 * small. */
fy_result fy_names_collision(const char *name, int is_dir, unsigned k, char *out, size_t cap) FY_MUST_USE;

/* Copies a name for showing on a terminal or in the window: control
 * characters (which could be terminal escape sequences) and invalid UTF-8
 * become '?'; truncated with "..." to fit cap. */
void fy_names_for_display(const char *in, char *out, size_t cap);

/* Writes a key for duplicate detection: the path itself, or with fold_case
 * its ASCII-lowercased form (Windows treats "A" and "a" as one name). */
void fy_names_key(const char *path, int fold_case, char *out, size_t cap);

/* 1 if s[0..len) is valid UTF-8 without overlong forms or surrogates. */
int fy_names_valid_utf8(const char *s, size_t len);

#endif
