/* fy_xdnd_source.c: a minimal Xdnd drag source, for t_window_drag.sh.
 *
 *   fy_xdnd_source WINDOW X Y HOLD_MS [PATH...]
 *
 * Drags over WINDOW (an X window id, as xdotool prints it) at X, Y (its
 * own coordinates) as a file manager would: XdndEnter offering
 * text/uri-list, XdndPosition (on the root window), waits for the
 * target's XdndStatus, holds HOLD_MS, then without PATHs sends XdndLeave;
 * with PATHs sends XdndDrop, answers the target's request for the
 * XdndSelection with file:// URIs and waits for XdndFinished. Prints each
 * step ("xdnd: ...") and exits 0 when the target answered as the protocol
 * says, 1 otherwise (nothing within 20 s). */
#define _DEFAULT_SOURCE /* usleep, clock_gettime */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static Display *dpy;
static Window src, target;
static Atom a_aware, a_enter, a_position, a_status, a_leave, a_drop, a_finished, a_selection, a_copy, a_uris;
static char uris[16384];

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void send_msg(Atom type, long l1, long l2, long l3, long l4)
{
    XEvent e;
    memset(&e, 0, sizeof e);
    e.xclient.type = ClientMessage;
    e.xclient.display = dpy;
    e.xclient.window = target;
    e.xclient.message_type = type;
    e.xclient.format = 32;
    e.xclient.data.l[0] = (long)src;
    e.xclient.data.l[1] = l1;
    e.xclient.data.l[2] = l2;
    e.xclient.data.l[3] = l3;
    e.xclient.data.l[4] = l4;
    XSendEvent(dpy, target, False, NoEventMask, &e);
    XFlush(dpy);
}

/* The target reads the URIs from our selection: they go into its
 * property, then it is told. */
static void answer(const XSelectionRequestEvent *r)
{
    XEvent n;
    memset(&n, 0, sizeof n);
    n.xselection.type = SelectionNotify;
    n.xselection.display = dpy;
    n.xselection.requestor = r->requestor;
    n.xselection.selection = r->selection;
    n.xselection.target = r->target;
    n.xselection.time = r->time;
    n.xselection.property = None;
    if (r->selection == a_selection && r->target == a_uris) {
        XChangeProperty(dpy, r->requestor, r->property, a_uris, 8, PropModeReplace, (unsigned char *)uris,
                        (int)strlen(uris));
        n.xselection.property = r->property;
    }
    {
        char *name = XGetAtomName(dpy, r->target);
        printf("xdnd: selection request for %s: %s\n", name ? name : "?",
               n.xselection.property != None ? "sent the URIs" : "refused");
        XFree(name);
    }
    XSendEvent(dpy, r->requestor, False, NoEventMask, &n);
    XFlush(dpy);
}

/* Waits for a client message of that type (answering selection requests
 * meanwhile); returns it in *out, or 0 after the deadline. */
static int wait_for(Atom type, long deadline, XEvent *out)
{
    while (now_ms() < deadline) {
        while (XPending(dpy)) {
            XNextEvent(dpy, out);
            if (out->type == SelectionRequest)
                answer(&out->xselectionrequest);
            else if (out->type == ClientMessage && out->xclient.message_type == type)
                return 1;
        }
        usleep(10000);
    }
    return 0;
}

/* file:// URIs, one a line (RFC 2483), bytes outside the unreserved set
 * percent-encoded. */
static int add_uri(const char *path)
{
    size_t n = strlen(uris);
    if (n + 7 + 3 * strlen(path) + 3 >= sizeof uris)
        return -1;
    n += (size_t)sprintf(uris + n, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
            uris[n++] = (char)*p;
        else
            n += (size_t)sprintf(uris + n, "%%%02X", *p);
    }
    memcpy(uris + n, "\r\n", 3);
    return 0;
}

int main(int argc, char **argv)
{
    int x, y, rx, ry, hold;
    Window child;
    XEvent e;
    long deadline;
    Atom actual;
    int fmt;
    unsigned long nitems, after;
    unsigned char *prop = NULL;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 5) {
        fprintf(stderr, "usage: fy_xdnd_source WINDOW X Y HOLD_MS [PATH...]\n");
        return 2;
    }
    for (int i = 5; i < argc; i++)
        if (add_uri(argv[i]) != 0)
            return 2;
    if (!(dpy = XOpenDisplay(NULL))) {
        fprintf(stderr, "xdnd: no display\n");
        return 1;
    }
    target = (Window)strtoul(argv[1], NULL, 0);
    x = atoi(argv[2]), y = atoi(argv[3]), hold = atoi(argv[4]);
    a_aware = XInternAtom(dpy, "XdndAware", False);
    a_enter = XInternAtom(dpy, "XdndEnter", False);
    a_position = XInternAtom(dpy, "XdndPosition", False);
    a_status = XInternAtom(dpy, "XdndStatus", False);
    a_leave = XInternAtom(dpy, "XdndLeave", False);
    a_drop = XInternAtom(dpy, "XdndDrop", False);
    a_finished = XInternAtom(dpy, "XdndFinished", False);
    a_selection = XInternAtom(dpy, "XdndSelection", False);
    a_copy = XInternAtom(dpy, "XdndActionCopy", False);
    a_uris = XInternAtom(dpy, "text/uri-list", False);
    src = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1, 1, 0, 0, 0);

    /* The target says it takes drops, and which protocol version. */
    if (XGetWindowProperty(dpy, target, a_aware, 0, 1, False, AnyPropertyType, &actual, &fmt, &nitems, &after,
                           &prop) != Success ||
        nitems < 1) {
        fprintf(stderr, "xdnd: window 0x%lx has no XdndAware\n", (unsigned long)target);
        return 1;
    }
    printf("xdnd: target 0x%lx speaks version %ld\n", (unsigned long)target, (long)*(unsigned long *)prop);
    XFree(prop);
    XTranslateCoordinates(dpy, target, DefaultRootWindow(dpy), x, y, &rx, &ry, &child);
    XSetSelectionOwner(dpy, a_selection, src, CurrentTime);

    deadline = now_ms() + 20000;
    send_msg(a_enter, 5L << 24, (long)a_uris, 0, 0); /* version 5, up to 3 types here */
    printf("xdnd: enter\n");
    send_msg(a_position, 0, (long)rx << 16 | ry, CurrentTime, (long)a_copy);
    printf("xdnd: position %d %d (root %d %d)\n", x, y, rx, ry);
    if (!wait_for(a_status, deadline, &e)) {
        fprintf(stderr, "xdnd: no XdndStatus\n");
        return 1;
    }
    printf("xdnd: status accept=%ld\n", e.xclient.data.l[1] & 1);
    usleep((useconds_t)hold * 1000u);
    if (argc == 5) {
        send_msg(a_leave, 0, 0, 0, 0);
        printf("xdnd: leave\n");
        XSync(dpy, False);
        return 0;
    }
    send_msg(a_drop, 0, CurrentTime, 0, 0);
    printf("xdnd: drop\n");
    if (!wait_for(a_finished, deadline, &e)) {
        fprintf(stderr, "xdnd: no XdndFinished\n");
        return 1;
    }
    printf("xdnd: finished accept=%ld\n", e.xclient.data.l[1] & 1);
    XCloseDisplay(dpy);
    return (e.xclient.data.l[1] & 1) ? 0 : 1;
}
