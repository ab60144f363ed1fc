/* fy_platform_win32_int.h: helpers the Windows files of the platform seam
 * share (defined in fy_platform_win32.c unless noted). Not part of the
 * seam. */
#ifndef FY_PLATFORM_WIN32_INT_H
#define FY_PLATFORM_WIN32_INT_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "fy_platform.h"

/* UTF-8 to a malloc'd UTF-16 string; NULL if invalid or out of memory. */
wchar_t *fy_win_wide_dup(const char *s);
/* UTF-16 to a malloc'd UTF-8 string; NULL if out of memory. */
char *fy_win_utf8_dup(const wchar_t *w);
/* Copies w into out as UTF-8, cut before a character that does not fit. */
void fy_win_utf8_copy(char *out, size_t cap, const wchar_t *w);
/* The system's text for error e (GetLastError or WSAGetLastError), one
 * line, no final period, as strerror would give it. */
void fy_win_err_text(unsigned long e, char *out, size_t cap);

/* Not there: file or folder missing, or the network path gone. */
int fy_win_is_missing(DWORD e);
/* The Windows twin of the posix os_fail: "cannot <what> "<path>": <text>",
 * FY_ERR_NOT_FOUND / FY_ERR_DISK_FULL / FY_ERR_IO from e. e is passed in
 * because any call after the failing one (even free) may change it. */
fy_result fy_win_os_fail(fy_err *err, DWORD e, const char *what, const char *path);
fy_result fy_win_nomem(fy_err *err);

/* path (UTF-8, '/' or '\\') as a malloc'd absolute \\?\ path, which lifts
 * the 260-character limit; what names the action for the error. */
fy_result fy_win_path(const char *path, const char *what, wchar_t **out, fy_err *err);
/* Length of the root of a \\?\ path: "\\?\C:\" or "\\?\UNC\server\share\". */
size_t fy_win_root_len(const wchar_t *w);
/* A \\?\ path as the user would write it (malloc'd UTF-8), for messages. */
char *fy_win_shown_path(const wchar_t *w);

/* FILETIME (100 ns ticks from 1601) to Unix seconds and back. */
int64_t fy_win_unix_time(FILETIME ft);
FILETIME fy_win_filetime(int64_t s);

/* ---- open files (fy_platform_win32_file.c) ---- */

/* Other programs may read, write, rename or delete a file Ferry has open,
 * as on Linux; without FILE_SHARE_DELETE a .part file could not be renamed
 * while its handle is still open. */
#define FY_SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
/* Writing, and reading the attributes (GENERIC_WRITE leaves that out, and
 * fy_plat_file_stat needs it). */
#define FY_WRITE_ACCESS (GENERIC_WRITE | FILE_READ_ATTRIBUTES)

/* 1 for a reparse point that stands for another path (a symbolic link, a
 * junction) or whose tag is unknown (0), given its attributes and tag. */
int fy_win_is_link(DWORD attr, DWORD tag);
/* Kind, size, time and identity (volume serial, file index) from a handle. */
void fy_win_fill_stat(const BY_HANDLE_FILE_INFORMATION *bi, fy_stat *st);
/* Wraps an open file handle as an fy_file named path (in messages and
 * fy_plat_file_path); closes h on failure. */
fy_result fy_win_file_new(HANDLE h, const char *path, fy_file **out, fy_err *err);
/* MoveFileExW that never replaces: *exists = 1 (FY_OK) when to is taken.
 * shown names from in messages. */
fy_result fy_win_move_noreplace(const wchar_t *from, const wchar_t *to, const char *shown, int *exists, fy_err *err);
/* Removes a file, read-only or not, or a link itself (never its target);
 * a missing one is success. */
fy_result fy_win_remove(const wchar_t *w, const char *shown, fy_err *err);

#endif
