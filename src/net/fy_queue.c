#include "fy_queue.h"

#include <SDL.h>
#include <stdlib.h>

struct fy_queue {
    SDL_mutex *lock;
    SDL_cond *cond;
    fy_event *ev;
    size_t head, count, cap;
    void (*wake)(void *);
    void *wake_ud;
};

fy_queue *fy_queue_new(void (*wake)(void *), void *wake_ud)
{
    fy_queue *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->lock = SDL_CreateMutex();
    q->cond = SDL_CreateCond();
    q->wake = wake;
    q->wake_ud = wake_ud;
    if (!q->lock || !q->cond) {
        fy_queue_free(q);
        return NULL;
    }
    return q;
}

void fy_queue_free(fy_queue *q)
{
    if (!q)
        return;
    if (q->lock)
        SDL_DestroyMutex(q->lock);
    if (q->cond)
        SDL_DestroyCond(q->cond);
    free(q->ev);
    free(q);
}

int fy_queue_push(fy_queue *q, const fy_event *ev)
{
    int rc = 0;
    SDL_LockMutex(q->lock);
    /* Only the latest progress of a transfer (or peer list) matters. */
    if (ev->type == FY_EV_PROGRESS || ev->type == FY_EV_PEERS) {
        for (size_t i = 0; i < q->count; i++) {
            fy_event *old = &q->ev[(q->head + i) % q->cap];
            if (old->type == FY_EV_PROGRESS && old->xfer == ev->xfer) {
                *old = *ev;
                SDL_UnlockMutex(q->lock);
                return 0;
            }
        }
    }
    if (q->count == q->cap) {
        size_t ncap = q->cap ? q->cap * 2 : 16;
        fy_event *n = malloc(ncap * sizeof *n);
        if (!n) {
            rc = -1;
            goto out;
        }
        for (size_t i = 0; i < q->count; i++)
            n[i] = q->ev[(q->head + i) % q->cap];
        free(q->ev);
        q->ev = n;
        q->cap = ncap;
        q->head = 0;
    }
    q->ev[(q->head + q->count) % q->cap] = *ev;
    q->count++;
    SDL_CondSignal(q->cond);
out:
    SDL_UnlockMutex(q->lock);
    if (rc == 0 && q->wake)
        q->wake(q->wake_ud);
    return rc;
}

int fy_queue_pop(fy_queue *q, fy_event *ev, unsigned wait_ms)
{
    int got = 0;
    SDL_LockMutex(q->lock);
    if (q->count == 0 && wait_ms)
        SDL_CondWaitTimeout(q->cond, q->lock, wait_ms);
    if (q->count > 0) {
        *ev = q->ev[q->head];
        q->head = (q->head + 1) % q->cap;
        q->count--;
        got = 1;
    }
    SDL_UnlockMutex(q->lock);
    return got;
}
