/* fuzz_manifest: manifest entries as they arrive in MANIFEST frames, the
 * list they are added to (src/core/fy_manifest.c), and the name rules
 * (src/core/fy_names.c) with both rule sets.
 *
 * Input: one byte of flags (bit 0: fold case for the keys), one byte that
 * picks a collision number, then manifest entries as on the wire (kind,
 * flags, size, mtime, str16 path) until the input ends or one is refused.
 *
 * What must hold, for each path: the mapped path is one that is safe to
 * create under a folder (relative, no empty, "." or ".." component, no
 * control character, '\\' or invalid UTF-8; with the Windows rules also
 * none of <>:"|?*, no trailing dot or space, no device name), mapping it
 * again changes nothing, collision names stay one component of valid
 * UTF-8 within FY_NAME_MAX, the display form is printable and fits. And
 * the transfer id of the list is the hash of the entry bytes as they came. */
#include "fuzz_util.h"

#include "core/fy_hash.h"
#include "core/fy_manifest.h"
#include "core/fy_names.h"
#include "core/fy_wire.h"

static int upper_eq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((a[i] >= 'a' && a[i] <= 'z' ? a[i] - 32 : a[i]) != b[i])
            return 0;
    return 1;
}

static void check_component(const char *c, size_t n, int windows)
{
    FZ_CHECK(n >= 1 && n <= FY_NAME_MAX);
    FZ_CHECK(!(n == 1 && c[0] == '.') && !(n == 2 && c[0] == '.' && c[1] == '.'));
    FZ_CHECK(fy_names_valid_utf8(c, n));
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)c[i];
        FZ_CHECK(b >= 0x20 && b != 0x7F && b != '\\' && b != '/');
        if (windows)
            FZ_CHECK(!strchr("<>:\"|?*", b));
    }
    if (windows) {
        const char *dot = memchr(c, '.', n);
        size_t base = dot ? (size_t)(dot - c) : n;
        static const char *const dev[] = {"CON", "PRN", "AUX", "NUL"};
        FZ_CHECK(c[n - 1] != '.' && c[n - 1] != ' ');
        for (size_t i = 0; i < 4; i++)
            FZ_CHECK(!upper_eq(c, base, dev[i]));
        FZ_CHECK(!(base == 4 && c[3] >= '1' && c[3] <= '9' && (upper_eq(c, 3, "COM") || upper_eq(c, 3, "LPT"))));
    }
}

static void check_mapped(const char *out, int windows)
{
    size_t n = strlen(out), start = 0;
    FZ_CHECK(n >= 1 && n <= FY_PATH_MAX);
    for (size_t i = 0; i <= n; i++)
        if (i == n || out[i] == '/') {
            check_component(out + start, i - start, windows);
            start = i + 1;
        }
}

static void check_display(const char *in)
{
    static const size_t caps[] = {1, 2, 4, 5, 16, 64, 256, FY_PATH_MAX};
    char out[FY_PATH_MAX];
    for (size_t k = 0; k < sizeof caps / sizeof *caps; k++) {
        size_t n;
        fy_names_for_display(in, out, caps[k]);
        n = strlen(out);
        FZ_CHECK(n < caps[k]);
        FZ_CHECK(fy_names_valid_utf8(out, n));
        for (size_t i = 0; i < n; i++)
            FZ_CHECK((unsigned char)out[i] >= 0x20 && out[i] != 0x7F);
    }
}

static void check_collisions(const char *base, int is_dir, unsigned k)
{
    const unsigned ks[] = {1, 2, 10, k, 4000000000u};
    char out[FY_NAME_MAX + 1];
    for (size_t i = 0; i < sizeof ks / sizeof *ks; i++) {
        size_t n;
        if (fy_names_collision(base, is_dir, ks[i], out, sizeof out) != FY_OK)
            continue;
        n = strlen(out);
        /* Not necessarily another name: a 255-byte "a (7).b" is its own
         * 7th (the stem is cut to make room); the callers try the next k. */
        FZ_CHECK(n >= 1 && n <= FY_NAME_MAX && !strchr(out, '/'));
        if (fy_names_valid_utf8(base, strlen(base)))
            FZ_CHECK(fy_names_valid_utf8(out, n));
    }
}

static void map_both(const fy_wire_entry *e, unsigned k, int fold)
{
    for (int windows = 0; windows <= 1; windows++) {
        char out[FY_PATH_MAX + 1], again[FY_PATH_MAX + 1], key[FY_PATH_MAX + 1];
        const char *base;
        fy_err err = {0};
        if (fy_names_map_path(e->path, e->path_len, windows, out, sizeof out, &err) != FY_OK) {
            FZ_CHECK(err.code == FY_ERR_PROTOCOL && err.msg[0]);
            continue;
        }
        check_mapped(out, windows);
        FZ_CHECK(fy_names_map_path(out, strlen(out), windows, again, sizeof again, &err) == FY_OK);
        FZ_CHECK(strcmp(out, again) == 0);
        base = strrchr(out, '/');
        check_collisions(base ? base + 1 : out, e->kind == FY_ENTRY_DIR, k);
        fy_names_key(out, fold, key, sizeof key);
        FZ_CHECK(strlen(key) == strlen(out));
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fy_manifest m;
    fy_rbuf r;
    fy_hash *h;
    int fold, all = 1;
    unsigned k;

    if (size < 2)
        return 0;
    fold = data[0] & 1;
    k = data[1];
    h = fy_hash_new();
    FZ_CHECK(h != NULL);
    fy_manifest_init(&m);
    fy_rbuf_init(&r, data + 2, size - 2);
    while (r.pos < r.len) {
        fy_wire_entry e;
        fy_err err = {0};
        size_t start = r.pos;
        char shown[FY_PATH_MAX + 1];
        if (fy_dec_entry(&r, &e, &err) != FY_OK) {
            all = 0;
            break;
        }
        fy_hash_update(h, r.p + start, r.pos - start);
        map_both(&e, k, fold);
        /* The path as a C string stops at a NUL, as it would when shown. */
        memcpy(shown, e.path, e.path_len);
        shown[e.path_len] = '\0';
        check_display(shown);
        if (fy_manifest_add(&m, e.kind, e.flags, e.size, e.mtime, e.path, e.path_len, shown, &err) != FY_OK) {
            FZ_CHECK(err.msg[0]);
            all = 0;
            break;
        }
        FZ_CHECK(m.total <= (uint64_t)INT64_MAX && m.files <= m.n);
    }
    if (all && m.n > 0) {
        uint8_t want[FY_HASH_LEN], got[FY_HASH_LEN];
        fy_hash_digest(h, want);
        fy_manifest_id(&m, got);
        FZ_CHECK(memcmp(want, got, FY_HASH_LEN) == 0);
    }
    fy_manifest_free(&m);
    fy_hash_free(h);
    return 0;
}
