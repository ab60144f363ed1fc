/* fy_doctor_probe.h: gathers the network doctor's facts (interfaces,
 * ports, firewall, a discovery query, the way to one machine) and lets the
 * core classify them (src/core/fy_doctor.h). Used by `ferry doctor` and,
 * on a thread of the engine, by the window. */
#ifndef FY_DOCTOR_PROBE_H
#define FY_DOCTOR_PROBE_H

#include <stdint.h>

#include "core/fy_doctor.h"
#include "core/fy_result.h"

typedef struct fy_doctor_opts {
    const char *target;     /* NAME | HOST[:PORT], or NULL/"" for this machine only */
    uint16_t port;          /* Ferry's port (53317) */
    const char *config_dir; /* identity, paired devices, the receiver's log; NULL: the default */
    const char *device_name;/* the name this machine gives in the handshake probe; NULL: host name */
    int speed;              /* also measure the throughput to the target (a few seconds) */
    int allow_unpaired;     /* the speed test with an unpaired machine that allows it (MITM risk) */
} fy_doctor_opts;

/* How long --speed sends. */
#define FY_DOCTOR_SPEED_MS 3000u

/* Discovery listens this long (asking every 300 ms), and a connection to
 * the target gets this long: together under the 2 s the all-good case
 * must take. */
#define FY_DOCTOR_LISTEN_MS 1000u
#define FY_DOCTOR_CONNECT_MS 2000u

fy_result fy_doctor_run(const fy_doctor_opts *o, fy_doc_report *out, fy_err *err) FY_MUST_USE;

/* The receiver's reason log (fy_engine_reason), kept in the config folder
 * as <config>/receiver-log.txt: read into r->reasons. */
void fy_doctor_read_reasons(const char *config_dir, fy_doc_report *r);
#define FY_DOCTOR_REASONS_FILE "receiver-log.txt"

#endif
