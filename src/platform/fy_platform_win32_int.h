/* fy_platform_win32_int.h: helpers the Windows files of the platform seam
 * share (defined in fy_platform_win32.c). Not part of the seam. */
#ifndef FY_PLATFORM_WIN32_INT_H
#define FY_PLATFORM_WIN32_INT_H

#include <stddef.h>
#include <wchar.h>

/* UTF-8 to a malloc'd UTF-16 string; NULL if invalid or out of memory. */
wchar_t *fy_win_wide_dup(const char *s);
/* UTF-16 to a malloc'd UTF-8 string; NULL if out of memory. */
char *fy_win_utf8_dup(const wchar_t *w);
/* Copies w into out as UTF-8, cut before a character that does not fit. */
void fy_win_utf8_copy(char *out, size_t cap, const wchar_t *w);
/* The system's text for error e (GetLastError or WSAGetLastError), one
 * line, no final period, as strerror would give it. */
void fy_win_err_text(unsigned long e, char *out, size_t cap);

#endif
