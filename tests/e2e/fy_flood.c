/* fy_flood.c: floods a discovery port with valid QUERY packets, as fast as
 * one thread can send them, and counts the REPLY packets that come back
 * (tests/e2e/t_disco_flood.sh).
 *
 *   fy_flood ADDR PORT SECONDS SOCKETS [FIRST_SOURCE]
 *
 * The queries go out from SOCKETS source ports in turn (1: one source; more:
 * as from many programs on one machine). With FIRST_SOURCE, socket i is
 * bound to address FIRST_SOURCE + i (the test gives the flooding namespace
 * that many addresses): many machines at once. Prints one line:
 *   sent N replies M bytes B
 * Replies are read until half a second after the flood ends. Linux-only
 * test tool: plain sockets. */
#define _GNU_SOURCE /* clock_gettime under -std=c11 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/fy_disco.h"

#define SOCKETS_MAX 256

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static unsigned long long replies, reply_bytes;

/* Reads every reply waiting on the sockets, without blocking beyond ms. */
static void drain(struct pollfd *pf, int n, int ms)
{
    uint8_t buf[FY_DISCO_MAX + 1];
    fy_disco_msg m;
    if (poll(pf, (nfds_t)n, ms) <= 0)
        return;
    for (int i = 0; i < n; i++) {
        ssize_t r;
        if (!(pf[i].revents & POLLIN))
            continue;
        while ((r = recv(pf[i].fd, buf, sizeof buf, MSG_DONTWAIT)) >= 0)
            if (fy_disco_decode(buf, (size_t)r, &m) == FY_OK && m.type == FY_DISCO_REPLY) {
                replies++;
                reply_bytes += (unsigned long long)r;
            }
    }
}

int main(int argc, char **argv)
{
    struct pollfd pf[SOCKETS_MAX];
    struct sockaddr_in to;
    fy_disco_msg q;
    uint8_t pkt[FY_DISCO_MAX];
    size_t len;
    unsigned long long sent = 0;
    uint64_t end;
    int n;

    struct in_addr first = {0};

    if ((argc != 5 && argc != 6) || (n = atoi(argv[4])) < 1 || n > SOCKETS_MAX ||
        (argc == 6 && inet_pton(AF_INET, argv[5], &first) != 1)) {
        fprintf(stderr, "usage: fy_flood ADDR PORT SECONDS SOCKETS(1-%d) [FIRST_SOURCE]\n", SOCKETS_MAX);
        return 2;
    }
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons((uint16_t)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
        fprintf(stderr, "fy_flood: bad address %s\n", argv[1]);
        return 2;
    }
    /* What `ferry peers` sends: a QUERY from a machine only looking. */
    memset(&q, 0, sizeof q);
    q.type = FY_DISCO_QUERY;
    q.version = 1;
    memset(q.key, 0xF1, sizeof q.key);
    snprintf(q.device, sizeof q.device, "flood");
    snprintf(q.os, sizeof q.os, "Linux");
    len = fy_disco_encode(&q, pkt, sizeof pkt);
    for (int i = 0; i < n; i++) {
        pf[i].fd = socket(AF_INET, SOCK_DGRAM, 0);
        pf[i].events = POLLIN;
        if (pf[i].fd < 0 || fcntl(pf[i].fd, F_SETFL, O_NONBLOCK) != 0) {
            perror("fy_flood: socket");
            return 1;
        }
        if (argc == 6) {
            struct sockaddr_in from;
            memset(&from, 0, sizeof from);
            from.sin_family = AF_INET;
            from.sin_addr.s_addr = htonl(ntohl(first.s_addr) + (uint32_t)i);
            if (bind(pf[i].fd, (struct sockaddr *)&from, sizeof from) != 0) {
                perror("fy_flood: bind");
                return 1;
            }
        }
    }
    end = now_ms() + (uint64_t)atoi(argv[3]) * 1000u;
    while (now_ms() < end) {
        for (int k = 0; k < 256; k++) {
            /* A full send queue (EAGAIN, ENOBUFS) just means "as fast as
             * the stack goes": the packet is not counted. */
            if (sendto(pf[sent % (unsigned)n].fd, pkt, len, 0, (struct sockaddr *)&to, sizeof to) == (ssize_t)len)
                sent++;
            else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS && errno != ECONNREFUSED) {
                perror("fy_flood: sendto");
                return 1;
            }
        }
        drain(pf, n, 0);
    }
    end = now_ms() + 500;
    while (now_ms() < end)
        drain(pf, n, 50);
    printf("sent %llu replies %llu bytes %llu\n", sent, replies, reply_bytes);
    return 0;
}
