/* test_names.c: received names are untrusted input. Every hostile form
 * from the issue, for both rule sets, plus collision and display naming. */
#include "core/fy_names.h"
#include "fy_test.h"

#define BOTH (-1)

static void test_map(void)
{
    static const struct {
        const char *in;
        size_t len; /* 0: strlen(in) */
        int windows; /* 0, 1 or BOTH */
        const char *want; /* NULL: refused with msg */
        const char *msg;
    } cases[] = {
        {"photo.jpg", 0, BOTH, "photo.jpg", ""},
        {"../etc/passwd", 0, BOTH, "etc/passwd", ""},
        {"/etc/passwd", 0, BOTH, "etc/passwd", ""},
        {"a/./b", 0, BOTH, "a/b", ""},
        {"a/../b", 0, BOTH, "a/b", ""},
        {"a//b/", 0, BOTH, "a/b", ""},
        {"..", 0, BOTH, NULL, "path has no usable name"},
        {"../..", 0, BOTH, NULL, "path has no usable name"},
        {"", 0, BOTH, NULL, "path has no usable name"},
        {"/", 0, BOTH, NULL, "path has no usable name"},
        {"..\\..\\x", 0, BOTH, ".._.._x", ""},
        {"C:\\Windows\\x", 0, 0, "C:_Windows_x", ""},
        {"C:\\Windows\\x", 0, 1, "C__Windows_x", ""},
        {"C:/x", 0, 0, "C:/x", ""},
        {"C:/x", 0, 1, "C_/x", ""},
        {"a\0b", 3, BOTH, "a_b", ""},
        {"esc\x1b[2J", 0, BOTH, "esc_[2J", ""},
        {"del\x7f", 0, BOTH, "del_", ""},
        {"tab\there", 0, BOTH, "tab_here", ""},
        {"new\nline", 0, BOTH, "new_line", ""},
        {"lone\x80", 0, BOTH, "lone_", ""},
        {"over\xc0\xaf", 0, BOTH, "over__", ""},
        {"surr\xed\xa0\x80", 0, BOTH, "surr___", ""},
        {"cut\xe6\x97", 0, BOTH, "cut__", ""},
        {"Gr\xc3\xbc\xc3\x9f" "e/\xe6\x97\xa5\xe6\x9c\xac.txt", 0, BOTH, "Gr\xc3\xbc\xc3\x9f" "e/\xe6\x97\xa5\xe6\x9c\xac.txt", ""},
        {"\xf0\x9f\x9a\x80 launch", 0, BOTH, "\xf0\x9f\x9a\x80 launch", ""},
        {"CON", 0, 1, "CON_", ""},
        {"CON", 0, 0, "CON", ""},
        {"con.txt", 0, 1, "con_.txt", ""},
        {"Aux.tar.gz", 0, 1, "Aux_.tar.gz", ""},
        {"COM1", 0, 1, "COM1_", ""},
        {"lpt9.log", 0, 1, "lpt9_.log", ""},
        {"COM0", 0, 1, "COM0", ""},
        {"CONSOLE", 0, 1, "CONSOLE", ""},
        {"nul.", 0, 1, "nul_", ""},
        {"a/nul/b", 0, 1, "a/nul_/b", ""},
        {"a<b>c:d\"e|f?g*h", 0, 1, "a_b_c_d_e_f_g_h", ""},
        {"a<b>c:d\"e|f?g*h", 0, 0, "a<b>c:d\"e|f?g*h", ""},
        {"name. .", 0, 1, "name", ""},
        {"name. .", 0, 0, "name. .", ""},
        {"...", 0, 1, "_", ""},
        {"trail ", 0, 1, "trail", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int w = 0; w <= 1; w++) {
            char out[FY_PATH_MAX + 1], label[128];
            fy_err err = {0};
            fy_result rc;
            if (cases[i].windows != BOTH && cases[i].windows != w)
                continue;
            snprintf(label, sizeof label, "map #%zu (%s rules)", i, w ? "Windows" : "Linux");
            fy_test_case = label;
            rc = fy_names_map_path(cases[i].in, cases[i].len ? cases[i].len : strlen(cases[i].in), w, out, sizeof out,
                                   &err);
            if (cases[i].want) {
                CHECK_INT(rc, FY_OK);
                if (rc == FY_OK)
                    CHECK_STR(out, cases[i].want);
            } else {
                CHECK_INT(rc, FY_ERR_PROTOCOL);
                CHECK_STR(err.msg, cases[i].msg);
            }
        }
    }
}

static void test_limits(void)
{
    static char buf[FY_PATH_MAX + 64], out[FY_PATH_MAX + 1];
    fy_err err;

    fy_test_case = "component of 255 bytes";
    memset(buf, 'a', 255);
    CHECK_INT(fy_names_map_path(buf, 255, 0, out, sizeof out, NULL), FY_OK);
    CHECK_INT(strlen(out), 255);

    fy_test_case = "component of 256 bytes";
    memset(&err, 0, sizeof err);
    memset(buf, 'a', 256);
    CHECK_INT(fy_names_map_path(buf, 256, 0, out, sizeof out, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "name component longer than 255 bytes");

    fy_test_case = "path of 4096 bytes, 64 components";
    for (size_t i = 0; i < FY_PATH_MAX; i++)
        buf[i] = i % 64 == 63 ? '/' : 'p';
    buf[FY_PATH_MAX - 1] = 'p';
    CHECK_INT(fy_names_map_path(buf, FY_PATH_MAX, 0, out, sizeof out, NULL), FY_OK);

    fy_test_case = "path of 4096 bytes, 32 components";
    for (size_t i = 0; i < FY_PATH_MAX; i++)
        buf[i] = i % 128 == 127 ? '/' : 'q';
    buf[FY_PATH_MAX - 1] = 'q';
    CHECK_INT(fy_names_map_path(buf, FY_PATH_MAX, 0, out, sizeof out, NULL), FY_OK);
    CHECK_INT(strlen(out), FY_PATH_MAX);

    fy_test_case = "path of 4097 bytes";
    buf[FY_PATH_MAX] = 'q';
    memset(&err, 0, sizeof err);
    CHECK_INT(fy_names_map_path(buf, FY_PATH_MAX + 1, 0, out, sizeof out, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "path longer than 4096 bytes");

    fy_test_case = "depth 64";
    for (size_t i = 0; i < 64; i++)
        buf[2 * i] = 'd', buf[2 * i + 1] = '/';
    CHECK_INT(fy_names_map_path(buf, 127, 0, out, sizeof out, NULL), FY_OK);

    fy_test_case = "depth 65";
    buf[127] = '/';
    buf[128] = 'd';
    memset(&err, 0, sizeof err);
    CHECK_INT(fy_names_map_path(buf, 129, 0, out, sizeof out, &err), FY_ERR_PROTOCOL);
    CHECK_STR(err.msg, "path deeper than 64 folders");

    fy_test_case = "small output buffer";
    memset(&err, 0, sizeof err);
    CHECK_INT(fy_names_map_path("abcdef", 6, 0, out, 4, &err), FY_ERR_PROTOCOL);
}

static void test_collision(void)
{
    static const struct {
        const char *name;
        int dir;
        unsigned k;
        const char *want;
    } cases[] = {
        {"photo.jpg", 0, 1, "photo (1).jpg"},
        {"photo.jpg", 0, 12, "photo (12).jpg"},
        {"archive.tar.gz", 0, 1, "archive (1).tar.gz"},
        {"archive.tar.xz", 0, 2, "archive (2).tar.xz"},
        {"archive.tar.bz2", 0, 1, "archive (1).tar.bz2"},
        {"archive.tar.zst", 0, 1, "archive (1).tar.zst"},
        {".bashrc", 0, 1, ".bashrc (1)"},
        {"noext", 0, 1, "noext (1)"},
        {"docs", 1, 1, "docs (1)"},
        {"v1.2", 1, 1, "v1.2 (1)"},
        {"v1.2", 0, 1, "v1 (1).2"},
    };
    char out[FY_NAME_MAX + 1], big[FY_NAME_MAX + 1];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_test_case = cases[i].want;
        CHECK_INT(fy_names_collision(cases[i].name, cases[i].dir, cases[i].k, out, sizeof out), FY_OK);
        CHECK_STR(out, cases[i].want);
    }

    fy_test_case = "long multibyte stem is cut at a character boundary";
    /* 84 x "é" (2 bytes) = 168 bytes + "ab" = 170, then ".txt": the
     * suffix pushes it over 255 only with a longer stem, so use 3-byte
     * characters: 83 x "日" = 249 bytes + ".txt" = 253 bytes. */
    big[0] = '\0';
    for (int i = 0; i < 83; i++)
        strcat(big, "\xe6\x97\xa5");
    strcat(big, ".txt");
    CHECK_INT(strlen(big), 253);
    CHECK_INT(fy_names_collision(big, 0, 1, out, sizeof out), FY_OK);
    CHECK(strlen(out) <= FY_NAME_MAX);
    CHECK(fy_names_valid_utf8(out, strlen(out)));
    CHECK(strcmp(out + strlen(out) - 8, " (1).txt") == 0);

    fy_test_case = "out buffer too small";
    CHECK_INT(fy_names_collision("photo.jpg", 0, 1, out, 8), FY_ERR_USAGE);
}

static void test_display_and_keys(void)
{
    char out[64];
    fy_test_case = "escape sequence";
    fy_names_for_display("\x1b[2Jboom", out, sizeof out);
    CHECK_STR(out, "?[2Jboom");
    fy_test_case = "invalid UTF-8";
    fy_names_for_display("a\xff" "b", out, sizeof out);
    CHECK_STR(out, "a?b");
    fy_test_case = "truncation keeps whole characters";
    fy_names_for_display("\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5", out, 10);
    CHECK_STR(out, "\xe6\x97\xa5\xe6\x97\xa5...");
    fy_test_case = "fits exactly";
    fy_names_for_display("abc", out, 4);
    CHECK_STR(out, "abc");
    fy_test_case = "key folds ASCII case only when asked";
    fy_names_key("ReadMe.TXT", 1, out, sizeof out);
    CHECK_STR(out, "readme.txt");
    fy_names_key("ReadMe.TXT", 0, out, sizeof out);
    CHECK_STR(out, "ReadMe.TXT");

    {
        static const struct {
            const char *s;
            int ok;
        } u[] = {{"plain", 1}, {"\xc3\xa9", 1}, {"\xf0\x9f\x9a\x80", 1}, {"\xc0\xaf", 0}, {"\xed\xa0\x80", 0},
                 {"\xf4\x90\x80\x80", 0}, {"\xe6\x97", 0}, {"\x80", 0}, {"\xff", 0}};
        for (size_t i = 0; i < sizeof u / sizeof *u; i++) {
            fy_test_case = "valid_utf8 table";
            CHECK_INT(fy_names_valid_utf8(u[i].s, strlen(u[i].s)), u[i].ok);
        }
    }
}

int main(void)
{
    test_map();
    test_limits();
    test_collision();
    test_display_and_keys();
    fy_test_case = NULL;
    return fy_test_done("names");
}
