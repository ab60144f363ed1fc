/* fy_sink.h: where the bytes of one received entry go; the sender's side
 * is fy_source.h.
 *
 * The receiver machine writes DATA through this interface and, once the
 * checksum of the whole entry matched, commits it; an entry that failed
 * (checksum, a transfer that ended) is closed without a commit. Files and
 * text snippets are two kinds of sink: a file sink writes the already
 * opened NAME.part (naming it stays the receiver's job), a text sink keeps
 * the bytes in memory for the front end. */
#ifndef FY_SINK_H
#define FY_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "fy_result.h"
#include "platform/fy_platform.h"

typedef struct fy_sink fy_sink;

typedef struct fy_sink_ops {
    fy_result (*write)(fy_sink *k, const void *p, size_t n, fy_err *err);
    /* The checksum matched: make the bytes final (a file gets its time and
     * mode and is closed; a text is checked for UTF-8). */
    fy_result (*commit)(fy_sink *k, fy_err *err);
    /* Releases the sink, committed or not. */
    void (*close)(fy_sink *k);
} fy_sink_ops;

struct fy_sink {
    const fy_sink_ops *ops;
};

/* A sink over f (taken over: closed with the sink). commit sets mtime and
 * the executable bit on the open file (cosmetic: never fails) and closes
 * it, reporting a failed close. */
fy_result fy_sink_file_new(fy_file *f, int64_t mtime, int exec, fy_sink **out, fy_err *err) FY_MUST_USE;

/* For a file sink: commit leaves the file open (time and mode set) and
 * puts it in *out instead of closing it: the virus scanner's verdict
 * comes later, and the file stays locked until then. */
void fy_sink_file_keep_open(fy_sink *k, fy_file **out);

/* A sink for a text of exactly size bytes, 1 ... FY_TEXT_BYTES_MAX: the
 * caller checked the cap before calling (no allocation for a size over
 * it). Writing past size is refused. commit refuses a text that is not
 * UTF-8 or does not begin with preview[0..preview_len) (the offer showed
 * it). */
fy_result fy_sink_text_new(uint64_t size, const char *preview, size_t preview_len, fy_sink **out,
                           fy_err *err) FY_MUST_USE;
/* After a commit: hands over the text's bytes (malloc'd, NUL-terminated
 * for convenience; *len excludes the NUL). NULL before a commit. */
uint8_t *fy_sink_text_take(fy_sink *k, size_t *len);

static inline fy_result fy_sink_write(fy_sink *k, const void *p, size_t n, fy_err *err)
{
    return k->ops->write(k, p, n, err);
}
static inline fy_result fy_sink_commit(fy_sink *k, fy_err *err) { return k->ops->commit(k, err); }
/* NULL is fine. */
static inline void fy_sink_close(fy_sink *k)
{
    if (k)
        k->ops->close(k);
}

#endif
