/* fy_queue.h: the event queue from engine threads to the front end.
 *
 * Bounded: a ring of FY_QUEUE_CAP slots, allocated once by fy_queue_new, so
 * a push does not allocate and cannot fail. Two kinds of events share it:
 *
 *  - events that must arrive: every type but PROGRESS, PEERS and WARNING,
 *    and a WARNING that carries a result (a connection refused before its
 *    offer: `receive --once` ends with it). A front end, or a thread
 *    waiting for an answer, depends on each. They may use every slot; the
 *    last FY_QUEUE_RESERVED are theirs alone. Should all FY_QUEUE_CAP be
 *    taken, they queue past the ring rather than wait (the front end may be
 *    the thread pushing, or be waiting for it) or be dropped.
 *  - the rest give way under pressure: a PROGRESS replaces an earlier one of
 *    the same transfer still waiting (and is dropped if there is no room: a
 *    later PROGRESS or the FINISHED carries the same counters); a PEERS is
 *    dropped while another PEERS waits (the front end reads the whole list
 *    when it takes it); WARNINGs past the bound are counted and arrive as
 *    one "N more warnings were not shown" warning. */
#ifndef FY_QUEUE_H
#define FY_QUEUE_H

#include "fy_engine.h"

/* A front end takes events every 100 ms at most (the terminal's wait, the
 * window's frame). In that time the engine queues a few per transfer, and
 * coalescing keeps PROGRESS at one per transfer and PEERS at one in all, so
 * only a flood of warnings (a folder of unreadable files) or hundreds of
 * transfers ending together come near the bound. 1024 events is more
 * warnings than anyone reads, and costs 1024 * sizeof(fy_event) (~2.3 MiB)
 * of address space, mostly never touched. A quarter is kept for events
 * that must arrive: a transfer queues about four of them (PAIR, OFFER or
 * WAITING, STARTED, FINISHED; a BUSY per retry comes seconds apart), so
 * 256 cover some 60 transfers the front end has not looked at yet before
 * anything is allocated. */
#define FY_QUEUE_CAP 1024u
#define FY_QUEUE_RESERVED 256u
/* Bytes of event payloads (received texts, at most 64 KiB each) the queue
 * holds for a front end that does not take them: 64 texts of the largest
 * size. A text past it arrives as its FINISHED event without the bytes,
 * saying so, rather than grow memory without a bound. */
#define FY_QUEUE_PAYLOAD_MAX (4u << 20)

typedef struct fy_queue fy_queue;

/* wake (may be NULL) runs on the pushing thread once per fy_queue_push,
 * after the queue is unlocked. NULL if out of memory. */
fy_queue *fy_queue_new(void (*wake)(void *), void *wake_ud);
/* No thread may be pushing or popping any more. */
void fy_queue_free(fy_queue *q);
/* Queues a copy of ev as described above. It cannot fail, hence void. The
 * queue takes over ev->payload (and frees it if the event is dropped, or
 * the payload budget is spent); fy_queue_pop hands it to the taker. */
void fy_queue_push(fy_queue *q, const fy_event *ev);
/* Takes the oldest event, waiting up to wait_ms for one (0: do not wait).
 * Returns 1 if one was taken, 0 if none came. */
int fy_queue_pop(fy_queue *q, fy_event *ev, unsigned wait_ms);

#endif
