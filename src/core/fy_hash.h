/* fy_hash.h: the file checksum, in one place.
 *
 * XXH3-128 from xxHash: it runs at several GB/s, where BLAKE2b manages about
 * 1.2 GB/s on one core, and it is only asked to catch read, write and
 * resume errors. Tampering on the wire is the encryption layer's job (its
 * AEAD authenticates every byte), so a non-cryptographic hash is enough. */
#ifndef FY_HASH_H
#define FY_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FY_HASH_LEN 16

typedef struct fy_hash fy_hash;

fy_hash *fy_hash_new(void);          /* NULL when out of memory */
void fy_hash_free(fy_hash *h);
void fy_hash_reset(fy_hash *h);
void fy_hash_update(fy_hash *h, const void *data, size_t len);
/* Writes the 16-byte digest (big-endian high then low half, the canonical
 * XXH128 byte order); the state may go on being updated afterwards. */
void fy_hash_digest(const fy_hash *h, uint8_t out[FY_HASH_LEN]);
void fy_hash_copy(fy_hash *dst, const fy_hash *src);

/* One-shot digest of a buffer. */
void fy_hash_buffer(const void *data, size_t len, uint8_t out[FY_HASH_LEN]);

/* 32 lowercase hex digits and a NUL. */
void fy_hash_hex(const uint8_t digest[FY_HASH_LEN], char out[2 * FY_HASH_LEN + 1]);
/* Parses 32 hex digits; returns 0 on success. */
int fy_hash_unhex(const char *hex, uint8_t out[FY_HASH_LEN]);

#endif
