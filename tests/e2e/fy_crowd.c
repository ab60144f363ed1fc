/* fy_crowd.c: many bad connections at once, for tests/e2e/t_crowd.sh.
 *
 *   fy_crowd MODE PORT COUNT SECONDS [SOURCE_IP]
 *
 * Opens COUNT connections to 127.0.0.1:PORT from SOURCE_IP (any 127.x
 * address: all of 127/8 is this machine) and keeps them for SECONDS:
 *   idle            sends nothing;
 *   dribble         sends one byte a second of a Noise first message;
 *   dribble-secure  completes the handshake and PAIR_STATUS, then sends a
 *                   HELLO frame one byte a second.
 * Then prints one line:
 *   opened N closed-at-once A closed-later B longest S never-up U ghosts G
 * (closed-at-once: the receiver closed it within half a second of its
 * being established (FERRY_CROWD_AT_ONCE seconds if set: a sanitizer build
 * on a loaded machine takes longer to get through 1,000 accepts), before
 * we sent anything; longest: seconds the
 * longest-lived connection was held open by the receiver, up to SECONDS;
 * never-up: connections the system never established in that time;
 * ghosts: ones that looked established here but that the receiver's
 * system had dropped, its accept queue full).
 * Linux-only test tool: plain sockets. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int usleep(unsigned usec); /* POSIX, hidden by -std=c11 */

#include "core/fy_pair.h"
#include "core/fy_trust.h"
#include "core/fy_wire.h"
#include "fy_rawsock.h"
#include "net/fy_secure.h"

typedef struct conn {
    int fd;
    double opened, closed; /* closed < 0: still open */
    double up;             /* when the connection was established, 0: not yet */
    int ghost;             /* established here only: the receiver's system dropped it */
    fy_secure *sec;
    fy_transport wire;
    uint8_t frame[64];
    size_t len, sent;
} conn;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* blocking = 0: connect() does not wait, so a thousand of them go out at
 * once however slowly the receiver accepts. */
static int open_one(const char *src, int port, int blocking)
{
    struct sockaddr_in a, b;
    int fd = socket(AF_INET, SOCK_STREAM | (blocking ? 0 : SOCK_NONBLOCK), 0);
    if (fd < 0)
        return -1;
    memset(&b, 0, sizeof b);
    b.sin_family = AF_INET;
    inet_pton(AF_INET, src, &b.sin_addr);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(fd, (struct sockaddr *)&b, sizeof b) != 0 ||
        (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && (blocking || errno != EINPROGRESS))) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Handshake and PAIR_STATUS "unpaired, risk accepted", then a HELLO frame
 * to dribble (sealed: the record layer sends what it is given, so each
 * byte goes out as one record). */
static int secure(conn *c)
{
    fy_transport raw = {fy_rawsock_send, fy_rawsock_recv, NULL, (void *)(intptr_t)c->fd, NULL};
    fy_noise_suite suites[2];
    uint8_t priv[32], pub[32], st[16], h[5];
    fy_hello hello = {FY_PROTO_VERSION, "crowd", "Linux"};
    fy_wbuf w;
    int n = fy_secure_local_suites(suites);
    if (fy_pair_key_generate(priv, pub, NULL) != FY_OK ||
        fy_secure_handshake(&raw, FY_NOISE_INITIATOR, priv, suites, n, &c->sec, NULL) != FY_OK)
        return -1;
    fy_secure_transport(c->sec, &c->wire);
    fy_wbuf_init(&w, st, sizeof st);
    fy_w_u8(&w, FY_TRUST_UNPAIRED_OK);
    fy_w_str(&w, "crowd", 5);
    fy_put_u32be(h, (uint32_t)w.len + 1);
    h[4] = FY_MSG_PAIR_STATUS;
    if (c->wire.send(c->wire.ctx, h, 5, NULL) != FY_OK || c->wire.send(c->wire.ctx, st, w.len, NULL) != FY_OK)
        return -1;
    fy_wbuf_init(&w, c->frame + 5, sizeof c->frame - 5);
    fy_enc_hello(&w, &hello);
    fy_put_u32be(c->frame, (uint32_t)w.len + 1);
    c->frame[4] = FY_MSG_HELLO;
    c->len = w.len + 5;
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode, *src;
    int port, count, seconds, opened = 0, at_once = 0, later = 0, never_up = 0, ghosts = 0;
    double start, longest = 0;
    conn *c;
    struct rlimit rl;

    if (argc < 5) {
        fprintf(stderr, "usage: fy_crowd idle|dribble|dribble-secure PORT COUNT SECONDS [SOURCE_IP]\n");
        return 2;
    }
    mode = argv[1];
    port = atoi(argv[2]);
    count = atoi(argv[3]);
    seconds = atoi(argv[4]);
    src = argc > 5 ? argv[5] : "127.0.0.1";
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (!(c = calloc((size_t)count, sizeof *c)))
        return 1;
    start = now_s();
    for (int i = 0; i < count; i++) {
        c[i].fd = open_one(src, port, strcmp(mode, "idle") != 0);
        c[i].opened = now_s();
        c[i].closed = c[i].fd < 0 ? c[i].opened : -1;
        if (c[i].fd < 0)
            continue;
        if (strcmp(mode, "idle") != 0)
            c[i].up = c[i].opened; /* blocking connect: up once it returned */
        opened++;
        if (!strcmp(mode, "dribble-secure") && secure(&c[i]) != 0) {
            c[i].closed = now_s(); /* the receiver would not even talk */
            close(c[i].fd);
            c[i].fd = -1;
        }
    }
    /* Every 100 ms: which connections are up, which the receiver closed;
     * every second, a byte more on each dribbling one. */
    for (int tick = 0; now_s() - start < seconds; tick++) {
        int alive = 0;
        for (int i = 0; i < count; i++) {
            char b;
            ssize_t r;
            if (c[i].fd < 0 || c[i].closed >= 0)
                continue;
            if (!c[i].up) {
                struct pollfd pf = {c[i].fd, POLLOUT, 0};
                int soerr = 0;
                socklen_t sl = sizeof soerr;
                if (poll(&pf, 1, 0) == 1 && getsockopt(c[i].fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && !soerr)
                    c[i].up = now_s();
                else if (soerr) {
                    c[i].closed = now_s(); /* refused: never up */
                    continue;
                }
            }
            r = recv(c[i].fd, &b, 1, MSG_DONTWAIT);
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOTCONN)) {
                c[i].closed = now_s();
                continue;
            }
            alive++;
            if (tick % 10 != 0 || !c[i].up)
                continue;
            if (!strcmp(mode, "dribble")) {
                /* The start of a Noise message, as slowly as it goes. */
                uint8_t x = (uint8_t)(0x30 + (c[i].sent++ & 7));
                if (send(c[i].fd, &x, 1, MSG_NOSIGNAL) != 1)
                    c[i].closed = now_s();
            } else if (!strcmp(mode, "dribble-secure")) {
                if (c[i].wire.send(c[i].wire.ctx, c[i].frame + c[i].sent % c[i].len, 1, NULL) != FY_OK)
                    c[i].closed = now_s();
                c[i].sent++;
            }
        }
        if (!alive)
            break;
        usleep(100000);
    }
    /* Under a burst, the system answers SYNs with cookies once the accept
     * queue is full and drops the final ACK if it is still full: the
     * connection looks established here and does not exist there. One
     * byte on each one still open tells: a ghost answers with a reset. */
    for (int i = 0; i < count; i++)
        if (c[i].fd >= 0 && c[i].up && c[i].closed < 0)
            (void)send(c[i].fd, "x", 1, MSG_NOSIGNAL);
    usleep(500000);
    for (int i = 0; i < count; i++) {
        char b;
        if (c[i].fd >= 0 && c[i].up && c[i].closed < 0 && recv(c[i].fd, &b, 1, MSG_DONTWAIT) < 0 &&
            errno == ECONNRESET)
            c[i].ghost = 1;
    }
    const char *ao = getenv("FERRY_CROWD_AT_ONCE");
    double at_once_s = ao && atof(ao) > 0 ? atof(ao) : 0.5;
    for (int i = 0; i < count; i++) {
        double held;
        if (c[i].fd < 0 && c[i].closed == c[i].opened)
            continue; /* never connected */
        if (!c[i].up) {
            never_up++;
        } else if (c[i].ghost) {
            ghosts++;
        } else {
            held = (c[i].closed < 0 ? now_s() : c[i].closed) - c[i].up;
            if (c[i].closed >= 0 && held < at_once_s && c[i].sent == 0 && !c[i].sec)
                at_once++;
            else if (c[i].closed >= 0)
                later++;
            if (held > longest)
                longest = held;
        }
        if (c[i].fd >= 0)
            close(c[i].fd);
        fy_secure_free(c[i].sec);
    }
    printf("opened %d closed-at-once %d closed-later %d longest %.0f never-up %d ghosts %d\n", opened, at_once, later,
           longest, never_up, ghosts);
    free(c);
    return 0;
}
