/* test_noise.c: the Noise XX handshake and transport (fy_noise) against the
 * public cacophony vectors for both suites, the ways a peer or a man in the
 * middle can break them, and the pairing code (fy_pair). */
#include <stdlib.h>

#include "core/fy_noise.h"
#include "core/fy_pair.h"
#include "fy_test.h"

#define VECTORS_FILE FERRY_TEST_DATA "/noise-xx-25519-blake2b.json"
#define JSON_FILE_MAX (1 << 20)
#define JSON_NODES_MAX 1024
#define JSON_DEPTH_MAX 8
#define BUF_MAX 1024
#define HS_MSGS 3

/* ---- a JSON reader for the vector file: objects, arrays, strings --------
 * The file holds nothing else, and its strings hold no escapes, so a full
 * JSON library would be all weight and no use. Strings are cut in place. */

enum { J_STR, J_OBJ, J_ARR };
typedef struct {
    int type;
    const char *key; /* member name inside an object, else NULL */
    const char *str; /* J_STR only */
    int child, next; /* first child and next sibling, -1 for none */
} jnode;

typedef struct {
    char *p, *end;
    jnode node[JSON_NODES_MAX];
    int count;
} jparser;

static void j_ws(jparser *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
        j->p++;
}

/* Cuts the string at j->p (just past its opening quote) in place. */
static const char *j_string(jparser *j)
{
    char *s = j->p;
    for (; j->p < j->end && *j->p != '"'; j->p++)
        if (*j->p == '\\' || (unsigned char)*j->p < 0x20)
            return NULL;
    if (j->p == j->end)
        return NULL;
    *j->p++ = '\0';
    return s;
}

static int j_value(jparser *j, const char *key, int depth)
{
    int self, last = -1;
    char close;

    j_ws(j);
    if (j->p >= j->end || j->count >= JSON_NODES_MAX || depth > JSON_DEPTH_MAX)
        return -1;
    self = j->count++;
    j->node[self] = (jnode){J_STR, key, NULL, -1, -1};
    if (*j->p == '"') {
        j->p++;
        j->node[self].str = j_string(j);
        return j->node[self].str ? self : -1;
    }
    if (*j->p != '{' && *j->p != '[')
        return -1;
    j->node[self].type = *j->p == '{' ? J_OBJ : J_ARR;
    close = *j->p == '{' ? '}' : ']';
    j->p++;
    j_ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return self;
    }
    for (;;) {
        const char *name = NULL;
        int kid;
        if (close == '}') {
            j_ws(j);
            if (j->p >= j->end || *j->p++ != '"' || !(name = j_string(j)))
                return -1;
            j_ws(j);
            if (j->p >= j->end || *j->p++ != ':')
                return -1;
        }
        if ((kid = j_value(j, name, depth + 1)) < 0)
            return -1;
        if (last < 0)
            j->node[self].child = kid;
        else
            j->node[last].next = kid;
        last = kid;
        j_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p++ == close)
            return self;
        return -1;
    }
}

static int j_get(const jparser *j, int obj, const char *key)
{
    if (obj < 0 || j->node[obj].type != J_OBJ)
        return -1;
    for (int k = j->node[obj].child; k >= 0; k = j->node[k].next)
        if (strcmp(j->node[k].key, key) == 0)
            return k;
    return -1;
}

static const char *j_str(const jparser *j, int obj, const char *key)
{
    int k = j_get(j, obj, key);
    return k >= 0 && j->node[k].type == J_STR ? j->node[k].str : NULL;
}

/* Reads the whole file into text (caller frees) and parses it. */
static int j_load(jparser *j, const char *path, char **text)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    int root;

    *text = NULL;
    if (!f)
        return -1;
    *text = malloc(JSON_FILE_MAX);
    n = *text ? fread(*text, 1, JSON_FILE_MAX, f) : 0;
    fclose(f);
    if (n == 0 || n == JSON_FILE_MAX)
        return -1;
    j->p = *text;
    j->end = *text + n;
    j->count = 0;
    root = j_value(j, NULL, 0);
    j_ws(j);
    return j->p == j->end ? root : -1;
}

/* ---- helpers -------------------------------------------------------- */

static int unhex_exact(const char *hex, uint8_t *out, size_t want)
{
    return hex && fy_test_unhex(hex, out, want) == (int)want;
}

static fy_noise_suite suite_by_name(const char *name)
{
    static const fy_noise_suite suites[] = {FY_SUITE_AESGCM, FY_SUITE_CHACHAPOLY};
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (name && strcmp(name, fy_noise_protocol_name(suites[i])) == 0)
            return suites[i];
    return 0;
}

/* Two peers in one process; index 0 is the initiator, 1 the responder. */
typedef struct {
    fy_noise_hs *hs[2];
    fy_noise_cipher *send[2], *recv[2];
    uint8_t spriv[2][FY_NOISE_KEY_LEN], spub[2][FY_NOISE_KEY_LEN];
    uint8_t rs[2][FY_NOISE_KEY_LEN];
    uint8_t hash[2][FY_NOISE_HASH_LEN];
} session;

static void session_free(session *s)
{
    for (int i = 0; i < 2; i++) {
        fy_noise_hs_free(s->hs[i]);
        fy_noise_cipher_free(s->send[i]);
        fy_noise_cipher_free(s->recv[i]);
    }
    memset(s, 0, sizeof *s);
}

/* Sets up both sides. seed != 0 gives fixed static and ephemeral keys
 * derived from it, so a test can reproduce one exact handshake. */
static int session_new(session *s, fy_noise_suite suite, const char *pro_i, const char *pro_r, uint8_t seed)
{
    const char *pro[2] = {pro_i, pro_r};
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 2; i++) {
        fy_err err = {0};
        if (seed) {
            uint8_t e[FY_NOISE_KEY_LEN];
            memset(s->spriv[i], seed + i, FY_NOISE_KEY_LEN);
            memset(e, seed + 2 + i, sizeof e);
            if (fy_pair_key_public(s->spriv[i], s->spub[i], &err) != FY_OK)
                return 0;
            if (fy_noise_hs_new(i, suite, s->spriv[i], (const uint8_t *)pro[i], strlen(pro[i]), &s->hs[i], &err) !=
                    FY_OK ||
                fy_noise_hs_test_set_ephemeral(s->hs[i], e, &err) != FY_OK)
                return 0;
            continue;
        }
        if (fy_pair_key_generate(s->spriv[i], s->spub[i], &err) != FY_OK ||
            fy_noise_hs_new(i, suite, s->spriv[i], (const uint8_t *)pro[i], strlen(pro[i]), &s->hs[i], &err) != FY_OK)
            return 0;
    }
    return 1;
}

/* Runs the three handshake messages, flipping the low bit of byte `off`
 * (negative: counted from the end) of message `tamper` on the way (-1: no
 * tampering). Returns the index of the message whose read failed, with its
 * code in *rc, or -1 when both sides finished and split. */
static int session_handshake(session *s, int tamper, int off, fy_result *rc)
{
    static const char *payloads[HS_MSGS] = {"hello", "kitchen-pc", "laptop"};
    uint8_t msg[BUF_MAX], got[BUF_MAX];
    size_t n, m;

    *rc = FY_OK;
    for (int i = 0; i < HS_MSGS; i++) {
        fy_err err = {0};
        fy_noise_hs *w = s->hs[i % 2], *r = s->hs[1 - i % 2];
        CHECK(fy_noise_hs_my_turn(w) && !fy_noise_hs_my_turn(r));
        *rc = fy_noise_hs_write(w, (const uint8_t *)payloads[i], strlen(payloads[i]), msg, sizeof msg, &n, &err);
        if (*rc != FY_OK)
            return i;
        if (i == tamper)
            msg[off >= 0 ? (size_t)off : n - (size_t)-off] ^= 1;
        *rc = fy_noise_hs_read(r, msg, n, got, sizeof got, &m, &err);
        if (*rc != FY_OK)
            return i;
        CHECK_INT(m, strlen(payloads[i]));
        if (i != tamper) /* message 1's payload is in the clear: caught later */
            CHECK_MEM(got, payloads[i], m);
    }
    for (int i = 0; i < 2; i++) {
        fy_err err = {0};
        CHECK(fy_noise_hs_done(s->hs[i]));
        *rc = fy_noise_hs_split(s->hs[i], &s->send[i], &s->recv[i], s->hash[i], s->rs[i], &err);
        if (*rc != FY_OK)
            return HS_MSGS;
    }
    return -1;
}

static int available_suites(fy_noise_suite out[2])
{
    int n = 0;
    if (fy_noise_aesgcm_available())
        out[n++] = FY_SUITE_AESGCM;
    out[n++] = FY_SUITE_CHACHAPOLY;
    return n;
}

/* ---- the cacophony vectors ------------------------------------------- */

/* Plays one message of a vector: the sender (alternating by position,
 * initiator first) must produce exactly `ct`, the receiver get `pt` back. */
static void vector_message(session *s, int i, const uint8_t *pt, size_t pt_len, const uint8_t *ct, size_t ct_len)
{
    uint8_t out[BUF_MAX], back[BUF_MAX];
    size_t n = 0, m = 0;
    fy_err err = {0};
    int w = i % 2;

    if (i < HS_MSGS) {
        CHECK_INT(fy_noise_hs_write(s->hs[w], pt, pt_len, out, sizeof out, &n, &err), FY_OK);
        CHECK_INT(n, ct_len);
        CHECK_MEM(out, ct, ct_len);
        CHECK_INT(fy_noise_hs_read(s->hs[1 - w], ct, ct_len, back, sizeof back, &m, &err), FY_OK);
    } else {
        CHECK_INT(fy_noise_cipher_encrypt(s->send[w], NULL, 0, pt, pt_len, out, sizeof out, &n, &err), FY_OK);
        CHECK_INT(n, ct_len);
        CHECK_MEM(out, ct, ct_len);
        CHECK_INT(fy_noise_cipher_decrypt(s->recv[1 - w], NULL, 0, ct, ct_len, back, sizeof back, &m, &err), FY_OK);
    }
    CHECK_INT(m, pt_len);
    CHECK_MEM(back, pt, pt_len);
    if (err.code != FY_OK)
        fprintf(stderr, "  message %d: %s\n", i + 1, err.msg);
}

static void vector_run(const jparser *j, int v, int *seen)
{
    static const char *key_names[4] = {"init_static", "resp_static", "init_ephemeral", "resp_ephemeral"};
    uint8_t key[4][FY_NOISE_KEY_LEN], hash[FY_NOISE_HASH_LEN], pro[2][BUF_MAX], pt[BUF_MAX], ct[BUF_MAX];
    const char *name = j_str(j, v, "protocol_name");
    fy_noise_suite suite = suite_by_name(name);
    int pro_len[2], msgs = j_get(j, v, "messages"), i = 0;
    session s;

    fy_test_case = name ? name : "(vector without protocol_name)";
    CHECK(suite != 0);
    if (!suite)
        return;
    if (suite == FY_SUITE_AESGCM && !fy_noise_aesgcm_available()) {
        fprintf(stderr, "SKIP aesgcm: no AES instructions\n");
        return;
    }
    for (int k = 0; k < 4; k++)
        CHECK(unhex_exact(j_str(j, v, key_names[k]), key[k], FY_NOISE_KEY_LEN));
    CHECK(unhex_exact(j_str(j, v, "handshake_hash"), hash, FY_NOISE_HASH_LEN));
    pro_len[0] = fy_test_unhex(j_str(j, v, "init_prologue") ? j_str(j, v, "init_prologue") : "x", pro[0], BUF_MAX);
    pro_len[1] = fy_test_unhex(j_str(j, v, "resp_prologue") ? j_str(j, v, "resp_prologue") : "x", pro[1], BUF_MAX);
    CHECK(pro_len[0] >= 0 && pro_len[1] >= 0 && msgs >= 0);
    if (!unhex_exact(j_str(j, v, "handshake_hash"), hash, FY_NOISE_HASH_LEN) || pro_len[0] < 0 || pro_len[1] < 0 ||
        msgs < 0)
        return;

    memset(&s, 0, sizeof s);
    for (int k = 0; k < 2; k++) {
        fy_err err = {0};
        CHECK_INT(fy_noise_hs_new(k, suite, key[k], pro[k], (size_t)pro_len[k], &s.hs[k], &err), FY_OK);
        CHECK_INT(fy_noise_hs_test_set_ephemeral(s.hs[k], key[2 + k], &err), FY_OK);
        CHECK_INT(fy_pair_key_public(key[k], s.spub[k], &err), FY_OK);
    }
    for (int m = j->node[msgs].child; m >= 0 && s.hs[0] && s.hs[1]; m = j->node[m].next, i++) {
        int pn = fy_test_unhex(j_str(j, m, "payload") ? j_str(j, m, "payload") : "x", pt, sizeof pt);
        int cn = fy_test_unhex(j_str(j, m, "ciphertext") ? j_str(j, m, "ciphertext") : "x", ct, sizeof ct);
        CHECK(pn >= 0 && cn >= 0);
        if (pn < 0 || cn < 0)
            break;
        vector_message(&s, i, pt, (size_t)pn, ct, (size_t)cn);
        if (i == HS_MSGS - 1) {
            for (int k = 0; k < 2; k++) {
                fy_err err = {0};
                CHECK_INT(fy_noise_hs_split(s.hs[k], &s.send[k], &s.recv[k], s.hash[k], s.rs[k], &err), FY_OK);
                CHECK_MEM(s.hash[k], hash, FY_NOISE_HASH_LEN);
                CHECK_MEM(s.rs[k], s.spub[1 - k], FY_NOISE_KEY_LEN);
            }
            if (!s.send[0] || !s.send[1])
                break;
        }
    }
    CHECK(i > HS_MSGS); /* the handshake and at least one transport message */
    seen[suite] = 1;
    session_free(&s);
}

static void test_vectors(void)
{
    jparser *j = calloc(1, sizeof *j);
    char *text = NULL;
    int root, vecs, seen[3] = {0};

    fy_test_case = VECTORS_FILE;
    root = j ? j_load(j, VECTORS_FILE, &text) : -1;
    CHECK(root >= 0);
    vecs = j_get(j, root, "vectors");
    CHECK(vecs >= 0);
    for (int v = vecs >= 0 ? j->node[vecs].child : -1; v >= 0; v = j->node[v].next)
        vector_run(j, v, seen);
    fy_test_case = "vector file covers both suites";
    CHECK(seen[FY_SUITE_CHACHAPOLY]);
    if (fy_noise_aesgcm_available())
        CHECK(seen[FY_SUITE_AESGCM]);
    free(text);
    free(j);
}

/* ---- handshakes between two live peers ------------------------------- */

static void test_random_peers(void)
{
    fy_noise_suite suites[2];
    int n = available_suites(suites);

    for (int k = 0; k < n; k++) {
        static const char payload[] = "manifest: 3 files";
        uint8_t big[FY_NOISE_PAYLOAD_MAX + 1], out[FY_NOISE_MSG_MAX + 1], back[FY_NOISE_MSG_MAX];
        size_t olen, blen;
        fy_result rc;
        fy_err err = {0};
        session s;

        fy_test_case = fy_noise_protocol_name(suites[k]);
        CHECK(session_new(&s, suites[k], "ferry/1", "ferry/1", 0));
        CHECK_INT(session_handshake(&s, -1, 0, &rc), -1);
        CHECK_INT(rc, FY_OK);
        if (!s.send[0] || !s.send[1]) {
            session_free(&s);
            continue;
        }
        CHECK_MEM(s.hash[0], s.hash[1], FY_NOISE_HASH_LEN);
        CHECK_MEM(s.rs[0], s.spub[1], FY_NOISE_KEY_LEN);
        CHECK_MEM(s.rs[1], s.spub[0], FY_NOISE_KEY_LEN);
        /* Both directions, several messages each, with associated data. */
        for (int i = 0; i < 6; i++) {
            int w = i % 2;
            CHECK_INT(fy_noise_cipher_encrypt(s.send[w], (const uint8_t *)"hdr", 3, (const uint8_t *)payload,
                                              sizeof payload, out, sizeof out, &olen, &err),
                      FY_OK);
            CHECK_INT(fy_noise_cipher_decrypt(s.recv[1 - w], (const uint8_t *)"hdr", 3, out, olen, back, sizeof back,
                                              &blen, &err),
                      FY_OK);
            CHECK_INT(blen, sizeof payload);
            CHECK_MEM(back, payload, sizeof payload);
        }
        /* The largest message passes; one byte more is refused. */
        for (size_t i = 0; i < sizeof big; i++)
            big[i] = (uint8_t)(i * 7 + k);
        CHECK_INT(fy_noise_cipher_encrypt(s.send[0], NULL, 0, big, FY_NOISE_PAYLOAD_MAX, out, sizeof out, &olen, &err),
                  FY_OK);
        CHECK_INT(olen, FY_NOISE_MSG_MAX);
        CHECK_INT(fy_noise_cipher_decrypt(s.recv[1], NULL, 0, out, olen, back, sizeof back, &blen, &err), FY_OK);
        CHECK_MEM(back, big, FY_NOISE_PAYLOAD_MAX);
        CHECK_INT(fy_noise_cipher_encrypt(s.send[0], NULL, 0, big, FY_NOISE_PAYLOAD_MAX + 1, out, sizeof out, &olen,
                                          &err),
                  FY_ERR_USAGE);
        session_free(&s);
    }
}

static void test_handshake_attacks(void)
{
    /* Each tampered byte must be caught by the first read that depends on
     * it: the clear parts of message 1 through the transcript hash one
     * message later, encrypted parts by their own tag. */
    static const struct {
        const char *name;
        int msg, off, fails_at;
    } cases[] = {
        {"msg1 ephemeral", 0, 0, 1},      {"msg1 clear payload", 0, -1, 1},
        {"msg2 ephemeral", 1, 5, 1},      {"msg2 encrypted static", 1, 40, 1},
        {"msg2 payload tag", 1, -1, 1},   {"msg3 encrypted static", 2, 0, 2},
        {"msg3 static tag", 2, 40, 2},    {"msg3 payload", 2, -17, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[BUF_MAX] = {0}, got[BUF_MAX];
        size_t n;
        fy_result rc;
        fy_err err = {0};
        session s;
        fy_test_case = cases[i].name;
        CHECK(session_new(&s, FY_SUITE_CHACHAPOLY, "ferry/1", "ferry/1", 0));
        CHECK_INT(session_handshake(&s, cases[i].msg, cases[i].off, &rc), cases[i].fails_at);
        CHECK_INT(rc, FY_ERR_CRYPTO);
        /* The failed side stays failed: no second chance for the attacker. */
        fy_noise_hs *victim = s.hs[1 - cases[i].fails_at % 2];
        CHECK(!fy_noise_hs_done(victim) && !fy_noise_hs_my_turn(victim));
        CHECK_INT(fy_noise_hs_read(victim, buf, 64, got, sizeof got, &n, &err), FY_ERR_CRYPTO);
        CHECK_INT(fy_noise_hs_remote_static(victim, buf, &err), FY_ERR_USAGE);
        session_free(&s);
    }

    fy_test_case = "different prologues";
    {
        fy_result rc;
        session s;
        CHECK(session_new(&s, FY_SUITE_CHACHAPOLY, "ferry/1 suites=1,2", "ferry/1 suites=2", 0));
        CHECK_INT(session_handshake(&s, -1, 0, &rc), 1);
        CHECK_INT(rc, FY_ERR_CRYPTO);
        session_free(&s);
    }
}

/* Lengths, turns and buffers: the caller's mistakes change nothing, the
 * peer's impossible lengths end the handshake. */
static void test_handshake_limits(void)
{
    static uint8_t big[FY_NOISE_MSG_MAX + 1], big_out[FY_NOISE_MSG_MAX + 1];
    uint8_t msg[BUF_MAX], got[BUF_MAX], rs[FY_NOISE_KEY_LEN];
    size_t n, m;
    fy_noise_cipher *c1, *c2;
    fy_err err = {0};
    session s;

    fy_test_case = "handshake limits";
    CHECK(session_new(&s, FY_SUITE_CHACHAPOLY, "p", "p", 0));
    CHECK_INT(fy_noise_hs_read(s.hs[0], msg, 32, got, sizeof got, &m, &err), FY_ERR_USAGE); /* out of turn */
    CHECK_INT(fy_noise_hs_write(s.hs[1], NULL, 0, msg, sizeof msg, &n, &err), FY_ERR_USAGE);
    CHECK_INT(fy_noise_hs_split(s.hs[0], &c1, &c2, NULL, NULL, &err), FY_ERR_USAGE);
    CHECK_INT(fy_noise_hs_write(s.hs[0], big, FY_NOISE_MSG_MAX - 31, big_out, sizeof big_out, &n, &err), FY_ERR_USAGE);
    CHECK_INT(fy_noise_hs_write(s.hs[0], NULL, 0, msg, 31, &n, &err), FY_ERR_USAGE);
    CHECK_INT(fy_noise_hs_write(s.hs[0], big, FY_NOISE_MSG_MAX - 32, big_out, sizeof big_out, &n, &err), FY_OK);
    CHECK_INT(n, FY_NOISE_MSG_MAX);
    session_free(&s);

    CHECK(session_new(&s, FY_SUITE_CHACHAPOLY, "p", "p", 0));
    CHECK_INT(fy_noise_hs_write(s.hs[0], (const uint8_t *)"abc", 3, msg, sizeof msg, &n, &err), FY_OK);
    CHECK_INT(n, 35);
    CHECK_INT(fy_noise_hs_read(s.hs[1], msg, n, got, 2, &m, &err), FY_ERR_USAGE); /* retry allowed */
    CHECK_INT(fy_noise_hs_read(s.hs[1], msg, n, got, 3, &m, &err), FY_OK);
    CHECK_INT(fy_noise_hs_write(s.hs[1], NULL, 0, msg, sizeof msg, &n, &err), FY_OK);
    CHECK_INT(n, 32 + 48 + 16);
    CHECK_INT(fy_noise_hs_remote_static(s.hs[1], rs, &err), FY_ERR_USAGE);
    /* Message 2 cut below its fixed part is not a message at all. */
    CHECK_INT(fy_noise_hs_read(s.hs[0], msg, 95, got, sizeof got, &m, &err), FY_ERR_PROTOCOL);
    CHECK_INT(fy_noise_hs_read(s.hs[0], msg, n, got, sizeof got, &m, &err), FY_ERR_CRYPTO);
    session_free(&s);

    CHECK(session_new(&s, FY_SUITE_CHACHAPOLY, "p", "p", 0));
    CHECK_INT(fy_noise_hs_read(s.hs[1], big, sizeof big, got, sizeof got, &m, &err), FY_ERR_PROTOCOL);
    session_free(&s);

    /* The initiator learns the responder's key after message 2, before it
     * has revealed its own identity. */
    CHECK(session_new(&s, FY_SUITE_CHACHAPOLY, "p", "p", 0));
    CHECK_INT(fy_noise_hs_write(s.hs[0], NULL, 0, msg, sizeof msg, &n, &err), FY_OK);
    CHECK_INT(fy_noise_hs_read(s.hs[1], msg, n, got, sizeof got, &m, &err), FY_OK);
    CHECK_INT(fy_noise_hs_write(s.hs[1], NULL, 0, msg, sizeof msg, &n, &err), FY_OK);
    CHECK_INT(fy_noise_hs_read(s.hs[0], msg, n, got, sizeof got, &m, &err), FY_OK);
    CHECK_INT(m, 0);
    CHECK_INT(fy_noise_hs_remote_static(s.hs[0], rs, &err), FY_OK);
    CHECK_MEM(rs, s.spub[1], FY_NOISE_KEY_LEN);
    CHECK_INT(fy_noise_hs_test_set_ephemeral(s.hs[0], rs, &err), FY_ERR_USAGE); /* e already sent */
    session_free(&s);
}

/* ---- transport attacks ----------------------------------------------- */

enum attack { A_FLIP_BODY, A_FLIP_TAG, A_REPLAY, A_REORDER, A_TRUNCATE, A_SHORTER_THAN_TAG, A_WRONG_AD, A_OVERSIZE };

static void test_transport_attacks(void)
{
    static const struct {
        const char *name;
        enum attack a;
        fy_result want;
    } cases[] = {
        {"flipped bit in body", A_FLIP_BODY, FY_ERR_CRYPTO},
        {"flipped bit in tag", A_FLIP_TAG, FY_ERR_CRYPTO},
        {"replayed message", A_REPLAY, FY_ERR_CRYPTO},
        {"reordered pair", A_REORDER, FY_ERR_CRYPTO},
        {"truncated by one byte", A_TRUNCATE, FY_ERR_CRYPTO},
        {"shorter than a tag", A_SHORTER_THAN_TAG, FY_ERR_CRYPTO},
        {"wrong associated data", A_WRONG_AD, FY_ERR_CRYPTO},
        {"over the message limit", A_OVERSIZE, FY_ERR_PROTOCOL},
    };
    static uint8_t huge[FY_NOISE_MSG_MAX + 1];
    fy_noise_suite suites[2];
    int ns = available_suites(suites);

    for (int k = 0; k < ns; k++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            uint8_t m1[64], m2[64], back[FY_NOISE_MSG_MAX];
            size_t n1, n2, bn = 99;
            fy_result rc;
            fy_err err = {0};
            fy_noise_cipher *rx;
            session s;

            fy_test_case = cases[i].name;
            CHECK(session_new(&s, suites[k], "p", "p", 0));
            CHECK_INT(session_handshake(&s, -1, 0, &rc), -1);
            if (!s.recv[1]) {
                session_free(&s);
                continue;
            }
            rx = s.recv[1];
            CHECK_INT(fy_noise_cipher_encrypt(s.send[0], (const uint8_t *)"ad", 2, (const uint8_t *)"first message",
                                              13, m1, sizeof m1, &n1, &err),
                      FY_OK);
            CHECK_INT(fy_noise_cipher_encrypt(s.send[0], (const uint8_t *)"ad", 2, (const uint8_t *)"second message",
                                              14, m2, sizeof m2, &n2, &err),
                      FY_OK);
            switch (cases[i].a) {
            case A_FLIP_BODY: m1[3] ^= 0x10; break;
            case A_FLIP_TAG: m1[n1 - 1] ^= 0x01; break;
            case A_REPLAY:
                CHECK_INT(fy_noise_cipher_decrypt(rx, (const uint8_t *)"ad", 2, m1, n1, back, sizeof back, &bn, &err),
                          FY_OK);
                break;
            case A_REORDER: memcpy(m1, m2, sizeof m1); n1 = n2; break;
            case A_TRUNCATE: n1--; break;
            case A_SHORTER_THAN_TAG: n1 = FY_NOISE_TAG_LEN - 1; break;
            case A_WRONG_AD: break;
            case A_OVERSIZE: break;
            }
            if (cases[i].a == A_OVERSIZE)
                rc = fy_noise_cipher_decrypt(rx, NULL, 0, huge, sizeof huge, back, sizeof back, &bn, &err);
            else
                rc = fy_noise_cipher_decrypt(rx, (const uint8_t *)(cases[i].a == A_WRONG_AD ? "AD" : "ad"), 2, m1,
                                             n1, back, sizeof back, &bn, &err);
            CHECK_INT(rc, cases[i].want);
            CHECK_INT(bn, 0);
            /* Fail closed: after one bad message even the genuine next one
             * is refused, so an attacker cannot probe the state. */
            CHECK_INT(fy_noise_cipher_decrypt(rx, (const uint8_t *)"ad", 2, m2, n2, back, sizeof back, &bn, &err),
                      FY_ERR_CRYPTO);
            session_free(&s);
        }

    fy_test_case = "caller's small buffer changes nothing";
    {
        uint8_t m[64], back[64];
        size_t n, bn;
        fy_result rc;
        fy_err err = {0};
        session s;
        CHECK(session_new(&s, FY_SUITE_CHACHAPOLY, "p", "p", 0));
        CHECK_INT(session_handshake(&s, -1, 0, &rc), -1);
        CHECK_INT(fy_noise_cipher_encrypt(s.send[1], NULL, 0, (const uint8_t *)"12345", 5, m, 20, &n, &err),
                  FY_ERR_USAGE);
        CHECK_INT(fy_noise_cipher_encrypt(s.send[1], NULL, 0, (const uint8_t *)"12345", 5, m, 21, &n, &err), FY_OK);
        CHECK_INT(fy_noise_cipher_decrypt(s.recv[0], NULL, 0, m, n, back, 4, &bn, &err), FY_ERR_USAGE);
        CHECK_INT(fy_noise_cipher_decrypt(s.recv[0], NULL, 0, m, n, back, 5, &bn, &err), FY_OK);
        CHECK_MEM(back, "12345", 5);
        session_free(&s);
    }
}

/* Nonce 2^64-1 is reserved by Noise: the last usable message is 2^64-2.
 * The counter's top bytes also prove the nonce encoding of each suite. */
static void test_nonce_limit(void)
{
    fy_noise_suite suites[2];
    int ns = available_suites(suites);
    for (int k = 0; k < ns; k++) {
        uint8_t m[64], back[64];
        size_t n, bn;
        fy_result rc;
        fy_err err = {0};
        session s;

        fy_test_case = fy_noise_protocol_name(suites[k]);
        CHECK(session_new(&s, suites[k], "p", "p", 0));
        CHECK_INT(session_handshake(&s, -1, 0, &rc), -1);
        if (!s.send[0]) {
            session_free(&s);
            continue;
        }
        fy_noise_cipher_test_set_nonce(s.send[0], UINT64_MAX - 1);
        fy_noise_cipher_test_set_nonce(s.recv[1], UINT64_MAX - 1);
        CHECK_INT(fy_noise_cipher_encrypt(s.send[0], NULL, 0, (const uint8_t *)"last", 4, m, sizeof m, &n, &err),
                  FY_OK);
        CHECK_INT(fy_noise_cipher_decrypt(s.recv[1], NULL, 0, m, n, back, sizeof back, &bn, &err), FY_OK);
        CHECK_INT(fy_noise_cipher_encrypt(s.send[0], NULL, 0, (const uint8_t *)"more", 4, m, sizeof m, &n, &err),
                  FY_ERR_CRYPTO);
        /* A receiver one ahead of the sender must not accept. */
        fy_noise_cipher_test_set_nonce(s.send[1], 0x0102030405060708ull);
        fy_noise_cipher_test_set_nonce(s.recv[0], 0x0102030405060709ull);
        CHECK_INT(fy_noise_cipher_encrypt(s.send[1], NULL, 0, (const uint8_t *)"x", 1, m, sizeof m, &n, &err), FY_OK);
        CHECK_INT(fy_noise_cipher_decrypt(s.recv[0], NULL, 0, m, n, back, sizeof back, &bn, &err), FY_ERR_CRYPTO);
        session_free(&s);
    }
}

/* ---- pairing --------------------------------------------------------- */

static void test_pair_known_answers(void)
{
    /* Computed independently with Python's hashlib.blake2b and the
     * cryptography package's X25519, from the layouts in fy_pair.h. */
    static const struct {
        const char *priv, *pub, *fingerprint;
    } keys[] = {
        {"e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1",
         "6bc3822a2aa7f4e6981d6538692b3cdf3e6df9eea6ed269eb41d93c22757b75a", "f369-245a-9715-520f"},
        {"4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893",
         "31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62", "e63b-5341-3d13-463c"},
    };
    static const struct {
        uint32_t code;
        const char *want;
    } codes[] = {{0, "000000"}, {7, "000007"}, {42, "000042"}, {123456, "123456"}, {999999, "999999"}};
    uint8_t h[FY_NOISE_HASH_LEN], ri[FY_PAIR_RAND_LEN], rr[FY_PAIR_RAND_LEN], c[FY_PAIR_COMMIT_LEN],
        want[FY_PAIR_COMMIT_LEN];
    char str[FY_PAIR_CODE_SIZE];

    fy_test_case = "pair known answers";
    for (int i = 0; i < 64; i++)
        h[i] = (uint8_t)i;
    for (int i = 0; i < 32; i++) {
        ri[i] = (uint8_t)(64 + i);
        rr[i] = (uint8_t)(96 + i);
    }
    fy_pair_commit(h, ri, c);
    CHECK(unhex_exact("58ca02ec1e6b951cc03be6cafc23cd38b9fa176de0b7ba304d9d0e7c8ea30c7d", want, sizeof want));
    CHECK_MEM(c, want, sizeof want);
    CHECK_INT(fy_pair_code(h, ri, rr, str), 822942);
    CHECK_STR(str, "822942");

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        uint8_t priv[FY_NOISE_KEY_LEN], pub[FY_NOISE_KEY_LEN], wpub[FY_NOISE_KEY_LEN];
        char fp[FY_PAIR_FINGERPRINT_SIZE];
        fy_err err = {0};
        fy_test_case = keys[i].fingerprint;
        CHECK(unhex_exact(keys[i].priv, priv, sizeof priv) && unhex_exact(keys[i].pub, wpub, sizeof wpub));
        CHECK_INT(fy_pair_key_public(priv, pub, &err), FY_OK);
        CHECK_MEM(pub, wpub, sizeof pub);
        fy_pair_fingerprint(pub, fp);
        CHECK_STR(fp, keys[i].fingerprint);
    }
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        fy_test_case = codes[i].want;
        fy_pair_code_str(codes[i].code, str);
        CHECK_STR(str, codes[i].want);
    }
}

static int is_code_format(const char *s)
{
    for (int i = 0; i < 6; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return s[6] == '\0';
}

static void test_pairing(void)
{
    uint8_t ri[FY_PAIR_RAND_LEN], rr[FY_PAIR_RAND_LEN], bad[FY_PAIR_RAND_LEN], c[FY_PAIR_COMMIT_LEN];
    char code_i[FY_PAIR_CODE_SIZE], code_r[FY_PAIR_CODE_SIZE];
    fy_result rc;
    fy_err err = {0};
    session s, a, b;

    fy_test_case = "pairing: honest peers";
    CHECK(session_new(&s, FY_SUITE_CHACHAPOLY, "p", "p", 0));
    CHECK_INT(session_handshake(&s, -1, 0, &rc), -1);
    CHECK_INT(fy_pair_random(ri, &err), FY_OK);
    fy_pair_commit(s.hash[0], ri, c); /* initiator -> responder: C */
    CHECK_INT(fy_pair_random(rr, &err), FY_OK); /* responder -> initiator: Rr */
    CHECK_INT(fy_pair_check_reveal(s.hash[1], c, ri, &err), FY_OK); /* initiator -> responder: Ri */
    fy_pair_code(s.hash[0], ri, rr, code_i);
    fy_pair_code(s.hash[1], ri, rr, code_r);
    CHECK_STR(code_i, code_r);
    CHECK(is_code_format(code_i));
    CHECK_INT(strlen(code_i), 6);

    fy_test_case = "pairing: wrong reveal";
    memcpy(bad, ri, sizeof bad);
    bad[31] ^= 0x80;
    CHECK_INT(fy_pair_check_reveal(s.hash[1], c, bad, &err), FY_ERR_CRYPTO);
    CHECK_INT(fy_pair_check_reveal(s.hash[1], c, rr, &err), FY_ERR_CRYPTO);
    session_free(&s);

    /* A man in the middle runs one handshake with each side using its own
     * keys (fixed here, so the test is deterministic): A is initiator <->
     * mallory, B is mallory <-> responder. */
    fy_test_case = "pairing: man in the middle";
    CHECK(session_new(&a, FY_SUITE_CHACHAPOLY, "p", "p", 0x11));
    CHECK(session_new(&b, FY_SUITE_CHACHAPOLY, "p", "p", 0x21));
    CHECK_INT(session_handshake(&a, -1, 0, &rc), -1);
    CHECK_INT(session_handshake(&b, -1, 0, &rc), -1);
    CHECK(memcmp(a.hash[0], b.hash[0], FY_NOISE_HASH_LEN) != 0);
    /* Relaying the initiator's commitment fails at the responder: it is
     * bound to the other handshake. */
    fy_pair_commit(a.hash[0], ri, c);
    CHECK_INT(fy_pair_check_reveal(b.hash[1], c, ri, &err), FY_ERR_CRYPTO);
    /* Even relaying both random values unchanged, the codes differ. */
    fy_pair_code(a.hash[0], ri, rr, code_i);
    fy_pair_code(b.hash[1], ri, rr, code_r);
    CHECK(strcmp(code_i, code_r) != 0);
    CHECK(is_code_format(code_i) && is_code_format(code_r));
    session_free(&a);
    session_free(&b);
}

static void test_keys(void)
{
    uint8_t priv[2][FY_NOISE_KEY_LEN], pub[2][FY_NOISE_KEY_LEN], again[FY_NOISE_KEY_LEN];
    char fp[FY_PAIR_FINGERPRINT_SIZE];
    fy_err err = {0};

    fy_test_case = "key helpers";
    for (int i = 0; i < 2; i++) {
        CHECK_INT(fy_pair_key_generate(priv[i], pub[i], &err), FY_OK);
        CHECK_INT(fy_pair_key_public(priv[i], again, &err), FY_OK);
        CHECK_MEM(again, pub[i], FY_NOISE_KEY_LEN);
    }
    CHECK(memcmp(priv[0], priv[1], FY_NOISE_KEY_LEN) != 0);
    fy_pair_fingerprint(pub[0], fp);
    CHECK_INT(strlen(fp), 19);
    for (int i = 0; i < 19; i++)
        CHECK(i % 5 == 4 ? fp[i] == '-' : (fp[i] >= '0' && fp[i] <= '9') || (fp[i] >= 'a' && fp[i] <= 'f'));
    CHECK(fy_noise_protocol_name(0) == NULL);
    CHECK(!fy_noise_suite_available(0));
    CHECK(fy_noise_suite_available(FY_SUITE_CHACHAPOLY));
}

int main(void)
{
    if (!fy_noise_aesgcm_available())
        fprintf(stderr, "NOTE: this CPU has no AES-GCM support; AESGCM cases are skipped, not passed\n");
    test_vectors();
    test_random_peers();
    test_handshake_attacks();
    test_handshake_limits();
    test_transport_attacks();
    test_nonce_limit();
    test_pair_known_answers();
    test_pairing();
    test_keys();
    fy_test_case = NULL;
    return fy_test_done("noise");
}
