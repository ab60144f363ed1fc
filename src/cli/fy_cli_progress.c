/* fy_cli_progress.c: the one-line progress display on a terminal. */
#include <stdio.h>
#include <string.h>

#include "core/fy_manifest.h"
#include "fy_cli.h"
#include "net/fy_engine.h"
#include "platform/fy_platform.h"

static int line_shown;

static void format_eta(double secs, char *out, size_t cap)
{
    unsigned long s = (unsigned long)(secs + 0.5);
    if (secs <= 0 || secs > 360000)
        snprintf(out, cap, "--:--");
    else if (s >= 3600)
        snprintf(out, cap, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(out, cap, "%lu:%02lu", s / 60, s % 60);
}

void fy_cli_progress_line(const fy_event *ev)
{
    char done[32], total[32], rate[32], eta[32], line[512];
    int width = fy_plat_term_width(), n;
    double pct = ev->bytes_total ? 100.0 * (double)ev->bytes_done / (double)ev->bytes_total : 100.0;
    double left = ev->rate > 1 ? (double)(ev->bytes_total - ev->bytes_done) / ev->rate : -1;

    fy_format_size(ev->bytes_done, done, sizeof done);
    fy_format_size(ev->bytes_total, total, sizeof total);
    fy_format_size((uint64_t)ev->rate, rate, sizeof rate);
    format_eta(left, eta, sizeof eta);
    char scan[48] = "";
    /* The scanner's count: "scanning 3 of 40" while verdicts are due. */
    if (ev->files_to_scan > ev->files_scanned)
        snprintf(scan, sizeof scan, "  scanning %u of %u", ev->files_scanned + 1, ev->files_to_scan);
    n = snprintf(line, sizeof line, "%3.0f%%  %s / %s  %s/s  ETA %s%s  %s", pct, done, total, rate, eta, scan,
                 ev->current);
    if (n < 0)
        return;
    if (width > 1 && n >= width)
        line[width - 1] = '\0';
    fprintf(stderr, "\r\033[K%s", line);
    fflush(stderr);
    line_shown = 1;
}

void fy_cli_progress_clear(void)
{
    if (line_shown)
        fputs("\r\033[K", stderr);
    line_shown = 0;
}
