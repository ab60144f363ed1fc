/* fy_disco.h: nearby machines. The UDP packet format (pure encode/decode on
 * byte buffers) and the table of peers heard recently.
 *
 * Packet (docs/PROTOCOL.md, "Discovery"), at most FY_DISCO_MAX bytes:
 *   "FYD1" (4) · u8 type · u8 protocol version (1) · u16 TCP port ·
 *   32-byte X25519 public key · str16 device name (<=63) · str16 OS (<=15)
 * type: 1 ANNOUNCE (broadcast: "I am here"), 2 QUERY (broadcast: "who is
 * there?", the asker's own fields describe it; port 0 = not receiving),
 * 3 REPLY (unicast answer to a QUERY). */
#ifndef FY_DISCO_H
#define FY_DISCO_H

#include <stddef.h>
#include <stdint.h>

#include "fy_result.h"
#include "fy_wire.h"

#define FY_DISCO_MAGIC "FYD1"
#define FY_DISCO_MAX 160
#define FY_DISCO_PEERS_MAX 256  /* a flood of fake peers cannot grow memory */
#define FY_DISCO_TTL_MS 15000u  /* forget a peer silent this long */

typedef enum { FY_DISCO_ANNOUNCE = 1, FY_DISCO_QUERY = 2, FY_DISCO_REPLY = 3 } fy_disco_type;

typedef struct fy_disco_msg {
    uint8_t type;
    uint8_t version;
    uint16_t port;
    uint8_t key[32];
    char device[FY_DEVICE_NAME_MAX + 1];
    char os[FY_OS_NAME_MAX + 1];
} fy_disco_msg;

/* Returns the packet length, 0 if out is too small. */
size_t fy_disco_encode(const fy_disco_msg *m, uint8_t *out, size_t cap);
/* FY_ERR_PROTOCOL for anything that is not a well-formed packet of ours
 * (other programs use these ports too: such packets are just ignored). */
fy_result fy_disco_decode(const uint8_t *p, size_t n, fy_disco_msg *m) FY_MUST_USE;

typedef struct fy_peer {
    uint8_t key[32];
    char name[FY_DEVICE_NAME_MAX + 1];
    char os[FY_OS_NAME_MAX + 1];
    uint32_t addr;     /* IPv4, host order */
    uint16_t port;     /* TCP port it receives on */
    uint64_t seen_ms;
} fy_peer;

typedef struct fy_peer_table {
    fy_peer v[FY_DISCO_PEERS_MAX];
    int n;
} fy_peer_table;

/* Adds or refreshes (same key and address: a machine with two interfaces
 * is listed once per address). Returns 1 if the table changed visibly. */
int fy_peer_table_update(fy_peer_table *t, const fy_disco_msg *m, uint32_t addr, uint64_t now_ms);
/* Drops peers silent longer than ttl_ms; returns how many went. */
int fy_peer_table_expire(fy_peer_table *t, uint64_t now_ms, uint64_t ttl_ms);

#endif
