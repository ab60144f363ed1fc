/* fy_mitm.c: a man in the middle for the pairing tests. It accepts one
 * connection on 127.0.0.1:LISTEN, connects to 127.0.0.1:TARGET, completes
 * a Noise handshake with each side using its own key, and relays the
 * decrypted bytes both ways, recording them to RECORD_FILE. Pairing must
 * catch it: the commitments are bound to each session's handshake hash.
 *
 *   fy_mitm LISTEN TARGET RECORD_FILE
 *   fy_mitm --raw LISTEN TARGET RECORD_FILE   (an honest relay that only
 *                                             records the bytes on the wire)
 *   fy_mitm --flip OFFSET LISTEN TARGET RECORD_FILE   (a raw relay that
 *          flips one bit of the sender's stream at byte OFFSET: tampering)
 *   fy_mitm --rate BYTES_PER_S LISTEN TARGET RECORD_FILE   (a raw relay
 *          that reads the sender's stream no faster than that: a slow link)
 *
 * Linux-only test tool: plain sockets and pthreads. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int usleep(unsigned usec); /* POSIX, hidden by -std=c11 */

#include "core/fy_pair.h"
#include "fy_rawsock.h"
#include "net/fy_secure.h"

static FILE *record;
static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;


typedef struct relay {
    fy_transport from, to;
    int from_fd, to_fd;
    long long flip_at; /* stream offset of the bit to flip, -1: none */
    long long passed;
    long long rate;    /* bytes a second read from `from`, 0: as fast as it comes */
} relay;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *pump(void *arg)
{
    relay *r = arg;
    static __thread char buf[65536];
    double t0 = now_s();
    for (;;) {
        size_t got;
        if (r->rate) { /* read no faster than the rate: the sender's buffers fill */
            double due = t0 + (double)r->passed / (double)r->rate, wait = due - now_s();
            if (wait > 0)
                usleep((unsigned)(wait * 1e6));
        }
        if (r->from.recv(r->from.ctx, buf, r->rate ? 8192 : sizeof buf, &got, NULL) != FY_OK || got == 0)
            break;
        if (r->flip_at >= r->passed && r->flip_at < r->passed + (long long)got)
            buf[r->flip_at - r->passed] ^= 0x10;
        r->passed += (long long)got;
        pthread_mutex_lock(&record_lock);
        fwrite(buf, 1, got, record);
        fflush(record);
        pthread_mutex_unlock(&record_lock);
        if (r->to.send(r->to.ctx, buf, got, NULL) != FY_OK)
            break;
    }
    shutdown(r->to_fd, SHUT_RDWR);
    shutdown(r->from_fd, SHUT_RDWR);
    return NULL;
}

int main(int argc, char **argv)
{
    struct sockaddr_in a;
    int lfd, cfd, tfd, one = 1;
    fy_secure *to_sender = NULL, *to_receiver = NULL;
    fy_noise_suite suites[2];
    uint8_t priv[32], pub[32];
    int ns = fy_secure_local_suites(suites);
    relay up, down;
    pthread_t t1, t2;
    int raw = argc == 5 && !strcmp(argv[1], "--raw");
    long long flip_at = -1, rate = 0;

    if (argc == 6 && !strcmp(argv[1], "--flip")) {
        flip_at = atoll(argv[2]);
        raw = 1;
        argv += 2, argc -= 2;
    } else if (argc == 6 && !strcmp(argv[1], "--rate")) {
        rate = atoll(argv[2]);
        raw = 1;
        argv += 2, argc -= 2;
    } else if (raw) {
        argv++, argc--;
    }
    if (argc != 4 || !(record = fopen(argv[3], "wb")))
        return 2;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)atoi(argv[1]));
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 1) != 0) {
        perror("fy_mitm: cannot listen");
        return 3;
    }
    printf("listening\n");
    fflush(stdout);
    if ((cfd = accept(lfd, NULL, NULL)) < 0)
        return 3;
    a.sin_port = htons((uint16_t)atoi(argv[2]));
    tfd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(tfd, (struct sockaddr *)&a, sizeof a) != 0)
        return 3;
    if (fy_pair_key_generate(priv, pub, NULL) != FY_OK)
        return 4;
    if (raw) {
        fy_transport rs = {fy_rawsock_send, fy_rawsock_recv, NULL, (void *)(intptr_t)cfd, NULL};
        fy_transport rr = {fy_rawsock_send, fy_rawsock_recv, NULL, (void *)(intptr_t)tfd, NULL};
        up.from = rs, up.to = rr;
    } else {
        fy_transport rs = {fy_rawsock_send, fy_rawsock_recv, NULL, (void *)(intptr_t)cfd, NULL};
        fy_transport rr = {fy_rawsock_send, fy_rawsock_recv, NULL, (void *)(intptr_t)tfd, NULL};
        if (fy_secure_handshake(&rs, FY_NOISE_RESPONDER, priv, suites, ns, &to_sender, NULL) != FY_OK ||
            fy_secure_handshake(&rr, FY_NOISE_INITIATOR, priv, suites, ns, &to_receiver, NULL) != FY_OK)
            return 5;
        fy_secure_transport(to_sender, &up.from);
        fy_secure_transport(to_receiver, &up.to);
    }
    up.from_fd = cfd, up.to_fd = tfd;
    up.flip_at = flip_at, up.passed = 0, up.rate = rate;
    down.from = up.to, down.to = up.from;
    down.from_fd = tfd, down.to_fd = cfd;
    down.flip_at = -1, down.passed = 0, down.rate = 0;
    pthread_create(&t1, NULL, pump, &up);
    pthread_create(&t2, NULL, pump, &down);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    fclose(record);
    return 0;
}
