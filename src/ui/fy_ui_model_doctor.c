/* fy_ui_model_doctor.c: the window's network report ("Can't see a
 * machine?", and "Why?" on a failed send): open it, the check runs on an
 * engine thread (FY_ACT_DOCTOR), its report arrives here, close it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_ui_model.h"

void fy_ui_model_doctor_open(fy_ui_model *m, const char *target)
{
    if (m->doctor_running)
        return; /* one check at a time; the report will show */
    m->doctor_open = 1;
    m->doctor_running = 1;
    m->doctor_error[0] = '\0';
    snprintf(m->doctor_target, sizeof m->doctor_target, "%s", target ? target : "");
    fy_ui_model_push(m, FY_ACT_DOCTOR, 0, 0, m->doctor_target);
}

void fy_ui_model_doctor_close(fy_ui_model *m) { m->doctor_open = 0; }

void fy_ui_model_doctor_result(fy_ui_model *m, const fy_doc_report *r, const char *error)
{
    m->doctor_running = 0;
    if (r && !m->doctor && !(m->doctor = malloc(sizeof *m->doctor)))
        error = "out of memory";
    if (r && m->doctor)
        *m->doctor = *r;
    snprintf(m->doctor_error, sizeof m->doctor_error, "%s", error ? error : "");
    if (error && m->doctor)
        m->doctor->n = m->doctor->nreasons = 0;
}

void fy_ui_model_doctor_free(fy_ui_model *m)
{
    free(m->doctor);
    m->doctor = NULL;
}
