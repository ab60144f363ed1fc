#include "fy_queue.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fy_platform.h"

#define NO_SLOT ((size_t)-1)

struct fy_queue {
    SDL_mutex *lock;
    SDL_cond *filled;        /* an event was queued: for pop */
    SDL_cond *freed;         /* a slot was freed: for a push that found none */
    fy_event *ev;            /* FY_QUEUE_CAP slots, a ring from head */
    size_t head, count;
    size_t summary;          /* slot of the "N more warnings" event, or NO_SLOT */
    unsigned long dropped;   /* warnings it stands for (owed if no slot yet) */
    int peers_waiting;       /* a PEERS event is queued */
    int peers_owed;          /* a PEERS found every slot taken */
    size_t payload_bytes;    /* of the payloads queued, FY_QUEUE_PAYLOAD_MAX at most */
    /* Events that must arrive and found every slot taken, oldest first;
     * they move into the ring as the front end frees slots. */
    struct overflow *over, **over_tail;
    void (*wake)(void *);
    void *wake_ud;
};

struct overflow {
    struct overflow *next;
    fy_event ev;
};

fy_queue *fy_queue_new(void (*wake)(void *), void *wake_ud)
{
    fy_queue *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->lock = SDL_CreateMutex();
    q->filled = SDL_CreateCond();
    q->freed = SDL_CreateCond();
    q->ev = malloc(FY_QUEUE_CAP * sizeof *q->ev);
    q->summary = NO_SLOT;
    q->over_tail = &q->over;
    q->wake = wake;
    q->wake_ud = wake_ud;
    if (!q->lock || !q->filled || !q->freed || !q->ev) {
        fy_queue_free(q);
        return NULL;
    }
    return q;
}

void fy_queue_free(fy_queue *q)
{
    if (!q)
        return;
    while (q->over) {
        struct overflow *o = q->over;
        q->over = o->next;
        free(o->ev.payload);
        free(o);
    }
    if (q->ev)
        for (size_t i = 0; i < q->count; i++)
            free(q->ev[(q->head + i) % FY_QUEUE_CAP].payload);
    if (q->lock)
        SDL_DestroyMutex(q->lock);
    if (q->filled)
        SDL_DestroyCond(q->filled);
    if (q->freed)
        SDL_DestroyCond(q->freed);
    free(q->ev);
    free(q);
}

/* Appends ev; the caller checked there is a free slot. Returns the slot. */
static size_t place(fy_queue *q, const fy_event *ev)
{
    size_t slot = (q->head + q->count) % FY_QUEUE_CAP;
    q->ev[slot] = *ev;
    q->count++;
    SDL_CondSignal(q->filled);
    return slot;
}

/* Once slots are free: first what must arrive and overflowed, then the
 * PEERS event and the warnings summary that found no slot. Those two are
 * one event each, so they may use the reserved slots without crowding out
 * what must arrive. */
static void settle_owed(fy_queue *q)
{
    while (q->over && q->count < FY_QUEUE_CAP) {
        struct overflow *o = q->over;
        place(q, &o->ev);
        if (!(q->over = o->next))
            q->over_tail = &q->over;
        free(o);
    }
    if (q->over)
        return;
    if (q->peers_owed && q->count < FY_QUEUE_CAP) {
        fy_event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = FY_EV_PEERS;
        place(q, &ev);
        q->peers_owed = 0;
        q->peers_waiting = 1;
    }
    if (q->dropped && q->summary == NO_SLOT && q->count < FY_QUEUE_CAP) {
        fy_event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = FY_EV_WARNING; /* its text is written when it is taken */
        q->summary = place(q, &ev);
    }
}

/* A front end or a thread waiting for an answer depends on these. */
static int must_arrive(const fy_event *ev)
{
    switch (ev->type) {
    case FY_EV_PROGRESS:
    case FY_EV_PEERS:
        return 0;
    case FY_EV_WARNING:
        /* One with a result is a connection refused before its offer: it
         * ended, and `receive --once` ends with it. */
        return ev->result != FY_OK;
    default:
        return 1;
    }
}

/* Every slot is taken. Waiting for the front end could deadlock (it may be
 * the thread pushing, or waiting for this one in fy_engine_destroy), and
 * the event must not be dropped: it goes in a list past the ring. Only a
 * front end that left FY_QUEUE_CAP events unread gets here, with at least
 * FY_QUEUE_RESERVED of them events that must arrive. If even that
 * allocation fails, waiting is the one thing left. */
static void push_past_ring(fy_queue *q, const fy_event *ev)
{
    struct overflow *o = malloc(sizeof *o);
    if (!o) {
        while (q->over || q->count == FY_QUEUE_CAP)
            SDL_CondWait(q->freed, q->lock);
        place(q, ev);
        return;
    }
    o->next = NULL;
    o->ev = *ev;
    *q->over_tail = o;
    q->over_tail = &o->next;
}

static fy_event *waiting_progress(fy_queue *q, fy_xfer_id xfer)
{
    for (size_t i = 0; i < q->count; i++) {
        fy_event *old = &q->ev[(q->head + i) % FY_QUEUE_CAP];
        if (old->type == FY_EV_PROGRESS && old->xfer == xfer)
            return old;
    }
    return NULL;
}

void fy_queue_push(fy_queue *q, const fy_event *in)
{
    fy_event *old, copy;
    const fy_event *ev = in;
    int room;
    SDL_LockMutex(q->lock);
    if (in->payload && (!must_arrive(in) || in->payload_len > FY_QUEUE_PAYLOAD_MAX - q->payload_bytes)) {
        /* Only events that must arrive carry payloads; past the budget the
         * event still arrives, without its bytes. */
        copy = *in;
        free(copy.payload);
        copy.payload = NULL;
        snprintf(copy.text, sizeof copy.text,
                 "a text of %zu bytes was dropped: %zu bytes of texts were already waiting to be shown",
                 copy.payload_len, q->payload_bytes);
        copy.payload_len = 0;
        ev = &copy;
    }
    q->payload_bytes += ev->payload ? ev->payload_len : 0;
    /* Events that can give way stop short of the reserved slots. */
    room = q->count < FY_QUEUE_CAP - FY_QUEUE_RESERVED;
    if (must_arrive(ev)) {
        if (q->count < FY_QUEUE_CAP && !q->over)
            place(q, ev);
        else
            push_past_ring(q, ev);
    } else if (ev->type == FY_EV_PROGRESS) {
        /* Only the latest counters of a transfer matter. Without room it is
         * dropped: the next PROGRESS or the FINISHED says the same. */
        if ((old = waiting_progress(q, ev->xfer)) != NULL)
            *old = *ev;
        else if (room)
            place(q, ev);
    } else if (ev->type == FY_EV_PEERS) {
        /* It says "read the list again": one waiting is enough. */
        if (!q->peers_waiting && !q->peers_owed) {
            q->peers_owed = 1;
            settle_owed(q);
        }
    } else if (room) {
        place(q, ev); /* a warning */
    } else {
        q->dropped++;
        settle_owed(q);
    }
    SDL_UnlockMutex(q->lock);
    if (q->wake)
        q->wake(q->wake_ud);
}

int fy_queue_pop(fy_queue *q, fy_event *ev, unsigned wait_ms)
{
    uint64_t until = fy_plat_now_ms() + wait_ms;
    int got = 0;
    SDL_LockMutex(q->lock);
    /* A loop: a condition variable may wake early, or another popper may
     * have taken the event. */
    while (q->count == 0) {
        uint64_t now = fy_plat_now_ms();
        if (now >= until)
            break;
        SDL_CondWaitTimeout(q->filled, q->lock, (Uint32)(until - now));
    }
    if (q->count > 0) {
        *ev = q->ev[q->head];
        if (q->head == q->summary) {
            snprintf(ev->text, sizeof ev->text, "%lu more warning%s not shown: too many came at once", q->dropped,
                     q->dropped == 1 ? " was" : "s were");
            q->dropped = 0;
            q->summary = NO_SLOT;
        }
        if (ev->type == FY_EV_PEERS)
            q->peers_waiting = 0;
        if (ev->payload)
            q->payload_bytes -= ev->payload_len;
        q->head = (q->head + 1) % FY_QUEUE_CAP;
        q->count--;
        got = 1;
        settle_owed(q);
        SDL_CondSignal(q->freed);
    }
    SDL_UnlockMutex(q->lock);
    return got;
}
