/* test_net_queue.c: the engine's event queue: order, PROGRESS and PEERS
 * coalescing, the bound (a flood of warnings while FINISHED still arrives,
 * a full queue that must-arrive events go past), waiting with a timeout,
 * the wake callback, and two threads pushing while one pops. */
#include <SDL.h>
#include <stdlib.h>

#include "fy_test.h"
#include "net/fy_queue.h"

static SDL_atomic_t wakes;

static void count_wake(void *ud)
{
    (void)ud;
    SDL_AtomicIncRef(&wakes);
}

/* seq rides in files_done: it tells which push an event came from. */
static void push(fy_queue *q, fy_event_type type, fy_xfer_id xfer, uint32_t seq)
{
    fy_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.xfer = xfer;
    ev.files_done = seq;
    fy_queue_push(q, &ev);
}

/* The number a "N more warnings" summary stands for, 0 if ev is not one. */
static unsigned long summary_count(const fy_event *ev)
{
    char *end;
    unsigned long n;
    if (ev->type != FY_EV_WARNING || ev->xfer != 0 || !strstr(ev->text, "not shown: too many came at once"))
        return 0;
    n = strtoul(ev->text, &end, 10);
    return *end == ' ' ? n : 0;
}

enum { END = 0, PUSH, POP };
#define LISTENING FY_EV_LISTENING
#define OFFER FY_EV_OFFER
#define STARTED FY_EV_STARTED
#define PROGRESS FY_EV_PROGRESS
#define WARNING FY_EV_WARNING
#define FINISHED FY_EV_FINISHED
#define PEERS FY_EV_PEERS
#define PAIR FY_EV_PAIR

typedef struct step {
    int op;              /* PUSH, or POP (one event, recorded), END */
    fy_event_type type;
    fy_xfer_id xfer;
    uint32_t seq;
} step;

typedef struct expect {
    fy_event_type type; /* 0 ends the list */
    fy_xfer_id xfer;
    uint32_t seq;
} expect;

static void test_order_and_coalescing(void)
{
    static const struct {
        const char *name;
        step steps[12];   /* then everything left is popped */
        expect want[12];  /* every event popped, in order */
    } cases[] = {
        {"order is kept",
         {{PUSH, LISTENING, 0, 1}, {PUSH, PAIR, 1, 2}, {PUSH, OFFER, 1, 3}, {PUSH, STARTED, 1, 4},
          {PUSH, WARNING, 1, 5}, {PUSH, FINISHED, 1, 6}},
         {{LISTENING, 0, 1}, {PAIR, 1, 2}, {OFFER, 1, 3}, {STARTED, 1, 4}, {WARNING, 1, 5}, {FINISHED, 1, 6}}},
        {"PROGRESS of one transfer: the latest, in the place of the first",
         {{PUSH, STARTED, 1, 0}, {PUSH, PROGRESS, 1, 1}, {PUSH, WARNING, 1, 2}, {PUSH, PROGRESS, 1, 3},
          {PUSH, PROGRESS, 1, 4}, {PUSH, FINISHED, 1, 5}},
         {{STARTED, 1, 0}, {PROGRESS, 1, 4}, {WARNING, 1, 2}, {FINISHED, 1, 5}}},
        {"PROGRESS of two transfers stays apart",
         {{PUSH, PROGRESS, 1, 1}, {PUSH, PROGRESS, 2, 2}, {PUSH, PROGRESS, 1, 3}, {PUSH, PROGRESS, 2, 4}},
         {{PROGRESS, 1, 3}, {PROGRESS, 2, 4}}},
        {"PROGRESS after the last one was taken is queued again",
         {{PUSH, PROGRESS, 1, 1}, {POP, 0, 0, 0}, {PUSH, PROGRESS, 1, 2}, {PUSH, PROGRESS, 1, 3}},
         {{PROGRESS, 1, 1}, {PROGRESS, 1, 3}}},
        {"PEERS coalesce into one",
         {{PUSH, PEERS, 0, 1}, {PUSH, WARNING, 0, 2}, {PUSH, PEERS, 0, 3}, {PUSH, PEERS, 0, 4}},
         {{PEERS, 0, 0}, {WARNING, 0, 2}}},
        {"PEERS after the last one was taken is queued again",
         {{PUSH, PEERS, 0, 0}, {PUSH, PEERS, 0, 0}, {POP, 0, 0, 0}, {PUSH, PEERS, 0, 0}, {PUSH, FINISHED, 1, 1},
          {PUSH, PEERS, 0, 0}},
         {{PEERS, 0, 0}, {PEERS, 0, 0}, {FINISHED, 1, 1}}},
        {"nothing pushed, nothing popped", {{POP, 0, 0, 0}, {POP, 0, 0, 0}}, {{0, 0, 0}}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fy_queue *q = fy_queue_new(count_wake, NULL);
        fy_event got[24];
        int ngot = 0, npush = 0, nwant = 0;
        fy_test_case = cases[i].name;
        SDL_AtomicSet(&wakes, 0);
        if (!q) {
            CHECK(q != NULL);
            continue;
        }
        for (const step *s = cases[i].steps; s->op != END; s++) {
            if (s->op == PUSH) {
                push(q, s->type, s->xfer, s->seq);
                npush++;
            } else if (fy_queue_pop(q, &got[ngot], 0)) {
                ngot++;
            }
        }
        while (ngot < 24 && fy_queue_pop(q, &got[ngot], 0))
            ngot++;
        while (cases[i].want[nwant].type)
            nwant++;
        CHECK_INT(ngot, nwant);
        for (int k = 0; k < ngot && k < nwant; k++) {
            CHECK_INT(got[k].type, cases[i].want[k].type);
            CHECK_INT(got[k].xfer, cases[i].want[k].xfer);
            /* PEERS carry nothing: the front end reads the list. */
            if (got[k].type != PEERS)
                CHECK_INT(got[k].files_done, cases[i].want[k].seq);
        }
        CHECK_INT(SDL_AtomicGet(&wakes), npush); /* one wake per push, whatever became of it */
        fy_queue_free(q);
    }
}

/* Pops everything; checks the event types against want (a string, one
 * letter per event: W warning, S summary, F finished, P peers, R
 * progress) run-length coded as "768W S F". Returns the summaries' sum. */
static unsigned long pop_all(fy_queue *q, const char *want)
{
    fy_event ev;
    unsigned long summed = 0;
    const char *w = want;
    long run = 0;
    char letter = 0;
    int ok = 1;
    while (fy_queue_pop(q, &ev, 0)) {
        unsigned long n = summary_count(&ev);
        char is = n ? 'S'
                    : ev.type == WARNING ? 'W' : ev.type == FINISHED ? 'F' : ev.type == PEERS ? 'P'
                    : ev.type == PROGRESS ? 'R' : '?';
        summed += n;
        if (run == 0) {
            char *end;
            while (*w == ' ')
                w++;
            run = *w >= '0' && *w <= '9' ? strtol(w, &end, 10) : 1;
            if (*w >= '0' && *w <= '9')
                w = end;
            letter = *w ? *w++ : 0;
        }
        if (ok && is != letter) {
            fy_test_fail(__FILE__, __LINE__, "got %c where %s wants %c", is, want, letter ? letter : '-');
            ok = 0;
        }
        run--;
    }
    while (*w == ' ')
        w++;
    if (ok && (run != 0 || *w))
        fy_test_fail(__FILE__, __LINE__, "the queue ran dry before the end of %s", want);
    fy_test_checks++;
    return summed;
}

typedef struct pusher {
    fy_queue *q;
    fy_event_type type;
    fy_xfer_id xfer;
    uint32_t from, n;
    SDL_atomic_t done;
} pusher;

static int push_main(void *arg)
{
    pusher *p = arg;
    for (uint32_t i = 0; i < p->n; i++)
        push(p->q, p->type, p->xfer, p->from + i);
    SDL_AtomicSet(&p->done, 1);
    return 0;
}

static void test_bound(void)
{
    const unsigned free_for_all = FY_QUEUE_CAP - FY_QUEUE_RESERVED;
    char want[64];
    fy_queue *q = fy_queue_new(count_wake, NULL);
    fy_event ev;
    if (!q) {
        CHECK(q != NULL);
        return;
    }

    fy_test_case = "10,000 warnings then FINISHED: the first ones, one summary, FINISHED";
    SDL_AtomicSet(&wakes, 0);
    for (uint32_t i = 0; i < 10000; i++)
        push(q, WARNING, 1, i);
    push(q, FINISHED, 1, 10000);
    CHECK_INT(SDL_AtomicGet(&wakes), 10001);
    for (uint32_t i = 0; i < free_for_all; i++) {
        if (!fy_queue_pop(q, &ev, 0) || ev.type != WARNING || ev.files_done != i) {
            fy_test_fail(__FILE__, __LINE__, "warning %u did not come in its place", (unsigned)i);
            break;
        }
    }
    CHECK_INT(fy_queue_pop(q, &ev, 0), 1);
    CHECK_STR(ev.text, "9232 more warnings were not shown: too many came at once");
    CHECK_INT(ev.type, WARNING);
    CHECK_INT(fy_queue_pop(q, &ev, 0), 1);
    CHECK_INT(ev.type, FINISHED);
    CHECK_INT(ev.files_done, 10000);
    CHECK_INT(fy_queue_pop(q, &ev, 0), 0);

    fy_test_case = "a warning after the summary was taken counts afresh";
    for (uint32_t i = 0; i < free_for_all + 1; i++)
        push(q, WARNING, 1, i);
    snprintf(want, sizeof want, "%uW S", free_for_all);
    CHECK_INT(pop_all(q, want), 1);

    fy_test_case = "over the bound: PROGRESS updates or is dropped, PEERS still arrives";
    push(q, PROGRESS, 1, 1);
    for (uint32_t i = 1; i < free_for_all; i++)
        push(q, WARNING, 1, i);
    push(q, PROGRESS, 1, 2);   /* replaces the waiting one */
    push(q, PROGRESS, 2, 3);   /* no room, none waiting: dropped */
    push(q, PEERS, 0, 0);      /* one slot of the reserve */
    push(q, PEERS, 0, 0);
    /* The PROGRESS that stayed carries the latest counters. */
    CHECK_INT(fy_queue_pop(q, &ev, 0), 1);
    CHECK_INT(ev.type, PROGRESS);
    CHECK_INT(ev.files_done, 2);
    snprintf(want, sizeof want, "%uW P", free_for_all - 1);
    CHECK_INT(pop_all(q, want), 0);

    fy_test_case = "full of must-arrive events: warnings and PEERS are owed, then arrive";
    for (uint32_t i = 0; i < free_for_all; i++)
        push(q, WARNING, 1, i);
    for (uint32_t i = free_for_all; i < FY_QUEUE_CAP; i++)
        push(q, FINISHED, 1, i);
    push(q, WARNING, 1, 5000);  /* no slot at all: counted */
    push(q, PEERS, 0, 0);       /* no slot at all: owed */
    push(q, WARNING, 1, 5001);
    snprintf(want, sizeof want, "%uW %uF P S", free_for_all, FY_QUEUE_CAP - free_for_all);
    CHECK_INT(pop_all(q, want), 2);

    fy_test_case = "full of must-arrive events: more go past the ring, in order, without waiting";
    for (uint32_t i = 0; i < FY_QUEUE_CAP; i++)
        push(q, OFFER, 1, i);
    for (uint32_t i = 0; i < 10; i++)
        push(q, FINISHED, 2, FY_QUEUE_CAP + i);
    push(q, WARNING, 3, 0);   /* no room: counted */
    push(q, PEERS, 0, 0);     /* owed */
    push(q, FINISHED, 4, FY_QUEUE_CAP + 10);
    for (uint32_t i = 0; i <= FY_QUEUE_CAP + 10; i++) {
        if (!fy_queue_pop(q, &ev, 0) || ev.files_done != i ||
            ev.type != (i < FY_QUEUE_CAP ? OFFER : FINISHED)) {
            fy_test_fail(__FILE__, __LINE__, "event %u did not come in its place", (unsigned)i);
            break;
        }
    }
    CHECK_INT(pop_all(q, "P S"), 1);

    fy_test_case = "a warning with a result (a refused connection) is never dropped";
    for (uint32_t i = 0; i < FY_QUEUE_CAP; i++)
        push(q, WARNING, 1, i);
    {
        fy_event refused;
        memset(&refused, 0, sizeof refused);
        refused.type = WARNING;
        refused.xfer = 9;
        refused.result = FY_ERR_PROTOCOL;
        fy_queue_push(q, &refused);
    }
    for (uint32_t i = 0; i < free_for_all; i++)
        CHECK_INT(fy_queue_pop(q, &ev, 0), 1);
    CHECK_INT(fy_queue_pop(q, &ev, 0), 1);
    CHECK_INT(summary_count(&ev), FY_QUEUE_CAP - free_for_all);
    CHECK_INT(fy_queue_pop(q, &ev, 0), 1);
    CHECK_INT(ev.xfer, 9);
    CHECK_INT(ev.result, FY_ERR_PROTOCOL);
    CHECK_INT(fy_queue_pop(q, &ev, 0), 0);
    fy_queue_free(q);
}

static int push_later(void *arg)
{
    pusher *p = arg;
    SDL_Delay(50);
    return push_main(p);
}

static void test_wait(void)
{
    fy_queue *q = fy_queue_new(NULL, NULL);
    fy_event ev;
    Uint32 t0;
    if (!q) {
        CHECK(q != NULL);
        return;
    }
    fy_test_case = "empty, no wait: returns at once";
    t0 = SDL_GetTicks();
    CHECK_INT(fy_queue_pop(q, &ev, 0), 0);
    CHECK(SDL_GetTicks() - t0 < 50);

    fy_test_case = "empty, wait 200 ms: returns empty after about 200 ms";
    t0 = SDL_GetTicks();
    CHECK_INT(fy_queue_pop(q, &ev, 200), 0);
    CHECK(SDL_GetTicks() - t0 >= 190);
    CHECK(SDL_GetTicks() - t0 < 3000);

    fy_test_case = "a push from another thread ends the wait";
    {
        pusher p = {q, FINISHED, 7, 42, 1, {0}};
        SDL_Thread *t = SDL_CreateThread(push_later, "queue-later", &p);
        CHECK(t != NULL);
        t0 = SDL_GetTicks();
        CHECK_INT(fy_queue_pop(q, &ev, 20000), 1);
        CHECK(SDL_GetTicks() - t0 < 10000);
        CHECK_INT(ev.type, FINISHED);
        CHECK_INT(ev.files_done, 42);
        SDL_WaitThread(t, NULL);
    }
    fy_queue_free(q);
}

/* Two engine threads, each a transfer: PROGRESS with a rising counter, a
 * warning every 8th push, then FINISHED. One front end pops (slowly at
 * times, so the bound is reached). */
#define MIXED_PUSHES 20000u

static int mixed_main(void *arg)
{
    pusher *p = arg;
    for (uint32_t i = 0; i < MIXED_PUSHES; i++)
        push(p->q, i % 8 == 0 ? WARNING : PROGRESS, p->xfer, i);
    push(p->q, FINISHED, p->xfer, MIXED_PUSHES);
    SDL_AtomicSet(&p->done, 1);
    return 0;
}

static void test_threads(void)
{
    fy_queue *q = fy_queue_new(count_wake, NULL);
    pusher p[2] = {{q, 0, 1, 0, 0, {0}}, {q, 0, 2, 0, 0, {0}}};
    SDL_Thread *t[2];
    long last_progress[3] = {-1, -1, -1}, last_warning[3] = {-1, -1, -1};
    int finished[3] = {0, 0, 0}, pops = 0;
    unsigned long warnings = 0;
    Uint32 t0 = SDL_GetTicks();
    fy_event ev;

    fy_test_case = "two threads push while one pops";
    if (!q) {
        CHECK(q != NULL);
        return;
    }
    SDL_AtomicSet(&wakes, 0);
    t[0] = SDL_CreateThread(mixed_main, "queue-a", &p[0]);
    t[1] = SDL_CreateThread(mixed_main, "queue-b", &p[1]);
    CHECK(t[0] && t[1]);
    while (!(finished[1] && finished[2]) && SDL_GetTicks() - t0 < 60000) {
        fy_xfer_id x;
        if (!fy_queue_pop(q, &ev, 50))
            continue;
        if (++pops % 500 == 0)
            SDL_Delay(2);
        if (summary_count(&ev)) {
            warnings += summary_count(&ev);
            continue;
        }
        x = ev.xfer;
        if (x < 1 || x > 2 || finished[x]) {
            fy_test_fail(__FILE__, __LINE__, "event of type %d for transfer %u after its FINISHED (or unknown)",
                         (int)ev.type, (unsigned)x);
            break;
        }
        if (ev.type == PROGRESS) {
            if ((long)ev.files_done <= last_progress[x])
                fy_test_fail(__FILE__, __LINE__, "transfer %u: PROGRESS %u after %ld", (unsigned)x,
                             (unsigned)ev.files_done, last_progress[x]);
            last_progress[x] = ev.files_done;
        } else if (ev.type == WARNING) {
            if ((long)ev.files_done <= last_warning[x])
                fy_test_fail(__FILE__, __LINE__, "transfer %u: warning %u after %ld", (unsigned)x,
                             (unsigned)ev.files_done, last_warning[x]);
            last_warning[x] = ev.files_done;
            warnings++;
        } else if (ev.type == FINISHED) {
            finished[x] = 1;
        }
    }
    for (int i = 0; i < 2; i++)
        if (t[i])
            SDL_WaitThread(t[i], NULL);
    /* A summary may still be owed if the last warnings were dropped. */
    while (fy_queue_pop(q, &ev, 0))
        warnings += summary_count(&ev);
    CHECK(finished[1] && finished[2]);
    CHECK_INT(warnings, 2 * (MIXED_PUSHES / 8)); /* shown or counted, never lost */
    CHECK_INT(SDL_AtomicGet(&wakes), 2 * (MIXED_PUSHES + 1));
    fy_queue_free(q);
}

/* Events with a payload (a received text): the taker gets the very bytes
 * and owns them; past FY_QUEUE_PAYLOAD_MAX of payloads waiting, a text's
 * FINISHED still arrives, without the bytes, saying why; payloads never
 * taken are freed with the queue (ASan's leak check watches). */
static void test_payloads(void)
{
    fy_queue *q = fy_queue_new(NULL, NULL);
    fy_event ev;
    enum { SIZE = 65536 };
    unsigned fits = FY_QUEUE_PAYLOAD_MAX / SIZE, got = 0, dropped = 0;
    fy_test_case = "payloads";
    for (unsigned i = 0; i < fits + 3; i++) {
        memset(&ev, 0, sizeof ev);
        ev.type = FY_EV_FINISHED;
        ev.xfer = i + 1;
        ev.payload = malloc(SIZE);
        ev.payload_len = SIZE;
        memset(ev.payload, (int)(i & 0xff), SIZE);
        fy_queue_push(q, &ev);
    }
    /* A PROGRESS must not carry one: it is freed, never queued. */
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_PROGRESS;
    ev.payload = malloc(16);
    ev.payload_len = 16;
    fy_queue_push(q, &ev);
    while (fy_queue_pop(q, &ev, 0)) {
        if (ev.type != FY_EV_FINISHED)
            continue;
        if (ev.payload) {
            CHECK_INT(ev.payload_len, SIZE);
            CHECK_INT(ev.payload[SIZE - 1], (ev.xfer - 1) & 0xff);
            got++;
        } else {
            CHECK(strstr(ev.text, "a text of 65536 bytes was dropped") != NULL);
            dropped++;
        }
        fy_event_release(&ev);
        CHECK(ev.payload == NULL);
    }
    CHECK_INT(got, fits);
    CHECK_INT(dropped, 3);
    /* Taken ones freed room: the next fits again. Left in the queue: freed by it. */
    memset(&ev, 0, sizeof ev);
    ev.type = FY_EV_FINISHED;
    ev.payload = malloc(SIZE);
    ev.payload_len = SIZE;
    fy_queue_push(q, &ev);
    fy_queue_free(q);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (SDL_Init(0) != 0)
        return 1;
    test_order_and_coalescing();
    test_bound();
    test_wait();
    test_threads();
    test_payloads();
    fy_test_case = NULL;
    SDL_Quit();
    return fy_test_done("queue");
}
