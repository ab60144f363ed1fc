/* test_resume.c: the receiver's resume journal. Its lines are the
 * receiver's own, in its own state folder, but they decide where data goes,
 * so they are parsed as untrusted: a root is one plain component, a done
 * path never climbs, numbers never wrap. And the journal's name keeps
 * peers, transfers and receive folders apart. */
#include <string.h>

#include "core/fy_resume.h"
#include "fy_test.h"

static void test_lines(void)
{
    static const struct {
        const char *line;
        int ok;
        int kind;
        uint32_t index;
        uint64_t dev, ino;
        const char *name;
    } cases[] = {
        {"root 0 2049 131 photos", 1, FY_RESUME_ROOT, 0, 2049, 131, "photos"},
        {"root 12 18446744073709551615 7 docs (1)", 1, FY_RESUME_ROOT, 12, UINT64_MAX, 7, "docs (1)"},
        {"root 1 1 2 a/b", 0, 0, 0, 0, 0, ""},
        {"root 1 1 2 ..", 0, 0, 0, 0, 0, ""},
        {"root 1 1 2 .", 0, 0, 0, 0, 0, ""},
        {"root 1 1 2 a\\b", 0, 0, 0, 0, 0, ""},
        {"root 1 1 2 ", 0, 0, 0, 0, 0, ""},
        {"root 1 18446744073709551616 2 x", 0, 0, 0, 0, 0, ""}, /* 2^64 wraps: refused */
        {"root 4294967296 1 2 x", 0, 0, 0, 0, 0, ""},
        {"root 1 x", 0, 0, 0, 0, 0, ""},
        {"root 0 photos", 0, 0, 0, 0, 0, ""}, /* version 1's form: no identity, not trusted */
        {"done 3 000102030405060708090a0b0c0d0e0f docs (1)/a b.txt", 1, FY_RESUME_DONE, 3, 0, 0,
         "docs (1)/a b.txt"},
        {"done 3 000102030405060708090a0b0c0d0e0f x", 1, FY_RESUME_DONE, 3, 0, 0, "x"},
        {"done 3 000102030405060708090a0b0c0d0e0f", 0, 0, 0, 0, 0, ""},
        {"done 3 000102030405060708090a0b0c0d0e0f ../x", 0, 0, 0, 0, 0, ""},
        {"done 3 000102030405060708090a0b0c0d0e0f a/../../x", 0, 0, 0, 0, 0, ""},
        {"done 3 000102030405060708090a0b0c0d0e0f /etc/passwd", 0, 0, 0, 0, 0, ""},
        {"done 3 000102030405060708090a0b0c0d0e0f a//b", 0, 0, 0, 0, 0, ""},
        {"done 3 0001020304 x", 0, 0, 0, 0, 0, ""},
        {"done 3 zz0102030405060708090a0b0c0d0e0f x", 0, 0, 0, 0, 0, ""},
        {"garbage", 0, 0, 0, 0, 0, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_resume_line l;
        int ok;
        fy_test_case = cases[i].line;
        ok = fy_resume_parse_line(cases[i].line, strlen(cases[i].line), &l);
        CHECK_INT(ok, cases[i].ok);
        if (ok && cases[i].ok) {
            char out[512];
            CHECK_INT(l.kind, cases[i].kind);
            CHECK_INT(l.index, cases[i].index);
            CHECK_STR(l.name, cases[i].name);
            if (l.kind == FY_RESUME_ROOT) {
                CHECK(l.dev == cases[i].dev);
                CHECK(l.ino == cases[i].ino);
            }
            /* formatting gives the line back */
            CHECK_INT(fy_resume_format(&l, out, sizeof out), strlen(cases[i].line) + 1);
            CHECK(strncmp(out, cases[i].line, strlen(cases[i].line)) == 0);
        }
    }
}

/* One journal per (peer, transfer, receive folder): a sender cannot reach
 * another peer's journal, nor one for another folder. */
static void test_paths(void)
{
    uint8_t k1[32] = {1}, k2[32] = {2}, id1[FY_HASH_LEN] = {1}, id2[FY_HASH_LEN] = {2};
    char a[256], b[256];
    fy_test_case = "journal names";
    CHECK_INT(fy_resume_path("/s", k1, id1, "/r", a, sizeof a), 0);
    CHECK_INT(strlen(a), strlen("/s/") + 32 + strlen(".resume"));
    CHECK(strncmp(a, "/s/", 3) == 0);
    CHECK_INT(fy_resume_path("/s", k2, id1, "/r", b, sizeof b), 0);
    CHECK(strcmp(a, b) != 0);
    CHECK_INT(fy_resume_path("/s", k1, id2, "/r", b, sizeof b), 0);
    CHECK(strcmp(a, b) != 0);
    CHECK_INT(fy_resume_path("/s", k1, id1, "/r2", b, sizeof b), 0);
    CHECK(strcmp(a, b) != 0);
    CHECK_INT(fy_resume_path("/s", k1, id1, "/r", b, sizeof b), 0);
    CHECK_STR(a, b);
    CHECK_INT(fy_resume_path("/s", k1, id1, "/r", b, 20), -1);
}

int main(void)
{
    test_lines();
    test_paths();
    fy_test_case = NULL;
    return fy_test_done("resume");
}
