/* fy_ui_words.c: results and numbers as a person reads them. */
#include <stdio.h>
#include <string.h>

#include "core/fy_manifest.h"
#include "fy_ui_model.h"
#include "fy_ui_words.h"

void fy_ui_describe_result(fy_result r, int outgoing, const char *peer, const char *detail, char *out, size_t cap)
{
    const char *who = peer && peer[0] ? peer : "The other machine";
    switch (r) {
    case FY_OK:
        snprintf(out, cap, "Verified");
        return;
    case FY_ERR_DECLINED:
        if (outgoing)
            snprintf(out, cap, "%s declined the files.", who);
        else
            snprintf(out, cap, "You declined the files.");
        return;
    case FY_ERR_CANCELLED:
        snprintf(out, cap, "Cancelled. Partial files are kept; sending again resumes.");
        return;
    case FY_ERR_CONNECT:
        snprintf(out, cap, "Could not reach %s. Is Ferry open there, with receiving on?", who);
        return;
    case FY_ERR_CLOSED:
        snprintf(out, cap, "The connection was lost. Send again to resume.");
        return;
    case FY_ERR_TIMEOUT:
        snprintf(out, cap, "%s stopped answering. Send again to resume.", who);
        return;
    case FY_ERR_DISK_FULL:
        snprintf(out, cap, outgoing ? "%s has no room for these files." : "This disk is full.", who);
        return;
    case FY_ERR_VERIFY:
        snprintf(out, cap, "A file arrived damaged (checksum mismatch). Send again.");
        return;
    case FY_ERR_BUSY:
        snprintf(out, cap, "%s stayed busy with other transfers. Try again later.", who);
        return;
    case FY_ERR_DUPLICATE:
        snprintf(out, cap, outgoing ? "%s is already receiving these files (sent twice?); that transfer goes on."
                                    : "These files were already coming in from %s; the second copy was refused.",
                 who);
        return;
    case FY_ERR_TAMPERED:
        snprintf(out, cap, "Stopped: data was altered on the way (something on the network is interfering). "
                           "Send again.");
        return;
    case FY_ERR_INFECTED:
        /* The receiver's scanner names each file on a line of its own. */
        if (outgoing) {
            size_t o = (size_t)snprintf(out, cap, "%s's virus scanner rejected: ", who);
            for (const char *p = detail ? detail : ""; *p && o + 1 < cap; p++) {
                static const char drop[] = "rejected by the receiver's virus scanner: ";
                if (!strncmp(p, drop, sizeof drop - 1))
                    p += sizeof drop - 2;
                else
                    out[o++] = *p == '\n' ? ';' : *p;
            }
            out[o < cap ? o : cap - 1] = '\0';
        } else {
            snprintf(out, cap, "Virus found: %s", detail && detail[0] ? detail : "files moved to quarantine");
        }
        return;
    case FY_ERR_UNTRUSTED:
    case FY_ERR_CRYPTO:
        snprintf(out, cap, "Not sent: %s", detail && detail[0] ? detail : "the machines are not paired.");
        return;
    default:
        break;
    }
    /* Everything else: the engine's own sentence names the file or frame. */
    snprintf(out, cap, "%s", detail && detail[0] ? detail : fy_result_str(r));
}

void fy_ui_format_size(uint64_t bytes, char *out, size_t cap) { fy_format_size(bytes, out, cap); }

void fy_ui_format_eta(double secs, char *out, size_t cap)
{
    unsigned long s = (unsigned long)(secs + 0.5);
    if (secs < 0 || secs > 360000)
        out[0] = '\0';
    else if (s >= 3600)
        snprintf(out, cap, "%lu h %02lu min left", s / 3600, s / 60 % 60);
    else if (s >= 60)
        snprintf(out, cap, "%lu min %02lu s left", s / 60, s % 60);
    else
        snprintf(out, cap, "%lu s left", s);
}

void fy_ui_size_label(uint32_t files, uint64_t bytes, int partial, char *out, size_t cap)
{
    char size[32];
    fy_format_size(bytes, size, sizeof size);
    snprintf(out, cap, "%s%u file%s, %s", partial ? "over " : "", files, files == 1 ? "" : "s", size);
}
