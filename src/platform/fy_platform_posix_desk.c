/* fy_platform_posix_desk.c: desktop notifications and keeping the machine
 * awake, both over D-Bus: org.freedesktop.Notifications on the session bus
 * (every Linux desktop's notification service) and logind's Inhibit on the
 * system bus (the way a program asks systemd not to suspend). Also the
 * desktop's scale, from X11.
 *
 * libdbus is loaded at run time (dlopen "libdbus-1.so.3"), not linked:
 * Ferry is also a command-line tool for servers and containers where it
 * may be missing, and there the CLI must start and transfer as before
 * (without a notification or an inhibitor). Where the window runs it is
 * there anyway: SDL2 loads the same library for its own desktop hooks.
 * libdbus rather than sd-bus: sd-bus means libsystemd, absent on the
 * desktops without systemd that still have a notification service. */
#include <dbus/dbus.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fy_platform.h"

/* The few libdbus calls used, looked up once. */
static struct {
    int tried, ok;
    void (*error_init)(DBusError *);
    void (*error_free)(DBusError *);
    dbus_bool_t (*threads_init_default)(void);
    DBusConnection *(*bus_get_private)(DBusBusType, DBusError *);
    void (*set_exit_on_disconnect)(DBusConnection *, dbus_bool_t);
    void (*conn_close)(DBusConnection *);
    void (*conn_unref)(DBusConnection *);
    DBusMessage *(*new_call)(const char *, const char *, const char *, const char *);
    void (*msg_unref)(DBusMessage *);
    void (*iter_init_append)(DBusMessage *, DBusMessageIter *);
    dbus_bool_t (*append_basic)(DBusMessageIter *, int, const void *);
    dbus_bool_t (*open_container)(DBusMessageIter *, int, const char *, DBusMessageIter *);
    dbus_bool_t (*close_container)(DBusMessageIter *, DBusMessageIter *);
    DBusMessage *(*call_block)(DBusConnection *, DBusMessage *, int, DBusError *);
    dbus_bool_t (*get_args)(DBusMessage *, DBusError *, int, ...);
} dl;

static pthread_mutex_t dl_lock = PTHREAD_MUTEX_INITIALIZER;

#define SYM(field, name)                                             \
    do {                                                             \
        *(void **)&dl.field = dlsym(h, name);                        \
        if (!dl.field)                                               \
            return 0;                                                \
    } while (0)

static int load_syms(void *h)
{
    SYM(error_init, "dbus_error_init");
    SYM(error_free, "dbus_error_free");
    SYM(threads_init_default, "dbus_threads_init_default");
    SYM(bus_get_private, "dbus_bus_get_private");
    SYM(set_exit_on_disconnect, "dbus_connection_set_exit_on_disconnect");
    SYM(conn_close, "dbus_connection_close");
    SYM(conn_unref, "dbus_connection_unref");
    SYM(new_call, "dbus_message_new_method_call");
    SYM(msg_unref, "dbus_message_unref");
    SYM(iter_init_append, "dbus_message_iter_init_append");
    SYM(append_basic, "dbus_message_iter_append_basic");
    SYM(open_container, "dbus_message_iter_open_container");
    SYM(close_container, "dbus_message_iter_close_container");
    SYM(call_block, "dbus_connection_send_with_reply_and_block");
    SYM(get_args, "dbus_message_get_args");
    return 1;
}

static int have_dbus(void)
{
    pthread_mutex_lock(&dl_lock);
    if (!dl.tried) {
        void *h = dlopen("libdbus-1.so.3", RTLD_NOW | RTLD_LOCAL);
        dl.tried = 1;
        dl.ok = h && load_syms(h) && dl.threads_init_default();
    }
    pthread_mutex_unlock(&dl_lock);
    return dl.ok;
}

/* A session bus is there: its address is set, or the standard socket in
 * $XDG_RUNTIME_DIR exists. Otherwise libdbus would "autolaunch" one
 * through dbus-launch and X11, which took seconds under Xvfb. */
static int have_session_bus(void)
{
    const char *run = getenv("XDG_RUNTIME_DIR");
    char path[512];
    if (getenv("DBUS_SESSION_BUS_ADDRESS"))
        return 1;
    return run && snprintf(path, sizeof path, "%s/bus", run) < (int)sizeof path && access(path, F_OK) == 0;
}

/* A private connection: SDL holds the shared one, and a private one can
 * be closed without touching anybody else's. */
static DBusConnection *connect_bus(DBusBusType type)
{
    DBusError e;
    DBusConnection *c;
    if ((type == DBUS_BUS_SESSION && !have_session_bus()) || !have_dbus())
        return NULL;
    dl.error_init(&e);
    c = dl.bus_get_private(type, &e);
    dl.error_free(&e);
    if (c)
        dl.set_exit_on_disconnect(c, 0); /* a bus going away must not end Ferry */
    return c;
}

static void disconnect_bus(DBusConnection *c)
{
    if (c) {
        dl.conn_close(c);
        dl.conn_unref(c);
    }
}

static int append_str(DBusMessageIter *it, const char *s) { return dl.append_basic(it, DBUS_TYPE_STRING, &s); }

/* Notify(app_name, replaces_id, icon, summary, body, actions, hints, timeout). */
static DBusMessage *notify_call(const char *title, const char *body)
{
    DBusMessage *m = dl.new_call("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "Notify");
    DBusMessageIter it, sub;
    dbus_uint32_t replaces = 0;
    dbus_int32_t timeout = -1; /* the desktop's default */
    int ok;
    if (!m)
        return NULL;
    dl.iter_init_append(m, &it);
    ok = append_str(&it, "Ferry") && dl.append_basic(&it, DBUS_TYPE_UINT32, &replaces) &&
         append_str(&it, "folder-download") && append_str(&it, title) && append_str(&it, body);
    ok = ok && dl.open_container(&it, DBUS_TYPE_ARRAY, "s", &sub) && dl.close_container(&it, &sub);
    ok = ok && dl.open_container(&it, DBUS_TYPE_ARRAY, "{sv}", &sub) && dl.close_container(&it, &sub);
    ok = ok && dl.append_basic(&it, DBUS_TYPE_INT32, &timeout);
    if (!ok) {
        dl.msg_unref(m);
        return NULL;
    }
    return m;
}

/* One notification, sent on a thread of its own: the call waits for the
 * service's answer, and a slow one must not stall the window. */
typedef struct note {
    char title[128], body[256];
} note;

static pthread_mutex_t note_lock = PTHREAD_MUTEX_INITIALIZER;
static DBusConnection *session; /* kept: one per notification would be slow */

static void *notify_main(void *arg)
{
    note *n = arg;
    DBusMessage *m, *reply = NULL;
    DBusError e;
    pthread_mutex_lock(&note_lock);
    if (!session)
        session = connect_bus(DBUS_BUS_SESSION);
    if (session && (m = notify_call(n->title, n->body)) != NULL) {
        dl.error_init(&e);
        /* Answered in milliseconds by a running service; a D-Bus
         * activated one may take longer: give up after 5 s. */
        reply = dl.call_block(session, m, 5000, &e);
        dl.msg_unref(m);
        dl.error_free(&e);
        if (reply)
            dl.msg_unref(reply);
    }
    pthread_mutex_unlock(&note_lock);
    free(n);
    return NULL;
}

int fy_plat_notify(const char *title, const char *body)
{
    pthread_t t;
    pthread_attr_t attr;
    note *n;
    int rc;
    if (!have_session_bus() || !have_dbus() || !(n = malloc(sizeof *n)))
        return -1;
    snprintf(n->title, sizeof n->title, "%s", title);
    snprintf(n->body, sizeof n->body, "%s", body);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&t, &attr, notify_main, n);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(n);
        return -1;
    }
    return 0;
}

void fy_plat_notify_end(void) {}

/* ---- keeping the machine awake ------------------------------------------ */

static pthread_mutex_t awake_lock = PTHREAD_MUTEX_INITIALIZER;
static int awake_count;
static int awake_fd = -1;

/* logind's Inhibit("sleep:idle", ...) returns a file descriptor; the
 * inhibitor lasts until it is closed (or Ferry exits). */
static int inhibit(void)
{
    DBusConnection *c = connect_bus(DBUS_BUS_SYSTEM);
    DBusMessage *m, *reply = NULL;
    DBusMessageIter it;
    DBusError e;
    int fd = -1;
    if (!c)
        return -1;
    m = dl.new_call("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                    "Inhibit");
    dl.error_init(&e);
    if (m) {
        dl.iter_init_append(m, &it);
        if (append_str(&it, "sleep:idle") && append_str(&it, "Ferry") &&
            append_str(&it, "Transferring files") && append_str(&it, "block"))
            reply = dl.call_block(c, m, 2000, &e);
        dl.msg_unref(m);
    }
    if (reply && !dl.get_args(reply, &e, DBUS_TYPE_UNIX_FD, &fd, DBUS_TYPE_INVALID))
        fd = -1;
    if (reply)
        dl.msg_unref(reply);
    dl.error_free(&e);
    disconnect_bus(c);
    return fd;
}

void fy_plat_keep_awake_begin(void)
{
    pthread_mutex_lock(&awake_lock);
    if (awake_count++ == 0)
        awake_fd = inhibit();
    pthread_mutex_unlock(&awake_lock);
}

void fy_plat_keep_awake_end(void)
{
    pthread_mutex_lock(&awake_lock);
    if (awake_count > 0 && --awake_count == 0 && awake_fd >= 0) {
        close(awake_fd);
        awake_fd = -1;
    }
    pthread_mutex_unlock(&awake_lock);
}

int fy_plat_keep_awake_held(void)
{
    int held;
    pthread_mutex_lock(&awake_lock);
    held = awake_fd >= 0;
    pthread_mutex_unlock(&awake_lock);
    return held;
}

/* ---- the desktop's scale -------------------------------------------------- */

/* Xlib, loaded at run time like libdbus (SDL loads it too): the window
 * asks once, at start. */
typedef struct _XDisplay Display;

static float dpi_to_scale(double dpi) { return dpi >= 24 && dpi <= 960 ? (float)(dpi / 96.0) : 0.0f; }

float fy_plat_desktop_scale(void)
{
    void *h = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
    Display *(*open_display)(const char *);
    int (*close_display)(Display *);
    char *(*resources)(Display *);
    int (*screen)(Display *), (*width)(Display *, int), (*width_mm)(Display *, int);
    const char *gdk = getenv("GDK_SCALE");
    Display *d;
    float scale = 0;
    if (!h)
        return gdk && atoi(gdk) >= 1 ? (float)atoi(gdk) : 0.0f;
    *(void **)&open_display = dlsym(h, "XOpenDisplay");
    *(void **)&close_display = dlsym(h, "XCloseDisplay");
    *(void **)&resources = dlsym(h, "XResourceManagerString");
    *(void **)&screen = dlsym(h, "XDefaultScreen");
    *(void **)&width = dlsym(h, "XDisplayWidth");
    *(void **)&width_mm = dlsym(h, "XDisplayWidthMM");
    if (!open_display || !close_display || !resources || !screen || !width || !width_mm ||
        !(d = open_display(NULL))) {
        dlclose(h);
        return gdk && atoi(gdk) >= 1 ? (float)atoi(gdk) : 0.0f;
    }
    {
        const char *r = resources(d), *x = r ? strstr(r, "Xft.dpi:") : NULL;
        if (x)
            scale = dpi_to_scale(atof(x + 8));
    }
    if (!scale && gdk && atoi(gdk) >= 1)
        scale = (float)atoi(gdk);
    if (!scale) {
        int s = screen(d), mm = width_mm(d, s);
        if (mm > 0)
            scale = dpi_to_scale(width(d, s) * 25.4 / mm);
    }
    close_display(d);
    dlclose(h);
    return scale;
}
