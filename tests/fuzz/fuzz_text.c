/* fuzz_text: what Ferry does with the bytes of a received text snippet
 * (src/core/fy_text.c, the text sink of src/core/fy_sink.c).
 *
 * Input: the text's bytes, any of them (the sink refuses what is not
 * UTF-8; the escaping is also run on them as they are).
 *
 * What must hold: the escaped text, both with lines kept and on one line,
 * is valid UTF-8 and holds no C0 control (but LF and TAB when lines are
 * kept), no DEL, no C1 control and no bidi control; its length is the one
 * fy_text_escape reports; cut short at any room, it is a prefix of the
 * whole and valid UTF-8 (never ends inside a character); the preview is a
 * prefix of at most FY_TEXT_PREVIEW_MAX bytes with no line break, ending
 * at a character; a text sink commits exactly the inputs that are UTF-8
 * and gives back the very bytes. */
#include "fuzz_util.h"

#include "core/fy_sink.h"
#include "core/fy_text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* Decodes escaped output (valid UTF-8 by the time this runs) and refuses
 * anything a terminal or the bidi algorithm would act on. */
static void check_safe(const char *s, size_t n, int keep_lines)
{
    FZ_CHECK(fy_text_utf8_check((const uint8_t *)s, n) == n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20)
            FZ_CHECK(keep_lines && (c == '\n' || c == '\t'));
        FZ_CHECK(c != 0x7F);
        if (c == 0xC2) /* U+0080-U+009F are C2 80 ... C2 9F */
            FZ_CHECK((unsigned char)s[i + 1] > 0x9F);
        if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80) /* U+200E-F, U+2028-9, U+202A-E */
            FZ_CHECK(!(s[i + 2] == '\x8e' || s[i + 2] == '\x8f' ||
                       ((unsigned char)s[i + 2] >= 0xA8 && (unsigned char)s[i + 2] <= 0xAE)));
        if (c == 0xE2 && (unsigned char)s[i + 1] == 0x81) /* U+2066-9 */
            FZ_CHECK(!((unsigned char)s[i + 2] >= 0xA6 && (unsigned char)s[i + 2] <= 0xA9));
        if (c == 0xD8) /* U+061C */
            FZ_CHECK((unsigned char)s[i + 1] != 0x9C);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t valid = fy_text_utf8_check(data, size), n, len = 0;
    fy_sink *k = NULL;
    fy_err err = {0};

    if (size > FY_TEXT_BYTES_MAX)
        return 0;
    FZ_CHECK(valid <= size);
    for (int keep = 0; keep <= 1; keep++) {
        size_t need = fy_text_escape(data, size, keep, NULL, 0);
        char *all = malloc(need + 1), *part;
        size_t room;
        FZ_CHECK(all != NULL);
        FZ_CHECK(fy_text_escape(data, size, keep, all, need + 1) == need);
        FZ_CHECK(strlen(all) == need || memchr(all, 0, need) == NULL);
        check_safe(all, need, keep);
        /* A room taken from the input: every cut is a clean prefix. */
        room = size ? data[0] % (need + 2) : 0;
        part = malloc(room + 1);
        FZ_CHECK(part != NULL);
        FZ_CHECK(fy_text_escape(data, size, keep, part, room + 1) == need);
        n = strlen(part);
        FZ_CHECK(n <= room && memcmp(part, all, n) == 0);
        FZ_CHECK(fy_text_utf8_check((const uint8_t *)part, n) == n);
        free(part);
        free(all);
    }
    if (valid == size) {
        size_t pl = fy_text_preview_len(data, size);
        uint8_t *back;
        FZ_CHECK(pl <= FY_TEXT_PREVIEW_MAX && pl <= size);
        FZ_CHECK(!memchr(data, '\n', pl) && !memchr(data, '\r', pl));
        FZ_CHECK(fy_text_utf8_check(data, pl) == pl);
        if (size == 0)
            return 0;
        FZ_CHECK(fy_sink_text_new(size, (const char *)data, pl, &k, &err) == FY_OK);
        FZ_CHECK(fy_sink_write(k, data, size, &err) == FY_OK);
        FZ_CHECK(fy_sink_commit(k, &err) == FY_OK);
        back = fy_sink_text_take(k, &len);
        FZ_CHECK(back && len == size && memcmp(back, data, size) == 0 && back[size] == 0);
        free(back);
        fy_sink_close(k);
    } else if (size > 0) {
        FZ_CHECK(fy_sink_text_new(size, "", 0, &k, &err) == FY_OK);
        FZ_CHECK(fy_sink_write(k, data, size, &err) == FY_OK);
        FZ_CHECK(fy_sink_commit(k, &err) == FY_ERR_PROTOCOL);
        FZ_CHECK(fy_sink_text_take(k, &len) == NULL);
        fy_sink_close(k);
    }
    return 0;
}
