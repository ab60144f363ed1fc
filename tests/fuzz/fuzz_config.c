/* fuzz_config: the files in Ferry's config folder that it reads back:
 * settings.txt (src/core/fy_settings.c), peers.txt and identity.key
 * (src/core/fy_trust.c).
 *
 * Input: one selector byte, then the file's text. Selector % 3: 0 the
 * settings parser, 1 the peers parser on the buffer, 2 the loaders on a
 * real folder (/tmp/ferry-fuzz-config-XXXXXX: the text is written as
 * peers.txt and as identity.key).
 *
 * What must hold: parsed strings fit their fields; what is formatted again
 * parses to the same (settings after one round, and but for '\r's at the
 * end: "a\r\r" at a line's end comes back as "a\r", a value after a NUL
 * byte as nothing); the paired list never holds a name or a key twice. */
#include "fuzz_util.h"

#include "core/fy_settings.h"
#include "core/fy_trust.h"

/* Equal but for '\r' at the end: each round reads one as the line end. */
static int same_text(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    while (na && a[na - 1] == '\r')
        na--;
    while (nb && b[nb - 1] == '\r')
        nb--;
    return na == nb && memcmp(a, b, na) == 0;
}

static void settings_equal(const fy_settings *a, const fy_settings *b)
{
    FZ_CHECK(same_text(a->device_name, b->device_name) && same_text(a->receive_dir, b->receive_dir));
    FZ_CHECK(a->port == b->port && a->allow_unpaired == b->allow_unpaired && a->no_discovery == b->no_discovery);
    FZ_CHECK(a->scan_off == b->scan_off && a->scan_timeout == b->scan_timeout &&
             same_text(a->scan_command, b->scan_command));
    /* An address of only '\r's ends up empty, and then is dropped. */
    for (int i = 0, j = 0;; i++, j++) {
        while (i < a->nrecent && same_text(a->recent[i], ""))
            i++;
        while (j < b->nrecent && same_text(b->recent[j], ""))
            j++;
        FZ_CHECK((i < a->nrecent) == (j < b->nrecent));
        if (i >= a->nrecent)
            break;
        FZ_CHECK(same_text(a->recent[i], b->recent[j]));
    }
}

static void fuzz_settings(const char *text, size_t len)
{
    static char out[FY_SETTINGS_TEXT_MAX * 2], out2[FY_SETTINGS_TEXT_MAX * 2];
    fy_settings s, s2, s3;
    size_t n, n2;

    fy_settings_defaults(&s);
    fy_settings_parse(&s, text, len);
    FZ_CHECK(s.nrecent >= 0 && s.nrecent <= FY_SETTINGS_RECENT_MAX);
    FZ_CHECK(memchr(s.device_name, 0, sizeof s.device_name) && memchr(s.receive_dir, 0, sizeof s.receive_dir));
    n = fy_settings_format(&s, out, sizeof out);
    FZ_CHECK(n > 0 && n == strlen(out));
    /* The first round may drop what the file could not say ("recent=" of
     * a value that began with a NUL); from then on nothing changes. */
    fy_settings_defaults(&s2);
    fy_settings_parse(&s2, out, n);
    n2 = fy_settings_format(&s2, out2, sizeof out2);
    fy_settings_defaults(&s3);
    fy_settings_parse(&s3, out2, n2);
    settings_equal(&s2, &s3);
    /* A small buffer gives 0 or a whole text, never a cut one. */
    n = fy_settings_format(&s, out, 1 + len % 256);
    FZ_CHECK(n == 0 || n == strlen(out));
    /* The first line as an address typed by the user. */
    {
        char addr[FY_SETTINGS_ADDR_MAX + 8];
        size_t al = len < sizeof addr - 1 ? len : sizeof addr - 1;
        memcpy(addr, text, al);
        addr[al] = '\0';
        fy_settings_add_recent(&s, addr);
        FZ_CHECK(s.nrecent >= 0 && s.nrecent <= FY_SETTINGS_RECENT_MAX);
        if (addr[0] && strlen(addr) < FY_SETTINGS_ADDR_MAX && !strpbrk(addr, "\r\n"))
            FZ_CHECK(!strcmp(s.recent[0], addr));
    }
}

static void check_trust(const fy_trust *t)
{
    FZ_CHECK(t->n >= 0 && t->n <= FY_TRUST_MAX);
    for (int i = 0; i < t->n; i++) {
        FZ_CHECK(t->v[i].name[0] && strlen(t->v[i].name) <= FY_DEVICE_NAME_MAX && !strchr(t->v[i].name, '\n'));
        for (int j = i + 1; j < t->n; j++) {
            FZ_CHECK(strcmp(t->v[i].name, t->v[j].name) != 0);
            FZ_CHECK(memcmp(t->v[i].key, t->v[j].key, 32) != 0);
        }
    }
}

static void fuzz_peers(const char *text, size_t len, uint8_t sel)
{
    fy_trust t, t2;
    fy_err err = {0};
    char *out;

    if (fy_trust_parse(text, len, &t, &err) != FY_OK) {
        fy_trust_free(&t);
        return;
    }
    check_trust(&t);
    out = fy_trust_format(&t);
    FZ_CHECK(out != NULL);
    FZ_CHECK(fy_trust_parse(out, strlen(out), &t2, &err) == FY_OK);
    FZ_CHECK(t2.n == t.n);
    for (int i = 0; i < t.n; i++)
        FZ_CHECK(!memcmp(t.v[i].key, t2.v[i].key, 32) && t.v[i].paired_at == t2.v[i].paired_at &&
                 !strcmp(t.v[i].name, t2.v[i].name));
    free(out);
    fy_trust_free(&t2);

    /* Pairing again, forgetting, deciding: the list stays one name, one key. */
    if (t.n > 0) {
        uint8_t key[32];
        const fy_trusted *e = &t.v[sel % t.n];
        char name[FY_DEVICE_NAME_MAX + 1];
        memcpy(key, t.v[(sel / 3) % t.n].key, 32);
        snprintf(name, sizeof name, "%s", e->name);
        key[0] ^= (uint8_t)(sel & 0x80);
        if (fy_trust_add(&t, key, name, 1, &err) == FY_OK)
            FZ_CHECK(fy_trust_find_key(&t, key) == fy_trust_find_name(&t, name));
        check_trust(&t);
        fy_trust_remove(&t, t.v[0].name);
        check_trust(&t);
    }
    (void)fy_trust_decide(sel & 7, (sel >> 3) & 7, "fuzz", &err);
    fy_trust_free(&t);
}

static void fuzz_loaders(const char *text, size_t len)
{
    char path[sizeof fz_root + 32];
    fy_trust t;
    fy_err err = {0};
    uint8_t priv[32], pub[32];
    const char *dir = fz_scratch("config");

    snprintf(path, sizeof path, "%s/peers.txt", dir);
    fz_write_file(path, text, len);
    snprintf(path, sizeof path, "%s/identity.key", dir);
    fz_write_file(path, text, len);
    if (fy_trust_load(dir, &t, &err) == FY_OK)
        check_trust(&t);
    fy_trust_free(&t);
    fy_err_clear(&err);
    if (fy_identity_load(dir, priv, pub, &err) != FY_OK)
        FZ_CHECK(err.msg[0]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    if (size < 1)
        return 0;
    /* A copy of exactly the text's bytes: ASan sees a read past its end. */
    text = malloc(size - 1 ? size - 1 : 1);
    FZ_CHECK(text != NULL);
    memcpy(text, data + 1, size - 1);
    switch (data[0] % 3) {
    case 0: fuzz_settings(text, size - 1); break;
    case 1: fuzz_peers(text, size - 1, data[0]); break;
    default: fuzz_loaders(text, size - 1); break;
    }
    free(text);
    return 0;
}
