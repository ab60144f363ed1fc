/* fy_cli_doctor.c: `ferry doctor`: why another machine cannot be seen or
 * reached, one line per check, in words and with the fix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_cli.h"
#include "net/fy_doctor_probe.h"
#include "net/fy_engine.h"

static const char usage_doctor[] =
    "Usage: ferry doctor [NAME|HOST[:PORT]] [--speed] [--json] [--port PORT]\n"
    "\n"
    "Checks why machines may not see or reach each other: this machine's networks (virtual ones\n"
    "skipped), whether Ferry's ports are free or taken by another program, the firewall, and who\n"
    "answers discovery on each network. With NAME or HOST it also checks the way to that machine:\n"
    "its address, whether it is behind a router, a connection (nothing listening, blocked, no\n"
    "route) and a Ferry handshake (its name, pairing, round trip). What a receiver on this\n"
    "machine refused or dropped lately is shown too.\n"
    "\n"
    "Each check is one line: ok, problem or unknown, what it means, and the fix.\n"
    "\n"
    "      --speed      also measure the network's speed to that machine: 3 s of encrypted\n"
    "                   data it throws away, in MB/s (a slow link or a slow disk?); the\n"
    "                   machines must be paired\n"
    "      --allow-unpaired-mitm-risk\n"
    "                   the speed test with a machine never paired with, where it allows that too\n"
    "  -p, --port PORT  Ferry's port (default 53317)\n"
    "      --json       the report as JSON\n"
    "  -h, --help       this help\n"
    "\n"
    "Exit status: 0 no problem found, 1 a problem found (or the check failed), 2 usage.\n";

int fy_cli_doctor(int argc, char **argv)
{
    fy_doctor_opts o;
    fy_doc_report *r;
    fy_err err = {0};
    int json = 0, problems;
    size_t cap = 64 * 1024;
    char *text;

    memset(&o, 0, sizeof o);
    o.port = FY_DEFAULT_PORT;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage_doctor, stdout);
            return FY_EXIT_OK;
        }
        if (!strcmp(argv[i], "--json")) {
            json = 1;
            continue;
        }
        if (!strcmp(argv[i], "--speed")) {
            o.speed = 1;
            continue;
        }
        if (!strcmp(argv[i], "--allow-unpaired-mitm-risk")) {
            o.allow_unpaired = 1;
            continue;
        }
        if ((!strcmp(argv[i], "--port") || !strcmp(argv[i], "-p")) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 65535) {
                fprintf(stderr, "ferry doctor: invalid port '%s'\nTry 'ferry doctor --help'.\n", argv[i]);
                return FY_EXIT_USAGE;
            }
            o.port = (uint16_t)v;
            continue;
        }
        if (argv[i][0] == '-' || o.target) {
            fprintf(stderr, "ferry doctor: unexpected '%s'\nTry 'ferry doctor --help'.\n", argv[i]);
            return FY_EXIT_USAGE;
        }
        o.target = argv[i];
    }
    if (o.speed && !o.target) {
        fprintf(stderr, "ferry doctor: --speed needs the machine to measure the way to\nTry 'ferry doctor --help'.\n");
        return FY_EXIT_USAGE;
    }
    if (!(r = malloc(sizeof *r)) || !(text = malloc(cap))) {
        free(r);
        fprintf(stderr, "ferry: out of memory\n");
        return FY_EXIT_ERROR;
    }
    if (fy_doctor_run(&o, r, &err) != FY_OK) {
        fprintf(stderr, "ferry: %s\n", err.msg);
        free(r);
        free(text);
        return FY_EXIT_ERROR;
    }
    if (json)
        fy_doctor_format_json(r, text, cap);
    else
        fy_doctor_format_text(r, text, cap);
    fputs(text, stdout);
    problems = fy_doctor_problems(r);
    free(r);
    free(text);
    return problems ? FY_EXIT_ERROR : FY_EXIT_OK;
}
