/* fy_cli_peers.c: `ferry peers` (nearby and paired machines) and finding a
 * machine by name for `ferry send --to NAME`. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fy_disco.h"
#include "core/fy_pair.h"
#include "core/fy_trust.h"
#include "core/fy_util.h"
#include "fy_cli.h"
#include "net/fy_discovery.h"
#include "net/fy_engine.h"
#include "platform/fy_platform.h"

/* Listens for wait_ms, asking as it goes; returns the peers heard. */
static fy_result look_around(uint16_t port, unsigned wait_ms, fy_peer *out, int cap, int *n, fy_err *err)
{
    char dir[1024];
    uint8_t priv[32];
    fy_disco_msg self;
    fy_discovery *d = NULL;
    fy_result rc;

    memset(&self, 0, sizeof self);
    if ((rc = fy_plat_config_dir(dir, sizeof dir, err)) != FY_OK)
        return rc;
    /* Only the public key goes out (it also tells our own broadcasts
     * apart); the private one is wiped at once, whatever the result. */
    rc = fy_identity_load(dir, priv, self.key, err);
    sodium_memzero(priv, sizeof priv);
    if (rc != FY_OK)
        return rc;
    fy_plat_host_name(self.device, sizeof self.device);
    snprintf(self.os, sizeof self.os, "%s", fy_plat_os_name());
    if ((rc = fy_discovery_start(port, 0, &self, NULL, NULL, &d, err)) != FY_OK)
        return rc;
    /* Asked again every 300 ms while listening: a lost UDP packet (or a
     * receiver's socket full under a flood, which drops most of what
     * arrives) must not hide a machine. 4 or 5 a second stays within the
     * replies a receiver gives one address (docs/PROTOCOL.md, section 15). */
    for (unsigned waited = 0; waited < wait_ms;) {
        unsigned step = wait_ms - waited < 300 ? wait_ms - waited : 300;
        fy_plat_sleep_ms(step);
        waited += step;
        if (waited < wait_ms)
            fy_discovery_query(d);
    }
    *n = fy_discovery_peers(d, out, cap);
    fy_discovery_stop(d);
    return FY_OK;
}

static void addr_str(uint32_t a, char *out, size_t cap)
{
    snprintf(out, cap, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

int fy_cli_resolve_name(const char *name, uint16_t port, char *host, size_t cap, uint16_t *tcp_port)
{
    static fy_peer peers[FY_DISCO_PEERS_MAX];
    fy_err err = {0};
    int n = 0, found = -1;

    if (look_around(port, 1500, peers, FY_DISCO_PEERS_MAX, &n, &err) != FY_OK)
        return 0;
    for (int i = 0; i < n; i++) {
        if (!fy_streq_nocase(peers[i].name, name))
            continue;
        if (found >= 0 && memcmp(peers[found].key, peers[i].key, 32) != 0) {
            char a[20], b[20];
            addr_str(peers[found].addr, a, sizeof a);
            addr_str(peers[i].addr, b, sizeof b);
            fprintf(stderr, "ferry: two machines are called \"%s\" (%s and %s); use an address\n", name, a, b);
            return -1;
        }
        if (found < 0)
            found = i;
    }
    if (found < 0)
        return 0;
    addr_str(peers[found].addr, host, cap);
    *tcp_port = peers[found].port;
    return 1;
}

static int by_name(const void *a, const void *b)
{
    const fy_peer *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->addr > y->addr) - (x->addr < y->addr);
}

int fy_cli_peers(int argc, char **argv)
{
    static fy_peer peers[FY_DISCO_PEERS_MAX];
    unsigned wait_ms = 1500;
    uint16_t port = FY_DEFAULT_PORT;
    char dir[1024];
    fy_trust trust = {0};
    fy_err err = {0};
    int n = 0;

    for (int i = 0; i < argc; i++) {
        char *end;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("Usage: ferry peers [--wait SECONDS] [--port PORT]\n\n"
                   "Lists Ferry machines on this network (those receiving: `ferry receive` or the window)\n"
                   "and the machines paired with this one.\n");
            return FY_EXIT_OK;
        }
        if ((!strcmp(argv[i], "--wait") || !strcmp(argv[i], "--port")) && i + 1 < argc) {
            long v = strtol(argv[i + 1], &end, 10);
            if (*end || v < 1 || v > (argv[i][2] == 'w' ? 60 : 65535)) {
                fprintf(stderr, "ferry peers: invalid value '%s' for %s\nTry 'ferry peers --help'.\n", argv[i + 1],
                        argv[i]);
                return FY_EXIT_USAGE;
            }
            if (argv[i][2] == 'w')
                wait_ms = (unsigned)v * 1000u;
            else
                port = (uint16_t)v;
            i++;
            continue;
        }
        fprintf(stderr, "ferry peers: unknown option '%s'\nTry 'ferry peers --help'.\n", argv[i]);
        return FY_EXIT_USAGE;
    }
    if (look_around(port, wait_ms, peers, FY_DISCO_PEERS_MAX, &n, &err) != FY_OK ||
        fy_plat_config_dir(dir, sizeof dir, &err) != FY_OK || fy_trust_load(dir, &trust, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        return fy_cli_exit_code(err.code);
    }
    if (n == 0)
        printf("No Ferry machines found on this network (searched for %.1f s).\n", wait_ms / 1000.0);
    else
        printf("Nearby:\n");
    qsort(peers, (size_t)n, sizeof *peers, by_name);
    for (int i = 0; i < n; i++) {
        char a[24], where[32], fp[FY_PAIR_FINGERPRINT_SIZE];
        addr_str(peers[i].addr, a, sizeof a);
        snprintf(where, sizeof where, "%s:%u", a, peers[i].port);
        fy_pair_fingerprint(peers[i].key, fp);
        printf("  %-20s %-8s %-21s  %s  %s\n", peers[i].name, peers[i].os, where, fp,
               fy_trust_find_key(&trust, peers[i].key) ? "paired" : "not paired");
    }
    if (trust.n) {
        printf("Paired:\n");
        for (int i = 0; i < trust.n; i++) {
            char fp[FY_PAIR_FINGERPRINT_SIZE];
            fy_pair_fingerprint(trust.v[i].key, fp);
            printf("  %-20s %s\n", trust.v[i].name, fp);
        }
    }
    fy_trust_free(&trust);
    return FY_EXIT_OK;
}
