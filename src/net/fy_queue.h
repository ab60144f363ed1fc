/* fy_queue.h: the event queue from engine threads to the front end.
 * Unbounded for rare events; PROGRESS events for one transfer replace an
 * earlier one still waiting, so a slow front end never falls behind. */
#ifndef FY_QUEUE_H
#define FY_QUEUE_H

#include "fy_engine.h"

typedef struct fy_queue fy_queue;

fy_queue *fy_queue_new(void (*wake)(void *), void *wake_ud);
void fy_queue_free(fy_queue *q);
/* Returns 0, or -1 if out of memory (the event is dropped). */
int fy_queue_push(fy_queue *q, const fy_event *ev);
int fy_queue_pop(fy_queue *q, fy_event *ev, unsigned wait_ms);

#endif
