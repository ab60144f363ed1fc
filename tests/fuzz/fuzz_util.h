/* fuzz_util.h: what the fuzz targets share: reading an input field by
 * field (short reads give zeros, never fail), a check that stops the run
 * with a message, and a scratch folder under /tmp made once per process
 * and emptied between runs. Header-only: each target is one .c file. */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#define _XOPEN_SOURCE 700 /* nftw, mkdtemp */
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property of the code under test that this input broke: abort, so
 * libFuzzer saves the input as a crash. */
#define FZ_CHECK(cond)                                                                                    \
    do {                                                                                                  \
        if (!(cond)) {                                                                                    \
            fprintf(stderr, "fuzz check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                                      \
        }                                                                                                 \
    } while (0)

typedef struct fz_in {
    const uint8_t *p;
    size_t n, pos;
} fz_in;

static inline void fz_init(fz_in *in, const uint8_t *p, size_t n)
{
    in->p = p;
    in->n = n;
    in->pos = 0;
}

static inline size_t fz_left(const fz_in *in) { return in->n - in->pos; }

static inline uint8_t fz_u8(fz_in *in) { return in->pos < in->n ? in->p[in->pos++] : 0; }

static inline uint16_t fz_u16(fz_in *in)
{
    uint16_t hi = fz_u8(in);
    return (uint16_t)(hi << 8 | fz_u8(in));
}

static inline uint32_t fz_u32(fz_in *in)
{
    uint32_t hi = fz_u16(in);
    return hi << 16 | fz_u16(in);
}

/* Up to want bytes (fewer at the end of the input); *got says how many. */
static inline const uint8_t *fz_bytes(fz_in *in, size_t want, size_t *got)
{
    const uint8_t *at = in->p + in->pos;
    *got = want < fz_left(in) ? want : fz_left(in);
    in->pos += *got;
    return at;
}

/* ---- scratch folders ------------------------------------------------------ */

static char fz_root[256]; /* $TMPDIR or /tmp, then ferry-fuzz-NAME-XXXXXX; "" until made */

static int fz_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag;
    if (ftw->level > 0)
        remove(path);
    return 0;
}

/* Empties folder (the folder itself stays). */
static inline void fz_empty_dir(const char *folder)
{
    nftw(folder, fz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void fz_root_remove(void)
{
    if (fz_root[0]) {
        fz_empty_dir(fz_root);
        rmdir(fz_root);
    }
}

/* Makes the process's scratch folder once, in $TMPDIR (.ci/fuzz gives
 * each target one in its build folder) or /tmp; removed again at exit
 * (not after a crash: libFuzzer ends the process then). */
static inline const char *fz_scratch(const char *name)
{
    if (!fz_root[0]) {
        const char *tmp = getenv("TMPDIR");
        int n = snprintf(fz_root, sizeof fz_root, "%s/ferry-fuzz-%s-XXXXXX", tmp && tmp[0] ? tmp : "/tmp", name);
        if (n < 0 || (size_t)n >= sizeof fz_root - 64) { /* room for the targets' names below it */
            fprintf(stderr, "TMPDIR is too long: %s\n", tmp);
            abort();
        }
        if (!mkdtemp(fz_root)) {
            perror("mkdtemp");
            abort();
        }
        atexit(fz_root_remove);
    }
    return fz_root;
}

/* Writes n bytes to path (a file of the scratch folder). */
static inline void fz_write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        abort();
    }
    if (n)
        fwrite(p, 1, n, f);
    fclose(f);
}

#endif
