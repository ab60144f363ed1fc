/* test_disco.c: discovery packets (round trip, and everything that must be
 * ignored) and the peer table (update, two addresses, expiry, cap). */
#include <stdio.h>

#include "core/fy_disco.h"
#include "fy_test.h"

static fy_disco_msg sample(uint8_t type, uint8_t keybyte, const char *name)
{
    fy_disco_msg m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.version = 1;
    m.port = 53317;
    memset(m.key, keybyte, 32);
    snprintf(m.device, sizeof m.device, "%s", name);
    snprintf(m.os, sizeof m.os, "Linux");
    return m;
}

static void test_packets(void)
{
    uint8_t buf[FY_DISCO_MAX];
    fy_disco_msg in = sample(FY_DISCO_ANNOUNCE, 7, "desk"), out;
    size_t n;

    fy_test_case = "round trip";
    n = fy_disco_encode(&in, buf, sizeof buf);
    CHECK_INT(n, 4 + 1 + 1 + 2 + 32 + 2 + 4 + 2 + 5);
    CHECK_INT(fy_disco_decode(buf, n, &out), FY_OK);
    CHECK_STR(out.device, "desk");
    CHECK_INT(out.port, 53317);
    CHECK_MEM(out.key, in.key, 32);

    fy_test_case = "every truncation is ignored";
    for (size_t k = 0; k < n; k++)
        CHECK_INT(fy_disco_decode(buf, k, &out), FY_ERR_PROTOCOL);
    fy_test_case = "trailing bytes are ignored";
    CHECK_INT(fy_disco_decode(buf, n + 1, &out), FY_ERR_PROTOCOL);

    {
        static const struct {
            const char *name;
            size_t at;
            uint8_t value;
        } bad[] = {{"wrong magic", 0, 'X'}, {"unknown type 0", 4, 0}, {"unknown type 9", 4, 9}, {"version 2", 5, 2},
                   {"name length past the end", 40, 0xFF}};
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            uint8_t copy[FY_DISCO_MAX];
            fy_test_case = bad[i].name;
            memcpy(copy, buf, n);
            copy[bad[i].at] = bad[i].value;
            CHECK_INT(fy_disco_decode(copy, n, &out), FY_ERR_PROTOCOL);
        }
    }
    fy_test_case = "name with an escape sequence is made printable";
    in = sample(FY_DISCO_REPLY, 1, "\x1b[2Jdesk");
    n = fy_disco_encode(&in, buf, sizeof buf);
    CHECK_INT(fy_disco_decode(buf, n, &out), FY_OK);
    CHECK_STR(out.device, "?[2Jdesk");
    fy_test_case = "invalid UTF-8 name is ignored";
    in = sample(FY_DISCO_REPLY, 1, "\xff\xfe");
    n = fy_disco_encode(&in, buf, sizeof buf);
    CHECK_INT(fy_disco_decode(buf, n, &out), FY_ERR_PROTOCOL);
    fy_test_case = "oversized packet is ignored";
    CHECK_INT(fy_disco_decode(buf, FY_DISCO_MAX + 1, &out), FY_ERR_PROTOCOL);
}

static void test_table(void)
{
    static fy_peer_table t;
    fy_disco_msg a = sample(FY_DISCO_ANNOUNCE, 1, "desk"), b = sample(FY_DISCO_ANNOUNCE, 2, "laptop");

    fy_test_case = "new peers change the table, repeats do not";
    CHECK_INT(fy_peer_table_update(&t, &a, 0x0A000001, 1000), 1);
    CHECK_INT(fy_peer_table_update(&t, &a, 0x0A000001, 2000), 0);
    CHECK_INT(fy_peer_table_update(&t, &b, 0x0A000002, 2000), 1);
    CHECK_INT(t.n, 2);
    fy_test_case = "one machine, two interfaces: two entries";
    CHECK_INT(fy_peer_table_update(&t, &a, 0x0A010001, 2000), 1);
    CHECK_INT(t.n, 3);
    fy_test_case = "a rename is a change";
    snprintf(a.device, sizeof a.device, "desk2");
    CHECK_INT(fy_peer_table_update(&t, &a, 0x0A000001, 3000), 1);
    fy_test_case = "silent peers expire";
    CHECK_INT(fy_peer_table_expire(&t, 2000 + FY_DISCO_TTL_MS + 1, FY_DISCO_TTL_MS), 2);
    CHECK_INT(t.n, 1);
    CHECK_STR(t.v[0].name, "desk2");
    fy_test_case = "a flood of fake peers stops at the cap";
    for (int i = 0; i < FY_DISCO_PEERS_MAX + 50; i++) {
        fy_disco_msg f = sample(FY_DISCO_ANNOUNCE, (uint8_t)i, "fake");
        f.key[31] = (uint8_t)(i >> 8);
        fy_peer_table_update(&t, &f, 0x0B000000u + (uint32_t)i, 5000);
    }
    CHECK_INT(t.n, FY_DISCO_PEERS_MAX);
}

int main(void)
{
    test_packets();
    test_table();
    fy_test_case = NULL;
    return fy_test_done("disco");
}
