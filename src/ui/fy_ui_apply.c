/* fy_ui_apply.c: the model's actions, carried out. */
#include "fy_ui_apply.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fy_platform.h"

static int settings_path(char *out, size_t cap)
{
    char dir[FY_UI_PATH_MAX];
    fy_err err = {0};
    if (fy_plat_config_dir(dir, sizeof dir, &err) != FY_OK)
        return -1;
    return snprintf(out, cap, "%s/settings.txt", dir) < (int)cap ? 0 : -1;
}

void fy_ui_settings_load(fy_settings *s)
{
    char path[FY_UI_PATH_MAX], *text;
    fy_file *f = NULL;
    fy_err err = {0};
    size_t len = 0, got;

    fy_settings_defaults(s);
    if (settings_path(path, sizeof path) != 0 || fy_plat_open(path, FY_OPEN_READ, &f, &err) != FY_OK)
        return; /* first run */
    text = malloc(FY_SETTINGS_TEXT_MAX);
    while (text && len < FY_SETTINGS_TEXT_MAX &&
           fy_plat_read(f, text + len, FY_SETTINGS_TEXT_MAX - len, &got, &err) == FY_OK && got > 0)
        len += got;
    fy_ignore(fy_plat_close(f, &err));
    if (text)
        fy_settings_parse(s, text, len);
    free(text);
}

int fy_ui_settings_save(fy_ui_model *m)
{
    char path[FY_UI_PATH_MAX], *text = malloc(FY_SETTINGS_TEXT_MAX);
    size_t len;
    fy_err err = {0};
    int rc = -1;
    if (!text)
        return -1;
    len = fy_settings_format(&m->settings, text, FY_SETTINGS_TEXT_MAX);
    if (len > 0 && settings_path(path, sizeof path) == 0 &&
        fy_plat_write_file_atomic(path, text, len, 0, &err) == FY_OK)
        rc = 0;
    else
        fy_ui_model_notice(m, 1, "Could not save settings: %s", err.msg[0] ? err.msg : "no config folder");
    free(text);
    return rc;
}

fy_result fy_ui_engine_create(fy_ui_model *m, void (*wake)(void *), void *ud, fy_engine **out, fy_err *err)
{
    fy_engine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.device_name, sizeof cfg.device_name, "%s", m->device_name);
    snprintf(cfg.receive_dir, sizeof cfg.receive_dir, "%s", m->receive_dir);
    cfg.port = m->port;
    cfg.can_pair = 1; /* a person sits at the window to compare codes */
    cfg.allow_unpaired = m->settings.allow_unpaired;
    cfg.no_discovery = m->settings.no_discovery;
    cfg.no_history = m->settings.no_history;
    cfg.wake = wake;
    cfg.wake_ud = ud;
    return fy_engine_create(&cfg, out, err);
}

static void start_send(fy_ui_model *m, fy_engine *e, const char *dest)
{
    char host[256];
    uint16_t port;
    const char **paths = malloc((size_t)(m->nitems > 0 ? m->nitems : 1) * sizeof *paths);
    fy_xfer_id id = 0;
    fy_err err = {0};

    if (!paths || fy_ui_model_parse_dest(dest, host, sizeof host, &port) != 0) {
        fy_ui_model_send_started(m, 0, "Could not start the transfer.");
        free(paths);
        return;
    }
    for (int i = 0; i < m->nitems; i++)
        paths[i] = m->items[i].path;
    if (fy_engine_send(e, host, port, paths, m->nitems, &id, &err) != FY_OK)
        fy_ui_model_send_started(m, 0, err.msg);
    else
        fy_ui_model_send_started(m, id, NULL);
    free(paths);
}

static void start_send_text(fy_ui_model *m, fy_engine *e, const char *dest)
{
    char host[256];
    uint16_t port;
    fy_xfer_id id = 0;
    fy_err err = {0};
    if (fy_ui_model_parse_dest(dest, host, sizeof host, &port) != 0)
        fy_ui_model_send_started(m, 0, "Could not start the transfer.");
    else if (fy_engine_send_text(e, host, port, (const uint8_t *)m->text_draft, strlen(m->text_draft), &id, &err) !=
             FY_OK)
        fy_ui_model_send_started(m, 0, err.msg);
    else
        fy_ui_model_send_started(m, id, NULL);
}

static void listen(fy_ui_model *m, fy_engine *e, int on)
{
    fy_err err = {0};
    if (!on) {
        fy_engine_stop_listening(e);
        fy_ui_model_listen_result(m, 0, "Receiving is off.");
        return;
    }
    if (fy_engine_listen(e, &err) != FY_OK) {
        char msg[FY_EVENT_TEXT_MAX];
        /* The engine's message suggests a command-line option; say it for
         * the window (the port is in settings.txt). */
        snprintf(msg, sizeof msg, "Cannot receive: port %u is in use (is another Ferry open?)", (unsigned)m->port);
        fy_ui_model_listen_result(m, 0, err.code == FY_ERR_CONNECT || err.code == FY_ERR_IO ? msg : err.msg);
    }
    else
        fy_ui_model_listen_result(m, 1, NULL);
}

/* Port, name and discovery are read when listening starts: listen again. */
static void relisten(fy_ui_model *m, fy_engine *e)
{
    if (!m->listen_wanted)
        return;
    fy_engine_stop_listening(e);
    listen(m, e, 1);
}

/* A new port: listen there, or, if it is taken, go back to the old one
 * (receiving must not stop because of a typo) and say why. */
static void set_port(fy_ui_model *m, fy_engine *e, uint16_t port)
{
    uint16_t old = m->port;
    fy_err err = {0};
    fy_engine_set_port(e, port);
    if (!m->listen_wanted) {
        fy_ui_model_port_result(m, port, port, 1, NULL);
        return;
    }
    fy_engine_stop_listening(e);
    if (fy_engine_listen(e, &err) == FY_OK) {
        fy_ui_model_listen_result(m, 1, NULL);
        fy_ui_model_port_result(m, port, port, 1, NULL);
        return;
    }
    fy_engine_set_port(e, old);
    listen(m, e, 1);
    {
        /* fy_tcp_listen's words suggest --port, a command-line option. */
        char why[FY_EVENT_TEXT_MAX];
        snprintf(why, sizeof why, "cannot receive there: %.400s. Still receiving on %u.",
                 err.code == FY_ERR_NOMEM ? err.msg : "another program uses it", (unsigned)old);
        fy_ui_model_port_result(m, port, old, 0, why);
    }
}

void fy_ui_apply(fy_ui_model *m, fy_engine *e, void (*other)(const fy_ui_action *a, void *ud), void *ud)
{
    fy_ui_action a;
    fy_err err = {0};
    while (fy_ui_model_take_action(m, &a)) {
        switch (a.type) {
        case FY_ACT_ANSWER:
            fy_engine_answer(e, a.xfer, a.value);
            break;
        case FY_ACT_CANCEL:
            fy_engine_cancel(e, a.xfer);
            break;
        case FY_ACT_SEND:
            start_send(m, e, a.text);
            break;
        case FY_ACT_LISTEN:
            listen(m, e, a.value);
            break;
        case FY_ACT_SET_DIR:
            fy_engine_set_receive_dir(e, a.text);
            break;
        case FY_ACT_SAVE_SETTINGS:
            fy_ui_settings_save(m); /* a failure sets the notice */
            break;
        case FY_ACT_SEND_TEXT:
            start_send_text(m, e, a.text);
            break;
        case FY_ACT_COPY_TEXT:
            /* The exact bytes, not what is shown escaped (SDL takes a C
             * string: a text with a NUL in it is copied up to the NUL). */
            if (m->text && SDL_SetClipboardText((const char *)m->text) != 0)
                fy_ui_model_notice(m, 1, "Could not copy: %s", SDL_GetError());
            break;
        case FY_ACT_DOCTOR:
            if (fy_engine_doctor(e, a.text, &err) != FY_OK)
                fy_ui_model_doctor_result(m, NULL, err.msg);
            break;
        case FY_ACT_OPEN_FOLDER:
            if (fy_plat_open_folder(a.text, &err) != FY_OK)
                fy_ui_model_folder_failed(m, a.text, err.msg);
            break;
        case FY_ACT_SET_NAME:
            fy_engine_set_name(e, a.text);
            relisten(m, e); /* discovery announces the new name */
            break;
        case FY_ACT_SET_PORT:
            set_port(m, e, (uint16_t)a.value);
            break;
        case FY_ACT_SET_DISCOVERY:
            fy_engine_set_discovery(e, a.value);
            relisten(m, e);
            break;
        case FY_ACT_OPEN_FILE:
            if (fy_plat_open_file(a.text, &err) != FY_OK)
                fy_ui_model_notice(m, 1, "%s", err.msg);
            break;
        case FY_ACT_HISTORY:
            m->settings.no_history = !a.value;
            fy_engine_set_history(e, a.value);
            fy_ui_settings_save(m);
            break;
        default:
            if (other)
                other(&a, ud);
            break;
        }
    }
}

int fy_ui_drain(fy_ui_model *m, fy_engine *e)
{
    fy_event ev;
    int n = 0;
    while (fy_engine_poll(e, &ev)) {
        if (ev.type == FY_EV_PEERS) {
            fy_nearby v[FY_UI_NEARBY_MAX];
            fy_ui_model_set_nearby(m, v, fy_engine_nearby(e, v, FY_UI_NEARBY_MAX));
        } else if (ev.type == FY_EV_DOCTOR) {
            fy_doc_report *r = malloc(sizeof *r);
            int have = ev.result == FY_OK && r && fy_engine_doctor_report(e, r);
            fy_ui_model_doctor_result(m, have ? r : NULL, have ? NULL : ev.text[0] ? ev.text : "the check failed");
            free(r);
        }
        else
            fy_ui_model_event(m, &ev);
        fy_ui_model_take_text(m, &ev);
        fy_event_release(&ev);
        n++;
    }
    return n;
}
