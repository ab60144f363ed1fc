#include "fy_sink.h"

#include <stdlib.h>
#include <string.h>

#include "fy_text.h"

/* ---- a file on disk ---------------------------------------------------------- */

typedef struct file_sink {
    fy_sink base;
    fy_file *f;
    fy_file **keep; /* fy_sink_file_keep_open */
    int64_t mtime;
    int exec;
} file_sink;

static fy_result file_write(fy_sink *k, const void *p, size_t n, fy_err *err)
{
    return fy_plat_write(((file_sink *)k)->f, p, n, err);
}

static fy_result file_commit(fy_sink *k, fy_err *err)
{
    file_sink *s = (file_sink *)k;
    fy_result rc;
    /* Time and exec bit on the open file: neither changes with the rename
     * that follows, and nothing is looked up by name again. */
    fy_ignore(fy_plat_file_finish(s->f, s->mtime, s->exec, NULL));
    if (s->keep) {
        *s->keep = s->f;
        s->f = NULL;
        return FY_OK;
    }
    rc = fy_plat_close(s->f, err);
    s->f = NULL;
    return rc;
}

static void file_close(fy_sink *k)
{
    file_sink *s = (file_sink *)k;
    if (s->f)
        fy_plat_close(s->f, NULL);
    free(s);
}

static const fy_sink_ops file_ops = {file_write, file_commit, file_close};

void fy_sink_file_keep_open(fy_sink *k, fy_file **out)
{
    if (k->ops == &file_ops)
        ((file_sink *)k)->keep = out;
}

fy_result fy_sink_file_new(fy_file *f, int64_t mtime, int exec, fy_sink **out, fy_err *err)
{
    file_sink *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s) {
        fy_plat_close(f, NULL);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    s->base.ops = &file_ops;
    s->f = f;
    s->mtime = mtime;
    s->exec = exec;
    *out = &s->base;
    return FY_OK;
}

/* ---- a text snippet in memory -------------------------------------------------- */

typedef struct text_sink {
    fy_sink base;
    uint8_t *p;         /* size + 1 bytes */
    size_t size, len;
    int committed;
    size_t preview_len;
    char preview[FY_TEXT_PREVIEW_MAX];
} text_sink;

static fy_result text_write(fy_sink *k, const void *p, size_t n, fy_err *err)
{
    text_sink *s = (text_sink *)k;
    if (n > s->size - s->len)
        return fy_fail(err, FY_ERR_PROTOCOL, "sender sent more than the %zu bytes of its text", s->size);
    memcpy(s->p + s->len, p, n);
    s->len += n;
    return FY_OK;
}

static fy_result text_commit(fy_sink *k, fy_err *err)
{
    text_sink *s = (text_sink *)k;
    size_t bad;
    if (s->len != s->size)
        return fy_fail(err, FY_ERR_PROTOCOL, "the text ended after %zu of %zu bytes", s->len, s->size);
    if ((bad = fy_text_utf8_check(s->p, s->len)) != s->len)
        return fy_fail(err, FY_ERR_PROTOCOL, "the text is not valid UTF-8 (byte %zu); it was refused", bad);
    /* The offer was decided on with the preview on screen: the text must
     * be what it showed. */
    if (s->preview_len > s->len || memcmp(s->p, s->preview, s->preview_len) != 0)
        return fy_fail(err, FY_ERR_PROTOCOL, "the text does not begin with the preview it was offered with");
    s->p[s->len] = '\0';
    s->committed = 1;
    return FY_OK;
}

static void text_close(fy_sink *k)
{
    text_sink *s = (text_sink *)k;
    free(s->p);
    free(s);
}

static const fy_sink_ops text_ops = {text_write, text_commit, text_close};

fy_result fy_sink_text_new(uint64_t size, const char *preview, size_t preview_len, fy_sink **out, fy_err *err)
{
    text_sink *s;
    *out = NULL;
    /* The caller checked already; a sink never allocates past the cap. */
    if (size == 0 || size > FY_TEXT_BYTES_MAX || preview_len > FY_TEXT_PREVIEW_MAX)
        return fy_fail(err, FY_ERR_PROTOCOL, "text of %llu bytes: the range is 1 to %u",
                       (unsigned long long)size, FY_TEXT_BYTES_MAX);
    if (!(s = calloc(1, sizeof *s)) || !(s->p = malloc((size_t)size + 1))) {
        free(s);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    s->base.ops = &text_ops;
    s->size = (size_t)size;
    s->preview_len = preview_len;
    if (preview_len)
        memcpy(s->preview, preview, preview_len);
    *out = &s->base;
    return FY_OK;
}

uint8_t *fy_sink_text_take(fy_sink *k, size_t *len)
{
    text_sink *s = (text_sink *)k;
    uint8_t *p;
    if (k->ops != &text_ops || !s->committed)
        return NULL;
    p = s->p;
    *len = s->len;
    s->p = NULL;
    s->committed = 0;
    return p;
}
