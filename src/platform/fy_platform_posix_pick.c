/* fy_platform_posix_pick.c: the desktop's file dialog on Linux, through
 * its own dialog program (zenity on GNOME and most others, kdialog on KDE),
 * read back through a pipe. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_platform.h"
#include "fy_platform_posix_int.h"

#define PICK_MAX (256 * 1024) /* bytes of paths from one dialog */

int fy_posix_on_path(const char *prog)
{
    const char *path = getenv("PATH");
    char full[1024];
    while (path && *path) {
        const char *end = strchr(path, ':');
        size_t n = end ? (size_t)(end - path) : strlen(path);
        fy_stat st;
        fy_err err = {0};
        if (n > 0 && snprintf(full, sizeof full, "%.*s/%s", (int)n, path, prog) < (int)sizeof full &&
            fy_plat_stat(full, &st, &err) == FY_OK && st.kind == FY_KIND_FILE)
            return 1;
        path = end ? end + 1 : NULL;
    }
    return 0;
}

static const char *which(void)
{
    static int found = -1;
    if (found < 0)
        found = fy_posix_on_path("zenity") ? 1 : fy_posix_on_path("kdialog") ? 2 : 0;
    return found == 1 ? "zenity" : found == 2 ? "kdialog" : NULL;
}

int fy_plat_can_pick(void) { return which() != NULL; }

char *fy_plat_pick(int folders_only)
{
    const char *prog = which();
    char cmd[256], *out;
    size_t len = 0, got;
    FILE *p;
    if (!prog)
        return NULL;
    /* Fixed command lines: nothing from outside goes through the shell. */
    if (!strcmp(prog, "zenity"))
        snprintf(cmd, sizeof cmd, "zenity --file-selection %s 2>/dev/null",
                 folders_only ? "--directory --title='Where should received files go?'"
                              : "--multiple --separator='\n' --title='Choose files to send'");
    else
        snprintf(cmd, sizeof cmd, "kdialog %s 2>/dev/null",
                 folders_only ? "--getexistingdirectory ." : "--getopenfilename . --multiple --separate-output");
    if (!(out = malloc(PICK_MAX)))
        return NULL;
    if ((p = popen(cmd, "r")) != NULL) {
        while (len + 1 < PICK_MAX && (got = fread(out + len, 1, PICK_MAX - 1 - len, p)) > 0)
            len += got;
        pclose(p);
    }
    out[len] = '\0';
    if (len == 0) { /* cancelled */
        free(out);
        return NULL;
    }
    return out;
}
