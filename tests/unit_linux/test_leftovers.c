/* test_leftovers.c: which .part files the window offers to delete, and
 * that deleting never reaches past what the journal vouches for: a
 * verified file named x.part, a .part nobody's journal knows, a link to a
 * folder outside (and the .part files there), a file swapped after the
 * listing. Linux-only: it makes links and reads inode numbers. */
#define _DEFAULT_SOURCE /* lstat, symlink */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fy_hash.h"
#include "core/fy_leftovers.h"
#include "core/fy_resume.h"
#include "fy_test.h"

static char base[512];

static void put(const char *rel, size_t n)
{
    char p[1024];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", base, rel);
    if ((f = fopen(p, "wb")) != NULL) {
        for (size_t i = 0; i < n; i++)
            fputc('x', f);
        fclose(f);
    }
}

static void dir(const char *rel)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", base, rel);
    mkdir(p, 0700);
}

static int exists(const char *rel)
{
    char p[1024];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", base, rel);
    return lstat(p, &st) == 0;
}

/* A journal line for the object at rel. */
static void root_line(FILE *j, uint32_t index, const char *rel, const char *name)
{
    char p[1024], line[1200];
    struct stat st;
    fy_resume_line l;
    snprintf(p, sizeof p, "%s/%s", base, rel);
    CHECK(lstat(p, &st) == 0);
    memset(&l, 0, sizeof l);
    l.kind = FY_RESUME_ROOT;
    l.index = index;
    l.dev = (uint64_t)st.st_dev;
    l.ino = (uint64_t)st.st_ino;
    snprintf(l.name, sizeof l.name, "%s", name);
    fwrite(line, 1, fy_resume_format(&l, line, sizeof line), j);
}

static int listed(const fy_leftovers *lo, const char *rel)
{
    for (int i = 0; i < lo->n; i++)
        if (!strcmp(lo->v[i].rel, rel))
            return 1;
    return 0;
}

int main(void)
{
    char recv[700], state[700], jpath[800], p[1024], q[1024];
    fy_leftovers lo;
    fy_err err = {0};
    FILE *j;
    int removed = -1;
    fy_resume_line l;
    char line[1200];

    snprintf(base, sizeof base, "%s/leftovers-%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    mkdir(base, 0700);
    dir("recv"), dir("state"), dir("outside"), dir("recv/docs"), dir("recv/docs/sub"), dir("recv/moved");
    snprintf(recv, sizeof recv, "%s/recv", base);
    snprintf(state, sizeof state, "%s/state", base);
    put("recv/a.bin.part", 1000);        /* a top-level file's NAME.part: listed */
    put("recv/docs/x.part", 200);        /* in a folder of Ferry's: listed */
    put("recv/docs/sub/y.bin.part", 30); /* deeper: listed */
    put("recv/docs/done.part", 7);       /* a verified file called done.part: kept */
    put("recv/docs/notes.txt", 5);       /* not a .part: kept */
    put("recv/stranger.part", 9);        /* no journal knows it: kept */
    put("outside/secret.part", 11);      /* reached only through a link: kept */
    put("outside/o.part", 13);
    snprintf(p, sizeof p, "%s/outside", base);
    snprintf(q, sizeof q, "%s/recv/docs/link", base);
    CHECK(symlink(p, q) == 0);           /* a link inside a root folder */
    snprintf(q, sizeof q, "%s/recv/outlink", base);
    CHECK(symlink(p, q) == 0);           /* a top-level link to a folder */
    snprintf(p, sizeof p, "%s/outside/secret.part", base);
    snprintf(q, sizeof q, "%s/recv/ln.part", base);
    CHECK(symlink(p, q) == 0);           /* a top-level link named .part */

    snprintf(jpath, sizeof jpath, "%s/0123456789abcdef0123456789abcdef.resume", state);
    j = fopen(jpath, "wb");
    CHECK(j != NULL);
    if (!j)
        return fy_test_done("leftovers");
    fputs(FY_RESUME_HEADER, j);
    root_line(j, 0, "recv/a.bin.part", "a.bin");
    root_line(j, 1, "recv/docs", "docs");
    root_line(j, 2, "outside", "outlink");   /* the outside folder's own identity */
    root_line(j, 3, "outside/secret.part", "ln"); /* the link's target's */
    memset(&l, 0, sizeof l);
    l.kind = FY_RESUME_DONE;
    l.index = 4;
    snprintf(l.name, sizeof l.name, "docs/done.part");
    fwrite(line, 1, fy_resume_format(&l, line, sizeof line), j);
    fputs("garbage line\n", j);
    fclose(j);

    fy_test_case = "find";
    CHECK(fy_leftovers_find(state, recv, &lo, &err) == FY_OK);
    CHECK_INT(lo.n, 3);
    CHECK(listed(&lo, "a.bin.part"));
    CHECK(listed(&lo, "docs/x.part"));
    CHECK(listed(&lo, "docs/sub/y.bin.part"));
    CHECK_INT(lo.bytes, 1230);

    fy_test_case = "a file swapped after the listing stays";
    /* Same name, another file (made before the old one goes, so it cannot
     * get the old inode number back). */
    put("recv/docs/x.new", 200);
    snprintf(p, sizeof p, "%s/recv/docs/x.new", base);
    snprintf(q, sizeof q, "%s/recv/docs/x.part", base);
    CHECK(rename(p, q) == 0);
    CHECK(fy_leftovers_remove(recv, &lo, &removed, &err) == FY_OK);
    CHECK_INT(removed, 2);
    CHECK(!exists("recv/a.bin.part"));
    CHECK(!exists("recv/docs/sub/y.bin.part"));
    CHECK(exists("recv/docs/x.part"));
    fy_test_case = "nothing else is touched";
    CHECK(exists("recv/docs/done.part"));
    CHECK(exists("recv/docs/notes.txt"));
    CHECK(exists("recv/stranger.part"));
    CHECK(exists("outside/secret.part"));
    CHECK(exists("outside/o.part"));
    CHECK(exists("recv/ln.part"));
    CHECK(exists("recv/docs/sub"));
    fy_leftovers_free(&lo);

    fy_test_case = "no journal folder: nothing";
    CHECK(fy_leftovers_find("/nonexistent/state", recv, &lo, &err) == FY_OK);
    CHECK_INT(lo.n, 0);
    fy_leftovers_free(&lo);

    snprintf(p, sizeof p, "rm -rf '%s'", base);
    if (system(p) != 0)
        fprintf(stderr, "could not remove %s\n", base);
    fy_test_case = NULL;
    return fy_test_done("leftovers");
}
