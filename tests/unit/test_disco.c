/* test_disco.c: discovery packets (round trip, and everything that must be
 * ignored), the peer table (update, two addresses, expiry, cap) and the
 * limiter that decides which queries get a reply (burst, refill, sources,
 * the global cap, a flood of random sources, clocks going back or round). */
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

/* fy_disco_peek: the fixed fields, and every header fault refused before
 * the names are read. */
static void test_peek(void)
{
    uint8_t buf[FY_DISCO_MAX];
    fy_disco_msg in = sample(FY_DISCO_QUERY, 9, "desk"), out;
    fy_disco_head h;
    size_t n = fy_disco_encode(&in, buf, sizeof buf);
    static const struct {
        const char *name;
        size_t at;
        uint8_t value;
    } bad[] = {{"peek: wrong magic", 3, 'X'}, {"peek: type 0", 4, 0}, {"peek: type 4", 4, 4},
               {"peek: version 0", 5, 0}};

    fy_test_case = "peek reads type, port and key";
    CHECK_INT(fy_disco_peek(buf, n, &h), FY_OK);
    CHECK_INT(h.type, FY_DISCO_QUERY);
    CHECK_INT(h.port, 53317);
    CHECK_MEM(h.key, in.key, 32);
    fy_test_case = "peek: shorter than the fixed fields";
    CHECK_INT(fy_disco_peek(buf, FY_DISCO_MIN - 1, &h), FY_ERR_PROTOCOL);
    fy_test_case = "peek: longer than a packet";
    CHECK_INT(fy_disco_peek(buf, FY_DISCO_MAX + 1, &h), FY_ERR_PROTOCOL);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        uint8_t copy[FY_DISCO_MAX];
        fy_test_case = bad[i].name;
        memcpy(copy, buf, n);
        copy[bad[i].at] = bad[i].value;
        CHECK_INT(fy_disco_peek(copy, n, &h), FY_ERR_PROTOCOL);
    }
    fy_test_case = "peek passes bad names on to decode";
    in = sample(FY_DISCO_QUERY, 9, "\xff");
    n = fy_disco_encode(&in, buf, sizeof buf);
    CHECK_INT(fy_disco_peek(buf, n, &h), FY_OK);
    CHECK_INT(fy_disco_decode(buf, n, &out), FY_ERR_PROTOCOL);
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

/* The limiter on numbers. Per source: FY_DISCO_REPLY_RATE (4) a second,
 * one every 250 ms, bursts of 8; all sources: 40 a second, one every 25 ms,
 * bursts of 40. Each case starts from a fresh limiter at start; each event
 * is `sources` addresses from addr up, each asking `each` times at t, and
 * want is how many of those get a reply. */
#define A 0x0A000001u
#define B 0x0A000002u
#define C 0x0A000003u
#define MANY 0x0B000000u /* the first of consecutive addresses */
#define T0 1000000u
#define WRAP (UINT64_MAX - 99u) /* + 250 ms = 150 */

typedef struct {
    uint64_t t;
    uint32_t addr;
    int sources, each, want;
} limit_event;

static const struct {
    const char *name;
    uint64_t start;
    limit_event ev[4];
} limit_cases[] = {
    {"a burst from one source", T0, {{T0, A, 1, 20, 8}}},
    {"then one more every 250 ms", T0, {{T0, A, 1, 8, 8}, {T0 + 249, A, 1, 1, 0}, {T0 + 250, A, 1, 2, 1},
                                        {T0 + 1000, A, 1, 5, 3}}},
    {"an hour of quiet earns no more than the burst", T0, {{T0, A, 1, 8, 8}, {T0 + 3600000u, A, 1, 20, 8}}},
    {"sources are independent", T0, {{T0, A, 1, 20, 8}, {T0, B, 1, 20, 8}, {T0, A, 1, 1, 0}}},
    {"all sources together: a burst of 40, then one every 25 ms", T0,
     {{T0, MANY, 10, 8, 40}, {T0, C, 1, 1, 0}, {T0 + 25, C, 1, 2, 1}, {T0 + 1025, MANY + 100, 10, 8, 40}}},
    {"a source over its own limit uses none of everyone's", T0,
     {{T0, A, 1, 100, 8}, {T0, MANY, 4, 8, 32}, {T0, C, 1, 1, 0}}},
    {"a source held back by the global limit keeps its own tokens", T0,
     {{T0, MANY, 5, 8, 40}, {T0, A, 1, 3, 0}, {T0 + 250, A, 1, 10, 8}}},
    /* 63 more fill the table (FY_DISCO_SOURCES_MAX 64); the 32 the global
     * limit still allows are answered. C then takes the place of one of
     * the 31 left untouched, not A's: A would come back with a new burst. */
    {"a full table forgets a full bucket, not one at its limit", T0,
     {{T0, A, 1, 8, 8}, {T0 + 1, MANY, 63, 1, 32}, {T0 + 100, C, 1, 1, 1}, {T0 + 100, A, 1, 8, 0}}},
    {"a clock going backwards earns nothing", T0,
     {{T0, A, 1, 8, 8}, {T0 - 5000, A, 1, 8, 0}, {T0 - 4750, A, 1, 2, 1}}},
    {"a clock wrapping around 2^64 earns as usual", WRAP, {{WRAP, A, 1, 8, 8}, {150, A, 1, 2, 1}, {150, B, 1, 1, 1}}},
};

static void test_limiter(void)
{
    static fy_disco_limiter l;
    char name[160];
    for (size_t i = 0; i < sizeof limit_cases / sizeof *limit_cases; i++) {
        fy_disco_limiter_init(&l, limit_cases[i].start);
        for (size_t k = 0; k < 4 && limit_cases[i].ev[k].sources; k++) {
            const limit_event *e = &limit_cases[i].ev[k];
            int got = 0;
            snprintf(name, sizeof name, "%s (event %zu)", limit_cases[i].name, k + 1);
            fy_test_case = name;
            for (int s = 0; s < e->sources; s++)
                for (int j = 0; j < e->each; j++)
                    got += fy_disco_limiter_allow(&l, e->addr + (uint32_t)s, e->t);
            CHECK_INT(got, e->want);
        }
    }
}

/* Ten seconds of 100 queries a millisecond from random (spoofed) sources,
 * plus one real flooder asking every millisecond: the table stays at its
 * size, the replies at the global limit, the flooder at its own (it is
 * never forgotten, so it never gets a fresh burst), and a machine that
 * asks once the flood is over is answered at once. */
static void test_limiter_flood(void)
{
    static fy_disco_limiter l;
    uint32_t x = 0x12345678u;
    long all = 0, flooder = 0;
    const uint64_t secs = 10;

    fy_test_case = "a flood of random sources";
    fy_disco_limiter_init(&l, T0);
    for (uint64_t ms = 0; ms < secs * 1000u; ms++) {
        for (int k = 0; k < 100; k++) {
            x ^= x << 13; /* xorshift32 */
            x ^= x >> 17;
            x ^= x << 5;
            all += fy_disco_limiter_allow(&l, x, T0 + ms);
        }
        flooder += fy_disco_limiter_allow(&l, A, T0 + ms);
    }
    CHECK_INT(l.n, FY_DISCO_SOURCES_MAX);
    CHECK(all + flooder <= (long)(FY_DISCO_REPLY_RATE_ALL * secs + FY_DISCO_REPLY_BURST_ALL));
    CHECK(all + flooder >= (long)(FY_DISCO_REPLY_RATE_ALL * secs)); /* the cap is spent, not lost */
    CHECK(flooder <= (long)(FY_DISCO_REPLY_RATE * secs + FY_DISCO_REPLY_BURST));
    fy_test_case = "after the flood, a new machine is answered";
    CHECK_INT(fy_disco_limiter_allow(&l, B, T0 + secs * 1000u + 1000u), 1);
    CHECK_INT(fy_disco_limiter_allow(&l, B, T0 + secs * 1000u + 1000u), 1);
}

int main(void)
{
    test_packets();
    test_peek();
    test_table();
    test_limiter();
    test_limiter_flood();
    fy_test_case = NULL;
    return fy_test_done("disco");
}
