/* fuzz_noise: the Noise XX handshake and transport messages
 * (src/core/fy_noise.c) as pure functions on buffers.
 *
 * An initiator and a responder with fixed static and ephemeral keys (so a
 * run is repeatable) run the handshake; the input chooses the payloads and
 * may alter one message on its way: replace it with input bytes (a peer
 * that sends anything), flip a byte, cut it or lengthen it. If the
 * handshake completes, transport messages go both ways, each maybe
 * altered or opened with other associated data.
 *
 * Input: u8 flags (bit 0 AES-GCM where the CPU has it, bits 1-2 the
 * message to alter (1..3, 0 none), bits 3-4 how, bit 5 the two sides use
 * different prologues), u8 prologue length + bytes, 3 x (u8 length +
 * payload), u16 position, u8 xor value, u16 length + bytes of a
 * replacement; then transport messages: u8 op (bit 0 responder sends,
 * bit 1 alter, bit 2 other associated data), u16 length + plaintext.
 *
 * What must hold: an unaltered handshake completes, carries the payloads,
 * and both sides agree on the hash and each other's static key; an altered
 * one (or different prologues) never completes on both sides; a transport
 * message opens to what was sealed unless altered, and a direction that
 * once failed to open never opens again. */
#include "fuzz_util.h"

#include <sodium.h>

#include "core/fy_noise.h"

#define BUF (FY_NOISE_MSG_MAX + 64)

static const uint8_t s_priv[2][32] = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {9, 8, 7, 6, 5, 4, 3, 2, 1}};
static const uint8_t e_priv[2][32] = {{11, 12, 13, 14, 15}, {21, 22, 23, 24, 25}};
static uint8_t s_pub[2][32];

enum { ALTER_REPLACE, ALTER_XOR, ALTER_CUT, ALTER_LENGTHEN };

/* Alters msg[0..*len) as the input says; returns 1 if the bytes changed. */
static int alter(uint8_t *msg, size_t *len, int how, uint16_t pos, uint8_t x, const uint8_t *rep, size_t rep_len)
{
    size_t n = *len;
    switch (how) {
    case ALTER_REPLACE: {
        int same = rep_len == n && memcmp(rep, msg, n) == 0;
        memcpy(msg, rep, rep_len);
        *len = rep_len;
        return !same;
    }
    case ALTER_XOR:
        if (n == 0 || x == 0)
            return 0;
        msg[pos % n] ^= x;
        return 1;
    case ALTER_CUT:
        if (n == 0)
            return 0;
        *len = pos % n;
        return 1;
    default: {
        size_t add = 1 + pos % 64;
        memset(msg + n, x, add);
        *len = n + add;
        return 1;
    }
    }
}

static void transport(fy_noise_cipher *tx[2], fy_noise_cipher *rx[2], fz_in *in)
{
    static uint8_t plain[BUF], msg[BUF], out[BUF];
    int broken[2] = {0, 0};
    while (fz_left(in) > 0) {
        uint8_t op = fz_u8(in);
        int from = op & 1, to = !from;
        size_t want = fz_u16(in), n, mlen, olen;
        const uint8_t *p = fz_bytes(in, want, &n);
        static const uint8_t ad[4] = "ad!";
        fy_err err = {0};
        int altered = 0;
        fy_result rc;

        if (n > FY_NOISE_PAYLOAD_MAX)
            n = FY_NOISE_PAYLOAD_MAX;
        memcpy(plain, p, n);
        FZ_CHECK(fy_noise_cipher_encrypt(tx[from], NULL, 0, plain, n, msg, sizeof msg, &mlen, &err) == FY_OK);
        FZ_CHECK(mlen == n + FY_NOISE_TAG_LEN);
        if (op & 2) {
            msg[(n + op) % mlen] ^= (uint8_t)(op | 1);
            altered = 1;
        }
        rc = fy_noise_cipher_decrypt(rx[to], (op & 4) ? ad : NULL, (op & 4) ? sizeof ad : 0, msg, mlen, out,
                                     sizeof out, &olen, &err);
        if (broken[to] || altered || (op & 4)) {
            FZ_CHECK(rc == FY_ERR_CRYPTO);
            broken[to] = 1;
        } else {
            FZ_CHECK(rc == FY_OK && olen == n && memcmp(out, plain, n) == 0);
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    FZ_CHECK(sodium_init() >= 0);
    for (int i = 0; i < 2; i++)
        crypto_scalarmult_curve25519_base(s_pub[i], s_priv[i]);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t msg[BUF], payload[BUF];
    fz_in in;
    fy_noise_hs *hs[2] = {NULL, NULL};
    fy_noise_cipher *tx[2] = {NULL, NULL}, *rx[2] = {NULL, NULL};
    fy_err err = {0};
    uint8_t flags, prologue[256], hash[2][FY_NOISE_HASH_LEN], rs[2][32];
    const uint8_t *pl[3], *rep;
    size_t pln[3], prn, rep_len;
    fy_noise_suite suite;
    int alter_msg, how, changed = 0, done;
    uint16_t pos;
    uint8_t x;

    fz_init(&in, data, size);
    flags = fz_u8(&in);
    suite = (flags & 1) && fy_noise_aesgcm_available() ? FY_SUITE_AESGCM : FY_SUITE_CHACHAPOLY;
    alter_msg = (flags >> 1) & 3;
    how = (flags >> 3) & 3;
    memcpy(prologue, fz_bytes(&in, fz_u8(&in), &prn), prn);
    for (int i = 0; i < 3; i++)
        pl[i] = fz_bytes(&in, fz_u8(&in), &pln[i]);
    pos = fz_u16(&in);
    x = fz_u8(&in);
    rep = fz_bytes(&in, fz_u16(&in), &rep_len);

    for (int side = 0; side < 2; side++) {
        fy_noise_role role = side == 0 ? FY_NOISE_INITIATOR : FY_NOISE_RESPONDER;
        if (side == 1 && (flags & 0x20))
            prologue[prn++] = 'X'; /* prn <= 255 < sizeof prologue */
        FZ_CHECK(fy_noise_hs_new(role, suite, s_priv[side], prologue, prn, &hs[side], &err) == FY_OK);
        FZ_CHECK(fy_noise_hs_test_set_ephemeral(hs[side], e_priv[side], &err) == FY_OK);
    }
    if (flags & 0x20)
        changed = 1;

    /* Messages 1 (initiator), 2 (responder), 3 (initiator). */
    for (int m = 0; m < 3; m++) {
        int w = m % 2, r = !w;
        size_t len, plen;
        int altered = 0;
        FZ_CHECK(fy_noise_hs_my_turn(hs[w]) && !fy_noise_hs_my_turn(hs[r]));
        /* Writing runs the DH with the peer's "e": a low-order point in an
         * altered message 1 is refused here. */
        if (fy_noise_hs_write(hs[w], pl[m], pln[m], msg, sizeof msg, &len, &err) != FY_OK) {
            FZ_CHECK(changed && err.code == FY_ERR_CRYPTO);
            break;
        }
        FZ_CHECK(len <= pln[m] + FY_NOISE_HS_OVERHEAD_MAX);
        if (alter_msg == m + 1)
            altered = alter(msg, &len, how, pos, x, rep, rep_len);
        changed |= altered;
        if (fy_noise_hs_read(hs[r], msg, len, payload, sizeof payload, &plen, &err) != FY_OK) {
            FZ_CHECK(changed && err.msg[0]);
            /* A failed handshake stays failed. */
            FZ_CHECK(fy_noise_hs_read(hs[r], msg, len, payload, sizeof payload, &plen, &err) != FY_OK);
            break;
        }
        if (!changed)
            FZ_CHECK(plen == pln[m] && (plen == 0 || memcmp(payload, pl[m], plen) == 0));
    }
    done = fy_noise_hs_done(hs[0]) && fy_noise_hs_done(hs[1]);
    FZ_CHECK(done == !changed);
    if (done) {
        for (int side = 0; side < 2; side++)
            FZ_CHECK(fy_noise_hs_split(hs[side], &tx[side], &rx[side], hash[side], rs[side], &err) == FY_OK);
        FZ_CHECK(memcmp(hash[0], hash[1], sizeof hash[0]) == 0);
        FZ_CHECK(memcmp(rs[0], s_pub[1], 32) == 0 && memcmp(rs[1], s_pub[0], 32) == 0);
        transport(tx, rx, &in);
    }
    for (int side = 0; side < 2; side++) {
        fy_noise_cipher_free(tx[side]);
        fy_noise_cipher_free(rx[side]);
        fy_noise_hs_free(hs[side]);
    }
    return 0;
}
