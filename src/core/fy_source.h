/* fy_source.h: where the bytes of one manifest entry come from, for the
 * sender; fy_sink.h is the receiving side.
 *
 * The sender machine reads every entry that carries data through this one
 * interface, so it neither knows nor cares whether the bytes are a file on
 * disk or a text snippet held in memory. A new kind of entry is a new
 * implementation here, not a special case in fy_send.c. */
#ifndef FY_SOURCE_H
#define FY_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "fy_manifest.h"
#include "fy_result.h"

typedef struct fy_source fy_source;

typedef struct fy_source_ops {
    /* Up to want bytes into buf; *got 0 only at the end. */
    fy_result (*read)(fy_source *s, void *buf, size_t want, size_t *got, fy_err *err);
    /* Back to byte off (a resume whose prefix did not match starts over). */
    fy_result (*seek)(fy_source *s, uint64_t off, fy_err *err);
    /* Releases the source; s is gone after. */
    fy_result (*close)(fy_source *s, fy_err *err);
} fy_source_ops;

struct fy_source {
    const fy_source_ops *ops;
};

/* Opens the bytes of entry e: FY_ENTRY_FILE reads e->local from disk,
 * FY_ENTRY_TEXT reads e->size bytes at e->local (the manifest keeps them;
 * they must outlive the source). Other kinds carry no data. */
fy_result fy_source_open(const fy_entry *e, fy_source **out, fy_err *err) FY_MUST_USE;

static inline fy_result fy_source_read(fy_source *s, void *buf, size_t want, size_t *got, fy_err *err)
{
    return s->ops->read(s, buf, want, got, err);
}
static inline fy_result fy_source_seek(fy_source *s, uint64_t off, fy_err *err)
{
    return s->ops->seek(s, off, err);
}
/* NULL is fine. */
static inline fy_result fy_source_close(fy_source *s, fy_err *err)
{
    return s ? s->ops->close(s, err) : FY_OK;
}

#endif
