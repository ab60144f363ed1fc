/* fy_ui_model_settings.c: the Settings panel, the typed-path dialog for
 * systems without a file dialog, and the folder that could not be shown,
 * as model state: every change is validated here, applied through an
 * action, and saved at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fy_ui_model.h"
#include "platform/fy_platform.h"

void fy_ui_model_settings_open(fy_ui_model *m)
{
    m->settings_open = 1;
    m->settings_error[0] = '\0';
    snprintf(m->edit_name, sizeof m->edit_name, "%s", m->device_name);
    snprintf(m->edit_port, sizeof m->edit_port, "%u", (unsigned)m->port);
}

void fy_ui_model_settings_close(fy_ui_model *m)
{
    /* Closing keeps what was typed, as leaving the field does. */
    if (strcmp(m->edit_name, m->device_name) != 0)
        fy_ui_model_set_name(m, m->edit_name);
    if ((unsigned)atoi(m->edit_port) != m->port)
        fy_ui_model_set_port(m, m->edit_port);
    m->settings_open = 0;
}

int fy_ui_model_set_name(fy_ui_model *m, const char *name)
{
    char clean[64];
    size_t n;
    while (*name == ' ')
        name++;
    n = strlen(name);
    while (n > 0 && name[n - 1] == ' ')
        n--;
    /* A name other machines show: one line, not empty. */
    if (n == 0 || n >= sizeof clean || memchr(name, '\n', n) || memchr(name, '\r', n)) {
        snprintf(m->settings_error, sizeof m->settings_error, "A name needs 1 to %d characters on one line.",
                 (int)sizeof clean - 1);
        snprintf(m->edit_name, sizeof m->edit_name, "%s", m->device_name);
        return -1;
    }
    memcpy(clean, name, n);
    clean[n] = '\0';
    m->settings_error[0] = '\0';
    snprintf(m->edit_name, sizeof m->edit_name, "%s", clean);
    if (strcmp(clean, m->device_name) == 0)
        return 0;
    snprintf(m->device_name, sizeof m->device_name, "%s", clean);
    snprintf(m->settings.device_name, sizeof m->settings.device_name, "%s", clean);
    fy_ui_model_push(m, FY_ACT_SET_NAME, 0, 0, clean);
    fy_ui_model_push(m, FY_ACT_SAVE_SETTINGS, 0, 0, NULL);
    return 0;
}

int fy_ui_model_set_port(fy_ui_model *m, const char *text)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!text[0] || *end || v < 1 || v > 65535) {
        snprintf(m->settings_error, sizeof m->settings_error, "A port is a number from 1 to 65535 (Ferry's is %u).",
                 FY_DEFAULT_PORT);
        snprintf(m->edit_port, sizeof m->edit_port, "%u", (unsigned)m->port);
        return -1;
    }
    m->settings_error[0] = '\0';
    if ((uint16_t)v == m->port) {
        snprintf(m->edit_port, sizeof m->edit_port, "%u", (unsigned)m->port); /* "053317" */
        return 0;
    }
    fy_ui_model_push(m, FY_ACT_SET_PORT, 0, (int)v, NULL);
    return 0;
}

void fy_ui_model_port_result(fy_ui_model *m, uint16_t wanted, uint16_t now, int ok, const char *error)
{
    m->port = now;
    snprintf(m->edit_port, sizeof m->edit_port, "%u", (unsigned)now);
    if (ok) {
        m->settings_error[0] = '\0';
        m->settings.port = now == FY_DEFAULT_PORT ? 0 : now;
        fy_ui_model_push(m, FY_ACT_SAVE_SETTINGS, 0, 0, NULL);
    } else {
        snprintf(m->settings_error, sizeof m->settings_error, "Port %u: %s", (unsigned)wanted, error);
    }
}

void fy_ui_model_set_discovery(fy_ui_model *m, int on)
{
    m->settings.no_discovery = !on;
    fy_ui_model_push(m, FY_ACT_SET_DISCOVERY, 0, on, NULL);
    fy_ui_model_push(m, FY_ACT_SAVE_SETTINGS, 0, 0, NULL);
}

void fy_ui_model_set_scale(fy_ui_model *m, int percent)
{
    if (percent != 0 && (percent < 50 || percent > 400))
        return;
    m->settings.ui_scale = percent;
    fy_ui_model_push(m, FY_ACT_SET_SCALE, 0, percent, NULL);
    fy_ui_model_push(m, FY_ACT_SAVE_SETTINGS, 0, 0, NULL);
}

void fy_ui_model_set_auto_accept(fy_ui_model *m, int on)
{
    m->settings.auto_accept_paired = on;
    fy_ui_model_push(m, FY_ACT_SAVE_SETTINGS, 0, 0, NULL);
}

/* ---- typing a path ------------------------------------------------------- */

void fy_ui_model_path_open(fy_ui_model *m, int mode)
{
    m->path_entry = mode;
    m->path_note_error = 0;
    snprintf(m->path_note, sizeof m->path_note, "%s",
             mode == FY_PATH_DIR ? "Type the folder's path. Tab completes a name."
                                 : "Type a file or folder's path, Enter adds it. Tab completes a name.");
    if (mode == FY_PATH_DIR)
        snprintf(m->path_buf, sizeof m->path_buf, "%.*s/", (int)sizeof m->path_buf - 2, m->receive_dir);
    else if (!m->path_buf[0] && getenv("HOME"))
        snprintf(m->path_buf, sizeof m->path_buf, "%s/", getenv("HOME"));
}

void fy_ui_model_path_close(fy_ui_model *m) { m->path_entry = 0; }

/* "~/x" is the home folder's x, as in a terminal. */
static void expand_home(const char *in, char *out, size_t cap)
{
    const char *home = getenv("HOME");
    if (in[0] == '~' && (in[1] == '/' || !in[1]) && home)
        snprintf(out, cap, "%s%s", home, in + 1);
    else
        snprintf(out, cap, "%s", in);
}

void fy_ui_model_path_complete(fy_ui_model *m)
{
    char path[FY_UI_PATH_MAX], dir[FY_UI_PATH_MAX], common[256] = "", shown[160] = "";
    const char *slash, *part, *name;
    fy_dir *d;
    fy_err err = {0};
    int matches = 0, one_dir = 0;
    size_t plen;

    expand_home(m->path_buf, path, sizeof path);
    slash = strrchr(path, '/');
    part = slash ? slash + 1 : path;
    plen = strlen(part);
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        snprintf(dir, sizeof dir, ".");
    if (fy_plat_opendir(dir, &d, &err) != FY_OK) {
        snprintf(m->path_note, sizeof m->path_note, "%.300s", err.msg);
        m->path_note_error = 1;
        return;
    }
    while (fy_plat_readdir(d, &name, &err) == FY_OK && name) {
        size_t k = 0;
        if (strncmp(name, part, plen) != 0 || (name[0] == '.' && part[0] != '.'))
            continue;
        if (matches++ == 0) {
            snprintf(common, sizeof common, "%s", name);
        } else {
            while (common[k] && common[k] == name[k])
                k++;
            common[k] = '\0';
        }
        if (strlen(shown) + strlen(name) + 3 < sizeof shown)
            snprintf(shown + strlen(shown), sizeof shown - strlen(shown), "%s%s", shown[0] ? ", " : "", name);
    }
    fy_plat_closedir(d);
    m->path_note_error = matches == 0;
    if (matches == 0) {
        snprintf(m->path_note, sizeof m->path_note, "Nothing here starts with \"%.200s\".", part);
        return;
    }
    /* Keep the name whole: never cut a UTF-8 character in the middle. */
    {
        size_t n = strlen(common);
        while (n > plen && ((unsigned char)common[n] & 0xC0) == 0x80)
            n--;
        common[n] = '\0';
    }
    if (matches == 1) {
        char full[FY_UI_PATH_MAX + 256];
        fy_stat st;
        snprintf(full, sizeof full, "%s/%s", strcmp(dir, "/") ? dir : "", common);
        one_dir = fy_plat_stat(full, &st, &err) == FY_OK && st.kind == FY_KIND_DIR;
    }
    if (snprintf(path + (part - path), sizeof path - (size_t)(part - path), "%s%s", common, one_dir ? "/" : "") <
        (int)(sizeof path - (size_t)(part - path)))
        snprintf(m->path_buf, sizeof m->path_buf, "%s", path);
    if (matches == 1)
        snprintf(m->path_note, sizeof m->path_note, "%s", one_dir ? "A folder: Tab again lists it." : "Enter takes it.");
    else
        snprintf(m->path_note, sizeof m->path_note, "%d names: %s", matches, shown);
}

void fy_ui_model_path_take(fy_ui_model *m)
{
    char path[FY_UI_PATH_MAX];
    fy_stat st;
    fy_err err = {0};
    size_t n;
    expand_home(m->path_buf, path, sizeof path);
    n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
    m->path_note_error = 1;
    if (!path[0] || fy_plat_stat(path, &st, &err) != FY_OK || st.kind == FY_KIND_NONE) {
        snprintf(m->path_note, sizeof m->path_note, "There is nothing at %.280s.", path[0] ? path : "an empty path");
        return;
    }
    if (m->path_entry == FY_PATH_DIR) {
        if (st.kind != FY_KIND_DIR) {
            snprintf(m->path_note, sizeof m->path_note, "%.280s is not a folder.", path);
            return;
        }
        fy_ui_model_set_receive_dir(m, path);
        m->path_entry = 0;
        return;
    }
    fy_ui_model_drop_path(m, path);
    m->path_note_error = m->notice_is_error;
    snprintf(m->path_note, sizeof m->path_note, "%s", m->notice_is_error ? m->notice : "Added. Type another, or Done.");
    if (!m->notice_is_error) {
        /* Ready for the next one, in the same folder. */
        char *slash = strrchr(m->path_buf, '/');
        if (slash)
            slash[1] = '\0';
    }
}

void fy_ui_model_folder_failed(fy_ui_model *m, const char *path, const char *error)
{
    snprintf(m->folder_shown, sizeof m->folder_shown, "%s", path);
    snprintf(m->folder_error, sizeof m->folder_error, "%s", error);
    /* The seam's messages are clauses ("there is no file manager..."):
     * shown alone, they start with a capital. */
    if (m->folder_error[0] >= 'a' && m->folder_error[0] <= 'z')
        m->folder_error[0] = (char)(m->folder_error[0] - 'a' + 'A');
}
