/* test_manifest.c: what fy_manifest_add refuses (sizes that pass 2^63-1,
 * more names than FY_MANIFEST_BYTES_MAX), where its strings live, and the
 * string set the receiver catches duplicate names with. */
#include <stdio.h>
#include <stdlib.h>

#include "core/fy_manifest.h"
#include "core/fy_names.h"
#include "core/fy_strset.h"
#include "fy_test.h"

#define MAX63 9223372036854775807ull /* 2^63-1 */

static void test_sizes(void)
{
    static const struct {
        const char *name;
        int n;
        uint64_t size[3];
        int refused;       /* index of the first refused add, -1 if none */
        const char *msg;
        uint64_t total;    /* of what was added */
    } cases[] = {
        {"2^63-1 + 2^63-1 + 3", 3, {MAX63, MAX63, 3}, 1, "the sizes add up to more than 2^63-1 bytes", MAX63},
        {"2^63-1 + 0", 2, {MAX63, 0}, -1, "", MAX63},
        {"2^62 + 2^62-1 is 2^63-1", 2, {1ull << 62, (1ull << 62) - 1}, -1, "", MAX63},
        {"2^62 + 2^62", 2, {1ull << 62, 1ull << 62}, 1, "the sizes add up to more than 2^63-1 bytes", 1ull << 62},
        {"2^63-1 + 1", 2, {MAX63, 1}, 1, "the sizes add up to more than 2^63-1 bytes", MAX63},
        {"2^63 alone", 1, {MAX63 + 1}, 0, "file size 9223372036854775808 is over 2^63-1 bytes", 0},
        {"2^64-1 alone", 1, {UINT64_MAX}, 0, "file size 18446744073709551615 is over 2^63-1 bytes", 0},
        {"wraps to 0 in 64 bits", 3, {MAX63, MAX63, 2}, 1, "the sizes add up to more than 2^63-1 bytes", MAX63},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_manifest m;
        fy_err err = {0};
        int refused = -1;
        fy_test_case = cases[i].name;
        fy_manifest_init(&m);
        for (int k = 0; k < cases[i].n && refused < 0; k++) {
            char name[16];
            snprintf(name, sizeof name, "f%d", k);
            if (fy_manifest_add(&m, FY_ENTRY_FILE, 0, cases[i].size[k], 0, name, strlen(name), NULL, &err) != FY_OK)
                refused = k;
        }
        CHECK_INT(refused, cases[i].refused);
        CHECK_INT(err.code, refused < 0 ? FY_OK : FY_ERR_USAGE);
        CHECK_STR(err.msg, cases[i].msg);
        CHECK_INT(m.total, cases[i].total);
        CHECK_INT(m.n, refused < 0 ? cases[i].n : refused);
        fy_manifest_free(&m);
    }
}

/* FY_MANIFEST_BYTES_MAX counts wire path bytes: 32,768 paths of 4096 bytes
 * are exactly at the cap. */
static void test_names_cap(void)
{
    static const struct {
        const char *name;
        uint32_t full;     /* paths of FY_PATH_MAX bytes */
        size_t last;       /* then one path of this many bytes (0: none) */
        fy_result want;
        const char *msg;
    } cases[] = {
        {"names at the cap", FY_MANIFEST_BYTES_MAX / FY_PATH_MAX, 0, FY_OK, ""},
        {"one byte over the cap", FY_MANIFEST_BYTES_MAX / FY_PATH_MAX, 1, FY_ERR_USAGE,
         "the file list is over 128 MiB of names"},
        {"a short name under the cap", FY_MANIFEST_BYTES_MAX / FY_PATH_MAX - 1, 5, FY_OK, ""},
    };
    static char path[FY_PATH_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_manifest m;
        fy_err err = {0};
        fy_result rc = FY_OK;
        fy_test_case = cases[i].name;
        fy_manifest_init(&m);
        for (uint32_t k = 0; k < cases[i].full && rc == FY_OK; k++) {
            /* distinct paths: "0000000123/aaaa..." */
            memset(path, 'a', sizeof path);
            snprintf(path, 11, "%010u", k);
            path[10] = '/';
            rc = fy_manifest_add(&m, FY_ENTRY_FILE, 0, 1, 0, path, sizeof path, NULL, &err);
        }
        CHECK_INT(rc, FY_OK);
        if (cases[i].last)
            rc = fy_manifest_add(&m, FY_ENTRY_FILE, 0, 1, 0, "x/yyyy", cases[i].last, NULL, &err);
        CHECK_INT(rc, cases[i].want);
        CHECK_STR(err.msg, cases[i].msg);
        CHECK(m.name_bytes <= FY_MANIFEST_BYTES_MAX);
        if (m.n)
            CHECK_INT(m.e[m.n - 1].path[0], cases[i].want == FY_OK && cases[i].last ? 'x' : '0');
        fy_manifest_free(&m);
    }
}

/* The arena contract: strings stay put while the list grows, local is the
 * wire path itself when equal, fy_manifest_strdup gives a new one. */
static void test_strings(void)
{
    static const struct {
        const char *name, *path, *local;
        int shared; /* local is the same string as path */
    } cases[] = {
        {"local equal to the path is shared", "docs/a.txt", "docs/a.txt", 1},
        {"a different local is a copy", "docs/a.txt", "docs (1)/a.txt", 0},
        {"a prefix is not equal", "docs/a.txt", "docs/a.tx", 0},
        {"no local", "docs/a.txt", NULL, 0},
    };
    fy_manifest m;
    fy_err err = {0};
    char *first;
    int ok = 1;
    fy_manifest_init(&m);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_entry *e;
        fy_test_case = cases[i].name;
        CHECK_INT(fy_manifest_add(&m, FY_ENTRY_FILE, 0, 1, 0, cases[i].path, strlen(cases[i].path), cases[i].local,
                                  &err),
                  FY_OK);
        e = &m.e[m.n - 1];
        CHECK_STR(e->path, cases[i].path);
        if (cases[i].local)
            CHECK_STR(e->local, cases[i].local);
        else
            CHECK(e->local == NULL);
        CHECK_INT(e->local == e->path, cases[i].shared);
    }
    fy_test_case = "strings stay put while the list grows";
    first = m.e[0].path;
    for (int k = 0; k < 100000 && ok; k++)
        ok = fy_manifest_add(&m, FY_ENTRY_DIR, 0, 0, 0, "d", 1, "d", &err) == FY_OK;
    CHECK(ok);
    CHECK(m.e[0].path == first);
    CHECK_STR(m.e[0].path, "docs/a.txt");
    CHECK_INT(m.name_bytes, 4 * 10 + 100000);
    fy_test_case = "fy_manifest_strdup replaces a local";
    {
        char *nl = fy_manifest_strdup(&m, "docs (2)/a.txt");
        CHECK(nl != NULL);
        m.e[0].local = nl;
        CHECK_STR(m.e[0].local, "docs (2)/a.txt");
        CHECK_STR(m.e[0].path, "docs/a.txt");
    }
    fy_manifest_free(&m);
    CHECK_INT(m.n, 0);
    CHECK(m.e == NULL);
}

static void test_strset(void)
{
    static const struct {
        const char *name;
        int op;          /* 'a' add, 'p' put, 'h' has, 'g' get */
        const char *key;
        uint32_t value;  /* put: stored; get: wanted */
        int want;
    } cases[] = {
        {"add a new key", 'a', "photos/a.jpg", 0, 1},
        {"add it again", 'a', "photos/a.jpg", 0, 0},
        {"has it", 'h', "photos/a.jpg", 0, 1},
        {"not a prefix of it", 'h', "photos/a.jp", 0, 0},
        {"not an extension of it", 'h', "photos/a.jpgx", 0, 0},
        {"empty key is a key", 'a', "", 0, 1},
        {"has the empty key", 'h', "", 0, 1},
        {"put a value", 'p', "photos", 7, 1},
        {"get it", 'g', "photos", 7, 1},
        {"put over it", 'p', "photos", 9, 0},
        {"get the new value", 'g', "photos", 9, 1},
        {"get a missing key", 'g', "video", 0, 0},
    };
    fy_strset *s = fy_strset_new();
    char key[32];
    int ok = 1;
    CHECK(s != NULL);
    if (!s)
        return;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint32_t v = 12345;
        fy_test_case = cases[i].name;
        switch (cases[i].op) {
        case 'a': CHECK_INT(fy_strset_add(s, cases[i].key), cases[i].want); break;
        case 'p': CHECK_INT(fy_strset_put(s, cases[i].key, cases[i].value), cases[i].want); break;
        case 'h': CHECK_INT(fy_strset_has(s, cases[i].key), cases[i].want); break;
        case 'g':
            CHECK_INT(fy_strset_get(s, cases[i].key, &v), cases[i].want);
            CHECK_INT(v, cases[i].want ? cases[i].value : 12345);
            break;
        }
    }
    /* Through many grows: every key keeps its value, none appears twice. */
    fy_test_case = "200,000 keys";
    for (uint32_t k = 0; k < 200000 && ok; k++) {
        snprintf(key, sizeof key, "dir/%u", k);
        ok = fy_strset_put(s, key, k) == 1;
    }
    CHECK(ok);
    for (uint32_t k = 0; k < 200000 && ok; k++) {
        uint32_t v = 0;
        snprintf(key, sizeof key, "dir/%u", k);
        ok = fy_strset_get(s, key, &v) && v == k && fy_strset_add(s, key) == 0;
    }
    CHECK(ok);
    CHECK_INT(fy_strset_has(s, "dir/200000"), 0);
    CHECK_INT(fy_strset_has(s, "photos/a.jpg"), 1);
    fy_strset_free(s);
}

int main(void)
{
    test_sizes();
    test_names_cap();
    test_strings();
    test_strset();
    fy_test_case = NULL;
    return fy_test_done("manifest");
}
