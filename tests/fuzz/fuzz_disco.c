/* fuzz_disco: discovery datagrams (src/core/fy_disco.c), the table of
 * peers they fill and the limiter that decides which queries get a reply.
 *
 * Input: records of u8 packet length, u8 repeat, u32 sender address,
 * u16 milliseconds since the previous record, then the packet. A packet
 * that decodes updates the table once per repeat (from consecutive
 * addresses: a flood), a query asks the limiter as often, then the table
 * forgets the silent. The clock starts 30 s before it wraps around 2^64.
 *
 * What must hold: a decoded packet has printable, valid UTF-8 names within
 * their caps and encodes to a packet that decodes to the same; the table
 * never holds more than FY_DISCO_PEERS_MAX peers, never one key at one
 * address twice, and none older than the TTL after expiry; fy_disco_peek
 * agrees with the decoder; the limiter never lets more replies through
 * than its overall burst and rate allow. */
#include "fuzz_util.h"

#include "core/fy_disco.h"
#include "core/fy_names.h"

static fy_peer_table g_table;
static fy_disco_limiter g_limit;

/* Both names are printed as they are (`ferry peers`, the window). */
static void check_name(const char *s, size_t max)
{
    size_t n = strlen(s);
    FZ_CHECK(n <= max && fy_names_valid_utf8(s, n));
    for (size_t i = 0; i < n; i++)
        FZ_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7F);
}

static void check_table(uint64_t now, int expired)
{
    FZ_CHECK(g_table.n >= 0 && g_table.n <= FY_DISCO_PEERS_MAX);
    for (int i = 0; i < g_table.n; i++) {
        if (expired)
            FZ_CHECK(now - g_table.v[i].seen_ms <= FY_DISCO_TTL_MS);
        for (int j = i + 1; j < g_table.n; j++)
            FZ_CHECK(g_table.v[i].addr != g_table.v[j].addr || memcmp(g_table.v[i].key, g_table.v[j].key, 32));
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in;
    const uint64_t start = UINT64_MAX - 30000;
    uint64_t now = start, allowed = 0;

    memset(&g_table, 0, sizeof g_table);
    fy_disco_limiter_init(&g_limit, now);
    fz_init(&in, data, size);
    while (fz_left(&in) > 0) {
        size_t want = fz_u8(&in), n;
        unsigned repeat = fz_u8(&in);
        uint32_t addr = fz_u32(&in);
        uint16_t step = fz_u16(&in);
        const uint8_t *p = fz_bytes(&in, want, &n);
        fy_disco_msg m, m2;
        uint8_t pkt[FY_DISCO_MAX + 1];
        size_t len;

        now += step;
        if (fy_disco_decode(p, n, &m) == FY_OK) {
            fy_disco_head h;
            FZ_CHECK(fy_disco_peek(p, n, &h) == FY_OK);
            FZ_CHECK(h.type == m.type && h.port == m.port && !memcmp(h.key, m.key, 32));
            FZ_CHECK(n <= FY_DISCO_MAX);
            FZ_CHECK(m.type >= FY_DISCO_ANNOUNCE && m.type <= FY_DISCO_REPLY && m.version == 1);
            check_name(m.device, FY_DEVICE_NAME_MAX);
            check_name(m.os, FY_OS_NAME_MAX);
            len = fy_disco_encode(&m, pkt, sizeof pkt);
            FZ_CHECK(len > 0 && len <= FY_DISCO_MAX);
            FZ_CHECK(fy_disco_decode(pkt, len, &m2) == FY_OK);
            FZ_CHECK(m2.type == m.type && m2.port == m.port && !memcmp(m2.key, m.key, 32));
            FZ_CHECK(!strcmp(m2.device, m.device) && !strcmp(m2.os, m.os));
            for (unsigned k = 0; k <= repeat; k++) {
                fy_peer_table_update(&g_table, &m, addr + k, now);
                if (m.type == FY_DISCO_QUERY)
                    allowed += (unsigned)fy_disco_limiter_allow(&g_limit, addr + k, now);
            }
            check_table(now, 0);
            FZ_CHECK(g_limit.n >= 0 && g_limit.n <= FY_DISCO_SOURCES_MAX);
            FZ_CHECK(allowed <= FY_DISCO_REPLY_BURST_ALL + FY_DISCO_REPLY_RATE_ALL * ((now - start) / 1000 + 1));
        }
        fy_peer_table_expire(&g_table, now, FY_DISCO_TTL_MS);
        check_table(now, 1);
    }
    return 0;
}
