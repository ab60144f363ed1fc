/* fy_discovery.h: finding Ferry machines on the local network over UDP.
 *
 * A running receiver announces itself every few seconds and answers
 * queries; anyone can ask. Packets go to each IPv4 interface's directed
 * broadcast address (a plain 255.255.255.255 leaves by one interface only,
 * which is how "I can't see the other PC" happens in similar tools);
 * answers to a query go back unicast to the asker, within the limits of
 * fy_disco_limiter. Under a flood the thread drops what it will not answer
 * after a look at the header, and reads for at most a tenth of its time. */
#ifndef FY_DISCOVERY_H
#define FY_DISCOVERY_H

#include <stdint.h>

#include "core/fy_disco.h"
#include "core/fy_result.h"

#define FY_DISCO_ANNOUNCE_MS 2000u

typedef struct fy_discovery fy_discovery;

/* self describes this machine (self->port 0: only looking, not receiving).
 * With listen set, binds UDP port (others' queries arrive there) and
 * announces; without it, uses any free port and only asks. changed runs on
 * the discovery thread when the peer list changes (at most 4 times a
 * second: changes in between are told together). */
fy_result fy_discovery_start(uint16_t port, int listen, const fy_disco_msg *self, void (*changed)(void *), void *ud,
                             fy_discovery **out, fy_err *err) FY_MUST_USE;
void fy_discovery_stop(fy_discovery *d);
/* Asks the network again now (a query to every interface). */
void fy_discovery_query(fy_discovery *d);
/* Copies the peers heard within the last FY_DISCO_TTL_MS; returns count. */
int fy_discovery_peers(fy_discovery *d, fy_peer *out, int cap);

/* Queries left unanswered by the reply limits since the last call, and the
 * source of the last one (host byte order): for the receiver's reason log. */
int fy_discovery_limited(fy_discovery *d, uint32_t *last_from);

#endif
