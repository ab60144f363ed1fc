/* test_wire.c: frame payload encoding and decoding, including every way a
 * peer can get it wrong: truncation, trailing bytes, oversized strings and
 * counts, invalid UTF-8. */
#include <stdio.h>
#include <stdlib.h>

#include "core/fy_names.h"
#include "core/fy_wire.h"
#include "fy_test.h"

static void test_roundtrips(void)
{
    uint8_t buf[4096];
    fy_wbuf w;
    fy_err err = {0};

    fy_test_case = "hello roundtrip";
    {
        fy_hello in = {1, "Kitchen PC", "Linux"}, out;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_hello(&w, &in);
        CHECK(!w.overflow);
        CHECK_INT(w.len, 5 + 1 + 2 + 10 + 2 + 5);
        CHECK_INT(fy_dec_hello(buf, w.len, &out, &err), FY_OK);
        CHECK_STR(out.device, "Kitchen PC");
        CHECK_STR(out.os, "Linux");
        CHECK_INT(out.version, 1);
    }
    fy_test_case = "offer roundtrip";
    {
        fy_offer in = {{1, 2, 3}, 7, 5, 5368709120ull}, out;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_offer(&w, &in);
        CHECK_INT(w.len, 16 + 4 + 4 + 8);
        CHECK_INT(fy_dec_offer(buf, w.len, &out, &err), FY_OK);
        CHECK_INT(out.total_bytes, 5368709120ull);
        CHECK_INT(out.entries, 7);
        CHECK_MEM(out.id, in.id, 16);
    }
    fy_test_case = "file frame 64-bit offset";
    {
        uint32_t idx;
        uint64_t off;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_file(&w, 3, 0x123456789ull);
        CHECK_INT(fy_dec_file(buf, w.len, &idx, &off, &err), FY_OK);
        CHECK_INT(idx, 3);
        CHECK_INT(off, 0x123456789ull);
        /* big-endian on the wire */
        CHECK_INT(buf[4], 0x00);
        CHECK_INT(buf[7], 0x01);
        CHECK_INT(buf[11], 0x89);
    }
    fy_test_case = "manifest entries";
    {
        fy_wire_entry in[2] = {{FY_ENTRY_DIR, 0, 0, 1700000000, "d", 1},
                               {FY_ENTRY_FILE, FY_ENTRY_EXEC, 4294967296ull + 5, -1, "d/\xc3\xa9.bin", 8}};
        fy_rbuf r;
        uint32_t first;
        uint16_t count;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_manifest_head(&w, 0, 2);
        fy_enc_entry(&w, &in[0]);
        fy_enc_entry(&w, &in[1]);
        fy_rbuf_init(&r, buf, w.len);
        CHECK_INT(fy_dec_manifest_head(&r, &first, &count, &err), FY_OK);
        CHECK_INT(count, 2);
        for (int i = 0; i < 2; i++) {
            fy_wire_entry e;
            CHECK_INT(fy_dec_entry(&r, &e, &err), FY_OK);
            CHECK_INT(e.size, in[i].size);
            CHECK_INT(e.mtime, in[i].mtime);
            CHECK_INT(e.flags, in[i].flags);
            CHECK_INT(e.path_len, in[i].path_len);
        }
        CHECK(fy_r_ok(&r));
    }
}

/* Every prefix of a valid payload must be refused, and so must the payload
 * with one byte too many. */
static void test_truncations(void)
{
    uint8_t buf[256];
    fy_wbuf w;
    fy_hello h = {1, "box", "Linux"}, ho;
    fy_offer o = {{0}, 1, 1, 10}, oo;
    fy_status s = {FY_ERR_IO, 3, "disk on fire"}, so;

    fy_test_case = "hello truncated";
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_hello(&w, &h);
    for (size_t n = 0; n < w.len; n++) {
        fy_err err = {0};
        CHECK_INT(fy_dec_hello(buf, n, &ho, &err), FY_ERR_PROTOCOL);
    }
    {
        fy_err err = {0};
        CHECK_INT(fy_dec_hello(buf, w.len + 1, &ho, &err), FY_ERR_PROTOCOL);
    }
    fy_test_case = "offer truncated";
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_offer(&w, &o);
    for (size_t n = 0; n <= w.len + 1; n++) {
        fy_err err = {0};
        if (n == w.len)
            continue;
        CHECK_INT(fy_dec_offer(buf, n, &oo, &err), FY_ERR_PROTOCOL);
        CHECK_STR(err.msg, "malformed OFFER frame");
    }
    fy_test_case = "result truncated";
    fy_wbuf_init(&w, buf, sizeof buf);
    fy_enc_status(&w, FY_MSG_RESULT, &s);
    for (size_t n = 0; n < w.len; n++) {
        fy_err err = {0};
        CHECK_INT(fy_dec_status(FY_MSG_RESULT, buf, n, &so, &err), FY_ERR_PROTOCOL);
    }
}

static void test_limits(void)
{
    static const struct {
        const char *name;
        uint32_t entries, files;
        uint64_t total;
        fy_result want;
        const char *msg;
    } offers[] = {
        {"zero entries", 0, 0, 0, FY_ERR_PROTOCOL, "offer has no entries"},
        {"over the entry cap", FY_ENTRIES_MAX + 1, 0, 0, FY_ERR_PROTOCOL,
         "offer has 1000001 entries, more than the limit of 1000000"},
        {"more files than entries", 2, 3, 0, FY_ERR_PROTOCOL, "offer counts more files than entries"},
        {"at the cap", FY_ENTRIES_MAX, FY_ENTRIES_MAX, 0, FY_OK, ""},
        {"total of 2^63-1 bytes", 2, 2, 9223372036854775807ull, FY_OK, ""},
        {"total of 2^63 bytes", 2, 2, 9223372036854775808ull, FY_ERR_PROTOCOL,
         "offer total of 9223372036854775808 bytes is over 2^63-1"},
        {"total of 2^64-1 bytes", 2, 2, UINT64_MAX, FY_ERR_PROTOCOL,
         "offer total of 18446744073709551615 bytes is over 2^63-1"},
    };
    uint8_t buf[FY_PATH_MAX + 64];
    fy_wbuf w;

    for (size_t i = 0; i < sizeof offers / sizeof *offers; i++) {
        fy_offer o = {{0}, offers[i].entries, offers[i].files, offers[i].total}, out;
        fy_err err = {0};
        fy_test_case = offers[i].name;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_offer(&w, &o);
        CHECK_INT(fy_dec_offer(buf, w.len, &out, &err), offers[i].want);
        CHECK_STR(err.msg, offers[i].msg);
    }

    {
        /* HELLO with a bad device name: too long, or not UTF-8. */
        static const struct {
            const char *name, *device;
            size_t len;
        } hellos[] = {
            {"device name too long", "0123456789012345678901234567890123456789012345678901234567890123", 64},
            {"device name not UTF-8", "\xff\xfe", 2},
        };
        for (size_t i = 0; i < sizeof hellos / sizeof *hellos; i++) {
            fy_hello out;
            fy_err err = {0};
            fy_test_case = hellos[i].name;
            fy_wbuf_init(&w, buf, sizeof buf);
            fy_w_bytes(&w, FY_MAGIC, FY_MAGIC_LEN);
            fy_w_u8(&w, 1);
            fy_w_str(&w, hellos[i].device, hellos[i].len);
            fy_w_str(&w, "Linux", 5);
            CHECK_INT(fy_dec_hello(buf, w.len, &out, &err), FY_ERR_PROTOCOL);
            CHECK_STR(err.msg, "malformed HELLO frame");
        }
    }
    fy_test_case = "not a Ferry peer";
    {
        fy_hello out;
        fy_err err = {0};
        CHECK_INT(fy_dec_hello((const uint8_t *)"GET / HTTP/1.1", 14, &out, &err), FY_ERR_PROTOCOL);
        CHECK_STR(err.msg, "peer is not speaking the Ferry protocol");
    }
    {
        /* Manifest entries the receiver must refuse, with the exact reason. */
        static char longpath[FY_PATH_MAX + 1];
        const struct {
            const char *name;
            fy_wire_entry e;
            const char *msg;
        } entries[] = {
            {"path over FY_PATH_MAX", {FY_ENTRY_FILE, 0, 1, 0, longpath, sizeof longpath},
             "malformed MANIFEST entry (truncated, or path over 4096 bytes)"},
            {"folder with a size", {FY_ENTRY_DIR, 0, 5, 0, "d", 1}, "MANIFEST folder entry with a size"},
            {"unknown entry kind", {7, 0, 0, 0, "x", 1}, "MANIFEST entry of unknown kind 7"},
        };
        memset(longpath, 'a', sizeof longpath);
        for (size_t i = 0; i < sizeof entries / sizeof *entries; i++) {
            fy_wire_entry out;
            fy_rbuf r;
            fy_err err = {0};
            fy_test_case = entries[i].name;
            fy_wbuf_init(&w, buf, sizeof buf);
            fy_enc_entry(&w, &entries[i].e);
            fy_rbuf_init(&r, buf, w.len);
            CHECK_INT(fy_dec_entry(&r, &out, &err), FY_ERR_PROTOCOL);
            CHECK_STR(err.msg, entries[i].msg);
        }
    }
    fy_test_case = "writer overflow is sticky";
    {
        uint8_t small[4];
        fy_wbuf_init(&w, small, sizeof small);
        fy_w_u32(&w, 1);
        CHECK(!w.overflow);
        fy_w_u8(&w, 1);
        CHECK(w.overflow);
        CHECK_INT(w.len, 4);
    }
    fy_test_case = "peer text is made safe to print";
    {
        fy_status s;
        fy_err err = {0};
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_w_u8(&w, FY_ERR_IO);
        fy_w_str(&w, "bad\x1b[2Jthing", 12);
        CHECK_INT(fy_dec_status(FY_MSG_ERROR, buf, w.len, &s, &err), FY_OK);
        CHECK_STR(s.text, "bad?[2Jthing");
    }
}

/* HAVE records: the decoder refuses have = 0 (the range is 1 ... size;
 * the sender checks the upper end against the file). */
static void test_have_records(void)
{
    static const struct {
        const char *name;
        uint32_t index;
        uint64_t have;
        size_t cut;        /* bytes cut off the end of the record */
        fy_result want;
        const char *msg;
    } cases[] = {
        {"1 byte held", 3, 1, 0, FY_OK, ""},
        {"2^63-1 bytes held", 3, 9223372036854775807ull, 0, FY_OK, ""},
        {"0 bytes held", 3, 0, 0, FY_ERR_PROTOCOL,
         "HAVE record for entry 3: 0 bytes held (the range is 1 to the file's size)"},
        {"0 bytes held, last entry", UINT32_MAX, 0, 0, FY_ERR_PROTOCOL,
         "HAVE record for entry 4294967295: 0 bytes held (the range is 1 to the file's size)"},
        {"record cut short", 3, 5, 1, FY_ERR_PROTOCOL, "malformed HAVE frame"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint8_t buf[64];
        fy_have in = {cases[i].index, cases[i].have, {1, 2, 3}}, out;
        fy_wbuf w;
        fy_rbuf r;
        uint16_t count = 0;
        fy_err err = {0};
        fy_test_case = cases[i].name;
        fy_wbuf_init(&w, buf, sizeof buf);
        fy_enc_have_head(&w, 1);
        fy_enc_have(&w, &in);
        CHECK_INT(w.len, 2 + FY_HAVE_WIRE);
        fy_rbuf_init(&r, buf, w.len - cases[i].cut);
        CHECK_INT(fy_dec_have_head(&r, &count, &err), FY_OK);
        CHECK_INT(count, 1);
        CHECK_INT(fy_dec_have(&r, &out, &err), cases[i].want);
        CHECK_STR(err.msg, cases[i].msg);
        if (cases[i].want == FY_OK) {
            CHECK_INT(out.index, cases[i].index);
            CHECK_INT(out.have, cases[i].have);
            CHECK_MEM(out.hash, in.hash, FY_HASH_LEN);
            CHECK(fy_r_ok(&r));
        }
    }
}

/* The worked example in docs/PROTOCOL.md section 10, byte for byte. */
static void test_protocol_doc_example(void)
{
    static const struct {
        const char *name, *hex;
    } frames[] = {
        {"S->R HELLO", "00000016" "01" "4645525259" "01" "0006" "6c6170746f70" "0005" "4c696e7578"},
        {"R->S HELLO", "00000014" "01" "4645525259" "01" "0004" "6465736b" "0005" "4c696e7578"},
        {"ACCEPT", "00000005" "04" "00000000"},
        {"FILE", "0000000d" "10" "00000000" "0000000000000000"},
        {"DATA", "00000006" "11" "68656c6c6f"},
        {"DONE", "00000001" "13"},
        {"RESULT", "00000008" "14" "00" "00000001" "0000"},
    };
    uint8_t payload[256], frame[300], want[300];
    fy_wbuf w;
    for (size_t i = 0; i < sizeof frames / sizeof *frames; i++) {
        fy_hello h = {1, "", "Linux"};
        fy_status st = {0, 1, ""};
        uint8_t type = 0;
        fy_test_case = frames[i].name;
        fy_wbuf_init(&w, payload, sizeof payload);
        switch (i) {
        case 0: snprintf(h.device, sizeof h.device, "laptop"); fy_enc_hello(&w, &h); type = FY_MSG_HELLO; break;
        case 1: snprintf(h.device, sizeof h.device, "desk"); fy_enc_hello(&w, &h); type = FY_MSG_HELLO; break;
        case 2: fy_enc_accept(&w, 0); type = FY_MSG_ACCEPT; break;
        case 3: fy_enc_file(&w, 0, 0); type = FY_MSG_FILE; break;
        case 4: fy_w_bytes(&w, "hello", 5); type = FY_MSG_DATA; break;
        case 5: type = FY_MSG_DONE; break;
        case 6: fy_enc_status(&w, FY_MSG_RESULT, &st); type = FY_MSG_RESULT; break;
        }
        fy_put_u32be(frame, (uint32_t)w.len + 1);
        frame[4] = type;
        memcpy(frame + 5, payload, w.len);
        CHECK_INT(fy_test_unhex(frames[i].hex, want, sizeof want), (int)w.len + 5);
        CHECK_MEM(frame, want, w.len + 5);
    }
}

int main(void)
{
    test_protocol_doc_example();
    test_roundtrips();
    test_truncations();
    test_limits();
    test_have_records();
    fy_test_case = NULL;
    return fy_test_done("wire");
}
