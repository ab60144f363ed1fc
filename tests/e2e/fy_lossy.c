/* fy_lossy.c: a bad link between two TUN devices, for tests/e2e/t_bad_link.sh
 * (issue 16: this kernel has no sch_netem).
 *
 *   fy_lossy [OPTIONS] TUN_A TUN_B
 *     --loss PCT[,PCT]     drop this share of the packets (0-100)
 *     --delay MS[,MS]      hold every packet this long ...
 *     --jitter MS[,MS]     ... give or take this much (see below)
 *     --reorder PCT[,PCT]  hold this share back until the next one has gone
 *     --seed N             the random choices (default 1): same seed, same
 *                          choices for the same packets
 * A first value is for A->B (read from TUN_A, written to TUN_B), a second
 * for B->A; one value is for both. The routing that sends the traffic
 * through the two devices is the caller's.
 *
 * Once both devices are attached it prints "ready"; on SIGTERM or SIGINT it
 * prints its counters and exits 0:
 *   a->b passed N dropped N reordered N overflow N
 *   b->a passed N dropped N reordered N overflow N
 *   total passed N dropped N reordered N overflow N
 * (overflow: dropped because the delay queue was full, as a router would).
 *
 * Jitter does not reorder: the delay is drawn again every JITTER_PERIOD_US
 * and no packet leaves before one that came earlier (netem with a FIFO).
 * Independent delays per packet would reorder nearly every packet of a bulk
 * transfer, and reordering is what --reorder alone should measure.
 * Linux-only test tool: one poll loop, no threads. */
#define _GNU_SOURCE /* ppoll, clock_gettime, sigaction under -std=c11 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* Packets in flight per direction: 20-30 ms of a fast transfer is about a
 * thousand; beyond QUEUE_MAX the link is congested and drops. */
#define QUEUE_MAX 8192
#define PACKET_MAX 65536
/* A held-back packet goes anyway when no other one follows it this soon: a
 * last ACK or FIN must not wait for traffic that never comes. */
#define HOLD_MAX_US 50000
#define JITTER_PERIOD_US 10000
/* Packets read from one side before the other gets its turn. */
#define READ_BURST 64

typedef struct packet {
    uint64_t due_us;
    size_t len;
    unsigned char data[];
} packet;

typedef struct direction {
    const char *name;
    int in_fd, out_fd;
    double loss_pct, reorder_pct;
    uint64_t delay_us, jitter_us;
    uint64_t rng;
    uint64_t cur_delay_us, next_draw_us; /* the delay now, and when it changes */
    uint64_t last_due_us;
    packet *ring[QUEUE_MAX];
    size_t head, count;
    packet *held;
    uint64_t held_since_us;
    unsigned long long passed, dropped, reordered, overflow, errors;
} direction;

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* splitmix64: the same sequence on every libc, so a seed means the same
 * choices everywhere. Each direction has its own, so one direction's
 * choices do not depend on how the two interleave. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s) /* in [0, 1) */
{
    return (double)(rng_next(s) >> 11) * 0x1.0p-53;
}

static int chance(direction *d, double pct)
{
    return pct > 0 && rng_unit(&d->rng) * 100.0 < pct;
}

/* The delay for a packet leaving now: redrawn in delay +- jitter every
 * JITTER_PERIOD_US. */
static uint64_t current_delay(direction *d, uint64_t now)
{
    if (now >= d->next_draw_us) {
        uint64_t lo = d->delay_us > d->jitter_us ? d->delay_us - d->jitter_us : 0;
        uint64_t hi = d->delay_us + d->jitter_us;
        d->cur_delay_us = lo + rng_next(&d->rng) % (hi - lo + 1);
        d->next_draw_us = now + JITTER_PERIOD_US;
    }
    return d->cur_delay_us;
}

/* Queues p to leave after its delay, never before an earlier packet. */
static void enqueue(direction *d, packet *p, uint64_t now)
{
    if (d->count == QUEUE_MAX) {
        d->overflow++;
        free(p);
        return;
    }
    p->due_us = now + current_delay(d, now);
    if (p->due_us < d->last_due_us)
        p->due_us = d->last_due_us;
    d->last_due_us = p->due_us;
    d->ring[(d->head + d->count) % QUEUE_MAX] = p;
    d->count++;
}

/* One packet read from d's input: lost, held back, or queued (and the
 * packet held before it queued after it). */
static void arrive(direction *d, const unsigned char *buf, size_t len, uint64_t now)
{
    packet *p;
    if (chance(d, d->loss_pct)) {
        d->dropped++;
        return;
    }
    p = malloc(sizeof *p + len);
    if (p == NULL) {
        d->overflow++;
        return;
    }
    p->len = len;
    memcpy(p->data, buf, len);
    if (d->held != NULL) {
        enqueue(d, p, now);
        enqueue(d, d->held, now);
        d->held = NULL;
        d->reordered++;
    } else if (chance(d, d->reorder_pct)) {
        d->held = p;
        d->held_since_us = now;
    } else {
        enqueue(d, p, now);
    }
}

/* Sends what is due; returns when the next thing is due (UINT64_MAX: none). */
static uint64_t flush_due(direction *d, uint64_t now)
{
    uint64_t next = UINT64_MAX;
    if (d->held != NULL && now - d->held_since_us >= HOLD_MAX_US) {
        enqueue(d, d->held, now);
        d->held = NULL;
    }
    while (d->count > 0 && d->ring[d->head]->due_us <= now) {
        packet *p = d->ring[d->head];
        /* A TUN write hands the packet to the stack: it does not block, and
         * fails only for a packet the stack refuses (counted, not fatal). */
        if (write(d->out_fd, p->data, p->len) == (ssize_t)p->len)
            d->passed++;
        else
            d->errors++;
        free(p);
        d->head = (d->head + 1) % QUEUE_MAX;
        d->count--;
    }
    if (d->count > 0)
        next = d->ring[d->head]->due_us;
    if (d->held != NULL && d->held_since_us + HOLD_MAX_US < next)
        next = d->held_since_us + HOLD_MAX_US;
    return next;
}

/* Reads up to READ_BURST packets; 0, or -1 on a read error. */
static int read_some(direction *d, unsigned char *buf)
{
    for (int i = 0; i < READ_BURST; i++) {
        ssize_t r = read(d->in_fd, buf, PACKET_MAX);
        if (r < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return 0;
            fprintf(stderr, "fy_lossy: read from %s side: %s\n", d->name, strerror(errno));
            return -1;
        }
        if (r > 0)
            arrive(d, buf, (size_t)r, now_us());
    }
    return 0;
}

static int tun_open(const char *name)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "fy_lossy: /dev/net/tun: %s\n", strerror(errno));
        return -1;
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI; /* bare IP packets, no header */
    if (strlen(name) >= sizeof ifr.ifr_name) {
        fprintf(stderr, "fy_lossy: device name too long: %s\n", name);
        close(fd);
        return -1;
    }
    memcpy(ifr.ifr_name, name, strlen(name));
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
        fprintf(stderr, "fy_lossy: attach to %s: %s\n", name, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* Parses "X" or "X,Y" (each in [0, max]) into a[0] (A->B) and a[1] (B->A). */
static int parse_pair(const char *s, double max, double a[2])
{
    char *end;
    a[0] = strtod(s, &end);
    if (end == s || a[0] < 0 || a[0] > max)
        return -1;
    if (*end == '\0') {
        a[1] = a[0];
        return 0;
    }
    if (*end != ',')
        return -1;
    s = end + 1;
    a[1] = strtod(s, &end);
    if (end == s || *end != '\0' || a[1] < 0 || a[1] > max)
        return -1;
    return 0;
}

static void print_counts(const char *name, unsigned long long passed, unsigned long long dropped,
                         unsigned long long reordered, unsigned long long overflow)
{
    printf("%s passed %llu dropped %llu reordered %llu overflow %llu\n", name, passed, dropped, reordered,
           overflow);
}

static void usage(void)
{
    fprintf(stderr, "usage: fy_lossy [--loss PCT[,PCT]] [--delay MS[,MS]] [--jitter MS[,MS]]\n"
                    "                [--reorder PCT[,PCT]] [--seed N] TUN_A TUN_B\n");
}

int main(int argc, char **argv)
{
    static direction dirs[2]; /* 2 x 64 KiB of ring: not on the stack */
    static unsigned char buf[PACKET_MAX];
    double loss[2] = {0, 0}, delay[2] = {0, 0}, jitter[2] = {0, 0}, reorder[2] = {0, 0};
    unsigned long long seed = 1;
    struct sigaction sa;
    int i, status = 0;

    for (i = 1; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        const char *opt = argv[i], *val = argv[i + 1];
        int bad;
        if (strcmp(opt, "--loss") == 0)
            bad = parse_pair(val, 100, loss);
        else if (strcmp(opt, "--reorder") == 0)
            bad = parse_pair(val, 100, reorder);
        else if (strcmp(opt, "--delay") == 0)
            bad = parse_pair(val, 60000, delay);
        else if (strcmp(opt, "--jitter") == 0)
            bad = parse_pair(val, 60000, jitter);
        else if (strcmp(opt, "--seed") == 0) {
            char *end;
            seed = strtoull(val, &end, 10);
            bad = end == val || *end != '\0';
        } else
            bad = 1;
        if (bad) {
            fprintf(stderr, "fy_lossy: bad option %s %s\n", opt, val);
            usage();
            return 2;
        }
    }
    if (argc - i != 2) {
        usage();
        return 2;
    }
    for (int k = 0; k < 2; k++) {
        direction *d = &dirs[k];
        d->name = k == 0 ? "a->b" : "b->a";
        d->in_fd = tun_open(argv[i + k]);
        if (d->in_fd < 0)
            return 1;
        d->loss_pct = loss[k];
        d->reorder_pct = reorder[k];
        d->delay_us = (uint64_t)(delay[k] * 1000);
        d->jitter_us = (uint64_t)(jitter[k] * 1000);
        d->rng = (uint64_t)seed * 2 + (uint64_t)k;
    }
    dirs[0].out_fd = dirs[1].in_fd;
    dirs[1].out_fd = dirs[0].in_fd;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: ppoll returns EINTR */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0) {
        perror("fy_lossy: sigaction");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);

    while (!stop_requested) {
        struct pollfd pf[2];
        struct timespec ts, *tsp = NULL;
        uint64_t now = now_us(), next = UINT64_MAX;
        for (int k = 0; k < 2; k++) {
            uint64_t n = flush_due(&dirs[k], now);
            if (n < next)
                next = n;
            pf[k].fd = dirs[k].in_fd;
            pf[k].events = POLLIN;
            pf[k].revents = 0;
        }
        if (next != UINT64_MAX) {
            uint64_t wait = next > now ? next - now : 0;
            ts.tv_sec = (time_t)(wait / 1000000u);
            ts.tv_nsec = (long)(wait % 1000000u) * 1000;
            tsp = &ts;
        }
        if (ppoll(pf, 2, tsp, NULL) < 0) {
            if (errno == EINTR)
                continue;
            perror("fy_lossy: poll");
            status = 1;
            break;
        }
        for (int k = 0; k < 2; k++) {
            if (pf[k].revents & (POLLERR | POLLHUP | POLLNVAL)) {
                fprintf(stderr, "fy_lossy: %s side: the device went away\n", dirs[k].name);
                status = 1;
            } else if ((pf[k].revents & POLLIN) && read_some(&dirs[k], buf) != 0) {
                status = 1;
            }
        }
        if (status != 0)
            break;
    }

    unsigned long long t[4] = {0, 0, 0, 0};
    for (int k = 0; k < 2; k++) {
        direction *d = &dirs[k];
        print_counts(d->name, d->passed, d->dropped, d->reordered, d->overflow);
        if (d->errors > 0)
            printf("%s write errors %llu\n", d->name, d->errors);
        t[0] += d->passed;
        t[1] += d->dropped;
        t[2] += d->reordered;
        t[3] += d->overflow;
    }
    print_counts("total", t[0], t[1], t[2], t[3]);
    /* Packets still queued die with the link; freed so that a sanitizer
     * build reports no leak. */
    for (int k = 0; k < 2; k++) {
        direction *d = &dirs[k];
        for (; d->count > 0; d->count--, d->head = (d->head + 1) % QUEUE_MAX)
            free(d->ring[d->head]);
        free(d->held);
        close(d->in_fd);
    }
    return status;
}
