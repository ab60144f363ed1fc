/* fy_ui_words.c: results and numbers as a person reads them. */
#include <stdio.h>
#include <string.h>

#include "core/fy_manifest.h"
#include "fy_ui_model.h"
#include "fy_ui_words.h"

/* "not enough space: needs 30.0 MB, 21.0 MB free in /home/ana/Downloads"
 * (fy_recv_accept.c), after a "receiver: " when it came over the wire:
 * the part from "needs". */
static const char *space_words(const char *detail)
{
    const char *p = detail ? strstr(detail, "not enough space: ") : NULL;
    return p ? p + strlen("not enough space: ") : NULL;
}

static void connect_words(const char *who, const char *detail, char *out, size_t cap)
{
    if (detail && strstr(detail, "cannot find host"))
        snprintf(out, cap, "No machine called \"%s\" was found. Check the name, or type its IP address "
                           "(Ferry shows it under Receive on that machine).", who);
    else if (detail && strstr(detail, "refused"))
        snprintf(out, cap, "%s is there, but Ferry is not receiving on that port. Open Ferry on it and turn "
                           "receiving on, or check the port.", who);
    else
        snprintf(out, cap, "Could not reach %s: it did not answer. Is it on, on this network, and is Ferry "
                           "allowed through its firewall?", who);
}

void fy_ui_describe_result(fy_result r, int outgoing, int by_peer, const char *peer, const char *detail, char *out,
                           size_t cap)
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
        /* Who stopped it matters: "Cancelled" on the sender when the
         * receiver quit read as if the user had clicked Cancel. */
        if (by_peer && outgoing)
            snprintf(out, cap, "%s stopped the transfer (cancelled or closed there). What arrived is kept "
                               "there: Send again resumes.", who);
        else if (by_peer)
            snprintf(out, cap, "%s stopped sending (cancelled or closed there). What arrived is kept here: "
                               "when it sends again, the transfer resumes.", who);
        else if (outgoing)
            snprintf(out, cap, "You cancelled. What arrived is kept there: Send again resumes.");
        else
            snprintf(out, cap, "You cancelled. What arrived is kept here: when %s sends again, the transfer "
                               "resumes.", who);
        return;
    case FY_ERR_CONNECT:
        connect_words(who, detail, out, cap);
        return;
    case FY_ERR_CLOSED:
        if (outgoing)
            snprintf(out, cap, "The connection was lost. What arrived is kept there: Send again resumes.");
        else
            snprintf(out, cap, "The connection was lost. What arrived is kept: when %s sends again, the "
                               "transfer resumes.", who);
        return;
    case FY_ERR_TIMEOUT:
        if (outgoing)
            snprintf(out, cap, "%s stopped answering. What arrived is kept there: Send again resumes.", who);
        else
            snprintf(out, cap, "%s stopped sending. What arrived is kept: when it sends again, the transfer "
                               "resumes.", who);
        return;
    case FY_ERR_DISK_FULL:
        if (space_words(detail) && outgoing)
            snprintf(out, cap, "%s does not have enough space: %s.", who, space_words(detail));
        else if (space_words(detail))
            snprintf(out, cap, "Not enough space: %s. Free some space, or change the folder.", space_words(detail));
        else if (outgoing)
            snprintf(out, cap, "%s ran out of space. What arrived is kept there: Send again resumes once there "
                               "is room.", who);
        else
            snprintf(out, cap, "The disk filled up (%s). Free some space, or change the folder; what arrived is "
                               "kept.", detail && detail[0] ? detail : "no space left");
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
