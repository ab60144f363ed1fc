#include "fy_trust.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_names.h"
#include "fy_pair.h"
#include "platform/fy_platform.h"

#define PEERS_HEADER "ferry-peers 1\n"
#define IDENTITY_HEADER "ferry-identity 1\n"
#define FILE_MAX (1u << 20)

static int unhex32(const char *s, uint8_t out[32])
{
    size_t bin_len;
    return sodium_hex2bin(out, 32, s, 64, NULL, &bin_len, NULL) == 0 && bin_len == 32 ? 0 : -1;
}

fy_result fy_trust_parse(const char *text, size_t len, fy_trust *t, fy_err *err)
{
    size_t pos, hl = strlen(PEERS_HEADER);
    memset(t, 0, sizeof *t);
    if (len < hl || memcmp(text, PEERS_HEADER, hl) != 0)
        return len == 0 ? FY_OK : fy_fail(err, FY_ERR_IO, "peers file has an unknown format");
    for (pos = hl; pos < len;) {
        const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        char buf[256], name[FY_DEVICE_NAME_MAX + 1];
        uint8_t key[32];
        long long when;
        int off = 0;
        pos += ll + 1;
        if (ll >= sizeof buf)
            continue;
        memcpy(buf, line, ll);
        buf[ll] = '\0';
        if (ll < 66 || buf[64] != ' ' || unhex32(buf, key) != 0 || sscanf(buf + 65, "%lld %n", &when, &off) != 1 ||
            off == 0 || !buf[65 + off])
            continue;
        fy_names_for_display(buf + 65 + off, name, sizeof name);
        if (fy_trust_add(t, key, name, when, err) != FY_OK)
            return err ? err->code : FY_ERR_NOMEM;
    }
    return FY_OK;
}

char *fy_trust_format(const fy_trust *t)
{
    size_t cap = strlen(PEERS_HEADER) + (size_t)t->n * (64 + 24 + FY_DEVICE_NAME_MAX + 4) + 1, len;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    len = (size_t)snprintf(out, cap, "%s", PEERS_HEADER);
    for (int i = 0; i < t->n; i++) {
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, t->v[i].key, 32);
        len += (size_t)snprintf(out + len, cap - len, "%s %lld %s\n", hex, (long long)t->v[i].paired_at, t->v[i].name);
    }
    return out;
}

void fy_trust_free(fy_trust *t)
{
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

const fy_trusted *fy_trust_find_key(const fy_trust *t, const uint8_t key[32])
{
    for (int i = 0; i < t->n; i++)
        if (sodium_memcmp(t->v[i].key, key, 32) == 0)
            return &t->v[i];
    return NULL;
}

const fy_trusted *fy_trust_find_name(const fy_trust *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0)
            return &t->v[i];
    return NULL;
}

int fy_trust_remove(fy_trust *t, const char *name)
{
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->v[i].name, name) != 0)
            continue;
        memmove(&t->v[i], &t->v[i + 1], (size_t)(t->n - i - 1) * sizeof *t->v);
        t->n--;
        return 1;
    }
    return 0;
}

fy_result fy_trust_add(fy_trust *t, const uint8_t key[32], const char *name, int64_t now, fy_err *err)
{
    fy_trusted *e = (fy_trusted *)fy_trust_find_key(t, key);
    char clean[FY_DEVICE_NAME_MAX + 1];
    /* One line per device: names are shown, never parsed back as paths,
     * but a newline in one would split the file. */
    fy_names_for_display(name, clean, sizeof clean);
    if (!clean[0])
        snprintf(clean, sizeof clean, "unnamed");
    if (e) {
        /* This key under a new name: another entry holding that name goes,
         * so a name always means one key. */
        for (int i = 0; i < t->n; i++)
            if (&t->v[i] != e && strcmp(t->v[i].name, clean) == 0) {
                size_t at = (size_t)(e - t->v);
                memmove(&t->v[i], &t->v[i + 1], (size_t)(t->n - i - 1) * sizeof *t->v);
                t->n--;
                e = &t->v[at > (size_t)i ? at - 1 : at];
                break;
            }
    } else {
        e = (fy_trusted *)fy_trust_find_name(t, clean);
    }
    if (!e) {
        fy_trusted *nv;
        if (t->n >= FY_TRUST_MAX)
            return fy_fail(err, FY_ERR_USAGE, "too many paired devices (the limit is %d)", FY_TRUST_MAX);
        if (!(nv = realloc(t->v, (size_t)(t->n + 1) * sizeof *nv)))
            return fy_fail(err, FY_ERR_NOMEM, "out of memory");
        t->v = nv;
        e = &t->v[t->n++];
    }
    memcpy(e->key, key, 32);
    e->paired_at = now;
    snprintf(e->name, sizeof e->name, "%s", clean);
    return FY_OK;
}

/* Reads a small file whole; a missing file gives an empty buffer. */
static fy_result read_small(const char *path, char **out, size_t *len, fy_err *err)
{
    fy_stat st;
    fy_file *f = NULL;
    fy_result rc;
    size_t got = 0;

    *out = NULL;
    *len = 0;
    if ((rc = fy_plat_stat(path, &st, err)) != FY_OK || st.kind == FY_KIND_NONE)
        return rc;
    if (st.size > FILE_MAX)
        return fy_fail(err, FY_ERR_IO, "%s is too large", path);
    if ((rc = fy_plat_open(path, FY_OPEN_READ, &f, err)) != FY_OK)
        return rc;
    if (!(*out = malloc((size_t)st.size + 1))) {
        fy_plat_close(f, NULL);
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    }
    while (rc == FY_OK && got < st.size) {
        size_t n;
        rc = fy_plat_read(f, *out + got, (size_t)st.size - got, &n, err);
        if (rc == FY_OK && n == 0)
            break;
        got += n;
    }
    fy_plat_close(f, NULL);
    (*out)[got] = '\0';
    *len = got;
    return rc;
}

fy_result fy_trust_load(const char *dir, fy_trust *t, fy_err *err)
{
    char path[1100], *text;
    size_t len;
    fy_result rc;
    memset(t, 0, sizeof *t);
    snprintf(path, sizeof path, "%s/peers.txt", dir);
    if ((rc = read_small(path, &text, &len, err)) != FY_OK)
        return rc;
    rc = fy_trust_parse(text ? text : "", len, t, err);
    free(text);
    return rc;
}

fy_result fy_trust_save(const char *dir, const fy_trust *t, fy_err *err)
{
    char path[1100], *text = fy_trust_format(t);
    fy_result rc;
    if (!text)
        return fy_fail(err, FY_ERR_NOMEM, "out of memory");
    snprintf(path, sizeof path, "%s/peers.txt", dir);
    rc = fy_plat_write_file_atomic(path, text, strlen(text), 1, err);
    free(text);
    return rc;
}

fy_result fy_identity_load(const char *dir, uint8_t priv[32], uint8_t pub[32], fy_err *err)
{
    char path[1100], *text, line[200], hex[65];
    size_t len, hl = strlen(IDENTITY_HEADER);
    fy_result rc;

    snprintf(path, sizeof path, "%s/identity.key", dir);
    if ((rc = read_small(path, &text, &len, err)) != FY_OK)
        return rc;
    if (text) {
        int ok = len >= hl + 8 + 64 && memcmp(text, IDENTITY_HEADER, hl) == 0 &&
                 memcmp(text + hl, "private ", 8) == 0 && unhex32(text + hl + 8, priv) == 0;
        sodium_memzero(text, len);
        free(text);
        if (!ok)
            return fy_fail(err, FY_ERR_CRYPTO, "%s is damaged; move it away to make a new identity (paired devices "
                                               "will then have to pair again)", path);
        return fy_pair_key_public(priv, pub, err);
    }
    /* First run: a new key, readable by this user only. */
    if ((rc = fy_pair_key_generate(priv, pub, err)) != FY_OK)
        return rc;
    sodium_bin2hex(hex, sizeof hex, priv, 32);
    snprintf(line, sizeof line, "%sprivate %s\n", IDENTITY_HEADER, hex);
    rc = fy_plat_write_file_atomic(path, line, strlen(line), 1, err);
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(line, sizeof line);
    return rc;
}

fy_trust_decision fy_trust_decide(uint8_t mine, uint8_t theirs, const char *peer, fy_err *err)
{
    int mine_ok = (mine & (FY_TRUST_KNOWS_YOU | FY_TRUST_UNPAIRED_OK)) != 0;
    int theirs_ok = (theirs & (FY_TRUST_KNOWS_YOU | FY_TRUST_UNPAIRED_OK)) != 0;
    if (mine_ok && theirs_ok)
        return FY_TRUST_PROCEED;
    if ((mine & FY_TRUST_CAN_PAIR) && (theirs & FY_TRUST_CAN_PAIR))
        return FY_TRUST_PAIR;
    if (!mine_ok)
        fy_fail(err, FY_ERR_UNTRUSTED,
                "\"%s\" is not paired with this machine, and nobody is here to compare a pairing code: pair once "
                "from a terminal or the window (or accept the risk with --allow-unpaired-mitm-risk)",
                peer);
    else
        fy_fail(err, FY_ERR_UNTRUSTED,
                "\"%s\" has not paired with this machine and cannot confirm a pairing code now: pair once with "
                "people at both screens",
                peer);
    return FY_TRUST_REFUSE;
}
