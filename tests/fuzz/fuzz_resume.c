/* fuzz_resume: the resume journal's reader (src/core/fy_resume.c),
 * fy_resume_parse_line over each line of the input, as the receiver reads
 * a journal (fy_recv_accept.c).
 *
 * What must hold: a line that parses names a safe relative path (one
 * component for root), formats again within the buffer the receiver
 * writes journal lines with, and that line parses back to the same
 * record. The journal's file name is 32 hex digits and ".resume". */
#include "fuzz_util.h"

#include "core/fy_resume.h"

static void check_line(const char *line, size_t len)
{
    fy_resume_line l, l2;
    char out[FY_RESUME_PATH_MAX + 128]; /* as fy_recv_journal_append */
    size_t n, nl;

    if (!fy_resume_parse_line(line, len, &l))
        return;
    nl = strlen(l.name);
    FZ_CHECK(nl >= 1 && nl <= FY_RESUME_PATH_MAX);
    FZ_CHECK(strcmp(l.name, "..") && strcmp(l.name, ".") && l.name[0] != '/' && l.name[nl - 1] != '/');
    FZ_CHECK(!strstr(l.name, "/../") && !strstr(l.name, "//") && strncmp(l.name, "../", 3));
    for (size_t i = 0; i < nl; i++)
        FZ_CHECK((unsigned char)l.name[i] >= 0x20 && l.name[i] != '\\' && l.name[i] != 0x7F);
    if (l.kind == FY_RESUME_ROOT)
        FZ_CHECK(!strchr(l.name, '/') && nl <= FY_NAME_MAX);
    n = fy_resume_format(&l, out, sizeof out);
    FZ_CHECK(n > 0 && out[n - 1] == '\n');
    FZ_CHECK(fy_resume_parse_line(out, n - 1, &l2));
    FZ_CHECK(l2.kind == l.kind && l2.index == l.index && strcmp(l2.name, l.name) == 0);
    if (l.kind == FY_RESUME_ROOT)
        FZ_CHECK(l2.dev == l.dev && l2.ino == l.ino);
    else
        FZ_CHECK(memcmp(l2.hash, l.hash, FY_HASH_LEN) == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t pos = 0;

    /* The journal's name, from the input's first bytes as key, id and folder. */
    if (size >= 48) {
        char path[256], dir[64];
        size_t dl = size - 48 < sizeof dir - 1 ? size - 48 : sizeof dir - 1;
        memcpy(dir, data + 48, dl);
        dir[dl] = '\0';
        FZ_CHECK(fy_resume_path("/state", data, data + 32, dir, path, sizeof path) == 0);
        FZ_CHECK(strlen(path) == 7 + 32 + 7 && strcmp(path + 39, ".resume") == 0);
    }
    /* Lines as the receiver cuts them: a last line without '\n' is not one. */
    while (pos < size) {
        const char *nl = memchr(text + pos, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - (text + pos)) : size - pos;
        check_line(text + pos, len);
        pos += len + 1;
    }
    return 0;
}
