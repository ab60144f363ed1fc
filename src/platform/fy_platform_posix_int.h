/* fy_platform_posix_int.h: what the Linux seam's files share: the open
 * file, errno turned into a message, struct stat turned into fy_stat. */
#ifndef FY_PLATFORM_POSIX_INT_H
#define FY_PLATFORM_POSIX_INT_H

#include <sys/stat.h>

#include "fy_platform.h"

struct fy_file {
    int fd;
    char path[];
};

/* errno as an fy_result and "cannot WHAT "PATH": reason". */
fy_result fy_posix_fail(fy_err *err, const char *what, const char *path);
/* 1 when an executable file named prog is in a $PATH folder. */
int fy_posix_on_path(const char *prog);
void fy_posix_fill_stat(const struct stat *s, fy_stat *st);
/* Wraps an open descriptor (closed on failure). */
fy_result fy_posix_file_new(int fd, const char *path, fy_file **out, fy_err *err);

#endif
