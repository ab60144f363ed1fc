/* test_trust.c: the paired-devices list and the rule that decides, from
 * both sides' PAIR_STATUS flags, whether to go on, pair, or refuse. */
#include <stdlib.h>

#include "core/fy_trust.h"
#include "fy_test.h"

#define K FY_TRUST_KNOWS_YOU
#define C FY_TRUST_CAN_PAIR
#define U FY_TRUST_UNPAIRED_OK

static void test_decide(void)
{
    static const struct {
        const char *name;
        uint8_t mine, theirs;
        fy_trust_decision want;
    } cases[] = {
        {"both know each other", K, K, FY_TRUST_PROCEED},
        {"both know, people present", K | C, K | C, FY_TRUST_PROCEED},
        {"both accept the risk", U, U, FY_TRUST_PROCEED},
        {"I know, they accept the risk", K, U, FY_TRUST_PROCEED},
        {"strangers with people on both sides", C, C, FY_TRUST_PAIR},
        {"they know me, I don't know them: pair again", C, K | C, FY_TRUST_PAIR},
        {"I know, they don't, both can pair", K | C, C, FY_TRUST_PAIR},
        {"stranger, nobody here", 0, C, FY_TRUST_REFUSE},
        {"stranger, nobody there", C, 0, FY_TRUST_REFUSE},
        {"I accept the risk, they need a code but nobody is here", U, C, FY_TRUST_REFUSE},
        {"I know them, they need a code, nobody here", K, C, FY_TRUST_REFUSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_err err = {0};
        fy_trust_decision d;
        fy_test_case = cases[i].name;
        d = fy_trust_decide(cases[i].mine, cases[i].theirs, "desk", &err);
        CHECK_INT(d, cases[i].want);
        /* symmetric: the other side reaches the same decision */
        CHECK_INT(fy_trust_decide(cases[i].theirs, cases[i].mine, "desk", NULL), cases[i].want);
        if (d == FY_TRUST_REFUSE) {
            CHECK_INT(err.code, FY_ERR_UNTRUSTED);
            CHECK(strstr(err.msg, "\"desk\"") != NULL);
        }
    }
}

static void test_list(void)
{
    fy_trust t = {0};
    uint8_t a[32], b[32];
    char *text;
    fy_err err = {0};
    memset(a, 0xAA, 32);
    memset(b, 0xBB, 32);

    fy_test_case = "add, find, replace, remove";
    CHECK_INT(fy_trust_add(&t, a, "desk", 100, &err), FY_OK);
    CHECK_INT(fy_trust_add(&t, b, "laptop\nevil", 200, &err), FY_OK);
    CHECK_INT(t.n, 2);
    CHECK(fy_trust_find_key(&t, a) != NULL);
    CHECK_STR(fy_trust_find_key(&t, b)->name, "laptop?evil"); /* a newline cannot split the file */
    CHECK_INT(fy_trust_add(&t, b, "desk", 300, &err), FY_OK); /* b renamed to desk: a's entry goes */
    CHECK_INT(t.n, 1);
    CHECK(fy_trust_find_key(&t, a) == NULL);
    CHECK_STR(fy_trust_find_name(&t, "desk")->name, "desk");
    CHECK_INT(fy_trust_add(&t, a, "desk", 400, &err), FY_OK); /* desk with a new key: replaced */
    CHECK_INT(t.n, 1);
    CHECK(fy_trust_find_key(&t, b) == NULL);
    CHECK_INT(fy_trust_add(&t, b, "laptop", 500, &err), FY_OK);
    CHECK_INT(t.n, 2);

    fy_test_case = "format and parse round trip";
    text = fy_trust_format(&t);
    {
        fy_trust u;
        CHECK_INT(fy_trust_parse(text, strlen(text), &u, &err), FY_OK);
        CHECK_INT(u.n, t.n);
        CHECK_MEM(u.v[0].key, t.v[0].key, 32);
        CHECK_STR(u.v[0].name, t.v[0].name);
        CHECK_INT(u.v[0].paired_at, t.v[0].paired_at);
        fy_trust_free(&u);
    }
    free(text);

    fy_test_case = "damaged lines are dropped";
    {
        static const char bad[] = "ferry-peers 1\n"
                                  "zz not a key\n"
                                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 5 good\n"
                                  "aaaa 5 short key\n";
        fy_trust u;
        CHECK_INT(fy_trust_parse(bad, strlen(bad), &u, &err), FY_OK);
        CHECK_INT(u.n, 1);
        CHECK_STR(u.v[0].name, "good");
        fy_trust_free(&u);
    }
    fy_test_case = "unknown format is an error";
    {
        fy_trust u;
        fy_err e2 = {0};
        CHECK_INT(fy_trust_parse("something else\n", 15, &u, &e2), FY_ERR_IO);
        CHECK_STR(e2.msg, "peers file has an unknown format");
    }
    fy_test_case = "remove";
    CHECK_INT(fy_trust_remove(&t, "desk"), 1);
    CHECK_INT(fy_trust_remove(&t, "desk"), 0);
    fy_trust_free(&t);
}

int main(void)
{
    test_decide();
    test_list();
    fy_test_case = NULL;
    return fy_test_done("trust");
}
