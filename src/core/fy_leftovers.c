/* fy_leftovers.c: the .part files the resume journals vouch for (see
 * fy_leftovers.h). */
#include "fy_leftovers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_resume.h"
#include "fy_strset.h"
#include "fy_util.h"
#include "platform/fy_platform.h"

/* What the journals say: the roots (device, inode, name) and the
 * verified files (relative paths). */
typedef struct journals {
    fy_resume_line *roots;
    int nroots, cap;
    fy_strset *done;
} journals;

static int add_root(journals *j, const fy_resume_line *l)
{
    if (j->nroots == j->cap) {
        int cap = j->cap ? j->cap * 2 : 16;
        fy_resume_line *v;
        if (cap > FY_LEFTOVERS_MAX || !(v = realloc(j->roots, (size_t)cap * sizeof *v)))
            return -1;
        j->roots = v, j->cap = cap;
    }
    j->roots[j->nroots++] = *l;
    return 0;
}

static void read_journal(journals *j, const char *path)
{
    fy_file *f = NULL;
    char *text = NULL;
    size_t len = 0, got = 0;
    fy_stat st;
    if (fy_plat_lstat(path, &st, NULL) != FY_OK || st.kind != FY_KIND_FILE || st.size > FY_RESUME_MAX_BYTES)
        return;
    if (fy_plat_open(path, FY_OPEN_READ, &f, NULL) != FY_OK)
        return;
    if ((text = malloc((size_t)st.size + 1)) != NULL)
        while (len < st.size && fy_plat_read(f, text + len, (size_t)st.size - len, &got, NULL) == FY_OK && got)
            len += got;
    fy_ignore(fy_plat_close(f, NULL));
    for (size_t at = 0; text && at < len;) {
        char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        fy_resume_line l;
        if (fy_resume_parse_line(text + at, n, &l)) {
            if (l.kind == FY_RESUME_ROOT)
                (void)add_root(j, &l);
            else
                (void)fy_strset_add(j->done, l.name);
        }
        at += n + 1;
    }
    free(text);
}

static int ends_part(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".part") == 0;
}

static fy_result add(fy_leftovers *lo, const char *rel, const fy_stat *st, fy_err *err)
{
    if (lo->n == lo->cap) {
        int cap = lo->cap ? lo->cap * 2 : 16;
        fy_leftover *v;
        if (lo->n >= FY_LEFTOVERS_MAX)
            return FY_OK; /* listed enough */
        if (!(v = realloc(lo->v, (size_t)cap * sizeof *v)))
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
        lo->v = v, lo->cap = cap;
    }
    if (!(lo->v[lo->n].rel = fy_strdup(rel)))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    lo->v[lo->n].bytes = st->size;
    lo->v[lo->n].dev = st->dev;
    lo->v[lo->n].ino = st->ino;
    lo->n++;
    lo->bytes += st->size;
    return FY_OK;
}

/* The *.part files below rel (a folder of Ferry's), not followed into
 * links: fy_tree_lstat says LINK for one, and the listing of a folder is
 * only trusted after fy_tree_lstat said DIR for it. */
static fy_result walk(fy_tree *t, const char *recv_dir, const char *rel, const journals *j, int depth,
                      fy_leftovers *lo, fy_err *err)
{
    char path[FY_RESUME_PATH_MAX * 2], child[FY_RESUME_PATH_MAX + 1];
    fy_dir *d = NULL;
    const char *name;
    fy_result rc = FY_OK;
    if (depth > FY_LEFTOVERS_DEPTH || snprintf(path, sizeof path, "%s/%s", recv_dir, rel) >= (int)sizeof path)
        return FY_OK;
    if (fy_plat_opendir(path, &d, NULL) != FY_OK)
        return FY_OK;
    while (rc == FY_OK && fy_plat_readdir(d, &name, NULL) == FY_OK && name) {
        fy_stat st;
        if (snprintf(child, sizeof child, "%s/%s", rel, name) >= (int)sizeof child)
            continue;
        if (fy_tree_lstat(t, child, &st, NULL) != FY_OK)
            continue;
        if (st.kind == FY_KIND_DIR)
            rc = walk(t, recv_dir, child, j, depth + 1, lo, err);
        else if (st.kind == FY_KIND_FILE && ends_part(name) && !fy_strset_has(j->done, child))
            rc = add(lo, child, &st, err);
    }
    fy_plat_closedir(d);
    return rc;
}

fy_result fy_leftovers_find(const char *state_dir, const char *recv_dir, fy_leftovers *out, fy_err *err)
{
    journals j;
    fy_dir *d = NULL;
    fy_tree *t = NULL;
    const char *name;
    char path[2048];
    fy_result rc = FY_OK;

    memset(out, 0, sizeof *out);
    memset(&j, 0, sizeof j);
    if (!(j.done = fy_strset_new()))
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    if (fy_plat_opendir(state_dir, &d, NULL) != FY_OK)
        goto out; /* no journal: nothing unfinished */
    while (fy_plat_readdir(d, &name, NULL) == FY_OK && name) {
        size_t n = strlen(name);
        if (n > 7 && !strcmp(name + n - 7, ".resume") &&
            snprintf(path, sizeof path, "%s/%s", state_dir, name) < (int)sizeof path)
            read_journal(&j, path);
    }
    fy_plat_closedir(d);
    d = NULL;
    if (j.nroots == 0 || fy_tree_open(recv_dir, 0, &t, NULL) != FY_OK)
        goto out;
    /* Top level: a NAME.part (or a long name's NAME~hash.part) that is a
     * root's very file, or a root's very folder to look into. */
    if (fy_plat_opendir(recv_dir, &d, NULL) != FY_OK)
        goto out;
    while (rc == FY_OK && fy_plat_readdir(d, &name, NULL) == FY_OK && name) {
        fy_stat st;
        int mine = 0;
        if (fy_tree_lstat(t, name, &st, NULL) != FY_OK || (st.kind != FY_KIND_FILE && st.kind != FY_KIND_DIR))
            continue;
        for (int i = 0; i < j.nroots && !mine; i++)
            mine = j.roots[i].dev == st.dev && j.roots[i].ino == st.ino;
        if (!mine)
            continue;
        if (st.kind == FY_KIND_DIR)
            rc = walk(t, recv_dir, name, &j, 0, out, err);
        else if (ends_part(name))
            rc = add(out, name, &st, err);
    }
out:
    if (d)
        fy_plat_closedir(d);
    fy_tree_close(t);
    free(j.roots);
    fy_strset_free(j.done);
    if (rc != FY_OK)
        fy_leftovers_free(out);
    return rc;
}

fy_result fy_leftovers_remove(const char *recv_dir, const fy_leftovers *lo, int *removed, fy_err *err)
{
    fy_tree *t = NULL;
    fy_result rc;
    *removed = 0;
    if ((rc = fy_tree_open(recv_dir, 0, &t, err)) != FY_OK)
        return rc;
    for (int i = 0; i < lo->n && rc == FY_OK; i++) {
        fy_stat st;
        /* Still that very file, reached without a link: else left alone. */
        if (fy_tree_lstat(t, lo->v[i].rel, &st, NULL) != FY_OK || st.kind != FY_KIND_FILE ||
            st.dev != lo->v[i].dev || st.ino != lo->v[i].ino)
            continue;
        if ((rc = fy_tree_remove(t, lo->v[i].rel, err)) == FY_OK)
            (*removed)++;
    }
    fy_tree_close(t);
    return rc;
}

void fy_leftovers_free(fy_leftovers *lo)
{
    for (int i = 0; i < lo->n; i++)
        free(lo->v[i].rel);
    free(lo->v);
    memset(lo, 0, sizeof *lo);
}
