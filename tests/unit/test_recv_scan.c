/* test_recv_scan.c: the receiver machine with a virus scanner, on buffers:
 * files wait as NAME.part for their verdicts, clean and not-scanned ones
 * take their names, infected ones go to the quarantine folder, RESULT 19
 * names them for the sender (through the display filter), SCANNING keeps
 * the sender informed after DONE; a lying receiver's SCANNING and RESULT
 * are refused by the sender. */
#include <stdio.h>
#include <stdlib.h>

#include "core/fy_recv.h"
#include "core/fy_send.h"
#include "fy_test.h"
#include "platform/fy_platform.h"

static char base[512];

typedef struct frame {
    uint8_t type;
    size_t len;
    uint8_t p[FY_TEXT_MAX + 64];
} frame;
static frame q[64];
static int qn, qh;

static fy_result to_sender(void *ud, uint8_t type, const uint8_t *p, size_t n, fy_err *err)
{
    (void)ud, (void)err;
    if (qn == 64 || n > sizeof q[0].p)
        return FY_ERR_NOMEM;
    q[qn].type = type;
    q[qn].len = n;
    memcpy(q[qn].p, p, n);
    qn++;
    return FY_OK;
}

/* The scanner: indices handed over, judged later. */
static uint32_t waiting[64];
static int nwaiting;
static fy_result scan(void *ud, uint32_t index, const char *part, fy_err *err)
{
    (void)ud, (void)err;
    CHECK(strstr(part, ".part") != NULL);
    waiting[nwaiting++] = index;
    return FY_OK;
}

/* Judges the oldest waiting file by its name. */
static fy_result judge_one(fy_recv *r, fy_recv_status *st, fy_err *err)
{
    const fy_entry *e = &fy_recv_manifest(r)->e[waiting[0]];
    fy_scan_verdict v = strstr(e->local, "bad") ? FY_SCAN_INFECTED
                        : strstr(e->local, "unscanned") ? FY_SCAN_NOT_SCANNED
                                                       : FY_SCAN_CLEAN;
    char final[2048];
    uint32_t index = waiting[0];
    memmove(waiting, waiting + 1, (size_t)--nwaiting * sizeof *waiting);
    return fy_recv_scanned(r, index, v, v == FY_SCAN_INFECTED ? "Bad\033[31m.Sig" : "timeout", final, sizeof final,
                           st, err);
}

static void mk(const char *rel, const char *data)
{
    char p[1024];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", base, rel);
    f = fopen(p, "wb");
    fputs(data, f);
    fclose(f);
}

static int exists(const char *rel)
{
    char p[1024];
    fy_stat st;
    snprintf(p, sizeof p, "%s/%s", base, rel);
    return fy_plat_lstat(p, &st, NULL) == FY_OK && st.kind != FY_KIND_NONE;
}

/* Sends base/src to base/dst with scanning; verdicts come one frame late.
 * Returns the sender's result, its message in serr. */
static fy_result run(fy_progress *rp, fy_progress *sp, fy_err *serr)
{
    char src[600], dst[600], state[600], quar[600];
    const char *paths[1] = {src};
    fy_recv_config cfg = {dst, 0, 0, "rx", "Linux", to_sender, NULL, state, NULL, NULL, NULL, scan, NULL, quar, "tx"};
    fy_manifest m;
    fy_send *s = NULL;
    fy_recv *r = NULL;
    fy_err rerr = {0};
    fy_result rc;
    int keepalive_sent = 0;

    snprintf(src, sizeof src, "%s/src/box", base);
    snprintf(dst, sizeof dst, "%s/dst", base);
    snprintf(state, sizeof state, "%s/state", base);
    snprintf(quar, sizeof quar, "%s/quarantine", base);
    qn = qh = nwaiting = 0;
    fy_manifest_init(&m);
    rc = fy_manifest_walk(&m, paths, 1, NULL, NULL, serr);
    if (rc == FY_OK)
        rc = fy_send_new(&m, "tx", "Linux", &s, serr);
    if (rc == FY_OK)
        rc = fy_recv_new(&cfg, &r, &rerr);
    while (rc == FY_OK) {
        fy_send_out o;
        fy_recv_status st = FY_RECV_CONTINUE;
        if ((rc = fy_send_next(s, &o, serr)) != FY_OK || o.status == FY_SEND_FINISHED)
            break;
        if (o.status == FY_SEND_FRAME) {
            if (nwaiting && (rc = judge_one(r, &st, &rerr)) != FY_OK)
                break;
            if ((rc = fy_recv_frame(r, o.type, o.payload, o.len, &st, &rerr)) != FY_OK)
                break;
            if (st == FY_RECV_ASK && (rc = fy_recv_answer(r, 1, &st, &rerr)) != FY_OK)
                break;
            /* After DONE: one SCANNING, then the verdicts still due. */
            while (rc == FY_OK && st == FY_RECV_SCANNING) {
                if (!keepalive_sent++)
                    rc = fy_recv_scan_keepalive(r, &rerr);
                if (rc == FY_OK && (rc = judge_one(r, &st, &rerr)) == FY_OK && st == FY_RECV_CONTINUE)
                    st = FY_RECV_SCANNING;
            }
        } else {
            if (qh == qn) {
                rc = fy_fail(serr, FY_ERR_PROTOCOL, "deadlock: sender waits, nothing queued");
                break;
            }
            rc = fy_send_frame(s, q[qh].type, q[qh].p, q[qh].len, serr);
            if (q[qh].type == FY_MSG_SCANNING) {
                fy_progress p;
                fy_send_progress(s, &p);
                CHECK(p.files_to_scan >= 1 && p.files_scanned <= p.files_to_scan);
            }
            qh++;
        }
    }
    CHECK(rerr.msg[0] == '\0');
    if (rerr.msg[0])
        fprintf(stderr, "receiver: %s\n", rerr.msg);
    if (r) {
        /* What the history records: each file's verdict, words, place. */
        const fy_manifest *rm = fy_recv_manifest(r);
        for (uint32_t i = 0; i < rm->n; i++) {
            const char *words, *where;
            fy_scan_verdict v = fy_recv_file_scan(r, i, &words, &where);
            if (rm->e[i].kind != FY_ENTRY_FILE)
                continue;
            if (strstr(rm->e[i].local, "bad")) {
                CHECK_INT(v, FY_SCAN_INFECTED);
                CHECK_STR(words, "Bad\033[31m.Sig");
                CHECK(where && strstr(where, "quarantine/") && strstr(where, "-b-bad.txt.quarantined"));
            } else if (strstr(rm->e[i].local, "unscanned")) {
                CHECK_INT(v, FY_SCAN_NOT_SCANNED);
                CHECK_STR(words, "timeout");
            } else {
                CHECK_INT(v, FY_SCAN_CLEAN);
            }
        }
        fy_recv_progress(r, rp);
    }
    if (s)
        fy_send_progress(s, sp);
    fy_recv_free(r);
    fy_send_free(s);
    return rc;
}

static void test_verdicts(void)
{
    fy_progress rp, sp;
    fy_err serr = {0};
    char p[1024];
    fy_dir *d;
    const char *name;
    int quarantined = 0;

    fy_test_case = "verdicts";
    snprintf(p, sizeof p, "%s/src/box", base);
    CHECK(fy_plat_mkdirs(p, NULL) == FY_OK);
    mk("src/box/a-good.txt", "good\n");
    mk("src/box/b-bad.txt", "pretend virus\n");
    mk("src/box/c-unscanned.txt", "not scanned\n");
    mk("src/box/d-good.txt", "last one: its verdict comes after DONE\n");
    CHECK_INT(run(&rp, &sp, &serr), FY_ERR_INFECTED);
    CHECK_STR(serr.msg, "rejected by the receiver's virus scanner: box/b-bad.txt (Bad?[31m.Sig)");
    CHECK_INT(rp.files_to_scan, 4);
    CHECK_INT(rp.files_scanned, 4);
    CHECK_INT(rp.files_infected, 1);
    CHECK_INT(rp.files_unscanned, 1);
    CHECK_INT(sp.files_infected, 1);
    CHECK(exists("dst/box/a-good.txt") && exists("dst/box/c-unscanned.txt") && exists("dst/box/d-good.txt"));
    CHECK(!exists("dst/box/b-bad.txt") && !exists("dst/box/b-bad.txt.part"));
    snprintf(p, sizeof p, "%s/quarantine", base);
    CHECK(fy_plat_opendir(p, &d, NULL) == FY_OK);
    while (d && fy_plat_readdir(d, &name, NULL) == FY_OK && name) {
        size_t n = strlen(name);
        if (n > 12 && !strcmp(name + n - 12, ".quarantined")) {
            fy_stat st;
            char qp[1100];
            snprintf(qp, sizeof qp, "%s/%s", p, name);
            CHECK(strstr(name, "-b-bad.txt.quarantined") != NULL);
            CHECK(fy_plat_stat(qp, &st, NULL) == FY_OK && st.size == 14 && !st.executable);
            quarantined++;
        }
    }
    if (d)
        fy_plat_closedir(d);
    CHECK_INT(quarantined, 1);
}

/* A receiver that lies about scanning is refused by the sender. */
static void test_lying_receiver(void)
{
    static const struct {
        const char *name;
        uint8_t type;
        uint8_t code;
        uint32_t a, b;
        const char *want;
    } cases[] = {
        {"SCANNING scanned > handed", FY_MSG_SCANNING, 0, 3, 2, "malformed SCANNING frame"},
        {"SCANNING more files than sent", FY_MSG_SCANNING, 0, 0, 5, "receiver says it scans 5 files of 1"},
        {"RESULT 19 with every file kept", FY_MSG_RESULT, FY_ERR_INFECTED, 1, 0, "receiver: sorry"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char src[600];
        const char *paths[1] = {src};
        fy_manifest m;
        fy_send *s = NULL;
        fy_send_out o;
        fy_err err = {0};
        uint8_t buf[256];
        fy_wbuf w;
        fy_hello h = {FY_PROTO_VERSION_MIN, "rx", "Linux"}; /* a file transfer speaks version 1 */
        fy_result rc = FY_OK;

        fy_test_case = cases[i].name;
        snprintf(src, sizeof src, "%s/src/box/a-good.txt", base);
        fy_manifest_init(&m);
        CHECK(fy_manifest_walk(&m, paths, 1, NULL, NULL, NULL) == FY_OK);
        CHECK(fy_send_new(&m, "tx", "Linux", &s, NULL) == FY_OK);
        /* the sender up to WAIT_RESULT: HELLO, ACCEPT(0), then its frames */
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_hello(&w, &h);
        while (fy_send_next(s, &o, &err) == FY_OK && o.status == FY_SEND_FRAME)
            ;
        CHECK(fy_send_frame(s, FY_MSG_HELLO, buf, w.len, &err) == FY_OK);
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_accept(&w, 0);
        CHECK(fy_send_frame(s, FY_MSG_ACCEPT, buf, w.len, &err) == FY_OK);
        while (fy_send_next(s, &o, &err) == FY_OK && o.status == FY_SEND_FRAME)
            ;
        fy_wbuf_init(&w, buf, sizeof buf);
        if (cases[i].type == FY_MSG_SCANNING) {
            fy_enc_scanning(&w, cases[i].a, cases[i].b);
        } else {
            fy_status st = {cases[i].code, cases[i].a, "sorry"};
            fy_enc_status(&w, FY_MSG_RESULT, &st);
        }
        rc = fy_send_frame(s, cases[i].type, buf, w.len, &err);
        CHECK(rc == FY_ERR_PROTOCOL || rc == FY_ERR_PEER);
        CHECK_STR(err.msg, cases[i].want);
        fy_send_free(s);
    }
}

int main(void)
{
    fy_err err = {0};
    /* In the current folder, as test_machines: the same under wine. */
    snprintf(base, sizeof base, "test-recv-scan-tmp-%u", (unsigned)(fy_plat_now_ms() % 1000000u));
    if (fy_plat_mkdirs(base, &err) != FY_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    test_verdicts();
    test_lying_receiver();
    fy_test_case = NULL;
    return fy_test_done("recv_scan");
}
