/* fuzz_doctor: the network doctor's firewall readers (src/core/
 * fy_doctor_text.c) on any text: `nft list ruleset` and `iptables-save`
 * output is local, but parsed like anything else.
 *
 * Input: one selector byte (even: nft, odd: iptables-save), two bytes of
 * port, then the text (a NUL ends it, as it would a C string).
 *
 * What must hold: no crash, no read past the text, an answer in bounded
 * time whatever the jumps (loops, deep chains), and verdicts in range. */
#include "fuzz_util.h"

#include "core/fy_doctor.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fy_doc_fw_verdict t = FY_DOC_FW_PASS, u = FY_DOC_FW_PASS;
    char *text;
    uint16_t port;
    if (size < 3)
        return 0;
    port = (uint16_t)(data[1] << 8 | data[2]);
    /* An exact-size copy: ASan sees any read past the end. */
    if (!(text = malloc(size - 3 + 1)))
        return 0;
    memcpy(text, data + 3, size - 3);
    text[size - 3] = '\0';
    if (data[0] & 1)
        fy_doctor_parse_iptables(text, port, &t, &u);
    else
        fy_doctor_parse_nft(text, port, &t, &u);
    FZ_CHECK(t >= FY_DOC_FW_PASS && t <= FY_DOC_FW_REJECT);
    FZ_CHECK(u >= FY_DOC_FW_PASS && u <= FY_DOC_FW_REJECT);
    free(text);
    return 0;
}
