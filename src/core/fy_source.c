#include "fy_source.h"

#include <stdlib.h>
#include <string.h>

#include "platform/fy_platform.h"

/* ---- a file on disk ------------------------------------------------------ */

typedef struct file_source {
    fy_source base;
    fy_file *f;
} file_source;

static fy_result file_read(fy_source *s, void *buf, size_t want, size_t *got, fy_err *err)
{
    return fy_plat_read(((file_source *)s)->f, buf, want, got, err);
}

static fy_result file_seek(fy_source *s, uint64_t off, fy_err *err)
{
    return fy_plat_seek(((file_source *)s)->f, off, err);
}

static fy_result file_close(fy_source *s, fy_err *err)
{
    fy_result rc = fy_plat_close(((file_source *)s)->f, err);
    free(s);
    return rc;
}

static const fy_source_ops file_ops = {file_read, file_seek, file_close};

/* ---- bytes in memory (a text snippet) --------------------------------------- */

typedef struct mem_source {
    fy_source base;
    const uint8_t *p;
    size_t n, pos;
} mem_source;

static fy_result mem_read(fy_source *s, void *buf, size_t want, size_t *got, fy_err *err)
{
    mem_source *m = (mem_source *)s;
    size_t left = m->n - m->pos;
    (void)err;
    *got = want < left ? want : left;
    memcpy(buf, m->p + m->pos, *got);
    m->pos += *got;
    return FY_OK;
}

static fy_result mem_seek(fy_source *s, uint64_t off, fy_err *err)
{
    mem_source *m = (mem_source *)s;
    if (off > m->n)
        return fy_fail(err, FY_ERR_USAGE, "seek past the end of a text");
    m->pos = (size_t)off;
    return FY_OK;
}

static fy_result mem_close(fy_source *s, fy_err *err)
{
    (void)err;
    free(s);
    return FY_OK;
}

static const fy_source_ops mem_ops = {mem_read, mem_seek, mem_close};

fy_result fy_source_open(const fy_entry *e, fy_source **out, fy_err *err)
{
    *out = NULL;
    if (e->kind == FY_ENTRY_FILE) {
        file_source *s = calloc(1, sizeof *s);
        fy_result rc;
        if (!s)
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
        if ((rc = fy_plat_open(e->local, FY_OPEN_READ, &s->f, err)) != FY_OK) {
            free(s);
            return rc;
        }
        fy_plat_advise_sequential(s->f);
        s->base.ops = &file_ops;
        *out = &s->base;
        return FY_OK;
    }
    if (e->kind == FY_ENTRY_TEXT) {
        mem_source *s = calloc(1, sizeof *s);
        if (!s)
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
        s->base.ops = &mem_ops;
        s->p = (const uint8_t *)e->local;
        s->n = (size_t)e->size;
        *out = &s->base;
        return FY_OK;
    }
    return fy_fail(err, FY_ERR_USAGE, "entry \"%s\" carries no data", e->path);
}
