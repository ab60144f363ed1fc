/* fy_disco.h: nearby machines. The UDP packet format (pure encode/decode on
 * byte buffers), the table of peers heard recently, and the limiter that
 * decides which queries get a reply.
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
#define FY_DISCO_MIN 44         /* the fixed fields and two empty names: the shortest packet */

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

/* The fixed fields, checked without reading the names: enough to drop a
 * packet that is not ours, or a query that will not be answered, for the
 * price of a few compares (a flood arrives by the hundred thousand per
 * second). FY_OK does not mean fy_disco_decode will accept the packet. */
typedef struct fy_disco_head {
    uint8_t type;
    uint16_t port;
    const uint8_t *key; /* 32 bytes, inside p */
} fy_disco_head;
fy_result fy_disco_peek(const uint8_t *p, size_t n, fy_disco_head *h) FY_MUST_USE;

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

/* Which queries get a REPLY (docs/PROTOCOL.md, "Discovery"). A reply goes
 * to the address a query claims to come from, so without a limit anyone on
 * the network can point a receiver's replies at a third machine (one
 * flood got 613,298 replies in 15 s), and every reply costs the receiver.
 * Token buckets: each source address may have FY_DISCO_REPLY_RATE replies a
 * second with bursts of FY_DISCO_REPLY_BURST, and all sources together
 * FY_DISCO_REPLY_RATE_ALL a second with bursts of FY_DISCO_REPLY_BURST_ALL.
 * `ferry peers` asks twice; a window asking twice a second stays under the
 * rate for one source; a LAN of a dozen such windows under the rate for all.
 * The table of sources has a fixed size: a new source takes the place of
 * the fullest bucket (then of the one heard from longest ago), so spoofed
 * random sources cannot grow memory (they each get a fresh burst: the
 * limit for all is what holds them). Times are any millisecond clock; one
 * running backwards refills nothing, and one wrapping around 2^64 refills
 * as if it had not. */
#define FY_DISCO_REPLY_RATE 4u      /* per source address, per second */
#define FY_DISCO_REPLY_BURST 8u
#define FY_DISCO_REPLY_RATE_ALL 40u /* all sources, per second */
#define FY_DISCO_REPLY_BURST_ALL 40u
#define FY_DISCO_SOURCES_MAX 64

typedef struct fy_disco_bucket {
    uint64_t at_ms;    /* last refill */
    uint32_t milli;    /* tokens, in thousandths */
    uint32_t addr;     /* IPv4, host order (unused for the global bucket) */
} fy_disco_bucket;

typedef struct fy_disco_limiter {
    fy_disco_bucket all;
    fy_disco_bucket src[FY_DISCO_SOURCES_MAX];
    int n;
} fy_disco_limiter;

/* Every bucket full at now_ms. */
void fy_disco_limiter_init(fy_disco_limiter *l, uint64_t now_ms);
/* 1: answer this query from addr (a token is taken from its bucket and
 * from the global one); 0: drop it (nothing is taken). */
int fy_disco_limiter_allow(fy_disco_limiter *l, uint32_t addr, uint64_t now_ms);

#endif
