/* fy_trust.h: this device's long-term key and the devices it has paired
 * with, kept in the config folder.
 *
 *   identity.key (mode 0600)        peers.txt
 *   ferry-identity 1                ferry-peers 1
 *   private <64 hex>                <64 hex public key> <paired at, unix s> <device name>
 *
 * A name appears once: pairing again with the same name replaces the key.
 * Lines that do not parse are dropped (and reported by the loader). */
#ifndef FY_TRUST_H
#define FY_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include "fy_result.h"
#include "fy_wire.h"

#define FY_TRUST_MAX 1000 /* paired devices kept */

typedef struct fy_trusted {
    uint8_t key[32];
    int64_t paired_at;
    char name[FY_DEVICE_NAME_MAX + 1];
} fy_trusted;

typedef struct fy_trust {
    fy_trusted *v;
    int n;
} fy_trust;

/* Pure text, for tests and the loaders. */
fy_result fy_trust_parse(const char *text, size_t len, fy_trust *t, fy_err *err) FY_MUST_USE;
/* Returns a malloc'd text (NULL when out of memory). */
char *fy_trust_format(const fy_trust *t);
void fy_trust_free(fy_trust *t);

const fy_trusted *fy_trust_find_key(const fy_trust *t, const uint8_t key[32]);
const fy_trusted *fy_trust_find_name(const fy_trust *t, const char *name);
/* Adds or replaces (same name, or same key). */
fy_result fy_trust_add(fy_trust *t, const uint8_t key[32], const char *name, int64_t now, fy_err *err) FY_MUST_USE;
/* Returns 1 if a device of that name was removed. */
int fy_trust_remove(fy_trust *t, const char *name);

/* What each side says about the other after the handshake (PAIR_STATUS). */
#define FY_TRUST_KNOWS_YOU 0x01     /* your key is in my paired list */
#define FY_TRUST_CAN_PAIR 0x02      /* a person here can confirm a code */
#define FY_TRUST_UNPAIRED_OK 0x04   /* I accept an unpaired peer (the risk option) */

typedef enum { FY_TRUST_PROCEED, FY_TRUST_PAIR, FY_TRUST_REFUSE } fy_trust_decision;

/* The same answer on both sides, from both sides' flags: go on if each side
 * knows the other or accepts the risk; else pair if people on both sides
 * can; else refuse, with why in err (named after the peer). */
fy_trust_decision fy_trust_decide(uint8_t mine, uint8_t theirs, const char *peer, fy_err *err);

/* In the config folder dir: */
fy_result fy_trust_load(const char *dir, fy_trust *t, fy_err *err) FY_MUST_USE;
fy_result fy_trust_save(const char *dir, const fy_trust *t, fy_err *err) FY_MUST_USE;
/* Reads identity.key, creating it (and the key) on first run. */
fy_result fy_identity_load(const char *dir, uint8_t priv[32], uint8_t pub[32], fy_err *err) FY_MUST_USE;

#endif
